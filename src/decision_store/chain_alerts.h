// The alerts table and what the audit chain says it must hold (chain_alerts.cc): each alert as
// the screening or rescreen record that raised it, with the status its decisions and removal
// records leave it in. `audit verify` replays the chain into these and compares.
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
};
using ChainAlerts = std::map<int64_t, ChainAlert>;

// The fingerprint a screening record keeps of an alert's hit, as the alerts table holds it.
std::string HitFingerprint(const std::string& hit_json);

// Replays one record (any kind) into the alerts it raises or moves.
void ApplyAlertRecord(int64_t seq, const std::string& kind, const nlohmann::json& content, ChainAlerts& alerts);
// "" when the alerts table holds exactly the chain's alerts, else the first difference by alert id.
StatusOr<std::string> CheckAlertsTable(Db& db, const ChainAlerts& chain);

}  // namespace embargo::decisions
