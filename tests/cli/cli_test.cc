// The embargo command as a user runs it: exit codes, output shapes and errors naming their cause.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "run_embargo.h"

namespace {

using embargo_test::Embargo;
using embargo_test::Outcome;

std::string Write(const std::string& name, const std::string& content) {
  std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path) << content;
  return path;
}

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(Cli, ScreenJsonAlertsWithExplainedHits) {
  Outcome r = Embargo("screen 'Vladimir Putin' --format json");
  ASSERT_EQ(r.status, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["alert"].get<bool>());
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_EQ(j["hits"][0]["schema"], "Person");
  EXPECT_EQ(j["hits"][0]["matched_name"], "PUTIN, Vladimir");  // an SDN alias (alt.csv)
  EXPECT_FALSE(j["hits"][0]["explanation"]["tokens"].empty());
}

TEST(Cli, ScreenWithoutAlertExitsZero) {
  Outcome r = Embargo("screen 'Todd Young' --type person");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("no alert"), std::string::npos);
}

TEST(Cli, BadArgumentsAreErrorsNamingTheField) {
  Outcome empty = Embargo("screen '   '");
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("name"), std::string::npos);
  Outcome dob = Embargo("screen Putin --dob yesterday");
  EXPECT_EQ(dob.status, 2);
  EXPECT_NE(dob.err.find("dob"), std::string::npos);
  Outcome country = Embargo("screen Putin --country Atlantis");
  EXPECT_EQ(country.status, 2);
  EXPECT_NE(country.err.find("country"), std::string::npos);
  Outcome lists = Embargo("--lists /nonexistent/lists screen Putin");
  EXPECT_EQ(lists.status, 2);
  EXPECT_NE(lists.err.find("/nonexistent/lists"), std::string::npos);
}

TEST(Cli, BatchKeepsOrderAndReportsBadRowsInPlace) {
  std::string in = Write("batch.csv",
                         "id,name,type,extra\n"
                         "a,Vladimir Putin,person,x\n"
                         "b,,person,x\n"
                         "c,Todd Young,person,x\n"
                         "d,Igor Rotenberg,planet,x\n"
                         "e,too,few\n"
                         "f,\"ROTENBERG, Igor\",person,x\n");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 1) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u);
  std::vector<std::string> ids;
  for (const auto& l : lines) ids.push_back(l["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  EXPECT_TRUE(lines[0]["alert"].get<bool>());
  EXPECT_EQ(lines[0]["hits"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_NE(lines[1]["error"].get<std::string>().find("batch.csv:3"), std::string::npos);
  EXPECT_NE(lines[1]["error"].get<std::string>().find("name"), std::string::npos);
  EXPECT_FALSE(lines[2]["alert"].get<bool>());
  EXPECT_NE(lines[3]["error"].get<std::string>().find("type"), std::string::npos);
  EXPECT_NE(lines[4]["error"].get<std::string>().find("batch.csv:6"), std::string::npos);
  EXPECT_EQ(lines[5]["hits"][0]["entity_id"], "ofac-sdn:24183");
}

TEST(Cli, BatchNeedsIdAndNameColumns) {
  std::string in = Write("noname.csv", "id,fullname\n1,x\n");
  Outcome r = Embargo("batch --input " + in);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("noname.csv:1"), std::string::npos);
  Outcome missing = Embargo("batch --input /nonexistent.csv");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("/nonexistent.csv"), std::string::npos);
}

TEST(Cli, ComparePairsOneLinePerPairErrorsInPlace) {
  std::string pairs = Write("pairs.jsonl",
      R"({"left": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"]}}, "right": {"schema": "Person", "properties": {"name": ["PUTIN, Vladimir Vladimirovich"], "birthDate": ["1952-10-07"]}}})" "\n"
      "{not json\n"
      R"({"left": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"]}}, "right": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1981-02-11"]}}})" "\n");
  Outcome r = Embargo("compare --pairs " + pairs);
  EXPECT_EQ(r.status, 2);  // one line was malformed
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(lines[0]["match"].get<bool>());
  EXPECT_NE(lines[1]["error"].get<std::string>().find("pairs.jsonl:2"), std::string::npos);
  EXPECT_FALSE(lines[2]["match"].get<bool>());  // same name, contradicting birth date
}

TEST(Cli, ListsShowsEveryBundledList) {
  Outcome r = Embargo("lists --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, size_t> counts;
  for (const auto& l : j) counts[l["dataset"]] = l["entities"];
  EXPECT_EQ(counts["ofac-sdn"], 14965u);
  EXPECT_EQ(counts["ofac-cons"], 442u);
  EXPECT_EQ(counts["un"], 1003u);
}

TEST(Cli, UnusableListFileIsAnErrorNamingIt) {
  std::string dir = testing::TempDir() + "/badlists";
  std::system(("mkdir -p " + dir).c_str());
  std::ofstream(dir + "/consolidated.xml") << "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>";
  Outcome r = Embargo("--lists " + dir + " screen Putin");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("consolidated.xml"), std::string::npos) << r.err;
}

}  // namespace

namespace {

TEST(Cli, ConfigFileSetsListsAndThreshold) {
  std::string config = Write("embargo.conf", "# test\nlists = " EMBARGO_SOURCE_DIR "/data/lists\nthreshold = 0.99\n");
  Outcome strict = Embargo("--config " + config + " screen 'Vladimir Putine'");
  EXPECT_EQ(strict.status, 0) << strict.out << strict.err;  // 0.89 is under 0.99: no alert
  std::string bad = Write("bad.conf", "threshold = lots\n");
  Outcome r = Embargo("--config " + bad + " screen Putin");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad.conf:1"), std::string::npos) << r.err;
}

// The server takes host, port and the API key file from the config file; the command line wins.
TEST(Cli, ConfigFileSetsServeHostPortAndKeys) {
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(sock);
  std::string keys = Write("serve_keys.txt", "# sha256 of test-key\n62af8704764faf8ea82fc61ce9c4c3908b6cb97d463a634e9e587d7c885db0ef\n");
  std::string config = Write("serve.conf", "host = 127.0.0.1\nport = " + std::to_string(port) + "\napi_keys = " + keys +
                                               "\nmax_list_age_hours = 48\n");
  std::string log = testing::TempDir() + "/serve_" + std::to_string(getpid()) + ".log";
  std::string pid_file = log + ".pid";
  std::system((std::string(EMBARGO_BINARY) + " --config " + config + " serve 2>" + log + " & echo $! >" + pid_file).c_str());
  std::string text;
  for (int i = 0; i < 300 && text.find("listening") == std::string::npos && text.find("embargo:") == std::string::npos; ++i) {
    usleep(100000);
    std::ifstream in(log);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ifstream pid_in(pid_file);
  int pid = 0;
  pid_in >> pid;
  if (pid > 0) kill(pid, SIGTERM);
  EXPECT_NE(text.find("listening on http://127.0.0.1:" + std::to_string(port)), std::string::npos) << text;
  EXPECT_NE(text.find("API keys required"), std::string::npos) << text;

  std::string bad = Write("bad_serve.conf", "host = 127.0.0.1\nport = 70000\n");
  Outcome r = Embargo("--config " + bad + " serve");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad_serve.conf:2: port"), std::string::npos) << r.err;
}

}  // namespace
