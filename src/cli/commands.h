// The embargo command-line subcommands (docs/CLI.md). Each returns a CommandResult: what it found
// (clear or alert) when it did what was asked, else a Status naming the file, line or field at
// fault. main() prints the error and maps the result to the exit status with ExitCodeOf.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cli/config.h"
#include "embargo/list_store.h"
#include "embargo/ownership.h"
#include "embargo/screener.h"
#include "embargo/status.h"

namespace embargo::cli {

// What a command found when it could do what was asked.
enum class Outcome {
  kClear,  // screened, nothing found (or the command has nothing to report)
  kAlert,  // screened, something to review (or: versions differ, the audit chain is broken)
};
using CommandResult = StatusOr<Outcome>;

// Exit statuses of every subcommand.
inline constexpr int kExitClear = 0;  // screened, nothing found
inline constexpr int kExitAlert = 1;  // screened, something to review
inline constexpr int kExitError = 2;  // could not do what was asked (never "clear")
// The one mapping to an exit status: any error is kExitError.
inline int ExitCodeOf(const Status& s) { return s.ok() ? kExitClear : kExitError; }
inline int ExitCodeOf(const CommandResult& r) {
  if (!r.ok()) return ExitCodeOf(r.status());
  return *r == Outcome::kAlert ? kExitAlert : kExitClear;
}
inline Outcome AlertIf(bool alert) { return alert ? Outcome::kAlert : Outcome::kClear; }

struct GlobalOptions {
  std::string lists_dir;  // --lists: a list directory or a list store; empty: configured or bundled
  std::string config;     // --config FILE (cli/config.h)
  double threshold = -1;  // < 0: the configured or default threshold
  bool allow_shrink = false;  // load lists that fail their completeness checks, saying so
  bool verbose = false;       // warn about every rejected list record, not only the first
  std::vector<std::string> ownership;  // --ownership FILE (repeatable): ownership graphs to screen through
  std::string ownership_rule;          // --ownership-rule ofac|eu|uk; empty: configured, else ofac
};

// The options every command resolves the same way: command line, then the config file, then the
// environment, then built-in defaults.
struct Settings {
  ConfigFile file;
  // The lists in force: the list store `list_store` with `lists_dir` (the bundled lists) as the
  // fallback for datasets it lacks; or, with an empty list_store, the list directory alone.
  std::string list_store;
  std::string lists_dir;
  bool lists_given = false;  // --lists, `lists =` or EMBARGO_LISTS named the directory or store
  double threshold = kDefaultThreshold;
  bool allow_shrink = false;  // --allow-shrink: load lists that fail their completeness checks
  bool verbose = false;       // --verbose: warn about every rejected list record
  // Ownership graphs: the entities listed persons own or control under `ownership_options.rule`
  // are screened as well (a list of dataset ownership-<rule>, docs/OWNERSHIP.md).
  std::vector<std::string> ownership;
  OwnershipOptions ownership_options;
};
// Deprecation warnings of the config file go to stderr here.
StatusOr<Settings> ResolveSettings(const GlobalOptions& g);

// The lists in force, checked for completeness (embargo/lists.h), and a Screener over them.
// A list accepted with --allow-shrink is always warned about on stderr; rejected records as
// `rejected` says; `who` names the warner ("embargo serve").
StatusOr<ListsInForce> LoadLists(const Settings& s);
enum class RejectedWarnings {
  kNone,     // `embargo lists`: its table shows them
  kOneLine,  // one line per list: the count and the first record (file:line: reason)
  kEvery,    // --verbose: a line per rejected record
};
void WarnAboutLists(const std::vector<ListLoad>& lists, RejectedWarnings rejected, const char* who = "embargo");
// kEvery with --verbose, else kOneLine.
inline RejectedWarnings RejectedWarningsOf(const Settings& s) {
  return s.verbose ? RejectedWarnings::kEvery : RejectedWarnings::kOneLine;
}
StatusOr<std::unique_ptr<Screener>> LoadScreener(const Settings& s);
// The lists in force and, with ownership graphs, the entities owned or controlled as one more list
// (what every screening command and the server screen against). A graph with records not used is
// refused, screening through it would be incomplete, unless --allow-shrink (then a warning).
StatusOr<std::vector<ListLoad>> LoadScreenedLists(const Settings& s);
// Evaluates the ownership graphs of `s` over `lists`; the records not used are in its graph().
StatusOr<std::unique_ptr<OwnershipEvaluator>> LoadOwnership(const Settings& s, std::shared_ptr<const Screener> lists);
// "3 records not used (first: graph.csv:2: percentage: ...)", or empty when every record was used.
std::string GraphRecordsNotUsed(const OwnershipGraphInfo& g);

// For subcommands implemented in their own files: the Screener over the lists the global options
// select, and the resolved alert threshold.
struct ConfiguredScreener {
  std::unique_ptr<Screener> screener;
  double threshold = kDefaultThreshold;
};
StatusOr<ConfiguredScreener> LoadConfiguredScreener(const GlobalOptions& g);

// Query fields as the command line and the customer CSV spell them; errors name the field.
StatusOr<Query> MakeQuery(const std::string& name, const std::string& type, const std::vector<std::string>& dobs,
                          const std::vector<std::string>& countries, const std::vector<std::string>& ids);

// Recording a screening in the decision store (src/cli/store_commands.cc).
struct RecordArgs {
  bool record = false;      // --record (or `record = always` in the config file)
  std::string store;        // --decision-store PATH|postgresql://... (or `decision_store =` in the config)
  std::string customer_id;  // screen: --customer-id (batch: the id column)
  std::string caller;       // --caller; default $USER
};

struct ScreenArgs {
  RecordArgs rec;
  std::string name;
  std::string type;
  std::vector<std::string> dob, country, id;
  size_t limit = 10;
  std::string format = "table";
  bool separate = false;  // one hit per list record, not per subject
};
CommandResult RunScreen(const GlobalOptions& g, const ScreenArgs& a);

struct BatchArgs {
  RecordArgs rec;
  std::string input, output;
  unsigned threads = 1;
  bool separate = false;
  bool all = false;                  // csv: customers without hits too
  size_t limit = 10;                 // hits per row at most
  std::string format = "jsonl";      // jsonl or csv
  std::string encoding = "utf-8";    // utf-8 or cp1252
};
// One output row per input line, in order; exit 2 when any row could not be screened (after
// screening all others), else 1 on any alert. A summary goes to stderr.
CommandResult RunBatch(const GlobalOptions& g, const BatchArgs& a);

struct CompareArgs {
  std::string left, right, pairs;
};
CommandResult RunCompare(const GlobalOptions& g, const CompareArgs& a);

struct ListsArgs {
  std::string format = "table";
  std::string export_names;  // also write every list name as JSON lines
};
CommandResult RunLists(const GlobalOptions& g, const ListsArgs& a);

struct DiffArgs {
  std::string old_path, new_path;
  std::string format = "table";
};
// `lists diff OLD NEW`: clear when the versions hold the same entities, alert when they differ;
// a side cut short or with too many records rejected is refused (--allow-shrink: diffed, said).
CommandResult RunListsDiff(const GlobalOptions& g, const DiffArgs& a);

struct ServeArgs {
  // Empty or negative: the config file's value, else 127.0.0.1, 8080, no key file, no age limit.
  std::string host;
  int port = -1;
  std::string api_keys;  // file of API keys (SHA-256 hex, principal, roles per line)
  bool no_auth = false;
  double max_list_age_hours = -1;  // 0: no limit
  double drain_timeout = -1;  // seconds; negative: the config file's, else 30
  size_t threads = 0;  // 0: one I/O thread per core
  bool log_names = false;
  bool access_log = false;
  std::string store;  // --decision-store: record screenings, serve /v1/alerts
  std::string policy;  // --policy: geographic policy file for messages and trade (default: built in)
  std::string public_url;  // --public-url: the address clients reach (links in the reconciliation manifest)
};
// Serves the HTTP API until SIGINT/SIGTERM; SIGHUP reloads the lists.
CommandResult RunServe(const GlobalOptions& g, const ServeArgs& a);

struct TextArgs {
  std::vector<std::string> files;  // "-" is stdin
  std::string format = "table";
};
// `text FILE...`: listed names mentioned in texts.
CommandResult RunText(const GlobalOptions& g, const TextArgs& a);

// `message FILE...`: screens payment messages (MT, RJE batches, ISO 20022 XML), one result per
// message. Clear when every message passes, alert on any REVIEW or BLOCK, error on any ERROR.
struct MessageArgs {
  std::vector<std::string> files;
  std::string format = "table";
};
CommandResult RunMessage(const GlobalOptions& g, const MessageArgs& a);

// `worker`: screens payment messages from Redis Streams or Kafka until SIGTERM (docs/STREAMS.md).
struct WorkerArgs {
  std::string from, to;          // redis://HOST:PORT/STREAM or kafka://BROKERS/TOPIC
  std::string group = "embargo";
  std::string consumer;          // default HOST-PID
  std::string store;             // --decision-store (or `decision_store =` in the config)
  std::string dead_letter;       // default: the --to stream or topic + "-dead-letter"
  bool route_by_verdict = false;
  std::string kafka_config;
  size_t window = 64;
  unsigned threads = 1;
  int64_t claim_idle_ms = 30000;
  int64_t list_poll_seconds = 60;
  int64_t max_messages = 0;
  double max_list_age_hours = -1;  // --max-list-age; < 0: the config's max_list_age_hours (0: no limit)
  std::string metrics_host = "127.0.0.1";
  int metrics_port = -1;         // < 0: no listener; 0: a free port
};
CommandResult RunWorker(const GlobalOptions& g, const WorkerArgs& a);

// --- Keeping lists current (update_commands.cc, docs/LISTS.md).
struct UpdateArgs {
  std::vector<std::string> sources;  // empty: update.sources from the config, else every source
  bool force = false;                // accept a version that fails the drop check
  std::string format = "table";
};
// `lists update`: clear when every source is updated or unchanged, an error when any failed (its
// version in force is kept) or on a usage error.
CommandResult RunListsUpdate(const GlobalOptions& g, const UpdateArgs& a);

// Prints the lists in force with their versions (`embargo lists`, table or json).
void PrintListsInForce(const ListsInForce& lists, const std::string& format);

// `goods CODE...`: alert when any code is on the CHPL, error on a malformed code.
struct GoodsArgs {
  std::vector<std::string> codes;
  std::string format = "table";
};
CommandResult RunGoods(const GoodsArgs& a);

// `trade FILE`: clear on PASS, alert on REVIEW or BLOCK, error when it could not be screened.
struct TradeArgs {
  std::string file;
  std::string format = "table";
  std::string rules;   // optional rule = value file (docs/TRADE.md)
  std::string policy;  // optional geographic policy file (docs/POLICY.md)
};
CommandResult RunTrade(const GlobalOptions& g, const TradeArgs& a);

// `ownership`: the entities blocked by ownership or to review, each with the holdings that block it
// and the list records at its roots. Alert when any; an error when graph records were unusable
// (after printing the results: they may be incomplete).
struct OwnershipArgs {
  std::string format = "table";
  std::string as_of;         // YYYY-MM-DD; empty: today
  bool by_id_only = false;   // link owners to list records by id only, not by name
  std::string explain;       // one graph id: its status and why, whatever it is
};
CommandResult RunOwnership(const GlobalOptions& g, const OwnershipArgs& a);

// `config check FILE`: parses the file as every command would; names each problem.
CommandResult RunConfigCheck(const std::string& path);

// --- Decision store commands (src/cli/store_commands.cc).
struct StoreArgs {
  std::string store;
  std::string caller;
};
struct AlertsArgs {
  StoreArgs st;
  std::string status = "pending";
  int64_t limit = 100;
  int64_t id = 0;
  std::string decision, reviewer, comment;
  std::string as;  // alerts decide --as: the acting principal (--reviewer is its synonym)
  std::string format = "table";
  std::string show_format = "json";  // alerts show: json or table
};
struct RescreenArgs {
  StoreArgs st;
  std::string customers;
  bool from_store = false;
  std::string previous_lists;
  std::vector<std::string> drop_lists;  // datasets of the last run missing on purpose now
  size_t batch_size = 1000;
  unsigned threads = 1;
  std::string format = "table";
  std::string encoding = "utf-8";  // of --customers: utf-8 or cp1252
};
// Alert when the audit chain is broken.
struct AuditVerifyArgs {
  std::string store;
  std::string expect_head;  // a head hash kept elsewhere (audit head)
};
CommandResult RunAuditVerify(const GlobalOptions& g, const AuditVerifyArgs& a);
// `audit head`: the last record's number and hash, to keep outside the store.
CommandResult RunAuditHead(const GlobalOptions& g, const StoreArgs& a);
// The audit records for examiners: JSON lines or CSV, optionally from/to a date.
struct AuditExportArgs {
  StoreArgs st;
  std::string from, to;  // YYYY-MM-DD or a longer ISO 8601 prefix; both inclusive
  std::string format = "jsonl";
  std::string output;  // empty: stdout
};
CommandResult RunAuditExport(const GlobalOptions& g, const AuditExportArgs& a);
CommandResult RunAlertsList(const GlobalOptions& g, const AlertsArgs& a);
CommandResult RunAlertsShow(const GlobalOptions& g, const AlertsArgs& a);
CommandResult RunAlertsDecide(const GlobalOptions& g, const AlertsArgs& a);

// --- Principals (src/cli/principal_commands.cc): who may decide alerts and administer the store.
struct PrincipalsArgs {
  StoreArgs st;
  std::string name;
  std::string roles;  // add: comma-separated roles
  std::string as;     // the acting admin (default EMBARGO_PRINCIPAL)
  std::string format = "table";
};
CommandResult RunPrincipalsAdd(const GlobalOptions& g, const PrincipalsArgs& a);
CommandResult RunPrincipalsList(const GlobalOptions& g, const PrincipalsArgs& a);
CommandResult RunPrincipalsDisable(const GlobalOptions& g, const PrincipalsArgs& a);

// --- Workbench users (src/cli/user_commands.cc): principals who sign in with a password.
struct UsersArgs {
  StoreArgs st;
  std::string name;
  std::string role;           // analyst, approver or admin
  std::string password_file;  // empty: the first line of stdin
  std::string as;             // the acting admin (default EMBARGO_PRINCIPAL)
};
CommandResult RunUsersAdd(const GlobalOptions& g, const UsersArgs& a);
CommandResult RunUsersPassword(const GlobalOptions& g, const UsersArgs& a);
// The principal a command acts as: --as (or its synonym, e.g. --reviewer; both given must name
// one principal), else EMBARGO_PRINCIPAL; "" when none is given.
StatusOr<std::string> ActingPrincipal(const std::string& as, const std::string& synonym = "",
                                      const char* synonym_flag = "");
// Alert when the run raised new alerts.
CommandResult RunRescreenCommand(const GlobalOptions& g, const RescreenArgs& a);

}  // namespace embargo::cli
