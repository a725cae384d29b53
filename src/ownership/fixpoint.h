// The rules as a fixpoint over the graph: which entities are blocked, possibly blocked, or held
// below the rule, given the entities linked to list records (the roots).
//
// Every node's state is a function of its owners' states (Evaluate pulls over its holdings). The
// function is monotone, so iterating from "nothing blocked" reaches the least fixpoint: a cycle of
// companies holding each other is blocked only if blocked persons reach into it, and evaluation
// ends. A change re-evaluates only what it can reach (Reevaluate: delete and re-derive).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "embargo/ownership.h"
#include "embargo/status.h"
#include "ownership/graph.h"

namespace embargo::ownership {

struct RuleParams {
  OwnershipRule rule = OwnershipRule::kOfac;
  uint32_t threshold = 50 * kUnitsPerPercent;
  bool strict = false;          // EU, UK: more than 50 %; OFAC: 50 % or more
  bool aggregate = true;        // OFAC, EU: several blocked persons' holdings add up; UK: per person
  bool control_blocks = false;  // EU, UK: control blocks; OFAC: control is a review
  uint32_t review_below = 25 * kUnitsPerPercent;  // 0: no review below the rule
  bool Meets(uint64_t units) const { return strict ? units > threshold : units >= threshold; }
};
RuleParams ParamsOf(OwnershipRule rule, double review_below_percent);

// Interests looked through unblocked entities below this fraction are not followed further.
inline constexpr float kLookFloor = 0.01f;

enum StateFlags : uint8_t {
  kListed = 1,       // linked to a list record
  kBlocked = 2,      // listed, or blocked by the rule
  kCertain = 4,      // blocked through roots linked by id or identifier only
  kPossible = 8,     // blocked, or blocked if unknown shares or ranges are at their highest
  kControlled = 16,  // a blocked owner controls it
  kDirected = 32,    // a blocked person sits on its board
  kManyPersons = 64, // UK: attributed to more designated persons than kMaxPersons: to each of them
};

// Under the UK rule an entity is owned or controlled by designated persons one by one: these are
// the persons (listed nodes, in id order) it is attributed to. More than this many at once only
// happens when shares add up to far over 100 % or several persons control it; such an entity is
// attributed to every person (kManyPersons), which keeps the iteration monotone.
inline constexpr size_t kMaxPersons = 4;

struct NodeState {
  uint32_t lower = 0;  // units held by blocked owners (UK: by the person holding most)
  uint32_t upper = 0;  // units blocked or possibly blocked owners may hold
  float look = 0;      // blocked persons' interest, looked through unblocked entities (0..1)
  uint8_t flags = 0;
  std::array<uint32_t, kMaxPersons> persons = {kNone, kNone, kNone, kNone};  // UK; a listed node: itself
  bool active() const { return flags != 0 || lower != 0 || upper != 0 || look != 0; }
  bool AttributedTo(uint32_t person) const {
    return (flags & kManyPersons) || (person != kNone && std::find(persons.begin(), persons.end(), person) != persons.end());
  }
  bool SharesPerson(const NodeState& other) const {
    if ((flags & kManyPersons) || (other.flags & kManyPersons)) return true;
    for (uint32_t p : persons)
      if (other.AttributedTo(p)) return true;
    return false;
  }
};

// Listing of a node: 0, kListed, or kListed | kCertain (linked by id or identifier).
using Listing = std::vector<uint8_t>;

// Shares derived from sharesCount/sharesValue for one asset: the holdings in force that give a
// count of the same kind, and whether every holding in force does.
struct CountBasis {
  double total = 0;
  uint16_t basis = 0;
  bool complete = false;
};
CountBasis CountsOf(const Graph& g, uint32_t asset, const PartialDate& as_of);
// The share a holding counts with: as published, else derived from counts (a range from 0 when the
// asset's counts are incomplete), else unknown.
ShareRange ShareOf(const Holding& h, const CountBasis& counts);

// The status an entity is reported with.
OwnershipStatus StatusOf(const NodeState& s, const RuleParams& rule);

class Fixpoint {
 public:
  // `g`, `listing` and `state` must outlive the Fixpoint; `state` is sized to the graph by it.
  Fixpoint(const Graph& g, const RuleParams& rule, const PartialDate& as_of, const Listing& listing,
           std::vector<NodeState>& state);

  // Evaluates every node from nothing blocked. Fails (Internal) only if the iteration bound,
  // far above what any graph needs, is passed.
  Status EvaluateAll();
  // Re-evaluates after the inputs of `dirty` changed (their holdings, their listing). `before`
  // receives every node whose state it reconsidered, with the state it had.
  Status Reevaluate(const std::vector<uint32_t>& dirty, std::vector<std::pair<uint32_t, NodeState>>& before);

  // A node's state from its owners' current states.
  NodeState Evaluate(uint32_t n) const;
  // What a node's holdings in force make of it, whether or not it is listed itself.
  NodeState Held(uint32_t n) const;
  size_t evaluations() const { return evaluations_; }

 private:
  void Enqueue(uint32_t n);
  Status Run(std::vector<std::pair<uint32_t, NodeState>>* before);

  const Graph& g_;
  RuleParams rule_;
  PartialDate as_of_;
  const Listing& listing_;
  std::vector<NodeState>& state_;
  std::vector<uint32_t> queue_;
  std::vector<uint8_t> mark_;  // 1 queued, 2 reconsidered in this update (before recorded)
  size_t evaluations_ = 0;
};

}  // namespace embargo::ownership
