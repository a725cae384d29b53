// Hashes of a string and of every string made from it by deleting letters (the symmetric
// deletion neighbourhood SymSpell uses): two words k edits apart (optimal string alignment)
// share a key made by deleting at most k letters from each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace embargo::keys {

// A string's hash in steps, so keys of strings sharing a prefix reuse its state: the hash of s
// under `seed` is HashEnd(HashStep over s's letters from seed, s.size()).
inline uint64_t HashStep(uint64_t h, char c) { return (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL; }
inline uint64_t HashEnd(uint64_t h, size_t length) {
  // splitmix64's finaliser spreads the bits for tables bucketed on them.
  h ^= length;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

// Calls fn(hash) for `s` and every string made from it by deleting up to `depth` (at most 2)
// letters. The same hash may come more than once.
// No string is built: each key continues the hash state of the letters before the deletion.
template <typename Fn>
void ForEachDeletion(std::string_view s, int depth, uint64_t seed, Fn&& fn) {
  const size_t n = s.size();
  uint64_t prefix = seed;  // state after s[0, i)
  if (depth < 1 || n == 0) {
    for (char c : s) prefix = HashStep(prefix, c);
    fn(HashEnd(prefix, n));
    return;
  }
  uint64_t whole = prefix;
  for (char c : s) whole = HashStep(whole, c);
  fn(HashEnd(whole, n));
  for (size_t i = 0; i < n; prefix = HashStep(prefix, s[i]), ++i) {
    if (i > 0 && s[i] == s[i - 1]) continue;  // deleting either of two equal letters gives one string
    uint64_t h = prefix;
    for (size_t k = i + 1; k < n; ++k) h = HashStep(h, s[k]);
    fn(HashEnd(h, n - 1));
    if (depth < 2) continue;
    // Then s[j + 1] for j >= i (the letter at j of the string without s[i]); `mid` is the state
    // after that string's first j letters.
    uint64_t mid = prefix;
    for (size_t j = i; j + 1 < n; mid = HashStep(mid, s[j + 1]), ++j) {
      if (j > i && s[j + 1] == s[j]) continue;
      uint64_t two = mid;
      for (size_t k = j + 2; k < n; ++k) two = HashStep(two, s[k]);
      fn(HashEnd(two, n - 2));
    }
  }
}

}  // namespace embargo::keys
