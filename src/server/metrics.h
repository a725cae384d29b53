// Prometheus counters and histograms of the HTTP service. Lock-free: every counter is atomic.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace embargo::server {

struct Snapshot;

class Metrics {
 public:
  // Latency histogram bucket bounds, seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // `routes` name the route table entries (e.g. "POST /match/{dataset}"); ids index into it.
  explicit Metrics(std::vector<std::string> routes);

  void Observe(size_t route, int status, double seconds);
  void Reloaded(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1, std::memory_order_relaxed); }

  // The Prometheus text exposition (version 0.0.4) including list gauges from `snap`.
  std::string Render(const Snapshot& snap, int64_t now, bool stale) const;

 private:
  struct Route {
    std::string name;
    std::array<std::atomic<uint64_t>, 6> by_class{};  // index status/100: 1xx..5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> sum_us{0};
  };
  std::vector<std::unique_ptr<Route>> routes_;
  std::atomic<uint64_t> reloads_ok_{0}, reloads_failed_{0};
};

}  // namespace embargo::server
