// The reference name search: every name record of the index scored against a query, with no
// keys and no bounds. Slow and plainly exhaustive; tests require the fast search (name_search.h)
// to agree with it (the habit of rapidfuzz and re2: a slow reference beside the fast path).
//
// To keep a test over tens of thousands of queries within minutes, the dictionary and the
// records' adjacent token pairs are grouped by length, and a query token is compared only with
// those whose lengths the scorer's own rules allow (two edits at most, or equal sound or
// skeleton). Thread-safety: ScoreEveryRecord() may run concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "index/name_index.h"
#include "match/query_plan.h"

namespace embargo {

class ReferenceSearch {
 public:
  explicit ReferenceSearch(const NameIndex& index);

  // Calls fn(record, name score) for every record whose name score against `plan` is above 0.
  // Records that share nothing with the query (no token, initial or joined pair meets one of
  // its tokens, each compared by the scorer) score 0 and are skipped unscored.
  void ScoreEveryRecord(const QueryPlan& plan, const std::function<void(uint32_t, double)>& fn) const;

 private:
  struct Meets;
  Meets ScanDictionary(const QueryPlan& plan) const;
  // The dictionary tokens one query token meets, compared one by one (remembered per spelling:
  // queries repeat their words).
  const std::vector<uint32_t>& MetBy(const ScoredToken& t, bool abjad, bool only_abjad_names) const;
  bool SharesSomething(uint32_t record, const QueryPlan& plan, const Meets& meets) const;

  const NameIndex& index_;
  // Dictionary tokens by the length of their spelling, phonetic key and skeleton.
  std::vector<std::vector<uint32_t>> by_length_, by_phonetic_length_, by_skeleton_length_;
  std::vector<uint8_t> in_abjad_name_;  // per dictionary token
  // Adjacent token pairs of the records, (record, position), by the length written together.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> pairs_by_length_;
  mutable std::mutex memo_mutex_;
  mutable std::unordered_map<std::string, std::vector<uint32_t>> memo_;
};

}  // namespace embargo
