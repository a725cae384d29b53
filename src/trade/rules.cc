#include "trade/rules.h"

#include <algorithm>
#include <cctype>

#include "embargo/text_scan.h"
#include "entity/countries.h"
#include "policy/blocked_currency.h"
#include "text/normalize.h"
#include "text_scan/party_name.h"

namespace embargo::trade {
namespace {

Finding& Add(std::vector<Finding>& out, std::string rule, std::string path, std::string reason, Verdict action) {
  Finding& f = out.emplace_back();
  f.check = std::move(rule);
  f.field = std::move(path);
  f.reason = std::move(reason);
  f.action = action;
  return f;
}

bool SameInstitution(std::string_view a, std::string_view b) {
  std::string x = Squash(a), y = Squash(b);
  if (x.empty() || y.empty()) return false;
  if (x == y) return true;
  const std::string& shorter = x.size() < y.size() ? x : y;
  const std::string& longer = x.size() < y.size() ? y : x;
  return shorter.size() >= 6 && longer.find(shorter) != std::string::npos;
}

std::string ItemSummary(const goods::ChplMatch& m) {
  std::string s;
  for (const goods::ChplItem* item : m.items) {
    if (!s.empty()) s += "; ";
    s += "tier " + item->tier + " " + item->hs6_text + " (" + item->description + ")";
  }
  return (m.heading ? "CHPL heading " + m.code.digits + " covers " : "CHPL ") + s;
}

// "Russia (route.destination.country), Kyrgyzstan (parties[1].country)": the points whose
// country `pred` accepts, each country and path once.
template <typename Pred>
std::string Describe(const std::vector<std::pair<std::string, std::string>>& points, Pred pred) {
  std::string out;
  for (const auto& [p, code] : points) {
    if (!pred(code)) continue;
    std::string part = std::string(CountryName(code)) + " (" + p + ")";
    if (out.find(part) != std::string::npos) continue;
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

// A place's port and city as written: "Rotterdam, Saint Petersburg".
std::string Written(const Place& place) {
  std::string out;
  for (const auto& [path, text] : place.Texts()) out += (out.empty() ? "" : ", ") + text;
  return out;
}

bool IsReceivingRole(const std::string& role) {
  return role == "buyer" || role == "consignee" || role == "end_user" || role == "notify_party";
}

}  // namespace

std::string Squash(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (static_cast<unsigned char>(c) >= 0x80) out += c;
  return out;
}

Status ListHit(const RuleContext& ctx, const ListQuery& query, const RuleSetting& setting, const char* rule,
               std::vector<Finding>& out) {
  const TradeOptions& options = ctx.options;
  Query q;
  q.name = query.name;
  q.schema = query.schema;
  if (!query.country.empty()) q.countries.push_back(query.country);
  q.identifiers = query.identifiers;
  auto res = ctx.screener.Screen(q, options.match);
  if (!res.ok()) return res.status().WithContext(query.path);
  if (res->incomplete) {  // never switched off (options.h)
    Add(out, "screening_incomplete", query.path,
        res->unread_letters ? "the name has letters no transliteration reads: they were not screened"
                            : "the candidate budget was reached: more list entries existed than were scored",
        options.screening_incomplete.action);
  }
  if (!setting.enabled) return Status::Ok();
  for (const Hit& h : res->hits) {
    if (h.score < options.match.threshold) continue;
    Verdict action = h.score >= options.hit_block_score ? Verdict::kBlock : setting.action;
    Finding& f = Add(out, rule, query.path,
                     "\"" + query.name + "\" matches " + h.entity->caption() + " (" + h.entity->id + ") with score " +
                         std::to_string(h.score).substr(0, 5),
                     action);
    f.entity_id = h.entity->id;
    f.entity_name = h.entity->caption();
    f.dataset = h.entity->dataset;
    f.score = h.score;
  }
  return Status::Ok();
}

std::string GeoCountry(const RuleContext& ctx, const std::string& path, const std::string& written,
                       std::vector<Finding>& out) {
  if (!ctx.options.geo || written.empty()) return std::string();
  auto f = ctx.policy.CheckCountry(written);
  if (!f) return std::string();
  Add(out, "geo", path, f->name + " (" + f->code + "): " + f->reason, f->action);
  return f->code;
}

void GeoCurrency(const RuleContext& ctx, const std::string& path, const std::string& code, std::vector<Finding>& out) {
  if (!ctx.options.geo) return;
  if (auto f = BlockedCurrency(ctx.policy, code)) Add(out, "geo", path, f->reason, f->action);
}

void GeoText(const RuleContext& ctx, const std::string& path, const std::string& text, const std::string& skip_code,
             std::vector<Finding>& out) {
  if (!ctx.options.geo || text.empty()) return;
  for (const GeoMatch& f : ctx.policy.CheckText(text)) {
    if (f.code == skip_code) continue;
    Add(out, "geo", path, "mentions " + f.name + " (" + f.code + ", \"" + f.matched + "\"): " + f.reason, f.action);
  }
}

void UnreadLetters(const RuleContext& ctx, const std::string& path, const std::string& text, std::vector<Finding>& out) {
  if (text.empty() || !text::HasUnreadLetters(text::FoldToLatin(text))) return;
  Add(out, "screening_incomplete", path, "\"" + text + "\" has letters no transliteration reads: they were not read",
      ctx.options.screening_incomplete.action);
}

namespace {

// Whether a mention in a port or city is the place's own name: met by a list's weak alias only
// (a nickname or common name: the Russian firm KONSTANTA is also "CONSTANTA", the Romanian port),
// or a part of a firm's or vessel's name, the rest unmet ("Saint Petersburg" of BANK
// SAINT-PETERSBURG). A person's name, or a firm's whole name ("Rosoboronexport"), is no place.
bool ReadsAsPlace(const Hit& hit) {
  bool weak = std::any_of(hit.evidence.begin(), hit.evidence.end(), [](const Evidence& ev) { return ev.kind == kWeakAliasEvidence; });
  return weak || (hit.entity->schema != Schema::kPerson && !hit.unmatched_list.empty());
}

// How Mentions reads a text: "the name", "the address", "the place" or "the text" it is.
struct TextKind {
  const char* what;
  bool own_name = false;  // a party's name: what reads as its own name is no finding
  bool place = false;     // a port or city: a weak alias met there is the place's name
};

// party_mention in `text` at `path`.
void Mentions(const RuleContext& ctx, const std::string& path, const std::string& text, TextKind kind,
              const std::vector<Finding>& found, std::vector<Finding>& out) {
  const bool own_name = kind.own_name;
  const TextScanner* scanner = ctx.options.text_scanner;
  if (!ctx.options.party_mention.enabled || scanner == nullptr || text.empty()) {
    if (!own_name) UnreadLetters(ctx, path, text, out);  // the name's are ListHit's
    return;
  }
  TextScanResult scan = scanner->Scan(text);
  auto incomplete_at = [&](const Finding& f) { return f.check == "screening_incomplete" && f.field == path; };
  bool reported = std::any_of(found.begin(), found.end(), incomplete_at);  // the name's own screening said so
  for (const UnscreenedSpan& u : scan.unscreened)
    if (!reported)
      Add(out, "screening_incomplete", path, "\"" + u.text + "\" " + u.reason, ctx.options.screening_incomplete.action);
  for (const Mention& m : scan.mentions) {
    const Entity& e = *m.hit.entity;
    bool known = std::any_of(found.begin(), found.end(), [&](const Finding& f) { return f.entity_id == e.id; }) ||
                 std::any_of(out.begin(), out.end(), [&](const Finding& f) { return f.field == path && f.entity_id == e.id; });
    if (known || (own_name && !MentionOfOwnName(m.hit, text, m.begin, m.end, true).empty())) continue;
    if (kind.place && ReadsAsPlace(m.hit)) continue;
    Finding& f = Add(out, "party_mention", path,
                     std::string(kind.what) + " mentions \"" + m.text + "\", which matches " + e.caption() + " (" + e.id +
                         ") with score " + std::to_string(m.hit.score).substr(0, 5),
                     ctx.options.party_mention.action);
    f.entity_id = e.id;
    f.entity_name = e.caption();
    f.dataset = e.dataset;
    f.score = m.hit.score;
  }
}

}  // namespace

void PartyMentions(const RuleContext& ctx, const std::string& path, const std::string& text, bool address,
                   const std::vector<Finding>& found, std::vector<Finding>& out) {
  Mentions(ctx, path, text, address ? TextKind{"the address"} : TextKind{"the name", true}, found, out);
}

void TextMentions(const RuleContext& ctx, const std::string& path, const std::string& text, bool place,
                  std::vector<Finding>& out) {
  Mentions(ctx, path, text, place ? TextKind{"the place", false, true} : TextKind{"the text"}, {}, out);
}

Status RecentIncorporation(const RuleContext& ctx, const Party& p, std::vector<Finding>& out) {
  const TradeOptions& options = ctx.options;
  const RuleSetting& rule = options.recent_incorporation;
  const auto& roles = options.recent_incorporation_roles;
  if (!rule.enabled || p.incorporation_date.empty() || std::find(roles.begin(), roles.end(), p.role) == roles.end()) {
    return Status::Ok();
  }
  auto incorporated = ParseDate(p.incorporation_date);
  long days = (ctx.as_of - *incorporated).count();
  if (days < 0) {
    return Status::InvalidArgument(p.path + ".incorporation_date: " + p.incorporation_date +
                                   " is after the transaction date");
  }
  if (days < options.recent_incorporation_days) {
    Add(out, "recent_incorporation", p.path + ".incorporation_date",
        p.role + " incorporated " + std::to_string(days) + " days before the transaction (under " +
            std::to_string(options.recent_incorporation_days) + ")",
        rule.action);
  }
  return Status::Ok();
}

void LcConsignedToIssuingBank(const RuleContext& ctx, const NameAt& issuing_bank, const NameAt& consignee,
                              std::vector<Finding>& out) {
  const RuleSetting& rule = ctx.options.lc_consigned_to_issuing_bank;
  if (!rule.enabled || !SameInstitution(issuing_bank.name, consignee.name)) return;
  Add(out, "lc_consigned_to_issuing_bank", consignee.path,
      "goods consigned to the issuing bank (" + issuing_bank.name + ", " + issuing_bank.path +
          "): the real buyer is not named in the transport documents",
      rule.action);
}

GoodsFlow FlowOf(const Transaction& tx, const GeoPolicy& policy) {
  GoodsFlow flow;
  // Receiving parties, and those the goods pass through; addresses that name a country count too.
  for (const Party& p : tx.parties) {
    bool receives = IsReceivingRole(p.role);
    bool passes = receives || p.role == "intermediary" || p.role == "freight_forwarder" || p.role == "agent";
    if (!receives && !passes) continue;
    std::vector<std::pair<std::string, std::string>> where;
    if (!p.country_code.empty()) where.emplace_back(p.path + ".country", p.country_code);
    for (const GeoMatch& f : policy.CheckText(p.address)) {
      if (f.code.size() == 2) where.emplace_back(p.path + ".address", f.code);
    }
    for (auto& w : where) {
      if (receives) flow.receiving.push_back(w);
      flow.passing.push_back(w);
    }
  }
  // Places count by their country, and by a port or city that names one ("Moscow" is Russia).
  auto countries = [&](const Place& place) {
    std::vector<std::pair<std::string, std::string>> where;
    if (!place.country_code.empty()) where.emplace_back(place.path + ".country", place.country_code);
    for (const auto& [path, text] : place.Texts())
      for (const GeoMatch& f : policy.CheckText(text))
        if (f.code.size() == 2 && f.code != place.country_code) where.emplace_back(path, f.code);
    return where;
  };
  for (const auto* place : {&tx.discharge, &tx.destination}) {
    if (!*place) continue;
    auto where = countries(**place);
    if (where.empty()) flow.unresolved.emplace_back((*place)->path, Written(**place));
    for (const auto& w : where) {
      flow.receiving.push_back(w);
      flow.passing.push_back(w);
    }
  }
  // A stop inside the country of loading is domestic carriage, not a diversion point.
  for (const Place& p : tx.transshipment)
    for (auto& w : countries(p))
      if (!tx.loading || tx.loading->country_code != w.second) flow.passing.push_back(std::move(w));
  return flow;
}

void ChplItem(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match, std::vector<Finding>& out) {
  const RuleSetting& rule = ctx.options.chpl_item;
  if (rule.enabled) Add(out, "chpl_item", path, ItemSummary(match), rule.action);
}

void ChplRussiaBelarus(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match,
                       const GoodsFlow& flow, std::vector<Finding>& out) {
  const RuleSetting& rule = ctx.options.chpl_russia_belarus;
  if (!rule.enabled) return;
  std::string to = Describe(flow.receiving, [&](const std::string& c) { return ctx.policy.IsRussiaOrBelarus(c); });
  if (!to.empty()) Add(out, "chpl_russia_belarus", path, ItemSummary(match) + " bound for " + to, rule.action);
}

void ChplDestinationUnknown(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match,
                            const GoodsFlow& flow, std::vector<Finding>& out) {
  const RuleSetting& rule = ctx.options.chpl_destination_unknown;
  if (!rule.enabled) return;
  // A place the goods are discharged or delivered at, given but not placed in a country: another
  // country named elsewhere (the discharge's, the buyer's) does not tell where they end up.
  for (const auto& [place, written] : flow.unresolved)
    Add(out, "chpl_destination_unknown", path,
        ItemSummary(match) + " bound for " + place + " (\"" + written + "\"), which names no country (" + place +
            ".country) and whose port or city the policy does not place: whether it goes to Russia or Belarus "
            "could not be checked",
        rule.action);
  if (!flow.receiving.empty() || !flow.unresolved.empty()) return;
  Add(out, "chpl_destination_unknown", path,
      ItemSummary(match) + " with no country it is bound for (route.destination.country, or a buyer's or "
                           "consignee's country): whether it goes to Russia or Belarus could not be checked",
      rule.action);
}

void ChplTransshipment(const RuleContext& ctx, const std::string& path, const goods::ChplMatch& match,
                       const GoodsFlow& flow, std::vector<Finding>& out) {
  const RuleSetting& rule = ctx.options.chpl_transshipment;
  if (!rule.enabled) return;
  std::string via = Describe(flow.passing, [&](const std::string& c) { return ctx.policy.IsTransshipmentConcern(c); });
  if (!via.empty()) {
    Add(out, "chpl_transshipment", path,
        ItemSummary(match) + " routed through or sold into a diversion-risk country: " + via, rule.action);
  }
}

}  // namespace embargo::trade
