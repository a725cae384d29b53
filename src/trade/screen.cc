// Running the trade rules over a transaction, in document order: parties, letter of credit,
// vessel, route, goods.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "trade/rules.h"
#include "trade/trade.h"

namespace embargo::trade {
namespace {

using nlohmann::json;

// The date the rules count from: the transaction's, else options.today, else today (UTC).
StatusOr<std::chrono::sys_days> AsOf(const Transaction& tx, const TradeOptions& options) {
  std::string today = tx.date.empty() ? options.today : tx.date;
  if (today.empty()) return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  auto d = ParseDate(today);
  if (!d) return Status::InvalidArgument("options.today '" + today + "' is not a date");
  return *d;
}

// What a party is screened as: its type, else an organisation for a bank, else either.
std::optional<Schema> SchemaOf(const Party& p) {
  if (p.type == "person") return Schema::kPerson;
  if (p.type == "organization" || p.role.find("bank") != std::string::npos) return Schema::kOrganization;
  return std::nullopt;
}

// Parties: lists, listed names mentioned in the name or address, countries, addresses, recent
// incorporation.
Status ScreenParty(const RuleContext& ctx, const Party& p, std::vector<Finding>& out) {
  ListQuery query{p.path + ".name", p.name, SchemaOf(p), p.country_code, p.identifiers};
  size_t mark = out.size();
  EMBARGO_RETURN_IF_ERROR(ListHit(ctx, query, ctx.options.party_hit, "party_hit", out));
  std::vector<Finding> named(out.begin() + static_cast<ptrdiff_t>(mark), out.end());
  PartyMentions(ctx, p.path + ".name", p.name, false, named, out);
  std::string code = GeoCountry(ctx, p.path + ".country", p.country, out);
  GeoText(ctx, p.path + ".address", p.address, code, out);
  PartyMentions(ctx, p.path + ".address", p.address, true, named, out);
  for (size_t i = 0; i < p.identifiers.size(); ++i)  // evidence for the name, but written by hand
    TextMentions(ctx, p.path + ".identifiers[" + std::to_string(i) + "]", p.identifiers[i], false, out);
  return RecentIncorporation(ctx, p, out);
}

// Whether some party was screened with the query a letter of credit's name makes: the same name
// (written alike: "Prom Svyaz Bank" scores otherwise than "Promsvyazbank") and schema, no
// country, no identifiers. A party typed otherwise, or given a country, scores otherwise, and its
// miss must not hide the letter's own screening.
bool ScreenedAsParty(const Transaction& tx, const std::string& name, std::optional<Schema> schema) {
  return std::any_of(tx.parties.begin(), tx.parties.end(), [&](const Party& p) {
    return SchemaOf(p) == schema && p.country_code.empty() && p.identifiers.empty() && p.name == name;
  });
}

// Letter of credit: the issuing bank and the consignee it names are screened; consigning the
// goods to the issuing bank is a red flag.
Status ScreenLetterOfCredit(const RuleContext& ctx, const Transaction& tx, std::vector<Finding>& out) {
  NameAt issuing_bank, consignee;
  for (const Party& p : tx.parties) {
    if (p.role == "issuing_bank" && issuing_bank.name.empty()) issuing_bank = {p.name, p.path + ".name"};
    if (p.role == "consignee" && consignee.name.empty()) consignee = {p.name, p.path + ".name"};
  }
  if (!tx.letter_of_credit) return Status::Ok();
  const LetterOfCredit& lc = *tx.letter_of_credit;
  TextMentions(ctx, "letter_of_credit.number", lc.number, false, out);
  if (!lc.issuing_bank.empty()) {
    if (!ScreenedAsParty(tx, lc.issuing_bank, Schema::kOrganization)) {
      ListQuery query{"letter_of_credit.issuing_bank", lc.issuing_bank, Schema::kOrganization, "", {}};
      EMBARGO_RETURN_IF_ERROR(ListHit(ctx, query, ctx.options.party_hit, "party_hit", out));
    }
    issuing_bank = {lc.issuing_bank, "letter_of_credit.issuing_bank"};
  }
  if (!lc.consigned_to.empty()) {
    if (!ScreenedAsParty(tx, lc.consigned_to, std::nullopt)) {  // a person or an organisation: the letter does not say
      ListQuery query{"letter_of_credit.consigned_to", lc.consigned_to, std::nullopt, "", {}};
      EMBARGO_RETURN_IF_ERROR(ListHit(ctx, query, ctx.options.party_hit, "party_hit", out));
    }
    consignee = {lc.consigned_to, "letter_of_credit.consigned_to"};
  }
  LcConsignedToIssuingBank(ctx, issuing_bank, consignee, out);
  return Status::Ok();
}

Status ScreenVessel(const RuleContext& ctx, const Vessel& v, std::vector<Finding>& out) {
  ListQuery query{v.name.empty() ? "vessel.imo" : "vessel.name", v.name.empty() ? "IMO " + v.imo : v.name,
                  Schema::kVessel, v.flag_code, {}};
  if (!v.imo.empty()) query.identifiers.push_back("IMO " + v.imo);
  EMBARGO_RETURN_IF_ERROR(ListHit(ctx, query, ctx.options.vessel_hit, "vessel_hit", out));
  GeoCountry(ctx, "vessel.flag", v.flag, out);
  return Status::Ok();
}

// Route: countries against the policy, ports and cities as place names and as free text.
void ScreenRoute(const RuleContext& ctx, const Transaction& tx, std::vector<Finding>& out) {
  std::vector<const Place*> places;
  if (tx.loading) places.push_back(&*tx.loading);
  for (const Place& p : tx.transshipment) places.push_back(&p);
  if (tx.discharge) places.push_back(&*tx.discharge);
  if (tx.destination) places.push_back(&*tx.destination);
  for (const Place* p : places) {
    std::string code = GeoCountry(ctx, p->path + ".country", p->country, out);
    for (const auto& [path, text] : p->Texts()) {
      GeoText(ctx, path, text, code, out);
      TextMentions(ctx, path, text, true, out);
    }
  }
}

void ScreenGoods(const RuleContext& ctx, const Transaction& tx, const goods::Chpl& chpl, std::vector<Finding>& out) {
  GoodsFlow flow = FlowOf(tx, ctx.policy);
  for (const GoodsLine& g : tx.goods) {
    if (!g.origin_country.empty()) GeoCountry(ctx, g.path + ".origin_country", g.origin_country, out);
    GeoCurrency(ctx, g.path + ".currency", g.currency, out);
    // Free text: a listed name there is looked for; unread letters leave the goods unknown.
    // The currency is no text: it is an ISO 4217 code (ParseTransaction).
    for (const auto& [field, text] : {std::pair{".description", &g.description}, {".unit", &g.unit}})
      TextMentions(ctx, g.path + field, *text, false, out);
    goods::ChplMatch m = chpl.Check(g.hs_code);
    if (!m.listed()) continue;
    std::string path = g.path + ".hs_code";
    ChplItem(ctx, path, m, out);
    ChplRussiaBelarus(ctx, path, m, flow, out);
    ChplDestinationUnknown(ctx, path, m, flow, out);
    ChplTransshipment(ctx, path, m, flow, out);
  }
}

}  // namespace

TradeScreener::TradeScreener(const Screener* screener, const GeoPolicy& policy, const goods::Chpl& chpl,
                             TradeOptions options)
    : screener_(screener), policy_(policy), chpl_(chpl), options_(std::move(options)) {}

TradeResult TradeScreener::ScreenJson(std::string_view json_text) const {
  auto tx = ParseTransaction(json_text);
  if (!tx.ok()) {
    TradeResult r;
    r.chpl_version = chpl_.version();
    r.errors.push_back("could not screen: " + tx.status().message());
    Conclude(r);
    return r;
  }
  return Screen(*tx);
}

TradeResult TradeScreener::Screen(const Transaction& tx) const {
  TradeResult r;
  r.id = tx.id;
  r.chpl_version = chpl_.version();
  if (Status s = RunRules(tx, r.findings); !s.ok()) {
    r.findings.clear();
    r.errors.push_back("could not screen: " + s.message());
  }
  Conclude(r);
  return r;
}

Status TradeScreener::RunRules(const Transaction& tx, std::vector<Finding>& out) const {
  if (screener_ == nullptr) return Status::FailedPrecondition("no lists loaded to screen the parties");
  EMBARGO_ASSIGN_OR_RETURN(std::chrono::sys_days as_of, AsOf(tx, options_));
  const RuleContext ctx{*screener_, policy_, options_, as_of};
  TextMentions(ctx, "id", tx.id, false, out);
  for (const Party& p : tx.parties) EMBARGO_RETURN_IF_ERROR(ScreenParty(ctx, p, out));
  EMBARGO_RETURN_IF_ERROR(ScreenLetterOfCredit(ctx, tx, out));
  if (tx.vessel) EMBARGO_RETURN_IF_ERROR(ScreenVessel(ctx, *tx.vessel, out));
  ScreenRoute(ctx, tx, out);
  ScreenGoods(ctx, tx, chpl_, out);
  return Status::Ok();
}

json TradeResultJson(const TradeResult& r) {
  json findings = json::array();
  for (const Finding& f : r.findings) {
    json j = {{"rule", f.check}, {"path", f.field}, {"reason", f.reason}, {"action", ActionName(f.action)}};
    if (!f.entity_id.empty()) {
      j["entity_id"] = f.entity_id;
      j["caption"] = f.entity_name;
      j["dataset"] = f.dataset;
      j["score"] = std::round(f.score * 10000) / 10000;
    }
    findings.push_back(std::move(j));
  }
  json out = {{"id", r.id}, {"verdict", VerdictName(r.verdict)}, {"findings", findings}, {"chpl_version", r.chpl_version}};
  if (r.verdict == Verdict::kError) out["error"] = ErrorText(r);
  return out;
}

}  // namespace embargo::trade
