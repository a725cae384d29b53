// One subject stated twice by its publisher (the EU file repeats a logicalId in several
// sanctionEntity elements; the US CSL repeats an _id once per source list): merged, not rejected.
#pragma once

#include "embargo/entity.h"

namespace embargo {

// Adds to `into` what `other` states and `into` lacks: names (other's as aliases), dates,
// places, countries, identifiers, addresses, programmes, links, remarks. `into` keeps its id,
// schema and primary name; the earlier listing date wins.
void MergeRecord(Entity& into, Entity&& other);

}  // namespace embargo
