// The route table of the service: each endpoint's method, path pattern, who may call it, whether
// it blocks, and its handler. server.cc builds the one table; the transport never sees it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "server/api.h"
#include "server/http_message.h"

namespace embargo::server {

// Who may call a route: open routes answer without a key (health, readiness, the API document);
// the others need a key whose principal holds the role (docs/SECURITY.md).
enum class Access {
  kOpen,
  kScreen,  // screening, look-ups, metrics
  kAlerts,  // the alerts of the decision store: review or approve (the store checks which step)
  kAdmin,   // reloading the lists
};

using Handler = std::function<Reply(const Request&, const ApiContext&)>;

struct Route {
  std::string method;   // "GET", "POST"
  std::string pattern;  // "/v1/alerts/{id}/decision": {name} is one path segment; a last
                        // segment "{name...}" takes the rest of the path, slashes included
  Access access = Access::kScreen;
  bool blocking = false;  // waits on a store or runs long: served off the I/O threads
  Handler handler;
  std::string name = {};  // "GET /entities/{id}" (metrics and logs); set by Router::Add
  // A blocking route's requests that are surely short, served on the I/O thread all the same:
  // the hop to the pool and back costs more than they do.
  std::function<bool(const Request&)> quick = {};
};

class Router {
 public:
  // Adds a route; returns its id (its index in the table).
  size_t Add(Route route);

  struct Match {
    size_t route = Request::kNoRoute;
    bool path_known = false;  // some route has this path, with another method (405)
  };
  // The first route whose method and pattern match; its parameters go into `params`.
  Match Find(std::string_view method, std::string_view path, std::vector<std::string>& params) const;
  // The methods some route accepts for `path` ("GET, POST"), for 405's Allow header.
  std::string AllowedMethods(std::string_view path) const;

  const Route& operator[](size_t id) const { return routes_[id]; }
  size_t size() const { return routes_.size(); }

 private:
  struct Pattern {
    std::vector<std::string> segments;  // "{...}" marks a parameter
    bool rest = false;                  // the last parameter takes the rest of the path
  };
  static bool Matches(const Pattern& p, std::string_view path, std::vector<std::string>* params);

  std::vector<Route> routes_;
  std::vector<Pattern> patterns_;
};

}  // namespace embargo::server
