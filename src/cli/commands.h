// The embargo command-line subcommands. Each returns the process exit status:
// 0 no alert, 1 alert, 2 error (the message, naming file, line or field, goes to stderr).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "embargo/screener.h"
#include "embargo/status.h"

namespace embargo::cli {

struct GlobalOptions {
  std::string lists_dir;  // empty: the bundled lists
  std::string config;     // optional key = value file (lists, threshold)
  double threshold = -1;  // < 0: the configured or default threshold
};

struct ScreenArgs {
  std::string name;
  std::string type;
  std::vector<std::string> dob, country, id;
  size_t limit = 10;
  std::string format = "table";
  bool separate = false;  // one hit per list record, not per subject
};

struct BatchArgs {
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
  size_t threads = 96;
  bool log_names = false;
  bool access_log = false;
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

}  // namespace embargo::cli
