// The store as users and operators meet it: the real binary recording, deciding and rescreening,
// killed with SIGKILL mid-run and restarted, a record edited with sqlite3, a read-only store.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "embargo/lists.h"
#include "store_test_util.h"

namespace embargo {
namespace {

using testing_store::FreshStore;
using testing_store::RawSql;

const std::string kLists = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Starts the binary with `args` (no shell), stdout and stderr to files; returns the pid.
pid_t Spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err,
            const std::string& run_as = "") {
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<std::string> full;
    if (!run_as.empty()) full = {"/usr/sbin/runuser", "-u", run_as, "--"};
    full.push_back(EMBARGO_BINARY);
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

Outcome Embargo(const std::vector<std::string>& args, const std::string& run_as = "") {
  static int calls = 0;
  std::string base = ::testing::TempDir() + "/storecli_" + std::to_string(getpid()) + "_" + std::to_string(++calls);
  pid_t pid = Spawn(args, base + ".out", base + ".err", run_as);
  int st = 0;
  waitpid(pid, &st, 0);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, Slurp(base + ".out"), Slurp(base + ".err")};
}

// Customers: every seventh is a listed name (a hit), the rest synthetic.
std::string CustomersCsv(const std::string& name, size_t n) {
  static std::vector<std::string> listed = [] {
    std::vector<std::string> out;
    auto lists = LoadListDirectory(kLists);
    EXPECT_TRUE(lists.ok());
    for (const auto& l : *lists)
      for (const auto& e : l.entities)
        if (e.schema == Schema::kPerson && out.size() < 5000) out.push_back(e.caption());
    return out;
  }();
  const char* first[] = {"Anna", "Peter", "Maria", "Johan", "Li", "Fatima", "Carlos", "Olga", "Ahmed", "Grace"};
  const char* last[] = {"Lindqvist", "Okafor", "Moreau", "Tanaka", "Kowalski", "Haddad", "Silva", "Novak", "Brennan"};
  std::mt19937 rng(42);
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path);
  out << "id,name,type\n";
  for (size_t i = 0; i < n; ++i) {
    std::string who = i % 7 == 0 ? listed[rng() % listed.size()]
                                 : std::string(first[rng() % 10]) + " " + last[rng() % 9] + " " + std::to_string(rng() % 1000);
    std::string quoted;
    for (char c : who) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out << "cust" << i << ",\"" << quoted << "\",person\n";
  }
  return path;
}

std::multiset<std::string> AlertKeys(const std::string& store, const std::string& where = "") {
  auto out = Embargo({"alerts", "list", "--status", "all", "--limit", "0", "--format", "json", "--store", store});
  EXPECT_EQ(out.status, 0) << out.err;
  std::multiset<std::string> keys;
  for (const auto& a : nlohmann::json::parse(out.out))
    keys.insert(a["customer_id"].get<std::string>() + "|" + a["entity_id"].get<std::string>() + "|" +
                a["status"].get<std::string>());
  return keys;
}

void ExpectIntact(const std::string& store) {
  Outcome v = Embargo({"audit", "verify", "--store", store});
  EXPECT_EQ(v.status, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("intact"), std::string::npos) << v.out;
}

// Polls `sql` on the store until it returns a number >= `at_least`, or the process exits.
bool WaitFor(const std::string& store, const std::string& sql, long at_least, pid_t pid) {
  for (int i = 0; i < 6000; ++i) {
    std::string v = RawSql(store, sql, /*quiet=*/true);
    if (!v.empty() && std::stol(v) >= at_least) return true;
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

class StoreCliTest : public ::testing::TestWithParam<std::string> {};

TEST_P(StoreCliTest, RescreenKilledTwiceResumesWithoutLosingOrDoublingAlerts) {
  std::string killed = FreshStore(GetParam(), "killed"), clean = FreshStore(GetParam(), "clean");
  if (killed.empty()) GTEST_SKIP() << "PostgreSQL is not installed: install postgresql";
  const size_t n = 1500;
  std::string customers = CustomersCsv("rescreen_customers.csv", n);
  std::vector<std::string> args = {"--lists", kLists, "rescreen", "--customers", customers, "--batch-size", "10",
                                   "--format", "json", "--store"};
  std::string dir = ::testing::TempDir();
  long killed_at_total = 0;
  for (long target : {200L, 700L}) {
    auto a = args;
    a.push_back(killed);
    pid_t pid = Spawn(a, dir + "/k.out", dir + "/k.err");
    bool reached = WaitFor(killed, "SELECT MAX(checkpoint) FROM rescreen_runs", target, pid);
    ASSERT_TRUE(reached) << "the rescreen ended before it could be killed: " << Slurp(dir + "/k.err");
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    ASSERT_TRUE(WIFSIGNALED(st));
    killed_at_total = std::stol(RawSql(killed, "SELECT MAX(checkpoint) FROM rescreen_runs"));
    ASSERT_LT(killed_at_total, static_cast<long>(n)) << "killed mid-run";
  }
  auto a = args;
  a.push_back(killed);
  Outcome resumed = Embargo(a);
  ASSERT_EQ(resumed.status, 1) << resumed.err;
  auto rep = nlohmann::json::parse(resumed.out);
  EXPECT_TRUE(rep["resumed"].get<bool>());
  EXPECT_EQ(rep["resumed_from"].get<long>(), killed_at_total);

  a = args;
  a.push_back(clean);
  Outcome reference = Embargo(a);
  ASSERT_EQ(reference.status, 1) << reference.err;
  EXPECT_EQ(nlohmann::json::parse(reference.out)["new_alerts"], rep["new_alerts"]);

  auto got = AlertKeys(killed), want = AlertKeys(clean);
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(got, want) << "nothing lost, nothing doubled";
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), got.size());
  EXPECT_EQ(RawSql(killed, "SELECT COUNT(*) FROM audit_records WHERE kind = 'rescreen'"),
            RawSql(clean, "SELECT COUNT(*) FROM audit_records WHERE kind = 'rescreen'"));
  ExpectIntact(killed);

  // The next run with unchanged lists has nothing to screen.
  a = args;
  a.push_back(killed);
  Outcome again = Embargo(a);
  EXPECT_EQ(again.status, 0) << again.out << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["new_alerts"], 0);
}

TEST_P(StoreCliTest, BatchRecordingKilledAndRerunRecordsEachRowOnce) {
  std::string store = FreshStore(GetParam(), "batchkill");
  if (store.empty()) GTEST_SKIP() << "PostgreSQL is not installed: install postgresql";
  const size_t n = 1500;  // enough that a loaded machine does not finish them all before the kill
  std::string input = CustomersCsv("batch_customers.csv", n);
  std::vector<std::string> args = {"--lists", kLists, "batch", "--input", input, "--record", "--store", store};
  std::string dir = ::testing::TempDir();
  pid_t pid = Spawn(args, dir + "/b.out", dir + "/b.err");
  ASSERT_TRUE(WaitFor(store, "SELECT COUNT(*) FROM audit_records", 60, pid)) << Slurp(dir + "/b.err");
  kill(pid, SIGKILL);
  int st;
  waitpid(pid, &st, 0);
  long before = std::stol(RawSql(store, "SELECT COUNT(*) FROM audit_records"));
  ASSERT_LT(before, static_cast<long>(n)) << "the batch finished before it was killed";
  // Every line the killed process printed names a committed record.
  std::istringstream printed(Slurp(dir + "/b.out"));
  std::string line;
  while (std::getline(printed, line))
    if (line.size() > 2 && line.back() == '}') {
      EXPECT_LE(nlohmann::json::parse(line)["record"].get<long>(), before);
    }
  ExpectIntact(store);

  Outcome rerun = Embargo(args);
  ASSERT_EQ(rerun.status, 1) << rerun.err;
  size_t lines = 0, already = 0;
  std::istringstream out(rerun.out);
  while (std::getline(out, line)) {
    auto j = nlohmann::json::parse(line);
    ++lines;
    if (j.value("already_recorded", false)) ++already;
  }
  EXPECT_EQ(lines, n);
  EXPECT_GE(already, static_cast<size_t>(before));
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM audit_records"), std::to_string(n));
  EXPECT_EQ(RawSql(store, "SELECT COUNT(DISTINCT request_key) FROM audit_records"), std::to_string(n));
  ExpectIntact(store);
}

// SIGTERM stops a batch cleanly: every row recorded is written out, the run says where it stopped
// and how to finish, and exits non-zero; the rerun records only the rest.
TEST_P(StoreCliTest, BatchStoppedBySigtermWritesEveryRecordedRowAndSaysSo) {
  std::string store = FreshStore(GetParam(), "batchterm");
  if (store.empty()) GTEST_SKIP() << "PostgreSQL is not installed: install postgresql";
  const size_t n = 3000;  // enough that a loaded machine does not finish them all before the signal
  std::string input = CustomersCsv("batch_term_customers_" + GetParam() + ".csv", n);
  std::string base = ::testing::TempDir() + "/term_" + GetParam();  // the backends' runs may overlap
  std::vector<std::string> args = {"--lists", kLists, "batch", "--input", input, "--record", "--store", store,
                                   "--output", base + ".jsonl"};
  pid_t pid = Spawn(args, base + ".out", base + ".err");
  ASSERT_TRUE(WaitFor(store, "SELECT COUNT(*) FROM audit_records", 1, pid)) << Slurp(base + ".err");
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
  std::string err = Slurp(base + ".err");
  ASSERT_TRUE(WIFEXITED(st)) << "killed by the signal, rows recorded but not written:\n" << err;
  EXPECT_EQ(WEXITSTATUS(st), 2) << err;
  size_t at = err.find("interrupted by SIGTERM after ");
  ASSERT_NE(at, std::string::npos) << err;
  size_t rows = std::stoul(err.substr(at + 29));
  ASSERT_LT(rows, n) << "the batch finished before the signal";
  EXPECT_NE(err.find("rerun the same command to finish"), std::string::npos) << err;
  std::istringstream written(Slurp(base + ".jsonl"));
  size_t lines = 0;
  for (std::string line; std::getline(written, line);) ++lines;
  EXPECT_EQ(lines, rows);
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM audit_records"), std::to_string(rows));
  ExpectIntact(store);

  Outcome rerun = Embargo(args);
  EXPECT_EQ(rerun.status, 1) << rerun.err;
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM audit_records"), std::to_string(n));
  EXPECT_EQ(RawSql(store, "SELECT COUNT(DISTINCT request_key) FROM audit_records"), std::to_string(n));
}

TEST_P(StoreCliTest, AlertsDecideFourEyesAndSuppressionEndToEnd) {
  std::string store = FreshStore(GetParam(), "alerts");
  if (store.empty()) GTEST_SKIP() << "PostgreSQL is not installed: install postgresql";
  auto screen = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> a = {"--lists", kLists, "screen", "Vladimir Putin", "--format", "json", "--record",
                                  "--store", store, "--customer-id", "C-17", "--caller", "onboarding"};
    a.insert(a.end(), extra.begin(), extra.end());
    return Embargo(a);
  };
  Outcome first = screen({});
  ASSERT_EQ(first.status, 1) << first.err;
  auto j = nlohmann::json::parse(first.out);
  EXPECT_EQ(j["verdict"], "alert");
  ASSERT_TRUE(j["hits"][0].contains("alert_id"));
  std::string id = std::to_string(j["hits"][0]["alert_id"].get<long>());

  Outcome listed = Embargo({"alerts", "list", "--store", store});
  EXPECT_EQ(listed.status, 0);
  EXPECT_NE(listed.out.find("ofac-sdn:35096"), std::string::npos) << listed.out;

  ASSERT_EQ(Embargo({"principals", "add", "root", "--roles", "admin", "--store", store}).status, 0);
  for (const char* name : {"alice", "bob"})
    ASSERT_EQ(Embargo({"principals", "add", name, "--roles", "review,approve", "--as", "root", "--store", store}).status, 0);
  Outcome d1 = Embargo({"alerts", "decide", id, "--decision", "false_positive", "--reviewer", "alice", "--comment",
                    "customer born 1990", "--store", store});
  ASSERT_EQ(d1.status, 0) << d1.err;
  EXPECT_NE(d1.out.find("pending_second"), std::string::npos) << "a high score needs a second reviewer: " << d1.out;
  Outcome same = Embargo({"alerts", "decide", id, "--decision", "false_positive", "--reviewer", "ALICE", "--comment",
                      "again", "--store", store});
  EXPECT_EQ(same.status, 2);
  EXPECT_NE(same.err.find("four-eyes"), std::string::npos) << same.err;
  Outcome d2 = Embargo({"alerts", "decide", id, "--decision", "false_positive", "--reviewer", "bob", "--comment",
                    "agreed", "--store", store});
  ASSERT_EQ(d2.status, 0) << d2.err;
  EXPECT_NE(d2.out.find("false_positive"), std::string::npos);

  Outcome shown = Embargo({"alerts", "show", id, "--store", store});
  ASSERT_EQ(shown.status, 0);
  auto sj = nlohmann::json::parse(shown.out);
  EXPECT_EQ(sj["status"], "false_positive");
  EXPECT_EQ(sj["decisions"].size(), 2u);
  EXPECT_FALSE(sj["hit"]["explanation"]["tokens"].empty()) << "the alert keeps the hit's explanation";

  Outcome suppressed = screen({});
  EXPECT_EQ(suppressed.status, 0) << suppressed.err;
  auto s = nlohmann::json::parse(suppressed.out);
  EXPECT_EQ(s["verdict"], "suppressed");
  EXPECT_TRUE(s["hits"][0]["suppressed"].get<bool>());
  EXPECT_NE(s["hits"][0]["alert_reason"].get<std::string>().find("alert " + id), std::string::npos);

  Outcome changed = screen({"--country", "RU"});
  EXPECT_EQ(changed.status, 1);
  EXPECT_NE(nlohmann::json::parse(changed.out)["hits"][0]["alert_reason"].get<std::string>().find("customer data changed"),
            std::string::npos);
  ExpectIntact(store);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCliTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(StoreCli, RecordEditedWithSqlite3IsNamedByAuditVerify) {
  std::string store = FreshStore("sqlite", "tamper");
  for (const char* name : {"Maria Lindqvist", "Vladimir Putin", "Peter Okafor"})
    ASSERT_NE(Embargo({"--lists", kLists, "screen", name, "--record", "--store", store}).status, 2);
  ExpectIntact(store);
  std::string sql = "UPDATE audit_records SET content = replace(content, '\"alert\"', '\"clear\"') WHERE seq = 2;";
  if (system("command -v sqlite3 >/dev/null") == 0) {
    std::string file = ::testing::TempDir() + "/tamper.sql";
    std::ofstream(file) << sql << "\n";
    ASSERT_EQ(system(("sqlite3 '" + store + "' < '" + file + "'").c_str()), 0);
  } else {
    RawSql(store, sql);
  }
  Outcome v = Embargo({"audit", "verify", "--store", store});
  EXPECT_EQ(v.status, 1) << v.out << v.err;
  EXPECT_NE(v.out.find("BROKEN at record 2"), std::string::npos) << v.out;
}

// `screen --customer-id` stored the id as given (" C-1 " and "C-1" two customers, a control
// character kept): it is read as batch and /v1/screen read it.
TEST(StoreCli, ScreenTakesACustomerIdAsBatchDoes) {
  std::string store = FreshStore("sqlite", "customer_id");
  ASSERT_EQ(Embargo({"--lists", kLists, "screen", "Vladimir Putin", "--customer-id", " C-1 ", "--record", "--store", store}).status, 1);
  EXPECT_EQ(RawSql(store, "SELECT customer_id FROM alerts"), "C-1");
  Outcome bad = Embargo({"--lists", kLists, "screen", "Vladimir Putin", "--customer-id", "C\x01", "--record", "--store", store});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--customer-id: "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("screening NOT recorded"), std::string::npos) << bad.err;
}

// Regression: a name of letters no transliteration reads alerted (exit 1) unrecorded, but was
// recorded as a clear (exit 0), by screen and by batch.
TEST(StoreCli, AnIncompleteScreeningIsRecordedAsAnAlert) {
  const std::string tifinagh = "\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56 \u2D5C\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56\u2D5C";
  std::string store = FreshStore("sqlite", "incomplete");
  Outcome r = Embargo({"--lists", kLists, "screen", tifinagh, "--customer-id", "T-1", "--record", "--store", store});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(RawSql(store, "SELECT entity_id FROM alerts WHERE customer_id = 'T-1'"), "finding:REVIEW");
  std::string input = ::testing::TempDir() + "/incomplete.csv";
  std::ofstream(input) << "id,name\nT-2," << tifinagh << "\n";
  Outcome batch = Embargo({"--lists", kLists, "batch", "--input", input, "--record", "--store", store});
  EXPECT_EQ(batch.status, 1) << batch.out << batch.err;
  EXPECT_NE(batch.out.find("\"verdict\":\"alert\""), std::string::npos) << batch.out;
  EXPECT_EQ(RawSql(store, "SELECT entity_id FROM alerts WHERE customer_id = 'T-2'"), "finding:REVIEW");
  ExpectIntact(store);
}

// The attack: a suppression inserted with sqlite3 made Putin read as suppressed for C-1
// while audit verify said intact. verify now names it; audit head / --expect-head catch a cut tail.
TEST(StoreCli, SuppressionInsertedBesideTheChainAndCutTailAreNamed) {
  std::string store = FreshStore("sqlite", "suppress");
  ASSERT_EQ(Embargo({"--lists", kLists, "screen", "Vladimir Putin", "--customer-id", "C-1", "--record", "--store", store}).status, 1);
  Outcome head = Embargo({"audit", "head", "--store", store});
  ASSERT_EQ(head.status, 0) << head.err;
  std::string hash = head.out.substr(head.out.find(' ') + 1);
  hash = hash.substr(0, hash.find('\n'));
  EXPECT_EQ(hash.size(), 64u) << head.out;
  EXPECT_EQ(Embargo({"audit", "verify", "--store", store, "--expect-head", hash}).status, 0);
  RawSql(store, "INSERT INTO suppressions (customer_id, entity_id, customer_fp, entity_fp, alert_id, reviewer, cleared_at) "
                "SELECT customer_id, entity_id, customer_fp, entity_fp, id, 'mallory', 'now' FROM alerts");
  Outcome v = Embargo({"audit", "verify", "--store", store});
  EXPECT_EQ(v.status, 1) << v.out << v.err;
  EXPECT_NE(v.out.find("no false-positive decision in the audit trail"), std::string::npos) << v.out;
  for (const char* sql : {"DELETE FROM suppressions", "DELETE FROM alerts", "DELETE FROM customers", "DELETE FROM audit_records",
                          "UPDATE chain_head SET seq = 0, hash = '' WHERE id = 1"})
    RawSql(store, sql);
  EXPECT_EQ(Embargo({"audit", "verify", "--store", store}).status, 0) << "consistent from inside";
  Outcome cut = Embargo({"audit", "verify", "--store", store, "--expect-head", hash});
  EXPECT_EQ(cut.status, 1) << cut.out << cut.err;
  EXPECT_NE(cut.out.find("expected head"), std::string::npos) << cut.out;
}

TEST(StoreCli, ReadOnlyStoreReportsNothingAsRecorded) {
  std::string store = FreshStore("sqlite", "readonly");
  ASSERT_EQ(Embargo({"--lists", kLists, "screen", "Maria Lindqvist", "--record", "--store", store}).status, 0);
  std::string user;
  if (getuid() == 0) {
    if (access("/usr/sbin/runuser", X_OK) != 0) GTEST_SKIP() << "root without runuser: cannot drop write access";
    user = "nobody";  // root ignores file modes; an unprivileged user does not
  }
  // The directory too: SQLite needs it writable for its -wal/-shm files.
  std::string dir = ::testing::TempDir() + "/ro_store_dir";
  system(("rm -rf '" + dir + "' && mkdir -p '" + dir + "'").c_str());
  std::string ro = dir + "/store.db";
  system(("cp '" + store + "' '" + ro + "' && chmod 0555 '" + dir + "' && chmod 0444 '" + ro + "'").c_str());
  Outcome r = Embargo({"--lists", kLists, "screen", "Vladimir Putin", "--record", "--store", ro}, user);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("NOT recorded"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(ro), std::string::npos) << "the error names the store: " << r.err;
  EXPECT_EQ(r.out.find("recorded as record"), std::string::npos) << r.out;
  system(("chmod 0755 '" + dir + "'").c_str());
  EXPECT_EQ(RawSql(ro, "SELECT COUNT(*) FROM audit_records"), "1");
}

// Regression: `alerts decide 1 --reviewer ann` then `--reviewer ANN` cleared a hit as two
// reviewers. Reviewers are principals of the store, with roles, and can be disabled.
TEST(StoreCli, PrincipalsDecideByIdentity) {
  std::string store = FreshStore("sqlite", "principals");
  ASSERT_EQ(Embargo({"--lists", kLists, "screen", "Kim Jong Un", "--customer-id", "C-9", "--record", "--store", store}).status, 1);
  auto decide = [&](std::vector<std::string> who) {
    std::vector<std::string> a = {"alerts", "decide", "1", "--decision", "false_positive", "--comment", "other", "--store", store};
    a.insert(a.end(), who.begin(), who.end());
    return Embargo(a);
  };
  Outcome nobody = decide({"--reviewer", "ann"});
  EXPECT_EQ(nobody.status, 2);
  EXPECT_NE(nobody.err.find("not registered"), std::string::npos) << nobody.err;
  Outcome first = Embargo({"principals", "add", "ann", "--roles", "review", "--store", store});
  EXPECT_EQ(first.status, 2);
  EXPECT_NE(first.err.find("admin"), std::string::npos) << "the first principal must be an admin: " << first.err;
  Outcome boot = Embargo({"principals", "add", "root", "--roles", "admin", "--store", store});
  ASSERT_EQ(boot.status, 0) << boot.err;
  Outcome not_admin = Embargo({"principals", "add", "ann", "--roles", "review,approve", "--store", store});
  EXPECT_EQ(not_admin.status, 2);
  EXPECT_NE(not_admin.err.find("--as"), std::string::npos) << not_admin.err;
  ASSERT_EQ(Embargo({"principals", "add", "ann", "--roles", "review,approve", "--as", "root", "--store", store}).status, 0);
  setenv("EMBARGO_PRINCIPAL", "root", 1);  // the spawned commands inherit it
  Outcome bo = Embargo({"principals", "add", "bo", "--roles", "approve", "--store", store});
  unsetenv("EMBARGO_PRINCIPAL");
  ASSERT_EQ(bo.status, 0) << bo.err;
  ASSERT_EQ(Embargo({"principals", "add", "cy", "--roles", "review,approve", "--as", "root", "--store", store}).status, 0);
  EXPECT_EQ(Embargo({"principals", "add", "ANN", "--roles", "review", "--as", "root", "--store", store}).status, 2);

  Outcome d1 = decide({"--reviewer", "ann"});
  ASSERT_EQ(d1.status, 0) << d1.err;
  EXPECT_NE(d1.out.find("pending_second"), std::string::npos) << d1.out;
  for (std::vector<std::string> same : {std::vector<std::string>{"--reviewer", "ANN"}, {"--as", " Ann"}}) {
    Outcome again = decide(same);
    EXPECT_EQ(again.status, 2) << same[1];
    EXPECT_NE(again.err.find("four-eyes"), std::string::npos) << again.err;
  }
  Outcome two = decide({"--as", "ann", "--reviewer", "bo"});
  EXPECT_EQ(two.status, 2);
  EXPECT_NE(two.err.find("two principals"), std::string::npos) << two.err;
  ASSERT_EQ(Embargo({"principals", "disable", "cy", "--as", "root", "--store", store}).status, 0);
  Outcome disabled = decide({"--as", "cy"});
  EXPECT_EQ(disabled.status, 2);
  EXPECT_NE(disabled.err.find("disabled"), std::string::npos) << disabled.err;
  Outcome listed = Embargo({"principals", "list", "--format", "json", "--store", store});
  ASSERT_EQ(listed.status, 0) << listed.err;
  auto principals = nlohmann::json::parse(listed.out);
  ASSERT_EQ(principals.size(), 4u);
  EXPECT_EQ(principals[3]["name"], "cy");
  EXPECT_FALSE(principals[3]["enabled"].get<bool>());
  Outcome d2 = decide({"--as", "bo"});
  ASSERT_EQ(d2.status, 0) << d2.err;
  EXPECT_NE(d2.out.find("false_positive by bo"), std::string::npos) << d2.out;
  ExpectIntact(store);

  RawSql(store, "UPDATE principals SET roles = 'review,approve,admin' WHERE name = 'ann'");
  Outcome v = Embargo({"audit", "verify", "--store", store});
  EXPECT_EQ(v.status, 1) << v.out << v.err;
  EXPECT_NE(v.out.find("principal 'ann' differs"), std::string::npos) << v.out;
}

TEST(StoreCli, ConfigRecordsAlwaysAndBadConfigIsAnError) {
  std::string store = FreshStore("sqlite", "config");
  std::string cfg = ::testing::TempDir() + "/store.conf";
  std::ofstream(cfg) << "store = " << store << "\nrecord = always\ncaller = kyc-service\nfour_eyes = false\n";
  Outcome r = Embargo({"--config", cfg, "--lists", kLists, "screen", "Vladimir Putin", "--customer-id", "C1", "--format", "json"});
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["record"], 1);
  EXPECT_EQ(RawSql(store, "SELECT caller FROM audit_records WHERE seq = 1"), "kyc-service");
  ASSERT_EQ(Embargo({"--config", cfg, "principals", "add", "alice", "--roles", "admin,review"}).status, 0);
  Outcome d = Embargo({"--config", cfg, "alerts", "decide", "1", "--decision", "true_match", "--reviewer", "alice",
                   "--comment", "confirmed"});
  EXPECT_EQ(d.status, 0) << d.err;
  EXPECT_NE(d.out.find("true_match"), std::string::npos) << "four_eyes = false: one reviewer: " << d.out;
  std::ofstream(cfg) << "store = " << store << "\nfour_eyes_score = 2\n";
  Outcome bad = Embargo({"--config", cfg, "alerts", "list"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("store.conf:2"), std::string::npos) << bad.err;
  Outcome none = Embargo({"audit", "verify"});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("--decision-store"), std::string::npos) << none.err;
  // `store` is the old name of `decision_store`: it still works, with a warning.
  EXPECT_NE(r.err.find("store.conf:1: 'store' is deprecated; write 'decision_store'"), std::string::npos) << r.err;
}

// The decision store key and flag by their names; --store still works, with a warning.
TEST(StoreCli, DecisionStoreKeyAndFlag) {
  std::string store = FreshStore("sqlite", "named");
  std::string cfg = ::testing::TempDir() + "/named.conf";
  std::ofstream(cfg) << "decision_store = " << store << "\nrecord = always\n";
  Outcome r = Embargo({"--config", cfg, "--lists", kLists, "screen", "Vladimir Putin", "--format", "json"});
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.err.find("deprecated"), std::string::npos) << r.err;
  EXPECT_EQ(Embargo({"audit", "verify", "--decision-store", store}).status, 0);
  Outcome old = Embargo({"audit", "verify", "--store", store});
  EXPECT_EQ(old.status, 0) << old.err;
  EXPECT_NE(old.err.find("--store is deprecated"), std::string::npos) << old.err;
}

// Examiners get the audit trail as JSON lines or CSV, by date; alerts name the customer screened.
TEST(StoreCli, AuditExportAndAlertNames) {
  std::string store = FreshStore("sqlite", "export");
  ASSERT_EQ(Embargo({"--lists", kLists, "screen", "Vladimir Putin", "--record", "--decision-store", store,
                     "--customer-id", "C-9"}).status, 1);
  Outcome all = Embargo({"audit", "export", "--decision-store", store});
  ASSERT_EQ(all.status, 0) << all.err;
  auto first = nlohmann::json::parse(all.out.substr(0, all.out.find('\n')));
  EXPECT_EQ(first["seq"], 1);
  EXPECT_EQ(first["kind"], "screening");
  EXPECT_EQ(first["content"]["input"]["name"], "Vladimir Putin");
  EXPECT_EQ(first["hash"].get<std::string>().size(), 64u);
  Outcome none = Embargo({"audit", "export", "--format", "csv", "--from", "2000-01-01", "--to", "2000-12-31",
                          "--decision-store", store});
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_EQ(none.out, "seq,recorded_at,caller,kind,customer_id,content,prev_hash,hash\n");
  Outcome csv = Embargo({"audit", "export", "--format", "csv", "--from", "2000-01-01", "--decision-store", store});
  EXPECT_NE(csv.out.find("\n1,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",screening,C-9,"), std::string::npos) << csv.out;
  Outcome bad = Embargo({"audit", "export", "--from", "01/02/2026", "--decision-store", store});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--from"), std::string::npos) << bad.err;
  Outcome listed = Embargo({"alerts", "list", "--decision-store", store});
  EXPECT_NE(listed.out.find("Vladimir Putin"), std::string::npos) << listed.out;
  Outcome table = Embargo({"alerts", "show", "1", "--format", "table", "--decision-store", store});
  EXPECT_NE(table.out.find("why       vladimir = vladimir exactly"), std::string::npos) << table.out;
}

// Regression: `alerts list` stopped at its limit (100 by default) without saying so.
TEST(StoreCli, AlertsListSaysWhenItStopsAtTheLimit) {
  std::string store = FreshStore("sqlite", "limited");
  for (const char* id : {"C-1", "C-2", "C-3"})
    ASSERT_EQ(Embargo({"--lists", kLists, "screen", "Vladimir Putin", "--record", "--decision-store", store,
                       "--customer-id", id}).status, 1);
  Outcome cut = Embargo({"alerts", "list", "--limit", "2", "--decision-store", store});
  ASSERT_EQ(cut.status, 0) << cut.err;
  EXPECT_NE(cut.out.find("\n2 of 3 alert(s) shown; --limit N to see more (0: all)\n"), std::string::npos) << cut.out;
  Outcome json = Embargo({"alerts", "list", "--limit", "2", "--format", "json", "--decision-store", store});
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out).size(), 2u);
  EXPECT_NE(json.err.find("2 of 3 alert(s) shown"), std::string::npos) << json.err;
  Outcome all = Embargo({"alerts", "list", "--limit", "0", "--decision-store", store});
  EXPECT_NE(all.out.find("\n3 alert(s)\n"), std::string::npos) << all.out;
  EXPECT_EQ(Embargo({"alerts", "list", "--limit", "3", "--format", "json", "--decision-store", store}).err, "");
  EXPECT_EQ(Embargo({"alerts", "list", "--limit", "-1", "--decision-store", store}).status, 2);
}

// What cannot be read is refused by name, never answered "nothing found": a status typo showed
// an empty queue, an impossible date exported nothing, an empty head hash turned its check off,
// and a comment of invisible characters cleared an alert.
TEST(StoreCli, UnreadableArgumentsAreRefusedNotAnsweredEmpty) {
  std::string store = FreshStore("sqlite", "refused");
  ASSERT_EQ(Embargo({"--lists", kLists, "screen", "Vladimir Putin", "--record", "--decision-store", store,
                     "--customer-id", "C-1"}).status, 1);
  const std::vector<std::vector<std::string>> refused = {
      {"alerts", "list", "--status", "bogus"},
      {"audit", "export", "--from", "2026-13-01"},
      {"audit", "export", "--to", "2026-02-30"},
      {"audit", "export", "--from", "2026-03-02", "--to", "2026-03-01"},
      {"audit", "verify", "--expect-head", ""},
      {"audit", "verify", "--expect-head", "abc"}};
  for (std::vector<std::string> args : refused) {
    args.insert(args.end(), {"--decision-store", store});
    Outcome r = Embargo(args);
    EXPECT_EQ(r.status, 2) << args[0] << " " << args[1] << " " << args[2] << ": " << r.out << r.err;
  }
  Outcome blank = Embargo({"alerts", "decide", "1", "--decision", "false_positive", "--as", "ann", "--comment",
                           "\u200b\u00a0\u3000\u2028", "--decision-store", store});
  EXPECT_EQ(blank.status, 2);
  EXPECT_NE(blank.err.find("comment: required"), std::string::npos) << blank.err;
  Outcome head = Embargo({"audit", "head", "--decision-store", store});
  std::string hash = head.out.substr(head.out.find(' ') + 1, 64);
  std::transform(hash.begin(), hash.end(), hash.begin(), [](unsigned char c) { return std::toupper(c); });
  EXPECT_EQ(Embargo({"audit", "verify", "--expect-head", hash, "--decision-store", store}).status, 0) << hash;
  Outcome bad_id = Embargo({"--lists", kLists, "screen", "John Smith", "--record", "--decision-store", store,
                            "--customer-id", "a\xff" "b"});
  EXPECT_NE(bad_id.err.find("--customer-id: not valid UTF-8"), std::string::npos) << bad_id.err;
}

// Regression: one row with an overlong UTF-8 sequence made `batch --record` abort every row with
// a raw json.exception.type_error.316 naming no line. It is an error row; the others are
// screened and recorded, and the exit status says a row failed.
TEST(StoreCli, BatchRecordAnswersEveryRowPastABadOne) {
  std::string store = FreshStore("sqlite", "overlong");
  std::string input = ::testing::TempDir() + "/overlong.csv";
  std::ofstream(input) << "id,name\n1,Vladimir Putin\n2,Put\xC0\xAFin\n3,Kim Jong Un\n";
  Outcome r = Embargo({"--lists", kLists, "batch", "--input", input, "--record", "--store", store});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.err.find("json.exception"), std::string::npos) << r.err;
  std::vector<nlohmann::json> rows;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_TRUE(rows[0]["alert"].get<bool>());
  EXPECT_EQ(rows[1]["verdict"], "error");
  EXPECT_FALSE(rows[1].contains("alert"));
  EXPECT_NE(rows[1]["error"].get<std::string>().find("overlong.csv:3: name"), std::string::npos) << rows[1];
  EXPECT_TRUE(rows[2]["alert"].get<bool>());
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM audit_records"), "2");
  ExpectIntact(store);
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> rows;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

// The same input run again against other lists is a new screening, not a retry: its own alert
// is reported and recorded, never the earlier run's "clear".
TEST(StoreCli, BatchRerunAgainstOtherListsReportsItsOwnOutcome) {
  std::string store = FreshStore("sqlite", "rerun_lists");
  std::string un_only = ::testing::TempDir() + "/un_only_lists";
  std::filesystem::create_directories(un_only);
  std::filesystem::copy(kLists + "/un", un_only, std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  std::string input = ::testing::TempDir() + "/rerun.csv";
  std::ofstream(input) << "id,name\nC1,Vladimir Putin\n";
  Outcome first = Embargo({"--lists", un_only, "batch", "--input", input, "--record", "--decision-store", store});
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  Outcome again = Embargo({"--lists", kLists, "batch", "--input", input, "--record", "--decision-store", store});
  EXPECT_EQ(again.status, 1) << again.out << again.err;
  auto rows = JsonLines(again.out);
  ASSERT_EQ(rows.size(), 1u) << again.out;
  EXPECT_TRUE(rows[0]["alert"].get<bool>()) << rows[0];
  EXPECT_FALSE(rows[0].contains("already_recorded")) << rows[0];
  // The same run once more is a retry: recorded once, with the same outcome.
  Outcome retry = Embargo({"--lists", kLists, "batch", "--input", input, "--record", "--decision-store", store});
  EXPECT_EQ(retry.status, 1) << retry.err;
  EXPECT_TRUE(JsonLines(retry.out).at(0)["already_recorded"].get<bool>()) << retry.out;
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM audit_records WHERE kind = 'screening'"), "2");
}

// The store keeps one screening per customer: a second row with the same id would replace the
// first (and take it out of rescreening) unseen. It is an error row naming both lines.
TEST(StoreCli, BatchRecordRefusesACustomerIdGivenTwice) {
  std::string store = FreshStore("sqlite", "dup_ids");
  std::string input = ::testing::TempDir() + "/dup_ids.csv";
  std::ofstream(input) << "id,name\nC1,Vladimir Putin\nC1,Bob Smith\nC2,Bob Smith\n";
  Outcome r = Embargo({"--lists", kLists, "batch", "--input", input, "--record", "--decision-store", store});
  EXPECT_EQ(r.status, 2) << r.err;
  auto rows = JsonLines(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_TRUE(rows[0]["alert"].get<bool>());
  EXPECT_EQ(rows[1]["verdict"], "error") << rows[1];
  EXPECT_NE(rows[1]["error"].get<std::string>().find("dup_ids.csv:3"), std::string::npos) << rows[1];
  EXPECT_NE(rows[1]["error"].get<std::string>().find("also on line 2"), std::string::npos) << rows[1];
  EXPECT_EQ(rows[1].value("field", ""), "id") << rows[1];
  EXPECT_EQ(rows[2]["verdict"], "clear") << rows[2];
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM audit_records WHERE kind = 'screening'"), "2");
}

// Regression: a repeated id in a rescreen file filed the second row's alert under the first row's
// name and input. The whole run is refused before it starts, naming the file, line and field.
TEST(StoreCli, RescreenRefusesACustomerIdGivenTwiceBeforeStarting) {
  std::string store = FreshStore("sqlite", "rescreen_dup_ids");
  std::string input = ::testing::TempDir() + "/rescreen_dup_ids.csv";
  std::ofstream(input) << "id,name\n2,PROMSVYAZBANK\n2,VLADIMIR PUTIN\n";
  Outcome r = Embargo({"--lists", kLists, "rescreen", "--customers", input, "--store", store});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("rescreen_dup_ids.csv:3: id: customer '2' is also on line 2"), std::string::npos) << r.err;
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM rescreen_runs"), "0");
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM alerts"), "0");
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM audit_records"), "0");
}

// A customer the engine cannot read stops the rescreen (the run must not finish without it),
// and the error names the file, line and customer rather than a bare id.
TEST(StoreCli, RescreenStopsAtAnUnreadableNameNamingItsLine) {
  std::string store = FreshStore("sqlite", "unreadable");
  std::string input = ::testing::TempDir() + "/unreadable.csv";
  std::string many_words;
  for (int i = 0; i < 65; ++i) many_words += "ivan ";
  std::ofstream(input) << "id,name\nC1,Vladimir Putin\nC2," << many_words << "\nC3,Kim Jong Un\n";
  Outcome r = Embargo({"--lists", kLists, "rescreen", "--customers", input, "--store", store});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("unreadable.csv:3: customer C2: name: more than 64 words"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rescreen stopped"), std::string::npos) << r.err;
  EXPECT_EQ(RawSql(store, "SELECT COUNT(*) FROM rescreen_runs WHERE finished_at IS NOT NULL"), "0");
}

}  // namespace
}  // namespace embargo
