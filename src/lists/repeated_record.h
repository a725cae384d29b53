// A record whose id repeats an earlier record's, as the list loaders keep it.
#pragma once
#include <string>
#include <string_view>
#include <utility>

#include "embargo/list_load.h"
#include "entity/merge.h"

namespace embargo {

// An id given twice is an error in the file, and which row is right cannot be told: the second
// record's names join the first's (`kept`) rather than either being dropped. It counts as a
// rejected repeat, which loses no party, and is warned of naming both lines.
inline void MergeRepeatedRecord(ListLoad& load, Entity& kept, Entity other, std::string_view id_name,
                                const std::string& file, size_t first_line, size_t line) {
  std::string why = std::string(id_name) + " " + kept.native_id + " repeats line " + std::to_string(first_line) +
                    "'s ('" + kept.caption() + "'): '" + other.caption() + "' merged into that record";
  load.warnings.push_back(file + ":" + std::to_string(line) + ": " + why);
  load.rejected.push_back({file, line, std::move(why), /*repeat=*/true});
  MergeRecord(kept, std::move(other));
}

}  // namespace embargo
