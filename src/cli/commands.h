// The embargo command-line subcommands. Each returns the process exit status:
// 0 no alert, 1 alert, 2 error (the message, naming file, line or field, goes to stderr).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace embargo::cli {

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
};

struct BatchArgs {
  RecordArgs rec;
  std::string input, output;
  unsigned threads = 1;
};

struct CompareArgs {
  std::string left, right, pairs;
};

struct ServeArgs {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string api_keys;  // file of hex SHA-256 key hashes
  bool no_auth = false;
  double max_list_age_hours = 0;  // 0: no limit
  size_t threads = 96;
  bool log_names = false;
  bool access_log = false;
  std::string store;  // --store: record screenings, serve /v1/alerts
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
