// FollowTheMoney JSON lines: Ownership and Directorship (and UnknownLink marked as control)
// relations, and the parties they join (Person, Company, Organization, LegalEntity, ...).
#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "entity/countries.h"
#include "entity/ftm_json.h"
#include "ownership/graph.h"

namespace embargo::ownership {
namespace {

using nlohmann::json;

// Schemata that can be the asset of an Ownership without being a party that is screened.
bool IsAssetSchema(const std::string& s) {
  return s == "Asset" || s == "RealEstate" || s == "Security" || s == "Vehicle" || s == "BankAccount" ||
         s == "CryptoWallet";
}

// One value as text: a string, a number, or an entity object with an id; else empty.
std::string ValueText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("id") && v["id"].is_string()) return v["id"].get<std::string>();
  if (v.is_number()) return v.dump();
  return "";
}

// Every non-empty value of a property ("owner": ["id", ...] or a single value).
std::vector<std::string> Values(const json& props, const char* key) {
  std::vector<std::string> out;
  auto it = props.find(key);
  if (it == props.end()) return out;
  for (const json& v : it->is_array() ? *it : json::array({*it}))
    if (std::string text = ValueText(v); !text.empty()) out.push_back(std::move(text));
  return out;
}

// The first value of a property that the caller has checked holds at most one.
std::string First(const json& props, const char* key) {
  auto values = Values(props, key);
  return values.empty() ? "" : values.front();
}

struct Line {
  Graph& g;
  uint16_t file;
  uint32_t line;
  void Reject(const std::string& why) const { g.rejected.push_back({g.files[file], line, why}); }
};

bool ReadDate(const Line& at, const json& props, const char* key, PartialDate& out) {
  std::string text = First(props, key);
  if (text.empty()) return true;
  auto d = PartialDate::Parse(text);
  if (!d) {
    at.Reject(std::string(key) + " '" + text + "': not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    return false;
  }
  out = *d;
  return true;
}

// sharesCount, or sharesValue with its currency: a share derived from the asset's other holdings.
bool ReadShareCounts(const Line& at, const json& props, Holding& h) {
  for (const char* key : {"sharesCount", "sharesValue"}) {
    std::string text = First(props, key);
    if (text.empty()) continue;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !(v >= 0 && v < 1e18)) {
      at.Reject(std::string(key) + " '" + text + "': not a number");
      return false;
    }
    h.shares = v;
    h.shares_basis = key[6] == 'C' ? 1 : static_cast<uint16_t>(2 + at.g.CurrencyIndex(First(props, "sharesCurrency")));
    return true;
  }
  return true;
}

// A share or date with several values cannot be read as one holding: the record is rejected
// naming the property rather than read by its first value.
bool SingleValued(const Line& at, const json& props) {
  for (const char* key : {"percentage", "sharesCount", "sharesValue", "sharesCurrency", "startDate", "endDate"})
    if (size_t n = Values(props, key).size(); n > 1) {
      at.Reject(std::string(key) + ": " + std::to_string(n) + " values; one expected");
      return false;
    }
  return true;
}

// One holding per owner and asset named: "owner": ["a", "b"] is two holdings of the same terms.
void AddHoldings(const Line& at, Holding h, const std::vector<std::string>& owners,
                 const std::vector<std::string>& assets) {
  h.file = at.file;
  h.line = at.line;
  for (const std::string& owner : owners)
    for (const std::string& asset : assets) {
      h.owner = at.g.Intern(owner);
      h.asset = at.g.Intern(asset);
      for (uint32_t n : {h.owner, h.asset})
        if (!at.g.nodes[n].defined && at.g.nodes[n].line == 0) at.g.nodes[n].file = at.file, at.g.nodes[n].line = at.line;
      at.g.AddHolding(h);
    }
}

void ReadRelation(const Line& at, const std::string& schema, const json& props) {
  const char *owner_key = "owner", *asset_key = "asset";
  if (schema == "Directorship") owner_key = "director", asset_key = "organization";
  if (schema == "UnknownLink") owner_key = "subject", asset_key = "object";
  std::vector<std::string> owners = Values(props, owner_key), assets = Values(props, asset_key);
  if (owners.empty() || assets.empty()) {
    at.Reject(schema + " without " + (owners.empty() ? owner_key : asset_key));
    return;
  }
  if (!SingleValued(at, props)) return;
  bool control = false;
  for (const char* key : {"role", "ownershipType", "legalBasis"})
    for (const std::string& value : Values(props, key)) control |= IsControlRole(value);
  Holding h;
  if (schema == "Ownership") {
    auto share = ParseShare(First(props, "percentage"));
    if (!share.ok()) {
      at.Reject("percentage: " + share.status().message());
      return;
    }
    h.share = *share;
    if (!ReadShareCounts(at, props, h)) return;
    h.relation = kOwns | (control ? kControls : 0);
  } else if (schema == "UnknownLink" && !control) {
    ++at.g.ignored["UnknownLink (not marked as control)"];
    return;
  } else {
    h.relation = control ? kControls : kDirects;
  }
  if (!ReadDate(at, props, "startDate", h.start) || !ReadDate(at, props, "endDate", h.end)) return;
  AddHoldings(at, h, owners, assets);
}

// A party's birth dates are evidence when it is linked to the lists by name: one that is no date
// was dropped unread ('1952/10/07' neither confirmed a listed birth date nor contradicted one).
bool BirthDatesRead(const Line& at, const json& j) {
  auto props = j.find("properties");
  if (props == j.end() || !props->is_object()) return true;
  for (const std::string& text : Values(*props, "birthDate")) {
    if (PartialDate::Parse(text)) continue;
    at.Reject("birthDate '" + text + "': not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    return false;
  }
  return true;
}

// A party's country that no reading knows (OpenSanctions' 'suhh', 'eu') is kept as written, and
// so agrees with no listed record's country read as one. Refusing the party would refuse whole
// exports; a warning names it, so that a link by name missed or weakened by it can be told.
void WarnOfUnreadCountries(const Line& at, const json& props, const std::string& id) {
  for (const char* key : {"country", "jurisdiction", "mainCountry", "flag", "nationality", "citizenship"})
    for (const std::string& text : Values(props, key))
      if (CountryCode(text).empty())
        at.g.warnings.push_back({at.g.files[at.file], at.line,
                                 "party '" + id + "': " + key + " '" + text +
                                     "' is no ISO 3166 code or country name: not read as a country"});
}

// A party (or an asset with a name): defines its node. A second record of the same id adds names.
void ReadParty(const Line& at, const json& j, const std::string& schema) {
  auto id_it = j.find("id");
  if (id_it == j.end() || !id_it->is_string() || id_it->get_ref<const std::string&>().empty()) {
    at.Reject(schema + " without an id");
    return;
  }
  json copy;
  const json* record = &j;
  if (IsAssetSchema(schema)) {
    copy = j;
    copy["schema"] = "LegalEntity";
    record = &copy;
  }
  auto e = EntityFromFtm(*record, at.g.files[at.file] + ":" + std::to_string(at.line), "graph");
  if (!e.ok()) {
    at.Reject(e.status().message().substr(e.status().message().find(": ") + 2));
    return;
  }
  if (!BirthDatesRead(at, j)) return;
  if (auto props = j.find("properties"); props != j.end() && props->is_object())
    WarnOfUnreadCountries(at, *props, e->native_id);
  uint32_t n = at.g.Intern(e->native_id);
  Node& node = at.g.nodes[n];
  bool rich = e->names.size() > 1 || !e->identifiers.empty() || !e->countries.empty() || !e->birth_dates.empty() ||
              !e->nationalities.empty() || !e->citizenships.empty();
  if (node.defined) {  // the same entity again: keep every name
    Entity& d = at.g.Details(n);
    for (auto& name : e->names) d.names.push_back({name.value, NameKind::kStrongAlias});
    for (auto& id : e->identifiers) d.identifiers.push_back(id);
    return;
  }
  node.defined = true;
  node.name = e->caption();
  node.schema = e->schema;
  node.file = at.file;
  node.line = at.line;
  if (rich) {
    node.details = static_cast<uint32_t>(at.g.details.size());
    at.g.details.push_back(std::move(*e));
  }
}

}  // namespace

void ReadFtmLines(std::string_view text, uint16_t file, Graph& g) {
  uint32_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Line at{g, file, line_no};
    StatusOr<json> parsed = ParseJsonText(line, JsonPlace::kColumn);
    if (!parsed.ok() || !parsed->is_object()) {
      at.Reject(parsed.ok() ? "not a JSON object" : parsed.status().message());
      continue;
    }
    const json& j = *parsed;
    auto schema_it = j.find("schema");
    if (schema_it == j.end() || !schema_it->is_string()) {
      at.Reject("field 'schema' is missing or not a string");
      continue;
    }
    const std::string schema = schema_it->get<std::string>();
    static const json kEmpty = json::object();
    auto props_it = j.find("properties");
    const json& props = props_it != j.end() && props_it->is_object() ? *props_it : kEmpty;
    if (schema == "Ownership" || schema == "Directorship" || schema == "UnknownLink") ReadRelation(at, schema, props);
    else if (ParseSchema(schema) || schema == "PublicBody" || IsAssetSchema(schema)) ReadParty(at, j, schema);
    else ++g.ignored[schema];
  }
}

}  // namespace embargo::ownership
