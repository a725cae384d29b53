// A trade transaction as parsed from its JSON (docs/TRADE.md): parties, goods lines, route, vessel
// and letter of credit, each part knowing its JSON path for the findings that point at it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/status.h"
#include "goods/chpl.h"

namespace embargo::trade {

struct Party {
  std::string path;   // "parties[2]"
  std::string role;   // buyer, seller, consignee, end_user, ... (docs/TRADE.md)
  std::string name;
  std::string type;   // person, organization or empty
  std::string country;       // as written
  std::string country_code;  // ISO alpha-2, empty when no country was given
  std::string address;
  std::vector<std::string> identifiers;
  std::string incorporation_date;  // YYYY-MM-DD or empty
};

struct GoodsLine {
  std::string path;  // "goods[0]"
  goods::HsCode hs_code;
  std::string description;
  std::optional<double> value;
  std::string currency, unit;
  std::string origin_country, origin_code;
};

struct Place {
  std::string path;  // "route.transshipment[1]"
  std::string port, city;
  std::string country, country_code;
  // The port and the city, as written, each with the JSON path of its field.
  std::vector<std::pair<std::string, std::string>> Texts() const {
    std::vector<std::pair<std::string, std::string>> out;
    if (!port.empty()) out.emplace_back(path + ".port", port);
    if (!city.empty()) out.emplace_back(path + ".city", city);
    return out;
  }
};

struct Vessel {
  std::string name, imo, flag, flag_code;
};

struct LetterOfCredit {
  std::string number, issuing_bank, consigned_to;
};

struct Transaction {
  std::string id;
  std::string date;  // YYYY-MM-DD or empty
  std::vector<Party> parties;
  std::vector<GoodsLine> goods;
  std::optional<Place> loading, discharge, destination;
  std::vector<Place> transshipment;
  std::optional<Vessel> vessel;
  std::optional<LetterOfCredit> letter_of_credit;
};

// Parses and validates a transaction. Errors name the JSON path: "parties[1].name: missing",
// "goods[0].hs_code: HS code '85': ...", "route.destination.country: unknown country 'Narnia'".
[[nodiscard]] StatusOr<Transaction> ParseTransaction(std::string_view json);
[[nodiscard]] StatusOr<Transaction> ParseTransactionJson(const nlohmann::json& j);

// A calendar date written YYYY-MM-DD; nullopt for anything else, or a day that does not exist.
std::optional<std::chrono::sys_days> ParseDate(std::string_view s);

}  // namespace embargo::trade
