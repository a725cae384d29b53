#include "server/text_api.h"

#include <cstdlib>

#include "common/io.h"
#include "common/strings.h"
#include "embargo/text_scan.h"
#include "match/result_json.h"
#include "text_scan/mention_json.h"

namespace embargo::server {
namespace {

using nlohmann::json;

}  // namespace

Reply ScreenText(const ApiContext& ctx, const Params& params, const std::string& content_type, const std::string& body) {
  // A form's fields would be scanned as percent-encoded text, and markup (text/html) splits the
  // names it tags: a name in either not found. The text is read as text/plain or JSON only.
  if (IsMediaType(content_type, "application/x-www-form-urlencoded") || IsMediaType(content_type, "multipart/form-data"))
    return Error(415, "unsupported_media_type", "send the text as text/plain, or as JSON {\"text\": ...}");
  if (!content_type.empty() && !IsMediaType(content_type, "text/plain") && !IsJsonMediaType(content_type))
    return Error(415, "unsupported_media_type",
                 "Content-Type: " + content_type.substr(0, content_type.find(';')) +
                     ": send the text as text/plain (markup would split names), or as JSON {\"text\": ...}");
  if (Status s = OnlyKnownParams(params, {"threshold"}); !s.ok()) return Error(400, "invalid_parameter", s.message());
  double threshold = ctx.default_threshold;
  if (Status s = ThresholdParam(params, nullptr, true, threshold); !s.ok())
    return Error(400, "invalid_parameter", s.message());
  std::string text_json;
  const std::string* text = &body;
  if (IsJsonMediaType(content_type)) {
    auto parsed = ParseJsonObject(body);
    if (!parsed.ok()) return BadJson(parsed.status());
    json& j = *parsed;
    auto t = j.find("text");
    if (t == j.end() || !t->is_string()) return Error(400, "invalid_request", "text: expected a string");
    if (Status s = OnlyKnownMembers(j, "request", {"text", "threshold"}); !s.ok())
      return Error(400, "invalid_request", s.message());
    text_json = t->get<std::string>();
    text = &text_json;
    if (Status s = ThresholdParam(params, &j, true, threshold); !s.ok()) return Error(400, "invalid_parameter", s.message());
  }
  if (size_t bad = InvalidUtf8Offset(*text); bad != std::string::npos)
    return Error(400, "invalid_text", "text is not valid UTF-8 at byte offset " + std::to_string(bad));
  TextScanStats stats;
  TextScanResult scan = ctx.snap.text_scanner->Scan(*text, threshold, &stats);
  // Bounded as /match's answer: refused whole, never cut short (a megabyte of names answered
  // with a hundred megabytes).
  if (scan.mentions.size() > ctx.max_match_results)
    return Error(413, "answer_too_large", "the answer would hold more than " + std::to_string(ctx.max_match_results) +
                                              " mentions: send the text in parts or raise threshold");
  // A text not screened completely alerts: a listed name in it cannot be ruled out.
  json out = {{"alert", !scan.mentions.empty() || !scan.complete()},
              {"complete", scan.complete()},
              {"threshold", threshold},
              {"bytes", stats.bytes},
              {"mentions", MentionsJson(scan.mentions)},
              {"unscreened", UnscreenedJson(scan.unscreened)},
              {"lists", ListsJson(ctx)},
              {"lists_stale", ListsStale(ctx)}};
  return {200, std::move(out)};
}

}  // namespace embargo::server
