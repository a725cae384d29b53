// Recording in the decision store for `screen`, `batch` and `serve` (store_commands.cc).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cli/commands.h"
#include "decision_store/screening.h"
#include "embargo/decision_store.h"
#include "embargo/screener.h"
#include "server/server.h"

namespace embargo::cli {

// The decision store named by the flag, the config file or the environment, opened (and migrated
// unless read-only).
StatusOr<std::unique_ptr<DecisionStore>> OpenStore(const std::string& flag, const Settings& s, bool read_only = false);

// True when this screening must be recorded (--record or `record = always`).
bool WantsRecord(const Settings& s, const RecordArgs& r);

// Records one screening and prints it with its alert ids or suppressions; when recording fails
// the error says the screening was not recorded.
CommandResult RecordScreen(const Settings& s, const RecordArgs& r, const Query& query, const ScreenResult& result,
                           const Screener& screener, const std::string& format);

// `batch --record`: every screened row is recorded, idempotently (rows are keyed by the input's
// content and line: rerunning an interrupted batch records only the rows not yet recorded).
class BatchRecorder {
 public:
  static StatusOr<std::unique_ptr<BatchRecorder>> Open(const Settings& s, const RecordArgs& r, std::string_view input);
  // Records one row and adds what the store did to its output: record, verdict, alert ids,
  // suppressions. An error means the row was not recorded; `bad_field` names the row's field at
  // fault when the row itself is (a customer id given twice).
  Status Record(const decisions::Customer& customer, size_t line, const ScreenResult& result, const Screener& screener,
                double threshold, nlohmann::json& row, std::string* bad_field);

 private:
  std::string RunKey(const Screener& screener, double threshold);

  std::unique_ptr<DecisionStore> store_;
  std::string caller_, input_key_, run_key_;
  std::unordered_map<std::string, size_t> first_line_of_id_;
};

// The server's decision store: --decision-store or the config file's decision store keys.
Status ConfigureServerStore(const Settings& s, const std::string& store_flag, server::ServerOptions& opts);

}  // namespace embargo::cli
