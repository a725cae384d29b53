// Where the payment tests find their messages: the public samples in ../shared (skipped when
// absent) and the hand-written ones in tests/payments/testdata.
#pragma once

#include <fstream>
#include <string>

#include "common/io.h"

namespace embargo::payments {

// The file's bytes; empty when it cannot be read (the test's assertions then fail on content).
inline std::string Slurp(const std::string& path) {
  auto text = ReadFile(path);
  return text.ok() ? *text : std::string();
}
inline std::string Shared(const std::string& name) { return std::string(EMBARGO_SHARED_DATA) + "/payments/" + name; }
inline std::string TestData(const std::string& name) {
  return std::string(EMBARGO_SOURCE_DIR) + "/tests/payments/testdata/" + name;
}

#define REQUIRE_SHARED(path) \
  if (!std::ifstream(path)) GTEST_SKIP() << path << " not present (EMBARGO_SHARED_DATA)"

}  // namespace embargo::payments
