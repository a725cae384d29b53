// The decision store: an append-only, hash-chained audit trail of screenings, the alerts they
// raise, analysts' decisions on them, remembered false positives, and rescreening runs.
// SQLite (one file, WAL) is the embedded default; PostgreSQL lets several servers share one store.
// Both run the same schema (src/decision_store/migrations/) and the same code.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "embargo/principal.h"
#include "embargo/screener.h"
#include "embargo/status.h"

namespace embargo {

struct DecisionStoreOptions {
  // Four-eyes rule: a second, different principal must confirm true matches and the clearing of
  // false positives scored at or above `four_eyes_score`.
  bool four_eyes = true;
  double four_eyes_score = 0.95;
  int busy_timeout_ms = 15000;  // how long a writer waits for another writer's lock
  bool read_only = false;       // open without write access (audit verify, reports)
  int64_t sqlite_max_pages = 0;  // SQLite size cap in pages (0: none); a full store fails cleanly
};

// One alerting hit of a screening, as the caller computed it.
struct AlertHit {
  std::string entity_id;
  std::string entity_fp;  // EntityFingerprint() of the list record
  std::string caption;
  double score = 0;
  std::string hit_json;   // the hit with its explanation, as JSON
};

// A screening to record. `input_json`, `lists_json` and `result_json` are JSON texts.
// MakeScreeningRecord() fills one from a name screening.
struct ScreeningRecord {
  std::string caller;        // who asked (user, API key label, service)
  std::string customer_id;   // empty: no customer memory (no suppression, alerts still raised)
  std::string input_json;    // the query
  std::string lists_json;    // the list versions screened against (dataset, hash, published, ...)
  std::string result_json;   // the screening result with every hit and its explanation
  std::vector<AlertHit> alert_hits;  // hits at or above the threshold
  std::string request_key;   // optional idempotency key: recording it twice records it once
  // The screening's own verdict when it has one (PASS, REVIEW, BLOCK, ERROR), kept in the record
  // as "screening_verdict". Anything but PASS must come with alert_hits: it is refused otherwise,
  // never filed as clear.
  std::string verdict;
};

// What recording did with one alerting hit.
struct HitOutcome {
  std::string entity_id;
  bool suppressed = false;  // a cleared false positive for the same customer and list record
  int64_t alert_id = 0;     // the alert raised (0 when suppressed)
  std::string reason;       // why suppressed, or why it alerts again after a cleared false positive
};

struct RecordOutcome {
  int64_t seq = 0;               // the audit record's sequence number
  bool already_recorded = false;  // request_key was recorded before; nothing new was written
  std::string first_result_json;  // when already_recorded: the result that was recorded first
  bool alert = false;             // at least one hit raised an alert (not suppressed)
  std::vector<HitOutcome> hits;
};

// An alert's statuses: open, pending_second (first of two reviews done), true_match,
// false_positive, resolved_removed (the entity left the lists).
inline constexpr const char* kAlertStatuses[] = {"open", "pending_second", "true_match", "false_positive",
                                                 "resolved_removed"};

struct Alert {
  int64_t id = 0;
  int64_t record_seq = 0;
  std::string customer_id, customer_fp, entity_id, entity_fp, caption;
  std::string customer_name;  // the name screened (from the audit record that raised the alert)
  double score = 0;
  std::string status;  // one of kAlertStatuses
  std::string reason;  // why raised (new entry, changed record, customer changed, ...)
  std::string created_at;
  int64_t run_id = 0;  // the rescreening run that raised it (0: a screening)
  std::string hit_json;
  std::string assignee;    // the principal working it (the workbench's "take"); empty: nobody
  std::string input_json;  // the customer record screened (the query), from the audit record
  std::string lists_json;  // the list versions it was screened against, from the audit record
};

// The workbench's queue: filters, order and one page of alerts.
struct AlertQuery {
  std::string status = "pending";  // a status, "pending" (open or pending_second) or "all"
  std::string dataset;             // the list of the alert's record (entity ids are "dataset:id")
  std::string customer;            // a customer id
  std::string assignee;            // a principal; "-": alerts nobody has taken
  double min_score = 0, max_score = 1;
  std::string from, to;            // created_at, ISO 8601 prefixes, both inclusive at their precision
  std::string sort = "id";         // id, score or created_at
  bool descending = false;
  int64_t offset = 0, limit = 50;  // limit: 1 to kMaxAlertPage
};
inline constexpr int64_t kMaxAlertPage = 500;

struct AlertPage {
  std::vector<Alert> alerts;  // without hit_json, input_json and lists_json (GetAlert has them)
  int64_t total = 0;  // alerts that pass the filters
  std::vector<std::pair<std::string, int64_t>> counts;  // every alert of the store by status
};

// A note on an alert that is not a decision: "assign" (detail: the assignee, empty to release),
// "escalate" or "comment" (detail: the comment). Each is an audit record.
struct AlertEvent {
  int64_t record_seq = 0;
  int64_t alert_id = 0;
  std::string kind, principal, detail, at;
};

// The workbench's overview of the alerts raised from a day on (DecisionStore::Overview).
struct AlertOverview {
  struct Day {
    std::string day;     // YYYY-MM-DD (UTC), the day the alerts were raised
    std::string status;  // their status now
    int64_t alerts = 0;
  };
  // False positives among the decided alerts (true match or false positive) of a list or program.
  struct Rate {
    std::string key;
    int64_t decided = 0, false_positives = 0;
  };
  struct Customer {
    std::string customer_id;  // empty: alerts of screenings recorded without a customer id
    std::string name;         // as last screened
    int64_t false_positives = 0, alerts = 0;
  };
  std::vector<Day> per_day;  // by day, then status
  int64_t decided = 0;       // alerts decided for good
  // From the alert raised to its first decision, and to the decision that closed it; -1: none.
  double median_first_decision_seconds = -1, median_final_decision_seconds = -1;
  std::vector<Rate> by_list, by_program;  // most decided first
  std::vector<Customer> top_false_positives;  // the customers with the most false positives first
};

struct Decision {
  int64_t alert_id = 0;
  std::string decision;  // true_match or false_positive
  std::string reviewer;
  std::string comment;
  std::string decided_at;
  int64_t record_seq = 0;
};

struct DecideOutcome {
  std::string status;  // the alert's status after the decision
  std::string reviewer;  // the principal recorded (its registered spelling)
  bool needs_second_review = false;
  int64_t record_seq = 0;
};

struct VerifyReport {
  bool ok = true;
  int64_t records = 0;
  int64_t first_broken = 0;  // sequence number of the first record that fails, 0 when ok
  std::string problem;
  std::string head_hash;  // the hash of the last record (empty for an empty trail)
};

// The last record of the audit trail: keep its hash outside the store to detect a rolled-back tail.
struct ChainHead {
  int64_t seq = 0;
  std::string hash;
};

// One record of the audit trail, as stored.
struct AuditRecord {
  int64_t seq = 0;
  std::string recorded_at;  // ISO 8601, UTC
  std::string caller, kind;
  std::string content;  // JSON text
  std::string prev_hash, hash;
};

// A rescreening run's persistent state (see src/decision_store/rescreen.h).
struct RescreenRun {
  int64_t id = 0;
  std::string key;          // identifies the work: customers source + list versions
  std::string status;       // running, done
  int64_t checkpoint = 0;   // customers fully processed and committed
  int64_t total = 0;
  std::string lists_json;
};

// A customer remembered from recorded screenings (for `rescreen --from-store`).
struct StoredCustomer {
  std::string customer_id;
  std::string input_json;
};

// Thread-safety: one DecisionStore per thread; several processes may share one store (SQLite locks,
// PostgreSQL transactions serialise appends to the chain).
class DecisionStore {
 public:
  // `target` is a SQLite file path or a postgresql:// (postgres://) connection URI. The schema is
  // created or migrated to the current version. Errors name the store.
  static StatusOr<std::unique_ptr<DecisionStore>> Open(const std::string& target, const DecisionStoreOptions& options = {});
  virtual ~DecisionStore() = default;

  // Appends a screening to the audit trail and raises its alerts, in one transaction: either all
  // of it is committed, or an error is returned and nothing was recorded.
  [[nodiscard]] virtual StatusOr<RecordOutcome> RecordScreening(const ScreeningRecord& record) = 0;
  // The same for many screenings in one transaction (one commit): all are recorded, or none and
  // an error naming the record at fault. Outcomes are in the order of `records`; a request_key
  // seen earlier in the same batch counts as already recorded.
  [[nodiscard]] virtual StatusOr<std::vector<RecordOutcome>> RecordScreenings(
      const std::vector<ScreeningRecord>& records) = 0;

  // Alerts by id of a status, "pending" (open or pending_second) or "all": `limit` of them (0: no
  // limit) after skipping `offset`; CountAlertsWithStatus counts them all.
  [[nodiscard]] virtual StatusOr<std::vector<Alert>> ListAlerts(const std::string& status_filter, int64_t limit,
                                                                int64_t offset) = 0;
  [[nodiscard]] virtual StatusOr<int64_t> CountAlertsWithStatus(const std::string& status_filter) = 0;
  [[nodiscard]] virtual StatusOr<Alert> GetAlert(int64_t id) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<Decision>> GetDecisions(int64_t alert_id) = 0;
  // `decision` is true_match or false_positive; the comment is required. `by` is checked against
  // the principals table (see Actor); the first decision on an alert needs the review role, the
  // second one that the four-eyes rule asks for needs approve and another principal (names
  // compared by PrincipalKey: "ann" and "ANN" are one). PermissionDenied for a missing role or a
  // disabled or unknown principal; FailedPrecondition when the same principal reviews twice.
  [[nodiscard]] virtual StatusOr<DecideOutcome> Decide(int64_t alert_id, const std::string& decision, const Actor& by,
                                                       const std::string& comment) = 0;

  // --- Principals (docs/SECURITY.md). Every change is an audit record that `Verify` checks the
  // principals table against.
  // Adds a principal. `by` must name an enabled admin, except for the first principal of a store,
  // which must hold admin itself (`by` is then recorded as given: who set the store up).
  // AlreadyExists when the name is taken (by PrincipalKey), even by a disabled principal.
  [[nodiscard]] virtual StatusOr<Principal> AddPrincipal(const std::string& name, RoleSet roles, const std::string& by) = 0;
  // Disables a principal for good: its name stays taken, its decisions stay as recorded. `by`
  // must name an enabled admin; the last enabled admin cannot be disabled.
  [[nodiscard]] virtual StatusOr<Principal> DisablePrincipal(const std::string& name, const std::string& by) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<Principal>> ListPrincipals() = 0;
  // Sets the principal's workbench password (an Argon2id PHC string, see decision_store/password.h;
  // empty: it can no longer sign in). `by` must be an enabled admin, or the principal itself.
  // Recorded in the audit trail as a "credential" record, without the hash.
  [[nodiscard]] virtual Status SetPasswordHash(const std::string& name, const std::string& hash, const std::string& by) = 0;
  // The principal and its password hash ("" when none), for signing in. NotFound when unknown.
  [[nodiscard]] virtual StatusOr<std::pair<Principal, std::string>> SignInRecord(const std::string& name) = 0;

  // --- The workbench's queue.
  [[nodiscard]] virtual StatusOr<AlertPage> QueryAlerts(const AlertQuery& query) = 0;
  // Records an assign, escalate or comment note (AlertEvent) by `by`, who needs review or approve.
  // An assignee must be an enabled principal with review or approve; escalating releases the
  // alert. AlreadyExists when the alert is already decided (comments excepted).
  [[nodiscard]] virtual StatusOr<AlertEvent> AddAlertEvent(int64_t alert_id, const std::string& kind,
                                                            const std::string& detail, const Actor& by) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<AlertEvent>> GetAlertEvents(int64_t alert_id) = 0;
  // Alerts raised since `since` (an ISO 8601 prefix, inclusive; empty: all): per day and status,
  // the time to decision, false-positive rates by list and by program, and the `top` customers
  // with the most false positives.
  [[nodiscard]] virtual StatusOr<AlertOverview> Overview(const std::string& since, int64_t top) = 0;
  // Alerts on the same customer, newest first (the history of its screenings), at most `limit`.
  [[nodiscard]] virtual StatusOr<std::vector<Alert>> CustomerAlerts(const std::string& customer_id, int64_t limit) = 0;

  // Hands `visit` every audit record recorded from `from` to `to` (ISO 8601 prefixes, both
  // inclusive at their precision: to = "2026-03-31" takes the whole day; empty: unbounded), in
  // sequence order, reading a page at a time. An error from `visit` stops the walk.
  [[nodiscard]] virtual Status ExportAudit(const std::string& from, const std::string& to,
                                           const std::function<Status(const AuditRecord&)>& visit) = 0;

  // Recomputes every record's hash and the links between them, and checks the suppressions,
  // decisions, alert states and principals against the records of the chain; names the first problem. A non-empty
  // `expect_head` (a hash from `ChainHead()` kept elsewhere) must be the hash of a record in the
  // trail, or records were removed from its end.
  [[nodiscard]] virtual StatusOr<VerifyReport> Verify(const std::string& expect_head = "") = 0;
  [[nodiscard]] virtual StatusOr<ChainHead> Head() = 0;

  // --- Rescreening (driven by RunRescreen in src/decision_store/rescreen.h).
  // The unfinished run with `key`, or a new one. Returns the run and whether it was resumed. A new
  // run is a `rescreen_run` audit record by `caller` (its key, total and list versions), which
  // `Verify` compares with the rescreen_runs table; each of its rescreen records repeats the lists.
  [[nodiscard]] virtual StatusOr<RescreenRun> StartRun(const std::string& key, const std::string& lists_json,
                                                       int64_t total, const std::string& caller, bool* resumed) = 0;
  // Records the alerts of customers [checkpoint, new_checkpoint) and their nearest scores, and
  // moves the checkpoint, in one transaction. Alerts already raised by this run for the same
  // customer and entity are skipped.
  struct RunAlert {
    std::string customer_id, customer_fp, input_json;
    AlertHit hit;
    std::string reason;
  };
  // A customer's nearest score: a bound on each of its scores under the threshold (RunRescreen).
  struct Nearest {
    std::string customer_id;
    double score = 0;
  };
  [[nodiscard]] virtual StatusOr<int64_t> CommitRunBatch(int64_t run_id, int64_t new_checkpoint,
                                                         const std::vector<RunAlert>& alerts,
                                                         const std::vector<Nearest>& nearest,
                                                         const std::string& caller) = 0;
  // Resolves the open alerts on entities that left the lists, of the customers the run screens
  // (`screened_customers`): another customer's subject may still be listed by a record its alert
  // stood for, and only screening them finds out, so their alerts stay open.
  struct RemovedResolution {
    int64_t resolved = 0;
    int64_t left_open = 0;  // alerts of customers the run does not screen
    std::vector<std::string> entities_left_open;  // the removed entities those alerts are on
  };
  [[nodiscard]] virtual StatusOr<RemovedResolution> ResolveRemoved(int64_t run_id,
                                                                   const std::vector<std::string>& entity_ids,
                                                                   const std::vector<std::string>& screened_customers,
                                                                   const std::string& caller) = 0;
  // Marks the run done and stores the entity fingerprints screened against, for the next run, and
  // the customers it screened (id, fingerprint of their data). Nearest scores the last finished run
  // kept and this one did not rewrite (a run whose lists did not change screens nobody) are kept
  // as this run's.
  [[nodiscard]] virtual Status FinishRun(int64_t run_id, const std::vector<std::pair<std::string, std::string>>& entity_fps,
                                         const std::vector<std::pair<std::string, std::string>>& customer_fps) = 0;
  // The last finished run (id 0 before the first): its list versions are what a caller's
  // previous lists must be for their delta to be right.
  [[nodiscard]] virtual StatusOr<RescreenRun> LastFinishedRun() = 0;
  // Entity id -> fingerprint as of the last finished run (empty before the first).
  [[nodiscard]] virtual StatusOr<std::vector<std::pair<std::string, std::string>>> LastRunEntities() = 0;
  // Customer id -> fingerprint of the data the last finished run screened them with; customers
  // it left out are not among them.
  [[nodiscard]] virtual StatusOr<std::vector<std::pair<std::string, std::string>>> LastRunCustomers() = 0;
  // Customer id -> nearest score as the last finished run kept it; customers without one (not
  // screened by it, or screened before the store kept nearest scores) are not among them.
  [[nodiscard]] virtual StatusOr<std::vector<Nearest>> LastRunNearest() = 0;
  // The customers with an alert on one of `entity_ids` that is open, waiting for its second
  // reviewer, or resolved because its entity left the lists.
  [[nodiscard]] virtual StatusOr<std::vector<std::string>> CustomersAlertedOn(const std::vector<std::string>& entity_ids) = 0;
  // A suppression check without recording: the reason when (customer, entity) is a cleared false positive.
  [[nodiscard]] virtual StatusOr<HitOutcome> CheckSuppression(const std::string& customer_id, const std::string& customer_fp,
                                                               const std::string& entity_id, const std::string& entity_fp) = 0;
  [[nodiscard]] virtual StatusOr<std::vector<StoredCustomer>> Customers() = 0;
  [[nodiscard]] virtual StatusOr<int64_t> CountAlerts(int64_t run_id) = 0;

  virtual const std::string& target() const = 0;
};

// A record of `result` for `query`: the query, every hit with its explanation, the list versions
// screened against, and the alerting hits (score >= threshold) with their entity fingerprints.
ScreeningRecord MakeScreeningRecord(const Query& query, const ScreenResult& result, const std::vector<ListLoad>& lists,
                                    const std::string& caller, const std::string& customer_id, double threshold);

// SHA-256 of the entity's whole list record (id, schema, FollowTheMoney properties, programmes,
// remarks): any change to the record changes it.
std::string EntityFingerprint(const Entity& entity);

// Fingerprints: SHA-256 of canonical JSON. A customer's is over their screened data (the query),
// an entity's over its whole list record (FollowTheMoney properties, schema and id).
std::string CustomerFingerprint(const std::string& input_json);

}  // namespace embargo
