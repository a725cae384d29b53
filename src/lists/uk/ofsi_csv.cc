// UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets, pre-2022 CSV format.
// Line 1 is metadata ("Last Updated,13/04/2018"), line 2 the 29-column header; then one row per
// name variant and address of a target, grouped by "Group ID" into one entity per target. The
// published file is Windows-1252; dates are dd/mm/yyyy with 00 for an unknown day or month.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/csv.h"
#include "common/strings.h"
#include "common/io.h"
#include "common/sha256.h"
#include "embargo/lists.h"
#include "entity/countries.h"

namespace embargo {
namespace {

std::vector<std::string> UnReferences(std::string_view text) {
  // "UN Ref QDi.004", "UN Ref.KPI.067": two letters, i or e, a dot, three digits. Older
  // references ("QI.A.151.03") predate the current UN numbering and are left alone.
  std::vector<std::string> refs;
  for (size_t at = text.find("UN Ref"); at != std::string_view::npos; at = text.find("UN Ref", at + 6)) {
    size_t p = at + 6;
    while (p < text.size() && (text[p] == ' ' || text[p] == '.' || text[p] == ':')) ++p;
    if (p + 7 > text.size()) break;
    std::string_view c = text.substr(p, 7);
    auto upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
    auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    char kind = static_cast<char>(c[2] | 0x20);
    if (upper(c[0]) && upper(c[1]) && (kind == 'i' || kind == 'e') && c[3] == '.' && digit(c[4]) && digit(c[5]) &&
        digit(c[6]) && (p + 7 == text.size() || !digit(text[p + 7])))
      refs.push_back(std::string(c.substr(0, 2)) + kind + std::string(c.substr(3)));
  }
  return refs;
}

constexpr size_t kFields = 29;
// Column positions in the header "Name 6,Name 1,...,Group ID".
enum Col : size_t {
  kName6 = 0,  // the surname, or an entity's whole name
  kName1 = 1,
  kTitle = 6,
  kDob = 7,
  kTownOfBirth = 8,
  kCountryOfBirth = 9,
  kNationality = 10,
  kPassport = 11,
  kNiNumber = 12,
  kPosition = 13,
  kAddress1 = 14,
  kPostCode = 20,
  kCountry = 21,
  kOtherInfo = 22,
  kGroupType = 23,
  kAliasType = 24,
  kRegime = 25,
  kListedOn = 26,
  kGroupId = 28,
};

// "dd/mm/yyyy" where 00 means unknown: "00/00/1980" -> 1980, "00/05/1980" -> 1980-05.
std::optional<PartialDate> ParseUkDate(std::string_view text) {
  text = Trim(text);
  if (text.size() != 10 || text[2] != '/' || text[5] != '/') return std::nullopt;
  int day = 0, month = 0, year = 0;
  auto num = [](std::string_view s, int& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  if (!num(text.substr(0, 2), day) || !num(text.substr(3, 2), month) || !num(text.substr(6, 4), year))
    return std::nullopt;
  if (year < 1800 || year > 2100 || month > 12 || day > 31 || (month == 0 && day != 0)) return std::nullopt;
  PartialDate d;
  d.year = static_cast<int16_t>(year);
  d.month = static_cast<int8_t>(month);
  d.day = static_cast<int8_t>(day);
  return d;
}

// OFSI numbers multiple values: "1) Saudi Arabia 2) Qatar", "(1) German (2) Moroccan".
std::vector<std::string> SplitNumbered(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string_view v = Trim(cur);
    while (!v.empty() && (v.back() == '(' || v.back() == ',' || v.back() == ';')) v = Trim(v.substr(0, v.size() - 1));
    if (!v.empty()) out.emplace_back(v);
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    bool at_word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(';
    if (j > i && j - i <= 2 && j < text.size() && text[j] == ')' && at_word_start) {
      flush();
      i = j;
      continue;
    }
    cur += text[i];
  }
  flush();
  return out;
}

// The first token that looks like a document number: 5+ characters, letters, digits and
// '-' or '/', at least one digit. "Passport No: 592667 (Qatari ...)" -> "592667".
std::string DocumentNumber(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    size_t j = i;
    bool digit = false;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '-' || text[j] == '/')) {
      digit |= std::isdigit(static_cast<unsigned char>(text[j])) != 0;
      ++j;
    }
    std::string_view tok = text.substr(i, j - i);
    while (!tok.empty() && (tok.back() == '-' || tok.back() == '/')) tok.remove_suffix(1);
    if (digit && tok.size() >= 5) return std::string(tok);
    i = j;
  }
  return {};
}

// "Name 1 .. Name 5" then "Name 6" (the surname), single-spaced.
std::string FullName(const std::vector<std::string>& f) {
  std::string name;
  for (size_t c : {size_t{1}, size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{kName6}}) {
    std::string_view part = Trim(f[c]);
    if (part.empty()) continue;
    if (!name.empty()) name += ' ';
    name += part;
  }
  return name;
}

void AddName(Entity& e, std::string name, NameKind kind) {
  for (const Name& n : e.names)
    if (n.value == name) return;
  e.names.push_back(Name{std::move(name), kind});
}

void AddIdentifiers(Entity& e, std::string_view text, IdKind kind, const std::string& label) {
  for (const std::string& part : SplitNumbered(text)) {
    std::string number = DocumentNumber(part);
    if (number.empty()) continue;
    bool seen = std::any_of(e.identifiers.begin(), e.identifiers.end(),
                            [&](const Identifier& id) { return id.value == number; });
    if (!seen) e.identifiers.push_back(Identifier{kind, std::move(number), label, ""});
  }
}

// Folds one row into its target's entity: every row adds its name, dates, places, documents
// and address; the "Prime Alias" row gives the primary name.
void AddRow(Entity& e, const std::vector<std::string>& f) {
  std::string name = FullName(f);
  std::string alias_type = Lower(Trim(f[kAliasType]));
  if (alias_type == "prime alias") {
    std::erase_if(e.names, [&](const Name& n) { return n.value == name; });
    if (!e.names.empty() && e.names[0].kind == NameKind::kPrimary) e.names[0].kind = NameKind::kStrongAlias;
    e.names.insert(e.names.begin(), Name{std::move(name), NameKind::kPrimary});
  } else {
    AddName(e, std::move(name), e.names.empty() ? NameKind::kPrimary : NameKind::kStrongAlias);
  }
  if (auto d = ParseUkDate(f[kDob])) AddUnique(e.birth_dates, *d);
  std::string place;
  for (size_t c : {size_t{kTownOfBirth}, size_t{kCountryOfBirth}}) {
    std::string_view v = Trim(f[c]);
    if (v.empty()) continue;
    place += (place.empty() ? "" : ", ") + std::string(v);
  }
  if (!place.empty()) AddUnique(e.birth_places, std::move(place));
  if (std::string c = CountryCode(Trim(f[kCountryOfBirth])); !c.empty()) AddUnique(e.countries, c);
  for (const std::string& n : SplitNumbered(f[kNationality]))
    if (std::string c = CountryCode(n); !c.empty()) AddUnique(e.nationalities, c);
  AddIdentifiers(e, f[kPassport], IdKind::kPassport, "Passport Details");
  AddIdentifiers(e, f[kNiNumber], IdKind::kNationalId, "NI Number");
  if (e.title.empty()) e.title = std::string(Trim(f[kTitle]));
  if (std::string_view pos = Trim(f[kPosition]); !pos.empty() && e.title.find(pos) == std::string::npos)
    e.title += (e.title.empty() ? "" : "; ") + std::string(pos);

  Address a;
  for (size_t c = kAddress1; c <= kPostCode; ++c) {
    std::string_view v = Trim(f[c]);
    if (v.empty()) continue;
    a.full += (a.full.empty() ? "" : ", ") + std::string(v);
  }
  std::string country(Trim(f[kCountry]));
  a.country = CountryCode(country);
  if (a.country.empty() && !country.empty()) a.full += (a.full.empty() ? "" : ", ") + country;
  if (!a.full.empty() || !a.country.empty()) {
    if (!a.country.empty()) AddUnique(e.countries, a.country);
    bool seen = std::any_of(e.addresses.begin(), e.addresses.end(), [&](const Address& b) {
      return b.full == a.full && b.country == a.country;
    });
    if (!seen) e.addresses.push_back(std::move(a));
  }
  if (std::string regime(Trim(f[kRegime])); !regime.empty()) AddUnique(e.programs, std::move(regime));
  if (e.remarks.empty()) e.remarks = std::string(Trim(f[kOtherInfo]));
  for (std::string ref : UnReferences(f[kOtherInfo]))
    if (std::none_of(e.identifiers.begin(), e.identifiers.end(), [&](const Identifier& i) { return i.value == ref; }))
      e.identifiers.push_back(Identifier{IdKind::kOther, std::move(ref), "UN reference number", ""});
  if (auto d = ParseUkDate(f[kListedOn]); d && e.listed_on.empty()) e.listed_on = d->ToString();
}

}  // namespace

StatusOr<ListLoad> LoadUkOfsiCsv(const std::string& path) {
  StatusOr<TextFile> file = ReadTextFile(path);
  if (!file.ok()) return file.status();
  ListLoad load;
  load.dataset = "uk-ofsi";
  load.title = "UK OFSI Consolidated List of Financial Sanctions Targets";
  load.format = "uk-ofsi-csv";
  load.files.push_back(path);
  load.content_hash = file->sha256;
  const std::string& text = file->text;

  CsvReader reader(text);
  std::vector<std::string> f;
  // Line 1: "Last Updated,dd/mm/yyyy"; line 2: the header.
  if (!reader.Next(f) || f.empty() || Lower(Trim(f[0])) != "last updated")
    return Status::Corruption(path + ":1: not an OFSI consolidated list (expected 'Last Updated,dd/mm/yyyy')");
  if (f.size() > 1)
    if (auto d = ParseUkDate(f[1])) load.published = d->ToString();
  if (!reader.Next(f) || f.size() != kFields || Lower(Trim(f[kName6])) != "name 6" ||
      Lower(Trim(f[kGroupId])) != "group id")
    return Status::Corruption(path + ":2: expected the 29-column OFSI header 'Name 6,Name 1,...,Group ID'");

  std::unordered_map<std::string, size_t> index;  // Group ID -> position in load.entities
  while (reader.Next(f)) {
    size_t line = reader.line();
    if (!reader.error().empty()) {
      load.rejected.push_back({path, line, reader.error()});
      continue;
    }
    if (f.size() == 1 && Trim(f[0]).empty()) continue;
    if (f.size() != kFields) {
      load.rejected.push_back(
          {path, line, "expected " + std::to_string(kFields) + " fields, found " + std::to_string(f.size())});
      continue;
    }
    std::string group(Trim(f[kGroupId]));
    if (group.empty() || !std::all_of(group.begin(), group.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      load.rejected.push_back({path, line, "missing or non-numeric Group ID '" + group + "'"});
      continue;
    }
    if (FullName(f).empty()) {
      load.rejected.push_back({path, line, "Group ID " + group + ": row without a name"});
      continue;
    }
    std::string type = Lower(Trim(f[kGroupType]));
    Schema schema = type == "individual" ? Schema::kPerson
                    : type == "ship"     ? Schema::kVessel
                                         : Schema::kOrganization;
    auto [it, inserted] = index.emplace(group, load.entities.size());
    if (inserted) {
      Entity e;
      e.native_id = group;
      e.id = "uk-ofsi:" + group;
      e.dataset = "uk-ofsi";
      e.schema = schema;
      load.entities.push_back(std::move(e));
    } else if (load.entities[it->second].schema != schema) {
      load.rejected.push_back({path, line, "Group ID " + group + ": Group Type '" + std::string(Trim(f[kGroupType])) +
                                               "' contradicts an earlier row"});
      continue;
    }
    AddRow(load.entities[it->second], f);
  }
  if (load.entities.empty())
    return Status::Corruption(path + ": no valid OFSI rows (" + std::to_string(load.rejected.size()) + " rejected)");
  return load;
}

}  // namespace embargo
