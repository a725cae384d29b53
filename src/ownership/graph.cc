#include "ownership/graph.h"

#include <algorithm>
#include <tuple>

#include "common/io.h"
#include "common/sha256.h"

namespace embargo::ownership {

uint32_t Graph::Intern(std::string_view id) {
  auto [it, added] = index.try_emplace(std::string(id), static_cast<uint32_t>(nodes.size()));
  if (added) {
    Node n;
    n.id = &it->first;
    nodes.push_back(n);
    in.emplace_back();
    out.emplace_back();
  }
  return it->second;
}

uint32_t Graph::Find(std::string_view id) const {
  auto it = index.find(std::string(id));
  return it == index.end() ? kNone : it->second;
}

uint32_t Graph::AddHolding(const Holding& h) {
  uint32_t i = static_cast<uint32_t>(holdings.size());
  holdings.push_back(h);
  holdings.back().alive = true;
  ++live;
  in[h.asset].push_back(i);
  out[h.owner].push_back(i);
  return i;
}

void Graph::RemoveHolding(uint32_t h) {
  Holding& x = holdings[h];
  if (!x.alive) return;
  x.alive = false;
  --live;
  auto drop = [h](std::vector<uint32_t>& v) { v.erase(std::remove(v.begin(), v.end(), h), v.end()); };
  drop(in[x.asset]);
  drop(out[x.owner]);
}

std::string Graph::Where(uint16_t file, uint32_t line) const {
  std::string name = file < files.size() ? files[file] : "edit";
  return line ? name + ":" + std::to_string(line) : name;
}

Entity& Graph::Details(uint32_t node) {
  if (nodes[node].details == kNone) {
    Entity first = NodeEntity(node);  // before `details` points at it: NodeEntity reads it
    nodes[node].details = static_cast<uint32_t>(details.size());
    details.push_back(std::move(first));
  }
  return details[nodes[node].details];
}

Entity Graph::NodeEntity(uint32_t node) const {
  const Node& n = nodes[node];
  Entity e;
  if (n.details != kNone) e = details[n.details];
  else if (!n.name.empty()) e.names.push_back({n.name, NameKind::kPrimary});
  e.id = IdOf(node);
  e.native_id = IdOf(node);
  e.dataset = "ownership";
  e.schema = n.schema;
  return e;
}

std::string Graph::Label(uint32_t node) const {
  const Node& n = nodes[node];
  return n.name.empty() ? IdOf(node) : n.name + " (" + IdOf(node) + ")";
}

uint32_t Graph::CurrencyIndex(std::string_view currency) {
  for (size_t i = 0; i < currencies.size(); ++i)
    if (currencies[i] == currency) return static_cast<uint32_t>(i);
  currencies.emplace_back(currency);
  return static_cast<uint32_t>(currencies.size() - 1);
}

std::string Graph::Version() const {
  std::string v = "sha256:" + content_hash.substr(0, 16);
  if (edits) v += "+" + std::to_string(edits) + " edits";
  return v;
}

namespace {

// A file's format by its content: JSON lines start with '{'.
Status ReadInto(std::string_view text, uint16_t file, Graph& g) {
  size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string_view::npos) {
    g.warnings.push_back({g.files[file], 0, "empty file: no entities or holdings"});
    return Status::Ok();
  }
  if (text[first] == '{') {
    ReadFtmLines(text, file, g);
    return Status::Ok();
  }
  return ReadCsv(text, file, g);
}

// The same holding published twice (two sources, two exports) counts once; two different
// records of one owner's holding in one asset both count, with a warning.
void CheckDuplicates(Graph& g) {
  std::vector<uint32_t> held;
  for (uint32_t n = 0; n < g.nodes.size(); ++n) {
    if (g.in[n].size() < 2) continue;
    held = g.in[n];
    std::stable_sort(held.begin(), held.end(), [&](uint32_t a, uint32_t b) { return g.holdings[a].owner < g.holdings[b].owner; });
    for (size_t i = 1; i < held.size(); ++i) {
      const Holding &a = g.holdings[held[i - 1]], &b = g.holdings[held[i]];
      if (a.owner != b.owner || a.relation != b.relation) continue;
      bool same = a.share == b.share && a.shares == b.shares && a.shares_basis == b.shares_basis && a.start == b.start &&
                  a.end == b.end;
      std::string pair = "'" + g.IdOf(a.owner) + "' in '" + g.IdOf(n) + "'";
      if (same) {
        g.warnings.push_back({g.files[b.file], b.line, "the holding of " + pair + " repeats " + g.Where(a.file, a.line) + ": counted once"});
        g.RemoveHolding(held[i]);
        held.erase(held.begin() + static_cast<long>(i--));
      } else {
        g.warnings.push_back({g.files[b.file], b.line, "a second record of the holding of " + pair + " (first " +
                                                           g.Where(a.file, a.line) + "): both count while in force"});
      }
    }
  }
}

// Shares written as fractions (0.5 for half) read as percentages hold next to nothing: when every
// exact share of a graph with several is 1 % or less, say so at the first.
void CheckFractionShares(Graph& g) {
  size_t exact = 0;
  const Holding* first = nullptr;
  for (const Holding& h : g.holdings) {
    if (h.share.kind != ShareKind::kExact) continue;
    if (h.share.high > kUnitsPerPercent) return;
    ++exact;
    if (!first || std::tie(h.file, h.line) < std::tie(first->file, first->line)) first = &h;
  }
  if (exact >= 2)
    g.warnings.push_back({g.files[first->file], first->line,
                          "every share is 1 % or less: shares are percentages (50 for half); if these are fractions "
                          "(0.5 for half), multiply them by 100"});
}

}  // namespace

StatusOr<std::unique_ptr<Graph>> LoadGraph(const std::vector<std::string>& files) {
  if (files.empty()) return Status::InvalidArgument("no ownership graph files given");
  if (files.size() > 0xFFFF) return Status::InvalidArgument("too many ownership graph files");
  auto g = std::make_unique<Graph>();
  Sha256 hash;
  for (const std::string& path : files) {
    EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    hash.Update(text);
    g->files.push_back(path);
    EMBARGO_RETURN_IF_ERROR(ReadInto(text, static_cast<uint16_t>(g->files.size() - 1), *g));
  }
  g->content_hash = hash.HexDigest();
  CheckDuplicates(*g);
  CheckFractionShares(*g);
  return g;
}

StatusOr<std::unique_ptr<Graph>> ParseGraph(std::string_view text, const std::string& file) {
  auto g = std::make_unique<Graph>();
  g->files.push_back(file);
  EMBARGO_RETURN_IF_ERROR(ReadInto(text, 0, *g));
  g->content_hash = Sha256Hex(text);
  CheckDuplicates(*g);
  CheckFractionShares(*g);
  return g;
}

}  // namespace embargo::ownership
