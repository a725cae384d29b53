// Micro-benchmarks for goods, policy and trade: CHPL lookups (ns/lookup), HS parsing, address
// text against the geographic policy, and whole trade transactions per second on the examples.
#include <benchmark/benchmark.h>

#include <random>

#include "common/io.h"
#include "embargo/lists.h"
#include "embargo/screener.h"
#include "goods/chpl.h"
#include "policy/geo_policy.h"
#include "trade/trade.h"

namespace embargo {
namespace {

// Six-digit codes, half listed and half not, in random order (so branches are not predictable).
std::vector<uint32_t> Codes() {
  std::vector<uint32_t> out;
  std::mt19937 rng(42);
  const auto& items = goods::Chpl::Embedded().items();
  for (int i = 0; i < 4096; ++i) {
    out.push_back(i % 2 ? items[rng() % items.size()].hs6 : 10000 + rng() % 960000);
  }
  return out;
}

void BM_ChplFind(benchmark::State& state) {
  const goods::Chpl& chpl = goods::Chpl::Embedded();
  std::vector<uint32_t> codes = Codes();
  size_t i = 0, hits = 0;
  for (auto _ : state) {
    const goods::ChplItem* item = chpl.Find(codes[i++ & 4095]);
    hits += item != nullptr;
    benchmark::DoNotOptimize(item);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["listed_share"] = static_cast<double>(hits) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ChplFind);

void BM_ChplCheckString(benchmark::State& state) {
  const goods::Chpl& chpl = goods::Chpl::Embedded();
  const char* codes[] = {"8542.31", "8532.21.0020", "HS 9403 60", "8481.80.1099", "854800"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(chpl.Check(codes[i++ % 5]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ChplCheckString);

void BM_GeoCheckText(benchmark::State& state) {
  GeoPolicy policy = GeoPolicy::Default();
  const char* texts[] = {"ul. Profsoyuznaya 65, Moscow 117342", "220 Route 9W, Newburgh, NY 12550",
                         "ул. Героев Севастополя 48, г. Севастополь, 299001",
                         "Room 1205, Block B, Futian Electronics Plaza, Futian District, Shenzhen, Guangdong"};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(policy.CheckText(texts[i++ % 4]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GeoCheckText);

const Screener& Bundled() {
  static std::unique_ptr<Screener> s = [] {
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    return std::move(Screener::Build(std::move(*lists))).value();
  }();
  return *s;
}

// Parsing and screening a whole transaction (arg: which example).
void BM_TradeScreen(benchmark::State& state) {
  static const char* kExamples[] = {"eu_us_valves_clean.json", "cn_kg_ru_tantalum_capacitors.json",
                                    "tr_sevastopol_bearings.json", "ae_consigned_to_issuing_bank.json",
                                    "ir_tanker_artavil.json"};
  std::string text = *ReadFile(std::string(EMBARGO_SOURCE_DIR "/examples/trade/") + kExamples[state.range(0)]);
  static const GeoPolicy policy = GeoPolicy::Default();
  trade::TradeScreener ts(&Bundled(), policy, goods::Chpl::Embedded());
  for (auto _ : state) benchmark::DoNotOptimize(ts.ScreenJson(text));
  state.SetLabel(kExamples[state.range(0)]);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TradeScreen)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace embargo

BENCHMARK_MAIN();
