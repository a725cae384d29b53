#include "match/result_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <span>

#include "common/strings.h"
#include "entity/countries.h"

namespace embargo {

double RoundScore(double score) { return std::round(score * 10000.0) / 10000.0; }

nlohmann::json ExplanationJson(const Hit& hit) {
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& t : hit.tokens) {
    nlohmann::json m = {{"query", t.query}, {"list", t.list}, {"how", t.how}, {"similarity", RoundScore(t.similarity)}};
    if (t.edits) m["edits"] = t.edits;
    if (!t.note.empty()) m["note"] = std::string(t.note);
    tokens.push_back(std::move(m));
  }
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& e : hit.evidence)
    evidence.push_back({{"kind", e.kind}, {"detail", e.detail}, {"effect", RoundScore(e.effect)}});
  return {{"matched_name", hit.matched_name},
          {"query_normalized", hit.query_form},
          {"name_score", RoundScore(hit.name_score)},
          {"tokens", tokens},
          {"unmatched_query_tokens", hit.unmatched_query},
          {"unmatched_list_tokens", hit.unmatched_list},
          {"evidence", evidence}};
}

nlohmann::json HitDatasets(const Hit& hit) {
  nlohmann::json datasets = {hit.entity->dataset};
  for (const auto& l : hit.linked)
    if (std::find(datasets.begin(), datasets.end(), l.entity->dataset) == datasets.end()) datasets.push_back(l.entity->dataset);
  return datasets;
}

nlohmann::json LinkedJson(const Hit& hit) {
  nlohmann::json linked = nlohmann::json::array();
  for (const auto& l : hit.linked)
    linked.push_back({{"entity_id", l.entity->id}, {"dataset", l.entity->dataset}, {"caption", l.entity->caption()},
                      {"score", RoundScore(l.score)}, {"reason", l.reason}});
  return linked;
}

nlohmann::json HitJson(const Hit& hit) {
  nlohmann::json j = {{"entity_id", hit.entity->id},
                      {"score", RoundScore(hit.score)},
                      {"caption", hit.entity->caption()},
                      {"schema", SchemaName(hit.entity->schema)},
                      {"datasets", HitDatasets(hit)},
                      {"matched_name", hit.matched_name},
                      {"programs", hit.entity->programs},
                      {"explanation", ExplanationJson(hit)}};
  if (!hit.linked.empty()) j["linked"] = LinkedJson(hit);
  // Entities blocked by ownership come as a list of dataset "ownership-<rule>" (embargo/ownership.h,
  // AsList): not listed themselves, their remarks say which holdings block them.
  if (hit.entity->dataset.starts_with("ownership-")) {
    j["kind"] = "ownership";
    j["ownership"] = {{"why", hit.entity->remarks}, {"roots", hit.entity->linked_to}};
  }
  return j;
}

nlohmann::json QueryJson(const Query& query) {
  nlohmann::json q = {{"name", query.name}};
  if (query.schema) q["type"] = SchemaName(*query.schema);
  for (const auto& d : query.birth_dates) q["dob"].push_back(d.ToString());
  if (!query.countries.empty()) q["country"] = query.countries;
  if (!query.identifiers.empty()) q["id"] = query.identifiers;
  return q;
}

nlohmann::json ScreenResultJson(const Query& query, const ScreenResult& result) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : result.hits) hits.push_back(HitJson(h));
  nlohmann::json j = {{"query", QueryJson(query)}, {"alert", result.alert}, {"hits", hits}};
  if (!result.reason.empty()) j["reason"] = result.reason;
  if (result.incomplete) j["incomplete"] = true;
  if (result.unread_letters) j["unread_letters"] = true;
  return j;
}

namespace {

// A string or an array of strings.
StatusOr<std::vector<std::string>> StringList(const nlohmann::json& j, const std::string& where) {
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

constexpr std::string_view kPartyMembers[] = {"name", "type", "dob", "country", "id", "ref"};

// The first member of `object` in neither `known` nor `also`, named as `where`.member.
Status RefuseUnknownMember(const nlohmann::json& object, const std::string& where,
                           std::span<const std::string_view> known, std::span<const std::string_view> also) {
  auto among = [](std::span<const std::string_view> set, const std::string& m) {
    return std::find(set.begin(), set.end(), m) != set.end();
  };
  for (const auto& [member, value] : object.items()) {
    if (among(known, member) || among(also, member)) continue;
    std::string list;
    for (auto set : {known, also})
      for (std::string_view k : set) list += (list.empty() ? "" : ", ") + std::string(k);
    return Status::InvalidArgument(where + "." + member + ": not a field read here (" + list +
                                   "); refused, as what it holds would not be screened");
  }
  return Status::Ok();
}

}  // namespace

Status OnlyKnownMembers(const nlohmann::json& object, const std::string& where,
                        std::initializer_list<std::string_view> known) {
  return RefuseUnknownMember(object, where, {known.begin(), known.size()}, {});
}

StatusOr<Query> QueryFromJson(const nlohmann::json& p, const std::string& where,
                              std::initializer_list<std::string_view> also) {
  if (!p.is_object()) return Status::InvalidArgument(where + ": a party must be a JSON object");
  EMBARGO_RETURN_IF_ERROR(RefuseUnknownMember(p, where, kPartyMembers, {also.begin(), also.size()}));
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
  EMBARGO_ASSIGN_OR_RETURN(auto dobs, field("dob"));
  for (const auto& d : dobs) {
    auto pd = PartialDate::ParseIso(d);
    if (!pd)
      return Status::InvalidArgument(where + ".dob: cannot read date '" + d +
                                     "' (YYYY, YYYY-MM or YYYY-MM-DD, a date of the calendar: 10/07/1952 could be "
                                     "July or October)");
    q.birth_dates.push_back(*pd);
  }
  EMBARGO_ASSIGN_OR_RETURN(auto countries, field("country"));
  for (const auto& c : countries) {
    std::string code = CountryCode(c);
    if (code.empty()) return Status::InvalidArgument(where + ".country: unknown country '" + c + "'");
    AddUnique(q.countries, code);
  }
  EMBARGO_ASSIGN_OR_RETURN(auto ids, field("id"));
  if (ids.size() > kMaxQueryIdentifiers)
    return Status::InvalidArgument(where + ".id: " + std::to_string(ids.size()) + " given, at most " +
                                   std::to_string(kMaxQueryIdentifiers));
  for (const auto& id : ids) AddUnique(q.identifiers, id);
  return q;
}

}  // namespace embargo
