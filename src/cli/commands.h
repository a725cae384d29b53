// The embargo command-line subcommands. Each returns the process exit status:
// 0 no alert, 1 alert, 2 error (the message, naming file, line or field, goes to stderr).
#pragma once

#include <memory>
#include <cstdint>
#include <string>
#include <vector>

#include "embargo/screener.h"
#include "embargo/status.h"
#include "embargo/list_store.h"

namespace embargo::cli {

// Exit statuses of every subcommand.
inline constexpr int kExitClear = 0;  // screened, nothing found
inline constexpr int kExitAlert = 1;  // screened, something to review
inline constexpr int kExitError = 2;  // could not do what was asked (never "clear")
// The one mapping of a Status to an exit status: any error is kExitError.
inline int ExitCodeOf(const Status& s) { return s.ok() ? kExitClear : kExitError; }

struct GlobalOptions {
  std::string lists_dir;  // empty: the bundled lists
  std::string config;     // optional key = value file (lists, threshold)
  double threshold = -1;  // < 0: the configured or default threshold
};

// Recording a screening in the store (src/cli/store_commands.cc).
struct RecordArgs {
  bool record = false;      // --record (or `record = always` in the config file)
  std::string store;        // --store PATH|postgresql://... (or `store = ...` in the config file)
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

struct BatchArgs {
  RecordArgs rec;
  std::string input, output;
  unsigned threads = 1;
  bool separate = false;
};

struct CompareArgs {
  std::string left, right, pairs;
};

struct ServeArgs {
  // Empty or negative: the config file's value, else 127.0.0.1, 8080, no key file, no age limit.
  std::string host;
  int port = -1;
  std::string api_keys;  // file of hex SHA-256 key hashes
  bool no_auth = false;
  double max_list_age_hours = -1;  // 0: no limit
  size_t threads = 0;  // 0: one I/O thread per core
  bool log_names = false;
  bool access_log = false;
  std::string store;  // --store: record screenings, serve /v1/alerts
  std::string policy;  // --policy: geographic policy file for messages and trade (default: built in)
};

int RunScreen(const GlobalOptions& g, const ScreenArgs& a);
int RunBatch(const GlobalOptions& g, const BatchArgs& a);
int RunCompare(const GlobalOptions& g, const CompareArgs& a);
int RunLists(const GlobalOptions& g, const std::string& format, const std::string& export_names = "");

struct DiffArgs {
  std::string old_path, new_path;
  std::string format = "table";
};
// `lists diff OLD NEW`: exit 0 when the versions hold the same entities, 1 when they differ.
int RunListsDiff(const DiffArgs& a);
// Serves the HTTP API until SIGINT/SIGTERM; SIGHUP reloads the lists. Exit 2 on a start-up error.
int RunServe(const GlobalOptions& g, const ServeArgs& a);

struct TextArgs {
  std::vector<std::string> files;  // "-" is stdin
  std::string format = "table";
};
// `text FILE...`: listed names mentioned in texts. Exit 0 none, 1 mentions, 2 error.
int RunText(const GlobalOptions& g, const TextArgs& a);

// For subcommands implemented in their own files: the Screener over the lists the global options
// select (--lists, --config, EMBARGO_LISTS, bundled), and the resolved alert threshold.
struct ConfiguredScreener {
  std::unique_ptr<Screener> screener;
  double threshold = kDefaultThreshold;
};
StatusOr<ConfiguredScreener> LoadConfiguredScreener(const GlobalOptions& g);

// `message FILE...`: screens payment messages (MT, RJE batches, ISO 20022 XML), one result per
// message. Exit 0 when every message passes, 1 on any REVIEW or BLOCK, 2 on any error.
struct MessageArgs {
  std::vector<std::string> files;
  std::string format = "table";
};
int RunMessage(const GlobalOptions& g, const MessageArgs& a);
// --- Keeping lists current (update_commands.cc, docs/LISTS.md).

// Where the lists in force come from: a list store, with `lists_dir` (the bundled lists) as the
// fallback for datasets it lacks; or, with an empty store, the list directory `lists_dir` alone.
struct ListsLocation {
  std::string store;
  std::string lists_dir;
  bool lists_given = false;  // --lists, `lists =` or EMBARGO_LISTS named the directory or store
};
// Resolves --lists, the config file (`lists`, `store`) and EMBARGO_LISTS; the default is the
// store DefaultStoreDir() with the bundled lists as fallback. False with a message on a bad config.
bool ResolveListsLocation(const GlobalOptions& g, ListsLocation& out, std::string& error);

// Config keys read by `lists update` only: source.NAME and update.*.
bool IsUpdateConfigKey(const std::string& key);

struct UpdateArgs {
  std::vector<std::string> sources;  // empty: update.sources from the config, else every source
  bool force = false;                // accept a version that fails the drop check
  std::string format = "table";
};
// `lists update`: exit 0 when every source is updated or unchanged, 2 when any failed (its
// version in force is kept) or on a usage error.
int RunListsUpdate(const GlobalOptions& g, const UpdateArgs& a);

// Prints the lists in force with their versions (`embargo lists`, table or json); exit 0.
int PrintListsInForce(const ListsInForce& lists, const std::string& format);
// `goods CODE...`: exit 1 when any code is on the CHPL, 0 when none, 2 on a malformed code.
struct GoodsArgs {
  std::vector<std::string> codes;
  std::string format = "table";
};
int RunGoods(const GoodsArgs& a);

// `trade FILE`: exit 0 PASS, 1 REVIEW or BLOCK, 2 when the transaction could not be screened.
struct TradeArgs {
  std::string file;
  std::string format = "table";
  std::string rules;   // optional rule = value file (docs/TRADE.md)
  std::string policy;  // optional geographic policy file (docs/POLICY.md)
};
int RunTrade(const GlobalOptions& g, const TradeArgs& a);
// --- Store commands (src/cli/store_commands.cc).
// The lists directory and threshold as every command resolves them (command line, config, env).
struct ResolvedConfig {
  std::string lists_dir;
  double threshold = 0;
  std::string error;  // non-empty: the configuration is unusable
};
ResolvedConfig ResolveForStore(const GlobalOptions& g);
// True when this screening must be recorded (flag or `record = always`); errors exit 2.
bool WantsRecord(const GlobalOptions& g, const RecordArgs& r);
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
  std::string format = "table";
};
struct RescreenArgs {
  StoreArgs st;
  std::string customers;
  bool from_store = false;
  std::string previous_lists;
  size_t batch_size = 1000;
  unsigned threads = 1;
  std::string format = "table";
};
int RunAuditVerify(const GlobalOptions& g, const StoreArgs& a);
int RunAlertsList(const GlobalOptions& g, const AlertsArgs& a);
int RunAlertsShow(const GlobalOptions& g, const AlertsArgs& a);
int RunAlertsDecide(const GlobalOptions& g, const AlertsArgs& a);
int RunRescreenCommand(const GlobalOptions& g, const RescreenArgs& a);

}  // namespace embargo::cli
