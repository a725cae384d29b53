// A query name prepared against one index: its tokens weighed by rarity and, for the fast
// search, every dictionary token each may meet.
#pragma once

#include <cstdint>
#include <vector>

#include "index/name_index.h"
#include "match/scorer.h"
#include "text/normalize.h"

namespace embargo {

// A dictionary token that a query unit meets, in names of the query's kind of script (`plain`)
// and in names in abjad scripts (`abjad`, where consonant skeletons count too).
struct VariantMeet {
  uint32_t dict = 0;
  TokenMeet plain;
  TokenMeet abjad;
};

struct QueryPlan {
  ScoredName name;
  bool abjad = false;  // the query is in an abjad script
  // Per unit, best first: query token i for i < n, then the tokens (i - n, i - n + 1) written
  // together. Empty for an initial. Filled by PlanQuery only.
  std::vector<std::vector<VariantMeet>> variants;

  size_t token_count() const { return name.tokens.size(); }
};

// A list record as the scorer reads it (views into the index's dictionary), into `out`.
void ListName(const NameIndex& index, const NameRecord& record, ScoredName& out);
ScoredToken DictTokenView(const NameIndex& index, uint32_t id, text::TokenRole role = text::TokenRole::kNormal);

// Tokens, weights and variants through the index's keys. `ids`: scratch.
QueryPlan PlanQuery(const NameIndex& index, const text::NameForm& form, std::vector<uint32_t>& ids);

// The same tokens and weights found by comparing every dictionary token, keys unused: the
// reference the fast plan is tested against. No variants.
QueryPlan PlanQueryByScan(const NameIndex& index, const text::NameForm& form);

}  // namespace embargo
