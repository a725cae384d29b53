// The UK lists in CSV: OFSI's Consolidated List of Financial Sanctions Targets (the 29-column
// format to 2022 and the 2022 format with non-Latin names and alias quality) and the FCDO's UK
// Sanctions List. All three have a metadata first line, then a header, then one row per name
// variant (and address) of a target; rows are grouped by "Group ID" (OFSI) or "Unique ID" (FCDO)
// into one entity per target. Columns are found by their header names, so added or reordered
// columns do not matter. OFSI files are Windows-1252; dates are dd/mm/yyyy with 00 for unknown.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/csv.h"
#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "embargo/lists.h"
#include "entity/countries.h"
#include "lists/csv_rows.h"

namespace embargo {
namespace {

std::vector<std::string> UnReferences(std::string_view text) {
  // "UN Ref QDi.004", "UN Ref.KPI.067", "(UN Ref):SDi.001": two letters, i or e, a dot, three digits. Older
  // references ("QI.A.151.03") predate the current UN numbering and are left alone.
  std::vector<std::string> refs;
  for (size_t at = text.find("UN Ref"); at != std::string_view::npos; at = text.find("UN Ref", at + 6)) {
    size_t p = at + 6;
    while (p < text.size() && (text[p] == ' ' || text[p] == '.' || text[p] == ':' || text[p] == ')')) ++p;
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

// The value the older file format gives in Other Information after "(label):", up to the next
// "(" label: "(IMO number):7408873 (Current owners):..." -> "7408873"; empty when absent.
std::string_view LabelledValue(std::string_view text, std::string_view label) {
  size_t at = text.find(label);
  if (at == std::string_view::npos) return {};
  std::string_view rest = text.substr(at + label.size());
  return Trim(rest.substr(0, rest.find(" (")));
}

// IMO numbers written in Other Information by files without ship columns: "(IMO number):7408873",
// "(IMO number: 7408873", "IMO: 9562233", "IMO Number: 5342883". Seven digits after the label.
std::vector<std::string> ImoNumbers(std::string_view text) {
  std::vector<std::string> out;
  for (size_t at = text.find("IMO"); at != std::string_view::npos; at = text.find("IMO", at + 3)) {
    size_t p = at + 3;
    if (p < text.size() && std::isalpha(static_cast<unsigned char>(text[p]))) continue;  // IMOV, IMOFEEV
    if (Lower(text.substr(p, 7)) == " number") p += 7;
    while (p < text.size() && (text[p] == ' ' || text[p] == ':' || text[p] == '(' || text[p] == ')')) ++p;
    size_t end = p;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end - p == 7) out.emplace_back(text.substr(p, 7));
  }
  return out;
}

// The fields read, each found by one of its header names (lower case).
enum Field : size_t {
  kName1, kName2, kName3, kName4, kName5, kName6,  // Name 6: the surname, or an entity's whole name
  kTitle, kNonLatinName, kDob, kTownOfBirth, kCountryOfBirth, kNationality, kPassport, kPassportDetails,
  kNationalId, kPosition, kGender, kAddress1, kAddress2, kAddress3, kAddress4, kAddress5, kAddress6, kPostCode,
  kCountry, kOtherInfo, kGroupType, kAliasType, kAliasQuality, kRegime, kListedOn, kGroupId, kUnReference,
  kImo, kRegistration, kShipFlag, kShipType, kShipTonnage, kPhone, kEmail, kWebsite,
  kFieldCount
};

const std::vector<std::vector<std::string_view>>& HeaderNames() {
  static const std::vector<std::vector<std::string_view>> names = {
      {"name 1"}, {"name 2"}, {"name 3"}, {"name 4"}, {"name 5"}, {"name 6"},
      {"title"}, {"name non-latin script"}, {"dob", "d.o.b"}, {"town of birth"}, {"country of birth"},
      {"nationality", "nationality(/ies)"}, {"passport number", "passport details"}, {"passport details", "passport additional information"},
      {"ni number", "national identification number", "national identifier number"}, {"position"}, {"gender"},
      {"address 1", "address line 1"}, {"address 2", "address line 2"}, {"address 3", "address line 3"},
      {"address 4", "address line 4"}, {"address 5", "address line 5"}, {"address 6", "address line 6"},
      {"post/zip code", "address postal code"}, {"country", "address country"}, {"other information"},
      {"group type", "designation type"}, {"alias type", "name type"}, {"alias quality", "alias strength"},
      {"regime", "regime name"}, {"listed on", "date designated"}, {"group id", "unique id"}, {"un reference number"},
      {"imo number"}, {"business registration number (s)", "business registration number(s)"},
      {"current believed flag of ship"}, {"type of ship"}, {"tonnage of ship"}, {"phone number"}, {"email address"},
      {"website"}};
  return names;
}

// A row's fields by Field; empty when the file has no such column.
class Row {
 public:
  Row(const std::vector<size_t>& at, const std::vector<std::string>& f) : at_(at), f_(f) {}
  std::string_view operator[](Field field) const {
    size_t c = at_[field];
    return c < f_.size() ? std::string_view(f_[c]) : std::string_view();
  }

 private:
  const std::vector<size_t>& at_;
  const std::vector<std::string>& f_;
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
std::string FullName(const Row& f) {
  std::string name;
  for (Field c : {kName1, kName2, kName3, kName4, kName5, kName6}) {
    std::string_view part = Trim(f[c]);
    if (part.empty()) continue;
    if (!name.empty()) name += ' ';
    name += part;
  }
  return name;
}

void AddName(Entity& e, std::string name, NameKind kind, bool quality_unstated = false) {
  for (const Name& n : e.names)
    if (n.value == name) return;
  e.names.push_back(Name{std::move(name), kind, quality_unstated});
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

void AddIdentifier(Entity& e, std::string_view value, IdKind kind, const std::string& label) {
  std::string v(Trim(value));
  if (v.empty()) return;
  if (std::none_of(e.identifiers.begin(), e.identifiers.end(), [&](const Identifier& i) { return i.value == v; }))
    e.identifiers.push_back(Identifier{kind, std::move(v), label, ""});
}

// The row's names: the "Prime Alias" (OFSI) or "Primary Name" (FCDO) row gives the primary
// name, and a low-quality alias is a weak one. A target's rows come in any order: the primary
// name is put first when its row comes (PromoteFirstName covers a target without one).
// The first flag given (a column, or Other Information), as a country code where one is known.
void SetVesselFlag(Entity& e, std::string_view flag) {
  if (flag.empty() || !e.vessel_flag.empty()) return;
  std::string code = CountryCode(flag);
  e.vessel_flag = code.empty() ? std::string(flag) : code;
}

void AddRowNames(Entity& e, const Row& f) {
  std::string name = FullName(f);
  std::string alias_type = Lower(Trim(f[kAliasType]));
  if (alias_type == "prime alias" || alias_type == "primary name") {
    std::erase_if(e.names, [&](const Name& n) { return n.value == name; });
    if (!e.names.empty() && e.names[0].kind == NameKind::kPrimary) e.names[0].kind = NameKind::kStrongAlias;
    e.names.insert(e.names.begin(), Name{std::move(name), NameKind::kPrimary});
  } else {
    std::string quality = Lower(Trim(f[kAliasQuality]));
    bool weak = quality.find("low") != std::string::npos;
    AddName(e, std::move(name), weak ? NameKind::kWeakAlias : NameKind::kStrongAlias, quality.empty());
  }
  if (std::string_view script = Trim(f[kNonLatinName]); !script.empty())
    AddName(e, std::string(script), NameKind::kStrongAlias);
}

// A target whose rows name no primary is known by its first strong alias (its first name if
// all are weak), which becomes its primary name.
void PromoteFirstName(Entity& e) {
  if (e.names.empty() || e.names[0].kind == NameKind::kPrimary) return;
  auto strong = std::find_if(e.names.begin(), e.names.end(), [](const Name& n) { return n.kind != NameKind::kWeakAlias; });
  if (strong == e.names.end()) strong = e.names.begin();
  strong->kind = NameKind::kPrimary;
  strong->quality_unstated = false;
  std::rotate(e.names.begin(), strong, strong + 1);
}

// Folds one row into its target's entity: every row adds its names, dates, places, documents
// and address.
void AddRow(Entity& e, const Row& f) {
  AddRowNames(e, f);
  if (auto d = ParseUkDate(f[kDob])) AddUnique(e.birth_dates, *d);
  std::string place;
  for (Field c : {kTownOfBirth, kCountryOfBirth}) {
    std::string_view v = Trim(f[c]);
    if (v.empty()) continue;
    place += (place.empty() ? "" : ", ") + std::string(v);
  }
  if (!place.empty()) AddUnique(e.birth_places, std::move(place));
  if (std::string c = CountryCode(Trim(f[kCountryOfBirth])); !c.empty()) AddUnique(e.countries, c);
  for (const std::string& n : SplitNumbered(f[kNationality]))
    if (std::string c = CountryCode(n); !c.empty()) AddUnique(e.nationalities, c);
  AddIdentifiers(e, f[kPassport], IdKind::kPassport, "Passport");
  AddIdentifiers(e, f[kPassportDetails], IdKind::kPassport, "Passport");
  AddIdentifiers(e, f[kNationalId], IdKind::kNationalId, "National identification number");
  AddIdentifiers(e, f[kRegistration], IdKind::kRegistration, "Business registration number");
  AddIdentifier(e, f[kImo], IdKind::kImo, "IMO number");
  AddIdentifier(e, f[kUnReference], IdKind::kOther, "UN reference number");
  if (e.title.empty()) e.title = std::string(Trim(f[kTitle]));
  if (std::string_view pos = Trim(f[kPosition]); !pos.empty() && e.title.find(pos) == std::string::npos)
    e.title += (e.title.empty() ? "" : "; ") + std::string(pos);
  if (e.gender.empty()) {
    std::string g = Lower(Trim(f[kGender]));
    if (g == "male" || g == "female") e.gender = g;
  }
  SetVesselFlag(e, Trim(f[kShipFlag]));
  if (e.vessel_type.empty()) e.vessel_type = std::string(Trim(f[kShipType]));
  if (e.tonnage.empty()) e.tonnage = std::string(Trim(f[kShipTonnage]));
  if (std::string_view w = Trim(f[kWebsite]); !w.empty()) AddUnique(e.websites, std::string(w));
  if (std::string_view m = Trim(f[kEmail]); !m.empty()) AddUnique(e.emails, std::string(m));

  Address a;
  for (Field c : {kAddress1, kAddress2, kAddress3, kAddress4, kAddress5, kAddress6, kPostCode}) {
    std::string_view v = Trim(f[c]);
    if (v.empty()) continue;
    a.full += (a.full.empty() ? "" : ", ") + std::string(v);
  }
  if (a.city.empty()) a.city = std::string(Trim(f[kAddress6]));
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
  for (std::string ref : UnReferences(f[kOtherInfo])) AddIdentifier(e, ref, IdKind::kOther, "UN reference number");
  // Files without ship columns write them in Other Information.
  for (const std::string& imo : ImoNumbers(f[kOtherInfo])) AddIdentifier(e, imo, IdKind::kImo, "IMO number");
  SetVesselFlag(e, LabelledValue(f[kOtherInfo], "(Flag of ship):"));
  if (e.vessel_type.empty()) e.vessel_type = std::string(LabelledValue(f[kOtherInfo], "(Type of ship):"));
  if (auto d = ParseUkDate(f[kListedOn]); d && e.listed_on.empty()) e.listed_on = d->ToString();
}

// The first dd/mm/yyyy date in a metadata line ("Last Updated,13/04/2018", "Report Date: ...").
std::optional<PartialDate> MetadataDate(const std::vector<std::string>& f) {
  for (const auto& cell : f) {
    for (size_t i = 0; i + 10 <= cell.size(); ++i)
      if (auto d = ParseUkDate(std::string_view(cell).substr(i, 10)); d && d->day) return d;
  }
  return std::nullopt;
}

// OFSI Group IDs are numbers; FCDO Unique IDs are letters, digits and - / . ("RUS0001").
bool ValidTargetId(const std::string& id, bool fcdo) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [fcdo](char c) {
    auto u = static_cast<unsigned char>(c);
    return fcdo ? std::isalnum(u) || c == '-' || c == '/' || c == '.' : std::isdigit(u) != 0;
  });
}

std::optional<Schema> SchemaOfTargetType(std::string_view type_cell) {
  std::string type = Lower(Trim(type_cell));
  if (type == "individual") return Schema::kPerson;
  if (type == "ship") return Schema::kVessel;
  if (type == "entity") return Schema::kOrganization;
  return std::nullopt;
}

// Where each field stands in the file, read off its header (line 1 or 2).
struct UkHeader {
  std::vector<size_t> at = std::vector<size_t>(kFieldCount, SIZE_MAX);
  size_t width = 0;
  bool fcdo = false;  // the FCDO list names its targets by "Unique ID", OFSI's by "Group ID"
  std::optional<PartialDate> published;
};

bool IsUkHeader(const std::vector<std::string>& row) {
  return std::any_of(row.begin(), row.end(), [](const std::string& c) { return Lower(Trim(c)) == "name 6"; });
}

// The columns a header must have: the target id and type, and every name column the loader reads,
// since a renamed one ("Forename" for "Name 1") would load every record without that part of its
// names, none rejected. Every layout has Name 1 to Name 6 and the alias (name) type; those with
// non-Latin names (OFSI's 2022 format and the FCDO's, told by their "Non-Latin Script Type"
// column) have the non-Latin name and the alias quality (strength) too.
std::vector<Field> RequiredFields(const std::vector<std::string>& header) {
  std::vector<Field> out = {kName1, kName2, kName3, kName4, kName5, kName6, kAliasType, kGroupId, kGroupType};
  if (std::any_of(header.begin(), header.end(), [](const std::string& c) { return Lower(Trim(c)) == "non-latin script type"; })) {
    out.push_back(kNonLatinName);
    out.push_back(kAliasQuality);
  }
  return out;
}

// Line 1: metadata; line 2: the header (a file without the metadata line starts with it).
StatusOr<UkHeader> ReadUkHeader(CsvReader& reader, const std::string& path) {
  UkHeader h;
  std::vector<std::string> header;
  if (!reader.Next(header)) return Status::DataLoss(path + ": empty file, not a UK sanctions list");
  if (!IsUkHeader(header)) {
    h.published = MetadataDate(header);
    if (!reader.Next(header) || !IsUkHeader(header))
      return Status::DataLoss(path + ":2: expected a UK list header ('Name 6,Name 1,...' with 'Group ID' or 'Unique ID')");
  }
  if (std::string twice = RepeatedColumn(header); !twice.empty())
    return Status::DataLoss(path + ":" + std::to_string(reader.line()) + ": the header names column " + twice +
                            " twice: which holds the field cannot be told");
  const auto& names = HeaderNames();
  for (size_t field = 0; field < kFieldCount; ++field) {
    for (std::string_view want : names[field]) {
      for (size_t c = 0; c < header.size() && h.at[field] == SIZE_MAX; ++c)
        if (Lower(Trim(header[c])) == want) h.at[field] = c;
      if (h.at[field] != SIZE_MAX) break;
    }
  }
  h.width = header.size();
  h.fcdo = std::any_of(header.begin(), header.end(), [](const std::string& c) { return Lower(Trim(c)) == "unique id"; });
  for (Field required : RequiredFields(header))
    if (h.at[required] == SIZE_MAX)
      return Status::DataLoss(path + ":" + std::to_string(reader.line()) + ": the header has no '" +
                              std::string(names[required][h.fcdo ? names[required].size() - 1 : 0]) +
                              "' column: every record would be read without it");
  return h;
}

// Rows of one target (same id) are merged into one entity; a row that cannot be read is
// rejected with the reason, never dropped.
class UkTargets {
 public:
  UkTargets(ListLoad& load, bool fcdo)
      : load_(load), id_column_(fcdo ? "Unique ID" : "Group ID"), type_column_(fcdo ? "Designation Type" : "Group Type"),
        fcdo_(fcdo) {}

  void Add(const Row& row, size_t line) {
    const std::string group(Trim(row[kGroupId]));
    const std::optional<Schema> type = SchemaOfTargetType(row[kGroupType]);
    if (std::optional<std::string> why = Problem(row, group, type)) {
      load_.rejected.push_back({load_.files.back(), line, std::move(*why)});
      return;
    }
    const Schema schema = *type;
    auto [it, inserted] = index_.emplace(group, load_.entities.size());
    if (inserted) {
      Entity e;
      e.native_id = group;
      e.id = load_.dataset + ":" + group;
      e.dataset = load_.dataset;
      e.schema = schema;
      load_.entities.push_back(std::move(e));
      stated_.push_back(schema);
    } else if (stated_[it->second] != schema) {
      Contradiction(row, group, line, load_.entities[it->second]);
    }
    AddRow(load_.entities[it->second], row);
  }

 private:
  // A row whose type contradicts its target's first row (an error in the file, or a row of
  // another target under its id): which is right cannot be told, so its names are kept, the
  // target is read untyped (matched as a person and as an organisation) and the row is rejected
  // as a repeat that loses no name.
  void Contradiction(const Row& row, const std::string& group, size_t line, Entity& target) {
    load_.rejected.push_back({load_.files.back(), line,
                              id_column_ + " " + group + ": " + type_column_ + " '" + std::string(Trim(row[kGroupType])) +
                                  "' contradicts an earlier row; its names are kept, the target read untyped",
                              /*repeat=*/true});
    target.schema = Schema::kLegalEntity;
  }

  std::optional<std::string> Problem(const Row& row, const std::string& group, std::optional<Schema> type) const {
    if (!ValidTargetId(group, fcdo_))
      return std::string("missing or ") + (fcdo_ ? "malformed " : "non-numeric ") + id_column_ + " '" + group + "'";
    if (FullName(row).empty()) return id_column_ + " " + group + ": row without a name";
    if (!type)
      return id_column_ + " " + group + ": unknown " + type_column_ + " '" + std::string(Trim(row[kGroupType])) +
             "' (Individual, Entity or Ship)";
    return std::nullopt;
  }

  ListLoad& load_;
  std::string id_column_, type_column_;
  bool fcdo_;
  std::unordered_map<std::string, size_t> index_;  // target id -> position in load_.entities
  std::vector<Schema> stated_;                      // by position: the type its first row states
};

StatusOr<ListLoad> LoadUkCsv(const std::string& path, bool fcdo_expected) {
  StatusOr<TextFile> file = ReadTextFile(path);
  if (!file.ok()) return file.status();
  CsvReader reader(file->text);
  StatusOr<UkHeader> header = ReadUkHeader(reader, path);
  if (!header.ok()) return header.status();
  const bool fcdo = header->fcdo;
  if (fcdo != fcdo_expected)
    return Status::InvalidArgument(path + ": this is " + (fcdo ? "the FCDO UK Sanctions List" : "an OFSI consolidated list") +
                                   ", not " + (fcdo_expected ? "the FCDO UK Sanctions List" : "an OFSI consolidated list"));

  ListLoad load;
  load.dataset = fcdo ? "uk-fcdo" : "uk-ofsi";
  load.title = fcdo ? "UK Sanctions List (FCDO)" : "UK OFSI Consolidated List of Financial Sanctions Targets";
  load.format = fcdo ? "uk-fcdo-csv" : header->width > 29 ? "uk-ofsi-csv-2022" : "uk-ofsi-csv";
  load.files.push_back(path);
  load.content_hash = file->sha256;
  if (header->published) load.published = header->published->ToString();

  UkTargets targets(load, fcdo);
  std::vector<std::string> f;
  while (NextListRow(reader, f, header->width, path, load)) targets.Add(Row(header->at, f), reader.line());
  for (Entity& e : load.entities) PromoteFirstName(e);
  if (load.entities.empty())
    return Status::DataLoss(path + ": no valid rows (" + std::to_string(load.rejected.size()) + " rejected)");
  return load;
}

}  // namespace

StatusOr<ListLoad> LoadUkOfsiCsv(const std::string& path) { return LoadUkCsv(path, false); }
StatusOr<ListLoad> LoadUkFcdoCsv(const std::string& path) { return LoadUkCsv(path, true); }

}  // namespace embargo
