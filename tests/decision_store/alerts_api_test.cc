// /v1/screen recording and the /v1/alerts endpoints on a real server over a SQLite store.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "server/server.h"
#include "store_test_util.h"

namespace embargo::server {
namespace {

using nlohmann::json;

class AlertsApiTest : public ::testing::Test {
 protected:
  void Start(const std::string& store) {
    ServerOptions opts;
    opts.port = 0;
    opts.auth = false;
    opts.threads = 4;
    opts.store = store;
    std::string dir = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
    auto srv = Server::Create(opts, [dir] { return LoadListDirectory(dir); });
    ASSERT_TRUE(srv.ok()) << srv.status().message();
    server_ = std::move(*srv);
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  json Post(const std::string& path, const json& body, int want) {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    auto r = c.Post(path, body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, want) << path << ": " << r->body;
    return json::parse(r->body);
  }
  json Get(const std::string& path, int want) {
    httplib::Client c("127.0.0.1", server_->port());
    auto r = c.Get(path);
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, want) << path << ": " << r->body;
    return json::parse(r->body);
  }
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(AlertsApiTest, RecordsScreeningsAndDecidesAlertsWithFourEyes) {
  std::string store = testing_store::FreshStore("sqlite", "api");
  Start(store);
  json plain = Post("/v1/screen", {{"name", "Vladimir Putin"}}, 200);
  EXPECT_FALSE(plain.contains("record")) << "recording is on request";
  json r = Post("/v1/screen", {{"name", "Vladimir Putin"}, {"record", true}, {"customer_id", "K-1"}}, 200);
  EXPECT_EQ(r["verdict"], "alert");
  EXPECT_EQ(r["record"], 1);
  ASSERT_TRUE(r["hits"][0].contains("alert_id"));
  int64_t id = r["hits"][0]["alert_id"];

  json list = Get("/v1/alerts", 200);
  ASSERT_EQ(list["alerts"].size(), 1u);
  EXPECT_EQ(list["alerts"][0]["customer_id"], "K-1");
  EXPECT_EQ(list["alerts"][0]["status"], "open");

  std::string decide = "/v1/alerts/" + std::to_string(id) + "/decision";
  json d = Post(decide, {{"decision", "false_positive"}, {"reviewer", "ann"}, {"comment", "born 1990"}}, 200);
  EXPECT_EQ(d["status"], "pending_second");
  json same = Post(decide, {{"decision", "false_positive"}, {"reviewer", "ann"}, {"comment", "again"}}, 409);
  EXPECT_EQ(same["error"]["code"], "four_eyes");
  Post(decide, {{"decision", "maybe"}, {"reviewer", "bo"}, {"comment", "x"}}, 400);
  d = Post(decide, {{"decision", "false_positive"}, {"reviewer", "bo"}, {"comment", "agreed"}}, 200);
  EXPECT_EQ(d["status"], "false_positive");
  Post(decide, {{"decision", "true_match"}, {"reviewer", "cy"}, {"comment", "late"}}, 409);

  json shown = Get("/v1/alerts/" + std::to_string(id), 200);
  EXPECT_EQ(shown["decisions"].size(), 2u);
  EXPECT_FALSE(shown["hit"]["explanation"].is_null());
  Get("/v1/alerts/999", 404);
  Get("/v1/alerts/abc", 400);

  json again = Post("/v1/screen", {{"name", "Vladimir Putin"}, {"record", true}, {"customer_id", "K-1"}}, 200);
  EXPECT_EQ(again["verdict"], "suppressed");
  EXPECT_FALSE(again["alert"].get<bool>());
  EXPECT_TRUE(again["hits"][0]["suppressed"].get<bool>());
  EXPECT_EQ(testing_store::RawSql(store, "SELECT COUNT(*) FROM audit_records"), "4");
}

TEST_F(AlertsApiTest, RecordingWithoutAStoreIsRefused) {
  Start("");
  json r = Post("/v1/screen", {{"name", "Vladimir Putin"}, {"record", true}}, 400);
  EXPECT_EQ(r["error"]["code"], "no_store");
  Get("/v1/alerts", 404);
}

}  // namespace
}  // namespace embargo::server
