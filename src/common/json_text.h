// JSON read from a file or a line, its faults named in embargo's words, not the JSON library's.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "embargo/status.h"

namespace embargo {

// Where a fault is placed: "line L, column C" in a file, "column C" in one line of a JSON-lines
// file (whose caller names the line).
enum class JsonPlace { kLineAndColumn, kColumn };

// `text` as JSON. An error says "empty: expected JSON", "not valid JSON at line L, column C",
// that a number is beyond the range of a double, or where an object names a member twice.
StatusOr<nlohmann::json> ParseJsonText(std::string_view text, JsonPlace place = JsonPlace::kLineAndColumn);

}  // namespace embargo
