// Token similarity measures. All take lower-case ASCII.
#pragma once

#include <cstdint>
#include <string_view>

namespace embargo::text {

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
// Returns max_distance + 1 as soon as the distance is known to exceed `max_distance`.
// Bit-parallel (Hyyrö 2003) when the shorter word has at most 64 letters, else by rows.
int DamerauLevenshtein(std::string_view a, std::string_view b, int max_distance = 1 << 20);

// The same by the textbook dynamic programme: the reference the bit-parallel version is tested
// against.
int DamerauLevenshteinByRows(std::string_view a, std::string_view b, int max_distance = 1 << 20);

// The set of letters in `s` as bits (by the low six bits of each byte): two words whose sets
// differ by k letters are at least k edits apart.
inline uint64_t LetterMask(std::string_view s) {
  uint64_t m = 0;
  for (char c : s) m |= uint64_t{1} << (static_cast<unsigned char>(c) & 63);
  return m;
}

// Number of set bits, without relying on the POPCNT instruction (not in the x86-64 baseline).
inline int BitCount(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

// A lower bound on the edit distance of two words from their letter sets: every letter of one
// missing from the other needs an edit.
inline int LetterBound(uint64_t a, uint64_t b) {
  int x = BitCount(a & ~b), y = BitCount(b & ~a);
  return x > y ? x : y;
}

// Jaro-Winkler similarity in [0, 1].
double JaroWinkler(std::string_view a, std::string_view b);

}  // namespace embargo::text
