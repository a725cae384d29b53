// `embargo message` as a user runs it: one result per message, exit 0 / 1 / 2.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "../cli/run_embargo.h"

namespace {

using embargo_test::Embargo;
using embargo_test::Outcome;

std::string TestData(const std::string& name) { return std::string(EMBARGO_SOURCE_DIR) + "/tests/payments/testdata/" + name; }

TEST(MessageCli, CleanMessagesExitZero) {
  Outcome r = Embargo("message " + TestData("mt103_clean.txt") + " " + TestData("pacs008_clean.xml"));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  MT103 CLEAN0001"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("summary: PASS 2"), std::string::npos) << r.out;
}

TEST(MessageCli, JsonNamesFieldAndEntity) {
  Outcome r = Embargo("message --format json " + TestData("mt202_listed_bic.txt") + " " + TestData("mt103_clean.txt"));
  ASSERT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["verdict"], "BLOCK");
  ASSERT_EQ(j["messages"].size(), 2u);
  const auto& m = j["messages"][0];
  EXPECT_EQ(m["verdict"], "BLOCK");
  EXPECT_EQ(m["type"], "MT202");
  bool found = false;
  for (const auto& h : m["hits"])
    found = found || (h["field"] == "58A" && h["check"] == "bic" && h["entity_id"] == "ofac-sdn:906" && h["action"] == "BLOCK");
  EXPECT_TRUE(found) << m.dump();
  EXPECT_EQ(j["messages"][1]["verdict"], "PASS");
  EXPECT_EQ(j["counts"]["BLOCK"], 1);
}

TEST(MessageCli, BadInputExitsTwoNamingFileAndLine) {
  std::string bad = testing::TempDir() + "/bad_" + std::to_string(getpid()) + ".txt";
  std::ofstream(bad) << "{1:F01}\n{2:O}\n{4:\n:20:R1\n";
  Outcome r = Embargo("message " + bad + " " + TestData("mt103_sevastopol.txt"));
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("ERROR   could not screen: " + bad + ": line 1, field {1:}: block 1: expected 'F01'"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("line 4: truncated message"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("BLOCK  MT103 SEVASTOPOL01"), std::string::npos) << r.out;  // the other file is still screened
  Outcome missing = Embargo("message /nonexistent/payment.txt");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.out.find("/nonexistent/payment.txt"), std::string::npos) << missing.out;
}

TEST(MessageCli, RjeBatchGivesOneResultPerMessage) {
  std::string path = std::string(EMBARGO_SHARED_DATA) + "/payments/MT103-out-ack.rje";
  if (!std::ifstream(path)) GTEST_SKIP() << path << " not present";
  Outcome r = Embargo("message --format json " + path);
  EXPECT_EQ(r.status, 0) << r.err;  // every message screened, none alerted (fictitious FOO names)
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["messages"].size(), 13u);
  EXPECT_EQ(j["messages"][12]["line"], 220);
}

}  // namespace
