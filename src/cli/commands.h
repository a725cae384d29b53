// The embargo command-line subcommands. Each returns the process exit status:
// 0 no alert, 1 alert, 2 error (the message, naming file, line or field, goes to stderr).
#pragma once

#include <string>
#include <vector>

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
};

struct BatchArgs {
  std::string input, output;
  unsigned threads = 1;
};

struct CompareArgs {
  std::string left, right, pairs;
};

int RunScreen(const GlobalOptions& g, const ScreenArgs& a);
int RunBatch(const GlobalOptions& g, const BatchArgs& a);
int RunCompare(const GlobalOptions& g, const CompareArgs& a);
int RunLists(const GlobalOptions& g, const std::string& format, const std::string& export_names = "");

}  // namespace embargo::cli
