#include "server/server.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <map>
#include <sstream>
#include <thread>

#include "common/io.h"
#include "common/sha256.h"
#include "policy/geo_policy.h"
#include "common/strings.h"
#include "server/alerts_api.h"
#include "server/api.h"
#include "server/message_api.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/reconcile_api.h"
#include "server/trade_api.h"
#include "server/text_api.h"
#include "server/workbench_api.h"
#include "server/yente_api.h"
#include "lists/in_force.h"

namespace embargo::server {

extern const char kOpenApiJson[];  // docs/openapi.json, embedded at build time

namespace {

// A body the server cannot read as sent is refused, not read as something else: compressed
// (gzip read as text is "not UTF-8 at byte 1") or in a charset other than UTF-8.
std::optional<Reply> UnreadableBody(const Request& req) {
  std::string encoding = Lower(Trim(req.HeaderValue("Content-Encoding")));
  if (!encoding.empty() && encoding != "identity")
    return Error(415, "unsupported_media_type",
                 "Content-Encoding '" + encoding + "' is not supported: send the body uncompressed");
  std::string type = Lower(req.HeaderValue("Content-Type"));
  if (size_t at = type.find("charset="); at != std::string::npos) {
    std::string charset(Trim(type.substr(at + 8, type.find(';', at) - at - 8)));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') charset = charset.substr(1, charset.size() - 2);
    if (charset != "utf-8" && charset != "utf8" && charset != "us-ascii")
      return Error(415, "unsupported_media_type", "charset '" + charset + "' is not supported: send UTF-8");
  }
  return std::nullopt;
}

// A form (`curl -d` without -H) is not JSON and not a payment message: a screening route refuses
// it by its type instead of reading the bytes as something they were not declared to be. (The
// text route names its own; /reconcile takes forms, as OpenRefine sends them.)
std::optional<Reply> FormBody(const Request& req) {
  std::string_view type = req.HeaderValue("Content-Type");
  if (!IsMediaType(type, "application/x-www-form-urlencoded") && !IsMediaType(type, "multipart/form-data")) return std::nullopt;
  std::string declared(Trim(type.substr(0, type.find(';'))));
  if (req.path == "/v1/screen/message")
    return Error(415, "unsupported_media_type",
                 "Content-Type: " + declared + ": a form is not a payment message: send it as text/plain, application/xml, "
                 "or JSON {\"message\": ...} with Content-Type: application/json");
  if (req.path == "/v1/screen" || req.path == "/v1/screen/trade" || req.path.starts_with("/match/"))
    return Error(415, "unsupported_media_type",
                 "Content-Type: " + declared + ": a form is not JSON: send the body with Content-Type: application/json "
                 "(curl: -H 'Content-Type: application/json')");
  return std::nullopt;
}

bool IsSha256Hex(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

ApiKey BareApiKey(const std::string& hash) {
  RoleSet screen;
  screen.Add(Role::kScreen);
  return {hash, "api-key:" + hash.substr(0, 12), screen};
}

StatusOr<std::vector<ApiKey>> ReadApiKeyFile(const std::string& path) {
  EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::vector<ApiKey> keys;
  std::map<std::string, size_t> line_of;
  std::istringstream in(text);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    line = std::string(Trim(line));
    if (line.empty() || line[0] == '#') continue;
    std::string where = path + ":" + std::to_string(n) + ": ";
    std::istringstream fields(line);
    std::string hash, principal, roles, extra;
    fields >> hash >> principal >> roles >> extra;
    hash = Lower(hash);
    if (!IsSha256Hex(hash)) return Status::InvalidArgument(where + "expected a hex SHA-256 of a key (64 hex digits)");
    if (!extra.empty())
      return Status::InvalidArgument(where + "expected HASH [PRINCIPAL [ROLES]], roles comma-separated without spaces");
    if (auto [it, fresh] = line_of.emplace(hash, n); !fresh)
      return Status::InvalidArgument(where + "the same key as line " + std::to_string(it->second));
    ApiKey key = BareApiKey(hash);
    if (!principal.empty()) {
      auto name = CheckPrincipalName(principal);
      if (!name.ok()) return Status::InvalidArgument(where + name.status().message());
      key.principal = *name;
    }
    if (!roles.empty()) {
      auto parsed = RoleSet::Parse(roles);
      if (!parsed.ok()) return Status::InvalidArgument(where + parsed.status().message());
      key.roles = *parsed;
    }
    keys.push_back(std::move(key));
  }
  if (keys.empty()) return Status::InvalidArgument(path + ": no key hashes");
  return keys;
}

struct Server::Impl : Service {
  ServerOptions options;
  ListLoader loader;
  std::map<std::string, ApiKey> keys;  // by hash
  std::atomic<std::shared_ptr<const Snapshot>> snapshot;
  std::mutex reload_mu;
  Router router;
  std::unique_ptr<Metrics> metrics;
  std::unique_ptr<AlertsApi> alerts;  // null without a store
  std::unique_ptr<Workbench> workbench;  // the analyst workbench (workbench_api.h); null without a store
  size_t other_route = 0;  // metrics id for requests no route took
  std::unique_ptr<HttpServer> http;  // last: stopped and destroyed before everything it calls

  // A list version and everything derived from it (the policy file is read anew with the lists).
  // `previous`: the version served until now, to keep what this load changes (null at start).
  StatusOr<std::shared_ptr<const Snapshot>> Load(uint64_t version, const Snapshot* previous) const {
    EMBARGO_ASSIGN_OR_RETURN(std::vector<ListLoad> lists, loader());
    std::shared_ptr<const GeoPolicy> policy;
    if (!options.policy_file.empty()) {
      EMBARGO_ASSIGN_OR_RETURN(GeoPolicy loaded, GeoPolicy::Load(options.policy_file));
      policy = std::make_shared<const GeoPolicy>(std::move(loaded));
    }
    return MakeSnapshot(std::move(lists), version, std::move(policy), previous);
  }

  // A list served until now and missing from the new load: refused (CheckNoListGone).
  static Status NoListGone(const Snapshot& served, const Snapshot& loaded) {
    auto in_force = [](const Snapshot& snap) {
      std::vector<ListInForce> out;
      for (const ListVersion& l : snap.lists) out.push_back({l.dataset, l.entities});
      return out;
    };
    return CheckNoListGone(in_force(served), in_force(loaded), "server");
  }

  Status Reload() {
    std::lock_guard<std::mutex> lock(reload_mu);
    std::shared_ptr<const Snapshot> served = snapshot.load();
    auto snap = Load(served->version + 1, served.get());
    if (snap.ok())
      if (Status gone = NoListGone(*served, **snap); !gone.ok()) snap = gone;
    metrics->Reloaded(snap.ok());
    if (!snap.ok()) {
      std::cerr << "embargo serve: reload failed, keeping list version " + std::to_string(snapshot.load()->version) +
                       ": " + snap.status().message() + "\n";
      return snap.status();
    }
    // Requests in flight keep the old version; the last of them frees it (MakeSnapshot's deleter
    // also returns its pages to the system).
    snapshot.exchange(*snap);
    std::string line = "embargo serve: lists reloaded: version " + std::to_string((*snap)->version);
    for (const auto& l : (*snap)->lists) line += ", " + l.dataset + " " + l.content_hash.substr(0, 12);
    std::cerr << line + "\n";  // one write: requests log meanwhile
    return Status::Ok();
  }

  ApiContext Context(const Snapshot& snap) const {
    return ApiContext{snap, options.threshold, options.max_queries, options.max_list_age_hours, std::time(nullptr),
                      options.yente_threshold};
  }

  // The key a request presents ("Authorization: Bearer KEY", "Authorization: ApiKey KEY" as
  // OpenSanctions' hosted API takes it, or "X-API-Key: KEY"), or "". OpenRefine sends no headers:
  // the reconciliation API also takes "?api_key=KEY", as the hosted API does.
  static std::string PresentedKey(const Request& req) {
    // The scheme is case-insensitive (RFC 7235): "bearer KEY" is "Bearer KEY".
    std::string_view authz = Trim(req.HeaderValue("Authorization"));
    size_t space = authz.find(' ');
    std::string scheme = Lower(std::string(authz.substr(0, space)));
    std::string key(space != std::string_view::npos && (scheme == "bearer" || scheme == "apikey") ? Trim(authz.substr(space + 1))
                                                                                                   : std::string_view());
    if (key.empty()) key = Trim(req.HeaderValue("X-API-Key"));
    if (auto param = req.params.find("api_key"); key.empty() && param != req.params.end() && req.path.starts_with("/reconcile/"))
      key = Trim(param->second);
    return key;
  }

  // Sets who asks (the key's principal, never the key) and what it may do; nullopt when the
  // request may proceed, else the 401/403 reply. Only the headers are needed: no body has been read.
  // The key file's roles only: the decision store's are checked in Serve (ConsultsStore).
  std::optional<Reply> Authenticate(Request& req, const Route& route) const {
    req.caller = "api";
    if (!options.auth || route.access == Access::kOpen) return std::nullopt;
    std::string key = PresentedKey(req);
    if (key.empty()) {
      Reply r = Error(401, "unauthorized", "an API key is required: send 'Authorization: Bearer KEY', 'Authorization: ApiKey KEY' or 'X-API-Key: KEY'");
      r.headers.push_back({"WWW-Authenticate", "Bearer"});
      return r;
    }
    auto found = keys.find(Sha256Hex(key));
    if (found == keys.end()) return Error(403, "forbidden", "the API key is not valid");
    req.caller = req.principal = found->second.principal;
    req.roles = found->second.roles;
    return Lacks(req, route);
  }

  // The 403 for a principal whose roles do not cover the route; nullopt when they do.
  std::optional<Reply> Lacks(const Request& req, const Route& route) const {
    bool allowed = route.access == Access::kScreen ? req.roles.Has(Role::kScreen)
                   : route.access == Access::kAlerts ? req.roles.Has(Role::kReview) || req.roles.Has(Role::kApprove)
                                                     : req.roles.Has(Role::kAdmin);
    if (allowed) return std::nullopt;
    const char* needed = route.access == Access::kScreen ? "screen" : route.access == Access::kAlerts ? "review or approve" : "admin";
    std::string store = alerts ? "; with a decision store, only roles the key file and the store's principals table both grant count" : "";
    return Error(403, "forbidden", "principal " + req.principal + " (this API key) lacks the role " + needed + " needed by " +
                                       route.name + " (it holds " + (req.roles.empty() ? "none" : req.roles.ToString()) + ")" + store);
  }

  // Bare keys name no principal the store could hold (and may only screen).
  static bool NamesPrincipal(const std::string& principal) { return !principal.empty() && !principal.starts_with("api-key:"); }

  // Whether the request's key is checked against the decision store before its handler runs: on
  // the blocking pool, as the lookup waits on the store.
  bool ConsultsStore(const Request& req) const {
    return alerts && options.auth && req.route != Request::kNoRoute && router[req.route].access != Access::kOpen &&
           NamesPrincipal(req.principal);
  }

  // What the decision store lets a key's principal do (docs/SECURITY.md, "API keys"): one
  // registered there must be enabled and acts with the roles both grant; one it does not know
  // may only screen, since deciding and reloading need a registered principal, as on the command
  // line. PermissionDenied when it is disabled.
  StatusOr<RoleSet> StoreRoles(const std::string& principal, RoleSet key_roles) const {
    EMBARGO_ASSIGN_OR_RETURN(std::optional<Principal> found, alerts->FindPrincipal(principal));
    RoleSet granted;
    if (!found) granted.Add(Role::kScreen);
    else if (!found->enabled())
      return Status::PermissionDenied("principal " + found->name + " (this API key) is disabled in the decision store");
    else granted = found->roles;
    return key_roles.Intersect(granted);
  }

  // Narrows the request's roles to what the store grants; the 403 (or 503) when they no longer do.
  std::optional<Reply> CheckWithStore(Request& req) const {
    auto roles = StoreRoles(req.principal, req.roles);
    if (!roles.ok()) return StoreError(roles.status());
    req.roles = *roles;
    return Lacks(req, router[req.route]);
  }

  // Service: the route and the key are checked on the headers alone.
  std::optional<Reply> Admit(Request& req) override {
    Router::Match m = router.Find(req.method, req.path, req.path_params);
    std::optional<Reply> early;
    if (m.route != Request::kNoRoute) {
      req.route = m.route;
      early = Authenticate(req, router[m.route]);
    } else if (m.path_known) {
      early = Error(405, "method_not_allowed", req.method + " " + req.path + ": use " + router.AllowedMethods(req.path));
      early->headers.push_back({"Allow", router.AllowedMethods(req.path)});
    } else {
      early = Error(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
    }
    if (early && IsYentePath(req.path)) early = AsYenteError(std::move(*early));
    if (early) Finish(req, *early, 0);
    return early;
  }

  bool Blocking(const Request& req) const override {
    const Route& route = router[req.route];
    return ConsultsStore(req) || (route.blocking && !(route.quick && route.quick(req)));
  }

  // One party of a usual name at the default threshold and limit, recorded nowhere: under a
  // millisecond, a few for the worst 160 bytes of short common words. Any doubt (a word that may
  // be a field of the request) sends it to the pool.
  bool QuickScreen(const Request& req) const {
    if (req.body.size() > 160 || !req.params.empty() || (alerts && options.record_always)) return false;
    for (std::string_view field : {"parties", "threshold", "limit", "record"})
      if (req.body.find(field) != std::string::npos) return false;
    return true;
  }

  Reply Serve(Request& req) override {
    auto start = std::chrono::steady_clock::now();
    std::shared_ptr<const Snapshot> snap = snapshot.load();  // this request's list version
    Reply reply;
    try {
      std::optional<Reply> refused = ConsultsStore(req) ? CheckWithStore(req) : std::nullopt;
      if (!refused) refused = UnreadableBody(req);
      if (!refused) refused = FormBody(req);
      if (auto repeated = RepeatedSingleParam(req.params); repeated && !refused)
        refused = Error(IsYentePath(req.path) ? 422 : 400, "invalid_parameter",  // 422: yente's status for bad input
                        *repeated + ": given more than once (it takes one value)");
      reply = refused ? std::move(*refused) : router[req.route].handler(req, Context(*snap));
    } catch (const std::exception& e) {
      // The library's words stay in the log; the client learns only that it was not its fault.
      std::cerr << "embargo serve: internal error in " + router[req.route].name + ": " + e.what() + "\n";
      reply = Error(500, "internal", "internal error: the request could not be completed (details in the server log)");
    }
    if (IsYentePath(req.path)) reply = AsYenteError(std::move(reply));
    Finish(req, reply, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return reply;
  }

  Reply Refused(int status, const std::string& code, const std::string& message, std::string_view path) override {
    Reply reply = Error(status, code, message);
    // A request whose path is known but not its parameters: yente's paths answer yente's way,
    // an invalid parameter 422.
    if (!path.empty() && IsYentePath(path)) reply = AsYenteError(Reply{status == 400 ? 422 : status, std::move(reply.body)});
    metrics->Observe(other_route, reply.status, 0);
    // One write, as Finish's: pieces written apart interleave with other requests' lines.
    if (options.access_log || status >= 500)
      std::cerr << "embargo serve: refused " + std::to_string(reply.status) + " " + code + "\n";
    return reply;
  }

  void Finish(const Request& req, const Reply& reply, double seconds) const {
    size_t id = req.route == Request::kNoRoute ? other_route : req.route;
    metrics->Observe(id, reply.status, seconds);
    bool error = reply.status >= 500;
    if (!options.access_log && !error) return;
    std::ostringstream line;
    // A route's name already starts with its method ("GET /readyz").
    line << "embargo serve: " << (id == other_route ? req.method + " other" : router[id].name);
    if (options.log_names) line << " " << req.target;
    line << " " << reply.status << " " << static_cast<int64_t>(seconds * 1e6) << "us";
    if (reply.status >= 400 && reply.body.contains("error")) {
      line << " " << reply.body["error"].value("code", "");
      // Messages can quote the request (names); they are logged only when allowed.
      if (options.log_names) line << ": " << reply.body["error"].value("message", "");
    } else if (reply.status >= 400 && options.log_names && reply.body.contains("detail")) {
      line << " " << reply.body["detail"].dump();  // yente's error body
    }
    line << "\n";
    std::cerr << line.str();
  }

  static Reply NoStore() {
    return Error(404, "no_store", "this server has no decision store (start it with --decision-store)");
  }

  Reply ReloadReply() {
    Status s = Reload();
    if (!s.ok()) {
      // A list refused by its completeness checks is a conflict with what is served, not a fault.
      int code = s.code() == StatusCode::kFailedPrecondition ? 409 : 500;
      return Error(code, "reload_failed", "reload failed, the previous list version is still served: " + s.message());
    }
    auto snap = snapshot.load();
    return Reply{200, {{"status", "reloaded"}, {"version", snap->version}, {"lists", ListsJson(Context(*snap))}}};
  }

  // yente's forced index update: the token is an API key of a principal holding the admin role
  // (with a decision store, there too). Without keys (no authentication) no token is configured,
  // and yente then refuses every one.
  Reply Updatez(const Request& req) {
    if (Status s = OnlyKnownParams(req.params, {"token", "sync"}); !s.ok()) return DetailFromStatus(s);
    if (auto sync = BoolParam(req.params, "sync", false); !sync.ok()) return DetailFromStatus(sync.status());
    auto token = req.params.find("token");
    std::string key = token == req.params.end() ? PresentedKey(req) : std::string(Trim(token->second));
    auto found = keys.find(Sha256Hex(key));
    if (key.empty() || found == keys.end() || !found->second.roles.Has(Role::kAdmin)) return Detail(403, "Invalid token.");
    if (alerts && NamesPrincipal(found->second.principal)) {
      auto roles = StoreRoles(found->second.principal, found->second.roles);
      if (!roles.ok() && roles.status().code() != StatusCode::kPermissionDenied)
        return Detail(503, "the decision store is unavailable: " + roles.status().message());
      if (!roles.ok() || !roles->Has(Role::kAdmin)) return Detail(403, "Invalid token.");
    }
    Status s = Reload();
    if (!s.ok()) return Detail(s.code() == StatusCode::kFailedPrecondition ? 409 : 500, "update failed, the previous list version is still served: " + s.message());
    return Reply{200, {{"status", "ok"}}};
  }

  // The base of the links the server hands out: the configured public URL, else the listening
  // address (a wildcard one read as loopback). Not the Host header: a client could point the
  // links anywhere.
  std::string PublicBase() const {
    if (!options.public_url.empty()) return options.public_url;
    std::string host = options.host == "0.0.0.0" ? "127.0.0.1" : options.host == "::" ? "::1" : options.host;
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    return "http://" + host + ":" + std::to_string(http->port());
  }

  Reply ReconcileReply(const Request& req, const ApiContext& ctx) const {
    auto form = ReconcileForm(req);
    if (!form.ok()) return DetailFromStatus(form.status());
    return Reconcile(ctx, req.path_params[0], req.path_params.size() > 1 ? req.path_params[1] : "", *form, PublicBase());
  }

  static Reply Text(std::string text, std::string content_type) {
    Reply r;
    r.text = std::move(text);
    r.content_type = std::move(content_type);
    return r;
  }

  // The route table: every endpoint, who may call it, whether it blocks, and its handler.
  // Routes are tried in order: the busiest first.
  void BuildRoutes() {
    using R = const Request&;
    using C = const ApiContext&;
    for (Route route : std::vector<Route>{
             // Screening runs on the blocking pool: it is CPU-bound (a /match of 100 queries takes
             // seconds) and the I/O threads must keep answering /healthz and the others.
             {"POST", "/v1/screen", Access::kScreen, true,
              [this](R req, C ctx) {
                auto body = ParseJsonObject(req.body);  // read once for screening and recording
                if (!body.ok()) return BadJson(body.status());
                if (Status s = CheckRecordFields(*body); !s.ok()) return Error(400, "invalid_request", s.message());
                Reply r = Screen(ctx, req.params, *body);
                return alerts ? alerts->RecordScreen(ctx, *body, req.caller, std::move(r)) : RecordWithoutStore(*body, std::move(r));
              }},
             {"POST", "/match/{dataset}", Access::kScreen, true,
              [](R req, C ctx) { return Match(ctx, req.PathParam(), req.params, req.body); }},
             {"POST", "/v1/screen/text", Access::kScreen, true,
              [](R req, C ctx) { return ScreenText(ctx, req.params, std::string(req.HeaderValue("Content-Type")), req.body); }},
             {"POST", "/v1/screen/message", Access::kScreen, true, [](R req, C ctx) { return ScreenMessage(ctx, req.params, req.body); }},
             {"POST", "/v1/screen/trade", Access::kScreen, true,
              [](R req, C ctx) { return ScreenTrade(ctx, req.params, req.body); }},
             {"GET", "/v1/goods/{code}", Access::kScreen, false, [](R req, C) {
                if (Status s = OnlyKnownParams(req.params, {}); !s.ok()) return Error(400, "invalid_parameter", s.message());
                return GetGoods(req.PathParam());
              }},
             // The decision store's alerts (alerts_api.cc).
             {"GET", "/v1/alerts", Access::kAlerts, true, [this](R req, C) { return alerts ? alerts->List(req.params) : NoStore(); }},
             {"GET", "/v1/alerts/{id}", Access::kAlerts, true, [this](R req, C) { return alerts ? alerts->Get(req.PathParam()) : NoStore(); }},
             {"POST", "/v1/alerts/{id}/decision", Access::kAlerts, true,
              [this](R req, C) { return alerts ? alerts->Decide(req.PathParam(), req.body, req.principal, req.roles) : NoStore(); }},
             {"GET", "/search/{dataset}", Access::kScreen, true, [](R req, C ctx) { return Search(ctx, req.PathParam(), req.params); }},
             {"GET", "/entities/{id...}", Access::kScreen, true, [](R req, C ctx) { return GetEntity(ctx, req.PathParam(), req.params); }},
             {"GET", "/reconcile/{dataset}", Access::kScreen, true, [this](R req, C ctx) { return ReconcileReply(req, ctx); }},
             {"POST", "/reconcile/{dataset}", Access::kScreen, true, [this](R req, C ctx) { return ReconcileReply(req, ctx); }},
             {"GET", "/reconcile/{dataset}/{what...}", Access::kScreen, true,
              [this](R req, C ctx) { return ReconcileReply(req, ctx); }},
             {"GET", "/manifest", Access::kScreen, false, [](R, C ctx) { return YenteManifest(ctx); }},
             {"POST", "/updatez", Access::kOpen, true, [this](R req, C) { return Updatez(req); }},
             {"GET", "/catalog", Access::kScreen, false, [](R, C ctx) { return Catalog(ctx); }},
             {"GET", "/algorithms", Access::kScreen, false, [](R, C) { return Algorithms(); }},
             {"POST", "/admin/reload", Access::kAdmin, true, [this](R req, C) {
                if (Status s = OnlyKnownParams(req.params, {}); !s.ok()) return Error(400, "invalid_parameter", s.message());
                return ReloadReply();
              }},
             {"GET", "/healthz", Access::kOpen, false, [](R, C) { return Reply{200, {{"status", "ok"}}}; }},
             {"GET", "/readyz", Access::kOpen, false, [](R, C ctx) { return Ready(ctx); }},
             {"GET", "/metrics", Access::kScreen, false,
              [this](R, C ctx) { return Text(metrics->Render(ctx.snap, ctx.now, ListsStale(ctx)), "text/plain; version=0.0.4"); }},
             {"GET", "/openapi.json", Access::kOpen, false, [](R, C) { return Text(kOpenApiJson, "application/json"); }},
         }) {
      if (route.method == "POST" && route.pattern == "/v1/screen") route.quick = [this](const Request& r) { return QuickScreen(r); };
      router.Add(std::move(route));
    }
    for (Route route : WorkbenchPageRoutes()) router.Add(std::move(route));
    if (workbench)
      for (Route route : workbench->Routes()) router.Add(std::move(route));
    std::vector<std::string> names;
    for (size_t i = 0; i < router.size(); ++i) names.push_back(router[i].name);
    other_route = names.size();
    names.push_back("other");
    metrics = std::make_unique<Metrics>(std::move(names));
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { Stop(); }

StatusOr<std::unique_ptr<Server>> Server::Create(ServerOptions options, ListLoader loader) {
  auto impl = std::make_unique<Impl>();
  for (const auto& h : options.api_key_hashes) options.api_keys.push_back(BareApiKey(h));
  if (options.auth && options.api_keys.empty())
    return Status::InvalidArgument("no API keys: give --api-keys FILE or EMBARGO_API_KEY, or --no-auth for local use");
  for (const ApiKey& k : options.api_keys) {
    if (!IsSha256Hex(k.hash)) return Status::InvalidArgument("API key hashes must be lower-case hex SHA-256");
    auto [it, fresh] = impl->keys.emplace(k.hash, k);
    if (!fresh && (it->second.principal != k.principal || it->second.roles != k.roles))
      return Status::InvalidArgument("API key " + k.hash.substr(0, 12) + "...: given twice, with different principals or roles");
  }
  if (!options.public_url.empty()) {
    EMBARGO_ASSIGN_OR_RETURN(options.public_url, CheckPublicUrl(options.public_url));
  }
  impl->options = std::move(options);
  impl->loader = std::move(loader);
  auto snap = impl->Load(1, nullptr);
  if (!snap.ok()) return snap.status();
  impl->snapshot.store(*snap);
  if (!impl->options.store.empty()) {
    auto alerts = AlertsApi::Open(impl->options.store, impl->options.store_options, impl->options.record_always);
    if (!alerts.ok()) return alerts.status();
    impl->alerts = std::move(*alerts);
    auto workbench = Workbench::Create(*impl->alerts);
    if (!workbench.ok()) return workbench.status();
    impl->workbench = std::move(*workbench);
  }
  impl->BuildRoutes();
  size_t threads = impl->options.threads ? impl->options.threads : std::max(2u, std::thread::hardware_concurrency());
  impl->http = std::make_unique<HttpServer>(impl->options.limits, threads, impl->options.blocking_threads, *impl);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

StatusOr<std::string> CheckPublicUrl(const std::string& url) {
  std::string_view rest = url;
  bool scheme = rest.starts_with("https://") || rest.starts_with("http://");
  if (scheme) rest.remove_prefix(rest.find("://") + 3);
  bool plain = std::all_of(url.begin(), url.end(), [](unsigned char c) { return c > ' ' && c < 0x7f; });
  if (!scheme || !plain || rest.empty() || rest.front() == '/' || url.find_first_of("?#") != std::string::npos)
    return Status::InvalidArgument("public_url: expected http:// or https://, a host and maybe a path, without a query "
                                   "or fragment (https://screening.example.com), not '" + url + "'");
  std::string out = url;
  while (out.back() == '/') out.pop_back();
  return out;
}

Status Server::Bind() { return impl_->http->Bind(impl_->options.host, impl_->options.port); }
int Server::port() const { return impl_->http->port(); }
void Server::Run() { impl_->http->Run(); }
void Server::Stop() { impl_->http->Stop(); }

std::chrono::milliseconds Server::drain_timeout() const { return impl_->options.drain_timeout; }

size_t Server::Shutdown(const std::function<bool()>& stop_now) {
  impl_->http->Drain();
  auto deadline = std::chrono::steady_clock::now() + impl_->options.drain_timeout;
  while (impl_->http->connections() > 0 && std::chrono::steady_clock::now() < deadline && !(stop_now && stop_now()))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  size_t open = impl_->http->connections();
  impl_->http->Stop();
  return open;
}
Status Server::Reload() { return impl_->Reload(); }

namespace {

sigset_t ServerSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void BlockServerSignals() {
  sigset_t set = ServerSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

namespace {

// Whether a second SIGINT or SIGTERM came (SIGHUP is ignored while stopping).
bool StopSignalPending() {
  sigset_t set = ServerSignals();
  timespec none{0, 0};
  for (int sig; (sig = sigtimedwait(&set, nullptr, &none)) > 0;)
    if (sig != SIGHUP) return true;
  return false;
}

// The first SIGINT or SIGTERM: the requests in flight are answered (a client told nothing would
// send its screening again, and it would be recorded twice); a second signal stops at once.
void StopGracefully(Server& server, std::chrono::milliseconds limit) {
  std::cerr << "embargo serve: stopping: answering the requests in flight (at most " << limit.count() / 1000.0
            << " s; a second SIGTERM or SIGINT stops at once)\n";
  size_t open = server.Shutdown(StopSignalPending);
  if (open == 0) std::cerr << "embargo serve: stopped\n";
  else std::cerr << "embargo serve: stopped with " << open << " connection(s) still open: their requests may have been screened without an answer\n";
}

}  // namespace

int RunWithSignals(Server& server) {
  BlockServerSignals();  // in case the caller did not; threads started before it are not covered
  sigset_t set = ServerSignals();
  std::thread signals([&server, set] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGHUP) {
        (void)server.Reload();  // failures are logged and keep the old version
        continue;
      }
      StopGracefully(server, server.drain_timeout());
      return;
    }
  });
  signals.detach();
  server.Run();
  return 0;
}

}  // namespace embargo::server
