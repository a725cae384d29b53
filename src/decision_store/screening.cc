#include "decision_store/screening.h"

#include "common/csv.h"
#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "entity/countries.h"
#include "entity/ftm_json.h"
#include "match/result_json.h"

namespace embargo {

std::string EntityFingerprint(const Entity& e) {
  nlohmann::json j = {{"id", e.id},
                      {"schema", SchemaName(e.schema)},
                      {"properties", FtmProperties(e)},
                      {"programs", e.programs},
                      {"remarks", e.remarks},
                      {"listed_on", e.listed_on}};
  return Sha256Hex(j.dump());
}

ScreeningRecord MakeScreeningRecord(const Query& query, const ScreenResult& result, const std::vector<ListLoad>& lists,
                                    const std::string& caller, const std::string& customer_id, double threshold) {
  ScreeningRecord r;
  r.caller = caller;
  r.customer_id = customer_id;
  r.input_json = QueryJson(query).dump();
  r.lists_json = decisions::ListVersionsJson(lists).dump();
  nlohmann::json res = ScreenResultJson(query, result);
  res["threshold"] = threshold;
  r.result_json = res.dump();
  for (const Hit& h : result.hits) {
    if (h.score < threshold) continue;
    r.alert_hits.push_back({h.entity->id, EntityFingerprint(*h.entity), h.entity->caption(), RoundScore(h.score),
                            HitJson(h).dump()});
  }
  return r;
}

namespace decisions {

nlohmann::json ListVersionsJson(const std::vector<ListLoad>& lists) {
  nlohmann::json out = nlohmann::json::array();
  for (const ListLoad& l : lists)
    out.push_back({{"dataset", l.dataset}, {"title", l.title}, {"format", l.format}, {"published", l.published},
                   {"content_hash", l.content_hash}, {"entities", l.entities.size()}});
  return out;
}

nlohmann::json RecordedResultJson(const Query& query, const ScreenResult& result, const RecordOutcome& outcome) {
  nlohmann::json j = ScreenResultJson(query, result);
  j["record"] = outcome.seq;
  if (outcome.already_recorded) j["already_recorded"] = true;
  j["alert"] = outcome.alert;
  bool any_suppressed = false;
  for (auto& hit : j["hits"]) {
    for (const HitOutcome& o : outcome.hits) {
      if (o.entity_id != hit["entity_id"]) continue;
      if (o.suppressed) {
        hit["suppressed"] = true;
        any_suppressed = true;
      } else {
        hit["alert_id"] = o.alert_id;
      }
      if (!o.reason.empty()) hit["alert_reason"] = o.reason;
    }
  }
  j["verdict"] = outcome.alert ? "alert" : any_suppressed ? "suppressed" : "clear";
  return j;
}

StatusOr<Customer> MakeCustomer(const std::string& id, const std::string& name, const std::string& type,
                                const std::string& dob, const std::string& country, const std::string& id_number,
                                const std::string& where) {
  Customer c;
  const std::pair<const char*, const std::string*> fields[] = {
      {"id", &id}, {"name", &name}, {"type", &type}, {"dob", &dob}, {"country", &country}, {"id_number", &id_number}};
  for (const auto& [field, value] : fields)
    if (!IsValidUtf8(*value)) return Status::InvalidArgument(where + ": " + field + ": not valid UTF-8");
  c.id = std::string(Trim(id));
  if (c.id.empty()) return Status::InvalidArgument(where + ": id: empty");
  c.query.name = name;
  if (Trim(name).empty()) return Status::InvalidArgument(where + ": name: empty");
  if (!Trim(type).empty()) {
    c.query.schema = ParseSchema(Trim(type));
    if (!c.query.schema) return Status::InvalidArgument(where + ": type: unknown '" + type + "'");
  }
  if (!Trim(dob).empty()) {
    auto d = PartialDate::Parse(Trim(dob));
    if (!d) return Status::InvalidArgument(where + ": dob: cannot read date '" + dob + "'");
    c.query.birth_dates.push_back(*d);
  }
  if (!Trim(country).empty()) {
    std::string code = CountryCode(Trim(country));
    if (code.empty()) return Status::InvalidArgument(where + ": country: unknown country '" + country + "'");
    c.query.countries.push_back(code);
  }
  if (!Trim(id_number).empty()) c.query.identifiers.emplace_back(Trim(id_number));
  c.input_json = QueryJson(c.query).dump();
  return c;
}

StatusOr<std::vector<Customer>> LoadCustomersCsv(const std::string& path) {
  auto file = ReadTextFile(path);  // UTF-8, or Windows-1252 converted
  if (!file.ok()) return file.status();
  CsvReader reader(file->text);
  std::vector<std::string> header, fields;
  if (!reader.Next(header)) return Status::InvalidArgument(path + ": empty file, expected a header with id,name");
  std::vector<int> col(6, -1);
  const char* names[] = {"id", "name", "type", "dob", "country", "id_number"};
  for (size_t i = 0; i < header.size(); ++i)
    for (int k = 0; k < 6; ++k)
      if (Trim(header[i]) == names[k]) col[k] = static_cast<int>(i);
  if (col[0] < 0 || col[1] < 0) return Status::InvalidArgument(path + ":1: header needs 'id' and 'name' columns");
  std::vector<Customer> out;
  while (reader.Next(fields)) {
    std::string where = path + ":" + std::to_string(reader.line());
    if (!reader.error().empty()) return Status::InvalidArgument(where + ": " + reader.error());
    if (fields.size() == 1 && Trim(fields[0]).empty()) continue;
    if (fields.size() != header.size())
      return Status::InvalidArgument(where + ": expected " + std::to_string(header.size()) + " fields, found " +
                                     std::to_string(fields.size()));
    auto f = [&](int k) { return col[k] >= 0 ? fields[col[k]] : std::string(); };
    auto c = MakeCustomer(f(0), f(1), f(2), f(3), f(4), f(5), where);
    if (!c.ok()) return c.status();
    out.push_back(std::move(*c));
  }
  return out;
}

StatusOr<Customer> CustomerFromStored(const StoredCustomer& stored) {
  std::string where = "stored customer " + stored.customer_id;
  auto j = nlohmann::json::parse(stored.input_json, nullptr, false);
  auto bad = [&](const std::string& field) { return Status::DataLoss(where + ": " + field + ": not a query field"); };
  if (j.is_discarded() || !j.is_object() || !j.contains("name") || !j["name"].is_string()) return bad("name");
  auto strings = [&](const char* field, std::vector<std::string>& out) {
    if (!j.contains(field)) return true;
    const auto& v = j[field];
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
      return true;
    }
    if (!v.is_array()) return false;
    for (const auto& x : v) {
      if (!x.is_string()) return false;
      out.push_back(x.get<std::string>());
    }
    return true;
  };
  std::vector<std::string> type, dobs, countries, ids;
  if (!strings("type", type) || type.size() > 1) return bad("type");
  if (!strings("dob", dobs)) return bad("dob");
  if (!strings("country", countries)) return bad("country");
  if (!strings("id", ids)) return bad("id");
  Customer c;
  c.id = stored.customer_id;
  c.query.name = j["name"].get<std::string>();
  if (!type.empty()) {
    c.query.schema = ParseSchema(type[0]);
    if (!c.query.schema) return bad("type");
  }
  for (const auto& d : dobs) {
    auto pd = PartialDate::Parse(d);
    if (!pd) return bad("dob");
    c.query.birth_dates.push_back(*pd);
  }
  c.query.countries = countries;
  c.query.identifiers = ids;
  if (!IsValidUtf8(stored.input_json)) return bad("name");
  c.input_json = QueryJson(c.query).dump();
  return c;
}

}  // namespace decisions
}  // namespace embargo
