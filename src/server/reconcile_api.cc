#include "server/reconcile_api.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/strings.h"
#include "entity/countries.h"
#include "match/result_json.h"
#include "server/json_body.h"

namespace embargo::server {
namespace {

using nlohmann::json;

constexpr size_t kMaxBatch = 100;  // queries or ids per request, as yente's MAX_BATCH

struct SchemaInfo {
  Schema schema;
  const char* plural;
  const char* description;
};
constexpr SchemaInfo kSchemata[] = {
    {Schema::kPerson, "People", "A natural person, human being."},
    {Schema::kOrganization, "Organizations", "Any type of incorporated entity or institution."},
    {Schema::kCompany, "Companies", "A corporation, usually for profit."},
    {Schema::kLegalEntity, "Legal entities", "Any party to legal proceedings, such as asset ownership or corporate governance."},
    {Schema::kVessel, "Vessels", "A boat or ship."},
    {Schema::kAirplane, "Airplanes", "An airplane, helicopter or other flying vehicle."}};

json TypeJson(Schema s) {
  for (const auto& info : kSchemata)
    if (info.schema == s) return {{"id", SchemaName(s)}, {"name", info.plural}, {"description", info.description}};
  return {{"id", SchemaName(s)}, {"name", SchemaName(s)}, {"description", nullptr}};
}

// The FtM properties embargo's records carry (entity/ftm_json.cc), with their FtM labels, the
// schema that defines them (its qname) and the schemata that have them.
enum : unsigned { kPeople = 1, kOrgs = 2, kVessels = 4, kAirplanes = 8, kAll = 15 };
struct PropertyInfo {
  const char* name;
  const char* label;
  const char* defined_on;
  unsigned schemata;
  bool country = false;  // values are country codes (rendered as names)
};
constexpr PropertyInfo kProperties[] = {
    {"name", "Name", "Thing", kAll},
    {"alias", "Other name", "Thing", kAll},
    {"weakAlias", "Weak alias", "Thing", kAll},
    {"country", "Country", "Thing", kAll, true},
    {"address", "Address", "Thing", kAll},
    {"program", "Program", "Thing", kAll},
    {"notes", "Notes", "Thing", kAll},
    {"topics", "Topics", "Thing", kAll},
    {"birthDate", "Birth date", "Person", kPeople},
    {"birthPlace", "Place of birth", "Person", kPeople},
    {"nationality", "Nationality", "Person", kPeople, true},
    {"citizenship", "Citizenship", "Person", kPeople, true},
    {"gender", "Gender", "Person", kPeople},
    {"passportNumber", "Passport number", "Person", kPeople},
    {"mainCountry", "Country of origin", "LegalEntity", kPeople | kOrgs, true},
    {"jurisdiction", "Jurisdiction", "LegalEntity", kPeople | kOrgs, true},
    {"idNumber", "ID Number", "LegalEntity", kPeople | kOrgs},
    {"taxNumber", "Tax Number", "LegalEntity", kPeople | kOrgs},
    {"registrationNumber", "Registration number", "LegalEntity", kPeople | kOrgs | kVessels | kAirplanes},
    {"leiCode", "LEI", "LegalEntity", kOrgs},
    {"swiftBic", "SWIFT/BIC", "LegalEntity", kOrgs},
    {"imoNumber", "IMO Number", "Vessel", kVessels | kOrgs},
    {"mmsi", "MMSI", "Vessel", kVessels},
    {"flag", "Flag", "Vessel", kVessels, true},
};

unsigned MaskOf(Schema s) {
  switch (s) {
    case Schema::kPerson: return kPeople;
    case Schema::kOrganization:
    case Schema::kCompany: return kOrgs;
    case Schema::kLegalEntity: return kPeople | kOrgs;
    case Schema::kVessel: return kVessels;
    case Schema::kAirplane: return kAirplanes;
  }
  return kAll;
}

const PropertyInfo* FindProperty(std::string_view pid) {
  if (size_t colon = pid.find(':'); colon != std::string_view::npos) pid = pid.substr(colon + 1);  // "Person:birthDate"
  for (const auto& p : kProperties)
    if (pid == p.name) return &p;
  return nullptr;
}

// yente's match_prefix: a name or label starts with the prefix; an empty prefix suggests nothing.
bool MatchesPrefix(const std::string& prefix, std::string_view name, std::string_view label) {
  std::string p = Lower(Trim(prefix));
  return !p.empty() && (Lower(name).starts_with(p) || Lower(label).starts_with(p));
}

// The loaded lists a dataset name covers ("default" and "sanctions": all), in either spelling.
std::set<std::string> Scope(const ApiContext& ctx, const std::string& dataset) {
  std::set<std::string> out;
  for (const auto& l : ctx.snap.lists)
    if (dataset == "default" || dataset == "sanctions" || dataset == l.dataset || dataset == YenteName(l.dataset))
      out.insert(l.dataset);
  return out;
}

// The schemata of the entities in scope, in kSchemata's order (yente's matchable schemata).
std::vector<Schema> SchemataIn(const ApiContext& ctx, const std::set<std::string>& scope) {
  std::set<Schema> present;
  for (const auto& list : ctx.snap.screener->lists())
    if (scope.count(list.dataset))
      for (const auto& e : list.entities) present.insert(e.schema);
  std::vector<Schema> out;
  for (const auto& info : kSchemata)
    if (present.count(info.schema)) out.push_back(info.schema);
  return out;
}

json SuggestService(const std::string& base, const std::string& path) {
  return {{"service_url", base}, {"service_path", path}};
}

// The links carry no query string: an API key in them would reach browser histories, proxies'
// logs and anyone the manifest is shown to.
json ManifestJson(const ApiContext& ctx, const std::string& dataset, const std::set<std::string>& scope,
                  const std::string& base_url) {
  std::string base = base_url + "/reconcile/" + dataset;
  std::string title = dataset;
  for (const auto& l : ctx.snap.lists)
    if (scope.size() == 1 && scope.count(l.dataset)) title = l.title;
  json types = json::array();
  for (Schema s : SchemataIn(ctx, scope)) types.push_back(TypeJson(s));
  json render_choices = {{{"id", "caption"}, {"name", "User-readable value"}}, {{"id", "raw"}, {"name", "Machine-readable value"}}};
  return {{"versions", {"0.1", "0.2"}},
          {"name", title + " (embargo)"},
          {"identifierSpace", "https://www.opensanctions.org/reference/#schema"},
          {"schemaSpace", "https://www.opensanctions.org/reference/#schema"},
          {"view", {{"url", base_url + "/entities/{{id}}"}}},
          {"preview", {{"url", base_url + "/entities/{{id}}"}, {"width", 430}, {"height", 600}}},
          {"documentation", base_url + "/openapi.json"},
          {"batchSize", 10},
          {"suggest", {{"entity", SuggestService(base, "/suggest/entity")},
                       {"type", SuggestService(base, "/suggest/type")},
                       {"property", SuggestService(base, "/suggest/property")}}},
          {"extend", {{"propose_properties", SuggestService(base, "/extend/property")},
                      {"propose_settings",
                       {{{"name", "limit"}, {"label", "Limit"}, {"type", "number"}, {"default", 0},
                         {"help_text", "Maximum number of values to return per row (0 for no limit)."}},
                        {{"name", "render"}, {"label", "Value rendering"}, {"type", "select"}, {"default", "caption"},
                         {"choices", render_choices},
                         {"help_text", "Return readable value (e.g. 'Russia') instead of raw value ('ru')."}}}}}},
          {"defaultTypes", std::move(types)}};
}

// One reconciliation query as a /match query: {"query", "type", "limit", "properties": [{"pid", "v"}]}.
StatusOr<json> MatchQuery(const json& q, const std::string& where, size_t& limit) {
  if (!q.is_object()) return Status::InvalidArgument(where + ": expected an object");
  // The members of the Reconciliation API's query; another (`propertis`) would be read by no one.
  EMBARGO_RETURN_IF_ERROR(OnlyKnownMembers(q, where, {"query", "type", "type_strict", "limit", "properties"}));
  json props = json::object();
  if (auto text = q.find("query"); text != q.end()) {
    if (!text->is_string()) return Status::InvalidArgument(where + ".query: expected a string");
    props["name"].push_back(*text);
  }
  std::string type = "LegalEntity";
  if (auto t = q.find("type"); t != q.end() && !t->is_null()) {
    const json& first = t->is_array() && !t->empty() ? (*t)[0] : *t;
    if (!first.is_string()) return Status::InvalidArgument(where + ".type: expected a schema name");
    type = first.get<std::string>() == "Thing" ? "LegalEntity" : first.get<std::string>();
    if (!ParseSchema(type) && type != "PublicBody") return Status::InvalidArgument(where + ".type: unknown schema '" + type + "'");
  }
  if (auto l = q.find("limit"); l != q.end()) {
    if (!l->is_number_unsigned() || l->get<size_t>() < 1 || l->get<size_t>() > 500)
      return Status::InvalidArgument(where + ".limit: expected an integer in [1, 500]");
    limit = l->get<size_t>();
  }
  if (auto ps = q.find("properties"); ps != q.end()) {
    if (!ps->is_array()) return Status::InvalidArgument(where + ".properties: expected an array of {pid, v}");
    for (size_t i = 0; i < ps->size(); ++i) {
      const json& p = (*ps)[i];
      std::string at = where + ".properties[" + std::to_string(i) + "]";
      if (!p.is_object() || !p.contains("pid") || !p["pid"].is_string() || !p.contains("v"))
        return Status::InvalidArgument(at + ": expected {\"pid\": ..., \"v\": ...}");
      const PropertyInfo* info = FindProperty(p["pid"].get<std::string>());
      if (!info) return Status::InvalidArgument(at + ".pid: unknown property '" + p["pid"].get<std::string>() + "' (see suggest/property)");
      const json& v = p["v"];
      for (const json& one : v.is_array() ? v : json::array({v})) {
        if (one.is_string() || one.is_number_integer()) props[info->name].push_back(one.is_string() ? one : json(one.dump()));
        else if (one.is_object() && one.contains("id") && one["id"].is_string()) props[info->name].push_back(one["id"]);
        else return Status::InvalidArgument(at + ".v: expected a string, a number or {\"id\": ...}");
      }
    }
  }
  return json{{"schema", type}, {"properties", std::move(props)}};
}

Reply Queries(const ApiContext& ctx, const std::string& dataset, const Params& form) {
  auto batch = ParseJsonObject(form.find("queries")->second);
  if (!batch.ok()) return Detail(400, "queries: " + batch.status().message());
  if (batch->size() > kMaxBatch) return Detail(400, "Too many queries in one batch (limit: " + std::to_string(kMaxBatch) + ")");
  Params params;
  for (const char* key : {"algorithm", "changed_since", "threshold"})
    if (auto it = form.find(key); it != form.end()) params.emplace(key, it->second);
  // One /match of the whole batch, each query under its own key: /match's bounds hold for the
  // batch, and an error names the query at fault. Each query keeps its own limit of the best.
  json queries = json::object();
  std::map<std::string, size_t> limits;
  size_t most = 1;
  for (const auto& [key, q] : batch->items()) {
    size_t limit = 5;  // yente's MATCH_PAGE
    auto query = MatchQuery(q, "queries." + key, limit);
    if (!query.ok()) return Detail(400, query.status().message());  // yente answers an invalid query 400
    queries[key] = std::move(*query);
    most = std::max(most, limits[key] = limit);
  }
  params.emplace("limit", std::to_string(most));
  Reply matched = Match(ctx, dataset, params, json{{"queries", std::move(queries)}}.dump());
  // A query /match refuses ("query": "") is an invalid reconciliation query: 400, as yente answers.
  bool query_refused = matched.status == 422 && matched.body.contains("detail") && matched.body["detail"].is_string() &&
                       matched.body["detail"].get<std::string>().starts_with("queries.");
  if (query_refused) matched.status = 400;
  if (matched.status != 200) return matched;
  json out = json::object();
  for (const auto& [key, limit] : limits) {
    json result = json::array();
    for (const auto& r : matched.body["responses"][key]["results"]) {
      if (result.size() >= limit) break;
      auto schema = ParseSchema(r["schema"].get<std::string>());
      json type = schema ? TypeJson(*schema) : json{{"id", r["schema"]}, {"name", r["schema"]}};
      result.push_back({{"id", r["id"]}, {"name", r["caption"]}, {"description", type["name"]},
                        {"type", json::array({type})}, {"score", r["score"]}, {"match", r["match"]}});
    }
    out[key] = {{"result", std::move(result)}};
  }
  return {200, std::move(out)};
}

// The values of a record's property for data extension, rendered as captions or raw.
json ExtendValues(const json& entity, const PropertyInfo& info, size_t limit, bool caption) {
  json values = json::array();
  auto it = entity["properties"].find(info.name);
  if (it == entity["properties"].end()) return values;
  for (const auto& v : *it) {
    if (limit > 0 && values.size() >= limit) break;
    std::string s = v.get<std::string>();
    if (caption && info.country) {
      std::string name(CountryName(s));
      if (!name.empty()) s = name;
    }
    values.push_back({{"str", s}});
  }
  return values;
}

// One property asked for by an extension request: {"id", "settings": {"limit", "render"}}.
struct ExtendProperty {
  std::string id;
  const PropertyInfo* info = nullptr;
  size_t limit = 0;  // values per row, 0: all
  bool caption = true;
};

StatusOr<std::vector<ExtendProperty>> ExtendProperties(const json& props) {
  std::vector<ExtendProperty> out;
  for (size_t i = 0; i < props.size(); ++i) {
    const json& p = props[i];
    std::string where = "extend.properties[" + std::to_string(i) + "]";
    if (!p.is_object() || !p.contains("id") || !p["id"].is_string()) return Status::InvalidArgument(where + ": expected {\"id\": ...}");
    ExtendProperty e{p["id"].get<std::string>(), FindProperty(p["id"].get<std::string>())};
    if (!e.info) return Status::InvalidArgument(where + ".id: unknown property '" + e.id + "' (see extend/property)");
    const json settings = p.value("settings", json::object());
    if (!settings.is_object()) return Status::InvalidArgument(where + ".settings: expected an object");
    if (auto l = settings.find("limit"); l != settings.end()) {
      if (!l->is_number_unsigned()) return Status::InvalidArgument(where + ".settings.limit: expected a count, 0 for all");
      e.limit = l->get<size_t>();
    }
    if (auto r = settings.find("render"); r != settings.end()) {
      if (*r != "caption" && *r != "raw") return Status::InvalidArgument(where + ".settings.render: expected caption or raw");
      e.caption = *r == "caption";
    }
    out.push_back(std::move(e));
  }
  return out;
}

Reply Extend(const ApiContext& ctx, const std::string& text) {
  auto q = ParseJsonObject(text);
  if (!q.ok()) return Detail(400, "Cannot decode extension request: " + q.status().message());
  auto ids = q->find("ids");
  auto props = q->find("properties");
  if (ids == q->end() || !ids->is_array() || props == q->end() || !props->is_array())
    return Detail(400, "extend: expected {\"ids\": [...], \"properties\": [{\"id\": ...}]}");
  if (ids->size() > kMaxBatch)
    return Detail(400, "extend.ids: too many ids in one batch (limit: " + std::to_string(kMaxBatch) + ")");
  auto wanted = ExtendProperties(*props);
  if (!wanted.ok()) return Detail(400, wanted.status().message());
  json meta = json::array(), rows = json::object();
  std::set<std::string> described;
  for (const auto& id : *ids) {
    if (!id.is_string()) return Detail(400, "extend.ids: expected strings");
    json row = json::object();
    auto found = ctx.snap.by_id.find(id.get<std::string>());
    json entity = found == ctx.snap.by_id.end() ? json() : YenteEntityJson(*found->second);
    for (const auto& p : found == ctx.snap.by_id.end() ? std::vector<ExtendProperty>() : *wanted) {
      if (!(MaskOf(found->second->schema) & p.info->schemata)) continue;  // not a property of its schema
      if (described.insert(p.info->name).second) meta.push_back({{"id", p.info->name}, {"name", p.info->label}});
      row[p.id] = ExtendValues(entity, *p.info, p.limit, p.caption);
    }
    rows[id.get<std::string>()] = std::move(row);
  }
  return {200, {{"meta", std::move(meta)}, {"rows", std::move(rows)}}};
}

json SuggestEntities(const ApiContext& ctx, const std::set<std::string>& scope, const std::string& prefix, size_t limit) {
  std::string p = Lower(prefix);
  json result = json::array();
  for (const auto& list : ctx.snap.screener->lists()) {
    if (!scope.count(list.dataset)) continue;
    for (const auto& e : list.entities) {
      if (result.size() >= limit) return result;
      // A name matches when the prefix starts it or one of its words (yente's phrase prefix).
      bool hit = false;
      for (const auto& n : e.names) {
        std::string name = Lower(n.value);
        size_t at = name.find(p);
        while (at != std::string::npos && at > 0 && name[at - 1] != ' ') at = name.find(p, at + 1);
        if ((hit = !p.empty() && at != std::string::npos)) break;
      }
      if (!hit) continue;
      json type = TypeJson(e.schema);
      result.push_back({{"id", e.id}, {"name", e.caption()}, {"description", type["name"]}, {"type", json::array({type})}});
    }
  }
  return result;
}

Reply Suggest(const ApiContext& ctx, const std::set<std::string>& scope, const std::string& kind, const Params& form) {
  auto it = form.find("prefix");
  std::string prefix = it == form.end() ? "" : it->second;
  json result = json::array();
  double limit = 10;  // yente's, for each kind
  if (Status s = IntegerParam(form, "limit", 1, 500, limit); !s.ok()) return DetailFromStatus(s);
  if (kind == "entity") {
    result = SuggestEntities(ctx, scope, prefix, static_cast<size_t>(limit));
  } else if (kind == "type") {
    for (Schema s : SchemataIn(ctx, scope)) {
      json type = TypeJson(s);
      if (MatchesPrefix(prefix, SchemaName(s), type["name"].get<std::string>()) && result.size() < limit)
        result.push_back(std::move(type));
    }
  } else {
    unsigned mask = 0;
    for (Schema s : SchemataIn(ctx, scope)) mask |= MaskOf(s);
    for (const auto& p : kProperties)
      if ((p.schemata & mask) && MatchesPrefix(prefix, p.name, p.label) && result.size() < limit)
        result.push_back({{"id", std::string(p.defined_on) + ":" + p.name}, {"name", p.label}, {"description", nullptr}});
  }
  return {200, {{"code", "/api/status/ok"}, {"status", "200 OK"}, {"prefix", prefix}, {"result", std::move(result)}}};
}

Reply ProposeProperties(const Params& form) {
  auto it = form.find("type");
  std::string type = it == form.end() || it->second.empty() || it->second == "Thing" ? "LegalEntity" : it->second;
  auto schema = ParseSchema(type);
  if (!schema) return Detail(400, "Invalid type: " + type);
  double limit = 0;
  if (Status s = IntegerParam(form, "limit", 0, 500, limit); !s.ok()) return DetailFromStatus(s);
  json properties = json::array();
  for (const auto& p : kProperties)
    if ((p.schemata & MaskOf(*schema)) && (limit == 0 || properties.size() < limit))
      properties.push_back({{"id", p.name}, {"name", p.label}});
  return {200, {{"limit", static_cast<size_t>(limit)}, {"type", SchemaName(*schema)}, {"properties", std::move(properties)}}};
}

// One request answers one batch: a second `queries` (in the body and the query string, or
// twice) or `queries` beside `extend` would leave all but one unanswered without a word.
StatusOr<Params> OneBatch(Params form) {
  for (const char* key : {"queries", "extend"})
    if (form.count(key) > 1)
      return Status::InvalidArgument(std::string(key) + ": given more than once (query string, body): send one batch per request");
  if (form.count("queries") && form.count("extend"))
    return Status::InvalidArgument("queries, extend: both given: send one of them per request");
  return form;
}

}  // namespace

StatusOr<Params> ReconcileForm(const Request& req) {
  Params form = req.params;
  if (req.method != "POST" || req.body.empty()) return OneBatch(std::move(form));
  if (IsJsonMediaType(req.HeaderValue("Content-Type"))) {
    // {"queries": {...}} or {"extend": {...}}, as some clients send them.
    EMBARGO_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body));
    EMBARGO_RETURN_IF_ERROR(OnlyKnownMembers(body, "request", {"queries", "extend"}));
    for (const char* key : {"queries", "extend"})
      if (auto it = body.find(key); it != body.end()) form.emplace(key, it->is_string() ? it->get<std::string>() : it->dump());
    return OneBatch(std::move(form));
  }
  EMBARGO_ASSIGN_OR_RETURN(Params body, ParseForm(req.body));
  form.merge(body);
  return OneBatch(std::move(form));
}

Reply Reconcile(const ApiContext& ctx, const std::string& dataset, const std::string& what, const Params& form,
                const std::string& base_url) {
  std::set<std::string> scope = Scope(ctx, dataset);
  if (scope.empty())
    return Detail(404, "Dataset not found: '" + dataset + "' is not loaded (default, sanctions, or one of the lists in /catalog)");
  // A misspelt parameter (querys=) would be answered with the manifest, its queries dropped.
  // api_key is the key, taken by authentication.
  bool suggest = what == "suggest/entity" || what == "suggest/type" || what == "suggest/property";
  Status known = suggest                      ? OnlyKnownParams(form, {"prefix", "limit", "api_key"})
                 : what == "extend/property" ? OnlyKnownParams(form, {"type", "limit", "api_key"})
                                              : OnlyKnownParams(form, {"queries", "extend", "algorithm", "changed_since",
                                                                       "threshold", "api_key"});
  if (!known.ok()) return DetailFromStatus(known);
  if (suggest) return Suggest(ctx, scope, what.substr(8), form);
  if (what == "extend/property") return ProposeProperties(form);
  if (auto extend = form.find("extend"); extend != form.end() && !Trim(extend->second).empty())
    return Extend(ctx, extend->second);
  if (form.count("queries")) return Queries(ctx, dataset, form);
  if (!what.empty()) return Detail(404, "Not Found: /reconcile/" + dataset + "/" + what);
  return {200, ManifestJson(ctx, dataset, scope, base_url)};
}

}  // namespace embargo::server
