// The workbench's overview of the alerts (DecisionStore::Overview): plain SQL that SQLite and
// PostgreSQL both run, grouped in the database; the medians and the grouping of records into
// lists and programs are finished here.
#pragma once

#include <string>

#include "decision_store/db.h"
#include "embargo/decision_store.h"

namespace embargo::decisions {

StatusOr<AlertOverview> ReadOverview(Db& db, const std::string& since, int64_t top);

// Seconds since the epoch of a stored timestamp ("2026-03-31T12:00:00.123456Z"); -1 when it is none.
double StoredTimeSeconds(const std::string& iso);

}  // namespace embargo::decisions
