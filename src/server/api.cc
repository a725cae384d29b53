#include "server/api.h"

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "embargo/lists.h"
#include "embargo/text_scan.h"
#include "common/strings.h"
#include "entity/countries.h"
#include "entity/ftm_json.h"
#include "match/result_json.h"
#include "payments/screen_message.h"
#include "policy/geo_policy.h"
#include "server/json_body.h"

namespace embargo::server {
namespace {

using nlohmann::json;

constexpr const char* kAlgorithm = "embargo-v1";
// yente's algorithm names, all answered by embargo's scorer.
const std::set<std::string> kAlgorithmAliases = {kAlgorithm,      "best",          "default",       "logic-v1",
                                                 "logic-v2",      "name-based",    "name-qualified",
                                                 "regression-v1", "regression-v2", "regression-v3"};

std::time_t DateToTime(const PartialDate& d) {
  std::tm tm{};
  tm.tm_year = d.year - 1900;
  tm.tm_mon = d.month > 0 ? d.month - 1 : 0;
  tm.tm_mday = d.day > 0 ? d.day : 1;
  return timegm(&tm);
}

const std::string* Param(const Params& params, const std::string& key) {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

// Reads a number parameter in [lo, hi]; absent leaves `out` unchanged.
Status NumberParam(const Params& params, const std::string& key, double lo, double hi, double& out) {
  const std::string* v = Param(params, key);
  if (!v) return Status::Ok();
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0' || !(d >= lo && d <= hi))
    return Status::InvalidArgument(key + ": expected a number in [" + json(lo).dump() + ", " + json(hi).dump() + "]");
  out = d;
  return Status::Ok();
}

// Which datasets a request screens: the path's dataset, then include/exclude parameters.
struct DatasetFilter {
  bool all = true;
  std::set<std::string> allowed;
  bool Allows(const std::string& dataset) const { return all || allowed.count(dataset) > 0; }
};

StatusOr<DatasetFilter> ResolveDatasets(const Snapshot& snap, const std::string& dataset, const Params& params) {
  std::set<std::string> known;
  for (const auto& l : snap.lists) known.insert(l.dataset);
  DatasetFilter f;
  if (dataset == "default" || dataset == "sanctions") {
    f.allowed = known;
  } else if (known.count(dataset)) {
    f.allowed = {dataset};
  } else {
    return Status::NotFound("dataset '" + dataset + "' is not loaded (default, sanctions, or one of the lists in /catalog)");
  }
  auto [ib, ie] = params.equal_range("include_dataset");
  if (ib != ie) {
    std::set<std::string> inc;
    for (auto it = ib; it != ie; ++it)
      if (f.allowed.count(it->second)) inc.insert(it->second);
    f.allowed = std::move(inc);
  }
  auto [eb, ee] = params.equal_range("exclude_dataset");
  for (auto it = eb; it != ee; ++it) f.allowed.erase(it->second);
  f.all = f.allowed == known;
  return f;
}

void AddUnique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

json EntityJson(const Entity& e) {
  return {{"id", e.id},
          {"caption", e.caption()},
          {"schema", SchemaName(e.schema)},
          {"properties", FtmProperties(e)},
          {"datasets", {e.dataset}},
          {"referents", json::array()},
          {"target", true},
          {"last_change", e.listed_on.empty() ? json(nullptr) : json(e.listed_on)}};
}

// yente's result: the entity, its score, whether it matches, and the features behind the score.
json MatchResultJson(const Hit& h, double threshold) {
  json r = EntityJson(*h.entity);
  json features = {{"name_score", RoundScore(h.name_score)}};
  for (const auto& ev : h.evidence) {
    double prev = features.contains(ev.kind) ? features[ev.kind].get<double>() : 0.0;
    features[ev.kind] = RoundScore(prev + ev.effect);
  }
  r["datasets"] = HitDatasets(h);
  if (!h.linked.empty()) r["linked"] = LinkedJson(h);
  r["score"] = RoundScore(h.score);
  r["match"] = h.score >= threshold;
  r["features"] = std::move(features);
  r["explanation"] = ExplanationJson(h);
  return r;
}

// Screens every name of a query entity and keeps each list entity's best hit, best first.
StatusOr<std::vector<Hit>> ScreenEntity(const Screener& screener, const Entity& q, const MatchOptions& opts,
                                        const DatasetFilter& filter, size_t limit) {
  Query query;
  query.schema = q.schema == Schema::kLegalEntity ? std::nullopt : std::optional<Schema>(q.schema);
  query.birth_dates = q.birth_dates;
  for (const auto* list : {&q.nationalities, &q.citizenships, &q.countries})
    for (const auto& c : *list) AddUnique(query.countries, c);
  for (const auto& id : q.identifiers) AddUnique(query.identifiers, id.value);
  std::unordered_map<std::string, Hit> best;
  std::set<std::string> seen_names;
  size_t screened = 0;
  for (const auto& n : q.names) {
    if (!seen_names.insert(n.value).second || ++screened > 8) continue;
    query.name = n.value;
    auto r = screener.Screen(query, opts);
    if (!r.ok()) return r.status();
    for (auto& h : r->hits) {
      // The cutoff applies to the final score (the screener may return weaker hits).
      if (!filter.Allows(h.entity->dataset) || h.score < opts.min_score) continue;
      auto [it, inserted] = best.try_emplace(h.entity->id, h);
      if (!inserted && h.score > it->second.score) it->second = std::move(h);
    }
  }
  std::vector<Hit> hits;
  hits.reserve(best.size());
  for (auto& [id, h] : best) hits.push_back(std::move(h));
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.entity->id < b.entity->id;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

// A string or an array of strings.
StatusOr<std::vector<std::string>> StringList(const json& j, const std::string& where) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
    return out;
  }
  if (j.is_array()) {
    for (const auto& v : j) {
      if (!v.is_string()) return Status::InvalidArgument(where + ": expected strings");
      out.push_back(v.get<std::string>());
    }
    return out;
  }
  return Status::InvalidArgument(where + ": expected a string or an array of strings");
}

// One /v1/screen party: {"name", "type", "dob", "country", "id"}.
StatusOr<Query> PartyQuery(const json& p, const std::string& where) {
  if (!p.is_object()) return Status::InvalidArgument(where + ": a party must be a JSON object");
  Query q;
  auto name = p.find("name");
  if (name == p.end() || !name->is_string()) return Status::InvalidArgument(where + ".name: missing or not a string");
  q.name = name->get<std::string>();
  if (auto t = p.find("type"); t != p.end() && !t->is_null()) {
    if (!t->is_string()) return Status::InvalidArgument(where + ".type: expected a string");
    q.schema = ParseSchema(t->get<std::string>());
    if (!q.schema)
      return Status::InvalidArgument(where + ".type: unknown '" + t->get<std::string>() +
                                     "' (person, organization, vessel, aircraft or a FollowTheMoney schema)");
  }
  auto field = [&](const char* key) -> StatusOr<std::vector<std::string>> {
    auto it = p.find(key);
    if (it == p.end()) return std::vector<std::string>{};
    return StringList(*it, where + "." + key);
  };
  auto dobs = field("dob");
  if (!dobs.ok()) return dobs.status();
  for (const auto& d : *dobs) {
    auto pd = PartialDate::Parse(d);
    if (!pd) return Status::InvalidArgument(where + ".dob: cannot read date '" + d + "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
    q.birth_dates.push_back(*pd);
  }
  auto countries = field("country");
  if (!countries.ok()) return countries.status();
  for (const auto& c : *countries) {
    std::string code = CountryCode(c);
    if (code.empty()) return Status::InvalidArgument(where + ".country: unknown country '" + c + "'");
    AddUnique(q.countries, code);
  }
  auto ids = field("id");
  if (!ids.ok()) return ids.status();
  for (const auto& id : *ids) AddUnique(q.identifiers, id);
  return q;
}

}  // namespace

StatusOr<json> ParseJsonObject(const std::string& body) {
  EMBARGO_ASSIGN_OR_RETURN(json j, ParseJsonBody(body));
  if (!j.is_object()) return Status::InvalidArgument("request body must be a JSON object");
  return j;
}

Reply BadJson(const Status& s) { return Error(400, "invalid_json", s.message()); }

StatusOr<std::shared_ptr<const Snapshot>> MakeSnapshot(std::vector<ListLoad> lists, uint64_t version,
                                                       std::shared_ptr<const GeoPolicy> policy) {
  auto screener = Screener::Build(std::move(lists));
  if (!screener.ok()) return screener.status();
  // The last request on an old version frees it; the freed pages of a whole list version go back
  // to the system then, or a server that reloads every few minutes would keep growing.
  std::shared_ptr<Snapshot> snap(new Snapshot, [](Snapshot* old) {
    delete old;
    malloc_trim(0);
  });
  snap->screener = std::shared_ptr<const Screener>(std::move(*screener));
  auto scanner = TextScanner::Build(*snap->screener);
  if (!scanner.ok()) return scanner.status().WithContext("building the free-text scanner");
  snap->text_scanner = std::move(*scanner);
  snap->identifiers = std::make_shared<const payments::IdentifierIndex>(*snap->screener);
  snap->policy = policy ? std::move(policy) : std::make_shared<const GeoPolicy>(GeoPolicy::Default());
  snap->version = version;
  snap->loaded_at = std::time(nullptr);
  const auto& loaded = snap->screener->lists();
  for (size_t i = 0; i < loaded.size(); ++i) {
    const ListLoad& l = loaded[i];
    ListVersion v{l.dataset, l.title, l.content_hash, l.published, l.entities.size(), PublishedUnixTime(l.published)};
    v.published_detail = l.published_detail;
    v.accepted_incomplete = l.accepted_incomplete;
    snap->lists.push_back(std::move(v));
    for (const auto& e : l.entities) snap->by_id.emplace(e.id, &e);
  }
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

Reply Error(int status, const std::string& code, const std::string& message) {
  return {status, {{"error", {{"code", code}, {"message", message}}}}};
}

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kAborted:
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kCancelled: return 499;
    case StatusCode::kUnimplemented: return 501;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    case StatusCode::kUnknown:
    case StatusCode::kInternal:
    case StatusCode::kDataLoss: return 500;
  }
  return 500;
}

Reply ErrorFromStatus(const Status& status) {
  std::string code = Lower(StatusCodeName(status.code()));
  return Error(HttpStatusOf(status.code()), code, status.message());
}

bool ListsStale(const ApiContext& ctx) {
  if (ctx.snap.lists.empty()) return true;
  if (ctx.max_list_age_hours <= 0) return false;
  // A list whose publication date is unknown cannot be shown to be fresh.
  for (const auto& l : ctx.snap.lists)
    if (l.as_of < 0 || ctx.now - l.as_of > ctx.max_list_age_hours * 3600.0) return true;
  return false;
}

json ListsJson(const ApiContext& ctx) {
  json out = json::array();
  for (const auto& l : ctx.snap.lists) {
    json v = {{"dataset", l.dataset},
              {"title", l.title},
              {"content_hash", l.content_hash},
              {"published", l.published.empty() ? json(nullptr) : json(l.published)},
              {"entities", l.entities},
              {"age_seconds", l.as_of < 0 ? json(nullptr) : json(static_cast<int64_t>(ctx.now - l.as_of))}};
    if (!l.published_detail.empty()) v["published_detail"] = l.published_detail;
    if (l.as_of < 0) v["age_unknown"] = true;
    if (!l.accepted_incomplete.empty()) v["accepted_incomplete"] = l.accepted_incomplete;
    out.push_back(std::move(v));
  }
  return out;
}

Reply Match(const ApiContext& ctx, const std::string& dataset, const Params& params, const std::string& body) {
  auto filter = ResolveDatasets(ctx.snap, dataset, params);
  if (!filter.ok()) return Error(404, "dataset_not_found", filter.status().message());
  double threshold = ctx.default_threshold, cutoff = 0.5, limit = 5;
  for (auto s : {NumberParam(params, "threshold", 0, 1, threshold), NumberParam(params, "cutoff", 0, 1, cutoff),
                 NumberParam(params, "limit", 1, 500, limit)})
    if (!s.ok()) return Error(400, "invalid_parameter", s.message());
  if (const std::string* alg = Param(params, "algorithm"); alg && !kAlgorithmAliases.count(*alg))
    return Error(400, "unknown_algorithm", "algorithm '" + *alg + "' is not known; see /algorithms");
  auto j = ParseJsonObject(body);
  if (!j.ok()) return BadJson(j.status());
  auto queries = j->find("queries");
  if (queries == j->end() || !queries->is_object())
    return Error(400, "invalid_request", "body must be {\"queries\": {\"<key>\": <FollowTheMoney entity>, ...}}");
  if (queries->size() > ctx.max_queries)
    return Error(413, "too_many_queries", "at most " + std::to_string(ctx.max_queries) + " queries per request");
  MatchOptions opts;
  opts.threshold = threshold;
  opts.min_score = cutoff;
  opts.include_below_threshold = true;
  opts.limit = filter->all ? static_cast<size_t>(limit) : std::max<size_t>(50, static_cast<size_t>(limit) * 4);
  opts.merge_linked = filter->all;  // a request for some lists gets their records, unmerged
  json responses = json::object();
  for (const auto& [key, q] : queries->items()) {
    auto entity = EntityFromFtm(q, "queries." + key, "query");
    if (!entity.ok()) return Error(400, "invalid_query", entity.status().message());
    auto hits = ScreenEntity(*ctx.snap.screener, *entity, opts, *filter, static_cast<size_t>(limit));
    if (!hits.ok()) return Error(400, "invalid_query", "queries." + key + ": " + hits.status().message());
    json results = json::array();
    for (const auto& h : *hits) results.push_back(MatchResultJson(h, threshold));
    size_t n = results.size();
    responses[key] = {{"status", 200}, {"results", std::move(results)}, {"total", {{"value", n}, {"relation", "eq"}}},
                      {"query", q}};
  }
  // Not in yente's shape; clients that do not know it ignore it. Stale lists are never hidden.
  return {200, {{"responses", std::move(responses)}, {"limit", static_cast<size_t>(limit)}, {"lists_stale", ListsStale(ctx)}}};
}

Reply Search(const ApiContext& ctx, const std::string& dataset, const Params& params) {
  auto filter = ResolveDatasets(ctx.snap, dataset, params);
  if (!filter.ok()) return Error(404, "dataset_not_found", filter.status().message());
  const std::string* q = Param(params, "q");
  if (!q || q->find_first_not_of(" \t\r\n") == std::string::npos)
    return Error(400, "invalid_parameter", "q: the text to search for is required");
  double limit = 10, cutoff = 0.5;
  for (auto s : {NumberParam(params, "limit", 1, 500, limit), NumberParam(params, "cutoff", 0, 1, cutoff)})
    if (!s.ok()) return Error(400, "invalid_parameter", s.message());
  Entity e;
  e.schema = Schema::kLegalEntity;
  if (const std::string* schema = Param(params, "schema")) {
    auto s = ParseSchema(*schema);
    if (!s && *schema != "Thing") return Error(400, "invalid_parameter", "schema: unknown '" + *schema + "'");
    if (s) e.schema = *s;
  }
  e.names.push_back({*q, NameKind::kPrimary});
  MatchOptions opts;
  opts.threshold = ctx.default_threshold;
  opts.min_score = cutoff;
  opts.include_below_threshold = true;
  opts.limit = filter->all ? static_cast<size_t>(limit) : std::max<size_t>(50, static_cast<size_t>(limit) * 4);
  opts.merge_linked = filter->all;
  auto hits = ScreenEntity(*ctx.snap.screener, e, opts, *filter, static_cast<size_t>(limit));
  if (!hits.ok()) return Error(400, "invalid_parameter", "q: " + hits.status().message());
  json results = json::array();
  for (const auto& h : *hits) {
    json r = EntityJson(*h.entity);
    r["score"] = RoundScore(h.score);
    results.push_back(std::move(r));
  }
  size_t n = results.size();
  return {200, {{"results", std::move(results)}, {"total", {{"value", n}, {"relation", "eq"}}},
                {"limit", static_cast<size_t>(limit)}, {"offset", 0}, {"facets", json::object()},
                {"lists_stale", ListsStale(ctx)}}};
}

Reply GetEntity(const ApiContext& ctx, const std::string& id) {
  auto it = ctx.snap.by_id.find(id);
  if (it == ctx.snap.by_id.end()) return Error(404, "entity_not_found", "no entity with id '" + id + "'");
  return {200, EntityJson(*it->second)};
}

Reply Catalog(const ApiContext& ctx) {
  json datasets = json::array(), names = json::array();
  size_t total = 0;
  for (const auto& l : ctx.snap.lists) {
    datasets.push_back({{"name", l.dataset}, {"title", l.title}, {"type", "source"}, {"entity_count", l.entities},
                        {"version", l.content_hash.substr(0, 16)}, {"content_hash", l.content_hash},
                        {"last_change", l.published.empty() ? json(nullptr) : json(l.published)},
                        {"index_current", true}, {"load", true}});
    names.push_back(l.dataset);
    total += l.entities;
  }
  for (const char* collection : {"default", "sanctions"})
    datasets.push_back({{"name", collection}, {"title", std::string("All loaded lists (") + collection + ")"},
                        {"type", "collection"}, {"children", names}, {"entity_count", total},
                        {"index_current", true}, {"load", true}});
  json current = names;
  current.push_back("default");
  current.push_back("sanctions");
  return {200, {{"datasets", std::move(datasets)}, {"current", std::move(current)}, {"outdated", json::array()},
                {"index_stale", ListsStale(ctx)}}};
}

Reply Algorithms() {
  json aliases = json::array();
  for (const auto& a : kAlgorithmAliases) aliases.push_back(a);
  return {200,
          {{"algorithms",
            {{{"name", kAlgorithm},
              {"description",
               "embargo's scorer: name parts aligned across scripts, weighted by rarity, with birth date, "
               "country and identifier evidence (docs/SCORING.md)"},
              {"features",
               {{"name_score", {{"description", "aligned name similarity in [0,1]"}, {"coefficient", 1.0}}},
                {"birth_date", {{"description", "birth date agreement or contradiction"}, {"coefficient", 1.0}}},
                {"country", {{"description", "country or nationality agreement"}, {"coefficient", 1.0}}},
                {"identifier", {{"description", "identifier equality (decisive)"}, {"coefficient", 1.0}}}}}}}},
           {"default", kAlgorithm},
           {"best", kAlgorithm},
           {"accepted_names", std::move(aliases)}}};
}

Reply Screen(const ApiContext& ctx, const Params& params, const std::string& body) {
  auto j = ParseJsonObject(body);
  if (!j.ok()) return BadJson(j.status());
  return Screen(ctx, params, *j);
}

Reply Screen(const ApiContext& ctx, const Params& params, const json& body) {
  if (!body.is_object()) return BadJson(Status::InvalidArgument("request body must be a JSON object"));
  const json* j = &body;
  double threshold = ctx.default_threshold, limit = 10;
  for (auto s : {NumberParam(params, "threshold", 0, 1, threshold), NumberParam(params, "limit", 1, 500, limit)})
    if (!s.ok()) return Error(400, "invalid_parameter", s.message());
  if (auto t = j->find("threshold"); t != j->end()) {
    if (!t->is_number() || !(t->get<double>() >= 0 && t->get<double>() <= 1))
      return Error(400, "invalid_parameter", "threshold: expected a number in [0, 1]");
    threshold = t->get<double>();
  }
  if (auto l = j->find("limit"); l != j->end()) {
    if (!l->is_number_unsigned() || l->get<size_t>() < 1 || l->get<size_t>() > 500)
      return Error(400, "invalid_parameter", "limit: expected an integer in [1, 500]");
    limit = static_cast<double>(l->get<size_t>());
  }
  MatchOptions opts;
  opts.threshold = threshold;
  opts.limit = static_cast<size_t>(limit);
  auto screen_one = [&](const json& party, const std::string& where) -> StatusOr<json> {
    auto q = PartyQuery(party, where);
    if (!q.ok()) return q.status();
    auto r = ctx.snap.screener->Screen(*q, opts);
    if (!r.ok()) return Status::InvalidArgument(where + ".name: " + r.status().message());
    json out = ScreenResultJson(*q, *r);
    if (auto ref = party.find("ref"); ref != party.end()) out["ref"] = *ref;
    return out;
  };
  json out;
  if (auto parties = j->find("parties"); parties != j->end()) {
    if (!parties->is_array() || parties->empty())
      return Error(400, "invalid_request", "parties: expected a non-empty array of parties");
    if (parties->size() > ctx.max_queries)
      return Error(413, "too_many_queries", "at most " + std::to_string(ctx.max_queries) + " parties per request");
    json results = json::array();
    bool alert = false;
    for (size_t i = 0; i < parties->size(); ++i) {
      auto r = screen_one((*parties)[i], "parties[" + std::to_string(i) + "]");
      if (!r.ok()) return Error(400, "invalid_party", r.status().message());
      alert = alert || (*r)["alert"].get<bool>();
      results.push_back(std::move(*r));
    }
    out = {{"alert", alert}, {"results", std::move(results)}};
  } else {
    auto r = screen_one(*j, "party");
    if (!r.ok()) return Error(400, "invalid_party", r.status().message());
    out = std::move(*r);
  }
  out["threshold"] = threshold;
  out["lists"] = ListsJson(ctx);
  out["lists_stale"] = ListsStale(ctx);
  return {200, std::move(out)};
}

Reply Ready(const ApiContext& ctx) {
  bool stale = ListsStale(ctx);
  json body = {{"status", stale ? "not_ready" : "ready"}, {"lists", ListsJson(ctx)}, {"version", ctx.snap.version}};
  if (ctx.snap.lists.empty()) body["reason"] = "no lists loaded";
  else if (stale)
    body["reason"] = "lists older than the maximum age of " + json(ctx.max_list_age_hours).dump() +
                     " hours, or of unknown publication date";
  return {stale ? 503 : 200, std::move(body)};
}

}  // namespace embargo::server
