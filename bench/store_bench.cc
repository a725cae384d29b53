// Recording overhead per screening (Google Benchmark): the cost of RecordScreening on SQLite and
// PostgreSQL next to the screening itself. Records are real screening results of the bundled
// lists (a mix of hits and clears), one transaction each, as `screen --record` writes them.
//   build/bench/store_bench [--benchmark_filter=...]
//   EMBARGO_BENCH_PG_URI=postgresql://... build/bench/store_bench   (PostgreSQL too)
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "embargo/lists.h"
#include "embargo/screener.h"
#include "embargo/decision_store.h"
#include "decision_store/screening.h"

namespace embargo {
namespace {

struct Fixture {
  std::unique_ptr<Screener> screener;
  std::vector<Query> queries;
  std::vector<ScreeningRecord> records;
};

Fixture& Get() {
  static Fixture f = [] {
    Fixture f;
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    if (!lists.ok()) std::exit(2);
    std::vector<std::string> names;
    for (size_t i = 0; i < (*lists)[0].entities.size() && names.size() < 50; i += 97) names.push_back((*lists)[0].entities[i].caption());
    for (const char* n : {"Maria Lindqvist", "Peter Okafor", "Anna Moreau", "Johan Tanaka", "Li Kowalski"})
      for (int k = 0; k < 10; ++k) names.push_back(std::string(n) + " " + std::to_string(k));
    auto s = Screener::Build(std::move(*lists));
    f.screener = std::move(*s);
    for (const auto& n : names) {
      Query q;
      q.name = n;
      auto r = f.screener->Screen(q);
      f.queries.push_back(q);
      f.records.push_back(MakeScreeningRecord(q, *r, f.screener->lists(), "bench", "", kDefaultThreshold));
    }
    return f;
  }();
  return f;
}

void BM_Screen(benchmark::State& state) {
  Fixture& f = Get();
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(f.screener->Screen(f.queries[i++ % f.queries.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Screen)->Unit(benchmark::kMicrosecond);

void Record(benchmark::State& state, const std::string& target) {
  Fixture& f = Get();
  auto store = DecisionStore::Open(target);
  if (!store.ok()) {
    state.SkipWithError(store.status().message().c_str());
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    ScreeningRecord rec = f.records[i % f.records.size()];
    rec.customer_id = "C" + std::to_string(i++);
    auto r = (*store)->RecordScreening(rec);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_RecordSqlite(benchmark::State& state) {
  std::string path = "/tmp/embargo_store_bench_" + std::to_string(getpid()) + ".db";
  for (const char* s : {"", "-wal", "-shm"}) unlink((path + s).c_str());
  Record(state, path);
  for (const char* s : {"", "-wal", "-shm"}) unlink((path + s).c_str());
}
BENCHMARK(BM_RecordSqlite)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

void BM_RecordPostgres(benchmark::State& state) {
  const char* uri = std::getenv("EMBARGO_BENCH_PG_URI");
  if (!uri || !*uri) {
    state.SkipWithError("set EMBARGO_BENCH_PG_URI to a postgresql:// database");
    return;
  }
  Record(state, uri);
}
BENCHMARK(BM_RecordPostgres)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// The principal look-up the server makes on every request of a named API key or a workbench
// session (SignInRecord), in a SQLite store holding Arg principals.
void BM_PrincipalLookupSqlite(benchmark::State& state) {
  std::string path = "/tmp/embargo_principal_bench_" + std::to_string(getpid()) + ".db";
  for (const char* s : {"", "-wal", "-shm"}) unlink((path + s).c_str());
  auto store = DecisionStore::Open(path);
  std::vector<std::string> names;
  for (int64_t i = 0; store.ok() && i < state.range(0); ++i) {
    names.push_back("analyst-" + std::to_string(i));
    auto added = (*store)->AddPrincipal(names.back(), i == 0 ? RoleSet::All() : RoleSet::Parse("review").value(), names[0]);
    if (!added.ok()) store = added.status();
  }
  if (!store.ok()) state.SkipWithError(store.status().message().c_str());
  size_t i = 0;
  for (auto _ : state)
    if (!(*store)->SignInRecord(names[i++ % names.size()]).ok()) {
      state.SkipWithError("look-up failed");
      break;
    }
  state.SetItemsProcessed(state.iterations());
  for (const char* s : {"", "-wal", "-shm"}) unlink((path + s).c_str());
}
BENCHMARK(BM_PrincipalLookupSqlite)->Arg(10)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
