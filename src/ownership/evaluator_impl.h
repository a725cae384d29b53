// The state behind OwnershipEvaluator (include/embargo/ownership.h), shared by its files:
// evaluator.cc (loading, results), update.cc (incremental updates), owned_index.cc (screening).
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "embargo/ownership.h"
#include "ownership/explain.h"
#include "ownership/fixpoint.h"
#include "ownership/graph.h"
#include "ownership/link.h"

namespace embargo::ownership {

// The entities blocked or to review, indexed for screening.
struct OwnedIndex {
  std::unique_ptr<Screener> screener;  // null when there are none
};

}  // namespace embargo::ownership

namespace embargo {

struct OwnershipEvaluator::Impl {
  OwnershipOptions options;
  ownership::RuleParams rule;
  PartialDate as_of;
  std::shared_ptr<const Screener> lists;
  std::unique_ptr<ownership::Linker> linker;
  std::unique_ptr<ownership::Graph> graph;
  OwnershipGraphInfo info;
  const ownership::Graph* info_of = nullptr;  // the graph `info` holds the issues of
  ownership::Listing listing;  // per node
  ownership::RootMap roots;    // node -> its list records
  std::vector<ownership::NodeState> state;
  OwnershipStats stats;
  // Owners indexed by name, to find which a changed list record may match (built when needed).
  std::unique_ptr<Screener> owner_index;

  mutable std::mutex index_mu;
  mutable std::shared_ptr<const ownership::OwnedIndex> index;

  static StatusOr<std::unique_ptr<Impl>> Make(std::shared_ptr<const Screener> lists, OwnershipOptions options);
  // Links every owner and evaluates every node.
  Status Evaluate();
  // Nodes that own, control or direct something.
  std::vector<uint32_t> Owners() const;
  // Records a node's list records; true when its listing changed.
  bool SetRoots(uint32_t n, std::vector<OwnershipRoot> found);
  // Re-evaluates after `dirty` changed; the entities whose status changed.
  StatusOr<std::vector<OwnershipChange>> Reevaluate(const std::vector<uint32_t>& dirty);
  void RefreshInfo();
  // Owners whose names may match `records` (list records new or changed), by a search of the
  // owners indexed by name.
  Status OwnersMatching(const std::vector<const Entity*>& records, std::set<uint32_t>& out);
  ownership::Explainer explainer() const {
    return ownership::Explainer(*graph, rule, as_of, state, roots);
  }
  std::shared_ptr<const ownership::OwnedIndex> Index() const;
  void Invalidate();
};

}  // namespace embargo
