// Linking graph entities to list records: by id where the graph uses list ids, else by screening
// the entity's names, identifiers, countries and birth dates with the Screener (a hit at or above
// the link threshold links it; the hit's score and matched name explain the link).
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "embargo/ownership.h"
#include "embargo/screener.h"
#include "ownership/graph.h"

namespace embargo::ownership {

using RootMap = std::unordered_map<uint32_t, std::vector<OwnershipRoot>>;

class Linker {
 public:
  // `lists` must outlive the Linker.
  Linker(const Screener& lists, const OwnershipOptions& options);

  // The list records node `n` is linked to: its id's record, else the best name hit at or above
  // the threshold with the records linked to it (empty when none, or when linking by name is off).
  std::vector<OwnershipRoot> Link(const Graph& g, uint32_t n) const;
  // Links `nodes` (in parallel with options.threads) into `out`; links found are counted in `stats`.
  void LinkAll(const Graph& g, const std::vector<uint32_t>& nodes, RootMap& out, OwnershipStats& stats) const;
  const Entity* FindListed(std::string_view id) const;

 private:
  std::vector<OwnershipRoot> LinkByName(const Graph& g, uint32_t n) const;

  const Screener& lists_;
  OwnershipOptions options_;
  std::unordered_map<std::string_view, const Entity*> by_id_;
};

// Whether a node's list records rest on ids or identical identifiers only.
bool AllCertain(const std::vector<OwnershipRoot>& roots);

}  // namespace embargo::ownership
