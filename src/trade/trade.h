// Trade transactions (docs/TRADE.md): parties, goods lines, route, vessel and letter of credit,
// screened as a whole against the lists (Screener), the CHPL (goods) and the GeoPolicy, plus
// red-flag rules. A transaction that cannot be parsed or fully screened is never PASS.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/screener.h"
#include "embargo/status.h"
#include "embargo/verdict.h"
#include "goods/chpl.h"
#include "policy/geo_policy.h"

namespace embargo::trade {

struct Party {
  std::string path;   // "parties[2]"
  std::string role;   // buyer, seller, consignee, end_user, ... (docs/TRADE.md)
  std::string name;
  std::string type;   // person, organization or empty
  std::string country;       // as written
  std::string country_code;  // ISO alpha-2, empty when no country was given
  std::string address;
  std::vector<std::string> identifiers;
  std::string incorporation_date;  // YYYY-MM-DD or empty
};

struct GoodsLine {
  std::string path;  // "goods[0]"
  goods::HsCode hs_code;
  std::string description;
  std::optional<double> value;
  std::string currency;
  std::string origin_country, origin_code;
};

struct Place {
  std::string path;  // "route.transshipment[1]"
  std::string port;
  std::string country, country_code;
};

struct Vessel {
  std::string name, imo, flag, flag_code;
};

struct LetterOfCredit {
  std::string number, issuing_bank, consigned_to;
};

struct Transaction {
  std::string id;
  std::string date;  // YYYY-MM-DD or empty
  std::vector<Party> parties;
  std::vector<GoodsLine> goods;
  std::optional<Place> loading, discharge, destination;
  std::vector<Place> transshipment;
  std::optional<Vessel> vessel;
  std::optional<LetterOfCredit> letter_of_credit;
};

// Parses and validates a transaction. Errors name the JSON path: "parties[1].name: missing",
// "goods[0].hs_code: HS code '85': ...", "route.destination.country: unknown country 'Narnia'".
[[nodiscard]] StatusOr<Transaction> ParseTransaction(std::string_view json);
[[nodiscard]] StatusOr<Transaction> ParseTransactionJson(const nlohmann::json& j);

using ::embargo::Verdict;  // include/embargo/verdict.h
using ::embargo::VerdictName;

struct RuleSetting {
  bool enabled = true;
  PolicyAction action = PolicyAction::kReview;
};

struct TradeOptions {
  // A party's name matches a list entry at or above match.threshold.
  RuleSetting party_hit{true, PolicyAction::kReview};
  // The vessel (name, IMO) matches a list entry.
  RuleSetting vessel_hit{true, PolicyAction::kReview};
  // A hit scoring at least this is a block whatever the action above (> 1: never).
  double hit_block_score = 0.97;
  // Countries, addresses, ports and flags against the GeoPolicy; its actions apply.
  bool geo = true;
  // A CHPL item with Russia or Belarus as destination, discharge, buyer, consignee or end user.
  RuleSetting chpl_russia_belarus{true, PolicyAction::kBlock};
  // A CHPL item routed through, or sold to a party in, a transshipment-concern country.
  RuleSetting chpl_transshipment{true, PolicyAction::kReview};
  // Any CHPL item at all (off by default: many legitimate trades carry CHPL goods).
  RuleSetting chpl_item{false, PolicyAction::kReview};
  // A buyer, consignee or end user incorporated fewer than recent_incorporation_days before the
  // transaction date (or today when the transaction has none).
  RuleSetting recent_incorporation{true, PolicyAction::kReview};
  int recent_incorporation_days = 365;
  std::vector<std::string> recent_incorporation_roles = {"buyer", "consignee", "end_user"};
  // The letter of credit or the consignee names the issuing bank as consignee.
  RuleSetting lc_consigned_to_issuing_bank{true, PolicyAction::kReview};
  // A party's screening hit the candidate budget (the lists were not fully searched for it).
  RuleSetting screening_incomplete{true, PolicyAction::kReview};
  // The date used when the transaction has none (YYYY-MM-DD); empty: today (UTC).
  std::string today;
  MatchOptions match;
};

// Applies "rule = off|review|block" and "recent_incorporation_days = N", "hit_block_score = X",
// "threshold = X" lines ('#' comments). Errors name origin:line.
[[nodiscard]] Status ApplyTradeRules(std::string_view text, const std::string& origin, TradeOptions& options);
// One setting by name, as above; used for the file lines and for JSON request "rules" objects.
[[nodiscard]] Status ApplyTradeRule(std::string_view key, std::string_view value, TradeOptions& options);

struct Finding {
  std::string rule;    // party_hit, geo, chpl_russia_belarus, ...
  std::string path;    // "parties[2].name", "goods[0].hs_code"
  std::string reason;
  PolicyAction action = PolicyAction::kReview;
  // party_hit / vessel_hit: the list entry.
  std::string entity_id, entity_caption, dataset;
  double score = 0;
};

struct TradeResult {
  Verdict verdict = Verdict::kError;
  std::string id;
  std::vector<Finding> findings;  // blocks first, then in document order
  std::string error;              // kError: why the transaction could not be screened
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
  const Screener* screener_;
  const GeoPolicy& policy_;
  const goods::Chpl& chpl_;
  TradeOptions options_;
};

// {"id", "verdict", "findings": [{"rule", "path", "reason", "action", ...}], "error"?, "chpl_version"}
nlohmann::json TradeResultJson(const TradeResult& r);

}  // namespace embargo::trade
