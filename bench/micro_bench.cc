// Micro-benchmarks of the hot paths: normalisation, token similarity, one screening.
#include <benchmark/benchmark.h>

#include "embargo/lists.h"
#include "embargo/screener.h"
#include "text/normalize.h"
#include "text/similarity.h"

namespace embargo {
namespace {

void BM_NormalizeLatin(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::NormalizeName("PUTIN, Vladimir Vladimirovich", SchemaFamily::kPerson));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeLatin);

void BM_NormalizeCyrillic(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::NormalizeName("Сергей Кужугетович Шойгу", SchemaFamily::kPerson));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeCyrillic);

void BM_PhoneticKey(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::PhoneticKey("shchukinskaya"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PhoneticKey);

void BM_DamerauLevenshtein(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(text::DamerauLevenshtein("viktorovich", "viktorosvich", 2));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DamerauLevenshtein);

const Screener& Bundled() {
  static std::unique_ptr<Screener> s = [] {
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    auto s = Screener::Build(std::move(*lists));
    return std::move(s).value();
  }();
  return *s;
}

void BM_Screen(benchmark::State& state) {
  const char* names[] = {"Vladimir Putin", "LIMITED LIABILITY COMPANY GAZPROM BURENIE", "Сергей Лавров",
                         "Mohammed Al-Hashimi", "Todd Young", "MV Graceful"};
  const Screener& s = Bundled();
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(s.Screen(Query{.name = names[i++ % 6]}));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Screen);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
