// The workbench's queue over the alerts table: filters and order as SQL, and the rules of the
// notes on an alert (assign, escalate).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decision_store/db.h"
#include "embargo/decision_store.h"

namespace embargo::decisions {

// The list of an entity id "dataset:id" (alerts.dataset); "" when it has no ':'.
std::string DatasetOf(const std::string& entity_id);

// The number of alerts that pass the query's filters when it filters by status alone, read from
// the counts by status; nullopt when other filters apply (the alerts must be counted).
std::optional<int64_t> StatusOnlyTotal(const AlertQuery& query,
                                       const std::vector<std::pair<std::string, int64_t>>& counts);
// Up to this many matches a page is taken by reading them all and sorting them.
inline constexpr int64_t kSortAllBelow = 10000;
// The ids of a page, in order, and the number of alerts that pass the query's filters.
struct QueueIds {
  int64_t total = 0;
  std::vector<std::string> ids;
};
// Reads the query's page; `known_total` is the number of matches when the counts by status give
// it (StatusOnlyTotal), else it is counted with the page (docs/BENCHMARKS.md, "Workbench queue",
// has the plans).
StatusOr<QueueIds> ReadQueuePage(Db& db, const AlertQuery& query, std::optional<int64_t> known_total);

// Whether `who` may record `event` (its kind and detail): the assignee to set when the event
// changes it ("" releases the alert), nullopt when it does not. Fills in the assignee's
// registered spelling.
StatusOr<std::optional<std::string>> CheckAlertEvent(Db& db, AlertEvent& event, const Actor& who);

}  // namespace embargo::decisions
