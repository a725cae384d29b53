#include "trade/trade.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "common/strings.h"
#include "entity/countries.h"

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
    if (k.rfind("x_", 0) == 0) continue;
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      return Err(path.empty() ? k : path + "." + k, "unknown field (extensions start with x_)");
    }
  }
  return Status::Ok();
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

Status GetCountry(const json& obj, const std::string& path, const char* key, std::string& written, std::string& code) {
  EMBARGO_RETURN_IF_ERROR(GetString(obj, path, key, written));
  if (written.empty()) return Status::Ok();
  code = CountryCode(written);
  if (code.empty()) return Err(Join(path, key), "unknown country '" + written + "'");
  return Status::Ok();
}

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

Status GetDate(const json& obj, const std::string& path, const char* key, std::string& out) {
  EMBARGO_RETURN_IF_ERROR(GetString(obj, path, key, out));
  if (!out.empty() && !ParseDate(out)) return Err(Join(path, key), "'" + out + "' is not a date (YYYY-MM-DD)");
  return Status::Ok();
}

Status ParsePlace(const json& v, const std::string& path, Place& place) {
  if (!v.is_object()) return Err(path, "expected an object, got " + TypeName(v));
  EMBARGO_RETURN_IF_ERROR(CheckKeys(v, path, {"port", "city", "country"}));
  place.path = path;
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "port", place.port));
  std::string city;
  EMBARGO_RETURN_IF_ERROR(GetString(v, path, "city", city));
  if (!city.empty()) place.port = place.port.empty() ? city : place.port + ", " + city;
  EMBARGO_RETURN_IF_ERROR(GetCountry(v, path, "country", place.country, place.country_code));
  if (place.port.empty() && place.country.empty()) return Err(path, "needs a port, city or country");
  return Status::Ok();
}

// IMO numbers carry a check digit: the first six digits weighted 7..2, summed, mod 10.
bool ValidImo(const std::string& digits) {
  if (digits.size() != 7) return false;
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (digits[i] - '0') * (7 - i);
  return sum % 10 == digits[6] - '0';
}

Status ParseParty(const json& v, const std::string& path, Party& p) {
  if (!v.is_object()) return Err(path, "expected an object, got " + TypeName(v));
  EMBARGO_RETURN_IF_ERROR(CheckKeys(v, path, {"role", "name", "type", "country", "address", "identifiers", "incorporation_date"}));
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
    for (size_t i = 0; i < it->size(); ++i) {
      const json& id = (*it)[i];
      std::string ipath = path + ".identifiers[" + std::to_string(i) + "]";
      std::string value;
      if (id.is_string()) {
        value = std::string(Trim(id.get<std::string>()));
      } else if (id.is_object()) {
        EMBARGO_RETURN_IF_ERROR(CheckKeys(id, ipath, {"type", "value"}));
        std::string type;
        EMBARGO_RETURN_IF_ERROR(GetString(id, ipath, "type", type));
        EMBARGO_RETURN_IF_ERROR(GetString(id, ipath, "value", value, true));
        if (!type.empty()) value = type + " " + value;
      } else {
        return Err(ipath, "expected a string or {type, value}, got " + TypeName(id));
      }
      if (value.empty()) return Err(ipath, "empty");
      p.identifiers.push_back(value);
    }
  }
  return Status::Ok();
}

// Names compared for the letter-of-credit rule: lower-case letters and digits only.
std::string Squash(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (static_cast<unsigned char>(c) >= 0x80) out += c;
  return out;
}

bool SameInstitution(std::string_view a, std::string_view b) {
  std::string x = Squash(a), y = Squash(b);
  if (x.empty() || y.empty()) return false;
  if (x == y) return true;
  const std::string& shorter = x.size() < y.size() ? x : y;
  const std::string& longer = x.size() < y.size() ? y : x;
  return shorter.size() >= 6 && longer.find(shorter) != std::string::npos;
}

std::string ItemSummary(const goods::ChplMatch& m) {
  std::string s;
  for (const goods::ChplItem* item : m.items) {
    if (!s.empty()) s += "; ";
    s += "tier " + item->tier + " " + item->hs6_text + " (" + item->description + ")";
  }
  return (m.heading ? "CHPL heading " + m.code.digits + " covers " : "CHPL ") + s;
}

}  // namespace

StatusOr<Transaction> ParseTransaction(std::string_view text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse errors, and out_of_range for numbers like 1E999
    return Status::InvalidArgument(std::string("not valid JSON: ") + e.what());
  }
  return ParseTransactionJson(j);
}

StatusOr<Transaction> ParseTransactionJson(const json& j) {
  Transaction tx;
  if (!j.is_object()) return Err("$", "a transaction is a JSON object, got " + TypeName(j));
  EMBARGO_RETURN_IF_ERROR(CheckKeys(j, "", {"id", "date", "parties", "goods", "route", "vessel", "letter_of_credit"}));
  EMBARGO_RETURN_IF_ERROR(GetString(j, "", "id", tx.id));
  EMBARGO_RETURN_IF_ERROR(GetDate(j, "", "date", tx.date));

  auto parties = j.find("parties");
  if (parties == j.end()) return Err("parties", "missing");
  if (!parties->is_array()) return Err("parties", "expected an array, got " + TypeName(*parties));
  if (parties->empty()) return Err("parties", "empty: a transaction needs its parties");
  for (size_t i = 0; i < parties->size(); ++i) {
    Party p;
    EMBARGO_RETURN_IF_ERROR(ParseParty((*parties)[i], "parties[" + std::to_string(i) + "]", p));
    tx.parties.push_back(std::move(p));
  }

  auto goods = j.find("goods");
  if (goods == j.end()) return Err("goods", "missing");
  if (!goods->is_array()) return Err("goods", "expected an array, got " + TypeName(*goods));
  if (goods->empty()) return Err("goods", "empty: a transaction needs its goods lines");
  for (size_t i = 0; i < goods->size(); ++i) {
    const json& v = (*goods)[i];
    GoodsLine g;
    g.path = "goods[" + std::to_string(i) + "]";
    if (!v.is_object()) return Err(g.path, "expected an object, got " + TypeName(v));
    EMBARGO_RETURN_IF_ERROR(CheckKeys(v, g.path, {"hs_code", "description", "value", "currency", "quantity", "unit", "origin_country"}));
    std::string hs;
    EMBARGO_RETURN_IF_ERROR(GetString(v, g.path, "hs_code", hs, true));
    auto code = goods::ParseHsCode(hs);
    if (!code.ok()) return Err(g.path + ".hs_code", code.status().message());
    g.hs_code = std::move(code).value();
    EMBARGO_RETURN_IF_ERROR(GetString(v, g.path, "description", g.description));
    EMBARGO_RETURN_IF_ERROR(GetString(v, g.path, "currency", g.currency));
    std::string unit;
    EMBARGO_RETURN_IF_ERROR(GetString(v, g.path, "unit", unit));
    for (const char* key : {"value", "quantity"}) {
      if (auto it = v.find(key); it != v.end() && !it->is_null()) {
        if (!it->is_number()) return Err(g.path + "." + key, "expected a number, got " + TypeName(*it));
        double d = it->get<double>();
        if (!std::isfinite(d) || d < 0) return Err(g.path + "." + key, "must be a non-negative number");
        if (std::string_view(key) == "value") g.value = d;
      }
    }
    EMBARGO_RETURN_IF_ERROR(GetCountry(v, g.path, "origin_country", g.origin_country, g.origin_code));
    tx.goods.push_back(std::move(g));
  }

  if (auto route = j.find("route"); route != j.end() && !route->is_null()) {
    if (!route->is_object()) return Err("route", "expected an object, got " + TypeName(*route));
    EMBARGO_RETURN_IF_ERROR(CheckKeys(*route, "route", {"loading", "transshipment", "discharge", "destination"}));
    for (auto [key, slot] : {std::pair{"loading", &tx.loading}, {"discharge", &tx.discharge}, {"destination", &tx.destination}}) {
      if (auto it = route->find(key); it != route->end() && !it->is_null()) {
        Place p;
        EMBARGO_RETURN_IF_ERROR(ParsePlace(*it, std::string("route.") + key, p));
        *slot = std::move(p);
      }
    }
    if (auto it = route->find("transshipment"); it != route->end() && !it->is_null()) {
      if (!it->is_array()) return Err("route.transshipment", "expected an array, got " + TypeName(*it));
      for (size_t i = 0; i < it->size(); ++i) {
        Place p;
        EMBARGO_RETURN_IF_ERROR(ParsePlace((*it)[i], "route.transshipment[" + std::to_string(i) + "]", p));
        tx.transshipment.push_back(std::move(p));
      }
    }
  }

  if (auto v = j.find("vessel"); v != j.end() && !v->is_null()) {
    if (!v->is_object()) return Err("vessel", "expected an object, got " + TypeName(*v));
    EMBARGO_RETURN_IF_ERROR(CheckKeys(*v, "vessel", {"name", "imo", "flag"}));
    Vessel vessel;
    EMBARGO_RETURN_IF_ERROR(GetString(*v, "vessel", "name", vessel.name));
    std::string imo;
    if (auto it = v->find("imo"); it != v->end() && it->is_number_unsigned()) {
      imo = std::to_string(it->get<uint64_t>());
    } else if (Status s = GetString(*v, "vessel", "imo", imo); !s.ok()) {
      return s;
    }
    if (!imo.empty()) {
      std::string_view digits = imo;
      if (digits.size() > 3 && Lower(digits.substr(0, 3)) == "imo") digits = Trim(digits.substr(3));
      if (!ValidImo(std::string(digits))) return Err("vessel.imo", "'" + imo + "' is not an IMO number (7 digits, valid check digit)");
      vessel.imo = std::string(digits);
    }
    EMBARGO_RETURN_IF_ERROR(GetCountry(*v, "vessel", "flag", vessel.flag, vessel.flag_code));
    if (vessel.name.empty() && vessel.imo.empty()) return Err("vessel", "needs a name or an IMO number");
    tx.vessel = std::move(vessel);
  }

  if (auto v = j.find("letter_of_credit"); v != j.end() && !v->is_null()) {
    if (!v->is_object()) return Err("letter_of_credit", "expected an object, got " + TypeName(*v));
    EMBARGO_RETURN_IF_ERROR(CheckKeys(*v, "letter_of_credit", {"number", "issuing_bank", "consigned_to"}));
    LetterOfCredit lc;
    for (auto [key, out] : {std::pair{"number", &lc.number}, {"issuing_bank", &lc.issuing_bank}, {"consigned_to", &lc.consigned_to}}) {
      EMBARGO_RETURN_IF_ERROR(GetString(*v, "letter_of_credit", key, *out));
    }
    tx.letter_of_credit = std::move(lc);
  }
  return tx;
}

Status ApplyTradeRule(std::string_view key, std::string_view value, TradeOptions& o) {
  value = Trim(value);
  std::string k(Trim(key)), v = Lower(value);
  auto number = [&](double lo, double hi, double& out) -> Status {
    try {
      size_t used = 0;
      double d = std::stod(v, &used);
      if (used != v.size() || !(d >= lo && d <= hi)) throw std::invalid_argument("range");
      out = d;
      return Status::Ok();
    } catch (...) {
      return Status::InvalidArgument(k + ": '" + std::string(value) + "' is not a number in [" +
                                     std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
  };
  if (k == "recent_incorporation_days") {
    double d = 0;
    EMBARGO_RETURN_IF_ERROR(number(0, 36500, d));
    o.recent_incorporation_days = static_cast<int>(d);
    return Status::Ok();
  }
  if (k == "hit_block_score") return number(0, 2, o.hit_block_score);
  if (k == "threshold") return number(0, 1, o.match.threshold);
  if (k == "geo") {
    if (v != "on" && v != "off") return Status::InvalidArgument("geo: expected on or off (the policy sets the actions)");
    o.geo = v == "on";
    return Status::Ok();
  }
  RuleSetting* rule = k == "party_hit"                      ? &o.party_hit
                      : k == "vessel_hit"                   ? &o.vessel_hit
                      : k == "chpl_russia_belarus"          ? &o.chpl_russia_belarus
                      : k == "chpl_transshipment"           ? &o.chpl_transshipment
                      : k == "chpl_item"                    ? &o.chpl_item
                      : k == "recent_incorporation"         ? &o.recent_incorporation
                      : k == "lc_consigned_to_issuing_bank" ? &o.lc_consigned_to_issuing_bank
                      : k == "screening_incomplete"         ? &o.screening_incomplete
                                                            : nullptr;
  if (rule == nullptr) return Status::InvalidArgument("unknown rule '" + k + "' (see docs/TRADE.md)");
  if (v == "off") {
    rule->enabled = false;
  } else if (v == "review" || v == "block") {
    rule->enabled = true;
    rule->action = v == "block" ? PolicyAction::kBlock : PolicyAction::kReview;
  } else {
    return Status::InvalidArgument(k + ": '" + std::string(value) + "' is not off, review or block");
  }
  return Status::Ok();
}

Status ApplyTradeRules(std::string_view text, const std::string& origin, TradeOptions& options) {
  size_t n = 0;
  while (!text.empty()) {
    ++n;
    size_t eol = text.find('\n');
    std::string_view line = Trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    Status s = eq == std::string_view::npos ? Status::InvalidArgument("expected rule = value")
                                            : ApplyTradeRule(line.substr(0, eq), line.substr(eq + 1), options);
    if (!s.ok()) return Status::InvalidArgument(origin + ":" + std::to_string(n) + ": " + s.message());
  }
  return Status::Ok();
}

TradeScreener::TradeScreener(const Screener* screener, const GeoPolicy& policy, const goods::Chpl& chpl,
                             TradeOptions options)
    : screener_(screener), policy_(policy), chpl_(chpl), options_(std::move(options)) {}

TradeResult TradeScreener::ScreenJson(std::string_view json_text) const {
  auto tx = ParseTransaction(json_text);
  if (!tx.ok()) {
    TradeResult r;
    r.verdict = Verdict::kError;
    r.chpl_version = chpl_.version();
    r.error = "could not screen: " + tx.status().message();
    return r;
  }
  return Screen(*tx);
}

TradeResult TradeScreener::Screen(const Transaction& tx) const {
  TradeResult r;
  r.id = tx.id;
  r.chpl_version = chpl_.version();
  auto fail = [&](const std::string& why) {
    r.verdict = Verdict::kError;
    r.error = "could not screen: " + why;
    r.findings.clear();
    return r;
  };
  if (screener_ == nullptr) return fail("no lists loaded to screen the parties");
  auto add = [&](std::string rule, std::string path, std::string reason, PolicyAction action) -> Finding& {
    r.findings.push_back(Finding{std::move(rule), std::move(path), std::move(reason), action, {}, {}, {}, 0});
    return r.findings.back();
  };
  auto geo_country = [&](const std::string& path, const std::string& written) {
    if (!options_.geo || written.empty()) return std::string();
    auto f = policy_.CheckCountry(written);
    if (!f) return std::string();
    add("geo", path, f->name + " (" + f->code + "): " + f->reason, f->action);
    return f->code;
  };
  auto geo_text = [&](const std::string& path, const std::string& text, const std::string& skip_code) {
    if (!options_.geo || text.empty()) return;
    for (const GeoFinding& f : policy_.CheckText(text)) {
      if (f.code == skip_code) continue;
      add("geo", path, "mentions " + f.name + " (" + f.code + ", \"" + f.matched + "\"): " + f.reason, f.action);
    }
  };
  // Screens one name against the lists; false when the screener refused it.
  auto screen_name = [&](const std::string& path, const std::string& name, std::optional<Schema> schema,
                         const std::string& country, const std::vector<std::string>& ids, const RuleSetting& setting,
                         const char* rule) -> bool {
    Query q;
    q.name = name;
    q.schema = schema;
    if (!country.empty()) q.countries.push_back(country);
    q.identifiers = ids;
    auto res = screener_->Screen(q, options_.match);
    if (!res.ok()) {
      r.error = path + ": " + res.status().message();
      return false;
    }
    if (res->incomplete && options_.screening_incomplete.enabled) {
      add("screening_incomplete", path, "the candidate budget was reached: more list entries existed than were scored",
          options_.screening_incomplete.action);
    }
    if (!setting.enabled) return true;
    for (const Hit& h : res->hits) {
      if (h.score < options_.match.threshold) continue;
      PolicyAction action = h.score >= options_.hit_block_score ? PolicyAction::kBlock : setting.action;
      Finding& f = add(rule, path, "\"" + name + "\" matches " + h.entity->caption() + " (" + h.entity->id + ") with score " +
                                       std::to_string(h.score).substr(0, 5), action);
      f.entity_id = h.entity->id;
      f.entity_caption = h.entity->caption();
      f.dataset = h.entity->dataset;
      f.score = h.score;
    }
    return true;
  };

  std::string today = options_.today;
  if (!tx.date.empty()) today = tx.date;
  std::chrono::sys_days as_of = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (!today.empty()) {
    auto d = ParseDate(today);
    if (!d) return fail("options.today '" + today + "' is not a date");
    as_of = *d;
  }

  // Parties: lists, countries, addresses, recent incorporation.
  for (const Party& p : tx.parties) {
    std::optional<Schema> schema;
    if (p.type == "person") schema = Schema::kPerson;
    else if (p.type == "organization" || p.role.find("bank") != std::string::npos) schema = Schema::kOrganization;
    if (!screen_name(p.path + ".name", p.name, schema, p.country_code, p.identifiers, options_.party_hit, "party_hit")) {
      return fail(r.error);
    }
    std::string code = geo_country(p.path + ".country", p.country);
    geo_text(p.path + ".address", p.address, code);
    const RuleSetting& ri = options_.recent_incorporation;
    if (ri.enabled && !p.incorporation_date.empty() &&
        std::find(options_.recent_incorporation_roles.begin(), options_.recent_incorporation_roles.end(), p.role) !=
            options_.recent_incorporation_roles.end()) {
      auto inc = ParseDate(p.incorporation_date);
      long days = (as_of - *inc).count();
      if (days < 0) {
        return fail(p.path + ".incorporation_date: " + p.incorporation_date + " is after the transaction date");
      }
      if (days < options_.recent_incorporation_days) {
        add("recent_incorporation", p.path + ".incorporation_date",
            p.role + " incorporated " + std::to_string(days) + " days before the transaction (under " +
                std::to_string(options_.recent_incorporation_days) + ")",
            ri.action);
      }
    }
  }

  // Letter of credit: the issuing bank is screened; consigning the goods to it is a red flag.
  std::string issuing_bank, issuing_path, consignee, consignee_path;
  for (const Party& p : tx.parties) {
    if (p.role == "issuing_bank" && issuing_bank.empty()) issuing_bank = p.name, issuing_path = p.path + ".name";
    if (p.role == "consignee" && consignee.empty()) consignee = p.name, consignee_path = p.path + ".name";
  }
  if (tx.letter_of_credit) {
    const LetterOfCredit& lc = *tx.letter_of_credit;
    if (!lc.issuing_bank.empty()) {
      bool is_party = !issuing_bank.empty() && Squash(issuing_bank) == Squash(lc.issuing_bank);
      if (!is_party && !screen_name("letter_of_credit.issuing_bank", lc.issuing_bank, Schema::kOrganization, "", {},
                                    options_.party_hit, "party_hit")) {
        return fail(r.error);
      }
      issuing_bank = lc.issuing_bank, issuing_path = "letter_of_credit.issuing_bank";
    }
    if (!lc.consigned_to.empty()) consignee = lc.consigned_to, consignee_path = "letter_of_credit.consigned_to";
    if (options_.lc_consigned_to_issuing_bank.enabled && SameInstitution(issuing_bank, consignee)) {
      add("lc_consigned_to_issuing_bank", consignee_path,
          "goods consigned to the issuing bank (" + issuing_bank + ", " + issuing_path +
              "): the real buyer is not named in the transport documents",
          options_.lc_consigned_to_issuing_bank.action);
    }
  }

  // Vessel.
  if (tx.vessel) {
    const Vessel& v = *tx.vessel;
    std::vector<std::string> ids;
    if (!v.imo.empty()) ids.push_back("IMO " + v.imo);
    std::string name = v.name.empty() ? "IMO " + v.imo : v.name;
    if (!screen_name(v.name.empty() ? "vessel.imo" : "vessel.name", name, Schema::kVessel, v.flag_code, ids,
                     options_.vessel_hit, "vessel_hit")) {
      return fail(r.error);
    }
    geo_country("vessel.flag", v.flag);
  }

  // Route: countries against the policy, ports as place names.
  std::vector<const Place*> places;
  if (tx.loading) places.push_back(&*tx.loading);
  for (const Place& p : tx.transshipment) places.push_back(&p);
  if (tx.discharge) places.push_back(&*tx.discharge);
  if (tx.destination) places.push_back(&*tx.destination);
  for (const Place* p : places) {
    std::string code = geo_country(p->path + ".country", p->country);
    geo_text(p->path + ".port", p->port, code);
  }

  // Where the goods go (for Russia/Belarus) and where they pass (for diversion), with the paths
  // that say so. Addresses that name Russia or Belarus count too.
  std::vector<std::pair<std::string, std::string>> receiving, passing;  // (path, alpha-2)
  auto is_receiving_role = [](const std::string& role) {
    return role == "buyer" || role == "consignee" || role == "end_user" || role == "notify_party";
  };
  for (const Party& p : tx.parties) {
    bool receives = is_receiving_role(p.role);
    bool passes = receives || p.role == "intermediary" || p.role == "freight_forwarder" || p.role == "agent";
    if (!receives && !passes) continue;
    std::vector<std::pair<std::string, std::string>> where;
    if (!p.country_code.empty()) where.emplace_back(p.path + ".country", p.country_code);
    for (const GeoFinding& f : policy_.CheckText(p.address)) {
      if (f.code.size() == 2) where.emplace_back(p.path + ".address", f.code);
    }
    for (auto& w : where) {
      if (receives) receiving.push_back(w);
      passing.push_back(w);
    }
  }
  if (tx.discharge && !tx.discharge->country_code.empty()) {
    receiving.emplace_back(tx.discharge->path + ".country", tx.discharge->country_code);
    passing.emplace_back(tx.discharge->path + ".country", tx.discharge->country_code);
  }
  if (tx.destination && !tx.destination->country_code.empty()) {
    receiving.emplace_back(tx.destination->path + ".country", tx.destination->country_code);
    passing.emplace_back(tx.destination->path + ".country", tx.destination->country_code);
  }
  // A stop inside the country of loading is domestic carriage, not a diversion point.
  for (const Place& p : tx.transshipment) {
    if (p.country_code.empty() || (tx.loading && tx.loading->country_code == p.country_code)) continue;
    passing.emplace_back(p.path + ".country", p.country_code);
  }

  // Goods.
  for (const GoodsLine& g : tx.goods) {
    std::string path = g.path + ".hs_code";
    if (!g.origin_country.empty()) geo_country(g.path + ".origin_country", g.origin_country);
    goods::ChplMatch m = chpl_.Check(g.hs_code);
    if (!m.listed()) continue;
    std::string item = ItemSummary(m);
    if (options_.chpl_item.enabled) add("chpl_item", path, item, options_.chpl_item.action);
    auto describe = [&](const std::vector<std::pair<std::string, std::string>>& points, auto pred) {
      std::string out;
      for (const auto& [p, code] : points) {
        if (!pred(code)) continue;
        std::string part = std::string(CountryName(code)) + " (" + p + ")";
        if (out.find(part) != std::string::npos) continue;
        out += (out.empty() ? "" : ", ") + part;
      }
      return out;
    };
    if (options_.chpl_russia_belarus.enabled) {
      std::string to = describe(receiving, [&](const std::string& c) { return policy_.IsRussiaOrBelarus(c); });
      if (!to.empty()) add("chpl_russia_belarus", path, item + " bound for " + to, options_.chpl_russia_belarus.action);
    }
    if (options_.chpl_transshipment.enabled) {
      std::string via = describe(passing, [&](const std::string& c) { return policy_.IsTransshipmentConcern(c); });
      if (!via.empty()) {
        add("chpl_transshipment", path, item + " routed through or sold into a diversion-risk country: " + via,
            options_.chpl_transshipment.action);
      }
    }
  }

  std::stable_sort(r.findings.begin(), r.findings.end(), [](const Finding& a, const Finding& b) {
    return a.action == PolicyAction::kBlock && b.action != PolicyAction::kBlock;
  });
  r.verdict = Verdict::kPass;
  for (const Finding& f : r.findings) {
    if (f.action == PolicyAction::kBlock) r.verdict = Verdict::kBlock;
    else if (r.verdict == Verdict::kPass) r.verdict = Verdict::kReview;
  }
  return r;
}

nlohmann::json TradeResultJson(const TradeResult& r) {
  json findings = json::array();
  for (const Finding& f : r.findings) {
    json j = {{"rule", f.rule}, {"path", f.path}, {"reason", f.reason}, {"action", PolicyActionName(f.action)}};
    if (!f.entity_id.empty()) {
      j["entity_id"] = f.entity_id;
      j["caption"] = f.entity_caption;
      j["dataset"] = f.dataset;
      j["score"] = std::round(f.score * 10000) / 10000;
    }
    findings.push_back(std::move(j));
  }
  json out = {{"id", r.id}, {"verdict", VerdictName(r.verdict)}, {"findings", findings}, {"chpl_version", r.chpl_version}};
  if (r.verdict == Verdict::kError) out["error"] = r.error;
  return out;
}

}  // namespace embargo::trade
