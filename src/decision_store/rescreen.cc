#include "decision_store/rescreen.h"

#include <atomic>
#include <chrono>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/sha256.h"
#include "lists/diff.h"
#include "match/result_json.h"

namespace embargo::decisions {
namespace {

// Runs fn(i) for i in [begin, end) on `threads` threads.
template <typename Fn>
void ParallelFor(size_t begin, size_t end, unsigned threads, Fn fn) {
  std::atomic<size_t> next{begin};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < end;) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace

StatusOr<RescreenReport> RunRescreen(DecisionStore& store, const std::vector<ListLoad>& current,
                                     const std::vector<ListLoad>* previous, const std::vector<Customer>& customers,
                                     const RescreenOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  RescreenReport rep;
  rep.customers = customers.size();

  // The delta: entity id -> why it is screened ("new list entry", "list record changed: ...").
  std::unordered_map<std::string, std::string> delta;
  std::vector<std::string> removed;
  std::vector<std::pair<std::string, std::string>> fps;
  for (const ListLoad& l : current)
    for (const Entity& e : l.entities) fps.emplace_back(e.id, EntityFingerprint(e));
  if (previous) {
    ListDiff diff = DiffLists(*previous, current);
    for (const auto& c : diff.added) delta[c.id] = "new list entry";
    for (const auto& c : diff.changed) {
      std::string fields;
      for (const auto& f : c.fields) fields += (fields.empty() ? "" : ", ") + f.field;
      delta[c.id] = "list record changed: " + fields;
    }
    for (const auto& c : diff.removed) removed.push_back(c.id);
  } else {
    auto last = store.LastRunEntities();
    if (!last.ok()) return last.status();
    std::unordered_map<std::string, std::string> before(last->begin(), last->end());
    rep.full = before.empty();
    std::unordered_set<std::string> now;
    for (const auto& [id, fp] : fps) {
      now.insert(id);
      auto it = before.find(id);
      if (it == before.end()) delta[id] = rep.full ? "screened against the full lists (first run)" : "new list entry";
      else if (it->second != fp) delta[id] = "list record changed";
    }
    for (const auto& [id, fp] : *last)
      if (!now.count(id)) removed.push_back(id);
  }
  for (const auto& [id, why] : delta) (why.rfind("list record changed", 0) == 0 ? rep.changed : rep.added)++;
  rep.removed = removed.size();

  // The run's identity: the same customers against the same delta resume the same run.
  Sha256 key;
  for (const ListLoad& l : current) key.Update(l.dataset + ":" + l.content_hash + "\n");
  std::map<std::string, std::string> sorted_delta(delta.begin(), delta.end());
  for (const auto& [id, why] : sorted_delta) key.Update(id + "\n");
  for (const auto& id : removed) key.Update("-" + id + "\n");
  for (const Customer& c : customers) key.Update(c.id + "\t" + c.input_json + "\n");
  std::string run_key = key.HexDigest();
  auto run = store.StartRun(run_key, ListVersionsJson(current).dump(), static_cast<int64_t>(customers.size()), &rep.resumed);
  if (!run.ok()) return run.status();
  rep.run_id = run->id;
  rep.resumed_from = static_cast<size_t>(run->checkpoint);

  auto resolved = store.ResolveRemoved(run->id, removed, options.caller);
  if (!resolved.ok()) return resolved.status();
  rep.resolved = *resolved;

  if (!delta.empty() && static_cast<size_t>(run->checkpoint) < customers.size()) {
    // The delta index finds candidates; the full index scores them as any screening would.
    // When the delta is the whole list (a first run), one index serves both steps.
    bool whole = delta.size() == fps.size();
    auto full_screener = Screener::Build(current);
    if (!full_screener.ok()) return full_screener.status();
    StatusOr<std::unique_ptr<Screener>> delta_screener = std::unique_ptr<Screener>();
    if (!whole) {
      std::vector<ListLoad> delta_lists;
      for (const ListLoad& l : current) {
        ListLoad d;
        d.dataset = l.dataset;
        d.title = l.title;
        d.format = l.format;
        d.published = l.published;
        d.content_hash = l.content_hash;
        for (const Entity& e : l.entities)
          if (delta.count(e.id)) d.entities.push_back(e);
        if (!d.entities.empty()) delta_lists.push_back(std::move(d));
      }
      delta_screener = Screener::Build(std::move(delta_lists));
      if (!delta_screener.ok()) return delta_screener.status();
    }
    MatchOptions candidate_opts;
    candidate_opts.threshold = options.threshold;
    candidate_opts.min_score = std::max(0.0, options.threshold - options.candidate_margin);
    candidate_opts.include_below_threshold = true;
    candidate_opts.limit = 20;
    MatchOptions confirm_opts;
    confirm_opts.threshold = options.threshold;
    confirm_opts.limit = 50;

    size_t batch = std::max<size_t>(1, options.batch_size);
    for (size_t begin = static_cast<size_t>(run->checkpoint); begin < customers.size(); begin += batch) {
      size_t end = std::min(customers.size(), begin + batch);
      std::vector<std::vector<DecisionStore::RunAlert>> found(end - begin);
      std::vector<std::string> errors(end - begin);
      std::atomic<size_t> candidates{0};
      ParallelFor(begin, end, options.threads, [&](size_t i) {
        const Customer& c = customers[i];
        if (!whole) {
          auto cand = (*delta_screener)->Screen(c.query, candidate_opts);
          if (!cand.ok()) {
            errors[i - begin] = "customer " + c.id + ": " + cand.status().message();
            return;
          }
          if (cand->hits.empty()) return;
        }
        ++candidates;
        auto res = (*full_screener)->Screen(c.query, confirm_opts);
        if (!res.ok()) {
          errors[i - begin] = "customer " + c.id + ": " + res.status().message();
          return;
        }
        std::string fp = CustomerFingerprint(c.input_json);
        for (const Hit& h : res->hits) {
          if (h.score < options.threshold) continue;
          auto it = delta.find(h.entity->id);
          if (it == delta.end()) continue;  // unchanged entities were screened in earlier runs
          found[i - begin].push_back({c.id, fp, c.input_json,
                                      {h.entity->id, EntityFingerprint(*h.entity), h.entity->caption(),
                                       RoundScore(h.score), HitJson(h).dump()},
                                      it->second});
        }
      });
      for (const std::string& e : errors)
        if (!e.empty()) return Status::InvalidArgument(e + " (rescreen stopped; rerun resumes after customer " +
                                                       std::to_string(begin) + ")");
      std::vector<DecisionStore::RunAlert> all;
      for (auto& f : found)
        for (auto& a : f) all.push_back(std::move(a));
      auto raised = store.CommitRunBatch(run->id, static_cast<int64_t>(end), all, options.caller);
      if (!raised.ok()) return raised.status();
      rep.candidates += candidates;
      if (options.progress) options.progress(end, customers.size());
    }
  }
  Status fin = store.FinishRun(run->id, fps);
  if (!fin.ok()) return fin;
  auto count = store.CountAlerts(run->id);
  if (!count.ok()) return count.status();
  rep.new_alerts = *count;
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace embargo::decisions
