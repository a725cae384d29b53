// The lists in force and a reload that would replace them: what serve and the worker both check.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "embargo/status.h"

namespace embargo {

// A list in force (screened against now): its dataset and how many records it holds.
struct ListInForce {
  std::string dataset;
  size_t records = 0;
};

// Every reload that replaces lists in force (serve's SIGHUP and POST /admin/reload, the worker's
// SIGHUP and --list-poll) calls this: a list in force and missing from the new load (its folder
// moved or emptied) would be screened against by no one from then on, every answer clear. Refused
// with FailedPrecondition naming the list and its records; `program` ("server", "worker") is what
// the operator restarts to go on without it.
Status CheckNoListGone(const std::vector<ListInForce>& in_force, const std::vector<ListInForce>& loaded,
                       const std::string& program);

// Whether a list published at `as_of` (PublishedUnixTime; -1: unknown) is older than
// `max_age_hours` at `now` (seconds since the epoch). A list of unknown age cannot be shown to be
// fresh: stale. max_age_hours <= 0: no list is stale by age.
bool ListTooOld(int64_t as_of, double max_age_hours, int64_t now);

}  // namespace embargo
