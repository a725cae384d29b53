// Keys under which spelling variants of a token meet, as 64-bit hashes.
//
// The scorer (match/scorer.cc) lets two tokens meet when they are spelt alike, sound alike
// (equal phonetic keys), share a consonant skeleton (abjad scripts) or are within one or two
// edits of each other on the spelling or on the phonetic key. Every such pair shares a key made
// here: equal strings share their own key, and two words k edits apart (optimal string
// alignment) share a key made by deleting at most k letters from each (symmetric deletion, as
// SymSpell does). How many deletions a word needs follows from the scorer's rules
// (scoring_params.h), so candidate generation finds every token the scorer would accept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace embargo::keys {

// Key families: the same string in two families gives two keys.
enum class Family : uint64_t {
  kSpelling = 0x9e3779b97f4a7c15ULL,
  kPhonetic = 0xc2b2ae3d27d4eb4fULL,
  kSkeleton = 0x165667b19e3779f9ULL,
  kAbjadSkeleton = 0x27d4eb2f165667c5ULL,  // skeletons of tokens of names in abjad scripts
  kJoined = 0x85ebca77c2b2ae63ULL,           // two adjacent list tokens written together
  kJoinedPhonetic = 0xff51afd7ed558ccdULL,
  kJoinedSkeleton = 0xc4ceb9fe1a85ec53ULL,
  kJoinedAbjadSkeleton = 0x94d049bb133111ebULL,
};

uint64_t Hash(std::string_view s, Family family);

// Hash() in two steps, so keys of strings sharing a prefix reuse its state: Hash(s, f) is
// HashEnd(HashStep over s's letters from HashBegin(f), s.size()).
inline uint64_t HashBegin(Family family) { return static_cast<uint64_t>(family); }
inline uint64_t HashStep(uint64_t h, char c) { return (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL; }
uint64_t HashEnd(uint64_t h, size_t length);

int SpellingDepth(size_t length, int max_edits = 2);
int PhoneticDepth(size_t length, int max_edits = 2);

// Calls fn(hash) for `s` and every string made from it by deleting up to `depth` letters.
// The same hash may come more than once.
// No string is built: each key continues the hash state of the letters before the deletion.
template <typename Fn>
void ForEachDeletion(std::string_view s, int depth, Family family, Fn&& fn) {
  const size_t n = s.size();
  uint64_t prefix = HashBegin(family);  // state after s[0, i)
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
