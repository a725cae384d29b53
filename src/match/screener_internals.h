// The Screener's name index and entities, for engines built on top of it inside the library
// (free-text scanning), and its reference search for tests. Not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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
  // A query's word and the dictionary word it is weighed by: its own, or a misspelt word's closest
  // spelling (match/query_plan.cc); empty where no dictionary word meets it. Initials weigh alike
  // in any lists and are left out.
  using WeighedWord = std::pair<std::string, std::string>;
  // The words of every form Screen() reads the query in, weighed.
  static std::vector<WeighedWord> WeighingWords(const Screener& screener, const Query& query);
  // Screen(), adding to `weighed` the words of the forms it read the query in (where it stops at a
  // form that alerts, it reads no other).
  static StatusOr<ScreenResult> ScreenWeighing(const Screener& screener, const Query& query, const MatchOptions& options,
                                               std::vector<WeighedWord>& weighed);
  // Whether `word` (normalised, as WeighedWord gives it) is a dictionary word, and the dictionary
  // word it is weighed by (empty where none meets it).
  static bool NamesWord(const Screener& screener, std::string_view word);
  static std::string WeighingWordOf(const Screener& screener, std::string_view word);
  // Screen() with every name record scored (match/reference_search.h): slow, for tests.
  static StatusOr<ScreenResult> ReferenceScreen(const Screener& screener, const Query& query,
                                                const MatchOptions& options = {});
};

}  // namespace embargo
