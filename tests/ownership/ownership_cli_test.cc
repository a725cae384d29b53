// `embargo ownership` and `--ownership` on the screening commands, run as a user runs them, over
// the bundled lists: exit statuses, hits of kind ownership and their explanations, errors named.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <string>

#include "../cli/run_embargo.h"

namespace {

using embargo_test::Embargo;
using embargo_test::Outcome;

std::string Write(const std::string& name, const std::string& content) { return embargo_test::WriteTemp(name, content); }

// ofac-sdn:35096 is PUTIN, Vladimir Vladimirovich in the bundled SDN list (linked by id); the
// Rotenberg row names its owner only (linked by name to ofac-sdn:24183).
std::string Graph() {
  return Write("own_graph.csv",
               "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
               "ofac-sdn:35096,,acme,Zelenaya Roshcha Timber Holdings,50,2015-01-01,\n"
               "acme,,sub,Severny Kedr Logistics,100,2015-01-01,\n"
               "p-rot,\"ROTENBERG, Igor\",jv,Pechora Consolidated Mining,30,,\n"
               "p-x,Ivan Nobodyev,jv,Pechora Consolidated Mining,70,,\n"
               "ofac-sdn:35096,,old,Ladoga Paper Mill,90,2001-01-01,2010-12-31\n");
}

nlohmann::json Entity(const nlohmann::json& j, const std::string& id) {
  for (const auto& e : j["entities"])
    if (e["id"] == id) return e;
  return nullptr;
}

TEST(OwnershipCli, ListsEntitiesBlockedWithPathsAndRoots) {
  Outcome r = Embargo("ownership --ownership " + Graph() + " --as-of 2024-06-01 --format json");
  ASSERT_EQ(r.status, 1) << r.err << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["basis"]["rule"], "ofac");
  EXPECT_EQ(j["basis"]["as_of"], "2024-06-01");
  EXPECT_EQ(j["basis"]["graph"]["version"].get<std::string>().rfind("sha256:", 0), 0u);
  EXPECT_FALSE(j["basis"]["lists"].empty());
  auto acme = Entity(j, "acme"), sub = Entity(j, "sub");
  ASSERT_FALSE(acme.is_null()) << r.out;
  EXPECT_EQ(acme["status"], "blocked");
  EXPECT_EQ(acme["action"], "BLOCK");  // linked by id: certain
  EXPECT_EQ(acme["roots"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_EQ(acme["paths"][0]["share"], "50 %");
  ASSERT_FALSE(sub.is_null());
  EXPECT_EQ(sub["status"], "blocked");  // through acme, blocked by the rule in turn
  EXPECT_EQ(sub["roots"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_FALSE(sub["paths"][0]["via"].empty());
  EXPECT_NE(Entity(j, "jv")["status"], "blocked");   // 30 % by a blocked person: below the rule
  EXPECT_TRUE(Entity(j, "old").is_null());           // the holding ended in 2010
}

TEST(OwnershipCli, EuRuleNeedsMoreThanHalf) {
  Outcome r = Embargo("ownership --ownership " + Graph() + " --rule eu --as-of 2024-06-01 --format json");
  ASSERT_NE(r.status, 2) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["basis"]["rule"], "eu");
  EXPECT_EQ(j["blocked"], 0);
  auto acme = Entity(j, "acme");
  if (!acme.is_null()) {
    EXPECT_EQ(acme["status"], "review");
  }
}

TEST(OwnershipCli, TableNamesTheRuleAndTheChain) {
  Outcome r = Embargo("ownership --ownership " + Graph() + " --as-of 2024-06-01");
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("BLOCKED  sub  Severny Kedr Logistics"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("under the OFAC 50 % rule as of 2024-06-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ofac-sdn:35096"), std::string::npos);
}

TEST(OwnershipCli, ScreenReportsOwnedEntitiesAsHitsOfKindOwnership) {
  Outcome r = Embargo("screen 'Severny Kedr Logistics' --ownership " + Graph() + " --format json");
  ASSERT_EQ(r.status, 1) << r.err << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["hits"].empty()) << r.out;
  const auto& hit = j["hits"][0];
  EXPECT_EQ(hit["kind"], "ownership");
  EXPECT_EQ(hit["entity_id"], "ownership-ofac:sub");
  EXPECT_NE(hit["ownership"]["why"].get<std::string>().find("OFAC 50 % rule"), std::string::npos) << hit.dump();
  EXPECT_EQ(hit["ownership"]["roots"][0], "ofac-sdn:35096");
  // The results rest on the lists and on the graph: both versions are reported.
  bool graph_version = false;
  for (const auto& l : j["lists"])
    if (l["dataset"] == "ownership-ofac")
      graph_version = l["title"].get<std::string>().find("graph sha256:") != std::string::npos;
  EXPECT_TRUE(graph_version) << j["lists"].dump();

  Outcome plain = Embargo("screen 'Severny Kedr Logistics' --format json");
  EXPECT_EQ(plain.status, 0) << plain.out;  // without the graph it is on no list
}

// A trade transaction that passes against the lists does not once its buyer is found to be owned
// by a listed person: the trade screening sees the owned entities as one more list.
TEST(OwnershipCli, TradeBuyerOwnedByAListedPersonIsNoLongerAPass) {
  std::string tx = std::string(EMBARGO_SOURCE_DIR) + "/examples/trade/eu_us_valves_clean.json";
  std::string graph = Write("own_trade.csv",
                            "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
                            "ofac-sdn:35096,,hv,Hudson Valley Valve Supply Inc.,75,2015-01-01,\n");
  Outcome pass = Embargo("trade " + tx);
  ASSERT_EQ(pass.status, 0) << pass.out << pass.err;
  Outcome owned = Embargo("trade " + tx + " --ownership " + graph + " --format json");
  ASSERT_EQ(owned.status, 1) << owned.out << owned.err;
  EXPECT_NE(owned.out.find("ownership-ofac:hv"), std::string::npos) << owned.out;
}

// The decision store records the hit of kind ownership with the list versions and the graph's.
TEST(OwnershipCli, RecordedScreeningKeepsGraphAndListVersions) {
  std::string db = testing::TempDir() + "/own_decisions_" + std::to_string(getpid()) + ".db";
  std::remove(db.c_str());
  Outcome r = Embargo("screen 'Severny Kedr Logistics' --ownership " + Graph() + " --record --decision-store " + db +
                      " --customer-id C1");
  ASSERT_EQ(r.status, 1) << r.err;
  Outcome audit = Embargo("audit export --decision-store " + db);
  ASSERT_EQ(audit.status, 0) << audit.err;
  auto record = nlohmann::json::parse(audit.out.substr(0, audit.out.find('\n')));
  const auto& content = record["content"];
  EXPECT_EQ(content["alerts"][0]["entity_id"], "ownership-ofac:sub");
  bool sdn = false, graph = false;
  for (const auto& l : content["lists"]) {
    sdn |= l["dataset"] == "ofac-sdn";
    graph |= l["dataset"] == "ownership-ofac" && l["title"].get<std::string>().find("graph sha256:") != std::string::npos;
  }
  EXPECT_TRUE(sdn && graph) << content["lists"].dump();
  EXPECT_EQ(content["result"]["hits"][0]["kind"], "ownership");
  std::remove(db.c_str());
}

// A new graph version changes one entity's status: rescreening screens the customers against
// that entity alone, as it does for a changed list record.
TEST(OwnershipCli, RescreenAfterAGraphChangeScreensWhatChanged) {
  std::string db = testing::TempDir() + "/own_rescreen_" + std::to_string(getpid()) + ".db";
  std::remove(db.c_str());
  std::string customers = Write("own_customers.csv", "id,name\n1,Severny Kedr Logistics\n2,Todd Young\n");
  std::string graph2 = Write("own_graph2.csv",
                             "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
                             "ofac-sdn:35096,,acme,Zelenaya Roshcha Timber Holdings,50,2015-01-01,\n"
                             "acme,,sub,Severny Kedr Logistics,100,2015-01-01,\n"
                             "p-rot,\"ROTENBERG, Igor\",jv,Pechora Consolidated Mining,30,,\n"
                             "ofac-sdn:35096,,jv,Pechora Consolidated Mining,70,,\n");
  Outcome first = Embargo("rescreen --customers " + customers + " --decision-store " + db + " --ownership " + Graph());
  ASSERT_EQ(first.status, 1) << first.out << first.err;
  EXPECT_NE(first.out.find("1 new alert(s)"), std::string::npos) << first.out;
  Outcome second = Embargo("rescreen --customers " + customers + " --decision-store " + db + " --ownership " + graph2);
  ASSERT_NE(second.status, 2) << second.err;
  EXPECT_NE(second.out.find("0 list records added and 1 changed"), std::string::npos) << second.out;
  std::remove(db.c_str());
}

TEST(OwnershipCli, BatchScreensThroughTheGraphToo) {
  std::string in = Write("own_batch.csv", "id,name\n1,Zelenaya Roshcha Timber Holdings\n2,Todd Young\n");
  Outcome r = Embargo("batch --input " + in + " --ownership " + Graph());
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("\"kind\":\"ownership\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ownership-ofac:acme"), std::string::npos);
}

TEST(OwnershipCli, UnusableRecordsAreNamedAndNeverClear) {
  std::string bad = Write("own_bad.csv",
                          "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
                          "x,,y,Y Ltd,fifty,,\n");
  Outcome r = Embargo("ownership --ownership " + bad);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find("own_bad.csv:2"), std::string::npos) << r.err;
  Outcome screened = Embargo("screen 'Y Ltd' --ownership " + bad);  // was a warning and exit 0
  EXPECT_EQ(screened.status, 2) << screened.out;
  EXPECT_NE(screened.err.find("own_bad.csv:2"), std::string::npos) << screened.err;
  Outcome missing = Embargo("ownership");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("--ownership"), std::string::npos) << missing.err;
  Outcome rule = Embargo("screen X --ownership " + bad + " --ownership-rule us");
  EXPECT_EQ(rule.status, 2);
  std::string config = Write("own_bad.conf", "ownership_rule = nato\n");
  Outcome key = Embargo("config check " + config);
  EXPECT_EQ(key.status, 2);
  EXPECT_NE(key.err.find("own_bad.conf:1"), std::string::npos) << key.err;
  std::string gone = Write("own_gone.conf", "ownership = /nonexistent/graph.csv\n");
  Outcome missing_graph = Embargo("config check " + gone);
  EXPECT_EQ(missing_graph.status, 2);
  EXPECT_NE(missing_graph.err.find("/nonexistent/graph.csv"), std::string::npos) << missing_graph.err;
}

// The owned entity's name in Windows-1252 would match nothing: screening through it is not clear.
TEST(OwnershipCli, NameNotUtf8IsRefusedAndNeverClear) {
  std::string graph = Write("own_latin1.csv",
                            "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
                            "ofac-sdn:35096,,z,Soci\xe9t\xe9 G\xe9n\xe9rale d'\xc9nergie,100,,\n");
  Outcome r = Embargo("screen \"Societe Generale d'Energie\" --ownership " + graph);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("own_latin1.csv:2: asset_name: not valid UTF-8"), std::string::npos) << r.err;
}

// An owner id no list record has (a misspelt prefix, a list not loaded) cannot be screened: what it
// holds is unknown, so neither the ownership result nor a screening through the graph is clear.
TEST(OwnershipCli, OwnerThatCannotBeScreenedIsNeverClear) {
  for (const std::string id : {"OFAC-SDN:35096", "eu-fsf:13"}) {
    std::string graph = Write("own_unknown_owner.csv", "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n" +
                                                           id + ",,q,Quebec Holdings,100,,\n");
    Outcome own = Embargo("ownership --ownership " + graph + " --as-of 2024-06-01");
    EXPECT_EQ(own.status, 2) << id << own.out << own.err;
    EXPECT_NE(own.err.find("own_unknown_owner.csv:2: owner '" + id + "' has no entity record"), std::string::npos)
        << own.err;
    Outcome screen = Embargo("screen 'Quebec Holdings' --ownership " + graph);
    EXPECT_EQ(screen.status, 2) << id << screen.out << screen.err;
    EXPECT_NE(screen.err.find("screening through it would be incomplete"), std::string::npos) << screen.err;
    Outcome allowed = Embargo("screen 'Quebec Holdings' --ownership " + graph + " --allow-shrink");
    EXPECT_EQ(allowed.status, 0) << id << allowed.out << allowed.err;
    EXPECT_NE(allowed.err.find("loaded with --allow-shrink although 1 records not used"), std::string::npos)
        << allowed.err;
  }
}

int FreePort() {
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  close(sock);
  return ntohs(addr.sin_port);
}

// The config keys name the graph and the rule; /v1/screen reports the owned entity as a hit of
// kind ownership.
TEST(OwnershipCli, ServerScreensThroughTheConfiguredGraph) {
  int port = FreePort();
  std::string config = Write("own_serve.conf", "port = " + std::to_string(port) + "\nownership = " + Graph() +
                                                   "\nownership_rule = ofac\n");
  std::string log = testing::TempDir() + "/own_serve_" + std::to_string(getpid()) + ".log";
  std::string pid_file = log + ".pid";
  std::system((std::string(EMBARGO_BINARY) + " --config " + config + " serve --no-auth 2>" + log + " & echo $! >" +
               pid_file).c_str());
  std::string text;
  int pid = 0;
  // Until it listens or stops (warnings about the lists come first).
  for (int i = 0; i < 600 && text.find("listening") == std::string::npos && (pid == 0 || kill(pid, 0) == 0); ++i) {
    usleep(100000);
    std::ifstream in(log), pid_in(pid_file);
    text.assign(std::istreambuf_iterator<char>(in), {});
    pid_in >> pid;
  }
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30);
  auto res = c.Post("/v1/screen", R"({"name": "Zelenaya Roshcha Timber Holdings"})", "application/json");
  if (pid > 0) kill(pid, SIGTERM);
  ASSERT_TRUE(res) << text;
  ASSERT_EQ(res->status, 200) << res->body;
  auto j = nlohmann::json::parse(res->body);
  EXPECT_TRUE(j["alert"].get<bool>());
  ASSERT_FALSE(j["hits"].empty()) << res->body;
  EXPECT_EQ(j["hits"][0]["kind"], "ownership");
  EXPECT_EQ(j["hits"][0]["entity_id"], "ownership-ofac:acme");
}

}  // namespace
