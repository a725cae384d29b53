// yente's data-access endpoints over the loaded lists: an entity with the entities adjacent to it
// (its sanctions, identity documents, addresses and, through their sanctions, the same subject's
// records on other lists), and the manifest (docs/YENTE.md). Errors are yente's {"detail": ...}.
#pragma once

#include <string>

#include "server/api.h"

namespace embargo::server {

// The paths of the yente endpoints, whose errors are yente's {"detail": ...} (embargo's /v1
// keeps {"error": {"code", "message"}}).
bool IsYentePath(std::string_view path);
// An error reply in embargo's shape as yente's {"detail": message}, status and headers kept;
// any other reply unchanged.
Reply AsYenteError(Reply reply);

// GET /entities/{id}[?nested=], /entities/{id}/adjacent and /entities/{id}/adjacent/{prop}:
// `path` is everything after "/entities/" (list ids may hold slashes).
Reply GetEntity(const ApiContext& ctx, const std::string& path, const Params& params);

// GET /manifest: {"catalogs": [], "datasets": [...]}, the loaded lists as yente's manifest.
Reply YenteManifest(const ApiContext& ctx);

}  // namespace embargo::server
