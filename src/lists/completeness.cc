// CheckListsComplete: no list that looks cut short is put in force silently.
#include <algorithm>
#include <filesystem>

#include "common/strings.h"
#include "embargo/lists.h"
#include "lists/in_force.h"

namespace embargo {
namespace {

std::string FileNames(const ListLoad& l) {
  std::string out;
  for (const std::string& f : l.files) out += (out.empty() ? "" : ", ") + f;
  return out.empty() ? l.dataset : out;
}

// What is wrong with `l`, in words; empty when nothing is.
std::string Problems(const ListLoad& l, const CompletenessOptions& o) {
  std::string why;
  for (const std::string& p : l.incomplete) why += (why.empty() ? "" : "; ") + p;
  if (std::string rejected = TooManyRejected(l, o.max_rejected); !rejected.empty())
    why += (why.empty() ? "" : "; ") + rejected;
  auto floor = o.floors.find(l.dataset);
  // A floor counts what the files gave, before another list's copies are dropped: a stored
  // version counted its records alone.
  if (floor != o.floors.end() && RecordsGiven(l) < floor->second.min_records)
    why += (why.empty() ? "" : "; ") + std::to_string(RecordsGiven(l)) + " records, fewer than the " +
           std::to_string(floor->second.min_records) + " expected from " + floor->second.from;
  return why;
}

}  // namespace

std::string TooManyRejected(const ListLoad& l, double max_rejected) {
  size_t records = l.entities.size() + l.rejected.size();
  if (l.rejected.empty() || static_cast<double>(l.rejected.size()) <= max_rejected * static_cast<double>(records))
    return "";
  const LoadIssue& first = l.rejected[0];
  return std::to_string(l.rejected.size()) + " of " + std::to_string(records) + " records rejected (limit " +
         PercentText(max_rejected) + "; first: " + std::filesystem::path(first.file).filename().string() + ":" +
         std::to_string(first.line) + ": " + first.reason + ")";
}

Status CheckListsComplete(std::vector<ListLoad>& lists, const CompletenessOptions& options) {
  std::string refused;
  for (ListLoad& l : lists) {
    std::string why = Problems(l, options);
    if (why.empty()) continue;
    if (options.allow_shrink) {
      l.accepted_incomplete = why;  // the callers log it and show it with the version
      continue;
    }
    refused += (refused.empty() ? "" : "\n") + l.dataset + " (" + FileNames(l) + "): " + why;
  }
  if (refused.empty()) return Status::Ok();
  return Status::FailedPrecondition("list refused as incomplete, the files look cut short or damaged: " + refused +
                                    "\n(--allow-shrink loads it anyway and records that it did)");
}

Status CheckNoListGone(const std::vector<ListInForce>& in_force, const std::vector<ListInForce>& loaded,
                       const std::string& program) {
  for (const ListInForce& was : in_force) {
    bool kept = std::any_of(loaded.begin(), loaded.end(), [&](const ListInForce& l) { return l.dataset == was.dataset; });
    if (!kept)
      return Status::FailedPrecondition(was.dataset + " (in force now, " + std::to_string(was.records) +
                                        " records) is missing from the lists loaded; to go on without it, restart the " +
                                        program);
  }
  return Status::Ok();
}

bool ListTooOld(int64_t as_of, double max_age_hours, int64_t now) {
  return max_age_hours > 0 && (as_of < 0 || static_cast<double>(now - as_of) > max_age_hours * 3600.0);
}

}  // namespace embargo
