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

// Letters a word of `length` letters may need deleted to meet every word the scorer accepts:
// for its spelling and for its phonetic key. `max_edits` caps the edits counted (joined words
// are compared with at most one).
int SpellingDepth(size_t length, int max_edits = 2);
int PhoneticDepth(size_t length, int max_edits = 2);

// Calls fn(hash) for `s` and every string made from it by deleting up to `depth` letters.
// The same hash may come more than once.
template <typename Fn>
void ForEachDeletion(std::string_view s, int depth, Family family, Fn&& fn) {
  fn(Hash(s, family));
  if (depth < 1 || s.empty()) return;
  std::string buf;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && s[i] == s[i - 1]) continue;  // deleting either of two equal letters gives one string
    buf.assign(s.substr(0, i)).append(s.substr(i + 1));
    fn(Hash(buf, family));
    if (depth < 2) continue;
    for (size_t j = i; j < buf.size(); ++j) {
      if (j > i && buf[j] == buf[j - 1]) continue;
      std::string two = buf.substr(0, j);
      two.append(buf, j + 1, std::string::npos);
      fn(Hash(two, family));
    }
  }
}

}  // namespace embargo::keys
