#include "match/reference_search.h"

#include <algorithm>

#include "text/similarity.h"

namespace embargo {
namespace {

void File(std::vector<std::vector<uint32_t>>& groups, size_t length, uint32_t id) {
  if (groups.size() <= length) groups.resize(length + 1);
  groups[length].push_back(id);
}

// Calls fn for each group whose length is within `slack` of `length`.
template <typename T, typename Fn>
void Around(const std::vector<std::vector<T>>& groups, size_t length, size_t slack, Fn&& fn) {
  size_t lo = length > slack ? length - slack : 0;
  for (size_t l = lo; l <= length + slack && l < groups.size(); ++l)
    for (const T& x : groups[l]) fn(x);
}

// Two edits at most: lengths and letter sets within two.
bool Near(std::string_view a, std::string_view b, uint64_t a_letters, uint64_t b_letters) {
  size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  return diff <= 2 && text::LetterBound(a_letters, b_letters) <= 2;
}

}  // namespace

// Per dictionary token: whether it meets some query token (or two written together), in names
// of the query's script and in names in abjad scripts.
struct ReferenceSearch::Meets {
  std::vector<uint8_t> plain, abjad;
};

ReferenceSearch::ReferenceSearch(const NameIndex& index) : index_(index), in_abjad_name_(index.token_count(), 0) {
  for (uint32_t v = 0; v < index.token_count(); ++v) {
    const DictToken& d = index.token(v);
    File(by_length_, d.text.size(), v);
    File(by_phonetic_length_, d.phonetic.size(), v);
    File(by_skeleton_length_, d.skeleton.size(), v);
  }
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    if (IsAbjad(rec.script))
      for (uint32_t v : rec.tokens) in_abjad_name_[v] = 1;
    for (uint32_t j = 0; j + 1 < rec.tokens.size(); ++j) {
      size_t length = index.token(rec.tokens[j]).text.size() + index.token(rec.tokens[j + 1]).text.size();
      if (pairs_by_length_.size() <= length) pairs_by_length_.resize(length + 1);
      pairs_by_length_[length].push_back({r, j});
    }
  }
}

const std::vector<uint32_t>& ReferenceSearch::MetBy(const ScoredToken& t, bool abjad, bool only_abjad_names) const {
  std::string key = std::string(1, static_cast<char>('0' + abjad + 2 * only_abjad_names)) + std::string(t.text);
  {
    std::lock_guard<std::mutex> lock(memo_mutex_);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  }
  std::vector<uint8_t> seen(index_.token_count(), 0);
  std::vector<uint32_t> met;
  const std::string vowel_pattern = abjad ? std::string() : text::VowelPattern(t.text);
  auto check = [&](uint32_t v) {
    if (seen[v]++ || (only_abjad_names && !in_abjad_name_[v])) return;
    // The scorer's rules need one of these; checked first, as the scorer is slower.
    const DictToken& d = index_.token(v);
    // Latin spellings whose vowels alone differ (Mostafaei, Mustafa) may be three edits apart.
    bool possible = t.phonetic == d.phonetic || (abjad && t.skeleton == d.skeleton) ||
                    Near(t.text, d.text, t.text_letters, d.text_letters) ||
                    Near(t.phonetic, d.phonetic, t.phonetic_letters, d.phonetic_letters) ||
                    (!vowel_pattern.empty() && vowel_pattern == text::VowelPattern(d.text));
    if (possible && TokenSimilarity(t, DictTokenView(index_, v), abjad).similarity > 0) met.push_back(v);
  };
  // Two edits at most, or equal sound (equal phonetic lengths), or equal skeletons.
  Around(by_length_, t.text.size(), 2, check);
  Around(by_phonetic_length_, t.phonetic.size(), 2, check);
  if (abjad) Around(by_skeleton_length_, t.skeleton.size(), 0, check);
  std::lock_guard<std::mutex> lock(memo_mutex_);
  return memo_.try_emplace(std::move(key), std::move(met)).first->second;
}

ReferenceSearch::Meets ReferenceSearch::ScanDictionary(const QueryPlan& plan) const {
  const auto& q = plan.name.tokens;
  // `only_abjad_names`: compare only tokens of names in abjad scripts.
  auto scan = [&](bool abjad, bool only_abjad_names, std::vector<uint8_t>& meets) {
    meets.assign(index_.token_count(), 0);
    for (size_t i = 0; i < q.size(); ++i) {
      const ScoredToken& t = q[i];
      if (t.role != text::TokenRole::kInitial)
        for (uint32_t v : MetBy(t, abjad, only_abjad_names)) meets[v] = 1;
      if (i + 1 >= q.size()) continue;
      const ScoredToken& next = q[i + 1];
      const size_t joined = t.text.size() + next.text.size();
      Around(by_length_, joined, JoinedLengthReach(joined, abjad), [&](uint32_t v) {
        if (meets[v] || (only_abjad_names && !in_abjad_name_[v])) return;
        // JoinedSimilarity's own first tests, without making a view.
        const DictToken& d = index_.token(v);
        if (!abjad && (d.text[0] != t.text[0] || text::LetterBound(d.text_letters, t.text_letters | next.text_letters) > 2))
          return;
        meets[v] = JoinedSimilarity(DictTokenView(index_, v), t, next, abjad, kSplitEdits).similarity > 0;
      });
    }
  };
  Meets m;
  scan(plan.abjad, false, m.plain);
  // Names in abjad scripts are compared by skeletons too: their tokens are compared again.
  if (plan.abjad) m.abjad = m.plain;
  else scan(true, true, m.abjad);
  return m;
}

// Whether the record can score above 0: a full query token must meet one of its tokens, or
// give its initial, or meet two of them written together.
bool ReferenceSearch::SharesSomething(uint32_t r, const QueryPlan& plan, const Meets& meets) const {
  const NameRecord& rec = index_.record(r);
  const std::vector<uint8_t>& meet = IsAbjad(rec.script) ? meets.abjad : meets.plain;
  for (size_t j = 0; j < rec.tokens.size(); ++j) {
    if (rec.roles[j] != text::TokenRole::kInitial) {
      if (meet[rec.tokens[j]]) return true;
      continue;
    }
    char initial = index_.token(rec.tokens[j]).text[0];
    for (const auto& t : plan.name.tokens)
      if (t.role != text::TokenRole::kInitial && !t.text.empty() && t.text[0] == initial) return true;
  }
  return false;
}

void ReferenceSearch::ScoreEveryRecord(const QueryPlan& plan, const std::function<void(uint32_t, double)>& fn) const {
  Meets meets = ScanDictionary(plan);
  std::vector<uint8_t> shares(index_.record_count(), 0);
  for (uint32_t r = 0; r < index_.record_count(); ++r) shares[r] = SharesSomething(r, plan, meets);
  // Joined pairs: the scorer compares only pairs of about the query token's length (abjad reach:
  // a record's script may make the pair abjad).
  for (const ScoredToken& t : plan.name.tokens) {
    const size_t reach = JoinedLengthReach(t.text.size(), true);
    Around(pairs_by_length_, t.text.size(), reach, [&](const std::pair<uint32_t, uint32_t>& p) {
      auto [r, j] = p;
      if (shares[r]) return;
      const NameRecord& rec = index_.record(r);
      ScoredToken a = DictTokenView(index_, rec.tokens[j]), b = DictTokenView(index_, rec.tokens[j + 1]);
      shares[r] = JoinedSimilarity(t, a, b, plan.abjad || IsAbjad(rec.script), kJoinedEdits).similarity > 0;
    });
  }
  ScoredName list;
  for (uint32_t r = 0; r < index_.record_count(); ++r) {
    if (!shares[r]) continue;
    ListName(index_, index_.record(r), list);
    double s = ScoreName(plan.name, list, false).score;
    if (s > 0) fn(r, s);
  }
}

}  // namespace embargo
