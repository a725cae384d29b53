// Token similarity measures. All take lower-case ASCII.
#pragma once

#include <cstdint>
#include <string_view>

namespace embargo::text {

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
// Returns max_distance + 1 as soon as the distance is known to exceed `max_distance`.
int DamerauLevenshtein(std::string_view a, std::string_view b, int max_distance = 1 << 20);

// The set of letters in `s` as bits (by the low six bits of each byte): two words whose sets
// differ by k letters are at least k edits apart.
inline uint64_t LetterMask(std::string_view s) {
  uint64_t m = 0;
  for (char c : s) m |= uint64_t{1} << (static_cast<unsigned char>(c) & 63);
  return m;
}

// Jaro-Winkler similarity in [0, 1].
double JaroWinkler(std::string_view a, std::string_view b);

}  // namespace embargo::text
