// The screening engine: build once from loaded lists, then screen many queries concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/entity.h"
#include "embargo/list_load.h"
#include "embargo/status.h"

namespace embargo {

// The documented default alert threshold (docs/SCORING.md).
inline constexpr double kDefaultThreshold = 0.80;
// Identifiers one query may give: a party has a handful; thousands would only cost time.
inline constexpr size_t kMaxQueryIdentifiers = 100;
// Bytes of one query name: 64 words of 64 bytes. Checked before the name is normalised, whose
// cost grows with its length: a name of one long "word" would pass the word bound only after.
inline constexpr size_t kMaxQueryNameBytes = 4096;

struct MatchOptions {
  double threshold = kDefaultThreshold;  // a hit at or above it raises an alert
  size_t limit = 10;                     // hits returned at most
  // The search is exhaustive: every name record that can reach the score asked for is scored,
  // whatever its number (upper bounds prune the others, docs/SCORING.md). A caller may still
  // set a budget of name records scored per query form; a result that hits it is incomplete,
  // and an incomplete result alerts (reason "incomplete"). 0: no budget.
  size_t max_candidates = 0;
  bool include_below_threshold = false;  // also return hits under the threshold (not alerts)...
  double min_score = 0.5;                // ... down to this score
  bool merge_linked = true;              // one hit per subject listed by several lists (docs/LINKING.md)
};

struct Query {
  std::string name;
  std::optional<Schema> schema;          // none: any schema
  std::vector<PartialDate> birth_dates;
  std::vector<std::string> countries;    // ISO 3166 alpha-2, nationality or country
  std::vector<std::string> identifiers;  // passport, tax id, IMO, BIC, ... as written
};

// How one query token met one list token.
struct TokenMatch {
  std::string query;
  std::string list;
  std::string how;  // exact, transliterated, phonetic, phonetic_edit, edit_distance, initial, joined, skeleton,
                    // korean_reading, short_form
  int edits = 0;
  double similarity = 0;
  std::string_view note;  // why the meet counts less than its kind says (static text); empty if none
};

// The evidence kind that says the name met is a weak alias; payments read it to judge a hit.
inline constexpr std::string_view kWeakAliasEvidence = "weak_alias";

// A piece of secondary evidence and its effect on the score.
struct Evidence {
  std::string kind;    // birth_date, country, identifier, schema, legal_form, initial, name, weak_alias, reading
  std::string detail;  // human-readable
  double effect = 0;   // added to the score (negative lowers it)
};

// Another list's record of the hit's subject, linked to it by strong evidence (docs/LINKING.md).
struct LinkedRecord {
  const Entity* entity = nullptr;  // owned by the Screener
  double score = 0;                // its own score against the query; 0 when it was not a hit
  std::string reason;              // what links it, e.g. "same IMO 9179842"
};

struct Hit {
  const Entity* entity = nullptr;  // owned by the Screener
  double score = 0;
  double name_score = 0;
  std::string matched_name;        // the list name or alias that matched
  std::string query_form;          // the query as normalised for that match
  std::vector<TokenMatch> tokens;
  std::vector<std::string> unmatched_query;
  std::vector<std::string> unmatched_list;
  std::vector<Evidence> evidence;
  std::vector<LinkedRecord> linked;  // the same subject on other lists, best score first
};

struct ScreenResult {
  bool alert = false;
  // Why it alerts: "match" (a hit at or above the threshold) or "incomplete" (a budget cut the
  // search short, so the result is held for review: never reported as clear). Empty: no alert.
  std::string reason;
  std::vector<Hit> hits;  // best first
  // The hits at or above the threshold that `limit` left out of `hits` (unexplained: the entity
  // and its score only), so that a caller can count every match, not only those returned.
  std::vector<std::pair<const Entity*, double>> matches_beyond_limit;
  bool incomplete = false;  // a budget was hit, or letters were not read: not all was screened
  // The name has letters no transliteration reads (Tifinagh, Egyptian hieroglyphs): they were
  // left out, so the result is incomplete and alerts, never clear.
  bool unread_letters = false;
};

// The result of comparing two entities with the screening scorer.
struct CompareResult {
  bool match = false;
  Hit hit;  // hit.entity is null; explanation of the best name pair and the evidence
  // Names of either side that could not be compared ("right name '!!!': no letters or digits...").
  // A result without a match is then no decision: the names not read might have matched.
  std::vector<std::string> not_compared;
};

// Thread-safety: immutable after Build(); Screen() and Compare() may run concurrently.
class Screener {
 public:
  // Indexes the entities of `lists` (moved in). Fails only on an empty set of lists.
  static StatusOr<std::unique_ptr<Screener>> Build(std::vector<ListLoad> lists);
  ~Screener();
  Screener(const Screener&) = delete;
  Screener& operator=(const Screener&) = delete;

  // An empty (whitespace-only) name, or one of more than 64 words or kMaxQueryNameBytes bytes,
  // is an error; it is never reported as clear.
  StatusOr<ScreenResult> Screen(const Query& query, const MatchOptions& options = {}) const;

  // Screens one name in each script the engine reads, and throws the results away: ICU builds a
  // script's transliterator on first use (85 ms for the first non-Latin name), which a service
  // should pay before it takes traffic, not on a payment. Thread-safe; answers do not change.
  void WarmUp() const;

  // Scores two entities (e.g. FollowTheMoney records) against each other.
  CompareResult Compare(const Entity& left, const Entity& right, double threshold = kDefaultThreshold) const;

  // The other lists' records of the subject `entity` (one of this Screener's) is listed as, by
  // the links of docs/LINKING.md; each with score 0 and its reason. Empty when it stands alone.
  std::vector<LinkedRecord> LinkedRecords(const Entity& entity) const;

  const std::vector<ListLoad>& lists() const;
  size_t entity_count() const;
  size_t name_count() const;

 private:
  friend struct ScreenerInternals;  // src/match/screener_internals.h
  struct Impl;
  explicit Screener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace embargo
