// What payment and trade screening report: one Finding per thing found, pointing at the part of
// the input it came from, and one aggregation of an input's findings into its Verdict.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/status.h"
#include "embargo/verdict.h"

namespace embargo {

struct Finding {
  // What found it: a trade rule (party_hit, geo, chpl_russia_belarus, ...; docs/TRADE.md) or a
  // payment check (name, bic, lei, country, address, free_text, ...; docs/PAYMENTS.md).
  std::string check;
  // Where: a transaction's JSON path ("parties[2].name") or a message field ("59F",
  // "CdtrAgt/FinInstnId/BICFI").
  std::string field;
  std::string role;   // payments: the party's role ("beneficiary customer"), or "free text"
  std::string value;  // payments: what was screened (a name, BIC, country code, text line)
  Verdict action = Verdict::kReview;  // kReview or kBlock
  std::string reason;                 // why, in words
  double score = 0;  // list hits: the screening score; payments' places and exact identifiers: 1
  // List hits: the listed entity.
  std::string entity_id, entity_name, dataset;
  std::vector<std::string> programs;
};

// The findings on one input (a message, a transaction) and the verdict they add up to.
struct Findings {
  // ERROR until concluded: nothing counts as clear before it was screened.
  Verdict verdict = Verdict::kError;
  std::vector<Finding> findings;    // after Conclude: blocks first, otherwise in the order found
  std::vector<std::string> errors;  // parts that could not be screened ("could not screen ...")
};

// The one aggregation: drops repeated findings (same check, field, value, entity and reason),
// puts blocks first (otherwise keeping the order found) and sets the verdict: ERROR when any part
// could not be screened, else the worst action, PASS when nothing was found.
void Conclude(Findings& out);
// The errors of `f` in one line ("; " between them).
std::string ErrorText(const Findings& f);

// A finding's action as configured: "review" or "block" (any case); nullopt for anything else.
std::optional<Verdict> ParseAction(std::string_view text);
// "review" or "block": how rule files and the trade JSON write an action.
std::string_view ActionName(Verdict action);

// Rule files (trade rules, the geographic policy): calls `each` with every line, trimmed, that is
// neither blank nor a '#' comment. The first error `each` returns comes back as
// "origin:LINE: message".
[[nodiscard]] Status ForEachRuleLine(std::string_view text, const std::string& origin,
                                     const std::function<Status(std::string_view line)>& each);

}  // namespace embargo
