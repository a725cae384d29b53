#include "server/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "common/io.h"
#include "common/sha256.h"
#include "policy/geo_policy.h"
#include "server/alerts_api.h"
#include "server/api.h"
#include "server/message_api.h"
#include "server/metrics.h"
#include "server/trade_api.h"
#include "server/text_api.h"

namespace embargo::server {

extern const char kOpenApiJson[];  // docs/openapi.json, embedded at build time

namespace {

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

bool IsSha256Hex(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

StatusOr<std::vector<std::string>> ReadApiKeyFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  std::vector<std::string> hashes;
  std::istringstream in(*text);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    for (auto& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!IsSha256Hex(line))
      return Status::InvalidArgument(path + ":" + std::to_string(n) + ": expected a hex SHA-256 of a key (64 hex digits)");
    hashes.push_back(line);
  }
  if (hashes.empty()) return Status::InvalidArgument(path + ": no key hashes");
  return hashes;
}

struct Server::Impl {
  // The route table: every endpoint, its metrics name, whether it needs a key, and its handler.
  struct Route {
    const char* method;
    const char* pattern;  // httplib regex; groups are path parameters
    const char* name;     // metrics label
    bool auth;
    std::function<Reply(const httplib::Request&, const ApiContext&)> handler;
  };

  ServerOptions options;
  ListLoader loader;
  std::set<std::string> key_hashes;
  std::atomic<std::shared_ptr<const Snapshot>> snapshot;
  std::mutex reload_mu;
  httplib::Server http;
  std::vector<Route> routes;
  std::unique_ptr<Metrics> metrics;
  std::unique_ptr<AlertsApi> alerts;  // null without a store
  size_t other_route = 0;  // metrics id for requests no route matched
  int port = 0;

  // A list version and everything derived from it (the policy file is read anew with the lists).
  StatusOr<std::shared_ptr<const Snapshot>> Load(uint64_t version) const {
    EMBARGO_ASSIGN_OR_RETURN(std::vector<ListLoad> lists, loader());
    std::shared_ptr<const GeoPolicy> policy;
    if (!options.policy_file.empty()) {
      EMBARGO_ASSIGN_OR_RETURN(GeoPolicy loaded, GeoPolicy::Load(options.policy_file));
      policy = std::make_shared<const GeoPolicy>(std::move(loaded));
    }
    return MakeSnapshot(std::move(lists), version, std::move(policy));
  }

  Status Reload() {
    std::lock_guard<std::mutex> lock(reload_mu);
    auto snap = Load(snapshot.load()->version + 1);
    metrics->Reloaded(snap.ok());
    if (!snap.ok()) {
      std::cerr << "embargo serve: reload failed, keeping list version " << snapshot.load()->version << ": "
                << snap.status().message() << "\n";
      return snap.status();
    }
    // Requests in flight keep the old version; the last of them frees it (MakeSnapshot's deleter
    // also returns its pages to the system).
    snapshot.exchange(*snap);
    std::cerr << "embargo serve: lists reloaded: version " << (*snap)->version;
    for (const auto& l : (*snap)->lists) std::cerr << ", " << l.dataset << " " << l.content_hash.substr(0, 12);
    std::cerr << "\n";
    return Status::Ok();
  }

  ApiContext Context(const Snapshot& snap) const {
    return ApiContext{snap, options.threshold, options.max_queries, options.max_list_age_hours, std::time(nullptr)};
  }

  // nullopt when the request may proceed; else the 401/403 reply.
  std::optional<Reply> Authenticate(const httplib::Request& req, httplib::Response& res) const {
    if (!options.auth) return std::nullopt;
    std::string key;
    std::string authz = req.get_header_value("Authorization");
    if (authz.rfind("Bearer ", 0) == 0) key = Trim(authz.substr(7));
    if (key.empty()) key = Trim(req.get_header_value("X-API-Key"));
    if (key.empty()) {
      res.set_header("WWW-Authenticate", "Bearer");
      return Error(401, "unauthorized", "an API key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'");
    }
    if (!key_hashes.count(Sha256Hex(key))) return Error(403, "forbidden", "the API key is not valid");
    return std::nullopt;
  }

  void Send(const Reply& reply, httplib::Response& res) const {
    res.status = reply.status;
    if (!reply.content_type.empty()) res.set_content(reply.text, reply.content_type.c_str());
    else res.set_content(reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
  }

  void Log(const httplib::Request& req, const char* route, const Reply& reply, double seconds) const {
    bool error = reply.status >= 500;
    if (!options.access_log && !error) return;
    std::ostringstream line;
    line << "embargo serve: " << req.method << " " << route;
    if (options.log_names) line << " " << req.target;
    line << " " << reply.status << " " << static_cast<int64_t>(seconds * 1e6) << "us";
    if (reply.status >= 400 && reply.body.contains("error")) {
      line << " " << reply.body["error"]["code"].get<std::string>();
      // Messages can quote the request (names); they are logged only when allowed.
      if (options.log_names) line << ": " << reply.body["error"]["message"].get<std::string>();
    }
    line << "\n";
    std::cerr << line.str();
  }

  void Handle(size_t id, const httplib::Request& req, httplib::Response& res) {
    auto start = std::chrono::steady_clock::now();
    const Route& route = routes[id];
    Reply reply;
    std::optional<Reply> denied = route.auth ? Authenticate(req, res) : std::nullopt;
    if (denied) {
      reply = std::move(*denied);
    } else {
      std::shared_ptr<const Snapshot> snap = snapshot.load();  // this request's list version
      try {
        reply = route.handler(req, Context(*snap));
      } catch (const std::exception& e) {
        reply = Error(500, "internal", std::string("internal error: ") + e.what());
      }
    }
    Send(reply, res);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics->Observe(id, reply.status, seconds);
    Log(req, route.name, reply, seconds);
  }

  static Reply NoStore() { return Error(404, "no_store", "this server has no store (start it with --store)"); }
  // Who asks, for the audit trail: the API key's hash prefix, never the key.
  std::string Caller(const httplib::Request& req) const {
    std::string key, authz = req.get_header_value("Authorization");
    if (authz.rfind("Bearer ", 0) == 0) key = Trim(authz.substr(7));
    if (key.empty()) key = Trim(req.get_header_value("X-API-Key"));
    return key.empty() ? "api" : "api-key:" + Sha256Hex(key).substr(0, 12);
  }

  void BuildRoutes() {
    auto path_param = [](const httplib::Request& req) { return req.matches.size() > 1 ? req.matches[1].str() : ""; };
    // httplib tries the patterns in order: the busiest endpoints come first.
    routes = {
        {"POST", "/v1/screen", "POST /v1/screen", true,
         [this](const httplib::Request& req, const ApiContext& ctx) {
           Reply r = Screen(ctx, req.params, req.body);
           return alerts ? alerts->RecordScreen(ctx, req.body, Caller(req), std::move(r)) : RecordWithoutStore(req.body, std::move(r));
         }},
        {"POST", "/v1/screen/text", "POST /v1/screen/text", true,
         [](const httplib::Request& req, const ApiContext& ctx) {
           return ScreenText(ctx, req.params, req.get_header_value("Content-Type"), req.body);
         }},
        {"POST", "/v1/screen/message", "POST /v1/screen/message", true,
         [](const httplib::Request& req, const ApiContext& ctx) { return ScreenMessage(ctx, req.params, req.body); }},
        {"POST", "/v1/screen/trade", "POST /v1/screen/trade", true,
         [](const httplib::Request& req, const ApiContext& ctx) { return ScreenTrade(ctx, req.params, req.body); }},
        {"GET", R"(/v1/goods/([^/]+))", "GET /v1/goods/{code}", true,
         [=](const httplib::Request& req, const ApiContext&) { return GetGoods(path_param(req)); }},
        // The decision store's alerts (alerts_api.cc).
        {"GET", "/v1/alerts", "GET /v1/alerts", true,
         [this](const httplib::Request& req, const ApiContext&) { return alerts ? alerts->List(req.params) : NoStore(); }},
        {"GET", R"(/v1/alerts/([^/]+))", "GET /v1/alerts/{id}", true,
         [=, this](const httplib::Request& req, const ApiContext&) { return alerts ? alerts->Get(path_param(req)) : NoStore(); }},
        {"POST", R"(/v1/alerts/([^/]+)/decision)", "POST /v1/alerts/{id}/decision", true,
         [=, this](const httplib::Request& req, const ApiContext&) {
           return alerts ? alerts->Decide(path_param(req), req.body, Caller(req)) : NoStore();
         }},
        {"POST", R"(/match/([^/]+))", "POST /match/{dataset}", true,
         [=](const httplib::Request& req, const ApiContext& ctx) { return Match(ctx, path_param(req), req.params, req.body); }},
        {"GET", R"(/search/([^/]+))", "GET /search/{dataset}", true,
         [=](const httplib::Request& req, const ApiContext& ctx) { return Search(ctx, path_param(req), req.params); }},
        {"GET", R"(/entities/(.+))", "GET /entities/{id}", true,
         [=](const httplib::Request& req, const ApiContext& ctx) { return GetEntity(ctx, path_param(req)); }},
        {"GET", "/catalog", "GET /catalog", true, [](const httplib::Request&, const ApiContext& ctx) { return Catalog(ctx); }},
        {"GET", "/algorithms", "GET /algorithms", true, [](const httplib::Request&, const ApiContext&) { return Algorithms(); }},
        {"POST", "/admin/reload", "POST /admin/reload", true,
         [this](const httplib::Request&, const ApiContext&) {
           Status s = Reload();
           if (!s.ok()) return Error(500, "reload_failed", "reload failed, the previous list version is still served: " + s.message());
           auto snap = snapshot.load();
           return Reply{200, {{"status", "reloaded"}, {"version", snap->version}, {"lists", ListsJson(Context(*snap))}}};
         }},
        {"GET", "/healthz", "GET /healthz", false,
         [](const httplib::Request&, const ApiContext&) { return Reply{200, {{"status", "ok"}}}; }},
        {"GET", "/readyz", "GET /readyz", false, [](const httplib::Request&, const ApiContext& ctx) { return Ready(ctx); }},
        {"GET", "/metrics", "GET /metrics", true,
         [this](const httplib::Request&, const ApiContext& ctx) {
           Reply r;
           r.text = metrics->Render(ctx.snap, ctx.now, ListsStale(ctx));
           r.content_type = "text/plain; version=0.0.4";
           return r;
         }},
        {"GET", "/openapi.json", "GET /openapi.json", false,
         [](const httplib::Request&, const ApiContext&) {
           Reply r;
           r.text = kOpenApiJson;
           r.content_type = "application/json";
           return r;
         }},
    };
    std::vector<std::string> names;
    for (size_t i = 0; i < routes.size(); ++i) {
      names.push_back(routes[i].name);
      auto handler = [this, i](const httplib::Request& req, httplib::Response& res) { Handle(i, req, res); };
      if (std::string(routes[i].method) == "GET") http.Get(routes[i].pattern, handler);
      else http.Post(routes[i].pattern, handler);
    }
    other_route = names.size();
    names.push_back("other");
    metrics = std::make_unique<Metrics>(std::move(names));
  }

  void Configure() {
    size_t threads = options.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_payload_max_length(options.max_body_bytes);
    http.set_read_timeout(options.read_timeout_seconds, 0);
    http.set_write_timeout(options.write_timeout_seconds, 0);
    http.set_keep_alive_timeout(options.keep_alive_seconds);
    http.set_keep_alive_max_count(100000);
    http.set_tcp_nodelay(true);
    // Errors raised by httplib itself (no route, body too large, bad request line) get JSON bodies.
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          Reply reply;
          switch (res.status) {
            case 404: reply = Error(404, "not_found", "no such endpoint: " + req.method + " " + req.path); break;
            case 413: reply = Error(413, "payload_too_large", "request body larger than " + std::to_string(options.max_body_bytes) + " bytes"); break;
            case 414: reply = Error(414, "uri_too_long", "request target too long"); break;
            default: reply = Error(res.status, "bad_request", "the request could not be read"); break;
          }
          Send(reply, res);
          metrics->Observe(other_route, res.status, 0);
          Log(req, "other", reply, 0);
          return httplib::Server::HandlerResponse::Handled;
        }));
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

StatusOr<std::unique_ptr<Server>> Server::Create(ServerOptions options, ListLoader loader) {
  auto impl = std::make_unique<Impl>();
  if (options.auth && options.api_key_hashes.empty())
    return Status::InvalidArgument("no API keys: give --api-keys FILE or EMBARGO_API_KEY, or --no-auth for local use");
  for (const auto& h : options.api_key_hashes) {
    if (!IsSha256Hex(h)) return Status::InvalidArgument("API key hashes must be lower-case hex SHA-256");
    impl->key_hashes.insert(h);
  }
  impl->options = std::move(options);
  impl->loader = std::move(loader);
  auto snap = impl->Load(1);
  if (!snap.ok()) return snap.status();
  impl->snapshot.store(*snap);
  if (!impl->options.store.empty()) {
    auto alerts = AlertsApi::Open(impl->options.store, impl->options.store_options, impl->options.record_always);
    if (!alerts.ok()) return alerts.status();
    impl->alerts = std::move(*alerts);
  }
  impl->BuildRoutes();
  impl->Configure();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::Bind() {
  if (impl_->options.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(impl_->options.host);
    if (impl_->port <= 0) return Status::Unavailable(impl_->options.host + ": cannot bind to a free port");
  } else {
    if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port))
      return Status::Unavailable(impl_->options.host + ":" + std::to_string(impl_->options.port) + ": cannot bind (in use?)");
    impl_->port = impl_->options.port;
  }
  return Status::Ok();
}

int Server::port() const { return impl_->port; }
void Server::Run() { impl_->http.listen_after_bind(); }
void Server::Stop() {
  if (impl_->http.is_running()) impl_->http.stop();
}
Status Server::Reload() { return impl_->Reload(); }

int RunWithSignals(Server& server) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before the server's threads exist: they inherit it
  std::thread signals([&server, set] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGHUP) {
        (void)server.Reload();  // failures are logged and keep the old version
        continue;
      }
      std::cerr << "embargo serve: stopping\n";
      server.Stop();
      return;
    }
  });
  signals.detach();
  server.Run();
  return 0;
}

}  // namespace embargo::server
