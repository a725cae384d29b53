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
  uint64_t every = 0;  // UK: held by owners attributed to every designated person
  double look = 0;
  bool controlled = false, controlled_certain = false, controlled_by_many = false, possibly_controlled = false,
       directed = false;
  std::vector<Group>& groups;          // UK: units held per designated person
  std::vector<uint32_t>& controllers;  // designated persons controlling the asset

  void Add(const Holding& x, const NodeState& owner, const ShareRange& share, bool aggregate);
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

void Tally::Add(const Holding& x, const NodeState& o, const ShareRange& share, bool aggregate) {
  bool blocked = o.flags & kBlocked;
  if (x.relation & kOwns) {
    if (blocked) {
      lower += share.low;
      if (o.flags & kCertain) certain += share.low;
      if (!aggregate && (o.flags & kManyPersons)) every += share.low;
      else if (!aggregate)
        for (uint32_t p : o.persons)
          if (p != kNone) AddToGroup(groups, p, share.low);
    }
    if (o.flags & kPossible) upper += share.high;
    double weight = blocked ? 1.0 : (o.look >= kLookFloor ? o.look : 0.0);
    look += weight * share.low / kFullShare;
  }
  if ((x.relation & kControls) && blocked) {
    controlled = true;
    controlled_certain |= (o.flags & kCertain) != 0;
    controlled_by_many |= (o.flags & kManyPersons) != 0;
    for (uint32_t p : o.persons)
      if (p != kNone) controllers.push_back(p);
  } else if ((x.relation & kControls) && (o.flags & kPossible)) {
    possibly_controlled = true;
  }
  if ((x.relation & kDirects) && blocked) directed = true;
}

struct Outcome {
  bool blocked = false, certain = false, many = false;
};

// OFAC and EU: holdings of all blocked owners add up.
Outcome Aggregated(const Tally& t, const RuleParams& rule, NodeState& s) {
  Outcome out;
  out.blocked = rule.Meets(t.lower) || (rule.control_blocks && t.controlled);
  out.certain = rule.Meets(t.certain) || (rule.control_blocks && t.controlled_certain);
  s.lower = Clamp(t.lower);
  return out;
}

// UK: each designated person whose own holdings (directly or through entities attributed to
// them) meet the rule, or who controls it. Owners attributed to every person count in each
// person's holdings (t.every).
Outcome PerPerson(Tally& t, const RuleParams& rule, const Listing& listing, NodeState& s) {
  Outcome out;
  std::vector<uint32_t>& controllers = t.controllers;
  uint64_t top = 0;
  for (const Group& g : t.groups) {
    top = std::max(top, g.units);
    if (rule.Meets(g.units + t.every)) controllers.push_back(g.root);
  }
  std::sort(controllers.begin(), controllers.end());
  controllers.erase(std::unique(controllers.begin(), controllers.end()), controllers.end());
  for (size_t i = 0; i < controllers.size() && i < kMaxPersons; ++i) {
    s.persons[i] = controllers[i];
    out.certain |= controllers[i] < listing.size() && (listing[controllers[i]] & kCertain);
  }
  out.many = controllers.size() > kMaxPersons || t.controlled_by_many || rule.Meets(t.every);
  if (out.many) s.persons.fill(kNone);  // every person: the ones named do not matter
  out.certain |= out.many && rule.Meets(t.certain);
  out.blocked = out.many || !controllers.empty();
  s.lower = Clamp(top + t.every);
  return out;
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
  bool listed = n < listing_.size() && (listing_[n] & kListed);
  NodeState s;
  s.flags = static_cast<uint8_t>(kListed | kBlocked | kPossible | (listed ? listing_[n] & kCertain : 0));
  s.look = 1;
  s.persons[0] = n;
  if (listed && (s.flags & kCertain)) return s;
  // Linked by name only, it is listed if the link is confirmed; what its owners make of it may be
  // certain, and a certain block outranks a link to confirm.
  NodeState held = Held(n);
  return !listed || ((held.flags & kBlocked) && (held.flags & kCertain)) ? held : s;
}

NodeState Fixpoint::Held(uint32_t n) const {
  NodeState s;
  thread_local std::vector<Group> groups;
  thread_local std::vector<uint32_t> controllers;
  groups.clear();
  controllers.clear();
  Tally t{.groups = groups, .controllers = controllers};
  CountBasis counts;
  bool counted = false;
  for (uint32_t h : g_.in[n]) {
    const Holding& x = g_.holdings[h];
    // A company's own shares (treasury shares) are held by no one who could be blocked.
    if (!InForce(x.start, x.end, as_of_) || x.owner == n) continue;
    if ((x.relation & kOwns) && !counted && x.shares_basis != 0 && x.share.kind == ShareKind::kUnknown)
      counts = CountsOf(g_, n, as_of_), counted = true;
    t.Add(x, state_[x.owner], ShareOf(x, counts), rule_.aggregate);
  }
  auto [blocked, certain, many] = rule_.aggregate ? Aggregated(t, rule_, s) : PerPerson(t, rule_, listing_, s);
  s.upper = Clamp(t.upper);
  uint8_t f = 0;
  if (blocked) f |= kBlocked | kPossible | (certain ? kCertain : 0);
  if (rule_.Meets(t.upper) || (rule_.control_blocks && t.possibly_controlled)) f |= kPossible;
  if (t.controlled) f |= kControlled;
  if (t.directed) f |= kDirected;
  if (many) f |= kManyPersons;
  s.flags = f;
  s.look = blocked ? 1.0f : static_cast<float>(std::min(1.0, t.look));
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
  return a.flags != b.flags || a.persons != b.persons || std::fabs(a.look - b.look) > 1e-4f;
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
