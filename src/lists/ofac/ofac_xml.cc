// OFAC XML in the sdnList schema (namespace http://tempuri.org/sdnList.xsd): sdn.xml and
// consolidated.xml. Names are built as "LAST, First", as in the CSV files, and features go
// through the same code as CSV remarks, so both formats of a publication give the same entities.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <pugixml.hpp>
#include <filesystem>
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
#include "lists/repeated_record.h"
#include "entity/countries.h"
#include "lists/ofac/ofac_remarks.h"

namespace embargo {
namespace fs = std::filesystem;
namespace {

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  return {};
}

std::string Text(const pugi::xml_node& n, std::string_view name) {
  return std::string(Trim(OwnText(Child(n, name))));
}

// Calls fn(item) for each `item` element inside the `list` child of `n`.
template <typename Fn>
void ForEach(const pugi::xml_node& n, std::string_view list, std::string_view item, Fn fn) {
  pugi::xml_node l = Child(n, list);
  for (pugi::xml_node c = l.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == item) fn(c);
}

// 1-based line of a byte offset, for issue reports (rare, so a linear count is fine).
// "04/06/2018" (MM/DD/YYYY) -> "2018-04-06"; empty when malformed.
std::string UsDateToIso(std::string_view s) {
  s = Trim(s);
  if (s.size() != 10 || s[2] != '/' || s[5] != '/') return {};
  std::string iso =
      std::string(s.substr(6, 4)) + "-" + std::string(s.substr(0, 2)) + "-" + std::string(s.substr(3, 2));
  return PartialDate::Parse(iso) ? iso : std::string();
}

Schema SchemaFromType(std::string_view type) {
  std::string t(type);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "individual") return Schema::kPerson;
  if (t == "vessel") return Schema::kVessel;
  if (t == "aircraft") return Schema::kAirplane;
  return t.empty() || t == "entity" ? Schema::kOrganization : Schema::kLegalEntity;
}

// OFAC's sdnType values; another (a typo) is read untyped and its record counted as rejected.
bool KnownType(std::string_view type) {
  std::string t = Lower(type);
  return t.empty() || t == "individual" || t == "entity" || t == "vessel" || t == "aircraft";
}

// "LAST, First" as in the CSV files; just "LAST" for entities.
std::string JoinName(const pugi::xml_node& n) {
  std::string last = Text(n, "lastName"), first = Text(n, "firstName");
  if (first.empty()) return last;
  if (last.empty()) return first;
  return last + ", " + first;
}

void AddAlias(const pugi::xml_node& aka, Entity& e) {
  std::string name = JoinName(aka);
  if (name.empty()) return;
  for (const Name& n : e.names)
    if (n.value == name) return;
  std::string category = Text(aka, "category");
  bool weak = category.find("weak") != std::string::npos || category.find("Weak") != std::string::npos;
  e.names.push_back(Name{std::move(name), weak ? NameKind::kWeakAlias : NameKind::kStrongAlias});
}

void AddAddress(const pugi::xml_node& a, Entity& e) {
  Address addr;
  for (std::string_view part :
       {"address1", "address2", "address3", "city", "stateOrProvince", "postalCode"}) {
    std::string v = Text(a, part);
    if (v.empty()) continue;
    if (!addr.full.empty()) addr.full += ", ";
    addr.full += v;
  }
  addr.city = Text(a, "city");
  std::string country = Text(a, "country");
  addr.country = CountryCode(country);
  if (addr.country.empty() && !country.empty()) addr.full += (addr.full.empty() ? "" : ", ") + country;
  if (addr.full.empty() && addr.country.empty()) return;
  if (!addr.country.empty() &&
      std::find(e.countries.begin(), e.countries.end(), addr.country) == e.countries.end())
    e.countries.push_back(addr.country);
  e.addresses.push_back(std::move(addr));
}

void AddCountryTo(std::vector<std::string>& v, std::string_view name) {
  std::string code = CountryCode(name);
  if (!code.empty() && std::find(v.begin(), v.end(), code) == v.end()) v.push_back(std::move(code));
}

void ApplyVesselInfo(const pugi::xml_node& v, Entity& e) {
  if (!v) return;
  e.vessel_type = Text(v, "vesselType");
  std::string flag = Text(v, "vesselFlag");
  if (!flag.empty() && flag != "None Identified" && flag != "Unknown") {
    std::string code = CountryCode(flag);
    e.vessel_flag = code.empty() ? flag : code;
  }
  e.tonnage = Text(v, "tonnage");
  if (e.tonnage.empty()) e.tonnage = Text(v, "grossRegisteredTonnage");
  if (std::string call_sign = Text(v, "callSign"); !call_sign.empty())
    e.identifiers.push_back(Identifier{IdKind::kOther, call_sign, "Call Sign", ""});
  if (std::string owner = Text(v, "vesselOwner"); !owner.empty()) e.linked_to.push_back(owner);
}

Entity EntityFromEntry(const pugi::xml_node& entry, const std::string& dataset, std::string uid) {
  Entity e;
  e.native_id = std::move(uid);
  e.id = dataset + ":" + e.native_id;
  e.dataset = dataset;
  e.schema = SchemaFromType(Text(entry, "sdnType"));
  e.names.push_back(Name{JoinName(entry), NameKind::kPrimary});
  e.title = Text(entry, "title");
  e.remarks = Text(entry, "remarks");
  ForEach(entry, "programList", "program", [&](pugi::xml_node p) {
    if (std::string v(Trim(OwnText(p))); !v.empty()) e.programs.push_back(std::move(v));
  });
  ApplyVesselInfo(Child(entry, "vesselInfo"), e);
  ForEach(entry, "akaList", "aka", [&](pugi::xml_node a) { AddAlias(a, e); });
  ForEach(entry, "addressList", "address", [&](pugi::xml_node a) { AddAddress(a, e); });
  ForEach(entry, "idList", "id", [&](pugi::xml_node id) {
    ApplyOfacFeature(Text(id, "idType"), Text(id, "idNumber"), Text(id, "idCountry"), e);
  });
  ForEach(entry, "dateOfBirthList", "dateOfBirthItem", [&](pugi::xml_node d) {
    for (const PartialDate& date : ParseOfacDates(Text(d, "dateOfBirth")))
      if (std::find(e.birth_dates.begin(), e.birth_dates.end(), date) == e.birth_dates.end())
        e.birth_dates.push_back(date);
  });
  ForEach(entry, "placeOfBirthList", "placeOfBirthItem",
          [&](pugi::xml_node p) { AddOfacBirthPlace(Text(p, "placeOfBirth"), e); });
  ForEach(entry, "nationalityList", "nationality",
          [&](pugi::xml_node n) { AddCountryTo(e.nationalities, Text(n, "country")); });
  ForEach(entry, "citizenshipList", "citizenship",
          [&](pugi::xml_node c) { AddCountryTo(e.citizenships, Text(c, "country")); });
  // XML remarks are short free text such as "(Linked To: NATIONAL IRANIAN TANKER COMPANY)".
  ApplyOfacRemarks(e.remarks, e);
  return e;
}

bool IsUid(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

StatusOr<ListLoad> LoadOfacXml(const std::string& path, const std::string& dataset) {
  XmlFile xml;
  EMBARGO_RETURN_IF_ERROR(LoadXmlFile(path, "sdnList", xml));
  const std::string& text = xml.text;
  pugi::xml_node root = xml.root;

  ListLoad load;
  load.dataset = dataset;
  load.title = dataset == "ofac-sdn" ? "OFAC SDN List" : "OFAC Consolidated (non-SDN) List";
  load.format = "ofac-xml";
  load.files.push_back(path);
  load.content_hash = Sha256Hex(text);
  pugi::xml_node info = Child(root, "publshInformation");  // sic
  load.published = UsDateToIso(Text(info, "Publish_Date"));

  std::unordered_map<std::string, std::pair<size_t, size_t>> seen;  // uid -> its entity, its line
  LineIndex lines(text);
  size_t entries = 0;  // a record kept and counted as rejected is one entry
  for (pugi::xml_node entry = root.first_child(); entry; entry = entry.next_sibling()) {
    if (entry.type() != pugi::node_element || LocalName(entry) != "sdnEntry") continue;
    ++entries;
    std::string uid = Text(entry, "uid");
    const size_t line = lines.LineOf(entry.offset_debug());
    if (!IsUid(uid)) {
      load.rejected.push_back({path, line, "sdnEntry with missing or non-numeric uid '" + uid + "'"});
      continue;
    }
    if (Text(entry, "lastName").empty()) {
      load.rejected.push_back({path, line, "sdnEntry " + uid + " without lastName"});
      continue;
    }
    if (std::string type = Text(entry, "sdnType"); !KnownType(type))
      load.rejected.push_back({path, line, "sdnEntry " + uid + ": sdnType '" + type +
                                               "' is none of Individual, Entity, Vessel or Aircraft; loaded untyped"});
    auto [first, inserted] = seen.emplace(uid, std::pair{load.entities.size(), line});
    Entity e = EntityFromEntry(entry, dataset, std::move(uid));
    if (inserted)
      load.entities.push_back(std::move(e));
    else
      MergeRepeatedRecord(load, load.entities[first->second.first], std::move(e), "uid", load.files[0],
                          first->second.second, line);
  }
  for (const pugi::xml_node& other : UnknownChildren(root, {"publshInformation", "sdnEntry"}))
    load.rejected.push_back({path, lines.LineOf(other.offset_debug()),
                             "<" + std::string(LocalName(other)) + "> is no sdnEntry: not read"});
  if (load.entities.empty()) return Status::DataLoss(path + ": no valid sdnEntry records");

  std::string count_text = Text(info, "Record_Count");
  size_t declared = 0;
  auto [ptr, ec] = std::from_chars(count_text.data(), count_text.data() + count_text.size(), declared);
  // OFAC states its record count in every file: without it a cut list cannot be told from a whole one.
  if (count_text.empty())
    load.incomplete.push_back(fs::path(path).filename().string() +
                              ": no publshInformation/Record_Count, so the records cannot be counted against it");
  else if (ec != std::errc() || declared != entries)
    load.incomplete.push_back(fs::path(path).filename().string() + ":" +
                              std::to_string(lines.LineOf(info.offset_debug())) + ": Record_Count " + count_text +
                              " but the file has " + std::to_string(entries) + " sdnEntry records");
  return load;
}

}  // namespace embargo
