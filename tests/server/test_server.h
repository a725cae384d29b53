// A real embargo server over the bundled lists on a free loopback port, for end-to-end tests.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "common/sha256.h"
#include "embargo/lists.h"
#include "server/server.h"

namespace embargo::server {

// Starts the server (port 0: a free one) and returns once it answers /healthz.
inline void StartBundledServer(ServerOptions opts, Server*& server, std::thread*& thread) {
  opts.port = 0;
  std::string dir = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
  auto srv = Server::Create(opts, [dir] { return LoadListDirectory(dir); });
  ASSERT_TRUE(srv.ok()) << srv.status().message();
  server = srv->release();
  ASSERT_TRUE(server->Bind().ok());
  Server* s = server;
  thread = new std::thread([s] { s->Run(); });
  httplib::Client c("127.0.0.1", server->port());
  for (int i = 0; i < 200; ++i) {
    if (auto r = c.Get("/healthz"); r && r->status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// A server without keys over the decision store `store` (a path or URL).
inline void StartStoreServer(const std::string& store, Server*& server, std::thread*& thread) {
  ServerOptions opts;
  opts.auth = false;
  opts.threads = 2;
  opts.store = store;
  StartBundledServer(opts, server, thread);
}

inline void StopServer(Server*& server, std::thread*& thread) {
  server->Stop();
  thread->join();
  delete thread;
  delete server;
  thread = nullptr;
  server = nullptr;
}

// A suite sharing one bundled server, started before its first test and stopped after its last,
// that accepts kApiKey. Suites run one after another, so they share the two slots.
class BundledServerTest : public testing::Test {
 protected:
  static constexpr const char* kApiKey = "bundled-test-key-42";

  static void SetUpTestSuite() {
    ServerOptions opts;
    opts.api_key_hashes = {Sha256Hex(kApiKey)};
    opts.threads = 4;
    StartBundledServer(opts, server_, thread_);
  }
  static void TearDownTestSuite() { StopServer(server_, thread_); }
  static httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers Auth() { return {{"X-API-Key", kApiKey}}; }

  inline static Server* server_ = nullptr;
  inline static std::thread* thread_ = nullptr;
};

}  // namespace embargo::server
