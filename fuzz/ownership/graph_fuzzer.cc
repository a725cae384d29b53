// libFuzzer target for ownership graphs (CSV and FollowTheMoney JSON lines, told apart by their
// content). Contract: a failure names the file; every entity of a graph read can be given as an
// entity (an id named twice under two names once read past the entities it named).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ownership/graph.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto graph = embargo::ownership::ParseGraph(text, "fuzz.csv");
  if (!graph.ok()) {
    if (graph.status().message().find("fuzz.csv") == std::string::npos) std::abort();
    return 0;
  }
  const auto& g = **graph;
  for (uint32_t n = 0; n < g.nodes.size(); ++n)
    if (g.NodeEntity(n).id != g.IdOf(n)) std::abort();
  for (const auto& issue : g.rejected)
    if (issue.file != "fuzz.csv") std::abort();
  return 0;
}
