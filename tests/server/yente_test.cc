// The yente endpoints as yente's clients read them: result models, OpenSanctions dataset names,
// every filter applied or refused, yente's defaults and FollowTheMoney value formats.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
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

// A query's e-mail address is screened: one the lists give finds its record whatever the name.
TEST_F(YenteTest, MatchScreensTheQuerysEmailAddress) {
  const json query = {{"queries",
                       {{"q1",
                         {{"schema", "Organization"},
                          {"properties", {{"name", {"Acme Media"}}, {"email", {"Info@Arrai.tv"}}}}}}}}};
  json results = Results(Post("/match/default", query));
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0]["id"], "ofac-sdn:11166") << results.dump();
  EXPECT_TRUE(results[0]["match"].get<bool>());
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

// Regression: a dataset filter that left no list was answered 200 with no results, as if the
// name had been searched and not found.
TEST_F(YenteTest, ADatasetFilterThatLeavesNoListIsRefused) {
  ExpectRefused(Post("/match/us_ofac_sdn?include_dataset=un_sc_sanctions", kPutin, 422),
                "include_dataset: no list of dataset 'us_ofac_sdn' is left to search");
  ExpectRefused(Post("/match/default?include_dataset=un_sc_sanctions&exclude_dataset=un_sc_sanctions", kPutin, 422),
                "include_dataset, exclude_dataset: no list");
  ExpectRefused(Get("/search/us_ofac_sdn?q=Putin&datasets=un_sc_sanctions", 422), "datasets: no list");
  ExpectRefused(Get("/search/us_ofac_sdn?q=Putin&exclude_dataset=us_ofac_sdn", 422), "exclude_dataset: no list");
  EXPECT_FALSE(Results(Post("/match/us_ofac_sdn?include_dataset=us_ofac_sdn", kPutin)).empty());
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

// Regression: weights and config were ignored, the answer scored as if not asked; unknown body
// members were accepted.
TEST_F(YenteTest, ScorerTuningIsRefusedNotIgnored) {
  json empty = kPutin;
  empty["weights"] = json::object();
  empty["config"] = json::object();
  EXPECT_TRUE(Ids(Results(Post("/match/default", empty))).count("ofac-sdn:35096"));
  json weights = kPutin;
  weights["weights"] = {{"name_literal_match", 0}};
  ExpectRefused(Post("/match/default", weights, 422), "weights: 'name_literal_match' cannot be set");
  json config = kPutin;
  config["config"] = {{"bogus", 1}};
  ExpectRefused(Post("/match/default", config, 422), "config: 'bogus'");
  json typed = kPutin;
  typed["weights"] = "x";
  ExpectRefused(Post("/match/default", typed, 422), "weights: expected an object");
  json unknown = kPutin;
  unknown["query"] = kPutin["queries"];
  ExpectRefused(Post("/match/default", unknown, 422), "query");
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
  // A value the engine cannot read is refused, not screened as if absent.
  json nested = kPutin;
  nested["queries"]["q1"]["properties"]["alias"] = {{{"first", "Vladimir"}}};
  ExpectRefused(Post("/match/default", nested, 422), "queries.q1: properties.alias[0]: expected a string");
}

TEST_F(YenteTest, SearchFiltersAreAppliedNotIgnored) {
  json base = Get("/search/default?q=Putin&limit=10");
  ASSERT_GE(base["results"].size(), 2u);
  json paged = Get("/search/default?q=Putin&limit=1&offset=1");
  EXPECT_EQ(paged["offset"], 1);
  ASSERT_EQ(paged["results"].size(), 1u);
  EXPECT_EQ(paged["results"][0]["id"], base["results"][1]["id"]);
  // The total and facets count every match, whatever the page: limit=0 is how a count is asked.
  json counted = Get("/search/default?q=Putin&limit=0&facets=datasets");
  EXPECT_TRUE(counted["results"].empty());
  EXPECT_EQ(counted["total"], Get("/search/default?q=Putin&limit=20&facets=datasets")["total"]);
  EXPECT_EQ(counted["total"], paged["total"]);
  EXPECT_EQ(counted["facets"], Get("/search/default?q=Putin&limit=20&facets=datasets")["facets"]);
  EXPECT_GE(counted["total"]["value"].get<size_t>(), base["results"].size());
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
  // A filter that cannot apply answered "no results": a property no record has, a country that is none.
  ExpectRefused(Get("/search/default?q=Putin&filter=schema:Person", 422), "filter: 'schema' is not a property");
  ExpectRefused(Get("/search/default?q=Putin&filter=properties.nationalty:ru", 422), "'nationalty'");
  ExpectRefused(Get("/search/default?q=Putin&filter=properties.country:zz", 422), "unknown country 'zz'");
  // A country given by name is the country its code names.
  EXPECT_EQ(Get("/search/default?q=Putin&limit=50&filter=properties.nationality:Russia")["total"],
            Get("/search/default?q=Putin&limit=50&filter=properties.nationality:ru")["total"]);
  EXPECT_FALSE(Get("/search/default?q=Putin&filter=properties.nationality:Russia")["results"].empty());
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

// ---- Errors: yente's {"detail"} on every yente path, embargo's own shape on /v1 ----

TEST_F(YenteTest, ErrorsOnYentePathsAreDetailBodies) {
  ExpectRefused(Get("/entities/no-such-id", 404), "no-such-id");
  ExpectRefused(Get("/search/no_such_list?q=x", 404), "no_such_list");
  ExpectRefused(Get("/reconcile/no_such_list", 404), "no_such_list");
  ExpectRefused(Get("/match/default/extra", 404), "/match/default/extra");  // no such route under /match
  EXPECT_TRUE(Get("/catalogue", 404).contains("error"));                     // not a yente path
  ExpectRefused(Get("/match/default", 405), "POST");                         // the method named
  ExpectRefused(Post("/catalog", json::object(), 405), "GET");
  ExpectRefused(Post("/match/default", json{{"queries", "x"}}, 422), "queries");
  ExpectRefused(Get("/search/default?limit=10000&q=putin", 422), "limit");
  // /v1 keeps embargo's {"error": {"code", "message"}}.
  json v1 = Get("/v1/screen", 405);
  EXPECT_TRUE(v1.contains("error") && !v1.contains("detail")) << v1.dump();
  json missing = Get("/v1/nothing", 404);
  EXPECT_TRUE(missing.contains("error")) << missing.dump();
  // Without a decision store, the option that gives one is named.
  json no_store = Get("/v1/alerts", 404);
  EXPECT_NE(no_store.dump().find("--decision-store"), std::string::npos) << no_store.dump();
}

// ---- Entities with their adjacent entities ----

TEST_F(YenteTest, EntityNestsSanctionsDocumentsAddressesAndLinkedRecords) {
  json flat = Get("/entities/ofac-sdn:35096?nested=false");
  EXPECT_FALSE(flat["properties"].contains("sanctions")) << flat["properties"].dump();
  json e = Get("/entities/ofac-sdn:35096");  // nested by default, as yente
  ASSERT_TRUE(e["properties"]["sanctions"].is_array()) << e.dump();
  std::set<std::string> authorities, linked;
  for (const auto& s : e["properties"]["sanctions"]) {
    EXPECT_EQ(s["schema"], "Sanction");
    authorities.insert(s["datasets"][0].get<std::string>());
    const json& target = s["properties"]["entity"][0];
    if (target.is_string()) EXPECT_EQ(target, "ofac-sdn:35096");  // the root stays an id
    else linked.insert(target["id"].get<std::string>());          // another list's record, whole
  }
  EXPECT_TRUE(authorities.count("us_ofac_sdn"));
  ASSERT_FALSE(linked.empty()) << "Putin is listed by other authorities too";
  for (const auto& id : linked) EXPECT_NE(e["referents"].dump().find(id), std::string::npos) << id;
  // Every nested entity can be fetched on its own, with the same content.
  json own = e["properties"]["sanctions"][0];
  json fetched = Get("/entities/" + own["id"].get<std::string>() + "?nested=false");
  EXPECT_EQ(fetched["properties"], own["properties"]);
  json sanction = Get("/entities/" + own["id"].get<std::string>());
  EXPECT_EQ(sanction["properties"]["entity"][0]["id"], "ofac-sdn:35096");
  ExpectRefused(Get("/entities/ofac-sdn:35096.sanction-2", 404), "sanction-2");
  ExpectRefused(Get("/entities/ofac-sdn:35096.address-999", 404), "address-999");
  ExpectRefused(Get("/entities/ofac-sdn:35096?nested=maybe", 422), "nested");
  // A referent the entity gives out leads back to it, as yente redirects one.
  ASSERT_NE(std::find(flat["referents"].begin(), flat["referents"].end(), "ofac-35096"), flat["referents"].end());
  httplib::Client c("127.0.0.1", server_->port());
  auto moved = c.Get("/entities/ofac-35096");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, 308) << moved->body;
  EXPECT_EQ(moved->get_header_value("Location"), "/entities/ofac-sdn:35096");
  c.set_follow_location(true);
  auto followed = c.Get("/entities/ofac-35096");
  ASSERT_TRUE(followed);
  EXPECT_EQ(json::parse(followed->body)["id"], "ofac-sdn:35096");
  ExpectRefused(Get("/entities/ofac-99999999", 404), "ofac-99999999");
}

TEST_F(YenteTest, EntityDocumentsAndAddressesAreEntities) {
  // A person with a passport and an address on OFAC's list.
  json people = Get("/search/us_ofac_sdn?schema=Person&limit=500");
  std::string id;
  for (const auto& r : people["results"])
    if (r["properties"].contains("passportNumber") && r["properties"].contains("address")) {
      id = r["id"];
      break;
    }
  ASSERT_FALSE(id.empty());
  json e = Get("/entities/" + id);
  ASSERT_FALSE(e["properties"]["identification"].empty()) << e.dump();
  ASSERT_FALSE(e["properties"]["addressEntity"].empty()) << e.dump();
  std::set<std::string> numbers;
  for (const auto& d : e["properties"]["identification"]) {
    EXPECT_TRUE(d["schema"] == "Passport" || d["schema"] == "Identification") << d.dump();
    EXPECT_EQ(d["properties"]["holder"][0], id);
    numbers.insert(d["properties"]["number"][0].get<std::string>());
  }
  for (const auto& p : e["properties"]["passportNumber"]) EXPECT_TRUE(numbers.count(p.get<std::string>())) << p;
  std::set<std::string> addresses;
  for (const auto& a : e["properties"]["addressEntity"]) {
    EXPECT_EQ(a["schema"], "Address");
    addresses.insert(a["properties"]["full"][0].get<std::string>());
  }
  for (const auto& a : e["properties"]["address"]) EXPECT_TRUE(addresses.count(a.get<std::string>())) << a;
}

// yente's GET /entities/{id}/adjacent: the flat entity and one page per property.
TEST_F(YenteTest, AdjacentEntitiesArePagedPerProperty) {
  json nested = Get("/entities/ofac-sdn:35096");
  json adjacent = Get("/entities/ofac-sdn:35096/adjacent");
  EXPECT_EQ(adjacent["entity"]["id"], "ofac-sdn:35096");
  EXPECT_FALSE(adjacent["entity"]["properties"].contains("sanctions"));
  size_t sanctions = nested["properties"]["sanctions"].size();
  json page = adjacent["adjacent"]["sanctions"];
  EXPECT_EQ(page["total"]["value"], sanctions);
  EXPECT_EQ(page["limit"], 10);
  EXPECT_EQ(page["offset"], 0);
  EXPECT_EQ(page["results"], nested["properties"]["sanctions"]);
  for (const auto& [prop, p] : adjacent["adjacent"].items()) EXPECT_GT(p["total"]["value"].get<size_t>(), 0u) << prop;
  ASSERT_GE(sanctions, 2u);
  json second = Get("/entities/ofac-sdn:35096/adjacent/sanctions?limit=1&offset=1");
  EXPECT_EQ(second["total"]["value"], sanctions);
  ASSERT_EQ(second["results"].size(), 1u);
  EXPECT_EQ(second["results"][0], nested["properties"]["sanctions"][1]);
  json owners = Get("/entities/ofac-sdn:35096/adjacent/ownershipOwner");  // an FtM property, empty here
  EXPECT_EQ(owners["total"]["value"], 0);
  ExpectRefused(Get("/entities/ofac-sdn:35096/adjacent/name", 404), "No such property");  // not an entity property
  ExpectRefused(Get("/entities/ofac-sdn:35096/adjacent/imoNumber", 404), "No such property");
  ExpectRefused(Get("/entities/ofac-sdn:0/adjacent", 404), "ofac-sdn:0");
  ExpectRefused(Get("/entities/ofac-sdn:35096/adjacent?limit=501", 422), "limit");
}

// ---- /manifest and /updatez ----

TEST_F(YenteTest, ManifestNamesTheLoadedLists) {
  json m = Get("/manifest");
  EXPECT_TRUE(m["catalogs"].is_array());
  std::set<std::string> names;
  for (const auto& d : m["datasets"]) names.insert(d["name"].get<std::string>());
  std::set<std::string> sources;
  json catalog = Get("/catalog");
  for (const auto& d : catalog["datasets"])
    if (d["type"] == "source") sources.insert(d["name"].get<std::string>());
  EXPECT_EQ(names, sources);
}

// ---- The reconciliation API (OpenRefine) ----

// test_reconcile.py: test_reconcile_metadata, test_reconcile_post, test_reconcile_invalid.
TEST_F(YenteTest, ReconcileManifestAndQueries) {
  json m = Get("/reconcile/default");
  EXPECT_EQ(m["versions"], json::array({"0.1", "0.2"}));
  EXPECT_EQ(m["identifierSpace"].get<std::string>().rfind("https://www.opensanctions.org", 0), 0u);
  std::set<std::string> types;
  for (const auto& t : m["defaultTypes"]) types.insert(t["id"].get<std::string>());
  for (const char* t : {"Person", "Organization", "Vessel"}) EXPECT_TRUE(types.count(t)) << t;
  EXPECT_EQ(m["suggest"]["entity"]["service_path"], "/suggest/entity");
  EXPECT_EQ(m["extend"]["propose_properties"]["service_path"], "/extend/property");

  httplib::Client c("127.0.0.1", server_->port());
  json queries = {{"q0", {{"query", "Vladimir Putin"}, {"type", "Person"},
                          {"properties", {{{"pid", "birthDate"}, {"v", "1952-10-07"}}, {{"pid", "Person:nationality"}, {"v", "ru"}}}}}},
                  {"q1", {{"query", "Banana Man Unlisted"}, {"limit", 3}}}};
  auto r = c.Post("/reconcile/default", httplib::Params{{"queries", queries.dump()}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json out = json::parse(r->body);
  json top = out["q0"]["result"][0];
  EXPECT_EQ(top["id"], "ofac-sdn:35096");
  EXPECT_TRUE(top["match"].get<bool>());
  EXPECT_EQ(top["type"][0]["id"], "Person");
  // The candidates are /match's results, in its order and with its scores.
  json match = Post("/match/default", kPutin);
  EXPECT_EQ(top["score"], Results(match)[0]["score"]);
  for (const auto& cand : out["q1"]["result"]) EXPECT_FALSE(cand["match"].get<bool>()) << cand.dump();
  EXPECT_LE(out["q1"]["result"].size(), 3u);
  // The same queries in a JSON body, as a GET parameter, and a dataset's own endpoint keeps to its list.
  EXPECT_EQ(Post("/reconcile/default", {{"queries", queries}})["q0"]["result"][0]["id"], "ofac-sdn:35096");
  json un = Get("/reconcile/un_sc_sanctions?queries=" + httplib::detail::encode_query_param(queries.dump()));
  for (const auto& cand : un["q0"]["result"]) EXPECT_EQ(cand["id"].get<std::string>().rfind("un:", 0), 0u) << cand;
  // yente's test_reconcile_invalid: a query that is not text is a 400.
  auto bad = c.Post("/reconcile/default", httplib::Params{{"queries", R"({"mutti": {"query": 37473874}})"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  auto unknown = c.Post("/reconcile/default", httplib::Params{{"queries", R"({"q": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}})"}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  ExpectRefused(json::parse(unknown->body), "colour");
  // A query only /match can judge (no name to screen) is invalid as a reconciliation query too.
  auto blank = c.Post("/reconcile/default", httplib::Params{{"queries", R"({"q7": {"query": ""}})"}});
  ASSERT_TRUE(blank);
  EXPECT_EQ(blank->status, 400) << blank->body;
  ExpectRefused(json::parse(blank->body), "queries.q7");
}

// test_reconcile.py: the suggest tests (no prefix, a prefix, a prefix matching nothing).
TEST_F(YenteTest, ReconcileSuggestAndExtend) {
  json none = Get("/reconcile/default/suggest/entity");
  EXPECT_TRUE(none["result"].empty());
  json putin = Get("/reconcile/default/suggest/entity?prefix=vladimir%20put");
  ASSERT_FALSE(putin["result"].empty());
  for (const auto& r : putin["result"]) EXPECT_NE(Lower(r["name"].get<std::string>()).find("vladimir"), std::string::npos) << r;
  EXPECT_TRUE(Get("/reconcile/default/suggest/entity?prefix=banana%20man%20unlisted")["result"].empty());
  json organ = Get("/reconcile/default/suggest/type?prefix=organ");
  ASSERT_EQ(organ["result"].size(), 1u);
  EXPECT_EQ(organ["result"][0]["id"], "Organization");
  std::set<std::string> props;
  json suggested = Get("/reconcile/default/suggest/property?prefix=country");
  for (const auto& p : suggested["result"]) props.insert(p["id"].get<std::string>());
  EXPECT_TRUE(props.count("Thing:country"));
  EXPECT_TRUE(props.count("LegalEntity:mainCountry"));
  EXPECT_TRUE(Get("/reconcile/default/suggest/property?prefix=banana")["result"].empty());

  json proposed = Get("/reconcile/default/extend/property?type=Person");
  EXPECT_EQ(proposed["type"], "Person");
  std::set<std::string> ids;
  for (const auto& p : proposed["properties"]) ids.insert(p["id"].get<std::string>());
  EXPECT_TRUE(ids.count("birthDate") && ids.count("nationality"));
  EXPECT_FALSE(ids.count("imoNumber"));
  ExpectRefused(Get("/reconcile/default/extend/property?type=Banana", 400), "Banana");

  httplib::Client c("127.0.0.1", server_->port());
  json extend = {{"ids", {"ofac-sdn:35096", "ofac-sdn:0"}},
                 {"properties", {{{"id", "birthDate"}}, {{"id", "nationality"}}, {{"id", "citizenship"}, {"settings", {{"render", "raw"}}}}}}};
  auto r = c.Post("/reconcile/default", httplib::Params{{"extend", extend.dump()}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json out = json::parse(r->body);
  json e = Get("/entities/ofac-sdn:35096?nested=false");
  json row = out["rows"]["ofac-sdn:35096"];
  ASSERT_EQ(row["birthDate"].size(), e["properties"]["birthDate"].size());
  EXPECT_EQ(row["birthDate"][0]["str"], e["properties"]["birthDate"][0]);
  EXPECT_EQ(out["rows"]["ofac-sdn:0"], json::object());  // unknown ids answer an empty row
  for (const char* bad : {R"({"ids": ["ofac-sdn:35096"], "properties": [{"id": "colour"}]})",
                          R"({"ids": ["ofac-sdn:35096"], "properties": [{"id": "name", "settings": {"render": "fancy"}}]})",
                          R"({"ids": "ofac-sdn:35096", "properties": []})"}) {
    auto refused = c.Post("/reconcile/default", httplib::Params{{"extend", bad}});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad;
    ExpectRefused(json::parse(refused->body), "extend");
  }
  std::set<std::string> meta;
  for (const auto& m : out["meta"]) meta.insert(m["id"].get<std::string>());
  EXPECT_EQ(meta, (std::set<std::string>{"birthDate", "nationality", "citizenship"}));
  // Countries are rendered as names unless raw values are asked for.
  ASSERT_FALSE(row["nationality"].empty());
  EXPECT_EQ(row["nationality"][0]["str"], "Russia");
  for (const auto& v : row["citizenship"]) EXPECT_EQ(v["str"].get<std::string>().size(), 2u) << v;
}

// ---- yente's own tests (opensanctions/yente tests/unit/), ported to a sanctions-only catalogue:
// Q7747 (Putin in OpenSanctions) is ofac-sdn:35096 here; assertions on lists or fields the bundle
// lacks (PEPs, parteispenden, first_seen) are left out. ----

// test_match.py: test_match_putin, test_match_no_schema, test_id_pass_through.
TEST_F(YenteTest, PortedMatchTests) {
  json example = {{"schema", "Person"}, {"properties", {{"name", {"Vladimir Putin"}}, {"birthDate", {"1952"}}, {"country", "Russia"}}}};
  json j = Post("/match/default", {{"queries", {{"vv", example}, {"xx", example}, {"zz", example}}}});
  json vv = j["responses"]["vv"];
  EXPECT_EQ(vv["query"]["schema"], "Person");
  EXPECT_EQ(vv["query"]["properties"]["country"][0], "ru");
  EXPECT_GT(vv["total"]["value"].get<size_t>(), 0u);
  EXPECT_EQ(vv["results"][0]["id"], "ofac-sdn:35096");
  EXPECT_EQ(j["responses"]["zz"]["results"][0]["id"], "ofac-sdn:35096");
  Post("/match/default", {{"queries", {{"fail", {{"properties", {{"name", "Banana"}}}}}}}}, 422);
  Post("/match/default", {{"queries", {{"fail", {{"schema", "xxx"}, {"properties", {{"name", "Banana"}}}}}}}}, 400);
  json with_id = example;
  with_id["id"] = "ermakov";
  EXPECT_EQ(Post("/match/default", {{"queries", {{"no1", with_id}}}})["responses"]["no1"]["query"]["id"], "ermakov");
}

// test_search.py: putin, no_query, filter_schema_invalid/remove/keep, filter_exclude_dataset,
// filter_countries_remove, facet_countries/topics/schema/parameter, targets, limit, offset, ranges.
TEST_F(YenteTest, PortedSearchTests) {
  json putin = Get("/search/default?q=vladimir%20putin");
  ASSERT_FALSE(putin["results"].empty());
  EXPECT_EQ(putin["results"][0]["id"], "ofac-sdn:35096");
  for (const auto& d : putin["results"][0]["datasets"]) EXPECT_TRUE(d != "sanctions" && d != "default") << d;
  EXPECT_GT(Get("/search/default")["results"].size(), 9u);
  Get("/search/default?q=vladimir%20putin&schema=Banana", 400);
  json vessels = Get("/search/default?q=vladimir%20putin&schema=Vessel");  // weak vessel hits may remain
  for (const auto& r : vessels["results"]) EXPECT_EQ(r["schema"], "Vessel") << r["id"];
  EXPECT_FALSE(Get("/search/default?q=vladimir%20putin&schema=Person")["results"].empty());
  // yente answers this with no results; embargo refuses it (nothing was searched, not "not found").
  ExpectRefused(Get("/search/us_ofac_sdn?q=vladimir%20putin&exclude_dataset=us_ofac_sdn", 422), "exclude_dataset");
  EXPECT_TRUE(Get("/search/default?q=vladimir%20putin&countries=ke")["results"].empty());
  std::set<std::string> countries;
  json russian = Get("/search/default?q=vladimir%20putin&countries=ru");
  for (const auto& v : russian["facets"]["countries"]["values"]) countries.insert(v["name"].get<std::string>());
  EXPECT_TRUE(countries.count("ru"));
  EXPECT_FALSE(countries.count("ke"));
  EXPECT_GT(Get("/search/default?topics=sanction")["total"]["value"].get<size_t>(), 0u);
  json facets = Get("/search/default")["facets"];
  EXPECT_EQ(facets.size(), 3u);
  EXPECT_TRUE(facets.contains("countries") && facets.contains("topics") && facets.contains("datasets"));
  EXPECT_NE(facets["topics"]["values"].dump().find("\"sanction\""), std::string::npos);
  json two = Get("/search/default?facets=schema&facets=topics")["facets"];
  EXPECT_EQ(two.size(), 2u);
  EXPECT_NE(two["schema"]["values"].dump().find("\"Person\""), std::string::npos);
  EXPECT_TRUE(Get("/search/default?schema=LegalEntity&target=false")["results"].empty());
  json targets = Get("/search/default?schema=LegalEntity&target=true");
  ASSERT_FALSE(targets["results"].empty());
  for (const auto& r : targets["results"]) EXPECT_TRUE(r["target"].get<bool>());
  EXPECT_TRUE(Get("/search/default?limit=0&q=vladimir%20putin")["results"].empty());
  json far = Get("/search/default?offset=100&q=vladimir%20putin");
  EXPECT_TRUE(far["results"].empty());
  EXPECT_EQ(far["offset"], 100);
  Get("/search/default?offset=9999&q=putin", 422);
  Get("/search/default?limit=10000&q=putin", 422);
  json most = Get("/search/default?limit=500&q=putin");
  EXPECT_EQ(most["offset"], 0);
}

// test_entity.py: test_entity_404, test_entity_fetch; test_base.py: manifest, algorithms,
// catalog, updatez (this server has no keys, so no update token: every token is refused).
TEST_F(YenteTest, PortedEntityAndBaseTests) {
  Get("/entities/banana", 404);
  json e = Get("/entities/ofac-sdn:35096");
  EXPECT_EQ(e["schema"], "Person");
  EXPECT_TRUE(e["properties"]["birthDate"][0].is_string());
  ASSERT_TRUE(e["properties"]["sanctions"][0].is_object());
  EXPECT_EQ(e["properties"]["sanctions"][0]["schema"], "Sanction");
  EXPECT_FALSE(Get("/manifest")["datasets"].empty());
  EXPECT_FALSE(Get("/algorithms")["algorithms"].empty());
  json catalog = Get("/catalog");
  for (const auto& d : catalog["datasets"]) EXPECT_TRUE(d["load"].get<bool>()) << d["name"];
  Get("/updatez", 405);
  Post("/updatez?sync=true", json::object(), 403);
  Post("/updatez?token=anything&sync=true", json::object(), 403);
}

// ---- Every name screened; a request over a bound refused whole, never answered in part ----

json OneQuery(const json& properties, const std::string& schema = "Person") {
  return {{"queries", {{"q1", {{"schema", schema}, {"properties", properties}}}}}};
}

TEST_F(YenteTest, MatchScreensEveryNameOfAQuery) {
  json names = json::array();
  for (int i = 1; i <= 8; ++i) names.push_back("Jonathan Quilby " + std::to_string(i));
  names.push_back("Vladimir Putin");  // the ninth name: once skipped without a word
  json r = Post("/match/default", OneQuery({{"name", names}}));
  ASSERT_FALSE(Results(r).empty()) << r.dump();
  EXPECT_EQ(Results(r)[0]["id"], "ofac-sdn:35096") << r.dump();
  EXPECT_GE(r["responses"]["q1"]["total"]["value"].get<int>(), 1);
}

// Regression: total.value counted the matches among the results returned, so it followed
// `limit` (1 with limit=1, 2 with limit=5). It counts every match (docs/SCORING.md).
TEST_F(YenteTest, MatchTotalCountsEveryMatchWhateverTheLimit) {
  json query = OneQuery({{"name", {"Vladimir Ivanov"}}});
  json five = Post("/match/default?limit=5", query);
  size_t shown = 0;
  for (const auto& r : Results(five)) shown += r["match"].get<bool>();
  ASSERT_GE(shown, 2u) << five.dump();
  for (const char* limit : {"1", "2", "500"}) {
    json r = Post("/match/default?limit=" + std::string(limit), query);
    EXPECT_EQ(r["responses"]["q1"]["total"]["value"], five["responses"]["q1"]["total"]["value"]) << limit;
  }
  EXPECT_EQ(Results(Post("/match/default?limit=1", query)).size(), 1u);
}

TEST_F(YenteTest, MatchOverItsBoundsIsRefusedWhole) {
  // At most 2,000 words in all the names of a request: 422 naming where the sum passed it.
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += (i ? " " : "") + std::string(i % 2 ? "hassan" : "ali");
  json queries = json::object();
  for (int i = 0; i < 41; ++i)  // q00 ... q40, read in that order
    queries[(i < 10 ? "q0" : "q") + std::to_string(i)] = {{"schema", "Person"}, {"properties", {{"name", {fifty}}}}};
  ExpectRefused(Post("/match/default", {{"queries", queries}}, 422), "queries.q40.properties.name");
  // More than 100 queries: 413, as docs/SECURITY.md's limits table says.
  queries = json::object();
  for (int i = 0; i < 101; ++i) queries["q" + std::to_string(i)] = {{"schema", "Person"}, {"properties", {{"name", {"Ali"}}}}};
  ExpectRefused(Post("/match/default", {{"queries", queries}}, 413), "100");
  // An answer of more than 5,000 results: 413 naming the limit, not a response of any size.
  queries = json::object();
  for (int i = 0; i < 11; ++i) queries["q" + std::to_string(i)] = {{"schema", "LegalEntity"}, {"properties", {{"name", {"Mohammad Ali"}}}}};
  ExpectRefused(Post("/match/default?limit=500", {{"queries", queries}}, 413), "5000");
}

// Regression: words joined by '-' or '.' were one word to the bound (split on spaces only), but
// many to the normaliser: 20 queries of 30 names of 64 such words ran 20 s, then answered 200.
TEST_F(YenteTest, MatchCountsWordsAsTheNormaliserCutsThem) {
  for (const char* joint : {"-", ".", ",", "/"}) {
    json queries = json::object();
    for (int q = 0; q < 2; ++q) {
      json names = json::array();
      for (int n = 0; n < 16; ++n) {
        std::string name;
        for (int w = 0; w < 64; ++w) name += (w ? joint : "") + std::string(w % 2 ? "hassan" : "ali") + std::to_string(n);
        names.push_back(name);
      }
      queries["q" + std::to_string(q)] = {{"schema", "Person"}, {"properties", {{"name", names}}}};
    }
    ExpectRefused(Post("/match/default", {{"queries", queries}}, 422), "queries.q1.properties.name: the names");
  }
}

TEST_F(YenteTest, MatchNamesThePropertyOfAnUnscreenableName) {
  // A name the engine cannot screen (over 64 words) is refused naming where the client wrote it.
  json parts = json::array();
  std::string long_name;
  for (int i = 0; i < 70; ++i) {
    parts.push_back("Ivan" + std::to_string(i));
    long_name += (i ? " w" : "w") + std::to_string(i);
  }
  ExpectRefused(Post("/match/default", OneQuery({{"firstName", parts}, {"lastName", {"Petrov"}}}), 422),
                "queries.q1.properties.firstName, lastName: name: more than 64 words");
  ExpectRefused(Post("/match/default", OneQuery({{"name", {"Ivan Petrov", long_name}}}), 422),
                "queries.q1.properties.name[1]: name: more than 64 words");
}

// Regression: a name with letters no transliteration reads (Coptic look-alikes the table lacks,
// Tifinagh) was answered with no match, as if screened: yente's answer has no "incomplete".
TEST_F(YenteTest, MatchRefusesANameNotScreenedCompletely) {
  ExpectRefused(Post("/match/default", OneQuery({{"name", {"Ivan Petrov", "Vladimir \u2D5C\u2D30\u2D4E\u2D30"}}}), 422),
                "queries.q1.properties.name[1]: name: letters no transliteration reads");
}

TEST_F(YenteTest, MatchRefusesAnUnreadableCountry) {
  for (const char* country : {"Atlantis", "zz"}) {
    json body = OneQuery({{"name", {"Vladimir Putin"}}, {"nationality", {"Russia", country}}});
    ExpectRefused(Post("/match/default", body, 422), "queries.q1.properties.nationality[1]");
  }
  EXPECT_FALSE(Results(Post("/match/default", OneQuery({{"name", {"Vladimir Putin"}}, {"nationality", {"ru"}}}))).empty());
}

// Regression: a country given bare, not in an array, was read (as EntityFromFtm reads it) but not
// checked: "Atlantis" was scored as a country contradicting every record.
TEST_F(YenteTest, MatchRefusesAnUnreadableCountryGivenBare) {
  ExpectRefused(Post("/match/default", OneQuery({{"name", {"Vladimir Putin"}}, {"jurisdiction", "Atlantis"}}), 422),
                "queries.q1.properties.jurisdiction: unknown country 'Atlantis'");
  EXPECT_FALSE(Results(Post("/match/default", OneQuery({{"name", {"Vladimir Putin"}}, {"nationality", "ru"}}))).empty());
}

// Regression: birth dates that were not ISO were dropped without a word ("12/25/1990",
// "1990-1-7", "1990-02-30"), so the answer did not weigh the date the client gave.
TEST_F(YenteTest, MatchRefusesABirthDateItCannotRead) {
  for (const char* date : {"12/25/1990", "1990-1-7", "1990-02-30", "1952-10-07xyz", "10/07/1952"})
    ExpectRefused(Post("/match/default", OneQuery({{"name", {"Vladimir Putin"}}, {"birthDate", {"1952", date}}}), 422),
                  "queries.q1.properties.birthDate[1]: cannot read date '" + std::string(date) + "'");
  ExpectRefused(Post("/match/default", OneQuery({{"name", {"Vladimir Putin"}}, {"birthDate", "07.10.1952"}}), 422),
                "queries.q1.properties.birthDate: cannot read date");
  for (const char* date : {"1952", "1952-10", "1952-10-07"})
    EXPECT_FALSE(Results(Post("/match/default", OneQuery({{"name", {"Vladimir Putin"}}, {"birthDate", {date}}}))).empty());
}

// Regression: a misspelt property (`nationalty`) or one FtM does not have was dropped without a
// word. FtM properties matching does not read (address, gender) stay accepted: clients send them.
TEST_F(YenteTest, MatchRefusesAPropertyFollowTheMoneyDoesNotHave) {
  for (const char* prop : {"nationalty", "fooBar"})
    ExpectRefused(Post("/match/default", OneQuery({{"name", {"Vladimir Putin"}}, {prop, {"us"}}}), 422),
                  "queries.q1.properties." + std::string(prop) + ": not a FollowTheMoney property");
  json known = OneQuery({{"name", {"Vladimir Putin"}}, {"address", {"Moscow"}}, {"gender", {"male"}},
                         {"position", {"President"}}, {"topics", {"sanction"}}});
  EXPECT_FALSE(Results(Post("/match/default", known)).empty());
}

// Regression: a member beside an entity's properties (`birthDate` given outside them, a misspelt
// `propertis`) was read by no one and the query answered without it; a reconciliation query's
// misspelt member too. Both are refused naming it; what yente writes in an entity stays accepted.
TEST_F(YenteTest, MatchRefusesAMemberNoEntityHas) {
  json beside = OneQuery({{"name", {"Vladimir Putin"}}});
  beside["queries"]["q1"]["birthDate"] = json::array({"1960-01-01"});
  ExpectRefused(Post("/match/default", beside, 422), "queries.q1.birthDate: not a member of a FollowTheMoney entity");
  json misspelt = OneQuery({{"name", {"Vladimir Putin"}}});
  misspelt["queries"]["q1"]["propertis"] = {{"birthDate", {"1960-01-01"}}};
  ExpectRefused(Post("/match/default", misspelt, 422), "queries.q1.propertis: not a member");
  json whole = OneQuery({{"name", {"Vladimir Putin"}}});
  whole["queries"]["q1"].update({{"id", "c-17"}, {"caption", "Vladimir Putin"}, {"datasets", {"customers"}},
                                  {"referents", json::array()}, {"target", false}, {"first_seen", nullptr},
                                  {"last_seen", nullptr}, {"last_change", nullptr}});
  EXPECT_FALSE(Results(Post("/match/default", whole)).empty());
  httplib::Client c("127.0.0.1", server_->port());
  auto r = c.Get("/reconcile/default?queries=" + httplib::detail::encode_query_param(
                     R"({"q0": {"query": "Vladimir Putin", "propertis": [{"pid": "birthDate", "v": "1960-01-01"}]}})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  ExpectRefused(json::parse(r->body), "queries.q0.propertis: not a field read here");
}

// Regression: a listed name in a property matching does not read (notes, address, position,
// ...) was answered 200 with no hit, as if screened. Such properties stay accepted (clients send
// whole entities) and each answer names them in `unscreened`.
TEST_F(YenteTest, MatchNamesThePropertiesItDoesNotScreen) {
  json query = OneQuery({{"name", {"John Smith"}}, {"notes", {"Vladimir Putin"}}, {"address", {"Vladimir Putin"}},
                         {"position", {"Vladimir Putin"}}, {"description", {"Vladimir Putin"}},
                         {"summary", {"Vladimir Putin"}}, {"keywords", {"Vladimir Putin"}}, {"phone", {"Vladimir Putin"}},
                         {"topics", {"sanction"}}, {"firstName", {"Vladimir"}}, {"lastName", {"Putin"}},
                         {"birthPlace", {""}}, {"nationality", {"us"}}});
  json answer = Post("/match/default", query)["responses"]["q1"];
  ASSERT_TRUE(answer.contains("unscreened")) << answer.dump();
  EXPECT_EQ(answer["unscreened"], json({"address", "description", "firstName", "keywords", "lastName", "notes", "phone",
                                        "position", "summary", "topics"}))
      << answer["unscreened"].dump();
  // The name parts make the name when there is no other: then they are screened.
  json parts = Post("/match/default", OneQuery({{"firstName", {"Vladimir"}}, {"lastName", {"Putin"}}}))["responses"]["q1"];
  EXPECT_FALSE(parts.contains("unscreened")) << parts.dump();
  EXPECT_FALSE(parts["results"].empty());
  // A query whose every property is read answers as yente does.
  EXPECT_FALSE(Post("/match/default", kPutin)["responses"]["q1"].contains("unscreened"));
}

// Regression: a property FollowTheMoney's party schemata have and embargo's list lacked (permId,
// a company's LSEG code, in every OpenSanctions export that has one) was a 422, and a yente
// client sending an entity as exported was refused. Accepted now, screened as before, and named
// in `unscreened` with the other properties matching does not read.
TEST_F(YenteTest, MatchAcceptsACompanyAsOpenSanctionsExportsIt) {
  json bandes = OneQuery({{"name", {"BANCO DE DESARROLLO ECONOMICO Y SOCIAL DE VENEZUELA"}},
                          {"alias", {"BANDES", "Banco Bandes"}}, {"country", {"ve"}}, {"jurisdiction", {"ve"}},
                          {"swiftBic", {"FIVVVECA"}}, {"leiCode", {"52990049IEUGB01L0409"}}, {"permId", {"5000023350"}},
                          {"sourceUrl", {"https://permid.org/1-5000023350"}}, {"publisher", {"OFAC"}},
                          {"program", {"VENEZUELA-EO13850"}}, {"modifiedAt", {"2024-07-10"}},
                          {"uscCode", {"91110000100010433L"}}, {"abbreviation", {"BANDES"}},
                          {"ownershipOwner", {{{"id", "own-1"}, {"schema", "Ownership"}}}}},
                         "Company");
  json answer = Post("/match/default", bandes)["responses"]["q1"];
  ASSERT_FALSE(answer["results"].empty()) << answer.dump();
  EXPECT_EQ(answer["results"][0]["id"], "ofac-sdn:26587") << answer["results"].dump();
  EXPECT_EQ(answer["unscreened"], json({"abbreviation", "modifiedAt", "ownershipOwner", "permId", "program", "publisher",
                                        "sourceUrl", "uscCode"}))
      << answer.dump();
  // A person's and a vessel's properties that were refused alike.
  json putin = OneQuery({{"name", {"Vladimir Putin"}}, {"profession", {"lawyer"}}, {"associates", {"assoc-1"}}});
  EXPECT_EQ(Post("/match/default", putin)["responses"]["q1"]["unscreened"], json({"associates", "profession"}));
  json vessel = OneQuery({{"name", {"Ocean Star"}}, {"deadweightTonnage", {"52000"}}}, "Vessel");
  EXPECT_EQ(Post("/match/default", vessel)["responses"]["q1"]["unscreened"], json({"deadweightTonnage"}));
}

// A name FollowTheMoney does not have stays a 422 naming it: a typo (`nmae`, `birthDat`), a
// spelling of a real one (`permID`), or one no FtM version has (`permIdCode`, once accepted).
TEST_F(YenteTest, MatchRefusesAMisspeltFollowTheMoneyProperty) {
  for (const char* prop : {"nmae", "birthDat", "permID", "permIdCode"})
    ExpectRefused(Post("/match/default", OneQuery({{"name", {"Ivan Petrov"}}, {prop, {"1"}}}, "Company"), 422),
                  "queries.q1.properties." + std::string(prop) + ": not a FollowTheMoney property");
}

TEST_F(YenteTest, ReconcileErrorsNameTheQueryAndItsKey) {
  httplib::Client c("127.0.0.1", server_->port());
  auto r = c.Get("/reconcile/default?queries=" +
                 httplib::detail::encode_query_param(R"({"q0": {"query": "Vladimir Putin", "type": "Planet"}})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  ExpectRefused(json::parse(r->body), "queries.q0.type");
  r = c.Get("/reconcile/default?queries=" + httplib::detail::encode_query_param(
                R"({"q7": {"query": "Vladimir Putin", "properties": [{"pid": "nationality", "v": "Atlantis"}]}})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  ExpectRefused(json::parse(r->body), "queries.q7");
}

// One batch per request: a second one (twice in the form, in the body and the query string) or
// queries beside extend were answered 200 with all but one batch dropped.
TEST_F(YenteTest, ReconcileRefusesASecondBatch) {
  httplib::Client c("127.0.0.1", server_->port());
  const std::string q0 = httplib::detail::encode_query_param(R"({"q0": {"query": "John Smith"}})");
  const std::string q1 = httplib::detail::encode_query_param(R"({"q1": {"query": "Vladimir Putin"}})");
  auto twice = c.Post("/reconcile/default", "queries=" + q0 + "&queries=" + q1, "application/x-www-form-urlencoded");
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, 422) << twice->body;
  ExpectRefused(json::parse(twice->body), "queries: given more than once");
  auto both = c.Post("/reconcile/default?queries=" + q0, "queries=" + q1, "application/x-www-form-urlencoded");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->status, 422) << both->body;
  auto extend = c.Post("/reconcile/default",
                       R"({"queries": {"q0": {"query": "Vladimir Putin"}}, "extend": {"ids": ["ofac-sdn:35096"], "properties": [{"id": "birthDate"}]}})",
                       "application/json");
  ASSERT_TRUE(extend);
  EXPECT_EQ(extend->status, 422) << extend->body;
  ExpectRefused(json::parse(extend->body), "queries, extend: both given");
}

// Regression: a misspelt parameter or member (querys) was answered 200 with the manifest, the
// queries dropped. As on every yente path, it is a 422 naming it.
TEST_F(YenteTest, ReconcileRefusesUnknownParameters) {
  httplib::Client c("127.0.0.1", server_->port());
  const json queries = {{"q0", {{"query", "Vladimir Putin"}}}};
  const std::string encoded = httplib::detail::encode_query_param(queries.dump());
  ExpectRefused(Post("/reconcile/default", {{"querys", queries}}, 422), "request.querys");
  auto form = c.Post("/reconcile/default", httplib::Params{{"querys", queries.dump()}});
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 422) << form->body;
  ExpectRefused(json::parse(form->body), "querys: unknown parameter");
  ExpectRefused(Get("/reconcile/default?querys=" + encoded, 422), "querys: unknown parameter");
  ExpectRefused(Get("/reconcile/default/suggest/entity?prefix=putin&prefx=x", 422), "prefx: unknown parameter");
  ExpectRefused(Get("/reconcile/default/extend/property?type=Person&tpye=x", 422), "tpye: unknown parameter");
  // Those the reconciliation API defines, and the key, still read.
  EXPECT_EQ(Get("/reconcile/default?api_key=x&queries=" + encoded)["q0"]["result"][0]["id"], "ofac-sdn:35096");
  EXPECT_EQ(Get("/reconcile/default/suggest/type?prefix=organ&limit=1")["result"].size(), 1u);
  ASSERT_GT(Get("/reconcile/default/suggest/property?prefix=country")["result"].size(), 1u);
  EXPECT_EQ(Get("/reconcile/default/suggest/property?prefix=country&limit=1")["result"].size(), 1u);
}

TEST_F(YenteTest, ReconcileBatchIsBoundAsOneMatch) {
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += (i ? " " : "") + std::string(i % 2 ? "hassan" : "ali");
  json batch = json::object();
  for (int i = 0; i < 41; ++i) batch["q" + std::to_string(i)] = {{"query", fifty}};
  httplib::Client c("127.0.0.1", server_->port());
  c.set_read_timeout(30, 0);
  auto r = c.Post("/reconcile/default", httplib::Params{{"queries", batch.dump()}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body.substr(0, 300);  // /match's 422: an invalid reconciliation batch
  ExpectRefused(json::parse(r->body), "properties.name");
}

TEST_F(YenteTest, InvalidUtf8InYentePathsIsADetail) {
  ExpectRefused(Get("/search/default?q=%ff", 422), "'q'");
  ExpectRefused(Get("/entities/%ff", 422), "path");
  ExpectRefused(Get("/reconcile/default/suggest/entity?prefix=%ff", 422), "prefix");
  // A '%' that starts no escape was read as written (fewer results, no word); a NUL was kept.
  ExpectRefused(Get("/search/default?q=Putin%zz", 422), "'%' not followed by two hexadecimal digits");
  ExpectRefused(Get("/search/default?q=Putin%2", 422), "'q'");
  ExpectRefused(Get("/search/default?q=Put%00in", 422), "NUL");
}

TEST_F(YenteTest, WholeNumbersAreDecimalIntegers) {
  ExpectRefused(Get("/search/default?q=putin&limit=2.5", 422), "limit");
  ExpectRefused(Get("/search/default?q=putin&limit=0x10", 422), "limit");
  ExpectRefused(Get("/search/default?q=putin&limit=%2010", 422), "limit");
  ExpectRefused(Post("/match/default?limit=2.5", kPutin, 422), "limit");
  ExpectRefused(Post("/match/default?threshold=0x1", kPutin, 422), "threshold");
  EXPECT_EQ(Get("/search/default?q=putin&limit=3")["limit"], 3);
  // Regression: an exponent was read ("1e1" as 10), and the range was printed "[0.0, 500.0]".
  ExpectRefused(Get("/search/default?q=putin&limit=1e1", 422), "limit: expected an integer in [0, 500]");
  ExpectRefused(Get("/search/default?q=putin&offset=1E1", 422), "offset: expected an integer in [0, 9500]");
  ExpectRefused(Post("/match/default?limit=1e1", kPutin, 422), "limit: expected an integer in [1, 500]");
  ExpectRefused(Post("/match/default?limit=+5", kPutin, 422), "limit");
}

}  // namespace
}  // namespace embargo::server
