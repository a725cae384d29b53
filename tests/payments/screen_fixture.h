// The fixture of the payment screening tests: the bundled lists, the default geographic policy,
// and message screeners with and without the free-text scanner, built once per test suite.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "embargo/lists.h"
#include "embargo/text_scan.h"
#include "payments/parse.h"
#include "payments/screen_message.h"
#include "policy/geo_policy.h"
#include "payment_test_files.h"

namespace embargo::payments {

class ScreenMessageTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto lists = LoadListDirectory(std::string(EMBARGO_SOURCE_DIR) + "/data/lists");
    ASSERT_TRUE(lists.ok()) << lists.status().message();
    auto s = Screener::Build(std::move(*lists));
    ASSERT_TRUE(s.ok());
    screener_ = s->release();
    geo_ = new GeoPolicy(GeoPolicy::Default());
    msg_ = new MessageScreener(*screener_, *geo_);
    auto scanner = TextScanner::Build(*screener_);
    ASSERT_TRUE(scanner.ok());
    scanner_ = scanner->release();
    ScreenOptions options;
    options.text_scanner = scanner_;
    scanning_ = new MessageScreener(*screener_, *geo_, options);
  }
  static void TearDownTestSuite() {
    delete scanning_;
    delete scanner_;
    delete msg_;
    delete geo_;
    delete screener_;
  }

  static PaymentMessage Parse(const std::string& text) {
    auto parsed = ParseMessages(text);
    EXPECT_EQ(parsed.size(), 1u);
    EXPECT_TRUE(parsed[0].message) << parsed[0].status.message();
    return parsed[0].message ? *parsed[0].message : PaymentMessage{};
  }
  static MessageScreenResult ScreenFile(const std::string& name) { return msg_->Screen(Parse(Slurp(TestData(name)))); }

  static const Finding* Find(const MessageScreenResult& r, const std::string& field, const std::string& check) {
    for (const auto& h : r.findings)
      if (h.field == field && h.check == check) return &h;
    return nullptr;
  }

  static inline Screener* screener_ = nullptr;
  static inline GeoPolicy* geo_ = nullptr;
  static inline MessageScreener* msg_ = nullptr;
  static inline TextScanner* scanner_ = nullptr;
  static inline MessageScreener* scanning_ = nullptr;  // with the free-text scanner, as `embargo message` runs
};

}  // namespace embargo::payments
