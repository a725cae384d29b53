// Recording hooks called by `screen` and `batch` (commands.cc), implemented in store_commands.cc.
#pragma once

#include <string>

#include "cli/commands.h"
#include "embargo/screener.h"
#include "server/server.h"

namespace embargo::cli {

// Config-file keys the store commands own: store, record, caller, four_eyes, four_eyes_score.
bool IsStoreConfigKey(const std::string& key);

// Records one screening and prints it with its alert ids or suppressions. Exit 0/1/2; when
// recording fails the error says the screening was not recorded.
int RecordScreen(const GlobalOptions& g, const RecordArgs& r, const Query& query, const ScreenResult& result,
                 const Screener& screener, double threshold, const std::string& format);

// `batch --record`: each row is screened and recorded (idempotently: rerunning the same input
// after an interruption records only the rows not yet recorded); one JSON line per row.
int RecordBatch(const GlobalOptions& g, const BatchArgs& a, const Screener& screener, double threshold);

// The server's store: --store or the config file's store/record/four-eyes keys.
Status ConfigureServerStore(const GlobalOptions& g, const std::string& store_flag, server::ServerOptions& opts);

}  // namespace embargo::cli
