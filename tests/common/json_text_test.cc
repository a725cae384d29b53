#include "common/json_text.h"

#include <gtest/gtest.h>

#include <string>

namespace embargo {
namespace {

std::string ErrorOf(const std::string& text) {
  auto j = ParseJsonText(text);
  EXPECT_FALSE(j.ok()) << text;
  return j.ok() ? "" : j.status().message();
}

TEST(JsonText, AMemberNamedTwiceIsRefusedWithItsPath) {
  EXPECT_EQ(ErrorOf(R"({"parties": [{"name": "Vladimir Putin"}], "id": "T1", "parties": []})"),
            "parties: a member named twice in one object (which one counts is unclear)");
  EXPECT_EQ(ErrorOf(R"({"parties": [{"name": "a"}, {"role": "buyer", "name": "b", "name": "c"}]})").substr(0, 16),
            "parties[1].name:");
  EXPECT_EQ(ErrorOf(R"([[1, 2], {"a": {"b": 1, "b": 2}}])").substr(0, 7), "[1].a.b");
}

TEST(JsonText, TheSameNameInOtherObjectsIsNoDuplicate) {
  auto j = ParseJsonText(R"({"a": {"name": 1}, "b": {"name": 2}, "c": [{"name": 3}, {"name": 4}], "name": 5})");
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)["c"][1]["name"], 4);
  EXPECT_EQ((*j)["name"], 5);
}

TEST(JsonText, ErrorsNameTheirPlace) {
  EXPECT_EQ(ErrorOf("  "), "empty: expected JSON");
  EXPECT_EQ(ErrorOf("{\n\"a\": }").substr(0, 20), "not valid JSON at li");
  EXPECT_EQ(ErrorOf("[1E999]"), "not valid JSON: a number beyond the range of a double (1E999 in [0])");
  EXPECT_EQ(ErrorOf("{\"name\": \"Soci\xe9t\xe9\"}"), "not valid UTF-8 at line 1, column 15 (in name)");
}

// The parser would end the text at a NUL and read the value before it as the whole: the second
// value after it went unread.
TEST(JsonText, ANulByteIsAnErrorAtItsPlace) {
  using namespace std::string_literals;
  EXPECT_EQ(ErrorOf("{\"a\": 1}\n\0{\"b\": 2}"s), "not valid JSON at line 2, column 1");
  EXPECT_EQ(ErrorOf("{\"a\": \"x\0y\"}"s), "not valid JSON at line 1, column 9");
  EXPECT_TRUE(ReadJson("[1]\0"s, kMaxJsonDepth, "the body").fault.has_value());
}

// A file nests no deeper than a request may: every walk of the value stays shallow.
TEST(JsonText, NestingIsBounded) {
  std::string deep = "{\"a\": " + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(ErrorOf(deep).substr(0, 67), "arrays and objects nested deeper than 64 levels (the limit) at a[0]");
  std::string within = std::string(63, '[') + std::string(63, ']');
  EXPECT_TRUE(ParseJsonText(within).ok());
}

}  // namespace
}  // namespace embargo
