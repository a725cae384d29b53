// A query name prepared against one index: its tokens weighed by rarity and, for the fast
// search, every dictionary token each may meet.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/name_index.h"
#include "match/scorer.h"
#include "text/normalize.h"

namespace embargo {

// A dictionary token that a query unit meets, in names of the query's kind of script (`plain`)
// and in names in abjad scripts (`abjad`, where consonant skeletons count too).
struct VariantMeet {
  uint32_t dict = 0;
  TokenMeet plain;
  TokenMeet abjad;
};

struct QueryPlan {
  ScoredName name;
  bool abjad = false;  // the query is in an abjad script
  // Per unit, best first: query token i for i < n, then the tokens (i - n, i - n + 1) written
  // together. Empty for an initial. Filled by PlanQuery only. Each is either the memo's, which
  // outlives the plan, or found for this plan and kept in `found`.
  std::vector<std::span<const VariantMeet>> variants;
  std::vector<std::vector<VariantMeet>> found;

  QueryPlan() = default;
  QueryPlan(QueryPlan&&) = default;
  QueryPlan& operator=(QueryPlan&&) = default;
  QueryPlan(const QueryPlan&) = delete;  // a copy's variants would point into the original
  QueryPlan& operator=(const QueryPlan&) = delete;

  size_t token_count() const { return name.tokens.size(); }
};

// The variants of dictionary tokens, found once per index on first use: a query token spelt as a
// listed word meets the same dictionary tokens, equally, every time. Kept while they take less
// than the budget (bytes); past it, variants are found anew, with the same answer.
// Two listed words written together (query tokens i, i + 1) are kept the same way, by the pair.
// Thread-safe: concurrent queries share it; the first variants kept for a token win.
class VariantMemo {
 public:
  VariantMemo(size_t token_count, size_t budget_bytes);
  ~VariantMemo();
  VariantMemo(const VariantMemo&) = delete;
  VariantMemo& operator=(const VariantMemo&) = delete;

  // What is kept for the dictionary token of query token `t` (t.dict) as a word of a Latin query,
  // of an abjad one, of a Hebrew one (whose final t is said: ScoredToken::final_t_said), as an
  // Arabic word whose final vowel is said (ScoredToken::final_vowel_said) or as another Arabic
  // word (ScoredToken::vowels_written); null if nothing.
  const std::vector<VariantMeet>* Find(const ScoredToken& t, bool abjad) const {
    return slots_[Slot(t, abjad)].load(std::memory_order_acquire);
  }
  void Keep(const ScoredToken& t, bool abjad, const std::vector<VariantMeet>& variants);
  const std::vector<VariantMeet>* FindPair(uint32_t first, uint32_t second, bool abjad) const;
  void KeepPair(uint32_t first, uint32_t second, bool abjad, const std::vector<VariantMeet>& variants);
  size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kReadings = 5;
  static size_t Slot(const ScoredToken& t, bool abjad) {
    return size_t{t.dict} * kReadings +
           (t.final_t_said ? 2 : t.final_vowel_said ? 3 : t.vowels_written ? 4 : abjad ? 1 : 0);
  }
  static uint64_t PairKey(uint32_t first, uint32_t second) { return (uint64_t{first} << 32) | second; }
  bool Reserve(size_t bytes);  // within the budget
  struct PairShard {
    mutable std::shared_mutex mutex;
    std::unordered_map<uint64_t, std::unique_ptr<const std::vector<VariantMeet>>> kept[2];  // by abjad
  };
  PairShard& ShardOf(uint64_t key) const { return pairs_[(key * 0x9E3779B97F4A7C15ULL) >> 60]; }
  size_t budget_;
  std::vector<std::atomic<const std::vector<VariantMeet>*>> slots_;  // owned; null until kept
  mutable std::array<PairShard, 16> pairs_;
  std::atomic<size_t> bytes_{0};
};

// Token similarities looked up per query unit: Derived::Lookup(dict, unit) gives what the unit's
// variants say of a dictionary token (through Pick). Initials are compared directly, and so are a
// list name's tokens written together, where Derived::MayMeetJoined(query token) allows. Agrees
// with DirectSimilarity, as the index's keys reach every dictionary token a unit meets and every
// record whose joined tokens one meets.
template <typename Derived>
class UnitSimilarity : public TokenSimilarities {
 public:
  UnitSimilarity(const ScoredName& query, bool abjad_query, const ScoredName& list)
      : query_(query), list_(list), abjad_list_(text::IsAbjad(list.script)), abjad_(abjad_query || abjad_list_) {}

  TokenMeet Single(size_t i, size_t j) const final {
    const ScoredToken& q = query_.tokens[i];
    const ScoredToken& c = list_.tokens[j];
    if (q.role == text::TokenRole::kInitial || c.role == text::TokenRole::kInitial) return TokenSimilarity(q, c, abjad_);
    return Self().Lookup(c.dict, i);
  }
  TokenMeet Joined(size_t i, size_t j) const final {
    if (!Self().MayMeetJoined(i)) return {};
    return JoinedSimilarity(query_.tokens[i], list_.tokens[j], list_.tokens[j + 1], abjad_, kJoinedEdits);
  }
  TokenMeet Split(size_t i, size_t j) const final { return Self().Lookup(list_.tokens[j].dict, query_.tokens.size() + i); }

 protected:
  // Of a unit's two meets with a token, the one for this list name's kind of script.
  const TokenMeet& Pick(const TokenMeet& plain, const TokenMeet& abjad) const { return abjad_list_ ? abjad : plain; }

 private:
  const Derived& Self() const { return static_cast<const Derived&>(*this); }
  const ScoredName& query_;
  const ScoredName& list_;
  bool abjad_list_, abjad_;
};

// The similarities from the plan's variants: what the search's table holds, without the search.
// For plans with variants only (PlanQuery's).
class PlanSimilarity final : public UnitSimilarity<PlanSimilarity> {
 public:
  PlanSimilarity(const QueryPlan& plan, const ScoredName& list) : UnitSimilarity(plan.name, plan.abjad, list), plan_(plan) {}
  TokenMeet Lookup(uint32_t dict, size_t unit) const;
  bool MayMeetJoined(size_t) const { return true; }

 private:
  const QueryPlan& plan_;
};

// A list record as the scorer reads it (views into the index's dictionary), into `out`.
void ListName(const NameIndex& index, const NameRecord& record, ScoredName& out);
ScoredToken DictTokenView(const NameIndex& index, uint32_t id, text::TokenRole role = text::TokenRole::kNormal);
// Two adjacent tokens of a record written together, as JoinedSimilarity(single, a, b, abjad, …)
// makes them, with the keys the index keeps for them (NameIndex::pair_keys); its text views
// `joined`.
ScoredToken JoinedPairView(const DictToken& a, const DictToken& b, const PairKeys& keys, bool abjad,
                           std::string& joined);

// Scratch for planning a query's forms. The index's variants of a word the memo does not hold
// are kept until NewQuery(): a query's forms share most words (Иванов reads ivanov either way).
// At most kWords are kept, the oldest given up first, whether or not NewQuery() is called.
class PlanScratch {
 public:
  // `share`: whether the query has several forms; a query of one has no word to look up twice.
  void NewQuery(bool share = true) {
    kept_ = 0;
    share_ = share;
  }
  // The dictionary tokens the word meets through the index's keys, ascending and each once;
  // valid until the next call.
  const std::vector<uint32_t>& Variants(const NameIndex& index, std::string_view text, std::string_view phonetic,
                                        std::string_view skeleton, bool abjad, int max_edits);

 private:
  static constexpr size_t kWords = 64;
  struct Word {
    std::string text, phonetic, skeleton;
    bool abjad = false;
    int max_edits = 0;
    std::vector<uint32_t> ids;
  };
  std::vector<Word> words_;  // [0, kept_) this query's; the rest keep their room for the next
  size_t kept_ = 0;
  bool share_ = true;
};

// Tokens, weights and variants through the index's keys, or `memo` (which may be null) where it
// has them.
QueryPlan PlanQuery(const NameIndex& index, const text::NameForm& form, PlanScratch& scratch,
                    VariantMemo* memo = nullptr);

// The same tokens and weights found by comparing every dictionary token, keys unused: the
// reference the fast plan is tested against. No variants.
QueryPlan PlanQueryByScan(const NameIndex& index, const text::NameForm& form);

}  // namespace embargo
