// `embargo worker` on a real redis-server (scripts/redis-test-server.sh, started by the ctest
// fixture) and the decision store on the throwaway PostgreSQL (else SQLite): a worker killed
// with kill -9 mid-batch, then three workers; every message gets exactly one verdict and one
// recorded screening, and the verdicts equal those of one `embargo message` run.
#include <hiredis/hiredis.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "../decision_store/store_test_util.h"
#include "bus_test_util.h"
#include "embargo/decision_store.h"
#include "streams/bus_uri.h"
#include "streams/handler.h"

namespace embargo::streams_test {
namespace {

using nlohmann::json;

std::string RedisUri() {
  std::string u;
  std::ifstream(EMBARGO_REDIS_STATE "/uri") >> u;
  return u;
}

// The server of the fixture that asks for a password, and its password ("" without one).
std::string RedisAuthUri() {
  std::string u;
  std::ifstream(EMBARGO_REDIS_AUTH_STATE "/uri") >> u;
  return u;
}
std::string RedisAuthPassword() {
  std::string p;
  std::ifstream(EMBARGO_REDIS_AUTH_STATE "/password") >> p;
  return p;
}

class Redis {
 public:
  explicit Redis(const std::string& uri, const std::string& password = "") {
    auto u = streams::ParseBusUri(uri + "/x", "redis");
    if (u.ok()) ctx_ = redisConnect(u->hosts.c_str(), u->port);
    if (ok() && !password.empty()) freeReplyObject(Run({"AUTH", password}));
  }
  ~Redis() {
    if (ctx_) redisFree(ctx_);
  }
  bool ok() const { return ctx_ && !ctx_->err; }
  redisReply* Run(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    return static_cast<redisReply*>(redisCommandArgv(ctx_, static_cast<int>(args.size()), argv.data(), lens.data()));
  }
  // A status or string reply as text, an error as "ERR: " and its text.
  std::string Text(const std::vector<std::string>& args) {
    redisReply* r = Run(args);
    std::string v = !r ? "no reply" : r->type == REDIS_REPLY_ERROR ? "ERR: " + std::string(r->str, r->len)
                   : r->str ? std::string(r->str, r->len) : "";
    freeReplyObject(r);
    return v;
  }
  long long Integer(const std::vector<std::string>& args) {
    redisReply* r = Run(args);
    long long v = r && r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
    freeReplyObject(r);
    return v;
  }
  // Every entry of `stream`: field -> value per entry, in order.
  std::vector<std::map<std::string, std::string>> Range(const std::string& stream) {
    std::vector<std::map<std::string, std::string>> out;
    redisReply* r = Run({"XRANGE", stream, "-", "+"});
    for (size_t i = 0; r && r->type == REDIS_REPLY_ARRAY && i < r->elements; ++i) {
      const redisReply* fields = r->element[i]->element[1];
      std::map<std::string, std::string> entry;
      for (size_t f = 0; f + 1 < fields->elements; f += 2)
        entry[std::string(fields->element[f]->str, fields->element[f]->len)] =
            std::string(fields->element[f + 1]->str, fields->element[f + 1]->len);
      out.push_back(std::move(entry));
    }
    freeReplyObject(r);
    return out;
  }
  // Entries pending with `consumer` in `group`.
  long long Pending(const std::string& stream, const std::string& group, const std::string& consumer) {
    redisReply* r = Run({"XPENDING", stream, group, "-", "+", "100000", consumer});
    long long n = r && r->type == REDIS_REPLY_ARRAY ? static_cast<long long>(r->elements) : -1;
    freeReplyObject(r);
    return n;
  }

 private:
  redisContext* ctx_ = nullptr;
};

// Waits up to `seconds` for `stream` to hold `n` entries; how many it holds.
long long WaitLength(Redis& redis, const std::string& stream, long long n, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (redis.Integer({"XLEN", stream}) < n && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return redis.Integer({"XLEN", stream});
}

// Kills a worker a failed assertion left running (its output would keep ctest waiting).
struct Reaper {
  pid_t pid;
  ~Reaper() {
    if (pid <= 0) return;
    kill(pid, SIGKILL);
    WaitExit(pid);
  }
};

// Stops a worker that may still be running (a test that failed waits no longer); its exit status.
int StopWorker(pid_t worker) {
  kill(worker, SIGTERM);
  return WaitExit(worker);
}

// Distinct message ids with a verdict in `stream`.
size_t DistinctVerdicts(Redis& redis, const std::string& stream) {
  std::set<std::string> ids;
  for (auto& e : redis.Range(stream)) ids.insert(e["id"]);
  return ids.size();
}

// Message id -> recorded screenings of it in `store`.
std::map<std::string, int> RecordedScreenings(const std::string& store) {
  std::map<std::string, int> out;
  auto s = DecisionStore::Open(store);
  EXPECT_TRUE(s.ok()) << s.status().message();
  if (!s.ok()) return out;
  Status walk = (*s)->ExportAudit("", "", [&](const AuditRecord& r) {
    auto content = json::parse(r.content, nullptr, false);
    if (r.kind == "screening" && content.contains("input")) ++out[content["input"].value("message_id", "")];
    return Status::Ok();
  });
  EXPECT_TRUE(walk.ok()) << walk.message();
  return out;
}

TEST(RedisWorker, ThreeWorkersOneKilledExactlyOneVerdictAndRecordEach) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string store = testing_store::FreshStore(testing_store::PostgresServerUri().empty() ? "sqlite" : "postgres", "workers");
  ASSERT_FALSE(store.empty());
  const size_t n = std::getenv("EMBARGO_WORKER_TEST_MESSAGES") ? std::stoul(std::getenv("EMBARGO_WORKER_TEST_MESSAGES")) : 1500;
  std::string prefix = "w" + std::to_string(getpid());
  std::vector<TestMessage> messages = BuildMessages(prefix, n);
  std::string in = prefix + ":payments", out = prefix + ":verdicts", dead = prefix + ":dead";
  // A producer's retry: the first ten messages are enqueued twice under the same id.
  for (size_t i = 0; i < messages.size() + 10; ++i) {
    const TestMessage& m = messages[i < messages.size() ? i : i - messages.size()];
    freeReplyObject(redis.Run({"XADD", in, "*", "id", m.id, "payload", m.payload}));
  }
  std::string dir = ::testing::TempDir() + "/" + prefix;
  std::filesystem::create_directories(dir);
  auto args = [&](const std::string& consumer) {
    return std::vector<std::string>{"--from", uri + "/" + in, "--to", uri + "/" + out, "--group", "screening",
                                    "--consumer", consumer, "--decision-store", store, "--dead-letter", dead,
                                    "--window", "16", "--claim-idle-ms", "1500"};
  };
  // Worker 0 starts alone, so it is sure to read, and is killed while it holds entries read but
  // not acknowledged; then three workers screen the rest. (Started together, the other two could
  // screen the whole stream before worker 0 read any: they take well under a second.)
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  pid_t first = StartWorker(args("w0"), dir + "/w0-killed.log");
  long long held = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    kill(first, SIGSTOP);
    held = std::max(redis.Pending(in, "screening", "w0"), 0LL);  // -1 until the group is made
    if (held > 0) break;
    kill(first, SIGCONT);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(first, SIGKILL);
  EXPECT_EQ(WaitExit(first), -SIGKILL);
  EXPECT_GT(held, 0) << "worker 0 was never caught holding entries";
  std::vector<pid_t> workers;
  for (int w = 0; w < 3; ++w) workers.push_back(StartWorker(args("w" + std::to_string(w)), dir + "/w" + std::to_string(w) + ".log"));

  std::map<std::string, bool> expected;
  for (const auto& m : messages) expected[m.id] = m.parseable;
  // Every message has its verdict and every entry is acknowledged (the killed worker's are claimed
  // once idle, after its verdicts may already have been written).
  auto unacknowledged = [&] {
    redisReply* summary = redis.Run({"XPENDING", in, "screening"});
    long long count = summary && summary->type == REDIS_REPLY_ARRAY ? summary->element[0]->integer : -1;
    freeReplyObject(summary);
    return count;
  };
  while ((DistinctVerdicts(redis, out) < expected.size() || unacknowledged() != 0) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (pid_t pid : workers) kill(pid, SIGTERM);
  for (int w = 0; w < 3; ++w) EXPECT_EQ(WaitExit(workers[w]), 0) << Slurp(dir + "/w" + std::to_string(w) + ".log");
  EXPECT_EQ(redis.Integer({"XLEN", in}), static_cast<long long>(n + 10));
  redisReply* pending = redis.Run({"XPENDING", in, "screening"});
  ASSERT_TRUE(pending && pending->type == REDIS_REPLY_ARRAY);
  EXPECT_EQ(pending->element[0]->integer, 0) << "entries left unacknowledged";
  freeReplyObject(pending);

  // Exactly one verdict per message, each naming the list version; unparseable ones dead-lettered.
  std::map<std::string, int> verdict_count;
  std::map<std::string, std::string> verdicts;
  for (auto& e : redis.Range(out)) {
    ++verdict_count[e["id"]];
    auto v = json::parse(e["verdict"], nullptr, false);
    ASSERT_FALSE(v.is_discarded());
    EXPECT_EQ(v["message_id"], e["id"]);
    EXPECT_EQ(v["list_version"].get<std::string>().size(), 12u);
    verdicts[e["id"]] = v["verdict"].get<std::string>();
  }
  EXPECT_EQ(verdict_count.size(), expected.size());
  for (const auto& [id, count] : verdict_count) EXPECT_EQ(count, 1) << id;
  std::map<std::string, int> recorded = RecordedScreenings(store);
  EXPECT_EQ(recorded.size(), expected.size());
  for (const auto& [id, count] : recorded) EXPECT_EQ(count, 1) << id;
  std::set<std::string> dead_ids, unparseable;
  for (auto& e : redis.Range(dead)) {
    dead_ids.insert(e["id"]);
    EXPECT_FALSE(expected[e["id"]]) << e["id"] << " dead-lettered: " << e["reason"] << "\n" << e["payload"];
    EXPECT_FALSE(e["reason"].empty());
    EXPECT_FALSE(e["payload"].empty());
  }
  for (const auto& [id, parseable] : expected)
    if (!parseable) {
      unparseable.insert(id);
      EXPECT_EQ(verdicts[id], "ERROR") << id;
    }
  EXPECT_EQ(dead_ids, unparseable);

  // The same verdicts as one process screening the same messages: BLOCK set and all others.
  std::map<std::string, std::string> reference = ReferenceVerdicts(messages, dir + "/messages");
  ASSERT_EQ(reference.size(), expected.size() - unparseable.size());
  std::set<std::string> block_bus, block_reference;
  for (const auto& [id, v] : reference) {
    EXPECT_EQ(verdicts[id], v) << id;
    if (v == "BLOCK") block_reference.insert(id);
  }
  for (const auto& [id, v] : verdicts)
    if (v == "BLOCK") block_bus.insert(id);
  EXPECT_EQ(block_bus, block_reference);
  EXPECT_GT(block_reference.size(), n / 50) << "the messages name too few listed parties to test anything";
}

// With --route-by-verdict each verdict goes to its own stream; JSON parties are screened too.
TEST(RedisWorker, RoutesVerdictsByKind) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "r" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out";
  const std::vector<std::pair<std::string, std::string>> messages = {
      {"listed", R"({"name": "Eric Badege", "type": "person"})"},
      {"clear", R"({"name": "Mueller Armaturen GmbH", "type": "organization"})"},
      {"broken", "hello"}};
  for (const auto& [id, payload] : messages) freeReplyObject(redis.Run({"XADD", in, "*", "id", id, "payload", payload}));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--lists", lists, "--route-by-verdict",
                              "--max-messages", "3"}, log);
  EXPECT_EQ(WaitExit(worker), 0) << Slurp(log);
  auto only = [&](const std::string& stream) {
    auto entries = redis.Range(stream);
    return entries.size() == 1 ? entries[0]["id"] : std::to_string(entries.size()) + " entries";
  };
  EXPECT_EQ(only(out + "-review"), "listed");
  EXPECT_EQ(only(out + "-pass"), "clear");
  EXPECT_EQ(only(out + "-error"), "broken");
  EXPECT_EQ(redis.Integer({"XLEN", out + "-block"}), 0);
  EXPECT_EQ(redis.Integer({"XLEN", out}), 0);
}

// Regression: `--from` naming the server localhost and `--to` naming it 127.0.0.1 were refused
// as two servers; the worker now runs and publishes on it.
TEST(RedisWorker, OneServerByTwoNames) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "n" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out", log = dir + "/worker.log";
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "clear", "payload", R"({"name": "Mueller Armaturen GmbH"})"}));
  std::string localhost = "redis://localhost" + uri.substr(uri.rfind(':'));
  pid_t worker = StartWorker({"--from", localhost + "/" + in, "--to", uri + "/" + out, "--lists", lists, "--max-messages", "1"}, log);
  EXPECT_EQ(WaitExit(worker), 0) << Slurp(log);
  EXPECT_EQ(redis.Integer({"XLEN", out}), 1) << Slurp(log);
}

// Every byte but letters and digits as %XX.
std::string PercentEncoded(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += static_cast<char>(c);
    else out += (std::snprintf(buf, sizeof buf, "%%%02X", c), buf);
  }
  return out;
}

// Regression: a URI with a password did not parse and the worker never sent AUTH. On a server
// started with --requirepass the worker gives the URI's password (percent-encoded or not), as the
// default user or an ACL user, on its first connection and again after its connections are
// killed; a wrong or missing one stops it at start naming the URI, and no log holds a password.
TEST(RedisWorker, AuthenticatesWithTheUrisPassword) {
  std::string uri = RedisAuthUri(), password = RedisAuthPassword();
  if (uri.empty() || password.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri, password);
  ASSERT_EQ(redis.Text({"PING"}), "PONG");
  EXPECT_EQ(Redis(uri).Text({"PING"}).substr(0, 11), "ERR: NOAUTH") << "the fixture's server asks for a password";
  std::string prefix = "a" + std::to_string(getpid()), acl_password = "sc/r@en:" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out", server = uri.substr(std::string("redis://").size());
  ASSERT_EQ(redis.Text({"ACL", "SETUSER", prefix, "on", ">" + acl_password, "~*", "&*", "+@all"}), "OK");
  auto with = [&](const std::string& userinfo, const std::string& stream) { return "redis://" + userinfo + "@" + server + "/" + stream; };
  auto add = [&](const std::string& id) {
    freeReplyObject(redis.Run({"XADD", in, "*", "id", id, "payload", R"({"name": "Mueller Armaturen GmbH"})"}));
  };
  std::vector<std::string> logs;
  auto run = [&](const std::string& from, const std::string& to, const std::string& max) {
    logs.push_back(dir + "/worker" + std::to_string(logs.size()) + ".log");
    return StartWorker({"--from", from, "--to", to, "--lists", lists, "--max-messages", max}, logs.back());
  };
  add("first");
  EXPECT_EQ(WaitExit(run(with(":" + PercentEncoded(password), in), uri + "/" + out, "1")), 0) << Slurp(logs.back());
  EXPECT_EQ(redis.Integer({"XLEN", out}), 1);
  EXPECT_NE(Slurp(logs.back()).find("redis://:***@" + server + "/" + in), std::string::npos) << Slurp(logs.back());
  // An ACL user, the password unescaped; its connections killed, the worker connects and AUTHs again.
  add("second");
  pid_t worker = run(with(prefix + ":" + acl_password, in), with(prefix + ":" + acl_password, out), "2");
  EXPECT_EQ(WaitLength(redis, out, 2, 60), 2) << Slurp(logs.back());
  EXPECT_GE(redis.Integer({"CLIENT", "KILL", "USER", prefix}), 1);
  add("third");
  EXPECT_EQ(WaitLength(redis, out, 3, 60), 3) << Slurp(logs.back());
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(logs.back());
  for (const auto& [from, named] : std::vector<std::pair<std::string, std::string>>{
           {with(":" + PercentEncoded("wrong" + password), in), "redis://:***@" + server + "/" + in + ": AUTH refused: redis AUTH: WRONGPASS"},
           {with(prefix + ":" + PercentEncoded(password), in), "redis://" + prefix + ":***@" + server + "/" + in + ": AUTH as user '" + prefix + "' refused"},
           {uri + "/" + in, "redis://" + server + "/" + in + ": the Redis server asks for a password"},
           {with(":" + password, in), "redis://:***@" + server + "/" + in + ": the password holds a '%' not followed"}}) {
    EXPECT_EQ(WaitExit(run(from, uri + "/" + out, "1")), 2) << from;
    EXPECT_NE(Slurp(logs.back()).find(named), std::string::npos) << Slurp(logs.back());
  }
  for (const std::string& log : logs)
    for (const std::string& secret : {password, PercentEncoded(password), acl_password, password.substr(password.size() - 16)})
      EXPECT_EQ(Slurp(log).find(secret), std::string::npos) << log << " shows a password: " << Slurp(log);
  EXPECT_EQ(redis.Integer({"XLEN", out}), 3);
}

// Regression: a password changed while the worker ran (here an ACL user's, its connections then
// ended) had the worker retry AUTH once a second for ever. A refused AUTH is a bad setting, as at
// start: the worker stops, exit 2, naming the URI with the password as ***.
TEST(RedisWorker, PasswordChangedWhileRunningStopsTheWorker) {
  std::string uri = RedisAuthUri(), password = RedisAuthPassword();
  if (uri.empty() || password.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri, password);
  ASSERT_EQ(redis.Text({"PING"}), "PONG");
  std::string prefix = "c" + std::to_string(getpid()), old_password = "old/p@ss:" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir), log = dir + "/worker.log";
  std::string in = prefix + ":in", out = prefix + ":out", server = uri.substr(std::string("redis://").size());
  ASSERT_EQ(redis.Text({"ACL", "SETUSER", prefix, "on", ">" + old_password, "~*", "&*", "+@all"}), "OK");
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "first", "payload", R"({"name": "Mueller Armaturen GmbH"})"}));
  std::string from = "redis://" + prefix + ":" + old_password + "@" + server + "/" + in;
  pid_t worker = StartWorker({"--from", from, "--to", uri + "/" + out, "--lists", lists}, log);
  Reaper reaper{worker};
  ASSERT_EQ(WaitLength(redis, out, 1, 60), 1) << Slurp(log);
  ASSERT_EQ(redis.Text({"ACL", "SETUSER", prefix, "resetpass", ">new-" + std::to_string(getpid())}), "OK");
  EXPECT_GE(redis.Integer({"CLIENT", "KILL", "USER", prefix}), 1);
  EXPECT_EQ(WaitExitWithin(worker, 30), 2) << Slurp(log);
  reaper.pid = 0;
  std::string text = Slurp(log);
  EXPECT_NE(text.find("redis://" + prefix + ":***@" + server + "/" + in + ": AUTH as user '" + prefix + "' refused"),
            std::string::npos) << text;
  EXPECT_EQ(text.find(old_password), std::string::npos) << "the log shows the password: " << text;
}

// Regression: a command Redis refused for lack of permission (NOPERM; in a script, "can't run
// this command": the ACL user lost a permission while the worker ran) was retried for ever. No
// retry cures it: the worker stops, exit 2, naming the URI with the password as *** and the
// command refused: the read (XREADGROUP), or the publication (EVAL, whose XADD is refused).
TEST(RedisWorker, CommandRefusedForLackOfPermissionStopsTheWorker) {
  std::string uri = RedisAuthUri(), password = RedisAuthPassword();
  if (uri.empty() || password.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri, password);
  ASSERT_EQ(redis.Text({"PING"}), "PONG");
  for (const auto& [revoked, refused] : std::vector<std::pair<std::string, std::string>>{{"-xreadgroup", "XREADGROUP refused"},
                                                                                          {"-xadd", "EVAL refused"}}) {
    std::string prefix = "q" + revoked.substr(2) + std::to_string(getpid()), user_password = "no/p@rm:" + std::to_string(getpid());
    std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir), log = dir + "/worker.log";
    std::string in = prefix + ":in", out = prefix + ":out", server = uri.substr(std::string("redis://").size());
    ASSERT_EQ(redis.Text({"ACL", "SETUSER", prefix, "on", ">" + user_password, "~*", "&*", "+@all"}), "OK");
    auto add = [&](const std::string& id) {
      freeReplyObject(redis.Run({"XADD", in, "*", "id", id, "payload", R"({"name": "Mueller Armaturen GmbH"})"}));
    };
    add("first");
    std::string from = "redis://" + prefix + ":" + user_password + "@" + server + "/" + in;
    pid_t worker = StartWorker({"--from", from, "--to", uri + "/" + out, "--lists", lists}, log);
    Reaper reaper{worker};
    ASSERT_EQ(WaitLength(redis, out, 1, 60), 1) << Slurp(log);
    ASSERT_EQ(redis.Text({"ACL", "SETUSER", prefix, revoked}), "OK");
    add("second");
    EXPECT_EQ(WaitExitWithin(worker, 30), 2) << revoked << "\n" << Slurp(log);
    reaper.pid = 0;
    std::string text = Slurp(log);
    EXPECT_NE(text.find("redis://" + prefix + ":***@" + server + "/" + in + ": " + refused), std::string::npos) << text;
    EXPECT_EQ(text.find("(retrying"), std::string::npos) << text;
    EXPECT_EQ(text.find(user_password), std::string::npos) << "the log shows the password: " << text;
  }
}

// The lists switch on SIGHUP (logged; later verdicts name the new version) and /metrics counts
// verdicts and names the version in force.
TEST(RedisWorker, SighupSwitchesListsAndMetricsCount) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "h" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out";
  std::vector<TestMessage> messages = BuildMessages(prefix, 30);
  auto enqueue = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) freeReplyObject(redis.Run({"XADD", in, "*", "id", messages[i].id, "payload", messages[i].payload}));
  };
  auto wait_verdicts = [&](size_t n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (static_cast<size_t>(redis.Integer({"XLEN", out})) < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return static_cast<size_t>(redis.Integer({"XLEN", out}));
  };
  enqueue(0, 20);
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--lists", lists, "--metrics-port", "0"}, log);
  ASSERT_EQ(wait_verdicts(20), 20u) << Slurp(log);
  std::string first = json::parse(redis.Range(out).back()["verdict"])["list_version"];

  std::string text = Slurp(log);
  size_t at = text.find("/metrics");
  ASSERT_NE(at, std::string::npos) << text;
  int port = std::stoi(text.substr(text.rfind(':', at) + 1));
  httplib::Client client("127.0.0.1", port);
  // A verdict is published before its message is counted: the count may lag the stream briefly.
  auto metrics_once = [&](std::string_view counted) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto got = client.Get("/metrics");
    while (got && got->body.find(counted) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      got = client.Get("/metrics");
    }
    return got;
  };
  auto metrics = metrics_once("embargo_worker_latency_seconds_count 20\n");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("embargo_worker_list_version{version=\"" + first + "\"} 1"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("embargo_worker_latency_seconds_count 20"), std::string::npos) << metrics->body;
  // Message 7 is unparseable (BuildMessages): an ERROR verdict and a dead letter.
  EXPECT_NE(metrics->body.find("embargo_worker_messages_total{verdict=\"ERROR\",lists_stale=\"false\"} 1"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("embargo_worker_dead_letters_total 1"), std::string::npos) << metrics->body;

  // Another list appears in the directory; SIGHUP loads the lists again.
  std::filesystem::copy(std::string(EMBARGO_SOURCE_DIR) + "/data/lists/bis-dpl", lists + "/bis-dpl",
                        std::filesystem::copy_options::recursive);
  kill(worker, SIGHUP);
  // The worker reloads between batches: a batch read before the reload keeps the old version.
  WaitForLog(log, "lists switched from " + first, 60);
  enqueue(20, 30);
  ASSERT_EQ(wait_verdicts(30), 30u) << Slurp(log);
  std::string second = json::parse(redis.Range(out).back()["verdict"])["list_version"];
  EXPECT_NE(second, first);
  EXPECT_NE(Slurp(log).find("lists switched from " + first + " to " + second), std::string::npos) << Slurp(log);
  metrics = metrics_once("embargo_worker_latency_seconds_count 30\n");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("embargo_worker_list_version{version=\"" + second + "\"} 1"), std::string::npos) << metrics->body;
  kill(worker, SIGTERM);
  EXPECT_EQ(WaitExit(worker), 0) << Slurp(log);
}

// A verdict or dead-letter stream key that holds a string fails the publication before anything is
// written: the entry stays pending, no marker is set, and once the key is a stream again the entry
// gets its verdict (and dead letter) and only then is acknowledged.
TEST(RedisWorker, NothingAcknowledgedWhileAVerdictOrDeadLetterCannotBePublished) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "a" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out", dead = prefix + ":dead";
  freeReplyObject(redis.Run({"SET", out, "not a stream"}));
  freeReplyObject(redis.Run({"SET", dead, "not a stream"}));
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "clear", "payload", R"({"name": "Mueller Armaturen GmbH"})"}));
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "broken", "payload", "hello"}));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--dead-letter", dead, "--lists", lists,
                              "--group", "g", "--consumer", "c", "--max-messages", "2"}, log);
  auto markers = [&] {
    redisReply* r = redis.Run({"KEYS", out + ":published:*"});
    long long n = r && r->type == REDIS_REPLY_ARRAY ? static_cast<long long>(r->elements) : -1;
    freeReplyObject(r);
    return n;
  };
  // Two failed attempts at least: a retry must not acknowledge what the first could not publish.
  ASSERT_TRUE(WaitForLog(log, "(retrying in ", 60)) << Slurp(log);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(redis.Pending(in, "g", "c"), 2) << Slurp(log);
  EXPECT_EQ(markers(), 0);
  EXPECT_NE(Slurp(log).find(out + " holds a string"), std::string::npos) << Slurp(log);

  // The verdict stream fixed: the clear message is published and acknowledged, the broken one
  // still waits for its dead-letter stream, its verdict not published either.
  freeReplyObject(redis.Run({"DEL", out}));
  EXPECT_EQ(WaitLength(redis, out, 1, 30), 1) << Slurp(log);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(redis.Integer({"XLEN", out}), 1);
  EXPECT_EQ(redis.Pending(in, "g", "c"), 1);
  EXPECT_NE(Slurp(log).find(dead + " holds a string"), std::string::npos) << Slurp(log);

  freeReplyObject(redis.Run({"DEL", dead}));
  EXPECT_EQ(WaitLength(redis, out, 2, 30), 2) << Slurp(log);
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  EXPECT_EQ(redis.Pending(in, "g", "c"), 0);
  auto letters = redis.Range(dead);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0]["id"], "broken");
  EXPECT_EQ(markers(), 2);
}

// Entries a dead consumer left pending and that were deleted from the stream since: XAUTOCLAIM
// drops them from the pending list and names them; each gets an ERROR verdict and a dead letter.
TEST(RedisWorker, ClaimedEntriesDeletedFromTheStreamGetErrorVerdicts) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "d" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out", dead = prefix + ":dead";
  const std::string clean = R"({"name": "Mueller Armaturen GmbH"})";
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "kept", "payload", clean}));
  redisReply* added = redis.Run({"XADD", in, "*", "id", "gone", "payload", clean});
  ASSERT_TRUE(added && added->type == REDIS_REPLY_STRING);
  std::string gone(added->str, added->len);
  freeReplyObject(added);
  // A consumer reads both and dies; one of its entries is deleted meanwhile.
  freeReplyObject(redis.Run({"XGROUP", "CREATE", in, "g", "0"}));
  freeReplyObject(redis.Run({"XREADGROUP", "GROUP", "g", "ghost", "COUNT", "10", "STREAMS", in, ">"}));
  EXPECT_EQ(redis.Integer({"XDEL", in, gone}), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--dead-letter", dead, "--lists", lists,
                              "--group", "g", "--consumer", "c", "--claim-idle-ms", "100", "--max-messages", "2"}, log);
  EXPECT_EQ(WaitLength(redis, out, 2, 60), 2) << Slurp(log);
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  std::map<std::string, std::string> verdicts;
  for (auto& e : redis.Range(out)) verdicts[e["id"]] = json::parse(e["verdict"])["verdict"];
  EXPECT_EQ(verdicts["kept"], "PASS");
  EXPECT_EQ(verdicts[gone], "ERROR");
  auto letters = redis.Range(dead);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0]["entry"], gone);
  EXPECT_NE(letters[0]["reason"].find("deleted from the stream"), std::string::npos) << letters[0]["reason"];
  EXPECT_EQ(redis.Pending(in, "g", "ghost"), 0);
}

// An entry that gives `payload` or `id` twice is ambiguous: an ERROR verdict and a dead letter
// naming the field, never one of the values screened.
TEST(RedisWorker, RepeatedPayloadOrIdFieldIsAnError) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "f" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out", dead = prefix + ":dead";
  const std::string listed = R"({"name": "Eric Badege", "type": "person"})", clean = R"({"name": "Mueller Armaturen GmbH"})";
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "m4", "payload", listed, "payload", clean}));
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "m5", "id", "m6", "payload", clean}));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--dead-letter", dead, "--lists", lists,
                              "--max-messages", "2"}, log);
  EXPECT_EQ(WaitLength(redis, out, 2, 60), 2) << Slurp(log);
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  for (auto& e : redis.Range(out)) EXPECT_EQ(json::parse(e["verdict"])["verdict"].get<std::string>(), "ERROR") << e["id"];
  std::string reasons;
  for (auto& e : redis.Range(dead)) reasons += e["reason"] + "\n";
  EXPECT_EQ(redis.Integer({"XLEN", dead}), 2);
  EXPECT_NE(reasons.find("'payload' field twice"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("'id' field twice"), std::string::npos) << reasons;
}

// The port of a worker's metrics listener, from its log.
int MetricsPort(const std::string& log) {
  if (!WaitForLog(log, "/metrics", 60)) return -1;
  std::string text = Slurp(log);
  size_t at = text.find("/metrics");
  return std::stoi(text.substr(text.rfind(':', at) + 1));
}

// Waits up to 30 s for `stream` to hold `n` verdicts; the verdict of each message id.
std::map<std::string, json> VerdictsById(Redis& redis, const std::string& stream, long long n) {
  WaitLength(redis, stream, n, 30);
  std::map<std::string, json> out;
  for (auto& e : redis.Range(stream)) out[e["id"]] = json::parse(e["verdict"]);
  return out;
}

// When `text` first appears in the log (polled every 10 ms, up to `seconds`): milliseconds since
// the epoch, as Redis stream ids count them; 0 when it did not.
int64_t WhenLogged(const std::string& log, const std::string& text, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (Slurp(log).find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (Slurp(log).find(text) == std::string::npos) return 0;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Regression: a reload held the worker's loop while the new lists loaded (every list: seconds),
// and no message was answered meanwhile. Messages sent all along a reload of every bundled list
// are now answered while it loads, their verdicts naming the lists in force; after the switch,
// verdicts name the new version.
TEST(RedisWorker, MessagesAreAnsweredWhileTheListsReload) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "l" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir), log = dir + "/worker.log";
  std::string in = prefix + ":in", out = prefix + ":out";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--lists", lists}, log);
  Reaper reaper{worker};
  ASSERT_TRUE(WaitForLog(log, "(group ", 60)) << Slurp(log);
  for (const auto& f : std::filesystem::directory_iterator(std::string(EMBARGO_SOURCE_DIR) + "/data/lists"))
    if (f.is_directory()) std::filesystem::copy(f.path(), lists + "/" + f.path().filename().string(),
                                                std::filesystem::copy_options::recursive | std::filesystem::copy_options::skip_existing);
  // A message every 20 ms from before the SIGHUP until after the switch.
  std::atomic<bool> sending{true};
  std::atomic<int> sent{0};
  std::thread producer([&] {
    Redis own(uri);
    while (sending.load()) {
      freeReplyObject(own.Run({"XADD", in, "*", "id", "m" + std::to_string(sent++), "payload", R"({"name": "Mueller Armaturen GmbH"})"}));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(worker, SIGHUP);
  int64_t loading = WhenLogged(log, "loading the lists again", 10), switched = WhenLogged(log, "lists switched", 120);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  sending = false;
  producer.join();
  ASSERT_GT(loading, 0) << Slurp(log);
  ASSERT_GT(switched, 0) << Slurp(log);
  const long long total = sent.load();
  ASSERT_EQ(WaitLength(redis, out, total, 60), total) << Slurp(log);
  // The verdicts in order of publication: the old version, then (no old one after it) the new.
  std::vector<std::string> versions;
  for (auto& e : redis.Range(out)) versions.push_back(json::parse(e["verdict"])["list_version"]);
  const std::string first = versions.front();
  auto first_new = std::find_if(versions.begin(), versions.end(), [&](const std::string& v) { return v != first; });
  ASSERT_NE(first_new, versions.end()) << "no verdict names the new lists: " << Slurp(log);
  EXPECT_EQ(std::count(first_new, versions.end(), first), 0) << "an old version after the switch";
  // Verdicts published while the new lists loaded (Redis stream ids: milliseconds of publication).
  redisReply* during = redis.Run({"XRANGE", out, std::to_string(loading + 10), std::to_string(switched - 10)});
  ASSERT_TRUE(during && during->type == REDIS_REPLY_ARRAY);
  size_t answered_on_old = 0;
  for (size_t i = 0; i < during->elements; ++i) {
    const redisReply* verdict = during->element[i]->element[1]->element[3];  // fields: id, ID, verdict, JSON
    if (json::parse(std::string(verdict->str, verdict->len))["list_version"] == first) ++answered_on_old;
  }
  freeReplyObject(during);
  EXPECT_GT(answered_on_old, 0u) << "no message answered during the reload: " << Slurp(log);
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  reaper.pid = 0;
}

// A reload that finds a list in force missing from the lists folder (moved, emptied) is refused:
// the worker keeps the version in force and says why, so that a party on that list is never
// cleared; /readyz answers 503 and /metrics counts the failed reload until a reload succeeds.
TEST(RedisWorker, ReloadWithoutAListInForceKeepsTheListsInForce) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "g" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::filesystem::copy(std::string(EMBARGO_SOURCE_DIR) + "/data/lists/bis-dpl", lists + "/bis-dpl",
                        std::filesystem::copy_options::recursive);
  std::string in = prefix + ":in", out = prefix + ":out";
  const std::string listed = R"({"name": "Eric Badege", "type": "person"})";  // on the UN list
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "before", "payload", listed}));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--lists", lists, "--metrics-port", "0"}, log);
  Reaper reaper{worker};
  auto verdicts = VerdictsById(redis, out, 1);
  ASSERT_EQ(verdicts.count("before"), 1u) << Slurp(log);
  EXPECT_NE(verdicts["before"]["verdict"], "PASS");
  int port = MetricsPort(log);
  ASSERT_GT(port, 0) << Slurp(log);
  httplib::Client client("127.0.0.1", port);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;

  std::filesystem::remove_all(lists + "/un");
  kill(worker, SIGHUP);
  ASSERT_TRUE(WaitForLog(log, "reload failed, keeping lists version", 60)) << Slurp(log);
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "after", "payload", listed}));
  verdicts = VerdictsById(redis, out, 2);
  ASSERT_EQ(verdicts.count("after"), 1u) << Slurp(log);
  EXPECT_NE(verdicts["after"]["verdict"], "PASS") << verdicts["after"].dump();
  EXPECT_EQ(verdicts["after"]["list_version"], verdicts["before"]["list_version"]);
  std::string text = Slurp(log);
  EXPECT_NE(text.find("(in force now, "), std::string::npos) << text;
  EXPECT_NE(text.find("restart the worker"), std::string::npos) << text;
  EXPECT_EQ(text.find("lists switched"), std::string::npos) << text;
  ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503) << ready->body;
  EXPECT_NE(ready->body.find("reload failed"), std::string::npos) << ready->body;
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("embargo_worker_list_reload_failures_total 1\n"), std::string::npos) << metrics->body;
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  reaper.pid = 0;
}

// --max-list-age: verdicts on lists older than that say lists_stale: true (the bundled lists are
// years old), /readyz answers 503 naming why and /metrics says so; /healthz answers 200. With
// --route-by-verdict such a PASS is no clear of today's lists: it goes to the review route, not
// the pass route (regression: it went to -pass).
TEST(RedisWorker, MaxListAgeMarksVerdictsStaleAndTheWorkerNotReady) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "s" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out";
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "clear", "payload", R"({"name": "Mueller Armaturen GmbH"})"}));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--lists", lists, "--metrics-port", "0",
                              "--max-list-age", "24", "--route-by-verdict"}, log);
  Reaper reaper{worker};
  auto verdicts = VerdictsById(redis, out + "-review", 1);
  ASSERT_EQ(verdicts.count("clear"), 1u) << Slurp(log);
  EXPECT_EQ(verdicts["clear"]["verdict"], "PASS") << verdicts["clear"].dump();
  EXPECT_EQ(verdicts["clear"]["lists_stale"], true) << verdicts["clear"].dump();
  EXPECT_EQ(redis.Integer({"XLEN", out + "-pass"}), 0);
  int port = MetricsPort(log);
  ASSERT_GT(port, 0) << Slurp(log);
  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503) << ready->body;
  EXPECT_NE(ready->body.find("--max-list-age"), std::string::npos) << ready->body;
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("embargo_worker_lists_stale 1\n"), std::string::npos) << metrics->body;
  // Regression: the stale PASS was counted as a PASS, as if cleared on today's lists.
  EXPECT_NE(metrics->body.find("embargo_worker_messages_total{verdict=\"PASS\",lists_stale=\"true\"} 1\n"),
            std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("embargo_worker_messages_total{verdict=\"PASS\",lists_stale=\"false\"} 0\n"),
            std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("embargo_worker_pending "), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("embargo_worker_failures_total{step=\"record\"} 0\n"), std::string::npos) << metrics->body;
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  reaper.pid = 0;
}

// A message whose id is not UTF-8 (Latin-1 "INV-é"), with the decision store on PostgreSQL (which
// refuses such bytes) where there is one: an ERROR verdict and a dead letter naming the field, and
// the messages behind it are screened; nothing is left pending.
TEST(RedisWorker, IdThatIsNotUtf8IsAnErrorAndTheStreamGoesOn) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string store = testing_store::FreshStore(testing_store::PostgresServerUri().empty() ? "sqlite" : "postgres", "latin1");
  ASSERT_FALSE(store.empty());
  std::string prefix = "u" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out", dead = prefix + ":dead";
  const std::string clean = R"({"name": "Mueller Armaturen GmbH"})";
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "INV-\xe9", "payload", clean}));
  for (const char* id : {"next-1", "next-2"}) freeReplyObject(redis.Run({"XADD", in, "*", "id", id, "payload", clean}));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--dead-letter", dead, "--lists", lists,
                              "--decision-store", store, "--group", "g", "--consumer", "c"}, log);
  Reaper reaper{worker};
  auto verdicts = VerdictsById(redis, out, 3);
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  reaper.pid = 0;
  ASSERT_EQ(verdicts.size(), 3u) << Slurp(log);
  EXPECT_EQ(verdicts["INV-\\xE9"]["verdict"], "ERROR");
  EXPECT_EQ(verdicts["next-1"]["verdict"], "PASS");
  EXPECT_EQ(verdicts["next-2"]["verdict"], "PASS");
  auto letters = redis.Range(dead);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_NE(letters[0]["reason"].find("field 'id'"), std::string::npos) << letters[0]["reason"];
  EXPECT_EQ(redis.Pending(in, "g", "c"), 0);
  auto recorded = RecordedScreenings(store);
  EXPECT_EQ(recorded["INV-\\xE9"], 1);
  EXPECT_EQ(recorded["next-2"], 1);
}

// The decision store's connection ended by PostgreSQL (a restart does the same): the worker
// retries the batch, opens a new connection and goes on; /metrics counts the failed attempt and
// the retry, and /readyz is ready again once it has.
TEST(RedisWorker, LostStoreConnectionIsReopened) {
  std::string uri = RedisUri();
  if (uri.empty()) GTEST_SKIP() << "no redis-server (scripts/redis-test-server.sh)";
  std::string store = testing_store::FreshStore("postgres", "reopen");
  if (store.empty()) GTEST_SKIP() << "no PostgreSQL (scripts/pg-test-server.sh)";
  Redis redis(uri);
  ASSERT_TRUE(redis.ok());
  std::string prefix = "p" + std::to_string(getpid());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string in = prefix + ":in", out = prefix + ":out";
  const std::string clean = R"({"name": "Mueller Armaturen GmbH"})";
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "first", "payload", clean}));
  std::string log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", uri + "/" + in, "--to", uri + "/" + out, "--lists", lists, "--decision-store", store,
                              "--metrics-port", "0"}, log);
  Reaper reaper{worker};
  EXPECT_EQ(WaitLength(redis, out, 1, 60), 1) << Slurp(log);
  std::string db = store.substr(store.rfind('/') + 1);
  EXPECT_EQ(testing_store::PgExec(testing_store::PostgresServerUri(),
                                  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" + db +
                                      "' AND pid <> pg_backend_pid()"),
            "=1");
  freeReplyObject(redis.Run({"XADD", in, "*", "id", "second", "payload", clean}));
  EXPECT_EQ(WaitLength(redis, out, 2, 30), 2) << Slurp(log);
  EXPECT_NE(Slurp(log).find("decision store reconnected"), std::string::npos) << Slurp(log);
  int port = MetricsPort(log);
  ASSERT_GT(port, 0) << Slurp(log);
  httplib::Client client("127.0.0.1", port);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("embargo_worker_failures_total{step=\"record\"} 1\n"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("embargo_worker_retries_total 1\n"), std::string::npos) << metrics->body;
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  EXPECT_EQ(StopWorker(worker), 0) << Slurp(log);
  reaper.pid = 0;
  EXPECT_EQ(RecordedScreenings(store)["second"], 1);
}

}  // namespace
}  // namespace embargo::streams_test
