#include "server/message_api.h"

#include "common/strings.h"
#include "match/result_json.h"
#include "payments/message_json.h"
#include "payments/parse.h"
#include "payments/screen_message.h"

namespace embargo::server {
namespace {

using nlohmann::json;

}  // namespace

Reply ScreenMessage(const ApiContext& ctx, const Params& params, const std::string& body) {
  if (Status s = OnlyKnownParams(params, {"threshold"}); !s.ok()) return Error(400, "invalid_parameter", s.message());
  double threshold = ctx.default_threshold;
  if (Status s = ThresholdParam(params, nullptr, false, threshold); !s.ok())
    return Error(400, "invalid_parameter", s.message());
  std::string text = body;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Error(400, "invalid_request", "empty body: expected a payment message");
  // JSON wraps the message as {"message": "..."}; an MT message also starts with '{' but never '{"'.
  size_t second = body.find_first_not_of(" \t\r\n", first + 1);
  if (body[first] == '{' && second != std::string::npos && body[second] == '"') {
    auto parsed = ParseJsonObject(body);
    if (!parsed.ok()) return BadJson(parsed.status());
    json& j = *parsed;
    auto m = j.find("message");
    if (m == j.end() || !m->is_string()) return Error(400, "invalid_request", "message: expected the payment message as a string");
    if (Status s = OnlyKnownMembers(j, "request", {"message", "threshold"}); !s.ok())
      return Error(400, "invalid_request", s.message());
    text = m->get<std::string>();
    if (Status s = ThresholdParam(params, &j, false, threshold); !s.ok()) return Error(400, "invalid_parameter", s.message());
  }
  auto parsed = payments::ParseMessages(text);
  if (parsed.size() > ctx.max_queries)
    return Error(413, "too_many_messages", "at most " + std::to_string(ctx.max_queries) + " messages per request");

  payments::ScreenOptions opts;
  opts.match.threshold = threshold;
  opts.text_scanner = ctx.snap.text_scanner.get();
  payments::MessageScreener screener(*ctx.snap.screener, *ctx.snap.policy, ctx.snap.identifiers, opts);
  payments::Verdict worst = payments::Verdict::kPass;
  json results = json::array();
  size_t unreadable = 0;
  for (const auto& p : parsed) {
    json r;
    if (p.message) {
      payments::MessageScreenResult s = screener.Screen(*p.message);
      worst = payments::Worst(worst, s.verdict);
      r = payments::ScreenResultJson(p, &s);
    } else {
      ++unreadable;
      worst = payments::Verdict::kError;
      r = payments::ScreenResultJson(p, nullptr);
    }
    results.push_back(std::move(r));
  }
  // The list versions screened against, and whether they are stale, as every screening answer:
  // a PASS against lists past --max-list-age says so.
  json out = {{"verdict", std::string(payments::VerdictName(worst))}, {"threshold", threshold},
              {"results", std::move(results)},       {"lists", ListsJson(ctx)},
              {"lists_stale", ListsStale(ctx)}};
  if (unreadable == parsed.size()) {
    out["error"] = {{"code", "unreadable_message"}, {"message", "could not screen: " + parsed[0].status.message()}};
    return Reply{422, std::move(out)};
  }
  return Reply{200, std::move(out)};
}

}  // namespace embargo::server
