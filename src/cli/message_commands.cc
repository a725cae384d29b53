// `embargo message FILE...`: payment messages screened field by field (docs/PAYMENTS.md).
#include <iomanip>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "common/json_text.h"
#include "embargo/text_scan.h"
#include "common/io.h"
#include "payments/message_json.h"
#include "payments/parse.h"
#include "payments/screen_message.h"
#include "policy/geo_policy.h"

namespace embargo::cli {
namespace {

using payments::Verdict;

void PrintTable(const std::string& file, const nlohmann::json& r) {
  std::cout << file << " #" << r["index"].get<size_t>() + 1 << " (line " << r["line"] << "): " << r["verdict"].get<std::string>();
  if (r.contains("type")) std::cout << "  " << r["type"].get<std::string>() << " " << r["reference"].get<std::string>();
  if (r.contains("checks")) std::cout << "  (" << r["checks"] << " checks" << (r["incomplete"].get<bool>() ? ", candidate budget reached" : "") << ")";
  std::cout << "\n";
  if (r.contains("errors"))
    for (const auto& e : r["errors"]) std::cout << "    ERROR   " << e.get<std::string>() << "\n";
  for (const auto& h : r["hits"]) {
    std::cout << "    " << std::left << std::setw(7) << h["action"].get<std::string>() << " " << std::setw(14)
              << h["field"].get<std::string>() << " " << std::setw(11) << h["check"].get<std::string>() << std::right << " \""
              << h["value"].get<std::string>() << "\": " << h["reason"].get<std::string>();
    if (h.contains("entity_id"))
      std::cout << " [" << h["entity_id"].get<std::string>() << " " << h["entity_name"].get<std::string>() << "]";
    std::cout << "\n";
  }
  if (r.contains("warnings"))
    for (const auto& w : r["warnings"]) std::cout << "    warning " << w.get<std::string>() << "\n";
}

}  // namespace

CommandResult RunMessage(const GlobalOptions& g, const MessageArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(ConfiguredScreener loaded, LoadConfiguredScreener(g));
  static const GeoPolicy geo = GeoPolicy::Default();
  payments::ScreenOptions opts;
  opts.match.threshold = loaded.threshold;
  auto scanner = TextScanner::Build(*loaded.screener);
  if (scanner.ok()) opts.text_scanner = scanner->get();
  payments::MessageScreener screener(*loaded.screener, geo, opts);

  Verdict worst = Verdict::kPass;
  nlohmann::json all = nlohmann::json::array();
  std::map<std::string, size_t> counts;
  for (const auto& file : a.files) {
    std::vector<payments::ParsedMessage> parsed;
    auto text = ReadFile(file);
    if (text.ok()) {
      parsed = payments::ParseMessages(*text);
    } else {
      payments::ParsedMessage p;
      p.status = text.status();
      parsed.push_back(std::move(p));
    }
    for (const auto& p : parsed) {
      nlohmann::json r;
      Verdict verdict = Verdict::kError;
      if (p.message) {
        payments::MessageScreenResult s = screener.Screen(*p.message);
        verdict = s.verdict;
        r = payments::ScreenResultJson(p, &s);
      } else {
        r = payments::ScreenResultJson(p, nullptr);
        if (text.ok()) r["errors"][0] = "could not screen: " + file + ": " + p.status.message();
      }
      worst = payments::Worst(worst, verdict);
      ++counts[std::string(payments::VerdictName(verdict))];
      r["file"] = file;
      if (a.format == "json") all.push_back(std::move(r));
      else PrintTable(file, r);
    }
  }
  if (a.format == "json") {
    nlohmann::json out = {{"verdict", std::string(payments::VerdictName(worst))}, {"counts", counts},
                          {"threshold", loaded.threshold}, {"messages", std::move(all)}};
    std::cout << JsonText(out) << "\n";
  } else {
    std::cout << "summary:";
    for (const auto& [k, n] : counts) std::cout << " " << k << " " << n;
    std::cout << "\n";
  }
  if (worst == Verdict::kError)
    return Status::InvalidArgument(std::to_string(counts["ERROR"]) + " message(s) could not be screened");
  return AlertIf(worst != Verdict::kPass);
}

}  // namespace embargo::cli
