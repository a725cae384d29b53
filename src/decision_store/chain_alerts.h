// The alerts table and what the audit chain says it must hold (chain_alerts.cc): each alert as
// the screening or rescreen record that raised it, with the status its decisions and removal
// records leave it in and the assignee its events leave it with; and the alert_events table (the
// history the workbench shows) as its alert_event records. `audit verify` replays the chain into
// these and compares.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <string>

#include "decision_store/db.h"

namespace embargo::decisions {

struct ChainAlert {
  int64_t record_seq = 0;  // the record that raised it
  int64_t run_id = 0;
  std::string customer_id, customer_fp, entity_id;
  double score = 0;
  std::string hit_fp;       // "" when the record keeps no hit (records older than the field)
  bool hit_parsed = false;  // hit_fp is of the parsed hit (rescreen), not of its text (screening)
  std::string status = "open";
  std::string assignee;     // "" when unassigned: set by assign, cleared by escalate
};
using ChainAlerts = std::map<int64_t, ChainAlert>;

// One alert_event record (assign, escalate, comment) as the alert_events row it wrote.
struct ChainEvent {
  int64_t alert_id = 0;
  std::string kind, principal, detail;
};
using ChainEvents = std::map<int64_t, ChainEvent>;  // by the record's seq

// The fingerprint a screening record keeps of an alert's hit, as the alerts table holds it.
std::string HitFingerprint(const std::string& hit_json);

// Replays one record (any kind) into the alerts it raises or moves.
void ApplyAlertRecord(int64_t seq, const std::string& kind, const nlohmann::json& content, ChainAlerts& alerts);
// Replays one alert_event record into the events and the assignee of its alert.
void ApplyAlertEventRecord(int64_t seq, const nlohmann::json& content, ChainAlerts& alerts, ChainEvents& events);
// "" when the alerts table holds exactly the chain's alerts, else the first difference by alert id.
StatusOr<std::string> CheckAlertsTable(Db& db, const ChainAlerts& chain);
// "" when the alert_events table holds exactly the chain's events, else the first difference by record.
StatusOr<std::string> CheckAlertEventsTable(Db& db, const ChainEvents& chain);
// "" when alert_counts (the workbench queue's counts) equals a count of the alerts table by status
// and the triggers that keep it are in place, else the first status or trigger that differs.
StatusOr<std::string> CheckAlertCounts(Db& db);

}  // namespace embargo::decisions
