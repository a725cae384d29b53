// Alerts: the alerts table against the audit records that raised and moved them.
#include "decision_store/chain_alerts.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

#include "common/sha256.h"
#include "decision_store/db.h"
#include "decision_store/worklist.h"

namespace embargo::decisions {
namespace {

constexpr int64_t kPage = 5000;

int64_t IdOf(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string TextOf(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The alerts a screening or rescreen record raised, all open.
void Raise(int64_t seq, const nlohmann::json& content, ChainAlerts& alerts) {
  auto list = content.find("alerts");
  if (list == content.end() || !list->is_array()) return;
  for (const nlohmann::json& a : *list) {
    if (!a.is_object()) continue;
    ChainAlert e{seq, IdOf(content, "run_id"), TextOf(content, "customer_id"), TextOf(content, "customer_fp"),
                 TextOf(a, "entity_id")};
    auto score = a.find("score");
    e.score = score != a.end() && score->is_number() ? score->get<double>() : std::nan("");
    if (auto hit = a.find("hit"); hit != a.end()) {
      e.hit_fp = Sha256Hex(hit->dump());
      e.hit_parsed = true;
    } else {
      e.hit_fp = TextOf(a, "hit_fp");
    }
    alerts[IdOf(a, "alert_id")] = std::move(e);
  }
}

void SetStatus(ChainAlerts& alerts, int64_t id, std::string status) {
  if (auto it = alerts.find(id); it != alerts.end()) it->second.status = std::move(status);
}

// The first field of a table row (id, record_seq, run_id, customer_id, customer_fp, entity_id,
// score, status, hit_json, dataset, assignee) that differs from the alert the chain describes, or "".
std::string FirstDifference(const Row& r, const ChainAlert& a) {
  auto field = [&](const char* name, const std::string& table, const std::string& chain) {
    return "alert " + r[0] + " differs from audit record " + std::to_string(a.record_seq) + " that raised it: its " +
           name + " is '" + table + "', the record's '" + chain + "'";
  };
  if (r[1] != std::to_string(a.record_seq)) return field("record_seq", r[1], std::to_string(a.record_seq));
  if (r[2] != std::to_string(a.run_id)) return field("run_id", r[2], std::to_string(a.run_id));
  if (r[3] != a.customer_id) return field("customer_id", r[3], a.customer_id);
  if (r[4] != a.customer_fp) return field("customer_fp", r[4], a.customer_fp);
  if (r[5] != a.entity_id) return field("entity_id", r[5], a.entity_id);
  // The list an alert is queued under is its entity's: edited, it would hide from that list's queue.
  if (r[9] != DatasetOf(a.entity_id)) return field("dataset", r[9], DatasetOf(a.entity_id));
  // Stored with six decimals: a difference below that is the column's rounding, not an edit.
  if (!(std::fabs(std::strtod(r[6].c_str(), nullptr) - a.score) < 5e-7)) return field("score", r[6], std::to_string(a.score));
  if (!a.hit_fp.empty()) {
    std::string fp = a.hit_parsed ? Sha256Hex(nlohmann::json::parse(r[8], nullptr, false).dump()) : HitFingerprint(r[8]);
    if (fp != a.hit_fp) return field("hit_json", "(fingerprint " + fp + ")", "(fingerprint " + a.hit_fp + ")");
  }
  if (r[7] != a.status)
    return "alert " + r[0] + " has status " + r[7] + ", which no decision in the audit trail gave it (the trail makes it " +
           a.status + ")";
  // Who works an alert is set by assign and escalate records: edited, the queue shows another owner.
  if (r[10] != a.assignee)
    return "alert " + r[0] + " is assigned to '" + r[10] + "', which no event in the audit trail did (the trail leaves it '" +
           a.assignee + "')";
  return std::string();
}

// Walks a table (`sql`, its first column the key, paged by it) beside the chain's entries in key
// order: the first entry missing from the table, row without an entry or row differing from its
// entry, described by `deleted(entry)`, `added(row)` or `differs(row, entry)`; "" when they agree.
template <typename Chain, typename Differs, typename Deleted, typename Added>
StatusOr<std::string> WalkBeside(Db& db, const char* sql, const Chain& chain, Differs differs, Deleted deleted,
                                 Added added) {
  auto next = chain.begin();
  for (std::string after = "0";;) {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db.Query(sql, {after, std::to_string(kPage)}));
    for (const Row& r : rows) {
      const int64_t key = std::strtoll(r[0].c_str(), nullptr, 10);
      if (next != chain.end() && next->first < key) return deleted(*next);
      if (next == chain.end() || next->first != key) return added(r);
      if (std::string d = differs(r, next->second); !d.empty()) return d;
      ++next;
      after = r[0];
    }
    if (static_cast<int64_t>(rows.size()) < kPage) break;
  }
  return next == chain.end() ? std::string() : deleted(*next);
}

}  // namespace

std::string HitFingerprint(const std::string& hit_json) { return Sha256Hex(hit_json); }

void ApplyAlertRecord(int64_t seq, const std::string& kind, const nlohmann::json& content, ChainAlerts& alerts) {
  if (!content.is_object()) return;
  if (kind == "screening" || kind == "rescreen") {
    Raise(seq, content, alerts);
  } else if (kind == "decision") {
    SetStatus(alerts, IdOf(content, "alert_id"), TextOf(content, "status_after"));
  } else if (kind == "resolve_removed") {
    auto resolved = content.find("resolved");
    if (resolved == content.end() || !resolved->is_array()) return;
    for (const nlohmann::json& r : *resolved)
      if (r.is_object()) SetStatus(alerts, IdOf(r, "alert_id"), "resolved_removed");
  }
}

void ApplyAlertEventRecord(int64_t seq, const nlohmann::json& content, ChainAlerts& alerts, ChainEvents& events) {
  if (!content.is_object()) return;
  ChainEvent e{IdOf(content, "alert_id"), TextOf(content, "type"), TextOf(content, "principal"), TextOf(content, "detail")};
  if (auto it = alerts.find(e.alert_id); it != alerts.end() && e.kind != "comment")
    it->second.assignee = e.kind == "assign" ? e.detail : std::string();
  events[seq] = std::move(e);
}

StatusOr<std::string> CheckAlertsTable(Db& db, const ChainAlerts& chain) {
  return WalkBeside(
      db,
      "SELECT id, record_seq, run_id, customer_id, customer_fp, entity_id, score, status, hit_json, dataset, "
      "COALESCE(assignee, '') FROM alerts WHERE id > ? ORDER BY id LIMIT ?",
      chain, FirstDifference,
      [](const auto& entry) {
        return "alert " + std::to_string(entry.first) + ", raised by audit record " +
               std::to_string(entry.second.record_seq) + ", was deleted from the alerts table";
      },
      [](const Row& r) { return "alert " + r[0] + " has no audit record that raised it (added beside the trail)"; });
}

// The history the workbench shows is the trail's, not rows edited, deleted or inserted beside it.
StatusOr<std::string> CheckAlertEventsTable(Db& db, const ChainEvents& chain) {
  auto what = [](const Row& r) { return "the alert event of record " + r[0] + " (" + r[2] + " on alert " + r[1] + ")"; };
  return WalkBeside(
      db, "SELECT record_seq, alert_id, kind, principal, detail FROM alert_events WHERE record_seq > ? ORDER BY record_seq LIMIT ?",
      chain,
      [&](const Row& r, const ChainEvent& e) {
        if (r[1] == std::to_string(e.alert_id) && r[2] == e.kind && r[3] == e.principal && r[4] == e.detail) return std::string();
        return what(r) + " differs from its audit record (alert, kind, principal or detail edited): the record has " + e.kind +
               " on alert " + std::to_string(e.alert_id) + " by " + e.principal;
      },
      [](const auto& entry) {
        return "the " + entry.second.kind + " by " + entry.second.principal + " on alert " +
               std::to_string(entry.second.alert_id) + " (audit record " + std::to_string(entry.first) +
               ") was deleted from the alert_events table";
      },
      [&](const Row& r) { return what(r) + " has no alert_event record in the audit trail (added beside the trail)"; });
}

namespace {

// White space collapsed: a definition read back may be laid out otherwise than its migration's.
std::string OneLine(std::string_view sql) {
  std::string out;
  for (char c : sql) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The text of migration 004 (the counts' triggers) after `from` and before `to`, one line.
std::string QueueMigrationText(bool postgres, std::string_view from, std::string_view to) {
  for (const Migration& m : Migrations()) {
    if (m.version != 4) continue;
    const std::string_view sql = postgres ? m.postgres_sql : m.sqlite_sql;
    const size_t at = sql.find(from), end = at == sql.npos ? sql.npos : sql.find(to, at + from.size());
    if (end != sql.npos) return OneLine(sql.substr(at + from.size(), end - at - from.size()));
  }
  return "?";  // never: the migration holds them
}

// What each trigger that keeps alert_counts must be: in SQLite its statement as migration 004 wrote
// it; in PostgreSQL its events and transition tables, and one function whose body is migration
// 004's. A trigger kept by name with another body (one that does nothing) would let the counts
// drift unseen until they did.
StatusOr<std::string> CheckCountTriggers(Db& db) {
  const char* kNames[] = {"alert_counts_insert", "alert_counts_update", "alert_counts_delete"};
  const bool pg = db.postgres();
  EMBARGO_ASSIGN_OR_RETURN(auto triggers, db.Query(pg
      ? "SELECT tgname, tgtype::text || ' ' || COALESCE(tgoldtable, '-') || ' ' || COALESCE(tgnewtable, '-') || ' ' || "
        "(tgqual IS NULL)::text, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE tgrelid = 'alerts'::regclass AND NOT tgisinternal AND tgenabled <> 'D' "
        "AND p.proname = 'alert_counts_move'"
      : "SELECT name, sql, '' FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'alerts'"));
  // PostgreSQL's tgtype: 4 insert, 8 delete, 16 update, statement level and after (no 1 or 2 bit).
  const char* kPostgresShapes[] = {"4 - added true", "16 removed added true", "8 removed - true"};
  const std::string body = pg ? QueueMigrationText(true, "$fn$", "$fn$") : "";
  for (size_t k = 0; k < std::size(kNames); ++k) {
    const Row* found = nullptr;
    for (const Row& r : triggers) found = r[0] == kNames[k] ? &r : found;
    const std::string name = kNames[k];
    if (!found)
      return "the trigger " + name + " that keeps alert_counts is missing or disabled: the workbench queue's counts "
             "would drift from the alerts";
    const std::string create = "CREATE TRIGGER " + name + " ";
    const bool same = pg ? (*found)[1] == kPostgresShapes[k] && OneLine((*found)[2]) == body
                         : OneLine((*found)[1]) == create + QueueMigrationText(false, create, "\nEND;") + " END";
    if (!same)
      return "the trigger " + name + " that keeps alert_counts is not the one the store's migration made (" +
             (pg ? "its events, tables or function body" : "its statement") +
             " changed): the workbench queue's counts could drift from the alerts";
  }
  return std::string();
}

}  // namespace

// The counts are derived, not on the chain: an edited count would empty the queue while the alerts
// stay intact, and a dropped or rewritten trigger would let the counts drift from then on.
StatusOr<std::string> CheckAlertCounts(Db& db) {
  EMBARGO_ASSIGN_OR_RETURN(auto counted, db.Query("SELECT status, COUNT(*) FROM alerts GROUP BY status"));
  EMBARGO_ASSIGN_OR_RETURN(auto kept, db.Query("SELECT status, n FROM alert_counts"));
  std::map<std::string, std::pair<std::string, std::string>> by_status;  // status -> (alerts, alert_counts)
  for (const Row& r : counted) by_status[r[0]].first = r[1];
  for (const Row& r : kept) by_status[r[0]].second = r[1];
  for (auto& [status, n] : by_status) {
    const std::string alerts = n.first.empty() ? "0" : n.first;
    const std::string table = n.second.empty() ? "0" : n.second;  // no row reads as none
    if (alerts != table)
      return "alert_counts says " + table + " alerts have status " + status + ", the alerts table holds " + alerts +
             " (the workbench queue reads the count)";
  }
  return CheckCountTriggers(db);
}

}  // namespace embargo::decisions
