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

// A stray quote costs its own record only: reading resumes at the next line.
TEST(CsvReader, UnterminatedQuoteResumesAtTheNextLine) {
  CsvReader r("id,name\n1,\"Putin\n2,Kim Jong Un\n3,x\n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(f));
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(r.line(), 2u);
  EXPECT_NE(r.error().find("line 2"), std::string::npos) << r.error();
  ASSERT_TRUE(r.Next(f));
  EXPECT_TRUE(r.error().empty());
  EXPECT_EQ(r.line(), 3u);
  EXPECT_EQ(f, (std::vector<std::string>{"2", "Kim Jong Un"}));
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(r.line(), 4u);
  EXPECT_FALSE(r.Next(f));
}

// A stray quote closed by another field's quote swallowed the records between into one field,
// and the rest of that line was appended: a listed name in them was never read.
TEST(CsvReader, TextAfterAClosingQuoteIsReportedAndTheRecordsItSwallowedAreRead) {
  CsvReader r("id,name\nC1,\"Maria Lindqvist\nC2,Vladimir Putin\nC3,\"Anna\" Berg\nC4,\"Ok\" \n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(f));
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(r.line(), 2u);
  EXPECT_EQ(r.error(), "text after the closing quote of a field (the quote opens on line 2)");
  ASSERT_TRUE(r.Next(f));
  EXPECT_TRUE(r.error().empty());
  EXPECT_EQ(f, (std::vector<std::string>{"C2", "Vladimir Putin"}));
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(r.line(), 4u);
  EXPECT_NE(r.error().find("line 4"), std::string::npos) << r.error();
  ASSERT_TRUE(r.Next(f));  // spaces after a closing quote are no text
  EXPECT_TRUE(r.error().empty()) << r.error();
  EXPECT_EQ(r.line(), 5u);
  EXPECT_FALSE(r.Next(f));
}

// A record the end of the input cuts (no line end after it, or a quote still open, line end or
// not) is marked; one ended by a line end, or a complete input ending without one, is not.
TEST(CsvReader, ARecordRunningIntoTheEndOfTheInputIsMarked) {
  std::vector<std::string> f;
  CsvReader ended("a,b\n1,2\n");
  ASSERT_TRUE(ended.Next(f) && ended.Next(f));
  EXPECT_FALSE(ended.ends_input());
  CsvReader unended("a,b\n1,2");
  ASSERT_TRUE(unended.Next(f));
  EXPECT_FALSE(unended.ends_input());
  ASSERT_TRUE(unended.Next(f));
  EXPECT_TRUE(unended.ends_input());
  EXPECT_EQ(f, (std::vector<std::string>{"1", "2"}));
  CsvReader open_quote("a,b\n1,\"two\nlines");
  ASSERT_TRUE(open_quote.Next(f) && open_quote.Next(f));
  EXPECT_FALSE(open_quote.error().empty());
  EXPECT_TRUE(open_quote.ends_input());
  CsvReader open_at_line_end("a,b\n1,\"two\r\n");  // `head -n` inside a quoted field
  ASSERT_TRUE(open_at_line_end.Next(f) && open_at_line_end.Next(f));
  EXPECT_FALSE(open_at_line_end.error().empty());
  EXPECT_TRUE(open_at_line_end.ends_input());
}

// A lone CR inside a field was deleted: "Vladimir\rPutin" was screened as "VladimirPutin".
TEST(CsvReader, ALoneCarriageReturnIsData) {
  CsvReader r("1,Vladimir\rPutin\r\n2,\"Anna\"\r\n");
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"1", "Vladimir\rPutin"}));
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"2", "Anna"}));
  EXPECT_TRUE(r.error().empty());
}

TEST(CsvReader, TabDelimited) {
  CsvReader r("\"a\"\t\"b c\"\n", '\t');
  std::vector<std::string> f;
  ASSERT_TRUE(r.Next(f));
  EXPECT_EQ(f, (std::vector<std::string>{"a", "b c"}));
}

}  // namespace embargo
