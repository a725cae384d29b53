// Owned or controlled: entities that listed persons own or control, though no list names them
// (docs/OWNERSHIP.md). An ownership graph (FollowTheMoney JSON lines or a CSV of holdings) is
// linked to the lists — by id where the graph uses list ids, else by screening its owners' names
// and identifiers — and evaluated under one rule:
//
//   OFAC  blocked when blocked persons hold 50 % or more, directly or indirectly, individually or in
//         the aggregate (Revised Guidance of 13 August 2014); control alone is a review.
//   EU    owned (more than 50 %, holdings of several listed persons added) or controlled.
//   UK    owned (more than 50 % by one designated person, directly or through entities it owns or
//         controls; several persons' holdings are not added, OFSI guidance 4.14) or controlled.
//
// An entity blocked by the rule counts as a blocked owner in turn (shares are not multiplied down a
// chain of blocked entities); holdings through entities that are not blocked do not count, though
// a blocked persons' look-through interest of `review_below` percent or more is a review.
// Ended holdings do not count; a missing share is never zero: it makes a review.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/entity.h"
#include "embargo/list_load.h"
#include "embargo/screener.h"
#include "embargo/status.h"
#include "embargo/verdict.h"

namespace embargo {

enum class OwnershipRule : uint8_t { kOfac, kEu, kUk };
std::string_view OwnershipRuleName(OwnershipRule rule);   // "ofac", "eu", "uk"
std::string_view OwnershipRuleTitle(OwnershipRule rule);  // "OFAC 50 % rule", ...
std::optional<OwnershipRule> ParseOwnershipRule(std::string_view name);

struct OwnershipOptions {
  OwnershipRule rule = OwnershipRule::kOfac;
  std::string as_of;          // YYYY-MM-DD on which holdings are judged; empty: today (UTC)
  double review_below = 25;   // percent: interests below the rule at or above this are a review; 0: none
  double link_threshold = kDefaultThreshold;  // a name match at or above it links an owner to a list record
  bool link_by_name = true;   // false: owners are linked to list records by id only
  unsigned threads = 1;       // for linking owners by name
};

enum class OwnershipStatus : uint8_t { kClear, kReview, kBlocked, kListed };
std::string_view OwnershipStatusName(OwnershipStatus status);  // "clear", "review", "blocked", "listed"

// A list record that a graph entity was linked to.
struct OwnershipRoot {
  std::string graph_id;  // the graph entity
  std::string entity_id, dataset, caption;
  std::vector<std::string> programs;
  std::string linked_by;     // "id", "name", "name and identifier"
  double score = 1;          // the name match's score; 1 for an id
  std::string matched_name;  // the list name matched
  bool certain = true;       // linked by id or by an identical identifier
};

// One relation that counts towards an entity's status; when its owner is blocked by the rule in
// turn, `via` holds the relations that block the owner (depth and breadth are bounded).
struct OwnershipPath {
  std::string owner_id, owner_name;
  std::string relation;      // "ownership", "control", "director"
  std::string share;         // "50 %", "25-50 %", "unknown share", "60 % (from share counts)"
  double share_low = 0;      // percent
  double share_high = 0;
  std::string owner_status;  // "listed", "blocked", "possibly blocked", "indirect interest 40 %"
  std::string source;        // file:line of the relation
  std::vector<OwnershipRoot> roots;  // the owner is listed: its list records
  std::vector<OwnershipPath> via;
  bool truncated = false;    // further relations were left out
};

// An entity blocked by the rule, or to review, with why.
struct OwnedEntity {
  std::string id, name;
  Schema schema = Schema::kLegalEntity;
  OwnershipStatus status = OwnershipStatus::kClear;
  // kBlock when blocked through list records linked by id or identifier; kReview otherwise (a name
  // link a person must confirm, an unknown share, an interest below the rule, control under OFAC).
  Verdict action = Verdict::kReview;
  OwnershipRule rule = OwnershipRule::kOfac;
  std::string reason;       // "OFAC 50 % rule", "review: unknown share", ...
  std::string explanation;  // "68 % held by blocked persons: 50 % by ofac-sdn:… via …, 18 % by …"
  double blocked_share = 0;   // percent held by blocked persons (lower bound; UK: by one person)
  double possible_share = 0;  // percent blocked or possibly blocked persons may hold (upper bound)
  double indirect_share = 0;  // blocked persons' interest looked through unblocked entities, percent
  std::vector<OwnershipPath> paths;
  std::vector<OwnershipRoot> roots;  // the list records at its roots
};

// An entity whose status an update changed.
struct OwnershipChange {
  std::string id, name;
  OwnershipStatus before = OwnershipStatus::kClear;
  OwnershipStatus after = OwnershipStatus::kClear;
};

// One change of a holding, as the CSV form writes it.
struct HoldingEdit {
  std::string owner_id, asset_id;
  std::string owner_name, asset_name;  // for entities new to the graph
  std::string relation;                // "ownership" (default), "control", "director"
  std::string percentage;              // "" unknown
  std::string start, end;              // ISO dates or ""
  bool remove = false;  // true: the owner's holdings of this relation in the asset end; false: they become this one
};

// What the graph files held and what could not be used.
struct OwnershipGraphInfo {
  std::vector<std::string> files;
  std::string version;  // "sha256:<16 hex>" over the files' bytes, "+N edits" after edits
  size_t entities = 0;
  size_t holdings = 0;  // relations: ownership, control, directorships
  std::vector<LoadIssue> rejected;  // records not used (file, line, field and why)
  std::vector<LoadIssue> warnings;  // used, with a caveat (an undefined owner, a repeated holding)
  std::vector<std::pair<std::string, size_t>> ignored;  // schema -> records about neither parties nor holdings
};

// A screened party that matches an entity blocked by ownership or to review.
struct OwnershipHit {
  Hit match;          // the name match; match.entity lives in `index`
  OwnedEntity owned;  // why it is blocked or to review
  std::shared_ptr<const void> index;  // keeps match.entity alive
};

// Counters of the last evaluation or update.
struct OwnershipStats {
  size_t evaluations = 0;  // node evaluations
  size_t touched = 0;      // nodes whose inputs were reconsidered
  size_t linked_by_id = 0, linked_by_name = 0, screened_owners = 0;
  double link_seconds = 0, evaluate_seconds = 0;
};

// Thread-safety: Screen(), Results() and the accessors may run concurrently with each other;
// updates (ApplyEdits, UpdateGraph, UpdateLists) need exclusive access.
class OwnershipEvaluator {
 public:
  // Loads graph files (JSON lines or CSV, by content), links owners to `lists` and evaluates.
  static StatusOr<std::unique_ptr<OwnershipEvaluator>> Load(const std::vector<std::string>& files,
                                                            std::shared_ptr<const Screener> lists,
                                                            OwnershipOptions options = {});
  // The same from one file's text (named `file` in issues).
  static StatusOr<std::unique_ptr<OwnershipEvaluator>> FromText(std::string_view text, const std::string& file,
                                                                std::shared_ptr<const Screener> lists,
                                                                OwnershipOptions options = {});
  ~OwnershipEvaluator();
  OwnershipEvaluator(const OwnershipEvaluator&) = delete;
  OwnershipEvaluator& operator=(const OwnershipEvaluator&) = delete;

  // Entities blocked by the rule (first) and to review, by id; listed entities are not repeated.
  std::vector<OwnedEntity> Results() const;
  // One graph entity's status and why; nullopt when the graph has no such id.
  std::optional<OwnedEntity> Explain(std::string_view graph_id) const;
  OwnershipStatus StatusOf(std::string_view graph_id) const;
  // The graph entities linked to list records.
  std::vector<OwnershipRoot> Roots() const;

  const OwnershipGraphInfo& graph() const;
  const OwnershipOptions& options() const;
  const std::vector<ListLoad>& lists() const;
  const OwnershipStats& stats() const;
  std::string as_of() const;  // YYYY-MM-DD

  // Screens a party against the entities blocked or to review (an index built on first use after
  // each update). Hits at or above options.threshold.
  StatusOr<std::vector<OwnershipHit>> Screen(const Query& query, const MatchOptions& options = {}) const;
  // The entities blocked or to review as one list (dataset "ownership-<rule>"; remarks hold the
  // explanation, linked_to the list records at the roots): a hook for screening paths that take
  // ListLoads (a Screener built over the lists and this).
  ListLoad AsList() const;

  // Incremental updates: each re-evaluates only the entities the change can reach and returns
  // those whose status changed.
  StatusOr<std::vector<OwnershipChange>> ApplyEdits(const std::vector<HoldingEdit>& edits);
  StatusOr<std::vector<OwnershipChange>> UpdateGraph(const std::vector<std::string>& files);
  StatusOr<std::vector<OwnershipChange>> UpdateLists(std::shared_ptr<const Screener> lists);

 private:
  struct Impl;
  explicit OwnershipEvaluator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace embargo
