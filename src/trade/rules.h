// The trade rules of docs/TRADE.md, one function each. A rule appends what it finds to `out`;
// the rules that screen names against the lists return the Screener's error instead, and a
// transaction with such an error is not screened at all (verdict ERROR).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "embargo/screener.h"
#include "findings/findings.h"
#include "goods/chpl.h"
#include "policy/geo_policy.h"
#include "trade/options.h"
#include "trade/transaction.h"

namespace embargo::trade {

// What every rule may consult.
struct RuleContext {
  const Screener& screener;
  const GeoPolicy& policy;
  const TradeOptions& options;
  std::chrono::sys_days as_of;  // the transaction's date, or today
};

// A name screened against the lists: a party, the issuing bank of a letter of credit, a vessel.
struct ListQuery {
  std::string path;  // "parties[4].name", "vessel.name"
  std::string name;
  std::optional<Schema> schema;
  std::string country;
  std::vector<std::string> identifiers;
};

// party_hit or vessel_hit (`rule`, configured by `setting`): list entries the name matches, a
// block from options.hit_block_score up. Also screening_incomplete when the candidate budget was
// reached. Fails when the Screener refuses the query.
[[nodiscard]] Status ListHit(const RuleContext& ctx, const ListQuery& query, const RuleSetting& setting,
                             const char* rule, std::vector<Finding>& out);

// geo: a country field against the policy. Returns the listed code (empty when none), so that the
// text beside it (address, port) does not report the same place again.
std::string GeoCountry(const RuleContext& ctx, const std::string& path, const std::string& written,
                       std::vector<Finding>& out);
// geo: a goods line's currency (ISO 4217) by the policy's rule (policy/blocked_currency.h): the own
// currency of a country blocked outright (KPW, IRR, SYP, CUP) is REVIEW.
void GeoCurrency(const RuleContext& ctx, const std::string& path, const std::string& code, std::vector<Finding>& out);
// geo: listed places named in free text (an address, a port), except `skip_code`.
void GeoText(const RuleContext& ctx, const std::string& path, const std::string& text, const std::string& skip_code,
             std::vector<Finding>& out);

// party_mention: the listed names that `text` (a party's name, or its address when `address`)
// mentions beside other words, found by options.text_scanner, except the entities among
// `found` (what the party's name matched). In a name, what reads as the party's own name
// (MentionOfOwnName) is no finding.
void PartyMentions(const RuleContext& ctx, const std::string& path, const std::string& text, bool address,
                   const std::vector<Finding>& found, std::vector<Finding>& out);

// party_mention in the other free text of a transaction (a route's port or city, a goods line's
// description or unit, the letter of credit's number, the transaction's id): the listed
// names it mentions, found by options.text_scanner, and the spans it could not screen. Without
// a scanner (or with the rule off), only letters no transliteration reads are reported. In a
// `place` (a port or city), a name met only as a list's weak alias ("Constanta", the port, is a
// weak alias of the listed firm KONSTANTA), or as a part of a firm's name ("Saint Petersburg" of
// BANK SAINT-PETERSBURG), is read as the place's own: no finding.
void TextMentions(const RuleContext& ctx, const std::string& path, const std::string& text, bool place,
                  std::vector<Finding>& out);

// screening_incomplete: free text nothing else reads for names (a goods description, a port, an
// address when party_mention does not run) with letters no transliteration reads.
void UnreadLetters(const RuleContext& ctx, const std::string& path, const std::string& text, std::vector<Finding>& out);

// recent_incorporation: a buyer, consignee or end user incorporated shortly before the
// transaction. Fails when the party was incorporated after it.
[[nodiscard]] Status RecentIncorporation(const RuleContext& ctx, const Party& party, std::vector<Finding>& out);

// A name in the transaction and the JSON path it stands at.
struct NameAt {
  std::string name, path;
};
// lc_consigned_to_issuing_bank: the goods are consigned to the bank that issued the credit.
void LcConsignedToIssuingBank(const RuleContext& ctx, const NameAt& issuing_bank, const NameAt& consignee,
                              std::vector<Finding>& out);

// Where a transaction's goods go (receiving: for Russia and Belarus) and where they pass
// (passing: for diversion), as (JSON path, alpha-2 code) pairs; and the discharge or destination
// given without a country, whose port or city names none the policy knows (unresolved: JSON
// path, the place as written): the goods may go anywhere from there.
struct GoodsFlow {
  std::vector<std::pair<std::string, std::string>> receiving, passing, unresolved;
};
GoodsFlow FlowOf(const Transaction& tx, const GeoPolicy& policy);

// The CHPL rules for a goods line whose HS code the CHPL lists (`match`); `path` is its hs_code.
void ChplItem(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match, std::vector<Finding>& out);
void ChplRussiaBelarus(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match,
                       const GoodsFlow& flow, std::vector<Finding>& out);
void ChplDestinationUnknown(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match,
                            const GoodsFlow& flow, std::vector<Finding>& out);
void ChplTransshipment(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match,
                       const GoodsFlow& flow, std::vector<Finding>& out);

// Names compared for the letter-of-credit rule: lower-case letters and digits only.
std::string Squash(std::string_view s);

}  // namespace embargo::trade
