#include "index/key_table.h"

#include <algorithm>
#include <bit>

namespace embargo {

void KeyTable::Build(std::vector<std::pair<uint64_t, uint32_t>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  size_t distinct = 0;  // counted first: the entries are allocated once, at their size
  for (size_t i = 0; i < pairs.size(); ++i) distinct += i == 0 || pairs[i].first != pairs[i - 1].first;
  entries_.clear();
  entries_.reserve(distinct + 1);
  ids_.clear();
  ids_.reserve(pairs.size());
  for (const auto& [key, id] : pairs) {
    if (entries_.empty() || entries_.back().key != key) entries_.push_back({key, static_cast<uint32_t>(ids_.size())});
    ids_.push_back(id);
  }
  const size_t key_count = entries_.size();
  entries_.push_back({0, static_cast<uint32_t>(ids_.size())});  // the end of the last key's ids
  // About four keys per bucket.
  int bits = std::max(1, static_cast<int>(std::bit_width(key_count / 4 + 1)));
  shift_ = 64 - bits;
  directory_.assign((size_t{1} << bits) + 1, 0);
  size_t k = 0;
  for (size_t b = 0; b < (size_t{1} << bits); ++b) {
    directory_[b] = k;
    for (; k < key_count && (entries_[k].key >> shift_) == b; ++k) directory_[b] |= FilterBit(entries_[k].key);
  }
  directory_.back() = key_count;
}

void KeyTable::FindAll(std::span<const uint64_t> keys, std::vector<uint32_t>& out) const {
  if (entries_.empty()) return;
  constexpr size_t kBatch = 64;
  uint32_t at[kBatch];  // per key: its bucket's first key, then the key's index; UINT32_MAX if none
  for (size_t base = 0; base < keys.size(); base += kBatch) {
    const size_t n = std::min(kBatch, keys.size() - base);
    const uint64_t* key = keys.data() + base;
    for (size_t i = 0; i < n; ++i) __builtin_prefetch(&directory_[key[i] >> shift_]);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t entry = directory_[key[i] >> shift_];
      at[i] = (entry & FilterBit(key[i])) != 0 ? static_cast<uint32_t>(entry) : UINT32_MAX;
      if (at[i] != UINT32_MAX) __builtin_prefetch(entries_.data() + at[i]);
    }
    for (size_t i = 0; i < n; ++i) {
      if (at[i] == UINT32_MAX) continue;
      uint32_t k = at[i], end = static_cast<uint32_t>(directory_[(key[i] >> shift_) + 1]);
      while (k < end && entries_[k].key < key[i]) ++k;
      at[i] = k < end && entries_[k].key == key[i] ? k : UINT32_MAX;
      if (at[i] != UINT32_MAX) __builtin_prefetch(&ids_[entries_[k].start]);
    }
    for (size_t i = 0; i < n; ++i)
      if (at[i] != UINT32_MAX)
        out.insert(out.end(), ids_.data() + entries_[at[i]].start, ids_.data() + entries_[at[i] + 1].start);
  }
}

void KeySet::Build(std::vector<uint64_t> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  has_empty_ = !keys.empty() && keys.front() == kEmpty;
  const size_t size = std::max<size_t>(2, std::bit_ceil(keys.size() * 2));
  shift_ = 64 - std::countr_zero(size);
  mask_ = size - 1;
  slots_.assign(size, kEmpty);
  for (uint64_t key : keys) {
    if (key == kEmpty) continue;
    size_t i = key * kSpread >> shift_;
    while (slots_[i] != kEmpty) i = (i + 1) & mask_;
    slots_[i] = key;
  }
}

}  // namespace embargo
