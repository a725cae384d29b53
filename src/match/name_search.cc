#include "match/name_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "text/scoring_params.h"

namespace embargo {

// A query token (or two written together) and where the records it can add to are listed.
struct NameSearch::Slot {
  uint32_t unit = 0;       // the plan's unit: its variants' postings
  double weight = 0;       // query weight it explains
  double best_query = 0;   // the most it adds to the query side: weight x best similarity
  double best_list = 0;    // the most list weight it can match, but in the records of `joined`
  size_t postings = 0;     // records to walk
  int64_t initial = -1;    // dictionary id of its first letter: list names with that initial
  std::vector<uint32_t> joined;  // records with two adjacent tokens that, together, it may meet; ascending
};

namespace {

constexpr uint32_t kNone = UINT32_MAX;
// Postings at least this long are skipped when the slot cannot bring a record to the bar alone.
// Shorter ones are walked: every record a walk reaches costs a first bound, and a slot with a
// few postings is checked for as cheaply in the walk as in the record's tokens.
constexpr size_t kLongPostings = 16;
constexpr float kUnbounded = 1e30f;

double BestSimilarity(const VariantMeet& v) { return std::max(v.plain.similarity, v.abjad.similarity); }

}  // namespace

// Token similarities for one record, looked up in the search's table.
class TableSimilarity final : public UnitSimilarity<TableSimilarity> {
 public:
  TableSimilarity(const NameSearch& search, uint32_t record, const ScoredName& list)
      : UnitSimilarity(search.plan_->name, search.plan_->abjad, list), search_(search), record_(record) {}

  // Two of the record's words written together meet query token `i` only where its joined keys
  // said so (kJoinedEdits is 0): the walk marked those records.
  bool MayMeetJoined(size_t i) const { return (search_.recs_[record_].joined >> i) & 1; }

  TokenMeet Lookup(uint32_t dict, size_t unit) const {
    if (dict == kNoDictToken || search_.dict_[dict].stamp != search_.dict_gen_) return {};
    for (uint32_t e = search_.dict_[dict].head; e != kNone; e = search_.entries_[e].next) {
      const auto& entry = search_.entries_[e];
      if (entry.unit == unit) return Pick(entry.plain, entry.abjad);
    }
    return {};
  }

 private:
  const NameSearch& search_;
  uint32_t record_;
};

NameSearch::NameSearch(const NameIndex& index)
    : index_(index),
      dict_(index.token_count()),
      recs_(index.record_count()) {}

void NameSearch::MakeTable(const QueryPlan& plan) {
  if (++dict_gen_ == 0) {  // the stamps wrapped: start afresh
    for (DictSlot& d : dict_) d.stamp = 0;
    dict_gen_ = 1;
  }
  entries_.clear();
  // The tokens' slots are scattered over the dictionary: all are asked of memory before any is
  // written, so their cache misses overlap.
  for (const auto& variants : plan.variants)
    for (const VariantMeet& v : variants) __builtin_prefetch(&dict_[v.dict], 1);
  for (uint32_t unit = 0; unit < plan.variants.size(); ++unit) {
    for (const VariantMeet& v : plan.variants[unit]) {
      DictSlot& d = dict_[v.dict];
      if (d.stamp != dict_gen_) d = {dict_gen_, kNone, 0};
      entries_.push_back({d.head, unit, v.plain, v.abjad});
      d.head = static_cast<uint32_t>(entries_.size() - 1);
    }
  }
}

// Made for every variant of every query token: inline.
inline __attribute__((always_inline)) std::span<const uint32_t> NameSearch::MetPostings(const QueryPlan& plan,
                                                                                       const VariantMeet& v) const {
  // A query not in an abjad script meets a name in another script by its spelling and sound
  // (TokenMeet::plain) alone: by its skeleton only, it meets names in abjad scripts.
  return !plan.abjad && v.plain.similarity <= 0 ? index_.abjad_postings(v.dict) : index_.postings(v.dict);
}

std::vector<NameSearch::Slot> NameSearch::MakeSlots(const QueryPlan& plan) {
  const auto& q = plan.name.tokens;
  const size_t n = q.size();
  std::vector<Slot> slots;
  slots.reserve(2 * n);
  auto add_variants = [&](Slot& s) {
    double best = 0;
    for (const VariantMeet& v : plan.variants[s.unit]) {
      best = std::max(best, BestSimilarity(v));
      s.best_list = std::max(s.best_list, index_.Idf(v.dict));
      s.postings += MetPostings(plan, v).size();
    }
    return best;
  };
  for (size_t i = 0; i < n; ++i) {
    if (q[i].role == text::TokenRole::kInitial) continue;
    Slot s;
    s.unit = static_cast<uint32_t>(i);
    s.weight = QueryTokenWeight(q[i]);
    double best = add_variants(s);
    if (q[i].text.size() > 1) {
      // List names that give this name as an initial.
      s.initial = index_.Find(q[i].text.substr(0, 1));
      if (s.initial >= 0) {
        best = std::max(best, scoring::kInitial);
        s.best_list = std::max(s.best_list, index_.Idf(static_cast<uint32_t>(s.initial)));
        s.postings += index_.postings(static_cast<uint32_t>(s.initial)).size();
      }
    }
    if (q[i].dict == kNoDictToken || index_.HasJoinedRecords(q[i].dict, plan.abjad))
      index_.JoinedRecords(q[i].text, q[i].phonetic, q[i].skeleton, plan.abjad, s.joined);
    if (!s.joined.empty()) {
      best = std::max(best, scoring::kExact * scoring::kJoined);
      s.postings += s.joined.size();
    }
    s.best_query = s.weight * best;
    slots.push_back(std::move(s));
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    Slot s;
    s.unit = static_cast<uint32_t>(n + i);
    s.weight = QueryTokenWeight(q[i]) + QueryTokenWeight(q[i + 1]);
    s.best_query = s.weight * add_variants(s);
    if (s.best_query > 0) slots.push_back(std::move(s));
  }
  return slots;
}

// A slot adds to a record once, its best. Most records are reached once, by one slot.
inline __attribute__((always_inline)) void NameSearch::Add(uint32_t r, uint32_t slot_id, float query, float list) {
  RecordSums& rs = recs_[r];
  if (rs.stamp != rec_gen_) {
    rs = {0, rec_gen_, slot_id, query, list, query, list};
    touched_.push_back(r);
  } else if (rs.slot != slot_id) {
    rs.slot = slot_id;
    rs.query += query, rs.list += list;
    rs.slot_query = query, rs.slot_list = list;
  } else {
    if (query > rs.slot_query) rs.query += query - rs.slot_query, rs.slot_query = query;
    if (list > rs.slot_list) rs.list += list - rs.slot_list, rs.slot_list = list;
  }
}

void NameSearch::Walk(const Slot& slot, uint32_t slot_id) {
  for (const VariantMeet& v : plan_->variants[slot.unit]) {
    const float query = static_cast<float>(slot.weight * BestSimilarity(v)), list = static_cast<float>(index_.Idf(v.dict));
    const std::span<const uint32_t> postings = MetPostings(*plan_, v);
    // Each record's running sums are asked of memory a few postings ahead of their turn.
    constexpr size_t kAhead = 16;
    size_t k = 0;
    for (; k + kAhead < postings.size(); ++k) {
      __builtin_prefetch(&recs_[postings[k + kAhead]]);
      Add(postings[k], slot_id, query, list);
    }
    for (; k < postings.size(); ++k) Add(postings[k], slot_id, query, list);
  }
  const float joined = static_cast<float>(slot.weight * scoring::kExact * scoring::kJoined);
  for (uint32_t r : slot.joined) {
    Add(r, slot_id, joined, kUnbounded);
    recs_[r].joined |= uint64_t{1} << slot.unit;
  }
}

void NameSearch::WalkInitial(const Slot& slot, uint32_t slot_id, uint64_t meet_bits,
                             const std::vector<uint32_t>& joined_records) {
  const uint32_t d = static_cast<uint32_t>(slot.initial);
  const float query = static_cast<float>(slot.weight * scoring::kInitial), list = static_cast<float>(index_.Idf(d));
  const std::span<const uint32_t> postings = index_.postings(d);
  constexpr size_t kAhead = 16;
  for (size_t k = 0; k < postings.size(); ++k) {
    if (k + kAhead < postings.size()) {
      __builtin_prefetch(&recs_[postings[k + kAhead]]);
      __builtin_prefetch(&index_.weights(postings[k + kAhead]));
    }
    const uint32_t r = postings[k];
    // A name met by initials alone scores nothing: one no other walk reached needs a word a
    // skipped slot meets, or two written together that one meets.
    if (recs_[r].stamp != rec_gen_ && (index_.weights(r).token_bits & meet_bits) == 0 &&
        !std::binary_search(joined_records.begin(), joined_records.end(), r))
      continue;
    Add(r, slot_id, query, list);
  }
}

void NameSearch::PrefetchTokens(uint32_t r, bool per_token) const {
  const NameRecord& rec = index_.record(r);
  if (!per_token) {
    __builtin_prefetch(rec.tokens.data());
    __builtin_prefetch(rec.roles.data());
    return;
  }
  for (uint32_t d : rec.tokens) {
    __builtin_prefetch(&dict_[d]);
    __builtin_prefetch(&index_.IdfRef(d));
  }
}

// As a CoverageKey.
double NameSearch::TokenBound(uint32_t r) const {
  const NameRecord& rec = index_.record(r);
  const auto& q = plan_->name.tokens;
  const size_t n = q.size(), m = rec.tokens.size();
  const bool abjad_list = IsAbjad(rec.script), abjad = plan_->abjad || abjad_list;
  double qb[scoring::kMaxNameTokens], lb[scoring::kMaxNameTokens];  // names have at most this many tokens
  std::fill_n(qb, n, 0.0);
  std::fill_n(lb, m, 0.0);
  auto meet = [&](size_t i, size_t j, double sim) {
    qb[i] = std::max(qb[i], sim);
    lb[j] = std::max(lb[j], sim);
  };
  for (size_t j = 0; j < m; ++j) {
    const uint32_t d = rec.tokens[j];
    if (rec.roles[j] == text::TokenRole::kInitial || n == 0) {
      const std::string& initial = index_.token(d).text;
      for (size_t i = 0; i < n; ++i) meet(i, j, InitialSimilarity(q[i].text, initial).similarity);
      continue;
    }
    if (query_initials_) {
      const std::string& text = index_.token(d).text;
      for (size_t i = 0; i < n; ++i)  // query initials against a full token: the first letter
        if (q[i].role == text::TokenRole::kInitial && q[i].text[0] == text[0])
          meet(i, j, q[i].text == text ? scoring::kExact : scoring::kInitial);
    }
    if (dict_[d].stamp != dict_gen_) continue;
    for (uint32_t e = dict_[d].head; e != kNone; e = entries_[e].next) {
      const Entry& entry = entries_[e];
      double sim = (abjad_list ? entry.abjad : entry.plain).similarity;
      if (entry.unit < n) {
        meet(entry.unit, j, sim);
      } else {  // two query tokens written together
        meet(entry.unit - n, j, sim);
        meet(entry.unit - n + 1, j, sim);
      }
    }
  }
  if (const uint64_t joined = recs_[r].joined) {
    const RecordWeights& w = index_.weights(r);
    for (size_t j = 0; j + 1 < m; ++j) {
      const PairKeys keys = index_.pair_keys(w, j);
      const DictToken &first = index_.token(rec.tokens[j]), &second = index_.token(rec.tokens[j + 1]);
      for (uint64_t mask = joined; mask; mask &= mask - 1) {
        const size_t i = static_cast<size_t>(__builtin_ctzll(mask));
        if (!MayMeetJoinedUnedited(q[i], first.text, second.text, keys.phonetic, keys.skeleton, abjad)) continue;
        const ScoredToken pair = JoinedPairView(first, second, keys, abjad, joined_);
        const double sim = JoinedSimilarity(q[i], pair, abjad, kJoinedEdits).similarity;
        meet(i, j, sim);
        meet(i, j + 1, sim);
      }
    }
  }
  double q_total = least_query_weight_, q_matched = 0, l_total = 0, l_matched = 0;
  bool any_full = false;
  // A query's middle name counts whole where the list name gives one, or where it may be met well
  // enough: met at qb >= 1 - kOptionalUnmatched, counting it whole cannot lower a coverage of at
  // most 1 below that of leaving it out at its least. A firm's noun of kind, only where so met (a
  // place of a part or a noun before a part's last, whose least is nothing, then adds 0.6 of
  // itself: still no more than it weighs).
  // Its numbers count whole where the list name has numbers (else they are met by none).
  const uint8_t gives = index_.weights(r).gives;
  for (size_t i = 0; i < n; ++i) {
    q_matched += query_weight_[i] * qb[i];
    any_full |= qb[i] > 0 && q[i].role != text::TokenRole::kInitial;
    if ((gives & kGivesMiddleName) || qb[i] >= 1 - scoring::kOptionalUnmatched) q_total += middle_rest_[i];
    if (qb[i] >= 1 - scoring::kOptionalUnmatched) q_total += kind_rest_[i];
  }
  if (gives & kGivesNumber) q_total += number_rest_;
  // Every list token that can be matched counts whole; the others at their least.
  for (size_t j = 0; j < m; ++j) {
    double w = index_.Idf(rec.tokens[j]);
    l_matched += w * lb[j];
    l_total += lb[j] > 0 || rec.roles[j] != text::TokenRole::kOptional ? w : w * scoring::kOptionalUnmatched;
  }
  if (!any_full || q_total <= 0 || l_total <= 0) return 0;
  return CoverageKey(std::min(1.0, q_matched / q_total), std::min(1.0, l_matched / l_total));
}

void NameSearch::Slack::Clear() {
  skipped.clear();
  always_list.clear();
  initial_letters.clear();
  marked = initials = 0;
  always_query = marked_query = marked_list = 0;
  marked_bits = 0;
}

void NameSearch::WalkOrSkip(const QueryPlan& plan, const std::vector<Slot>& slots, double needed,
                            double initials_query, size_t initials) {
  std::vector<uint32_t>& order = order_;
  order.resize(slots.size());
  for (uint32_t s = 0; s < order.size(); ++s) order[s] = s;
  // Longest postings first: skipping them saves the most walking.
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return slots[a].postings != slots[b].postings ? slots[a].postings > slots[b].postings : a < b;
  });
  Slack& slack = slack_;
  slack.initials = initials;
  // A record met by skipped slots alone matches at most their best: it falls short if that is
  // under the needed share of the query's weight. A skipped middle name (or noun of kind) met well
  // enough adds its weight to the query's, as in TokenBound, so what it adds is less its share of that.
  const double share = bar_query_share_;
  double skipped_query = initials_query;
  std::vector<uint32_t>& walked = walked_;
  walked.clear();
  for (uint32_t s : order) {
    const Slot& slot = slots[s];
    const double rest = slot.unit < middle_rest_.size() ? middle_rest_[slot.unit] + kind_rest_[slot.unit] : 0;
    const bool well_met = slot.best_query >= (1 - scoring::kOptionalUnmatched) * slot.weight;
    const double adds = slot.best_query - (well_met ? share * rest : 0);
    if (slot.postings >= kLongPostings && skipped_query + adds < needed) {
      skipped_query += adds;
      slack.skipped.push_back(s);
    } else {
      Walk(slots[s], s);
      walked.push_back(s);
    }
  }
  // The list names that give a walked slot's word as an initial, last: the records the walks did
  // not reach are then known.
  uint64_t meet_bits = 0;  // TokenBit of every word a skipped slot meets
  std::vector<uint32_t> joined_records;  // records a skipped slot meets written together
  for (uint32_t s : slack.skipped) {
    for (const VariantMeet& v : plan.variants[slots[s].unit]) meet_bits |= TokenBit(v.dict);
    const size_t before = joined_records.size();  // each slot's are ascending: merged
    joined_records.insert(joined_records.end(), slots[s].joined.begin(), slots[s].joined.end());
    std::inplace_merge(joined_records.begin(), joined_records.begin() + static_cast<std::ptrdiff_t>(before),
                       joined_records.end());
  }
  for (uint32_t s : walked)
    if (slots[s].initial >= 0) WalkInitial(slots[s], s, meet_bits, joined_records);
  // A record that no walked slot reached cannot reach the bar. For the others, what a skipped
  // slot may add counts only where the record has a token the slot meets (its postings),
  // found through the tokens' table entries; past 64 skipped slots, everywhere.
  const std::vector<uint32_t>& skipped = slack.skipped;
  slack.marked = std::min<size_t>(skipped.size(), 64);
  slack.always_query = initials_query;
  for (size_t k = slack.marked; k < skipped.size(); ++k) {
    slack.always_query += slots[skipped[k]].best_query;
    slack.always_list.push_back(slots[skipped[k]].best_list);
  }
  auto mark = [&](uint32_t d, size_t k) {
    slack.marked_bits |= TokenBit(d);
    DictSlot& ds = dict_[d];
    if (ds.stamp != dict_gen_) ds = {dict_gen_, kNone, 0};
    ds.skipped |= uint64_t{1} << k;
  };
  for (size_t k = 0; k < slack.marked; ++k) {
    const Slot& slot = slots[skipped[k]];
    slack.marked_query += slot.best_query;
    slack.marked_list += slot.best_list;
    for (const VariantMeet& v : plan.variants[slot.unit]) mark(v.dict, k);
    if (slot.initial >= 0) mark(static_cast<uint32_t>(slot.initial), k);
  }
  // The records a skipped slot may meet written together still say so, for TokenBound.
  for (uint32_t s : skipped)
    for (uint32_t r : slots[s].joined)
      if (recs_[r].stamp == rec_gen_) recs_[r].joined |= uint64_t{1} << slots[s].unit;
}

void NameSearch::FirstBound(const std::vector<Slot>& slots, const Slack& slack, double total, double bar_key) {
  using Bound = void (NameSearch::*)(const std::vector<Slot>&, const Slack&, double, double);
  static constexpr Bound kBounds[8] = {
      &NameSearch::FirstBoundOf<false, false, false>, &NameSearch::FirstBoundOf<false, false, true>,
      &NameSearch::FirstBoundOf<false, true, false>,  &NameSearch::FirstBoundOf<false, true, true>,
      &NameSearch::FirstBoundOf<true, false, false>,  &NameSearch::FirstBoundOf<true, false, true>,
      &NameSearch::FirstBoundOf<true, true, false>,   &NameSearch::FirstBoundOf<true, true, true>};
  const size_t initials = slack.initials > 0, always_list = !slack.always_list.empty(), marked = slack.marked > 0;
  (this->*kBounds[initials * 4 + always_list * 2 + marked])(slots, slack, total, bar_key);
}

template <bool kInitials, bool kAlwaysList, bool kMarked>
void NameSearch::FirstBoundOf(const std::vector<Slot>& slots, const Slack& slack, double total, double bar_key) {
  // Records are read in the order the walk reached them, scattered over the index: each is
  // asked of memory a few records ahead of its turn.
  constexpr size_t kAhead = 8;
  // Whether a record with these sums may reach the bar: CoverageKey(Q, L) >= bar_key, squared
  // and multiplied out (Q^3 L^2 x total^3 x min_weight^2), so without a division or a root. A
  // query token met written together may explain any share of the list name. Float sums round:
  // a little slack keeps the bound a bound.
  // A query's middle names weigh whole against a name that gives its own, and its numbers against
  // a name with numbers (TokenBound): totals[RecordWeights::gives].
  const double bar_key_slack = bar_key > 1e-6 ? bar_key / (1 + 1e-4) : 0;
  double middle = 0;
  for (double rest : middle_rest_) middle += rest;
  const double totals[4] = {total, total + middle, total + number_rest_, total + middle + number_rest_};
  double need_cubed[4];
  for (int k = 0; k < 4; ++k) need_cubed[k] = bar_key_slack * bar_key_slack * totals[k] * totals[k] * totals[k];
  auto may_reach = [&](const RecordWeights& w, double query_sum, double list_weight, bool joined) {
    const double q = std::min(query_sum, totals[w.gives]);
    const double need = need_cubed[w.gives];
    const double min_weight = w.min_weight;
    if (joined || min_weight <= 0) return q * q * q >= need;
    const double l = std::min(list_weight, min_weight);
    return q * q * q * l * l >= need * min_weight * min_weight;
  };
  // Read once: the writes below would make the compiler read them again for every record.
  const size_t marked = slack.marked;
  const uint64_t marked_bits = slack.marked_bits;
  const double always_query = slack.always_query, all_marked_query = slack.marked_query,
               all_marked_list = slack.marked_list;
  const DictSlot* const dict = dict_.data();
  const uint32_t dict_gen = dict_gen_;
  // Padded with the last record, so the records ahead are asked for without a check.
  const size_t reached = touched_.size();
  if (reached == 0) return;
  touched_.resize(reached + kAhead, touched_.back());
  // The records kept are written over those read, through a pointer: a push_back could change
  // any vector, as far as the compiler knows, so every record would read the index's arrays'
  // addresses again.
  uint32_t* const reached_records = touched_.data();
  size_t kept = 0;
  for (size_t k = 0; k < reached; ++k) {
    __builtin_prefetch(&index_.weights(touched_[k + kAhead]));
    __builtin_prefetch(index_.tokens_of(index_.weights(touched_[k + kAhead / 2])).data());
    const uint32_t r = touched_[k];
    const RecordWeights& weights = index_.weights(r);
    const RecordSums& rs = recs_[r];
    // A skipped slot matches one token of the record (or two written together, below): at most
    // its rarest.
    const double rarest = weights.max_token_weight;
    double list_weight = rs.list;
    double lost_initials = 0;  // the query weight of initials this record cannot meet
    if constexpr (kInitials) {
      size_t initials = slack.initials;
      for (const auto& [bit, weight] : slack.initial_letters)
        if ((weights.first_letters & bit) == 0) lost_initials += weight, --initials;
      list_weight += static_cast<double>(initials) * rarest;
    }
    if constexpr (kAlwaysList)
      for (double w : slack.always_list) list_weight += std::min(w, rarest);
    // First as if the record met every marked slot, unless its token bits say it meets none:
    // many fail even so (on the DEV queries, 44 % of the records reached and a quarter of those
    // that may meet a marked slot), and their tokens need not be read.
    const bool may_meet = kMarked && (rs.joined != 0 || (weights.token_bits & marked_bits) != 0);
    const double marked_query = may_meet ? all_marked_query : 0;
    const double marked_list = may_meet ? std::min(all_marked_list, static_cast<double>(marked) * rarest) : 0;
    if (!may_reach(weights, rs.query + always_query - lost_initials + marked_query, list_weight + marked_list,
                   rs.joined != 0))
      continue;
    if (!may_meet) {  // the check above was exact
      reached_records[kept++] = r;
      continue;
    }
    uint64_t met = 0;
    for (uint32_t d : index_.tokens_of(weights))
      if (dict[d].stamp == dict_gen) met |= dict[d].skipped;
    if (rs.joined != 0)
      for (size_t j = 0; j < marked; ++j) met |= ((rs.joined >> slots[slack.skipped[j]].unit) & 1) << j;
    double slack_query = always_query - lost_initials;
    for (; met; met &= met - 1) {
      const Slot& slot = slots[slack.skipped[static_cast<size_t>(__builtin_ctzll(met))]];
      slack_query += slot.best_query;
      list_weight += std::min(slot.best_list, rarest);
    }
    if (may_reach(weights, rs.query + slack_query, list_weight, rs.joined != 0)) reached_records[kept++] = r;
  }
  touched_.resize(kept);
}

double NameSearch::ScoreOf(double key) { return std::pow(key, scoring::kListExponent); }

static_assert(scoring::kListExponent > 0.39999 && scoring::kListExponent < 0.40001, "NameSearch::KeyOf assumes L^0.4");

const std::vector<NameSearch::Candidate>& NameSearch::Candidates(const QueryPlan& plan, double bar) {
  plan_ = &plan;
  candidates_.clear();
  touched_.clear();
  if (++rec_gen_ == 0) {
    for (RecordSums& rs : recs_) rs.stamp = 0;
    rec_gen_ = 1;
  }
  MakeTable(plan);
  std::vector<Slot> slots = MakeSlots(plan);
  // The query's weight in the scorer is at least this (an unmatched repeat costs nothing).
  const double total = least_query_weight_ = LeastQueryWeight(plan.name);
  query_weight_.clear();
  middle_rest_.clear();
  kind_rest_.clear();
  number_rest_ = 0;
  double initials_query = 0;  // query initials may meet any token
  size_t initials = 0;
  slack_.Clear();
  for (const ScoredToken& t : plan.name.tokens) {
    query_weight_.push_back(QueryTokenWeight(t));
    const bool kind = SaysWhatOrWhere(t), middle = !kind && IsMiddleName(t);
    const bool least = (kind || middle) && !RepeatsEarlierWord(plan.name, query_weight_.size() - 1);
    const double rest = least ? query_weight_.back() * (1 - scoring::kOptionalUnmatched) : 0;
    middle_rest_.push_back(middle ? rest : 0);
    kind_rest_.push_back(kind ? rest : 0);
    const bool number = MayBeStrayNumber(t, plan.name.family) && !RepeatsEarlierWord(plan.name, query_weight_.size() - 1);
    if (number) number_rest_ += query_weight_.back() - LeastTokenWeight(t, plan.name.family);
    if (t.role != text::TokenRole::kInitial) continue;
    initials_query += query_weight_.back() * scoring::kExact;
    ++initials;
    if (const uint32_t bit = LetterBit(t.text[0]); bit && !plan.abjad)
      slack_.initial_letters.emplace_back(bit, query_weight_.back() * scoring::kExact);
  }
  query_initials_ = initials > 0;
  if (total <= 0) return candidates_;
  if (bar != bar_) {  // the bar is mostly the same from query to query: its powers are kept
    bar_ = bar;
    bar_query_share_ = bar > 0 ? std::pow(bar, 1.0 / scoring::kQueryExponent) : 0;
    bar_key_ = bar > 0 ? std::pow(bar, 1.0 / scoring::kListExponent) : 0;
  }
  const double needed = bar_query_share_ * total;  // of the query's weight matched, at least
  const double bar_key = bar_key_;  // CoverageKey of the bar
  WalkOrSkip(plan, slots, needed, initials_query, initials);
  FirstBound(slots, slack_, total, bar_key);
  constexpr size_t kAhead = 8;
  // Bounded again from the record's own tokens (what the skipped slots add, exactly).
  for (size_t k = 0; k < touched_.size(); ++k) {
    if (k + kAhead < touched_.size()) PrefetchTokens(touched_[k + kAhead], false);
    if (k + kAhead / 2 < touched_.size()) PrefetchTokens(touched_[k + kAhead / 2], true);
    const uint32_t r = touched_[k];
    double key = TokenBound(r) * (1 + 1e-9) + 1e-12;
    if (key >= bar_key) candidates_.push_back({r, key});
  }
  std::sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
    return a.key != b.key ? a.key > b.key : a.record < b.record;
  });
  return candidates_;
}

double NameSearch::Score(uint32_t record, NameAlignment& alignment) {
  ListName(index_, index_.record(record), list_name_);
  return ScoreName(plan_->name, list_name_, false, TableSimilarity(*this, record, list_name_), &alignment).score;
}

}  // namespace embargo
