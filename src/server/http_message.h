// One HTTP request and its reply as the handlers see them: no sockets, no HTTP library types.
// The transport (http_server.h) fills a Request and sends a Reply; the route table (router.h)
// and the handlers (*_api.h) only read the one and build the other.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/principal.h"
#include "embargo/status.h"

namespace embargo::server {

// Query-string parameters, possibly repeated (include_dataset=a&include_dataset=b).
using Params = std::multimap<std::string, std::string>;

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;   // "GET", "POST", ...
  std::string target;   // path and query string (of an absolute-form target, once parsed)
  std::string path;     // percent-decoded, without the query string
  Params params;        // the query string, percent-decoded ('+' is a space)
  std::vector<Header> headers;
  std::string body;     // empty until the transport has read it
  bool keep_alive = true;
  std::string remote;   // the client's address ("127.0.0.1"), for per-address limits

  // Filled by the route table before the body is read.
  static constexpr size_t kNoRoute = static_cast<size_t>(-1);
  size_t route = kNoRoute;                // index of the matched route
  std::vector<std::string> path_params;   // the pattern's {parameters}, in order
  std::string caller;                     // who asks, for the audit trail: the key's principal, or "api"
  std::string principal;                  // the API key's principal; empty without authentication
  RoleSet roles = RoleSet::All();         // what the key's principal may do

  // The first header of that name (names compare without case), or "" when there is none.
  std::string_view HeaderValue(std::string_view name) const;
  // The first path parameter, or "".
  const std::string& PathParam() const;
};

struct Reply {
  Reply() = default;
  Reply(int s, nlohmann::json b) : status(s), body(std::move(b)) {}
  int status = 200;
  nlohmann::json body;
  std::string text;          // sent instead of body when content_type is set
  std::string content_type;  // empty: application/json from body
  std::vector<Header> headers;  // more response headers (WWW-Authenticate, Allow, ...)
  // Members of the JSON body already serialised (the same in many replies): written after the
  // members of `body`, which must then be an object.
  std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> raw_members;

  // The body member `key` serialised, from raw_members or body.
  std::string MemberJson(const std::string& key) const;
};

// Fills request.path and request.params from request.target (percent-decoding both). An
// absolute-form target ("http://host/path?q") becomes its path and query, its host the Host
// header. A target of another form, or that decodes to bytes that are not UTF-8, is an
// InvalidArgument naming the part ("query parameter 'q': not valid UTF-8").
Status ParseTarget(Request& request);
// "a=1&b=x+y" (a query string, or an application/x-www-form-urlencoded body), percent-decoded;
// bytes that are not UTF-8 are an InvalidArgument naming the parameter.
StatusOr<Params> ParseForm(std::string_view query);

// True when a Content-Type header names JSON: application/json or any */json or */*+json type,
// in any case (media types are case-insensitive, RFC 9110 §8.3.1), parameters ignored.
bool IsJsonMediaType(std::string_view content_type);
// True when a Content-Type header names `type` ("multipart/form-data"), in any case.
bool IsMediaType(std::string_view content_type, std::string_view type);

// The bytes to send for a reply and their Content-Type: `text` when content_type is set, else
// `body` as JSON (bytes that are not UTF-8 replaced, so serialising never fails).
std::string ReplyPayload(const Reply& reply, std::string& content_type);

}  // namespace embargo::server
