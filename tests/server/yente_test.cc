// The yente endpoints as yente's clients read them: result models, OpenSanctions dataset names,
// every filter applied or refused, yente's defaults and FollowTheMoney value formats.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>
#include <thread>

#include "common/strings.h"
#include "server/server.h"
#include "test_server.h"

namespace embargo::server {
namespace {

using nlohmann::json;

class YenteTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions opts;
    opts.auth = false;
    opts.threads = 4;
    StartBundledServer(opts, server_, thread_);
  }
  static void TearDownTestSuite() { StopServer(server_, thread_); }

  static json Get(const std::string& target, int status = 200) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    auto r = c.Get(target);
    EXPECT_TRUE(r) << target;
    if (!r) return json();
    EXPECT_EQ(r->status, status) << target << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  static json Post(const std::string& target, const json& body, int status = 200) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    auto r = c.Post(target, body.dump(), "application/json");
    EXPECT_TRUE(r) << target;
    if (!r) return json();
    EXPECT_EQ(r->status, status) << target << ": " << r->body;
    return json::parse(r->body, nullptr, false);
  }
  // A refused request: yente's status and {"detail": message} naming the parameter at fault.
  static void ExpectRefused(const json& body, const std::string& what) {
    ASSERT_TRUE(body.is_object() && body.contains("detail") && body["detail"].is_string()) << body.dump();
    EXPECT_NE(body["detail"].get<std::string>().find(what), std::string::npos) << body.dump();
  }
  static json Results(const json& match) { return match["responses"]["q1"]["results"]; }
  static std::set<std::string> Ids(const json& results) {
    std::set<std::string> ids;
    for (const auto& r : results) ids.insert(r["id"].get<std::string>());
    return ids;
  }

  static Server* server_;
  static std::thread* thread_;
};

Server* YenteTest::server_ = nullptr;
std::thread* YenteTest::thread_ = nullptr;

const json kPutin = {{"queries",
                      {{"q1",
                        {{"schema", "Person"},
                         {"properties",
                          {{"name", {"Vladimir Putin"}}, {"birthDate", {"1952-10-07"}}, {"nationality", {"Russia"}}}}}}}}};

TEST_F(YenteTest, MatchResultsCarryExplanationsAndMatcher) {
  json j = Post("/match/default?algorithm=LOGIC-V2", kPutin);
  ASSERT_TRUE(j.contains("matcher")) << j.dump();  // yente 4.x
  for (const auto& [feature, doc] : j["matcher"].items()) {
    EXPECT_TRUE(doc["description"].is_string()) << feature;
    EXPECT_TRUE(doc["coefficient"].is_number()) << feature;
    EXPECT_TRUE(doc["url"].is_string()) << feature;
  }
  json results = Results(j);
  ASSERT_FALSE(results.empty());
  for (const auto& r : results) {
    ASSERT_TRUE(r["explanations"].is_object()) << r.dump();  // yente 5.x
    ASSERT_TRUE(r["explanations"].contains("name_score"));
    for (const auto& [feature, res] : r["explanations"].items()) {
      EXPECT_TRUE(res["score"].is_number()) << feature;
      EXPECT_TRUE(res["detail"].is_string()) << feature;
      EXPECT_EQ(res["score"], r["features"][feature]) << feature;
    }
  }
  EXPECT_TRUE(results[0]["explanations"].contains("birth_date")) << results[0]["explanations"].dump();
}

TEST_F(YenteTest, CatalogNamesDatasetsAsOpenSanctions) {
  json j = Get("/catalog");
  std::set<std::string> names;
  std::regex ftm_name("[a-z0-9_]+");
  for (const auto& d : j["datasets"]) {
    std::string name = d["name"];
    names.insert(name);
    EXPECT_TRUE(std::regex_match(name, ftm_name)) << name;
    EXPECT_TRUE(d["version"].is_string() && !d["version"].get<std::string>().empty()) << name;
    EXPECT_TRUE(d["children"].is_array()) << name;
    EXPECT_TRUE(d["load"].is_boolean()) << name;
  }
  for (const char* expected : {"us_ofac_sdn", "us_ofac_cons", "un_sc_sanctions", "gb_hmt_sanctions", "us_trade_csl",
                               "us_bis_denied", "default", "sanctions"})
    EXPECT_TRUE(names.count(expected)) << expected;
  for (const auto& name : j["current"]) EXPECT_TRUE(names.count(name.get<std::string>())) << name;
}

TEST_F(YenteTest, BothDatasetSpellingsAreAccepted) {
  json ours = Post("/match/ofac-sdn", kPutin), theirs = Post("/match/us_ofac_sdn", kPutin);
  ASSERT_FALSE(Results(theirs).empty());
  EXPECT_EQ(Ids(Results(ours)), Ids(Results(theirs)));
  for (const auto& r : Results(theirs)) EXPECT_EQ(r["datasets"][0], "us_ofac_sdn");
  json excluded = Post("/match/default?exclude_dataset=us_ofac_sdn", kPutin);
  for (const auto& r : Results(excluded)) EXPECT_NE(r["datasets"][0], "us_ofac_sdn");
  json included = Post("/match/default?include_dataset=gb_hmt_sanctions", kPutin);
  ASSERT_FALSE(Results(included).empty());
  for (const auto& r : Results(included)) EXPECT_EQ(r["datasets"][0], "gb_hmt_sanctions");
  ExpectRefused(Post("/match/default?include_dataset=no_such_list", kPutin, 422), "no_such_list");
  ExpectRefused(Post("/match/no_such_list", kPutin, 404), "no_such_list");
}

TEST_F(YenteTest, AlgorithmsGiveDocsAndFeatureUrls) {
  json j = Get("/algorithms");
  ASSERT_FALSE(j["algorithms"].empty());
  for (const auto& a : j["algorithms"]) {
    ASSERT_TRUE(a["docs"].is_object()) << a.dump();
    EXPECT_EQ(a["docs"]["name"], a["name"]);
    for (const auto& [feature, doc] : a["features"].items()) EXPECT_TRUE(doc["url"].is_string()) << feature;
    EXPECT_EQ(a["docs"]["features"], a["features"]);
  }
  for (const char* alg : {"logic-v1", "Name-Based", "name-qualified", "regression-v1", "OFAC"})
    Post(std::string("/match/default?algorithm=") + alg, kPutin);
}

TEST_F(YenteTest, MatchFiltersAreAppliedNotIgnored) {
  std::set<std::string> all = Ids(Results(Post("/match/default?limit=20", kPutin)));
  ASSERT_TRUE(all.count("ofac-sdn:35096"));
  // A reviewer's cleared match does not come back.
  std::set<std::string> cleared = Ids(Results(Post("/match/default?limit=20&exclude_entity_ids=ofac-sdn:35096", kPutin)));
  EXPECT_FALSE(cleared.count("ofac-sdn:35096"));
  EXPECT_FALSE(cleared.empty());
  for (const auto& r : Results(Post("/match/default?limit=20&exclude_schema=Person", kPutin)))
    EXPECT_NE(r["schema"], "Person") << r["id"];
  EXPECT_TRUE(Ids(Results(Post("/match/default?topics=sanction", kPutin))).count("ofac-sdn:35096"));
  EXPECT_TRUE(Results(Post("/match/default?topics=role.pep", kPutin)).empty());  // no PEP lists loaded
  // Putin's OFAC record was listed before 2100; records of unknown listing date are kept.
  for (const auto& r : Results(Post("/match/default?limit=20&changed_since=2100-01-01T00:00:00", kPutin)))
    EXPECT_TRUE(r["last_change"].is_null()) << r["id"];
  ExpectRefused(Post("/match/default?topics=sanctions.typo", kPutin, 422), "topics");
  ExpectRefused(Post("/match/default?changed_since=last-week", kPutin, 422), "changed_since");
  ExpectRefused(Post("/match/default?exclude_schema=Planet", kPutin, 422), "exclude_schema");
}

TEST_F(YenteTest, SearchFiltersAreAppliedNotIgnored) {
  json base = Get("/search/default?q=Putin&limit=10");
  ASSERT_GE(base["results"].size(), 2u);
  json paged = Get("/search/default?q=Putin&limit=1&offset=1");
  EXPECT_EQ(paged["offset"], 1);
  ASSERT_EQ(paged["results"].size(), 1u);
  EXPECT_EQ(paged["results"][0]["id"], base["results"][1]["id"]);
  json russian = Get("/search/default?q=Putin&countries=RU&limit=20");
  ASSERT_FALSE(russian["results"].empty());
  for (const auto& r : russian["results"]) {
    json p = r["properties"];
    std::string all = p.value("nationality", json::array()).dump() + p.value("citizenship", json::array()).dump() +
                      p.value("country", json::array()).dump() + p.value("flag", json::array()).dump();
    EXPECT_NE(all.find("\"ru\""), std::string::npos) << r["id"] << " " << all;
  }
  json un = Get("/search/default?q=Putin&datasets=un_sc_sanctions&limit=20");
  for (const auto& r : un["results"])
    EXPECT_EQ(r["datasets"][0], "un_sc_sanctions");
  json born = Get("/search/default?q=Putin&filter=properties.birthDate:1952-10-07");
  ASSERT_FALSE(born["results"].empty());
  for (const auto& r : born["results"]) EXPECT_EQ(r["properties"]["birthDate"][0], "1952-10-07") << r["id"];
  json either = Get("/search/default?q=Putin&limit=20&filter=properties.birthDate:1952-10-07&filter=properties.birthDate:1900-01-01&filter_op=OR");
  EXPECT_EQ(Ids(either["results"]), Ids(born["results"]));
  EXPECT_TRUE(Get("/search/default?q=Putin&filter=properties.birthDate:1952-10-07&filter=properties.birthDate:1900-01-01")["results"].empty());
  json no_people = Get("/search/default?q=Putin&limit=20&exclude_schema=Person");
  for (const auto& r : no_people["results"]) EXPECT_NE(r["schema"], "Person");
  ExpectRefused(Get("/search/default?q=Putin&countries=Atlantis", 422), "countries");
  ExpectRefused(Get("/search/default?q=Putin&filter=birthDate", 422), "filter");
  ExpectRefused(Get("/search/default?q=Putin&filter_op=XOR", 422), "filter_op");
  ExpectRefused(Get("/search/default?q=Putin&offset=-1", 422), "offset");
  ExpectRefused(Get("/search/default?q=Putin&datasets=nope", 422), "nope");
}

TEST_F(YenteTest, SearchWithoutQueryBrowsesWithFacets) {
  json all = Get("/search/default?limit=5&facets=countries&facets=datasets&facets=schema&facets=topics");
  ASSERT_EQ(all["results"].size(), 5u);
  EXPECT_EQ(all["total"]["relation"], "eq");
  size_t total = all["total"]["value"];
  size_t per_dataset = 0;
  for (const auto& v : all["facets"]["datasets"]["values"]) per_dataset += v["count"].get<size_t>();
  EXPECT_EQ(per_dataset, total);  // every entity is on exactly one list
  size_t loaded = 0;
  json catalog = Get("/catalog");
  for (const auto& d : catalog["datasets"])
    if (d["type"] == "source") loaded += d["entity_count"].get<size_t>();
  EXPECT_EQ(total, loaded);
  for (const char* facet : {"countries", "schema", "topics"}) EXPECT_FALSE(all["facets"][facet]["values"].empty()) << facet;
  json un = Get("/search/un_sc_sanctions?schema=Person&countries=kp&limit=500");
  ASSERT_FALSE(un["results"].empty());
  EXPECT_EQ(un["total"]["value"], un["results"].size());
  for (const auto& r : un["results"]) {
    EXPECT_EQ(r["schema"], "Person");
    EXPECT_EQ(r["datasets"][0], "un_sc_sanctions");
  }
  json page = Get("/search/un_sc_sanctions?schema=Person&countries=kp&limit=1&offset=1");
  EXPECT_EQ(page["results"][0]["id"], un["results"][1]["id"]);
  ExpectRefused(Get("/search/default?facets=colour", 422), "facets");
}

TEST_F(YenteTest, ThresholdCutoffAndTotalFollowYente) {
  json j = Post("/match/default?limit=10", kPutin);
  json q1 = j["responses"]["q1"];
  size_t matches = 0;
  for (const auto& r : q1["results"]) {
    EXPECT_EQ(r["match"], r["score"].get<double>() >= 0.70) << r["id"];  // yente's default threshold
    matches += r["match"].get<bool>();
  }
  EXPECT_EQ(q1["total"]["value"], matches);
  for (const auto& r : Results(Post("/match/default?limit=10&threshold=1", kPutin)))
    EXPECT_EQ(r["match"], r["score"].get<double>() >= 1.0);
  for (const auto& r : Results(Post("/match/default?limit=10&cutoff=0.9", kPutin))) EXPECT_GT(r["score"].get<double>(), 0.9);
}

TEST_F(YenteTest, QueryEchoAndValuesAreFollowTheMoney) {
  json query = {{"queries",
                 {{"q1", {{"schema", "Person"}, {"properties", {{"name", "Vladimir Putin"}, {"birthDate", {1952}}, {"nationality", "RU"}}}}}}}};
  json q1 = Post("/match/default", query)["responses"]["q1"];
  EXPECT_EQ(q1["query"]["properties"]["nationality"], json::array({"ru"}));
  EXPECT_EQ(q1["query"]["properties"]["birthDate"], json::array({"1952"}));  // a number is read, as a string
  ASSERT_FALSE(q1["results"].empty());
  EXPECT_TRUE(q1["results"][0]["explanations"].contains("birth_date")) << "the numeric birth year was used in scoring";
  json e = Get("/entities/ofac-sdn:35096");
  EXPECT_EQ(e["datasets"], json::array({"us_ofac_sdn"}));
  EXPECT_TRUE(e["target"].get<bool>());
  EXPECT_NE(e["referents"].dump().find("ofac-35096"), std::string::npos) << e["referents"];
  for (const auto& c : e["properties"]["nationality"]) EXPECT_EQ(c, Lower(c.get<std::string>()));
  std::regex timestamp(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})");
  // The UN and the UK publish listing dates; OFAC does not.
  size_t dated = 0;
  for (const char* dataset : {"un_sc_sanctions", "gb_hmt_sanctions"}) {
    json listed = Get(std::string("/search/") + dataset + "?limit=50");
    for (const auto& r : listed["results"]) {
      for (const char* key : {"first_seen", "last_seen", "last_change"}) {
        if (r[key].is_null()) continue;
        EXPECT_TRUE(std::regex_match(r[key].get<std::string>(), timestamp)) << key << " " << r[key];
        ++dated;
      }
    }
  }
  EXPECT_GT(dated, 0u);
  ExpectRefused(Get("/entities/ofac-sdn:0", 404), "ofac-sdn:0");
}

}  // namespace
}  // namespace embargo::server
