// `embargo trade FILE`: a trade transaction screened as a whole (docs/TRADE.md).
#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "common/io.h"
#include "common/json_text.h"
#include "embargo/text_scan.h"
#include "trade/trade.h"

namespace embargo::cli {
namespace {

void PrintTable(const trade::TradeResult& r) {
  std::cout << trade::VerdictName(r.verdict) << (r.id.empty() ? "" : " " + r.id) << ": " << r.findings.size()
            << " finding(s) (CHPL " << r.chpl_version << ")\n";
  if (r.verdict == trade::Verdict::kError) std::cout << "  " << ErrorText(r) << "\n";
  for (const trade::Finding& f : r.findings) {
    std::cout << "  " << (f.action == trade::Verdict::kBlock ? "BLOCK " : "review") << "  " << f.check << "  " << f.field
              << "\n          " << f.reason << "\n";
  }
}

}  // namespace

CommandResult RunTrade(const GlobalOptions& g, const TradeArgs& a) {
  auto emit_error = [&](const std::string& msg) -> Status {
    // The transaction was not screened: never PASS, and machine readers get the verdict too.
    if (a.format == "json") {
      std::cout << JsonText({{"verdict", "ERROR"}, {"error", "could not screen: " + msg}}, 2)
                << "\n";
    }
    return Status::InvalidArgument("could not screen: " + msg);
  };
  trade::TradeOptions options;
  if (!a.rules.empty()) {
    auto text = ReadFile(a.rules);
    if (!text.ok()) return emit_error(text.status().message());
    if (Status s = trade::ApplyTradeRules(*text, a.rules, options); !s.ok()) return emit_error(s.message());
  }
  GeoPolicy policy = GeoPolicy::Default();
  if (!a.policy.empty()) {
    auto loaded = GeoPolicy::Load(a.policy);
    if (!loaded.ok()) return emit_error(loaded.status().message());
    policy = std::move(loaded).value();
  }
  std::string text;
  if (a.file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto read = ReadFile(a.file);
    if (!read.ok()) return emit_error(read.status().message());
    text = std::move(read).value();
  }
  // Parse before loading the lists, so a malformed file fails fast.
  auto tx = trade::ParseTransaction(text);
  if (!tx.ok()) return emit_error(a.file + ": " + tx.status().message());
  double threshold = options.match.threshold;
  auto screener = LoadConfiguredScreener(g);
  if (!screener.ok()) return emit_error(screener.status().message());
  threshold = screener->threshold;
  if (g.threshold >= 0 || options.match.threshold == kDefaultThreshold) options.match.threshold = threshold;
  auto scanner = TextScanner::Build(*screener->screener);
  if (!scanner.ok()) return emit_error(scanner.status().message());
  options.text_scanner = scanner->get();
  trade::TradeScreener ts(screener->screener.get(), policy, goods::Chpl::Embedded(), options);
  trade::TradeResult r = ts.Screen(*tx);
  if (a.format == "json") {
    std::cout << JsonText(trade::TradeResultJson(r), 2) << "\n";
  } else {
    PrintTable(r);
  }
  if (r.verdict == trade::Verdict::kError) return Status::InvalidArgument(ErrorText(r));
  return AlertIf(r.verdict != trade::Verdict::kPass);
}

}  // namespace embargo::cli
