// The Store over either database: migrations, the hash chain, alerts, decisions, suppressions
// and rescreening runs. Every write takes the chain head's row lock first, so ids and the chain
// advance in one order even with several writers (SQLite: BEGIN IMMEDIATE; PostgreSQL: FOR UPDATE).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "decision_store/chain_alerts.h"
#include "decision_store/db.h"
#include "decision_store/principals.h"
#include "decision_store/overview.h"
#include "decision_store/worklist.h"
#include "text/normalize.h"

namespace embargo {
namespace {

using decisions::Db;
using decisions::Param;
using decisions::Row;

std::string Now() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(us));
  return buf;
}

// Seconds since the epoch of a time Now() wrote; nullopt for any other text.
std::optional<double> TimeSeconds(const std::string& at) {
  std::tm tm{};
  int us = 0;
  char zone = 0;
  if (at.size() != 27 || std::sscanf(at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                                     &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &us, &zone) != 8 || zone != 'Z')
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm)) + us / 1e6;
}

// A number column's value. One edited into text outside embargo is named, not "stoll".
std::optional<int64_t> ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}
int64_t ToInt(const std::string& s) {
  if (s.empty()) return 0;
  if (auto v = ParseInt(s)) return *v;
  throw std::invalid_argument("the decision store holds '" + s + "' where a number belongs (edited outside embargo?)");
}
double ToDouble(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    throw std::invalid_argument("the decision store holds '" + s + "' where a number belongs (edited outside embargo?)");
  return v;
}
std::string Str(int64_t v) { return std::to_string(v); }
std::string Str(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}
// The id of the last rescreen run that finished, as a subquery.
constexpr std::string_view kLastFinishedRunId =
    "(SELECT id FROM rescreen_runs WHERE status = 'done' ORDER BY finished_at DESC, id DESC LIMIT 1)";
// A double as written back exactly: a bound rounded to six decimals could fall under what it bounds.
std::string ExactStr(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The hashed fields of a record, in a fixed order. Changing this breaks every existing chain.
std::string RecordHash(int64_t seq, const std::string& prev, const std::string& at, const std::string& caller,
                       const std::string& kind, const std::string& content) {
  Sha256 h;
  h.Update(std::to_string(seq));
  for (const std::string* part : {&prev, &at, &caller, &kind, &content}) {
    h.Update("\n");
    h.Update(std::to_string(part->size()));  // length-prefixed: fields cannot bleed into each other
    h.Update(":");
    h.Update(*part);
  }
  return h.HexDigest();
}

bool IsFinal(const std::string& status) {
  return status == "true_match" || status == "false_positive" || status == "resolved_removed";
}

// Rolls back unless committed; keeps every error path from leaving a transaction open.
class Txn {
 public:
  explicit Txn(Db& db) : db_(db) {}
  ~Txn() {
    if (open_) db_.Rollback();
  }
  Status Begin() {
    Status s = db_.Begin();
    open_ = s.ok();
    return s;
  }
  Status Commit() {
    open_ = false;
    return db_.Commit();
  }

 private:
  Db& db_;
  bool open_ = false;
};

// Rows for one table, written by multi-row INSERTs of up to kRowsPerStatement rows each; `then`
// ends each statement (an ON CONFLICT clause).
class PendingRows {
 public:
  PendingRows(std::string table_and_columns, size_t columns, std::string then = "")
      : target_(std::move(table_and_columns)), columns_(columns), then_(std::move(then)) {}
  void Add(std::vector<Param> row) {
    for (Param& p : row) params_.push_back(std::move(p));
  }
  Status Flush(Db& db) {
    const size_t rows = params_.size() / columns_;
    for (size_t first = 0; first < rows; first += kRowsPerStatement) {
      const size_t n = std::min(kRowsPerStatement, rows - first);
      std::string one = "(?";
      for (size_t c = 1; c < columns_; ++c) one += ", ?";
      one += ")";
      std::string sql = "INSERT INTO " + target_ + " VALUES " + one;
      for (size_t r = 1; r < n; ++r) sql += ", " + one;
      sql += then_;
      std::vector<Param> chunk(std::make_move_iterator(params_.begin() + first * columns_),
                               std::make_move_iterator(params_.begin() + (first + n) * columns_));
      EMBARGO_RETURN_IF_ERROR(db.Exec(sql, chunk));
    }
    params_.clear();
    return Status::Ok();
  }

 private:
  static constexpr size_t kRowsPerStatement = 64;
  std::string target_;
  size_t columns_;
  std::string then_;
  std::vector<Param> params_;
};

class DecisionStoreImpl : public DecisionStore {
  static inline const std::string kNoLists = "[]";

 public:
  DecisionStoreImpl(std::unique_ptr<Db> db, std::string target, DecisionStoreOptions options)
      : db_(std::move(db)), target_(std::move(target)), options_(options) {}

  const std::string& target() const override { return target_; }

  Status Migrate() {
    const auto& all = decisions::Migrations();
    const int latest = all.back().version;
    if (options_.read_only) {
      auto v = db_->Query("SELECT MAX(version) FROM schema_migrations");
      if (!v.ok()) return Status::FailedPrecondition("store " + target_ + ": not an embargo store (no schema_migrations table)");
      int have = static_cast<int>(ToInt((*v)[0][0]));
      if (have != latest)
        return Status::InvalidArgument("store " + target_ + ": schema version " + std::to_string(have) +
                                       ", this embargo needs " + std::to_string(latest));
      return Status::Ok();
    }
    EMBARGO_RETURN_IF_ERROR(db_->LockSchema());
    Status s = MigrateLocked(all, latest);
    db_->UnlockSchema();
    return s;
  }

  Status MigrateLocked(const std::vector<decisions::Migration>& all, int latest) {
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    EMBARGO_RETURN_IF_ERROR(db_->Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    auto v = db_->Query("SELECT MAX(version) FROM schema_migrations");
    if (!v.ok()) return v.status();
    int have = static_cast<int>(ToInt((*v)[0][0]));
    if (have > latest)
      return Status::InvalidArgument("store " + target_ + ": schema version " + std::to_string(have) +
                                     " is newer than this embargo knows (" + std::to_string(latest) + ")");
    for (const auto& m : all) {
      if (m.version <= have) continue;
      Status s = db_->ExecScript(m.sql);
      const char* dialect = db_->postgres() ? m.postgres_sql : m.sqlite_sql;
      if (s.ok() && *dialect) s = db_->ExecScript(dialect);
      if (!s.ok()) return Status::Internal("migration " + std::string(m.name) + ": " + s.message());
      EMBARGO_RETURN_IF_ERROR(db_->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                            {Str(static_cast<int64_t>(m.version)), std::string(m.name), Now()}));
    }
    return txn.Commit();
  }

  // Inside a transaction: locks the chain head and returns (seq, hash).
  StatusOr<std::pair<int64_t, std::string>> LockHead() {
    auto r = db_->Query(db_->postgres() ? "SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE"
                                        : "SELECT seq, hash FROM chain_head WHERE id = 1");
    if (!r.ok()) return r.status();
    if (r->empty()) return Status::DataLoss("store " + target_ + ": chain_head row is missing");
    return std::make_pair(ToInt((*r)[0][0]), (*r)[0][1]);
  }

  // Inside a transaction that holds the head: appends one record and moves the head.
  StatusOr<int64_t> Append(std::pair<int64_t, std::string>& head, const std::string& kind, const std::string& caller,
                           const std::string& content, const std::string& request_key) {
    PendingRows row = AuditRows();
    row.Add(AuditRow(head, kind, caller, content, request_key));
    EMBARGO_RETURN_IF_ERROR(row.Flush(*db_));
    EMBARGO_RETURN_IF_ERROR(SaveHead(head));
    return head.first;
  }

  static PendingRows AuditRows() {
    return PendingRows("audit_records (seq, recorded_at, caller, kind, request_key, content, prev_hash, hash)", 8);
  }

  // The next record's row (hashed onto the chain); moves `head` to it.
  static std::vector<Param> AuditRow(std::pair<int64_t, std::string>& head, const std::string& kind,
                                     const std::string& caller, const std::string& content, const std::string& request_key) {
    int64_t seq = head.first + 1;
    std::string at = Now();
    std::string hash = RecordHash(seq, head.second, at, caller, kind, content);
    std::vector<Param> row = {Str(seq), at,         caller,      kind, request_key.empty() ? Param() : Param(request_key),
                              content,  head.second, hash};
    head = {seq, hash};
    return row;
  }

  Status SaveHead(const std::pair<int64_t, std::string>& head) {
    return db_->Exec("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", {Str(head.first), head.second});
  }

  StatusOr<int64_t> NextId(const char* table) {
    auto r = db_->Query(std::string("SELECT COALESCE(MAX(id), 0) + 1 FROM ") + table);
    if (!r.ok()) return r.status();
    return ToInt((*r)[0][0]);
  }

  // A decision record, its number and when it was recorded.
  struct ChainDecision {
    nlohmann::json content;
    std::string recorded_at;
    int64_t seq = 0;
  };

  // What the decision records of the chain say the mutable tables must hold.
  struct ChainState {
    std::string prev;                   // the hash of the last record walked
    std::set<std::string> hashes;       // every record's hash, for --expect-head
    decisions::ChainAlerts alerts;      // alert id -> the alert as raised, with its status now
    decisions::ChainEvents events;      // record seq -> the alert event it wrote
    std::map<std::pair<std::string, std::string>, ChainDecision> suppressions;  // (customer, entity) -> decision
    std::map<int64_t, ChainDecision> decisions;  // record seq -> decision record
    decisions::ChainPrincipals principals;
    decisions::ChainCredentials credentials;  // principal -> its password hash's fingerprint
    std::map<int64_t, nlohmann::json> runs;  // run id -> its rescreen_run record
  };

  // Replays one decision record into the state it implies.
  static void ApplyDecision(const ChainDecision& d, ChainState& state) {
    std::string status = d.content.value("status_after", "");
    std::pair<std::string, std::string> key{d.content.value("customer_id", ""), d.content.value("entity_id", "")};
    if (key.first.empty()) return;
    if (status == "false_positive") state.suppressions[key] = d;
    else if (status == "true_match") state.suppressions.erase(key);
  }

  // Replays one intact record into the tables it implies.
  static void ApplyRecord(int64_t seq, const std::string& kind, const std::string& text, const std::string& at,
                          ChainState& state) {
    auto content = nlohmann::json::parse(text, nullptr, false);
    if (kind == "alert_event") return decisions::ApplyAlertEventRecord(seq, content, state.alerts, state.events);
    decisions::ApplyAlertRecord(seq, kind, content, state.alerts);
    if (kind == "decision") {
      ChainDecision& d = state.decisions[seq] = ChainDecision{std::move(content), at, seq};
      ApplyDecision(d, state);
    } else if (kind == "principal") {
      decisions::ApplyPrincipalRecord(content, state.principals);
    } else if (kind == "credential") {
      decisions::ApplyCredentialRecord(content, state.credentials);
    } else if (kind == "rescreen_run" && content.is_object()) {
      const int64_t run = content.value("run_id", int64_t{0});
      state.runs[run] = std::move(content);
    }
  }

  // A record numbered below 1 (or with no number), which the walk from record 1 would not read:
  // "" when there is none. Records are numbered 1, 2, ... by Append only.
  StatusOr<std::string> OutOfSequenceRecord() {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT COALESCE(CAST(seq AS TEXT), 'NULL') FROM audit_records "
                                                   "WHERE seq IS NULL OR seq < 1 ORDER BY seq LIMIT 1"));
    if (rows.empty()) return std::string();
    return "a record numbered " + rows[0][0] + " is out of the sequence (records are numbered from 1): it was added "
           "beside the chain";
  }

  // Recomputes every record's hash and link; sets rep.ok = false at the first broken record.
  Status WalkChain(VerifyReport& rep, ChainState& state) {
    EMBARGO_ASSIGN_OR_RETURN(std::string outside, OutOfSequenceRecord());
    if (!outside.empty()) {
      rep.ok = false;
      rep.first_broken = 1;
      rep.problem = std::move(outside);
      return Status::Ok();
    }
    for (int64_t expected = 1;;) {
      EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT seq, recorded_at, caller, kind, content, prev_hash, hash "
                                                     "FROM audit_records WHERE seq >= ? ORDER BY seq LIMIT 5000",
                                                     {Str(expected)}));
      for (const Row& r : rows) {
        int64_t seq = ParseInt(r[0]).value_or(-1);
        std::string problem =
            seq == -1           ? "record " + std::to_string(expected) + " is missing; in its place is a record numbered '" + r[0] + "'"
            : seq != expected   ? "record " + std::to_string(expected) + " is missing (deleted); the next is " + r[0]
            : r[5] != state.prev ? "record " + r[0] + " does not link to record " + std::to_string(seq - 1) + " (prev_hash differs)"
            : RecordHash(seq, r[5], r[1], r[2], r[3], r[4]) != r[6]
                ? "record " + r[0] + " was altered: its content does not match its hash"
                : "";
        if (!problem.empty()) {
          rep.ok = false;
          rep.first_broken = expected;
          rep.problem = std::move(problem);
          return Status::Ok();
        }
        ApplyRecord(seq, r[3], r[4], r[1], state);
        state.prev = r[6];
        state.hashes.insert(r[6]);
        ++expected;
        ++rep.records;
      }
      if (rows.size() < 5000) return Status::Ok();
    }
  }

  // The suppressions against the chain: "" when they agree, else the first difference. A suppression
  // inserted with sqlite3 shows here. Its cleared_at is the time of the decision that cleared it
  // (the report shows it as when the hit was cleared): an edited one is named too.
  StatusOr<std::string> CheckSuppressions(const ChainState& state) {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT customer_id, entity_id, customer_fp, entity_fp, alert_id, "
                                                   "reviewer, cleared_at FROM suppressions ORDER BY customer_id, entity_id"));
    size_t matched = 0;
    for (const Row& r : rows) {
      std::string what = "the suppression of " + r[1] + " for customer " + r[0];
      auto it = state.suppressions.find({r[0], r[1]});
      if (it == state.suppressions.end()) return what + " has no false-positive decision in the audit trail";
      const nlohmann::json& d = it->second.content;
      bool same = d.value("alert_id", int64_t{0}) == ToInt(r[4]) && d.value("reviewer", "") == r[5] &&
                  (!d.contains("customer_fp") || (d["customer_fp"] == r[2] && d["entity_fp"] == r[3]));
      std::string decision = "the decision recorded for alert " + Str(d.value("alert_id", int64_t{0})) + " (audit record " +
                             Str(it->second.seq) + ")";
      if (!same) return what + " differs from " + decision;
      if (!DecidedAtAgrees(it->second, r[6]))
        return what + " differs from " + decision + ": its time (cleared_at " + r[6] + ") was edited";
      ++matched;
    }
    if (matched != state.suppressions.size())
      return std::string("a suppression recorded in the audit trail was deleted from the suppressions table");
    return std::string();
  }

  // Whether a decision's decided_at is the time its record gives. Records written before they kept
  // decided_at were appended just before the row: its time must fall in the minute after theirs.
  static bool DecidedAtAgrees(const ChainDecision& d, const std::string& decided_at) {
    if (auto kept = d.content.find("decided_at"); kept != d.content.end())
      return kept->is_string() && kept->get<std::string>() == decided_at;
    std::optional<double> recorded = TimeSeconds(d.recorded_at), decided = TimeSeconds(decided_at);
    if (!recorded) return true;  // no time to compare with
    return decided && *decided >= *recorded - 1 && *decided <= *recorded + 60;
  }

  // The decisions table against the chain. The four-eyes rule reads
  // the first reviewer from the decisions table: an edited reviewer shows here.
  StatusOr<std::string> CheckDecisions(const ChainState& state) {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT alert_id, step, decision, reviewer, comment, record_seq, "
                                                   "decided_at FROM decisions ORDER BY record_seq"));
    std::map<std::string, int64_t> steps;  // per alert, the decisions met so far in the trail's order
    for (const Row& r : rows) {
      std::string what = "decision " + r[1] + " on alert " + r[0];
      // The rules (four eyes) read an alert's decisions by step: steps renumbered would let one
      // reviewer's two decisions pass for another's confirmation.
      if (int64_t step = ++steps[r[0]]; ToInt(r[1]) != step)
        return what + " is out of order: audit record " + r[5] + " is the alert's decision " + std::to_string(step);
      auto it = state.decisions.find(ToInt(r[5]));
      if (it == state.decisions.end()) return what + " has no decision record in the audit trail";
      const nlohmann::json& d = it->second.content;
      if (d.value("alert_id", int64_t{0}) != ToInt(r[0]) || d.value("decision", "") != r[2] ||
          d.value("reviewer", "") != r[3] || d.value("comment", "") != r[4])
        return what + " differs from audit record " + r[5] + " (decision, reviewer or comment edited)";
      if (!DecidedAtAgrees(it->second, r[6]))
        return what + " differs from audit record " + r[5] + ": its time (decided_at " + r[6] + ") was edited";
    }
    if (rows.size() != state.decisions.size())
      return std::string("a decision recorded in the audit trail was deleted from the decisions table");
    return std::string();
  }

  // The rescreening runs against their rescreen_run records: key, total and list versions. Runs
  // started before the record existed (ids below the first recorded run's) have none to compare.
  StatusOr<std::string> CheckRescreenRuns(const ChainState& state) {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT id, run_key, total, lists_json FROM rescreen_runs ORDER BY id"));
    const int64_t first = state.runs.empty() ? std::numeric_limits<int64_t>::max() : state.runs.begin()->first;
    size_t matched = 0;
    for (const Row& r : rows) {
      const int64_t id = ParseInt(r[0]).value_or(-1);
      if (id >= 0 && id < first) continue;
      std::string what = "rescreen run " + r[0];
      auto it = state.runs.find(id);
      if (it == state.runs.end()) return what + " has no rescreen_run record in the audit trail (added beside the trail)";
      const nlohmann::json& run = it->second;
      auto lists = nlohmann::json::parse(r[3], nullptr, false);
      if (run.value("run_key", "") != r[1] || Str(run.value("total", int64_t{-1})) != r[2])
        return what + " differs from its rescreen_run record (key or total edited)";
      if (!run.contains("lists") || lists != run["lists"])
        return what + " differs from its rescreen_run record: its list versions (lists_json) were edited";
      ++matched;
    }
    if (matched != state.runs.size()) return std::string("a rescreen run recorded in the audit trail was deleted from rescreen_runs");
    return std::string();
  }

  // The tables derived from the chain against it: "" when they agree, else the first difference.
  StatusOr<std::string> CheckDerivedState(const ChainState& state) {
    EMBARGO_ASSIGN_OR_RETURN(std::string problem, CheckSuppressions(state));
    if (!problem.empty()) return problem;
    EMBARGO_ASSIGN_OR_RETURN(problem, CheckDecisions(state));
    if (!problem.empty()) return problem;
    EMBARGO_ASSIGN_OR_RETURN(problem, decisions::CheckAlertsTable(*db_, state.alerts));
    if (!problem.empty()) return problem;
    EMBARGO_ASSIGN_OR_RETURN(problem, decisions::CheckAlertCounts(*db_));
    if (!problem.empty()) return problem;
    EMBARGO_ASSIGN_OR_RETURN(problem, decisions::CheckAlertEventsTable(*db_, state.events));
    if (!problem.empty()) return problem;
    EMBARGO_ASSIGN_OR_RETURN(problem, CheckRescreenRuns(state));
    if (!problem.empty()) return problem;
    EMBARGO_ASSIGN_OR_RETURN(problem, decisions::CheckPrincipalsTable(*db_, state.principals));
    if (!problem.empty()) return problem;
    return decisions::CheckPasswordHashes(*db_, state.credentials);
  }

  StatusOr<HitOutcome> Classify(const std::string& customer_id, const std::string& customer_fp,
                                const std::string& entity_id, const std::string& entity_fp) {
    HitOutcome out;
    out.entity_id = entity_id;
    if (customer_id.empty()) return out;
    auto r = db_->Query(
        "SELECT customer_fp, entity_fp, alert_id, reviewer, cleared_at FROM suppressions WHERE customer_id = ? AND entity_id = ?",
        {customer_id, entity_id});
    if (!r.ok()) return r.status();
    if (r->empty()) return out;
    const Row& s = (*r)[0];
    std::string cleared = "false positive cleared in alert " + s[2] + " by " + s[3] + " at " + s[4];
    bool same_customer = s[0] == customer_fp, same_entity = s[1] == entity_fp;
    if (same_customer && same_entity) {
      out.suppressed = true;
      out.reason = "suppressed: " + cleared + "; customer data and list record unchanged";
    } else {
      out.reason = std::string("alerts again: ") +
                   (!same_customer && !same_entity ? "customer data and list record changed"
                    : !same_customer               ? "customer data changed"
                                                   : "list record changed") +
                   " since " + cleared;
    }
    return out;
  }

  StatusOr<HitOutcome> CheckSuppression(const std::string& customer_id, const std::string& customer_fp,
                                        const std::string& entity_id, const std::string& entity_fp) override {
    return Classify(customer_id, customer_fp, entity_id, entity_fp);
  }

  static PendingRows AlertRows() {
    return PendingRows("alerts (id, record_seq, run_id, customer_id, customer_fp, customer_name, dataset, entity_id, "
                       "entity_fp, caption, score, status, reason, created_at, hit_json)", 15);
  }
  // The customer of an alert: its id, fingerprint and the name screened (the queue shows it).
  struct AlertCustomer {
    const std::string& id;
    const std::string& fp;
    std::string name;
  };
  static std::string ScreenedName(const nlohmann::json& input) {
    auto it = input.find("name");
    return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
  static std::vector<Param> AlertRow(int64_t id, int64_t seq, int64_t run_id, const AlertCustomer& c, const AlertHit& h,
                                     const std::string& reason, const std::string& at) {
    return {Str(id),     Str(seq),  Str(run_id),  c.id,   c.fp,   c.name, decisions::DatasetOf(h.entity_id),
            h.entity_id, h.entity_fp, h.caption, Str(h.score), "open", reason, at, h.hit_json};
  }
  Status InsertAlert(int64_t id, int64_t seq, int64_t run_id, const AlertCustomer& c, const AlertHit& h,
                     const std::string& reason, const std::string& at) {
    PendingRows row = AlertRows();
    row.Add(AlertRow(id, seq, run_id, c, h, reason, at));
    return row.Flush(*db_);
  }

  Status UpsertCustomer(const std::string& id, const std::string& fp, const std::string& input, const std::string& at) {
    return db_->Exec(
        "INSERT INTO customers (customer_id, customer_fp, input_json, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (customer_id) DO UPDATE SET customer_fp = excluded.customer_fp, input_json = excluded.input_json, "
        "updated_at = excluded.updated_at",
        {id, fp, input, at});
  }

  StatusOr<RecordOutcome> RecordScreening(const ScreeningRecord& rec) override {
    EMBARGO_ASSIGN_OR_RETURN(auto outcomes, RecordScreenings({rec}));
    return std::move(outcomes[0]);
  }

  // What a batch carries from one record to the next inside its transaction.
  struct Batch {
    std::pair<int64_t, std::string> head;
    int64_t next_alert_id = 0;
    std::unordered_map<std::string, RecordOutcome> prior;       // first outcomes of keys recorded before the batch
    std::unordered_map<std::string, RecordOutcome> keys_taken;  // request keys recorded by the batch
    PendingRows audit_rows = AuditRows();  // written at the end: a few statements for the batch
    PendingRows alert_rows = AlertRows();
  };

  // One transaction, one chain-head lock and a few statements per batch besides each record's own
  // rows: a batch costs one commit, and each screening about one round trip to the database.
  StatusOr<std::vector<RecordOutcome>> RecordScreenings(const std::vector<ScreeningRecord>& records) override {
    // The trail is JSON: text that is not UTF-8 is refused by its name, not by the JSON library.
    for (const ScreeningRecord& r : records)
      for (const auto& [field, text] : {std::pair{"customer_id", &r.customer_id}, std::pair{"caller", &r.caller}})
        if (size_t at = InvalidUtf8Offset(*text); at != std::string::npos)
          return Status::InvalidArgument(std::string(field) + ": not UTF-8 at byte " + std::to_string(at));
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    Batch batch;
    EMBARGO_ASSIGN_OR_RETURN(batch.head, LockHead());
    EMBARGO_ASSIGN_OR_RETURN(batch.next_alert_id, NextId("alerts"));
    EMBARGO_ASSIGN_OR_RETURN(batch.prior, PriorOutcomes(records));
    std::vector<RecordOutcome> outcomes;
    outcomes.reserve(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      auto out = RecordLocked(batch, records[i]);
      if (!out.ok())
        return records.size() == 1 ? out.status()
                                   : out.status().WithContext("record " + std::to_string(i + 1) + " of a batch of " +
                                                              std::to_string(records.size()));
      outcomes.push_back(std::move(*out));
    }
    EMBARGO_RETURN_IF_ERROR(batch.audit_rows.Flush(*db_));
    EMBARGO_RETURN_IF_ERROR(batch.alert_rows.Flush(*db_));
    EMBARGO_RETURN_IF_ERROR(SaveHead(batch.head));
    EMBARGO_RETURN_IF_ERROR(txn.Commit());
    return outcomes;
  }

  // The outcomes of the records' request keys the store holds already (redeliveries): two queries
  // for the batch, however many of its messages were recorded before.
  StatusOr<std::unordered_map<std::string, RecordOutcome>> PriorOutcomes(const std::vector<ScreeningRecord>& records) {
    std::unordered_map<std::string, RecordOutcome> found;
    std::vector<Param> keys;
    std::string sql = "SELECT seq, request_key, content FROM audit_records WHERE request_key IN (";
    for (const ScreeningRecord& r : records) {
      if (r.request_key.empty()) continue;
      sql += keys.empty() ? "?" : ", ?";
      keys.push_back(r.request_key);
    }
    if (keys.empty()) return found;
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query(sql + ")", keys));
    if (rows.empty()) return found;
    std::unordered_map<int64_t, RecordOutcome*> by_seq;
    std::vector<Param> seqs;
    std::string alerts_sql = "SELECT record_seq, id, entity_id FROM alerts WHERE record_seq IN (";
    for (const Row& r : rows) {
      RecordOutcome& out = found[r[1]];
      out.seq = ToInt(r[0]);
      out.already_recorded = true;
      auto first = nlohmann::json::parse(r[2], nullptr, false);
      if (first.is_object() && first.contains("result")) out.first_result_json = first["result"].dump();
      by_seq[out.seq] = &out;
      alerts_sql += seqs.empty() ? "?" : ", ?";
      seqs.push_back(r[0]);
    }
    EMBARGO_ASSIGN_OR_RETURN(auto alerts, db_->Query(alerts_sql + ") ORDER BY id", seqs));
    for (const Row& a : alerts) {
      RecordOutcome& out = *by_seq.at(ToInt(a[0]));
      out.hits.push_back({a[2], false, ToInt(a[1]), ""});
      out.alert = true;
    }
    return found;
  }

  // Inside a batch's transaction: records one screening (or finds it recorded).
  StatusOr<RecordOutcome> RecordLocked(Batch& batch, const ScreeningRecord& rec) {
    // Lists and result are checked and kept as written; parsing them into a tree to write them out
    // again was most of the cost of recording a screening.
    auto input = nlohmann::json::parse(rec.input_json, nullptr, false);
    const std::string& lists = rec.lists_json.empty() ? kNoLists : rec.lists_json;
    if (input.is_discarded() || !nlohmann::json::accept(lists) || !nlohmann::json::accept(rec.result_json))
      return Status::InvalidArgument("record: input, lists and result must be JSON");
    if (rec.caller.empty()) return Status::InvalidArgument("record: caller is required");
    if (!rec.verdict.empty() && rec.verdict != "PASS" && rec.alert_hits.empty())
      return Status::InvalidArgument("record: a screening with the verdict " + rec.verdict +
                                     " raises no alert; it would be filed as clear");
    if (!rec.request_key.empty()) {
      if (auto prior = batch.prior.find(rec.request_key); prior != batch.prior.end()) return prior->second;
      if (auto taken = batch.keys_taken.find(rec.request_key); taken != batch.keys_taken.end()) return taken->second;
    }
    const std::string canonical_input = input.dump();  // dump() sorts keys
    const std::string customer_fp = Sha256Hex(canonical_input);
    RecordOutcome out;
    nlohmann::json alerts = nlohmann::json::array(), suppressed = nlohmann::json::array();
    for (const AlertHit& h : rec.alert_hits) {
      EMBARGO_ASSIGN_OR_RETURN(HitOutcome c, Classify(rec.customer_id, customer_fp, h.entity_id, h.entity_fp));
      if (c.suppressed) {
        suppressed.push_back({{"entity_id", h.entity_id}, {"score", h.score}, {"reason", c.reason}});
      } else {
        c.alert_id = batch.next_alert_id++;
        out.alert = true;
        nlohmann::json a = {{"alert_id", c.alert_id}, {"entity_id", h.entity_id}, {"score", h.score},
                            {"hit_fp", decisions::HitFingerprint(h.hit_json)}};
        if (!c.reason.empty()) a["reason"] = c.reason;
        alerts.push_back(std::move(a));
      }
      out.hits.push_back(std::move(c));
    }
    std::string verdict = out.alert ? "alert" : (suppressed.empty() ? "clear" : "suppressed");
    // Keys in sorted order, as a JSON object dump writes them.
    std::string content = "{\"alerts\":" + alerts.dump() + ",\"customer_fp\":" + nlohmann::json(customer_fp).dump() +
                          ",\"customer_id\":" + nlohmann::json(rec.customer_id).dump() + ",\"input\":" + canonical_input +
                          ",\"lists\":" + lists + ",\"result\":" + rec.result_json +
                          (rec.verdict.empty() ? "" : ",\"screening_verdict\":" + nlohmann::json(rec.verdict).dump()) +
                          ",\"suppressed\":" + suppressed.dump() + ",\"type\":\"screening\",\"verdict\":" +
                          nlohmann::json(verdict).dump() + "}";
    batch.audit_rows.Add(AuditRow(batch.head, "screening", rec.caller, content, rec.request_key));
    out.seq = batch.head.first;
    std::string at = Now();
    const AlertCustomer customer{rec.customer_id, customer_fp, ScreenedName(input)};
    for (size_t i = 0; i < rec.alert_hits.size(); ++i) {
      const HitOutcome& o = out.hits[i];
      if (o.suppressed) continue;
      batch.alert_rows.Add(AlertRow(o.alert_id, out.seq, 0, customer, rec.alert_hits[i],
                                    o.reason.empty() ? "screening hit" : o.reason, at));
    }
    if (!rec.customer_id.empty()) EMBARGO_RETURN_IF_ERROR(UpsertCustomer(rec.customer_id, customer_fp, rec.input_json, at));
    if (!rec.request_key.empty()) {
      RecordOutcome again = out;
      again.already_recorded = true;
      again.first_result_json = rec.result_json;
      for (HitOutcome& h : again.hits) h.reason.clear();
      std::erase_if(again.hits, [](const HitOutcome& h) { return h.suppressed; });
      batch.keys_taken.emplace(rec.request_key, std::move(again));
    }
    return out;
  }

  static constexpr const char* kAlertColumns =
      "id, record_seq, customer_id, customer_fp, entity_id, entity_fp, caption, score, status, reason, created_at, run_id, "
      "hit_json, (SELECT content FROM audit_records WHERE audit_records.seq = alerts.record_seq), assignee, customer_name";
  // A queue row: the alert's own columns without its hit and audit record (AlertPage).
  static constexpr const char* kQueueColumns =
      "id, record_seq, customer_id, customer_fp, entity_id, entity_fp, caption, score, status, reason, created_at, run_id, "
      "'', '', assignee, customer_name";
  static Alert AlertFromRow(const Row& r) {
    Alert a;
    a.id = ToInt(r[0]);
    a.record_seq = ToInt(r[1]);
    a.customer_id = r[2];
    a.customer_fp = r[3];
    a.entity_id = r[4];
    a.entity_fp = r[5];
    a.caption = r[6];
    a.score = r[7].empty() ? 0 : std::stod(r[7]);
    a.status = r[8];
    a.reason = r[9];
    a.created_at = r[10];
    a.run_id = ToInt(r[11]);
    a.hit_json = r[12];
    // The customer record and list versions screened, as the audit record that raised the alert keeps them.
    if (!r[13].empty()) {
      auto content = nlohmann::json::parse(r[13], nullptr, false);
      if (content.is_object() && content.contains("input") && content["input"].is_object())
        a.input_json = content["input"].dump();
      if (content.is_object() && content.contains("lists")) a.lists_json = content["lists"].dump();
    }
    a.assignee = r[14];
    a.customer_name = r[15];
    return a;
  }

  // The WHERE clause of a status filter ("" for all), its parameters appended to `params`.
  static std::string StatusWhere(const std::string& status_filter, std::vector<Param>& params) {
    if (status_filter.empty() || status_filter == "all") return "";
    if (status_filter == "pending") return " WHERE status IN ('open', 'pending_second')";
    params.push_back(status_filter);
    return " WHERE status = ?";
  }

  StatusOr<std::vector<Alert>> ListAlerts(const std::string& status_filter, int64_t limit, int64_t offset) override {
    std::vector<Param> params;
    std::string sql = std::string("SELECT ") + kAlertColumns + " FROM alerts" + StatusWhere(status_filter, params) +
                      " ORDER BY id LIMIT ? OFFSET ?";
    params.push_back(Str(limit > 0 ? limit : int64_t{1} << 62));
    params.push_back(Str(std::max<int64_t>(offset, 0)));
    auto rows = db_->Query(sql, params);
    if (!rows.ok()) return rows.status();
    std::vector<Alert> out;
    for (const Row& r : *rows) out.push_back(AlertFromRow(r));
    return out;
  }

  StatusOr<int64_t> CountAlertsWithStatus(const std::string& status_filter) override {
    std::vector<Param> params;
    auto rows = db_->Query("SELECT COUNT(*) FROM alerts" + StatusWhere(status_filter, params), params);
    if (!rows.ok()) return rows.status();
    return ToInt((*rows)[0][0]);
  }

  StatusOr<Alert> GetAlert(int64_t id) override {
    auto rows = db_->Query(std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id = ?", {Str(id)});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("alert " + std::to_string(id) + " does not exist");
    return AlertFromRow((*rows)[0]);
  }

  StatusOr<std::vector<Decision>> GetDecisions(int64_t alert_id) override {
    auto rows = db_->Query(
        "SELECT alert_id, decision, reviewer, comment, decided_at, record_seq FROM decisions WHERE alert_id = ? ORDER BY step",
        {Str(alert_id)});
    if (!rows.ok()) return rows.status();
    std::vector<Decision> out;
    for (const Row& r : *rows) out.push_back({ToInt(r[0]), r[1], r[2], r[3], r[4], ToInt(r[5])});
    return out;
  }

  // The suppressions after a decision settled an alert on a customer: a false positive is
  // remembered, a true match forgets an earlier clearance.
  Status UpdateSuppression(const Alert& alert, const std::string& status, const std::string& reviewer,
                           const std::string& at) {
    if (alert.customer_id.empty()) return Status::Ok();
    if (status == "false_positive")
      return db_->Exec(
          "INSERT INTO suppressions (customer_id, entity_id, customer_fp, entity_fp, alert_id, reviewer, cleared_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, entity_id) DO UPDATE SET customer_fp = excluded.customer_fp, "
          "entity_fp = excluded.entity_fp, alert_id = excluded.alert_id, reviewer = excluded.reviewer, cleared_at = excluded.cleared_at",
          {alert.customer_id, alert.entity_id, alert.customer_fp, alert.entity_fp, Str(alert.id), reviewer, at});
    if (status == "true_match")
      return db_->Exec("DELETE FROM suppressions WHERE customer_id = ? AND entity_id = ?", {alert.customer_id, alert.entity_id});
    return Status::Ok();
  }

  // The alert's status after `who` decides `decision` on it, or why `who` may not: the second
  // review must be by another principal, and each step needs its role.
  StatusOr<std::string> NextStatus(const Alert& alert, const std::vector<Decision>& prior, const std::string& decision,
                                   const Actor& who) {
    std::string id = std::to_string(alert.id);
    bool second = alert.status == "pending_second" && !prior.empty();
    if (second && PrincipalKey(prior.back().reviewer) == PrincipalKey(who.name))
      return Status::FailedPrecondition("four-eyes rule: alert " + id + " was first reviewed by " + prior.back().reviewer +
                                        "; the second review must be by another principal, not " + who.name);
    Role needed = second ? Role::kApprove : Role::kReview;
    if (!who.roles.Has(needed))
      return Status::PermissionDenied("principal '" + who.name + "' lacks the role " + std::string(RoleName(needed)) +
                                      " needed for the " + (second ? "second (confirming)" : "first") + " review of alert " + id);
    // Agreement settles it; disagreement reopens the alert for a fresh pair of reviews.
    if (second) return prior.back().decision == decision ? decision : std::string("open");
    bool two = options_.four_eyes && (decision == "true_match" || alert.score >= options_.four_eyes_score);
    return two ? std::string("pending_second") : decision;
  }

  // Who acts (checked against the principals table) and the alert, which must not be decided yet.
  // Inside the caller's transaction, after LockHead.
  StatusOr<std::pair<Actor, Alert>> ActorOnUndecidedAlert(int64_t alert_id, const Actor& by, bool decided_too = false) {
    EMBARGO_ASSIGN_OR_RETURN(Actor who, decisions::ResolveActor(*db_, by));
    EMBARGO_ASSIGN_OR_RETURN(Alert alert, GetAlert(alert_id));
    if (IsFinal(alert.status) && !decided_too)
      return Status::AlreadyExists("alert " + std::to_string(alert_id) + " is already decided (" + alert.status + ")");
    return std::make_pair(std::move(who), std::move(alert));
  }

  // Why one reviewer settled what the default rule gives to two, when the configuration let them
  // (four_eyes = false, or four_eyes_score raised above the default); empty otherwise.
  std::string FourEyesWeakened(const Alert& alert, const std::string& decision, const std::string& status_after) const {
    const double default_score = DecisionStoreOptions{}.four_eyes_score;
    bool default_asks_two = decision == "true_match" || alert.score >= std::min(default_score, options_.four_eyes_score);
    bool one_settled = alert.status != "pending_second" && status_after == decision;
    if (!default_asks_two || !one_settled) return "";
    if (!options_.four_eyes) return "off by configuration: one reviewer decided where the rule asks two";
    std::ostringstream note;
    note << "four_eyes_score " << options_.four_eyes_score << " by configuration, above the default " << default_score
         << ": one reviewer cleared a score of " << alert.score << " where the default rule asks two";
    return note.str();
  }

  StatusOr<DecideOutcome> Decide(int64_t alert_id, const std::string& decision, const Actor& by,
                                 const std::string& comment) override {
    if (decision != "true_match" && decision != "false_positive")
      return Status::InvalidArgument("decision: must be true_match or false_positive, not '" + decision + "'");
    if (!text::HasVisibleText(comment)) return Status::InvalidArgument("comment: required");  // blanks give no reason
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    EMBARGO_ASSIGN_OR_RETURN(auto head, LockHead());
    EMBARGO_ASSIGN_OR_RETURN(auto acting, ActorOnUndecidedAlert(alert_id, by));
    auto& [who, alert] = acting;
    EMBARGO_ASSIGN_OR_RETURN(std::vector<Decision> prior, GetDecisions(alert_id));
    DecideOutcome out;
    EMBARGO_ASSIGN_OR_RETURN(out.status, NextStatus(alert, prior, decision, who));
    out.reviewer = who.name;
    out.needs_second_review = out.status == "pending_second";
    nlohmann::json content = {{"type", "decision"},       {"alert_id", alert_id},     {"decision", decision},
                              {"reviewer", who.name},      {"comment", comment},       {"status_before", alert.status},
                              {"status_after", out.status}, {"customer_id", alert.customer_id},
                              {"entity_id", alert.entity_id}, {"customer_fp", alert.customer_fp},
                              {"entity_fp", alert.entity_fp}};
    // The auditor sees the score and the rule this decision was made under.
    content["score"] = alert.score;
    content["four_eyes_rule"] = {{"four_eyes", options_.four_eyes}, {"four_eyes_score", options_.four_eyes_score}};
    if (std::string note = FourEyesWeakened(alert, decision, out.status); !note.empty()) content["four_eyes"] = note;
    // The decisions row's time, covered by the chain: audit verify names it edited.
    std::string at = Now();
    content["decided_at"] = at;
    EMBARGO_ASSIGN_OR_RETURN(out.record_seq, Append(head, "decision", who.name, content.dump(), ""));
    EMBARGO_RETURN_IF_ERROR(db_->Exec(
        "INSERT INTO decisions (alert_id, step, decision, reviewer, comment, decided_at, record_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {Str(alert_id), Str(static_cast<int64_t>(prior.size() + 1)), decision, who.name, comment, at, Str(out.record_seq)}));
    EMBARGO_RETURN_IF_ERROR(db_->Exec("UPDATE alerts SET status = ? WHERE id = ?", {out.status, Str(alert_id)}));
    EMBARGO_RETURN_IF_ERROR(UpdateSuppression(alert, out.status, who.name, at));
    EMBARGO_RETURN_IF_ERROR(txn.Commit());
    return out;
  }

  // Principal changes: the table and the chain move together, under the chain head's lock.
  template <typename Change>
  StatusOr<Principal> ChangePrincipal(Change change) {
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    EMBARGO_ASSIGN_OR_RETURN(auto head, LockHead());
    auto append = [&](const std::string& caller, const std::string& content) {
      return Append(head, "principal", caller, content, "");
    };
    EMBARGO_ASSIGN_OR_RETURN(Principal p, change(decisions::AppendPrincipalRecord(append)));
    EMBARGO_RETURN_IF_ERROR(txn.Commit());
    return p;
  }

  StatusOr<Principal> AddPrincipal(const std::string& name, RoleSet roles, const std::string& by) override {
    return ChangePrincipal([&](const decisions::AppendPrincipalRecord& append) {
      return decisions::InsertPrincipal(*db_, name, roles, by, Now(), append);
    });
  }

  StatusOr<Principal> DisablePrincipal(const std::string& name, const std::string& by) override {
    return ChangePrincipal([&](const decisions::AppendPrincipalRecord& append) {
      return decisions::DisablePrincipalRow(*db_, name, by, Now(), append);
    });
  }

  StatusOr<std::vector<Principal>> ListPrincipals() override { return decisions::SelectPrincipals(*db_); }

  Status SetPasswordHash(const std::string& name, const std::string& hash, const std::string& by) override {
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    EMBARGO_ASSIGN_OR_RETURN(auto head, LockHead());
    auto append = [&](const std::string& caller, const std::string& content) {
      return Append(head, "credential", caller, content, "");
    };
    EMBARGO_RETURN_IF_ERROR(decisions::UpdatePasswordHash(*db_, name, hash, by, Now(), append));
    return txn.Commit();
  }

  StatusOr<std::pair<Principal, std::string>> SignInRecord(const std::string& name) override {
    return decisions::SelectSignInRecord(*db_, name);
  }

  StatusOr<AlertPage> QueryAlerts(const AlertQuery& query) override {
    AlertPage page;
    // alert_counts (migration 004) holds the counts by status: a few rows, not a count of the table.
    EMBARGO_ASSIGN_OR_RETURN(auto counts, db_->Query("SELECT status, n FROM alert_counts WHERE n > 0 ORDER BY status"));
    for (const Row& r : counts) page.counts.emplace_back(r[0], ToInt(r[1]));
    // The page's ids first (a sort of narrow rows, from the indexes), then those rows.
    EMBARGO_ASSIGN_OR_RETURN(decisions::QueueIds ids,
                             decisions::ReadQueuePage(*db_, query, decisions::StatusOnlyTotal(query, page.counts)));
    page.total = ids.total;
    if (!ids.ids.empty()) {
      std::string in;
      std::vector<Param> id_params;
      for (const std::string& id : ids.ids) {
        in += in.empty() ? "?" : ", ?";
        id_params.push_back(id);
      }
      EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query(std::string("SELECT ") + kQueueColumns + " FROM alerts WHERE id IN (" +
                                                         in + ")", id_params));
      std::map<int64_t, Alert> by_id;
      for (const Row& r : rows) by_id.emplace(ToInt(r[0]), AlertFromRow(r));
      for (const std::string& id : ids.ids)
        if (auto it = by_id.find(ToInt(id)); it != by_id.end()) page.alerts.push_back(std::move(it->second));
    }
    return page;
  }

  StatusOr<AlertEvent> AddAlertEvent(int64_t alert_id, const std::string& kind, const std::string& detail,
                                     const Actor& by) override {
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    EMBARGO_ASSIGN_OR_RETURN(auto head, LockHead());
    // A comment may follow the decision (a later call from the customer, say); other notes may not.
    EMBARGO_ASSIGN_OR_RETURN(auto acting, ActorOnUndecidedAlert(alert_id, by, kind == "comment"));
    const Actor& who = acting.first;
    AlertEvent event{0, alert_id, kind, who.name, detail, Now()};
    EMBARGO_ASSIGN_OR_RETURN(std::optional<std::string> assignee, decisions::CheckAlertEvent(*db_, event, who));
    nlohmann::json content = {{"type", kind}, {"alert_id", alert_id}, {"principal", who.name}, {"detail", event.detail}};
    EMBARGO_ASSIGN_OR_RETURN(event.record_seq, Append(head, "alert_event", who.name, content.dump(), ""));
    EMBARGO_RETURN_IF_ERROR(db_->Exec("INSERT INTO alert_events (record_seq, alert_id, kind, principal, detail, at) "
                                      "VALUES (?, ?, ?, ?, ?, ?)",
                                      {Str(event.record_seq), Str(alert_id), kind, who.name, event.detail, event.at}));
    if (assignee)
      EMBARGO_RETURN_IF_ERROR(db_->Exec("UPDATE alerts SET assignee = ? WHERE id = ?",
                                        {assignee->empty() ? Param() : Param(*assignee), Str(alert_id)}));
    EMBARGO_RETURN_IF_ERROR(txn.Commit());
    return event;
  }

  StatusOr<std::vector<AlertEvent>> GetAlertEvents(int64_t alert_id) override {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT record_seq, alert_id, kind, principal, detail, at FROM alert_events "
                                                   "WHERE alert_id = ? ORDER BY record_seq", {Str(alert_id)}));
    std::vector<AlertEvent> out;
    for (Row& r : rows) out.push_back({ToInt(r[0]), ToInt(r[1]), std::move(r[2]), std::move(r[3]), std::move(r[4]), std::move(r[5])});
    return out;
  }

  StatusOr<AlertOverview> Overview(const std::string& since, int64_t top) override {
    return decisions::ReadOverview(*db_, since, top);
  }

  StatusOr<std::vector<Alert>> CustomerAlerts(const std::string& customer_id, int64_t limit) override {
    if (customer_id.empty()) return std::vector<Alert>();
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query(std::string("SELECT ") + kAlertColumns +
                                                       " FROM alerts WHERE customer_id = ? ORDER BY id DESC LIMIT ?",
                                                   {customer_id, Str(limit)}));
    std::vector<Alert> out;
    for (const Row& r : rows) out.push_back(AlertFromRow(r));
    return out;
  }

  Status ExportAudit(const std::string& from, const std::string& to,
                     const std::function<Status(const AuditRecord&)>& visit) override {
    for (int64_t next = 1;;) {
      EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT seq, recorded_at, caller, kind, content, prev_hash, hash "
                                                     "FROM audit_records WHERE seq >= ? ORDER BY seq LIMIT 5000",
                                                     {Str(next)}));
      for (Row& r : rows) {
        if (!ParseInt(r[0]))
          return Status::DataLoss("audit_records: a record numbered '" + r[0] + "', not a number (audit verify names the break)");
        AuditRecord a{ToInt(r[0]), std::move(r[1]), std::move(r[2]), std::move(r[3]), std::move(r[4]), std::move(r[5]),
                      std::move(r[6])};
        next = a.seq + 1;
        if (!from.empty() && a.recorded_at < from) continue;
        if (!to.empty() && a.recorded_at.compare(0, to.size(), to) > 0) continue;
        EMBARGO_RETURN_IF_ERROR(visit(a));
      }
      if (rows.size() < 5000) return Status::Ok();
    }
  }

  StatusOr<VerifyReport> Verify(const std::string& expect_head) override {
    VerifyReport rep;
    ChainState state;
    EMBARGO_RETURN_IF_ERROR(WalkChain(rep, state));
    if (!rep.ok) return rep;
    rep.head_hash = state.prev;
    auto fail = [&](std::string problem) {
      rep.ok = false;
      rep.first_broken = rep.records + 1;
      rep.problem = std::move(problem);
      return rep;
    };
    auto head = db_->Query("SELECT seq, hash FROM chain_head WHERE id = 1");
    if (!head.ok()) return head.status();
    if (head->empty()) return fail("the chain head is missing");
    int64_t head_seq = ToInt((*head)[0][0]);
    if (head_seq != rep.records || (*head)[0][1] != state.prev)
      return fail("the chain head names record " + std::to_string(head_seq) + " but the trail ends at " +
                  std::to_string(rep.records) + " (records deleted at the end)");
    if (!expect_head.empty() && !state.hashes.count(expect_head))
      return fail("no record has the expected head hash " + expect_head +
                  ": records were removed from the end of the trail, or it is another store");
    EMBARGO_ASSIGN_OR_RETURN(std::string derived, CheckDerivedState(state));
    if (!derived.empty()) return fail(derived);
    return rep;
  }

  StatusOr<ChainHead> Head() override {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT seq, hash FROM chain_head WHERE id = 1"));
    if (rows.empty()) return Status::DataLoss("store " + target_ + ": chain_head row is missing");
    return ChainHead{ToInt(rows[0][0]), rows[0][1]};
  }

  StatusOr<RescreenRun> StartRun(const std::string& key, const std::string& lists_json, int64_t total,
                                 const std::string& caller, bool* resumed) override {
    auto lists = nlohmann::json::parse(lists_json, nullptr, false);
    if (lists.is_discarded()) return Status::InvalidArgument("rescreen run: the list versions must be JSON");
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    auto head = LockHead();
    if (!head.ok()) return head.status();
    auto rows = db_->Query(
        "SELECT id, checkpoint, total, lists_json FROM rescreen_runs WHERE run_key = ? AND status = 'running' ORDER BY id DESC",
        {key});
    if (!rows.ok()) return rows.status();
    RescreenRun run;
    run.key = key;
    run.status = "running";
    if (!rows->empty()) {
      const Row& r = (*rows)[0];
      run.id = ToInt(r[0]);
      run.checkpoint = ToInt(r[1]);
      run.total = ToInt(r[2]);
      run.lists_json = r[3];
      *resumed = true;
      return run;
    }
    *resumed = false;
    auto id = NextId("rescreen_runs");
    if (!id.ok()) return id.status();
    run.id = *id;
    run.total = total;
    run.lists_json = lists_json;
    EMBARGO_RETURN_IF_ERROR(db_->Exec(
        "INSERT INTO rescreen_runs (id, run_key, status, checkpoint, total, lists_json, started_at) VALUES (?, ?, 'running', 0, ?, ?, ?)",
        {Str(run.id), key, Str(total), lists_json, Now()}));
    // The run's list versions are on the chain, not only in rescreen_runs: verify compares the two.
    nlohmann::json content = {{"type", "rescreen_run"}, {"run_id", run.id}, {"run_key", key}, {"total", total},
                              {"lists", std::move(lists)}};
    EMBARGO_RETURN_IF_ERROR(Append(*head, "rescreen_run", caller, content.dump(), "").status());
    EMBARGO_RETURN_IF_ERROR(txn.Commit());
    return run;
  }

  StatusOr<int64_t> CommitRunBatch(int64_t run_id, int64_t new_checkpoint, const std::vector<RunAlert>& batch,
                                   const std::vector<Nearest>& nearest, const std::string& caller) override {
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    auto head = LockHead();
    if (!head.ok()) return head.status();
    auto run = db_->Query("SELECT checkpoint, status, lists_json FROM rescreen_runs WHERE id = ?", {Str(run_id)});
    if (!run.ok()) return run.status();
    if (run->empty() || (*run)[0][1] != "running")
      return Status::InvalidArgument("rescreen run " + std::to_string(run_id) + " is not running");
    if (ToInt((*run)[0][0]) >= new_checkpoint)
      return Status::InvalidArgument("rescreen run " + std::to_string(run_id) + " is already past customer " +
                                     std::to_string(new_checkpoint) + " (another process is running it?)");
    // Each record says which list versions its customer was screened against (the workbench shows them).
    const nlohmann::json lists = nlohmann::json::parse((*run)[0][2], nullptr, false);
    auto next = NextId("alerts");
    if (!next.ok()) return next.status();
    int64_t alert_id = *next, raised = 0;
    std::string at = Now();
    // One audit record per customer with hits, in customer order.
    for (size_t i = 0; i < batch.size();) {
      size_t j = i;
      while (j < batch.size() && batch[j].customer_id == batch[i].customer_id) ++j;
      nlohmann::json alerts = nlohmann::json::array(), skipped = nlohmann::json::array();
      std::vector<std::pair<size_t, HitOutcome>> to_insert;
      for (size_t k = i; k < j; ++k) {
        const RunAlert& a = batch[k];
        auto open = db_->Query(
            "SELECT id FROM alerts WHERE customer_id = ? AND entity_id = ? AND status IN ('open', 'pending_second')",
            {a.customer_id, a.hit.entity_id});
        if (!open.ok()) return open.status();
        if (!open->empty()) {
          skipped.push_back({{"entity_id", a.hit.entity_id}, {"reason", "already open in alert " + (*open)[0][0]}});
          continue;
        }
        auto c = Classify(a.customer_id, a.customer_fp, a.hit.entity_id, a.hit.entity_fp);
        if (!c.ok()) return c.status();
        if (c->suppressed) {
          skipped.push_back({{"entity_id", a.hit.entity_id}, {"score", a.hit.score}, {"reason", c->reason}});
          continue;
        }
        c->alert_id = alert_id++;
        c->reason = a.reason + (c->reason.empty() ? "" : "; " + c->reason);
        alerts.push_back({{"alert_id", c->alert_id}, {"entity_id", a.hit.entity_id}, {"score", a.hit.score},
                          {"reason", c->reason}, {"hit", nlohmann::json::parse(a.hit.hit_json, nullptr, false)}});
        to_insert.emplace_back(k, *c);
      }
      auto input = nlohmann::json::parse(batch[i].input_json, nullptr, false);
      const std::string name = ScreenedName(input);
      nlohmann::json content = {{"type", "rescreen"},
                                {"run_id", run_id},
                                {"customer_id", batch[i].customer_id},
                                {"customer_fp", batch[i].customer_fp},
                                {"input", std::move(input)},
                                {"lists", lists},
                                {"verdict", alerts.empty() ? "suppressed" : "alert"},
                                {"alerts", alerts},
                                {"suppressed", skipped}};
      auto seq = Append(*head, "rescreen", caller, content.dump(), "");
      if (!seq.ok()) return seq.status();
      for (const auto& [k, o] : to_insert) {
        EMBARGO_RETURN_IF_ERROR(InsertAlert(o.alert_id, *seq, run_id, {batch[k].customer_id, batch[k].customer_fp, name},
                                            batch[k].hit, o.reason, at));
        ++raised;
      }
      i = j;
    }
    EMBARGO_RETURN_IF_ERROR(SaveNearest(run_id, nearest));
    EMBARGO_RETURN_IF_ERROR(db_->Exec("UPDATE rescreen_runs SET checkpoint = ? WHERE id = ?", {Str(new_checkpoint), Str(run_id)}));
    EMBARGO_RETURN_IF_ERROR(txn.Commit());
    return raised;
  }

  // Inside CommitRunBatch's transaction. A customer's row names the run that wrote it: a run
  // left unfinished may have rewritten it against lists no finished run screened.
  Status SaveNearest(int64_t run_id, const std::vector<Nearest>& nearest) {
    PendingRows rows("customer_nearest (customer_id, nearest, run_id)", 3,
                     " ON CONFLICT (customer_id) DO UPDATE SET nearest = excluded.nearest, run_id = excluded.run_id");
    for (const Nearest& n : nearest) rows.Add({n.customer_id, ExactStr(n.score), Str(run_id)});
    return rows.Flush(*db_);
  }

  StatusOr<RemovedResolution> ResolveRemoved(int64_t run_id, const std::vector<std::string>& entity_ids,
                                             const std::vector<std::string>& screened_customers,
                                             const std::string& caller) override {
    RemovedResolution out;
    if (entity_ids.empty()) return out;
    const std::unordered_set<std::string> screened(screened_customers.begin(), screened_customers.end());
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    auto head = LockHead();
    if (!head.ok()) return head.status();
    nlohmann::json resolved = nlohmann::json::array();
    for (const std::string& e : entity_ids) {
      EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT id, customer_id FROM alerts WHERE entity_id = ? AND status "
                                                     "IN ('open', 'pending_second') ORDER BY id",
                                                     {e}));
      int64_t left_before = out.left_open;
      for (const Row& r : rows) {
        if (!screened.count(r[1])) {
          ++out.left_open;
          continue;
        }
        EMBARGO_RETURN_IF_ERROR(db_->Exec("UPDATE alerts SET status = 'resolved_removed', reason = reason || '; "
                                          "resolved: entity removed from the lists' WHERE id = ?",
                                          {r[0]}));
        resolved.push_back({{"alert_id", ToInt(r[0])}, {"entity_id", e}});
      }
      if (out.left_open > left_before) out.entities_left_open.push_back(e);
    }
    out.resolved = static_cast<int64_t>(resolved.size());
    if (!resolved.empty()) {
      nlohmann::json content = {{"type", "resolve_removed"}, {"run_id", run_id}, {"resolved", resolved}};
      auto seq = Append(*head, "resolve_removed", caller, content.dump(), "");
      if (!seq.ok()) return seq.status();
    }
    EMBARGO_RETURN_IF_ERROR(txn.Commit());
    return out;
  }

  Status FinishRun(int64_t run_id, const std::vector<std::pair<std::string, std::string>>& entity_fps,
                   const std::vector<std::pair<std::string, std::string>>& customer_fps) override {
    Txn txn(*db_);
    EMBARGO_RETURN_IF_ERROR(txn.Begin());
    EMBARGO_RETURN_IF_ERROR(db_->Exec("DELETE FROM run_entities"));
    for (const auto& [id, fp] : entity_fps)
      EMBARGO_RETURN_IF_ERROR(db_->Exec("INSERT INTO run_entities (entity_id, entity_fp) VALUES (?, ?)", {id, fp}));
    for (const auto& [id, fp] : customer_fps)
      EMBARGO_RETURN_IF_ERROR(db_->Exec(
          "INSERT INTO run_customers (customer_id, customer_fp, run_id) VALUES (?, ?, ?) ON CONFLICT (customer_id) "
          "DO UPDATE SET customer_fp = excluded.customer_fp, run_id = excluded.run_id",
          {id, fp, Str(run_id)}));
    EMBARGO_RETURN_IF_ERROR(db_->Exec(
        "UPDATE customer_nearest SET run_id = ? WHERE run_id = " + std::string(kLastFinishedRunId),
        {Str(run_id)}));
    EMBARGO_RETURN_IF_ERROR(db_->Exec("UPDATE rescreen_runs SET status = 'done', finished_at = ? WHERE id = ?", {Now(), Str(run_id)}));
    return txn.Commit();
  }

  StatusOr<RescreenRun> LastFinishedRun() override {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT id, run_key, checkpoint, total, lists_json FROM rescreen_runs "
                                                   "WHERE id = " + std::string(kLastFinishedRunId)));
    RescreenRun run;
    if (rows.empty()) return run;
    run = {ToInt(rows[0][0]), rows[0][1], "done", ToInt(rows[0][2]), ToInt(rows[0][3]), rows[0][4]};
    return run;
  }

  StatusOr<std::vector<std::pair<std::string, std::string>>> LastRunEntities() override {
    auto rows = db_->Query("SELECT entity_id, entity_fp FROM run_entities ORDER BY entity_id");
    if (!rows.ok()) return rows.status();
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(rows->size());
    for (Row& r : *rows) out.emplace_back(std::move(r[0]), std::move(r[1]));
    return out;
  }

  StatusOr<std::vector<std::pair<std::string, std::string>>> LastRunCustomers() override {
    auto rows = db_->Query(
        "SELECT customer_id, customer_fp FROM run_customers WHERE run_id = " + std::string(kLastFinishedRunId));
    if (!rows.ok()) return rows.status();
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(rows->size());
    for (Row& r : *rows) out.emplace_back(std::move(r[0]), std::move(r[1]));
    return out;
  }

  StatusOr<std::vector<Nearest>> LastRunNearest() override {
    EMBARGO_ASSIGN_OR_RETURN(auto rows, db_->Query("SELECT customer_id, nearest FROM customer_nearest WHERE run_id = " +
                                                   std::string(kLastFinishedRunId)));
    std::vector<Nearest> out;
    out.reserve(rows.size());
    for (Row& r : rows) out.push_back({std::move(r[0]), ToDouble(r[1])});
    return out;
  }

  StatusOr<std::vector<std::string>> CustomersAlertedOn(const std::vector<std::string>& entity_ids) override {
    std::vector<std::string> out;
    for (const std::string& e : entity_ids) {
      auto rows = db_->Query("SELECT DISTINCT customer_id FROM alerts WHERE entity_id = ? AND status IN ('open', "
                             "'pending_second', 'resolved_removed')",
                             {e});
      if (!rows.ok()) return rows.status();
      for (Row& r : *rows) out.push_back(std::move(r[0]));
    }
    return out;
  }

  StatusOr<std::vector<StoredCustomer>> Customers() override {
    auto rows = db_->Query("SELECT customer_id, input_json FROM customers ORDER BY customer_id");
    if (!rows.ok()) return rows.status();
    std::vector<StoredCustomer> out;
    out.reserve(rows->size());
    for (Row& r : *rows) out.push_back({std::move(r[0]), std::move(r[1])});
    return out;
  }

  StatusOr<int64_t> CountAlerts(int64_t run_id) override {
    auto rows = db_->Query("SELECT COUNT(*) FROM alerts WHERE run_id = ?", {Str(run_id)});
    if (!rows.ok()) return rows.status();
    return ToInt((*rows)[0][0]);
  }

 private:
  std::unique_ptr<Db> db_;
  std::string target_;
  DecisionStoreOptions options_;
};

}  // namespace

std::string CustomerFingerprint(const std::string& input_json) {
  auto j = nlohmann::json::parse(input_json, nullptr, false);
  return Sha256Hex(j.is_discarded() ? input_json : j.dump());  // dump() sorts keys: canonical
}

StatusOr<std::unique_ptr<DecisionStore>> DecisionStore::Open(const std::string& target, const DecisionStoreOptions& options) {
  if (target.empty()) return Status::InvalidArgument("store: empty path or URI");
  bool pg = target.starts_with("postgresql://") || target.starts_with("postgres://");
  auto db = pg ? decisions::OpenPostgres(target, options) : decisions::OpenSqlite(target, options);
  if (!db.ok()) return db.status();
  auto store = std::make_unique<DecisionStoreImpl>(std::move(*db), pg ? decisions::Redacted(target) : target, options);
  Status s = store->Migrate();
  if (!s.ok()) return s;
  return std::unique_ptr<DecisionStore>(std::move(store));
}

}  // namespace embargo
