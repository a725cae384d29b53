#include "common/csv.h"

#include <gtest/gtest.h>

namespace embargo {

TEST(CsvReader, QuotedFieldsSpanLinesAndKeepLineNumbers) {
  CsvReader r("id,name\r\n1,\"A, \"\"B\"\"\"\n2,\"multi\nline\"\n3,x\n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"id", "name"}));
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(f[1], "A, \"B\"");
  EXPECT_EQ(r.line(), 2u);
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(f[1], "multi\nline");
  EXPECT_EQ(r.line(), 3u);
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(r.line(), 5u);
  EXPECT_FALSE(r.Next(f));
}

TEST(CsvReader, UnterminatedQuoteIsReported) {
  CsvReader r("1,\"open\n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(f));
  EXPECT_FALSE(r.error().empty());
}

TEST(CsvReader, TabDelimited) {
  CsvReader r("\"a\"\t\"b c\"\n", '\t');
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b c"}));
}

}  // namespace embargo
