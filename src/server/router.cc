#include "server/router.h"

namespace embargo::server {
namespace {

bool IsParameter(std::string_view segment) { return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}'; }

// "/a/b" -> {"a", "b"}; the path's leading slash is not a segment.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path[0] == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    path.remove_prefix(slash + 1);
  }
}

// HEAD is GET without the body (RFC 9110 §9.3.2): the transport leaves the body out.
bool Answers(const Route& route, std::string_view method) {
  return route.method == method || (method == "HEAD" && route.method == "GET");
}

}  // namespace

size_t Router::Add(Route route) {
  Pattern p;
  for (std::string_view s : Segments(route.pattern)) p.segments.emplace_back(s);
  std::string& last = p.segments.back();
  if (IsParameter(last) && last.size() > 5 && last.compare(last.size() - 4, 4, "...}") == 0) {
    p.rest = true;
    last.erase(last.size() - 4, 3);
  }
  route.name = route.method + " ";
  for (const auto& s : p.segments) route.name += "/" + s;
  patterns_.push_back(std::move(p));
  routes_.push_back(std::move(route));
  return routes_.size() - 1;
}

bool Router::Matches(const Pattern& p, std::string_view path, std::vector<std::string>* params) {
  std::vector<std::string_view> parts = Segments(path);
  if (parts.size() < p.segments.size() || (parts.size() > p.segments.size() && !p.rest)) return false;
  if (params) params->clear();
  for (size_t i = 0; i < p.segments.size(); ++i) {
    const std::string& want = p.segments[i];
    if (!IsParameter(want)) {
      if (parts[i] != want) return false;
      continue;
    }
    if (parts[i].empty()) return false;
    if (!params) continue;
    bool last = i + 1 == p.segments.size();
    // The rest of the path, from this segment on (its slashes kept).
    params->emplace_back(last && p.rest ? std::string_view(parts[i].data(), path.data() + path.size() - parts[i].data())
                                        : parts[i]);
  }
  return true;
}

Router::Match Router::Find(std::string_view method, std::string_view path, std::vector<std::string>& params) const {
  Match m;
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (!Answers(routes_[i], method)) {
      if (!m.path_known && Matches(patterns_[i], path, nullptr)) m.path_known = true;
      continue;
    }
    if (Matches(patterns_[i], path, &params)) {
      m.route = i;
      return m;
    }
  }
  return m;
}

std::string Router::AllowedMethods(std::string_view path) const {
  std::string out;
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (!Matches(patterns_[i], path, nullptr) || out.find(routes_[i].method) != std::string::npos) continue;
    out += (out.empty() ? "" : ", ") + routes_[i].method;
    if (routes_[i].method == "GET") out += ", HEAD";
  }
  return out;
}

}  // namespace embargo::server
