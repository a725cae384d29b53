#include "index/key_table.h"

#include <algorithm>
#include <bit>

namespace embargo {

void KeyTable::Build(std::vector<std::pair<uint64_t, uint32_t>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  keys_.clear();
  starts_.clear();
  ids_.clear();
  ids_.reserve(pairs.size());
  for (const auto& [key, id] : pairs) {
    if (keys_.empty() || keys_.back() != key) {
      keys_.push_back(key);
      starts_.push_back(static_cast<uint32_t>(ids_.size()));
    }
    ids_.push_back(id);
  }
  starts_.push_back(static_cast<uint32_t>(ids_.size()));
  keys_.shrink_to_fit();
  starts_.shrink_to_fit();
  // About four keys per bucket.
  int bits = std::max(1, static_cast<int>(std::bit_width(keys_.size() / 4 + 1)));
  shift_ = 64 - bits;
  directory_.assign((size_t{1} << bits) + 1, 0);
  size_t k = 0;
  for (size_t b = 0; b < (size_t{1} << bits); ++b) {
    while (k < keys_.size() && (keys_[k] >> shift_) < b) ++k;
    directory_[b] = static_cast<uint32_t>(k);
  }
  directory_.back() = static_cast<uint32_t>(keys_.size());
}

}  // namespace embargo
