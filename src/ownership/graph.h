// The ownership graph: graph entities (nodes) and the relations between them (holdings), as read
// from FollowTheMoney JSON lines or the CSV form (docs/OWNERSHIP.md).
//
// Invariants: every node has a unique id (`index` maps it back); `in[n]` lists the live holdings
// whose asset is n and `out[n]` those whose owner is n. Removed holdings stay in `holdings` with
// alive = false (indices of holdings and nodes never change). Not thread-safe for writing.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "embargo/entity.h"
#include "embargo/list_load.h"
#include "embargo/status.h"
#include "ownership/share.h"

namespace embargo::ownership {

inline constexpr uint32_t kNone = 0xFFFFFFFFu;

// What a relation does: a share of ownership, control (the right to appoint most of the board,
// "significant influence or control"), a seat as director. An Ownership marked as control does both.
enum RelationFlags : uint8_t { kOwns = 1, kControls = 2, kDirects = 4 };

struct Holding {
  uint32_t owner = 0;
  uint32_t asset = 0;
  ShareRange share;        // the percentage as published (unknown when not given)
  double shares = 0;       // sharesCount or sharesValue when given: a share is derived from them
  uint16_t shares_basis = 0;  // 0 none, 1 sharesCount, 2 + currency index: sharesValue in that currency
  uint8_t relation = kOwns;   // RelationFlags
  bool alive = true;
  PartialDate start, end;
  uint16_t file = 0;  // index into Graph::files
  uint32_t line = 0;
};

struct Node {
  const std::string* id = nullptr;  // the key in Graph::index
  std::string name;                 // empty: only referenced by relations
  Schema schema = Schema::kLegalEntity;
  bool defined = false;             // an entity record or CSV row named it
  uint32_t details = kNone;         // index into Graph::details: aliases, identifiers, countries, dates
  uint16_t file = 0;                // where defined, else first referenced
  uint32_t line = 0;
};

struct Graph {
  std::vector<std::string> files;
  std::vector<std::string> currencies;  // of sharesValue, for shares_basis
  std::vector<Node> nodes;
  std::vector<Holding> holdings;
  std::vector<std::vector<uint32_t>> in, out;
  std::vector<Entity> details;
  std::unordered_map<std::string, uint32_t> index;
  std::vector<LoadIssue> rejected;        // records not used
  std::vector<LoadIssue> warnings;        // used, with a caveat
  std::map<std::string, size_t> ignored;  // schema -> records that are neither parties nor holdings
  std::string content_hash;               // SHA-256 over the files' bytes, in order
  uint64_t edits = 0;                     // holdings changed since loading
  size_t live = 0;                        // holdings alive (AddHolding, RemoveHolding keep it)

  // The node for `id`, created (undefined) when new.
  uint32_t Intern(std::string_view id);
  uint32_t Find(std::string_view id) const;  // kNone when absent
  // Appends a holding and links it into in/out.
  uint32_t AddHolding(const Holding& h);
  // Unlinks a holding (it stays in `holdings`, not alive).
  void RemoveHolding(uint32_t h);
  const std::string& IdOf(uint32_t node) const { return *nodes[node].id; }
  // "graph.jsonl:12".
  std::string Where(uint16_t file, uint32_t line) const;
  // The node as an entity to screen: its names, identifiers, countries and birth dates.
  Entity NodeEntity(uint32_t node) const;
  // The node's details (names beyond the first, identifiers, ...), made from its name on first use.
  Entity& Details(uint32_t node);
  // Names a node in explanations: "Acme Holding Ltd (acme-1)" or the id when it has no name.
  std::string Label(uint32_t node) const;
  uint32_t CurrencyIndex(std::string_view currency);
  size_t live_holdings() const { return live; }
  // "sha256:0123456789abcdef" (+ "+N edits").
  std::string Version() const;
};

// Reads graph files (FtM JSON lines or the CSV form, told apart by their content) into one graph;
// nodes are merged by id across files. Records that cannot be used are in `rejected`, naming file,
// line and field; a file that cannot be read is an error.
StatusOr<std::unique_ptr<Graph>> LoadGraph(const std::vector<std::string>& files);
// One file's text, named `file` in issues (for tests and fuzzing).
StatusOr<std::unique_ptr<Graph>> ParseGraph(std::string_view text, const std::string& file);

// A relation as the CSV form and edits name it: "ownership" (or blank), "control" (with a
// percentage: ownership and control), "director".
StatusOr<uint8_t> ParseRelation(std::string_view text, const ShareRange& share);

// Readers into an existing graph (graph_ftm.cc, graph_csv.cc). `file` is the index in g.files.
void ReadFtmLines(std::string_view text, uint16_t file, Graph& g);
Status ReadCsv(std::string_view text, uint16_t file, Graph& g);

}  // namespace embargo::ownership
