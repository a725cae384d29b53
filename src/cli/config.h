// The `--config FILE` of every command: `key = value` lines read once, by one parser, into typed
// sections. A malformed value or an unknown key is an error naming the file and line (and, for an
// unknown key, the nearest known one); a deprecated key still works and earns a warning.
// The keys and their meaning: docs/CLI.md, "Configuration".
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/decision_store.h"
#include "embargo/list_store.h"
#include "embargo/screener.h"
#include "embargo/status.h"

namespace embargo::cli {

// Which lists are screened against (every command that screens).
struct ListsSection {
  std::string lists;       // `lists`: a list directory or a list store
  std::string list_store;  // `list_store`: the list store when `lists` names none
  double threshold = kDefaultThreshold;
  // `ownership` (a line per graph file) and `ownership_rule`: entities the listed persons own or
  // control are screened too (docs/OWNERSHIP.md).
  std::vector<std::string> ownership;
  std::string ownership_rule;  // ofac, eu or uk; empty: ofac
};

// `embargo serve`; the command line wins over these.
struct ServeSection {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string api_keys;  // file of API keys (SHA-256 hex, principal, roles per line)
  double max_list_age_hours = 0;
  std::string public_url;  // the address clients reach the server at; empty: the listening address
  double drain_timeout_seconds = 30;  // on SIGTERM: time for the requests in flight to be answered
};

// The decision store: screenings, alerts, decisions and the audit trail.
struct DecisionStoreSection {
  std::string decision_store;  // `decision_store` (formerly `store`): SQLite file or postgresql://
  bool record_always = false;  // `record = always | on-request`
  std::string caller;
  DecisionStoreOptions options;  // four_eyes, four_eyes_score
};

// `lists update`: the sources and the checks of a new version.
struct UpdateSection {
  std::vector<ListSource> sources = DefaultListSources();
  std::vector<std::string> enabled;  // update.sources; empty: all
  UpdateOptions options;
};

struct ConfigFile {
  std::string path;  // empty: no file, every section at its defaults
  ListsSection lists;
  ServeSection serve;
  DecisionStoreSection decisions;
  UpdateSection update;
  std::vector<std::string> warnings;  // "FILE:LINE: 'store' is deprecated; write 'decision_store'"
  std::map<std::string, std::string> set_at;  // setting -> "FILE:LINE" that set it
  std::vector<std::string> ownership_at;      // "FILE:LINE" of each of lists.ownership, in order
};

// Parses a config file's text; `path` names it in errors and warnings.
StatusOr<ConfigFile> ParseConfig(std::string_view text, const std::string& path);
// Reads and parses `path`; an empty path gives the defaults.
StatusOr<ConfigFile> ReadConfigFile(const std::string& path);

// Every key the parser knows (source.NAME as "source.NAME"), for suggestions; with its meaning,
// for `embargo help config`.
std::vector<std::string> KnownConfigKeys();
std::vector<std::pair<std::string, std::string>> ConfigKeyHelp();

// `candidates`' nearest to `word` when it is close enough to be a likely typo, else empty.
std::string NearestWord(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace embargo::cli
