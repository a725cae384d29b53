#include "entity/countries.h"

#include <gtest/gtest.h>

#include <string>

namespace embargo {
namespace {

TEST(CountryCodeTest, OfacSpellings) {
  EXPECT_EQ(CountryCode("Russia"), "RU");
  EXPECT_EQ(CountryCode("Iran"), "IR");
  EXPECT_EQ(CountryCode("Korea, North"), "KP");
  EXPECT_EQ(CountryCode("Korea, South"), "KR");
  EXPECT_EQ(CountryCode("Syria"), "SY");
  EXPECT_EQ(CountryCode("Burma"), "MM");
  EXPECT_EQ(CountryCode("Cote d'Ivoire"), "CI");
  EXPECT_EQ(CountryCode("Turkey"), "TR");
  EXPECT_EQ(CountryCode("Congo, Democratic Republic of the"), "CD");
  EXPECT_EQ(CountryCode("Congo, Republic of the"), "CG");
  EXPECT_EQ(CountryCode("United Kingdom"), "GB");
  EXPECT_EQ(CountryCode("Bahamas, The"), "BS");
  EXPECT_EQ(CountryCode("West Bank"), "PS");
  EXPECT_EQ(CountryCode("Kosovo"), "XK");
  EXPECT_EQ(CountryCode("Man, Isle of"), "IM");
}

TEST(CountryCodeTest, UnSpellings) {
  EXPECT_EQ(CountryCode("Russian Federation"), "RU");
  EXPECT_EQ(CountryCode("Iran (Islamic Republic of)"), "IR");
  EXPECT_EQ(CountryCode("Democratic People's Republic of Korea"), "KP");
  EXPECT_EQ(CountryCode("Democratic Republic of the Congo"), "CD");
  EXPECT_EQ(CountryCode("Syrian Arab Republic"), "SY");
  EXPECT_EQ(CountryCode("United Republic of Tanzania"), "TZ");
  EXPECT_EQ(CountryCode("Bolivia (Plurinational State of)"), "BO");
  EXPECT_EQ(CountryCode("Venezuela (Bolivarian Republic of)"), "VE");
  EXPECT_EQ(CountryCode("Lao People's Democratic Republic"), "LA");
  EXPECT_EQ(CountryCode("Republic of Korea"), "KR");
  EXPECT_EQ(CountryCode("Viet Nam"), "VN");
  EXPECT_EQ(CountryCode("United Kingdom of Great Britain and Northern Ireland"), "GB");
  EXPECT_EQ(CountryCode("State of Palestine"), "PS");
}

TEST(CountryCodeTest, AccentsAndCurlyApostrophes) {
  EXPECT_EQ(CountryCode("Türkiye"), "TR");
  EXPECT_EQ(CountryCode("Côte d'Ivoire"), "CI");
  EXPECT_EQ(CountryCode("Côte d\u2019Ivoire"), "CI");
  EXPECT_EQ(CountryCode("Curaçao"), "CW");
  EXPECT_EQ(CountryCode("Réunion"), "RE");
  EXPECT_EQ(CountryCode("Democratic People\u2019s Republic of Korea"), "KP");
}

TEST(CountryCodeTest, CodesAnyCase) {
  EXPECT_EQ(CountryCode("RU"), "RU");
  EXPECT_EQ(CountryCode("ru"), "RU");
  EXPECT_EQ(CountryCode("RUS"), "RU");
  EXPECT_EQ(CountryCode("prk"), "KP");
  EXPECT_EQ(CountryCode("USA"), "US");
  EXPECT_EQ(CountryCode("UK"), "GB");
  EXPECT_EQ(CountryCode("UAE"), "AE");
}

TEST(CountryCodeTest, IgnoresCaseWhitespaceAndPunctuation) {
  EXPECT_EQ(CountryCode("  RUSSIA. "), "RU");
  EXPECT_EQ(CountryCode("(Egypt)"), "EG");
  EXPECT_EQ(CountryCode("iran, islamic republic of"), "IR");
  EXPECT_EQ(CountryCode("St. Kitts and Nevis"), "KN");
  EXPECT_EQ(CountryCode("Saint Kitts & Nevis"), "KN");
  EXPECT_EQ(CountryCode("Guinea-Bissau"), "GW");
}

TEST(CountryCodeTest, Demonyms) {
  EXPECT_EQ(CountryCode("Russian"), "RU");
  EXPECT_EQ(CountryCode("Iranian"), "IR");
  EXPECT_EQ(CountryCode("Palestinian"), "PS");
  EXPECT_EQ(CountryCode("North Korean"), "KP");
  EXPECT_EQ(CountryCode("Belarusian"), "BY");
  EXPECT_EQ(CountryCode("Emirati"), "AE");
}

TEST(CountryCodeTest, UnknownIsEmpty) {
  EXPECT_EQ(CountryCode(""), "");
  EXPECT_EQ(CountryCode("  ,. "), "");
  EXPECT_EQ(CountryCode("Atlantis"), "");
  EXPECT_EQ(CountryCode("None Identified"), "");
  EXPECT_EQ(CountryCode("Korean"), "");  // North or South: ambiguous
  EXPECT_EQ(CountryCode("\xff\xfe"), "");
}

TEST(CountryCodeTest, EveryIsoCodeRoundTrips) {
  int known = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      std::string code{a, b};
      std::string_view name = CountryName(code);
      if (name.empty()) continue;
      ++known;
      EXPECT_EQ(CountryCode(code), code);
      EXPECT_EQ(CountryCode(name), code) << name;
    }
  }
  EXPECT_GE(known, 249);  // ISO 3166-1 has 249 codes
}

TEST(CountryNameTest, ShortNames) {
  EXPECT_EQ(CountryName("RU"), "Russia");
  EXPECT_EQ(CountryName("ru"), "Russia");
  EXPECT_EQ(CountryName("KP"), "North Korea");
  EXPECT_EQ(CountryName("GB"), "United Kingdom");
  EXPECT_EQ(CountryName("XK"), "Kosovo");
  EXPECT_EQ(CountryName("ZZ"), "");
  EXPECT_EQ(CountryName("RUS"), "");
  EXPECT_EQ(CountryName(""), "");
}

// A country today: ISO 3166-1's codes and Kosovo's XK. The withdrawn codes lists still give are
// countries' names to read (CountryName, CountryCode), not countries of today, as a BIC needs.
TEST(CountryNameTest, CurrentCodesAreIsoAndKosovo) {
  for (const char* code : {"RU", "de", "KP", "XK", "SS", "CW"}) EXPECT_TRUE(IsCurrentCountryCode(code)) << code;
  for (const char* code : {"SU", "YU", "CS", "AN", "ZZ", "QQ", "", "R", "RUS"}) EXPECT_FALSE(IsCurrentCountryCode(code)) << code;
  EXPECT_EQ(CountryName("SU"), "Soviet Union");
  EXPECT_EQ(CountryCode("Yugoslavia"), "YU");
}

}  // namespace
}  // namespace embargo
