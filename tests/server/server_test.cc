// The HTTP service as a client sees it: a real server on a free loopback port, real HTTP requests.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "common/sha256.h"
#include "raw_http.h"
#include "server/http_message.h"
#include "server/server.h"
#include "test_server.h"

namespace embargo::server {
namespace {

using nlohmann::json;

constexpr const char* kKey = "test-key-0123456789";

class ServerTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions opts;
    opts.api_keys = {{Sha256Hex(kKey), "ops", *RoleSet::Parse("screen,admin")}};  // reloads too
    opts.threads = 16;
    StartBundledServer(opts, server_, thread_);
    std::ifstream f(std::string(EMBARGO_SOURCE_DIR) + "/docs/openapi.json");
    std::stringstream ss;
    ss << f.rdbuf();
    openapi_ = new json(json::parse(ss.str()));
  }
  static void TearDownTestSuite() {
    StopServer(server_, thread_);
    delete openapi_;
  }

  static httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers Auth() { return {{"X-API-Key", kKey}}; }

  static json Body(const httplib::Result& r) {
    EXPECT_TRUE(r) << "no response";
    if (!r) return json();
    json j = json::parse(r->body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r->body;
    return j;
  }

  // Checks `j` against a schema of the OpenAPI document: required fields and types, recursively.
  static void Conforms(const json& j, const json& schema, const std::string& where) {
    if (schema.contains("$ref")) {
      std::string ref = schema["$ref"];  // "#/components/schemas/X"
      Conforms(j, openapi_->at(json::json_pointer(ref.substr(1))), where);
      return;
    }
    if (schema.contains("allOf")) {
      for (const auto& s : schema["allOf"]) Conforms(j, s, where);
      return;
    }
    if (schema.contains("oneOf")) return;
    if (schema.contains("nullable") && j.is_null()) return;
    std::string type = schema.value("type", "");
    if (type == "object") {
      ASSERT_TRUE(j.is_object()) << where;
      const json required = schema.value("required", json::array());
      for (const auto& req : required) EXPECT_TRUE(j.contains(req)) << where << "." << req.get<std::string>();
      const json props = schema.value("properties", json::object());
      for (const auto& [k, s] : props.items())
        if (j.contains(k)) Conforms(j[k], s, where + "." + k);
      if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
        for (const auto& [k, v] : j.items())
          if (!props.contains(k)) Conforms(v, schema["additionalProperties"], where + "." + k);
    } else if (type == "array") {
      ASSERT_TRUE(j.is_array()) << where;
      for (size_t i = 0; i < j.size(); ++i) Conforms(j[i], schema["items"], where + "[" + std::to_string(i) + "]");
    } else if (type == "string") {
      EXPECT_TRUE(j.is_string()) << where;
    } else if (type == "number") {
      EXPECT_TRUE(j.is_number()) << where;
    } else if (type == "integer") {
      EXPECT_TRUE(j.is_number_integer()) << where;
    } else if (type == "boolean") {
      EXPECT_TRUE(j.is_boolean()) << where;
    }
  }
  static const json& Schema(const std::string& name) { return openapi_->at("components").at("schemas").at(name); }

  static void ExpectError(const httplib::Result& r, int status, const std::string& code) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    json j = Body(r);
    Conforms(j, Schema("Error"), "error");
    if (j.contains("error")) {
      EXPECT_EQ(j["error"].value("code", ""), code) << r->body;
    }
  }

  // yente's error body on the yente endpoints: {"detail": message}, the message naming `what`.
  static void ExpectDetail(const httplib::Result& r, int status, const std::string& what) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    json j = Body(r);
    ASSERT_TRUE(j.is_object() && j.contains("detail") && j["detail"].is_string()) << r->body;
    EXPECT_NE(j["detail"].get<std::string>().find(what), std::string::npos) << r->body;
  }

  static Server* server_;
  static std::thread* thread_;
  static json* openapi_;
};

Server* ServerTest::server_ = nullptr;
std::thread* ServerTest::thread_ = nullptr;
json* ServerTest::openapi_ = nullptr;

const char* kPutinMatch =
    R"({"queries": {"q1": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"], "nationality": ["Russia"]}}}})";

TEST_F(ServerTest, YenteMatchFindsPutinFirst) {
  auto c = Client();
  auto r = c.Post("/match/default?algorithm=logic-v1", Auth(), kPutinMatch, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  Conforms(j, Schema("MatchResponse"), "match");
  const json& q1 = j["responses"]["q1"];
  EXPECT_EQ(q1["status"], 200);
  ASSERT_FALSE(q1["results"].empty());
  const json& top = q1["results"][0];
  EXPECT_EQ(top["id"], "ofac-sdn:35096");
  EXPECT_EQ(top["match"], true);
  EXPECT_GE(top["score"].get<double>(), 0.9);
  EXPECT_TRUE(top["features"].contains("name_score"));
  EXPECT_TRUE(top["features"].contains("birth_date"));
  EXPECT_EQ(top["datasets"], json::array({"us_ofac_sdn", "gb_hmt_sanctions"}));  // one subject, linked across lists
  size_t matches = 0;
  for (const auto& res : q1["results"]) matches += res["match"].get<bool>();
  EXPECT_EQ(q1["total"]["value"], matches);  // yente counts the matches, not the results
}

TEST_F(ServerTest, MatchFiltersDatasets) {
  auto c = Client();
  auto r = c.Post("/match/un", Auth(), kPutinMatch, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  for (const auto& res : Body(r)["responses"]["q1"]["results"]) EXPECT_EQ(res["datasets"][0], "un_sc_sanctions");
  r = c.Post("/match/default?exclude_dataset=ofac-sdn", Auth(), kPutinMatch, "application/json");
  ASSERT_TRUE(r);
  for (const auto& res : Body(r)["responses"]["q1"]["results"]) EXPECT_NE(res["id"], "ofac-sdn:35096");
  ExpectDetail(c.Post("/match/no-such-list", Auth(), kPutinMatch, "application/json"), 404, "no-such-list");
  ExpectDetail(c.Post("/match/default?algorithm=nope", Auth(), kPutinMatch, "application/json"), 422, "algorithm");
  ExpectDetail(c.Post("/match/default?threshold=2", Auth(), kPutinMatch, "application/json"), 422, "threshold");
}

TEST_F(ServerTest, V1ScreenOneAndMany) {
  auto c = Client();
  auto r = c.Post("/v1/screen", Auth(), R"({"name": "Vladimir Putin", "type": "person", "dob": "1952-10-07", "country": "RU"})",
                  "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  Conforms(j, Schema("ScreenResponse"), "screen");
  Conforms(j, Schema("ScreenResult"), "screen");
  EXPECT_TRUE(j["alert"].get<bool>());
  EXPECT_EQ(j["hits"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_FALSE(j["hits"][0]["explanation"]["tokens"].empty());
  ASSERT_GE(j["lists"].size(), 3u);
  EXPECT_EQ(j["lists"][0]["content_hash"].get<std::string>().size(), 64u);
  for (const json& l : j["lists"])  // the bundled DPL repeats two lines: rejected, and every answer says so
    EXPECT_EQ(l["rejected"], l["dataset"] == "bis-dpl" ? 2 : 0) << l.dump();

  r = c.Post("/v1/screen", Auth(), R"({"parties": [{"name": "Sergey Lavrov", "ref": 7}, {"name": "Jane Q. Innocent-Person"}]})",
             "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  j = Body(r);
  Conforms(j, Schema("ScreenResponse"), "screen");
  ASSERT_EQ(j["results"].size(), 2u);
  EXPECT_EQ(j["results"][0]["ref"], 7);
  EXPECT_TRUE(j["results"][0]["alert"].get<bool>());
}

// Thousands of identifiers in one request cost seconds each; a party has a handful: refused.
TEST_F(ServerTest, TooManyIdentifiersAreRefusedNamingTheField) {
  auto c = Client();
  json ids = json::array();
  for (int i = 0; i < 101; ++i) ids.push_back("X" + std::to_string(i));
  auto screen = c.Post("/v1/screen", Auth(), json{{"name", "Vladimir Putin"}, {"id", ids}}.dump(), "application/json");
  ASSERT_TRUE(screen);
  EXPECT_EQ(screen->status, 400);
  EXPECT_NE(screen->body.find("party.id: 101 given, at most 100"), std::string::npos) << screen->body;
  json match = {{"queries", {{"q1", {{"schema", "Person"}, {"properties", {{"name", {"Vladimir Putin"}}, {"idNumber", ids}}}}}}}};
  ExpectDetail(c.Post("/match/default", Auth(), match.dump(), "application/json"), 422,
               "queries.q1.properties: 101 identifiers and e-mail addresses, at most 100");
}

TEST_F(ServerTest, BadRequestsGetJsonErrors) {
  auto c = Client();
  ExpectDetail(c.Post("/match/default", Auth(), "{\"queries\": ", "application/json"), 422, "body");
  // A schema that cannot be screened is a 400, as yente's test_match_no_schema has it.
  ExpectDetail(c.Post("/match/default", Auth(), R"({"queries": {"q1": {"schema": "Persn", "properties": {"name": ["X"]}}}})",
                      "application/json"),
               400, "Persn");
  ExpectDetail(c.Post("/match/default", Auth(), R"({"queries": {"q1": {"schema": "Address", "properties": {"full": ["X"]}}}})",
                      "application/json"),
               400, "Address");
  ExpectDetail(c.Post("/match/default", Auth(), R"({"q1": {}})", "application/json"), 422, "queries");
  ExpectError(c.Post("/v1/screen", Auth(), R"({"name": "   "})", "application/json"), 400, "invalid_party");
  ExpectError(c.Post("/v1/screen", Auth(), R"({"name": "X", "dob": "yesterday"})", "application/json"), 400, "invalid_party");
  // Regression: "10/07/1952" was read day first (July or October?) and "1952-10-07xyz" accepted;
  // a birth date is ISO, as `embargo screen --dob` reads it.
  for (const char* dob : {"10/07/1952", "1952-10-07xyz", "1990-02-30", "Oct 1952"}) {
    auto r = c.Post("/v1/screen", Auth(), json{{"name", "Vladimir Putin"}, {"dob", dob}}.dump(), "application/json");
    ExpectError(r, 400, "invalid_party");
    ASSERT_TRUE(r);
    EXPECT_NE(r->body.find("party.dob: cannot read date"), std::string::npos) << r->body;
  }
  ExpectError(c.Post("/v1/screen", Auth(), R"({"name": "X", "type": "planet"})", "application/json"), 400, "invalid_party");
  std::string big = R"({"name": ")" + std::string(2 << 20, 'a') + R"("})";
  ExpectError(c.Post("/v1/screen", Auth(), big, "application/json"), 413, "payload_too_large");
  ExpectDetail(c.Get("/entities/ofac-sdn:0", Auth()), 404, "ofac-sdn:0");
  ExpectError(c.Get("/no/such/route", Auth()), 404, "not_found");
  ExpectDetail(c.Get("/search/default?limit=501", Auth()), 422, "limit");
}

// A compressed body or one in another charset was read as text: "not UTF-8 at byte offset 1".
TEST_F(ServerTest, BodiesSentCompressedOrInAnotherCharsetAreRefused) {
  auto c = Client();
  httplib::Headers gzip = Auth();
  gzip.emplace("Content-Encoding", "gzip");
  ExpectError(c.Post("/v1/screen", gzip, "\x1f\x8b\x08\x00", "application/json"), 415, "unsupported_media_type");
  ExpectDetail(c.Post("/match/default", gzip, "\x1f\x8b\x08\x00", "application/json"), 415, "Content-Encoding 'gzip'");
  ExpectError(c.Post("/v1/screen", Auth(), R"({"name": "Vladimir Putin"})", "application/json; charset=utf-16"), 415,
              "unsupported_media_type");
  auto utf8 = c.Post("/v1/screen", Auth(), R"({"name": "Vladimir Putin"})", "application/json; charset=\"UTF-8\"");
  ASSERT_TRUE(utf8);
  EXPECT_EQ(utf8->status, 200) << utf8->body;
}

TEST_F(ServerTest, KeysAreRequired) {
  auto c = Client();
  auto r = c.Post("/v1/screen", R"({"name": "Vladimir Putin"})", "application/json");
  ExpectError(r, 401, "unauthorized");
  EXPECT_EQ(r->get_header_value("WWW-Authenticate"), "Bearer");
  ExpectError(c.Post("/v1/screen", {{"X-API-Key", "wrong"}}, R"({"name": "Vladimir Putin"})", "application/json"), 403,
              "forbidden");
  ExpectError(c.Post("/v1/screen", {{"Authorization", "Bearer wrong"}}, R"({"name": "Vladimir Putin"})", "application/json"),
              403, "forbidden");
  ExpectError(c.Get("/metrics"), 401, "unauthorized");
  ExpectError(c.Post("/admin/reload", "", "application/json"), 401, "unauthorized");
  // yente's paths answer {"detail"} with the same codes; /updatez takes its key as a token.
  ExpectDetail(c.Get("/search/default?q=Putin"), 401, "API key");
  ExpectDetail(c.Get("/reconcile/default", {{"Authorization", "ApiKey wrong"}}), 403, "not valid");
  ExpectDetail(c.Post("/updatez", "", "application/json"), 403, "Invalid token");
  ExpectDetail(c.Post("/updatez?token=wrong", "", "application/json"), 403, "Invalid token");
  r = c.Post("/v1/screen", {{"Authorization", std::string("Bearer ") + kKey}}, R"({"name": "Vladimir Putin"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = c.Post("/v1/screen", {{"Authorization", std::string("ApiKey ") + kKey}}, R"({"name": "Vladimir Putin"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);  // the scheme of OpenSanctions' hosted API
  ExpectError(c.Post("/v1/screen", {{"Authorization", "ApiKey wrong"}}, R"({"name": "Vladimir Putin"})", "application/json"),
              403, "forbidden");
  r = c.Get("/healthz");  // no key needed
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = c.Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  Conforms(Body(r), Schema("Ready"), "readyz");
}

TEST_F(ServerTest, AuthorizationSchemeIsCaseInsensitive) {
  auto c = Client();
  for (const char* scheme : {"bearer ", "BEARER ", "apikey ", "APIKEY "}) {
    auto r = c.Post("/v1/screen", {{"Authorization", std::string(scheme) + kKey}}, R"({"name": "Vladimir Putin"})",
                    "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << scheme << r->body;
  }
}

TEST_F(ServerTest, PartiesBesideATopLevelPartyAreRefused) {
  auto c = Client();
  ExpectError(c.Post("/v1/screen", Auth(), R"({"name": "Vladimir Putin", "parties": [{"name": "Bob Smith"}]})",
                     "application/json"),
              400, "invalid_request");
  auto r = c.Post("/v1/screen", Auth(), R"({"country": "RU", "parties": [{"name": "Bob Smith"}]})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("country"), std::string::npos) << r->body;
}

// A field the endpoint does not read ("aliases", a typo) would go unscreened: refused, named.
TEST_F(ServerTest, UnknownPartyFieldsAreRefusedNotIgnored) {
  auto c = Client();
  const std::pair<const char*, const char*> cases[] = {
      {R"({"name": "Bob Smith", "aliases": ["Vladimir Putin"]})", "party.aliases"},
      {R"({"nmae": "Vladimir Putin", "name": "Bob Smith"})", "party.nmae"},
      {R"({"parties": [{"name": "Bob Smith", "alias": "Vladimir Putin"}]})", "parties[0].alias"},
      {R"({"parties": [{"name": "Bob Smith"}], "names": ["Vladimir Putin"]})", "request.names"},
      // A request's own members belong at the top level, not in a party of parties[].
      {R"({"parties": [{"name": "Bob Smith", "threshold": 0.5}]})", "parties[0].threshold"}};
  for (const auto& [body, field] : cases) {
    auto r = c.Post("/v1/screen", Auth(), body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body << " -> " << r->body;
    EXPECT_NE(r->body.find(field), std::string::npos) << r->body;
  }
  auto r = c.Post("/v1/screen", Auth(), R"({"name": "Bob Smith", "ref": 7, "threshold": 0.9, "limit": 3, "record": false})",
                  "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

// Regression: letters no transliteration reads (Tifinagh) made no tokens, so the text was
// answered complete and clear though nothing screened them.
TEST_F(ServerTest, TextWithLettersNoTransliterationReadsIsNotComplete) {
  const std::string text = "Payment to \u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56 \u2D5C\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56\u2D5C";
  auto r = Client().Post("/v1/screen/text", Auth(), text, "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  EXPECT_EQ(j["alert"], true) << r->body;
  EXPECT_EQ(j["complete"], false) << r->body;
  ASSERT_EQ(j["unscreened"].size(), 1u) << r->body;
  EXPECT_EQ(j["unscreened"][0]["begin"], 11);
  EXPECT_EQ(j["unscreened"][0]["end"], text.size());
  EXPECT_NE(j["unscreened"][0]["reason"].get<std::string>().find("no transliteration reads"), std::string::npos);
}

// Media types are case-insensitive: JSON sent as "Application/JSON" is read as JSON, so the
// escaped name in it is decoded and found, not scanned as the raw bytes of the body.
TEST_F(ServerTest, TextEndpointReadsJsonInAnyMediaTypeSpelling) {
  auto c = Client();
  const std::string body = R"({"text": "Payment to \u0412\u043b\u0430\u0434\u0438\u043c\u0438\u0440 \u041f\u0443\u0442\u0438\u043d"})";
  for (const char* type : {"application/json", "Application/JSON; charset=UTF-8", "text/json", "application/ld+json"}) {
    auto r = c.Post("/v1/screen/text", Auth(), body, type);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << type << r->body;
    EXPECT_EQ(Body(r)["alert"], true) << type << r->body;
  }
  EXPECT_TRUE(IsJsonMediaType(" APPLICATION/JSON ;charset=utf-8"));
  EXPECT_FALSE(IsJsonMediaType("text/plain"));
  EXPECT_FALSE(IsJsonMediaType("application/jsonx"));
  EXPECT_TRUE(IsMediaType("Multipart/Form-Data; boundary=x", "multipart/form-data"));
  auto hex = c.Post("/v1/screen/text?threshold=0x1", Auth(), body, "application/json");
  ASSERT_TRUE(hex);
  EXPECT_EQ(hex->status, 400) << "a threshold is decimal, not hexadecimal: " << hex->body;
  auto r = c.Post("/v1/screen/trade", Auth(), "a=1", "Application/X-WWW-Form-Urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415) << r->body;
}

// The trade answer, with the rules a request overrode, is what the OpenAPI document says; a rule
// the server will not switch off is a 422 it documents.
TEST_F(ServerTest, TradeAnswerConformsWithItsOverrides) {
  std::ifstream f(std::string(EMBARGO_SOURCE_DIR) + "/examples/trade/eu_us_valves_clean.json");
  std::stringstream tx;
  tx << f.rdbuf();
  auto r = Client().Post("/v1/screen/trade?party_hit=off&threshold=0.9", Auth(), tx.str(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  Conforms(j, Schema("TradeResult"), "trade");
  EXPECT_EQ(j["overrides"], json({{"party_hit", "off"}, {"threshold", 0.9}}));
  ExpectError(Client().Post("/v1/screen/trade?screening_incomplete=off", Auth(), tx.str(), "application/json"), 422,
              "invalid_parameter");
  EXPECT_TRUE(openapi_->at("paths").at("/v1/screen/trade").at("post").at("responses").contains("422"));
}

// Records each write to the stream it replaces, as a separate piece.
class WriteRecorder : public std::streambuf {
 public:
  std::vector<std::string> Writes() {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) Record(std::string(1, traits_type::to_char_type(c)));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    Record(std::string(s, static_cast<size_t>(n)));
    return n;
  }

 private:
  void Record(std::string piece) {
    std::lock_guard<std::mutex> lock(mu_);
    writes_.push_back(std::move(piece));
  }
  std::mutex mu_;
  std::vector<std::string> writes_;
};

// Regression: a refusal's log line went to stderr in several writes, so the lines of concurrent
// requests interleaved. It is one write, as a request's line is.
TEST_F(ServerTest, ARefusalIsLoggedInOneWrite) {
  WriteRecorder recorder;
  std::streambuf* before = std::cerr.rdbuf(&recorder);
  RawConnection c(server_->port());
  c.Send(std::string("POST /v1/screen HTTP/1.1\r\nHost: x\r\nX-API-Key: ") + kKey +
         "\r\nTransfer-Encoding: gzip, chunked\r\nContent-Type: application/json\r\n\r\n0\r\n\r\n");
  int status = c.ReadResponse(10000);
  std::cerr.rdbuf(before);
  EXPECT_EQ(status, 501) << c.received().substr(0, 300);
  std::vector<std::string> writes = recorder.Writes();
  EXPECT_TRUE(std::any_of(writes.begin(), writes.end(), [](const std::string& w) {
    return w == "embargo serve: refused 501 not_implemented\n";
  })) << "pieces: " << writes.size() << (writes.empty() ? "" : ", first '" + writes[0] + "'");
}

// As /match: an answer of more than 5,000 hits is refused whole, not sent at any size.
TEST_F(ServerTest, ScreenAnswerOverItsBoundIsRefusedWhole) {
  auto c = Client();
  json parties = json::array();
  for (int i = 0; i < 11; ++i) parties.push_back({{"name", "Mohammad Ali"}});
  std::string body = json{{"parties", parties}}.dump();
  auto r = c.Post("/v1/screen?threshold=0&limit=500", Auth(), body, "application/json");
  ASSERT_TRUE(r);
  ExpectError(r, 413, "answer_too_large");
  EXPECT_NE(r->body.find("5000 hits"), std::string::npos) << r->body;
  // Ten such parties are 5,000 hits at most: answered.
  parties.erase(parties.begin());
  r = c.Post("/v1/screen?threshold=0&limit=500", Auth(), json{{"parties", parties}}.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["results"].size(), 10u);
}

TEST_F(ServerTest, NumbersOutOfRangeNameTheirField) {
  auto c = Client();
  auto r = c.Post("/v1/screen", Auth(), R"({"name": "Vladimir Putin", "threshold": 1e999})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  std::string message = Body(r)["error"]["message"];
  EXPECT_NE(message.find("threshold"), std::string::npos) << message;
  EXPECT_NE(message.find("out of range"), std::string::npos) << message;
  r = c.Post("/v1/screen?limit=2.5", Auth(), R"({"name": "Vladimir Putin"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  r = c.Post("/v1/screen?limit=1e1", Auth(), R"({"name": "Vladimir Putin"})", "application/json");
  ExpectError(r, 400, "invalid_parameter");
  EXPECT_NE(r->body.find("limit: expected an integer in [1, 500]"), std::string::npos) << r->body;
}

TEST_F(ServerTest, AParameterGivenTwiceOrUnknownIsRefusedNamed) {
  // Each was answered: the first threshold taken (0.9: no alert where 0.6 alerts), the misspelt one
  // ignored, the second search word dropped.
  auto c = Client();
  const char* body = R"({"name": "Vladimir Putin Junior"})";
  auto twice = c.Post("/v1/screen?threshold=0.9&threshold=0.6", Auth(), body, "application/json");
  ExpectError(twice, 400, "invalid_parameter");
  EXPECT_NE(twice->body.find("threshold: given more than once"), std::string::npos) << twice->body;
  auto misspelt = c.Post("/v1/screen?treshold=0.6", Auth(), body, "application/json");
  ExpectError(misspelt, 400, "invalid_parameter");
  EXPECT_NE(misspelt->body.find("treshold: unknown parameter (known: threshold, limit)"), std::string::npos)
      << misspelt->body;
  ExpectDetail(c.Get("/search/default?q=putin&q=promsvyazbank", Auth()), 422, "q: given more than once");
  ExpectDetail(c.Post("/match/default?threshold=0.99&threshold=0.5", Auth(), kPutinMatch, "application/json"), 422,
               "threshold: given more than once");
  // Filters that take several values still may.
  auto filters = c.Get("/search/default?q=putin&datasets=ofac-sdn&datasets=un", Auth());
  ASSERT_TRUE(filters);
  EXPECT_EQ(filters->status, 200) << filters->body;
  // yente's /match read a misspelt threshold as none and answered at the default 0.70.
  ExpectDetail(c.Post("/match/default?treshold=0.95", Auth(), kPutinMatch, "application/json"), 422,
               "treshold: unknown parameter");
  ExpectDetail(c.Get("/entities/ofac-sdn:35096?foo=1", Auth()), 422, "foo: unknown parameter");
  ExpectDetail(c.Get("/search/default?q=putin&foo=1", Auth()), 422, "foo: unknown parameter");
  ExpectDetail(c.Get("/search/default?q=putin&sort=name", Auth()), 422, "sort: unknown parameter");
  ExpectDetail(c.Get("/search/default?q=putin&fuzzy=maybe", Auth()), 422, "fuzzy: expected true or false");
  ExpectDetail(c.Get("/search/default?q=putin&datasets=nosuch", Auth()), 422, "datasets: unknown dataset 'nosuch'");
  auto goods = c.Get("/v1/goods/8542?x=1", Auth());
  ExpectError(goods, 400, "invalid_parameter");
  EXPECT_NE(goods->body.find("x: unknown parameter"), std::string::npos) << goods->body;
}

// Regression: a threshold or limit in the query string and in the body was read from the body
// alone (?threshold=0.99 with "threshold": 0.5 screened at 0.5).
TEST_F(ServerTest, AThresholdOrLimitInQueryAndBodyIsRefusedNamed) {
  auto c = Client();
  const std::pair<const char*, const char*> requests[] = {
      {"/v1/screen?threshold=0.99", R"({"name": "Vladimir Putin", "threshold": 0.5})"},
      {"/v1/screen?threshold=0.99", R"({"parties": [{"name": "Vladimir Putin"}], "threshold": 0.5})"},
      {"/v1/screen?limit=1", R"({"name": "Vladimir Putin", "limit": 5})"},
      {"/v1/screen/message?threshold=0.99", R"({"message": "x", "threshold": 0.5})"},
      {"/v1/screen/text?threshold=0.99", R"({"text": "Vladimir Putin", "threshold": 0.5})"}};
  for (const auto& [target, body] : requests) {
    auto r = c.Post(target, Auth(), body, "application/json");
    ExpectError(r, 400, "invalid_parameter");
    std::string key = std::string(target).substr(std::string(target).find('?') + 1);
    key = key.substr(0, key.find('='));
    EXPECT_NE(r->body.find(key + ": given both in the query string and in the body"), std::string::npos)
        << target << " " << body << ": " << r->body;
  }
}

TEST_F(ServerTest, AMemberNamedTwiceIsRefusedWithItsPath) {
  auto c = Client();
  auto r = c.Post("/v1/screen", Auth(), R"({"parties": [{"name": "Vladimir Putin"}], "parties": [{"name": "Bob Smith"}]})",
                  "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  std::string message = Body(r)["error"]["message"];
  EXPECT_NE(message.find("parties: a member named twice"), std::string::npos) << message;
  r = c.Post("/v1/screen", Auth(), R"({"parties": [{"name": "Bob Smith", "name": "Vladimir Putin"}]})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(std::string(Body(r)["error"]["message"]).find("parties[0].name: a member named twice"), std::string::npos);
}

TEST_F(ServerTest, WithoutAStoreTheOptionIsNamedAndRecordingRefused) {
  auto c = Client();
  auto r = c.Post("/v1/screen", Auth(), R"({"parties": [{"name": "Bob Smith"}, {"name": "Vladimir Putin", "record": true}]})",
             "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("parties[1].record"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("--decision-store"), std::string::npos) << r->body;
  ExpectError(c.Post("/v1/screen", Auth(), R"({"name": "Bob Smith", "record": "yes"})", "application/json"), 400,
              "invalid_request");
}

// Recording per party on a server with a decision store.
class ServerStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::TempDir() + "server-store-" + std::to_string(::getpid()) + ".db";
    std::remove(store_.c_str());
    StartStoreServer(store_, server_, thread_);
  }
  void TearDown() override {
    if (server_) StopServer(server_, thread_);
    std::remove(store_.c_str());
  }
  httplib::Result Post(const std::string& path, const std::string& body) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c.Post(path, body, "application/json");
  }
  std::string store_;
  Server* server_ = nullptr;
  std::thread* thread_ = nullptr;
};

TEST_F(ServerStoreTest, PartiesRecordAsEachAsks) {
  auto r = Post("/v1/screen", R"({"parties": [{"name": "Bob Smith"},
      {"name": "Vladimir Putin", "record": true, "customer_id": "c-42"}]})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_FALSE(j["results"][0].contains("record")) << r->body;
  ASSERT_TRUE(j["results"][1].contains("record")) << r->body;
  EXPECT_TRUE(j["alert"].get<bool>());
  httplib::Client c("127.0.0.1", server_->port());
  auto alerts = c.Get("/v1/alerts?status=all");
  ASSERT_TRUE(alerts);
  json listed = json::parse(alerts->body);
  ASSERT_FALSE(listed["alerts"].empty()) << alerts->body;
  for (const json& a : listed["alerts"]) EXPECT_EQ(a["customer_id"], "c-42") << alerts->body;
  // Wrong types are refused, naming the field, and nothing is recorded.
  for (const char* body : {R"({"name": "Vladimir Putin", "record": "yes"})",
                           R"({"name": "Vladimir Putin", "record": true, "customer_id": 42})",
                           R"({"parties": [{"name": "Vladimir Putin", "record": 1}]})"}) {
    r = Post("/v1/screen", body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body << ": " << r->body;
    EXPECT_TRUE(r->body.find("record") != std::string::npos || r->body.find("customer_id") != std::string::npos) << r->body;
  }
  auto again = c.Get("/v1/alerts?status=all");
  ASSERT_TRUE(again);
  EXPECT_EQ(json::parse(again->body)["alerts"].size(), listed["alerts"].size());
  // An unknown parameter is refused, not read as "every customer's alerts".
  auto customer = c.Get("/v1/alerts?customer=c-1");
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->status, 400);
  EXPECT_NE(customer->body.find("customer: unknown parameter"), std::string::npos) << customer->body;
  // An unknown status is refused, naming those there are.
  auto bogus = c.Get("/v1/alerts?status=bogus");
  ASSERT_TRUE(bogus);
  EXPECT_EQ(bogus->status, 400);
  EXPECT_NE(bogus->body.find("false_positive"), std::string::npos) << bogus->body;
  // Regression: limit=1e3 was read as 1000; the range was printed "[1.0, 10000.0]".
  for (const char* limit : {"1e3", "1E3", "10.0", "0"}) {
    auto exp = c.Get(std::string("/v1/alerts?limit=") + limit);
    ASSERT_TRUE(exp);
    EXPECT_EQ(exp->status, 400) << limit;
    EXPECT_NE(exp->body.find("limit: expected an integer in [1, 10000]"), std::string::npos) << exp->body;
  }
  auto plain = c.Get("/v1/alerts?limit=1000");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200) << plain->body;
}

// Regression: two parties with one customer id were both recorded, the second filed over the first;
// "D3" and "D3 " were two customers and "x\u0000y" was stored. Ids are read as `batch` reads them.
TEST_F(ServerStoreTest, CustomerIdsAreOnePerPartyTrimmedAndPrintable) {
  auto r = Post("/v1/screen", R"({"record": true, "parties": [{"name": "Vladimir Putin", "customer_id": "D1"},
      {"name": "Sberbank", "customer_id": " D1 "}]})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(r->body.find("parties[1].customer_id: customer 'D1' is also parties[0]"), std::string::npos) << r->body;
  for (auto [body, named] : {std::pair{R"({"name": "Vladimir Putin", "record": true, "customer_id": "x\u0000y"})",
                                       "customer_id: holds a NUL byte"},
                             std::pair{R"({"name": "Vladimir Putin", "record": true, "customer_id": "x\ty"})",
                                       "customer_id: holds a control character"},
                             std::pair{R"({"parties": [{"name": "Vladimir Putin", "record": true, "customer_id": " "}]})",
                                       "parties[0].customer_id: empty"}}) {
    r = Post("/v1/screen", body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body << ": " << r->body;
    EXPECT_NE(r->body.find(named), std::string::npos) << body << ": " << r->body;
  }
  httplib::Client c("127.0.0.1", server_->port());
  auto none = c.Get("/v1/alerts?status=all");
  ASSERT_TRUE(none);
  EXPECT_TRUE(json::parse(none->body)["alerts"].empty()) << "nothing refused is recorded: " << none->body;
  r = Post("/v1/screen", R"({"name": "Vladimir Putin", "record": true, "customer_id": " D3 "})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto alerts = c.Get("/v1/alerts?status=all");
  ASSERT_TRUE(alerts);
  json listed = json::parse(alerts->body);
  ASSERT_FALSE(listed["alerts"].empty()) << alerts->body;
  for (const json& a : listed["alerts"]) EXPECT_EQ(a["customer_id"], "D3") << alerts->body;
}

// A key file line is HASH [PRINCIPAL [ROLES]]; a file of bare hashes (the old format) still reads,
// its keys allowed to screen only.
TEST(ApiKeyFile, PrincipalsAndRolesPerKey) {
  std::string a = Sha256Hex("key-a"), b = Sha256Hex("key-b"), c = Sha256Hex("key-c");
  std::string path = testing::TempDir() + "/keys_" + std::to_string(getpid()) + ".txt";
  std::ofstream(path) << "# keys\n" << a << "\n\n" << b << "  ann  review,approve\n" << c << " bo\n";
  auto keys = ReadApiKeyFile(path);
  ASSERT_TRUE(keys.ok()) << keys.status().message();
  ASSERT_EQ(keys->size(), 3u);
  EXPECT_EQ((*keys)[0].principal, "api-key:" + a.substr(0, 12));
  EXPECT_EQ((*keys)[0].roles.ToString(), "screen");
  EXPECT_EQ((*keys)[1].principal, "ann");
  EXPECT_EQ((*keys)[1].roles.ToString(), "review,approve");
  EXPECT_EQ((*keys)[2].principal, "bo");
  EXPECT_EQ((*keys)[2].roles.ToString(), "screen");
  for (const auto& [line, named] : std::vector<std::pair<std::string, std::string>>{
           {a + " ann review, approve", "without spaces"},
           {a + " ann reviewer", "'reviewer' is not a role"},
           {a + " ann,bo review", "character U+002C"},
           {a + "\n" + a + " ann review", ":2: the same key as line 1"},
           {"not-a-hash ann review", "64 hex digits"}}) {
    std::ofstream(path) << line << "\n";
    auto bad = ReadApiKeyFile(path);
    ASSERT_FALSE(bad.ok()) << line;
    EXPECT_NE(bad.status().message().find(path + ":"), std::string::npos) << bad.status().message();
    EXPECT_NE(bad.status().message().find(named), std::string::npos) << bad.status().message();
  }
}

TEST_F(ServerTest, YenteCatalogSearchEntitiesAlgorithms) {
  auto c = Client();
  auto r = c.Get("/catalog", Auth());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  Conforms(Body(r), Schema("Catalog"), "catalog");
  r = c.Get("/algorithms", Auth());
  ASSERT_TRUE(r);
  Conforms(Body(r), Schema("Algorithms"), "algorithms");
  r = c.Get("/search/default?q=Vladimir%20Putin&schema=Person", Auth());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = Body(r);
  Conforms(j, Schema("SearchResponse"), "search");
  ASSERT_FALSE(j["results"].empty());
  EXPECT_EQ(j["results"][0]["id"], "ofac-sdn:35096");
  r = c.Get("/entities/ofac-sdn:35096", Auth());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  j = Body(r);
  Conforms(j, Schema("Entity"), "entity");
  EXPECT_EQ(j["properties"]["birthDate"][0], "1952-10-07");
}

// Every link of a reconciliation manifest, as one string per link.
std::vector<std::string> ManifestLinks(const json& m) {
  std::vector<std::string> links = {m["view"]["url"], m["preview"]["url"], m["documentation"]};
  for (const auto& [name, service] : m["suggest"].items())
    links.push_back(service["service_url"].get<std::string>() + service["service_path"].get<std::string>());
  const json& extend = m["extend"]["propose_properties"];
  links.push_back(extend["service_url"].get<std::string>() + extend["service_path"].get<std::string>());
  return links;
}

// Regression: the reconciliation manifest built its links from the request's Host header (any
// client points them anywhere) and copied ?api_key= into each. They name the listening address
// without a configured public URL, and never carry the key.
TEST_F(ServerTest, ReconcileManifestLinksIgnoreTheHostHeaderAndCarryNoKey) {
  auto c = Client();
  auto r = c.Get(std::string("/reconcile/default?api_key=") + kKey, {{"Host", "evil.example"}});
  json m = Body(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string base = "http://127.0.0.1:" + std::to_string(server_->port());
  EXPECT_EQ(m["view"]["url"], base + "/entities/{{id}}");
  EXPECT_EQ(m["suggest"]["entity"]["service_url"], base + "/reconcile/default");
  EXPECT_EQ(m["suggest"]["entity"]["service_path"], "/suggest/entity");
  for (const std::string& link : ManifestLinks(m)) {
    EXPECT_EQ(link.rfind(base + "/", 0), 0u) << link;
    EXPECT_EQ(link.find("evil"), std::string::npos) << link;
    EXPECT_EQ(link.find(kKey), std::string::npos) << link;
    EXPECT_EQ(link.find('?'), std::string::npos) << link;
  }
}

TEST(PublicUrl, TheManifestsLinksStartAtTheConfiguredAddress) {
  ServerOptions opts;
  opts.auth = false;
  opts.threads = 2;
  opts.public_url = "https://screening.example.com/embargo/";
  Server* server = nullptr;
  std::thread* thread = nullptr;
  StartBundledServer(opts, server, thread);
  ASSERT_TRUE(server);
  httplib::Client c("127.0.0.1", server->port());
  auto r = c.Get("/reconcile/default?api_key=secret-key-1", {{"Host", "evil.example"}});
  ASSERT_TRUE(r);
  json m = json::parse(r->body, nullptr, false);
  StopServer(server, thread);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(m["view"]["url"], "https://screening.example.com/embargo/entities/{{id}}");
  for (const std::string& link : ManifestLinks(m)) {
    EXPECT_EQ(link.rfind("https://screening.example.com/embargo/", 0), 0u) << link;
    EXPECT_EQ(link.find("secret-key-1"), std::string::npos) << link;
  }
}

TEST(PublicUrl, OnlyAnHttpBaseIsAccepted) {
  EXPECT_EQ(*CheckPublicUrl("https://screening.example.com/"), "https://screening.example.com");
  EXPECT_EQ(*CheckPublicUrl("http://10.0.0.5:8080/api"), "http://10.0.0.5:8080/api");
  for (const char* bad : {"screening.example.com", "ftp://screening.example.com", "https://", "https:///path",
                          "https://x.example/?api_key=k", "https://x.example/#top", "https://x .example"}) {
    auto checked = CheckPublicUrl(bad);
    EXPECT_FALSE(checked.ok()) << bad;
    EXPECT_EQ(checked.status().message().rfind("public_url: ", 0), 0u) << checked.status().message();
  }
  ServerOptions opts;
  opts.auth = false;
  opts.public_url = "screening.example.com";
  EXPECT_EQ(Server::Create(opts, [] { return StatusOr<std::vector<ListLoad>>(std::vector<ListLoad>()); }).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ServerTest, MetricsAndOpenApi) {
  auto c = Client();
  ASSERT_TRUE(c.Post("/match/default", Auth(), kPutinMatch, "application/json"));
  auto r = c.Get("/metrics", Auth());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  for (const char* needle : {"embargo_http_requests_total{route=\"POST /match/{dataset}\"", "embargo_http_request_duration_seconds_bucket",
                             "embargo_list_entities{dataset=\"ofac-sdn\"}", "embargo_list_age_seconds", "embargo_index_names"})
    EXPECT_NE(r->body.find(needle), std::string::npos) << needle;
  r = c.Get("/openapi.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Body(r), *openapi_);  // the served document is the checked-in one
}

TEST_F(ServerTest, ReloadUnderLoadLosesNoRequest) {
  std::atomic<int> ok{0}, failed{0};
  std::atomic<bool> reloading{true};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&, t] {
      auto c = Client();
      for (int i = 0; i < 200 || reloading; ++i) {
        auto r = (i + t) % 2 ? c.Post("/v1/screen", Auth(), R"({"name": "Sergey Lavrov"})", "application/json")
                             : c.Post("/match/sanctions", Auth(), kPutinMatch, "application/json");
        (r && r->status == 200 ? ok : failed)++;
      }
    });
  auto admin = Client();
  admin.set_read_timeout(300, 0);  // a reload builds every index anew while four clients keep the cores busy
  uint64_t last = 0;
  for (int k = 0; k < 3; ++k) {
    // The last reload is yente's POST /updatez, its token a key of the admin role.
    auto r = k < 2 ? admin.Post("/admin/reload", Auth(), "", "application/json")
                   : admin.Post(std::string("/updatez?token=") + kKey, "", "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    uint64_t v = k < 2 ? Body(r)["version"].get<uint64_t>() : Body(admin.Get("/readyz"))["version"].get<uint64_t>();
    EXPECT_GT(v, last);
    last = v;
  }
  reloading = false;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_GE(ok, 800);
}

// A port in use: the error says why, not only where.
TEST(ServerBindTest, PortInUseSaysWhy) {
  ServerOptions opts;
  opts.port = 0;
  opts.auth = false;
  std::string dir = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
  auto first = Server::Create(opts, [dir] { return LoadListDirectory(dir); });
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE((*first)->Bind().ok());
  opts.port = (*first)->port();
  auto second = Server::Create(opts, [dir] { return LoadListDirectory(dir); });
  ASSERT_TRUE(second.ok()) << second.status().message();
  Status bound = (*second)->Bind();
  EXPECT_NE(bound.message().find("127.0.0.1:" + std::to_string(opts.port) + ": cannot bind: Address already in use"),
            std::string::npos)
      << bound.message();
}

// Shutdown answers the request in flight, closes an idle kept-alive connection at once (not after
// its idle timeout) and accepts no new connection.
TEST(ServerShutdownTest, AnswersTheRequestInFlightAndClosesIdleConnections) {
  ServerOptions opts;
  opts.port = 0;
  opts.auth = false;
  opts.threads = 2;
  std::string dir = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
  auto srv = Server::Create(opts, [dir] { return LoadListDirectory(dir); });
  ASSERT_TRUE(srv.ok()) << srv.status().message();
  ASSERT_TRUE((*srv)->Bind().ok());
  std::thread run([&] { (*srv)->Run(); });
  httplib::Client idle("127.0.0.1", (*srv)->port());
  idle.set_keep_alive(true);
  for (int i = 0; i < 200 && !idle.Get("/healthz"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  json parties = json::array();
  for (int i = 0; i < 100; ++i) parties.push_back({{"name", "Vladimir Putin " + std::to_string(i)}});
  int status = 0;
  httplib::Client c("127.0.0.1", (*srv)->port());
  c.set_keep_alive(true);
  c.set_read_timeout(60, 0);
  ASSERT_TRUE(c.Get("/healthz"));  // connected before the request is sent
  std::thread busy([&] {
    if (auto r = c.Post("/v1/screen", json{{"parties", parties}}.dump(), "application/json")) status = r->status;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ((*srv)->Shutdown(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4)) << "the idle connection was waited for";
  run.join();
  busy.join();
  EXPECT_EQ(status, 200);
  httplib::Client late("127.0.0.1", (*srv)->port());
  EXPECT_FALSE(late.Get("/healthz"));
}

TEST(ServerStaleTest, StaleListsAreNotReadyAndSaySo) {
  ServerOptions opts;
  opts.port = 0;
  opts.auth = false;
  opts.max_list_age_hours = 1e-6;  // every list file is older than this
  std::string dir = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
  auto srv = Server::Create(opts, [dir] { return LoadListDirectory(dir); });
  ASSERT_TRUE(srv.ok()) << srv.status().message();
  ASSERT_TRUE((*srv)->Bind().ok());
  std::thread run([&] { (*srv)->Run(); });
  httplib::Client c("127.0.0.1", (*srv)->port());
  for (int i = 0; i < 200 && !c.Get("/healthz"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto r = c.Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(json::parse(r->body)["status"], "not_ready");
  r = c.Post("/v1/screen", R"({"name": "Vladimir Putin"})", "application/json");  // --no-auth: no key
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(json::parse(r->body)["lists_stale"].get<bool>());
  r = c.Post("/match/default", kPutinMatch, "application/json");
  ASSERT_TRUE(r);
  EXPECT_TRUE(json::parse(r->body)["lists_stale"].get<bool>());
  (*srv)->Stop();
  run.join();
}

TEST(ServerReloadTest, FailedReloadKeepsTheServedVersion) {
  ServerOptions opts;
  opts.port = 0;
  opts.api_keys = {{Sha256Hex(kKey), "ops", *RoleSet::Parse("screen,admin")}};  // reloads too
  std::string dir = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
  auto fail = std::make_shared<std::atomic<bool>>(false);
  auto drop_sdn = std::make_shared<std::atomic<bool>>(false);
  auto srv = Server::Create(opts, [dir, fail, drop_sdn]() -> StatusOr<std::vector<ListLoad>> {
    if (*fail) return Status::Internal("lists/sdn.csv: truncated");
    auto lists = LoadListDirectory(dir);
    if (lists.ok() && *drop_sdn)  // its folder moved away: the load itself is whole
      std::erase_if(*lists, [](const ListLoad& l) { return l.dataset == "ofac-sdn"; });
    return lists;
  });
  ASSERT_TRUE(srv.ok()) << srv.status().message();
  ASSERT_TRUE((*srv)->Bind().ok());
  std::thread run([&] { (*srv)->Run(); });
  httplib::Client c("127.0.0.1", (*srv)->port());
  // A reload loads every list and builds the index inside the request: on a loaded machine that
  // outlasts the client's default 5 s read timeout, and the test failed on a timeout, not a reload.
  c.set_read_timeout(300, 0);
  ASSERT_TRUE(c.Get("/healthz"));  // bound before Run: the request waits in the backlog
  *fail = true;
  httplib::Headers auth = {{"X-API-Key", kKey}};
  auto r = c.Post("/admin/reload", auth, "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "reload_failed");
  // A list served until now and missing from the new load: refused, never every answer clear.
  *fail = false;
  *drop_sdn = true;
  r = c.Post("/admin/reload", auth, "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_NE(json::parse(r->body)["error"]["message"].get<std::string>().find("ofac-sdn (in force now, 14965 records) is missing"),
            std::string::npos) << r->body;
  r = c.Post("/match/default", auth, kPutinMatch, "application/json");  // still served by version 1
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["responses"]["q1"]["results"][0]["id"], "ofac-sdn:35096");
  r = c.Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["version"], 1);
  (*srv)->Stop();
  run.join();
}

TEST(ReplyPayloadTest, PreSerialisedMembersFollowTheBodys) {
  Reply reply{200, {{"alert", true}, {"name", "Putin \"V\""}}};
  reply.raw_members.emplace_back("lists", std::make_shared<const std::string>(R"([{"dataset":"un"}])"));
  std::string type;
  std::string payload = ReplyPayload(reply, type);
  EXPECT_EQ(type, "application/json");
  EXPECT_EQ(payload, R"({"alert":true,"name":"Putin \"V\"","lists":[{"dataset":"un"}]})");
  EXPECT_EQ(json::parse(payload)["lists"][0]["dataset"], "un");
  EXPECT_EQ(reply.MemberJson("lists"), R"([{"dataset":"un"}])");
  EXPECT_EQ(reply.MemberJson("alert"), "true");
  EXPECT_EQ(reply.MemberJson("missing"), "null");

  Reply empty{200, json::object()};
  empty.raw_members = reply.raw_members;
  EXPECT_EQ(ReplyPayload(empty, type), R"({"lists":[{"dataset":"un"}]})");
}

}  // namespace
}  // namespace embargo::server
