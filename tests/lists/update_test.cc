// `lists update` against a loopback HTTP server: good versions, HTTP errors, cut connections,
// truncated and malformed files, a suspicious drop, a stalled server, crashes between steps.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "common/io.h"
#include "embargo/list_store.h"
#include "server/server.h"
#include "../cli/run_embargo.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

const std::string kBundled = EMBARGO_SOURCE_DIR "/data/lists";
const std::string kShared = EMBARGO_SHARED_DATA;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The bundled OFAC SDN 2024-05-03 (14,965 records), decompressed.
const std::string& Sdn0503() {
  static const std::string text = *ReadFile(kBundled + "/ofac-sdn/sdn.csv.gz");
  return text;
}

// Every other record of `csv` (OFAC CSV, CRLF, a final 0x1A line kept): half the list gone.
std::string EveryOtherRecord(const std::string& csv) {
  std::string out;
  size_t pos = 0, n = 0;
  while (pos < csv.size()) {
    size_t end = csv.find('\n', pos);
    end = end == std::string::npos ? csv.size() : end + 1;
    std::string_view line(csv.data() + pos, end - pos);
    if (line.front() == '\x1a' || n++ % 2 == 0) out.append(line);
    pos = end;
  }
  return out;
}

// A gzip bomb: 100 MiB of zeros in about 100 KiB.
const std::string& GzipBomb() {
  static const std::string bomb = [] {
    std::string path = testing::TempDir() + "/update_bomb_" + std::to_string(getpid()) + ".gz";
    EXPECT_EQ(std::system(("head -c 100M /dev/zero | gzip -1 > " + path).c_str()), 0);
    std::string bytes = Slurp(path);
    fs::remove(path);
    return bytes;
  }();
  return bomb;
}

// A loopback server with a fixed set of responses, counting the requests per path.
class ListServer {
 public:
  ListServer() {
    const std::string& sdn = Sdn0503();
    std::string sdn_gz = Slurp(kBundled + "/ofac-sdn/sdn.csv.gz");
    // A .gz file published as such, stored as sdn.csv.gz; its publication date is the server's
    // Last-Modified (OFAC's CSV states none).
    http_.Get("/sdn.csv.gz", [this, sdn_gz](const httplib::Request&, httplib::Response& res) {
      Count("/sdn.csv.gz");
      res.set_header("Last-Modified", "Fri, 03 May 2024 14:30:00 GMT");
      res.set_content(sdn_gz, "application/octet-stream");
    });
    // The plain file with Content-Encoding: gzip, decoded by the client.
    http_.Get("/sdn.csv", [sdn_gz](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(sdn_gz, "application/octet-stream");
    });
    Add("/half.csv", EveryOtherRecord(sdn), "application/octet-stream");
    // A gzip bomb published as a .gz file, and sent with Content-Encoding: gzip (the tests make it
    // before asking: made inside a request, it could stall the client past its stall timeout).
    http_.Get("/bomb.csv.gz", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(GzipBomb(), "application/octet-stream");
    });
    http_.Get("/bomb.csv", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", "gzip");
      res.set_content(GzipBomb(), "application/octet-stream");
    });
    // Cut in the middle of a record, served completely: the file itself is truncated.
    Add("/truncated.csv", sdn.substr(0, sdn.size() * 9 / 10 + 17), "application/octet-stream");
    Add("/truncated.csv.gz", sdn_gz.substr(0, sdn_gz.size() / 2), "application/octet-stream");
    // Cut after a whole record: every record read is well formed, only the end byte is missing.
    Add("/cut_at_record.csv", sdn.substr(0, sdn.rfind('\n', sdn.size() / 2) + 1), "application/octet-stream");
    Add("/garbage.csv", "<html><body>Service temporarily unavailable</body></html>\n", "application/octet-stream");
    Add("/empty.xml", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-03-01T00:00:00Z\"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>\n",
        "application/octet-stream");
    Add("/un.xml", *ReadFile(kBundled + "/un/consolidated.xml.gz"), "application/octet-stream");
    Add("/csl.csv.gz", *ReadFile(kBundled + "/us-csl/consolidated.csv.gz"), "application/octet-stream");
    Add("/eu.xml", Slurp(EMBARGO_SOURCE_DIR "/tests/lists/testdata/eu/fsf_sample.xml"), "application/octet-stream");
    // The bundled SDN set's other files, and its aliases file cut to its first 3 rows (the end
    // byte kept): every record stays, nearly every alias is gone.
    for (const char* name : {"alt.csv", "add.csv", "sdn_comments.csv"})
      Add("/" + std::string(name), *ReadFile(kBundled + "/ofac-sdn/" + name + ".gz"), "application/octet-stream");
    std::string alt = *ReadFile(kBundled + "/ofac-sdn/alt.csv.gz");
    size_t third = 0;
    for (int i = 0; i < 3; ++i) third = alt.find('\n', third) + 1;
    Add("/alt_cut.csv", alt.substr(0, third) + "\x1a", "application/octet-stream");
    // Windows-1252 À for the A that starts 218 of its 1,003 records' first names, in a file that
    // says it is UTF-8.
    std::string latin1 = *ReadFile(kBundled + "/un/consolidated.xml.gz");
    for (size_t at = 0; (at = latin1.find("<FIRST_NAME>A", at)) != std::string::npos; ++at) latin1[at + 12] = '\xC0';
    Add("/un_latin1.xml", latin1, "application/octet-stream");
    if (fs::exists(kShared + "/ofac/sdn_2024-05-02/sdn.csv.gz"))
      Add("/sdn0502.csv.gz", Slurp(kShared + "/ofac/sdn_2024-05-02/sdn.csv.gz"), "application/octet-stream");
    // The connection closes after half the announced length.
    http_.Get("/cut.csv", [this](const httplib::Request&, httplib::Response& res) {
      Count("/cut.csv");
      const std::string& body = Sdn0503();
      res.set_content_provider(body.size(), "application/octet-stream", [&body](size_t offset, size_t, httplib::DataSink& sink) {
        if (offset >= body.size() / 2) return false;
        sink.write(body.data() + offset, std::min<size_t>(65536, body.size() / 2 - offset));
        return true;
      });
    });
    // Sends a few bytes, then nothing until the server stops.
    http_.Get("/stall.csv", [this](const httplib::Request&, httplib::Response& res) {
      Count("/stall.csv");
      res.set_content_provider(Sdn0503().size(), "application/octet-stream", [this](size_t offset, size_t, httplib::DataSink& sink) {
        if (offset == 0) {
          sink.write(Sdn0503().data(), 10);
          return true;
        }
        for (int i = 0; i < 1000 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return false;
      });
    });
    // 503 on the first request, the list on the next.
    http_.Get("/flaky.csv", [this](const httplib::Request&, httplib::Response& res) {
      if (Count("/flaky.csv") == 1) {
        res.status = 503;
        res.set_content("try later", "text/plain");
        return;
      }
      res.set_content(Sdn0503(), "application/octet-stream");
    });
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ListServer() {
    stopping_ = true;
    http_.stop();
    thread_.join();
  }

  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int Requests(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return counts_[path];
  }

 private:
  void Add(const std::string& path, std::string body, const std::string& type) {
    http_.Get(path, [this, path, body = std::move(body), type](const httplib::Request&, httplib::Response& res) {
      Count(path);
      res.set_content(body, type.c_str());
    });
  }
  int Count(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return ++counts_[path];
  }

  httplib::Server http_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::map<std::string, int> counts_;
};

class UpdateTest : public testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ListServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    std::string test = info->name();
    std::replace(test.begin(), test.end(), '/', '_');  // a parameterised test's name: Name/0
    store_ = (fs::path(testing::TempDir()) / ("embargo_store_" + std::to_string(getpid()) + "_" + test)).string();
    fs::remove_all(store_);
    options_.bundled_dir = kBundled;
    options_.fetch.connect_timeout_ms = 2000;
    options_.fetch.total_timeout_ms = 20000;
    options_.fetch.stall_timeout_ms = 1000;
    options_.fetch.retries = 0;
    options_.fetch.retry_delay_ms = 50;
  }
  void TearDown() override { fs::remove_all(store_); }

  ListSource Sdn(const std::string& path) { return {"ofac-sdn", {{"sdn.csv", server_->Url(path)}}}; }
  // The set as OFAC publishes it: sdn.csv from `path` with the bundled aliases (from `alt`),
  // addresses and remarks. sdn.csv alone has half the names of the bundled list: a suspicious drop.
  ListSource SdnSet(const std::string& path, const std::string& alt = "/alt.csv") {
    ListSource s = Sdn(path);
    s.files.push_back({"add.csv", server_->Url("/add.csv")});
    s.files.push_back({"alt.csv", server_->Url(alt)});
    s.files.push_back({"sdn_comments.csv", server_->Url("/sdn_comments.csv")});
    return s;
  }

  UpdateResult UpdateOne(const ListSource& source) {
    auto results = UpdateLists(store_, {source}, options_);
    EXPECT_TRUE(results.ok()) << results.status().message();
    if (!results.ok() || results->size() != 1) return {};
    return (*results)[0];
  }

  // The ofac-sdn version in force: its id ("bundled" for the fallback) and entity count.
  std::pair<std::string, size_t> SdnInForce() {
    auto in_force = LoadListsInForce(store_, kBundled);
    EXPECT_TRUE(in_force.ok()) << in_force.status().message();
    if (!in_force.ok()) return {};
    for (size_t i = 0; i < in_force->lists.size(); ++i)
      if (in_force->lists[i].dataset == "ofac-sdn")
        return {in_force->versions[i].id, in_force->lists[i].entities.size()};
    return {};
  }

  static ListServer* server_;
  std::string store_;
  UpdateOptions options_;
};

ListServer* UpdateTest::server_ = nullptr;

TEST_F(UpdateTest, FirstVersionIsStoredWithItsVersionAndPutInForce) {
  UpdateResult r = UpdateOne(SdnSet("/sdn.csv.gz"));
  ASSERT_EQ(r.outcome, UpdateResult::Outcome::kUpdated) << r.status.message();
  EXPECT_EQ(r.previous.origin, "bundled");  // the fallback was in force before
  EXPECT_EQ(r.removed, 0u);
  EXPECT_EQ(r.version.records, 14965u);

  // version.json: download time, source URL, content hash, record count; the gzip body kept as .gz.
  auto json = nlohmann::json::parse(Slurp(r.version.path + "/version.json"));
  EXPECT_EQ(json["source"], "ofac-sdn");
  EXPECT_EQ(json["records"], 14965);
  EXPECT_EQ(json["urls"][2], server_->Url("/sdn.csv.gz"));  // by stored name: add, alt, sdn, sdn_comments
  EXPECT_EQ(json["content_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(json["files"][2]["name"], "sdn.csv.gz");
  EXPECT_EQ(json["id"], fs::path(r.version.path).filename().string());
  EXPECT_EQ(json["id"].get<std::string>().substr(17), json["content_sha256"].get<std::string>().substr(0, 12));
  EXPECT_LE(std::abs(json["downloaded_unix"].get<int64_t>() - std::time(nullptr)), 60);
  EXPECT_EQ(Slurp(store_ + "/current/ofac-sdn"), r.version.id + "\n");

  // In force: ofac-sdn from the store, the other bundled lists from the fallback.
  auto in_force = LoadListsInForce(store_, kBundled);
  ASSERT_TRUE(in_force.ok()) << in_force.status().message();
  std::map<std::string, std::string> origin;
  for (const ListVersion& v : in_force->versions) origin[v.datasets.at(0)] = v.origin;
  EXPECT_EQ(origin["ofac-sdn"], "store");
  EXPECT_EQ(origin["ofac-cons"], "bundled");
  EXPECT_EQ(origin["un"], "bundled");
  EXPECT_EQ(origin["bis-dpl"], "bundled");
  EXPECT_EQ(origin["uk-ofsi"], "bundled");
  EXPECT_EQ(origin["us-csl"], "bundled");
  EXPECT_EQ(in_force->lists.size(), 6u);

  // The same content again (now sent with Content-Encoding: gzip): nothing new is stored.
  UpdateResult again = UpdateOne(SdnSet("/sdn.csv"));
  EXPECT_EQ(again.outcome, UpdateResult::Outcome::kUnchanged) << again.status.message();
  EXPECT_EQ(again.version.id, r.version.id);
  EXPECT_GE(again.version.checked_unix, r.version.downloaded_unix);
  auto rechecked = nlohmann::json::parse(Slurp(r.version.path + "/version.json"));
  EXPECT_EQ(rechecked["checked_unix"], again.version.checked_unix);
  EXPECT_EQ(rechecked["downloaded_unix"], json["downloaded_unix"]);
  // The entity ids are saved with the version for the next drop check.
  std::string ids = Slurp(r.version.path + "/entity_ids");
  EXPECT_EQ(std::count(ids.begin(), ids.end(), '\n'), 14965);
  EXPECT_NE(ids.find("ofac-sdn:"), std::string::npos);
}

TEST_F(UpdateTest, NewerOfacSnapshotReplacesTheOlderOne) {
  if (!fs::exists(kShared + "/ofac/sdn_2024-05-02/sdn.csv.gz")) GTEST_SKIP() << "no shared OFAC snapshots";
  UpdateResult first = UpdateOne(SdnSet("/sdn0502.csv.gz"));
  ASSERT_EQ(first.outcome, UpdateResult::Outcome::kUpdated) << first.status.message();
  EXPECT_EQ(SdnInForce().second, 14973u);
  // The next publication, sent with Content-Encoding: gzip.
  UpdateResult second = UpdateOne(SdnSet("/sdn.csv"));
  ASSERT_EQ(second.outcome, UpdateResult::Outcome::kUpdated) << second.status.message();
  EXPECT_EQ(second.removed, 8u);  // the two snapshots differ by 8 removals
  EXPECT_FALSE(second.forced);
  EXPECT_EQ(second.previous.id, first.version.id);
  EXPECT_EQ(SdnInForce(), std::make_pair(second.version.id, size_t{14965}));
  auto stored = StoredVersions(store_, "ofac-sdn");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 2u);
}

// The CSL's stored version counts every row its file gave; in force, beside the lists that publish
// its copies of OFAC's and BIS's records, it keeps its own. The floor counts what the files gave,
// or every screening after an update of the CSL would be refused as a cut list.
TEST_F(UpdateTest, UpdatedCslStaysInForceBesideTheListsItCopies) {
  UpdateResult r = UpdateOne({"us-csl", {{"consolidated.csv", server_->Url("/csl.csv.gz")}}});
  ASSERT_EQ(r.outcome, UpdateResult::Outcome::kUpdated) << r.status.message();
  EXPECT_EQ(r.version.records, 14048u);
  auto in_force = LoadListsInForce(store_, kBundled);
  ASSERT_TRUE(in_force.ok()) << in_force.status().message();
  for (const ListLoad& l : in_force->lists) {
    if (l.dataset == "us-csl") {
      EXPECT_EQ(l.entities.size(), 3163u);
    }
  }
}

// A damaged version record is refused naming the file and the field, in the project's words.
TEST(ListStoreVersions, DamagedVersionRecordNamesTheField) {
  std::string store = testing::TempDir() + "/damaged_versions";
  const std::string good = R"("source":"ofac-sdn","id":"20250101T000000Z-abc","content_sha256":"00")";
  const std::pair<std::string, std::string> cases[] = {
      {"{" + good + R"(,"records":"many"})", "'records': expected a whole number, 0 or more"},
      {"{" + good + R"(,"records":-1})", "'records': expected a whole number, 0 or more"},
      {"{" + good + R"(,"urls":["http://x/a.csv",1]})", "'urls': expected an array of strings"},
      {"{" + good + R"(,"downloaded_unix":1.5})", "'downloaded_unix': expected a whole number of seconds"},
      {R"({"source":"ofac-sdn","content_sha256":"00"})", "no 'id' field"},
      {R"([1,2])", "not a JSON object"}};
  for (const auto& [record, problem] : cases) {
    fs::remove_all(store);
    std::string dir = store + "/versions/ofac-sdn/20250101T000000Z-abc";
    fs::create_directories(dir);
    std::ofstream(dir + "/version.json") << record;
    auto versions = StoredVersions(store, "ofac-sdn");
    ASSERT_FALSE(versions.ok()) << record;
    EXPECT_EQ(versions.status().message(), dir + "/version.json: " + problem) << record;
  }
}

// Each bad download fails with its reason, and the version in force stays.
class BadDownloadTest : public UpdateTest {
 protected:
  void ExpectRefused(const ListSource& source, const std::string& reason) {
    UpdateResult good = UpdateOne(SdnSet("/sdn.csv.gz"));
    ASSERT_EQ(good.outcome, UpdateResult::Outcome::kUpdated) << good.status.message();
    auto start = std::chrono::steady_clock::now();
    UpdateResult bad = UpdateOne(source);
    bad_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(bad.outcome, UpdateResult::Outcome::kFailed);
    EXPECT_NE(bad.status.message().find(reason), std::string::npos) << bad.status.message();
    EXPECT_NE(bad.status.message().find("version " + good.version.id + " stays in force"), std::string::npos)
        << bad.status.message();
    EXPECT_EQ(SdnInForce(), std::make_pair(good.version.id, size_t{14965}));
    auto stored = StoredVersions(store_, "ofac-sdn");
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->size(), 1u);  // nothing of the bad version is kept
    EXPECT_TRUE(fs::is_empty(store_ + "/tmp"));
  }
  double bad_seconds_ = 0;  // how long the refused update took
};

TEST_F(BadDownloadTest, Http404) {
  ExpectRefused(Sdn("/no-such-file.csv"), server_->Url("/no-such-file.csv") + ": HTTP 404 (1 attempt)");
}

TEST_F(BadDownloadTest, ConnectionClosedMidTransferIsRetriedThenRefused) {
  options_.fetch.retries = 1;
  ExpectRefused(Sdn("/cut.csv"), "download failed");
  EXPECT_EQ(server_->Requests("/cut.csv"), 2);  // one retry
}

TEST_F(BadDownloadTest, TruncatedFile) { ExpectRefused(Sdn("/truncated.csv"), "truncated: sdn.csv does not end"); }

// With no version in force to compare with (no store, no bundle), the loader's own finding that
// the file is cut short refuses it: every later load would refuse the stored version.
TEST_F(UpdateTest, FileCutAtARecordIsRefusedWithNothingInForce) {
  options_.bundled_dir.clear();
  UpdateResult r = UpdateOne(Sdn("/cut_at_record.csv"));
  EXPECT_EQ(r.outcome, UpdateResult::Outcome::kFailed);
  EXPECT_NE(r.status.message().find("new version truncated: sdn.csv does not end with OFAC's end-of-file byte (0x1A)"),
            std::string::npos)
      << r.status.message();
  auto stored = StoredVersions(store_, "ofac-sdn");
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->empty());
}

TEST_F(BadDownloadTest, TruncatedGzipFile) { ExpectRefused(Sdn("/truncated.csv.gz"), "truncated gzip stream"); }

TEST_F(BadDownloadTest, GarbageInsteadOfTheList) {
  ExpectRefused(Sdn("/garbage.csv"), "new version unusable: sdn.csv");
}

TEST_F(BadDownloadTest, StalledServerTimesOutQuickly) {
  ExpectRefused(Sdn("/stall.csv"), "Operation too slow");
  EXPECT_LT(bad_seconds_, 5.0);  // the 1 s stall timeout, not the 20 s total timeout nor the 10 s stall
}

TEST_F(BadDownloadTest, TotalTimeoutCutsASlowTransfer) {
  options_.fetch.stall_timeout_ms = 30000;
  options_.fetch.total_timeout_ms = 700;
  ExpectRefused(Sdn("/stall.csv"), "Operation timed out");
  EXPECT_LT(bad_seconds_, 5.0);
}

TEST_F(BadDownloadTest, GzipBombIsRefusedNamingTheFile) {
  GzipBomb();
  ExpectRefused(Sdn("/bomb.csv.gz"), "new version unusable: sdn.csv.gz: decompresses to more than 64 MiB");
}

// curl decodes a Content-Encoding body before it is written: the download's cap counts decoded bytes.
TEST_F(BadDownloadTest, GzipBombAsContentEncodingIsCutAtTheDownloadCap) {
  options_.fetch.max_bytes = 32 << 20;
  GzipBomb();
  ExpectRefused(Sdn("/bomb.csv"), server_->Url("/bomb.csv") + ": larger than 33554432 bytes once decoded");
}

TEST_F(BadDownloadTest, HalfTheRecordsGoneIsRefused) {
  ExpectRefused(Sdn("/half.csv"), "suspicious change refused: 7482 of the 14965 records in force (50%) are missing");
}

TEST_F(UpdateTest, ForceAcceptsTheDropButNothingElse) {
  options_.force = true;
  UpdateResult half = UpdateOne(Sdn("/half.csv"));
  ASSERT_EQ(half.outcome, UpdateResult::Outcome::kUpdated) << half.status.message();
  EXPECT_TRUE(half.forced);
  EXPECT_EQ(half.removed, 7482u);
  EXPECT_EQ(SdnInForce().second, 14965u - 7482u);
  // --force does not let a malformed file through.
  UpdateResult garbage = UpdateOne(Sdn("/garbage.csv"));
  EXPECT_EQ(garbage.outcome, UpdateResult::Outcome::kFailed);
  EXPECT_EQ(SdnInForce().first, half.version.id);
}

// An aliases file cut to its first rows (its end byte kept) keeps every record but loses most
// names screening matches: refused against the bundled list and against a stored version, naming
// the list and both counts; before, only entity ids were compared and it went into force.
TEST_F(UpdateTest, MostAliasesGoneIsRefused) {
  auto set = [this](const std::string& alt) { return SdnSet("/sdn.csv.gz", alt); };
  UpdateResult vs_bundled = UpdateOne(set("/alt_cut.csv"));
  EXPECT_EQ(vs_bundled.outcome, UpdateResult::Outcome::kFailed);
  EXPECT_NE(vs_bundled.status.message().find("suspicious change refused: ofac-sdn has "), std::string::npos)
      << vs_bundled.status.message();
  EXPECT_EQ(SdnInForce().first, "bundled");

  UpdateResult full = UpdateOne(set("/alt.csv"));
  ASSERT_EQ(full.outcome, UpdateResult::Outcome::kUpdated) << full.status.message();
  EXPECT_GT(full.version.names, 14965u);  // the aliases counted with the names
  auto json = nlohmann::json::parse(Slurp(full.version.path + "/version.json"));
  EXPECT_EQ(json["names"], full.version.names);
  UpdateResult cut = UpdateOne(set("/alt_cut.csv"));
  EXPECT_EQ(cut.outcome, UpdateResult::Outcome::kFailed);
  const std::string& why = cut.status.message();
  EXPECT_NE(why.find("suspicious change refused: ofac-sdn has "), std::string::npos) << why;
  EXPECT_NE(why.find(" names and aliases in the new version, " + std::to_string(full.version.names) + " in force ("),
            std::string::npos) << why;
  EXPECT_EQ(why.find("records in force"), std::string::npos) << why;  // no record is gone
  EXPECT_EQ(SdnInForce().first, full.version.id);

  options_.force = true;  // the same override as for records
  UpdateResult forced = UpdateOne(set("/alt_cut.csv"));
  ASSERT_EQ(forced.outcome, UpdateResult::Outcome::kUpdated) << forced.status.message();
  EXPECT_TRUE(forced.forced);
  EXPECT_EQ(forced.removed, 0u);
}

TEST_F(UpdateTest, EmptyListIsRefusedEvenWithForce) {
  options_.force = true;
  UpdateResult r = UpdateOne({"un", {{"consolidated.xml", server_->Url("/empty.xml")}}});
  EXPECT_EQ(r.outcome, UpdateResult::Outcome::kFailed);
  EXPECT_NE(r.status.message().find("the bundled version stays in force"), std::string::npos) << r.status.message();
  auto in_force = LoadListsInForce(store_, kBundled);
  ASSERT_TRUE(in_force.ok());
  for (size_t i = 0; i < in_force->lists.size(); ++i) {
    if (in_force->lists[i].dataset == "un") {
      EXPECT_EQ(in_force->versions[i].origin, "bundled");
    }
  }
}

// A URL that serves another list (the EU's under `un`) would put that list in force as the UN's
// and leave the UN list unscreened: refused, naming both datasets, and nothing stored.
TEST_F(UpdateTest, AnotherListUnderASourceIsRefused) {
  UpdateResult r = UpdateOne({"un", {{"consolidated.xml", server_->Url("/eu.xml")}}});
  EXPECT_EQ(r.outcome, UpdateResult::Outcome::kFailed);
  EXPECT_NE(r.status.message().find("new version refused: consolidated.xml holds dataset eu-fsf, not the source's dataset un"),
            std::string::npos) << r.status.message();
  auto stored = StoredVersions(store_, "un");
  EXPECT_TRUE(!stored.ok() || stored->empty());
  auto in_force = LoadListsInForce(store_, kBundled);
  ASSERT_TRUE(in_force.ok()) << in_force.status().message();
  for (size_t i = 0; i < in_force->lists.size(); ++i) {
    if (in_force->lists[i].dataset == "un" || in_force->lists[i].dataset == "eu-fsf") {
      EXPECT_EQ(in_force->versions[i].origin, "bundled") << in_force->lists[i].dataset;
    }
  }
}

// Records whose names are not UTF-8 are rejected (RejectMalformedText) and count against
// update.max_rejected like any other: such a file does not replace the version in force.
TEST_F(UpdateTest, NamesNotUtf8AreRejectedRecordsThatRefuseTheVersion) {
  UpdateResult r = UpdateOne({"un", {{"consolidated.xml", server_->Url("/un_latin1.xml")}}});
  EXPECT_EQ(r.outcome, UpdateResult::Outcome::kFailed);
  const std::string& why = r.status.message();
  EXPECT_NE(why.find("new version malformed: un: 218 of 1003 records rejected (limit 1%; first: consolidated.xml:"),
            std::string::npos) << why;
  EXPECT_NE(why.find("name \"\\xC0"), std::string::npos) << why;
  EXPECT_NE(why.find("is not valid UTF-8"), std::string::npos) << why;
  EXPECT_NE(why.find("the bundled version stays in force"), std::string::npos) << why;
}

// A stored version is put in force only with the files it was stored with: one whose files were
// changed, or that holds a file more, is refused naming its directory and both content hashes.
TEST_F(UpdateTest, VersionWhoseFilesChangedIsRefusedAtLoad) {
  UpdateResult r = UpdateOne(SdnSet("/sdn.csv.gz"));
  ASSERT_EQ(r.outcome, UpdateResult::Outcome::kUpdated) << r.status.message();
  auto good = LoadListsInForce(store_, kBundled);
  ASSERT_TRUE(good.ok()) << good.status().message();
  // Stored gzipped or not, the same content is the same version.
  std::string sdn = Sdn0503();
  fs::remove(r.version.path + "/sdn.csv.gz");
  std::ofstream(r.version.path + "/sdn.csv", std::ios::binary) << sdn;
  EXPECT_TRUE(LoadListsInForce(store_, kBundled).ok());
  auto expect_refused = [&](const std::string& what) {
    auto in_force = LoadListsInForce(store_, kBundled);
    ASSERT_FALSE(in_force.ok()) << what;
    const std::string& why = in_force.status().message();
    EXPECT_NE(why.find("version directory " + r.version.path + " refused: its files' content hash is "),
              std::string::npos) << what << ": " << why;
    EXPECT_NE(why.find(", not the " + r.version.content_hash + " its version.json records"), std::string::npos)
        << what << ": " << why;
  };
  size_t at = sdn.find("PUTIN");
  ASSERT_NE(at, std::string::npos);
  std::string edited = sdn;
  edited.replace(at, 5, "PUTIM");
  std::ofstream(r.version.path + "/sdn.csv", std::ios::binary) << edited;
  expect_refused("a name edited");
  std::ofstream(r.version.path + "/sdn.csv", std::ios::binary) << sdn;
  std::ofstream(r.version.path + "/README.txt") << "notes\n";
  expect_refused("a file added");
  // The same publication downloaded again is stored anew and loads: not taken as unchanged.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a version id is to the second
  UpdateResult again = UpdateOne(SdnSet("/sdn.csv.gz"));
  EXPECT_EQ(again.outcome, UpdateResult::Outcome::kUpdated) << again.status.message();
  EXPECT_NE(again.version.id, r.version.id);
  EXPECT_EQ(again.version.content_hash, r.version.content_hash);
  EXPECT_EQ(SdnInForce(), std::make_pair(again.version.id, size_t{14965}));
}

TEST_F(UpdateTest, TransientHttpErrorIsRetriedWithBackoff) {
  options_.fetch.retries = 2;
  options_.fetch.retry_delay_ms = 200;
  int before = server_->Requests("/flaky.csv");
  auto start = std::chrono::steady_clock::now();
  UpdateResult r = UpdateOne(SdnSet("/flaky.csv"));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.outcome, UpdateResult::Outcome::kUpdated) << r.status.message();
  EXPECT_EQ(server_->Requests("/flaky.csv") - before, 2);
  EXPECT_GE(seconds, 0.2);
}

TEST_F(UpdateTest, OneFailingSourceDoesNotStopTheOthers) {
  auto results = UpdateLists(store_,
                             {Sdn("/no-such-file.csv"), ListSource{"un", {{"consolidated.xml", server_->Url("/un.xml")}}}},
                             options_);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].outcome, UpdateResult::Outcome::kFailed);
  EXPECT_EQ((*results)[1].outcome, UpdateResult::Outcome::kUpdated) << (*results)[1].status.message();
  EXPECT_EQ((*results)[1].version.published, "2026-02-27");
}

// A failure injected after each step stops the update there, without clean-up, as a crash would.
class CrashTest : public UpdateTest, public testing::WithParamInterface<std::string> {};

TEST_P(CrashTest, OldVersionStaysInForceUntilTheSwitch) {
  UpdateResult good = UpdateOne(SdnSet("/sdn.csv.gz"));
  ASSERT_EQ(good.outcome, UpdateResult::Outcome::kUpdated) << good.status.message();
  std::string crash_at = GetParam();
  options_.force = true;
  options_.after_step = [&](std::string_view step) {
    return step == crash_at ? Status::Internal("simulated crash") : Status::Ok();
  };
  auto results = UpdateLists(store_, {Sdn("/half.csv")}, options_);
  ASSERT_FALSE(results.ok());
  EXPECT_NE(results.status().message().find("after step '" + crash_at + "'"), std::string::npos);
  auto [id, entities] = SdnInForce();
  if (crash_at == "switched") {
    EXPECT_NE(id, good.version.id);
    EXPECT_EQ(entities, 14965u - 7482u);
  } else {
    EXPECT_EQ(id, good.version.id);
    EXPECT_EQ(entities, 14965u);
  }
  // The next run clears what the crashed one left and completes.
  options_.after_step = nullptr;
  UpdateResult next = UpdateOne(Sdn("/half.csv"));
  EXPECT_NE(next.outcome, UpdateResult::Outcome::kFailed) << next.status.message();
  EXPECT_TRUE(fs::is_empty(store_ + "/tmp"));
  EXPECT_EQ(SdnInForce().second, 14965u - 7482u);
}

INSTANTIATE_TEST_SUITE_P(Steps, CrashTest, testing::Values("downloaded", "checked", "stored", "switched"));

// A real crash: a child process dies (_exit, no destructors) right before the switch.
TEST_F(UpdateTest, ProcessKilledBeforeTheSwitchLeavesTheOldVersion) {
  UpdateResult good = UpdateOne(SdnSet("/sdn.csv.gz"));
  ASSERT_EQ(good.outcome, UpdateResult::Outcome::kUpdated) << good.status.message();
  options_.force = true;
  options_.after_step = [](std::string_view step) {
    if (step == "stored") _exit(42);
    return Status::Ok();
  };
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    (void)UpdateLists(store_, {Sdn("/half.csv")}, options_);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
  EXPECT_EQ(SdnInForce(), std::make_pair(good.version.id, size_t{14965}));
  auto stored = StoredVersions(store_, "ofac-sdn");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 2u);  // the new version was complete on disk, but never in force
}

TEST_F(UpdateTest, KeepsTheNewestVersions) {
  if (!fs::exists(kShared + "/ofac/sdn_2024-05-02/sdn.csv.gz")) GTEST_SKIP() << "no shared OFAC snapshots";
  options_.keep = 2;
  std::vector<std::string> ids;
  for (const char* path : {"/sdn0502.csv.gz", "/sdn.csv.gz", "/sdn0502.csv.gz"}) {
    UpdateResult r = UpdateOne(SdnSet(path));
    ASSERT_EQ(r.outcome, UpdateResult::Outcome::kUpdated) << r.status.message();
    ids.push_back(r.version.id);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // version names have second resolution
  }
  auto stored = StoredVersions(store_, "ofac-sdn");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].id, ids[1]);
  EXPECT_EQ((*stored)[1].id, ids[2]);
  EXPECT_EQ(SdnInForce().first, ids[2]);
}

TEST_F(UpdateTest, PointerToAMissingVersionIsAnError) {
  fs::create_directories(store_ + "/current");
  std::ofstream(store_ + "/current/ofac-sdn") << "20260101T000000Z-000000000000\n";
  auto in_force = LoadListsInForce(store_, kBundled);
  ASSERT_FALSE(in_force.ok());
  EXPECT_NE(in_force.status().message().find("which is missing"), std::string::npos) << in_force.status().message();
}

// A source with stored versions but no pointer in current/ is an error naming the pointer and the
// source: before, its bundled list was put in force without a word. The next update mends it.
TEST_F(UpdateTest, VersionsWithoutAPointerAreAnError) {
  UpdateResult good = UpdateOne(SdnSet("/sdn.csv.gz"));
  ASSERT_EQ(good.outcome, UpdateResult::Outcome::kUpdated) << good.status.message();
  fs::remove(store_ + "/current/ofac-sdn");
  auto in_force = LoadListsInForce(store_, kBundled);
  ASSERT_FALSE(in_force.ok());
  EXPECT_EQ(in_force.status().message().rfind(store_ + "/current/ofac-sdn: missing, though " + store_ +
                                                  "/versions/ofac-sdn holds versions of ofac-sdn", 0),
            0u)
      << in_force.status().message();
  UpdateResult again = UpdateOne(SdnSet("/sdn.csv.gz"));
  ASSERT_EQ(again.outcome, UpdateResult::Outcome::kUpdated) << again.status.message();
  EXPECT_EQ(SdnInForce().first, again.version.id);
}

TEST_F(UpdateTest, OneUpdateAtATime) {
  fs::create_directories(store_);
  int fd = ::open((store_ + "/lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(flock(fd, LOCK_EX), 0);
  auto results = UpdateLists(store_, {Sdn("/sdn.csv.gz")}, options_);
  ::close(fd);
  ASSERT_FALSE(results.ok());
  EXPECT_NE(results.status().message().find("another 'lists update' is running"), std::string::npos);
}

// The service reads the lists in force from the store on every reload.
TEST_F(UpdateTest, ServerReloadPicksTheNewVersion) {
  std::string store = store_;
  server::ServerOptions opts;
  opts.port = 0;
  opts.auth = false;
  opts.threads = 4;
  auto srv = server::Server::Create(opts, [store]() -> StatusOr<std::vector<ListLoad>> {
    auto in_force = LoadListsInForce(store, kBundled);
    if (!in_force.ok()) return in_force.status();
    return std::move(in_force->lists);
  });
  ASSERT_TRUE(srv.ok()) << srv.status().message();
  ASSERT_TRUE((*srv)->Bind().ok());
  std::thread run([&] { (*srv)->Run(); });
  httplib::Client client("127.0.0.1", (*srv)->port());
  client.set_read_timeout(30, 0);  // POST /admin/reload returns once requests on the old version are done
  auto sdn_entities = [&]() -> int64_t {
    auto res = client.Get("/readyz");
    if (!res || res->status != 200) return -1;
    nlohmann::json body = nlohmann::json::parse(res->body);
    for (const auto& l : body["lists"])
      if (l["dataset"] == "ofac-sdn") return l["entities"].get<int64_t>();
    return -2;
  };
  EXPECT_EQ(sdn_entities(), 14965);
  options_.force = true;
  EXPECT_EQ(UpdateOne(Sdn("/half.csv")).outcome, UpdateResult::Outcome::kUpdated);
  EXPECT_EQ(sdn_entities(), 14965);  // still the loaded version until a reload
  auto reload = client.Post("/admin/reload");
  EXPECT_TRUE(reload && reload->status == 200) << (reload ? reload->body : "no reply");
  EXPECT_EQ(sdn_entities(), 14965 - 7482);
  (*srv)->Stop();
  run.join();
}

using embargo_test::Embargo;
using embargo_test::Outcome;

TEST_F(UpdateTest, CommandLineUpdatesAndShowsVersions) {
  std::string config = store_ + ".conf";
  std::ofstream(config) << "# test sources on loopback\n"
                        << "source.ofac-sdn = sdn.csv=" << server_->Url("/sdn.csv.gz") << " add.csv="
                        << server_->Url("/add.csv") << " alt.csv=" << server_->Url("/alt.csv")
                        << " sdn_comments.csv=" << server_->Url("/sdn_comments.csv") << "\n"
                        << "source.un = " << server_->Url("/un.xml") << "\n"
                        << "source.ofac-cons = cons_prim.csv=" << server_->Url("/no-such-file.csv") << "\n"
                        << "update.sources = ofac-sdn un\n"
                        << "update.stall_timeout = 1\nupdate.retries = 0\nupdate.max_drop = 5%\n";
  std::string base = "--config " + config + " --lists " + store_;
  Outcome up = Embargo(base + " lists update --format json");
  ASSERT_EQ(up.status, 0) << up.out << up.err;
  auto j = nlohmann::json::parse(up.out);
  ASSERT_EQ(j["sources"].size(), 2u);
  EXPECT_EQ(j["sources"][0]["source"], "ofac-sdn");
  EXPECT_EQ(j["sources"][0]["outcome"], "updated");
  EXPECT_EQ(j["sources"][1]["outcome"], "updated");
  EXPECT_NE(up.err.find("SIGHUP"), std::string::npos);

  // `lists` shows each list in force with its version; the store is found by --lists.
  Outcome lists = Embargo("--lists " + store_ + " lists --format json");
  ASSERT_EQ(lists.status, 0) << lists.err;
  std::map<std::string, nlohmann::json> version;
  for (const auto& l : nlohmann::json::parse(lists.out)) version[l["dataset"]] = l["version"];
  EXPECT_EQ(version["ofac-sdn"]["origin"], "store");
  EXPECT_EQ(version["ofac-sdn"]["urls"][2], server_->Url("/sdn.csv.gz"));  // by stored name
  // Its age counts from the publication date (the download's Last-Modified), not the download.
  EXPECT_EQ(version["ofac-sdn"]["published"], "2024-05-03");
  EXPECT_NE(version["ofac-sdn"]["age"].get<std::string>().find(" days"), std::string::npos) << version["ofac-sdn"];
  EXPECT_NE(version["ofac-sdn"]["age"], "unknown");
  EXPECT_EQ(version["ofac-sdn"]["content_sha256"], j["sources"][0]["version"]["content_sha256"]);
  EXPECT_EQ(version["un"]["published"], "2026-02-27");
  EXPECT_EQ(version["ofac-cons"]["origin"], "bundled");
  Outcome table = Embargo("--lists " + store_ + " lists");
  EXPECT_NE(table.out.find("source " + server_->Url("/un.xml")), std::string::npos) << table.out;

  // The store is what screening uses.
  EXPECT_EQ(Embargo("--lists " + store_ + " screen 'Vladimir Putin'").status, 1);

  // A failing source: exit 2, the reason on stderr, the version in force kept.
  Outcome failed = Embargo(base + " lists update --source ofac-cons");
  EXPECT_EQ(failed.status, 2);
  EXPECT_NE(failed.err.find("HTTP 404"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("the bundled version stays in force"), std::string::npos) << failed.err;

  // Usage errors.
  Outcome unknown = Embargo(base + " lists update --source nowhere");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown source 'nowhere'"), std::string::npos) << unknown.err;
  std::string bad = store_ + ".bad.conf";
  std::ofstream(bad) << "update.max_drop = 0.1\nupdate.max_drop = lots\n";
  Outcome bad_value = Embargo("--config " + bad + " --lists " + store_ + " lists update");
  EXPECT_EQ(bad_value.status, 2);
  EXPECT_NE(bad_value.err.find(".bad.conf:2: update.max_drop"), std::string::npos) << bad_value.err;
  Outcome not_store = Embargo("--lists " + kBundled + " lists update");
  EXPECT_EQ(not_store.status, 2);
  EXPECT_NE(not_store.err.find("not a list store"), std::string::npos) << not_store.err;

  // `list_store = DIR` in the config selects the store too.
  std::string by_config = store_ + ".store.conf";
  std::ofstream(by_config) << "list_store = " << store_ << "\n";
  Outcome via_config = Embargo("--config " + by_config + " lists --format json");
  ASSERT_EQ(via_config.status, 0) << via_config.err;
  EXPECT_NE(via_config.out.find(server_->Url("/sdn.csv.gz")), std::string::npos);
  for (const std::string& f : {config, bad, by_config}) fs::remove(f);
}

}  // namespace
}  // namespace embargo
