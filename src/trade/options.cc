#include "trade/options.h"

#include <set>

#include "common/strings.h"
#include "findings/findings.h"

namespace embargo::trade {
namespace {

// `text` as a number in [lo, hi]; the error names `key`.
Status ParseNumber(const std::string& key, std::string_view text, double lo, double hi, double& out) {
  std::optional<double> d = DecimalNumber(text);
  if (!d || !(*d >= lo && *d <= hi))
    return Status::InvalidArgument(key + ": '" + std::string(text) + "' is not a decimal number in [" +
                                   std::to_string(lo) + ", " + std::to_string(hi) + "]");
  out = *d;
  return Status::Ok();
}

RuleSetting* RuleNamed(std::string_view name, TradeOptions& o) {
  return name == "party_hit"                      ? &o.party_hit
         : name == "vessel_hit"                   ? &o.vessel_hit
         : name == "chpl_russia_belarus"          ? &o.chpl_russia_belarus
         : name == "chpl_transshipment"           ? &o.chpl_transshipment
         : name == "chpl_destination_unknown"     ? &o.chpl_destination_unknown
         : name == "chpl_item"                    ? &o.chpl_item
         : name == "recent_incorporation"         ? &o.recent_incorporation
         : name == "lc_consigned_to_issuing_bank" ? &o.lc_consigned_to_issuing_bank
         : name == "screening_incomplete"         ? &o.screening_incomplete
         : name == "party_mention"                ? &o.party_mention
                                                  : nullptr;
}

}  // namespace

Status ApplyTradeRule(std::string_view key, std::string_view value, TradeOptions& o) {
  value = Trim(value);
  std::string k(Trim(key)), v = Lower(value);
  if (k == "recent_incorporation_days") {
    double d = 0;
    EMBARGO_RETURN_IF_ERROR(ParseNumber(k, value, 0, 36500, d));
    o.recent_incorporation_days = static_cast<int>(d);
    return Status::Ok();
  }
  if (k == "hit_block_score") return ParseNumber(k, value, 0, 2, o.hit_block_score);
  if (k == "threshold") return ParseNumber(k, value, 0, 1, o.match.threshold);
  if (k == "geo") {
    if (v != "on" && v != "off") return Status::InvalidArgument("geo: expected on or off (the policy sets the actions)");
    o.geo = v == "on";
    return Status::Ok();
  }
  RuleSetting* rule = RuleNamed(k, o);
  if (rule == nullptr) return Status::InvalidArgument("unknown rule '" + k + "' (see docs/TRADE.md)");
  if (v == "off" && rule == &o.screening_incomplete)  // docs/TRADE.md: what was not fully screened is never PASS
    return Status::FailedPrecondition(k + ": cannot be switched off (review or block): a transaction that could "
                                          "not be screened completely is never PASS");
  if (v == "off") {
    rule->enabled = false;
  } else if (std::optional<Verdict> action = ParseAction(v)) {
    rule->enabled = true;
    rule->action = *action;
  } else {
    return Status::InvalidArgument(k + ": '" + std::string(value) + "' is not off, review or block");
  }
  return Status::Ok();
}

Status ApplyTradeRules(std::string_view text, const std::string& origin, TradeOptions& options) {
  std::set<std::string, std::less<>> set;  // a setting given twice: which one was meant is unclear
  return ForEachRuleLine(text, origin, [&](std::string_view line) {
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Status::InvalidArgument("expected rule = value");
    std::string_view key = Trim(line.substr(0, eq));
    if (!set.emplace(key).second) return Status::InvalidArgument(std::string(key) + ": set twice");
    return ApplyTradeRule(key, line.substr(eq + 1), options);
  });
}

}  // namespace embargo::trade
