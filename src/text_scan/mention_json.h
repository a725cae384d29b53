// JSON view of free-text mentions, shared by the CLI (embargo text) and the server (/v1/screen/text).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "embargo/text_scan.h"

namespace embargo {

// {"begin", "end", "char_begin", "char_end", "text", "entity_id", "score", "caption", "schema",
//  "matched_name", "hit": HitJson (with the explanation), "also": [HitJson...],
//  "repeat_of": the byte offset of the full mention a surname alone repeats (only then)}
nlohmann::json MentionJson(const Mention& mention);
nlohmann::json MentionsJson(const std::vector<Mention>& mentions);
// [{"begin", "end", "text", "reason"}]: the spans a scan could not screen completely.
nlohmann::json UnscreenedJson(const std::vector<UnscreenedSpan>& spans);

}  // namespace embargo
