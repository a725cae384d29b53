#include "ownership/explain.h"

#include <algorithm>

namespace embargo::ownership {
namespace {

constexpr int kMaxDepth = 10;         // relations followed up from an entity
constexpr size_t kMaxBreadth = 16;    // relations shown per entity
constexpr size_t kMaxPaths = 200;     // relations shown per explanation
constexpr size_t kMaxInText = 8;      // relations written out in the explanation's words

double Percent(uint64_t units) { return static_cast<double>(units) / kUnitsPerPercent; }
std::string PercentText(uint64_t units) { return FormatPercent(units) + " %"; }
uint64_t LookUnits(float look) { return static_cast<uint64_t>(look * static_cast<float>(kFullShare) + 0.5f); }

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

Explainer::Explainer(const Graph& g, const RuleParams& rule, const PartialDate& as_of, const std::vector<NodeState>& state,
                     const RootMap& roots)
    : g_(g), rule_(rule), as_of_(as_of), state_(state), roots_(roots) {}

std::vector<Explainer::Part> Explainer::Parts(uint32_t n, Reason why) const {
  const NodeState& s = state_[n];
  std::vector<Part> parts;
  CountBasis counts = CountsOf(g_, n, as_of_);
  for (uint32_t h : g_.in[n]) {
    const Holding& x = g_.holdings[h];
    if (!InForce(x.start, x.end, as_of_) || x.owner == n) continue;  // own shares: as Fixpoint::Held
    const NodeState& o = state_[x.owner];
    ShareRange share = ShareOf(x, counts);
    bool blocked = o.flags & kBlocked, owns = x.relation & kOwns, controls = x.relation & kControls;
    bool member = blocked && (rule_.aggregate || o.SharesPerson(s));
    switch (why) {
      case kByRule:
        if (member && owns && share.low > 0) parts.push_back({h, share, kOwns});
        if (member && controls && rule_.control_blocks) parts.push_back({h, share, kControls});
        break;
      case kPossibly:
        if ((o.flags & kPossible) && owns && share.high > 0) parts.push_back({h, share, kOwns});
        if ((o.flags & kPossible) && controls && rule_.control_blocks) parts.push_back({h, share, kControls});
        break;
      case kControlReview:
        if (blocked && controls) parts.push_back({h, share, kControls});
        break;
      case kDirector:
        if (blocked && (x.relation & kDirects)) parts.push_back({h, share, kDirects});
        break;
      case kBelowRule:
        if (owns && share.low > 0 && (blocked || o.look >= kLookFloor)) parts.push_back({h, share, kOwns});
        break;
    }
  }
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    return std::tie(a.share.low, a.share.high) > std::tie(b.share.low, b.share.high);
  });
  return parts;
}

std::string Explainer::RootLabel(uint32_t listed) const {
  auto it = roots_.find(listed);
  if (it == roots_.end() || it->second.empty()) return g_.Label(listed);
  const OwnershipRoot& r = it->second[0];
  std::string label = r.entity_id + " (" + r.caption;
  if (r.linked_by != "id") label += ", linked by " + r.linked_by + " to " + g_.Label(listed);
  if (it->second.size() > 1) label += ", also " + std::to_string(it->second.size() - 1) + " more list record(s)";
  return label + ")";
}

std::string Explainer::ChainToList(uint32_t n, std::vector<uint32_t>& via) const {
  uint32_t cur = n;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    if (state_[cur].flags & kListed) {
      std::vector<std::string> names;
      for (auto it = via.rbegin(); it != via.rend(); ++it) names.push_back(g_.Label(*it));
      return RootLabel(cur) + (names.empty() ? "" : " via " + Join(names, " → "));
    }
    via.push_back(cur);
    std::vector<Part> up = Parts(cur, kByRule);
    if (up.empty()) break;
    uint32_t next = g_.holdings[up[0].holding].owner;
    if (std::find(via.begin(), via.end(), next) != via.end()) break;
    cur = next;
  }
  return g_.Label(n) + " (blocked)";
}

std::string Explainer::Describe(const Part& part) const {
  const Holding& x = g_.holdings[part.holding];
  const NodeState& o = state_[x.owner];
  std::string head = part.relation == kOwns ? FormatShare(part.share) + " by "
                     : part.relation == kControls ? std::string("control by ")
                                                  : std::string("director ");
  if (o.flags & kBlocked) {
    std::vector<uint32_t> via;
    return head + ChainToList(x.owner, via);
  }
  if (o.flags & kPossible) return head + g_.Label(x.owner) + " (possibly blocked)";
  return FormatShare(part.share) + " through " + g_.Label(x.owner) + " (in which blocked persons hold " +
         PercentText(LookUnits(o.look)) + ")";
}

std::string Explainer::Headline(uint32_t n, Reason why, const std::vector<Part>& parts) const {
  const NodeState& s = state_[n];
  switch (why) {
    case kByRule: {
      bool by_shares = rule_.Meets(s.lower);
      std::string held = PercentText(s.lower) +
                         (rule_.aggregate ? " held by blocked persons"
                          : (s.flags & kManyPersons)
                              ? " held by entities that several designated persons each own or control"
                              : " held by one designated person, " + RootLabel(s.persons[0]) +
                                    ", directly or through entities it owns or controls");
      if (!by_shares) return "controlled by a listed or blocked person" + (s.lower ? " (" + held + ")" : std::string());
      return held;
    }
    case kPossibly: {
      bool unknown = false, range = false;
      for (const Part& p : parts) {
        unknown |= p.share.kind == ShareKind::kUnknown || (p.share.kind == ShareKind::kDerived && p.share.low != p.share.high);
        range |= p.share.kind == ShareKind::kRange;
      }
      uint64_t together = 0;
      for (const Part& p : parts) together += (state_[g_.holdings[p.holding].owner].flags & kBlocked) ? p.share.low : 0;
      std::string kind = unknown ? "unknown share" : range ? "share range"
                         : !rule_.aggregate && rule_.Meets(together)
                             ? "several designated persons together (OFSI adds holdings only under a joint arrangement)"
                             : "possibly controlled";
      return kind + ": up to " + PercentText(s.upper) + " may be held by blocked or possibly blocked persons";
    }
    case kControlReview: return "controlled by a blocked person (control alone does not block under the OFAC 50 % rule)";
    case kDirector: return "a blocked person is a director";
    case kBelowRule:
      if (s.lower >= rule_.review_below) return PercentText(s.lower) + " held by blocked persons, below the rule";
      return "indirect holding below the rule: " + PercentText(LookUnits(s.look)) + " looked through unblocked entities";
  }
  return "";
}

OwnershipPath Explainer::PathOf(const Part& part, int depth, std::vector<uint32_t>& visiting) const {
  const Holding& x = g_.holdings[part.holding];
  const uint32_t o = x.owner;
  const NodeState& os = state_[o];
  OwnershipPath p;
  p.owner_id = g_.IdOf(o);
  p.owner_name = g_.nodes[o].name;
  p.relation = part.relation == kOwns ? "ownership" : part.relation == kControls ? "control" : "director";
  p.share = part.relation == kOwns ? FormatShare(part.share) : p.relation;
  p.share_low = Percent(part.share.low);
  p.share_high = Percent(part.share.high);
  p.source = g_.Where(x.file, x.line);
  p.owner_status = (os.flags & kListed) ? "listed" : (os.flags & kBlocked) ? "blocked" : (os.flags & kPossible) ? "possibly blocked"
                   : "indirect interest " + PercentText(LookUnits(os.look));
  if (os.flags & kListed) {
    if (auto it = roots_.find(o); it != roots_.end()) p.roots = it->second;
    return p;
  }
  if (depth >= kMaxDepth || std::find(visiting.begin(), visiting.end(), o) != visiting.end() || visiting.size() > kMaxPaths) {
    p.truncated = true;
    return p;
  }
  Reason up = (os.flags & kBlocked) ? kByRule : (os.flags & kPossible) ? kPossibly : kBelowRule;
  std::vector<Part> parts = Parts(o, up);
  visiting.push_back(o);
  for (size_t i = 0; i < parts.size() && i < kMaxBreadth; ++i) p.via.push_back(PathOf(parts[i], depth + 1, visiting));
  visiting.pop_back();
  p.truncated = parts.size() > kMaxBreadth;
  return p;
}

void Explainer::CollectRoots(const OwnershipPath& p, std::vector<OwnershipRoot>& out) const {
  for (const OwnershipRoot& r : p.roots)
    if (std::none_of(out.begin(), out.end(), [&](const OwnershipRoot& x) { return x.entity_id == r.entity_id; })) out.push_back(r);
  for (const OwnershipPath& v : p.via) CollectRoots(v, out);
}

OwnedEntity Explainer::Explain(uint32_t n) const {
  const NodeState& s = state_[n];
  OwnedEntity e;
  e.id = g_.IdOf(n);
  e.name = g_.nodes[n].name;
  e.schema = g_.nodes[n].schema;
  e.rule = rule_.rule;
  e.status = StatusOf(s, rule_);
  e.blocked_share = Percent(s.lower);
  e.possible_share = Percent(s.upper);
  e.indirect_share = Percent(LookUnits(s.look));
  if (e.status == OwnershipStatus::kListed) {
    if (auto it = roots_.find(n); it != roots_.end()) e.roots = it->second;
    e.reason = "listed";
    e.action = AllCertain(e.roots) ? Verdict::kBlock : Verdict::kReview;
    return e;
  }
  std::vector<Reason> reasons;
  if (s.flags & kBlocked) reasons.push_back(kByRule);
  else {
    if (s.flags & kPossible) reasons.push_back(kPossibly);
    if ((s.flags & kControlled) && !rule_.control_blocks) reasons.push_back(kControlReview);
    if (s.flags & kDirected) reasons.push_back(kDirector);
    // A possible block already names the holdings below the rule.
    if (!(s.flags & kPossible) && rule_.review_below > 0 && LookUnits(s.look) >= rule_.review_below)
      reasons.push_back(kBelowRule);
  }
  std::vector<std::string> segments, short_reasons;
  std::vector<uint32_t> visiting{n};
  for (Reason why : reasons) {
    std::vector<Part> parts = Parts(n, why);
    std::vector<std::string> words;
    for (size_t i = 0; i < parts.size() && i < kMaxInText; ++i) words.push_back(Describe(parts[i]));
    if (parts.size() > kMaxInText) words.push_back("and " + std::to_string(parts.size() - kMaxInText) + " more");
    std::string headline = Headline(n, why, parts);
    segments.push_back(headline + (words.empty() ? "" : ": " + Join(words, ", ")));
    short_reasons.push_back(headline.substr(0, headline.find(':')));
    for (size_t i = 0; i < parts.size() && i < kMaxBreadth; ++i) e.paths.push_back(PathOf(parts[i], 1, visiting));
  }
  for (const OwnershipPath& p : e.paths) CollectRoots(p, e.roots);
  e.explanation = Join(segments, "; ");
  if (e.status == OwnershipStatus::kBlocked) {
    bool certain = s.flags & kCertain;
    e.action = certain ? Verdict::kBlock : Verdict::kReview;
    e.reason = std::string(OwnershipRuleTitle(rule_.rule)) + (certain ? "" : " (through a name match to confirm)");
  } else {
    e.action = Verdict::kReview;
    e.reason = "review: " + Join(short_reasons, "; ");
  }
  return e;
}

}  // namespace embargo::ownership
