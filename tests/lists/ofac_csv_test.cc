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

const std::string kOfac = std::string(EMBARGO_SHARED_DATA) + "/ofac/";

// A scratch directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(testing::TempDir()) / ("embargo_csv_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

const Identifier* FindId(const Entity& e, IdKind kind, std::string_view value) {
  for (const Identifier& id : e.identifiers)
    if (id.kind == kind && id.value == value) return &id;
  return nullptr;
}

std::string HashOfFiles(const std::vector<std::string>& files) {
  Sha256 h;
  for (const std::string& f : files) h.Update(ReadFile(f).value());
  return h.HexDigest();
}

size_t CountAliases(const ListLoad& l) {
  size_t n = 0;
  for (const Entity& e : l.entities) n += e.names.size() - 1;
  return n;
}

// Twelve-column sdn.csv row in OFAC's own layout.
std::string Row(const std::string& ent, const std::string& name, const std::string& type = "-0- ",
                const std::string& remarks = "-0- ") {
  return ent + ",\"" + name + "\"," + type + ",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ," + remarks +
         "\r\n";
}

class Sdn20240503Test : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = LoadOfacCsv(kOfac + "sdn_2024-05-03/sdn.csv", "ofac-sdn");
    ASSERT_TRUE(r.ok()) << r.status().message();
    load_ = new ListLoad(std::move(r).value());
  }
  void SetUp() override { ASSERT_TRUE(load_ != nullptr) << "loading failed, see above"; }
  static void TearDownTestSuite() { delete load_; }
  static const ListLoad* load_;
};
const ListLoad* Sdn20240503Test::load_ = nullptr;

TEST_F(Sdn20240503Test, RecordCountsMatchTheDataReadme) {
  EXPECT_EQ(load_->entities.size(), 14965u);
  auto by_schema = CountBySchema(*load_);
  EXPECT_EQ(by_schema[Schema::kPerson], 6854);
  EXPECT_EQ(by_schema[Schema::kVessel], 851);
  EXPECT_EQ(by_schema[Schema::kAirplane], 376);
  EXPECT_EQ(by_schema[Schema::kOrganization], 6884);
  EXPECT_TRUE(load_->rejected.empty());
}

TEST_F(Sdn20240503Test, Metadata) {
  EXPECT_EQ(load_->dataset, "ofac-sdn");
  EXPECT_EQ(load_->format, "ofac-csv");
  EXPECT_EQ(load_->title, "OFAC SDN List");
  EXPECT_EQ(load_->published, "");     // the CSV does not say
  ASSERT_EQ(load_->files.size(), 1u);  // no add/alt/comments for this snapshot
  EXPECT_EQ(load_->content_hash, Sha256Hex(ReadFile(load_->files[0]).value()));
}

TEST_F(Sdn20240503Test, Putin) {
  const Entity* e = FindEntity(*load_, "ofac-sdn:35096");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->caption(), "PUTIN, Vladimir Vladimirovich");
  EXPECT_EQ(e->names[0].kind, NameKind::kPrimary);
  EXPECT_EQ(e->native_id, "35096");
  EXPECT_EQ(e->dataset, "ofac-sdn");
  EXPECT_EQ(e->schema, Schema::kPerson);
  // sdn.csv: "DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia; citizen Russia; Gender Male"
  ASSERT_EQ(e->birth_dates.size(), 1u);
  EXPECT_EQ(e->birth_dates[0].ToString(), "1952-10-07");
  EXPECT_EQ(e->birth_places, std::vector<std::string>{"Leningrad, Russia"});
  EXPECT_EQ(e->nationalities, std::vector<std::string>{"RU"});
  EXPECT_EQ(e->citizenships, std::vector<std::string>{"RU"});
  EXPECT_EQ(e->gender, "male");
  EXPECT_EQ(e->programs, std::vector<std::string>{"RUSSIA-EO14024"});
  EXPECT_EQ(e->title, "President of the Russian Federation");
}

// The file alone has only the weak aliases, written in the remarks.
TEST_F(Sdn20240503Test, WeakAliasesComeFromRemarks) {
  const Entity* bnc = FindEntity(*load_, "ofac-sdn:306");
  ASSERT_NE(bnc, nullptr);
  EXPECT_EQ(bnc->caption(), "BANCO NACIONAL DE CUBA");
  EXPECT_TRUE(HasName(*bnc, "BNC", NameKind::kWeakAlias));
  const Entity* ebano = FindEntity(*load_, "ofac-sdn:4243");
  ASSERT_NE(ebano, nullptr);
  EXPECT_TRUE(HasName(*ebano, "ANA I", NameKind::kWeakAlias));  // f.k.a.
  EXPECT_TRUE(HasName(*ebano, "SAND SWAN", NameKind::kWeakAlias));
  EXPECT_GT(CountAliases(*load_), 3000u);
}

TEST_F(Sdn20240503Test, VesselWithImo) {
  const Entity* e = FindEntity(*load_, "ofac-sdn:4243");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->schema, Schema::kVessel);
  EXPECT_NE(FindId(*e, IdKind::kImo, "7406784"), nullptr);
  EXPECT_EQ(e->vessel_flag, "PA");
  EXPECT_EQ(e->vessel_type, "General Cargo");
}

TEST_F(Sdn20240503Test, SwiftBicAndCrypto) {
  const Entity* bank = FindEntity(*load_, "ofac-sdn:906");
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(bank->caption(), "HAVIN BANK LIMITED");
  EXPECT_NE(FindId(*bank, IdKind::kSwiftBic, "HAVIGB2L"), nullptr);
  const Entity* yan = FindEntity(*load_, "ofac-sdn:25308");
  ASSERT_NE(yan, nullptr);
  const Identifier* xbt = FindId(*yan, IdKind::kCrypto, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h");
  ASSERT_NE(xbt, nullptr);
  EXPECT_EQ(xbt->label, "Digital Currency Address - XBT");
}

TEST(OfacCsvTest, GzipSnapshotOneScrapeEarlier) {
  auto older = LoadOfacCsv(kOfac + "sdn_2024-05-02/sdn.csv.gz", "ofac-sdn");
  ASSERT_TRUE(older.ok()) << older.status().message();
  EXPECT_EQ(older->entities.size(), 14973u);
  EXPECT_EQ(CountBySchema(*older)[Schema::kAirplane], 383);
  EXPECT_TRUE(older->rejected.empty());
  // The hash is over the decompressed bytes.
  EXPECT_EQ(older->content_hash, Sha256Hex(ReadFile(kOfac + "sdn_2024-05-02/sdn.csv.gz").value()));

  auto newer = LoadOfacCsv(kOfac + "sdn_2024-05-03/sdn.csv", "ofac-sdn");
  ASSERT_TRUE(newer.ok());
  std::set<std::string> new_ids;
  for (const Entity& e : newer->entities) new_ids.insert(e.id);
  size_t removed = 0;
  for (const Entity& e : older->entities) removed += new_ids.count(e.id) == 0;
  EXPECT_EQ(removed, 8u);  // README: 8 removed, 0 added
  EXPECT_EQ(older->entities.size() - removed, newer->entities.size());
}

TEST(OfacCsvTest, CompleteFourFileSet2021) {
  auto r = LoadOfacCsv(kOfac + "sdn_set_2021-07/sdn.csv", "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 8976u);
  auto by_schema = CountBySchema(*r);
  EXPECT_EQ(by_schema[Schema::kPerson], 4620);
  EXPECT_EQ(by_schema[Schema::kOrganization], 3673);
  EXPECT_EQ(by_schema[Schema::kVessel], 406);
  EXPECT_EQ(by_schema[Schema::kAirplane], 277);
  EXPECT_TRUE(r->rejected.empty());  // README: 0 orphans
  ASSERT_EQ(r->files.size(), 4u);
  EXPECT_EQ(r->content_hash, HashOfFiles(r->files));

  // 11,910 alt.csv rows, 6 of which repeat the primary name, plus 2,441 further a.k.a.s that
  // appear only in the remarks.
  EXPECT_EQ(CountAliases(*r), 11904u + 2441u);
  // 13,837 add.csv rows; 2,397 of them are all "-0-" placeholders and carry no address.
  size_t addresses = 0;
  for (const Entity& e : r->entities) addresses += e.addresses.size();
  EXPECT_EQ(addresses, 13837u - 2397u);

  const Entity* bnc = FindEntity(*r, "ofac-sdn:306");
  ASSERT_NE(bnc, nullptr);
  EXPECT_TRUE(HasName(*bnc, "NATIONAL BANK OF CUBA", NameKind::kStrongAlias));  // alt.csv
  EXPECT_TRUE(HasName(*bnc, "BNC", NameKind::kWeakAlias));                      // remarks
  ASSERT_EQ(bnc->addresses.size(), 4u);
  EXPECT_EQ(bnc->addresses[0].full, "Zweierstrasse 35, Zurich CH-8022");
  EXPECT_EQ(bnc->addresses[0].city, "Zurich CH-8022");
  EXPECT_EQ(bnc->addresses[0].country, "CH");
}

TEST(OfacCsvTest, CommentsContinueRemarks) {
  auto r = LoadOfacCsv(kOfac + "sdn_set_2021-07/sdn.csv", "ofac-sdn");
  ASSERT_TRUE(r.ok());
  // The five sdn_comments.csv rows continue remarks cut at 1,000 characters.
  for (const char* id :
       {"ofac-sdn:12300", "ofac-sdn:28263", "ofac-sdn:28264", "ofac-sdn:29703", "ofac-sdn:30518"}) {
    const Entity* e = FindEntity(*r, id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_GT(e->remarks.size(), 1000u) << id;
  }
  // "... Linked To: PROMO RAI" + "Z S.A.S.; Linked To: ..." joins across the cut.
  const Entity* e = FindEntity(*r, "ofac-sdn:12300");
  EXPECT_NE(std::find(e->linked_to.begin(), e->linked_to.end(), "PROMO RAIZ S.A.S."), e->linked_to.end());
  EXPECT_NE(std::find(e->linked_to.begin(), e->linked_to.end(), "CUBICAFE S.A.S."), e->linked_to.end());
}

TEST(OfacCsvTest, Consolidated2025) {
  auto r = LoadOfacCsv(kOfac + "non_sdn_cons_2025-12/cons_prim.csv", "ofac-cons");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 442u);
  EXPECT_EQ(r->title, "OFAC Consolidated (non-SDN) List");
  EXPECT_EQ(r->files.size(), 4u);
  EXPECT_TRUE(r->rejected.empty());
  EXPECT_EQ(r->entities[0].id.rfind("ofac-cons:", 0), 0u);
  EXPECT_EQ(CountBySchema(*r)[Schema::kPerson], 79);
}

TEST(OfacCsvTest, Consolidated2018AcceptsEmptyCommentsFile) {
  auto r = LoadOfacCsv(kOfac + "non_sdn_cons_2018-04/cons_prim.csv", "ofac-cons");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 639u);
  EXPECT_TRUE(r->rejected.empty());
  ASSERT_EQ(r->files.size(), 4u);
  EXPECT_TRUE(std::any_of(r->files.begin(), r->files.end(), [](const std::string& f) {
    return f.find("cons_comments.csv") != std::string::npos;
  }));
}

// sdn.csv alone is a list as published (the 2024 benchmark's), but not the whole of it: it loads,
// with a warning naming each companion file it lacks and what that file holds.
TEST(OfacCsvTest, MissingCompanionFilesLoadWithAWarningNamingThem) {
  ScratchDir dir;
  std::string sdn = dir.Write("sdn.csv", Row("1", "KNOWN") + "\x1A");
  dir.Write("add.csv", "1,20,\"Street 1\",\"City\",\"Iran\",-0- \r\n\x1A");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->incomplete.empty());
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_EQ(r->warnings[0], sdn + ": no alt.csv beside it: loaded without the aliases that file holds");
  EXPECT_NE(r->warnings[1].find("no sdn_comments.csv beside it"), std::string::npos) << r->warnings[1];
  auto whole = LoadOfacCsv(kOfac + "sdn_set_2021-07/sdn.csv", "ofac-sdn");
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_TRUE(whole->warnings.empty());
}

// An aliases or addresses file that is there but empty was cut short (OFAC never publishes them
// empty; only a remarks file can be, as in 2018): the list is incomplete, naming the file, and
// refused by CheckListsComplete.
TEST(OfacCsvBadInputTest, EmptyAliasOrAddressFileIsIncompleteNamingIt) {
  for (const std::string empty : {"alt.csv", "add.csv"}) {
    ScratchDir dir;
    std::string sdn = dir.Write("sdn.csv", Row("1", "KNOWN") + "\x1A");
    for (const std::string other : {"alt.csv", "add.csv", "sdn_comments.csv"})
      dir.Write(other, other == empty || other == "sdn_comments.csv" ? "" : "\x1A");
    auto r = LoadOfacCsv(sdn, "ofac-sdn");
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->incomplete.size(), 1u) << empty;
    EXPECT_EQ(r->incomplete[0].rfind(empty + " is empty (0 bytes)", 0), 0u) << r->incomplete[0];
    std::vector<ListLoad> lists{std::move(r).value()};
    Status s = CheckListsComplete(lists, {});
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.message().find(empty + " is empty"), std::string::npos) << s.message();
  }
}

// --- Bad input: every rejected record names its file and line. ---

TEST(OfacCsvBadInputTest, NonNumericEntNum) {
  ScratchDir dir;
  std::string sdn = dir.Write("sdn.csv", Row("1", "GOOD ONE") + Row("12a", "BAD ID") + Row("3", "GOOD TWO"));
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entities.size(), 2u);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].file, sdn);
  EXPECT_EQ(r->rejected[0].line, 2u);
  EXPECT_NE(r->rejected[0].reason.find("ent_num"), std::string::npos);
}

TEST(OfacCsvBadInputTest, TooFewColumns) {
  ScratchDir dir;
  std::string sdn =
      dir.Write("sdn.csv", Row("1", "GOOD ONE") + "2,\"SHORT\",-0- ,\"SDGT\"\r\n" + Row("3", "GOOD"));
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entities.size(), 2u);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].file, sdn);
  EXPECT_EQ(r->rejected[0].line, 2u);
  EXPECT_NE(r->rejected[0].reason.find("expected 12 fields, found 4"), std::string::npos);
}

TEST(OfacCsvBadInputTest, UnterminatedQuoteCostsOneRecord) {
  ScratchDir dir;
  // The quote opened on line 2 would otherwise close on line 3 and swallow that record.
  std::string sdn = dir.Write(
      "sdn.csv", Row("1", "GOOD ONE") + "2,\"BROKEN,-0- ,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
                     Row("3", "GOOD TWO") + Row("4", "GOOD THREE") + "\x1A");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->entities.size(), 3u);
  EXPECT_EQ(r->entities[1].caption(), "GOOD TWO");
  EXPECT_EQ(r->entities[2].caption(), "GOOD THREE");
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].file, sdn);
  EXPECT_EQ(r->rejected[0].line, 2u);
  EXPECT_NE(r->rejected[0].reason.find("quote"), std::string::npos);
}

TEST(OfacCsvBadInputTest, QuoteOpenAtEndOfFile) {
  ScratchDir dir;
  std::string sdn = dir.Write("sdn.csv", Row("1", "GOOD ONE") + "2,\"NEVER CLOSED,-0- ");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entities.size(), 1u);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].line, 2u);
}

TEST(OfacCsvBadInputTest, OrphanRowsInSiblingFiles) {
  ScratchDir dir;
  std::string sdn = dir.Write("sdn.csv", Row("1", "KNOWN"));
  std::string alt =
      dir.Write("alt.csv", "1,10,\"aka\",\"ALIAS ONE\",-0- \r\n999,11,\"aka\",\"LOST\",-0- \r\n");
  std::string add = dir.Write("add.csv", "998,20,\"Street 1\",\"City\",\"Iran\",-0- \r\n");
  std::string comments = dir.Write("sdn_comments.csv", "997,\"more remarks\"\r\n");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_TRUE(HasName(r->entities[0], "ALIAS ONE", NameKind::kStrongAlias));
  ASSERT_EQ(r->rejected.size(), 3u);
  std::map<std::string, LoadIssue> by_file;
  for (const LoadIssue& i : r->rejected) by_file[i.file] = i;
  EXPECT_EQ(by_file[alt].line, 2u);
  EXPECT_EQ(by_file[alt].reason.rfind("orphan", 0), 0u) << by_file[alt].reason;
  EXPECT_NE(by_file[alt].reason.find("999"), std::string::npos);
  EXPECT_EQ(by_file[add].line, 1u);
  EXPECT_EQ(by_file[add].reason.rfind("orphan", 0), 0u);
  EXPECT_EQ(by_file[comments].line, 1u);
  EXPECT_EQ(by_file[comments].reason.rfind("orphan", 0), 0u);
}

// "indivdual" was read as an organisation, without a word.
TEST(OfacCsvBadInputTest, AnSdnTypeOfacDoesNotWriteIsNamedAndTheRecordLoadsUntyped) {
  ScratchDir dir;
  std::string sdn = dir.Write("sdn.csv", Row("1", "PUTIN, Vladimir", "\"indivdual\"") + Row("2", "SMITH, John", "\"Individual\"") +
                                             Row("3", "ACME") + "\x1A");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 3u);
  EXPECT_EQ(r->entities[0].schema, Schema::kLegalEntity);  // matched as a person and as a firm
  EXPECT_EQ(r->entities[1].schema, Schema::kPerson);
  EXPECT_EQ(r->entities[2].schema, Schema::kOrganization);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].file, sdn);
  EXPECT_EQ(r->rejected[0].line, 1u);
  EXPECT_FALSE(r->rejected[0].repeat);
  EXPECT_EQ(r->rejected[0].reason,
            "ent_num 1: SDN_Type 'indivdual' is none of individual, vessel, aircraft or -0-; loaded untyped");
}

// A row placed before the genuine one under its ent_num left the genuine one rejected: the
// listed party screened clear.
TEST(OfacCsvBadInputTest, AnEntNumGivenTwiceKeepsBothRowsNames) {
  ScratchDir dir;
  std::string sdn = dir.Write("sdn.csv", Row("7", "SMITH, John", "\"individual\"") +
                                             Row("7", "PUTIN, Vladimir Vladimirovich", "\"individual\"") + "\x1A");
  dir.Write("alt.csv", "7,10,\"aka\",\"PUTIN, Vladimir\",-0- \r\n\x1A");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entities.size(), 1u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.id, "ofac-sdn:7");
  EXPECT_TRUE(HasName(e, "PUTIN, Vladimir Vladimirovich", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(e, "PUTIN, Vladimir", NameKind::kStrongAlias));
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].line, 2u);
  EXPECT_TRUE(r->rejected[0].repeat);  // no name lost
  EXPECT_EQ(r->rejected[0].reason,
            "ent_num 7 repeats line 1's ('SMITH, John'): 'PUTIN, Vladimir Vladimirovich' merged into that record");
  EXPECT_NE(std::find(r->warnings.begin(), r->warnings.end(), sdn + ":2: " + r->rejected[0].reason), r->warnings.end());
}

TEST(OfacCsvBadInputTest, MissingFileIsAnErrorNamingIt) {
  std::string path = kOfac + "does_not_exist/sdn.csv";
  auto r = LoadOfacCsv(path, "ofac-sdn");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path), std::string::npos);
}

TEST(OfacCsvBadInputTest, NoValidRowsIsAnErrorNamingTheFile) {
  ScratchDir dir;
  std::string sdn = dir.Write("sdn.csv", "x,y\r\nnot,a,list\r\n\x1A");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(sdn), std::string::npos);
  std::string empty = dir.Write("empty/sdn.csv", "");
  EXPECT_FALSE(LoadOfacCsv(empty, "ofac-sdn").ok());
}

// --- Format details ---

TEST(OfacCsvFormatTest, NullsProgramsTypesAndWindows1252) {
  ScratchDir dir;
  std::string sdn = dir.Write(
      "sdn.csv",
      "7,\"CAF\xC9 \x93NOIR\x94\",-0- ,\"SDGT] [IFSR\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
          Row("8", "SMITH, John", "\"individual\"") + Row("9", "SHIP", "\"vessel\"") +
          Row("10", "PLANE", "\"aircraft\"") + "\x1A");
  auto r = LoadOfacCsv(sdn, "ofac-sdn");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->entities.size(), 4u);
  const Entity& cafe = r->entities[0];
  EXPECT_EQ(cafe.caption(), "CAF\u00C9 \u201CNOIR\u201D");
  EXPECT_EQ(cafe.schema, Schema::kOrganization);
  EXPECT_EQ(cafe.programs, (std::vector<std::string>{"SDGT", "IFSR"}));
  EXPECT_EQ(cafe.title, "");
  EXPECT_EQ(cafe.remarks, "");
  EXPECT_EQ(r->entities[1].schema, Schema::kPerson);
  EXPECT_EQ(r->entities[2].schema, Schema::kVessel);
  EXPECT_EQ(r->entities[3].schema, Schema::kAirplane);
  EXPECT_TRUE(r->rejected.empty());
}

TEST(OfacCsvFormatTest, UpperCaseConsolidatedSiblingsAndWeakAliases) {
  ScratchDir dir;
  std::string prim = dir.Write("CONS_PRIM.CSV", Row("5", "ACME LLC"));
  dir.Write("CONS_ALT.CSV", "5,1,\"aka\",\"ACME\",-0- \r\n5,2,\"fka\",\"AC\",\"weak\"\r\n");
  dir.Write("CONS_ADD.CSV", "5,3,-0- ,\"Moscow\",\"Russia\",-0- \r\n");
  auto r = LoadOfacCsv(prim, "ofac-cons");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->files.size(), 3u);
  const Entity& e = r->entities[0];
  EXPECT_EQ(e.id, "ofac-cons:5");
  EXPECT_TRUE(HasName(e, "ACME", NameKind::kStrongAlias));
  EXPECT_TRUE(HasName(e, "AC", NameKind::kWeakAlias));
  ASSERT_EQ(e.addresses.size(), 1u);
  EXPECT_EQ(e.addresses[0].country, "RU");
  EXPECT_EQ(e.countries, std::vector<std::string>{"RU"});
}

}  // namespace
}  // namespace embargo
