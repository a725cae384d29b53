#include "entity/ftm_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "entity/countries.h"

namespace embargo {
namespace {

const char* TypeName(const nlohmann::json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "a list";
  if (v.is_boolean()) return "true or false";
  return v.is_number() ? "a decimal number" : "null";
}

// The values of FtM properties. A value that is neither a string nor a whole number (a birth
// year, an IMO number) would be dropped unread, so it is an error naming the property.
class Properties {
 public:
  Properties(const nlohmann::json& props, const std::string& where) : props_(props), where_(where) {}

  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    auto it = props_.find(key);
    if (it == props_.end() || it->is_null()) return out;
    auto add = [&](const nlohmann::json& v, const std::string& field) {
      if (v.is_string()) {
        if (!v.get_ref<const std::string&>().empty()) out.push_back(v.get<std::string>());
      } else if (v.is_number_integer()) {
        out.push_back(v.dump());
      } else if (!v.is_null() && error_.ok()) {
        error_ = Status::InvalidArgument(where_ + ": " + field + ": expected a string, found " + TypeName(v));
      }
    };
    std::string field = std::string("properties.").append(key);
    if (!it->is_array()) add(*it, field);
    for (size_t i = 0; it->is_array() && i < it->size(); ++i) add((*it)[i], field + "[" + std::to_string(i) + "]");
    return out;
  }
  const Status& error() const { return error_; }

 private:
  const nlohmann::json& props_;
  const std::string& where_;
  Status error_;
};

// A top-level string field ("id", "caption"): absent is empty, a whole number is its digits.
StatusOr<std::string> TopString(const nlohmann::json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return Status::InvalidArgument(where + ": field '" + key + "' must be a string, found " + TypeName(*it));
}

std::string Country(const std::string& value) {
  std::string code = CountryCode(value);
  return code.empty() ? value : code;
}

void ReadNames(Properties& props, const std::string& caption, Entity& e) {
  for (const auto& n : props.Strings("name")) e.names.push_back({n, NameKind::kPrimary});
  if (e.names.empty() && !caption.empty()) e.names.push_back({caption, NameKind::kPrimary});
  for (const char* key : {"alias", "previousName"})
    for (const auto& n : props.Strings(key)) e.names.push_back({n, NameKind::kStrongAlias});
  for (const auto& n : props.Strings("weakAlias")) e.names.push_back({n, NameKind::kWeakAlias});
  if (e.names.empty()) {
    // Only name parts: "first middle last".
    std::string composed;
    for (std::string_view key : kFtmNameParts)
      for (const auto& part : props.Strings(key)) composed += (composed.empty() ? "" : " ") + part;
    if (!composed.empty()) e.names.push_back({composed, NameKind::kPrimary});
  }
}

void ReadDetails(Properties& props, Entity& e) {
  for (const auto& d : props.Strings("birthDate"))
    if (auto pd = PartialDate::Parse(d)) e.birth_dates.push_back(*pd);
  for (const auto& c : props.Strings("nationality")) e.nationalities.push_back(Country(c));
  for (const auto& c : props.Strings("citizenship")) e.citizenships.push_back(Country(c));
  for (const char* key : {"country", "jurisdiction", "flag", "mainCountry"})
    for (const auto& c : props.Strings(key)) e.countries.push_back(Country(c));
  for (const auto& p : props.Strings("birthPlace")) e.birth_places.push_back(p);
  static const std::pair<const char*, IdKind> kIds[] = {
      {"passportNumber", IdKind::kPassport}, {"idNumber", IdKind::kNationalId}, {"innCode", IdKind::kTaxId},
      {"taxNumber", IdKind::kTaxId}, {"vatCode", IdKind::kTaxId}, {"ogrnCode", IdKind::kRegistration},
      {"registrationNumber", IdKind::kRegistration}, {"imoNumber", IdKind::kImo}, {"mmsi", IdKind::kMmsi},
      {"swiftBic", IdKind::kSwiftBic}, {"bicCode", IdKind::kSwiftBic}, {"leiCode", IdKind::kLei},
      {"publicKey", IdKind::kCrypto}};
  for (const auto& [key, kind] : kIds)
    for (const auto& v : props.Strings(key)) e.identifiers.push_back({kind, v, key, ""});
  for (const auto& a : props.Strings("address")) e.addresses.push_back({a, "", ""});
  for (const auto& g : props.Strings("gender")) e.gender = g;
  for (const auto& p : props.Strings("programId")) e.programs.push_back(p);
  for (const auto& w : props.Strings("website")) e.websites.push_back(w);
  for (const auto& m : props.Strings("email")) e.emails.push_back(m);
}

// A property's value as a query gave it: a string as written, any other JSON as JSON.
std::string ValueText(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Calls f(value, where) for each value of a query property, in an array or given bare.
template <typename F>
Status ForEachValue(const nlohmann::json& props, const char* key, const std::string& where, F f) {
  auto values = props.find(key);
  if (values == props.end() || values->is_null()) return Status::Ok();
  std::string at = where + ".properties." + key;
  if (!values->is_array()) return f(*values, at);
  for (size_t i = 0; i < values->size(); ++i) EMBARGO_RETURN_IF_ERROR(f((*values)[i], at + "[" + std::to_string(i) + "]"));
  return Status::Ok();
}

}  // namespace

bool IsFtmNonPartySchema(std::string_view schema) {
  static constexpr std::string_view kNonParty[] = {
      "Address", "Article", "Assessment", "Asset", "Associate", "Audio", "BankAccount", "Call",
      "CallForTenders", "Contract", "ContractAward", "CourtCase", "CourtCaseParty", "CryptoWallet", "Debt",
      "Directorship", "Document", "Documentation", "EconomicActivity", "Email", "Employment", "Event",
      "Family", "Folder", "HyperText", "Identification", "Image", "License", "Membership", "Mention",
      "Message", "Note", "Occupancy", "Ownership", "Package", "Page", "Pages", "Passport", "Payment",
      "PlainText", "Position", "Project", "ProjectParticipant", "RealEstate", "Representation", "Sanction",
      "Security", "Succession", "Table", "TaxRoll", "Trip", "UnknownLink", "Vehicle", "Workbook"};
  return std::ranges::find(kNonParty, schema) != std::end(kNonParty);
}

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
  EMBARGO_ASSIGN_OR_RETURN(e.native_id, TopString(j, "id", where));
  e.id = e.native_id.empty() ? "" : dataset + ":" + e.native_id;
  EMBARGO_ASSIGN_OR_RETURN(std::string caption, TopString(j, "caption", where));
  static const nlohmann::json kEmpty = nlohmann::json::object();
  auto props_it = j.find("properties");
  if (props_it != j.end() && !props_it->is_object() && !props_it->is_null())
    return Status::InvalidArgument(where + ": field 'properties' must be an object, found " + TypeName(*props_it));
  Properties props(props_it != j.end() && props_it->is_object() ? *props_it : kEmpty, where);
  ReadNames(props, caption, e);
  if (!props.error().ok()) return props.error();
  if (e.names.empty()) return Status::InvalidArgument(where + ": entity has no name (properties.name)");
  ReadDetails(props, e);
  if (!props.error().ok()) return props.error();
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

bool IsFtmScreenedProperty(std::string_view property) {
  static const std::set<std::string_view> kScreened = {
      "name", "alias", "previousName", "weakAlias", "birthDate", "nationality", "citizenship", "country",
      "jurisdiction", "flag", "mainCountry", "passportNumber", "idNumber", "innCode", "taxNumber", "vatCode",
      "ogrnCode", "registrationNumber", "imoNumber", "mmsi", "swiftBic", "bicCode", "leiCode", "publicKey", "email"};
  return kScreened.count(property) > 0;
}

namespace {

// Whether an FtM value holds anything: a non-empty string or number, or an array of such.
bool HoldsValue(const nlohmann::json& v) {
  if (v.is_array()) return std::any_of(v.begin(), v.end(), [](const nlohmann::json& x) { return HoldsValue(x); });
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return !v.is_null();
}

}  // namespace

std::vector<std::string> UnscreenedFtm(const nlohmann::json& j) {
  std::vector<std::string> out;
  auto props = j.find("properties");
  if (!j.is_object() || props == j.end() || !props->is_object()) return out;
  // Name parts make the name only when nothing else names the entity (ReadNames).
  bool named = HoldsValue(j.value("caption", nlohmann::json()));
  for (const char* key : {"name", "alias", "previousName", "weakAlias"})
    named = named || (props->contains(key) && HoldsValue((*props)[key]));
  for (const auto& [key, value] : props->items()) {
    bool part = std::find(kFtmNameParts.begin(), kFtmNameParts.end(), key) != kFtmNameParts.end();
    if (!HoldsValue(value) || (IsFtmScreenedProperty(key) || (part && !named))) continue;
    out.push_back(key);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// The members of a FollowTheMoney entity as yente writes one (a client may send back what it got):
// a member beside them (`birthDate` outside `properties`, `propertis`) would be read by no one.
Status CheckFtmEntityMembers(const nlohmann::json& raw, const std::string& where) {
  static constexpr std::string_view kMembers[] = {"id",        "schema",     "caption",    "properties",
                                                  "datasets",  "referents",  "target",     "first_seen",
                                                  "last_seen", "last_change", "origin",    "score",
                                                  "match",     "features",   "token"};
  if (!raw.is_object()) return Status::Ok();
  for (const auto& [member, value] : raw.items()) {
    if (std::find(std::begin(kMembers), std::end(kMembers), member) != std::end(kMembers)) continue;
    return Status::InvalidArgument(where + "." + member +
                                   ": not a member of a FollowTheMoney entity (id, schema, caption, properties, "
                                   "...); refused, as what it holds would not be screened");
  }
  return Status::Ok();
}

}  // namespace

Status CheckFtmQueryProperties(const nlohmann::json& raw, const std::string& where) {
  EMBARGO_RETURN_IF_ERROR(CheckFtmEntityMembers(raw, where));
  auto props = raw.find("properties");
  if (props == raw.end() || !props->is_object()) return Status::Ok();
  for (const auto& [key, value] : props->items())
    if (!IsFtmPartyProperty(key))
      return Status::InvalidArgument(where + ".properties." + key +
                                     ": not a FollowTheMoney property of a person, organisation, company, vessel or "
                                     "airplane; refused, as what it holds would not be screened");
  for (const char* key : {"nationality", "citizenship", "country", "jurisdiction", "flag", "mainCountry"})
    EMBARGO_RETURN_IF_ERROR(ForEachValue(*props, key, where, [&](const nlohmann::json& v, const std::string& at) {
      if (!CountryCode(ValueText(v)).empty()) return Status::Ok();
      return Status::InvalidArgument(at + ": unknown country '" + ValueText(v) + "' (an ISO 3166 code or a country's name)");
    }));
  return CheckFtmBirthDates(raw, where);
}

Status CheckFtmBirthDates(const nlohmann::json& raw, const std::string& where) {
  auto props = raw.find("properties");
  if (props == raw.end() || !props->is_object()) return Status::Ok();
  return ForEachValue(*props, "birthDate", where, [&](const nlohmann::json& v, const std::string& at) {
    std::string text = ValueText(v);
    if (PartialDate::ParseIso(text)) return Status::Ok();
    return Status::InvalidArgument(at + ": cannot read date '" + text +
                                   "' (YYYY, YYYY-MM or YYYY-MM-DD, a date of the calendar)");
  });
}

}  // namespace embargo
