#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "common/io.h"
#include "list_test_util.h"
#include "common/sha256.h"
#include "embargo/lists.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

const std::string kCons2018 = std::string(EMBARGO_SHARED_DATA) + "/ofac/non_sdn_cons_2018-04/";

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir =
      fs::path(testing::TempDir()) / ("embargo_xml_" + std::to_string(getpid()) + "_" + info->name());
  fs::create_directories(dir);
  std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string Doc(const std::string& count, const std::string& entries) {
  return "<?xml version=\"1.0\" standalone=\"yes\"?>\r\n"
         "<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">\r\n"
         "  <publshInformation><Publish_Date>04/06/2018</Publish_Date><Record_Count>" +
         count + "</Record_Count></publshInformation>\r\n" + entries + "</sdnList>\r\n";
}

std::string Entry(const std::string& uid, const std::string& last, const std::string& extra = "") {
  return "  <sdnEntry>\r\n    <uid>" + uid + "</uid>\r\n    <lastName>" + last +
         "</lastName>\r\n    <sdnType>Entity</sdnType>\r\n" + extra + "  </sdnEntry>\r\n";
}

std::set<std::string> NameValues(const Entity& e) {
  std::set<std::string> out;
  for (const Name& n : e.names) out.insert(n.value);
  return out;
}

class ConsolidatedXmlTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto x = LoadOfacXml(kCons2018 + "consolidated.xml", "ofac-cons");
    ASSERT_TRUE(x.ok()) << x.status().message();
    xml_ = new ListLoad(std::move(x).value());
    auto c = LoadOfacCsv(kCons2018 + "cons_prim.csv", "ofac-cons");
    ASSERT_TRUE(c.ok()) << c.status().message();
    csv_ = new ListLoad(std::move(c).value());
  }
  void SetUp() override { ASSERT_TRUE(xml_ != nullptr && csv_ != nullptr) << "loading failed, see above"; }
  static void TearDownTestSuite() {
    delete xml_;
    delete csv_;
  }
  static const ListLoad* xml_;
  static const ListLoad* csv_;
};
const ListLoad* ConsolidatedXmlTest::xml_ = nullptr;
const ListLoad* ConsolidatedXmlTest::csv_ = nullptr;

TEST_F(ConsolidatedXmlTest, CountsAndMetadata) {
  EXPECT_EQ(xml_->entities.size(), 639u);  // Record_Count 639
  EXPECT_TRUE(xml_->rejected.empty());
  EXPECT_EQ(xml_->published, "2018-04-06");
  EXPECT_EQ(xml_->dataset, "ofac-cons");
  EXPECT_EQ(xml_->format, "ofac-xml");
  EXPECT_EQ(xml_->title, "OFAC Consolidated (non-SDN) List");
  EXPECT_EQ(xml_->content_hash, Sha256Hex(ReadFile(kCons2018 + "consolidated.xml").value()));
  std::map<Schema, int> by_schema;
  for (const Entity& e : xml_->entities) ++by_schema[e.schema];
  EXPECT_EQ(by_schema[Schema::kPerson], 94);
  EXPECT_EQ(by_schema[Schema::kVessel], 74);
  EXPECT_EQ(by_schema[Schema::kOrganization], 471);
}

TEST_F(ConsolidatedXmlTest, SameUidsAsTheCsvOfTheSamePublication) {
  std::set<std::string> xml_ids, csv_ids;
  for (const Entity& e : xml_->entities) xml_ids.insert(e.id);
  for (const Entity& e : csv_->entities) csv_ids.insert(e.id);
  EXPECT_EQ(csv_ids.size(), 639u);
  EXPECT_EQ(xml_ids, csv_ids);
}

TEST_F(ConsolidatedXmlTest, SameNamesIdsAndDatesAsTheCsv) {
  std::set<std::string> name_mismatch;
  for (const Entity& c : csv_->entities) {
    const Entity* x = FindEntity(*xml_, c.id);
    ASSERT_NE(x, nullptr) << c.id;
    EXPECT_EQ(x->caption(), c.caption()) << c.id;  // "LAST, First" in both formats
    EXPECT_EQ(x->schema, c.schema) << c.id;
    if (NameValues(*x) != NameValues(c)) name_mismatch.insert(c.id);
    EXPECT_EQ(x->birth_dates, c.birth_dates) << c.id;
    EXPECT_EQ(x->nationalities, c.nationalities) << c.id;
    std::set<std::string> xi, ci;
    for (const Identifier& i : x->identifiers)
      xi.insert(std::string(IdKindName(i.kind)) + i.value + i.country);
    for (const Identifier& i : c.identifiers)
      ci.insert(std::string(IdKindName(i.kind)) + i.value + i.country);
    EXPECT_EQ(xi, ci) << c.id;
  }
  // The CSV writes the XML's double quotes as two apostrophes in this one alias.
  EXPECT_EQ(name_mismatch, std::set<std::string>{"ofac-cons:22391"});
}

TEST_F(ConsolidatedXmlTest, WeakAliasesFromCategory) {
  size_t weak = 0;
  for (const Entity& e : xml_->entities)
    for (const Name& n : e.names) weak += n.kind == NameKind::kWeakAlias;
  EXPECT_EQ(weak, 45u);  // 46 weak <aka> elements; 18769 repeats its primary name as one
}

TEST_F(ConsolidatedXmlTest, Vessel) {
  const Entity* e = FindEntity(*xml_, "ofac-cons:15037");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->caption(), "SUNDIAL");
  EXPECT_EQ(e->schema, Schema::kVessel);
  EXPECT_EQ(e->vessel_type, "Crude/Oil Products Tanker");
  EXPECT_EQ(e->vessel_flag, "");  // "None Identified"
  EXPECT_EQ(e->tonnage, "99030");
  std::set<std::string> ids;
  for (const Identifier& i : e->identifiers) ids.insert(std::string(IdKindName(i.kind)) + ":" + i.value);
  EXPECT_TRUE(ids.count("imo:9187655"));
  EXPECT_TRUE(ids.count("mmsi:256842000"));
  EXPECT_TRUE(NameValues(*e).count("ABADEH"));
  EXPECT_EQ(e->linked_to, std::vector<std::string>{"NATIONAL IRANIAN TANKER COMPANY"});
}

TEST_F(ConsolidatedXmlTest, PersonNameIsLastCommaFirst) {
  const Entity* e = FindEntity(*xml_, "ofac-cons:9647");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->caption(), "ZAHHAR, Mahmoud Khaled");
  EXPECT_TRUE(NameValues(*e).count("AL ZAHAR, Mahmoud Khaled"));
  ASSERT_EQ(e->birth_dates.size(), 1u);
  EXPECT_EQ(e->birth_dates[0].ToString(), "1945");
}

TEST(OfacXmlBadInputTest, RecordCountMismatchIsReported) {
  std::string path = WriteTemp("sdn.xml", Doc("3", Entry("1", "ONE") + Entry("2", "TWO")));
  auto r = LoadOfacXml(path, "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 2u);
  EXPECT_EQ(r->title, "OFAC SDN List");
  // Fewer entries than the publisher states: the file is incomplete (refused when put in force),
  // not a record the loader rejected.
  EXPECT_TRUE(r->rejected.empty());
  ASSERT_EQ(r->incomplete.size(), 1u);
  EXPECT_NE(r->incomplete[0].find("sdn.xml"), std::string::npos) << r->incomplete[0];
  EXPECT_NE(r->incomplete[0].find("Record_Count 3"), std::string::npos) << r->incomplete[0];
  std::vector<ListLoad> lists;
  lists.push_back(std::move(*r));
  Status refused = CheckListsComplete(lists, {});
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("Record_Count 3"), std::string::npos) << refused.message();
  EXPECT_TRUE(CheckListsComplete(lists, {.allow_shrink = true}).ok());
  EXPECT_NE(lists[0].accepted_incomplete.find("Record_Count"), std::string::npos);
}

// Regression: a file without its Record_Count (one record removed, the count too) loaded unchecked.
TEST(OfacXmlBadInputTest, AFileWithoutItsRecordCountIsIncomplete) {
  std::string doc = Doc("2", Entry("1", "ONE") + Entry("2", "TWO"));
  doc.erase(doc.find("<Record_Count>"), doc.find("</Record_Count>") + 15 - doc.find("<Record_Count>"));
  auto r = LoadOfacXml(WriteTemp("sdn.xml", doc), "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 2u);
  ASSERT_EQ(r->incomplete.size(), 1u);
  EXPECT_NE(r->incomplete[0].find("sdn.xml: no publshInformation/Record_Count"), std::string::npos) << r->incomplete[0];
}

// Regression: "&#0;" in a name cut it short (<firstName>&#0;Ismail</firstName> loaded without it).
TEST(OfacXmlBadInputTest, AReferenceToACharacterXmlForbidsIsRefusedNamingTheLine) {
  std::string path = WriteTemp("sdn.xml", Doc("2", Entry("1", "ONE") + Entry("2", "&#0;TWO")));
  auto r = LoadOfacXml(path, "ofac-sdn");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind(path + ":11: character reference '&#0;' is to U+0000", 0), 0u)
      << r.status().message();
}

// A name split by a comment or a CDATA section is one value in XML: read whole, never its first
// piece alone.
TEST(OfacXmlBadInputTest, ANameInPiecesIsReadWhole) {
  std::string path = WriteTemp("sdn.xml", Doc("1", Entry("1", "AYMAN AL <!-- x -->ZAWA<![CDATA[HIRI]]>")));
  auto r = LoadOfacXml(path, "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(NameValues(r->entities[0]), std::set<std::string>{"AYMAN AL ZAWAHIRI"});
}

TEST(OfacXmlBadInputTest, EntryWithoutUidNamesItsLine) {
  std::string path = WriteTemp("x.xml", Doc("2", Entry("1", "ONE") + Entry("", "NO UID")));
  auto r = LoadOfacXml(path, "ofac-cons");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entities.size(), 1u);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].file, path);
  EXPECT_EQ(r->rejected[0].line, 9u);  // the second <sdnEntry>
  EXPECT_NE(r->rejected[0].reason.find("uid"), std::string::npos);
}

// An entry placed before the genuine one under its uid left the genuine one rejected; a type
// OFAC does not write was read as an organisation without a word.
TEST(OfacXmlBadInputTest, ARepeatedUidKeepsBothNamesAndAnUnknownTypeIsNamed) {
  std::string typo = "  <sdnEntry>\r\n    <uid>9</uid>\r\n    <lastName>PUTIN</lastName>\r\n"
                     "    <sdnType>Indivdual</sdnType>\r\n  </sdnEntry>\r\n";
  std::string path = WriteTemp("sdn.xml", Doc("3", Entry("7", "DECOY") + Entry("7", "GENUINE") + typo));
  auto r = LoadOfacXml(path, "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->incomplete.empty());  // three entries, as counted
  ASSERT_EQ(r->entities.size(), 2u);
  EXPECT_EQ(r->entities[0].caption(), "DECOY");
  EXPECT_EQ(NameValues(r->entities[0]), (std::set<std::string>{"DECOY", "GENUINE"}));
  EXPECT_EQ(r->entities[1].schema, Schema::kLegalEntity);
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_EQ(r->rejected[0].line, 9u);
  EXPECT_TRUE(r->rejected[0].repeat);
  EXPECT_EQ(r->rejected[0].reason, "uid 7 repeats line 4's ('DECOY'): 'GENUINE' merged into that record");
  EXPECT_EQ(r->rejected[1].line, 14u);
  EXPECT_FALSE(r->rejected[1].repeat);
  EXPECT_EQ(r->rejected[1].reason,
            "sdnEntry 9: sdnType 'Indivdual' is none of Individual, Entity, Vessel or Aircraft; loaded untyped");
  ASSERT_EQ(r->warnings.size(), 1u);
}

TEST(OfacXmlBadInputTest, TruncatedFileIsAnErrorWithLine) {
  std::string full = Doc("2", Entry("1", "ONE") + Entry("2", "TWO"));
  std::string path = WriteTemp("truncated.xml", full.substr(0, full.size() / 2));
  auto r = LoadOfacXml(path, "ofac-cons");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind(path + ":", 0), 0u) << r.status().message();
  EXPECT_NE(r.status().message().find("XML parse error"), std::string::npos);
}

TEST(OfacXmlBadInputTest, WrongRootAndMissingFile) {
  std::string path = WriteTemp("other.xml", "<?xml version=\"1.0\"?><export/>");
  auto wrong = LoadOfacXml(path, "ofac-cons");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find(path), std::string::npos);
  std::string missing = kCons2018 + "missing.xml";
  auto r = LoadOfacXml(missing, "ofac-cons");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(missing), std::string::npos);
}

}  // namespace
}  // namespace embargo
