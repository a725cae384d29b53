// The trade rules' switches and actions (docs/TRADE.md), set in code, from a rule file or from
// the query parameters of POST /v1/screen/trade.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "embargo/screener.h"
#include "embargo/status.h"
#include "embargo/verdict.h"

namespace embargo {
class TextScanner;  // include/embargo/text_scan.h
}  // namespace embargo

namespace embargo::trade {

struct RuleSetting {
  bool enabled = true;
  Verdict action = Verdict::kReview;  // kReview or kBlock
};

struct TradeOptions {
  // A party's name matches a list entry at or above match.threshold.
  RuleSetting party_hit{true, Verdict::kReview};
  // The vessel (name, IMO) matches a list entry.
  RuleSetting vessel_hit{true, Verdict::kReview};
  // A hit scoring at least this is a block whatever the action above (> 1: never).
  double hit_block_score = 0.97;
  // Countries, addresses, ports and flags against the GeoPolicy; its actions apply.
  bool geo = true;
  // A CHPL item with Russia or Belarus as destination, discharge, buyer, consignee or end user.
  RuleSetting chpl_russia_belarus{true, Verdict::kBlock};
  // A CHPL item routed through, or sold to a party in, a transshipment-concern country.
  RuleSetting chpl_transshipment{true, Verdict::kReview};
  // A CHPL item whose receiving country nothing tells (no country for the destination, discharge,
  // buyer, consignee, end user or notify party): the Russia and Belarus rule could not be applied.
  RuleSetting chpl_destination_unknown{true, Verdict::kReview};
  // Any CHPL item at all (off by default: many legitimate trades carry CHPL goods).
  RuleSetting chpl_item{false, Verdict::kReview};
  // A buyer, consignee or end user incorporated fewer than recent_incorporation_days before the
  // transaction date (or today when the transaction has none).
  RuleSetting recent_incorporation{true, Verdict::kReview};
  int recent_incorporation_days = 365;
  std::vector<std::string> recent_incorporation_roles = {"buyer", "consignee", "end_user"};
  // The letter of credit or the consignee names the issuing bank as consignee.
  RuleSetting lc_consigned_to_issuing_bank{true, Verdict::kReview};
  // A listed name mentioned in a party's name beside other words ("Klaus Bergmann c/o Sberbank")
  // or in its address ("c/o Rosoboronexport, 220 Route 9W"), found by text_scanner; an entity
  // the party's name itself matched is not reported again.
  RuleSetting party_mention{true, Verdict::kReview};
  // The free-text scanner for party_mention; none: the rule does not run.
  const TextScanner* text_scanner = nullptr;
  // A party's screening hit the candidate budget (the lists were not fully searched for it), or a
  // name or text holds letters no transliteration reads. Always on: ApplyTradeRule refuses "off".
  RuleSetting screening_incomplete{true, Verdict::kReview};
  // The date used when the transaction has none (YYYY-MM-DD); empty: today (UTC).
  std::string today;
  MatchOptions match;
};

// Applies "rule = off|review|block" and "recent_incorporation_days = N", "hit_block_score = X",
// "threshold = X" lines ('#' comments). Errors name origin:line.
[[nodiscard]] Status ApplyTradeRules(std::string_view text, const std::string& origin, TradeOptions& options);
// One setting by name, as above; used for the file lines and for query parameters.
// screening_incomplete = off is FailedPrecondition (the others' errors InvalidArgument).
[[nodiscard]] Status ApplyTradeRule(std::string_view key, std::string_view value, TradeOptions& options);

}  // namespace embargo::trade
