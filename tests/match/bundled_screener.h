// The screener over the bundled lists, built once per test binary and shared by its tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "embargo/lists.h"
#include "embargo/screener.h"

namespace embargo {

inline const Screener& BundledScreener() {
  static const std::unique_ptr<Screener> screener = [] {
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    EXPECT_TRUE(lists.ok()) << lists.status().ToString();
    if (!lists.ok()) return std::unique_ptr<Screener>();
    auto s = Screener::Build(std::move(*lists));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : std::unique_ptr<Screener>();
  }();
  if (!screener) {
    ADD_FAILURE() << "the bundled lists could not be loaded";
    std::abort();
  }
  return *screener;
}

}  // namespace embargo
