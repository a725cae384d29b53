#include "goods/chpl.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/strings.h"

namespace embargo::goods {
namespace {

TEST(ParseHsCodeTest, CommonNotations) {
  struct Case {
    const char* text;
    uint32_t hs6;
    const char* digits;
  } cases[] = {
      {"8542.31", 854231, "854231"},         {"854231", 854231, "854231"},
      {"8542.31.0001", 854231, "8542310001"}, {"8542 31 00", 854231, "85423100"},
      {"HS 854231", 854231, "854231"},        {"hts 8542.31.00.01", 854231, "8542310001"},
      {"HS code: 8532.21", 853221, "853221"}, {"  8532-21-00  ", 853221, "85322100"},
      {"0101.21", 10121, "010121"},           {"CN 8471 50 00", 847150, "84715000"},
      {"8542 31 0000", 854231, "8542310000"}, {"8542-31-0001", 854231, "8542310001"},
      {"854231.00", 854231, "85423100"},     {"8542 31 900 0", 854231, "8542319000"},
  };
  for (const Case& c : cases) {
    auto code = ParseHsCode(c.text);
    ASSERT_TRUE(code.ok()) << c.text << ": " << code.status().ToString();
    EXPECT_EQ(code->hs6, c.hs6) << c.text;
    EXPECT_EQ(code->digits, c.digits) << c.text;
    EXPECT_FALSE(code->heading) << c.text;
  }
}

TEST(ParseHsCodeTest, FourDigitsIsAHeading) {
  auto code = ParseHsCode("8542");
  ASSERT_TRUE(code.ok());
  EXPECT_TRUE(code->heading);
  EXPECT_EQ(code->hs6, 854200u);
  EXPECT_TRUE(ParseHsCode("HS 85.42")->heading);
}

TEST(ParseHsCodeTest, MalformedCodesAreErrorsThatQuoteTheInput) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"", "empty"},
      {"85", "2 digits"},
      {"854", "3 digits"},
      {"85423", "5 digits"},
      {"85423100000001", "14 digits"},
      // An odd count is a digit lost or added: 0854231 was read as 085423 (chapter 08), not listed.
      {"0854231", "7 digits: tariff codes have an even number"},
      {"8542.31.0", "7 digits: tariff codes have an even number"},
      {"8542 31 000", "9 digits: tariff codes have an even number"},
      {"HS 854231000", "9 digits: tariff codes have an even number"},
      {"8542.3I", "unexpected character 'I'"},
      {"capacitors", "not a number"},
      {"HS", "no digits"},
      {"8542.31.", "ends with a separator"},
      {"0042.31", "chapter 00"},
      {"8542/31", "unexpected character '/'"},
      {"8542\u201331", "unexpected character U+2013"},  // an en dash, named whole, not by its first byte
      {"8542\x96" "31", "unexpected character byte 0x96"},  // a cp1252 en dash: no UTF-8 character
      {"8542\xE2\x80", "unexpected character byte 0xE2"},   // a character cut short
      {"9403 8542", "2-digit subheading"},  // two headings, not 9403.85.42
      // A subheading, then a heading of the CHPL: two codes, not the tariff line 9403.60.85.42.
      {"9403.60 8542", "separators of two kinds"},
      {"940360 8542", "a group of four digits after the subheading"},
      {"9403 60 8542", "a group of four digits after the subheading"},
      {"940360-8542", "a group of four digits after the subheading"},
      {"9403-60-8542", "a group of four digits after the subheading"},
      {"9403.60-8542", "a group of four digits after the subheading"},
      // Separators doubled or out of place: 8542..31 was read as 854231, 85.4231 and 85423.1 too.
      {"8542..31", "separators doubled ('..')"},
      {"8542--31", "separators doubled ('--')"},
      {"8542  31", "separators doubled ('  ')"},
      {"8542.31..00", "separators doubled ('..')"},
      {"HS 8542 .31", "separators doubled (' .')"},
      {"85.4231", "a separator after 2 digits"},
      {"854.231", "a separator after 3 digits"},
      {"8.54231", "a separator after 1 digit:"},
      {"85423.1", "a separator after 5 digits"},
      {"8542310.0", "a separator after 7 digits"},
      {"85.42.31", "a separator after 2 digits"},
  };
  for (const Case& c : cases) {
    auto code = ParseHsCode(c.text);
    ASSERT_FALSE(code.ok()) << c.text;
    EXPECT_NE(code.status().message().find(c.error), std::string::npos) << code.status().message();
    EXPECT_NE(code.status().message().find("'" + std::string(Trim(c.text)) + "'"), std::string::npos)
        << code.status().message();
  }
}

TEST(ChplTest, EmbeddedListIsTheFebruary2024Version) {
  const Chpl& chpl = Chpl::Embedded();
  EXPECT_EQ(chpl.version(), "2024-02-23");
  EXPECT_EQ(chpl.items().size(), 50u);
  for (const ChplItem& item : chpl.items()) EXPECT_FALSE(TierMeaning(item.tier).empty()) << item.hs6_text;
}

TEST(ChplTest, EmbeddedListEqualsTheFileInTheRepository) {
  std::ifstream in(EMBARGO_SOURCE_DIR "/data/goods/chpl_2024-02-23.csv");
  ASSERT_TRUE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  auto file = Chpl::Parse(ss.str(), "chpl_2024-02-23.csv", "2024-02-23");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const Chpl& embedded = Chpl::Embedded();
  ASSERT_EQ(file->items().size(), embedded.items().size());
  for (size_t i = 0; i < embedded.items().size(); ++i) {
    EXPECT_EQ(file->items()[i].hs6, embedded.items()[i].hs6);
    EXPECT_EQ(file->items()[i].tier, embedded.items()[i].tier);
  }
}

TEST(ChplTest, SubheadingMatchesByFirstSixDigits) {
  const Chpl& chpl = Chpl::Embedded();
  for (const char* code : {"8542.31", "8542.31.0001", "85423100", "HS 854231"}) {
    auto m = chpl.Check(code);
    ASSERT_TRUE(m.ok()) << code;
    ASSERT_EQ(m->items.size(), 1u) << code;
    EXPECT_EQ(m->items[0]->tier, "1");
    EXPECT_FALSE(m->heading);
  }
  auto tantalum = chpl.Check("8532.21.0020");
  ASSERT_TRUE(tantalum.ok());
  ASSERT_TRUE(tantalum->listed());
  EXPECT_EQ(tantalum->items[0]->tier, "2");
  EXPECT_NE(tantalum->items[0]->description.find("tantalum"), std::string::npos);
  EXPECT_EQ(chpl.Check("8457.10")->items[0]->tier, "4.B");
  // Neighbours of listed codes are not listed.
  for (const char* code : {"8542.30", "8542.90", "8532.22", "0101.21", "9403.60"}) {
    EXPECT_FALSE(chpl.Check(code)->listed()) << code;
  }
}

TEST(ChplTest, HeadingReportsEverySubheadingUnderIt) {
  const Chpl& chpl = Chpl::Embedded();
  auto m = chpl.Check("8542");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->heading);
  std::vector<std::string> codes;
  for (const ChplItem* item : m->items) codes.push_back(item->hs6_text);
  EXPECT_EQ(codes, (std::vector<std::string>{"854231", "854232", "854233", "854239"}));
  EXPECT_EQ(chpl.Check("8541")->items.size(), 8u);
  EXPECT_FALSE(chpl.Check("9403")->listed());
}

// The binary search agrees with a linear scan on every six-digit code of the listed chapters.
TEST(ChplTest, FindAgreesWithLinearScan) {
  const Chpl& chpl = Chpl::Embedded();
  for (uint32_t hs6 = 840000; hs6 < 910000; ++hs6) {
    const ChplItem* expected = nullptr;
    for (const ChplItem& item : chpl.items()) {
      if (item.hs6 == hs6) expected = &item;
    }
    ASSERT_EQ(chpl.Find(hs6), expected) << hs6;
  }
}

TEST(ChplTest, ParseErrorsNameFileLineAndField) {
  struct Case {
    const char* csv;
    const char* error;
  } cases[] = {
      {"tier,code,description\n", "x.csv:1: expected the header"},
      {"tier,hs6,description\n1,854231,a\n9,854232,b\n", "x.csv:3: field tier: unknown tier '9'"},
      {"tier,hs6,description\n1,85423,a\n", "x.csv:2: field hs6: '85423'"},
      {"tier,hs6,description\n1,854231\n", "x.csv:2: expected 3 fields"},
      {"tier,hs6,description\n1,854231,a\n1,854231,b\n", "854231 is listed twice"},
      {"tier,hs6,description\n", "no items"},
  };
  for (const Case& c : cases) {
    auto chpl = Chpl::Parse(c.csv, "x.csv", "test");
    ASSERT_FALSE(chpl.ok()) << c.csv;
    EXPECT_NE(chpl.status().message().find(c.error), std::string::npos) << chpl.status().message();
  }
}

TEST(ChplTest, SharedDataCopyIsIdentical) {
  std::ifstream shared(EMBARGO_SHARED_DATA "/chpl/chpl_2024-02-23.csv");
  if (!shared.good()) GTEST_SKIP() << "no shared data";
  std::ifstream repo(EMBARGO_SOURCE_DIR "/data/goods/chpl_2024-02-23.csv");
  std::stringstream a, b;
  a << shared.rdbuf();
  b << repo.rdbuf();
  EXPECT_EQ(a.str(), b.str());
}

}  // namespace
}  // namespace embargo::goods
