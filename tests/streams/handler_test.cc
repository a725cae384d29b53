// The transport-neutral part of the workers: bus URIs, screening one message, and recording it
// once per message id and UETR (a redelivery gets the first verdict back).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "../decision_store/store_test_util.h"
#include "bus_test_util.h"
#include "embargo/decision_store.h"
#include "embargo/lists.h"
#include "streams/bus_uri.h"
#include "streams/handler.h"
#include "streams/metrics_listener.h"
#include "streams/worker.h"

namespace embargo::streams_test {
namespace {

using nlohmann::json;

TEST(BusUri, RedisAndKafka) {
  auto r = streams::ParseBusUri("redis://127.0.0.1:6380/payments", "--from");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->kind, streams::BusUri::Kind::kRedis);
  EXPECT_EQ(r->hosts, "127.0.0.1");
  EXPECT_EQ(r->port, 6380);
  EXPECT_EQ(r->name, "payments");
  auto k = streams::ParseBusUri("kafka://b1:9092,b2:9092/verdicts", "--to");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->kind, streams::BusUri::Kind::kKafka);
  EXPECT_EQ(k->hosts, "b1:9092,b2:9092");
  EXPECT_EQ(k->name, "verdicts");
  for (const char* bad : {"http://x/y", "redis://host:99999/s", "redis://host:6379", "redis://a,b/s", "kafka:///t"}) {
    auto b = streams::ParseBusUri(bad, "--from");
    ASSERT_FALSE(b.ok()) << bad;
    EXPECT_NE(b.status().message().find("--from"), std::string::npos);
  }
}

// Regression: a Redis URI with a user and password did not parse. They are percent-decoded (or
// given unescaped: the stream name follows the last '/'); the URI is shown with the password as
// ***, and no error shows it; rediss:// (TLS) and credentials in a kafka:// URI are refused.
TEST(BusUri, RedisCredentials) {
  auto r = streams::ParseBusUri("redis://:s3cret@10.0.0.5:6379/payments", "--from");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->user, "");
  EXPECT_EQ(r->password, "s3cret");
  EXPECT_EQ(r->hosts, "10.0.0.5");
  EXPECT_EQ(r->name, "payments");
  EXPECT_EQ(r->text, "redis://:***@10.0.0.5:6379/payments");
  r = streams::ParseBusUri("redis://scr%65ener:p%40ss%3Aw%2Frd%25@[::1]:6380/pay@eu", "--from");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->user, "screener");
  EXPECT_EQ(r->password, "p@ss:w/rd%");
  EXPECT_EQ(r->hosts, "::1");
  EXPECT_EQ(r->port, 6380);
  EXPECT_EQ(r->name, "pay@eu");
  EXPECT_EQ(r->text, "redis://scr%65ener:***@[::1]:6380/pay@eu");
  r = streams::ParseBusUri("redis://screener:p@ss:w/rd@host/s", "--from");  // unescaped
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->password, "p@ss:w/rd");
  EXPECT_EQ(r->hosts, "host");
  EXPECT_EQ(r->text, "redis://screener:***@host/s");
  EXPECT_TRUE(streams::ParseBusUri("redis://host:6379/s", "--from")->password.empty());
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"redis://secret@host:6379/s", "--from redis://***@host:6379/s: expected USER:PASSWORD@ or :PASSWORD@"},
      {"redis://:secret%zz@host/s", "--from redis://:***@host/s: the password holds a '%' not followed by two hex digits"},
      {"redis://u%g:secret@host/s", "the user holds a '%'"},
      {"redis://:@host/s", "the password is empty"},
      {"redis://:se/cret@host:6379", "--from redis://:***@host:6379: "},  // no stream: nothing of the password shows
      {"redis://:secret@host:port/s", "--from redis://:***@host:port/s: the port is not a number"},
      {"rediss://:secret@host:6380/s", "--from rediss://:***@host:6380/s: TLS (rediss://) is not supported"},
      {"kafka://u:secret@b1:9092/t", "a kafka:// URI takes no user or password: give sasl.username and sasl.password in --kafka-config"},
      {"http://:secret@host/s", "expected redis://"}};
  for (const auto& [uri, named] : refused) {
    auto bad = streams::ParseBusUri(uri, "--from");
    ASSERT_FALSE(bad.ok()) << uri;
    EXPECT_NE(bad.status().message().find(named), std::string::npos) << bad.status().message();
    for (const char* secret : {"secret", "cret", "'se'"})
      EXPECT_EQ(bad.status().message().find(secret), std::string::npos) << bad.status().message();
  }
}

// Regression: `--from redis://localhost:6379/...` with `--to redis://127.0.0.1:6379/...` was refused
// as two servers. One server by either name is one; another port or host is another.
TEST(BusUri, SameServerSeesThroughLoopbackNames) {
  auto same = [](const std::string& a, const std::string& b) {
    auto ua = streams::ParseBusUri(a, "--from"), ub = streams::ParseBusUri(b, "--to");
    EXPECT_TRUE(ua.ok() && ub.ok()) << a << " " << b;
    return ua.ok() && ub.ok() && streams::SameServer(*ua, *ub) && streams::SameServer(*ub, *ua);
  };
  for (const char* name : {"redis://127.0.0.1:6379/v", "redis://LocalHost:6379/v", "redis://[::1]:6379/v",
                           "redis://localhost/v", "redis://[0:0:0:0:0:0:0:1]:6379/v"})
    EXPECT_TRUE(same("redis://localhost:6379/p", name)) << name;
  auto v6 = streams::ParseBusUri("redis://[::1]:6380/p", "--from");
  ASSERT_TRUE(v6.ok()) << v6.status().message();
  EXPECT_EQ(v6->hosts, "::1");
  EXPECT_EQ(v6->port, 6380);
  EXPECT_FALSE(same("redis://localhost:6379/p", "redis://127.0.0.1:6380/v"));
  EXPECT_FALSE(same("redis://localhost:6379/p", "redis://192.0.2.7:6379/v"));
  EXPECT_FALSE(same("redis://192.0.2.7:6379/p", "redis://192.0.2.8:6379/v"));
  EXPECT_TRUE(same("kafka://localhost:9092/p", "kafka://127.0.0.1:9092/v"));
  EXPECT_TRUE(same("kafka://192.0.2.1:9092,localhost:9092/p", "kafka://127.0.0.1/v"));  // shares a broker
  EXPECT_FALSE(same("kafka://localhost:9092/p", "kafka://localhost:9093/v"));
  for (const char* bad : {"redis://[::1/s", "redis://[::1]x/s", "redis://[::1]:/s"})
    EXPECT_FALSE(streams::ParseBusUri(bad, "--from").ok()) << bad;
}

const streams::Engine& Bundled() {
  static std::shared_ptr<const streams::Engine> engine = [] {
    auto lists = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists");
    auto e = streams::Engine::Build(std::move(Screener::Build(std::move(*lists))).value(), kDefaultThreshold);
    return *e;
  }();
  return *engine;
}

TEST(MessageHandler, ScreensRecordsOnceAndReturnsTheFirstVerdict) {
  std::string store_path = ::testing::TempDir() + "/handler_" + std::to_string(getpid()) + ".db";
  auto store = DecisionStore::Open(store_path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  streams::MessageHandler handler("test worker", store->get());
  std::vector<std::string> listed = ListedNames(3);
  ASSERT_FALSE(listed.empty());
  streams::BusMessage m{"m-1", Mt103(1, "KLAUS BERGMANN", listed[0]), "1-0"};
  streams::VerdictRecord v = handler.Screen(Bundled(), m);
  EXPECT_NE(v.verdict, Verdict::kPass);
  EXPECT_EQ(v.uetr, "3f1c6a2e-5b7d-4c1e-9a0b-000000000001");
  EXPECT_FALSE(v.alert_hits.empty());
  auto j = json::parse(v.json);
  EXPECT_EQ(j["message_id"], "m-1");
  EXPECT_EQ(j["uetr"], v.uetr);
  EXPECT_EQ(j["list_version"], Bundled().version());
  ASSERT_TRUE(handler.Record(Bundled(), v).ok());
  EXPECT_FALSE(v.redelivered);

  // Delivered again, screened against other lists (here: a verdict made up to differ): the
  // store answers with the first verdict and records nothing new.
  streams::VerdictRecord again = handler.Screen(Bundled(), m);
  again.verdict = Verdict::kPass;
  again.json = json{{"message_id", "m-1"}, {"verdict", "PASS"}}.dump();
  ASSERT_TRUE(handler.Record(Bundled(), again).ok());
  EXPECT_TRUE(again.redelivered);
  EXPECT_EQ(again.verdict, v.verdict);
  EXPECT_EQ(json::parse(again.json), j);
  int screenings = 0;
  ASSERT_TRUE((*store)->ExportAudit("", "", [&](const AuditRecord& r) {
    screenings += r.kind == "screening";
    return Status::Ok();
  }).ok());
  EXPECT_EQ(screenings, 1);
}

// A second message under an id already screened (a sender reusing ids) was taken for a
// redelivery: it was given the first message's verdict and never screened itself.
TEST(MessageHandler, AnotherMessageUnderAReusedIdIsScreenedInItsOwnRight) {
  std::string store_path = ::testing::TempDir() + "/handler_reused_" + std::to_string(getpid()) + ".db";
  auto store = DecisionStore::Open(store_path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  streams::MessageHandler handler("test worker", store->get());
  streams::VerdictRecord clean = handler.Screen(Bundled(), {"dup1", R"({"name": "Maria Lindqvist"})", "1-0"});
  ASSERT_TRUE(handler.Record(Bundled(), clean).ok());
  EXPECT_EQ(clean.verdict, Verdict::kPass);
  streams::VerdictRecord listed = handler.Screen(Bundled(), {"dup1", R"({"name": "Vladimir Putin"})", "2-0"});
  ASSERT_TRUE(handler.Record(Bundled(), listed).ok());
  EXPECT_FALSE(listed.redelivered);
  EXPECT_NE(listed.verdict, Verdict::kPass);
  EXPECT_NE(streams::MessageKey(clean), streams::MessageKey(listed));
}

// A pacs.008 of two transactions: the first always the same (its UETR is the message's), the
// second paying `second_creditor`.
std::string TwoTransactions(const std::string& second_creditor) {
  auto tx = [](const std::string& uetr, const std::string& creditor) {
    return "<CdtTrfTxInf><PmtId><EndToEndId>E2E</EndToEndId><UETR>" + uetr + "</UETR></PmtId>"
           "<IntrBkSttlmAmt Ccy=\"EUR\">100.00</IntrBkSttlmAmt><Dbtr><Nm>KLAUS BERGMANN</Nm></Dbtr>"
           "<DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>"
           "<CdtrAgt><FinInstnId><BICFI>COBADEFF</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>" + creditor +
           "</Nm></Cdtr></CdtTrfTxInf>";
  };
  return "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf><GrpHdr>"
         "<MsgId>BATCH-1</MsgId><NbOfTxs>2</NbOfTxs></GrpHdr>" +
         tx("3f1c6a2e-5b7d-4c1e-9a0b-00000000a001", "MARIA LINDQVIST") +
         tx("3f1c6a2e-5b7d-4c1e-9a0b-00000000a002", second_creditor) + "</FIToFICstmrCdtTrf></Document>";
}

// The verdict's UETR is the first transaction's: two messages of several transactions that share
// their first (a batch sent again with its second transaction changed, under the same id) must
// not be taken for one, which would publish the first one's PASS for the second. The key holds
// the payload's hash, so each is screened and recorded; a redelivery of either is still one.
TEST(MessageHandler, MessagesSharingTheirFirstUetrAreNotTakenForOne) {
  std::string store_path = ::testing::TempDir() + "/handler_first_uetr_" + std::to_string(getpid()) + ".db";
  auto store = DecisionStore::Open(store_path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  streams::MessageHandler handler("test worker", store->get());
  std::vector<std::string> listed = ListedNames(1);
  ASSERT_FALSE(listed.empty());
  streams::BusMessage clean_message{"batch-1", TwoTransactions("JANE ROE"), "1-0"};
  streams::BusMessage listed_message{"batch-1", TwoTransactions(listed[0]), "2-0"};
  streams::VerdictRecord clean = handler.Screen(Bundled(), clean_message);
  streams::VerdictRecord changed = handler.Screen(Bundled(), listed_message);
  EXPECT_EQ(clean.uetr, changed.uetr);
  EXPECT_EQ(clean.verdict, Verdict::kPass) << clean.json;
  EXPECT_NE(changed.verdict, Verdict::kPass) << changed.json;
  EXPECT_NE(streams::MessageKey(clean), streams::MessageKey(changed));
  ASSERT_TRUE(handler.Record(Bundled(), clean).ok());
  ASSERT_TRUE(handler.Record(Bundled(), changed).ok());
  EXPECT_FALSE(changed.redelivered);
  EXPECT_NE(changed.verdict, Verdict::kPass);
  streams::VerdictRecord again = handler.Screen(Bundled(), listed_message);
  EXPECT_EQ(streams::MessageKey(again), streams::MessageKey(changed));
  ASSERT_TRUE(handler.Record(Bundled(), again).ok());
  EXPECT_TRUE(again.redelivered);
}

// A verdict on a message of several transactions names every one's UETR (`uetrs`), so a payments
// system can match the verdict to each; `uetr` stays the first's.
TEST(MessageHandler, AVerdictNamesEveryTransactionsUetr) {
  streams::MessageHandler handler("test worker", nullptr);
  streams::VerdictRecord v = handler.Screen(Bundled(), {"batch-2", TwoTransactions("JANE ROE"), "1-0"});
  auto j = json::parse(v.json);
  EXPECT_EQ(j["uetr"], "3f1c6a2e-5b7d-4c1e-9a0b-00000000a001");
  ASSERT_TRUE(j.contains("uetrs")) << v.json;
  EXPECT_EQ(j["uetrs"], json::array({"3f1c6a2e-5b7d-4c1e-9a0b-00000000a001", "3f1c6a2e-5b7d-4c1e-9a0b-00000000a002"}));
  // One transaction: `uetr` alone, as before.
  streams::VerdictRecord one = handler.Screen(Bundled(), {"m-1", Mt103(1, "KLAUS BERGMANN", "JANE ROE"), "1-0"});
  EXPECT_EQ(json::parse(one.json)["uetr"], "3f1c6a2e-5b7d-4c1e-9a0b-000000000001");
  EXPECT_FALSE(json::parse(one.json).contains("uetrs")) << one.json;
  // A transaction without a UETR keeps its place (""), so each UETR names its own transaction.
  std::string first_without = TwoTransactions("JANE ROE");
  first_without.erase(first_without.find("<UETR>"), std::string("<UETR>3f1c6a2e-5b7d-4c1e-9a0b-00000000a001</UETR>").size());
  auto k = json::parse(handler.Screen(Bundled(), {"batch-3", first_without, "1-0"}).json);
  EXPECT_FALSE(k.contains("uetr")) << k.dump();
  EXPECT_EQ(k["uetrs"], json::array({"", "3f1c6a2e-5b7d-4c1e-9a0b-00000000a002"})) << k.dump();
}

TEST(MessageHandler, UnparseableIsAnErrorWithAReason) {
  streams::MessageHandler handler("test worker", nullptr);
  for (const char* payload : {"", "hello", "%PDF-1.4 a scanned remittance advice"}) {
    streams::VerdictRecord v = handler.Screen(Bundled(), {"bad", payload, "2-0"});
    EXPECT_EQ(v.verdict, Verdict::kError) << payload;
    EXPECT_FALSE(v.dead_letter.empty()) << payload;
    auto j = json::parse(v.json);
    EXPECT_EQ(j["verdict"], "ERROR");
    EXPECT_FALSE(j["errors"].empty());
  }
  // A cut-off MT header is a message with a format fault: held for review, never passed.
  streams::VerdictRecord cut = handler.Screen(Bundled(), {"cut", "{1:F01TESTGB2LAXXX0000000000}{2:I103", "2-1"});
  EXPECT_EQ(cut.verdict, Verdict::kReview);
  EXPECT_NE(cut.json.find("format"), std::string::npos) << cut.json;
  // Two messages in one entry (an RJE batch) are not screened as one.
  std::string two = Mt103(1, "A B", "C D") + "$" + Mt103(2, "E F", "G H");
  streams::VerdictRecord v = handler.Screen(Bundled(), {"two", two, "3-0"});
  EXPECT_EQ(v.verdict, Verdict::kError);
  EXPECT_NE(v.dead_letter.find("2 messages"), std::string::npos) << v.dead_letter;
  // An entry that holds no message says why in its verdict, not just that the payload is empty.
  streams::BusMessage none{"none", "", "4-0", "entry 4-0 has no 'payload' field"};
  streams::VerdictRecord n = handler.Screen(Bundled(), none);
  EXPECT_EQ(n.verdict, Verdict::kError);
  EXPECT_EQ(n.dead_letter, none.unreadable);
  EXPECT_NE(json::parse(n.json)["errors"].dump().find("has no 'payload' field"), std::string::npos) << n.json;
}

// A name split across option F name lines made the screening throw: the worker stopped, and
// restarted on the same pending entry for ever. The message gets its verdict; the next one too.
TEST(MessageHandler, ANameSplitAcrossOptionFLinesGetsItsVerdict) {
  streams::MessageHandler handler("test worker", nullptr);
  std::string split = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\n:20:REF1\n:23B:CRED\n:32A:261128USD25000,00\n"
                      ":50K:/GB29NWBK60161331926819\nNORTHWIND TRADING LIMITED\nLONDON GB\n:71A:SHA\n"
                      ":59F:/DE44\n1/VLADIMIR\n1/PUTIN\n3/RU/MOSCOW\n-}";
  streams::VerdictRecord v;
  ASSERT_NO_THROW(v = handler.Screen(Bundled(), {"split", split, "6-0"}));
  EXPECT_EQ(v.verdict, Verdict::kReview) << v.json;
  streams::VerdictRecord next = handler.Screen(Bundled(), {"next", Mt103(7, "A B", "C D"), "6-1"});
  EXPECT_NE(next.verdict, Verdict::kError) << next.json;
}

// A JSON payload is one party to screen or a trade transaction, told apart by its keys.
TEST(MessageHandler, JsonPartiesAndTransactions) {
  streams::MessageHandler handler("test worker", nullptr);
  streams::VerdictRecord putin = handler.Screen(Bundled(), {"p-1", R"({"name": "Vladimir Putin", "type": "person"})", "5-0"});
  EXPECT_EQ(putin.verdict, Verdict::kReview) << putin.json;
  ASSERT_FALSE(putin.alert_hits.empty());
  EXPECT_EQ(putin.alert_hits[0].entity_id, "ofac-sdn:35096");
  auto j = json::parse(putin.json);
  EXPECT_EQ(j["kind"], "party");
  EXPECT_EQ(j["verdict"], "REVIEW");
  EXPECT_EQ(j["message_id"], "p-1");
  EXPECT_EQ(json::parse(putin.input_json)["party"]["name"], "Vladimir Putin");

  streams::VerdictRecord clear = handler.Screen(Bundled(), {"p-2", R"({"name": "Mueller Armaturen GmbH"})", "5-1"});
  EXPECT_EQ(clear.verdict, Verdict::kPass) << clear.json;
  EXPECT_TRUE(clear.alert_hits.empty());

  // The listed vessel's own IMO number: a block, not a review.
  streams::VerdictRecord imo = handler.Screen(Bundled(), {"p-3", R"({"name": "Ebano", "type": "vessel", "id": "IMO 7406784"})", "5-2"});
  EXPECT_EQ(imo.verdict, Verdict::kBlock) << imo.json;

  std::string tx = R"({"id": "TX-1", "parties": [{"role": "seller", "name": "Mueller Armaturen GmbH", "country": "DE"},
                       {"role": "buyer", "name": "Vladimir Putin", "country": "FR"}],
                       "goods": [{"hs_code": "8481.80", "value": 1000}]})";
  streams::VerdictRecord trade = handler.Screen(Bundled(), {"t-1", tx, "5-3"});
  EXPECT_NE(trade.verdict, Verdict::kPass) << trade.json;
  EXPECT_NE(trade.verdict, Verdict::kError) << trade.json;
  EXPECT_EQ(json::parse(trade.json)["kind"], "trade");
  ASSERT_FALSE(trade.alert_hits.empty());
  EXPECT_EQ(trade.alert_hits[0].entity_id, "ofac-sdn:35096");

  // Bad JSON payloads are errors naming the field, dead-lettered, never PASS.
  for (const auto& [payload, reason] : std::vector<std::pair<std::string, std::string>>{
           {R"({"name": 5})", "payload.name"},
           {R"({"name": "A B", "dob": "someday"})", "payload.dob"},
           {R"({"amount": 5})", "neither a trade transaction"},
           {R"({"name": "A B",)", "not a JSON object (not valid JSON at line 1, column 16)"},
           {R"({"parties": []})", "parties"}}) {
    streams::VerdictRecord v = handler.Screen(Bundled(), {"bad", payload, "6-0"});
    EXPECT_EQ(v.verdict, Verdict::kError) << payload;
    EXPECT_NE(v.dead_letter.find(reason), std::string::npos) << payload << ": " << v.dead_letter;
    EXPECT_EQ(json::parse(v.json)["verdict"], "ERROR") << payload;
  }
}

// Regression: a trade bound for Tehran with a CHPL code and no listed party, screened BLOCK from
// the bus, was recorded as clear with no alert: the worker raised alerts only for hits on a listed
// record. The record keeps the verdict and the finding raises an alert ("finding:" and where it
// was found); an MT103 naming Sevastopol the same.
TEST(MessageHandler, BlocksAndReviewsWithoutAListedPartyAreRecordedWithAnAlert) {
  std::string store_path = ::testing::TempDir() + "/handler_findings_" + std::to_string(getpid()) + ".db";
  auto store = DecisionStore::Open(store_path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  streams::MessageHandler handler("test worker", store->get());
  const std::string source = EMBARGO_SOURCE_DIR;
  json tx = json::parse(Slurp(source + "/examples/trade/eu_us_valves_clean.json"));
  tx["goods"][0]["hs_code"] = "8542.31";
  tx["route"]["destination"] = {{"city", "Tehran"}, {"country", "IR"}};
  std::map<std::string, std::string> verdicts;
  for (const auto& [id, payload] : std::vector<std::pair<std::string, std::string>>{
           {"tehran", tx.dump()}, {"sevastopol", Slurp(source + "/tests/payments/testdata/mt103_sevastopol.txt")}}) {
    streams::VerdictRecord v = handler.Screen(Bundled(), {id, payload, "7-0"});
    ASSERT_NE(v.verdict, Verdict::kPass) << id << ": " << v.json;
    if (id == "tehran") {
      EXPECT_EQ(v.verdict, Verdict::kBlock) << v.json;
    }
    ASSERT_TRUE(handler.Record(Bundled(), v).ok()) << id;
    verdicts[id] = VerdictName(v.verdict);
  }
  std::map<std::string, json> recorded;  // by message id
  ASSERT_TRUE((*store)->ExportAudit("", "", [&](const AuditRecord& r) {
    if (r.kind != "screening") return Status::Ok();
    json content = json::parse(r.content);
    recorded[content["input"].value("message_id", "")] = content;
    return Status::Ok();
  }).ok());
  ASSERT_EQ(recorded.size(), 2u);
  for (const auto& [id, content] : recorded) {
    EXPECT_EQ(content["verdict"], "alert") << id << ": never filed as clear: " << content.dump();
    EXPECT_EQ(content["screening_verdict"], verdicts[id]) << id;
    EXPECT_FALSE(content["alerts"].empty()) << id;
  }
  bool route = false;
  for (const json& a : recorded["tehran"]["alerts"])
    route = route || a["entity_id"] == "finding:route.destination.country (geo)";
  EXPECT_TRUE(route) << recorded["tehran"]["alerts"].dump();
  auto rep = (*store)->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

// A message id that is not UTF-8 text (Latin-1 "INV-é") can be neither recorded nor published as
// JSON: ERROR, a dead letter naming the field, the id shown with the byte as \xNN; never screened.
TEST(MessageHandler, IdThatIsNotUtf8IsAnErrorNamingTheField) {
  streams::MessageHandler handler("test worker", nullptr);
  for (std::string id : {std::string("INV-\xe9"), std::string("INV-\0-1", 7)}) {
    streams::VerdictRecord v = handler.Screen(Bundled(), {id, R"({"name": "Maria Lindqvist"})", "5-0"});
    EXPECT_EQ(v.verdict, Verdict::kError);
    EXPECT_NE(v.dead_letter.find("field 'id'"), std::string::npos) << v.dead_letter;
    EXPECT_NE(v.dead_letter.find("not UTF-8 text"), std::string::npos) << v.dead_letter;
    auto j = json::parse(v.json);
    EXPECT_EQ(j["verdict"], "ERROR");
    EXPECT_EQ(j["message_id"], v.message_id);
  }
  EXPECT_EQ(handler.Screen(Bundled(), {"INV-\xe9", "{}", "5-0"}).message_id, "INV-\\xE9");
}

// Verdicts carry lists_stale as serve's answers do: true once a list is older than the maximum
// age (the bundled lists are years old), false without a maximum.
TEST(MessageHandler, VerdictsSayWhetherTheListsAreStale) {
  const std::string clean = R"({"name": "Maria Lindqvist"})";
  auto fresh = json::parse(streams::MessageHandler("test worker", nullptr).Screen(Bundled(), {"s1", clean, "1-0"}).json);
  EXPECT_EQ(fresh["lists_stale"], false);
  auto stale = json::parse(streams::MessageHandler("test worker", nullptr, 24).Screen(Bundled(), {"s2", clean, "1-0"}).json);
  EXPECT_EQ(stale["lists_stale"], true);
  EXPECT_TRUE(Bundled().ListsStale(24, std::time(nullptr)));
  EXPECT_FALSE(Bundled().ListsStale(0, std::time(nullptr)));
}

// Under --route-by-verdict a PASS on stale lists went to the pass route: it is no clear of the
// lists in force today, so it goes to review; a redelivery, given the first verdict, follows it.
TEST(MessageHandler, APassOnStaleListsIsRoutedToReview) {
  streams::WorkerOptions options;
  options.to.name = "out";
  options.route_by_verdict = true;
  const streams::BusMessage clean{"st-1", R"({"name": "Maria Lindqvist"})", "1-0"};
  streams::VerdictRecord fresh = streams::MessageHandler("test worker", nullptr).Screen(Bundled(), clean);
  ASSERT_EQ(fresh.verdict, Verdict::kPass);
  EXPECT_EQ(streams::VerdictDestination(options, fresh), "out-pass");
  std::string store_path = ::testing::TempDir() + "/handler_stale_" + std::to_string(getpid()) + ".db";
  auto store = DecisionStore::Open(store_path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  streams::MessageHandler stale_handler("test worker", store->get(), 24);
  streams::VerdictRecord stale = stale_handler.Screen(Bundled(), clean);
  ASSERT_TRUE(stale_handler.Record(Bundled(), stale).ok());
  EXPECT_EQ(stale.verdict, Verdict::kPass);
  EXPECT_TRUE(stale.lists_stale);
  EXPECT_EQ(streams::VerdictDestination(options, stale), "out-review");
  streams::VerdictRecord again = streams::MessageHandler("test worker", store->get()).Screen(Bundled(), clean);
  EXPECT_EQ(streams::VerdictDestination(options, again), "out-pass");  // screened on lists not stale
  ASSERT_TRUE(streams::MessageHandler("test worker", store->get()).Record(Bundled(), again).ok());
  EXPECT_TRUE(again.redelivered);
  EXPECT_EQ(streams::VerdictDestination(options, again), "out-review");
  options.route_by_verdict = false;
  EXPECT_EQ(streams::VerdictDestination(options, stale), "out");
}

// A batch the store refuses because of one message (PostgreSQL refuses bytes that are not UTF-8)
// is recorded message by message: the others are recorded, the one refused gets an ERROR verdict
// and a dead letter naming it and the store's words, recorded in its place.
TEST(MessageHandler, OneMessageTheStoreRefusesIsSetAsideAndTheOthersRecorded) {
  std::string target = testing_store::FreshStore("postgres", "refused");
  if (target.empty()) GTEST_SKIP() << "no PostgreSQL (scripts/pg-test-server.sh)";
  auto store = DecisionStore::Open(target);
  ASSERT_TRUE(store.ok()) << store.status().message();
  streams::MessageHandler handler("test worker", store->get());
  std::vector<streams::VerdictRecord> batch;
  for (const char* id : {"r-1", "r-2", "r-3"}) batch.push_back(handler.Screen(Bundled(), {id, R"({"name": "Maria Lindqvist"})", "1-0"}));
  batch[1].message_id = "r-\xe9";  // past Screen's check: the store is the one to refuse it
  size_t set_aside = 0;
  Status s = handler.RecordEach(Bundled(), batch, &set_aside);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(set_aside, 1u);
  EXPECT_EQ(batch[0].verdict, Verdict::kPass);
  EXPECT_EQ(batch[2].verdict, Verdict::kPass);
  EXPECT_EQ(batch[1].verdict, Verdict::kError);
  EXPECT_EQ(batch[1].message_id, "r-\\xE9");
  EXPECT_NE(batch[1].dead_letter.find("message r-\\xE9 could not be recorded"), std::string::npos) << batch[1].dead_letter;
  EXPECT_EQ(json::parse(batch[1].json)["verdict"], "ERROR");
  int screenings = 0;
  ASSERT_TRUE((*store)->ExportAudit("", "", [&](const AuditRecord& r) {
    screenings += r.kind == "screening";
    return Status::Ok();
  }).ok());
  EXPECT_EQ(screenings, 3);
}

// The store's connection lost (the server restarted, the session was ended): the next attempt
// fails, the one after opens a new connection and records.
TEST(MessageHandler, ReconnectsToTheStoreAfterTheConnectionIsLost) {
  std::string target = testing_store::FreshStore("postgres", "reconnect");
  if (target.empty()) GTEST_SKIP() << "no PostgreSQL (scripts/pg-test-server.sh)";
  auto store = DecisionStore::Open(target);
  ASSERT_TRUE(store.ok()) << store.status().message();
  streams::MessageHandler handler("test worker", nullptr);
  handler.OwnStore(std::move(*store), [target] { return DecisionStore::Open(target); });
  streams::VerdictRecord first = handler.Screen(Bundled(), {"c-1", R"({"name": "Maria Lindqvist"})", "1-0"});
  ASSERT_TRUE(handler.Record(Bundled(), first).ok());
  std::string db = target.substr(target.rfind('/') + 1);
  std::string ended = testing_store::PgExec(testing_store::PostgresServerUri(),
                                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" +
                                                db + "' AND pid <> pg_backend_pid()");
  EXPECT_EQ(ended, "=1");
  streams::VerdictRecord second = handler.Screen(Bundled(), {"c-2", R"({"name": "Maria Lindqvist"})", "2-0"});
  Status s = handler.Record(Bundled(), second);
  for (int attempt = 0; !s.ok() && attempt < 5; ++attempt) {
    EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.message();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    s = handler.Record(Bundled(), second);
  }
  EXPECT_TRUE(s.ok()) << s.message();
}

TEST(KafkaSettings, FileLinesPassThroughAndDeliverySettingsAreRefused) {
  std::string path = ::testing::TempDir() + "/kafka_" + std::to_string(getpid()) + ".conf";
  auto write = [&](const std::string& text) { std::ofstream(path, std::ios::trunc) << text; };
  write("# TLS and SASL to the bank's brokers\nsecurity.protocol = SASL_SSL\nsasl.mechanisms=SCRAM-SHA-512\n\n"
        "sasl.username = embargo\nsasl.password = s3cr=t\n");
  auto ok = streams::ReadKafkaSettings(path);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->size(), 4u);
  EXPECT_EQ(ok->at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(ok->at("sasl.password"), "s3cr=t");
  write("security.protocol = SSL\nenable.auto.commit = true\n");
  auto refused = streams::ReadKafkaSettings(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find(path + ":2"), std::string::npos) << refused.status().message();
  EXPECT_NE(refused.status().message().find("enable.auto.commit"), std::string::npos);
  // librdkafka's aliases of the refused settings are refused too.
  for (const char* alias : {"metadata.broker.list", "request.required.acks", "auto.commit.enable"}) {
    write("security.protocol = SSL\n" + std::string(alias) + " = 1\n");
    auto aliased = streams::ReadKafkaSettings(path);
    ASSERT_FALSE(aliased.ok()) << alias;
    EXPECT_NE(aliased.status().message().find(path + ":2: " + alias), std::string::npos) << aliased.status().message();
  }
  write("security.protocol SSL\n");
  auto bad = streams::ReadKafkaSettings(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find(path + ":1: expected key = value"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(streams::ReadKafkaSettings(path + ".missing").ok());
}

// What librdkafka refuses was named only when the worker started, without file or line, and a
// key given twice took its last value silently.
TEST(KafkaSettings, WhatLibrdkafkaRefusesIsNamedByFileAndLine) {
  std::string path = ::testing::TempDir() + "/kafka_refused_" + std::to_string(getpid()) + ".conf";
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"security.protocol = SSL\nno.such.setting = 1\n", ":2: no.such.setting: No such configuration property"},
      {"# brokers\n\nsecurity.protocol = plaintextx\n", ":3: security.protocol: Invalid value"},
      {"socket.timeout.ms = soon\n", ":1: socket.timeout.ms: Invalid value"},
      {"sasl.username = a\nsasl.username = b\n", ":2: sasl.username is set twice"},
  };
  for (const Case& c : cases) {
    std::ofstream(path, std::ios::trunc) << c.text;
    auto read = streams::ReadKafkaSettings(path);
    ASSERT_FALSE(read.ok()) << c.text;
    EXPECT_NE(read.status().message().find(path + c.error), std::string::npos) << read.status().message();
  }
}

// Regression: librdkafka's aliases escaped the check of a key given twice (`sasl.mechanisms` and
// `sasl.mechanism` set one property; the line read last won). Each pair librdkafka documents as
// an alias and the property it sets are one key.
TEST(KafkaSettings, AnAliasAndItsPropertyAreOneKey) {
  std::string path = ::testing::TempDir() + "/kafka_alias_" + std::to_string(getpid()) + ".conf";
  struct Pair {
    const char *alias, *property, *value;
  } pairs[] = {{"sasl.mechanism", "sasl.mechanisms", "PLAIN"},
               {"max.in.flight", "max.in.flight.requests.per.connection", "5"},
               {"max.partition.fetch.bytes", "fetch.message.max.bytes", "1048576"},
               {"linger.ms", "queue.buffering.max.ms", "5"},
               {"retries", "message.send.max.retries", "3"},
               {"compression.type", "compression.codec", "none"},
               {"delivery.timeout.ms", "message.timeout.ms", "300000"}};
  for (const Pair& p : pairs)
    for (auto [first, second] : {std::pair{p.property, p.alias}, std::pair{p.alias, p.property}}) {
      std::ofstream(path, std::ios::trunc) << "# brokers\n" << first << " = " << p.value << "\n" << second << " = " << p.value << "\n";
      auto read = streams::ReadKafkaSettings(path);
      ASSERT_FALSE(read.ok()) << first << " then " << second;
      EXPECT_NE(read.status().message().find(path + ":3: " + second + " is set twice"), std::string::npos)
          << read.status().message();
      EXPECT_NE(read.status().message().find(first), std::string::npos) << read.status().message();
    }
}

// Regression: plugin.library.paths loaded its plugin while the file was checked: validation ran
// code named in the file. The plugin is now loaded only for the worker's clients; the other
// settings are still checked, without it.
TEST(KafkaSettings, PluginIsNotLoadedWhileTheFileIsChecked) {
  std::string path = ::testing::TempDir() + "/kafka_plugin_" + std::to_string(getpid()) + ".conf";
  std::string mark = ::testing::TempDir() + "/kafka_plugin_" + std::to_string(getpid()) + ".loaded";
  std::filesystem::remove(mark);
  setenv("EMBARGO_KAFKA_TEST_PLUGIN_MARK", mark.c_str(), 1);
  std::ofstream(path, std::ios::trunc) << "plugin.library.paths = " << EMBARGO_KAFKA_TEST_PLUGIN << "\nlinger.ms = 5\n";
  auto read = streams::ReadKafkaSettings(path);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->at("plugin.library.paths"), EMBARGO_KAFKA_TEST_PLUGIN);
  EXPECT_FALSE(std::filesystem::exists(mark)) << "the plugin was loaded while the file was checked";
  std::ofstream(path, std::ios::trunc) << "plugin.library.paths = " << EMBARGO_KAFKA_TEST_PLUGIN << "\nno.such.setting = 1\n";
  auto refused = streams::ReadKafkaSettings(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find(path + ":2: no.such.setting"), std::string::npos) << refused.status().message();
  EXPECT_FALSE(std::filesystem::exists(mark));
  unsetenv("EMBARGO_KAFKA_TEST_PLUGIN_MARK");
}

// A worker that would read its own verdicts or dead letters back as payments is refused at start.
TEST(WorkerOptions, VerdictsAndDeadLettersNeverGoToTheInput) {
  std::string dir = ::testing::TempDir() + "/loop" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  const std::string redis = "redis://127.0.0.1:9/", kafka = "kafka://127.0.0.1:9/";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--from", redis + "pay", "--to", redis + "pay"}, "--to"},
      {{"--from", redis + "pay", "--to", redis + "ver", "--dead-letter", "pay"}, "--dead-letter"},
      {{"--from", redis + "ver-dead-letter", "--to", redis + "ver"}, "--dead-letter"},
      {{"--from", redis + "ver-block", "--to", redis + "ver", "--route-by-verdict"}, "--route-by-verdict"},
      {{"--from", kafka + "pay", "--to", kafka + "pay"}, "--to"},
      // One server by two names: still the worker's own input.
      {{"--from", "redis://localhost:9/pay", "--to", redis + "pay"}, "the worker would screen its own verdicts"},
      {{"--from", "kafka://localhost:9/pay", "--to", kafka + "pay"}, "the worker would screen its own verdicts"},
      {{"--from", redis + "pay", "--to", "redis://127.0.0.1:10/ver"}, "--to must name the Redis server of --from"},
      {{"--from", "redis://:one@127.0.0.1:9/pay", "--to", "redis://:two@127.0.0.1:9/ver"}, "--to gives other Redis credentials"}};
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string log = dir + "/" + std::to_string(i) + ".log";
    pid_t worker = StartWorker(cases[i].first, log);
    // Not refused, a worker would wait for the bus: stopped after a while.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    siginfo_t info{};
    while (waitid(P_PID, worker, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (info.si_pid == 0) kill(worker, SIGKILL);
    EXPECT_EQ(WaitExit(worker), 2) << Slurp(log);
    std::string text = Slurp(log);
    EXPECT_NE(text.find(cases[i].second), std::string::npos) << text;
    EXPECT_NE(text.find("--from"), std::string::npos) << text;
  }
}

// A failed batch was tried again once a second for as long as the fault lasted; the wait now
// doubles from 1 s to 30 s and is 1 s again after a success; a stop cuts it short.
TEST(RetryBackoff, DoublesFromOneSecondToThirtyAndStartsAgainAfterASuccess) {
  streams::RetryBackoff backoff;
  std::vector<int64_t> delays;
  for (int i = 0; i < 7; ++i) delays.push_back(backoff.Next());
  EXPECT_EQ(delays, (std::vector<int64_t>{1000, 2000, 4000, 8000, 16000, 30000, 30000}));
  backoff.Reset();
  EXPECT_EQ(backoff.Next(), 1000);
  streams::WorkerSignals signals;
  signals.stop = true;
  auto start = std::chrono::steady_clock::now();
  streams::SleepUnlessStopped(30000, signals);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

// The bundled lists of `folders` only, as an Engine.
std::shared_ptr<const streams::Engine> EngineOf(const std::set<std::string>& folders) {
  std::vector<std::string> skip;
  for (const auto& f : std::filesystem::directory_iterator(std::string(EMBARGO_SOURCE_DIR) + "/data/lists"))
    if (f.is_directory() && !folders.contains(f.path().filename().string())) skip.push_back(f.path().filename().string());
  auto lists = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists", skip);
  EXPECT_TRUE(lists.ok()) << lists.status().message();
  return *streams::Engine::Build(std::move(Screener::Build(std::move(*lists))).value(), kDefaultThreshold);
}

// Regression: a reload loaded the new lists on the worker's loop (about 8 s with every list), and
// no message was screened meanwhile. Refresh now starts the load aside and returns; the lists in
// force stay until the new ones are loaded and checked, and a later Refresh (between batches)
// switches to them.
TEST(EngineSource, ReloadsAsideAndSwitchesOnceTheNewListsAreReady) {
  auto un = EngineOf({"un"}), more = EngineOf({"un", "bis-dpl"});
  ASSERT_NE(un->version(), more->version());
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  int loads = 0;
  streams::EngineSource engines(
      [&]() -> StatusOr<std::shared_ptr<const streams::Engine>> {
        std::unique_lock<std::mutex> lock(mu);
        if (loads++ == 0) return un;
        cv.wait_for(lock, std::chrono::seconds(10), [&] { return released; });  // a slow load
        return more;
      },
      nullptr, 0);
  ASSERT_TRUE(engines.Start().ok());
  auto start = std::chrono::steady_clock::now();
  engines.Refresh(true);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2)) << "the reload held the loop";
  engines.Refresh(false);
  EXPECT_EQ(engines.current()->version(), un->version()) << "switched before the new lists were loaded";
  {
    std::lock_guard<std::mutex> lock(mu);
    released = true;
  }
  cv.notify_all();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (engines.current() != more && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    engines.Refresh(false);
  }
  EXPECT_EQ(engines.current()->version(), more->version());
  EXPECT_EQ(engines.failed_reloads(), 0);
}

// A load that fails aside keeps the lists in force, counted and named, as a load on the loop did.
TEST(EngineSource, AFailedLoadAsideKeepsTheListsInForce) {
  auto un = EngineOf({"un"});
  int loads = 0;
  streams::EngineSource engines(
      [&]() -> StatusOr<std::shared_ptr<const streams::Engine>> {
        if (loads++ == 0) return un;
        return Status::DataLoss("un/consolidated.xml.gz: truncated");
      },
      nullptr, 0);
  ASSERT_TRUE(engines.Start().ok());
  engines.Refresh(true);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (engines.failed_reloads() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    engines.Refresh(false);
  }
  EXPECT_EQ(engines.failed_reloads(), 1);
  EXPECT_EQ(engines.current()->version(), un->version());
  EXPECT_NE(engines.reload_error().find("loading lists: un/consolidated.xml.gz: truncated"), std::string::npos)
      << engines.reload_error();
}

// The lists' versions are probed once a poll interval, not on every batch, and a probe that finds
// them unchanged loads nothing; one that finds them changed loads the new lists aside.
TEST(EngineSource, ProbesOncePerIntervalAndLoadsOnlyWhatChanged) {
  auto un = EngineOf({"un"}), more = EngineOf({"un", "bis-dpl"});
  std::string versions = "v1";
  int probes = 0, loads = 0;
  streams::EngineSource engines(
      [&]() -> StatusOr<std::shared_ptr<const streams::Engine>> { return loads++ == 0 ? un : more; },
      [&]() -> StatusOr<std::string> {
        ++probes;
        return versions;
      },
      1000);  // ms; long enough that a loaded machine switches within it
  ASSERT_TRUE(engines.Start().ok());
  EXPECT_EQ(probes, 1);
  engines.Refresh(false);
  EXPECT_EQ(probes, 1) << "probed before the interval was over";
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  engines.Refresh(false);
  EXPECT_EQ(probes, 2);
  EXPECT_EQ(loads, 1) << "loaded again with the versions unchanged";
  versions = "v2";
  engines.Refresh(false);
  EXPECT_EQ(probes, 2) << "probed again within the interval";
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (engines.current() != more && std::chrono::steady_clock::now() < deadline) {
    engines.Refresh(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(engines.current()->version(), more->version());
  EXPECT_EQ(probes, 3);
  EXPECT_EQ(loads, 2);
}

// Regression: a PASS on stale lists (routed to review) was counted as a PASS, as if cleared on
// today's lists; verdicts are now counted by whether their lists were stale too.
TEST(WorkerMetrics, VerdictsOnStaleListsAreCountedApart) {
  streams::WorkerMetrics metrics;
  streams::VerdictRecord fresh, stale;
  fresh.verdict = stale.verdict = Verdict::kPass;
  stale.lists_stale = true;
  metrics.Count(fresh, 1);
  metrics.Count(stale, 1);
  metrics.Count(stale, 1);
  std::string text = metrics.Render();
  EXPECT_NE(text.find("embargo_worker_messages_total{verdict=\"PASS\",lists_stale=\"false\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("embargo_worker_messages_total{verdict=\"PASS\",lists_stale=\"true\"} 2\n"), std::string::npos) << text;
  EXPECT_EQ(metrics.total(), 3);
}

// A --metrics-port in use: the error says why, not only where.
TEST(MetricsListenerTest, PortInUseSaysWhy) {
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(sock, 1), 0);
  getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  streams::WorkerMetrics metrics;
  auto listener = streams::MetricsListener::Start("127.0.0.1", port, metrics);
  close(sock);
  ASSERT_FALSE(listener.ok());
  EXPECT_NE(listener.status().message().find("cannot listen on 127.0.0.1:" + std::to_string(port) + ": Address already in use"),
            std::string::npos)
      << listener.status().message();
}

}  // namespace
}  // namespace embargo::streams_test
