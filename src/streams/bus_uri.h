// Where a worker reads and writes: redis://[[USER]:PASSWORD@]HOST:PORT/STREAM or
// kafka://BROKER[,BROKER...]/TOPIC.
#pragma once

#include <string>

#include "embargo/status.h"

namespace embargo::streams {

struct BusUri {
  enum class Kind { kRedis, kKafka };
  Kind kind = Kind::kRedis;
  std::string hosts;  // redis: one host (an IPv6 address without brackets); kafka: the bootstrap brokers "h1:9092,h2:9092"
  int port = 6379;    // redis only
  std::string name;   // the stream or topic
  std::string user;      // redis: the ACL user AUTH names ("": the default user)
  std::string password;  // redis: AUTH's password, percent-decoded ("": no AUTH); never shown
  std::string text;      // as given, the password shown as *** (for logs and errors)
};

// Errors name the option (`what`) and the part at fault, never the password.
StatusOr<BusUri> ParseBusUri(const std::string& text, const std::string& what);

// Whether `a` and `b` name the same Redis server, or Kafka URIs share a broker (a broker belongs
// to one cluster). Hosts are compared as resolved, and the loopback names (localhost, 127.0.0.1,
// ::1) as one: `localhost` and `127.0.0.1` are one server, another port another one.
bool SameServer(const BusUri& a, const BusUri& b);

}  // namespace embargo::streams
