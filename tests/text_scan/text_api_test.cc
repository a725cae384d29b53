// POST /v1/screen/text end to end: a real server on a free loopback port, real HTTP requests.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "server/server.h"
#include "../server/test_server.h"

namespace embargo::server {
namespace {

using nlohmann::json;

class TextApiTest : public BundledServerTest {
 protected:
  static std::string Testdata(const std::string& name) {
    std::ifstream in(std::string(EMBARGO_SOURCE_DIR) + "/tests/text_scan/testdata/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

TEST_F(TextApiTest, PlainTextBodyGivesMentionsWithOffsets) {
  std::string text = Testdata("en_iran.txt");
  auto r = Client().Post("/v1/screen/text", Auth(), text, "text/plain; charset=utf-8");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_TRUE(j["alert"].get<bool>());
  EXPECT_EQ(j["bytes"], text.size());
  ASSERT_EQ(j["mentions"].size(), 6u) << r->body;
  for (const auto& m : j["mentions"]) {
    size_t b = m["begin"], e = m["end"];
    EXPECT_EQ(text.substr(b, e - b), m["text"].get<std::string>());
    EXPECT_TRUE(m["hit"].contains("explanation"));
  }
  EXPECT_EQ(j["mentions"][0]["entity_id"], "ofac-sdn:10391");
  EXPECT_TRUE(j["lists"].is_array());
}

TEST_F(TextApiTest, JsonBodyAndThreshold) {
  json body = {{"text", "Вчера Геннадий Тимченко и ПАО НК Роснефть."}, {"threshold", 0.99}};
  auto r = Client().Post("/v1/screen/text", Auth(), body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_EQ(j["mentions"].size(), 1u) << r->body;  // Timchenko scores 0.95 (no patronymic), under 0.99
  EXPECT_EQ(j["mentions"][0]["text"], "ПАО НК Роснефть");
  EXPECT_EQ(j["mentions"][0]["char_begin"], 26);
  EXPECT_EQ(j["threshold"], 0.99);
}

// A name glued by a zero width space (JSON escapes it as \u200b) or by its capitals is found, its
// offsets those of the text as sent.
TEST_F(TextApiTest, AGluedNameIsFoundWithOffsetsIntoTheTextSent) {
  const std::string text = "Fees to Vladimir\u200BPutin and KimJongUn.";
  json body = {{"text", text}};
  auto r = Client().Post("/v1/screen/text", Auth(), body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  ASSERT_EQ(j["mentions"].size(), 2u) << r->body;
  EXPECT_EQ(j["mentions"][0]["begin"], 8);
  EXPECT_EQ(j["mentions"][0]["end"], 8 + std::string("Vladimir\u200BPutin").size());
  EXPECT_EQ(j["mentions"][0]["char_end"], 8 + 14);
  EXPECT_EQ(j["mentions"][0]["entity_id"], "ofac-sdn:35096");
  EXPECT_EQ(j["mentions"][1]["begin"], text.find("KimJongUn"));
  EXPECT_EQ(j["mentions"][1]["text"], "KimJongUn");
}

TEST_F(TextApiTest, CleanTextIsNoAlert) {
  auto r = Client().Post("/v1/screen/text", Auth(), "Vladimir said the Bank was closed.", "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  json j = json::parse(r->body);
  EXPECT_FALSE(j["alert"].get<bool>());
  EXPECT_TRUE(j["complete"].get<bool>());  // clear only because every span was screened
  EXPECT_TRUE(j["unscreened"].empty());
  EXPECT_TRUE(j["mentions"].empty());
}

TEST_F(TextApiTest, ErrorsAreClear) {
  auto bad = Client().Post("/v1/screen/text", Auth(), std::string("Rosneft \xC3\x28"), "text/plain");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("byte offset 8"), std::string::npos) << bad->body;
  auto no_text = Client().Post("/v1/screen/text", Auth(), R"({"txt": "x"})", "application/json");
  ASSERT_TRUE(no_text);
  EXPECT_EQ(no_text->status, 400);
  EXPECT_NE(no_text->body.find("text: expected a string"), std::string::npos);
  auto threshold = Client().Post("/v1/screen/text?threshold=2", Auth(), "Rosneft", "text/plain");
  ASSERT_TRUE(threshold);
  EXPECT_EQ(threshold->status, 400);
  // 0 would make every word a mention: refused in the query and in the body alike.
  for (auto [target, body] : {std::pair{"/v1/screen/text?threshold=0", R"({"text": "Rosneft"})"},
                              std::pair{"/v1/screen/text", R"({"text": "Rosneft", "threshold": 0})"}}) {
    auto zero = Client().Post(target, Auth(), body, "application/json");
    ASSERT_TRUE(zero);
    EXPECT_EQ(zero->status, 400) << target;
    EXPECT_NE(zero->body.find("threshold: expected a number in (0, 1]"), std::string::npos) << zero->body;
  }
  auto unauthorised = Client().Post("/v1/screen/text", "Rosneft", "text/plain");
  ASSERT_TRUE(unauthorised);
  EXPECT_EQ(unauthorised->status, 401);
}

// A form's body was scanned as percent-encoded text, and a member or parameter the endpoint does
// not read was ignored: each answered alert false with a listed name in it.
TEST_F(TextApiTest, WhatIsNotReadIsRefused) {
  auto form = Client().Post("/v1/screen/text", Auth(), "text=Wire%20to%20Promsvyazbank", "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415) << form->body;
  // Markup split the names it tags ("<b>Vladimir</b> <b>Putin</b>"): refused, naming the type.
  for (const char* type : {"text/html", "Text/HTML; charset=utf-8", "application/xml", "application/octet-stream"}) {
    auto markup = Client().Post("/v1/screen/text", Auth(), "<p>Payment to <b>Vladimir</b> <b>Putin</b></p>", type);
    ASSERT_TRUE(markup);
    EXPECT_EQ(markup->status, 415) << type << markup->body;
    std::string named = std::string(type).substr(0, std::string(type).find(';'));
    EXPECT_NE(markup->body.find("Content-Type: " + named + ": send the text as text/plain"), std::string::npos)
        << markup->body;
  }
  json extra = {{"text", "Payment for invoice 42."}, {"texts", {"Payment to Promsvyazbank"}}};
  auto member = Client().Post("/v1/screen/text", Auth(), extra.dump(), "application/json");
  ASSERT_TRUE(member);
  EXPECT_EQ(member->status, 400);
  EXPECT_NE(member->body.find("texts"), std::string::npos) << member->body;
  auto param = Client().Post("/v1/screen/text?text=Promsvyazbank", Auth(), "Payment for invoice 42.", "text/plain");
  ASSERT_TRUE(param);
  EXPECT_EQ(param->status, 400);
  EXPECT_NE(param->body.find("text: unknown parameter"), std::string::npos) << param->body;
}

TEST_F(TextApiTest, AnAnswerOverItsBoundIsRefusedWhole) {
  // 5,001 mentions: a megabyte of such text was answered with a hundred megabytes.
  std::string text;
  for (int i = 0; i < 5001; ++i) text += "Wire to Promsvyazbank.\n";
  auto r = Client().Post("/v1/screen/text", Auth(), text, "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413) << r->body.substr(0, 300);
  EXPECT_NE(r->body.find("answer_too_large"), std::string::npos) << r->body.substr(0, 300);
}

TEST_F(TextApiTest, ScannerFollowsAReload) {
  ASSERT_TRUE(server_->Reload().ok());
  auto r = Client().Post("/v1/screen/text", Auth(), "Sovcomflot chartered the NS Champion.", "text/plain");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["mentions"].size(), 2u) << r->body;
}

}  // namespace
}  // namespace embargo::server
