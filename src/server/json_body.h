// Reading JSON request bodies without trusting them: bounded nesting, and errors that name the
// field at fault in the service's own words (never a library message).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

#include "common/json_text.h"
#include "embargo/status.h"

namespace embargo::server {

// Parses `body` as one JSON value. InvalidArgument when it is not JSON ("request body is not
// valid JSON at line 1, column 9"), nests deeper than `max_depth` ("...nested deeper than 64
// levels at parties[0].ref"), or holds bytes that are not UTF-8 ("parties[0].name: not valid
// UTF-8 (byte offset 27 of the request body)").
StatusOr<nlohmann::json> ParseJsonBody(std::string_view body, size_t max_depth = kMaxJsonDepth);

}  // namespace embargo::server
