#include "entity/ftm_json.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "entity/countries.h"

namespace embargo {
namespace {

std::vector<std::string> Strings(const nlohmann::json& props, const char* key) {
  std::vector<std::string> out;
  auto it = props.find(key);
  if (it == props.end()) return out;
  // FtM values are strings; a number (a birth year, an IMO number) is read as its digits.
  auto add = [&](const nlohmann::json& v) {
    if (v.is_string() && !v.get_ref<const std::string&>().empty()) out.push_back(v.get<std::string>());
    if (v.is_number_integer()) out.push_back(v.dump());
  };
  if (it->is_array())
    for (const auto& v : *it) add(v);
  else
    add(*it);
  return out;
}

std::string Country(const std::string& value) {
  std::string code = CountryCode(value);
  return code.empty() ? value : code;
}

}  // namespace

StatusOr<Entity> EntityFromFtm(const nlohmann::json& j, const std::string& where, const std::string& dataset) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": entity must be a JSON object");
  auto schema_it = j.find("schema");
  if (schema_it == j.end() || !schema_it->is_string())
    return Status::InvalidArgument(where + ": field 'schema' is missing or not a string");
  const std::string& schema_name = schema_it->get_ref<const std::string&>();
  auto schema = ParseSchema(schema_name);
  if (!schema) {
    if (schema_name == "PublicBody") schema = Schema::kOrganization;
    else return Status::InvalidArgument(where + ": schema '" + schema_name + "' is not a screenable party");
  }
  Entity e;
  e.schema = *schema;
  e.dataset = dataset;
  if (auto id = j.find("id"); id != j.end() && id->is_string()) e.native_id = id->get<std::string>();
  e.id = e.native_id.empty() ? "" : dataset + ":" + e.native_id;
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json& props = j.contains("properties") && j["properties"].is_object() ? j["properties"] : kEmpty;
  for (const auto& n : Strings(props, "name")) e.names.push_back({n, NameKind::kPrimary});
  if (e.names.empty()) {
    if (auto cap = j.find("caption"); cap != j.end() && cap->is_string()) e.names.push_back({cap->get<std::string>(), NameKind::kPrimary});
  }
  for (const char* key : {"alias", "previousName"})
    for (const auto& n : Strings(props, key)) e.names.push_back({n, NameKind::kStrongAlias});
  for (const auto& n : Strings(props, "weakAlias")) e.names.push_back({n, NameKind::kWeakAlias});
  if (e.names.empty()) {
    // Only name parts: "first middle last".
    std::string composed;
    for (const char* key : {"firstName", "secondName", "middleName", "fatherName", "lastName"})
      for (const auto& part : Strings(props, key)) composed += (composed.empty() ? "" : " ") + part;
    if (!composed.empty()) e.names.push_back({composed, NameKind::kPrimary});
  }
  if (e.names.empty()) return Status::InvalidArgument(where + ": entity has no name (properties.name)");
  for (const auto& d : Strings(props, "birthDate"))
    if (auto pd = PartialDate::Parse(d)) e.birth_dates.push_back(*pd);
  for (const auto& c : Strings(props, "nationality")) e.nationalities.push_back(Country(c));
  for (const auto& c : Strings(props, "citizenship")) e.citizenships.push_back(Country(c));
  for (const char* key : {"country", "jurisdiction", "flag", "mainCountry"})
    for (const auto& c : Strings(props, key)) e.countries.push_back(Country(c));
  for (const auto& p : Strings(props, "birthPlace")) e.birth_places.push_back(p);
  static const std::pair<const char*, IdKind> kIds[] = {
      {"passportNumber", IdKind::kPassport}, {"idNumber", IdKind::kNationalId}, {"innCode", IdKind::kTaxId},
      {"taxNumber", IdKind::kTaxId}, {"vatCode", IdKind::kTaxId}, {"ogrnCode", IdKind::kRegistration},
      {"registrationNumber", IdKind::kRegistration}, {"imoNumber", IdKind::kImo}, {"mmsi", IdKind::kMmsi},
      {"swiftBic", IdKind::kSwiftBic}, {"bicCode", IdKind::kSwiftBic}, {"leiCode", IdKind::kLei},
      {"publicKey", IdKind::kCrypto}};
  for (const auto& [key, kind] : kIds)
    for (const auto& v : Strings(props, key)) e.identifiers.push_back({kind, v, key, ""});
  for (const auto& a : Strings(props, "address")) e.addresses.push_back({a, "", ""});
  for (const auto& g : Strings(props, "gender")) e.gender = g;
  for (const auto& p : Strings(props, "programId")) e.programs.push_back(p);
  for (const auto& w : Strings(props, "website")) e.websites.push_back(w);
  for (const auto& m : Strings(props, "email")) e.emails.push_back(m);
  return e;
}

nlohmann::json FtmProperties(const Entity& e) {
  nlohmann::json p = nlohmann::json::object();
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) p[key].push_back(v);
  };
  for (const auto& n : e.names)
    put(n.kind == NameKind::kPrimary ? "name" : n.kind == NameKind::kStrongAlias ? "alias" : "weakAlias", n.value);
  for (const auto& d : e.birth_dates) put("birthDate", d.ToString());
  for (const auto& c : e.nationalities) put("nationality", c);
  for (const auto& c : e.citizenships) put("citizenship", c);
  for (const auto& c : e.countries) put("country", c);
  for (const auto& b : e.birth_places) put("birthPlace", b);
  for (const auto& id : e.identifiers) {
    const char* key = "idNumber";
    switch (id.kind) {
      case IdKind::kPassport: key = "passportNumber"; break;
      case IdKind::kTaxId: key = "taxNumber"; break;
      case IdKind::kRegistration: key = "registrationNumber"; break;
      case IdKind::kImo: key = "imoNumber"; break;
      case IdKind::kMmsi: key = "mmsi"; break;
      case IdKind::kSwiftBic: key = "swiftBic"; break;
      case IdKind::kLei: key = "leiCode"; break;
      case IdKind::kCrypto: key = "publicKey"; break;
      default: break;
    }
    put(key, id.value);
  }
  for (const auto& a : e.addresses) put("address", a.full);
  for (const auto& pr : e.programs) put("program", pr);
  put("gender", e.gender);
  put("notes", e.remarks);
  put("flag", e.vessel_flag);
  return p;
}

}  // namespace embargo
