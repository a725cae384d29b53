#include "policy/geo_policy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace embargo {
namespace {

std::vector<std::string> Codes(const std::vector<GeoMatch>& findings) {
  std::vector<std::string> out;
  for (const GeoMatch& f : findings) out.push_back(f.code);
  return out;
}

TEST(GeoPolicyTest, DefaultBlocksComprehensivelySanctionedCountries) {
  GeoPolicy p = GeoPolicy::Default();
  for (const char* c : {"CU", "IR", "KP", "SY", "IRN", "Iran", "Islamic Republic of Iran", "Korea, North", "cuba"}) {
    auto f = p.CheckCountry(c);
    ASSERT_TRUE(f.has_value()) << c;
    EXPECT_EQ(f->action, Verdict::kBlock) << c;
    EXPECT_EQ(f->matched, c);
    EXPECT_FALSE(f->reason.empty());
  }
  EXPECT_EQ(p.CheckCountry("Iran")->name, "Iran");
  EXPECT_EQ(p.CheckCountry("PRK")->code, "KP");
}

TEST(GeoPolicyTest, RussiaAndBelarusAreReviewByDefaultAndConfigurable) {
  GeoPolicy p = GeoPolicy::Default();
  EXPECT_EQ(p.CheckCountry("Russian Federation")->action, Verdict::kReview);
  EXPECT_EQ(p.CheckCountry("BY")->action, Verdict::kReview);
  GeoPolicyOptions strict;
  strict.russia_belarus_action = Verdict::kBlock;
  GeoPolicy q = GeoPolicy::Default(strict);
  EXPECT_EQ(q.CheckCountry("RU")->action, Verdict::kBlock);
  EXPECT_EQ(q.CheckCountry("Belarus")->action, Verdict::kBlock);
  EXPECT_EQ(q.CheckCountry("Iran")->action, Verdict::kBlock);
}

// A country that no longer exists is read as the states on its territory, the strictest rule
// winning: a shipment "to the Soviet Union" reaches Russia and Belarus.
TEST(GeoPolicyTest, AFormerCountryIsReadAsTheStatesThatSucceededIt) {
  GeoPolicy p = GeoPolicy::Default();
  for (const char* c : {"SU", "SUN", "USSR", "Soviet Union", "U.S.S.R."}) {
    auto f = p.CheckCountry(c);
    ASSERT_TRUE(f.has_value()) << c;
    EXPECT_EQ(f->code, "RU") << c;
    EXPECT_EQ(f->matched, c);
    EXPECT_TRUE(p.IsRussiaOrBelarus(c)) << c;
  }
  GeoPolicyOptions strict;
  strict.russia_belarus_action = Verdict::kBlock;
  EXPECT_EQ(GeoPolicy::Default(strict).CheckCountry("SU")->action, Verdict::kBlock);
  EXPECT_FALSE(p.IsRussiaOrBelarus("YU"));
  EXPECT_FALSE(p.CheckCountry("Netherlands Antilles").has_value());
}

TEST(GeoPolicyTest, UnlistedCountriesAreNotFindings) {
  GeoPolicy p = GeoPolicy::Default();
  for (const char* c : {"DE", "Germany", "United States", "UA", "Ukraine", "KR", "Korea, South", "", "  ", "Atlantis"}) {
    EXPECT_FALSE(p.CheckCountry(c).has_value()) << c;
  }
}

TEST(GeoPolicyTest, RegionsByCodeAndName) {
  GeoPolicy p = GeoPolicy::Default();
  EXPECT_EQ(p.CheckCountry("UA-43")->name, "Crimea");
  EXPECT_EQ(p.CheckCountry("Crimea")->code, "UA-43");
  EXPECT_EQ(p.CheckCountry("Crimea")->action, Verdict::kBlock);
  EXPECT_EQ(p.CheckCountry("ua-40")->code, "UA-40");
  EXPECT_EQ(p.CheckCountry("UA-65")->action, Verdict::kReview);
  EXPECT_EQ(p.CheckCountry("UA-23")->action, Verdict::kReview);
  // The strictest place named wins.
  EXPECT_EQ(p.CheckCountry("Sevastopol, Russia")->code, "UA-40");
}

TEST(GeoPolicyTest, TextFindsOccupiedRegionsInManyScripts) {
  GeoPolicy p = GeoPolicy::Default();
  struct Case {
    const char* text;
    const char* code;
    const char* matched;
  } cases[] = {
      {"ul. Lenina 5, Simferopol, Republic of Crimea", "UA-43", "Simferopol"},
      {"295000 Симферополь, Республика Крым", "UA-43", "Симферополь"},
      {"г. Севастополь, ул. Ленина 1", "UA-40", "Севастополь"},
      {"Krym, Ukraine", "UA-43", "Krym"},
      {"83001, Donetsk, DNR", "UA-14", "Donetsk"},
      {"ДНР, г. Донецк", "UA-14", "ДНР"},
      {"LUGANSK PEOPLE'S REPUBLIC", "UA-09", "LUGANSK PEOPLE'S REPUBLIC"},
      {"ЛНР", "UA-09", "ЛНР"},
      {"Luhansk region", "UA-09", "Luhansk"},
      {"в Крыму", "UA-43", "Крыму"},
      {"Melitopol, Zaporizhzhia oblast", "UA-23", "Melitopol"},
      {"Херсонская область", "UA-65", "Херсонская"},
      // German and French spellings, as European trade documents write them.
      {"LIEFERUNG NACH SEWASTOPOL", "UA-40", "SEWASTOPOL"},
      {"Hafen Jalta", "UA-43", "Jalta"},
      {"Donezk, Ukraine", "UA-14", "Donezk"},
      {"Cherson", "UA-65", "Cherson"},
  };
  for (const Case& c : cases) {
    auto found = p.CheckText(c.text);
    ASSERT_FALSE(found.empty()) << c.text;
    EXPECT_EQ(found[0].code, c.code) << c.text;
    EXPECT_EQ(found[0].matched, c.matched) << c.text;
  }
}

TEST(GeoPolicyTest, TextRespectsWordBoundaries) {
  GeoPolicy p = GeoPolicy::Default();
  // Listed spellings inside longer words are not mentions.
  for (const char* t : {"Iranian Street 4, London", "Kirani Road", "Sievierodonetskyi district", "Crimeans",
                        "SCUBA diving supplies", "Cubango, Angola", "Adnr Ltd", "Mariupolis", "criminal law",
                        "Кримінальний кодекс", "Piranha Ltd, Torino",
                        "200 Central Ave, St. Petersburg, FL 33701"}) {
    std::vector<std::string> codes = Codes(p.CheckText(t));
    EXPECT_TRUE(codes.empty()) << t << " -> " << (codes.empty() ? "" : codes[0]);
  }
}

TEST(GeoPolicyTest, TextReportsEachCodeOnceInOrderOfMention) {
  GeoPolicy p = GeoPolicy::Default();
  auto found = p.CheckText("Shipped via Tehran to Damascus, then Tehran again; consignee in Sevastopol, Russia");
  EXPECT_EQ(Codes(found), (std::vector<std::string>{"IR", "SY", "UA-40", "RU"}));
  EXPECT_EQ(found[0].matched, "Tehran");
  // "DPR Korea" is North Korea, not the Donetsk "DPR".
  EXPECT_EQ(Codes(p.CheckText("Pyongyang, DPR Korea")), (std::vector<std::string>{"KP"}));
  EXPECT_EQ(Codes(p.CheckText("«Крым»")), (std::vector<std::string>{"UA-43"}));
  EXPECT_EQ(Codes(p.CheckText("Versand von Moskau nach Pjöngjang über Damaskus")),
            (std::vector<std::string>{"RU", "KP", "SY"}));
  // Spellings that name other things too are left out: an Argentine café chain, a surname.
  EXPECT_TRUE(p.CheckText("Cafe Havanna, Av. Corrientes 1200, Buenos Aires").empty());
  EXPECT_TRUE(p.CheckText("c/o Michael Herson, 120 Oak Street, Boston MA").empty());
}

// Overlap bookkeeping is linear in the text: a long field of repeated mentions stays cheap.
TEST(GeoPolicyTest, ManyMentionsInALongTextGiveOneFindingPerCode) {
  GeoPolicy p = GeoPolicy::Default();
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "Крым, DNR; ";
  EXPECT_EQ(Codes(p.CheckText(text)), (std::vector<std::string>{"UA-43", "UA-14"}));
}

TEST(GeoPolicyTest, TransshipmentAndRussiaBelarus) {
  GeoPolicy p = GeoPolicy::Default();
  for (const char* c : {"AM", "KZ", "KG", "GE", "AE", "TR", "CN", "HK", "UZ", "TJ", "kg", "Kyrgyzstan", "ARM"}) {
    EXPECT_TRUE(p.IsTransshipmentConcern(c)) << c;
  }
  for (const char* c : {"DE", "US", "RU", "", "XX"}) EXPECT_FALSE(p.IsTransshipmentConcern(c)) << c;
  EXPECT_TRUE(p.IsRussiaOrBelarus("RU"));
  EXPECT_TRUE(p.IsRussiaOrBelarus("by"));
  EXPECT_TRUE(p.IsRussiaOrBelarus("Russian Federation"));
  EXPECT_FALSE(p.IsRussiaOrBelarus("UA"));
}

TEST(GeoPolicyTest, OccupiedRegionsCanBeSwitchedOff) {
  GeoPolicyOptions o;
  o.occupied_regions = false;
  GeoPolicy p = GeoPolicy::Default(o);
  EXPECT_FALSE(p.CheckCountry("UA-43").has_value());
  EXPECT_TRUE(p.CheckText("Simferopol, Crimea").empty());
  EXPECT_TRUE(p.CheckCountry("IR").has_value());
}

TEST(GeoPolicyTest, ParseCustomPolicy) {
  auto p = GeoPolicy::Parse(
      "# test\n"
      "country | VE | review | | sectoral sanctions | Caracas\n"
      "region | UA-43 | block | Crimea | embargo | Krym*\n"
      "transshipment | AM, Kazakhstan\n",
      "custom.conf");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->CheckCountry("Venezuela")->name, "Venezuela");
  EXPECT_EQ(Codes(p->CheckText("Av. Bolivar, Caracas")), (std::vector<std::string>{"VE"}));
  EXPECT_EQ(p->CheckText("Krymskaya 4")[0].matched, "Krymskaya");
  EXPECT_FALSE(p->CheckCountry("IR").has_value());
  EXPECT_TRUE(p->IsTransshipmentConcern("KZ"));
  EXPECT_FALSE(p->IsTransshipmentConcern("CN"));
  EXPECT_TRUE(p->IsRussiaOrBelarus("RU"));  // default when the file does not say
}

TEST(GeoPolicyTest, ParseErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"# c\ncountry | XX | block | | r\n", "bad.conf:2: country code 'XX'"},
      {"country | IR | deny | | r\n", "bad.conf:1: action 'deny'"},
      {"country | IR | block\n", "bad.conf:1: country takes 5 or 6"},
      {"region | Crimea | block | Crimea | r\n", "bad.conf:1: region code 'Crimea'"},
      {"\n\nplace | IR | block | | r\n", "bad.conf:3: unknown rule kind 'place'"},
      {"country | IR | block | | \n", "bad.conf:1: IR needs a reason"},
      {"country | IR | block | | r\ncountry | ir | review | | r\n", "bad.conf:2: duplicate rule for IR"},
      {"transshipment | AM, Narnia\n", "bad.conf:1: unknown country 'Narnia'"},
  };
  for (const Case& c : cases) {
    auto p = GeoPolicy::Parse(c.text, "bad.conf");
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_NE(p.status().message().find(c.error), std::string::npos) << p.status().message();
  }
}

TEST(GeoPolicyTest, LoadReadsAFileAndNamesMissingOnes) {
  std::string path = testing::TempDir() + "/geo_policy_test.conf";
  {
    std::ofstream out(path);
    out << "country | CU | block | | embargo\n";
  }
  auto p = GeoPolicy::Load(path);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->ListedCodes(), (std::vector<std::string>{"CU"}));
  std::remove(path.c_str());
  auto missing = GeoPolicy::Load(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("geo_policy_test.conf"), std::string::npos);
}

}  // namespace
}  // namespace embargo
