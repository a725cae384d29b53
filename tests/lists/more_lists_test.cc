// The UK OFSI, BIS DPL, US CSL, EU FSF and FtM JSON-lines loaders: real files where they exist
// (counts from ../shared/data/README.md), hand-written fixtures otherwise, and bad input.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

#include "common/io.h"
#include "list_test_util.h"
#include "common/sha256.h"
#include "embargo/lists.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(EMBARGO_SHARED_DATA);
const std::string kOfsi = kData + "/uk_ofsi/ConList_2018-04-13.csv";
const std::string kDpl = kData + "/bis/dpl.txt";
const std::string kCslLegacy = kData + "/us_csl/csl_sample_legacy_format.csv";
const std::string kCslCurrent = kData + "/us_csl/consolidated_sample_current_format.csv";
const std::string kEuFixture = std::string(EMBARGO_SOURCE_DIR) + "/tests/lists/testdata/eu/fsf_sample.xml";
const std::string kEuSchema = kData + "/eu/fsf_schema_1_1.xsd";
const std::string kPairs = kData + "/../benchmarks/opensanctions-pairs/dev.jsonl";

// A per-test scratch directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    static int made = 0;  // a test may use several
    path_ = fs::path(testing::TempDir()) / ("embargo_more_" + std::to_string(getpid()) + "_" + info->test_suite_name() +
                                            "_" + info->name() + "_" + std::to_string(++made));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream((path_ / name).string(), std::ios::binary) << bytes;
    return (path_ / name).string();
  }
  void Link(const std::string& name, const std::string& target) const {
    fs::create_directories((path_ / name).parent_path());
    fs::create_symlink(target, path_ / name);
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

const Entity* FindByName(const ListLoad& l, const std::string& name) {
  for (const Entity& e : l.entities)
    for (const Name& n : e.names)
      if (n.value == name) return &e;
  return nullptr;
}

bool HasId(const Entity& e, IdKind kind, std::string_view value) {
  return std::any_of(e.identifiers.begin(), e.identifiers.end(),
                     [&](const Identifier& id) { return id.kind == kind && id.value == value; });
}

std::vector<std::string> Dates(const Entity& e) {
  std::vector<std::string> out;
  for (const PartialDate& d : e.birth_dates) out.push_back(d.ToString());
  return out;
}

// Every rejected record names its file, a line and a reason.
void ExpectWellFormedIssues(const ListLoad& l, const std::string& file) {
  for (const LoadIssue& i : l.rejected) {
    EXPECT_EQ(i.file, file);
    EXPECT_GT(i.line, 0u) << i.reason;
    EXPECT_FALSE(i.reason.empty());
  }
}

// --- UK OFSI ---------------------------------------------------------------------------------

TEST(UkOfsiCsvTest, RealFileGroupsRowsIntoTargets) {
  auto r = LoadUkOfsiCsv(kOfsi);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 2106u);
  EXPECT_TRUE(r->rejected.empty()) << r->rejected[0].line << ": " << r->rejected[0].reason;
  EXPECT_EQ(r->dataset, "uk-ofsi");
  EXPECT_EQ(r->format, "uk-ofsi-csv");
  EXPECT_EQ(r->published, "2018-04-13");
  EXPECT_EQ(r->content_hash, Sha256Hex(ReadFile(kOfsi).value()));
  std::set<std::string> ids;
  for (const Entity& e : r->entities) {
    ids.insert(e.id);
    EXPECT_EQ(e.id, "uk-ofsi:" + e.native_id);
    EXPECT_FALSE(e.caption().empty()) << e.id;
    EXPECT_EQ(e.names[0].kind, NameKind::kPrimary) << e.id;
  }
  EXPECT_EQ(ids.size(), 2106u);
}

// Files without ship columns write a ship's IMO number in Other Information: a renamed ship given
// by its IMO number passed against the UK list alone.
TEST(UkOfsiCsvTest, ShipsGiveTheirImoNumbersInOtherInformation) {
  for (const std::string& path : {kOfsi, std::string(EMBARGO_SOURCE_DIR) + "/data/lists/uk-ofsi/ConList.csv.gz"}) {
    auto r = LoadUkOfsiCsv(path);
    ASSERT_TRUE(r.ok()) << r.status().message();
    const Entity* sam_jong = nullptr;
    size_t with_imo = 0;
    for (const Entity& e : r->entities) {
      if (e.id == "uk-ofsi:13651") sam_jong = &e;
      with_imo += std::any_of(e.identifiers.begin(), e.identifiers.end(), [](const Identifier& i) { return i.kind == IdKind::kImo; });
    }
    ASSERT_NE(sam_jong, nullptr) << path;
    EXPECT_TRUE(std::any_of(sam_jong->identifiers.begin(), sam_jong->identifiers.end(),
                            [](const Identifier& i) { return i.kind == IdKind::kImo && i.value == "7408873"; }))
        << path;
    EXPECT_GE(with_imo, 10u) << path;
  }
}

TEST(UkOfsiCsvTest, PartialDatesNamesAndNumberedLists) {
  auto r = LoadUkOfsiCsv(kOfsi);
  ASSERT_TRUE(r.ok());
  const Entity* e = FindEntity(*r, "uk-ofsi:13349");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kPerson);
  // " AL-QAHTANI,Sheikh,Farooq": Name 1..5 then Name 6 (the surname), trimmed.
  EXPECT_TRUE(std::any_of(e->names.begin(), e->names.end(), [](const Name& n) { return n.value == "Sheikh Farooq AL-QAHTANI"; }));
  EXPECT_EQ(Dates(*e), (std::vector<std::string>{"1980", "1981"}));  // 00/00/1980, 00/00/1981
  EXPECT_EQ(e->nationalities, (std::vector<std::string>{"SA", "QA"}));  // "1) Saudi Arabia 2) Qatar"
  EXPECT_TRUE(HasId(*e, IdKind::kPassport, "592667"));
  EXPECT_NE(e->remarks.find("QDe.004"), std::string::npos);
  EXPECT_EQ(e->listed_on, "2016-04-01");
  // Windows-1252 text is read as UTF-8.
  for (const Entity& x : r->entities)
    for (const Name& n : x.names) ASSERT_TRUE(IsValidUtf8(n.value)) << x.id;
}

// An OFSI file's two header lines and one good row, for the tests that damage the rows after it.
const std::string kOfsiHeader =
    "Last Updated,01/02/2020\r\n"
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,"
    "Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,"
    "Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID\r\n";
const std::string kOfsiRow = "DOE,John,,,,,,00/05/1970,,,,,,,,,,,,,,,,Individual,Prime Alias,Test,01/01/2019,01/01/2019,1\r\n";

TEST(UkOfsiCsvTest, BadRowsAreNamedAndUnusableFilesAreErrors) {
  TempDir dir;
  const std::string header = kOfsiHeader, good = kOfsiRow;
  std::string path = dir.Write("conlist.csv", header + good +
                                                   "SHORT,row\r\n"
                                                   ",,,,,,,,,,,,,,,,,,,,,,,Individual,AKA,Test,,,2\r\n"
                                                   "X,Y,,,,,,,,,,,,,,,,,,,,,,Individual,AKA,Test,,,abc\r\n"
                                                   "DOE CORP,,,,,,,,,,,,,,,,,,,,,,,Entity,AKA,Test,,,1\r\n");
  auto r = LoadUkOfsiCsv(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(Dates(r->entities[0]), std::vector<std::string>{"1970-05"});
  EXPECT_EQ(r->published, "2020-02-01");
  ASSERT_EQ(r->rejected.size(), 4u);
  ExpectWellFormedIssues(*r, path);
  EXPECT_EQ(r->rejected[0].line, 4u);
  EXPECT_NE(r->rejected[0].reason.find("expected 29 fields"), std::string::npos);
  EXPECT_NE(r->rejected[1].reason.find("without a name"), std::string::npos);
  EXPECT_NE(r->rejected[2].reason.find("non-numeric Group ID"), std::string::npos);
  EXPECT_NE(r->rejected[3].reason.find("contradicts"), std::string::npos);
  // Which row is right cannot be told: the contradicting row's name is kept, the target untyped.
  EXPECT_TRUE(r->rejected[3].repeat);
  EXPECT_TRUE(HasName(r->entities[0], "DOE CORP", NameKind::kStrongAlias));
  EXPECT_EQ(r->entities[0].schema, Schema::kLegalEntity);

  for (const std::string& bytes : {std::string("garbage\n"), header, std::string()}) {
    std::string bad = dir.Write("bad.csv", bytes);
    auto b = LoadUkOfsiCsv(bad);
    ASSERT_FALSE(b.ok());
    EXPECT_NE(b.status().message().find(bad), std::string::npos) << b.status().message();
  }
  auto missing = LoadUkOfsiCsv(dir.path() + "/none.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("none.csv"), std::string::npos);
}

// A header naming a column twice loaded the first column's values only: every record passed
// over the other's without a word.
TEST(ListHeadersTest, AColumnNamedTwiceRefusesTheFileNamingIt) {
  TempDir dir;
  std::string uk = kOfsiHeader;
  uk.replace(uk.find("Name 2"), 6, "Name 1");
  auto u = LoadUkOfsiCsv(dir.Write("conlist.csv", uk + kOfsiRow));
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("conlist.csv:2: the header names column 'Name 1' (columns 2 and 3) twice"),
            std::string::npos)
      << u.status().message();
  std::string text = ReadFile(kCslCurrent).value();
  std::string header = text.substr(0, text.find('\n') + 1);
  std::string first = text.substr(header.size(), text.find('\n', header.size()) + 1 - header.size());
  header.replace(header.find("alt_names"), 9, "name");
  auto c = LoadUsCslCsv(dir.Write("csl.csv", header + first));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("csl.csv:1: the header names column 'name'"), std::string::npos)
      << c.status().message();
}

// --- BIS DPL ---------------------------------------------------------------------------------

TEST(BisDplTest, RealFileWithItsQuirks) {
  auto r = LoadBisDpl(kDpl);
  ASSERT_TRUE(r.ok()) << r.status().message();
  // 581 records: two are exact duplicates of earlier rows (same name, address and order).
  EXPECT_EQ(r->entities.size() + r->rejected.size(), 581u);
  EXPECT_EQ(r->entities.size(), 579u);
  ASSERT_EQ(r->rejected.size(), 2u);
  ExpectWellFormedIssues(*r, kDpl);
  for (const LoadIssue& i : r->rejected) EXPECT_NE(i.reason.find("duplicate of line"), std::string::npos);
  EXPECT_EQ(r->dataset, "bis-dpl");
  EXPECT_EQ(r->published, "2022-09-02");  // the newest Effective_Date; Last_Update has typos
  std::set<std::string> ids;
  for (const Entity& e : r->entities) {
    ids.insert(e.id);
    EXPECT_EQ(e.id.size(), std::string("bis-dpl:").size() + 12);
    EXPECT_EQ(e.caption(), std::string(e.caption().c_str()));
    EXPECT_FALSE(e.caption().empty());
    EXPECT_NE(e.caption().front(), ' ') << e.id;
  }
  EXPECT_EQ(ids.size(), 579u);
  const Entity* ash = FindByName(*r, "I. ASH");  // published as " I. ASH"
  ASSERT_NE(ash, nullptr);
  ASSERT_EQ(ash->addresses.size(), 1u);
  EXPECT_EQ(ash->addresses[0].country, "US");
  EXPECT_EQ(ash->listed_on, "2003-06-19");
  const Entity* villa = FindByName(*r, "AARON ABRAHAM VILLA");  // Country empty, State TX
  ASSERT_NE(villa, nullptr);
  EXPECT_EQ(villa->addresses[0].country, "US");
}

TEST(BisDplTest, IdsAreStableAcrossLoadsAndIgnoreCaseAndSpacing) {
  TempDir dir;
  const std::string header =
      "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t"
      "\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n";
  std::string a = dir.Write("a/dpl.txt", header + "\"JOHN DOE\"\t\"1 MAIN ST\"\t\"X\"\t\"\"\t\"DE\"\t\"1\"\t\"01/02/2020\"\t\"\"\t\"Y\"\t\"2020-01-02\"\t\"\"\t\"\"\n");
  std::string b = dir.Write("b/dpl.txt", header + "\" John  Doe\"\t\"1 Main St\"\t\"X\"\t\"\"\t\"DE\"\t\"1\"\t\"01/02/2021\"\t\"\"\t\"Y\"\t\"2021-01-02\"\t\"RENEWED\"\t\"\"\n"
                                                   "\"ONLY\"\t\"FIELDS\"\n"
                                                   "\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n");
  auto ra = LoadBisDpl(a), rb = LoadBisDpl(b);
  ASSERT_TRUE(ra.ok() && rb.ok());
  ASSERT_EQ(ra->entities.size(), 1u);
  ASSERT_EQ(rb->entities.size(), 1u);
  EXPECT_EQ(ra->entities[0].id, rb->entities[0].id);
  ASSERT_EQ(rb->rejected.size(), 2u);
  ExpectWellFormedIssues(*rb, b);
  EXPECT_EQ(rb->rejected[0].line, 3u);
  EXPECT_NE(rb->rejected[0].reason.find("expected 12 fields"), std::string::npos);
  EXPECT_NE(rb->rejected[1].reason.find("empty Name"), std::string::npos);

  std::string bad = dir.Write("bad/dpl.txt", "Name,Street\nx,y\n");
  auto r = LoadBisDpl(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(bad), std::string::npos);
}

// --- US CSL ----------------------------------------------------------------------------------

TEST(UsCslCsvTest, LegacyLayout) {
  auto r = LoadUsCslCsv(kCslLegacy);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 115u);
  EXPECT_TRUE(r->rejected.empty()) << r->rejected[0].reason;
  EXPECT_EQ(r->dataset, "us-csl");
  EXPECT_EQ(r->format, "us-csl-csv-legacy");
  std::map<std::string, int> by_source;
  for (const Entity& e : r->entities) ++by_source[e.programs.at(0)];
  EXPECT_EQ(by_source["DPL"], 8);
  EXPECT_EQ(by_source["ISN"], 3);
  EXPECT_EQ(by_source["UVL"], 4);
  const Entity* hernandez = FindByName(*r, "ADRIAN MANUEL HERNANDEZ");
  ASSERT_NE(hernandez, nullptr);
  EXPECT_EQ(hernandez->listed_on, "2017-10-16");
  // ids "US, 80-0890696, Tax ID No." read as typed identifiers.
  bool tax = false;
  for (const Entity& e : r->entities) tax |= HasId(e, IdKind::kTaxId, "80-0890696");
  EXPECT_TRUE(tax);
}

TEST(UsCslCsvTest, CurrentLayoutWithId) {
  auto r = LoadUsCslCsv(kCslCurrent);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 13u);
  EXPECT_TRUE(r->rejected.empty());
  EXPECT_EQ(r->format, "us-csl-csv");
  const Entity* e = FindEntity(*r, "us-csl:1b5979e8fd3920a1a0985bf5088dad930a6a5562d1513f9e4b015e42");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->caption(), "Atlas Sanatgaran");
  ASSERT_EQ(e->addresses.size(), 1u);
  EXPECT_EQ(e->addresses[0].country, "AM");
  EXPECT_EQ(e->programs.at(0), "UVL");
  bool passport = false;
  for (const Entity& x : r->entities) passport |= HasId(x, IdKind::kPassport, "836238033");
  EXPECT_TRUE(passport);
}

// A CSL copy of an OFAC or BIS record is dropped when the publisher's list holds it, or is as new
// as the CSL and so has delisted it; a designation an older publisher's list lacks stays.
TEST(UsCslCsvTest, CopiesGoOnlyWhenThePublishersListHoldsThemOrIsNewer) {
  auto person = [](std::string dataset, std::string native_id, std::string name, std::string source) {
    Entity e;
    e.dataset = dataset;
    e.native_id = native_id;
    e.id = dataset + ":" + native_id;
    e.names = {{std::move(name)}};
    if (!source.empty()) e.programs = {std::move(source), "RUSSIA-EO14024"};
    return e;
  };
  auto lists = [&](std::string sdn_published, std::string csl_published) {
    std::vector<ListLoad> l(3);
    l[0].dataset = "bis-dpl";
    l[0].entities = {person("bis-dpl", "7", "ACME TRADING, LTD.", "")};
    l[1].dataset = "ofac-sdn";
    l[1].published = std::move(sdn_published);
    l[1].entities = {person("ofac-sdn", "100", "OLD, Listed", "")};
    l[2].dataset = "us-csl";
    l[2].published = std::move(csl_published);
    l[2].entities = {person("us-csl", "100", "OLD, Listed", "SDN"), person("us-csl", "99999", "NEW, Designated", "SDN"),
                     person("us-csl", "ab12", "Acme Trading Ltd", "DPL"), person("us-csl", "cd34", "Other Firm", "DPL")};
    DropSupersededCopies(l);
    std::vector<std::string> kept;
    for (const Entity& e : l[2].entities) kept.push_back(e.native_id);
    EXPECT_EQ(RecordsGiven(l[2]), 4u);
    return kept;
  };
  // The SDN list older than the CSL, or undated: the CSL's newer designation is screened.
  EXPECT_EQ(lists("2022-01-01", "2022-04-21"), (std::vector<std::string>{"99999", "cd34"}));
  EXPECT_EQ(lists("", "2022-04-21"), (std::vector<std::string>{"99999", "cd34"}));
  // The SDN list newer: the record it lacks was delisted since (the DPL is undated: kept).
  EXPECT_EQ(lists("2024-05-03", "2022-04-21"), (std::vector<std::string>{"cd34"}));
}

TEST(UsCslCsvTest, BadRowsAndBadFiles) {
  TempDir dir;
  std::string text = ReadFile(kCslCurrent).value();
  std::string header = text.substr(0, text.find('\n') + 1);
  std::string first = text.substr(header.size(), text.find('\n', header.size()) + 1 - header.size());
  std::string path = dir.Write("csl.csv", header + first + first + "\"x\",\"y\"\n");
  auto r = LoadUsCslCsv(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  // The same row twice is one listing stated twice: merged, not rejected.
  EXPECT_EQ(r->entities.size(), 1u);
  ASSERT_EQ(r->rejected.size(), 1u);
  ExpectWellFormedIssues(*r, path);
  EXPECT_EQ(r->rejected[0].line, 4u);
  std::string bad = dir.Write("bad.csv", "a,b,c\n1,2,3\n");
  auto b = LoadUsCslCsv(bad);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find(bad), std::string::npos);
}

// A row placed before the genuine one under its _id, naming another party, left the genuine row
// rejected: the listed party screened clear.
TEST(UsCslCsvTest, AnIdRepeatedForAnotherNameKeepsBothNames) {
  TempDir dir;
  std::string text = ReadFile(kCslCurrent).value();
  std::string header = text.substr(0, text.find('\n') + 1);
  std::string first = text.substr(header.size(), text.find('\n', header.size()) + 1 - header.size());
  auto r0 = LoadUsCslCsv(dir.Write("one.csv", header + first));
  ASSERT_TRUE(r0.ok()) << r0.status().message();
  const std::string name = r0->entities.at(0).caption();
  std::string decoy = first;
  decoy.replace(decoy.find(name), name.size(), "JOHN DECOY");
  std::string path = dir.Write("csl.csv", header + decoy + first);
  auto r = LoadUsCslCsv(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0].caption(), "JOHN DECOY");
  EXPECT_TRUE(HasName(r->entities[0], name, NameKind::kStrongAlias));
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].line, 3u);
  EXPECT_TRUE(r->rejected[0].repeat);  // no name lost
  EXPECT_NE(r->rejected[0].reason.find("line 2 names 'JOHN DECOY': merged"), std::string::npos) << r->rejected[0].reason;
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], path + ":3: " + r->rejected[0].reason);
}

// A type the CSL does not write was read untyped without a word.
TEST(UsCslCsvTest, ATypeTheListDoesNotWriteIsNamedAndTheRecordLoadsUntyped) {
  TempDir dir;
  auto r0 = LoadUsCslCsv(kCslCurrent);
  ASSERT_TRUE(r0.ok()) << r0.status().message();
  std::string text = ReadFile(kCslCurrent).value();
  size_t at = text.find("\"Individual\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 12, "\"Indivdual\"");
  std::string path = dir.Write("csl.csv", text);
  auto r = LoadUsCslCsv(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), r0->entities.size());
  ASSERT_EQ(r->rejected.size(), 1u);
  ExpectWellFormedIssues(*r, path);
  EXPECT_FALSE(r->rejected[0].repeat);
  EXPECT_NE(r->rejected[0].reason.find(": type 'Indivdual' is none of Individual, Entity, Vessel or Aircraft; loaded untyped"),
            std::string::npos)
      << r->rejected[0].reason;
}

// Regression: a header row repeated inside the file (pieces joined, each with its header) was
// loaded as a listed party named "name" (CSL) or "Name" (DPL). It is a malformed record.
TEST(UsCslCsvTest, ARepeatedHeaderRowIsARejectedRecordNotAParty) {
  TempDir dir;
  for (const std::string& source : {kCslCurrent, kCslLegacy}) {
    std::string text = ReadFile(source).value();
    std::string header = text.substr(0, text.find('\n') + 1);
    std::string first = text.substr(header.size(), text.find('\n', header.size()) + 1 - header.size());
    std::string path = dir.Write("csl.csv", header + first + header);
    auto r = LoadUsCslCsv(path);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->entities.size(), 1u) << source;
    EXPECT_EQ(FindByName(*r, "name"), nullptr);
    ASSERT_EQ(r->rejected.size(), 1u) << source;
    EXPECT_EQ(r->rejected[0].file, path);
    EXPECT_EQ(r->rejected[0].line, 3u);
    EXPECT_EQ(r->rejected[0].reason, "repeats the header row (line 1): not a record");
  }
}

TEST(BisDplTest, ARepeatedHeaderRowIsARejectedRecordNotAParty) {
  TempDir dir;
  std::string text = ReadFile(kDpl).value();
  std::string header = text.substr(0, text.find('\n') + 1);
  size_t tenth = 0;
  for (int i = 0; i < 10; ++i) tenth = text.find('\n', tenth) + 1;
  std::string path = dir.Write("dpl.txt", text.substr(0, tenth) + header + text.substr(tenth));
  auto r = LoadBisDpl(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 579u);
  EXPECT_EQ(FindByName(*r, "Name"), nullptr);
  ASSERT_EQ(r->rejected.size(), 3u);
  EXPECT_EQ(r->rejected[0].line, 11u);
  EXPECT_EQ(r->rejected[0].reason, "repeats the header row (line 1): not a record");
}

// --- Files cut short ------------------------------------------------------------------------

// A list file cut inside a record (a download or `head -c` stopped there) is incomplete, naming
// the file and the line; without the fix it loaded the records before the cut with exit 0.
TEST(CutListFilesTest, AUkCslOrDplFileEndingInsideARecordIsIncomplete) {
  TempDir dir;
  using Loader = StatusOr<ListLoad> (*)(const std::string&);
  const std::vector<std::tuple<std::string, std::string, Loader>> files = {
      {kOfsi, "ConList.csv", &LoadUkOfsiCsv}, {kCslLegacy, "csl.csv", &LoadUsCslCsv}, {kDpl, "dpl.txt", &LoadBisDpl}};
  for (const auto& [source, name, load] : files) {
    std::string text = ReadFile(source).value();
    size_t cut = text.find('\n', text.size() / 2) + 6;  // six bytes into a record
    std::string path = dir.Write("cut/" + name, text.substr(0, cut));
    auto r = load(path);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_FALSE(r->incomplete.empty()) << name;
    EXPECT_NE(r->incomplete[0].find(name + ":"), std::string::npos) << r->incomplete[0];
    EXPECT_NE(r->incomplete[0].find("the file ends inside this record"), std::string::npos) << r->incomplete[0];
    std::vector<ListLoad> lists{std::move(*r)};
    Status refused = CheckListsComplete(lists, {});
    EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition) << name;
    EXPECT_NE(refused.message().find(path), std::string::npos) << refused.message();

    // The whole file without its last line end is complete: many published files end so.
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    auto whole = load(dir.Write("whole/" + name, text));
    auto full = load(source);
    ASSERT_TRUE(whole.ok() && full.ok()) << name;
    EXPECT_TRUE(whole->incomplete.empty()) << whole->incomplete[0];
    EXPECT_EQ(whole->entities.size(), full->entities.size()) << name;
    EXPECT_EQ(whole->rejected.size(), full->rejected.size()) << name;
  }
}

// The line named is the cut record's; a quote the cut leaves open is a cut too.
TEST(CutListFilesTest, TheCutRecordsLineIsNamed) {
  TempDir dir;
  const std::string header = kOfsiHeader, good = kOfsiRow;
  for (const std::string& cut : {std::string("ROE,Jane,,,,,,,,"), std::string("ROE,Jane,,,,,,,,,,,,,,\"1 Main St\r\nLo")}) {
    auto r = LoadUkOfsiCsv(dir.Write("conlist.csv", header + good + cut));
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_FALSE(r->incomplete.empty()) << cut;
    EXPECT_EQ(r->incomplete[0].rfind("conlist.csv:4: the file ends inside this record (", 0), 0u) << r->incomplete[0];
    EXPECT_EQ(r->entities.size(), 1u);
  }
}

// `head -n` that stops inside a multi-line quoted field (an address) ends the file with a line end
// and a quote still open: incomplete, naming the record's line. Without the fix the cut loaded
// (US CSL: 1,764 of 14,048 entities lost, exit 0) with the record only rejected.
TEST(CutListFilesTest, AQuoteOpenAtTheEndIsACutThoughALineEndFollows) {
  TempDir dir;
  const std::string lists = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
  using Loader = StatusOr<ListLoad> (*)(const std::string&);
  const std::vector<std::tuple<std::string, std::string, Loader>> files = {
      {lists + "/uk-ofsi/ConList.csv.gz", "ConList.csv", &LoadUkOfsiCsv},
      {lists + "/us-csl/consolidated.csv.gz", "consolidated.csv", &LoadUsCslCsv}};
  for (const auto& [source, name, load] : files) {
    std::string text = ReadFile(source).value();
    // Cut after the first line end inside quotes past the middle; note the line its record starts on.
    size_t at = 0, line = 1, record_line = 1;
    for (bool quoted = false; at < text.size(); ++at) {
      if (text[at] == '"') quoted = !quoted;
      if (text[at] != '\n') continue;
      if (quoted && at > text.size() / 2) break;
      ++line;
      if (!quoted) record_line = line;
    }
    ASSERT_LT(at, text.size()) << name;
    auto r = load(dir.Write(name, text.substr(0, at + 1)));
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->incomplete.size(), 1u) << name;
    std::string expected = name + ":" + std::to_string(record_line) + ": the file ends inside this record (unterminated";
    EXPECT_EQ(r->incomplete[0].rfind(expected, 0), 0u) << r->incomplete[0];
    std::vector<ListLoad> loaded{std::move(*r)};
    EXPECT_EQ(CheckListsComplete(loaded, {}).code(), StatusCode::kFailedPrecondition) << name;
  }
}

// --- EU FSF ----------------------------------------------------------------------------------

TEST(EuFsfXmlTest, FixtureIsSchemaValid) {
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) GTEST_SKIP() << "xmllint not installed";
  std::string cmd = "xmllint --noout --schema '" + kEuSchema + "' '" + kEuFixture + "' 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

TEST(EuFsfXmlTest, PersonsEntitiesAliasesDatesIdentifications) {
  auto r = LoadEuFsfXml(kEuFixture);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 4u);
  EXPECT_TRUE(r->rejected.empty());
  EXPECT_EQ(r->dataset, "eu-fsf");
  EXPECT_EQ(r->format, "eu-fsf-xml");
  EXPECT_EQ(r->published, "2024-05-02");

  const Entity* p = FindEntity(*r, "eu-fsf:13");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->schema, Schema::kPerson);
  EXPECT_EQ(p->caption(), "Ivan Petrovich Testov");
  EXPECT_TRUE(HasName(*p, "Иван Петрович Тестов", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(*p, "Ιβάν Πέτροβιτς Τέστοφ", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(*p, "Vanya Testov", NameKind::kWeakAlias));
  EXPECT_EQ(Dates(*p), (std::vector<std::string>{"1961-07-15", "1962"}));
  EXPECT_EQ(p->citizenships, std::vector<std::string>{"RU"});
  EXPECT_EQ(p->gender, "male");
  EXPECT_TRUE(HasId(*p, IdKind::kPassport, "753123456"));
  EXPECT_TRUE(HasId(*p, IdKind::kTaxId, "770012345678"));
  EXPECT_EQ(p->listed_on, "2022-02-28");
  EXPECT_NE(std::find(p->programs.begin(), p->programs.end(), "UKR"), p->programs.end());
  EXPECT_NE(p->title.find("Deputy Minister"), std::string::npos);

  const Entity* bank = FindEntity(*r, "eu-fsf:27");
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(bank->schema, Schema::kOrganization);
  EXPECT_TRUE(HasName(*bank, "Banque Test SA", NameKind::kStrongAlias));
  EXPECT_TRUE(HasId(*bank, IdKind::kRegistration, "1027700000001"));
  EXPECT_TRUE(HasId(*bank, IdKind::kSwiftBic, "TESTRUMM"));
  EXPECT_EQ(bank->websites, std::vector<std::string>{"www.testbank.example"});
  ASSERT_EQ(bank->addresses.size(), 1u);
  EXPECT_EQ(bank->addresses[0].country, "RU");

  const Entity* un = FindEntity(*r, "eu-fsf:41");
  ASSERT_NE(un, nullptr);
  EXPECT_EQ(un->caption(), "Abd al-Test Al-Fixturi");  // first + last when wholeName is empty
  EXPECT_TRUE(HasName(*un, "عبد التست الفكستوري", NameKind::kStrongAlias));
  EXPECT_EQ(Dates(*un), (std::vector<std::string>{"1970", "1972"}));
  EXPECT_TRUE(HasId(*un, IdKind::kOther, "QDi.999"));
  EXPECT_TRUE(HasId(*un, IdKind::kNationalId, "A1234567"));

  const Entity* kp = FindEntity(*r, "eu-fsf:55");
  ASSERT_NE(kp, nullptr);
  EXPECT_EQ(kp->caption(), "조선시험무역회사");  // the only strong alias
  EXPECT_TRUE(HasName(*kp, "朝鮮試驗貿易會社", NameKind::kStrongAlias));
}

// Regression: a record in an element the loaders do not read (a new <VESSELS> section, a
// sanctionEntity inside an unknown wrapper, a <vesselEntry>) was left out: 0 rejected, no word.
TEST(XmlListsTest, ElementsThatAreNoRecordAreRejectedByLine) {
  TempDir dir;
  std::string un = dir.Write("un.xml",
                             "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n"
                             "<INDIVIDUAL><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>\n"
                             "<PERSON><REFERENCE_NUMBER>QDi.2</REFERENCE_NUMBER><FIRST_NAME>B</FIRST_NAME></PERSON>\n"
                             "</INDIVIDUALS>\n<VESSELS><VESSEL/></VESSELS>\n</CONSOLIDATED_LIST>\n");
  std::string eu = dir.Write("eu.xml",
                             "<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">\n"
                             "<sanctionEntity logicalId=\"1\"><nameAlias wholeName=\"A B\"/></sanctionEntity>\n"
                             "<group><sanctionEntity logicalId=\"2\"><nameAlias wholeName=\"C D\"/></sanctionEntity></group>\n"
                             "</export>\n");
  std::string ofac = dir.Write("sdn.xml",
                               "<sdnList>\n<sdnEntry><uid>1</uid><lastName>A</lastName><sdnType>Entity</sdnType></sdnEntry>\n"
                               "<vesselEntry><uid>2</uid><lastName>B</lastName></vesselEntry>\n</sdnList>\n");
  auto u = LoadUnXml(un);
  auto e = LoadEuFsfXml(eu);
  auto o = LoadOfacXml(ofac, "ofac-sdn");
  ASSERT_TRUE(u.ok() && e.ok() && o.ok());
  std::vector<std::pair<size_t, std::string>> got;
  for (const ListLoad* l : {&*u, &*e, &*o})
    for (const LoadIssue& r : l->rejected) got.push_back({r.line, r.reason});
  EXPECT_EQ(got, (std::vector<std::pair<size_t, std::string>>{{4, "<PERSON> is no INDIVIDUAL or ENTITY: not read"},
                                                               {6, "<VESSELS> is no INDIVIDUAL or ENTITY: not read"},
                                                               {3, "<group> is no sanctionEntity: not read"},
                                                               {3, "sanctionEntity inside <group>: not read"},
                                                               {3, "<vesselEntry> is no sdnEntry: not read"}}));
}

TEST(EuFsfXmlTest, BadRecordsAreNamedAndBadFilesAreErrors) {
  TempDir dir;
  std::string path = dir.Write("eu.xml",
                               "<?xml version=\"1.0\"?>\n"
                               "<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\" generationDate=\"2024-01-01T00:00:00\" globalFileId=\"1\">\n"
                               "<sanctionEntity logicalId=\"1\"><subjectType classificationCode=\"P\"/><nameAlias wholeName=\"A B\"/></sanctionEntity>\n"
                               "<sanctionEntity logicalId=\"1\"><nameAlias wholeName=\"A B\"/></sanctionEntity>\n"
                               "<sanctionEntity logicalId=\"1\"><subjectType classificationCode=\"E\"/><nameAlias wholeName=\"A B\"/></sanctionEntity>\n"
                               "<sanctionEntity><nameAlias wholeName=\"C\"/></sanctionEntity>\n"
                               "<sanctionEntity logicalId=\"2\"><nameAlias wholeName=\"\"/></sanctionEntity>\n"
                               "</export>\n");
  auto r = LoadEuFsfXml(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  // logicalId 1 stated twice is one subject, merged; a person and an organisation under one id is
  // broken, but which is right cannot be told: merged too, untyped, counted as a repeat.
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0].schema, Schema::kLegalEntity);
  ASSERT_EQ(r->rejected.size(), 3u);
  ExpectWellFormedIssues(*r, path);
  EXPECT_EQ(r->rejected[0].line, 5u);
  EXPECT_NE(r->rejected[0].reason.find("a person and an organisation"), std::string::npos) << r->rejected[0].reason;
  EXPECT_TRUE(r->rejected[0].repeat);
  EXPECT_NE(r->rejected[1].reason.find("logicalId"), std::string::npos);
  EXPECT_NE(r->rejected[2].reason.find("without a nameAlias"), std::string::npos);

  for (const std::string& bytes : {std::string("<export><sanctionEntity"), std::string("<other/>"),
                                   std::string("<export generationDate=\"x\"/>")}) {
    std::string bad = dir.Write("bad.xml", bytes);
    auto b = LoadEuFsfXml(bad);
    ASSERT_FALSE(b.ok()) << bytes;
    EXPECT_NE(b.status().message().find(bad), std::string::npos) << b.status().message();
  }
}

// --- FollowTheMoney JSON lines ---------------------------------------------------------------

// The distinct entities inside the OpenSanctions pairs file, one per line, in a temp file:
// the data is CC BY-NC and stays out of the repository.
std::string WritePairsEntities(const TempDir& dir, size_t* distinct, size_t* screenable) {
  std::ifstream in(kPairs);
  std::string line, out;
  std::set<std::string> seen;
  *distinct = *screenable = 0;
  const std::set<std::string> kParties = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane", "PublicBody"};
  while (std::getline(in, line)) {
    nlohmann::json pair = nlohmann::json::parse(line);
    for (const char* side : {"left", "right"}) {
      const nlohmann::json& e = pair[side];
      if (!seen.insert(e["id"].get<std::string>()).second) continue;
      ++*distinct;
      if (kParties.count(e["schema"].get<std::string>())) ++*screenable;
      out += e.dump() + "\n";
    }
  }
  return dir.Write("entities.ftm.jsonl", out);
}

TEST(FtmJsonLinesTest, OpenSanctionsEntities) {
  if (!fs::exists(kPairs)) GTEST_SKIP() << kPairs << " not present";
  TempDir dir;
  size_t distinct = 0, screenable = 0;
  std::string path = WritePairsEntities(dir, &distinct, &screenable);
  ASSERT_GT(screenable, 1000u);
  auto r = LoadFtmJsonLines(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), screenable);
  EXPECT_TRUE(r->rejected.empty()) << r->rejected[0].reason;  // Occupancy, Position, Ownership, ... are not parties
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].rfind(std::to_string(distinct - screenable) + " records that are not parties ignored (", 0), 0u)
      << r->warnings[0];
  EXPECT_EQ(r->dataset, "opensanctions");
  EXPECT_EQ(r->format, "ftm-jsonl");
  const Entity* e = FindEntity(*r, "opensanctions:NK-nJHDABKT8Xd5xwEoV2UpKg");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kPerson);
  EXPECT_EQ(Dates(*e), std::vector<std::string>{"1966-09-04"});
}

// An entity placed before the genuine one under its id left the genuine one rejected.
TEST(FtmJsonLinesTest, AnIdGivenTwiceKeepsBothNames) {
  TempDir dir;
  std::string path = dir.Write("x.jsonl",
                               "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"John Decoy\"]}}\n"
                               "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Jane Roe\"]}}\n");
  auto r = LoadFtmJsonLines(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_TRUE(HasName(r->entities[0], "Jane Roe", NameKind::kStrongAlias));
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].line, 2u);
  EXPECT_TRUE(r->rejected[0].repeat);
}

TEST(FtmJsonLinesTest, BadLinesAndBadFiles) {
  TempDir dir;
  std::string path = dir.Write("x.jsonl",
                               "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Jane Roe\"]}}\n"
                               "\n"
                               "{not json\n"
                               "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Jane Roe\"]}}\n"
                               "{\"schema\": \"Company\", \"properties\": {\"name\": [\"No Id Ltd\"]}}\n"
                               "{\"id\": \"s\", \"schema\": \"Sanction\", \"properties\": {}}\n");
  auto r = LoadFtmJsonLines(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0].id, "opensanctions:a");
  ASSERT_EQ(r->rejected.size(), 3u);
  ExpectWellFormedIssues(*r, path);
  EXPECT_EQ(r->rejected[0].line, 3u);
  EXPECT_EQ(r->rejected[0].reason, "not valid JSON at column 3");
  // The repeated id is merged into the first (a repeat: no name lost), and warned of.
  EXPECT_EQ(r->rejected[1].reason, "id a repeats line 1's ('Jane Roe'): 'Jane Roe' merged into that record");
  EXPECT_TRUE(r->rejected[1].repeat);
  EXPECT_NE(r->rejected[2].reason.find("without an 'id'"), std::string::npos);
  EXPECT_EQ(r->warnings, (std::vector<std::string>{path + ":4: " + r->rejected[1].reason,
                                                   "1 record that is not a party ignored (Sanction 1)"}));
  std::string bad = dir.Write("bad.jsonl", "garbage\n[1,2]\n");
  auto b = LoadFtmJsonLines(bad);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find(bad), std::string::npos);
}

// An export interleaves Sanction, Address and other records that are not parties with the parties:
// they are ignored and counted, not rejected (100 of 200 rejected refused the list); an unknown
// schema is still rejected.
TEST(FtmJsonLinesTest, RecordsThatAreNotPartiesAreIgnoredNotRejected) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 100; ++i) {
    std::string id = std::to_string(i);
    text += "{\"id\": \"p" + id + "\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Person " + id + "\"]}}\n";
    text += "{\"id\": \"s" + id + "\", \"schema\": \"" + (i % 4 ? "Sanction" : "Address") +
            "\", \"properties\": {\"entity\": [\"p" + id + "\"]}}\n";
  }
  auto r = LoadFtmJsonLines(dir.Write("os.jsonl", text));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 100u);
  EXPECT_TRUE(r->rejected.empty());
  EXPECT_EQ(r->warnings, std::vector<std::string>{"100 records that are not parties ignored (Address 25, Sanction 75)"});
  std::vector<ListLoad> lists{*r};
  EXPECT_TRUE(CheckListsComplete(lists, CompletenessOptions{}).ok());

  auto unknown = LoadFtmJsonLines(dir.Write("unknown.jsonl", text + "{\"id\": \"w\", \"schema\": \"Widget\"}\n"));
  ASSERT_TRUE(unknown.ok()) << unknown.status().message();
  ASSERT_EQ(unknown->rejected.size(), 1u);
  EXPECT_EQ(unknown->rejected[0].line, 201u);
  EXPECT_NE(unknown->rejected[0].reason.find("schema 'Widget' is not a screenable party"), std::string::npos)
      << unknown->rejected[0].reason;
}

// A file cut inside its last record (mid-line, or inside a UTF-8 character) is incomplete, naming
// the file and line; without the fix the cut record was only rejected and the list loaded.
TEST(FtmJsonLinesTest, AFileCutInsideItsLastRecordIsIncomplete) {
  TempDir dir;
  const std::string two = "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Jane Roe\"]}}\n"
                          "{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {\"name\": [\"John Doe\"]}}\n";
  const std::string last = "{\"id\": \"c\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Тестов Иван\"]}}";
  for (size_t cut : {last.size() / 2, last.find("Иван") + 1}) {  // mid-record; between a letter's two bytes
    auto r = LoadFtmJsonLines(dir.Write("cut.jsonl", two + last.substr(0, cut)));
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->incomplete.size(), 1u) << cut;
    EXPECT_EQ(r->incomplete[0].rfind("cut.jsonl:3: the file ends inside this record (not valid ", 0), 0u)
        << r->incomplete[0];
    EXPECT_TRUE(r->rejected.empty());
    EXPECT_EQ(r->entities.size(), 2u);
  }
  // The whole last record without a line end is complete.
  auto whole = LoadFtmJsonLines(dir.Write("whole.jsonl", two + last));
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_TRUE(whole->incomplete.empty()) << whole->incomplete[0];
  EXPECT_EQ(whole->entities.size(), 3u);
}

// --- Directory detection ---------------------------------------------------------------------

TEST(MoreListsDirectoryTest, RecognisesEachFormatByNameAndContent) {
  TempDir dir;
  dir.Link("uk/ConList.csv", kOfsi);
  dir.Link("bis/dpl.txt", kDpl);
  dir.Link("csl/current.csv", kCslCurrent);
  dir.Link("eu/export.xml", kEuFixture);
  dir.Write("os/entities.ftm.json",
            "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Jane Roe\"]}}\n");
  dir.Write("notes/readme.txt", "not a list\n");
  auto r = LoadListDirectory(dir.path());
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::vector<std::string> got;
  for (const ListLoad& l : *r) got.push_back(l.dataset + "/" + l.format + "/" + std::to_string(l.entities.size()));
  EXPECT_EQ(got, (std::vector<std::string>{"bis-dpl/bis-dpl/579", "eu-fsf/eu-fsf-xml/4",
                                           "opensanctions/ftm-jsonl/1", "uk-ofsi/uk-ofsi-csv/2106",
                                           "us-csl/us-csl-csv/12"}));  // its DPL row: bis-dpl's own
  TempDir legacy;
  legacy.Link("csl/legacy.csv", kCslLegacy);
  auto l = LoadListDirectory(legacy.path());
  ASSERT_TRUE(l.ok()) << l.status().message();
  ASSERT_EQ(l->size(), 1u);
  EXPECT_EQ((*l)[0].format, "us-csl-csv-legacy");
  EXPECT_EQ((*l)[0].entities.size(), 115u);
}

TEST(MoreListsDirectoryTest, BrokenFileIsAnErrorNamingIt) {
  TempDir dir;
  std::string bad = dir.Write("csl.csv", "source,entity_number,type\n");
  auto r = LoadListDirectory(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(bad), std::string::npos) << r.status().message();
}

TEST(MoreListsDirectoryTest, LoadListPathTakesOneFile) {
  auto uk = LoadListPath(kOfsi);
  ASSERT_TRUE(uk.ok()) << uk.status().message();
  ASSERT_EQ(uk->size(), 1u);
  EXPECT_EQ((*uk)[0].dataset, "uk-ofsi");
  auto gz = LoadListPath(kData + "/ofac/sdn_2024-05-02/sdn.csv.gz");
  ASSERT_TRUE(gz.ok()) << gz.status().message();
  EXPECT_EQ((*gz)[0].entities.size(), 14973u);
  TempDir dir;
  std::string other = dir.Write("notes.txt", "not a list\n");
  auto r = LoadListPath(other);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(other), std::string::npos);
  auto missing = LoadListPath(dir.path() + "/none.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("none.csv"), std::string::npos);
}

}  // namespace
}  // namespace embargo
