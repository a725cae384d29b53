// Linked into every test binary: testing::TempDir() is TEST_TMPDIR when set (the build's test-tmp/,
// set by tests/CMakeLists.txt), so tests leave their scratch files in the build tree, not in /tmp.
// The directory is made here, before any test asks for it.
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace {

const bool kScratchMade = [] {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::error_code ignored;
  if (dir != nullptr && *dir != '\0') std::filesystem::create_directories(dir, ignored);
  return true;
}();

}  // namespace
