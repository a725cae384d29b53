// libFuzzer target for the list store's readers: a `current/<source>` pointer and the
// version.json it leads to, both taken from the input (split at the first newline). Besides
// crashes and sanitizer reports it checks the contract: a failure names a file of the store;
// a success returns one version of the source, read from its directory.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "embargo/list_store.h"

namespace {

namespace fs = std::filesystem;

const std::string& ListStoreDir() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/embargo_store_fuzz_" + std::to_string(getpid());
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string pointer = input.substr(0, nl), json = nl == std::string::npos ? "" : input.substr(nl + 1);
  const std::string& store = ListStoreDir();
  fs::remove_all(store);
  fs::create_directories(store + "/current");
  fs::create_directories(store + "/versions/src/v1");
  std::ofstream(store + "/current/src", std::ios::binary) << pointer;
  std::ofstream(store + "/versions/src/v1/version.json", std::ios::binary) << json;
  auto versions = embargo::CurrentVersions(store);
  if (!versions.ok()) {
    if (versions.status().message().find(store) == std::string::npos) {
      std::fprintf(stderr, "error does not name the store: %s\n", versions.status().message().c_str());
      std::abort();
    }
  } else if (versions->size() != 1 || versions->front().path.rfind(store + "/versions/src/", 0) != 0) {
    std::fprintf(stderr, "a version outside its source's directory\n");
    std::abort();
  }
  auto stored = embargo::StoredVersions(store, "src");
  (void)stored;
  return 0;
}
