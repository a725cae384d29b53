#include "ownership/link.h"

#include <atomic>
#include <thread>

namespace embargo::ownership {
namespace {

OwnershipRoot RootOf(const Entity& e, const std::string& graph_id) {
  OwnershipRoot r;
  r.graph_id = graph_id;
  r.entity_id = e.id;
  r.dataset = e.dataset;
  r.caption = e.caption();
  r.programs = e.programs;
  return r;
}

}  // namespace

Linker::Linker(const Screener& lists, const OwnershipOptions& options) : lists_(lists), options_(options) {
  for (const ListLoad& l : lists_.lists())
    for (const Entity& e : l.entities) by_id_.emplace(e.id, &e);
}

const Entity* Linker::FindListed(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<OwnershipRoot> Linker::Link(const Graph& g, uint32_t n) const {
  if (const Entity* e = FindListed(g.IdOf(n))) {
    OwnershipRoot r = RootOf(*e, g.IdOf(n));
    r.linked_by = "id";
    return {r};
  }
  if (!options_.link_by_name || g.nodes[n].name.empty()) return {};
  return LinkByName(g, n);
}

std::vector<OwnershipRoot> Linker::LinkByName(const Graph& g, uint32_t n) const {
  Entity e = g.NodeEntity(n);
  Query q;
  q.schema = e.schema == Schema::kLegalEntity ? std::nullopt : std::optional<Schema>(e.schema);
  q.birth_dates = e.birth_dates;
  for (const auto* v : {&e.countries, &e.nationalities, &e.citizenships}) q.countries.insert(q.countries.end(), v->begin(), v->end());
  for (const Identifier& id : e.identifiers) q.identifiers.push_back(id.value);
  MatchOptions opts;
  opts.threshold = options_.link_threshold;
  opts.limit = 1;
  const Hit* best = nullptr;
  ScreenResult kept;
  for (const Name& name : e.names) {
    if (name.kind == NameKind::kWeakAlias) continue;
    q.name = name.value;
    auto r = lists_.Screen(q, opts);
    if (!r.ok() || r->hits.empty() || r->hits[0].score < options_.link_threshold) continue;
    if (!best || r->hits[0].score > best->score) {
      kept = std::move(*r);
      best = &kept.hits[0];
    }
  }
  if (!best) return {};
  bool identifier = false;
  for (const Evidence& ev : best->evidence) identifier |= ev.kind == "identifier" && ev.effect > 0;
  std::vector<OwnershipRoot> roots;
  auto add = [&](const Entity& listed, double score) {
    OwnershipRoot r = RootOf(listed, g.IdOf(n));
    r.linked_by = identifier ? "name and identifier" : "name";
    r.score = score;
    r.matched_name = best->matched_name;
    r.certain = identifier;
    roots.push_back(std::move(r));
  };
  add(*best->entity, best->score);
  for (const LinkedRecord& l : best->linked) add(*l.entity, best->score);
  return roots;
}

void Linker::LinkAll(const Graph& g, const std::vector<uint32_t>& nodes, RootMap& out, OwnershipStats& stats) const {
  std::vector<std::vector<OwnershipRoot>> found(nodes.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < nodes.size();) found[i] = Link(g, nodes[i]);
  };
  std::vector<std::thread> pool;
  unsigned threads = options_.link_by_name ? std::max(1u, options_.threads) : 1u;
  for (unsigned t = 1; t < threads && t < nodes.size(); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (size_t i = 0; i < nodes.size(); ++i) {
    bool by_id = !found[i].empty() && found[i][0].linked_by == "id";
    if (!by_id && !g.nodes[nodes[i]].name.empty() && options_.link_by_name) ++stats.screened_owners;
    if (found[i].empty()) {
      out.erase(nodes[i]);
      continue;
    }
    ++(by_id ? stats.linked_by_id : stats.linked_by_name);
    out[nodes[i]] = std::move(found[i]);
  }
}

bool AllCertain(const std::vector<OwnershipRoot>& roots) {
  for (const OwnershipRoot& r : roots)
    if (!r.certain) return false;
  return !roots.empty();
}

}  // namespace embargo::ownership
