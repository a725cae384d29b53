// What a reload changed in the lists in force, per list, for the workbench's Lists page.
#pragma once

#include <nlohmann/json.hpp>

#include <ctime>
#include <vector>

#include "embargo/list_load.h"

namespace embargo::server {

// Records named per list and kind at most (the counts are always whole).
inline constexpr size_t kUpdateRecordsShown = 100;

// DiffLists(before, after) per dataset: {"from_version", "at", "lists": [{"dataset",
// "hash_before", "hash_after", "added", "removed", "changed" (counts), "added_records",
// "removed_records", "changed_records" ([{"id", "caption"(, "fields")}], at most
// kUpdateRecordsShown each), "truncated"}]}, every dataset of either side listed.
nlohmann::json ListUpdateJson(const std::vector<ListLoad>& before, const std::vector<ListLoad>& after,
                              uint64_t from_version, std::time_t at);

}  // namespace embargo::server
