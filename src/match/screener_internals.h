// The Screener's name index and entities, for engines built on top of it inside the library
// (free-text scanning), and its reference search for tests. Not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "embargo/screener.h"
#include "index/name_index.h"

namespace embargo {

struct ScreenerInternals {
  // Both live as long as the Screener. NameRecord::entity indexes Entity().
  static const NameIndex& Index(const Screener& screener);
  static const Entity& EntityAt(const Screener& screener, uint32_t index);
  // Per dictionary word, how many entities name it: what its weight is made of (NameIndex).
  static std::unordered_map<std::string, uint32_t> WordFrequencies(const Screener& screener);
  // The ids of the entities with a name that holds one of `words`.
  static std::vector<std::string> EntitiesNaming(const Screener& screener, const std::unordered_set<std::string>& words);
  // The dictionary words the query's words are weighed by, in every form Screen() reads it in: a
  // word's own, or a misspelt word's closest spelling (match/query_plan.cc). Initials and words
  // met by no dictionary word weigh what no dictionary word says.
  static std::vector<std::string> WeighingWords(const Screener& screener, const Query& query);
  // Screen() with every name record scored (match/reference_search.h): slow, for tests.
  static StatusOr<ScreenResult> ReferenceScreen(const Screener& screener, const Query& query,
                                                const MatchOptions& options = {});
};

}  // namespace embargo
