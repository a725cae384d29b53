#include "match/result_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace embargo {

double RoundScore(double score) { return std::round(score * 10000.0) / 10000.0; }

nlohmann::json ExplanationJson(const Hit& hit) {
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& t : hit.tokens) {
    nlohmann::json m = {{"query", t.query}, {"list", t.list}, {"how", t.how}, {"similarity", RoundScore(t.similarity)}};
    if (t.edits) m["edits"] = t.edits;
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
  return j;
}

}  // namespace embargo
