#include "streams/bus_uri.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

namespace embargo::streams {
namespace {

// "[::1]:6379" -> host "::1" and port text "6379"; "host:6379" -> "host" and "6379"; no port: "".
Status SplitHostPort(const std::string& hostport, std::string& host, std::string& port, const std::string& at) {
  if (hostport.starts_with("[")) {
    size_t close = hostport.find(']');
    if (close == std::string::npos || (close + 1 < hostport.size() && hostport[close + 1] != ':'))
      return Status::InvalidArgument(at + ": expected [IPV6]:PORT");
    host = hostport.substr(1, close - 1);
    port = close + 1 < hostport.size() ? hostport.substr(close + 2) : "";
    if (close + 1 < hostport.size() && port.empty()) return Status::InvalidArgument(at + ": the port is not a number in 1..65535");
    return Status::Ok();
  }
  size_t colon = hostport.rfind(':');
  host = hostport.substr(0, colon);
  port = colon == std::string::npos ? "" : hostport.substr(colon + 1);
  if (colon != std::string::npos && port.empty()) return Status::InvalidArgument(at + ": the port is not a number in 1..65535");
  return Status::Ok();
}

StatusOr<int> ParsePort(const std::string& port, int fallback, const std::string& at) {
  if (port.empty()) return fallback;
  char* end = nullptr;
  long p = std::strtol(port.c_str(), &end, 10);
  // Not echoed: the URI is shown (the port in it), and a password holding '/' may have been cut here.
  if (*end || p <= 0 || p > 65535) return Status::InvalidArgument(at + ": the port is not a number in 1..65535");
  return static_cast<int>(p);
}

// One address as text, the two loopback addresses as one ("loopback"): a server listening on
// localhost answers on either.
std::string AddressKey(int family, const void* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(family, addr, buf, sizeof buf)) return "";
  std::string text = buf;
  return text == "127.0.0.1" || text == "::1" ? "loopback" : text;
}

// What identifies a host: its name (lower case, loopback names as "loopback") and every address it
// resolves to. A name that does not resolve is compared by name alone.
std::set<std::string> HostKeys(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (host.ends_with(".")) host.pop_back();
  std::set<std::string> keys;
  keys.insert(host == "localhost" || host == "ip6-localhost" || host == "ip6-loopback" ? "loopback" : host);
  in6_addr v6{};
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) keys.insert(AddressKey(AF_INET, &v4));
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) keys.insert(AddressKey(AF_INET6, &v6));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return keys;
  for (const addrinfo* a = found; a; a = a->ai_next) {
    if (a->ai_family == AF_INET) keys.insert(AddressKey(AF_INET, &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr));
    if (a->ai_family == AF_INET6)
      keys.insert(AddressKey(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr));
  }
  freeaddrinfo(found);
  keys.erase("");
  return keys;
}

bool SameHost(const std::string& a, const std::string& b) {
  if (a == b) return true;
  std::set<std::string> ka = HostKeys(a), kb = HostKeys(b);
  return std::any_of(ka.begin(), ka.end(), [&](const std::string& k) { return kb.contains(k); });
}

// The brokers of a Kafka URI as (host, port); a broker without a port is on 9092.
std::vector<std::pair<std::string, int>> Brokers(const std::string& hosts) {
  std::vector<std::pair<std::string, int>> out;
  for (size_t start = 0; start <= hosts.size();) {
    size_t comma = std::min(hosts.find(',', start), hosts.size());
    std::string host, port;
    if (SplitHostPort(hosts.substr(start, comma - start), host, port, "").ok()) {
      auto p = ParsePort(port, 9092, "");
      if (p.ok() && !host.empty()) out.emplace_back(host, *p);
    }
    start = comma + 1;
  }
  return out;
}

// The URI as it may be shown: the user and password, before the last '@' ahead of the stream name,
// as USER:***, or *** when not USER:PASSWORD. For a URI that may not parse, `whole` takes the last
// '@' of all the text: a password holding '/' must not show when the stream name is missing
// (a stream name holding '@' is then hidden in part).
std::string Redacted(const std::string& text, bool whole) {
  size_t scheme = text.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t slash = text.rfind('/');
  size_t end = whole || slash == std::string::npos || slash < start ? text.size() : slash;
  size_t at = end == 0 ? std::string::npos : text.rfind('@', end - 1);
  if (at == std::string::npos || at < start) return text;
  std::string userinfo = text.substr(start, at - start);
  size_t colon = userinfo.find(':');
  return text.substr(0, start) + (colon == std::string::npos ? "***" : userinfo.substr(0, colon) + ":***") + text.substr(at);
}

// %XX escapes decoded (a password holding '@', ':' or '/' may be written so); false on a '%'
// without two hex digits after it.
bool PercentDecode(const std::string& in, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2])))
      return false;
    out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return true;
}

// USER:PASSWORD or :PASSWORD, before the '@' of a Redis URI. Errors never hold the password.
Status ParseUserInfo(const std::string& userinfo, BusUri& u, const std::string& at) {
  size_t colon = userinfo.find(':');
  if (colon == std::string::npos)
    return Status::InvalidArgument(at + ": expected USER:PASSWORD@ or :PASSWORD@ before the host (AUTH needs a password)");
  if (!PercentDecode(userinfo.substr(0, colon), u.user))
    return Status::InvalidArgument(at + ": the user holds a '%' not followed by two hex digits (write '%' as %25)");
  if (!PercentDecode(userinfo.substr(colon + 1), u.password))
    return Status::InvalidArgument(at + ": the password holds a '%' not followed by two hex digits (write '%' as %25)");
  if (u.password.empty()) return Status::InvalidArgument(at + ": the password is empty");
  return Status::Ok();
}

}  // namespace

StatusOr<BusUri> ParseBusUri(const std::string& text, const std::string& what) {
  BusUri u;
  u.text = Redacted(text, false);
  const std::string at = what + " " + Redacted(text, true);
  std::string rest;
  if (text.starts_with("redis://")) {
    rest = text.substr(8);
  } else if (text.starts_with("kafka://")) {
    u.kind = BusUri::Kind::kKafka;
    rest = text.substr(8);
  } else if (text.starts_with("rediss://")) {
    return Status::InvalidArgument(at + ": TLS (rediss://) is not supported: reach Redis over redis:// on a trusted network "
                                        "or through a TLS tunnel (stunnel, a sidecar)");
  } else {
    return Status::InvalidArgument(at + ": expected redis://HOST:PORT/STREAM or kafka://BROKERS/TOPIC");
  }
  // The stream name follows the last '/': a password may hold '/' and '@' unescaped.
  size_t slash = rest.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size())
    return Status::InvalidArgument(at + ": expected a host and a stream or topic name after it");
  u.name = rest.substr(slash + 1);
  u.hosts = rest.substr(0, slash);
  if (size_t userinfo = u.hosts.rfind('@'); userinfo != std::string::npos) {
    if (u.kind == BusUri::Kind::kKafka)
      return Status::InvalidArgument(at + ": a kafka:// URI takes no user or password: give sasl.username and "
                                          "sasl.password in --kafka-config");
    EMBARGO_RETURN_IF_ERROR(ParseUserInfo(u.hosts.substr(0, userinfo), u, at));
    u.hosts.erase(0, userinfo + 1);
  }
  if (u.hosts.empty()) return Status::InvalidArgument(at + ": expected a host and a stream or topic name after it");
  if (u.hosts.find('/') != std::string::npos)
    return Status::InvalidArgument(at + ": the stream or topic name may not hold '/'");
  if (u.kind == BusUri::Kind::kRedis) {
    std::string host, port;
    EMBARGO_RETURN_IF_ERROR(SplitHostPort(u.hosts, host, port, at));
    EMBARGO_ASSIGN_OR_RETURN(u.port, ParsePort(port, 6379, at));
    u.hosts = host;
    if (u.hosts.empty() || u.hosts.find(',') != std::string::npos)
      return Status::InvalidArgument(at + ": expected one Redis host");
  }
  return u;
}

bool SameServer(const BusUri& a, const BusUri& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == BusUri::Kind::kRedis) return a.port == b.port && SameHost(a.hosts, b.hosts);
  for (const auto& [host_a, port_a] : Brokers(a.hosts))
    for (const auto& [host_b, port_b] : Brokers(b.hosts))
      if (port_a == port_b && SameHost(host_a, host_b)) return true;
  return a.hosts == b.hosts;
}

}  // namespace embargo::streams
