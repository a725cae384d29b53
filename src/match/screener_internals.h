// The Screener's name index and entities, for engines built on top of it inside the library
// (free-text scanning), and its reference search for tests. Not part of the public API.
#pragma once

#include <cstdint>

#include "embargo/screener.h"
#include "index/name_index.h"

namespace embargo {

struct ScreenerInternals {
  // Both live as long as the Screener. NameRecord::entity indexes Entity().
  static const NameIndex& Index(const Screener& screener);
  static const Entity& EntityAt(const Screener& screener, uint32_t index);
  // Screen() with every name record scored (match/reference_search.h): slow, for tests.
  static StatusOr<ScreenResult> ReferenceScreen(const Screener& screener, const Query& query,
                                                const MatchOptions& options = {});
};

}  // namespace embargo
