// The workbench's queue over the alerts table: filters and order as SQL, and the rules of the
// notes on an alert (assign, escalate).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decision_store/db.h"
#include "embargo/decision_store.h"

namespace embargo::decisions {

// " WHERE ..." (or "") for the query's filters, appending their values to `params`. Errors name
// the field at fault.
StatusOr<std::string> QueueFilter(const AlertQuery& query, std::vector<Param>& params);
// " ORDER BY ..." for the query's sort (id breaks ties, so pages never overlap).
std::string QueueOrder(const AlertQuery& query);

// Whether `who` may record `event` (its kind and detail): the assignee to set when the event
// changes it ("" releases the alert), nullopt when it does not. Fills in the assignee's
// registered spelling.
StatusOr<std::optional<std::string>> CheckAlertEvent(Db& db, AlertEvent& event, const Actor& who);

}  // namespace embargo::decisions
