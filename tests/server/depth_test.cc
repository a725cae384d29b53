// No request can make the service recurse without bound: JSON bodies of every endpoint and ISO
// 20022 messages nested deeper than 64 levels are refused with a message naming the limit.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <thread>

#include "../cli/run_embargo.h"
#include "../payments/payment_test_files.h"
#include "server/server.h"
#include "test_server.h"

namespace embargo::server {
namespace {

using nlohmann::json;

class DepthTest : public BundledServerTest {
 protected:
  static httplib::Result Post(const std::string& target, const std::string& body, const char* type = "application/json") {
    return Client().Post(target.c_str(), Auth(), body, type);
  }
  // A 4xx whose message names the limit of 64 levels.
  static void ExpectRefusedNamingTheLimit(const httplib::Result& r, int status, const std::string& what) {
    ASSERT_TRUE(r) << what << ": no response (did the server crash?)";
    EXPECT_EQ(r->status, status) << what << ": " << r->body.substr(0, 300);
    json j = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << what;
    // The yente endpoints answer {"detail": message}, the /v1 ones {"error": {"code", "message"}}.
    std::string message = j.contains("detail") ? j.value("detail", "") : j["error"].value("message", "");
    EXPECT_NE(message.find("deeper than 64"), std::string::npos) << what << ": " << message;
  }

};

std::string Nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_F(DepthTest, DeepJsonIsRefusedOnEveryEndpoint) {
  std::string deep = Nested(100000);
  ExpectRefusedNamingTheLimit(Post("/v1/screen", R"({"name":"Putin","ref":)" + deep + "}"), 400, "/v1/screen");
  ExpectRefusedNamingTheLimit(
      Post("/match/default", R"({"queries":{"q1":{"schema":"Person","properties":{"name":["Putin"],"notes":)" + Nested(150000) + "}}}}"),
      422, "/match");
  ExpectRefusedNamingTheLimit(Post("/v1/screen/text", R"({"text":"Putin","x":)" + deep + "}"), 400, "/v1/screen/text");
  ExpectRefusedNamingTheLimit(Post("/v1/screen/message", R"({"message":"x","x":)" + deep + "}"), 400, "/v1/screen/message");
  ExpectRefusedNamingTheLimit(Post("/v1/screen/trade", R"({"id":"T","x":)" + deep + "}"), 400, "/v1/screen/trade");
  // The service is still up.
  auto r = Post("/v1/screen", R"({"name": "Vladimir Putin"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(DepthTest, TheErrorSaysWhere) {
  auto r = Post("/v1/screen", R"({"parties":[{"name":"A"},{"name":"B","ref":)" + Nested(100) + "}]}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("parties[1].ref"), std::string::npos) << r->body;
  // 64 levels are allowed.
  r = Post("/v1/screen", R"({"name":"Vladimir Putin","ref":)" + Nested(63) + "}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body.substr(0, 300);
}

std::string DeepPacs() {
  std::string xml = payments::Slurp(payments::TestData("pacs008_clean.xml"));
  std::string nest;
  for (int i = 0; i < 16000; ++i) nest += "<Nest>";
  for (int i = 0; i < 16000; ++i) nest += "</Nest>";
  xml.insert(xml.find("</CdtTrfTxInf>"), "<SplmtryData>" + nest + "</SplmtryData>");
  return xml;
}

// A message that cannot be read is this endpoint's 422 (docs/PAYMENTS.md), with the limit named.
TEST_F(DepthTest, DeepPaymentMessageIsRefused) {
  ExpectRefusedNamingTheLimit(Post("/v1/screen/message", DeepPacs(), "application/xml"), 422, "pacs.008");
}

TEST(DepthCliTest, DeepPaymentMessageExitsTwo) {
  std::string path = testing::TempDir() + "/deep_pacs_" + std::to_string(getpid()) + ".xml";
  std::ofstream(path) << DeepPacs();
  auto r = embargo_test::Embargo("message " + path);
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE((r.out + r.err).find("deeper than 64 levels"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace embargo::server
