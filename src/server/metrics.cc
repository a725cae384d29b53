#include "server/metrics.h"

#include <sstream>

#include "server/api.h"

namespace embargo::server {

Metrics::Metrics(std::vector<std::string> routes) {
  for (auto& r : routes) {
    routes_.push_back(std::make_unique<Route>());
    routes_.back()->name = std::move(r);
  }
}

void Metrics::Observe(size_t route, int status, double seconds) {
  if (route >= routes_.size()) return;
  Route& r = *routes_[route];
  r.by_class[std::min(5, std::max(1, status / 100))].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.sum_us.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

namespace {
// Escapes a label value: backslash, quote and newline.
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out;
}
}  // namespace

std::string Metrics::Render(const Snapshot& snap, int64_t now, bool stale) const {
  std::ostringstream o;
  o << "# HELP embargo_http_requests_total HTTP requests by route and status class.\n"
       "# TYPE embargo_http_requests_total counter\n";
  for (const auto& r : routes_)
    for (int c = 1; c <= 5; ++c)
      if (uint64_t n = r->by_class[c].load(std::memory_order_relaxed))
        o << "embargo_http_requests_total{route=\"" << Label(r->name) << "\",code=\"" << c << "xx\"} " << n << "\n";
  o << "# HELP embargo_http_errors_total HTTP requests answered with status 400 or above, by route.\n"
       "# TYPE embargo_http_errors_total counter\n";
  for (const auto& r : routes_)
    o << "embargo_http_errors_total{route=\"" << Label(r->name) << "\"} "
      << r->by_class[4].load(std::memory_order_relaxed) + r->by_class[5].load(std::memory_order_relaxed) << "\n";
  o << "# HELP embargo_http_request_duration_seconds Time from routing to response, by route.\n"
       "# TYPE embargo_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    uint64_t cum = 0;
    std::string route = Label(r->name);
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cum += r->buckets[b].load(std::memory_order_relaxed);
      o << "embargo_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"";
      if (b < kBuckets.size()) o << kBuckets[b];
      else o << "+Inf";
      o << "\"} " << cum << "\n";
    }
    o << "embargo_http_request_duration_seconds_sum{route=\"" << route << "\"} "
      << r->sum_us.load(std::memory_order_relaxed) / 1e6 << "\n";
    o << "embargo_http_request_duration_seconds_count{route=\"" << route << "\"} " << cum << "\n";
  }
  o << "# HELP embargo_list_entities Entities per loaded list.\n# TYPE embargo_list_entities gauge\n";
  for (const auto& l : snap.lists) o << "embargo_list_entities{dataset=\"" << Label(l.dataset) << "\"} " << l.entities << "\n";
  o << "# HELP embargo_list_age_seconds Age of each list: since publication when known, else since the file's mtime.\n"
       "# TYPE embargo_list_age_seconds gauge\n";
  for (const auto& l : snap.lists)  // NaN: the publication date is unknown
    o << "embargo_list_age_seconds{dataset=\"" << Label(l.dataset) << "\"} "
      << (l.as_of < 0 ? std::string("NaN") : std::to_string(now - l.as_of)) << "\n";
  o << "# HELP embargo_list_info The loaded list versions.\n# TYPE embargo_list_info gauge\n";
  for (const auto& l : snap.lists)
    o << "embargo_list_info{dataset=\"" << Label(l.dataset) << "\",content_hash=\"" << l.content_hash
      << "\",published=\"" << Label(l.published) << "\"} 1\n";
  o << "# HELP embargo_lists_stale 1 when a list is older than --max-list-age.\n# TYPE embargo_lists_stale gauge\n"
    << "embargo_lists_stale " << (stale ? 1 : 0) << "\n";
  o << "# HELP embargo_index_entities Entities in the index.\n# TYPE embargo_index_entities gauge\n"
    << "embargo_index_entities " << snap.screener->entity_count() << "\n";
  o << "# HELP embargo_index_names Name forms in the index.\n# TYPE embargo_index_names gauge\n"
    << "embargo_index_names " << snap.screener->name_count() << "\n";
  o << "# HELP embargo_lists_version Snapshot number: 1 at start, +1 per successful reload.\n"
       "# TYPE embargo_lists_version gauge\nembargo_lists_version " << snap.version << "\n";
  o << "# HELP embargo_lists_loaded_timestamp_seconds When the serving snapshot was loaded.\n"
       "# TYPE embargo_lists_loaded_timestamp_seconds gauge\nembargo_lists_loaded_timestamp_seconds " << snap.loaded_at << "\n";
  o << "# HELP embargo_reloads_total List reloads by result.\n# TYPE embargo_reloads_total counter\n"
    << "embargo_reloads_total{result=\"ok\"} " << reloads_ok_.load() << "\n"
    << "embargo_reloads_total{result=\"error\"} " << reloads_failed_.load() << "\n";
  return o.str();
}

}  // namespace embargo::server
