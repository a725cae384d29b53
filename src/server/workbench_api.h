// The analyst workbench's JSON API (/v1/workbench/...) and its page (/, /assets/...): sign-in
// with a session cookie, the alert queue, alert detail, decisions and four-eyes review, screening,
// the lists in force and the audit trail. Every call acts as the signed-in principal; the store
// checks its roles and records it (docs/SECURITY.md, "Workbench sign-in").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "server/alerts_api.h"
#include "server/router.h"
#include "server/workbench_sessions.h"

namespace embargo::server {

struct WorkbenchOptions {
  std::chrono::seconds idle_timeout{30 * 60};     // a session ends after 30 minutes without a request
  std::chrono::seconds session_lifetime{12 * 3600};  // and 12 hours after sign-in in any case
  size_t failures_per_user = 5;      // failed sign-ins per user within the window
  size_t failures_per_address = 20;  // failed sign-ins per client address within the window
  std::chrono::seconds failure_window{15 * 60};
};

// Thread-safety: any number of request threads (the sessions and limits lock; the store is pooled).
class Workbench {
 public:
  // `alerts` must outlive the Workbench. Fails only when the system's random generator does.
  static StatusOr<std::unique_ptr<Workbench>> Create(AlertsApi& alerts, WorkbenchOptions options = {});
  // The workbench's routes, for the server's table (Access::kOpen: the session is checked here).
  std::vector<Route> Routes();

 private:
  struct Impl;
  explicit Workbench(std::unique_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// The page's routes (/ and /assets/{name}): compiled-in files, with a strict Content-Security-Policy.
std::vector<Route> WorkbenchPageRoutes();

}  // namespace embargo::server
