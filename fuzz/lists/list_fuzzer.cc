// libFuzzer target for one list loader, chosen at compile time by EMBARGO_FUZZ_KIND (see
// fuzz/CMakeLists.txt). The loaders read paths, so each input is written to a per-process
// scratch file first. Besides crashes and sanitizer reports, the target checks the loaders'
// contract: a failed load names the file; a successful one has entities with ids in the
// dataset's namespace and a primary name, and every rejected record names the file and a reason.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "embargo/lists.h"

namespace {

using embargo::ListLoad;
using embargo::StatusOr;

#ifndef EMBARGO_FUZZ_KIND
#error "define EMBARGO_FUZZ_KIND"
#endif

// 1 UK OFSI, 2 BIS DPL, 3 US CSL, 4 EU FSF, 5 FtM JSON lines, 6 OFAC CSV, 7 OFAC XML, 8 UN XML, 9 UK FCDO.
constexpr int kKind = EMBARGO_FUZZ_KIND;

const char* Suffix() {
  switch (kKind) {
    case 2: return "dpl.txt";
    case 4: case 7: case 8: return "list.xml";
    case 5: return "entities.jsonl";
    case 6: return "sdn.csv";  // no siblings in the scratch directory: the primary file alone
    default: return "list.csv";
  }
}

StatusOr<ListLoad> Load(const std::string& path) {
  switch (kKind) {
    case 1: return embargo::LoadUkOfsiCsv(path);
    case 2: return embargo::LoadBisDpl(path);
    case 3: return embargo::LoadUsCslCsv(path);
    case 4: return embargo::LoadEuFsfXml(path);
    case 5: return embargo::LoadFtmJsonLines(path);
    case 6: return embargo::LoadOfacCsv(path, "ofac-sdn");
    case 7: return embargo::LoadOfacXml(path, "ofac-sdn");
    case 9: return embargo::LoadUkFcdoCsv(path);
    case 8: return embargo::LoadUnXml(path);
    default: __builtin_trap();
  }
}

const std::string& ScratchPath() {
  static const std::string path = [] {
    // Under $TMPDIR (scripts/fuzz.sh points it at its work directory, which it removes).
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/embargo_fuzz_XXXXXX";
    if (mkdtemp(dir.data()) == nullptr) __builtin_trap();
    return dir + "/" + Suffix();
  }();
  return path;
}

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = ScratchPath();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  StatusOr<ListLoad> r = Load(path);
  if (!r.ok()) {
    Check(r.status().message().find(path) != std::string::npos);
    return 0;
  }
  Check(!r->entities.empty());
  for (const embargo::Entity& e : r->entities) {
    Check(e.id == e.dataset + ":" + e.native_id);
    Check(!e.native_id.empty());
    Check(!e.names.empty());
  }
  for (const embargo::LoadIssue& i : r->rejected) {
    Check(i.file == path);
    Check(!i.reason.empty());
  }
  return 0;
}
