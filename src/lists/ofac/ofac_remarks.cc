#include "lists/ofac/ofac_remarks.h"
#include "common/strings.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include "entity/countries.h"

namespace embargo {
namespace {

enum class Feature : uint8_t {
  kId,
  kCrypto,  // "Digital Currency Address - XBT": the currency code follows the label
  kWebsite,
  kEmail,
  kGender,
  kNationality,
  kCitizenship,
  kCountry,
  kLinkedTo,
  kVesselFlag,
  kVesselType,
  kDob,
  kPob,
};

struct Rule {
  std::string_view label;
  Feature feature;
  IdKind kind = IdKind::kOther;
};

// Labels as OFAC writes them in remarks and in XML idType. The longest matching label wins,
// so "Passport Booklet" beats "Passport" and "Nationality of Registration" beats "nationality".
constexpr Rule kRules[] = {
    {"DOB", Feature::kDob},
    {"POB", Feature::kPob},
    {"nationality", Feature::kNationality},
    {"citizen", Feature::kCitizenship},
    {"Nationality of Registration", Feature::kCountry},
    {"Gender", Feature::kGender},
    {"Linked To:", Feature::kLinkedTo},
    {"Website", Feature::kWebsite},
    {"Email Address", Feature::kEmail},
    {"Email", Feature::kEmail},
    {"Vessel Flag", Feature::kVesselFlag},
    {"Vessel Type", Feature::kVesselType},
    {"Digital Currency Address -", Feature::kCrypto, IdKind::kCrypto},
    // Travel documents.
    {"Passport", Feature::kId, IdKind::kPassport},
    {"Passport No.", Feature::kId, IdKind::kPassport},
    {"Passport Booklet", Feature::kId, IdKind::kPassport},
    {"Passport Booklet:", Feature::kId, IdKind::kPassport},
    {"Diplomatic Passport", Feature::kId, IdKind::kPassport},
    {"British National Overseas Passport", Feature::kId, IdKind::kPassport},
    {"Travel Document Number", Feature::kId, IdKind::kPassport},
    // Personal identity numbers.
    {"National ID No.", Feature::kId, IdKind::kNationalId},
    {"Identification Number", Feature::kId, IdKind::kNationalId},
    {"Cedula No.", Feature::kId, IdKind::kNationalId},
    {"D.N.I.", Feature::kId, IdKind::kNationalId},
    {"C.U.R.P.", Feature::kId, IdKind::kNationalId},
    {"C.U.R.P. #", Feature::kId, IdKind::kNationalId},
    {"C.U.I.", Feature::kId, IdKind::kNationalId},
    {"C.U.I.P.", Feature::kId, IdKind::kNationalId},
    {"I.F.E.", Feature::kId, IdKind::kNationalId},
    {"Credencial electoral", Feature::kId, IdKind::kNationalId},
    {"Electoral Registry No.", Feature::kId, IdKind::kNationalId},
    {"Personal ID Card", Feature::kId, IdKind::kNationalId},
    {"National Foreign ID Number", Feature::kId, IdKind::kNationalId},
    {"Kenyan ID No.", Feature::kId, IdKind::kNationalId},
    {"SSN", Feature::kId, IdKind::kNationalId},
    {"Turkish Identification Number", Feature::kId, IdKind::kNationalId},
    {"Numero de Identidad", Feature::kId, IdKind::kNationalId},
    {"Citizen's Card Number", Feature::kId, IdKind::kNationalId},
    {"Tazkira National ID Card", Feature::kId, IdKind::kNationalId},
    {"Moroccan Personal ID No.", Feature::kId, IdKind::kNationalId},
    {"Bosnian Personal ID No.", Feature::kId, IdKind::kNationalId},
    {"UAE Identification", Feature::kId, IdKind::kNationalId},
    {"N.I.E.", Feature::kId, IdKind::kNationalId},
    {"Residency Number", Feature::kId, IdKind::kNationalId},
    {"Refugee ID Card", Feature::kId, IdKind::kNationalId},
    {"National Identification Number", Feature::kId, IdKind::kNationalId},
    // Tax numbers.
    {"Tax ID No.", Feature::kId, IdKind::kTaxId},
    {"NIT #", Feature::kId, IdKind::kTaxId},
    {"R.F.C.", Feature::kId, IdKind::kTaxId},
    {"R.F.C. #", Feature::kId, IdKind::kTaxId},
    {"RFC", Feature::kId, IdKind::kTaxId},
    {"RUC #", Feature::kId, IdKind::kTaxId},
    {"RIF #", Feature::kId, IdKind::kTaxId},
    {"RTN", Feature::kId, IdKind::kTaxId},
    {"V.A.T. Number", Feature::kId, IdKind::kTaxId},
    {"C.U.I.T.", Feature::kId, IdKind::kTaxId},
    {"C.I.F.", Feature::kId, IdKind::kTaxId},
    {"US FEIN", Feature::kId, IdKind::kTaxId},
    {"Italian Fiscal Code", Feature::kId, IdKind::kTaxId},
    {"Italian Fiscal Code:", Feature::kId, IdKind::kTaxId},
    {"Numero Unico de Identificacao Tributaria (NUIT)", Feature::kId, IdKind::kTaxId},
    {"Paraguayan tax identification number", Feature::kId, IdKind::kTaxId},
    // Company registers.
    {"Registration Number", Feature::kId, IdKind::kRegistration},
    {"Registration ID", Feature::kId, IdKind::kRegistration},
    {"Business Registration Number", Feature::kId, IdKind::kRegistration},
    {"Business Registration Document #", Feature::kId, IdKind::kRegistration},
    {"Business Number", Feature::kId, IdKind::kRegistration},
    {"Government Gazette Number", Feature::kId, IdKind::kRegistration},
    {"Company Number", Feature::kId, IdKind::kRegistration},
    {"UK Company Number", Feature::kId, IdKind::kRegistration},
    {"Company ID: No.", Feature::kId, IdKind::kRegistration},
    {"Commercial Registry Number", Feature::kId, IdKind::kRegistration},
    {"Public Registration Number", Feature::kId, IdKind::kRegistration},
    {"Unified Social Credit Code (USCC)", Feature::kId, IdKind::kRegistration},
    {"United Social Credit Code Certificate (USCCC)", Feature::kId, IdKind::kRegistration},
    {"Folio Mercantil No.", Feature::kId, IdKind::kRegistration},
    {"Matricula Mercantil No", Feature::kId, IdKind::kRegistration},
    {"Trade License No.", Feature::kId, IdKind::kRegistration},
    {"C.R. No.", Feature::kId, IdKind::kRegistration},
    {"Romanian C.R.", Feature::kId, IdKind::kRegistration},
    {"Economic Register Number (CBLS)", Feature::kId, IdKind::kRegistration},
    {"Chamber of Commerce Number", Feature::kId, IdKind::kRegistration},
    {"Istanbul Chamber of Comm. No.", Feature::kId, IdKind::kRegistration},
    {"Dubai Chamber of Commerce Membership No.", Feature::kId, IdKind::kRegistration},
    {"Central Registration System Number", Feature::kId, IdKind::kRegistration},
    {"Enterprise Number", Feature::kId, IdKind::kRegistration},
    {"Branch Unit Number", Feature::kId, IdKind::kRegistration},
    {"Registered Charity No.", Feature::kId, IdKind::kRegistration},
    {"Certificate of Incorporation Number", Feature::kId, IdKind::kRegistration},
    {"LE Number", Feature::kId, IdKind::kRegistration},
    {"Organization Code", Feature::kId, IdKind::kRegistration},
    {"D-U-N-S Number", Feature::kId, IdKind::kRegistration},
    // Vessels, banks, legal entities.
    {"Vessel Registration Identification", Feature::kId, IdKind::kImo},
    {"IMO", Feature::kId, IdKind::kImo},
    {"MMSI", Feature::kId, IdKind::kMmsi},
    {"SWIFT/BIC", Feature::kId, IdKind::kSwiftBic},
    {"Legal Entity Number", Feature::kId, IdKind::kLei},
    // Other identifiers worth matching on.
    {"Aircraft Tail Number", Feature::kId},
    {"Aircraft Manufacturer's Serial Number (MSN)", Feature::kId},
    {"Aircraft Construction Number (also called L/N or S/N or F/N)", Feature::kId},
    {"Aircraft Mode S Transponder Code", Feature::kId},
    {"Aircraft Serial Identification", Feature::kId},
    {"Other Vessel Call Sign", Feature::kId},
    {"Vessel Call Sign", Feature::kId},
    {"ISIN", Feature::kId},
    {"BIK (RU)", Feature::kId},
    {"Driver's License No.", Feature::kId},
    {"Birth Certificate Number", Feature::kId},
    {"Cartilla de Servicio Militar Nacional", Feature::kId},
    {"VisaNumberID", Feature::kId},
    {"SRE Permit No.", Feature::kId},
    {"Pilot License Number", Feature::kId},
    {"Immigration No.", Feature::kId},
    {"Serial No.", Feature::kId},
};

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool IStartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && IEquals(s.substr(0, prefix.size()), prefix);
}

// Trims whitespace and trailing periods (OFAC ends the whole remarks text with one).
std::string_view TrimValue(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && s.back() == '.') s = Trim(s.substr(0, s.size() - 1));
  return s;
}

// A name keeps its final period when the last word is an abbreviation ("CO. LTD.", "S.A.").
std::string_view TrimName(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.back() != '.') return s;
  std::string_view body = s.substr(0, s.size() - 1);
  size_t space = body.find_last_of(" ,");
  std::string_view word = space == std::string_view::npos ? body : body.substr(space + 1);
  static constexpr std::string_view kAbbrev[] = {"LTD", "CO",  "INC", "CORP", "LLC", "PLC", "JSC",
                                                 "PTE", "PVT", "BHD", "SDN",  "AG",  "SA",  "CIA"};
  bool abbrev = word.find('.') != std::string_view::npos;
  for (std::string_view a : kAbbrev) abbrev = abbrev || IEquals(word, a);
  return abbrev ? s : Trim(body);
}

bool LabelEnds(std::string_view label, std::string_view text) {
  if (text.size() == label.size()) return true;
  char next = text[label.size()];
  return next == ' ' || next == ':' || !std::isalnum(static_cast<unsigned char>(label.back()));
}

// The rule with the longest label that starts `text` at a word boundary.
const Rule* FindRule(std::string_view text) {
  const Rule* best = nullptr;
  for (const Rule& r : kRules) {
    if ((best == nullptr || r.label.size() > best->label.size()) && IStartsWith(text, r.label) &&
        LabelEnds(r.label, text))
      best = &r;
  }
  return best;
}

void AddCountry(std::vector<std::string>& v, std::string_view name) {
  std::string code = CountryCode(name);
  if (!code.empty()) AddUnique(v, std::move(code));
}

// "A10472263 (Malaysia) issued 2001" -> "A10472263"; "IMO 7406784" -> "7406784" as an IMO number.
void AddIdentifier(IdKind kind, std::string_view label, std::string_view value, std::string country,
                   Entity& e) {
  size_t cut = value.find('(');
  for (std::string_view stop : {", ", " issued", " expires", " Issue Date", " expired"})
    cut = std::min(cut, value.find(stop));
  value = TrimValue(value.substr(0, cut));
  if (IStartsWith(value, "IMO ")) {
    kind = IdKind::kImo;
    value = Trim(value.substr(4));
  }
  if (value.empty()) return;
  for (const Identifier& id : e.identifiers)
    if (id.kind == kind && id.value == value) return;
  e.identifiers.push_back(Identifier{kind, std::string(value), std::string(label), std::move(country)});
}

void ApplyRule(const Rule& rule, std::string_view label, std::string_view value, std::string country,
               Entity& e) {
  switch (rule.feature) {
    case Feature::kId:
    case Feature::kCrypto:
      AddIdentifier(rule.kind, label, value, std::move(country), e);
      break;
    case Feature::kWebsite:
      if (!(value = TrimValue(value)).empty()) AddUnique(e.websites, std::string(value));
      break;
    case Feature::kEmail:
      if (!(value = TrimValue(value)).empty()) AddUnique(e.emails, std::string(value));
      break;
    case Feature::kGender:
      if (IStartsWith(TrimValue(value), "m")) e.gender = "male";
      if (IStartsWith(TrimValue(value), "f")) e.gender = "female";
      break;
    case Feature::kNationality:
      AddCountry(e.nationalities, TrimValue(value));
      break;
    case Feature::kCitizenship:
      AddCountry(e.citizenships, TrimValue(value));
      break;
    case Feature::kCountry:
      AddCountry(e.countries, TrimValue(value));
      break;
    case Feature::kLinkedTo:
      if (!(value = TrimName(value)).empty()) AddUnique(e.linked_to, std::string(value));
      break;
    case Feature::kVesselFlag:
      if (e.vessel_flag.empty()) {
        std::string code = CountryCode(TrimValue(value));
        e.vessel_flag = code.empty() ? std::string(TrimValue(value)) : code;
      }
      break;
    case Feature::kVesselType:
      if (e.vessel_type.empty()) e.vessel_type = std::string(TrimValue(value));
      break;
    case Feature::kDob:
      for (const PartialDate& d : ParseOfacDates(value)) AddUnique(e.birth_dates, d);
      break;
    case Feature::kPob:
      AddOfacBirthPlace(TrimValue(value), e);
      break;
  }
}

// The last "(...)" group in `text` that names a country, as alpha-2.
std::string ParenthesisedCountry(std::string_view text) {
  std::string found;
  size_t open = text.find('(');
  while (open != std::string_view::npos) {
    size_t close = text.find(')', open);
    if (close == std::string_view::npos) break;
    std::string code = CountryCode(text.substr(open + 1, close - open - 1));
    if (!code.empty()) found = std::move(code);
    open = text.find('(', close);
  }
  return found;
}

// "a.k.a. 'GREEN'" -> GREEN as a weak alias. OFAC's delimited files keep their strong aliases
// in the alias file and write only the weak ones (nicknames, noms de guerre, common acronyms) in
// the remarks, in single quotes (the files' data specification); a leading "weak" says so too.
bool ApplyAlias(std::string_view item, Entity& e) {
  if (IStartsWith(item, "weak ")) item = Trim(item.substr(5));
  if (!(IStartsWith(item, "a.k.a.") || IStartsWith(item, "f.k.a.") || IStartsWith(item, "n.k.a.")))
    return false;
  std::string_view rest = Trim(item.substr(6));
  size_t open = rest.find('\'');
  size_t close = rest.rfind('\'');
  std::string_view name = open != close ? rest.substr(open + 1, close - open - 1) : TrimName(rest);
  name = Trim(name);
  if (name.empty()) return true;
  for (const Name& n : e.names)
    if (n.value == name) return true;
  e.names.push_back(Name{std::string(name), NameKind::kWeakAlias});
  return true;
}

// Older remarks write the label after the value: "info@x.org.uk (email)", "http://x.org (website)".
bool ApplyTrailingLabel(std::string_view item, Entity& e) {
  while (!item.empty() && item.back() == '.') item.remove_suffix(1);
  for (const Rule& rule : {Rule{"(email)", Feature::kEmail}, Rule{"(website)", Feature::kWebsite}}) {
    size_t n = rule.label.size();
    if (item.size() <= n || !IEquals(item.substr(item.size() - n), rule.label)) continue;
    ApplyRule(rule, rule.label, Trim(item.substr(0, item.size() - n)), std::string(), e);
    return true;
  }
  return false;
}

void ApplyItem(std::string_view item, Entity& e) {
  item = Trim(item);
  if (ApplyTrailingLabel(item, e)) return;
  if (item.size() >= 2 && item.front() == '(' && item.back() == ')')
    item = Trim(item.substr(1, item.size() - 2));
  if (IStartsWith(item, "alt. ")) item = Trim(item.substr(5));
  if (item.empty() || ApplyAlias(item, e)) return;
  const Rule* rule = FindRule(item);
  if (rule == nullptr) return;
  std::string_view label = item.substr(0, rule->label.size());
  std::string_view value = Trim(item.substr(rule->label.size()));
  while (!value.empty() && value.front() == ':') value = Trim(value.substr(1));
  std::string label_text(label);
  if (rule->feature == Feature::kCrypto) {
    size_t space = value.find(' ');
    if (space == std::string_view::npos) return;
    label_text += ' ';
    label_text += value.substr(0, space);
    value = Trim(value.substr(space + 1));
  }
  std::string country = rule->feature == Feature::kId || rule->feature == Feature::kCrypto
                            ? ParenthesisedCountry(value)
                            : std::string();
  ApplyRule(*rule, label_text, value, std::move(country), e);
}

bool IsYear(std::string_view s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<PartialDate> ParseOfacDates(std::string_view text) {
  text = TrimValue(text);
  if (IStartsWith(text, "circa ")) text = Trim(text.substr(6));
  std::vector<PartialDate> out;
  auto add = [&out](std::string_view part) {
    if (auto d = PartialDate::Parse(part)) out.push_back(*d);
  };
  if (size_t to = text.find(" to "); to != std::string_view::npos) {
    add(text.substr(0, to));
    add(text.substr(to + 4));
  } else if (size_t dash = text.find('-'); dash != std::string_view::npos &&
                                           IsYear(Trim(text.substr(0, dash))) &&
                                           IsYear(Trim(text.substr(dash + 1)))) {
    add(Trim(text.substr(0, dash)));
    add(Trim(text.substr(dash + 1)));
  } else {
    add(text);
  }
  return out;
}

void AddOfacBirthPlace(std::string_view place, Entity& e) {
  place = Trim(place);
  if (place.empty()) return;
  AddUnique(e.birth_places, std::string(place));
  size_t comma = place.rfind(',');
  std::string code = CountryCode(comma == std::string_view::npos ? place : place.substr(comma + 1));
  // "Khartoum Sudan": no comma, so try the last three, two, then one words.
  for (int words = 3; code.empty() && words >= 1; --words) {
    size_t start = place.size();
    for (int w = 0; w < words && start != std::string_view::npos && start > 0; ++w)
      start = place.find_last_of(" ,", start - 1);
    if (start == std::string_view::npos || start == 0) continue;
    code = CountryCode(place.substr(start + 1));
  }
  if (!code.empty()) AddUnique(e.countries, std::move(code));
}

void ApplyOfacFeature(std::string_view label, std::string_view value, std::string_view country, Entity& e) {
  label = Trim(label);
  const Rule* rule = FindRule(label);
  if (rule == nullptr) return;
  std::string code = CountryCode(country);
  if (code.empty()) code = ParenthesisedCountry(value);  // XML may say "33556474 (Russia)"
  ApplyRule(*rule, label, value, std::move(code), e);
}

void ApplyOfacRemarks(std::string_view remarks, Entity& e) {
  size_t start = 0;
  while (start <= remarks.size()) {
    size_t end = remarks.find(';', start);
    if (end == std::string_view::npos) end = remarks.size();
    ApplyItem(remarks.substr(start, end - start), e);
    start = end + 1;
  }
}

}  // namespace embargo
