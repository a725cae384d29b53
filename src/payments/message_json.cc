#include "payments/message_json.h"

namespace embargo::payments {
namespace {

void Put(nlohmann::json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}

}  // namespace

nlohmann::json PartyJson(const Party& p) {
  nlohmann::json j = {{"field", p.field}, {"role", p.role}};
  j["kind"] = p.institution ? "institution"
              : p.nature == PartyNature::kPerson ? "person"
              : p.nature == PartyNature::kOrganization ? "organization"
                                                       : "unknown";
  Put(j, "name", p.name);
  Put(j, "other_name", p.other_name);
  if (!p.address_lines.empty()) j["address"] = p.address_lines;
  if (p.street_lines) j["street_lines"] = p.street_lines;
  Put(j, "country", p.country);
  Put(j, "town", p.town);
  Put(j, "country_subdivision", p.country_subdivision);
  Put(j, "bic", p.bic);
  Put(j, "lei", p.lei);
  Put(j, "account", p.account);
  Put(j, "birth_date", p.birth_date);
  Put(j, "birth_place", p.birth_place);
  Put(j, "birth_country", p.birth_country);
  Put(j, "residence_country", p.residence_country);
  if (!p.ids.empty()) {
    auto& ids = j["ids"] = nlohmann::json::array();
    for (const auto& id : p.ids) {
      nlohmann::json x = {{"scheme", id.scheme}, {"value", id.value}};
      Put(x, "country", id.country);
      ids.push_back(std::move(x));
    }
  }
  if (p.line) j["line"] = p.line;
  return j;
}

nlohmann::json MessageJson(const PaymentMessage& m) {
  nlohmann::json j = {{"format", m.format == MessageFormat::kMt ? "mt" : "iso20022"}, {"type", m.type}};
  Put(j, "reference", m.reference);
  Put(j, "uetr", m.uetr);
  if (HasSeveralUetrs(m)) j["uetrs"] = m.uetrs;  // a message of several transactions: each one's
  Put(j, "currency", m.currency);
  Put(j, "amount", m.amount);
  Put(j, "value_date", m.value_date);
  // Every amount's and account's currency, each transaction's: `currency` is the message's only
  // when its transactions share one.
  if (!m.currencies.empty()) {
    auto& currencies = j["currencies"] = nlohmann::json::array();
    for (const auto& [field, code] : m.currencies) currencies.push_back({{"field", field}, {"code", code}});
  }
  j["cover"] = m.cover;
  auto& parties = j["parties"] = nlohmann::json::array();
  for (const auto& p : m.parties) parties.push_back(PartyJson(p));
  auto& text = j["free_text"] = nlohmann::json::array();
  for (const auto& t : m.free_text) text.push_back({{"field", t.field}, {"lines", t.lines}});
  if (!m.warnings.empty()) j["warnings"] = m.warnings;
  if (!m.faults.empty()) {
    auto& faults = j["faults"] = nlohmann::json::array();
    for (const auto& f : m.faults) faults.push_back(f.Text());
  }
  return j;
}

nlohmann::json ScreenResultJson(const ParsedMessage& parsed, const MessageScreenResult* screen) {
  nlohmann::json j = {{"index", parsed.index}, {"line", parsed.first_line}};
  if (!parsed.message) {
    j["verdict"] = std::string(VerdictName(Verdict::kError));
    j["errors"] = {"could not screen: " + parsed.status.message()};
    j["hits"] = nlohmann::json::array();
    return j;
  }
  const PaymentMessage& m = *parsed.message;
  j["verdict"] = std::string(VerdictName(screen ? screen->verdict : Verdict::kError));
  j["type"] = m.type;
  j["reference"] = m.reference;
  if (!screen) {
    j["errors"] = {"could not screen: not screened"};
    return j;
  }
  j["checks"] = screen->checks;
  j["incomplete"] = screen->incomplete;
  if (!screen->errors.empty()) j["errors"] = screen->errors;
  auto& hits = j["hits"] = nlohmann::json::array();
  for (const Finding& h : screen->findings) {
    nlohmann::json x = {{"field", h.field}, {"role", h.role},   {"check", h.check}, {"value", h.value},
                        {"action", std::string(VerdictName(h.action))}, {"reason", h.reason}, {"score", h.score}};
    Put(x, "entity_id", h.entity_id);
    Put(x, "entity_name", h.entity_name);
    if (!h.programs.empty()) x["programs"] = h.programs;
    hits.push_back(std::move(x));
  }
  auto& screened = j["screened"] = nlohmann::json::array();
  for (const Screened& s : screen->screened) {
    nlohmann::json x = {{"field", s.field}, {"role", s.role}, {"check", s.check}, {"value", s.value},
                        {"result", std::string(VerdictName(s.result))}};
    Put(x, "note", s.note);
    screened.push_back(std::move(x));
  }
  if (!m.warnings.empty()) j["warnings"] = m.warnings;
  return j;
}

}  // namespace embargo::payments
