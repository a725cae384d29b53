// JSON read from a file, a line or a request, its faults named in embargo's words, not the JSON
// library's.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "embargo/status.h"

namespace embargo {

// Deepest nesting of arrays and objects read. Replies, copies and handlers walk JSON values
// recursively; this bound keeps every such walk shallow.
inline constexpr size_t kMaxJsonDepth = 64;

// Why a text could not be read as JSON, and where: `where` is the field the reader was in
// ("parties[0].name", "a member name of parties[0]", or the root's name).
struct JsonFault {
  enum class Kind { kSyntax, kTooDeep, kDuplicateMember, kOutOfRange } kind = Kind::kSyntax;
  std::string where;
  std::string number;   // kOutOfRange: the number as written (1E999)
  size_t position = 0;  // kSyntax: bytes read when the parser stopped
};

// "<where>: a member named twice in one object …": the same words for a file and a request.
std::string DuplicateMemberMessage(const JsonFault& f);

struct JsonRead {
  nlohmann::json value;
  std::optional<JsonFault> fault;  // set when `value` is not the text's whole value
};

// Reads `text` as one JSON value without trusting it: nesting deeper than `max_depth` and an
// object naming a member twice (the last would replace the first unseen) are faults. `root` names
// the top level in `where` ("the body").
JsonRead ReadJson(std::string_view text, size_t max_depth, std::string_view root);

// Where a fault is placed: "line L, column C" in a file, "column C" in one line of a JSON-lines
// file (whose caller names the line).
enum class JsonPlace { kLineAndColumn, kColumn };

// `text` as JSON, as ReadJson reads it. An error says "empty: expected JSON", "not valid JSON at
// line L, column C", that a number is beyond the range of a double, where an object names a
// member twice, or where it nests deeper than kMaxJsonDepth.
StatusOr<nlohmann::json> ParseJsonText(std::string_view text, JsonPlace place = JsonPlace::kLineAndColumn);

// `j` as JSON text for output: bytes that are not UTF-8 (a file's name, a quoted line) shown as
// U+FFFD instead of stopping the writer with the JSON library's words.
std::string JsonText(const nlohmann::json& j, int indent = -1);

}  // namespace embargo
