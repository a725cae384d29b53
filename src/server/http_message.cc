#include "server/http_message.h"

#include <optional>

#include "common/io.h"
#include "common/json_text.h"
#include "common/strings.h"

namespace embargo::server {
namespace {

bool EqualNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX sequences decoded (a malformed one is kept as written); '+' is a space in query strings.
std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    int hi = -1, lo = -1;
    if (s[i] == '%' && i + 2 < s.size()) {
      hi = HexValue(s[i + 1]);
      lo = HexValue(s[i + 2]);
    }
    if (hi >= 0 && lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += plus_is_space && s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

Status CheckUtf8(const std::string& value, const std::string& what) {
  size_t bad = InvalidUtf8Offset(value);
  if (bad == std::string::npos) return Status::Ok();
  return Status::InvalidArgument(what + ": not valid UTF-8 (byte " + std::to_string(bad) + " after percent-decoding)");
}

// A '%' that does not start an escape ("Putin%zz", "Putin%2") would be read as written, and a NUL
// (%00) would end the value for some readers and not for others: both are refused.
Status CheckEscapes(std::string_view raw, const std::string& what) {
  for (size_t i = raw.find('%'); i != std::string_view::npos; i = raw.find('%', i + 1)) {
    if (i + 2 >= raw.size() || HexValue(raw[i + 1]) < 0 || HexValue(raw[i + 2]) < 0)
      return Status::InvalidArgument(what + ": '%' not followed by two hexadecimal digits ('" +
                                     std::string(raw.substr(i, 3)) + "')");
    if (raw[i + 1] == '0' && raw[i + 2] == '0') return Status::InvalidArgument(what + ": holds a NUL byte (%00)");
  }
  return Status::Ok();
}

// "Application/JSON; charset=utf-8" -> "application/json".
std::string MediaTypeOf(std::string_view content_type) {
  return Lower(Trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace

bool IsJsonMediaType(std::string_view content_type) {
  std::string type = MediaTypeOf(content_type);
  size_t slash = type.find('/');
  if (slash == std::string::npos) return false;
  std::string_view subtype = std::string_view(type).substr(slash + 1);
  return subtype == "json" || subtype.ends_with("+json");
}

bool IsMediaType(std::string_view content_type, std::string_view type) { return MediaTypeOf(content_type) == type; }

std::string_view Request::HeaderValue(std::string_view name) const {
  for (const auto& h : headers)
    if (EqualNoCase(h.name, name)) return h.value;
  return {};
}

const std::string& Request::PathParam() const {
  static const std::string kNone;
  return path_params.empty() ? kNone : path_params[0];
}

StatusOr<Params> ParseForm(std::string_view query) {
  Params params;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    EMBARGO_RETURN_IF_ERROR(CheckEscapes(pair.substr(0, eq), "query parameter name"));
    std::string key = PercentDecode(pair.substr(0, eq), true);
    if (eq != std::string_view::npos) EMBARGO_RETURN_IF_ERROR(CheckEscapes(pair.substr(eq + 1), "query parameter '" + key + "'"));
    std::string value = eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1), true);
    EMBARGO_RETURN_IF_ERROR(CheckUtf8(key, "query parameter name"));
    EMBARGO_RETURN_IF_ERROR(CheckUtf8(value, "query parameter '" + key + "'"));
    params.emplace(std::move(key), std::move(value));
  }
  return params;
}

namespace {

// The path and query of an absolute-form target ("http://host:port/p?q", RFC 9112 §3.2.2), and
// its host in `authority`; nullopt for another scheme, a user name, or no host.
std::optional<std::string> OriginForm(std::string_view target, std::string& authority) {
  size_t scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string scheme = Lower(target.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = target.substr(scheme_end + 3);
  size_t path_start = rest.find_first_of("/?");
  authority = std::string(rest.substr(0, path_start));
  if (authority.empty() || authority.find('@') != std::string::npos) return std::nullopt;
  std::string origin(path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start));
  return origin.starts_with('/') ? origin : "/" + origin;  // an empty path is "/"
}

// The target's host replaces the Host header: RFC 9112 §3.2.2 has the server ignore the header.
void SetHost(Request& request, const std::string& authority) {
  for (Header& h : request.headers)
    if (EqualNoCase(h.name, "Host")) h.value = authority;
  if (request.HeaderValue("Host").empty()) request.headers.push_back({"Host", authority});
}

}  // namespace

Status ParseTarget(Request& request) {
  if (!request.target.starts_with('/')) {
    std::string authority;
    std::optional<std::string> origin = OriginForm(request.target, authority);
    if (!origin)
      return Status::InvalidArgument("request target '" + request.target +
                                     "': expected a path starting with '/' or an http(s) URL");
    SetHost(request, authority);
    request.target = std::move(*origin);
  }
  std::string_view target = request.target;
  size_t q = target.find('?');
  request.path = PercentDecode(target.substr(0, q), false);
  EMBARGO_RETURN_IF_ERROR(CheckUtf8(request.path, "request path"));
  request.params.clear();
  if (q == std::string_view::npos) return Status::Ok();
  EMBARGO_ASSIGN_OR_RETURN(request.params, ParseForm(target.substr(q + 1)));
  return Status::Ok();
}

std::string ReplyPayload(const Reply& reply, std::string& content_type) {
  if (!reply.content_type.empty()) {
    content_type = reply.content_type;
    return reply.text;
  }
  content_type = "application/json";
  std::string out = JsonText(reply.body);
  if (reply.raw_members.empty() || out.size() < 2 || out.back() != '}') return out;
  out.pop_back();
  for (const auto& [key, value] : reply.raw_members) {
    if (out.size() > 1) out += ',';
    out += nlohmann::json(key).dump();
    out += ':';
    out += *value;
  }
  out += '}';
  return out;
}

std::string Reply::MemberJson(const std::string& key) const {
  for (const auto& [k, value] : raw_members)
    if (k == key) return *value;
  auto it = body.find(key);
  return it == body.end() ? "null" : it->dump();
}

}  // namespace embargo::server
