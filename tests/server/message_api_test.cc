// POST /v1/screen/message end to end: a real server on a free loopback port, real HTTP requests.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "server/server.h"
#include "test_server.h"
#include "../payments/payment_test_files.h"

namespace embargo::server {
namespace {

using nlohmann::json;
using payments::Slurp;
using payments::TestData;

class MessageApiTest : public BundledServerTest {
 protected:
  static httplib::Result Post(const std::string& body, const std::string& type, const std::string& query = "") {
    return Client().Post(("/v1/screen/message" + query).c_str(), Auth(), body, type.c_str());
  }
  // The members the OpenAPI document marks required are present.
  static void HasRequired(const json& j, const std::string& schema) {
    static const json doc = json::parse(Slurp(std::string(EMBARGO_SOURCE_DIR) + "/docs/openapi.json"));
    for (const auto& k : doc["components"]["schemas"][schema]["required"]) EXPECT_TRUE(j.contains(k)) << schema << "." << k;
  }
};

TEST_F(MessageApiTest, RawMtMessageIsBlockedWithTheField) {
  auto r = Post(Slurp(TestData("mt202_listed_bic.txt")), "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  HasRequired(j, "MessageScreenResponse");
  EXPECT_EQ(j["verdict"], "BLOCK");
  ASSERT_EQ(j["results"].size(), 1u);
  HasRequired(j["results"][0], "MessageResult");
  bool found = false;
  for (const auto& h : j["results"][0]["hits"]) {
    HasRequired(h, "MessageHit");
    found = found || (h["field"] == "58A" && h["entity_id"] == "ofac-sdn:906");
  }
  EXPECT_TRUE(found) << r->body;
}

// A name split across option F name lines made the screening throw: 500, no verdict.
TEST_F(MessageApiTest, ANameSplitAcrossOptionFLinesIsAnsweredWithItsVerdict) {
  auto r = Post("{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:REF1\n:23B:CRED\n:32A:261128USD25000,00\n"
                ":50K:/GB29NWBK60161331926819\nNORTHWIND TRADING LIMITED\nLONDON GB\n:71A:SHA\n"
                ":59F:/DE44\n1/VLADIMIR\n8/PUTIN\n-}",
                "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["verdict"], "REVIEW") << r->body;
}

TEST_F(MessageApiTest, UnknownMembersAndParametersAreRefusedNamed) {
  // A second member holding the listed payment was ignored: the clean one was screened, PASS.
  json body = {{"message", Slurp(TestData("pacs008_clean.xml"))}, {"messages", {Slurp(TestData("mt202_listed_bic.txt"))}}};
  auto r = Post(body.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(r->body.find("messages"), std::string::npos) << r->body;
  r = Post(Slurp(TestData("mt202_listed_bic.txt")), "text/plain", "?treshold=0.5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(r->body.find("treshold: unknown parameter (known: threshold)"), std::string::npos) << r->body;
}

TEST_F(MessageApiTest, JsonWrappedXmlAndThreshold) {
  json body = {{"message", Slurp(TestData("pacs009_cov_sdn.xml"))}, {"threshold", 0.9}};
  auto r = Post(body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["verdict"], "BLOCK");
  EXPECT_EQ(j["threshold"], 0.9);
  EXPECT_EQ(j["results"][0]["type"], "pacs.009.001.08");
  auto clean = Post(Slurp(TestData("pacs008_clean.xml")), "application/xml");
  ASSERT_TRUE(clean);
  EXPECT_EQ(json::parse(clean->body)["verdict"], "PASS");
}

TEST_F(MessageApiTest, UnreadableMessagesAreErrorsNotPasses) {
  auto r = Post("{1:F01}{2:I1}{4:\n:20:R1\n-}", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  json j = json::parse(r->body);
  EXPECT_EQ(j["verdict"], "ERROR");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("block 1: expected 'F01'"), std::string::npos) << r->body;
  // A message with a format fault is screened as far as it can be read and reviewed, never passed.
  auto fault = Post("{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:R1\n:32A:261128EUR1,\n-}", "text/plain");
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->status, 200);
  json f = json::parse(fault->body);
  EXPECT_EQ(f["verdict"], "REVIEW");
  EXPECT_EQ(f["results"][0]["hits"][0]["check"], "format");
  EXPECT_NE(f["results"][0]["hits"][0]["reason"].get<std::string>().find("field 59 missing"), std::string::npos) << fault->body;
  auto empty = Post("  ", "text/plain");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  auto bad_json = Post("{\"message\": 5}", "application/json");
  ASSERT_TRUE(bad_json);
  EXPECT_EQ(bad_json->status, 400);
  auto bad_threshold = Post(Slurp(TestData("mt103_clean.txt")), "text/plain", "?threshold=2");
  ASSERT_TRUE(bad_threshold);
  EXPECT_EQ(bad_threshold->status, 400);
  auto hex_threshold = Post(Slurp(TestData("mt103_clean.txt")), "text/plain", "?threshold=0x1");
  ASSERT_TRUE(hex_threshold);
  EXPECT_EQ(hex_threshold->status, 400) << "decimal only, as every other number parameter";
  auto no_key = Client().Post("/v1/screen/message", Slurp(TestData("mt103_clean.txt")), "text/plain");
  ASSERT_TRUE(no_key);
  EXPECT_EQ(no_key->status, 401);
}

// Lists past --max-list-age: a PASS says it was screened against stale lists, and which.
TEST(MessageStaleTest, StaleListsAreNamedInAPass) {
  ServerOptions opts;
  opts.auth = false;
  opts.max_list_age_hours = 1e-6;  // every list file is older than this
  Server* server = nullptr;
  std::thread* thread = nullptr;
  StartBundledServer(opts, server, thread);
  httplib::Client c("127.0.0.1", server->port());
  for (const auto& [body, type] : {std::pair<std::string, std::string>{Slurp(TestData("mt103_clean.txt")), "text/plain"},
                                   {json{{"message", Slurp(TestData("pacs008_clean.xml"))}}.dump(), "application/json"}}) {
    auto r = c.Post("/v1/screen/message", body, type.c_str());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    json j = json::parse(r->body);
    EXPECT_EQ(j["verdict"], "PASS");
    ASSERT_TRUE(j.contains("lists_stale")) << r->body;
    EXPECT_TRUE(j["lists_stale"].get<bool>());
    ASSERT_TRUE(j.contains("lists")) << r->body;
    EXPECT_FALSE(j["lists"].empty());
  }
  auto unreadable = c.Post("/v1/screen/message", "{1:F01}{2:I1}{4:\n:20:R1\n-}", "text/plain");
  ASSERT_TRUE(unreadable);
  EXPECT_EQ(unreadable->status, 422);
  EXPECT_TRUE(json::parse(unreadable->body).value("lists_stale", false)) << unreadable->body;
  StopServer(server, thread);
}

}  // namespace
}  // namespace embargo::server
