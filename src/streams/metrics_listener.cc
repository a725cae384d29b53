#include "streams/metrics_listener.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <thread>

#include "common/json_text.h"

namespace embargo::streams {

struct MetricsListener::Impl {
  httplib::Server http;
  std::thread thread;
};

StatusOr<std::unique_ptr<MetricsListener>> MetricsListener::Start(const std::string& host, int port,
                                                                 const WorkerMetrics& metrics) {
  auto impl = std::make_unique<Impl>();
  impl->http.new_task_queue = [] { return new httplib::ThreadPool(1); };
  impl->http.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.Render(), "text/plain; version=0.0.4");
  });
  // /healthz: the process answers. /readyz: 503 while the worker waits to try a failed batch
  // again, or while its lists are stale or their last reload failed (WorkerMetrics::NotReady).
  impl->http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"status\":\"ok\"}", "application/json");
  });
  impl->http.Get("/readyz", [&metrics](const httplib::Request&, httplib::Response& res) {
    std::string why = metrics.NotReady();
    nlohmann::json body = {{"status", why.empty() ? "ready" : "not_ready"}};
    if (!why.empty()) body["reason"] = why;
    res.status = why.empty() ? 200 : 503;
    res.set_content(JsonText(body), "application/json");
  });
  errno = 0;
  int bound = port == 0 ? impl->http.bind_to_any_port(host) : (impl->http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    int error = errno;  // the failed bind's, or the address lookup's when that failed first (0)
    return Status::Unavailable("metrics listener: cannot listen on " + host + ":" + std::to_string(port) + ": " +
                               (error ? std::strerror(error) : "not an address to listen on"));
  }
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->http.listen_after_bind(); });
  return std::unique_ptr<MetricsListener>(new MetricsListener(std::move(impl), bound));
}

MetricsListener::MetricsListener(std::unique_ptr<Impl> impl, int port) : impl_(std::move(impl)), port_(port) {}

MetricsListener::~MetricsListener() {
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace embargo::streams
