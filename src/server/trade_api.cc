#include "server/trade_api.h"

#include "common/strings.h"
#include "goods/chpl.h"
#include "goods/chpl_json.h"
#include "server/json_body.h"
#include "trade/trade.h"

namespace embargo::server {

namespace {

// The value a request set `key` to, as applied: a PASS with rules switched off says so.
nlohmann::json Override(const std::string& key, const std::string& value, const trade::TradeOptions& o) {
  if (key == "threshold") return o.match.threshold;
  if (key == "hit_block_score") return o.hit_block_score;
  if (key == "recent_incorporation_days") return o.recent_incorporation_days;
  return Lower(Trim(value));
}

}  // namespace

Reply ScreenTrade(const ApiContext& ctx, const Params& params, const std::string& body) {
  trade::TradeOptions options;
  options.match.threshold = ctx.default_threshold;
  options.text_scanner = ctx.snap.text_scanner.get();
  nlohmann::json overrides = nlohmann::json::object();
  for (const auto& [key, value] : params) {  // a rule given twice is refused before (RepeatedSingleParam)
    Status s = trade::ApplyTradeRule(key, value, options);
    // 422: a well-formed value this server will not apply (screening_incomplete=off).
    if (!s.ok()) return Error(s.code() == StatusCode::kFailedPrecondition ? 422 : 400, "invalid_parameter", s.message());
    overrides[std::string(Trim(key))] = Override(key, value, options);
  }
  trade::TradeScreener screener(ctx.snap.screener.get(), *ctx.snap.policy, goods::Chpl::Embedded(), options);
  auto j = ParseJsonBody(body);
  auto tx = j.ok() ? trade::ParseTransactionJson(*j) : StatusOr<trade::Transaction>(j.status());
  if (tx.ok() && tx->parties.size() > ctx.max_queries) {
    return Error(413, "too_many_queries", "at most " + std::to_string(ctx.max_queries) + " parties per transaction");
  }
  trade::TradeResult r;
  if (tx.ok()) {
    r = screener.Screen(*tx);
  } else {
    r.errors.push_back("could not screen: " + tx.status().message());
  }
  nlohmann::json out = trade::TradeResultJson(r);
  if (r.verdict == trade::Verdict::kError) {
    // Never a verdict a client could take for clear: an error status and verdict ERROR together.
    Reply reply = Error(400, "invalid_transaction", ErrorText(r));
    reply.body["verdict"] = "ERROR";
    return reply;
  }
  out["threshold"] = options.match.threshold;
  out["overrides"] = std::move(overrides);
  out["lists"] = ListsJson(ctx);
  out["lists_stale"] = ListsStale(ctx);
  return {200, std::move(out)};
}

Reply GetGoods(const std::string& code) {
  const goods::Chpl& chpl = goods::Chpl::Embedded();
  auto m = chpl.Check(code);
  if (!m.ok()) return Error(400, "invalid_hs_code", m.status().message());
  nlohmann::json out = goods::ChplMatchJson(*m);
  out["list"] = "CHPL";
  out["version"] = chpl.version();
  return {200, std::move(out)};
}

}  // namespace embargo::server
