// JSON views of screening results, shared by the CLI and the server.
#pragma once

#include <initializer_list>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "embargo/screener.h"

namespace embargo {

// The explanation of a hit: matched name, token pairs and evidence.
nlohmann::json ExplanationJson(const Hit& hit);
// {"entity_id", "score", "caption", "schema", "datasets", "matched_name", "explanation", ...}
nlohmann::json HitJson(const Hit& hit);
// The hit's dataset first, then those of its linked records.
nlohmann::json HitDatasets(const Hit& hit);
// [{"entity_id", "dataset", "caption", "score", "reason"}] for the hit's linked records.
nlohmann::json LinkedJson(const Hit& hit);
nlohmann::json QueryJson(const Query& query);
// One party to screen, {"name", "type", "dob", "country", "id", "ref"} (dob, country and id a
// string or an array of strings), as /v1/screen and the stream workers take it. A member neither
// of these nor of `also` is refused: a misspelt or unsupported field ("aliases") would go
// unscreened. Errors name `where`.field.
StatusOr<Query> QueryFromJson(const nlohmann::json& party, const std::string& where,
                              std::initializer_list<std::string_view> also = {});
// Refuses a member of `object` not in `known`, naming it as `where`.member and listing `known`.
Status OnlyKnownMembers(const nlohmann::json& object, const std::string& where,
                        std::initializer_list<std::string_view> known);
// {"query": ..., "alert": bool, "reason": "match" | "incomplete" (when alert), "incomplete": bool,
//  "hits": [...]}
nlohmann::json ScreenResultJson(const Query& query, const ScreenResult& result);

// Rounds a score for output (4 decimals), so equal scores print equal.
double RoundScore(double score);

}  // namespace embargo
