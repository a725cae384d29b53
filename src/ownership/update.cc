// Incremental updates: a changed holding, a new version of the graph, a new version of the lists.
// Each finds the nodes whose inputs changed and re-evaluates what they reach (Fixpoint::Reevaluate).
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "entity/ftm_json.h"
#include "ownership/evaluator_impl.h"

namespace embargo {

using ownership::Graph;
using ownership::Holding;
using ownership::kNone;

namespace {

// An edit as a holding (owner and asset not yet set); the error names the edit and the field.
StatusOr<Holding> ParseEdit(const HoldingEdit& e, size_t i) {
  std::string where = "edit " + std::to_string(i + 1) + ": ";
  if (e.owner_id.empty()) return Status::InvalidArgument(where + "owner_id: empty");
  if (e.asset_id.empty()) return Status::InvalidArgument(where + "asset_id: empty");
  Holding h;
  auto share = ownership::ParseShare(e.percentage);
  if (!share.ok()) return std::move(share).status().WithContext(where + "percentage");
  h.share = *share;
  auto relation = ownership::ParseRelation(e.relation, h.share);
  if (!relation.ok()) return std::move(relation).status().WithContext(where + "relation");
  h.relation = *relation;
  for (auto [text, date, field] : {std::tuple{&e.start, &h.start, "start"}, std::tuple{&e.end, &h.end, "end"}}) {
    if (text->empty()) continue;
    auto d = PartialDate::Parse(*text);
    if (!d) return Status::InvalidArgument(where + field + " '" + *text + "': not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    *date = *d;
  }
  h.line = static_cast<uint32_t>(i + 1);
  return h;
}

uint16_t EditsFile(Graph& g) {
  for (size_t i = 0; i < g.files.size(); ++i)
    if (g.files[i] == "edits") return static_cast<uint16_t>(i);
  g.files.push_back("edits");
  return static_cast<uint16_t>(g.files.size() - 1);
}

void NameNode(Graph& g, uint32_t n, const std::string& name) {
  if (g.nodes[n].defined || name.empty()) return;
  g.nodes[n].defined = true;
  g.nodes[n].name = name;
}

// A node's holdings in words, to tell which nodes' inputs differ between two graph versions.
std::vector<std::string> HeldBy(const Graph& g, uint32_t n) {
  std::vector<std::string> out;
  for (uint32_t h : g.in[n]) {
    const Holding& x = g.holdings[h];
    std::string basis = x.shares_basis < 2 ? std::to_string(x.shares_basis) : g.currencies[x.shares_basis - 2u];
    out.push_back(g.IdOf(x.owner) + '\x1f' + std::to_string(x.relation) + '\x1f' + std::to_string(x.share.low) + '-' +
                  std::to_string(x.share.high) + '-' + std::to_string(static_cast<int>(x.share.kind)) + '\x1f' +
                  std::to_string(x.shares) + '\x1f' + basis + '\x1f' + x.start.ToString() + '\x1f' + x.end.ToString());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What linking reads of an entity (names, identifiers, countries, dates, schema).
std::string LinkKey(const Entity& e) { return std::string(SchemaName(e.schema)) + FtmProperties(e).dump(); }

}  // namespace

StatusOr<std::vector<OwnershipChange>> OwnershipEvaluator::ApplyEdits(const std::vector<HoldingEdit>& edits) {
  Impl& m = *impl_;
  Graph& g = *m.graph;
  std::vector<Holding> parsed;
  for (size_t i = 0; i < edits.size(); ++i) {
    EMBARGO_ASSIGN_OR_RETURN(Holding h, ParseEdit(edits[i], i));
    parsed.push_back(h);
  }
  const uint16_t file = EditsFile(g);
  std::vector<uint32_t> dirty, new_owners;
  for (size_t i = 0; i < edits.size(); ++i) {
    const HoldingEdit& e = edits[i];
    uint32_t owner = g.Intern(e.owner_id), asset = g.Intern(e.asset_id);
    NameNode(g, owner, e.owner_name);
    NameNode(g, asset, e.asset_name);
    bool was_owner = !g.out[owner].empty();
    for (uint32_t h : std::vector<uint32_t>(g.in[asset]))
      if (g.holdings[h].owner == owner && (g.holdings[h].relation & parsed[i].relation)) g.RemoveHolding(h);
    if (!e.remove) {
      Holding h = parsed[i];
      h.owner = owner;
      h.asset = asset;
      h.file = file;
      g.AddHolding(h);
    }
    ++g.edits;
    dirty.push_back(asset);
    if (!was_owner && !g.out[owner].empty()) new_owners.push_back(owner);
  }
  m.state.resize(g.nodes.size());
  m.listing.resize(g.nodes.size(), 0);
  for (uint32_t n : new_owners)
    if (m.SetRoots(n, m.linker->Link(g, n))) dirty.push_back(n);
  if (!new_owners.empty()) m.owner_index.reset();
  return m.Reevaluate(dirty);
}

StatusOr<std::vector<OwnershipChange>> OwnershipEvaluator::UpdateGraph(const std::vector<std::string>& files) {
  Impl& m = *impl_;
  EMBARGO_ASSIGN_OR_RETURN(std::unique_ptr<Graph> next, ownership::LoadGraph(files));
  const Graph& old = *m.graph;
  std::vector<ownership::NodeState> state(next->nodes.size());
  ownership::Listing listing(next->nodes.size(), 0);
  ownership::RootMap roots;
  std::vector<uint32_t> dirty, relink;
  for (uint32_t n = 0; n < next->nodes.size(); ++n) {
    uint32_t o = old.Find(next->IdOf(n));
    bool owner = !next->out[n].empty();
    if (o == kNone) {
      if (!next->in[n].empty()) dirty.push_back(n);
      if (owner) relink.push_back(n);
      continue;
    }
    state[n] = m.state[o];
    for (uint32_t& p : state[n].persons)
      if (p != kNone) p = next->Find(old.IdOf(p));
    if (auto it = m.roots.find(o); it != m.roots.end()) {
      listing[n] = m.listing[o];
      roots[n] = it->second;
    }
    if (owner && (old.out[o].empty() || LinkKey(old.NodeEntity(o)) != LinkKey(next->NodeEntity(n)))) relink.push_back(n);
    if (HeldBy(old, o) != HeldBy(*next, n)) dirty.push_back(n);
  }
  m.graph = std::move(next);
  m.info_of = nullptr;  // a new graph: its issues are copied anew
  m.state = std::move(state);
  m.listing = std::move(listing);
  m.roots = std::move(roots);
  m.owner_index.reset();
  for (uint32_t n : relink)
    if (m.SetRoots(n, m.linker->Link(*m.graph, n))) dirty.push_back(n);
  return m.Reevaluate(dirty);
}

namespace {

// List records new in `next` or changed in what linking reads.
std::vector<const Entity*> ChangedRecords(const std::vector<ListLoad>& before, const std::vector<ListLoad>& next) {
  std::unordered_map<std::string, std::string> keys;
  for (const ListLoad& l : before)
    for (const Entity& e : l.entities) keys.emplace(e.id, LinkKey(e));
  std::vector<const Entity*> out;
  for (const ListLoad& l : next)
    for (const Entity& e : l.entities)
      if (auto it = keys.find(e.id); it == keys.end() || it->second != LinkKey(e)) out.push_back(&e);
  return out;
}

}  // namespace

StatusOr<std::vector<OwnershipChange>> OwnershipEvaluator::UpdateLists(std::shared_ptr<const Screener> lists) {
  Impl& m = *impl_;
  if (!lists) return Status::InvalidArgument("ownership evaluation needs the lists");
  const Graph& g = *m.graph;
  std::shared_ptr<const Screener> before = std::move(m.lists);
  m.lists = std::move(lists);
  m.linker = std::make_unique<ownership::Linker>(*m.lists, m.options);
  std::set<uint32_t> relink;
  for (const auto& [n, r] : m.roots) relink.insert(n);  // their records may be gone or changed
  for (const ListLoad& l : m.lists->lists())
    for (const Entity& e : l.entities)
      if (uint32_t n = g.Find(e.id); n != kNone && !g.out[n].empty()) relink.insert(n);
  if (m.options.link_by_name) {
    std::vector<const Entity*> changed = ChangedRecords(before->lists(), m.lists->lists());
    EMBARGO_RETURN_IF_ERROR(m.OwnersMatching(changed, relink));
  }
  std::vector<uint32_t> dirty;
  for (uint32_t n : relink)
    if (m.SetRoots(n, m.linker->Link(g, n))) dirty.push_back(n);
  return m.Reevaluate(dirty);
}

Status OwnershipEvaluator::Impl::OwnersMatching(const std::vector<const Entity*>& records, std::set<uint32_t>& out) {
  if (records.empty()) return Status::Ok();
  if (!owner_index) {
    ListLoad owners;
    owners.dataset = "graph-owners";
    for (uint32_t n : Owners())
      if (!graph->nodes[n].name.empty()) owners.entities.push_back(graph->NodeEntity(n));
    if (owners.entities.empty()) return Status::Ok();
    std::vector<ListLoad> v;
    v.push_back(std::move(owners));
    EMBARGO_ASSIGN_OR_RETURN(owner_index, Screener::Build(std::move(v)));
  }
  // The reverse search is wider than the link itself: each candidate is then linked (or not)
  // by the ordinary screening of its own names against the lists.
  MatchOptions opts;
  opts.threshold = std::max(0.5, options.link_threshold - 0.15);
  opts.limit = 50;
  opts.merge_linked = false;
  for (const Entity* e : records) {
    Query q;  // no schema: graph owners often have none (the CSV form)
    for (const Identifier& id : e->identifiers) q.identifiers.push_back(id.value);
    for (const Name& name : e->names) {
      if (name.kind == NameKind::kWeakAlias) continue;
      q.name = name.value;
      auto r = owner_index->Screen(q, opts);
      if (!r.ok()) continue;
      for (const Hit& h : r->hits)
        if (uint32_t n = graph->Find(h.entity->native_id); n != kNone) out.insert(n);
    }
  }
  return Status::Ok();
}

}  // namespace embargo
