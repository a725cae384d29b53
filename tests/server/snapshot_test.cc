// A list version and everything derived from it (free-text scanner, identifier index, geographic
// policy) are built together and swapped in together; a configured policy file is used.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/sha256.h"
#include "embargo/lists.h"
#include "server/api.h"
#include "server/server.h"
#include "test_server.h"

namespace embargo::server {
namespace {

using nlohmann::json;

constexpr const char* kKey = "snapshot-test-key-42";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SnapshotTest, DerivedIndexesAreBuiltWithTheListVersion) {
  auto lists = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists");
  ASSERT_TRUE(lists.ok()) << lists.status().message();
  auto snap = MakeSnapshot(std::move(*lists), 1);
  ASSERT_TRUE(snap.ok()) << snap.status().message();
  EXPECT_NE((*snap)->text_scanner, nullptr);
  EXPECT_NE((*snap)->identifiers, nullptr);
  EXPECT_NE((*snap)->policy, nullptr);
}

// The built-in policy with Germany blocked, as a deployment might configure it.
std::string PolicyBlockingGermany() {
  return ReadAll(std::string(EMBARGO_SOURCE_DIR) + "/src/policy/geo_policy_default.conf") +
         "country | DE | block | Germany | blocked by this deployment's policy | Germany, Stuttgart\n";
}

TEST(SnapshotTest, ConfiguredPolicyIsUsedAndReloadedWithTheLists) {
  std::string policy = testing::TempDir() + "/policy_" + std::to_string(getpid()) + ".conf";
  std::ofstream(policy) << PolicyBlockingGermany();
  ServerOptions opts;
  opts.api_keys = {{Sha256Hex(kKey), "ops", *RoleSet::Parse("screen,admin")}};  // reloads too
  opts.threads = 2;
  opts.policy_file = policy;
  Server* server = nullptr;
  std::thread* thread = nullptr;
  StartBundledServer(opts, server, thread);
  httplib::Client c("127.0.0.1", server->port());
  c.set_read_timeout(30, 0);
  httplib::Headers auth = {{"X-API-Key", kKey}};
  std::string tx = ReadAll(std::string(EMBARGO_SOURCE_DIR) + "/examples/trade/eu_us_valves_clean.json");

  auto r = c.Post("/v1/screen/trade", auth, tx, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["verdict"], "BLOCK") << r->body;  // the built-in policy passes it

  // A broken policy file fails the reload; the served version keeps its policy.
  std::ofstream(policy) << "country | XX | maybe | Nowhere | bad action |\n";
  r = c.Post("/admin/reload", auth, "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500) << r->body;
  EXPECT_NE(json::parse(r->body)["error"]["message"].get<std::string>().find(policy), std::string::npos) << r->body;
  r = c.Post("/v1/screen/trade", auth, tx, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["verdict"], "BLOCK");

  // The built-in rules again: the next list version carries them.
  std::ofstream(policy) << ReadAll(std::string(EMBARGO_SOURCE_DIR) + "/src/policy/geo_policy_default.conf");
  r = c.Post("/admin/reload", auth, "", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  r = c.Post("/v1/screen/trade", auth, tx, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["verdict"], "PASS") << r->body;
  StopServer(server, thread);
  std::remove(policy.c_str());
}

}  // namespace
}  // namespace embargo::server
