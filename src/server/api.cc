#include "server/api.h"

#include <malloc.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string_view>

#include "common/json_text.h"
#include "embargo/lists.h"
#include "embargo/text_scan.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "entity/countries.h"
#include "entity/ftm_json.h"
#include "match/result_json.h"
#include "payments/screen_message.h"
#include "policy/geo_policy.h"
#include "server/json_body.h"
#include "server/list_update.h"
#include "text/code_points.h"
#include "lists/in_force.h"

namespace embargo::server {
namespace {

using nlohmann::json;

constexpr const char* kAlgorithm = "embargo-v1";
// yente's algorithm names, all answered by embargo's scorer.
const std::set<std::string> kAlgorithmAliases = {kAlgorithm,      "best",          "default",       "logic-v1",
                                                 "logic-v2",      "name-based",    "name-qualified",
                                                 "regression-v1", "regression-v2", "regression-v3", "ofac"};

const std::string* Param(const Params& params, const std::string& key) {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

}  // namespace

std::optional<std::string> RepeatedSingleParam(const Params& params) {
  static const std::set<std::string, std::less<>> kSeveral = {
      "include_dataset", "datasets", "exclude_dataset", "topics", "exclude_schema", "exclude_entity_ids",
      "countries",       "filter",   "facets"};
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first))
    if (params.count(it->first) > 1 && !kSeveral.count(it->first)) return it->first;
  return std::nullopt;
}

Status OnlyKnownParams(const Params& params, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : params) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string names;
    for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
    return Status::InvalidArgument(key + ": unknown parameter (known: " + (names.empty() ? "none" : names) + ")");
  }
  return Status::Ok();
}

Status CheckPrincipalNameLength(const std::string& field, std::string_view name) {
  if (name.size() <= kMaxPrincipalNameBytes) return Status::Ok();
  return Status::InvalidArgument(field + ": " + std::to_string(name.size()) + " bytes, longer than any principal's name (at most " +
                                 std::to_string(kMaxPrincipalNameBytes) + " bytes)");
}

Status NumberParam(const Params& params, const std::string& key, double lo, double hi, double& out) {
  const std::string* v = Param(params, key);
  if (!v) return Status::Ok();
  if (params.count(key) > 1) return Status::InvalidArgument(key + ": given more than once");
  // Decimal only, the whole value: no hexadecimal ("0x10"), no spaces, no "inf".
  double d = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), d, std::chars_format::general);
  if (v->empty() || ec != std::errc() || end != v->data() + v->size() || !(d >= lo && d <= hi))
    return Status::InvalidArgument(key + ": expected a number in [" + json(lo).dump() + ", " + json(hi).dump() + "]");
  out = d;
  return Status::Ok();
}

namespace {

Status NotInBoth(const Params& params, const json* body, const std::string& key) {
  // Either would silently win over the other.
  if (body && body->is_object() && body->contains(key) && Param(params, key))
    return Status::InvalidArgument(key + ": given both in the query string and in the body; give it once");
  return Status::Ok();
}

}  // namespace

Status ThresholdParam(const Params& params, const json* body, bool above_zero, double& out) {
  std::string range = above_zero ? "(0, 1]" : "[0, 1]";
  EMBARGO_RETURN_IF_ERROR(NotInBoth(params, body, "threshold"));
  double d = out;
  if (Status s = NumberParam(params, "threshold", 0, 1, d); !s.ok()) return s;
  if (above_zero && d == 0 && Param(params, "threshold"))
    return Status::InvalidArgument("threshold: expected a number in " + range);
  if (auto t = body ? body->find("threshold") : json::const_iterator(); body && t != body->end()) {
    if (!t->is_number() || !(t->get<double>() >= 0 && t->get<double>() <= 1) || (above_zero && t->get<double>() == 0))
      return Status::InvalidArgument("threshold: expected a number in " + range);
    d = t->get<double>();
  }
  out = d;
  return Status::Ok();
}

std::optional<int64_t> DecimalDigits(std::string_view text) {
  // from_chars alone takes "-0" and "-5": a sign is not a digit.
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

Status IntegerParam(const Params& params, const std::string& key, int64_t lo, int64_t hi, int64_t& out) {
  const std::string* v = Param(params, key);
  if (!v) return Status::Ok();
  if (params.count(key) > 1) return Status::InvalidArgument(key + ": given more than once");
  std::optional<int64_t> n = DecimalDigits(*v);
  if (!n || *n < lo || *n > hi)
    return Status::InvalidArgument(key + ": expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                                   "], in decimal digits, not '" + *v + "'");
  out = *n;
  return Status::Ok();
}

Status IntegerParam(const Params& params, const std::string& key, double lo, double hi, double& out) {
  int64_t n = static_cast<int64_t>(out);
  EMBARGO_RETURN_IF_ERROR(IntegerParam(params, key, static_cast<int64_t>(lo), static_cast<int64_t>(hi), n));
  out = static_cast<double>(n);
  return Status::Ok();
}

namespace {

// OpenSanctions' names of the lists embargo loads: yente clients read and filter datasets by
// them (FtM dataset names are [a-z0-9_]). Both spellings are accepted in requests.
constexpr std::pair<const char*, const char*> kYenteNames[] = {
    {"ofac-sdn", "us_ofac_sdn"},    {"ofac-cons", "us_ofac_cons"},   {"un", "un_sc_sanctions"},
    {"uk-ofsi", "gb_hmt_sanctions"}, {"us-csl", "us_trade_csl"},      {"bis-dpl", "us_bis_denied"},
    {"eu-fsf", "eu_fsf"}};

}  // namespace

std::string DatasetNamed(const std::string& name) {
  for (const auto& [ours, theirs] : kYenteNames)
    if (name == theirs) return ours;
  return name;
}

bool KnownDataset(const Snapshot& snap, const std::string& name) {
  for (const auto& [ours, theirs] : kYenteNames)
    if (name == ours || name == theirs) return true;
  for (const auto& l : snap.lists)
    if (name == l.dataset || name == YenteName(l.dataset)) return true;
  return false;
}

std::string YenteName(const std::string& dataset) {
  for (const auto& [ours, theirs] : kYenteNames)
    if (dataset == ours) return theirs;
  std::string out = dataset;
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

namespace {

// The loaded dataset a name means in either spelling, or empty.
std::string LoadedDataset(const Snapshot& snap, const std::string& name) {
  for (const auto& l : snap.lists)
    if (name == l.dataset || name == YenteName(l.dataset)) return l.dataset;
  return "";
}

// FtM topics of a list's subjects: every subject of these lists is listed for sanctions or export
// control.
std::vector<std::string> DatasetTopics(const std::string& dataset) {
  if (dataset == "bis-dpl") return {"export.control"};
  if (dataset == "us-csl") return {"sanction", "export.control"};
  return {"sanction"};
}

// FtM's topic vocabulary: a topic outside it is a client error, one inside it that no loaded list
// carries (role.pep, crime, ...) simply matches nothing in a sanctions-only catalogue.
const std::set<std::string> kFtmTopics = {
    "asset.frozen", "corp.disqual", "corp.offshore", "corp.public", "corp.shell", "crime", "crime.boss",
    "crime.cyber", "crime.fin", "crime.fraud", "crime.terror", "crime.theft", "crime.traffick",
    "crime.traffick.drug", "crime.traffick.human", "crime.war", "debarment", "export.control", "export.risk",
    "gov.admin", "gov.executive", "gov.head", "gov.igo", "gov.judicial", "gov.legislative", "gov.muni",
    "gov.national", "gov.security", "gov.soe", "gov.state", "mare.detained", "mare.shadow", "mare.sts",
    "poi", "reg.action", "reg.warn", "risk.klepto", "role.acct", "role.act", "role.civil", "role.diplo",
    "role.judge", "role.journo", "role.lawyer", "role.lobby", "role.oligarch", "role.pep", "role.pol",
    "role.rca", "role.spy", "sanction", "sanction.counter", "sanction.linked", "wanted"};

// What a yente request keeps of the list entities: datasets, topics, schemata, ids, dates,
// countries and property filters. Every parameter is checked; none is ignored.
struct ResultFilter {
  bool all_datasets = true;
  std::set<std::string> datasets;  // loaded names
  std::set<std::string> topics;
  std::set<std::string> exclude_ids;
  std::vector<Schema> exclude_schema;
  std::optional<Schema> schema;  // /search's schema: it and the schemata that extend it
  std::string changed_since;  // YYYY-MM-DD...; entities of unknown change date are kept
  std::set<std::string> countries;  // lower-case ISO codes
  std::vector<std::pair<std::string, std::string>> properties;  // (FtM property, value)
  bool properties_all = true;  // filter_op AND

  bool Trivial() const {
    return all_datasets && topics.empty() && exclude_ids.empty() && exclude_schema.empty() && !schema && changed_since.empty() &&
           countries.empty() && properties.empty();
  }
  bool Allows(const Entity& e) const;
};

bool HasCountry(const Entity& e, const std::set<std::string>& wanted) {
  for (const auto* list : {&e.nationalities, &e.citizenships, &e.countries})
    for (const auto& c : *list)
      if (wanted.count(Lower(c))) return true;
  return !e.vessel_flag.empty() && wanted.count(Lower(e.vessel_flag));
}

bool HasProperty(const json& props, const std::string& prop, const std::string& value) {
  auto it = props.find(prop);
  if (it == props.end()) return false;
  for (const auto& v : *it)
    if (v.is_string() && Lower(v.get<std::string>()) == Lower(value)) return true;
  return false;
}

// FtM's inheritance among the schemata served: a Company is an Organization, and both, like a
// Person, are LegalEntities.
bool SchemaIsA(Schema s, Schema wanted) {
  if (s == wanted) return true;
  if (wanted == Schema::kLegalEntity) return s != Schema::kVessel && s != Schema::kAirplane;
  return wanted == Schema::kOrganization && s == Schema::kCompany;
}

bool ResultFilter::Allows(const Entity& e) const {
  if (schema && !SchemaIsA(e.schema, *schema)) return false;
  if (!all_datasets && !datasets.count(e.dataset)) return false;
  if (exclude_ids.count(e.id)) return false;
  for (Schema s : exclude_schema)
    if (e.schema == s) return false;
  if (!topics.empty()) {
    bool any = false;
    for (const auto& t : DatasetTopics(e.dataset)) any = any || topics.count(t);
    if (!any) return false;
  }
  if (!changed_since.empty() && !e.listed_on.empty() && e.listed_on < changed_since.substr(0, e.listed_on.size()))
    return false;
  if (!countries.empty() && !HasCountry(e, countries)) return false;
  if (properties.empty()) return true;
  json props = FtmProperties(e);
  bool all = true, any = false;
  for (const auto& [prop, value] : properties) {
    bool has = prop == "country" ? HasCountry(e, {Lower(value)}) : HasProperty(props, prop, value);
    all = all && has;
    any = any || has;
  }
  return properties_all ? all : any;
}

std::vector<std::string> ParamValues(const Params& params, const std::string& key) {
  std::vector<std::string> out;
  auto [b, e] = params.equal_range(key);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

// The path's dataset, then include_dataset / datasets and exclude_dataset, in either spelling.
Status ResolveDatasets(const Snapshot& snap, const std::string& dataset, const Params& params, ResultFilter& f) {
  std::set<std::string> known;
  for (const auto& l : snap.lists) known.insert(l.dataset);
  if (dataset == "default" || dataset == "sanctions") {
    f.datasets = known;
  } else if (std::string d = LoadedDataset(snap, dataset); !d.empty()) {
    f.datasets = {d};
  } else {
    return Status::NotFound("dataset '" + dataset + "' is not loaded (default, sanctions, or one of the lists in /catalog)");
  }
  std::vector<std::pair<std::string, std::string>> include;  // parameter, dataset
  for (const char* key : {"include_dataset", "datasets"})
    for (auto& d : ParamValues(params, key)) include.emplace_back(key, std::move(d));
  std::set<std::string> inc;
  for (const auto& [key, name] : include) {
    std::string d = LoadedDataset(snap, name);
    if (d.empty()) return Status::InvalidArgument(key + ": unknown dataset '" + name + "' (see /catalog)");
    if (f.datasets.count(d)) inc.insert(d);
  }
  if (!include.empty()) f.datasets = std::move(inc);
  for (const auto& name : ParamValues(params, "exclude_dataset")) {
    std::string d = LoadedDataset(snap, name);
    if (d.empty()) return Status::InvalidArgument("exclude_dataset: unknown dataset '" + name + "' (see /catalog)");
    f.datasets.erase(d);
  }
  // Filtered down to nothing: answered 200 with no results, as if every list had been searched.
  if (f.datasets.empty()) {
    std::string keys;
    for (const char* key : {"include_dataset", "datasets", "exclude_dataset"})
      if (params.count(key)) keys += (keys.empty() ? "" : ", ") + std::string(key);
    if (!keys.empty())
      return Status::InvalidArgument(keys + ": no list of dataset '" + dataset + "' is left to search (see /catalog)");
  }
  f.all_datasets = f.datasets == known;
  return Status::Ok();
}

// topics, exclude_schema, exclude_entity_ids and changed_since (both /match and /search).
Status ResolveCommonFilters(const Params& params, ResultFilter& f) {
  for (const auto& t : ParamValues(params, "topics")) {
    if (!kFtmTopics.count(t)) return Status::InvalidArgument("topics: unknown FollowTheMoney topic '" + t + "'");
    f.topics.insert(t);
  }
  for (const auto& s : ParamValues(params, "exclude_schema")) {
    auto schema = ParseSchema(s);
    if (!schema) return Status::InvalidArgument("exclude_schema: unknown schema '" + s + "'");
    f.exclude_schema.push_back(*schema);
  }
  for (const auto& id : ParamValues(params, "exclude_entity_ids")) f.exclude_ids.insert(id);
  if (const std::string* since = Param(params, "changed_since")) {
    if (since->size() < 10 || !PartialDate::Parse(since->substr(0, 10)))
      return Status::InvalidArgument("changed_since: expected a date YYYY-MM-DD[THH:MM:SS], got '" + *since + "'");
    f.changed_since = *since;
  }
  return Status::Ok();
}

// countries, filter and filter_op (/search).
Status ResolveSearchFilters(const Params& params, ResultFilter& f) {
  for (const auto& c : ParamValues(params, "countries")) {
    std::string code = CountryCode(c);
    if (code.empty()) return Status::InvalidArgument("countries: unknown country '" + c + "'");
    f.countries.insert(Lower(code));
  }
  for (const auto& spec : ParamValues(params, "filter")) {
    size_t colon = spec.find(':');
    std::string prop = spec.substr(0, colon);
    if (prop.rfind("properties.", 0) == 0) prop = prop.substr(11);
    bool word = !prop.empty() && std::all_of(prop.begin(), prop.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (colon == std::string::npos || !word || colon + 1 == spec.size())
      return Status::InvalidArgument("filter: expected 'properties.<name>:<value>', got '" + spec + "'");
    // A property no record has, or a country that is none, would answer "no results" for a
    // filter that was never applied.
    const auto& keys = kFtmPropertyKeys;
    if (std::find(keys.begin(), keys.end(), prop) == keys.end()) {
      std::string known;
      for (std::string_view k : keys) known += (known.empty() ? "" : ", ") + std::string(k);
      return Status::InvalidArgument("filter: '" + prop + "' is not a property the lists give (" + known + ")");
    }
    std::string value = spec.substr(colon + 1);
    bool country = prop == "country" || prop == "nationality" || prop == "citizenship" || prop == "flag";
    if (country && CountryCode(value).empty())
      return Status::InvalidArgument("filter: " + prop + ": unknown country '" + value + "'");
    f.properties.emplace_back(prop, country ? CountryCode(value) : value);  // "russia" is RU, as the lists write it
  }
  if (const std::string* op = Param(params, "filter_op")) {
    std::string o = Lower(*op);
    if (o != "and" && o != "or") return Status::InvalidArgument("filter_op: expected AND or OR, got '" + *op + "'");
    f.properties_all = o == "and";
  }
  return Status::Ok();
}

void AddUnique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

Reply Detail(int status, const std::string& message) { return {status, {{"detail", message}}}; }
Reply DetailFromStatus(const Status& status) {
  int code = HttpStatusOf(status.code());
  return Detail(code == 400 ? 422 : code, status.message());
}

namespace {

// An ISO date as FtM's timestamp (YYYY-MM-DDTHH:MM:SS), or null.
json FtmTimestamp(const std::string& date) {
  auto d = PartialDate::Parse(date);
  if (!d || d->year == 0) return nullptr;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT00:00:00", d->year, d->month > 0 ? d->month : 1, d->day > 0 ? d->day : 1);
  return buf;
}

// FtM properties as yente gives them: country codes lower case, the list's topics.
json YenteProperties(const Entity& e, bool with_topics) {
  json p = FtmProperties(e);
  for (const char* key : {"nationality", "citizenship", "country", "flag", "jurisdiction"})
    if (auto it = p.find(key); it != p.end())
      for (auto& v : *it) v = Lower(v.get<std::string>());
  if (with_topics) p["topics"] = DatasetTopics(e.dataset);
  return p;
}

}  // namespace

json YenteEntityJson(const Entity& e) {
  json referents = json::array();
  // OpenSanctions names OFAC records by their unique id, e.g. ofac-35096.
  if ((e.dataset == "ofac-sdn" || e.dataset == "ofac-cons") && !e.native_id.empty())
    referents.push_back("ofac-" + e.native_id);
  return {{"id", e.id},
          {"caption", e.caption()},
          {"schema", SchemaName(e.schema)},
          {"properties", YenteProperties(e, true)},
          {"datasets", {YenteName(e.dataset)}},
          {"referents", std::move(referents)},
          {"target", true},  // every entity served is a listed subject
          {"first_seen", nullptr},
          {"last_seen", nullptr},
          {"last_change", FtmTimestamp(e.listed_on)}};
}

namespace {

// The features of embargo's scorer, as yente's FeatureDocs and Algorithm.docs name them.
json FeatureDocs() {
  const std::string url = "docs/SCORING.md#";  // in the source tree; the service serves no pages
  return {{"name_score", {{"description", "aligned name similarity in [0,1], parts weighted by rarity"}, {"coefficient", 1.0}, {"url", url + "name-score"}}},
          {"birth_date", {{"description", "birth date agreement or contradiction"}, {"coefficient", 1.0}, {"url", url + "evidence"}}},
          {"country", {{"description", "country or nationality agreement or contradiction"}, {"coefficient", 1.0}, {"url", url + "evidence"}}},
          {"identifier", {{"description", "identifier equality (decisive)"}, {"coefficient", 1.0}, {"url", url + "evidence"}}},
          {"schema", {{"description", "schema contradiction (person against organisation)"}, {"coefficient", 1.0}, {"url", url + "evidence"}}},
          {"legal_form", {{"description", "legal form agreement or contradiction"}, {"coefficient", 1.0}, {"url", url + "evidence"}}},
          {"reading", {{"description", "the name read otherwise than as written (Korean, Persian, Hebrew as said, Belarusian as Russian): its factor"}, {"coefficient", 1.0}, {"url", url + "evidence"}}}};
}

// yente's result: the entity, its score, whether it matches, and the features behind the score:
// `features` (4.x, numbers) and `explanations` (5.x, {score, detail} per feature).
json MatchResultJson(const Hit& h, double threshold) {
  json r = YenteEntityJson(*h.entity);
  json features = {{"name_score", RoundScore(h.name_score)}};
  json explanations = {{"name_score", {{"score", RoundScore(h.name_score)},
                                       {"detail", "'" + h.query_form + "' against '" + h.matched_name + "'"}}}};
  for (const auto& ev : h.evidence) {
    double prev = features.contains(ev.kind) ? features[ev.kind].get<double>() : 0.0;
    features[ev.kind] = RoundScore(prev + ev.effect);
    std::string detail = explanations.contains(ev.kind) ? explanations[ev.kind]["detail"].get<std::string>() + "; " : "";
    explanations[ev.kind] = {{"score", features[ev.kind]}, {"detail", detail + ev.detail}};
  }
  json datasets = json::array();
  for (const auto& d : HitDatasets(h)) datasets.push_back(YenteName(d.get<std::string>()));
  r["datasets"] = std::move(datasets);
  for (const auto& l : h.linked) r["referents"].push_back(l.entity->id);
  if (!h.linked.empty()) r["linked"] = LinkedJson(h);
  r["score"] = RoundScore(h.score);
  r["match"] = h.score >= threshold;
  r["features"] = std::move(features);
  r["explanations"] = std::move(explanations);
  r["explanation"] = ExplanationJson(h);
  return r;
}

// A query entity's names, each once, in the order given.
std::vector<std::string> DistinctNames(const Entity& q) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& n : q.names)
    if (seen.insert(n.value).second) out.push_back(n.value);
  return out;
}

// Screens each of `names` (a query entity's, DistinctNames; none is skipped: the request's bound
// on names is checked before, MatchQueries) with the rest of `q`, and keeps each list entity's
// best hit, best first. Returns all kept hits; the caller pages them. `matches`, when given, is
// set to the number of list entities the filter keeps that score at or above opts.threshold
// (and the cutoff), those opts.limit left out too.
StatusOr<std::vector<Hit>> ScreenEntity(const Screener& screener, const Entity& q, const std::vector<std::string>& names,
                                        const MatchOptions& opts, const ResultFilter& filter, size_t* failed = nullptr,
                                        size_t* matches = nullptr) {
  Query query;
  query.schema = q.schema == Schema::kLegalEntity ? std::nullopt : std::optional<Schema>(q.schema);
  query.birth_dates = q.birth_dates;
  for (const auto* list : {&q.nationalities, &q.citizenships, &q.countries})
    for (const auto& c : *list) AddUnique(query.countries, c);
  for (const auto& id : q.identifiers) AddUnique(query.identifiers, id.value);
  for (const auto& email : q.emails) AddUnique(query.identifiers, email);
  std::unordered_map<std::string, Hit> best;
  std::set<const Entity*> matched;
  auto count = [&](const Entity* e, double score) {
    if (score >= opts.threshold && score > opts.min_score && filter.Allows(*e)) matched.insert(e);
  };
  for (const std::string& name : names) {
    query.name = name;
    auto r = screener.Screen(query, opts);
    // yente's answer cannot say "incomplete": a name not wholly screened is refused, never clear.
    if (r.ok() && r->incomplete)
      r = Status::InvalidArgument(r->unread_letters ? "name: letters no transliteration reads: not screened completely"
                                                    : "name: not screened completely (the candidate budget was reached)");
    if (!r.ok()) {
      if (failed) *failed = static_cast<size_t>(&name - names.data());
      return r.status();
    }
    for (const auto& h : r->hits) count(h.entity, h.score);
    for (const auto& [entity, score] : r->matches_beyond_limit) count(entity, score);
    for (auto& h : r->hits) {
      // The cutoff applies to the final score (the screener may return weaker hits).
      if (!filter.Allows(*h.entity) || h.score < opts.min_score) continue;
      auto [it, inserted] = best.try_emplace(h.entity->id, h);
      if (!inserted && h.score > it->second.score) it->second = std::move(h);
    }
  }
  if (matches) *matches = matched.size();
  std::vector<Hit> hits;
  hits.reserve(best.size());
  for (auto& [id, h] : best) hits.push_back(std::move(h));
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.entity->id < b.entity->id;
  });
  return hits;
}

}  // namespace

StatusOr<json> ParseJsonObject(const std::string& body) {
  EMBARGO_ASSIGN_OR_RETURN(json j, ParseJsonBody(body));
  if (!j.is_object()) return Status::InvalidArgument("request body must be a JSON object");
  return j;
}

Reply BadJson(const Status& s) { return Error(400, "invalid_json", s.message()); }

StatusOr<std::shared_ptr<const Snapshot>> MakeSnapshot(std::vector<ListLoad> lists, uint64_t version,
                                                       std::shared_ptr<const GeoPolicy> policy, const Snapshot* previous) {
  auto screener = Screener::Build(std::move(lists));
  if (!screener.ok()) return screener.status();
  // The last request on an old version frees it; the freed pages of a whole list version go back
  // to the system then, or a server that reloads every few minutes would keep growing.
  std::shared_ptr<Snapshot> snap(new Snapshot, [](Snapshot* old) {
    delete old;
    malloc_trim(0);
  });
  snap->screener = std::shared_ptr<const Screener>(std::move(*screener));
  snap->screener->WarmUp();  // before the version takes requests
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
    v.rejected = l.rejected.size();
    snap->lists.push_back(std::move(v));
    for (const auto& e : l.entities) snap->by_id.emplace(e.id, &e);
  }
  if (previous) snap->update = ListUpdateJson(previous->screener->lists(), loaded, previous->version, snap->loaded_at);
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

bool ListStale(const ApiContext& ctx, const ListVersion& l) {
  // A list whose publication date is unknown cannot be shown to be fresh.
  return ListTooOld(l.as_of, ctx.max_list_age_hours, ctx.now);
}

bool ListsStale(const ApiContext& ctx) {
  if (ctx.snap.lists.empty()) return true;
  for (const auto& l : ctx.snap.lists)
    if (ListStale(ctx, l)) return true;
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
              {"rejected", l.rejected},
              {"age_seconds", l.as_of < 0 ? json(nullptr) : json(static_cast<int64_t>(ctx.now - l.as_of))}};
    if (!l.published_detail.empty()) v["published_detail"] = l.published_detail;
    if (l.as_of < 0) v["age_unknown"] = true;
    if (!l.accepted_incomplete.empty()) v["accepted_incomplete"] = l.accepted_incomplete;
    out.push_back(std::move(v));
  }
  return out;
}

std::shared_ptr<const std::string> ListsJsonText(const ApiContext& ctx) {
  Snapshot::ListsText& cache = *ctx.snap.lists_text;
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    if (cache.at == ctx.now && cache.text) return cache.text;
  }
  auto text = std::make_shared<const std::string>(JsonText(ListsJson(ctx)));
  std::lock_guard<std::mutex> lock(cache.mutex);
  cache.at = ctx.now;
  cache.text = text;
  return text;
}

namespace {

// yente's algorithm names (any case), all answered by embargo's scorer; `matcher` says so.
Status CheckAlgorithm(const Params& params) {
  const std::string* alg = Param(params, "algorithm");
  if (alg && !kAlgorithmAliases.count(Lower(*alg)))
    return Status::InvalidArgument("algorithm: '" + *alg + "' is not known; see /algorithms");
  return Status::Ok();
}

// How many candidates to ask the screener for when a filter may drop some.
size_t CandidateLimit(const ResultFilter& f, size_t wanted) {
  return f.Trivial() ? wanted : std::max<size_t>(50, wanted * 4);
}

// The query as embargo read it: FtM properties as strings, country codes lower case.
json CleanedQuery(const Entity& e, const json& raw) {
  json q = {{"schema", raw.value("schema", "")}, {"properties", YenteProperties(e, false)}};
  if (auto id = raw.find("id"); id != raw.end() && id->is_string()) q["id"] = *id;
  return q;
}

// yente's facets of a result set: {"countries": {"label", "values": [{"name", "label", "count"}]}, ...},
// the most frequent values first.
StatusOr<json> Facets(const Params& params, const std::vector<const Entity*>& entities) {
  static const std::map<std::string, std::string> kLabels = {
      {"countries", "Countries"}, {"topics", "Topics"}, {"datasets", "Data sources"}, {"schema", "Entity types"}};
  std::vector<std::string> wanted = ParamValues(params, "facets");
  if (wanted.empty()) wanted = {"countries", "topics", "datasets"};
  json out = json::object();
  for (const auto& facet : wanted) {
    auto label = kLabels.find(facet);
    if (label == kLabels.end()) return Status::InvalidArgument("facets: unknown facet '" + facet + "' (countries, topics, datasets, schema)");
    std::map<std::string, size_t> counts;
    for (const Entity* e : entities) {
      std::set<std::string> values;
      if (facet == "countries") {
        for (const auto* list : {&e->nationalities, &e->citizenships, &e->countries})
          for (const auto& c : *list) values.insert(Lower(c));
      } else if (facet == "topics") {
        for (const auto& t : DatasetTopics(e->dataset)) values.insert(t);
      } else if (facet == "datasets") {
        values.insert(YenteName(e->dataset));
      } else {
        values.insert(std::string(SchemaName(e->schema)));
      }
      for (const auto& v : values) ++counts[v];
    }
    std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    json values = json::array();
    for (const auto& [name, count] : sorted) {
      std::string shown = facet == "countries" ? std::string(CountryName(name)) : name;
      values.push_back({{"name", name}, {"label", shown.empty() ? name : shown}, {"count", count}});
    }
    out[facet] = {{"label", label->second}, {"values", std::move(values)}};
  }
  return out;
}

// /search without q: every entity the filters keep, in list order.
std::vector<const Entity*> Browse(const Snapshot& snap, const ResultFilter& filter) {
  std::vector<const Entity*> out;
  for (const auto& list : snap.screener->lists())
    for (const auto& e : list.entities)
      if (filter.Allows(e)) out.push_back(&e);
  return out;
}

}  // namespace

namespace {

// A /match query as read: its key, its body, the entity it describes and that entity's names.
struct MatchQueryIn {
  std::string key;
  const json* raw = nullptr;
  Entity entity;
  std::vector<std::string> names;  // DistinctNames(entity)
};

// The property of query `q` that gave `name` ("name[2]"), or the name parts it was composed of
// ("firstName, lastName"), for an error that names where the client wrote it.
std::string NameProperty(const json& q, const std::string& name) {
  auto props = q.find("properties");
  if (props == q.end() || !props->is_object()) return "name";
  std::string parts;
  for (const auto& [key, values] : props->items()) {
    bool part = std::ranges::find(kFtmNameParts, key) != kFtmNameParts.end();
    if (part) parts += (parts.empty() ? "" : ", ") + key;
    if (values.is_string() && values.get<std::string>() == name) return key;
    if (!values.is_array()) continue;
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i].is_string() && values[i].get<std::string>() == name) return key + "[" + std::to_string(i) + "]";
  }
  return parts.empty() ? "name" : parts;
}

// The words of a name as the normaliser may cut them, counted before it runs and never fewer:
// every run of letters, digits and marks between any other characters (hyphens, dots, commas
// too: "a-b-c" is three), and each ideograph alone. Bytes that are not UTF-8 count as letters.
size_t Words(std::string_view name) {
  size_t words = 0;
  bool in_word = false;
  text::ForEachCodePoint(name, [&](UChar32 cp, std::string_view) {
    bool ideograph = cp >= 0 && u_hasBinaryProperty(cp, UCHAR_IDEOGRAPHIC);
    bool letter = cp < 0 || u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
    words += ideograph || (letter && !in_word);
    in_word = letter && !ideograph;
  });
  return words;
}

// Reads every query of a /match body before any is screened, so that a request over a bound is
// refused before it costs anything: at most max_queries queries (413), and names holding at
// most max_match_words words in all (422 naming the query where the sum passes it). Every name
// of every query is then screened; none is dropped to save time.
std::optional<Reply> ReadMatchQueries(const ApiContext& ctx, const json& queries, std::vector<MatchQueryIn>& out) {
  if (queries.size() > ctx.max_queries)
    return Detail(413, "too many queries: at most " + std::to_string(ctx.max_queries) + " per request (the limit)");
  size_t words = 0;
  for (const auto& [key, q] : queries.items()) {
    std::string where = "queries." + key;
    // A schema that is not FtM's is a 400 in yente (test_match_no_schema); other faults are 422.
    if (auto schema = q.find("schema"); q.is_object() && schema != q.end() && schema->is_string() &&
                                        !ParseSchema(schema->get<std::string>()) && *schema != "PublicBody")
      return Detail(400, where + ".schema: unknown schema '" + schema->get<std::string>() + "'");
    auto entity = EntityFromFtm(q, where, "query");
    if (!entity.ok()) return Detail(422, entity.status().message());
    if (Status s = CheckFtmQueryProperties(q, where); !s.ok()) return Detail(422, s.message());
    if (size_t ids = entity->identifiers.size() + entity->emails.size(); ids > kMaxQueryIdentifiers)
      return Detail(422, where + ".properties: " + std::to_string(ids) + " identifiers and e-mail addresses, at most " +
                             std::to_string(kMaxQueryIdentifiers) + " (the limit per query)");
    std::vector<std::string> names = DistinctNames(*entity);
    for (const std::string& name : names) words += Words(name);
    if (words > ctx.max_match_words)
      return Detail(422, where + ".properties.name: the names of this request's queries hold more than " +
                             std::to_string(ctx.max_match_words) +
                             " words in all (the limit per request): send fewer names or queries per request");
    out.push_back({key, &q, std::move(*entity), std::move(names)});
  }
  return std::nullopt;
}

// One query's answer: the results kept above the cutoff, at most `limit`; `total` is `matches`,
// every result at or above the threshold whatever `limit` (docs/SCORING.md).
json MatchResponse(const std::vector<Hit>& hits, const MatchQueryIn& q, double threshold, double cutoff, size_t limit,
                   size_t matches) {
  json results = json::array();
  for (const auto& h : hits) {
    if (h.score <= cutoff) continue;
    if (results.size() < limit) results.push_back(MatchResultJson(h, threshold));
  }
  json out = {{"status", 200}, {"results", std::move(results)},
              {"total", {{"value", matches}, {"relation", "eq"}}}, {"query", CleanedQuery(q.entity, *q.raw)}};
  // Properties yente clients send with a party (address, notes, position, ...) that matching does
  // not read: accepted, as clients send whole entities, and named, so that no answer reads as if
  // what they hold had been screened.
  if (std::vector<std::string> unscreened = UnscreenedFtm(*q.raw); !unscreened.empty()) out["unscreened"] = unscreened;
  return out;
}

}  // namespace

namespace {

// yente's body may tune its scorer (weights of features, algorithm config); embargo's has no such
// knobs, so a request that turns one is refused rather than answered as if it had not. Empty
// objects, as clients send by default, are fine; any other member is unknown.
Status CheckMatchTuning(const json& body) {
  EMBARGO_RETURN_IF_ERROR(OnlyKnownMembers(body, "body", {"queries", "weights", "config"}));
  for (const char* field : {"weights", "config"}) {
    auto f = body.find(field);
    if (f == body.end() || f->is_null()) continue;
    if (!f->is_object()) return Status::InvalidArgument(std::string(field) + ": expected an object");
    if (!f->empty())
      return Status::InvalidArgument(std::string(field) + ": '" + f->begin().key() +
                                     "' cannot be set: embargo's scorer takes no per-request " + field +
                                     " (docs/SCORING.md); leave " + field + " out");
  }
  return Status::Ok();
}

}  // namespace

Reply Match(const ApiContext& ctx, const std::string& dataset, const Params& params, const std::string& body) {
  ResultFilter filter;
  if (auto s = ResolveDatasets(ctx.snap, dataset, params, filter); !s.ok()) return DetailFromStatus(s);
  // yente's defaults: threshold 0.70, cutoff 0 (results scoring at or under the cutoff are dropped).
  double threshold = ctx.yente_threshold, cutoff = 0, limit = 5;
  // A parameter misspelt ("treshold") would leave the default in force without a word.
  const std::initializer_list<std::string_view> kMatchParams = {
      "threshold", "cutoff",         "limit",          "algorithm",          "include_dataset", "datasets",
      "exclude_dataset", "topics",   "exclude_schema", "exclude_entity_ids", "changed_since"};
  for (auto s : {OnlyKnownParams(params, kMatchParams), NumberParam(params, "threshold", 0, 1, threshold),
                 NumberParam(params, "cutoff", 0, 1, cutoff),
                 IntegerParam(params, "limit", 1, 500, limit), CheckAlgorithm(params),
                 ResolveCommonFilters(params, filter)})
    if (!s.ok()) return DetailFromStatus(s);
  auto j = ParseJsonObject(body);
  if (!j.ok()) return Detail(422, "body: " + j.status().message());
  auto queries = j->find("queries");
  if (queries == j->end() || !queries->is_object())
    return Detail(422, "body must be {\"queries\": {\"<key>\": <FollowTheMoney entity>, ...}}");
  if (Status s = CheckMatchTuning(*j); !s.ok()) return Detail(422, s.message());
  std::vector<MatchQueryIn> read;
  if (auto refused = ReadMatchQueries(ctx, *queries, read)) return std::move(*refused);
  MatchOptions opts;
  opts.threshold = threshold;
  opts.min_score = cutoff;
  opts.include_below_threshold = true;
  opts.limit = CandidateLimit(filter, static_cast<size_t>(limit));
  opts.merge_linked = filter.all_datasets;  // a request for some lists gets their records, unmerged
  json responses = json::object();
  size_t results = 0;
  for (const MatchQueryIn& q : read) {
    size_t failed = 0, matches = 0;
    auto hits = ScreenEntity(*ctx.snap.screener, q.entity, q.names, opts, filter, &failed, &matches);
    if (!hits.ok())
      return Detail(422, "queries." + q.key + ".properties." + NameProperty(*q.raw, q.names[failed]) + ": " +
                             hits.status().message());
    json response = MatchResponse(*hits, q, threshold, cutoff, static_cast<size_t>(limit), matches);
    // The answer's size is bounded too: refused whole rather than cut short.
    if ((results += response["results"].size()) > ctx.max_match_results)
      return Detail(413, "the answer would hold more than " + std::to_string(ctx.max_match_results) +
                             " results (the limit per response): lower limit or send fewer queries per request");
    responses[q.key] = std::move(response);
  }
  // lists_stale is not in yente's shape; clients that do not know it ignore it. Stale lists are
  // never hidden.
  return {200, {{"responses", std::move(responses)}, {"matcher", FeatureDocs()}, {"limit", static_cast<size_t>(limit)},
                {"lists_stale", ListsStale(ctx)}}};
}

constexpr size_t kSearchCounted = 100;

Reply Search(const ApiContext& ctx, const std::string& dataset, const Params& params) {
  ResultFilter filter;
  if (auto s = ResolveDatasets(ctx.snap, dataset, params, filter); !s.ok()) return DetailFromStatus(s);
  double limit = 10, cutoff = 0.5, offset = 0;
  // yente's parameters; fuzzy and simple say how yente parses q, which embargo always reads as a
  // name, fuzzily: accepted as booleans. sort is refused: results come best first.
  const std::initializer_list<std::string_view> kSearchParams = {
      "q",      "schema",          "countries", "topics",         "datasets",           "include_dataset",
      "exclude_dataset", "exclude_schema", "exclude_entity_ids", "changed_since", "filter", "filter_op",
      "limit",  "offset",          "cutoff",    "facets",         "target",             "fuzzy", "simple"};
  if (Status s = OnlyKnownParams(params, kSearchParams); !s.ok()) return DetailFromStatus(s);
  for (const char* flag : {"fuzzy", "simple"})
    if (auto b = BoolParam(params, flag, true); !b.ok()) return DetailFromStatus(b.status());
  for (auto s : {IntegerParam(params, "limit", 0, 500, limit), NumberParam(params, "cutoff", 0, 1, cutoff),
                 IntegerParam(params, "offset", 0, 9500, offset), ResolveCommonFilters(params, filter),
                 ResolveSearchFilters(params, filter)})
    if (!s.ok()) return DetailFromStatus(s);
  std::optional<Schema> schema;
  if (const std::string* name = Param(params, "schema")) {
    schema = ParseSchema(*name);
    // yente answers an unknown schema 400 (its test_search_filter_schema_invalid).
    if (!schema && *name != "Thing") return Detail(400, "schema: unknown '" + *name + "'");
    filter.schema = schema;
  }
  // Every list record is a target (a listed subject): target=false keeps none.
  bool targets = true;
  if (const std::string* target = Param(params, "target")) {
    if (*target != "true" && *target != "false") return Detail(422, "target: expected true or false, got '" + *target + "'");
    targets = *target == "true";
  }
  size_t first = static_cast<size_t>(offset), count = static_cast<size_t>(limit);
  std::vector<const Entity*> found;
  std::vector<double> scores;
  const std::string* q = Param(params, "q");
  bool browse = !q || q->find_first_not_of(" \t\r\n") == std::string::npos;
  bool capped = false;
  if (browse) {
    found = Browse(ctx.snap, filter);
  } else {
    Entity e;
    e.schema = schema.value_or(Schema::kLegalEntity);
    e.names.push_back({*q, NameKind::kPrimary});
    MatchOptions opts;
    opts.threshold = ctx.default_threshold;
    opts.min_score = cutoff;
    opts.include_below_threshold = true;
    // Found beyond the page too, so that the total and facets do not depend on `limit` (yente
    // clients ask limit=0 for a count); past kSearchCounted the total is a lower bound.
    opts.limit = CandidateLimit(filter, std::max(first + count, kSearchCounted));
    opts.merge_linked = filter.all_datasets;
    auto hits = ScreenEntity(*ctx.snap.screener, e, {*q}, opts, filter);
    if (!hits.ok()) return Detail(422, "q: " + hits.status().message());
    // Candidates come from the name index, best first, up to opts.limit: the count is a lower
    // bound when that many were found.
    capped = hits->size() >= opts.limit;
    for (const auto& h : *hits) {
      found.push_back(h.entity);
      scores.push_back(h.score);
    }
  }
  if (!targets) found.clear();
  auto facets = Facets(params, found);
  if (!facets.ok()) return DetailFromStatus(facets.status());
  json results = json::array();
  for (size_t i = first; i < found.size() && results.size() < count; ++i) {
    json r = YenteEntityJson(*found[i]);
    if (!browse) r["score"] = RoundScore(scores[i]);
    results.push_back(std::move(r));
  }
  return {200, {{"results", std::move(results)},
                {"total", {{"value", found.size()}, {"relation", capped ? "gte" : "eq"}}},
                {"limit", count}, {"offset", first}, {"facets", std::move(*facets)},
                {"lists_stale", ListsStale(ctx)}}};
}

Reply Catalog(const ApiContext& ctx) {
  json datasets = json::array(), names = json::array();
  size_t total = 0;
  std::string versions;
  for (const auto& l : ctx.snap.lists) {
    std::string version = l.content_hash.substr(0, 16);
    versions += version;
    datasets.push_back({{"name", YenteName(l.dataset)}, {"title", l.title}, {"type", "source"},
                        {"entity_count", l.entities}, {"version", version}, {"children", json::array()},
                        {"content_hash", l.content_hash}, {"embargo_name", l.dataset},
                        {"last_change", l.published.empty() ? json(nullptr) : FtmTimestamp(l.published)},
                        {"index_version", version}, {"index_current", true}, {"load", true}});
    names.push_back(YenteName(l.dataset));
    total += l.entities;
  }
  // A collection's version changes whenever one of its lists does.
  std::string collection_version = std::to_string(ctx.snap.version) + "-" + Sha256Hex(versions).substr(0, 12);
  for (const char* collection : {"default", "sanctions"})
    datasets.push_back({{"name", collection}, {"title", std::string("All loaded lists (") + collection + ")"},
                        {"type", "collection"}, {"children", names}, {"entity_count", total},
                        {"version", collection_version}, {"index_version", collection_version},
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
  const std::string description =
      "embargo's scorer: name parts aligned across scripts, weighted by rarity, with birth date, country and "
      "identifier evidence (docs/SCORING.md)";
  json docs = {{"name", kAlgorithm}, {"description", description}, {"config", json::object()}, {"features", FeatureDocs()}};
  return {200,
          {{"algorithms", {{{"name", kAlgorithm}, {"description", description}, {"features", FeatureDocs()}, {"docs", docs}}}},
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
  for (auto s : {OnlyKnownParams(params, {"threshold", "limit"}), ThresholdParam(params, j, false, threshold),
                 IntegerParam(params, "limit", 1, 500, limit), NotInBoth(params, j, "limit")})
    if (!s.ok()) return Error(400, "invalid_parameter", s.message());
  if (auto l = j->find("limit"); l != j->end()) {
    if (!l->is_number_unsigned() || l->get<size_t>() < 1 || l->get<size_t>() > 500)
      return Error(400, "invalid_parameter", "limit: expected an integer in [1, 500]");
    limit = static_cast<double>(l->get<size_t>());
  }
  MatchOptions opts;
  opts.threshold = threshold;
  opts.limit = static_cast<size_t>(limit);
  // A party's own members, and at the top level the request's: anything else is refused.
  auto screen_one = [&](const json& party, const std::string& where,
                        std::initializer_list<std::string_view> also) -> StatusOr<json> {
    auto q = QueryFromJson(party, where, also);
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
    // A party at the top level beside parties[] would not be screened: refused, not dropped.
    for (const char* field : {"name", "type", "dob", "country", "id", "customer_id"})
      if (j->contains(field))
        return Error(400, "invalid_request", std::string(field) + ": a party at the top level and parties[] together; "
                                             "send one party, or every party in parties");
    if (Status s = OnlyKnownMembers(*j, "request", {"parties", "record", "threshold", "limit", "caller"}); !s.ok())
      return Error(400, "invalid_request", s.message());
    if (parties->size() > ctx.max_queries)
      return Error(413, "too_many_queries", "at most " + std::to_string(ctx.max_queries) + " parties per request");
    json results = json::array();
    bool alert = false;
    size_t hits = 0;
    for (size_t i = 0; i < parties->size(); ++i) {
      auto r = screen_one((*parties)[i], "parties[" + std::to_string(i) + "]", {"record", "customer_id"});
      if (!r.ok()) return Error(400, "invalid_party", r.status().message());
      // Bounded as /match's answer: refused whole, never cut short.
      if ((hits += (*r)["hits"].size()) > ctx.max_match_results)
        return Error(413, "answer_too_large", "the answer would hold more than " + std::to_string(ctx.max_match_results) +
                                                  " hits: lower limit, raise threshold or send fewer parties per request");
      alert = alert || (*r)["alert"].get<bool>();
      results.push_back(std::move(*r));
    }
    out = {{"alert", alert}, {"results", std::move(results)}};
  } else {
    auto r = screen_one(*j, "party", {"record", "customer_id", "threshold", "limit", "caller"});
    if (!r.ok()) return Error(400, "invalid_party", r.status().message());
    out = std::move(*r);
  }
  out["threshold"] = threshold;
  out["lists_stale"] = ListsStale(ctx);
  Reply reply{200, std::move(out)};
  reply.raw_members.emplace_back("lists", ListsJsonText(ctx));
  return reply;
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
