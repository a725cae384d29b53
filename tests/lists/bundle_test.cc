// The bundled lists: complete, dated, true to their sources; and every load checked for
// completeness (a truncated list is refused, never screened as if whole).
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "../cli/run_embargo.h"
#include "common/io.h"
#include "embargo/list_store.h"
#include "embargo/lists.h"
#include "embargo/screener.h"
#include "list_test_util.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;
using embargo_test::Embargo;

const std::string kBundle = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
const std::string kShared = EMBARGO_SHARED_DATA;

class BundleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto in_force = LoadListsInForce("", kBundle, {.fallback_origin = "bundled", .history_store = "/nonexistent"});
    ASSERT_TRUE(in_force.ok()) << in_force.status().message();
    lists_ = new ListsInForce(std::move(*in_force));
    std::vector<ListLoad> copy = lists_->lists;
    auto built = Screener::Build(std::move(copy));
    ASSERT_TRUE(built.ok()) << built.status().message();
    screener_ = built->release();
  }
  static void TearDownTestSuite() {
    delete screener_;
    delete lists_;
  }
  static const ListLoad& List(const std::string& dataset) {
    for (const ListLoad& l : lists_->lists)
      if (l.dataset == dataset) return l;
    ADD_FAILURE() << "no " << dataset << " in the bundle";
    return lists_->lists.front();
  }
  // The first hit's record id for `name`, and whether it alerts.
  static std::string FirstHit(const std::string& name, bool* alert = nullptr) {
    auto r = screener_->Screen({.name = name});
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok() || r->hits.empty()) return "";
    if (alert) *alert = r->alert;
    return r->hits[0].entity->id;
  }
  static ListsInForce* lists_;
  static Screener* screener_;
};
ListsInForce* BundleTest::lists_ = nullptr;
Screener* BundleTest::screener_ = nullptr;

TEST_F(BundleTest, HoldsTheListsANewUserExpects) {
  std::map<std::string, size_t> entities;
  for (const ListLoad& l : lists_->lists) entities[l.dataset] = l.entities.size();
  EXPECT_EQ(entities["ofac-sdn"], 14965u);
  EXPECT_EQ(entities["ofac-cons"], 442u);
  EXPECT_EQ(entities["un"], 1003u);
  EXPECT_EQ(entities["uk-ofsi"], 4688u);
  EXPECT_EQ(entities["bis-dpl"], 579u);
  // The CSL's own sources only: OFAC's and BIS's copies are superseded by their own lists.
  EXPECT_EQ(entities["us-csl"], 3163u);
  EXPECT_EQ(entities.count("eu-fsf"), 0u) << "the EU list is read but not bundled (docs/LISTS.md)";
  // The SDN list now carries its aliases (alt.csv): the Wagner Group is known by several names.
  const Entity* wagner = FindEntity(List("ofac-sdn"), "ofac-sdn:22543");
  ASSERT_NE(wagner, nullptr);
  EXPECT_GE(wagner->names.size(), 5u);
}

TEST_F(BundleTest, EveryListHasItsPublicationDateAndTheCompositeBoth) {
  for (size_t i = 0; i < lists_->lists.size(); ++i) {
    const ListLoad& l = lists_->lists[i];
    EXPECT_FALSE(l.published.empty()) << l.dataset << " has no publication date";
    EXPECT_GE(PublishedUnixTime(lists_->versions[i].published), 0) << l.dataset;
  }
  EXPECT_EQ(List("ofac-sdn").published, "2024-05-03");
  EXPECT_NE(List("ofac-sdn").published_detail.find("January 2025"), std::string::npos);
  EXPECT_EQ(List("uk-ofsi").published, "2025-04-14");
  EXPECT_EQ(List("un").published, "2026-02-27");
  EXPECT_EQ(List("us-csl").published, "2022-04-21");
}

TEST_F(BundleTest, ManifestDescribesTheBundleExactly) {
  ASSERT_EQ(BundledLists().size(), lists_->lists.size());
  for (const BundledList& b : BundledLists()) {
    const ListLoad& l = List(b.dataset);
    EXPECT_EQ(b.content_hash, l.content_hash) << b.dataset << ": run scripts/make-bundle.sh";
    EXPECT_EQ(b.records, RecordsGiven(l)) << b.dataset << ": the records its files gave";
    EXPECT_GE(b.records, b.min_records);
    EXPECT_GE(b.min_records, b.records * 85 / 100) << b.dataset << ": a floor this low lets a cut list through";
  }
  uintmax_t bytes = 0;
  for (const auto& f : fs::recursive_directory_iterator(kBundle))
    if (f.is_regular_file()) bytes += f.file_size();
  EXPECT_LT(bytes, 20u << 20) << "the bundle must stay under 20 MB compressed";
}

TEST_F(BundleTest, FirstScreensFindWhatANewUserTries) {
  bool alert = false;
  EXPECT_EQ(FirstHit("Wagner Group", &alert), "ofac-sdn:22543");
  EXPECT_TRUE(alert);
  EXPECT_EQ(FirstHit("PMC Wagner", &alert), "ofac-sdn:22543");
  EXPECT_TRUE(alert);
  EXPECT_EQ(FirstHit("IRGC", &alert), "ofac-sdn:10391");
  EXPECT_TRUE(alert);
  // A Hong Kong supplier to Russia, listed by the UK in February 2025 (Group ID 16821).
  EXPECT_EQ(FirstHit("Ace Electronic (HK) Co., Ltd", &alert), "uk-ofsi:16821");
  EXPECT_TRUE(alert);
  // The BIS Entity List, through the CSL.
  std::string jiangsu = FirstHit("Jiangsu Tianyuan Metal Powder Co. Ltd.", &alert);
  EXPECT_TRUE(alert);
  const Entity* el = FindEntity(List("us-csl"), jiangsu);
  ASSERT_NE(el, nullptr) << jiangsu;
  EXPECT_EQ(el->programs.front(), "EL");
}

TEST_F(BundleTest, PutinIsOneHitLinkingHisRecordsOnSeveralLists) {
  auto r = screener_->Screen({.name = "Vladimir Putin"});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  const Hit& first = r->hits[0];
  EXPECT_EQ(first.entity->id, "ofac-sdn:35096");
  bool uk = false;
  for (const LinkedRecord& l : first.linked) uk |= l.entity->dataset == "uk-ofsi";
  EXPECT_TRUE(uk) << "the UK's record of Putin is linked to OFAC's";
  for (size_t i = 1; i < r->hits.size(); ++i)
    EXPECT_NE(r->hits[i].entity->caption().find("PUTIN"), 0u) << "Putin appears twice";
}

TEST_F(BundleTest, CslCopiesOfOfacAndBisAreCountedNotDropped) {
  std::map<std::string, size_t> by;
  for (const SupersededRecords& s : List("us-csl").superseded) by[s.by_dataset] = s.records;
  EXPECT_EQ(by["ofac-sdn"], 9977u);
  EXPECT_EQ(by["ofac-cons"], 446u);
  EXPECT_EQ(by["bis-dpl"], 462u);
}

// --- Real files true to their sources.

TEST(RealListFiles, CslRejectsNothingAndMergesOneSubjectListedBySeveralSources) {
  auto csl = LoadUsCslCsv(kShared + "/us_csl/consolidated_2022-04.csv.gz");
  ASSERT_TRUE(csl.ok()) << csl.status().message();
  EXPECT_TRUE(csl->rejected.empty()) << csl->rejected.size() << " rejected, first: " << csl->rejected[0].reason;
  EXPECT_EQ(csl->entities.size(), 14048u);  // 14,160 rows, 112 of them second listings of one _id
  const Entity* arimero = FindEntity(*csl, "us-csl:34616");
  ASSERT_NE(arimero, nullptr);
  EXPECT_EQ(arimero->caption(), "ARIMERO HOLDING LIMITED");
  auto has = [&](const char* p) { return std::find(arimero->programs.begin(), arimero->programs.end(), p) != arimero->programs.end(); };
  EXPECT_TRUE(has("CAP"));
  EXPECT_TRUE(has("SDN"));
}

TEST(RealListFiles, EuSampleMergesOneEntityStatedInSeveralElements) {
  auto eu = LoadEuFsfXml(kShared + "/eu/fsf_2022-03-18_first_1044_entities.xml");
  ASSERT_TRUE(eu.ok()) << eu.status().message();
  EXPECT_TRUE(eu->rejected.empty()) << eu->rejected.size() << " rejected, first: " << eu->rejected[0].reason;
  EXPECT_EQ(eu->entities.size(), 1024u);  // 1,044 sanctionEntity elements, 20 of them repeat a logicalId
  EXPECT_EQ(eu->published, "2022-03-18");
  const Entity* e516 = FindEntity(*eu, "eu-fsf:516");
  ASSERT_NE(e516, nullptr);
}

// --- Completeness: every load.

std::string WriteGzip(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
  return path;
}

// A list directory whose sdn.csv holds the bundled file's first `lines` lines (as `head -n`).
std::string TruncatedSdnDir(const std::string& name, size_t lines) {
  std::string dir = testing::TempDir() + "/" + name;
  fs::remove_all(dir);
  auto full = ReadFile(kBundle + "/ofac-sdn/sdn.csv.gz");
  EXPECT_TRUE(full.ok());
  size_t pos = 0;
  for (size_t i = 0; i < lines && pos != std::string::npos; ++i) pos = full->find('\n', pos + 1);
  WriteGzip(dir + "/ofac-sdn/sdn.csv.gz", full->substr(0, pos + 1));
  return dir;
}

TEST(Completeness, TruncatedListIsRefusedNamingItsFile) {
  std::string dir = TruncatedSdnDir("truncated_sdn", 1000);
  auto loaded = LoadListsInForce("", dir, {.fallback_origin = "directory", .history_store = "/nonexistent"});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(loaded.status().message().find("sdn.csv.gz"), std::string::npos) << loaded.status().message();
  EXPECT_NE(loaded.status().message().find("0x1A"), std::string::npos) << loaded.status().message();
  EXPECT_NE(loaded.status().message().find("1000 records"), std::string::npos) << loaded.status().message();

  auto allowed = LoadListsInForce("", dir, {.fallback_origin = "directory", .history_store = "/nonexistent",
                                            .allow_shrink = true});
  ASSERT_TRUE(allowed.ok()) << allowed.status().message();
  EXPECT_NE(allowed->versions[0].accepted_incomplete.find("0x1A"), std::string::npos);
}

TEST(Completeness, ShrinkAgainstTheListStoresNewestVersionIsRefused) {
  // A whole-looking file (end marker kept) that lost records against the version in the store.
  std::string dir = testing::TempDir() + "/shrunk_sdn";
  fs::remove_all(dir);
  auto full = ReadFile(kBundle + "/ofac-sdn/sdn.csv.gz");
  ASSERT_TRUE(full.ok());
  size_t cut = full->find('\n', full->size() / 2);
  WriteGzip(dir + "/ofac-sdn/sdn.csv.gz", full->substr(0, cut + 1) + "\x1A");
  // A list store whose newest ofac-sdn version had 14,965 records.
  std::string store = testing::TempDir() + "/history_store";
  fs::remove_all(store);
  fs::create_directories(store + "/versions/ofac-sdn/20250101T000000Z-abc");
  std::ofstream(store + "/versions/ofac-sdn/20250101T000000Z-abc/version.json")
      << R"({"source":"ofac-sdn","id":"20250101T000000Z-abc","content_sha256":"00","records":14965,)"
      << R"("urls":["http://x/sdn.csv"],"datasets":["ofac-sdn"]})";
  auto loaded = LoadListsInForce("", dir, {.fallback_origin = "directory", .history_store = store});
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("list store"), std::string::npos) << loaded.status().message();
}

TEST(Completeness, CommandLineRefusesATruncatedListWithExit2) {
  std::string dir = TruncatedSdnDir("cli_truncated_sdn", 1000);
  auto r = Embargo("--lists " + dir + " screen \"Vladimir Putin\"");
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("sdn.csv.gz"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--allow-shrink"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("no alert"), std::string::npos) << "a refused list must never read as clear";

  auto allowed = Embargo("--lists " + dir + " --allow-shrink lists --format json");
  EXPECT_EQ(allowed.status, 0) << allowed.err;
  EXPECT_NE(allowed.err.find("--allow-shrink"), std::string::npos) << "the override is logged";
  EXPECT_NE(allowed.out.find("accepted_incomplete"), std::string::npos) << "and recorded in the version";
}

// Every load, not only `lists update`, holds a list to update.max_rejected (1%): the FCDO fixture
// rejects 3 of its 7 records, so a directory of it is refused, naming the file and first line.
std::string RejectingDir() {
  std::string dir = testing::TempDir() + "/rejecting_fcdo";
  fs::remove_all(dir);
  fs::create_directories(dir + "/uk-fcdo");
  fs::copy_file(std::string(EMBARGO_SOURCE_DIR) + "/tests/lists/testdata/uk/UK-Sanctions-List.csv",
                dir + "/uk-fcdo/UK-Sanctions-List.csv");
  return dir;
}

TEST(Completeness, AListRejectingMoreThanItsShareIsRefusedOnEveryLoad) {
  std::string dir = RejectingDir();
  auto loaded = LoadListsInForce("", dir, {.fallback_origin = "directory", .history_store = "/nonexistent"});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(loaded.status().message().find("uk-fcdo (" + dir + "/uk-fcdo/UK-Sanctions-List.csv): 3 of 7 records "
                                           "rejected (limit 1%; first: UK-Sanctions-List.csv:10: "),
            std::string::npos)
      << loaded.status().message();
  auto lenient = LoadListsInForce("", dir, {.fallback_origin = "directory", .max_rejected = 0.5,
                                            .history_store = "/nonexistent"});
  EXPECT_TRUE(lenient.ok()) << lenient.status().message();

  auto r = Embargo("--lists " + dir + " screen \"Vladimir Putin\"");
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("UK-Sanctions-List.csv:10"), std::string::npos) << r.err;
}

// Rejected records under the limit load, but every command says so: one line per list, naming
// the count and the first record; `embargo lists` shows them in its table instead.
TEST(Completeness, RejectedRecordsAreWarnedInOneLinePerList) {
  std::string conf = embargo_test::WriteTemp("lenient.conf", "update.max_rejected = 50%\n");
  auto r = Embargo("--config " + conf + " --lists " + RejectingDir() + " screen \"Vladimir Putin\"");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  const std::string line = "embargo: warning: uk-fcdo: 3 records rejected (first: ";
  ASSERT_NE(r.err.find(line), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(line), r.err.rfind(line)) << r.err;
  EXPECT_NE(r.err.find("UK-Sanctions-List.csv:10: missing or malformed Unique ID"), std::string::npos) << r.err;

  auto verbose = Embargo("--config " + conf + " --lists " + RejectingDir() + " --verbose screen \"Vladimir Putin\"");
  EXPECT_NE(verbose.err.find("UK-Sanctions-List.csv:12: expected 58 fields, found 2"), std::string::npos) << verbose.err;

  // The bundled DPL repeats two rows (same name and address): no party is lost, no warning;
  // --verbose still lists them.
  auto bundled = Embargo("screen \"Vladimir Putin\"");
  EXPECT_EQ(bundled.err.find("records rejected"), std::string::npos) << bundled.err;
  auto bundled_verbose = Embargo("--verbose screen \"Vladimir Putin\"");
  EXPECT_NE(bundled_verbose.err.find("bis-dpl: rejected"), std::string::npos) << bundled_verbose.err;
  EXPECT_NE(bundled_verbose.err.find("(same name and address)"), std::string::npos) << bundled_verbose.err;

  auto lists = Embargo("lists");
  EXPECT_EQ(lists.status, 0);
  EXPECT_EQ(lists.err.find("records rejected"), std::string::npos) << lists.err;
  EXPECT_NE(lists.out.find("rejected"), std::string::npos) << "embargo lists shows them";
}

}  // namespace
}  // namespace embargo
