#include "decision_store/rescreen.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/parallel.h"
#include "common/sha256.h"
#include "decision_store/worklist.h"
#include "lists/diff.h"
#include "match/result_json.h"

namespace embargo::decisions {
namespace {

// What changed in the lists since the last run.
struct Delta {
  std::unordered_map<std::string, std::string> why;  // entity id -> "new list entry", "list record changed: ..."
  std::vector<std::string> removed;
  // The last run's fingerprints of the removed records: one whose alerts stay open stays in the baseline.
  std::unordered_map<std::string, std::string> removed_fps;
  std::vector<std::pair<std::string, std::string>> fingerprints;  // of every current entity
  bool full = false;                                              // no baseline: the full lists
  size_t not_delisted = 0;  // removed records of lists loaded incomplete or with rejects, left unresolved
};

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
      if (auto fp = before.find(id); fp != before.end()) d.fingerprints.emplace_back(id, fp->second);
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
    for (const auto& c : diff.removed) d.removed.push_back(c.id);
    std::unordered_map<std::string, std::string> before;
    for (const ListLoad& l : *previous)
      for (const Entity& e : l.entities) before.emplace(e.id, EntityFingerprint(e));
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
    else if (it->second != fp) d.why[id] = "list record changed";
  }
  for (const auto& [id, fp] : last)
    if (!now.count(id)) d.removed.push_back(id);
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
    // entry that ranks below unchanged records.
    confirm_opts_.limit = std::numeric_limits<size_t>::max();
  }

  // When the delta is the whole list (a first run), one index serves both steps.
  Status Build(const std::vector<ListLoad>& current) {
    EMBARGO_ASSIGN_OR_RETURN(full_, Screener::Build(current));
    if (delta_.why.empty() || delta_.why.size() == delta_.fingerprints.size()) return Status::Ok();
    std::vector<ListLoad> delta_lists;
    for (const ListLoad& l : current) {
      ListLoad d;
      d.dataset = l.dataset;
      d.title = l.title;
      d.format = l.format;
      d.published = l.published;
      d.content_hash = l.content_hash;
      for (const Entity& e : l.entities)
        if (delta_.why.count(e.id)) d.entities.push_back(e);
      if (!d.entities.empty()) delta_lists.push_back(std::move(d));
    }
    EMBARGO_ASSIGN_OR_RETURN(delta_screener_, Screener::Build(std::move(delta_lists)));
    return Status::Ok();
  }

  // `full[i]`: customer i is screened against the full lists, the delta aside (see RunRescreen);
  // `screened[i]`: their id and the fingerprint of their data.
  Status Run(int64_t run_id, size_t checkpoint, const std::vector<Customer>& customers, const std::vector<char>& full,
             const std::vector<std::pair<std::string, std::string>>& screened, RescreenReport& rep) {
    size_t batch = std::max<size_t>(1, o_.batch_size);
    WorkerPool pool(o_.threads);
    for (size_t begin = checkpoint; begin < customers.size(); begin += batch) {
      size_t end = std::min(customers.size(), begin + batch);
      std::vector<std::vector<DecisionStore::RunAlert>> found(end - begin);
      std::vector<Status> errors(end - begin);
      std::atomic<size_t> candidates{0};
      pool.For(begin, end, [&](size_t i) {
        errors[i - begin] = ScreenCustomer(customers[i], screened[i].second, full[i] != 0, found[i - begin], candidates);
      });
      for (const Status& e : errors)
        if (!e.ok())
          return e.WithContext("rescreen stopped after " + std::to_string(begin) + " of " +
                               std::to_string(customers.size()) + " customers (a rerun resumes there)");
      std::vector<DecisionStore::RunAlert> all;
      for (auto& f : found)
        for (auto& a : f) all.push_back(std::move(a));
      EMBARGO_RETURN_IF_ERROR(store_.CommitRunBatch(run_id, static_cast<int64_t>(end), all, o_.caller));
      rep.candidates += candidates;
      if (o_.progress) o_.progress(end, customers.size());
    }
    return Status::Ok();
  }

 private:
  static std::string Where(const Customer& c) { return c.where.empty() ? "customer " + c.id : c.where; }

  Status ScreenCustomer(const Customer& c, const std::string& fp, bool full, std::vector<DecisionStore::RunAlert>& found,
                        std::atomic<size_t>& candidates) {
    if (!full && delta_.why.empty()) return Status::Ok();
    if (delta_screener_ && !full) {
      auto cand = delta_screener_->Screen(c.query, candidate_opts_);
      if (!cand.ok()) return std::move(cand).status().WithContext(Where(c));
      if (cand->hits.empty() && !cand->incomplete) return Status::Ok();
    }
    ++candidates;
    auto res = full_->Screen(c.query, confirm_opts_);
    if (!res.ok()) return std::move(res).status().WithContext(Where(c));
    if (res->incomplete)  // never read as clear
      return Status::ResourceExhausted(Where(c) + ": the screening was cut short by a budget");
    for (const Hit& h : res->hits) {
      if (h.score < o_.threshold) continue;
      if (Alert(c, full, fp, *h.entity, h.score, h, found)) continue;
      // A changed record folded into an unchanged record's hit (docs/LINKING.md) alerts itself.
      for (const LinkedRecord& l : h.linked)
        if (l.score >= o_.threshold) Alert(c, full, fp, *l.entity, l.score, h, found);
    }
    return Status::Ok();
  }

  // Records an alert on `entity` if it is in the delta, or on any entity for a customer screened
  // in full; the delta's other customers were screened against unchanged entities in earlier runs.
  bool Alert(const Customer& c, bool full, const std::string& fp, const Entity& entity, double score, const Hit& h,
             std::vector<DecisionStore::RunAlert>& found) const {
    auto it = delta_.why.find(entity.id);
    if (it == delta_.why.end() && !full) return false;
    found.push_back({c.id, fp, c.input_json,
                     {entity.id, EntityFingerprint(entity), entity.caption(), RoundScore(score), HitJson(h).dump()},
                     it != delta_.why.end() ? it->second
                                            : std::string("screened against the full lists: the customer is new or "
                                                          "changed since the last run, was left out of it, or an "
                                                          "alert of theirs was on a record that left the lists")});
    return true;
  }

  DecisionStore& store_;
  const Delta& delta_;
  const RescreenOptions& o_;
  MatchOptions candidate_opts_, confirm_opts_;
  std::unique_ptr<Screener> full_, delta_screener_;
};

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
  for (const auto& [id, why] : delta.why) (why.starts_with("list record changed") ? rep.changed : rep.added)++;
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
  for (const std::string& id : resolution.entities_left_open) delta.fingerprints.emplace_back(id, delta.removed_fps[id]);

  if ((!delta.why.empty() || rep.full_customers > 0) && static_cast<size_t>(run.checkpoint) < customers.size()) {
    DeltaScreening screening(store, delta, options);
    EMBARGO_RETURN_IF_ERROR(screening.Build(current));
    EMBARGO_RETURN_IF_ERROR(screening.Run(run.id, static_cast<size_t>(run.checkpoint), customers, full, screened, rep));
  }
  EMBARGO_RETURN_IF_ERROR(store.FinishRun(run.id, delta.fingerprints, screened));
  EMBARGO_ASSIGN_OR_RETURN(rep.new_alerts, store.CountAlerts(run.id));
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace embargo::decisions
