// Why an entity is blocked or to review: the relations that count, each traced to the list
// records at its roots, as words ("68 % held by blocked persons: 50 % by ofac-sdn:1 (X) via A,
// 18 % by ...") and as a tree of paths.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "embargo/ownership.h"
#include "ownership/fixpoint.h"
#include "ownership/graph.h"
#include "ownership/link.h"

namespace embargo::ownership {

class Explainer {
 public:
  // Everything must outlive the Explainer.
  Explainer(const Graph& g, const RuleParams& rule, const PartialDate& as_of, const std::vector<NodeState>& state,
            const RootMap& roots);
  OwnedEntity Explain(uint32_t n) const;

 private:
  // A relation that counts towards a node's status, and for which reason.
  struct Part {
    uint32_t holding;
    ShareRange share;
    uint8_t relation;  // the RelationFlags it counts with
  };
  enum Reason : uint8_t { kByRule, kPossibly, kControlReview, kDirector, kBelowRule };

  std::vector<Part> Parts(uint32_t n, Reason why) const;
  OwnershipPath PathOf(const Part& part, int depth, std::vector<uint32_t>& visiting) const;
  // "50 % by ofac-sdn:1 (PUTIN, Vladimir) via Acme Holding Ltd".
  std::string Describe(const Part& part) const;
  // The chain of blocked owners above `n` to a listed one, along the largest holdings.
  std::string ChainToList(uint32_t n, std::vector<uint32_t>& via) const;
  std::string RootLabel(uint32_t listed) const;
  std::string Headline(uint32_t n, Reason why, const std::vector<Part>& parts) const;
  void CollectRoots(const OwnershipPath& p, std::vector<OwnershipRoot>& out) const;

  const Graph& g_;
  RuleParams rule_;
  PartialDate as_of_;
  const std::vector<NodeState>& state_;
  const RootMap& roots_;
};

}  // namespace embargo::ownership
