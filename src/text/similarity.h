// Token similarity measures. All take lower-case ASCII.
#pragma once

#include <string_view>

namespace embargo::text {

// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
// Returns max_distance + 1 as soon as the distance is known to exceed `max_distance`.
int DamerauLevenshtein(std::string_view a, std::string_view b, int max_distance = 1 << 20);

// Jaro-Winkler similarity in [0, 1].
double JaroWinkler(std::string_view a, std::string_view b);

}  // namespace embargo::text
