#include "payments/screen_message.h"

#include <algorithm>
#include <cctype>
#include <exception>

#include "common/strings.h"
#include "entity/countries.h"
#include "payments/address.h"
#include "policy/blocked_currency.h"
#include "policy/geo_policy.h"

namespace embargo::payments {
namespace {

std::string Normalize(std::string_view id) {
  std::string out;
  for (char c : id)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "19800101" (50F line 4) or "1980-01-01" (ISO BirthDt) as a PartialDate.
std::optional<PartialDate> BirthDate(const std::string& s) {
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), ::isdigit))
    return PartialDate::Parse(s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2));
  return PartialDate::Parse(s);
}

// Country of an IBAN ("DE89370400440532013000" -> "DE"), empty when the account is no IBAN.
std::string IbanCountry(std::string_view account) {
  std::string a = Normalize(account);
  if (a.size() < 15 || a.size() > 34 || !std::isupper(static_cast<unsigned char>(a[0])) ||
      !std::isupper(static_cast<unsigned char>(a[1])) || !std::isdigit(static_cast<unsigned char>(a[2])) ||
      !std::isdigit(static_cast<unsigned char>(a[3])))
    return {};
  return CountryName(a.substr(0, 2)).empty() ? std::string() : a.substr(0, 2);
}

Finding MakeFinding(const std::string& field, const std::string& role, std::string check, std::string value,
                    Verdict action, std::string reason, double score) {
  Finding f;
  f.check = std::move(check);
  f.field = field;
  f.role = role;
  f.value = std::move(value);
  f.action = action;
  f.reason = std::move(reason);
  f.score = score;
  return f;
}

// Where `matched` (as the policy found it) stands in `text`: byte offset, or npos.
size_t FindPlace(std::string_view text, std::string_view matched) {
  size_t at = text.find(matched);
  if (at != std::string_view::npos || matched.empty()) return at;
  return Lower(text).find(Lower(matched));
}

// The policy's rule on currencies (BlockedCurrency), as the message's "currency" check.
void CheckCurrency(const GeoPolicy& geo, const std::string& field, const std::string& code, std::vector<Finding>& out) {
  if (auto f = BlockedCurrency(geo, code)) out.push_back(MakeFinding(field, "message", "currency", code, f->action, f->reason, 1.0));
}

void SetEntity(const Entity& e, Finding& f) {
  f.entity_id = e.id;
  f.entity_name = e.caption();
  f.dataset = e.dataset;
  f.programs = e.programs;
}

// The listed names the party's name lines mention beside other words (MentionsInName), but for
// the entities its name readings found since `first`: a listed party named alone is one finding.
void AddNameMentions(const Party& p, const MessageScreener& screener, size_t first, MessageScreenResult& out) {
  NameMentions found = MentionsInName(p, screener, out);
  size_t mark = out.findings.size();
  std::string value;
  for (Finding& f : found.findings) {
    bool known = std::any_of(out.findings.begin() + static_cast<ptrdiff_t>(first), out.findings.begin() + static_cast<ptrdiff_t>(mark),
                             [&](const Finding& g) { return g.entity_id == f.entity_id; });
    if (known) continue;
    value += (value.empty() ? "" : "; ") + f.value;
    out.findings.push_back(std::move(f));
  }
  if (out.findings.size() > mark || !found.note.empty())
    RecordCheck(out, mark, {p.field, p.role, "name_text", value.empty() ? p.name : value, Verdict::kPass, found.note});
}

}  // namespace

IdentifierIndex::IdentifierIndex(const Screener& screener) {
  for (const auto& list : screener.lists())
    for (const auto& e : list.entities)
      for (const auto& id : e.identifiers) {
        std::string v = Normalize(id.value);
        if (id.kind == IdKind::kSwiftBic && (v.size() == 8 || v.size() == 11)) {
          by_bic8_[v.substr(0, 8)].push_back({&e, v});
          ++bic_count_;
        } else if (id.kind == IdKind::kLei && v.size() == 20) {
          by_lei_[v].push_back({&e, v});
        }
      }
}

const std::vector<IdentifierIndex::Listed>* IdentifierIndex::BicInstitution(std::string_view bic) const {
  if (bic.size() < 8) return nullptr;
  auto it = by_bic8_.find(std::string(bic.substr(0, 8)));
  return it == by_bic8_.end() ? nullptr : &it->second;
}

const std::vector<IdentifierIndex::Listed>* IdentifierIndex::Lei(std::string_view lei) const {
  auto it = by_lei_.find(Normalize(lei));
  return it == by_lei_.end() ? nullptr : &it->second;
}

MessageScreener::MessageScreener(const Screener& screener, const GeoPolicy& geo, ScreenOptions options)
    : screener_(screener), geo_(geo), options_(options), ids_(std::make_shared<IdentifierIndex>(screener)) {}

MessageScreener::MessageScreener(const Screener& screener, const GeoPolicy& geo, std::shared_ptr<const IdentifierIndex> ids,
                                 ScreenOptions options)
    : screener_(screener), geo_(geo), options_(options), ids_(std::move(ids)) {}

void MessageScreener::CheckBic(std::string_view raw, const std::string& field, const std::string& role,
                               std::vector<Finding>& out, bool bic_country) const {
  std::string bic = Normalize(raw);
  if (bic.size() != 8 && bic.size() != 11) return;
  if (const auto* listed = ids_->BicInstitution(bic)) {
    // A listed BIC8 (or BIC11 ending in XXX) names the institution and so all its branches.
    // A listed branch met by another branch or the head office is the same institution: review.
    for (const auto& l : *listed) {
      bool whole_institution = l.value.size() == 8 || l.value.compare(8, 3, "XXX") == 0;
      bool same = whole_institution || (bic.size() == 11 && bic.compare(8, 3, l.value, 8, 3) == 0);
      Finding h = MakeFinding(field, role, "bic", bic, same ? Verdict::kBlock : Verdict::kReview,
                              same ? (bic == l.value ? "BIC " + bic + " is listed"
                                                     : "BIC " + bic + " is a branch of listed BIC " + l.value + " (all branches)")
                                   : "BIC " + bic + " is the same institution as listed branch BIC " + l.value,
                              same ? 1.0 : 0.9);
      SetEntity(*l.entity, h);
      out.push_back(std::move(h));
    }
  }
  if (!bic_country) return;
  if (auto f = geo_.CheckCountry(bic.substr(4, 2))) {
    out.push_back(MakeFinding(field, role, "bic_country", bic, f->action,
                              "BIC country " + bic.substr(4, 2) + " (" + f->name + "): " + f->reason, 1.0));
  }
}

void MessageScreener::CheckLei(std::string_view lei, const std::string& field, const std::string& role,
                               std::vector<Finding>& out) const {
  if (const auto* listed = ids_->Lei(lei))
    for (const auto& l : *listed) {
      Finding& f = out.emplace_back(
          MakeFinding(field, role, "lei", std::string(lei), Verdict::kBlock, "LEI " + std::string(lei) + " is listed", 1.0));
      SetEntity(*l.entity, f);
    }
}

void MessageScreener::CheckCountry(const std::string& code, const std::string& field, const std::string& role,
                                   const std::string& what, std::vector<Finding>& out) const {
  if (auto f = geo_.CheckCountry(code))
    out.push_back(MakeFinding(field, role, "country", code, f->action, what + " " + code + " (" + f->name + "): " + f->reason,
                              1.0));
}

void MessageScreener::CheckPlaceText(std::string_view text, const std::string& field, const std::string& role,
                                     const std::string& check, std::vector<Finding>& out) const {
  for (const auto& f : geo_.CheckText(text)) {
    // A place that names a street ("HAVANA STREET") says nothing of where the text points: review.
    size_t at = FindPlace(text, f.matched);
    bool street = at != std::string_view::npos && PlaceUseIn(text, at, at + f.matched.size()) == PlaceUse::kStreet;
    out.push_back(MakeFinding(field, role, check, std::string(text), street ? Verdict::kReview : f.action,
                              "'" + f.matched + "' is " + f.name + (street ? " (in a street name)" : "") + ": " + f.reason,
                              1.0));
  }
}

void MessageScreener::CheckAddressLine(const Party& p, size_t k, std::vector<Finding> names, const std::string& note_in,
                                       MessageScreenResult& out) const {
  const std::string& line = p.address_lines[k];
  size_t mark = out.findings.size();
  for (Finding& f : names) out.findings.push_back(std::move(f));
  std::string note = note_in;
  for (const auto& g : geo_.CheckText(line)) {
    // Whether the party's country or town is that place (a region only by its town or
    // subdivision: Kyiv is in UA but not in Crimea), or known to be elsewhere.
    bool region = g.code.find('-') != std::string::npos;
    auto names_place = [&](const std::string& text) {
      if (text.empty()) return false;
      for (const auto& t : geo_.CheckText(text))
        if (t.code == g.code) return true;
      return false;
    };
    bool there = names_place(p.town) || names_place(p.country_subdivision) || (!region && p.country == g.code);
    bool elsewhere = !there && ((!p.country.empty() && p.country != g.code.substr(0, 2)) || !p.town.empty());
    size_t at = FindPlace(line, g.matched);
    PlaceUse use = k < p.street_lines ? PlaceUse::kStreet
                   : at == std::string::npos ? PlaceUse::kOther
                                             : PlaceUseIn(line, at, at + g.matched.size());
    std::string where = p.country.empty() ? p.town : std::string(CountryName(p.country));
    Verdict action = g.action;
    std::string why;
    if (use == PlaceUse::kStreet && elsewhere) {
      note += (note.empty() ? "" : "; ") + ("'" + g.matched + "' names a street; the party is in " + where);
      continue;
    }
    if (!there && use == PlaceUse::kStreet) {
      action = Verdict::kReview;
      why = " (in a street name; the address does not say where the party is)";
    } else if (!there && (use == PlaceUse::kOther || elsewhere)) {
      action = Verdict::kReview;
      why = elsewhere ? " (but the party's " + std::string(p.country.empty() ? "town" : "country") + " is " + where + ")"
                      : " (named in the address, which does not say it is the town or country)";
    }
    out.findings.push_back(MakeFinding(p.field, p.role, "address", line, std::min(action, g.action),
                                       "'" + g.matched + "' is " + g.name + why + ": " + g.reason, 1.0));
  }
  RecordCheck(out, mark, {p.field, p.role, "address", line, Verdict::kPass, note});
}

bool MessageScreener::CheckName(const Query& query, const std::string& field, const std::string& role,
                                const std::string& check, MessageScreenResult& out, std::string* note) const {
  auto r = screener_.Screen(query, options_.match);
  if (r.ok() && r->incomplete && options_.retry_candidates > options_.match.max_candidates) {
    // More candidates than the budget: look again, wider, before calling the result incomplete.
    MatchOptions wide = options_.match;
    wide.max_candidates = options_.retry_candidates;
    r = screener_.Screen(query, wide);
  }
  if (!r.ok()) {
    out.errors.push_back("could not screen " + check + " in field " + field + " ('" + query.name + "'): " +
                         r.status().message());
    return false;
  }
  if (r->incomplete) {
    // Even the wider look left candidates unscored: a match cannot be ruled out, so never PASS.
    out.incomplete = true;
    out.findings.push_back(MakeFinding(field, role, check, query.name, Verdict::kReview,
                                       "more similar list names than the candidate budget (" +
                                           std::to_string(options_.retry_candidates) +
                                           ") allows to score: a match cannot be ruled out",
                                       0));
  }
  for (const auto& hit : r->hits) {
    if (hit.score < options_.match.threshold) continue;
    HitJudgement j =
        Judge(query, hit, options_.match.threshold, check == "free_text" ? NameSource::kTextLine : NameSource::kParty);
    if (!j.keep) {
      if (note) *note += (note->empty() ? "" : "; ") + hit.entity->id + " set aside: " + j.note;
      continue;
    }
    bool exact_id = false;
    for (const auto& ev : hit.evidence) exact_id = exact_id || (ev.kind == "identifier" && ev.effect >= 1.0);
    // Reached by an identifier alone, no list name met the query's: the record goes by its caption.
    const std::string& listed = hit.matched_name.empty() ? hit.entity->caption() : hit.matched_name;
    Finding h = MakeFinding(field, role, check, query.name, exact_id ? Verdict::kBlock : Verdict::kReview,
                            (exact_id ? "identifier matches listed " : "name matches listed ") +
                                std::string(SchemaName(hit.entity->schema)) + " '" + listed + "' (score " +
                                std::to_string(j.score).substr(0, 4) + ")",
                            j.score);
    for (const auto& ev : hit.evidence)
      if (ev.effect != 0) h.reason += "; " + ev.detail;
    if (!j.note.empty()) h.reason += "; " + j.note;
    SetEntity(*hit.entity, h);
    out.findings.push_back(std::move(h));
  }
  return true;
}

HitJudgement MessageScreener::Judge(const Query& query, const Hit& hit, double threshold, NameSource source) const {
  return JudgeHit(screener_, query, hit, threshold, source);
}

void MessageScreener::ScreenPartyIds(const Party& p, MessageScreenResult& out) const {
  std::string bic_field = p.bic_path.empty() ? p.field : p.field + "/" + p.bic_path;
  std::string lei_field = p.lei_path.empty() ? p.field : p.field + "/" + p.lei_path;
  if (!p.bic.empty()) {
    size_t mark = out.findings.size();
    CheckBic(p.bic, bic_field, p.role, out.findings);
    RecordCheck(out, mark, {bic_field, p.role, "bic", p.bic, Verdict::kPass, ""});
  }
  if (!p.lei.empty()) {
    size_t mark = out.findings.size();
    CheckLei(p.lei, lei_field, p.role, out.findings);
    RecordCheck(out, mark, {lei_field, p.role, "lei", p.lei, Verdict::kPass, ""});
  }
}

void MessageScreener::ScreenPartyNames(const Party& p, MessageScreenResult& out) const {
  Query q;
  if (p.institution || p.nature == PartyNature::kOrganization) q.schema = Schema::kOrganization;
  else if (p.nature == PartyNature::kPerson) q.schema = Schema::kPerson;
  if (!p.birth_date.empty())
    if (auto d = BirthDate(p.birth_date)) q.birth_dates.push_back(*d);
  for (const auto* c : {&p.country, &p.residence_country, &p.birth_country})
    if (!c->empty()) AddUnique(q.countries, *c);
  std::string ids;
  for (const auto& id : p.ids)
    if (id.scheme != "clearing code") {
      q.identifiers.push_back(id.value);
      ids += (ids.empty() ? "" : " ") + id.value;
    }
  bool named = false;
  size_t first = out.findings.size();
  std::vector<std::pair<std::string, std::string>> readings;  // name, note
  if (!p.name.empty()) readings.emplace_back(p.name, "");
  if (!p.other_name.empty()) readings.emplace_back(p.other_name, "second reading: the name continued on the next line");
  for (auto& part : NameLineParts(p.name_lines))
    if (std::none_of(readings.begin(), readings.end(), [&](const auto& r) { return r.first == part; }))
      readings.emplace_back(std::move(part), "a line of the name, read on its own: a line may name a second party");
  for (auto& [name, note] : readings) {
    size_t mark = out.findings.size();
    if (IsPlaceholderName(name)) {
      RecordCheck(out, mark, {p.field, p.role, "name", name, Verdict::kPass,
                              "placeholder: no distinctive word, not screened as a name"});
      continue;
    }
    q.name = name;
    named = true;
    bool ran = CheckName(q, p.field, p.role, "name", out, &note);
    RecordCheck(out, mark, {p.field, p.role, "name", name, Verdict::kPass, note}, ran);
  }
  // Both readings of a name may find one entity: the better finding stands for both.
  auto end = out.findings.end();
  for (auto it = out.findings.begin() + static_cast<ptrdiff_t>(first); it != end; ++it)
    end = std::remove_if(it + 1, end, [&](const Finding& f) {
      bool same = !f.entity_id.empty() && f.entity_id == it->entity_id && f.check == it->check;
      if (same && f.score > it->score) *it = f;
      return same;
    });
  out.findings.erase(end, out.findings.end());
  if (!named && !q.identifiers.empty() && p.bic.empty() && p.lei.empty()) {
    // Identifiers without a name (an ISO party with only Othr ids) are still looked up.
    size_t mark = out.findings.size();
    Query by_id;
    by_id.identifiers = q.identifiers;
    bool ran = CheckName(by_id, p.field, p.role, "identifier", out);
    RecordCheck(out, mark, {p.field, p.role, "identifier", ids, Verdict::kPass, ""}, ran);
  }
}

void MessageScreener::ScreenPartyPlaces(const Party& p, MessageScreenResult& out) const {
  // The countries the party gives, then its town and every line of its address.
  auto country = [&](const std::string& code, const std::string& what) {
    if (code.empty()) return;
    size_t mark = out.findings.size();
    CheckCountry(code, p.field, p.role, what, out.findings);
    RecordCheck(out, mark, {p.field, p.role, "country", code, Verdict::kPass, what == "country" ? "" : what});
  };
  country(p.country, "country");
  if (p.residence_country != p.country) country(p.residence_country, "country of residence");
  if (p.birth_country != p.country && p.birth_country != p.residence_country) country(p.birth_country, "country of birth");
  std::string iban = IbanCountry(p.account);
  if (!iban.empty() && iban != p.country) country(iban, "account (IBAN) country");
  for (const auto* t : {&p.town, &p.country_subdivision, &p.birth_place})
    if (!t->empty()) {
      size_t mark = out.findings.size();
      std::string check = t == &p.birth_place ? "birth_place" : t == &p.town ? "town" : "address";
      CheckPlaceText(*t, p.field, p.role, check, out.findings);
      std::string note;  // a name written where the place stands is found as in free text
      for (Finding& f : MentionsInPlace(p, *t, check, *this, out, note)) out.findings.push_back(std::move(f));
      RecordCheck(out, mark, {p.field, p.role, check, *t, Verdict::kPass, note});
    }
  AddressMentions names = MentionsInAddress(p, *this, out);
  for (size_t k = 0; k < p.address_lines.size(); ++k)
    CheckAddressLine(p, k, k < names.findings.size() ? std::move(names.findings[k]) : std::vector<Finding>{},
                     k < names.notes.size() ? names.notes[k] : std::string(), out);
}

void MessageScreener::ScreenParty(const Party& p, MessageScreenResult& out) const {
  ScreenPartyIds(p, out);
  size_t first = out.findings.size();
  ScreenPartyNames(p, out);
  AddNameMentions(p, *this, first, out);
  ScreenPartyPlaces(p, out);
}

MessageScreenResult MessageScreener::Screen(const PaymentMessage& m) const {
  MessageScreenResult out;
  // A structural fault is a finding of its own: what could be read is screened beside it.
  for (const auto& f : m.faults) {
    size_t mark = out.findings.size();
    std::string where = f.field.empty() ? "line " + std::to_string(f.line) : f.field;
    out.findings.push_back(MakeFinding(where, "message", "format", "line " + std::to_string(f.line), Verdict::kReview,
                                       "format fault, screened as far as it could be read: " + f.Text(), 0));
    RecordCheck(out, mark, {where, "message", "format", f.Text(), Verdict::kPass, ""});
  }
  for (const auto& [field, code] : m.currencies) {
    size_t mark = out.findings.size();
    CheckCurrency(geo_, field, code, out.findings);
    RecordCheck(out, mark, {field, "message", "currency", code, Verdict::kPass, ""});
  }
  for (const auto& p : m.parties) ScreenGuarded(p.field, p.role, p.line, out, [&] { ScreenParty(p, out); });
  if (options_.screen_free_text)
    for (const auto& t : m.free_text) ScreenGuarded(t.field, "free text", t.line, out, [&] { ScreenFreeText(t, *this, out); });
  out.checks = out.screened.size();
  Conclude(out);
  return out;
}

void ScreenGuarded(const std::string& field, const std::string& role, size_t line, MessageScreenResult& out,
                   const std::function<void()>& checks) {
  try {
    checks();
  } catch (const std::exception& e) {
    std::string what = "could not screen field " + field + " (" + role + ", line " + std::to_string(line) + "): " + e.what();
    out.errors.push_back(what);
    RecordCheck(out, out.findings.size(), {field, role, "error", what, Verdict::kPass, ""}, false);
  }
}

void RecordCheck(MessageScreenResult& out, size_t first_finding, Screened item, bool ran) {
  item.result = ran ? Verdict::kPass : Verdict::kError;
  for (size_t i = first_finding; ran && i < out.findings.size(); ++i) item.result = Worst(item.result, out.findings[i].action);
  out.screened.push_back(std::move(item));
}

}  // namespace embargo::payments
