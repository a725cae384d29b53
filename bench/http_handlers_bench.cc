// The HTTP service's work per request without the network: the handlers of POST /v1/screen and
// POST /match/default on the bundled lists, against the screening alone, with the request bodies
// of bench/http/screen.lua (names of the name-variants query set). Together with the wrk runs of
// bench/http/run.sh this tells the transport's share of a request from the handler's.
//
//   build/bench/http_handlers_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "common/csv.h"
#include "embargo/lists.h"
#include "server/api.h"

namespace embargo::server {
namespace {

using nlohmann::json;

const Snapshot& Bundled() {
  static std::shared_ptr<const Snapshot> snap = [] {
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    return MakeSnapshot(std::move(*lists), 1).value();
  }();
  return *snap;
}

struct NameQuery {
  std::string name, type;
};

// The name-variants queries (column 2 name, 3 type), as bench/http/screen.lua reads them.
const std::vector<NameQuery>& Queries() {
  static std::vector<NameQuery> queries = [] {
    std::vector<NameQuery> out;
    std::ifstream in(EMBARGO_SOURCE_DIR "/../shared/benchmarks/name-variants/dev_queries.csv");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CsvReader csv(text);
    std::vector<std::string> fields;
    csv.Next(fields);  // header
    while (csv.Next(fields))
      if (fields.size() >= 2 && !fields[1].empty()) out.push_back({fields[1], fields.size() > 2 ? fields[2] : ""});
    if (out.empty()) out.push_back({"Vladimir Putin", "person"});
    return out;
  }();
  return queries;
}

std::vector<std::string> Bodies(bool match) {
  static const char* kSchemas[][2] = {{"person", "Person"}, {"organization", "Organization"}, {"vessel", "Vessel"},
                                      {"aircraft", "Airplane"}};
  std::vector<std::string> out;
  for (const auto& q : Queries()) {
    if (match) {
      std::string schema = "LegalEntity";
      for (const auto& s : kSchemas)
        if (q.type == s[0]) schema = s[1];
      out.push_back(json{{"queries", {{"q1", {{"schema", schema}, {"properties", {{"name", {q.name}}}}}}}}}.dump());
    } else {
      json body = {{"name", q.name}};
      if (!q.type.empty()) body["type"] = q.type;
      out.push_back(body.dump());
    }
  }
  return out;
}

void BM_ScreenOnly(benchmark::State& state) {
  const Screener& screener = *Bundled().screener;
  MatchOptions opts;
  size_t i = 0;
  for (auto _ : state) {
    const NameQuery& q = Queries()[i++ % Queries().size()];
    Query query;
    query.name = q.name;
    query.schema = ParseSchema(q.type);
    benchmark::DoNotOptimize(screener.Screen(query, opts));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScreenOnly);

// A handler as the route calls it, over the bodies in turn: parse, work, build and serialise the
// JSON reply.
template <typename Handler>
void RunHandler(benchmark::State& state, const std::vector<std::string>& bodies, Handler handler) {
  ApiContext ctx{Bundled()};
  size_t i = 0;
  for (auto _ : state) {
    Reply r = handler(ctx, bodies[i++ % bodies.size()]);
    std::string content_type;
    benchmark::DoNotOptimize(ReplyPayload(r, content_type));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ScreenHandler(benchmark::State& state) {
  RunHandler(state, Bodies(false), [](const ApiContext& ctx, const std::string& body) { return Screen(ctx, {}, body); });
}
BENCHMARK(BM_ScreenHandler);

void BM_MatchHandler(benchmark::State& state) {
  RunHandler(state, Bodies(true), [](const ApiContext& ctx, const std::string& body) { return Match(ctx, "default", {}, body); });
}
BENCHMARK(BM_MatchHandler);

}  // namespace
}  // namespace embargo::server

BENCHMARK_MAIN();
