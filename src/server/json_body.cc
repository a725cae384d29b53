#include "server/json_body.h"

#include <string>
#include <utility>

#include "common/io.h"
#include "common/strings.h"

namespace embargo::server {

StatusOr<nlohmann::json> ParseJsonBody(std::string_view body, size_t max_depth) {
  JsonRead read = ReadJson(body, max_depth, "the body");
  if (!read.fault) return std::move(read.value);
  const JsonFault& f = *read.fault;
  switch (f.kind) {
    case JsonFault::Kind::kTooDeep:
      return Status::InvalidArgument("request body nests arrays and objects deeper than " + std::to_string(max_depth) +
                                     " levels (the limit) at " + f.where);
    case JsonFault::Kind::kDuplicateMember:
      return Status::InvalidArgument(DuplicateMemberMessage(f));
    case JsonFault::Kind::kOutOfRange:
      return Status::InvalidArgument(f.where + ": number " + f.number + " is out of range");
    case JsonFault::Kind::kSyntax: break;
  }
  size_t bad = InvalidUtf8Offset(body);
  // The parser stops at most a few bytes after an ill-formed byte sequence begins.
  if (bad != std::string_view::npos && bad <= f.position)
    return Status::InvalidArgument(f.where + ": not valid UTF-8 (byte offset " + std::to_string(bad) +
                                   " of the request body)");
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Status::InvalidArgument("request body is empty: expected a JSON object");
  return Status::InvalidArgument("request body is not valid JSON at " + LineColumn(body, f.position ? f.position - 1 : 0) +
                                 " (in " + f.where + ")");
}

}  // namespace embargo::server
