// JSON views of ownership results, shared by the command line and the server.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "embargo/ownership.h"

namespace embargo {

// {"entity_id", "dataset", "caption", "programs", "linked_by", "score", "matched_name", "graph_id"}
nlohmann::json OwnershipRootJson(const OwnershipRoot& root);
// {"owner_id", "owner_name", "relation", "share", "share_low", "share_high", "owner_status", "source", "roots"?, "via"?}
nlohmann::json OwnershipPathJson(const OwnershipPath& path);
// {"id", "name", "schema", "status", "action", "rule", "reason", "explanation", "blocked_share", ...}
nlohmann::json OwnedEntityJson(const OwnedEntity& owned);
// The graph and list versions an ownership result rests on: {"rule", "as_of", "graph": {"files",
// "version", "entities", "holdings", "rejected", "warnings"}, "lists": [{"dataset", "published", "content_hash"}]}
nlohmann::json OwnershipBasisJson(const OwnershipEvaluator& evaluator);
// A screening hit of kind "ownership": the graph entity matched, the name match, why it is blocked.
nlohmann::json OwnershipHitJson(const OwnershipHit& hit);
// {"id", "name", "before", "after"}
nlohmann::json OwnershipChangeJson(const OwnershipChange& change);
// "file:line: reason" for the first `limit` issues and "... and N more".
std::vector<std::string> IssueLines(const std::vector<LoadIssue>& issues, size_t limit);

}  // namespace embargo
