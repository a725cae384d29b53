// The reconciliation API for OpenRefine (Reconciliation Service API 0.2, as yente serves it under
// /reconcile/{dataset}): candidates per query scored by /match, suggestions, and data extension
// from the list records (docs/YENTE.md). Errors are yente's {"detail": ...}.
#pragma once

#include <string>

#include "server/api.h"

namespace embargo::server {

// The reconciliation API (Reconciliation Service API 0.2, as yente serves it under
// /reconcile/{dataset}). `what` is "" (the manifest, or queries/extend when given), "suggest/entity",
// "suggest/property", "suggest/type" or "extend/property". `form` holds the query string and, for
// POST, the form-encoded body. The manifest's links start at `base_url` (the server's public
// address) and carry no query string: a key given as ?api_key= stays out of them.
Reply Reconcile(const ApiContext& ctx, const std::string& dataset, const std::string& what, const Params& form,
                const std::string& base_url);

// The parameters of a reconciliation request: the query string and, for POST, the body
// (application/x-www-form-urlencoded as OpenRefine sends it, or a JSON object).
StatusOr<Params> ReconcileForm(const Request& req);

}  // namespace embargo::server
