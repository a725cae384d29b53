#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "common/io.h"
#include "list_test_util.h"
#include "common/sha256.h"
#include "embargo/lists.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

const std::string kUn = std::string(EMBARGO_SHARED_DATA) + "/un/UN_consolidated.xml";

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir =
      fs::path(testing::TempDir()) / ("embargo_un_" + std::to_string(getpid()) + "_" + info->name());
  fs::create_directories(dir);
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::vector<std::string> Dates(const Entity& e) {
  std::vector<std::string> out;
  for (const PartialDate& d : e.birth_dates) out.push_back(d.ToString());
  return out;
}

class UnXmlTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = LoadUnXml(kUn);
    ASSERT_TRUE(r.ok()) << r.status().message();
    load_ = new ListLoad(std::move(r).value());
  }
  void SetUp() override { ASSERT_TRUE(load_ != nullptr) << "loading failed, see above"; }
  static void TearDownTestSuite() { delete load_; }
  static const ListLoad* load_;
};
const ListLoad* UnXmlTest::load_ = nullptr;

TEST_F(UnXmlTest, CountsAndMetadata) {
  EXPECT_EQ(load_->entities.size(), 1003u);
  std::map<Schema, int> by_schema;
  for (const Entity& e : load_->entities) ++by_schema[e.schema];
  EXPECT_EQ(by_schema[Schema::kPerson], 730);
  EXPECT_EQ(by_schema[Schema::kOrganization], 273);
  EXPECT_TRUE(load_->rejected.empty());  // empty <ALIAS_NAME/> elements are not records
  EXPECT_EQ(load_->published, "2026-02-27");
  EXPECT_EQ(load_->dataset, "un");
  EXPECT_EQ(load_->format, "un-xml");
  EXPECT_EQ(load_->content_hash, Sha256Hex(ReadFile(kUn).value()));
}

TEST_F(UnXmlTest, QDi001) {
  const Entity* e = FindEntity(*load_, "un:QDi.001");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->native_id, "QDi.001");
  EXPECT_EQ(e->dataset, "un");
  EXPECT_EQ(e->schema, Schema::kPerson);
  EXPECT_EQ(e->caption(), "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE");
  EXPECT_TRUE(HasName(*e, "محمد صلاح الدين عبدالحليم زيدان", NameKind::kStrongAlias));  // original script
  EXPECT_TRUE(HasName(*e, "Sayf-Al Adl", NameKind::kStrongAlias));                      // QUALITY Good
  EXPECT_TRUE(HasName(*e, "Ibrahim al-Madani", NameKind::kWeakAlias));                  // QUALITY Low
  EXPECT_EQ(Dates(*e), (std::vector<std::string>{"1963-04-11", "1960-04-11"}));
  EXPECT_EQ(e->nationalities, std::vector<std::string>{"EG"});
  EXPECT_EQ(e->programs, std::vector<std::string>{"Al-Qaida"});
  EXPECT_EQ(e->listed_on, "2001-01-25");
  EXPECT_FALSE(e->remarks.empty());
}

TEST_F(UnXmlTest, PersonDetails) {
  const Entity* e = FindEntity(*load_, "un:CDi.003");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->caption(), "GASTON IYAMUREMYE");
  EXPECT_EQ(e->gender, "male");
  EXPECT_EQ(Dates(*e), std::vector<std::string>{"1948"});
  EXPECT_EQ(e->birth_places.front(), "Musanze District, Northern Province, Rwanda");
  EXPECT_EQ(e->nationalities, std::vector<std::string>{"RW"});
  ASSERT_EQ(e->addresses.size(), 1u);
  EXPECT_EQ(e->addresses[0].country, "CD");  // "Democratic Republic of the Congo"
  EXPECT_NE(e->title.find("FDLR Interim President"), std::string::npos);
}

TEST_F(UnXmlTest, BetweenYearsGiveBothYears) {
  const Entity* e = FindEntity(*load_, "un:CDi.030");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(Dates(*e), (std::vector<std::string>{"1973", "1974"}));
}

TEST_F(UnXmlTest, PassportWithIssuingCountry) {
  const Entity* e = FindEntity(*load_, "un:CDi.040");
  ASSERT_NE(e, nullptr);
  auto it = std::find_if(e->identifiers.begin(), e->identifiers.end(),
                         [](const Identifier& i) { return i.value == "AB850901"; });
  ASSERT_NE(it, e->identifiers.end());
  EXPECT_EQ(it->kind, IdKind::kPassport);
  EXPECT_EQ(it->country, "TZ");  // "United Republic of Tanzania"
}

TEST_F(UnXmlTest, EmptyAliasIsSkippedSilently) {
  const Entity* e = FindEntity(*load_, "un:CDi.001");  // <ALIAS_NAME/> with empty QUALITY
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->caption(), "ERIC BADEGE");
  EXPECT_EQ(e->names.size(), 1u);
}

TEST_F(UnXmlTest, EntityWithAddress) {
  const Entity* e = FindEntity(*load_, "un:KPe.001");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kOrganization);
  EXPECT_EQ(e->caption(), "KOREA MINING DEVELOPMENT TRADING CORPORATION");
  EXPECT_TRUE(HasName(*e, "CHANGGWANG SINYONG CORPORATION", NameKind::kStrongAlias));
  EXPECT_EQ(e->countries, std::vector<std::string>{"KP"});  // "Democratic People's Republic of Korea"
}

TEST(UnXmlBadInputTest, RecordsWithoutReferenceOrNameAreRejectedWithLine) {
  std::string path = WriteTemp(
      "un.xml",
      "<?xml version=\"1.0\"?>\n"
      "<CONSOLIDATED_LIST dateGenerated=\"2026-01-02T00:00:00Z\">\n"
      "<INDIVIDUALS>\n"
      "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>X.1</REFERENCE_NUMBER>"
      "<NEW_ELEMENT>drift</NEW_ELEMENT></INDIVIDUAL>\n"
      "<INDIVIDUAL><FIRST_NAME>NO REF</FIRST_NAME></INDIVIDUAL>\n"
      "<INDIVIDUAL><REFERENCE_NUMBER>X.3</REFERENCE_NUMBER></INDIVIDUAL>\n"
      "</INDIVIDUALS>\n"
      "<ENTITY><FIRST_NAME>LOOSE ENTITY</FIRST_NAME><REFERENCE_NUMBER>Y.1</REFERENCE_NUMBER></ENTITY>\n"
      "</CONSOLIDATED_LIST>\n");
  auto r = LoadUnXml(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->published, "2026-01-02");
  ASSERT_EQ(r->entities.size(), 2u);
  EXPECT_EQ(r->entities[1].id, "un:Y.1");
  EXPECT_EQ(r->entities[1].schema, Schema::kOrganization);
  ASSERT_EQ(r->rejected.size(), 3u);
  // The element the format lacks is named; its record loads with the rest and is counted.
  EXPECT_EQ(r->rejected[0].line, 4u);
  EXPECT_NE(r->rejected[0].reason.find("<NEW_ELEMENT>"), std::string::npos) << r->rejected[0].reason;
  EXPECT_EQ(r->rejected[1].file, path);
  EXPECT_EQ(r->rejected[1].line, 5u);
  EXPECT_NE(r->rejected[1].reason.find("REFERENCE_NUMBER"), std::string::npos);
  EXPECT_EQ(r->rejected[2].line, 6u);
  EXPECT_NE(r->rejected[2].reason.find("X.3"), std::string::npos);
}

const std::string kUnHead = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n";
const std::string kUnTail = "</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n";

// A record whose FIRST_NAME was renamed FIRSTNAME loaded as "BWAMBALE" with 0 rejected: its
// first name was gone without a word. An alias's ALIAS_NAME renamed lost the alias the same way.
TEST(UnXmlBadInputTest, AnElementTheFormatLacksIsNamedAndItsRecordCountedAsRejected) {
  std::string path = WriteTemp(
      "un.xml", kUnHead +
                    "<INDIVIDUAL><REFERENCE_NUMBER>CDi.002</REFERENCE_NUMBER>\n"
                    "<FIRSTNAME>FRANK KAKOLELE</FIRSTNAME><SECOND_NAME>BWAMBALE</SECOND_NAME></INDIVIDUAL>\n"
                    "<INDIVIDUAL><REFERENCE_NUMBER>CDi.003</REFERENCE_NUMBER><FIRST_NAME>A</FIRST_NAME>\n"
                    "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIASNAME>B</ALIASNAME></INDIVIDUAL_ALIAS>"
                    "</INDIVIDUAL>\n"
                    "<INDIVIDUAL><REFERENCE_NUMBER>CDi.004</REFERENCE_NUMBER><FIRST_NAME>C</FIRST_NAME>"
                    "<ENTITY_ALIAS><ALIAS_NAME>D</ALIAS_NAME></ENTITY_ALIAS></INDIVIDUAL>\n" +
                    kUnTail);
  auto r = LoadUnXml(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 3u);
  EXPECT_EQ(r->entities[0].caption(), "BWAMBALE");
  std::vector<std::pair<size_t, std::string>> rejected;
  for (const LoadIssue& i : r->rejected) rejected.emplace_back(i.line, i.reason);
  EXPECT_EQ(rejected, (std::vector<std::pair<size_t, std::string>>{
                          {5, "INDIVIDUAL CDi.002: unknown element <FIRSTNAME> in <INDIVIDUAL> not read; loaded with the rest"},
                          {7, "INDIVIDUAL CDi.003: unknown element <ALIASNAME> in <INDIVIDUAL_ALIAS> not read; loaded with the rest"},
                          {8, "INDIVIDUAL CDi.004: unknown element <ENTITY_ALIAS> in <INDIVIDUAL> not read; loaded with the rest"}}));
  ASSERT_FALSE(r->rejected.empty());
  EXPECT_FALSE(r->rejected[0].repeat);  // a name may be lost: the list is not whole
}

// A second FIRST_NAME was passed over: "JOHN" kept, "FRANK KAKOLELE" dropped without a word.
TEST(UnXmlBadInputTest, ASingleElementGivenTwiceKeepsBothNamesAndIsCounted) {
  std::string path = WriteTemp(
      "un.xml", kUnHead +
                    "<INDIVIDUAL><REFERENCE_NUMBER>CDi.002</REFERENCE_NUMBER>\n"
                    "<FIRST_NAME>JOHN</FIRST_NAME><FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>"
                    "<SECOND_NAME>BWAMBALE</SECOND_NAME><NAME_ORIGINAL_SCRIPT>X</NAME_ORIGINAL_SCRIPT>\n"
                    "<NAME_ORIGINAL_SCRIPT>Y</NAME_ORIGINAL_SCRIPT></INDIVIDUAL>\n" +
                    kUnTail);
  auto r = LoadUnXml(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.caption(), "JOHN BWAMBALE");
  EXPECT_TRUE(HasName(e, "FRANK KAKOLELE BWAMBALE", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(e, "X", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(e, "Y", NameKind::kStrongAlias));
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].line, 5u);
  EXPECT_EQ(r->rejected[0].reason,
            "INDIVIDUAL CDi.002: <FIRST_NAME> given more than once in <INDIVIDUAL>; <NAME_ORIGINAL_SCRIPT> given more "
            "than once in <INDIVIDUAL>; loaded with the rest");
}

// A record placed before the genuine one under its REFERENCE_NUMBER left the genuine one
// rejected: its names were not screened.
TEST(UnXmlBadInputTest, AReferenceNumberGivenTwiceKeepsBothRecordsNames) {
  std::string path = WriteTemp(
      "un.xml", kUnHead +
                    "<INDIVIDUAL><REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER><FIRST_NAME>JOHN</FIRST_NAME></INDIVIDUAL>\n"
                    "<INDIVIDUAL><REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER><FIRST_NAME>ERIC</FIRST_NAME>"
                    "<SECOND_NAME>BADEGE</SECOND_NAME></INDIVIDUAL>\n" +
                    kUnTail);
  auto r = LoadUnXml(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0].caption(), "JOHN");
  EXPECT_TRUE(HasName(r->entities[0], "ERIC BADEGE", NameKind::kStrongAlias));
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].line, 5u);
  EXPECT_TRUE(r->rejected[0].repeat);  // no name lost
  EXPECT_EQ(r->rejected[0].reason,
            "REFERENCE_NUMBER CDi.001 repeats line 4's ('JOHN'): 'ERIC BADEGE' merged into that record");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], path + ":5: " + r->rejected[0].reason);
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// A record inside another record, or inside an element the format does not have, was dropped
// without a word (or counted as one rejection for any number of records); a file nested 100,000
// deep crashed the loader.
TEST(UnXmlBadInputTest, RecordsWhereNoRecordStandsAreEachRejected) {
  std::string path = WriteTemp(
      "nested.xml",
      "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
      "<INDIVIDUAL><FIRST_NAME>OUTER</FIRST_NAME><REFERENCE_NUMBER>X.1</REFERENCE_NUMBER>\n"
      "<INDIVIDUAL><FIRST_NAME>INNER</FIRST_NAME><REFERENCE_NUMBER>X.2</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUAL>\n"
      "<GROUP><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>X.3</REFERENCE_NUMBER></INDIVIDUAL>\n"
      "<INDIVIDUAL><FIRST_NAME>B</FIRST_NAME><REFERENCE_NUMBER>X.4</REFERENCE_NUMBER></INDIVIDUAL></GROUP>\n"
      "</INDIVIDUALS>\n" + Repeat("<INDIVIDUALS>", 100000) + Repeat("</INDIVIDUALS>", 100000) +
      "\n</CONSOLIDATED_LIST>\n");
  auto r = LoadUnXml(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  std::vector<std::pair<size_t, std::string>> rejected;
  for (const LoadIssue& i : r->rejected) rejected.emplace_back(i.line, i.reason);
  EXPECT_EQ(rejected, (std::vector<std::pair<size_t, std::string>>{
                          {5, "INDIVIDUAL inside <INDIVIDUAL>: not read"},
                          {6, "<GROUP> is no INDIVIDUAL or ENTITY: not read"},
                          {6, "INDIVIDUAL inside <GROUP>: not read"},
                          {7, "INDIVIDUAL inside <GROUP>: not read"},
                          {9, "<INDIVIDUALS> is no INDIVIDUAL or ENTITY: not read"}}));
}

// An entity a DOCTYPE declares (or none does) was read as written: the name "ERIC &br;".
TEST(UnXmlBadInputTest, AnEntityXmlDoesNotDefineIsRefusedNamingTheLine) {
  std::string path = WriteTemp(
      "entity.xml",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY br \"BADEGE\">]>\n<CONSOLIDATED_LIST>\n"
      "<INDIVIDUALS><INDIVIDUAL><FIRST_NAME>ERIC &#65;</FIRST_NAME><SECOND_NAME>&br;</SECOND_NAME>"
      "<REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>\n</CONSOLIDATED_LIST>\n");
  auto r = LoadUnXml(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), path + ":4: entity reference '&br;' is none XML defines: it would be read as written");
}

// Regression: a record, or a whole second document, after the root element closed was left out
// without a word ("cat old.xml new.xml" loaded the old list alone).
TEST(UnXmlBadInputTest, AnythingAfterTheRootElementIsRefusedNamingTheLine) {
  const std::string head = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL>"
                           "<FIRST_NAME>ERIC</FIRST_NAME><REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL>"
                           "</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n";
  std::string path = WriteTemp("second.xml", head + "<CONSOLIDATED_LIST/>\n");
  auto second = LoadUnXml(path);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(), path + ":5: element <CONSOLIDATED_LIST> after the root element "
                                       "<CONSOLIDATED_LIST> closed: a second document (files joined?) would be left out");
  path = WriteTemp("declaration.xml", head + "<?xml version=\"1.0\"?>\n");
  auto declaration = LoadUnXml(path);
  ASSERT_FALSE(declaration.ok());
  EXPECT_EQ(declaration.status().message().rfind(path + ":5: an XML declaration after the root element", 0), 0u)
      << declaration.status().message();
  path = WriteTemp("text.xml", head + "\nINDIVIDUAL\n");
  auto text = LoadUnXml(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message().rfind(path + ":", 0), 0u) << text.status().message();
  // Two real files joined, as "cat old.xml new.xml" joins them.
  std::string un = ReadFile(kUn).value();
  path = WriteTemp("cat.xml", un + un);
  auto joined = LoadUnXml(path);
  ASSERT_FALSE(joined.ok());
  size_t line = static_cast<size_t>(std::count(un.begin(), un.end(), '\n')) + 1;
  EXPECT_EQ(joined.status().message().rfind(path + ":" + std::to_string(line) + ": ", 0), 0u)
      << joined.status().message();
  // A file with no element at all has no root (read as a fragment, it would parse).
  for (std::string bytes : {"", "\n", "<?xml version=\"1.0\"?>\n", "INDIVIDUAL\n"}) {
    path = WriteTemp("empty.xml", bytes);
    auto empty = LoadUnXml(path);
    ASSERT_FALSE(empty.ok()) << bytes;
    EXPECT_EQ(empty.status().message(), path + ": no root element: not an XML document");
  }
  // Comments and blank lines after the root are no document.
  EXPECT_TRUE(LoadUnXml(WriteTemp("comment.xml", head + "<!-- end -->\n\n")).ok());
}

// Regression: "&#0;" cut the text it stood in short: <FIRST_NAME>&#0;ERIC</FIRST_NAME> loaded the
// person without that name. A reference to any character XML 1.0 forbids is refused.
TEST(UnXmlBadInputTest, AReferenceToACharacterXmlForbidsIsRefusedNamingTheLine) {
  auto doc = [](const std::string& first) {
    return "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL>\n<FIRST_NAME>" + first +
           "</FIRST_NAME><REFERENCE_NUMBER>X.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>\n</CONSOLIDATED_LIST>\n";
  };
  std::string path = WriteTemp("nul.xml", doc("&#0;ERIC"));
  auto nul = LoadUnXml(path);
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.status().message(), path + ":4: character reference '&#0;' is to U+0000, a character XML 1.0 does not "
                                    "allow: the text it stands in would be cut short or damaged");
  for (std::string ref : {"&#x0;", "&#8;", "&#x0B;", "&#12;", "&#x1f;", "&#xD800;", "&#57343;", "&#xFFFE;",
                          "&#xffff;", "&#x110000;", "&#99999999999;", "&#x;", "&#1a;"}) {
    auto r = LoadUnXml(WriteTemp("bad.xml", doc("ERIC" + ref)));
    ASSERT_FALSE(r.ok()) << ref;
    EXPECT_NE(r.status().message().find(":4: character reference '" + ref + "'"), std::string::npos)
        << r.status().message();
  }
  auto fine = LoadUnXml(WriteTemp("fine.xml", doc("ERIC&#9;&#xA;&#13;&#32;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;&#65;")));
  ASSERT_TRUE(fine.ok()) << fine.status().message();
  EXPECT_EQ(fine->entities.size(), 1u);
}

TEST(UnXmlBadInputTest, TruncatedFileIsAnErrorWithLine) {
  std::string text = ReadFile(kUn).value();
  std::string path = WriteTemp("truncated.xml", text.substr(0, text.size() / 3));
  auto r = LoadUnXml(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind(path + ":", 0), 0u) << r.status().message();
}

TEST(UnXmlBadInputTest, MissingFileAndWrongRoot) {
  auto missing = LoadUnXml(kUn + ".missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(kUn + ".missing"), std::string::npos);
  std::string path = WriteTemp("sdn.xml", "<sdnList/>");
  auto wrong = LoadUnXml(path);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find(path), std::string::npos);
}

}  // namespace
}  // namespace embargo
