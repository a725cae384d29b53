// `embargo goods` and `embargo trade` as a user runs them: exit codes, output shapes, errors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "run_embargo.h"

namespace {

using embargo_test::Embargo;
using embargo_test::Outcome;

std::string Example(const std::string& name) { return std::string(EMBARGO_SOURCE_DIR) + "/examples/trade/" + name; }

TEST(GoodsCli, ListedCodeExitsOneWithTier) {
  Outcome r = Embargo("goods 8542.31 9403.60");
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("8542.31\tLISTED 854231\ttier 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("9403.60\tnot listed"), std::string::npos) << r.out;
}

TEST(GoodsCli, UnlistedCodesExitZero) {
  Outcome r = Embargo("goods 9403.60 '0101 21 00' --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["listed"], false);
  EXPECT_EQ(j["version"], "2024-02-23");
  EXPECT_EQ(j["results"].size(), 2u);
}

TEST(GoodsCli, HeadingIsReportedAsSuch) {
  Outcome r = Embargo("goods 8542 --format json");
  ASSERT_EQ(r.status, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["results"][0]["match"], "heading");
  EXPECT_EQ(j["results"][0]["items"].size(), 4u);
}

TEST(GoodsCli, MalformedCodeExitsTwoAndIsNamed) {
  Outcome r = Embargo("goods 8542.31 85423");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("HS code '85423'"), std::string::npos) << r.err;
}

// 0854231 was read as 085423 (chapter 08) and reported not listed, exit 0.
TEST(GoodsCli, OddDigitCountIsAnErrorNotUnlisted) {
  Outcome r = Embargo("goods 0854231 --format json");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find("HS code '0854231': 7 digits"), std::string::npos) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["results"].empty()) << r.out;
  EXPECT_TRUE(j.contains("error")) << r.out;
  Outcome text = Embargo("goods 8542.31.000");
  EXPECT_EQ(text.status, 2);
  EXPECT_EQ(text.out.find("not listed"), std::string::npos) << text.out;
}

TEST(TradeCli, ExitCodesFollowTheVerdict) {
  Outcome pass = Embargo("trade " + Example("eu_us_valves_clean.json"));
  EXPECT_EQ(pass.status, 0) << pass.err << pass.out;
  EXPECT_EQ(pass.out.rfind("PASS TX-2024-1187", 0), 0u) << pass.out;
  Outcome block = Embargo("trade " + Example("cn_kg_ru_tantalum_capacitors.json") + " --format json");
  ASSERT_EQ(block.status, 1) << block.err;
  auto j = nlohmann::json::parse(block.out);
  EXPECT_EQ(j["verdict"], "BLOCK");
  bool found = false;
  for (const auto& f : j["findings"]) found |= f["rule"] == "chpl_russia_belarus" && f["path"] == "goods[0].hs_code";
  EXPECT_TRUE(found);
  Outcome review = Embargo("trade " + Example("ae_consigned_to_issuing_bank.json"));
  EXPECT_EQ(review.status, 1);
  EXPECT_EQ(review.out.rfind("REVIEW", 0), 0u) << review.out;
}

TEST(TradeCli, RulesFileChangesActions) {
  std::string rules = testing::TempDir() + "/trade_cli_rules.conf";
  std::ofstream(rules) << "lc_consigned_to_issuing_bank = off\n";
  Outcome r = Embargo("trade " + Example("ae_consigned_to_issuing_bank.json") + " --rules " + rules);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  std::ofstream(rules) << "lc_consigned_to_issuing_bank = sometimes\n";
  r = Embargo("trade " + Example("ae_consigned_to_issuing_bank.json") + " --rules " + rules);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("trade_cli_rules.conf:1:"), std::string::npos) << r.err;
}

TEST(TradeCli, BadTransactionIsErrorNeverPass) {
  std::string path = testing::TempDir() + "/trade_cli_bad.json";
  std::ofstream(path) << R"({"parties": [{"role": "buyer", "name": "A", "country": 7}], "goods": [{"hs_code": "8542.31"}]})";
  Outcome r = Embargo("trade " + path + " --format json");
  EXPECT_EQ(r.status, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "ERROR");
  EXPECT_NE(j["error"].get<std::string>().find("parties[0].country: expected a string, got number"), std::string::npos)
      << j.dump();
  Outcome missing = Embargo("trade /nonexistent/tx.json");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("/nonexistent/tx.json"), std::string::npos);
}

}  // namespace
