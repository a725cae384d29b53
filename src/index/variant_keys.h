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
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/deletion_keys.h"

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
  kVowelVariant = 0xd6e8feb86659fd93ULL,  // consonants and where vowels stand: Mohammed, Muhammad
};

uint64_t Hash(std::string_view s, Family family);

// The key under which two Latin spellings whose vowels alone differ meet (the scorer's
// VowelsAloneDiffer): text::VowelPattern, when it has one.
std::optional<uint64_t> VowelVariantKey(std::string_view text);

inline uint64_t HashBegin(Family family) { return static_cast<uint64_t>(family); }

int SpellingDepth(size_t length, int max_edits = 2);
int PhoneticDepth(size_t length, int max_edits = 2);

// ForEachDeletion (common/deletion_keys.h) under a key family.
template <typename Fn>
void ForEachDeletion(std::string_view s, int depth, Family family, Fn&& fn) {
  ForEachDeletion(s, depth, HashBegin(family), std::forward<Fn>(fn));
}

}  // namespace embargo::keys
