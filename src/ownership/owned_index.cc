// Screening parties against the entities blocked by ownership or to review, and those entities
// as a list for screening paths that take lists.
#include <algorithm>

#include "common/sha256.h"
#include "ownership/evaluator_impl.h"

namespace embargo {

ListLoad OwnershipEvaluator::AsList() const {
  const ownership::Graph& g = *impl_->graph;
  ListLoad list;
  list.dataset = "ownership-" + std::string(OwnershipRuleName(impl_->options.rule));
  // The title names the graph's version: screening results record it with the list versions.
  list.title = "Owned or controlled by listed persons (" + std::string(OwnershipRuleTitle(impl_->options.rule)) +
               ", graph " + g.Version() + ")";
  list.format = "ownership-graph";
  list.files = g.files;
  list.published = impl_->as_of.ToString();
  std::string basis = g.Version() + "|" + list.dataset + "|" + list.published;
  for (const ListLoad& l : impl_->lists->lists()) basis += "|" + l.dataset + ":" + l.content_hash;
  list.content_hash = Sha256Hex(basis);
  for (const OwnedEntity& owned : Results()) {
    Entity e = g.NodeEntity(g.Find(owned.id));
    e.dataset = list.dataset;
    e.native_id = owned.id;
    e.id = list.dataset + ":" + owned.id;
    e.remarks = owned.reason + ": " + owned.explanation;
    e.programs = {owned.status == OwnershipStatus::kBlocked ? std::string(OwnershipRuleTitle(owned.rule)) : "ownership review"};
    for (const OwnershipRoot& r : owned.roots) e.linked_to.push_back(r.entity_id);
    list.entities.push_back(std::move(e));
  }
  return list;
}

void OwnershipEvaluator::Impl::Invalidate() {
  std::lock_guard<std::mutex> lock(index_mu);
  index.reset();
}

std::shared_ptr<const ownership::OwnedIndex> OwnershipEvaluator::Impl::Index() const {
  std::lock_guard<std::mutex> lock(index_mu);
  return index;
}

StatusOr<std::vector<OwnershipHit>> OwnershipEvaluator::Screen(const Query& query, const MatchOptions& options) const {
  std::shared_ptr<const ownership::OwnedIndex> idx;
  {
    std::lock_guard<std::mutex> lock(impl_->index_mu);
    if (!impl_->index) {
      auto built = std::make_shared<ownership::OwnedIndex>();
      ListLoad list = AsList();
      if (!list.entities.empty()) {
        std::vector<ListLoad> lists;
        lists.push_back(std::move(list));
        EMBARGO_ASSIGN_OR_RETURN(built->screener, Screener::Build(std::move(lists)));
      }
      impl_->index = std::move(built);
    }
    idx = impl_->index;
  }
  std::vector<OwnershipHit> hits;
  if (!idx->screener) return hits;
  MatchOptions opts = options;
  opts.merge_linked = false;
  EMBARGO_ASSIGN_OR_RETURN(ScreenResult result, idx->screener->Screen(query, opts));
  ownership::Explainer explainer = impl_->explainer();
  for (Hit& h : result.hits) {
    if (h.score < options.threshold) continue;
    uint32_t n = impl_->graph->Find(h.entity->native_id);
    if (n == ownership::kNone) continue;
    hits.push_back({std::move(h), explainer.Explain(n), idx});
  }
  return hits;
}

}  // namespace embargo
