#include "decision_store/rescreen.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/parallel.h"
#include "common/sha256.h"
#include "decision_store/worklist.h"
#include "lists/diff.h"
#include "match/result_json.h"
#include "match/screener_internals.h"

namespace embargo::decisions {
namespace {

// What changed in the lists since the last run.
struct Delta {
  std::unordered_map<std::string, std::string> why;  // entity id -> "new list entry", "list record changed: ..."
  size_t changed = 0;                                 // of `why`, the records changed (the rest are new)
  std::vector<std::string> removed;
  // The last run's fingerprints of the removed records: one whose alerts stay open stays in the baseline.
  std::unordered_map<std::string, std::string> removed_fps;
  std::vector<std::pair<std::string, std::string>> fingerprints;  // of every current entity
  bool full = false;                                              // no baseline: the full lists
  size_t not_delisted = 0;  // removed records of lists loaded incomplete or with rejects, left unresolved
  // The records the update took away or replaced, as they were (with the previous lists), and how
  // many records the lists held then: what the words' weights were made of (Reweigh).
  std::vector<Entity> before_update;
  size_t entities_before = 0;
  // Whether those weights can be known: with the previous lists, or when the update only added
  // records (a word's frequency before is its frequency now less the additions').
  bool weights_before_known = true;
};

// The baseline keeps a record that left the lists while an alert on it stays open (or that a list
// loaded incomplete lacks) under its fingerprint marked so: the next run finds it removed again,
// but it was on none of the lists the last run weighed words over.
constexpr std::string_view kCarried = "carried:";
std::string Carried(const std::string& fp) { return fp.starts_with(kCarried) ? fp : std::string(kCarried) + fp; }

// Whether the loader left out a party of the list: a record it rejected (a repeated row loses
// none) is missing from the load, not from the list.
bool LostRecords(const ListLoad& l) {
  return !l.accepted_incomplete.empty() ||
         std::any_of(l.rejected.begin(), l.rejected.end(), [](const LoadIssue& r) { return !r.repeat; });
}

// Removed records are delisted only from lists loaded whole: a list missing altogether would
// resolve every alert on it, and a list accepted incomplete (--allow-shrink) or with records its
// loader rejected lost records that may still be listed. The first stops the run unless the
// caller drops the list on purpose.
// `before`: the fingerprints of the last run's entities; a record kept as not delisted keeps its
// own in the baseline, so that a later run can still delist it.
Status KeepDelistedOnly(const std::vector<ListLoad>& current, const RescreenOptions& o,
                        const std::unordered_map<std::string, std::string>& before, Delta& d) {
  std::unordered_set<std::string> loaded, incomplete, dropped(o.dropped_lists.begin(), o.dropped_lists.end());
  for (const ListLoad& l : current) {
    loaded.insert(l.dataset);
    if (LostRecords(l)) incomplete.insert(l.dataset);
  }
  std::map<std::string, size_t> missing;
  std::vector<std::string> removed;
  for (std::string& id : d.removed) {
    std::string dataset = DatasetOf(id);
    if (!loaded.count(dataset) && !dropped.count(dataset)) ++missing[dataset];
    if (incomplete.count(dataset)) {
      ++d.not_delisted;
      if (auto fp = before.find(id); fp != before.end()) d.fingerprints.emplace_back(id, Carried(fp->second));
    } else {
      if (auto fp = before.find(id); fp != before.end()) d.removed_fps.emplace(id, fp->second);
      removed.push_back(std::move(id));
    }
  }
  d.removed = std::move(removed);
  if (missing.empty()) return Status::Ok();
  std::string names;
  for (const auto& [dataset, n] : missing) names += (names.empty() ? "" : ", ") + dataset + " (" + std::to_string(n) + " records)";
  return Status::FailedPrecondition("the last run screened against " + names +
                                    ", not among the lists now: a missing list would resolve every alert on it; load "
                                    "it, or drop it on purpose with --drop-list DATASET");
}

// A delta from previous lists is right only when they are the lists the last finished run
// screened against: other versions would miss what changed in between and save a wrong baseline.
Status CheckPreviousAreLastRuns(DecisionStore& store, const std::vector<ListLoad>& previous) {
  EMBARGO_ASSIGN_OR_RETURN(RescreenRun last, store.LastFinishedRun());
  if (last.id == 0) return Status::Ok();  // no run yet: nothing to be out of step with
  std::map<std::string, std::string> ran, given;
  auto recorded = nlohmann::json::parse(last.lists_json, nullptr, false);
  if (recorded.is_array())
    for (const auto& v : recorded)
      if (v.is_object()) ran[v.value("dataset", "")] = v.value("content_hash", "");
  for (const ListLoad& l : previous) given[l.dataset] = l.content_hash;
  std::map<std::string, std::string> datasets = ran;
  datasets.insert(given.begin(), given.end());
  for (const auto& [dataset, unused] : datasets) {
    std::string was = ran.count(dataset) ? ran[dataset] : "(not screened)";
    std::string is = given.count(dataset) ? given[dataset] : "(not among them)";
    if (was == is) continue;
    return Status::FailedPrecondition(
        "the previous lists are not those of the last finished run (run " + std::to_string(last.id) + "): " + dataset +
        " is " + is + " in them, but the run screened against " + was +
        "; the delta would be wrong. Give that run's lists, or leave --previous-lists out to use the store's record");
  }
  return Status::Ok();
}

StatusOr<Delta> ComputeDelta(DecisionStore& store, const std::vector<ListLoad>& current,
                             const std::vector<ListLoad>* previous, const RescreenOptions& o) {
  Delta d;
  for (const ListLoad& l : current)
    for (const Entity& e : l.entities) d.fingerprints.emplace_back(e.id, EntityFingerprint(e));
  if (previous) {
    EMBARGO_RETURN_IF_ERROR(CheckPreviousAreLastRuns(store, *previous));
    ListDiff diff = DiffLists(*previous, current);
    for (const auto& c : diff.added) d.why[c.id] = "new list entry";
    for (const auto& c : diff.changed) {
      std::string fields;
      for (const auto& f : c.fields) fields += (fields.empty() ? "" : ", ") + f.field;
      d.why[c.id] = "list record changed: " + fields;
    }
    d.changed = diff.changed.size();
    for (const auto& c : diff.removed) d.removed.push_back(c.id);
    std::unordered_map<std::string, std::string> before;
    std::unordered_set<std::string> replaced(d.removed.begin(), d.removed.end());
    for (const auto& c : diff.changed) replaced.insert(c.id);
    for (const ListLoad& l : *previous) {
      d.entities_before += l.entities.size();
      for (const Entity& e : l.entities) {
        before.emplace(e.id, EntityFingerprint(e));
        if (replaced.count(e.id)) d.before_update.push_back(e);
      }
    }
    EMBARGO_RETURN_IF_ERROR(KeepDelistedOnly(current, o, before, d));
    return d;
  }
  EMBARGO_ASSIGN_OR_RETURN(auto last, store.LastRunEntities());
  std::unordered_map<std::string, std::string> before(last.begin(), last.end());
  d.full = before.empty();
  std::unordered_set<std::string> now;
  for (const auto& [id, fp] : d.fingerprints) {
    now.insert(id);
    auto it = before.find(id);
    if (it == before.end()) d.why[id] = d.full ? "screened against the full lists (first run)" : "new list entry";
    else if (it->second != fp) d.why[id] = "list record changed", ++d.changed;
  }
  size_t delisted_now = 0;  // removed since the last run (not carried: on its lists)
  for (const auto& [id, fp] : last) {
    const bool carried = fp.starts_with(kCarried);
    if (!carried) ++d.entities_before;
    if (now.count(id)) continue;
    d.removed.push_back(id);
    if (!carried) ++delisted_now;
  }
  // The store keeps fingerprints, not names: what a removed or changed record named is not known.
  d.weights_before_known = d.full || (delisted_now == 0 && d.changed == 0);
  EMBARGO_RETURN_IF_ERROR(KeepDelistedOnly(current, o, before, d));
  return d;
}

// The run's identity: the same customers against the same delta resume the same run.
std::string RunKey(const std::vector<ListLoad>& current, const Delta& d, const std::vector<Customer>& customers) {
  Sha256 key;
  for (const ListLoad& l : current) key.Update(l.dataset + ":" + l.content_hash + "\n");
  std::map<std::string, std::string> sorted(d.why.begin(), d.why.end());
  for (const auto& [id, why] : sorted) key.Update(id + "\n");
  for (const auto& id : d.removed) key.Update("-" + id + "\n");
  for (const Customer& c : customers) key.Update(c.id + "\t" + c.input_json + "\n");
  return key.HexDigest();
}

// A word's weight is its rarity over the whole lists, Idf = log(1 + entities / frequency)
// (NameIndex): an update moves the weights of the words its records name, and so the scores of
// unchanged records. A word whose weight moved by more than this share is "moved" (Reweigh).
constexpr double kMovedWeight = 0.01;

double Idf(double entities, double frequency) { return std::log(1.0 + std::max(entities, 1.0) / std::max(frequency, 1.0)); }

// How the update moved the words' weights.
struct Reweighing {
  std::unordered_map<std::string, std::string> moved;  // word -> "in 31 records, was in 1"
  std::unordered_set<std::string> gone;                 // moved words in no record now
  // The most a name score can move where no word of either name moved: each weight moved by a
  // factor within [low, high], so each coverage (a ratio of weighted sums) and the weight of a
  // one-word name by at most k = high / low, and the score, their product, by k^2.
  double drift = 0;
};

// `now`: the lists after the update; `added`, `taken`: their records the update added or changed,
// and those it took away or replaced as they were (either may be null); `entities_before`: how
// many records the lists held before it.
Reweighing Reweigh(const Screener& now, const Screener* added, const Screener* taken, size_t entities_before) {
  using Frequencies = std::unordered_map<std::string, uint32_t>;
  const Frequencies after = ScreenerInternals::WordFrequencies(now);
  const Frequencies plus = added ? ScreenerInternals::WordFrequencies(*added) : Frequencies{};
  const Frequencies minus = taken ? ScreenerInternals::WordFrequencies(*taken) : Frequencies{};
  const double n_now = static_cast<double>(now.entity_count()), n_before = static_cast<double>(entities_before);
  // A word the update left alone moved with the entity count alone: log(1 + a x) / log(1 + x) lies
  // between 1 and a = n_now / n_before (log is concave and 0 at 1).
  double low = std::min(1.0, n_now / std::max(n_before, 1.0)), high = std::max(1.0, n_now / std::max(n_before, 1.0));
  Reweighing w;
  auto weigh = [&](const std::string& word) {
    auto count = [](const Frequencies& f, const std::string& key) -> double {
      auto it = f.find(key);
      return it == f.end() ? 0 : it->second;
    };
    const double f_now = count(after, word), f_before = f_now - count(plus, word) + count(minus, word);
    if (f_now == f_before || w.moved.count(word)) return;
    const double ratio = Idf(n_now, f_now) / Idf(n_before, f_before);
    // A word new to the lists or gone from them may also change the closest spelling a customer's
    // misspelt word is weighed by.
    if (f_now == 0 || f_before == 0 || std::abs(ratio - 1) > kMovedWeight) {
      w.moved[word] = "in " + std::to_string(static_cast<long>(f_now)) + " records, was in " +
                      std::to_string(static_cast<long>(f_before));
      if (f_now == 0) w.gone.insert(word);
      return;
    }
    low = std::min(low, ratio);
    high = std::max(high, ratio);
  };
  for (const auto& [word, f] : plus) weigh(word);
  for (const auto& [word, f] : minus) weigh(word);
  const double k = high / low;
  w.drift = k * k - 1;
  return w;
}

// A Screener over the entities of `lists` that `keep` keeps; null when it keeps none.
template <typename Keep>
StatusOr<std::unique_ptr<Screener>> ScreenerOver(const std::vector<ListLoad>& lists, Keep keep) {
  std::vector<ListLoad> kept;
  for (const ListLoad& l : lists) {
    ListLoad d;
    d.dataset = l.dataset;
    d.title = l.title;
    d.format = l.format;
    d.published = l.published;
    d.content_hash = l.content_hash;
    for (const Entity& e : l.entities)
      if (keep(e)) d.entities.push_back(e);
    if (!d.entities.empty()) kept.push_back(std::move(d));
  }
  if (kept.empty()) return std::unique_ptr<Screener>();
  return Screener::Build(std::move(kept));
}

// A final score is kept to nine decimals, which may raise it by half a billionth, and a nearest
// score read back from the store may have lost its last digits: a bound that close to the
// threshold may reach it.
constexpr double kRoundingAllowance = 1e-9;

// A customer's nearest score from a screening against the full lists that returned every hit down
// to `floor`, or the best alone: a bound on each of its scores under the threshold, of hits and
// linked records alike (a record not returned scored under `floor` or under the best).
double NearestScore(const ScreenResult& r, double threshold, double floor) {
  double nearest = floor;
  for (const Hit& h : r.hits) {
    if (h.score < threshold) nearest = std::max(nearest, h.score);
    for (const LinkedRecord& l : h.linked)
      if (l.score < threshold) nearest = std::max(nearest, l.score);
  }
  return nearest;
}

std::string Decimals(double v, int places) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", places, v);
  return buf;
}

// Screens customers [checkpoint, end) in committed batches: a screener over the delta finds
// candidates, the full screener scores them as any screening would.
class DeltaScreening {
 public:
  DeltaScreening(DecisionStore& store, const Delta& delta, const RescreenOptions& o) : store_(store), delta_(delta), o_(o) {
    candidate_opts_.threshold = o.threshold;
    candidate_opts_.min_score = std::max(0.0, o.threshold - o.candidate_margin);
    candidate_opts_.include_below_threshold = true;
    candidate_opts_.limit = 20;
    confirm_opts_.threshold = o.threshold;
    // Every hit at the threshold is kept: a cut made before the delta filter would drop a new
    // entry that ranks below unchanged records. Every hit under it down to the candidate floor
    // too: the best is the customer's nearest score, which no cut may leave out.
    confirm_opts_.limit = std::numeric_limits<size_t>::max();
    confirm_opts_.include_below_threshold = true;
    confirm_opts_.min_score = candidate_opts_.min_score;
    // A customer who does not alert needs their best hit alone: the search then scores no record
    // that cannot beat the best found so far.
    nearest_opts_ = confirm_opts_;
    nearest_opts_.limit = 1;
  }

  // When the delta is the whole list (a first run), one index serves both steps. The delta holds
  // the added and changed records and the unchanged ones whose words' weights moved (Reweigh).
  Status Build(const std::vector<ListLoad>& current, RescreenReport& rep) {
    EMBARGO_ASSIGN_OR_RETURN(full_, Screener::Build(current));
    if (delta_.full || delta_.why.size() == delta_.fingerprints.size()) return Status::Ok();
    if (!delta_.weights_before_known) {
      everyone_ = "screened against the full lists: records were removed or changed, and without the previous lists "
                  "what they named, and so the words' weights before, is not known";
      return Status::Ok();
    }
    EMBARGO_ASSIGN_OR_RETURN(auto added, ScreenerOver(current, [&](const Entity& e) { return delta_.why.count(e.id) > 0; }));
    if (!delta_.before_update.empty()) {
      ListLoad before;
      before.dataset = "before-update";
      before.entities = delta_.before_update;
      EMBARGO_ASSIGN_OR_RETURN(taken_, Screener::Build({std::move(before)}));
    }
    reweighing_ = Reweigh(*full_, added.get(), taken_.get(), delta_.entities_before);
    rep.weight_drift = reweighing_.drift;
    if (reweighing_.drift > o_.candidate_margin) {
      everyone_ = "screened against the full lists: the update moved the weights of all words too far to screen "
                  "against its records alone";
      return Status::Ok();
    }
    for (const auto& [word, how] : reweighing_.moved)
      for (const std::string& id : ScreenerInternals::EntitiesNaming(*full_, {word}))
        if (!delta_.why.count(id)) {
          std::string& words = reweighed_[id];
          words += (words.empty() ? "" : "; ") + word + " (" + how + ")";
        }
    for (auto& [id, words] : reweighed_)
      words = "list record unchanged, but the update moved the weight of its words: " + words;
    rep.reweighed = reweighed_.size();
    EMBARGO_ASSIGN_OR_RETURN(delta_screener_, ScreenerOver(current, [&](const Entity& e) {
                               return delta_.why.count(e.id) > 0 || reweighed_.count(e.id) > 0;
                             }));
    return Status::Ok();
  }

  // `full[i]`: customer i is screened against the full lists, the delta aside (see RunRescreen);
  // `screened[i]`: their id and the fingerprint of their data; `nearest_before[i]`: their nearest
  // score as the last run kept it, if it did.
  Status Run(int64_t run_id, size_t checkpoint, const std::vector<Customer>& customers, const std::vector<char>& full,
             const std::vector<std::pair<std::string, std::string>>& screened,
             const std::vector<std::optional<double>>& nearest_before, RescreenReport& rep) {
    size_t batch = std::max<size_t>(1, o_.batch_size);
    WorkerPool pool(o_.threads);
    for (size_t begin = checkpoint; begin < customers.size(); begin += batch) {
      size_t end = std::min(customers.size(), begin + batch);
      std::vector<std::vector<DecisionStore::RunAlert>> found(end - begin);
      std::vector<DecisionStore::Nearest> nearest(end - begin);
      std::vector<Status> errors(end - begin);
      Counts counts;
      pool.For(begin, end, [&](size_t i) {
        if (!full[i] && !everyone_.empty()) ++counts.reweighed;
        // Unless screened against the full lists, every score under the threshold moved by the drift at most.
        DecisionStore::Nearest& n = nearest[i - begin];
        n = {customers[i].id, nearest_before[i].value_or(0) + reweighing_.drift};
        errors[i - begin] = ScreenCustomer(customers[i], screened[i].second, full[i] ? kScreenedInFull : everyone_,
                                           nearest_before[i], found[i - begin], counts, n.score);
      });
      for (const Status& e : errors)
        if (!e.ok())
          return e.WithContext("rescreen stopped after " + std::to_string(begin) + " of " +
                               std::to_string(customers.size()) + " customers (a rerun resumes there)");
      std::vector<DecisionStore::RunAlert> all;
      for (auto& f : found)
        for (auto& a : f) all.push_back(std::move(a));
      EMBARGO_RETURN_IF_ERROR(store_.CommitRunBatch(run_id, static_cast<int64_t>(end), all, nearest, o_.caller));
      rep.candidates += counts.candidates;
      rep.reweighed_customers += counts.reweighed;
      rep.near_customers += counts.near;
      rep.nearest_unknown += counts.unknown;
      if (o_.progress) o_.progress(end, customers.size());
    }
    return Status::Ok();
  }

 private:
  static std::string Where(const Customer& c) { return c.where.empty() ? "customer " + c.id : c.where; }

  static constexpr const char* kScreenedInFull =
      "screened against the full lists: the customer is new or changed since the last run, was left out of it, or an "
      "alert of theirs was on a record that left the lists";

  static constexpr const char* kNoNearest =
      "screened against the full lists: the store kept no nearest score for the customer (a store from before "
      "nearest scores), so how close to the threshold the update may have brought them is not known";

  struct Counts {
    std::atomic<size_t> candidates{0};  // confirmed against the full lists
    std::atomic<size_t> reweighed{0};   // screened in full: a word of their name moved
    std::atomic<size_t> near{0};        // screened in full: their nearest score could reach the threshold
    std::atomic<size_t> unknown{0};     // screened in full: no nearest score kept
  };

  // Why a customer the delta serves is screened against the full lists for its nearest score, or
  // empty. The weights moved by up to the drift: a name score by up to that share of itself, so a
  // final score (the name score, at most 1, plus evidence the weights do not move) by up to the
  // drift itself. Not by a share of the final score: a birth date or country that differs lowers
  // it, not the name score the drift scales.
  std::string NearWhy(const std::optional<double>& before, Counts& counts) const {
    if (!before) {
      ++counts.unknown;
      return kNoNearest;
    }
    if (*before + reweighing_.drift + kRoundingAllowance < o_.threshold) return "";
    ++counts.near;
    return "screened against the full lists: the customer's nearest score under the threshold, " + Decimals(*before, 4) +
           ", could reach it now that the update moved the words' weights (weight drift " +
           Decimals(reweighing_.drift, 4) + ")";
  }

  using WeighedWord = ScreenerInternals::WeighedWord;

  // Why the customer is screened against the full lists because a word of their name is weighed
  // by a moved word, or empty: their score against any record may have moved. `words`: the words
  // of their name and what weighs them among the delta's records (`weighed_in`), which name every
  // moved word still listed: a listed word weighs by itself, and a word weighed by a moved word in
  // the full lists is weighed by it among them too.
  std::string MovedWordOf(const std::vector<WeighedWord>& words, const Screener* weighed_in) const {
    auto why = [&](const std::string& word) {
      return "screened against the full lists: the update moved the weight of " + word +
             ", a word of the customer's name (" + reweighing_.moved.at(word) + ")";
    };
    for (const auto& [word, by] : words) {
      if (ScreenerInternals::NamesWord(*full_, word)) {
        if (reweighing_.moved.count(word)) return why(word);
        continue;
      }
      // A word the lists do not name weighs what its closest spelling weighs: the full lists say
      // which; before the update, it may have been a word gone from the lists since.
      if (weighed_in && reweighing_.moved.count(by))
        if (std::string w = ClosestSpelling(*full_, 0, word); reweighing_.moved.count(w)) return why(w);
      if (taken_ && !reweighing_.gone.empty())
        if (std::string w = ClosestSpelling(*taken_, 1, word); reweighing_.gone.count(w)) return why(w);
    }
    return "";
  }

  // ScreenerInternals::WeighingWordOf, kept: customers' names share their words.
  std::string ClosestSpelling(const Screener& in, size_t which, const std::string& word) const {
    {
      std::lock_guard<std::mutex> lock(closest_mutex_);
      if (auto it = closest_[which].find(word); it != closest_[which].end()) return it->second;
    }
    std::string by = ScreenerInternals::WeighingWordOf(in, word);
    std::lock_guard<std::mutex> lock(closest_mutex_);
    return closest_[which].emplace(word, std::move(by)).first->second;
  }

  // Whether the customer has a candidate among the delta's records to confirm against the full
  // lists; `whole` becomes why they are screened in full when the update moved a word of their name.
  StatusOr<bool> ScreenDelta(const Customer& c, std::string& whole, Counts& counts) const {
    const bool moved = !reweighing_.moved.empty();
    if (delta_.why.empty() && reweighed_.empty() && !moved) return false;
    if (delta_screener_) {
      std::vector<WeighedWord> words;
      auto cand = ScreenerInternals::ScreenWeighing(*delta_screener_, c.query, candidate_opts_, words);
      if (!cand.ok()) return std::move(cand).status().WithContext(Where(c));
      // A screening that alerts reads no other form of the name: all are weighed.
      if (moved && cand->alert) words = ScreenerInternals::WeighingWords(*delta_screener_, c.query);
      if (moved) whole = MovedWordOf(words, delta_screener_.get());
      if (!whole.empty()) ++counts.reweighed;
      return !whole.empty() || !cand->hits.empty() || cand->incomplete;
    }
    if (moved) {  // the moved words are all gone from the lists: `taken_` names them
      whole = MovedWordOf(ScreenerInternals::WeighingWords(*taken_, c.query), nullptr);
      if (!whole.empty()) ++counts.reweighed;
      return !whole.empty();
    }
    return true;  // every record is in the delta: no screener of its own
  }

  // `whole`: why the customer is screened against the full lists, or empty; `before`: their
  // nearest score as the last run kept it. `nearest` becomes their nearest score when they are
  // screened in full.
  Status ScreenCustomer(const Customer& c, const std::string& fp, std::string whole, const std::optional<double>& before,
                        std::vector<DecisionStore::RunAlert>& found, Counts& counts, double& nearest) {
    if (whole.empty()) {
      EMBARGO_ASSIGN_OR_RETURN(bool candidate, ScreenDelta(c, whole, counts));
      if (whole.empty()) whole = NearWhy(before, counts);
      if (whole.empty() && !candidate) return Status::Ok();
    }
    ++counts.candidates;
    auto res = full_->Screen(c.query, nearest_opts_);
    if (res.ok() && res->alert) res = full_->Screen(c.query, confirm_opts_);
    if (!res.ok()) return std::move(res).status().WithContext(Where(c));
    if (res->incomplete)  // never read as clear
      return Status::ResourceExhausted(Where(c) + ": the screening was cut short by a budget");
    nearest = NearestScore(*res, o_.threshold, confirm_opts_.min_score);
    for (const Hit& h : res->hits) {
      if (h.score < o_.threshold) continue;
      if (Alert(c, whole, fp, *h.entity, h.score, h, found)) continue;
      // A changed record folded into an unchanged record's hit (docs/LINKING.md) alerts itself.
      for (const LinkedRecord& l : h.linked)
        if (l.score >= o_.threshold) Alert(c, whole, fp, *l.entity, l.score, h, found);
    }
    return Status::Ok();
  }

  // Records an alert on `entity` if it is in the delta, or on any entity for a customer screened
  // in full (`whole`, why); the delta's other customers were screened against the other entities,
  // weighed as they are now, in earlier runs.
  bool Alert(const Customer& c, const std::string& whole, const std::string& fp, const Entity& entity, double score,
             const Hit& h, std::vector<DecisionStore::RunAlert>& found) const {
    const std::string* why = &whole;
    if (auto it = delta_.why.find(entity.id); it != delta_.why.end()) why = &it->second;
    else if (auto r = reweighed_.find(entity.id); r != reweighed_.end()) why = &r->second;
    if (why->empty()) return false;
    found.push_back({c.id, fp, c.input_json,
                     {entity.id, EntityFingerprint(entity), entity.caption(), RoundScore(score), HitJson(h).dump()},
                     *why});
    return true;
  }

  DecisionStore& store_;
  const Delta& delta_;
  const RescreenOptions& o_;
  MatchOptions candidate_opts_, confirm_opts_, nearest_opts_;
  // `taken_`: the records the update took away or replaced, as they were.
  std::unique_ptr<Screener> full_, delta_screener_, taken_;
  Reweighing reweighing_;
  std::unordered_map<std::string, std::string> reweighed_;  // unchanged entity id -> why it is screened
  std::string everyone_;  // why every customer is screened against the full lists, or empty
  mutable std::mutex closest_mutex_;
  mutable std::unordered_map<std::string, std::string> closest_[2];  // in full_, in taken_
};

// Each customer's nearest score as the last finished run kept it (none for a customer it kept none for).
StatusOr<std::vector<std::optional<double>>> NearestBefore(
    DecisionStore& store, const std::vector<std::pair<std::string, std::string>>& customers) {
  EMBARGO_ASSIGN_OR_RETURN(std::vector<DecisionStore::Nearest> kept, store.LastRunNearest());
  std::unordered_map<std::string, double> by_id;
  by_id.reserve(kept.size());
  for (DecisionStore::Nearest& n : kept) by_id.emplace(std::move(n.customer_id), n.score);
  std::vector<std::optional<double>> out(customers.size());
  for (size_t i = 0; i < customers.size(); ++i)
    if (auto it = by_id.find(customers[i].first); it != by_id.end()) out[i] = it->second;
  return out;
}

// Which customers the delta does not serve (RunRescreen).
// `customers`: each customer's id and the fingerprint of their data, in the run's order.
StatusOr<std::vector<char>> FullScreenings(DecisionStore& store, const Delta& delta,
                                           const std::vector<std::pair<std::string, std::string>>& customers) {
  std::vector<char> full(customers.size(), delta.full ? 1 : 0);
  if (delta.full) return full;
  EMBARGO_ASSIGN_OR_RETURN(auto synced, store.LastRunCustomers());
  EMBARGO_ASSIGN_OR_RETURN(auto alerted, store.CustomersAlertedOn(delta.removed));
  std::unordered_map<std::string, std::string> in_sync(synced.begin(), synced.end());
  std::unordered_set<std::string> left(alerted.begin(), alerted.end());
  for (size_t i = 0; i < customers.size(); ++i) {
    const auto& [id, fp] = customers[i];
    auto it = in_sync.find(id);
    full[i] = it == in_sync.end() || it->second != fp || left.count(id) > 0;
  }
  return full;
}

}  // namespace

StatusOr<RescreenReport> RunRescreen(DecisionStore& store, const std::vector<ListLoad>& current,
                                     const std::vector<ListLoad>* previous, const std::vector<Customer>& customers,
                                     const RescreenOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  RescreenReport rep;
  rep.customers = customers.size();
  EMBARGO_ASSIGN_OR_RETURN(Delta delta, ComputeDelta(store, current, previous, options));
  rep.full = delta.full;
  rep.not_delisted = delta.not_delisted;
  rep.changed = delta.changed;
  rep.added = delta.why.size() - delta.changed;
  rep.removed = delta.removed.size();
  std::vector<std::pair<std::string, std::string>> screened;  // id, fingerprint of the data
  screened.reserve(customers.size());
  for (const Customer& c : customers) screened.emplace_back(c.id, CustomerFingerprint(c.input_json));
  // Customers new or changed since the last finished run, or left out of it, never met its
  // delta; a customer whose alert's record left may be listed by another record.
  EMBARGO_ASSIGN_OR_RETURN(std::vector<char> full, FullScreenings(store, delta, screened));
  rep.full_customers = static_cast<size_t>(std::count(full.begin(), full.end(), 1));

  EMBARGO_ASSIGN_OR_RETURN(RescreenRun run, store.StartRun(RunKey(current, delta, customers), ListVersionsJson(current).dump(),
                                                           static_cast<int64_t>(customers.size()), options.caller,
                                                           &rep.resumed));
  rep.run_id = run.id;
  rep.resumed_from = static_cast<size_t>(run.checkpoint);
  // Only the customers screened now: another's subject may be listed by a record their alert stood
  // for. Their alerts stay open, and the record in the baseline, for a run that screens them.
  std::vector<std::string> ids;
  for (const auto& [id, fp] : screened) ids.push_back(id);
  EMBARGO_ASSIGN_OR_RETURN(auto resolution, store.ResolveRemoved(run.id, delta.removed, ids, options.caller));
  rep.resolved = resolution.resolved;
  rep.removed_left_open = resolution.left_open;
  for (const std::string& id : resolution.entities_left_open)
    delta.fingerprints.emplace_back(id, Carried(delta.removed_fps[id]));

  // Removed records move the weights of the words they named, and so unchanged records' scores.
  if ((!delta.why.empty() || !delta.removed.empty() || !delta.before_update.empty() || !delta.weights_before_known ||
       rep.full_customers > 0) &&
      static_cast<size_t>(run.checkpoint) < customers.size()) {
    EMBARGO_ASSIGN_OR_RETURN(std::vector<std::optional<double>> nearest, NearestBefore(store, screened));
    DeltaScreening screening(store, delta, options);
    EMBARGO_RETURN_IF_ERROR(screening.Build(current, rep));
    EMBARGO_RETURN_IF_ERROR(
        screening.Run(run.id, static_cast<size_t>(run.checkpoint), customers, full, screened, nearest, rep));
  }
  EMBARGO_RETURN_IF_ERROR(store.FinishRun(run.id, delta.fingerprints, screened));
  EMBARGO_ASSIGN_OR_RETURN(rep.new_alerts, store.CountAlerts(run.id));
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace embargo::decisions
