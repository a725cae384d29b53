// Hashes of a string and of every string made from it by deleting letters (the symmetric
// deletion neighbourhood SymSpell uses): two words k edits apart (optimal string alignment)
// share a key made by deleting at most k letters from each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace embargo::keys {

// A string's hash in steps, so keys of strings sharing a prefix reuse its state: the hash of s
// under `seed` is HashEnd(HashStep over s's letters from seed, s.size()). The steps make a
// polynomial in kHashBase (seed, then letters, as digits), so the state of a string with letters
// deleted is a sum of its parts' states, each found once: no key re-reads the letters.
inline constexpr uint64_t kHashBase = 0x9fb21c651e98df25ULL;  // odd: invertible modulo 2^64
inline constexpr uint64_t kHashBaseInverse = [] {
  uint64_t x = kHashBase;  // Newton's iteration doubles the correct low bits each step
  for (int i = 0; i < 6; ++i) x *= 2 - kHashBase * x;
  return x;
}();
static_assert(kHashBase * kHashBaseInverse == 1);

inline uint64_t HashStep(uint64_t h, char c) { return h * kHashBase + static_cast<unsigned char>(c); }
inline uint64_t HashEnd(uint64_t h, size_t length) {
  // splitmix64's finaliser spreads the bits for tables bucketed on them.
  h ^= length;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

// Calls fn(hash) for `s` and every string made from it by deleting up to `depth` (at most 2)
// letters. The same hash may come more than once.
// No string is built: with prefix[i] the state after s[0, i), suffix[i] the letters s[i, n) as
// digits of s's polynomial, and base^k the powers, deleting s[i] leaves
// prefix[i] base^(n-1-i) + suffix[i+1], and deleting s[i] and s[m] (i < m) shifts the letters
// between them one digit down: prefix[i] base^(n-2-i) + (suffix[i+1] - suffix[m]) / base +
// suffix[m+1].
template <typename Fn>
void ForEachDeletion(std::string_view s, int depth, uint64_t seed, Fn&& fn) {
  const size_t n = s.size();
  uint64_t whole = seed;
  for (char c : s) whole = HashStep(whole, c);
  fn(HashEnd(whole, n));
  if (depth < 1 || n == 0) return;
  constexpr size_t kOnStack = 48;
  uint64_t on_stack[2 * (kOnStack + 1)];
  std::unique_ptr<uint64_t[]> on_heap;
  uint64_t* suffix = on_stack;
  if (n > kOnStack) suffix = (on_heap = std::make_unique<uint64_t[]>(2 * (n + 1))).get();
  uint64_t* power = suffix + n + 1;  // power[k] = base^k
  suffix[n] = 0;
  power[0] = 1;
  for (size_t i = n; i-- > 0;) {
    power[n - i] = power[n - i - 1] * kHashBase;
    suffix[i] = suffix[i + 1] + static_cast<unsigned char>(s[i]) * power[n - 1 - i];
  }
  uint64_t prefix = seed;  // state after s[0, i)
  for (size_t i = 0; i < n; prefix = HashStep(prefix, s[i]), ++i) {
    if (i > 0 && s[i] == s[i - 1]) continue;  // deleting either of two equal letters gives one string
    fn(HashEnd(prefix * power[n - 1 - i] + suffix[i + 1], n - 1));
    if (depth < 2 || i + 1 == n) continue;
    const uint64_t head = prefix * power[n - 2 - i] + suffix[i + 1] * kHashBaseInverse;
    for (size_t m = i + 1; m < n; ++m) {
      if (m > i + 1 && s[m] == s[m - 1]) continue;
      fn(HashEnd(head - suffix[m] * kHashBaseInverse + suffix[m + 1], n - 2));
    }
  }
}

}  // namespace embargo::keys
