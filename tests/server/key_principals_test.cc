// API keys on a server with a decision store: the store's principals table has the last word on
// what a key's principal may do (docs/SECURITY.md, "API keys").
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "common/sha256.h"
#include "server/server.h"
#include "test_server.h"
#include "../decision_store/store_test_util.h"

namespace embargo::server {
namespace {

using nlohmann::json;

ApiKey NamedKey(const std::string& key, const std::string& principal, const std::string& roles) {
  ApiKey k = BareApiKey(Sha256Hex(key));
  k.principal = principal;
  k.roles = *RoleSet::Parse(roles);
  return k;
}

class KeyPrincipalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing_store::FreshStore("sqlite", "key_principals");
    auto s = DecisionStore::Open(store_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE((*s)->AddPrincipal("root", RoleSet::All(), "os-user:test").ok());
    for (auto [name, roles] : {std::pair{"dan", "review,approve,admin"}, {"ann", "screen,review"}, {"ops", "admin"}})
      ASSERT_TRUE((*s)->AddPrincipal(name, *RoleSet::Parse(roles), "root").ok());
    ServerOptions opts;
    opts.threads = 2;
    opts.store = store_;
    // dan's key grants screen, which the store does not; ann's grants approve and admin, nor
    // does that; zed is not in the store at all.
    opts.api_keys = {NamedKey("key-dan", "dan", "review,approve,admin,screen"), NamedKey("key-ann", "ann", "review,approve,admin"),
                     NamedKey("key-zed", "zed", "screen,review,approve,admin"), NamedKey("key-ops", "ops", "admin")};
    StartBundledServer(opts, server_, thread_);
  }
  void TearDown() override {
    if (server_) StopServer(server_, thread_);
  }
  std::pair<int, std::string> Call(const std::string& method, const std::string& path, const std::string& key,
                                   const json& body = json::object()) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    httplib::Headers h{{"X-API-Key", key}};
    auto r = method == "GET" ? c.Get(path, h) : c.Post(path, h, body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return {0, ""};
    return {r->status, r->body};
  }
  void Disable(const std::string& name) {
    auto s = DecisionStore::Open(store_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE((*s)->DisablePrincipal(name, "root").ok());
  }

  std::string store_;
  Server* server_ = nullptr;
  std::thread* thread_ = nullptr;
};

// Regression: a key whose principal was disabled in the store still read alerts, screened,
// reloaded the lists and forced yente's update; only its decisions were refused.
TEST_F(KeyPrincipalsTest, APrincipalDisabledInTheStoreIsRefusedEverywhere) {
  EXPECT_EQ(Call("GET", "/v1/alerts", "key-dan").first, 200);
  EXPECT_EQ(Call("POST", "/admin/reload", "key-dan").first, 200);
  Disable("dan");  // while the server runs: no restart needed
  for (auto [method, path] : {std::pair{"GET", "/v1/alerts"}, {"GET", "/v1/alerts/1"}, {"POST", "/admin/reload"},
                              {"POST", "/v1/screen"}, {"POST", "/v1/alerts/1/decision"}}) {
    auto [code, body] = Call(method, path, "key-dan", {{"name", "Vladimir Putin"}});
    EXPECT_EQ(code, 403) << method << " " << path << ": " << body;
    EXPECT_NE(body.find("disabled"), std::string::npos) << body;
  }
  EXPECT_EQ(Call("POST", "/updatez", "key-dan").first, 403);
  EXPECT_EQ(Call("POST", "/updatez", "key-ops").first, 200) << "an enabled admin still may";
}

// Regression: a key acted with every role of its key file line, whatever the store granted.
TEST_F(KeyPrincipalsTest, AKeyActsWithOnlyTheRolesBothGrant) {
  EXPECT_EQ(Call("POST", "/v1/screen", "key-dan", {{"name", "Vladimir Putin"}}).first, 403) << "the store grants dan no screen";
  auto [code, body] = Call("POST", "/admin/reload", "key-ann");
  EXPECT_EQ(code, 403) << body;
  EXPECT_NE(body.find("admin"), std::string::npos) << body;
  EXPECT_EQ(Call("POST", "/updatez", "key-ann").first, 403);
  EXPECT_EQ(Call("GET", "/v1/alerts", "key-ann").first, 200);
  EXPECT_EQ(Call("POST", "/admin/reload", "key-ops").first, 200);
}

// Regression: a key whose principal the store did not know made the confirming four-eyes
// decision. Without a registered principal a key may screen only, as the command line and the
// no-auth mode ask for a registered one.
TEST_F(KeyPrincipalsTest, AKeyUnknownToTheStoreMayOnlyScreen) {
  auto [sc, screened] = Call("POST", "/v1/screen", "key-zed", {{"name", "Vladimir Putin"}, {"record", true}});
  ASSERT_EQ(sc, 200) << screened;
  int64_t id = json::parse(screened)["hits"][0]["alert_id"];
  std::string decide = "/v1/alerts/" + std::to_string(id) + "/decision";
  json body = {{"decision", "true_match"}, {"comment", "same person"}};
  auto [first, decided] = Call("POST", decide, "key-ann", body);
  ASSERT_EQ(first, 200) << decided;
  EXPECT_EQ(json::parse(decided)["status"], "pending_second");
  auto [second, refused] = Call("POST", decide, "key-zed", {{"decision", "true_match"}, {"reviewer", "zed"}, {"comment", "ok"}});
  EXPECT_EQ(second, 403) << refused;
  EXPECT_EQ(Call("GET", "/v1/alerts", "key-zed").first, 403);
  EXPECT_EQ(Call("POST", "/admin/reload", "key-zed").first, 403);
  EXPECT_EQ(Call("POST", "/updatez", "key-zed").first, 403);
  EXPECT_EQ(testing_store::RawSql(store_, "SELECT status FROM alerts WHERE id = " + std::to_string(id)), "pending_second");
}

}  // namespace
}  // namespace embargo::server
