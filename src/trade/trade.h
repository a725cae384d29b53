// Trade transactions (docs/TRADE.md): parties, goods lines, route, vessel and letter of credit,
// screened as a whole against the lists (Screener), the CHPL (goods) and the GeoPolicy, plus
// red-flag rules. A transaction that cannot be parsed or fully screened is never PASS.
//
// The parts: transaction.h (the model and its parser), options.h (the rules' settings), rules.h
// (one function per rule), and here the screener that runs the rules over a transaction.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

#include "embargo/screener.h"
#include "embargo/verdict.h"
#include "findings/findings.h"
#include "goods/chpl.h"
#include "policy/geo_policy.h"
#include "trade/options.h"
#include "trade/transaction.h"

namespace embargo::trade {

using ::embargo::Finding;  // src/findings/findings.h
using ::embargo::Verdict;  // include/embargo/verdict.h
using ::embargo::VerdictName;

// Finding::check is the rule (party_hit, geo, ...) and Finding::field the JSON path
// ("parties[2].name", "goods[0].hs_code"). When the transaction could not be screened, `errors`
// says why and there are no findings.
struct TradeResult : Findings {
  std::string id;
  std::string chpl_version;
};

// Thread-safety: immutable; Screen() may run concurrently. `screener` may be null only if the
// caller wants ERROR for every transaction with parties (nothing is PASS without list screening).
class TradeScreener {
 public:
  TradeScreener(const Screener* screener, const GeoPolicy& policy, const goods::Chpl& chpl,
                TradeOptions options = {});
  TradeResult Screen(const Transaction& tx) const;
  TradeResult ScreenJson(std::string_view json) const;
  const TradeOptions& options() const { return options_; }

 private:
  // Runs every rule over `tx`; the first error stops it.
  Status RunRules(const Transaction& tx, std::vector<Finding>& out) const;

  const Screener* screener_;
  const GeoPolicy& policy_;
  const goods::Chpl& chpl_;
  TradeOptions options_;
};

// {"id", "verdict", "findings": [{"rule", "path", "reason", "action", ...}], "error"?, "chpl_version"}
nlohmann::json TradeResultJson(const TradeResult& r);

}  // namespace embargo::trade
