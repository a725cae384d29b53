// Differences between two versions of the lists: which entities were added, removed or changed.
#pragma once

#include <string>
#include <vector>

#include "embargo/lists.h"

namespace embargo {

// One entity field that differs between the old and new version, as display text.
struct FieldChange {
  std::string field;  // "names", "birth_dates", "addresses", ...
  std::string before;
  std::string after;
};

struct EntityChange {
  std::string id;
  std::string caption;  // the new caption (the old one for removals)
  std::vector<FieldChange> fields;  // empty for additions and removals
};

struct ListDiff {
  std::vector<EntityChange> added;
  std::vector<EntityChange> removed;
  std::vector<EntityChange> changed;

  bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

// Compares entities by id across every ListLoad of `before` and `after`. Every field of Entity
// is compared; the order of multi-valued fields (names, addresses, ...) is ignored. Results are
// sorted by id. Pure function; thread-safe.
ListDiff DiffLists(const std::vector<ListLoad>& before, const std::vector<ListLoad>& after);

}  // namespace embargo
