#include "server/text_api.h"

#include <cstdlib>
#include <mutex>

#include "embargo/text_scan.h"
#include "text_scan/mention_json.h"

namespace embargo::server {
namespace {

using nlohmann::json;

}  // namespace

// The scanner of the newest list version text requests have used. Built under the lock on first
// use (tens of milliseconds); the weak pointer tells when the Screener it was built on has gone.
std::shared_ptr<const TextScanner> ScannerFor(const Snapshot& snap) {
  static std::mutex mu;
  static std::weak_ptr<const Screener> built_on;
  static std::shared_ptr<const TextScanner> scanner;
  std::lock_guard<std::mutex> lock(mu);
  if (scanner && built_on.lock() == snap.screener) return scanner;
  auto built = TextScanner::Build(*snap.screener);
  if (!built.ok()) return nullptr;
  scanner = std::shared_ptr<const TextScanner>(std::move(*built));
  built_on = snap.screener;
  return scanner;
}


Reply ScreenText(const ApiContext& ctx, const Params& params, const std::string& content_type, const std::string& body) {
  double threshold = ctx.default_threshold;
  if (auto it = params.find("threshold"); it != params.end()) {
    char* end = nullptr;
    double d = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end != '\0' || !(d > 0 && d <= 1))
      return Error(400, "invalid_parameter", "threshold: expected a number in (0, 1]");
    threshold = d;
  }
  std::string text_json;
  const std::string* text = &body;
  if (content_type.starts_with("application/json")) {
    json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error(400, "invalid_json", "request body must be a JSON object");
    auto t = j.find("text");
    if (t == j.end() || !t->is_string()) return Error(400, "invalid_request", "text: expected a string");
    text_json = t->get<std::string>();
    text = &text_json;
    if (auto th = j.find("threshold"); th != j.end()) {
      if (!th->is_number() || !(th->get<double>() > 0 && th->get<double>() <= 1))
        return Error(400, "invalid_parameter", "threshold: expected a number in (0, 1]");
      threshold = th->get<double>();
    }
  }
  if (size_t bad = FindInvalidUtf8(*text); bad != std::string::npos)
    return Error(400, "invalid_text", "text is not valid UTF-8 at byte offset " + std::to_string(bad));
  auto scanner = ScannerFor(ctx.snap);
  if (!scanner) return Error(500, "internal", "the text scanner could not be built");
  TextScanStats stats;
  std::vector<Mention> mentions = scanner->Scan(*text, threshold, &stats);
  json out = {{"alert", !mentions.empty()},
              {"threshold", threshold},
              {"bytes", stats.bytes},
              {"mentions", MentionsJson(mentions)},
              {"lists", ListsJson(ctx)},
              {"lists_stale", ListsStale(ctx)}};
  return {200, std::move(out)};
}

}  // namespace embargo::server
