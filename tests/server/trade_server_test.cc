// POST /v1/screen/trade and GET /v1/goods/{code} as a client sees them: a real server on a free port.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "server/server.h"
#include "test_server.h"

namespace embargo::server {
namespace {

using nlohmann::json;

class TradeServerTest : public BundledServerTest {
 protected:
  static std::string Example(const std::string& name) {
    std::ifstream f(std::string(EMBARGO_SOURCE_DIR) + "/examples/trade/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  static json Post(const std::string& target, const std::string& body, int expect_status) {
    auto r = Client().Post(target, Auth(), body, "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, expect_status) << r->body;
    return json::parse(r->body, nullptr, false);
  }
};

bool HasFinding(const json& j, const std::string& rule, const std::string& path) {
  for (const auto& f : j["findings"])
    if (f["rule"] == rule && f["path"] == path) return true;
  return false;
}

TEST_F(TradeServerTest, RussiaBoundCapacitorsAreBlockedWithPaths) {
  json j = Post("/v1/screen/trade", Example("cn_kg_ru_tantalum_capacitors.json"), 200);
  EXPECT_EQ(j["verdict"], "BLOCK");
  EXPECT_EQ(j["id"], "TX-2024-0419");
  EXPECT_EQ(j["chpl_version"], "2024-02-23");
  EXPECT_TRUE(HasFinding(j, "chpl_russia_belarus", "goods[0].hs_code"));
  EXPECT_TRUE(HasFinding(j, "party_hit", "parties[4].name"));
  EXPECT_FALSE(j["lists"].empty());
}

// curl -d sends a form; the answer says which content type to send, not "unknown rule".
TEST_F(TradeServerTest, FormContentTypeIsAskedForJson) {
  auto r = Client().Post("/v1/screen/trade", Auth(), "x=1", "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_NE(r->body.find("Content-Type: application/json"), std::string::npos) << r->body;
}

TEST_F(TradeServerTest, CleanShipmentPasses) {
  json j = Post("/v1/screen/trade", Example("eu_us_valves_clean.json"), 200);
  EXPECT_EQ(j["verdict"], "PASS");
  EXPECT_TRUE(j["findings"].empty());
}

TEST_F(TradeServerTest, RulesComeFromQueryParameters) {
  json j = Post("/v1/screen/trade?chpl_russia_belarus=review&party_hit=off&hit_block_score=2",
                Example("cn_kg_ru_tantalum_capacitors.json"), 200);
  EXPECT_EQ(j["verdict"], "REVIEW");
  EXPECT_FALSE(HasFinding(j, "party_hit", "parties[4].name"));
  json bad = Post("/v1/screen/trade?chpl_smuggling=block", Example("eu_us_valves_clean.json"), 400);
  EXPECT_EQ(bad["error"]["code"], "invalid_parameter");
  // Given twice, the last one silently won.
  json twice = Post("/v1/screen/trade?chpl_item=block&chpl_item=off", Example("eu_us_valves_clean.json"), 400);
  EXPECT_NE(twice["error"]["message"].get<std::string>().find("chpl_item: given more than once"), std::string::npos);
}

// Regression: screening_incomplete=off let any screening caller turn a party whose name was not
// screened (Tifinagh, which no transliteration reads) into a PASS with no findings.
TEST_F(TradeServerTest, ScreeningIncompleteCannotBeSwitchedOff) {
  json tx = json::parse(Example("eu_us_valves_clean.json"));
  tx["parties"][1]["name"] = "\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56 \u2D5C\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56\u2D5C";
  json j = Post("/v1/screen/trade", tx.dump(), 200);
  EXPECT_EQ(j["verdict"], "REVIEW");
  EXPECT_TRUE(HasFinding(j, "screening_incomplete", "parties[1].name")) << j.dump();
  for (const char* value : {"off", "OFF", " off"}) {
    json off = Post("/v1/screen/trade?screening_incomplete=" + std::string(value), tx.dump(), 422);
    EXPECT_EQ(off["error"]["code"], "invalid_parameter");
    EXPECT_NE(off["error"]["message"].get<std::string>().find("screening_incomplete"), std::string::npos) << off.dump();
    EXPECT_FALSE(off.contains("verdict")) << value;
  }
  json block = Post("/v1/screen/trade?screening_incomplete=block", tx.dump(), 200);
  EXPECT_EQ(block["verdict"], "BLOCK");
}

// Regression: an address or goods description in letters no transliteration reads was not
// screened, and the transaction was answered PASS.
TEST_F(TradeServerTest, UnreadLettersInAnAddressOrGoodsAreNeverPass) {
  const std::string unread = "\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56 \u2D5C\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56\u2D5C";
  for (const char* field : {"address", "description"}) {
    json tx = json::parse(Example("eu_us_valves_clean.json"));
    if (field == std::string("address")) tx["parties"][1]["address"] = "c/o " + unread;
    else tx["goods"][0]["description"] = "Valves for " + unread;
    json j = Post("/v1/screen/trade", tx.dump(), 200);
    EXPECT_EQ(j["verdict"], "REVIEW") << field << ": " << j.dump();
    bool incomplete = false;
    for (const auto& f : j["findings"]) incomplete |= f["rule"] == "screening_incomplete";
    EXPECT_TRUE(incomplete) << field << ": " << j.dump();
  }
}

// Regression: a PASS given with rules switched off by the request did not say so.
TEST_F(TradeServerTest, AnswerEchoesTheRulesTheRequestSet) {
  json j = Post("/v1/screen/trade?party_hit=OFF&threshold=0.9&recent_incorporation_days=30&geo=on",
                Example("eu_us_valves_clean.json"), 200);
  EXPECT_EQ(j["verdict"], "PASS");
  EXPECT_EQ(j["overrides"], json({{"party_hit", "off"}, {"threshold", 0.9}, {"recent_incorporation_days", 30}, {"geo", "on"}}))
      << j.dump();
  EXPECT_EQ(Post("/v1/screen/trade", Example("eu_us_valves_clean.json"), 200)["overrides"], json::object());
}

TEST_F(TradeServerTest, UnscreenableTransactionIsAnErrorNamingThePath) {
  json j = Post("/v1/screen/trade", R"({"parties": [{"role": "buyer", "name": "X"}], "goods": [{"hs_code": "85"}]})", 400);
  EXPECT_EQ(j["verdict"], "ERROR");
  EXPECT_EQ(j["error"]["code"], "invalid_transaction");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("goods[0].hs_code"), std::string::npos);
  json syntax = Post("/v1/screen/trade", "{", 400);
  EXPECT_EQ(syntax["verdict"], "ERROR");
}

TEST_F(TradeServerTest, TooManyPartiesIs413) {
  json tx = json::parse(Example("eu_us_valves_clean.json"));
  while (tx["parties"].size() <= 100) tx["parties"].push_back(tx["parties"][0]);
  json j = Post("/v1/screen/trade", tx.dump(), 413);
  EXPECT_EQ(j["error"]["code"], "too_many_queries");
}

TEST_F(TradeServerTest, NeedsAnApiKey) {
  auto r = Client().Post("/v1/screen/trade", Example("eu_us_valves_clean.json"), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = Client().Get("/v1/goods/854231");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_F(TradeServerTest, GoodsLookup) {
  auto r = Client().Get("/v1/goods/8542.31.0001", Auth());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["listed"], true);
  EXPECT_EQ(j["match"], "subheading");
  EXPECT_EQ(j["items"][0]["tier"], "1");
  r = Client().Get("/v1/goods/8542", Auth());
  ASSERT_TRUE(r);
  j = json::parse(r->body);
  EXPECT_EQ(j["match"], "heading");
  EXPECT_EQ(j["items"].size(), 4u);
  r = Client().Get("/v1/goods/9403.60", Auth());
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["listed"], false);
  r = Client().Get("/v1/goods/854", Auth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "invalid_hs_code");
}

}  // namespace
}  // namespace embargo::server
