#include "streams/bus_uri.h"

namespace embargo::streams {

StatusOr<BusUri> ParseBusUri(const std::string& text, const std::string& what) {
  BusUri u;
  u.text = text;
  std::string rest;
  if (text.starts_with("redis://")) {
    rest = text.substr(8);
  } else if (text.starts_with("kafka://")) {
    u.kind = BusUri::Kind::kKafka;
    rest = text.substr(8);
  } else {
    return Status::InvalidArgument(what + " " + text + ": expected redis://HOST:PORT/STREAM or kafka://BROKERS/TOPIC");
  }
  size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size())
    return Status::InvalidArgument(what + " " + text + ": expected a host and a stream or topic name after it");
  u.hosts = rest.substr(0, slash);
  u.name = rest.substr(slash + 1);
  if (u.name.find('/') != std::string::npos)
    return Status::InvalidArgument(what + " " + text + ": the stream or topic name may not hold '/'");
  if (u.kind == BusUri::Kind::kRedis) {
    size_t colon = u.hosts.rfind(':');
    if (colon != std::string::npos) {
      std::string port = u.hosts.substr(colon + 1);
      u.hosts.resize(colon);
      char* end = nullptr;
      long p = std::strtol(port.c_str(), &end, 10);
      if (port.empty() || *end || p <= 0 || p > 65535)
        return Status::InvalidArgument(what + " " + text + ": port '" + port + "' is not a number in 1..65535");
      u.port = static_cast<int>(p);
    }
    if (u.hosts.empty() || u.hosts.find(',') != std::string::npos)
      return Status::InvalidArgument(what + " " + text + ": expected one Redis host");
  }
  return u;
}

}  // namespace embargo::streams
