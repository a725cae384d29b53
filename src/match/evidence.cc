#include "match/evidence.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unordered_set>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "entity/countries.h"
#include "text/code_points.h"
#include "text/legal_forms.h"
#include "text/scoring_params.h"

namespace embargo {

std::string NormalizeIdentifier(std::string_view id) {
  std::string out;
  out.reserve(id.size());
  if (text::IsAscii(id)) {
    for (char c : id)  // most identifiers: no UTF-8 to decode
      if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(id.data());
  const auto n = static_cast<int32_t>(id.size());
  for (int32_t i = 0; i < n;) {
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    // Digits of any script (full-width ９, Arabic-Indic ٩) and full-width letters are the ASCII
    // ones: "IMO ９２９９７１９" is IMO 9299719.
    if (cp >= 0xFF21 && cp <= 0xFF5A) cp -= 0xFEE0;
    if (cp >= 0x80 && u_charDigitValue(cp) >= 0) cp = '0' + u_charDigitValue(cp);
    if (cp >= 0 && cp < 0x80 && std::isalnum(cp)) out += static_cast<char>(std::toupper(cp));
  }
  return out;
}

namespace {

// A SWIFT BIC (ISO 9362:2014) in a NormalizeIdentifier result: a party prefix of 4 letters or
// digits (digits allowed since 2014), an ISO 3166-1 country in letters, a location of 2 and a
// branch of 3 letters or digits. The country is looked up last: most words fail on its letters.
bool HasBicShape(std::string_view norm) {
  if (norm.size() != 8 && norm.size() != 11) return false;
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  return letter(norm[4]) && letter(norm[5]) && !CountryName(norm.substr(4, 2)).empty();
}

// Two BICs of one bank, the second listed: 1.0 when the listed one names the whole institution (8
// characters, or branch XXX), so the first is it or its branch; kBicSameInstitution when the
// listed one is a branch, which sanctions that branch, not the bank; 0 for another bank.
double SameBank(std::string_view query_norm, std::string_view listed_norm) {
  const std::string bank = BicInstitution(query_norm);
  if (bank.empty() || bank != BicInstitution(listed_norm)) return 0;
  return listed_norm.size() == 8 || listed_norm.ends_with("XXX") ? 1.0 : scoring::kBicSameInstitution;
}

bool HasDigit(std::string_view s) { return s.find_first_of("0123456789") != std::string_view::npos; }

bool IsAsciiLetter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// What parts the words of a query's identifier, and where a label ends: "IMO: 9187629".
constexpr std::string_view kLabelBreaks = " \t/():,;#";

// The end of the word at `at`: the next label break, or the dot of a label glued to what follows
// ("No.AH567983": "No."). An e-mail address (x.y@mail.com) is one word.
size_t WordEnd(std::string_view id, size_t at) {
  const size_t end = std::min(id.find_first_of(kLabelBreaks, at), id.size());
  const std::string_view word = id.substr(at, end - at);
  const size_t dot = word.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == word.size() || word.find('@') != std::string_view::npos)
    return end;
  return std::all_of(word.begin(), word.begin() + dot, IsAsciiLetter) ? at + dot + 1 : end;
}

// Only spaces, slashes or dashes part two words: they may be one identifier printed apart ("AH
// 567983", "AH / 567983"). A colon or a parenthesis ends a label.
bool PartedAsOneIdentifier(std::string_view between) { return between.find_first_not_of(" \t/-") == std::string_view::npos; }

// A word of a query's identifier (letters or digits in it), and whether only spaces, slashes or
// dashes part it from the word before.
struct IdWord {
  std::string_view text;
  std::string norm;  // NormalizeIdentifier(text)
  bool close_to_previous = false;
};

std::vector<IdWord> IdWords(std::string_view id) {
  std::vector<IdWord> words;
  size_t previous_end = std::string_view::npos;
  for (size_t at = 0; at < id.size();) {
    const size_t end = WordEnd(id, at);
    std::string norm = NormalizeIdentifier(id.substr(at, end - at));
    if (!norm.empty()) {  // a dash alone parts words, as a space does
      const bool close = previous_end != std::string_view::npos &&
                         PartedAsOneIdentifier(id.substr(previous_end, at - previous_end));
      words.push_back({id.substr(at, end - at), std::move(norm), close});
      previous_end = end;
    }
    at = end < id.size() && kLabelBreaks.find(id[end]) != std::string_view::npos ? end + 1 : end;
  }
  return words;
}

// A word that may be a number's letters printed apart from its digits ("AH" of "AH 567983"): one
// to four letters, as the lists' passports carry (ASDI1418). A longer word ("Passport"), one
// written with a dot ("No.") and the short words for "number" and "identity" are labels.
bool MayBeANumbersLetters(std::string_view word) {
  if (word.empty() || word.size() > 4 || !std::all_of(word.begin(), word.end(), IsAsciiLetter)) return false;
  const std::string upper = NormalizeIdentifier(word);
  return upper != "NO" && upper != "NR" && upper != "ID";
}

// A number of digits only, written apart from a label ("Passport 567983", "No. 567983"): the
// query read as the bare number is. Not after what may be its letters ("XY 567983").
bool IsNumberApartFromLabel(const std::vector<IdWord>& words, size_t i) {
  const std::string& norm = words[i].norm;
  if (norm.size() < 5 || norm.find_first_not_of("0123456789") != std::string::npos) return false;
  return i == 0 || !words[i].close_to_previous || !MayBeANumbersLetters(words[i - 1].text);
}

// A set of identifier kinds, one bit per IdKind.
constexpr uint16_t KindBit(IdKind kind) { return static_cast<uint16_t>(1u << static_cast<unsigned>(kind)); }

// The numbers a state registers a firm or a person by: the lists file a Russian INN as a tax id
// (OFAC, EU), a firm's among its registration numbers with its OGRN (UK "Business Reg No") and a
// person's as a national identification number (UK), so a label of one allows the others.
constexpr uint16_t kRegisterNumbers =
    KindBit(IdKind::kTaxId) | KindBit(IdKind::kRegistration) | KindBit(IdKind::kNationalId);

// Words of a label that name the kind of identifier labelled (normalised, as IdWord::norm): an IMO
// number is a vessel's, never a passport. "No", "Nr", "ID" and "Number" name no kind.
struct KindLabel {
  std::string_view word;
  uint16_t kinds;
};
constexpr KindLabel kKindLabels[] = {
    {"PASSPORT", KindBit(IdKind::kPassport)}, {"PASAPORTE", KindBit(IdKind::kPassport)},
    {"PASSEPORT", KindBit(IdKind::kPassport)}, {"IMO", KindBit(IdKind::kImo)}, {"MMSI", KindBit(IdKind::kMmsi)},
    {"SWIFT", KindBit(IdKind::kSwiftBic)}, {"BIC", KindBit(IdKind::kSwiftBic)}, {"LEI", KindBit(IdKind::kLei)},
    {"TAX", kRegisterNumbers}, {"INN", kRegisterNumbers}, {"TIN", kRegisterNumbers}, {"VAT", kRegisterNumbers},
    {"FISCAL", kRegisterNumbers}, {"OGRN", kRegisterNumbers}, {"OGRNIP", kRegisterNumbers}, {"KPP", kRegisterNumbers},
    {"REGISTRATION", kRegisterNumbers}, {"USCC", kRegisterNumbers}, {"NATIONAL", kRegisterNumbers},
};

// The kinds the words of a query's identifier name (kKindLabels; 0: none named).
uint16_t LabelKinds(const std::vector<IdWord>& words) {
  uint16_t kinds = 0;
  for (const IdWord& word : words)
    for (const KindLabel& label : kKindLabels)
      if (word.norm == label.word) kinds |= label.kinds;
  return kinds;
}

// A query's identifier may be of `kind`: its label names no kind, `kind` is unknown, or the
// label names it.
bool LabelAllows(const QueryIdentifier& query, IdKind kind) {
  return query.label_kinds == 0 || kind == IdKind::kOther || (query.label_kinds & KindBit(kind)) != 0;
}

}  // namespace

std::string BicInstitution(std::string_view norm) {
  return HasBicShape(norm) ? std::string(norm.substr(0, 8)) : std::string();
}

std::optional<std::string> EmailKey(std::string_view id) {
  while (!id.empty() && (id.front() == ' ' || id.front() == '<')) id.remove_prefix(1);
  while (!id.empty() && (id.back() == ' ' || id.back() == '.' || id.back() == '>')) id.remove_suffix(1);
  size_t at = id.find('@');
  if (at == 0 || at == std::string_view::npos || id.find('@', at + 1) != std::string_view::npos) return std::nullopt;
  std::string_view domain = id.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == domain.size()) return std::nullopt;
  std::string key = "@";
  for (char c : id) {
    if (std::isspace(static_cast<unsigned char>(c))) return std::nullopt;
    key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return key;
}

std::vector<std::string> IdentifierKeys(std::string_view id) {
  if (auto email = EmailKey(id)) return {*email};
  std::vector<std::string> keys;
  std::string norm = NormalizeIdentifier(id);
  if (norm.size() < 4) return keys;
  keys.push_back(norm);
  size_t digits = norm.find_first_of("0123456789");
  if (digits > 0 && digits != std::string::npos && norm.size() - digits >= 5 &&
      norm.find_first_not_of("0123456789", digits) == std::string::npos)
    keys.push_back(norm.substr(digits));
  if (HasBicShape(norm) && norm.size() == 11 && norm.ends_with("XXX")) keys.push_back(norm.substr(0, 8));  // head office
  return keys;
}

namespace {

void AddKeys(QueryIdentifier& q, std::vector<std::string> keys) {
  for (std::string& key : keys)
    if (std::find(q.keys.begin(), q.keys.end(), key) == q.keys.end()) q.keys.push_back(std::move(key));
}

// The keys of a word that looks like an identifier on its own: letters and digits, five or more;
// an e-mail address; or a BIC.
void AddWordKeys(QueryIdentifier& q, std::string_view word) {
  if (auto email = EmailKey(word)) return AddKeys(q, {std::move(*email)});
  const std::string norm = NormalizeIdentifier(word);
  if ((norm.size() >= 5 && HasDigit(norm)) || HasBicShape(norm)) AddKeys(q, IdentifierKeys(word));
}

}  // namespace

QueryIdentifier ReadQueryIdentifier(std::string_view id) {
  QueryIdentifier q;
  AddKeys(q, IdentifierKeys(id));
  if (!q.keys.empty()) q.wholes.push_back(q.keys.front());
  const std::vector<IdWord> words = IdWords(id);
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].text.size() < id.size()) AddWordKeys(q, words[i].text);  // else the whole's keys
    if (IsNumberApartFromLabel(words, i) && std::find(q.wholes.begin(), q.wholes.end(), words[i].norm) == q.wholes.end())
      q.wholes.push_back(words[i].norm);
    // Documents print a number's letters apart from its digits ("Passport No. AH 567983"): a
    // word without digits is also read joined to the next, when only spaces, slashes or dashes
    // part them.
    if (i > 0 && words[i].close_to_previous && HasDigit(words[i].norm) && !HasDigit(words[i - 1].norm))
      AddWordKeys(q, words[i - 1].norm + words[i].norm);
  }
  q.label_kinds = LabelKinds(words);
  return q;
}

std::vector<std::string> QueryIdentifierKeys(std::string_view id) { return ReadQueryIdentifier(id).keys; }

namespace {

// The rule by which two identifiers are one, for screening (MeetsListedIdentifier) and entity
// comparison (SameIdentifier): a whole form of either is among the other's keys ("IMO 9187629"
// and 9187629, SABRRUMMXXX and SABRRUMM). Keys derived from both do not meet: AB1234567 and
// CD1234567 share a number, not an identifier.
bool OneIdentifier(const QueryIdentifier& a, const QueryIdentifier& b) {
  auto whole_among_keys = [](const QueryIdentifier& x, const QueryIdentifier& y) {
    return std::any_of(x.wholes.begin(), x.wholes.end(),
                       [&](const std::string& whole) { return std::find(y.keys.begin(), y.keys.end(), whole) != y.keys.end(); });
  };
  return whole_among_keys(a, b) || whole_among_keys(b, a);
}

}  // namespace

bool MeetsListedIdentifier(const QueryIdentifier& query, std::string_view listed, IdKind kind) {
  if (!LabelAllows(query, kind)) return false;
  std::vector<std::string> keys = IdentifierKeys(listed);
  if (keys.empty()) return false;
  std::string whole = keys.front();
  return OneIdentifier(query, {{std::move(whole)}, std::move(keys)});
}

namespace {

// Two numbers that differ in one decimal digit (11 and 12, 19 and 29).
bool OneDigitApart(int a, int b) {
  int differing = 0;
  for (; a || b; a /= 10, b /= 10) differing += a % 10 != b % 10;
  return differing == 1;
}

// A year with two neighbouring digits swapped (1974 and 1947).
bool DigitsSwapped(int a, int b) {
  std::string x = std::to_string(a), y = std::to_string(b);
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i + 1 < x.size(); ++i) {
    std::swap(x[i], x[i + 1]);
    if (x == y) return true;
    std::swap(x[i], x[i + 1]);
  }
  return false;
}

// 1 January is what many records write when only the year is known.
bool YearOnly(const PartialDate& d) { return d.month == 0 || (d.month == 1 && d.day == 1); }

}  // namespace

double BirthDateEvidence(const std::vector<PartialDate>& dates, const Entity& entity, std::vector<Evidence>& out) {
  if (dates.empty() || entity.birth_dates.empty()) return 0;
  enum { kNone, kApart, kYearNear, kYear, kMonth, kExact } best = kNone;
  std::string detail;
  for (const auto& q : dates) {
    for (const auto& e : entity.birth_dates) {
      int level = kNone;
      if (q.year == e.year) {
        level = kYear;
        if (q.month && e.month) {
          if (q.month != e.month) level = kNone;
          else if (q.day && e.day) level = q.day == e.day ? kExact : kNone;
          else level = kMonth;
        }
        if (level == kNone && (YearOnly(q) || YearOnly(e))) level = kYear;
        // Day and month swapped, or one digit of them mistyped, are common data-entry errors:
        // still a near match.
        if (level == kNone && q.day && e.day &&
            ((q.day == e.month && q.month == e.day) || OneDigitApart(q.month * 100 + q.day, e.month * 100 + e.day)))
          level = kYearNear;
        if (level == kNone) level = kApart;
      } else if (std::abs(q.year - e.year) <= 1) {
        level = kYearNear;
      } else if (DigitsSwapped(q.year, e.year) && (!q.month || !e.month || (q.month == e.month && q.day == e.day))) {
        level = kYearNear;
      } else if (std::abs(q.year - e.year) <= scoring::kBirthYearsApart) {
        level = kApart;
      }
      if (level > best) {
        best = static_cast<decltype(best)>(level);
        detail = q.ToString() + " vs " + e.ToString();
      }
    }
  }
  double effect = 0;
  switch (best) {
    case kExact: effect = scoring::kBirthDateExact; detail = "same birth date " + detail; break;
    case kMonth: effect = scoring::kBirthMonth; detail = "same birth month " + detail; break;
    case kYear: effect = scoring::kBirthYear; detail = "same birth year " + detail; break;
    case kYearNear: effect = scoring::kBirthDateNear; detail = "birth dates close but different: " + detail; break;
    case kApart: effect = scoring::kBirthDateApart; detail = "birth dates differ, a few years at most: " + detail; break;
    case kNone:
      effect = scoring::kBirthDateConflict;
      detail = "birth date contradicts: " + dates.front().ToString() + " vs " + entity.birth_dates.front().ToString();
      break;
  }
  out.push_back({"birth_date", detail, effect});
  return effect;
}

double CountryEvidence(const std::vector<std::string>& countries, const Entity& entity, std::vector<Evidence>& out,
                       double mismatch, std::string_view why) {
  if (countries.empty()) return 0;
  std::vector<std::string> known = entity.nationalities;
  known.insert(known.end(), entity.citizenships.begin(), entity.citizenships.end());
  known.insert(known.end(), entity.countries.begin(), entity.countries.end());
  if (!entity.vessel_flag.empty()) known.push_back(entity.vessel_flag);
  for (const auto& a : entity.addresses)
    if (!a.country.empty()) known.push_back(a.country);
  if (known.empty()) return 0;
  for (const auto& c : countries) {
    std::string upper = NormalizeIdentifier(c);
    for (const auto& k : known) {
      if (NormalizeIdentifier(k) == upper) {
        out.push_back({"country", "country " + upper + " matches", scoring::kCountryMatch});
        return scoring::kCountryMatch;
      }
    }
  }
  out.push_back({"country", "country " + NormalizeIdentifier(countries.front()) + " not among the entity's" + std::string(why),
                 mismatch});
  return mismatch;
}

namespace {

// A query BIC of the bank of one of the entity's BICs (SameBank): the best such, as evidence.
bool BankOfListedBic(const std::vector<std::string>& ids, const Entity& entity, std::vector<Evidence>& out,
                     double& effect) {
  std::string detail;
  for (const auto& raw : ids)
    for (const auto& key : QueryIdentifierKeys(raw)) {
      if (BicInstitution(key).empty()) continue;
      for (const auto& id : entity.identifiers) {
        if (id.kind != IdKind::kSwiftBic) continue;
        const double same = SameBank(key, NormalizeIdentifier(id.value));
        if (same <= effect) continue;
        effect = same;
        detail = same >= 1.0 ? "BIC " + key + " is a branch of listed BIC " + id.value + ", the listed bank"
                             : "BIC " + key + " is of the bank of listed branch BIC " + id.value;
      }
    }
  if (effect > 0) out.push_back({"identifier", std::move(detail), effect});
  return effect > 0;
}

}  // namespace

bool IdentifierEvidence(const std::vector<std::string>& ids, const Entity& entity, std::vector<Evidence>& out,
                        double& effect) {
  effect = 0;
  if (ids.empty() || (entity.identifiers.empty() && entity.emails.empty())) return false;
  bool other_than_email = false;
  for (const auto& raw : ids) {
    const QueryIdentifier query = ReadQueryIdentifier(raw);
    other_than_email |= !EmailKey(raw);
    for (const auto& id : entity.identifiers) {
      if (!MeetsListedIdentifier(query, id.value, id.kind)) continue;
      out.push_back({"identifier", std::string(IdKindName(id.kind)) + " " + id.value + " matches exactly", 1.0});
      effect = 1.0;
      return true;
    }
    for (const auto& email : entity.emails) {
      if (!MeetsListedIdentifier(query, email, IdKind::kOther)) continue;
      out.push_back({"identifier", "e-mail address " + email + " matches exactly", 1.0});
      effect = 1.0;
      return true;
    }
  }
  if (BankOfListedBic(ids, entity, out, effect)) return true;
  // A person or firm has many e-mail addresses: another than the listed one says nothing.
  if (!other_than_email || entity.identifiers.empty()) return false;
  out.push_back({"identifier", "identifier " + ids.front() + " not among the entity's identifiers", scoring::kIdentifierMismatch});
  effect = scoring::kIdentifierMismatch;
  return false;
}

namespace {

// Lower-case ASCII words of a list name (other bytes kept as they are: they are letters).
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words(1);
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) words.back() += static_cast<char>(std::tolower(u));
    else if (!words.back().empty()) words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

}  // namespace

SchemaFamily FamilyReadFromNames(const Entity& entity) {
  if (!entity.birth_dates.empty() || !entity.birth_places.empty()) return SchemaFamily::kPerson;
  bool person_shaped = false;
  for (const Name& name : entity.names) {
    std::vector<std::string> words = Words(name.value);
    for (const std::string& w : words)
      if (text::IsOrganisationNoun(w) || text::IsLegalFormToken(w) || std::any_of(w.begin(), w.end(), ::isdigit))
        return SchemaFamily::kOrganization;
    if (words.size() > 4) return SchemaFamily::kAny;
    person_shaped |= words.size() >= 2;
  }
  return person_shaped ? SchemaFamily::kPerson : SchemaFamily::kAny;
}

double SchemaEvidence(const std::optional<Schema>& query, bool named_as_firm, const Entity& entity,
                      SchemaFamily read_from_names, std::vector<Evidence>& out) {
  if (!query || *query == Schema::kLegalEntity) return 0;
  const bool untyped = entity.schema == Schema::kLegalEntity;
  const SchemaFamily a = FamilyOf(*query);
  if (untyped && a != SchemaFamily::kPerson && a != SchemaFamily::kOrganization) return 0;
  const SchemaFamily b = untyped ? read_from_names : FamilyOf(entity.schema);
  if (a == b || (untyped && b == SchemaFamily::kAny)) return 0;  // most hits
  std::string detail = "queried as " + std::string(SchemaName(*query));
  double effect = 0;
  if (untyped) {
    detail += ", listed without a type, and the list's ";
    detail += b == SchemaFamily::kPerson ? "names read as a person's" : "names read as a firm's";
    effect = scoring::kSchemaReadMismatch;
  } else {
    bool person = a == SchemaFamily::kPerson || b == SchemaFamily::kPerson;
    bool craft = a == SchemaFamily::kVessel || a == SchemaFamily::kAirplane || b == SchemaFamily::kVessel ||
                 b == SchemaFamily::kAirplane;
    detail += ", listed as " + std::string(SchemaName(entity.schema));
    effect = person && craft ? scoring::kSchemaFar : scoring::kSchemaMismatch;
  }
  // The query is said to be a firm, and its name's legal form says so too: a person cannot be one,
  // nor can a ship or an aircraft (Nolan LLC, listed vessel NOLAN).
  if (named_as_firm && a == SchemaFamily::kOrganization && b != SchemaFamily::kOrganization) {
    detail += "; the query's legal form says it is a firm";
    effect *= scoring::kSchemaNamedFirmFactor;
  }
  out.push_back({"schema", std::move(detail), effect});
  return effect;
}

namespace {

// A typed identifier, normalised and read as a query's is (ReadQueryIdentifier, its label too).
struct ReadIdentifier {
  const Identifier& id;
  std::string norm;  // NormalizeIdentifier(id.value)
  QueryIdentifier read;
};

std::vector<ReadIdentifier> ReadIdentifiers(const Entity& entity) {
  std::vector<ReadIdentifier> read;
  read.reserve(entity.identifiers.size());
  for (const Identifier& id : entity.identifiers)
    read.push_back({id, NormalizeIdentifier(id.value), ReadQueryIdentifier(id.value)});
  return read;
}

// One identifier written two ways (OneIdentifier: "Passport No. AH 567983" and AH567983), the label
// of each allowing the other's kind; or alike as normalised, which OneIdentifier does not see of
// one written as an e-mail address (its only key the address's).
bool SameIdentifier(const ReadIdentifier& a, const ReadIdentifier& b) {
  if (!LabelAllows(a.read, b.id.kind) || !LabelAllows(b.read, a.id.kind)) return false;
  return a.norm == b.norm || OneIdentifier(a.read, b.read);
}

}  // namespace

bool TypedIdentifierEvidence(const Entity& left, const Entity& right, std::vector<Evidence>& out, double& effect) {
  effect = 0;
  bool conflict = false;
  std::string bank_detail;  // the best pair of BICs of one bank (SameBank, either way round)
  const std::vector<ReadIdentifier> rights = ReadIdentifiers(right);
  for (const ReadIdentifier& left_id : ReadIdentifiers(left)) {
    const Identifier& a = left_id.id;
    const std::string& av = left_id.norm;
    if (av.size() < 4) continue;
    for (const ReadIdentifier& right_id : rights) {
      const Identifier& b = right_id.id;
      const std::string& bv = right_id.norm;
      if (bv.size() >= 4 && SameIdentifier(left_id, right_id)) {
        out.push_back({"identifier", std::string(IdKindName(a.kind)) + " " + a.value + " on both", 1.0});
        effect = 1.0;
        return true;
      }
      const double bank = a.kind == IdKind::kSwiftBic || b.kind == IdKind::kSwiftBic
                              ? std::max(SameBank(av, bv), SameBank(bv, av)) : 0;
      if (bank > effect) effect = bank, bank_detail = "BIC " + a.value + " and " + b.value + " are of one bank";
      if (bank == 0 && a.kind == b.kind && a.kind != IdKind::kOther && !bv.empty()) conflict = true;
    }
  }
  for (const auto& a : left.emails) {
    auto key = EmailKey(a);
    for (const auto& b : right.emails) {
      if (!key || key != EmailKey(b)) continue;
      out.push_back({"identifier", "e-mail address " + a + " on both", 1.0});
      effect = 1.0;
      return true;
    }
  }
  if (effect > 0) {
    out.push_back({"identifier", std::move(bank_detail), effect});
    return true;
  }
  if (conflict) {
    out.push_back({"identifier", "identifiers of the same kind differ", scoring::kIdentifierConflict});
    effect = scoring::kIdentifierConflict;
  }
  return false;
}

}  // namespace embargo
