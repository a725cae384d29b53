#include "ownership/fixpoint.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace embargo::ownership {
namespace {

struct Group {
  uint32_t root;
  uint64_t units;
};

// What an asset's holdings in force add up to, given its owners' states.
struct Tally {
  uint64_t lower = 0, upper = 0, certain = 0;
  double look = 0;
  bool controlled = false, controlled_certain = false, possibly_controlled = false, directed = false;
  uint32_t control_root = kNone;
};

uint32_t Clamp(uint64_t units) { return units > 0xFFFFFFFFull ? 0xFFFFFFFFu : static_cast<uint32_t>(units); }

void AddToGroup(std::vector<Group>& groups, uint32_t root, uint64_t units) {
  for (Group& g : groups)
    if (g.root == root) {
      g.units += units;
      return;
    }
  groups.push_back({root, units});
}

}  // namespace

RuleParams ParamsOf(OwnershipRule rule, double review_below_percent) {
  RuleParams p;
  p.rule = rule;
  p.strict = rule != OwnershipRule::kOfac;
  p.aggregate = rule != OwnershipRule::kUk;
  p.control_blocks = rule != OwnershipRule::kOfac;
  double units = std::round(std::clamp(review_below_percent, 0.0, 100.0) * kUnitsPerPercent);
  p.review_below = static_cast<uint32_t>(units);
  return p;
}

CountBasis CountsOf(const Graph& g, uint32_t asset, const PartialDate& as_of) {
  CountBasis c;
  bool mixed = false, missing = false;
  for (uint32_t h : g.in[asset]) {
    const Holding& x = g.holdings[h];
    if (!(x.relation & kOwns) || !InForce(x.start, x.end, as_of)) continue;
    if (x.shares_basis == 0) {
      missing |= x.share.kind == ShareKind::kUnknown;
      continue;
    }
    if (c.basis != 0 && c.basis != x.shares_basis) mixed = true;
    c.basis = x.shares_basis;
    c.total += x.shares;
  }
  // Holdings published with a percentage do not enter the total; ones with neither leave it open.
  c.complete = !mixed && !missing && c.total > 0;
  if (mixed) c.total = 0;
  return c;
}

ShareRange ShareOf(const Holding& h, const CountBasis& counts) {
  if (h.share.kind != ShareKind::kUnknown || h.shares_basis == 0 || counts.total <= 0 || h.shares_basis != counts.basis)
    return h.share;
  double fraction = std::min(1.0, h.shares / counts.total);
  uint32_t units = static_cast<uint32_t>(std::llround(fraction * kFullShare));
  // Incomplete counts: the total may be larger, so the share is at most this.
  return counts.complete ? ShareRange{units, units, ShareKind::kDerived} : ShareRange{0, units, ShareKind::kDerived};
}

OwnershipStatus StatusOf(const NodeState& s, const RuleParams& rule) {
  if (s.flags & kListed) return OwnershipStatus::kListed;
  if (s.flags & kBlocked) return OwnershipStatus::kBlocked;
  if (s.flags & (kPossible | kControlled | kDirected)) return OwnershipStatus::kReview;
  if (rule.review_below > 0 && s.look * static_cast<float>(kFullShare) + 0.5f >= static_cast<float>(rule.review_below))
    return OwnershipStatus::kReview;
  return OwnershipStatus::kClear;
}

Fixpoint::Fixpoint(const Graph& g, const RuleParams& rule, const PartialDate& as_of, const Listing& listing,
                   std::vector<NodeState>& state)
    : g_(g), rule_(rule), as_of_(as_of), listing_(listing), state_(state) {
  state_.resize(g_.nodes.size());
  mark_.assign(g_.nodes.size(), 0);
}

NodeState Fixpoint::Evaluate(uint32_t n) const {
  NodeState s;
  if (n < listing_.size() && (listing_[n] & kListed)) {
    s.flags = static_cast<uint8_t>(kListed | kBlocked | kPossible | (listing_[n] & kCertain));
    s.look = 1;
    s.root = n;
    return s;
  }
  thread_local std::vector<Group> groups;
  groups.clear();
  Tally t;
  CountBasis counts;
  bool counted = false;
  for (uint32_t h : g_.in[n]) {
    const Holding& x = g_.holdings[h];
    if (!InForce(x.start, x.end, as_of_)) continue;
    const NodeState& o = state_[x.owner];
    bool blocked = o.flags & kBlocked;
    if (x.relation & kOwns) {
      if (!counted && x.shares_basis != 0 && x.share.kind == ShareKind::kUnknown) counts = CountsOf(g_, n, as_of_), counted = true;
      ShareRange share = ShareOf(x, counts);
      if (blocked) {
        t.lower += share.low;
        if (o.flags & kCertain) t.certain += share.low;
        if (!rule_.aggregate) AddToGroup(groups, o.root, share.low);
      }
      if (o.flags & kPossible) t.upper += share.high;
      double weight = blocked ? 1.0 : (o.look >= kLookFloor ? o.look : 0.0);
      t.look += weight * share.low / kFullShare;
    }
    if ((x.relation & kControls) && blocked) {
      t.controlled = true;
      if (o.flags & kCertain) t.controlled_certain = true, t.control_root = o.root;
      else if (t.control_root == kNone) t.control_root = o.root;
    } else if ((x.relation & kControls) && (o.flags & kPossible)) {
      t.possibly_controlled = true;
    }
    if ((x.relation & kDirects) && blocked) t.directed = true;
  }
  bool blocked = false, certain = false;
  if (rule_.aggregate) {
    blocked = rule_.Meets(t.lower);
    certain = rule_.Meets(t.certain);
    s.lower = Clamp(t.lower);
  } else {
    // UK: the designated person it is attributed to keeps it while that person's holdings meet
    // the rule (stable, so the iteration settles); else the best person whose holdings do.
    const Group* best = nullptr;
    const uint32_t old_root = state_[n].root;
    auto rank = [&](const Group& g) {
      bool sure = g.root < listing_.size() && (listing_[g.root] & kCertain);
      return std::tuple(g.root == old_root, sure, g.units, ~g.root);
    };
    for (const Group& g : groups)
      if (rule_.Meets(g.units) && (!best || rank(g) > rank(*best))) best = &g;
    uint64_t top = 0;
    for (const Group& g : groups) top = std::max(top, g.units);
    s.lower = Clamp(best ? best->units : top);
    if (best) {
      blocked = true;
      s.root = best->root;
      certain = best->root < listing_.size() && (listing_[best->root] & kCertain);
    }
  }
  if (rule_.control_blocks && t.controlled && !blocked) {
    blocked = true;
    certain = t.controlled_certain;
    s.root = t.control_root;
  }
  s.upper = Clamp(t.upper);
  uint8_t f = 0;
  if (blocked) f |= kBlocked | kPossible | (certain ? kCertain : 0);
  if (rule_.Meets(t.upper) || (rule_.control_blocks && t.possibly_controlled)) f |= kPossible;
  if (t.controlled) f |= kControlled;
  if (t.directed) f |= kDirected;
  s.flags = f;
  s.look = blocked ? 1.0f : static_cast<float>(std::min(1.0, t.look));
  if (rule_.aggregate) s.root = kNone;  // attribution to one person matters under the UK rule only
  return s;
}

void Fixpoint::Enqueue(uint32_t n) {
  if (mark_[n] & 1) return;
  mark_[n] |= 1;
  queue_.push_back(n);
}

// What the assets of a node see of it changed (look-through changes under 0.01 point are not
// passed on, so that cycles of partial holdings settle).
static bool Differs(const NodeState& a, const NodeState& b) {
  return a.flags != b.flags || a.root != b.root || std::fabs(a.look - b.look) > 1e-4f;
}

Status Fixpoint::Run(std::vector<std::pair<uint32_t, NodeState>>* before) {
  // Every node changes a bounded number of times (flags only rise; look-through rises by a
  // least step to at most 1); the bound guards against a defect, not a graph.
  const size_t limit = 64 * (g_.nodes.size() + g_.holdings.size()) + 1024;
  for (size_t head = 0; head < queue_.size(); ++head) {
    uint32_t n = queue_[head];
    mark_[n] &= static_cast<uint8_t>(~1);
    if (++evaluations_ > limit) return Status::Internal("ownership evaluation did not settle (iteration bound reached)");
    NodeState next = Evaluate(n);
    NodeState& cur = state_[n];
    bool pass_on = Differs(cur, next);
    if (before && !(mark_[n] & 2) && (pass_on || cur.lower != next.lower || cur.upper != next.upper || cur.look != next.look)) {
      mark_[n] |= 2;
      before->emplace_back(n, cur);
    }
    cur = next;
    if (pass_on)
      for (uint32_t h : g_.out[n]) Enqueue(g_.holdings[h].asset);
    if (head > 4096 && head * 2 > queue_.size()) {  // drop the processed half
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(head + 1));
      head = static_cast<size_t>(-1);
    }
  }
  queue_.clear();
  return Status::Ok();
}

Status Fixpoint::EvaluateAll() {
  state_.assign(g_.nodes.size(), NodeState{});
  mark_.assign(g_.nodes.size(), 0);
  for (uint32_t n = 0; n < listing_.size() && n < g_.nodes.size(); ++n)
    if (listing_[n] & kListed) Enqueue(n);
  return Run(nullptr);
}

Status Fixpoint::Reevaluate(const std::vector<uint32_t>& dirty, std::vector<std::pair<uint32_t, NodeState>>& before) {
  state_.resize(g_.nodes.size());
  mark_.assign(g_.nodes.size(), 0);
  // Delete: everything the changed nodes reach through nodes that pass something on goes back to
  // nothing blocked (their old states may rest on what changed, cycles included) ...
  std::vector<uint32_t> reset;
  for (uint32_t n : dirty)
    if (!(mark_[n] & 2)) mark_[n] |= 2, reset.push_back(n);
  for (size_t i = 0; i < reset.size(); ++i) {
    uint32_t n = reset[i];
    if (!state_[n].active()) continue;  // it passed nothing on: what it holds did not rest on it
    for (uint32_t h : g_.out[n]) {
      uint32_t a = g_.holdings[h].asset;
      if (!(mark_[a] & 2)) mark_[a] |= 2, reset.push_back(a);
    }
  }
  for (uint32_t n : reset) {
    before.emplace_back(n, state_[n]);
    state_[n] = NodeState{};
  }
  // ... and is derived again from the owners outside it, and from each other.
  for (uint32_t n : reset) Enqueue(n);
  return Run(&before);
}

}  // namespace embargo::ownership
