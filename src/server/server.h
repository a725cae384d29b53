// The embargo HTTP screening service: yente-compatible endpoints (/match, /search, /entities,
// /catalog, /algorithms), embargo's own /v1/screen, health, readiness, metrics and OpenAPI.
//
// Thread-safety: requests run concurrently on a few I/O threads (http_server.h) and, for those
// that wait on a store or run long, on a small blocking pool. The loaded lists and everything
// derived from them form an immutable Snapshot held in an atomic shared_ptr; each request copies
// the pointer when it starts, so a reload (SIGHUP or POST /admin/reload) swaps in a new version
// without disturbing requests in flight, which finish on the version they started with.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "embargo/lists.h"
#include "embargo/screener.h"
#include "embargo/status.h"
#include "embargo/decision_store.h"
#include "server/http_server.h"

namespace embargo::server {

// An accepted API key: its SHA-256, the principal it belongs to and that principal's roles.
struct ApiKey {
  std::string hash;       // lower-case hex SHA-256 of the key
  std::string principal;  // "api-key:" and the hash's first 12 digits when the key file names none
  RoleSet roles;
};

// The principal of a key listed without one: named after its hash, allowed to screen only.
ApiKey BareApiKey(const std::string& hash);

struct ServerOptions {
  std::string host = "127.0.0.1";     // loopback by default
  int port = 8080;                    // 0: any free port (see Server::port())
  bool auth = true;                   // false only with an explicit --no-auth
  std::vector<ApiKey> api_keys;             // accepted keys with their principals and roles
  std::vector<std::string> api_key_hashes;  // more keys without a principal (BareApiKey: screen only)
  double max_list_age_hours = 0;      // > 0: lists older than this make the service not ready
  double threshold = kDefaultThreshold;  // default alert threshold when a request gives none
  double yente_threshold = 0.70;  // the same for the yente endpoints (/match): yente's default
  size_t max_queries = 100;           // queries per /match request, parties per /v1/screen
  HttpLimits limits;                  // header, body and connection caps; deadlines (docs/SECURITY.md)
  size_t threads = 0;                 // I/O threads serving every connection; 0: one per core
  size_t blocking_threads = 4;        // for requests that wait on the store or run long
  bool log_names = false;             // log request targets and error messages with names in them
  bool access_log = false;            // one stderr line per request (method, route, status, time)
  // The decision store (SQLite path or postgresql:// URI); empty: no recording, no /v1/alerts.
  std::string store;
  DecisionStoreOptions store_options;
  bool record_always = false;         // record every /v1/screen request, not only "record": true
  // Geographic policy file (docs/POLICY.md) for messages and trade; empty: the built-in policy.
  // Read with the lists at start and on every reload; a bad file fails that load.
  std::string policy_file;
  // The address clients reach the server at (https://screening.example.com, maybe with a path),
  // for the links it hands out (the reconciliation manifest); see CheckPublicUrl. Empty: the
  // listening address. Never the request's Host header, which any client sets.
  std::string public_url;
  // On SIGTERM or SIGINT (RunWithSignals): how long the requests in flight may take to finish and
  // be answered before the server stops anyway.
  std::chrono::milliseconds drain_timeout{30000};
};

// Loads a list version. Called once at start and on every reload, never concurrently.
using ListLoader = std::function<StatusOr<std::vector<ListLoad>>()>;

// `url` as a public base URL: http:// or https://, a host, no query, fragment or white space;
// returned without a trailing '/'. The error names the value.
StatusOr<std::string> CheckPublicUrl(const std::string& url);

// Reads an API key file: one key per line as `HASH [PRINCIPAL [ROLES]]` (hex SHA-256 of the key,
// the principal's name, comma-separated roles; a line with only the hash is a BareApiKey, one
// without roles may screen only); blank lines and # comments skipped. Errors name file and line.
StatusOr<std::vector<ApiKey>> ReadApiKeyFile(const std::string& path);

class Server {
 public:
  // Loads the lists once (a failure is returned) and sets up the routes. Does not listen yet.
  static StatusOr<std::unique_ptr<Server>> Create(ServerOptions options, ListLoader loader);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket (options.port, or any free port when 0).
  Status Bind();
  // The bound port, after Bind().
  int port() const;
  // Serves until Stop(). Returns after the listening socket is closed.
  void Run();
  // Stops serving; safe from any thread.
  void Stop();
  // Stops gracefully: accepts no more connections, closes the idle ones, lets each request in
  // flight finish and be answered, then Stop(). Waits at most options.drain_timeout, and returns
  // early when `stop_now` (polled every few milliseconds) says so. Returns the connections still
  // open when it stopped them (0: every request in flight was answered). Safe from any thread.
  size_t Shutdown(const std::function<bool()>& stop_now = {});
  std::chrono::milliseconds drain_timeout() const;
  // Loads a new list version and swaps it in. On failure the old version stays and the error
  // is returned. Serialised: concurrent calls run one after the other.
  Status Reload();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Blocks SIGHUP, SIGINT and SIGTERM in the calling thread. Call it before Server::Create: the
// server's threads start there and inherit the mask, so that no signal reaches a thread that
// would take the default action (SIGHUP would end the process instead of reloading).
void BlockServerSignals();

// Runs `server` until SIGINT or SIGTERM; SIGHUP reloads the lists. Handles those signals on a
// helper thread (BlockServerSignals must have been called before the server was created). The
// first SIGINT or SIGTERM stops gracefully (Server::Shutdown); a second one stops at once.
int RunWithSignals(Server& server);

}  // namespace embargo::server
