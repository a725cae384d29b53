// Rescreening the customer base after a list update: only the entities added or changed since the
// last run are screened, alerts on removed entities are resolved, and the work is resumable.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "embargo/lists.h"
#include "embargo/decision_store.h"
#include "decision_store/screening.h"

namespace embargo::decisions {

struct RescreenOptions {
  double threshold = kDefaultThreshold;
  size_t batch_size = 1000;  // customers per transaction (alerts + checkpoint commit together)
  unsigned threads = 1;
  std::string caller = "rescreen";
  // How far under the threshold the delta index looks: its token weights come from the delta
  // only, so candidates are confirmed against the full lists before they alert.
  double candidate_margin = 0.15;
  // Datasets the last run screened against that may be missing now: their records count as
  // removed and their alerts resolve. A list missing otherwise stops the run (it would read as
  // every record delisted).
  std::vector<std::string> dropped_lists;
  // Called after each committed batch with (customers done, customers total).
  std::function<void(size_t, size_t)> progress;
};

struct RescreenReport {
  int64_t run_id = 0;
  bool resumed = false;
  size_t customers = 0;
  size_t resumed_from = 0;  // customers already done by an earlier, interrupted process
  size_t added = 0, changed = 0, removed = 0;
  bool full = false;        // no baseline: screened against the full lists
  int64_t new_alerts = 0;   // raised by this run (including before a resume)
  int64_t resolved = 0;     // alerts resolved because their entity left the lists
  // Alerts on records that left the lists of customers this run does not screen (not in
  // --customers): left open, as their subject may be listed by another record.
  int64_t removed_left_open = 0;
  size_t candidates = 0;    // customers confirmed against the full lists (this process)
  // Customers screened against the full lists, not the delta: new or changed since the last run,
  // left out of it, or with an alert on a record that left the lists (the subject may be listed
  // by another).
  size_t full_customers = 0;
  // Records missing from a list loaded incomplete (--allow-shrink) or with records its loader
  // rejected: not taken as delisted, their alerts stay open.
  size_t not_delisted = 0;
  // Unchanged records screened as the delta is, because the update moved the weight of a word of
  // theirs by more than 1 %, and customers screened against the full lists because it moved the
  // weight of a word of their name (or of all words: see docs/STORAGE.md, Rescreening).
  size_t reweighed = 0, reweighed_customers = 0;
  // The most the update can have moved any other score (a bound, not a measure).
  double weight_drift = 0;
  // Customers the delta serves screened against the full lists all the same: their nearest score
  // (a bound on their scores under the threshold, kept by the last run) could reach the threshold
  // by `weight_drift` (near_customers), or the store kept none for them (nearest_unknown: a store
  // from before nearest scores; each is screened in full once, and kept from then on).
  size_t near_customers = 0, nearest_unknown = 0;
  double seconds = 0;
};

// `current`: the lists now. `previous`: the lists of the last run when the caller has them (the
// delta is then DiffLists(previous, current); FailedPrecondition when their versions are not
// those the last finished run recorded); otherwise the delta is computed against the entity
// fingerprints the store kept from its last finished run (all entities on the first run). The
// delta serves the customers screened, with the data they have now, by the last finished run;
// the others are screened against the full lists.
// Customers are processed in the given order; a run interrupted at any point is resumed by
// calling again with the same customers and lists.
StatusOr<RescreenReport> RunRescreen(DecisionStore& store, const std::vector<ListLoad>& current,
                                     const std::vector<ListLoad>* previous, const std::vector<Customer>& customers,
                                     const RescreenOptions& options);

}  // namespace embargo::decisions
