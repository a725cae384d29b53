#include "text_scan/mention_json.h"

#include <nlohmann/json.hpp>

#include "match/result_json.h"

namespace embargo {

nlohmann::json MentionJson(const Mention& m) {
  nlohmann::json also = nlohmann::json::array();
  for (const auto& h : m.also) also.push_back(HitJson(h));
  nlohmann::json j = {{"begin", m.begin},
          {"end", m.end},
          {"char_begin", m.char_begin},
          {"char_end", m.char_end},
          {"text", m.text},
          {"entity_id", m.hit.entity->id},
          {"score", RoundScore(m.hit.score)},
          {"caption", m.hit.entity->caption()},
          {"schema", SchemaName(m.hit.entity->schema)},
          {"matched_name", m.hit.matched_name},
          {"hit", HitJson(m.hit)},
          {"also", std::move(also)}};
  if (m.repeat_of != std::string_view::npos) j["repeat_of"] = m.repeat_of;
  return j;
}

nlohmann::json MentionsJson(const std::vector<Mention>& mentions) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : mentions) out.push_back(MentionJson(m));
  return out;
}

nlohmann::json UnscreenedJson(const std::vector<UnscreenedSpan>& spans) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : spans) out.push_back({{"begin", u.begin}, {"end", u.end}, {"text", u.text}, {"reason", u.reason}});
  return out;
}

}  // namespace embargo
