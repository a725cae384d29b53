// Hashed keys to lists of ids (token or record ids), built once and looked up many times.
//
// The keys are kept sorted with a directory on their top bits, so a look-up reads one directory
// entry and a few neighbouring keys; memory is 12 bytes per distinct key and 4 per id. Most keys
// looked up are in no table (a query word's deletions): each directory entry also holds a
// 32-bit filter of its keys' next five bits, which turns away about nine in ten of those
// without reading a key.
// Thread-safety: immutable after Build(); Find() may run concurrently.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace embargo {

class KeyTable {
 public:
  // `pairs`: (key, id) in any order; repeated pairs count once. Ids of a key come out ascending.
  void Build(std::vector<std::pair<uint64_t, uint32_t>> pairs);

  std::span<const uint32_t> Find(uint64_t key) const {
    if (entries_.empty()) return {};
    const uint64_t bucket = key >> shift_, entry = directory_[bucket];
    if ((entry & FilterBit(key)) == 0) return {};
    for (uint32_t k = static_cast<uint32_t>(entry), end = static_cast<uint32_t>(directory_[bucket + 1]); k < end; ++k) {
      if (entries_[k].key < key) continue;
      if (entries_[k].key != key) break;
      return {ids_.data() + entries_[k].start, ids_.data() + entries_[k + 1].start};
    }
    return {};
  }

  // Appends the ids of every key of `keys` to `out`, key by key. Many keys at once: each step
  // asks memory for all of them before reading any, so their cache misses overlap.
  void FindAll(std::span<const uint64_t> keys, std::vector<uint32_t>& out) const;

  size_t key_count() const { return entries_.empty() ? 0 : entries_.size() - 1; }
  size_t memory_bytes() const {
    return entries_.capacity() * sizeof(Entry) + ids_.capacity() * 4 + directory_.capacity() * 8;
  }

 private:
  // A key and where its ids start, together: a look-up that finds the key has its ids' place
  // in the same cache line. Packed: 12 bytes.
  struct __attribute__((packed)) Entry {
    uint64_t key;
    uint32_t start;  // key k's ids are ids_[entries_[k].start, entries_[k + 1].start)
  };
  std::vector<Entry> entries_;       // distinct keys, ascending, and an end marker
  std::vector<uint32_t> ids_;
  // The filter bit of a key: one of 32 (the high half of a directory entry), by the five bits
  // below the bucket's.
  uint64_t FilterBit(uint64_t key) const { return uint64_t{1} << (32 + ((key >> (shift_ - 5)) & 31)); }

  // Per top-bits bucket, and an end: the first key's index (low half) and the bucket's filter.
  std::vector<uint64_t> directory_;
  int shift_ = 63;
};

// A set of 64-bit keys, for membership only: open addressing in a power-of-two table at most half
// full, so a look-up mostly reads one cache line. Immutable after Build(); Contains() may run
// concurrently.
class KeySet {
 public:
  void Build(std::vector<uint64_t> keys);

  bool Contains(uint64_t key) const {
    if (key == kEmpty) return has_empty_;
    for (size_t i = key * kSpread >> shift_;; i = (i + 1) & mask_) {
      if (slots_[i] == key) return true;
      if (slots_[i] == kEmpty) return false;
    }
  }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  static constexpr uint64_t kEmpty = 0;
  static constexpr uint64_t kSpread = 0x9E3779B97F4A7C15ULL;  // Fibonacci hashing: top bits mixed
  std::vector<uint64_t> slots_ = {kEmpty, kEmpty};
  size_t mask_ = 1;
  int shift_ = 63;
  bool has_empty_ = false;
};

}  // namespace embargo
