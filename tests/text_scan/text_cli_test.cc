// `embargo text` as a user runs it: exit codes, table and JSON output, errors naming their cause.
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

std::string Write(const std::string& name, const std::string& content) {
  std::string path = testing::TempDir() + "/" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string Testdata(const std::string& name) { return std::string(EMBARGO_SOURCE_DIR) + "/tests/text_scan/testdata/" + name; }

TEST(TextCli, MentionsExitOneWithOffsetsInJson) {
  Outcome r = Embargo("text --format json " + Testdata("ru_news.txt"));
  ASSERT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["mentions"].size(), 6u) << r.out;
  const auto& first = j["mentions"][0];
  EXPECT_EQ(first["text"], "Владимир Путин");
  EXPECT_EQ(first["begin"], 61);
  EXPECT_EQ(first["end"], 88);
  EXPECT_EQ(first["char_begin"], 35);
  EXPECT_EQ(first["char_end"], 49);
  EXPECT_EQ(first["entity_id"], "ofac-sdn:35096");
  EXPECT_EQ(first["hit"]["explanation"]["matched_name"], "PUTIN, Vladimir");  // an SDN alias (alt.csv)
  EXPECT_TRUE(first["also"].is_array());
}

TEST(TextCli, TheTableCountsLinesEndedByALoneCr) {
  // Old Mac line ends: the mention on line 3 was shown as "1:21".
  for (const char* text : {"Line one\rLine two\rPaid to Vladimir Putin\r", "Line one\r\nLine two\nPaid to Vladimir Putin\n"}) {
    Outcome r = Embargo("text " + Write("lines.txt", text));
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.out.find("  3:9  bytes"), std::string::npos) << r.out;
  }
}

TEST(TextCli, NoMentionExitsZero) {
  std::string path = Write("clean.txt", "Vladimir said the Bank would open in September.\n");
  Outcome r = Embargo("text " + path);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 mention(s)"), std::string::npos) << r.out;
}

// A 40 MB text took 1.5 GB to scan, and up to 1 GiB was read: larger texts are refused unread.
TEST(TextCli, ATextOver64MiBIsRefusedNamingTheFile) {
  std::string path = Write("large.txt", "Paid to Vladimir Putin\n");
  ASSERT_EQ(truncate(path.c_str(), (off_t{64} << 20) + 1), 0);  // sparse: nothing is written
  Outcome r = Embargo("text " + path);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find(path + ": larger than 64 MiB"), std::string::npos) << r.err;
  std::remove(path.c_str());
}

TEST(TextCli, StdinAndTable) {
  Outcome r = Embargo("text - < " + Testdata("remittance.txt"));
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("stdin: 3 mention(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ofac-sdn:35301"), std::string::npos) << r.out;  // DILBAR
  EXPECT_NE(r.out.find("2:33"), std::string::npos) << r.out;            // line:column of SBERBANK OF RUSSIA
}

TEST(TextCli, InvalidUtf8IsAnErrorNamingTheByteOffset) {
  std::string path = Write("latin1.txt", "Payment to Soci\xE9t\xE9 G\xE9n\xE9rale and Rosneft\n");
  Outcome r = Embargo("text " + path);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not valid UTF-8 at byte offset 15"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
  // UTF-16 is said as such, not taken for WINDOWS-1252.
  Outcome utf16 = Embargo("text " + Write("utf16.txt", std::string("\xFE\xFF\0R\0o", 6)));
  EXPECT_EQ(utf16.status, 2);
  EXPECT_NE(utf16.err.find("the text is UTF-16BE"), std::string::npos) << utf16.err;
}

TEST(TextCli, OneBadFileAmongGoodOnesIsStillAnError) {
  std::string bad = Write("bad.txt", "\xFF");
  Outcome r = Embargo("text --format json " + Testdata("en_iran.txt") + " " + bad);
  EXPECT_EQ(r.status, 2);  // never clear when a file could not be screened
  std::istringstream in(r.out);
  std::string line1, line2;
  std::getline(in, line1);
  std::getline(in, line2);
  EXPECT_EQ(nlohmann::json::parse(line1)["mentions"].size(), 6u);
  EXPECT_TRUE(nlohmann::json::parse(line2).contains("error"));
}

TEST(TextCli, MissingFileIsAnError) {
  Outcome r = Embargo("text /nonexistent/article.txt");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent/article.txt"), std::string::npos) << r.err;
}

TEST(TextCli, ThresholdOption) {
  std::string path = Write("timchenko.txt", "Gennady Timchenko and Rosneft.\n");
  Outcome r = Embargo("text --format json --threshold 0.99 " + path);
  ASSERT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["mentions"].size(), 1u);
  EXPECT_EQ(j["mentions"][0]["text"], "Rosneft");
}

}  // namespace
