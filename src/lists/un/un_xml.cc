// UN Security Council consolidated list XML (CONSOLIDATED_LIST). The published file has drifted
// from its 2018 XSD (NOTE in addresses, elements in other orders), so order is not checked. A
// record without a reference number or a name is rejected. A record holding an element the
// format does not have at its own level or in its aliases, or a single-valued element twice, is
// loaded with what it states (every name given) and counted among the rejected records, naming
// the element: a renamed FIRST_NAME must not pass as a record without a first name.

#include <algorithm>
#include <cctype>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/io.h"
#include "common/line_index.h"
#include "common/strings.h"
#include "common/xml_file.h"
#include "common/sha256.h"
#include "embargo/lists.h"
#include "entity/countries.h"
#include "lists/repeated_record.h"

namespace embargo {
namespace {

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && name == c.name()) return c;
  return {};
}

std::string Text(const pugi::xml_node& n, std::string_view name) {
  return std::string(Trim(OwnText(Child(n, name))));
}

template <typename Fn>
void ForEachChild(const pugi::xml_node& n, std::string_view name, Fn fn) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && name == c.name()) fn(c);
}

// Non-empty VALUE children of the `name` children: <NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY>.
std::vector<std::string> Values(const pugi::xml_node& n, std::string_view name) {
  std::vector<std::string> out;
  ForEachChild(n, name, [&](pugi::xml_node list) {
    ForEachChild(list, "VALUE", [&](pugi::xml_node v) {
      if (std::string s(Trim(OwnText(v))); !s.empty()) out.push_back(std::move(s));
    });
  });
  return out;
}

// Non-empty texts of `parts` children joined by ", ".
std::string JoinParts(const pugi::xml_node& n, std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    std::string v = Text(n, part);
    if (v.empty()) continue;
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

void AddCountry(std::vector<std::string>& v, std::string_view name) {
  if (std::string code = CountryCode(name); !code.empty()) AddUnique(v, std::move(code));
}

void AddName(Entity& e, std::string name, NameKind kind) {
  if (name.empty()) return;
  for (const Name& n : e.names)
    if (n.value == name) return;
  e.names.push_back(Name{std::move(name), kind});
}

// QUALITY "Low" marks a weak alias; "Good", "a.k.a.", "f.k.a." and empty are strong.
void AddAliases(const pugi::xml_node& rec, std::string_view tag, Entity& e) {
  ForEachChild(rec, tag, [&](pugi::xml_node alias) {
    bool weak = Lower(Text(alias, "QUALITY")) == "low";
    ForEachChild(alias, "ALIAS_NAME", [&](pugi::xml_node n) {
      AddName(e, std::string(Trim(OwnText(n))), weak ? NameKind::kWeakAlias : NameKind::kStrongAlias);
    });
  });
}

// TYPE_OF_DATE EXACT or APPROXIMATELY give DATE or YEAR; BETWEEN gives FROM_YEAR and TO_YEAR.
void AddBirthDates(const pugi::xml_node& rec, Entity& e) {
  ForEachChild(rec, "INDIVIDUAL_DATE_OF_BIRTH", [&](pugi::xml_node dob) {
    for (std::string_view part : {"DATE", "YEAR", "FROM_YEAR", "TO_YEAR"}) {
      if (part == "YEAR" && !Text(dob, "DATE").empty()) continue;
      if (auto d = PartialDate::Parse(Text(dob, part))) AddUnique(e.birth_dates, *d);
    }
  });
}

void AddBirthPlaces(const pugi::xml_node& rec, Entity& e) {
  ForEachChild(rec, "INDIVIDUAL_PLACE_OF_BIRTH", [&](pugi::xml_node pob) {
    std::string place = JoinParts(pob, {"STREET", "CITY", "STATE_PROVINCE", "COUNTRY"});
    if (!place.empty()) AddUnique(e.birth_places, std::move(place));
    AddCountry(e.countries, Text(pob, "COUNTRY"));
  });
}

IdKind DocumentKind(std::string_view type) {
  std::string t = Lower(type);
  if (t.find("passport") != std::string::npos || t.find("pasaporte") != std::string::npos ||
      t.find("passeport") != std::string::npos)
    return IdKind::kPassport;
  if (t.find("tax") != std::string::npos) return IdKind::kTaxId;
  if (t.find("national") != std::string::npos || t.find("identity") != std::string::npos ||
      t.find("identification") != std::string::npos)
    return IdKind::kNationalId;
  return IdKind::kOther;
}

void AddDocuments(const pugi::xml_node& rec, Entity& e) {
  ForEachChild(rec, "INDIVIDUAL_DOCUMENT", [&](pugi::xml_node doc) {
    std::string number = Text(doc, "NUMBER");
    if (number.empty()) return;
    std::string type = Text(doc, "TYPE_OF_DOCUMENT");
    if (type.empty()) type = Text(doc, "TYPE_OF_DOCUMENT2");
    std::string country = CountryCode(Text(doc, "ISSUING_COUNTRY"));
    if (country.empty()) country = CountryCode(Text(doc, "COUNTRY_OF_ISSUE"));
    for (const Identifier& id : e.identifiers)
      if (id.value == number && id.label == type) return;
    e.identifiers.push_back(
        Identifier{DocumentKind(type), std::move(number), std::move(type), std::move(country)});
  });
}

void AddAddresses(const pugi::xml_node& rec, std::string_view tag, Entity& e) {
  ForEachChild(rec, tag, [&](pugi::xml_node a) {
    Address addr;
    addr.full = JoinParts(a, {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE"});
    addr.city = Text(a, "CITY");
    std::string country = Text(a, "COUNTRY");
    addr.country = CountryCode(country);
    if (addr.country.empty() && !country.empty()) addr.full += (addr.full.empty() ? "" : ", ") + country;
    if (addr.full.empty() && addr.country.empty()) return;
    if (!addr.country.empty()) AddUnique(e.countries, addr.country);
    e.addresses.push_back(std::move(addr));
  });
}

std::string JoinValues(const std::vector<std::string>& values, std::string_view sep) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += sep;
    out += v;
  }
  return out;
}

size_t CountChildren(const pugi::xml_node& n, std::string_view name) {
  size_t count = 0;
  ForEachChild(n, name, [&](pugi::xml_node) { ++count; });
  return count;
}

// The trimmed text of the k-th `name` child of `n`, else of its first.
std::string NthText(const pugi::xml_node& n, std::string_view name, size_t k) {
  pugi::xml_node found = Child(n, name);
  ForEachChild(n, name, [&](pugi::xml_node c) {
    if (k-- == 0) found = c;
  });
  return std::string(Trim(OwnText(found)));
}

constexpr std::string_view kNameParts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};

// FIRST_NAME .. FOURTH_NAME joined with spaces (entities use FIRST_NAME only). A part given twice
// (a damaged record) gives a second name with the other parts: no name given is lost.
std::vector<std::string> RecordNames(const pugi::xml_node& rec) {
  size_t most = 1;
  for (std::string_view part : kNameParts) most = std::max(most, CountChildren(rec, part));
  std::vector<std::string> names;
  for (size_t k = 0; k < most; ++k) {
    std::string name;
    for (std::string_view part : kNameParts) {
      std::string v = NthText(rec, part, k);
      if (v.empty()) continue;
      if (!name.empty()) name += ' ';
      name += v;
    }
    if (!name.empty()) AddUnique(names, std::move(name));
  }
  return names;
}

std::string PrimaryName(const pugi::xml_node& rec) {
  std::vector<std::string> names = RecordNames(rec);
  return names.empty() ? std::string() : names[0];
}

Entity EntityFromRecord(const pugi::xml_node& rec, bool person, std::string ref) {
  Entity e;
  e.native_id = std::move(ref);
  e.id = "un:" + e.native_id;
  e.dataset = "un";
  e.schema = person ? Schema::kPerson : Schema::kOrganization;
  for (std::string& name : RecordNames(rec))
    AddName(e, std::move(name), e.names.empty() ? NameKind::kPrimary : NameKind::kStrongAlias);
  ForEachChild(rec, "NAME_ORIGINAL_SCRIPT",
               [&](pugi::xml_node n) { AddName(e, std::string(Trim(OwnText(n))), NameKind::kStrongAlias); });
  AddAliases(rec, person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS", e);
  if (std::string program = Text(rec, "UN_LIST_TYPE"); !program.empty()) e.programs.push_back(program);
  std::string listed = Text(rec, "LISTED_ON");
  if (PartialDate::Parse(listed.substr(0, 10))) e.listed_on = listed.substr(0, 10);
  e.remarks = Text(rec, "COMMENTS1");
  std::vector<std::string> titles = Values(rec, "TITLE");
  for (std::string& d : Values(rec, "DESIGNATION")) titles.push_back(std::move(d));
  e.title = JoinValues(titles, "; ");
  std::string gender = Lower(Text(rec, "GENDER"));
  if (gender == "male" || gender == "female") e.gender = gender;
  for (const std::string& n : Values(rec, "NATIONALITY")) AddCountry(e.nationalities, n);
  AddBirthDates(rec, e);
  AddBirthPlaces(rec, e);
  AddDocuments(rec, e);
  AddAddresses(rec, person ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS", e);
  return e;
}

// The elements a record holds at its own level: those of the published file (2026), plus
// SUBMITTED_BY, SUBMITTED_ON, DELISTED_ON and NOTE, which carry no name to lose. A record inside a
// record is rejected on its own.
constexpr std::string_view kRecordElements[] = {
    "DATAID",      "VERSIONNUM",       "FIRST_NAME", "SECOND_NAME", "THIRD_NAME",        "FOURTH_NAME",
    "UN_LIST_TYPE", "REFERENCE_NUMBER", "LISTED_ON",  "SUBMITTED_BY", "SUBMITTED_ON",    "NAME_ORIGINAL_SCRIPT",
    "COMMENTS1",   "NOTE",             "LIST_TYPE",  "LAST_DAY_UPDATED", "SORT_KEY",      "SORT_KEY_LAST_MOD",
    "DELISTED_ON", "INDIVIDUAL",       "ENTITY"};
constexpr std::string_view kIndividualElements[] = {
    "GENDER",           "TITLE",              "DESIGNATION",              "NATIONALITY",
    "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS", "INDIVIDUAL_DATE_OF_BIRTH", "INDIVIDUAL_PLACE_OF_BIRTH",
    "INDIVIDUAL_DOCUMENT"};
constexpr std::string_view kEntityElements[] = {"ENTITY_ALIAS", "ENTITY_ADDRESS"};
constexpr std::string_view kAliasElements[] = {"QUALITY",       "ALIAS_NAME",       "NOTE",
                                               "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"};
// Elements a record or an alias states once.
constexpr std::string_view kSingleElements[] = {
    "DATAID",    "VERSIONNUM", "FIRST_NAME", "SECOND_NAME",          "THIRD_NAME", "FOURTH_NAME", "UN_LIST_TYPE",
    "REFERENCE_NUMBER", "LISTED_ON", "GENDER", "NAME_ORIGINAL_SCRIPT", "COMMENTS1",  "QUALITY",     "ALIAS_NAME"};

template <size_t N>
bool In(const std::string_view (&set)[N], std::string_view name) {
  return std::find(std::begin(set), std::end(set), name) != std::end(set);
}

// What is wrong with a record's elements, in words, and where the first fault stands.
struct Damage {
  ptrdiff_t offset = -1;
  std::string what;

  void Note(const pugi::xml_node& at, const std::string& fault) {
    if (offset < 0) offset = at.offset_debug();
    what += (what.empty() ? "" : "; ") + fault;
  }
};

// Notes `n`'s child elements that `known` does not know and single ones given again.
template <typename KnownFn>
void CheckChildren(const pugi::xml_node& n, KnownFn known, Damage& d) {
  std::unordered_set<std::string_view> seen;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string name = c.name();
    if (!known(name))
      d.Note(c, "unknown element <" + name + "> in <" + n.name() + "> not read");
    else if (In(kSingleElements, name) && !seen.insert(c.name()).second)
      d.Note(c, "<" + name + "> given more than once in <" + n.name() + ">");
  }
}

Damage RecordDamage(const pugi::xml_node& rec, bool person) {
  Damage d;
  CheckChildren(
      rec,
      [&](std::string_view name) {
        return In(kRecordElements, name) || (person ? In(kIndividualElements, name) : In(kEntityElements, name));
      },
      d);
  ForEachChild(rec, person ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS", [&](pugi::xml_node alias) {
    CheckChildren(alias, [](std::string_view name) { return In(kAliasElements, name); }, d);
  });
  return d;
}

class UnLoader {
 public:
  UnLoader(const std::string& path, const std::string& text) : path_(path), lines_(text) {}

  // INDIVIDUAL and ENTITY records, inside their INDIVIDUALS / ENTITIES wrappers or not.
  void LoadRecords(const pugi::xml_node& root) {
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
      std::string_view name = n.name();
      if (name != "INDIVIDUALS" && name != "ENTITIES") {
        LoadRecordOrReject(n);
        continue;
      }
      for (pugi::xml_node rec = n.first_child(); rec; rec = rec.next_sibling()) LoadRecordOrReject(rec);
    }
  }

  ListLoad& load() { return load_; }

 private:
  struct Seen {
    size_t line = 0;   // where the reference number first stands
    size_t index = 0;  // its entity in load_.entities
  };
  void LoadRecordOrReject(const pugi::xml_node& n) {
    std::string_view name = n.name();
    if (name == "INDIVIDUAL" || name == "ENTITY") return LoadRecord(n, name == "INDIVIDUAL");
    if (n.type() != pugi::node_element) return;
    Reject(n, "<" + std::string(name) + "> is no INDIVIDUAL or ENTITY: not read");
    RejectRecordsWithin(n);
  }

  void RejectRecordsWithin(const pugi::xml_node& n) {
    for (const pugi::xml_node& rec : ElementsWithin(n, {"INDIVIDUAL", "ENTITY"}))
      Reject(rec, std::string(rec.name()) + " inside <" + n.name() + ">: not read");
  }

  void LoadRecord(const pugi::xml_node& rec, bool person) {
    RejectRecordsWithin(rec);
    std::string ref = Text(rec, "REFERENCE_NUMBER");
    std::string kind = person ? "INDIVIDUAL" : "ENTITY";
    if (ref.empty()) return Reject(rec, kind + " without REFERENCE_NUMBER (DATAID " + Text(rec, "DATAID") + ")");
    if (PrimaryName(rec).empty()) return Reject(rec, kind + " " + ref + " without a name");
    // A damaged record keeps every name it states: it is loaded and counted as rejected.
    if (Damage d = RecordDamage(rec, person); !d.what.empty())
      load_.rejected.push_back({path_, lines_.LineOf(d.offset), kind + " " + ref + ": " + d.what + "; loaded with the rest"});
    size_t line = lines_.LineOf(rec.offset_debug());
    auto [first, inserted] = seen_.emplace(ref, Seen{line, load_.entities.size()});
    Entity e = EntityFromRecord(rec, person, ref);
    if (inserted) return load_.entities.push_back(std::move(e));
    MergeRepeatedRecord(load_, load_.entities[first->second.index], std::move(e), "REFERENCE_NUMBER", path_,
                        first->second.line, line);
  }

  void Reject(const pugi::xml_node& rec, std::string reason) {
    load_.rejected.push_back({path_, lines_.LineOf(rec.offset_debug()), std::move(reason)});
  }

  const std::string& path_;
  LineIndex lines_;
  ListLoad load_;
  std::unordered_map<std::string, Seen> seen_;
};

}  // namespace

StatusOr<ListLoad> LoadUnXml(const std::string& path) {
  XmlFile xml;
  EMBARGO_RETURN_IF_ERROR(LoadXmlFile(path, "CONSOLIDATED_LIST", xml));
  const std::string& text = xml.text;
  pugi::xml_node root = xml.root;

  UnLoader loader(path, text);
  loader.LoadRecords(root);
  ListLoad load = std::move(loader.load());
  if (load.entities.empty()) return Status::DataLoss(path + ": no valid INDIVIDUAL or ENTITY records");
  load.dataset = "un";
  load.title = "UN Security Council Consolidated List";
  load.format = "un-xml";
  load.files.push_back(path);
  load.content_hash = Sha256Hex(text);
  std::string generated(Trim(root.attribute("dateGenerated").value()));
  if (PartialDate::Parse(generated.substr(0, 10))) load.published = generated.substr(0, 10);
  return load;
}

}  // namespace embargo
