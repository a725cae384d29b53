#include "ownership/ownership_json.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "match/result_json.h"

namespace embargo {
namespace {

double Rounded(double percent) { return std::round(percent * 10000.0) / 10000.0; }

}  // namespace

nlohmann::json OwnershipRootJson(const OwnershipRoot& r) {
  nlohmann::json j = {{"entity_id", r.entity_id}, {"dataset", r.dataset}, {"caption", r.caption},
                      {"programs", r.programs}, {"graph_id", r.graph_id}, {"linked_by", r.linked_by}};
  if (r.linked_by != "id") {
    j["score"] = RoundScore(r.score);
    j["matched_name"] = r.matched_name;
  }
  return j;
}

nlohmann::json OwnershipPathJson(const OwnershipPath& p) {
  nlohmann::json j = {{"owner_id", p.owner_id}, {"owner_name", p.owner_name}, {"relation", p.relation},
                      {"share", p.share}, {"share_low", Rounded(p.share_low)}, {"share_high", Rounded(p.share_high)},
                      {"owner_status", p.owner_status}, {"source", p.source}};
  if (!p.roots.empty()) {
    j["roots"] = nlohmann::json::array();
    for (const OwnershipRoot& r : p.roots) j["roots"].push_back(OwnershipRootJson(r));
  }
  if (!p.via.empty()) {
    j["via"] = nlohmann::json::array();
    for (const OwnershipPath& v : p.via) j["via"].push_back(OwnershipPathJson(v));
  }
  if (p.truncated) j["truncated"] = true;
  return j;
}

nlohmann::json OwnedEntityJson(const OwnedEntity& e) {
  nlohmann::json paths = nlohmann::json::array(), roots = nlohmann::json::array();
  for (const OwnershipPath& p : e.paths) paths.push_back(OwnershipPathJson(p));
  for (const OwnershipRoot& r : e.roots) roots.push_back(OwnershipRootJson(r));
  return {{"id", e.id},
          {"name", e.name},
          {"schema", SchemaName(e.schema)},
          {"status", OwnershipStatusName(e.status)},
          {"action", VerdictName(e.action)},
          {"rule", OwnershipRuleName(e.rule)},
          {"reason", e.reason},
          {"explanation", e.explanation},
          {"blocked_share", Rounded(e.blocked_share)},
          {"possible_share", Rounded(e.possible_share)},
          {"indirect_share", Rounded(e.indirect_share)},
          {"paths", paths},
          {"roots", roots}};
}

nlohmann::json OwnershipBasisJson(const OwnershipEvaluator& ev) {
  const OwnershipGraphInfo& g = ev.graph();
  nlohmann::json lists = nlohmann::json::array();
  for (const ListLoad& l : ev.lists())
    lists.push_back({{"dataset", l.dataset}, {"published", l.published}, {"content_hash", l.content_hash}});
  return {{"rule", OwnershipRuleName(ev.options().rule)},
          {"as_of", ev.as_of()},
          {"graph",
           {{"files", g.files}, {"version", g.version}, {"entities", g.entities}, {"holdings", g.holdings},
            {"rejected", g.rejected.size()}, {"warnings", g.warnings.size()}}},
          {"lists", lists}};
}

nlohmann::json OwnershipHitJson(const OwnershipHit& hit) {
  nlohmann::json j = {{"kind", "ownership"},
                      {"entity_id", hit.owned.id},
                      {"caption", hit.owned.name},
                      {"schema", SchemaName(hit.owned.schema)},
                      {"score", RoundScore(hit.match.score)},
                      {"matched_name", hit.match.matched_name},
                      {"explanation", ExplanationJson(hit.match)},
                      {"ownership", OwnedEntityJson(hit.owned)}};
  return j;
}

nlohmann::json OwnershipChangeJson(const OwnershipChange& c) {
  return {{"id", c.id}, {"name", c.name}, {"before", OwnershipStatusName(c.before)}, {"after", OwnershipStatusName(c.after)}};
}

std::vector<std::string> IssueLines(const std::vector<LoadIssue>& issues, size_t limit) {
  std::vector<std::string> out;
  for (size_t i = 0; i < issues.size() && i < limit; ++i)
    out.push_back(issues[i].file + (issues[i].line ? ":" + std::to_string(issues[i].line) : "") + ": " + issues[i].reason);
  if (issues.size() > limit) out.push_back("... and " + std::to_string(issues.size() - limit) + " more");
  return out;
}

}  // namespace embargo
