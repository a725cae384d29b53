#include "index/variant_keys.h"

#include <algorithm>

#include "text/normalize.h"
#include "text/scoring_params.h"

namespace embargo::keys {
namespace {

// The shortest length at which `edits` edits still leave a similarity the scorer accepts
// (1 - edits / length, times `factor`, at least the minimum similarity).
constexpr size_t ShortestFor(int edits, double factor) {
  size_t n = 1;
  while ((1.0 - static_cast<double>(edits) / static_cast<double>(n)) * factor < scoring::kMinTokenSimilarity) ++n;
  return n;
}

// A word of `length` letters needs at most (edits - length difference) deletions to meet a word
// `edits` apart, and two edits are allowed only when the longer word has kTwoEditLength letters:
// so two deletions from words that long, one from words that can take part in a one-edit pair.
int Depth(size_t length, int max_edits, size_t one_edit_shortest) {
  if (max_edits >= 2 && length >= static_cast<size_t>(scoring::kTwoEditLength)) return 2;
  if (max_edits >= 1 && length >= one_edit_shortest) return 1;
  return 0;
}

}  // namespace

uint64_t Hash(std::string_view s, Family family) {
  uint64_t h = HashBegin(family);
  for (char c : s) h = HashStep(h, c);
  return HashEnd(h, s.size());
}

std::optional<uint64_t> VowelVariantKey(std::string_view text) {
  std::string pattern = text::VowelPattern(text);
  if (pattern.empty()) return std::nullopt;
  return Hash(pattern, Family::kVowelVariant);
}

int SpellingDepth(size_t length, int max_edits) {
  static constexpr size_t kOneEdit = std::max<size_t>(scoring::kMinEditLength, ShortestFor(1, 1.0));
  return Depth(length, max_edits, kOneEdit);
}

int PhoneticDepth(size_t length, int max_edits) {
  static constexpr size_t kOneEdit = std::max<size_t>(scoring::kMinEditLength, ShortestFor(1, scoring::kPhoneticEditFactor));
  return Depth(length, max_edits, kOneEdit);
}

}  // namespace embargo::keys
