// `embargo worker` on Kafka: librdkafka's mock cluster (test.mock.num.brokers = 3) in this
// process, a 3-partition topic, two worker processes in one consumer group. The second joins
// while the first is screening and later leaves (SIGTERM): two rebalances. Afterwards every
// message has one recorded screening and a verdict; repeats only where a commit was refused, and
// identical to the first.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <fstream>
#include <filesystem>
#include <set>
#include <thread>

#include "bus_test_util.h"
#include "embargo/decision_store.h"
#include "streams/kafka_refusal.h"

namespace embargo::streams_test {
namespace {

using nlohmann::json;

struct Record {
  std::string key, value;
};

class MockKafka {
 public:
  MockKafka() {
    char err[256];
    rd_kafka_conf_t* c = rd_kafka_conf_new();
    rd_kafka_conf_set(c, "test.mock.num.brokers", "3", err, sizeof err);
    producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, c, err, sizeof err);
    if (!producer_) return;
    cluster_ = rd_kafka_handle_mock_cluster(producer_);
    if (cluster_) bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_);
  }
  ~MockKafka() {
    if (producer_) rd_kafka_destroy(producer_);
  }
  const std::string& bootstraps() const { return bootstraps_; }
  bool CreateTopic(const std::string& topic, int partitions) {
    return cluster_ && rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1) == RD_KAFKA_RESP_ERR_NO_ERROR;
  }
  bool Produce(const std::string& topic, const std::string& key, const std::string& value) {
    return rd_kafka_producev(producer_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
                             RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR;
  }
  bool Flush() { return rd_kafka_flush(producer_, 30000) == RD_KAFKA_RESP_ERR_NO_ERROR; }
  // The next `count` requests of `api_key` (from any client) are answered with `err`.
  void FailRequests(int16_t api_key, size_t count, rd_kafka_resp_err_t err) {
    std::vector<rd_kafka_resp_err_t> errors(count, err);
    if (cluster_) rd_kafka_mock_push_request_errors_array(cluster_, api_key, count, errors.data());
  }

  // Every record of `topic` (partitions 0..partitions-1), read from the beginning to the end.
  std::vector<Record> ReadAll(const std::string& topic, int partitions) {
    char err[256];
    rd_kafka_conf_t* c = rd_kafka_conf_new();
    rd_kafka_conf_set(c, "bootstrap.servers", bootstraps_.c_str(), err, sizeof err);
    rd_kafka_conf_set(c, "group.id", "test-reader", err, sizeof err);
    rd_kafka_conf_set(c, "enable.partition.eof", "true", err, sizeof err);
    rd_kafka_conf_set(c, "enable.auto.commit", "false", err, sizeof err);
    rd_kafka_conf_set(c, "isolation.level", "read_committed", err, sizeof err);  // verdicts of aborted batches are not seen
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, c, err, sizeof err);
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p)
      rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(consumer, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    std::vector<Record> out;
    std::set<int32_t> at_end;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (static_cast<int>(at_end.size()) < partitions && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer, 500);
      if (!m) continue;
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) at_end.insert(m->partition);
      else if (!m->err)
        out.push_back({std::string(static_cast<const char*>(m->key), m->key_len),
                       std::string(static_cast<const char*>(m->payload), m->len)});
      rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    return out;
  }

 private:
  rd_kafka_t* producer_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstraps_;
};

// From a worker's last log line: verdicts given, and those published but not committed.
std::pair<size_t, size_t> LoggedCounts(const std::string& log) {
  std::string text = Slurp(log);
  size_t at = text.rfind("stopped after ");
  if (at == std::string::npos) return {0, 0};
  size_t verdicts = std::stoul(text.substr(at + 14));
  size_t open = text.find('(', at);
  return {verdicts, open == std::string::npos ? 0 : std::stoul(text.substr(open + 1))};
}

TEST(KafkaWorker, TwoWorkersRebalanceOneRecordEachRepeatsIdentical) {
  MockKafka kafka;
  ASSERT_FALSE(kafka.bootstraps().empty()) << "librdkafka mock cluster unavailable";
  ASSERT_TRUE(kafka.CreateTopic("payments", 3));
  ASSERT_TRUE(kafka.CreateTopic("verdicts", 3));
  ASSERT_TRUE(kafka.CreateTopic("verdicts-dead-letter", 1));
  std::string prefix = "k" + std::to_string(getpid());
  std::vector<TestMessage> messages = BuildMessages(prefix, 900);
  auto produce = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) ASSERT_TRUE(kafka.Produce("payments", messages[i].id, messages[i].payload));
    ASSERT_TRUE(kafka.Flush());
  };

  std::string dir = ::testing::TempDir() + "/" + prefix;
  std::filesystem::create_directories(dir);
  std::string store = dir + "/decisions.db";  // SQLite: two processes share it (WAL, busy timeout)
  std::string brokers = "kafka://" + kafka.bootstraps();
  auto args = [&](const std::string& consumer) {
    return std::vector<std::string>{"--from", brokers + "/payments", "--to", brokers + "/verdicts", "--group", "screening",
                                    "--consumer", consumer, "--decision-store", store, "--window", "8"};
  };
  // Three phases: k0 alone; k1 joins (a rebalance) while messages arrive; k1 leaves (SIGTERM, a
  // rebalance) and k0 alone takes the rest from all partitions.
  produce(0, 300);
  pid_t w0 = StartWorker(args("k0"), dir + "/k0.log");
  ASSERT_TRUE(WaitForLog(dir + "/k0.log", "assigned 3 partition(s)", 60)) << Slurp(dir + "/k0.log");
  pid_t w1 = StartWorker(args("k1"), dir + "/k1.log");
  EXPECT_TRUE(WaitForLog(dir + "/k1.log", "assigned", 90)) << Slurp(dir + "/k1.log");
  produce(300, 600);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  kill(w1, SIGTERM);
  EXPECT_EQ(WaitExit(w1), 0) << Slurp(dir + "/k1.log");
  produce(600, messages.size());

  std::vector<Record> verdicts;
  std::set<std::string> ids;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  do {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    verdicts = kafka.ReadAll("verdicts", 3);
    ids.clear();
    for (const auto& r : verdicts) ids.insert(r.key);
  } while (ids.size() < messages.size() && std::chrono::steady_clock::now() < deadline);
  kill(w0, SIGTERM);
  EXPECT_EQ(WaitExit(w0), 0) << Slurp(dir + "/k0.log");
  verdicts = kafka.ReadAll("verdicts", 3);
  auto [by_k0, uncommitted_k0] = LoggedCounts(dir + "/k0.log");
  auto [by_k1, uncommitted_k1] = LoggedCounts(dir + "/k1.log");
  EXPECT_GT(by_k1, 0u) << "the second worker screened nothing: no rebalance was tested";
  EXPECT_GT(by_k0, by_k1);
  EXPECT_EQ(by_k0 + by_k1, verdicts.size());

  // Every message has a verdict; a message has more than one only when a batch was published but
  // its commit refused (the mock refuses commits during a rebalance), and then the same one.
  std::map<std::string, std::vector<std::string>> of;
  for (const auto& r : verdicts) {
    auto v = json::parse(r.value, nullptr, false);
    ASSERT_FALSE(v.is_discarded());
    EXPECT_EQ(v["message_id"], r.key);
    of[r.key].push_back(r.value);
  }
  EXPECT_EQ(of.size(), messages.size());
  size_t repeats = 0;
  for (const auto& [id, values] : of) {
    repeats += values.size() - 1;
    for (const auto& v : values) EXPECT_EQ(v, values[0]) << id << ": a repeat differs from the first verdict";
  }
  EXPECT_LE(repeats, uncommitted_k0 + uncommitted_k1);
  std::cerr << "verdicts " << verdicts.size() << " for " << messages.size() << " messages; k0 " << by_k0 << ", k1 "
            << by_k1 << "; repeats " << repeats << " (published, commit refused: " << uncommitted_k0 + uncommitted_k1 << ")\n";

  std::set<std::string> unparseable, dead;
  for (const auto& m : messages)
    if (!m.parseable) {
      unparseable.insert(m.id);
      EXPECT_EQ(json::parse(of[m.id][0])["verdict"], "ERROR");
    }
  for (const auto& r : kafka.ReadAll("verdicts-dead-letter", 1)) {
    dead.insert(r.key);
    EXPECT_FALSE(json::parse(r.value)["reason"].get<std::string>().empty());
  }
  EXPECT_EQ(dead, unparseable);
  EXPECT_GT(std::count_if(of.begin(), of.end(), [](const auto& kv) { return json::parse(kv.second[0])["verdict"] == "BLOCK"; }), 0);

  // Exactly one recorded screening per message.
  std::map<std::string, int> recorded;
  auto s = DecisionStore::Open(store);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE((*s)->ExportAudit("", "", [&](const AuditRecord& r) {
    if (r.kind == "screening") ++recorded[json::parse(r.content)["input"].value("message_id", "")];
    return Status::Ok();
  }).ok());
  EXPECT_EQ(recorded.size(), messages.size());
  for (const auto& [id, n] : recorded) EXPECT_EQ(n, 1) << id;
}

// --kafka-config reaches librdkafka: a setting it does not know stops the worker, named by its
// file and line.
TEST(KafkaWorker, SettingsFileReachesLibrdkafka) {
  std::string dir = ::testing::TempDir() + "/kconf" + std::to_string(getpid()), lists = UnListsIn(dir);
  std::ofstream(dir + "/kafka.conf") << "security.protocol = plaintext\nno.such.setting = 1\n";
  pid_t worker = StartWorker({"--from", "kafka://127.0.0.1:9/in", "--to", "kafka://127.0.0.1:9/out", "--lists", lists,
                              "--kafka-config", dir + "/kafka.conf"}, dir + "/worker.log");
  EXPECT_EQ(WaitExit(worker), 2);
  EXPECT_NE(Slurp(dir + "/worker.log").find(dir + "/kafka.conf:2: no.such.setting: No such configuration property"),
            std::string::npos) << Slurp(dir + "/worker.log");
  // Settings taken one by one but refused when the client is made: the file is named.
  std::ofstream(dir + "/tls.conf") << "security.protocol = ssl\nssl.ca.location = " << dir << "/missing-ca.pem\n";
  worker = StartWorker({"--from", "kafka://127.0.0.1:9/in", "--to", "kafka://127.0.0.1:9/out", "--lists", lists,
                        "--kafka-config", dir + "/tls.conf"}, dir + "/tls.log");
  EXPECT_EQ(WaitExit(worker), 2);
  EXPECT_NE(Slurp(dir + "/tls.log").find("(with the settings of --kafka-config " + dir + "/tls.conf)"), std::string::npos)
      << Slurp(dir + "/tls.log");
}

// plugin.library.paths in --kafka-config: not loaded while the file is checked
// (KafkaSettings.PluginIsNotLoadedWhileTheFileIsChecked), but for the worker's two clients.
TEST(KafkaWorker, PluginOfTheSettingsFileIsLoadedForTheClients) {
  std::string dir = ::testing::TempDir() + "/kplugin" + std::to_string(getpid()), lists = UnListsIn(dir);
  std::string mark = dir + "/loaded", log = dir + "/worker.log";
  std::ofstream(dir + "/kafka.conf") << "plugin.library.paths = " << EMBARGO_KAFKA_TEST_PLUGIN << "\n";
  setenv("EMBARGO_KAFKA_TEST_PLUGIN_MARK", mark.c_str(), 1);  // the worker inherits it
  pid_t worker = StartWorker({"--from", "kafka://127.0.0.1:9/in", "--to", "kafka://127.0.0.1:9/out", "--lists", lists,
                              "--kafka-config", dir + "/kafka.conf"}, log);
  unsetenv("EMBARGO_KAFKA_TEST_PLUGIN_MARK");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Slurp(mark) != "loaded\nloaded\n" && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(Slurp(mark), "loaded\nloaded\n") << Slurp(log);  // consumer and producer
  kill(worker, SIGTERM);
  EXPECT_EQ(WaitExitWithin(worker, 60), 0) << Slurp(log);
  // A plugin that cannot be loaded stops the worker at start, named by file and line.
  std::ofstream(dir + "/missing.conf") << "linger.ms = 5\nplugin.library.paths = " << dir << "/no-such-plugin.so\n";
  worker = StartWorker({"--from", "kafka://127.0.0.1:9/in", "--to", "kafka://127.0.0.1:9/out", "--lists", lists,
                        "--kafka-config", dir + "/missing.conf"}, dir + "/missing.log");
  EXPECT_EQ(WaitExitWithin(worker, 60), 2) << Slurp(dir + "/missing.log");
  EXPECT_NE(Slurp(dir + "/missing.log").find(dir + "/missing.conf:2: plugin.library.paths: "), std::string::npos)
      << Slurp(dir + "/missing.log");
}

// A refused login or permission stops the worker (exit 2) where a passing fault is retried.
TEST(KafkaRefusal, LoginAndPermissionsAreRefusalsPassingFaultsAreNot) {
  for (auto err : {RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
                   RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
                   RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED})
    EXPECT_TRUE(streams::IsKafkaRefusal(err)) << rd_kafka_err2name(err);
  for (auto err : {RD_KAFKA_RESP_ERR_NO_ERROR, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
                   RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__PARTITION_EOF, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
                   RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART})
    EXPECT_FALSE(streams::IsKafkaRefusal(err)) << rd_kafka_err2name(err);
  Status s = streams::KafkaRefused("b1:9092,b2:9092", RD_KAFKA_RESP_ERR__AUTHENTICATION, "SASL authentication error: bad password");
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "kafka b1:9092,b2:9092: Local: Authentication failure: SASL authentication error: bad password");
}

// The consumer group refused (FindCoordinator answers GROUP_AUTHORIZATION_FAILED): the worker
// stops at once, naming the brokers and the refusal, instead of retrying for ever.
TEST(KafkaWorker, RefusedGroupStopsTheWorker) {
  MockKafka kafka;
  ASSERT_FALSE(kafka.bootstraps().empty()) << "librdkafka mock cluster unavailable";
  ASSERT_TRUE(kafka.CreateTopic("payments", 1));
  ASSERT_TRUE(kafka.CreateTopic("verdicts", 1));
  kafka.FailRequests(10 /* FindCoordinator */, 1000, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED);
  std::string dir = ::testing::TempDir() + "/krefused" + std::to_string(getpid()), lists = UnListsIn(dir);
  std::string brokers = "kafka://" + kafka.bootstraps(), log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", brokers + "/payments", "--to", brokers + "/verdicts", "--group", "screening",
                              "--lists", lists}, log);
  EXPECT_EQ(WaitExitWithin(worker, 60), 2) << Slurp(log);
  EXPECT_NE(Slurp(log).find("kafka " + kafka.bootstraps() + ": Broker: Group authorization failed"), std::string::npos)
      << Slurp(log);
}

// The verdict topic refused (every Produce answers TOPIC_AUTHORIZATION_FAILED): the worker stops,
// and what it held is neither published nor committed again on the way out (closing the consumer
// revokes its partitions, which finished what was held before the worker dropped it).
TEST(KafkaWorker, RefusedVerdictTopicStopsTheWorkerWithoutFinishingWhatItHeld) {
  MockKafka kafka;
  ASSERT_FALSE(kafka.bootstraps().empty()) << "librdkafka mock cluster unavailable";
  ASSERT_TRUE(kafka.CreateTopic("payments", 1));
  ASSERT_TRUE(kafka.CreateTopic("verdicts", 1));
  std::string prefix = "kverdicts" + std::to_string(getpid());
  for (const TestMessage& m : BuildMessages(prefix, 5)) ASSERT_TRUE(kafka.Produce("payments", m.id, m.payload));
  ASSERT_TRUE(kafka.Flush());
  kafka.FailRequests(0 /* Produce */, 1000, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::string brokers = "kafka://" + kafka.bootstraps(), log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", brokers + "/payments", "--to", brokers + "/verdicts", "--group", "screening",
                              "--lists", lists}, log);
  EXPECT_EQ(WaitExitWithin(worker, 60), 2) << Slurp(log);
  EXPECT_NE(Slurp(log).find("Broker: Topic authorization failed"), std::string::npos) << Slurp(log);
  EXPECT_EQ(Slurp(log).find("before giving up partitions"), std::string::npos) << Slurp(log);
}

// A SASL login that fails (RD_KAFKA_RESP_ERR__AUTHENTICATION, which librdkafka reports through
// its error callback only) stops the worker at once. The mock cluster speaks no SASL: the login
// fails there with the code a broker refusing the password gives too.
TEST(KafkaWorker, RefusedLoginStopsTheWorker) {
  MockKafka kafka;
  ASSERT_FALSE(kafka.bootstraps().empty()) << "librdkafka mock cluster unavailable";
  std::string dir = ::testing::TempDir() + "/klogin" + std::to_string(getpid()), lists = UnListsIn(dir);
  std::ofstream(dir + "/kafka.conf") << "security.protocol = sasl_plaintext\nsasl.mechanisms = PLAIN\n"
                                        "sasl.username = screening\nsasl.password = not-the-password\n";
  std::string brokers = "kafka://" + kafka.bootstraps(), log = dir + "/worker.log";
  pid_t worker = StartWorker({"--from", brokers + "/payments", "--to", brokers + "/verdicts", "--lists", lists,
                              "--kafka-config", dir + "/kafka.conf"}, log);
  EXPECT_EQ(WaitExitWithin(worker, 60), 2) << Slurp(log);
  EXPECT_NE(Slurp(log).find("kafka " + kafka.bootstraps() + ": Local: Authentication failure: "), std::string::npos) << Slurp(log);
  EXPECT_EQ(Slurp(log).find("not-the-password"), std::string::npos) << Slurp(log);
}

// A fatal error (the consumer fenced, or an idempotent producer's) leaves a client that can do no
// more: the worker stops (exit 2), naming it, instead of polling a dead consumer for ever. The
// test plugin raises one as the consumer hands its first message over.
TEST(KafkaWorker, FatalErrorStopsTheWorker) {
  MockKafka kafka;
  ASSERT_FALSE(kafka.bootstraps().empty()) << "librdkafka mock cluster unavailable";
  ASSERT_TRUE(kafka.CreateTopic("payments", 1));
  ASSERT_TRUE(kafka.CreateTopic("verdicts", 1));
  std::string prefix = "kfatal" + std::to_string(getpid());
  for (const TestMessage& m : BuildMessages(prefix, 3)) ASSERT_TRUE(kafka.Produce("payments", m.id, m.payload));
  ASSERT_TRUE(kafka.Flush());
  std::string dir = ::testing::TempDir() + "/" + prefix, lists = UnListsIn(dir);
  std::ofstream(dir + "/kafka.conf") << "plugin.library.paths = " << EMBARGO_KAFKA_TEST_PLUGIN << "\n";
  std::string brokers = "kafka://" + kafka.bootstraps(), log = dir + "/worker.log";
  setenv("EMBARGO_KAFKA_TEST_PLUGIN_FATAL", "1", 1);  // the worker inherits it
  pid_t worker = StartWorker({"--from", brokers + "/payments", "--to", brokers + "/verdicts", "--group", "screening",
                              "--lists", lists, "--kafka-config", dir + "/kafka.conf"}, log);
  unsetenv("EMBARGO_KAFKA_TEST_PLUGIN_FATAL");
  EXPECT_EQ(WaitExitWithin(worker, 60), 2) << Slurp(log);
  std::string said = Slurp(log);
  EXPECT_NE(said.find("embargo: kafka " + kafka.bootstraps() + ": Broker: Static consumer fenced"), std::string::npos) << said;
  EXPECT_NE(said.find("fatal: test_fatal_error: test plugin: another member took this one's place"), std::string::npos) << said;
}

}  // namespace
}  // namespace embargo::streams_test
