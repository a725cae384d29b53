#include "payments/screen_message.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"
#include "entity/countries.h"
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

void SetEntity(const Entity& e, Finding& f) {
  f.entity_id = e.id;
  f.entity_name = e.caption();
  f.dataset = e.dataset;
  f.programs = e.programs;
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

void MessageScreener::CheckCountry(const std::string& code, const std::string& field, const std::string& role,
                                   const std::string& what, std::vector<Finding>& out) const {
  if (auto f = geo_.CheckCountry(code))
    out.push_back(MakeFinding(field, role, "country", code, f->action, what + " " + code + " (" + f->name + "): " + f->reason,
                              1.0));
}

void MessageScreener::CheckPlaceText(std::string_view text, const std::string& field, const std::string& role,
                                     const std::string& check, std::vector<Finding>& out) const {
  for (const auto& f : geo_.CheckText(text))
    out.push_back(MakeFinding(field, role, check, std::string(text), f.action,
                              "'" + f.matched + "' is " + f.name + ": " + f.reason, 1.0));
}

bool MessageScreener::CheckName(const Query& query, const std::string& field, const std::string& role,
                                const std::string& check, MessageScreenResult& out) const {
  ++out.checks;
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
    bool exact_id = false;
    for (const auto& ev : hit.evidence) exact_id = exact_id || (ev.kind == "identifier" && ev.effect >= 1.0);
    Finding h = MakeFinding(field, role, check, query.name, exact_id ? Verdict::kBlock : Verdict::kReview,
                            (exact_id ? "identifier matches listed " : "name matches listed ") +
                                std::string(SchemaName(hit.entity->schema)) + " '" + hit.matched_name + "' (score " +
                                std::to_string(hit.score).substr(0, 4) + ")",
                            hit.score);
    for (const auto& ev : hit.evidence)
      if (ev.effect != 0) h.reason += "; " + ev.detail;
    SetEntity(*hit.entity, h);
    out.findings.push_back(std::move(h));
  }
  return true;
}

void MessageScreener::ScreenParty(const Party& p, MessageScreenResult& out) const {
  std::string bic_field = p.field, lei_field = p.field;
  if (p.field.find('/') != std::string::npos || std::isupper(static_cast<unsigned char>(p.field[0]))) {  // ISO path
    bic_field = p.field + (p.institution ? (p.field.starts_with("AppHdr/") ? "/FIId/FinInstnId/BICFI" : "/FinInstnId/BICFI")
                                         : "/Id/OrgId/AnyBIC");
    lei_field = p.field + (p.institution ? "/FinInstnId/LEI" : "/Id/OrgId/LEI");
  }
  if (!p.bic.empty()) {
    ++out.checks;
    CheckBic(p.bic, bic_field, p.role, out.findings);
  }
  if (!p.lei.empty()) {
    ++out.checks;
    if (const auto* listed = ids_->Lei(p.lei))
      for (const auto& l : *listed) {
        Finding& f = out.findings.emplace_back(
            MakeFinding(lei_field, p.role, "lei", p.lei, Verdict::kBlock, "LEI " + p.lei + " is listed", 1.0));
        SetEntity(*l.entity, f);
      }
  }
  if (!p.name.empty()) {
    Query q;
    q.name = p.name;
    if (p.institution || p.nature == PartyNature::kOrganization) q.schema = Schema::kOrganization;
    else if (p.nature == PartyNature::kPerson) q.schema = Schema::kPerson;
    if (!p.birth_date.empty())
      if (auto d = BirthDate(p.birth_date)) q.birth_dates.push_back(*d);
    for (const auto* c : {&p.country, &p.residence_country, &p.birth_country})
      if (!c->empty()) AddUnique(q.countries, *c);
    for (const auto& id : p.ids)
      if (id.scheme != "clearing code") q.identifiers.push_back(id.value);
    CheckName(q, p.field, p.role, "name", out);
  } else if (!p.ids.empty() && p.bic.empty() && p.lei.empty()) {
    // Identifiers without a name (an ISO party with only Othr ids) are still looked up.
    Query q;
    for (const auto& id : p.ids) q.identifiers.push_back(id.value);
    CheckName(q, p.field, p.role, "identifier", out);
  }
  // Places: the countries the party gives, then every piece of address text.
  auto country = [&](const std::string& code, const std::string& what) {
    if (code.empty()) return;
    ++out.checks;
    CheckCountry(code, p.field, p.role, what, out.findings);
  };
  country(p.country, "country");
  if (p.residence_country != p.country) country(p.residence_country, "country of residence");
  if (p.birth_country != p.country && p.birth_country != p.residence_country) country(p.birth_country, "country of birth");
  std::string iban = IbanCountry(p.account);
  if (!iban.empty() && iban != p.country) country(iban, "account (IBAN) country");
  for (const auto* t : {&p.town, &p.country_subdivision, &p.birth_place})
    if (!t->empty()) {
      ++out.checks;
      CheckPlaceText(*t, p.field, p.role, t == &p.birth_place ? "birth_place" : "address", out.findings);
    }
  for (const auto& line : p.address_lines) {
    ++out.checks;
    CheckPlaceText(line, p.field, p.role, "address", out.findings);
  }
}

MessageScreenResult MessageScreener::Screen(const PaymentMessage& m) const {
  MessageScreenResult out;
  for (const auto& p : m.parties) ScreenParty(p, out);
  if (options_.screen_free_text)
    for (const auto& t : m.free_text) ScreenFreeText(t, *this, out);
  Conclude(out);
  return out;
}

}  // namespace embargo::payments
