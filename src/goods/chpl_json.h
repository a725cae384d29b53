// JSON shapes of CHPL results, shared by the CLI (`embargo goods --format json`) and the server.
#pragma once

#include <nlohmann/json.hpp>

#include "goods/chpl.h"

namespace embargo::goods {

// {"input", "digits", "hs6", "match": "subheading"|"heading"|"none", "listed", "items": [...]}
nlohmann::json ChplMatchJson(const ChplMatch& m);
// {"hs6", "tier", "tier_meaning", "description"}
nlohmann::json ChplItemJson(const ChplItem& item);

}  // namespace embargo::goods
