// `embargo ownership`: the entities listed persons own or control under one rule, each with the
// holdings that block it and the list records at its roots (docs/OWNERSHIP.md).
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "common/json_text.h"
#include "ownership/ownership_json.h"

namespace embargo::cli {
namespace {

std::string StatusWord(OwnershipStatus s) {
  switch (s) {
    case OwnershipStatus::kBlocked: return "BLOCKED";
    case OwnershipStatus::kListed: return "LISTED";
    case OwnershipStatus::kReview: return "review";
    case OwnershipStatus::kClear: break;
  }
  return "clear";
}

std::string RootText(const OwnershipRoot& r) {
  return r.entity_id + " \"" + r.caption + "\" (linked by " + r.linked_by +
         (r.linked_by == "id" ? "" : ", score " + Score3(r.score)) + ")";
}

void PrintPath(const OwnershipPath& p, int depth) {
  std::string indent(9 + 2 * depth, ' ');
  std::string owner = p.owner_name.empty() ? p.owner_id : p.owner_name + " (" + p.owner_id + ")";
  std::cout << indent << p.share << " " << p.relation << " by " << owner << ", " << p.owner_status << "  [" << p.source << "]\n";
  for (const OwnershipRoot& r : p.roots) std::cout << indent << "  listed: " << RootText(r) << "\n";
  for (const OwnershipPath& v : p.via) PrintPath(v, depth + 1);
  if (p.truncated) std::cout << indent << "  ... further relations left out\n";
}

void PrintEntity(const OwnedEntity& e) {
  std::cout << StatusWord(e.status) << "  " << e.id << "  " << e.name << "  (" << e.reason << "; action "
            << VerdictName(e.action) << ")\n";
  if (!e.explanation.empty()) std::cout << "         " << e.explanation << "\n";
  for (const OwnershipPath& p : e.paths) PrintPath(p, 0);
  for (const OwnershipRoot& r : e.roots) std::cout << "         root: " << RootText(r) << "\n";
}

void PrintBasis(const OwnershipEvaluator& ev, size_t blocked, size_t review) {
  const OwnershipGraphInfo& g = ev.graph();
  std::cout << blocked << " blocked, " << review << " to review under the " << OwnershipRuleTitle(ev.options().rule)
            << " as of " << ev.as_of() << "; graph " << g.version << " (" << g.entities << " entities, " << g.holdings
            << " relations); lists:";
  for (const ListLoad& l : ev.lists()) std::cout << " " << l.dataset << (l.published.empty() ? "" : "@" + l.published);
  std::cout << "\n";
  for (const auto& [what, issues] : {std::pair{"not used", &g.rejected}, std::pair{"warning", &g.warnings}})
    for (const std::string& line : IssueLines(*issues, 20)) std::cout << what << ": " << line << "\n";
}

}  // namespace

CommandResult RunOwnership(const GlobalOptions& g, const OwnershipArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  if (settings.ownership.empty())
    return Status::InvalidArgument("ownership needs --ownership FILE (or `ownership = FILE` in the config)");
  settings.ownership_options.as_of = a.as_of;
  settings.ownership_options.link_by_name = !a.by_id_only;
  EMBARGO_ASSIGN_OR_RETURN(ListsInForce in_force, LoadLists(settings));
  WarnAboutLists(in_force.lists, RejectedWarningsOf(settings));
  EMBARGO_ASSIGN_OR_RETURN(std::unique_ptr<Screener> lists, Screener::Build(std::move(in_force.lists)));
  EMBARGO_ASSIGN_OR_RETURN(auto ev, LoadOwnership(settings, std::shared_ptr<const Screener>(std::move(lists))));

  std::vector<OwnedEntity> results;
  if (!a.explain.empty()) {
    std::optional<OwnedEntity> one = ev->Explain(a.explain);
    if (!one) return Status::NotFound("--explain '" + a.explain + "': no such entity in the graph");
    results.push_back(std::move(*one));
  } else {
    results = ev->Results();
  }
  size_t blocked = 0, review = 0;
  for (const OwnedEntity& e : results) {
    blocked += e.status == OwnershipStatus::kBlocked;
    review += e.status == OwnershipStatus::kReview;
  }
  if (a.format == "json") {
    nlohmann::json entities = nlohmann::json::array();
    for (const OwnedEntity& e : results) entities.push_back(OwnedEntityJson(e));
    nlohmann::json j = {{"basis", OwnershipBasisJson(*ev)}, {"blocked", blocked}, {"review", review},
                        {"entities", std::move(entities)}, {"rejected", IssueLines(ev->graph().rejected, 1000)},
                        {"warnings", IssueLines(ev->graph().warnings, 1000)}};
    std::cout << JsonText(j, 2) << "\n";
  } else {
    for (const OwnedEntity& e : results) PrintEntity(e);
    PrintBasis(*ev, blocked, review);
  }
  // Records that could not be used may hide a holding: the result is not complete, never clear.
  if (const auto& rejected = ev->graph().rejected; !rejected.empty())
    return Status::InvalidArgument("ownership graph: " + std::to_string(rejected.size()) +
                                   " records not used, so the result may be incomplete (first: " + rejected[0].file +
                                   ":" + std::to_string(rejected[0].line) + ": " + rejected[0].reason + ")");
  return AlertIf(blocked + review > 0);
}

}  // namespace embargo::cli
