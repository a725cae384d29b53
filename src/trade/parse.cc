// Parsing and validating a trade transaction's JSON; every error names the JSON path at fault.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/json_text.h"
#include "common/check_digits.h"
#include "common/currencies.h"
#include "common/strings.h"
#include "embargo/screener.h"
#include "entity/countries.h"
#include "trade/transaction.h"

namespace embargo::trade {
namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kRoles = {
    "buyer",        "seller",        "consignee",       "consignor", "end_user",          "notify_party",
    "intermediary", "issuing_bank",  "advising_bank",   "confirming_bank", "applicant",   "beneficiary",
    "shipper",      "carrier",       "freight_forwarder", "manufacturer", "agent",        "other"};

std::string TypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "number";
  }
}

Status Err(const std::string& path, const std::string& msg) { return Status::InvalidArgument(path + ": " + msg); }

// Unknown keys are errors: a misspelt "adress" would otherwise go unscreened. "x_" keys are free.
Status CheckKeys(const json& obj, const std::string& path, std::initializer_list<std::string_view> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& k = it.key();
    if (k.starts_with("x_")) continue;
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      return Err(path.empty() ? k : path + "." + k, "unknown field (extensions start with x_)");
    }
  }
  return Status::Ok();
}

// An object at `path` with only the `allowed` keys.
Status CheckObject(const json& v, const std::string& path, std::initializer_list<std::string_view> allowed) {
  if (!v.is_object()) return Err(path, "expected an object, got " + TypeName(v));
  return CheckKeys(v, path, allowed);
}

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Reads an optional string field; `required` makes absence and emptiness errors.
Status GetString(const json& obj, const std::string& path, const char* key, std::string& out, bool required = false) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return required ? Err(Join(path, key), "missing") : Status::Ok();
  }
  if (!it->is_string()) return Err(Join(path, key), "expected a string, got " + TypeName(*it));
  out = std::string(Trim(it->get<std::string>()));
  if (required && out.empty()) return Err(Join(path, key), "empty");
  return Status::Ok();
}

// A country field: absent is no country; given, it is a country embargo knows. Null or empty
// is a damaged record (a converter that lost the value), not "no country": an error.
Status GetCountry(const json& obj, const std::string& path, const char* key, std::string& written, std::string& code) {
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Ok();
  if (it->is_null()) return Err(Join(path, key), "null (leave the field out when there is no country)");
  EMBARGO_RETURN_IF_ERROR(GetString(obj, path, key, written));
  if (written.empty()) return Err(Join(path, key), "empty (leave the field out when there is no country)");
  code = CountryCode(written);
  if (code.empty()) return Err(Join(path, key), "unknown country '" + written + "'");
  return Status::Ok();
}

// A currency: absent is none; given, an ISO 4217 code. Null or empty is a damaged record, as for
// a country; "usd", "US$" or "Rubles" is no code a payment could be made in as written.
Status GetCurrency(const json& obj, const std::string& path, std::string& code) {
  auto it = obj.find("currency");
  if (it == obj.end()) return Status::Ok();
  if (it->is_null()) return Err(Join(path, "currency"), "null (leave the field out when there is no currency)");
  EMBARGO_RETURN_IF_ERROR(GetString(obj, path, "currency", code));
  if (code.empty()) return Err(Join(path, "currency"), "empty (leave the field out when there is no currency)");
  if (!IsIsoCurrency(code))
    return Err(Join(path, "currency"), "'" + code + "' is not an ISO 4217 currency code (three capital letters: USD, EUR)");
  return Status::Ok();
}

Status GetDate(const json& obj, const std::string& path, const char* key, std::string& out) {
  EMBARGO_RETURN_IF_ERROR(GetString(obj, path, key, out));
  if (!out.empty() && !ParseDate(out)) return Err(Join(path, key), "'" + out + "' is not a date (YYYY-MM-DD)");
  return Status::Ok();
}

// The non-empty array `key` of the transaction, or the error naming it.
StatusOr<const json*> GetList(const json& j, const char* key, const char* what) {
  auto it = j.find(key);
  if (it == j.end()) return Err(key, "missing");
  if (!it->is_array()) return Err(key, "expected an array, got " + TypeName(*it));
  if (it->empty()) return Err(key, std::string("empty: a transaction needs its ") + what);
  return &*it;
}

std::string Indexed(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

Status ParsePlace(const json& v, const std::string& path, Place& place) {
  EMBARGO_RETURN_IF_ERROR(CheckObject(v, path, {"port", "city", "country"}));
  place.path = path;
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "port", place.port));
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "city", place.city));
  EMBARGO_RETURN_IF_ERROR(GetCountry(v, path, "country", place.country, place.country_code));
  if (place.port.empty() && place.city.empty() && place.country.empty()) return Err(path, "needs a port, city or country");
  return Status::Ok();
}

// "INN 7700000000", or {"type": "INN", "value": "7700000000"}.
Status ParseIdentifier(const json& id, const std::string& path, std::string& value) {
  if (id.is_string()) {
    value = std::string(Trim(id.get<std::string>()));
  } else if (id.is_object()) {
    EMBARGO_RETURN_IF_ERROR(CheckKeys(id, path, {"type", "value"}));
    std::string type;
    EMBARGO_RETURN_IF_ERROR(GetString(id, path, "type", type));
    EMBARGO_RETURN_IF_ERROR(GetString(id, path, "value", value, true));
    if (!type.empty()) value = type + " " + value;
  } else {
    return Err(path, "expected a string or {type, value}, got " + TypeName(id));
  }
  if (value.empty()) return Err(path, "empty");
  return Status::Ok();
}

Status ParseParty(const json& v, const std::string& path, Party& p) {
  EMBARGO_RETURN_IF_ERROR(
      CheckObject(v, path, {"role", "name", "type", "country", "address", "identifiers", "incorporation_date"}));
  p.path = path;
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "role", p.role, true));
  if (!kRoles.contains(p.role)) return Err(path + ".role", "unknown role '" + p.role + "' (see docs/TRADE.md)");
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "name", p.name, true));
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "type", p.type));
  if (!p.type.empty() && p.type != "person" && p.type != "organization") {
    return Err(path + ".type", "'" + p.type + "' is neither person nor organization");
  }
  EMBARGO_RETURN_IF_ERROR(GetCountry(v, path, "country", p.country, p.country_code));
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "address", p.address));
  EMBARGO_RETURN_IF_ERROR(GetDate(v, path, "incorporation_date", p.incorporation_date));
  if (auto it = v.find("identifiers"); it != v.end() && !it->is_null()) {
    if (!it->is_array()) return Err(path + ".identifiers", "expected an array, got " + TypeName(*it));
    if (it->size() > kMaxQueryIdentifiers)
      return Err(path + ".identifiers", std::to_string(it->size()) + " given, at most " + std::to_string(kMaxQueryIdentifiers));
    for (size_t i = 0; i < it->size(); ++i) {
      std::string value;
      EMBARGO_RETURN_IF_ERROR(ParseIdentifier((*it)[i], Indexed(path + ".identifiers", i), value));
      p.identifiers.push_back(value);
    }
  }
  return Status::Ok();
}

Status ParseGoodsLine(const json& v, const std::string& path, GoodsLine& g) {
  g.path = path;
  EMBARGO_RETURN_IF_ERROR(
      CheckObject(v, path, {"hs_code", "description", "value", "currency", "quantity", "unit", "origin_country"}));
  std::string hs;
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "hs_code", hs, true));
  auto code = goods::ParseHsCode(hs);
  if (!code.ok()) return Err(path + ".hs_code", code.status().message());
  g.hs_code = std::move(code).value();
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "description", g.description));
  EMBARGO_RETURN_IF_ERROR(GetCurrency(v, path, g.currency));
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "unit", g.unit));
  for (const char* key : {"value", "quantity"}) {
    if (auto it = v.find(key); it != v.end() && !it->is_null()) {
      if (!it->is_number()) return Err(path + "." + key, "expected a number, got " + TypeName(*it));
      double d = it->get<double>();
      if (!std::isfinite(d) || d < 0) return Err(path + "." + key, "must be a non-negative number");
      if (std::string_view(key) == "value") g.value = d;
    }
  }
  return GetCountry(v, path, "origin_country", g.origin_country, g.origin_code);
}

Status ParseRoute(const json& route, Transaction& tx) {
  EMBARGO_RETURN_IF_ERROR(CheckObject(route, "route", {"loading", "transshipment", "discharge", "destination"}));
  for (auto [key, slot] : {std::pair{"loading", &tx.loading}, {"discharge", &tx.discharge}, {"destination", &tx.destination}}) {
    if (auto it = route.find(key); it != route.end() && !it->is_null()) {
      Place p;
      EMBARGO_RETURN_IF_ERROR(ParsePlace(*it, std::string("route.") + key, p));
      *slot = std::move(p);
    }
  }
  if (auto it = route.find("transshipment"); it != route.end() && !it->is_null()) {
    if (!it->is_array()) return Err("route.transshipment", "expected an array, got " + TypeName(*it));
    for (size_t i = 0; i < it->size(); ++i) {
      Place p;
      EMBARGO_RETURN_IF_ERROR(ParsePlace((*it)[i], Indexed("route.transshipment", i), p));
      tx.transshipment.push_back(std::move(p));
    }
  }
  return Status::Ok();
}

StatusOr<Vessel> ParseVessel(const json& v) {
  EMBARGO_RETURN_IF_ERROR(CheckObject(v, "vessel", {"name", "imo", "flag"}));
  Vessel vessel;
  EMBARGO_RETURN_IF_ERROR(GetString(v, "vessel", "name", vessel.name));
  std::string imo;
  if (auto it = v.find("imo"); it != v.end() && it->is_number_unsigned()) {
    imo = std::to_string(it->get<uint64_t>());
  } else if (it != v.end() && it->is_number()) {  // 9187629.0, -9187629: "expected a string" misleads
    return Err("vessel.imo", "expected the IMO number as a string or a whole number of 7 digits, got " + it->dump());
  } else {
    EMBARGO_RETURN_IF_ERROR(GetString(v, "vessel", "imo", imo));
  }
  if (!imo.empty()) {
    std::string_view digits = imo;
    if (digits.size() > 3 && Lower(digits.substr(0, 3)) == "imo") digits = Trim(digits.substr(3));
    if (!IsImoNumber(digits)) return Err("vessel.imo", "'" + imo + "' is not an IMO number (7 digits, valid check digit)");
    vessel.imo = std::string(digits);
  }
  EMBARGO_RETURN_IF_ERROR(GetCountry(v, "vessel", "flag", vessel.flag, vessel.flag_code));
  if (vessel.name.empty() && vessel.imo.empty()) return Err("vessel", "needs a name or an IMO number");
  return vessel;
}

StatusOr<LetterOfCredit> ParseLetterOfCredit(const json& v) {
  EMBARGO_RETURN_IF_ERROR(CheckObject(v, "letter_of_credit", {"number", "issuing_bank", "consigned_to"}));
  LetterOfCredit lc;
  for (auto [key, out] : {std::pair{"number", &lc.number}, {"issuing_bank", &lc.issuing_bank}, {"consigned_to", &lc.consigned_to}}) {
    EMBARGO_RETURN_IF_ERROR(GetString(v, "letter_of_credit", key, *out));
  }
  return lc;
}

// The member `key` when present and not null.
const json* Optional(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

std::optional<std::chrono::sys_days> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  int y = std::stoi(std::string(s.substr(0, 4)));
  unsigned m = static_cast<unsigned>(std::stoi(std::string(s.substr(5, 2))));
  unsigned d = static_cast<unsigned>(std::stoi(std::string(s.substr(8, 2))));
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

StatusOr<Transaction> ParseTransaction(std::string_view text) {
  EMBARGO_ASSIGN_OR_RETURN(json j, ParseJsonText(text));
  return ParseTransactionJson(j);
}

StatusOr<Transaction> ParseTransactionJson(const json& j) {
  Transaction tx;
  if (!j.is_object()) return Err("$", "a transaction is a JSON object, got " + TypeName(j));
  EMBARGO_RETURN_IF_ERROR(CheckKeys(j, "", {"id", "date", "parties", "goods", "route", "vessel", "letter_of_credit"}));
  EMBARGO_RETURN_IF_ERROR(GetString(j, "", "id", tx.id));
  EMBARGO_RETURN_IF_ERROR(GetDate(j, "", "date", tx.date));
  EMBARGO_ASSIGN_OR_RETURN(const json* parties, GetList(j, "parties", "parties"));
  for (size_t i = 0; i < parties->size(); ++i) {
    EMBARGO_RETURN_IF_ERROR(ParseParty((*parties)[i], Indexed("parties", i), tx.parties.emplace_back()));
  }
  EMBARGO_ASSIGN_OR_RETURN(const json* goods, GetList(j, "goods", "goods lines"));
  for (size_t i = 0; i < goods->size(); ++i) {
    EMBARGO_RETURN_IF_ERROR(ParseGoodsLine((*goods)[i], Indexed("goods", i), tx.goods.emplace_back()));
  }
  if (const json* route = Optional(j, "route")) EMBARGO_RETURN_IF_ERROR(ParseRoute(*route, tx));
  if (const json* vessel = Optional(j, "vessel")) {
    EMBARGO_ASSIGN_OR_RETURN(tx.vessel, ParseVessel(*vessel));
  }
  if (const json* lc = Optional(j, "letter_of_credit")) {
    EMBARGO_ASSIGN_OR_RETURN(tx.letter_of_credit, ParseLetterOfCredit(*lc));
  }
  return tx;
}

}  // namespace embargo::trade
