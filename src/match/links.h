// Links the records of one subject listed by several authorities (docs/LINKING.md).
//
// Records are linked by strong evidence only: a shared IMO number, LEI, tax or registration
// number, passport or national id, SWIFT/BIC or UN reference number; or, for persons, the same
// name (or one written within the other's) with the same full birth date and nationality. Records
// of one list are never linked to each other, and a conflict (different full birth dates,
// different IMO numbers or LEIs, person against vessel) keeps two records apart even when other
// evidence is shared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "embargo/entity.h"
#include "index/name_index.h"

namespace embargo {

struct EntityLinks {
  static constexpr uint32_t kAlone = UINT32_MAX;
  std::vector<uint32_t> group;       // per entity: its group, or kAlone
  std::vector<std::string> reason;   // per entity: what linked it into its group
  std::vector<std::vector<uint32_t>> members;  // per group: its entities
};

// `index` must have been built from `entities`.
EntityLinks LinkEntities(const std::vector<const Entity*>& entities, const NameIndex& index);

// A name record to be read as a weak alias, and the linked entity that marks it weak.
struct WeakOnLinked {
  uint32_t record = 0;
  uint32_t marked_by = 0;
};

// Aliases a list gives without a quality (Name::quality_unstated) that a linked record of the
// same subject gives, word for word, as a weak alias: UK's GREEN is OFAC's weak 'GREEN'.
std::vector<WeakOnLinked> AliasesWeakOnLinkedRecords(const std::vector<const Entity*>& entities,
                                                     const NameIndex& index, const EntityLinks& links);

}  // namespace embargo
