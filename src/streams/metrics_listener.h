// The worker's /metrics (Prometheus text), /healthz and /readyz on a small HTTP listener of its own.
#pragma once

#include <memory>
#include <string>

#include "embargo/status.h"
#include "streams/worker.h"

namespace embargo::streams {

class MetricsListener {
 public:
  // Listens on host:port (port 0: a free one) in a thread of its own until destroyed.
  static StatusOr<std::unique_ptr<MetricsListener>> Start(const std::string& host, int port, const WorkerMetrics& metrics);
  ~MetricsListener();
  int port() const { return port_; }

 private:
  struct Impl;
  MetricsListener(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> impl_;
  int port_;
};

}  // namespace embargo::streams
