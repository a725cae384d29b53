// EU Financial Sanctions File, XML v1.1 (fsf_schema_1_1.xsd): <export generationDate=...> holding
// <sanctionEntity logicalId=...> records, each with a regulation, a subjectType (P person, E
// enterprise), nameAlias elements (one per name and language, "strong" marks the main one),
// citizenship, birthdate, address and identification. Elements are matched by local name, so
// a prefixed namespace reads the same as the default one.

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
#include "common/sha256.h"
#include "embargo/lists.h"
#include "entity/merge.h"
#include "entity/countries.h"
#include "common/xml_file.h"

namespace embargo {
namespace {

template <typename Fn>
void ForEachChild(const pugi::xml_node& n, std::string_view name, Fn fn) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == name) fn(c);
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  return {};
}

std::string Attr(const pugi::xml_node& n, const char* name) { return std::string(Trim(n.attribute(name).value())); }

// countryIso2Code "00" means unknown in the FSF.
std::string Country(const pugi::xml_node& n) {
  std::string code = Attr(n, "countryIso2Code");
  if (code.empty() || code == "00") return CountryCode(Attr(n, "countryDescription"));
  return CountryCode(code);
}

std::string Join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

// wholeName, or firstName middleName lastName.
std::string AliasName(const pugi::xml_node& a) {
  std::string whole = Attr(a, "wholeName");
  if (!whole.empty()) return whole;
  std::string name;
  for (const char* part : {"firstName", "middleName", "lastName"}) {
    std::string v = Attr(a, part);
    if (v.empty()) continue;
    if (!name.empty()) name += ' ';
    name += v;
  }
  return name;
}

void AddNames(const pugi::xml_node& rec, Entity& e) {
  // The first strong alias is the primary name; without one, the first alias.
  pugi::xml_node primary;
  ForEachChild(rec, "nameAlias", [&](pugi::xml_node a) {
    if (!primary && Lower(Attr(a, "strong")) == "true" && !AliasName(a).empty()) primary = a;
  });
  if (!primary)
    ForEachChild(rec, "nameAlias", [&](pugi::xml_node a) {
      if (!primary && !AliasName(a).empty()) primary = a;
    });
  if (!primary) return;
  e.names.push_back(Name{AliasName(primary), NameKind::kPrimary});
  ForEachChild(rec, "nameAlias", [&](pugi::xml_node a) {
    std::string name = AliasName(a);
    if (name.empty()) return;
    if (std::any_of(e.names.begin(), e.names.end(), [&](const Name& n) { return n.value == name; })) return;
    // strong="false" marks a weak alias in the FSF; absent means strong.
    bool weak = Lower(Attr(a, "strong")) == "false";
    e.names.push_back(Name{std::move(name), weak ? NameKind::kWeakAlias : NameKind::kStrongAlias});
  });
  ForEachChild(rec, "nameAlias", [&](pugi::xml_node a) {
    std::string g = Attr(a, "gender");
    if (e.gender.empty() && (g == "M" || g == "F")) e.gender = g == "M" ? "male" : "female";
    for (const char* field : {"title", "function"}) {
      std::string v = Attr(a, field);
      if (!v.empty() && e.title.find(v) == std::string::npos) e.title += (e.title.empty() ? "" : "; ") + v;
    }
  });
}

// birthdate="1952-10-07", or year/monthOfYear/dayOfMonth, or yearRangeFrom..yearRangeTo.
void AddBirthDates(const pugi::xml_node& rec, Entity& e) {
  ForEachChild(rec, "birthdate", [&](pugi::xml_node b) {
    if (auto d = PartialDate::Parse(Attr(b, "birthdate"))) {
      AddUnique(e.birth_dates, *d);
    } else if (int year = b.attribute("year").as_int(); year > 0) {
      PartialDate pd;
      pd.year = static_cast<int16_t>(year);
      int month = b.attribute("monthOfYear").as_int();
      int day = b.attribute("dayOfMonth").as_int();
      if (month >= 1 && month <= 12) {
        pd.month = static_cast<int8_t>(month);
        if (day >= 1 && day <= 31) pd.day = static_cast<int8_t>(day);
      }
      AddUnique(e.birth_dates, pd);
    } else {
      for (const char* attr : {"yearRangeFrom", "yearRangeTo"})
        if (int y = b.attribute(attr).as_int(); y > 0) AddUnique(e.birth_dates, PartialDate{static_cast<int16_t>(y), 0, 0});
    }
    std::string place = Join({Attr(b, "place"), Attr(b, "city"), Attr(b, "region"), Attr(b, "countryDescription")});
    if (Attr(b, "countryDescription") == "UNKNOWN") place = Join({Attr(b, "place"), Attr(b, "city"), Attr(b, "region")});
    if (!place.empty()) AddUnique(e.birth_places, std::move(place));
  });
}

IdKind DocumentKind(std::string_view code, std::string_view description) {
  std::string t = Lower(code) + " " + Lower(description);
  if (t.find("passport") != std::string::npos) return IdKind::kPassport;
  if (t.find("tax") != std::string::npos || t.find("fiscal") != std::string::npos) return IdKind::kTaxId;
  if (t.find("regnumber") != std::string::npos || t.find("registration") != std::string::npos)
    return IdKind::kRegistration;
  if (t.find("imo") != std::string::npos) return IdKind::kImo;
  if (t.find("swift") != std::string::npos || t.find("bic") != std::string::npos) return IdKind::kSwiftBic;
  if (t.find("id ") == 0 || t.find("national") != std::string::npos || t.find("identi") != std::string::npos)
    return IdKind::kNationalId;
  return IdKind::kOther;
}

void AddIdentifications(const pugi::xml_node& rec, Entity& e) {
  ForEachChild(rec, "identification", [&](pugi::xml_node id) {
    std::string number = Attr(id, "number");
    if (number.empty()) number = Attr(id, "latinNumber");
    if (number.empty()) return;
    std::string label = Attr(id, "identificationTypeDescription");
    if (label.empty()) label = Attr(id, "identificationTypeCode");
    e.identifiers.push_back(Identifier{DocumentKind(Attr(id, "identificationTypeCode"), label), std::move(number),
                                       std::move(label), Country(id)});
  });
  if (std::string un = Attr(rec, "unitedNationId"); !un.empty())
    e.identifiers.push_back(Identifier{IdKind::kOther, un, "UN reference number", ""});
}

void AddAddresses(const pugi::xml_node& rec, Entity& e) {
  ForEachChild(rec, "address", [&](pugi::xml_node a) {
    Address addr;
    addr.city = Attr(a, "city");
    addr.full = Join({Attr(a, "street"), Attr(a, "poBox"), Attr(a, "zipCode"), addr.city, Attr(a, "region"),
                      Attr(a, "place")});
    addr.country = Country(a);
    if (addr.full.empty() && addr.country.empty()) return;
    if (!addr.country.empty()) AddUnique(e.countries, addr.country);
    e.addresses.push_back(std::move(addr));
    ForEachChild(a, "contactInfo", [&](pugi::xml_node c) {
      std::string key = Lower(Attr(c, "key")), value = Attr(c, "value");
      if (value.empty()) return;
      if (key.find("mail") != std::string::npos) AddUnique(e.emails, value);
      if (key.find("web") != std::string::npos) AddUnique(e.websites, value);
    });
  });
}

Entity EntityFromRecord(const pugi::xml_node& rec, std::string logical_id) {
  Entity e;
  e.native_id = std::move(logical_id);
  e.id = "eu-fsf:" + e.native_id;
  e.dataset = "eu-fsf";
  e.schema = Attr(Child(rec, "subjectType"), "classificationCode") == "P" ? Schema::kPerson : Schema::kOrganization;
  AddNames(rec, e);
  ForEachChild(rec, "citizenship", [&](pugi::xml_node c) {
    if (std::string code = Country(c); !code.empty()) AddUnique(e.citizenships, code);
  });
  AddBirthDates(rec, e);
  AddIdentifications(rec, e);
  AddAddresses(rec, e);
  pugi::xml_node reg = Child(rec, "regulation");
  if (std::string programme = Attr(reg, "programme"); !programme.empty()) e.programs.push_back(programme);
  if (std::string number = Attr(reg, "numberTitle"); !number.empty()) e.programs.push_back(number);
  std::string designated = Attr(rec, "designationDate");
  if (designated.empty()) designated = Attr(reg, "publicationDate");
  if (PartialDate::Parse(designated.substr(0, 10))) e.listed_on = designated.substr(0, 10);
  std::string remarks;
  ForEachChild(rec, "remark", [&](pugi::xml_node r) {
    std::string text = OwnText(r);
    std::string_view v = Trim(text);
    if (!v.empty()) remarks += (remarks.empty() ? "" : " ") + std::string(v);
  });
  if (std::string details = Attr(rec, "designationDetails"); !details.empty())
    remarks += (remarks.empty() ? "" : " ") + details;
  e.remarks = std::move(remarks);
  return e;
}

}  // namespace

StatusOr<ListLoad> LoadEuFsfXml(const std::string& path) {
  XmlFile xml;
  EMBARGO_RETURN_IF_ERROR(LoadXmlFile(path, "export", xml));
  const std::string& text = xml.text;
  pugi::xml_node root = xml.root;

  ListLoad load;
  std::unordered_map<std::string, size_t> index_of;  // logicalId -> position in load.entities
  LineIndex lines(text);
  auto reject_records_within = [&](const pugi::xml_node& n) {
    for (const pugi::xml_node& inner : ElementsWithin(n, {"sanctionEntity"}))
      load.rejected.push_back({path, lines.LineOf(inner.offset_debug()),
                               "sanctionEntity inside <" + std::string(LocalName(n)) + ">: not read"});
  };
  ForEachChild(root, "sanctionEntity", [&](pugi::xml_node rec) {
    reject_records_within(rec);
    size_t line = lines.LineOf(rec.offset_debug());
    std::string id = Attr(rec, "logicalId");
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      load.rejected.push_back({path, line, "sanctionEntity with missing or non-numeric logicalId '" + id + "'"});
      return;
    }
    Entity e = EntityFromRecord(rec, id);
    auto known = index_of.find(id);
    if (known != index_of.end()) {
      // The file states one subject in several sanctionEntity elements (one per regulation or
      // listing): the same record, merged. A different subject type under one id is broken, but
      // which element is right cannot be told: merged too, the subject read untyped, and counted
      // as a repeat that loses no name.
      Entity& first = load.entities[known->second];
      std::string type = Attr(Child(rec, "subjectType"), "classificationCode");
      if (!type.empty() && first.schema != Schema::kLegalEntity && FamilyOf(first.schema) != FamilyOf(e.schema)) {
        load.rejected.push_back({path, line,
                                 "sanctionEntity " + id +
                                     ": a person and an organisation under one logicalId; merged, the subject read untyped",
                                 /*repeat=*/true});
        first.schema = Schema::kLegalEntity;
      }
      MergeRecord(first, std::move(e));
      return;
    }
    if (e.names.empty()) {
      load.rejected.push_back({path, line, "sanctionEntity " + id + " without a nameAlias name"});
      return;
    }
    index_of.emplace(id, load.entities.size());
    load.entities.push_back(std::move(e));
  });
  for (const pugi::xml_node& other : UnknownChildren(root, {"sanctionEntity"})) {
    load.rejected.push_back({path, lines.LineOf(other.offset_debug()),
                             "<" + std::string(LocalName(other)) + "> is no sanctionEntity: not read"});
    reject_records_within(other);
  }
  if (load.entities.empty())
    return Status::DataLoss(path + ": no valid sanctionEntity records (" + std::to_string(load.rejected.size()) +
                              " rejected)");
  load.dataset = "eu-fsf";
  load.title = "EU Consolidated Financial Sanctions List";
  load.format = "eu-fsf-xml";
  load.files.push_back(path);
  load.content_hash = Sha256Hex(text);
  std::string generated = Attr(root, "generationDate");
  if (PartialDate::Parse(generated.substr(0, 10))) load.published = generated.substr(0, 10);
  return load;
}

}  // namespace embargo
