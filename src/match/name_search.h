// The exhaustive name search: every record of the index whose name score against a query can
// reach a bar, found through the index's keys and pruned by upper bounds (the MaxScore idea of
// search engines), never by a budget.
//
// For each query token (a "slot") the search knows the best it can add to a record: its weight
// times its best similarity with any dictionary token it meets. Slots whose best adds up to less
// than the bar needs are not walked when their postings are long (a record found only through
// them cannot reach the bar); every other record they could add to gets their best as slack.
// List names that give a query word as an initial are walked last: a name met by initials alone
// scores nothing, so a record no other walk reached counts only if it may meet a skipped slot.
// Each record reached gets an upper bound of its score from what it shares with the query; only
// records whose bound reaches the bar are bounded again, token by token (each query token's best
// similarity with any of the record's tokens and the reverse, whatever the alignment), and only
// those still reaching it are scored, with token similarities looked up in a table made once per
// query.
//
// Not thread-safe: one NameSearch per concurrent search (the Screener keeps a pool).
#pragma once

#include <cstdint>
#include <vector>

#include "index/name_index.h"
#include "match/query_plan.h"
#include "match/scorer.h"

namespace embargo {

class NameSearch {
 public:
  explicit NameSearch(const NameIndex& index);

  struct Candidate {
    uint32_t record;
    // A bound in CoverageKey's terms: no name score s of the record has KeyOf(s) above it. Kept
    // so, without the power, as most candidates are only compared.
    double key;
  };
  // CoverageKey's terms of a name score (s^(1/kListExponent), without pow), and back.
  static double KeyOf(double score) { return score * score * std::sqrt(score); }
  static double ScoreOf(double key);
  // Every record whose name score against `plan` can reach `bar`, best bound first. The
  // reference is valid until the next call.
  const std::vector<Candidate>& Candidates(const QueryPlan& plan, double bar);

  // The name score of `record`, one of the candidates Candidates() last returned, against its
  // plan; `alignment` receives how the names were aligned.
  double Score(uint32_t record, NameAlignment& alignment);

  const NameIndex& index() const { return index_; }

 private:
  struct Slot;
  void MakeTable(const QueryPlan& plan);
  std::vector<Slot> MakeSlots(const QueryPlan& plan);
  // Adds a slot's meet to a record's sums: its best meet once, and the record to touched_ when
  // it is the first.
  void Add(uint32_t record, uint32_t slot_id, float query, float list);
  // Adds what `slot` meets to the records' sums: its variants and the records it meets written
  // together.
  void Walk(const Slot& slot, uint32_t slot_id);
  // The records with the variant's token that the plan's query may meet through it.
  std::span<const uint32_t> MetPostings(const QueryPlan& plan, const VariantMeet& v) const;
  // Adds what `slot` meets as a list name's initial: only to records reached before or that may
  // meet a skipped slot (`meet_bits`, RecordWeights::token_bits; or `joined_records`, sorted).
  // A record the slot met by a word too, with another slot's walk between, counts the slot twice:
  // a looser bound, still a bound (a name holding a word and its initial is rare).
  void WalkInitial(const Slot& slot, uint32_t slot_id, uint64_t meet_bits, const std::vector<uint32_t>& joined_records);
  // What the slots not walked may add to a record the walk reached.
  struct Slack {
    std::vector<uint32_t> skipped;  // slots not walked; the first 64 are marked in the table
    size_t marked = 0;
    double always_query = 0;  // query initials, and skipped slots past 64: added to every record
    double marked_query = 0, marked_list = 0;  // what the marked slots add at most, together
    uint64_t marked_bits = 0;  // TokenBit of every token a marked slot meets
    std::vector<double> always_list;
    size_t initials = 0;  // query initials
    // Each query initial's letter bit and weight, for a query not in an abjad script: a record
    // without a word of that letter gets nothing from it (RecordWeights::first_letters).
    std::vector<std::pair<uint32_t, double>> initial_letters;
    void Clear();  // as new, its vectors' memory kept
  };
  // Walks the slots that may bring a record to the bar, skips the others (long postings) and
  // marks what the skipped ones meet, into slack_ (whose initial_letters the caller set).
  void WalkOrSkip(const QueryPlan& plan, const std::vector<Slot>& slots, double needed, double initials_query,
                  size_t initials);
  // Keeps in touched_ only the records whose bound from the walk and the skipped slots' slack
  // reaches the bar.
  void FirstBound(const std::vector<Slot>& slots, const Slack& slack, double total, double bar_key);
  // FirstBound for a query with or without initials, slots skipped past 64 and marked slots:
  // most have none of the first two, many not the third, and their loop is made without them.
  template <bool kInitials, bool kAlwaysList, bool kMarked>
  void FirstBoundOf(const std::vector<Slot>& slots, const Slack& slack, double total, double bar_key);
  // Asks memory for what TokenBound(r) reads: the record's tokens, or each token's entries.
  void PrefetchTokens(uint32_t r, bool per_token) const;
  // An upper bound of the record's score from each token's best similarity on the other side.
  double TokenBound(uint32_t record) const;

  const NameIndex& index_;
  const QueryPlan* plan_ = nullptr;
  double least_query_weight_ = 0;  // LeastQueryWeight of the plan
  std::vector<double> query_weight_;  // QueryTokenWeight of each of its tokens
  std::vector<double> middle_rest_;  // of a query middle name, the weight least_query_weight_ leaves out
  std::vector<double> kind_rest_;    // the same of a firm's noun of kind (whatever the list name gives)
  double number_rest_ = 0;  // of the query's stray numbers, the same (whole against a name with numbers)
  bool query_initials_ = false;       // whether it has initials
  // The last bar asked for, the share of the query's weight it needs (Q^0.6 x L^0.4 >= bar with
  // L <= 1) and its CoverageKey.
  double bar_ = -1, bar_query_share_ = 0, bar_key_ = 0;
  // Similarity table: per dictionary token (stamped by query), its entries for the plan's units.
  struct Entry {
    uint32_t next;  // next entry of the same dictionary token, or UINT32_MAX
    uint32_t unit;
    TokenMeet plain, abjad;
  };
  struct DictSlot {
    uint32_t stamp = 0, head = UINT32_MAX;  // head: its first entry, valid when stamped
    uint64_t skipped = 0;  // bit k: the k-th skipped slot meets this token
  };
  std::vector<DictSlot> dict_;
  std::vector<Entry> entries_;
  uint32_t dict_gen_ = 0;
  // Per record (stamped by query): what the walked slots add, and the slot that last added.
  // Together, so a record's sums share a cache line.
  struct RecordSums {
    uint64_t joined;  // query tokens that may meet two of its tokens written together
    uint32_t stamp, slot;
    float query, list, slot_query, slot_list;
  };
  std::vector<RecordSums> recs_;
  uint32_t rec_gen_ = 0;
  Slack slack_;
  std::vector<uint32_t> order_, walked_;  // WalkOrSkip's: the slots by postings, and those walked
  std::vector<uint32_t> touched_;  // the records the walk reached; after FirstBound, those it kept
  std::vector<Candidate> candidates_;
  ScoredName list_name_;
  mutable std::string joined_;  // TokenBound's: a record's two words written together

  friend class TableSimilarity;
};

}  // namespace embargo
