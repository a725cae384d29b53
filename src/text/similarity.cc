#include "text/similarity.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace embargo::text {

namespace {

// Hyyrö's bit-vector algorithm for the optimal string alignment distance: one machine word holds
// a column of the distance matrix for a pattern of up to 64 letters.
int BitParallelOsa(std::string_view pattern, std::string_view text, int max_distance) {
  uint64_t peq[256];
  for (char c : text) peq[static_cast<unsigned char>(c)] = 0;
  for (char c : pattern) peq[static_cast<unsigned char>(c)] = 0;
  for (size_t i = 0; i < pattern.size(); ++i) peq[static_cast<unsigned char>(pattern[i])] |= uint64_t{1} << i;
  uint64_t vp = ~uint64_t{0}, vn = 0, d0 = 0, pm_old = 0;
  const uint64_t last = uint64_t{1} << (pattern.size() - 1);
  int distance = static_cast<int>(pattern.size());
  // The distance can fall by at most one per remaining letter of the text.
  int remaining = static_cast<int>(text.size());
  for (char ch : text) {
    uint64_t pm = peq[static_cast<unsigned char>(ch)];
    uint64_t tr = (((~d0) & pm) << 1) & pm_old;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    distance += (hp & last) != 0;
    distance -= (hn & last) != 0;
    if (distance - --remaining > max_distance) return max_distance + 1;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pm_old = pm;
  }
  return distance <= max_distance ? distance : max_distance + 1;
}

}  // namespace

int DamerauLevenshtein(std::string_view a, std::string_view b, int max_distance) {
  if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > max_distance) return max_distance + 1;
  // A shared beginning and end cost no edit: only the middle is aligned (spellings of one name
  // mostly differ in a letter or two).
  while (!a.empty() && !b.empty() && a.front() == b.front()) a.remove_prefix(1), b.remove_prefix(1);
  while (!a.empty() && !b.empty() && a.back() == b.back()) a.remove_suffix(1), b.remove_suffix(1);
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (n == 0 || m == 0) return std::max(n, m);  // the lengths differ by at most max_distance
  // One edit, the bound most words are held to: middles that differ at both ends are one letter
  // for another, or two letters swapped; anything else is two edits at least.
  if (max_distance == 1)
    return (n == 1 && m == 1) || (n == 2 && m == 2 && a[0] == b[1] && a[1] == b[0]) ? 1 : 2;
  if (n <= m && n <= 64) return BitParallelOsa(a, b, max_distance);
  if (m <= 64) return BitParallelOsa(b, a, max_distance);
  return DamerauLevenshteinByRows(a, b, max_distance);
}

int DamerauLevenshteinByRows(std::string_view a, std::string_view b, int max_distance) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max_distance) return max_distance + 1;
  if (n == 0 || m == 0) return std::max(n, m);
  std::vector<int> rows(3 * static_cast<size_t>(m + 1));
  int* prev2 = rows.data();
  int* prev = prev2 + (m + 1);
  int* cur = prev + (m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max_distance) return max_distance + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m] <= max_distance ? prev[m] : max_distance + 1;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (n == 0 && m == 0) return 1.0;
  if (n == 0 || m == 0) return 0.0;
  int window = std::max(0, std::max(n, m) / 2 - 1);
  std::vector<char> a_match(n, 0), b_match(m, 0);
  int matches = 0;
  for (int i = 0; i < n; ++i) {
    int lo = std::max(0, i - window), hi = std::min(m - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (b_match[j] || a[i] != b[j]) continue;
      a_match[i] = b_match[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < n; ++i) {
    if (!a_match[i]) continue;
    while (!b_match[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  double md = matches;
  double jaro = (md / n + md / m + (md - transpositions / 2.0) / md) / 3.0;
  int prefix = 0;
  while (prefix < std::min({4, n, m}) && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

}  // namespace embargo::text
