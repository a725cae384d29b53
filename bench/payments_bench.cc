// Payment message throughput (Google Benchmark): MT103 parse only, and parse + screen on one
// thread, over 512 generated MT103s whose ordering and beneficiary customers are the innocent
// names of ../shared/benchmarks/name-variants (fallback: a small built-in set), so each message
// screens different names. Also pacs.008 for comparison.
//
//   build/bench/payments_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/csv.h"
#include "embargo/lists.h"
#include "embargo/screener.h"
#include "embargo/text_scan.h"
#include "payments/iso20022/pacs_parser.h"
#include "payments/mt/mt_parser.h"
#include "payments/screen_message.h"
#include "policy/geo_policy.h"

namespace embargo::payments {
namespace {

std::vector<std::string> Names() {
  std::vector<std::string> names;
  std::ifstream f(EMBARGO_SOURCE_DIR "/../shared/benchmarks/name-variants/dev_innocents.csv");
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();  // the reader views it: it must outlive the reader
  CsvReader reader(text);
  std::vector<std::string> row;
  reader.Next(row);  // header id,name,type
  while (reader.Next(row))
    if (row.size() > 1) {
      std::string n;
      for (char c : row[1])  // keep to the SWIFT X character set
        n += (std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '.' || c == ',') ? c : ' ';
      names.push_back(n.substr(0, 35));
    }
  if (names.size() < 16)
    names = {"JOHANNA DE VRIES", "KLAUS BERGMANN", "GLOBAL TECH CORPORATION", "MARTA KOWALSKA", "NORDIC TIMBER AB",
             "PIERRE DUBOIS", "ACME WIDGETS LTD", "SILVIA ROSSI", "HARBOUR LANE LOGISTICS", "TOMAS NOVAK",
             "BLUE RIVER FOODS INC", "AIKO TANAKA", "ANDES MINING SA", "LARS NIELSEN", "OCEANIC FREIGHT LLC",
             "MARIA GONZALEZ"};
  return names;
}

const std::vector<std::string>& Mt103s() {
  static const std::vector<std::string> messages = [] {
    std::vector<std::string> names = Names(), out;
    const char* cities[] = {"AMSTERDAM NETHERLANDS", "MUNICH GERMANY", "LYON FRANCE", "NEW YORK NY 10005 US", "OSLO NORWAY"};
    const char* bics[] = {"DEUTDEFF", "BNPAFRPPXXX", "ABNANL2A", "CHASUS33XXX", "DNBANOKK"};
    for (size_t i = 0; i < 512; ++i) {
      std::string m = "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{3:{121:3f1c6a2e-5b7d-4c1e-9a0b-1d2e3f4a5b6c}}{4:\r\n";
      m += ":20:BENCH" + std::to_string(i) + "\r\n:23B:CRED\r\n:32A:261128EUR" + std::to_string(1000 + i) + ",00\r\n";
      m += ":50K:/DE89370400440532013000\r\n" + names[(2 * i) % names.size()] + "\r\n" + std::to_string(i % 90 + 1) +
           " MAIN STREET\r\n" + cities[i % 5] + "\r\n";
      m += ":52A:" + std::string(bics[i % 5]) + "\r\n:57A:" + bics[(i + 2) % 5] + "\r\n";
      m += ":59:/NL91ABNA0417164300\r\n" + names[(2 * i + 1) % names.size()] + "\r\n" + std::to_string(i % 70 + 1) +
           " HIGH STREET\r\n" + cities[(i + 3) % 5] + "\r\n";
      m += ":70:INVOICE 2026-" + std::to_string(i) + "\r\nPAYMENT FOR SERVICES\r\n:71A:SHA\r\n-}";
      out.push_back(std::move(m));
    }
    return out;
  }();
  return messages;
}

struct Engine {
  std::unique_ptr<Screener> screener;
  GeoPolicy geo = GeoPolicy::Default();
  std::unique_ptr<MessageScreener> messages;
  std::unique_ptr<TextScanner> scanner;
};

const Engine& Bundled() {
  static Engine e = [] {
    Engine e;
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    e.screener = std::move(Screener::Build(std::move(*lists))).value();
    e.messages = std::make_unique<MessageScreener>(*e.screener, e.geo);
    e.scanner = std::move(TextScanner::Build(*e.screener)).value();
    return e;
  }();
  return e;
}

void BM_Mt103Parse(benchmark::State& state) {
  const auto& msgs = Mt103s();
  size_t i = 0;
  for (auto _ : state) {
    auto m = ParseMt(msgs[i++ % msgs.size()]);
    if (!m.ok()) state.SkipWithError(m.status().message().c_str());
    benchmark::DoNotOptimize(m);
  }
  state.counters["messages/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Mt103Parse);

void BM_Mt103ParseAndScreen(benchmark::State& state) {
  const auto& msgs = Mt103s();
  const Engine& e = Bundled();
  bool free_text = state.range(0) != 0;
  ScreenOptions opts;
  opts.screen_free_text = free_text;
  if (state.range(0) == 2) opts.text_scanner = e.scanner.get();
  if (state.range(1) > 0) opts.retry_candidates = static_cast<size_t>(state.range(1));
  MessageScreener screener(*e.screener, e.geo, opts);
  size_t i = 0, review = 0, checks = 0, incomplete = 0;
  for (auto _ : state) {
    auto m = ParseMt(msgs[i++ % msgs.size()]);
    MessageScreenResult r = screener.Screen(*m);
    review += r.verdict != Verdict::kPass;
    incomplete += r.incomplete;
    checks += r.checks;
  }
  state.counters["messages/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["not_pass_%"] = 100.0 * static_cast<double>(review) / static_cast<double>(state.iterations());
  state.counters["incomplete_%"] = 100.0 * static_cast<double>(incomplete) / static_cast<double>(state.iterations());
  state.counters["checks/msg"] = static_cast<double>(checks) / static_cast<double>(state.iterations());
  state.SetLabel(std::string(state.range(0) == 2 ? "free text scanned" : free_text ? "free text lines as names" : "parties only") +
                 (state.range(1) == 64 ? ", no retry" : ""));
}
// Args: free text (0 off, 1 each line screened as a name, 2 scanned by the free-text scanner, as
// `embargo message` and the server do); retry budget for a name query that reached the 64-candidate budget
// (0: the default ScreenOptions::retry_candidates, 512; 64: no retry, such a query is REVIEW).
BENCHMARK(BM_Mt103ParseAndScreen)->Args({2, 0})->Args({1, 0})->Args({0, 0})->Args({1, 64})->Args({0, 64})->Unit(benchmark::kMicrosecond);

std::string Pacs008() {
  std::ifstream f(EMBARGO_SOURCE_DIR "/tests/payments/testdata/pacs008_clean.xml");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void BM_Pacs008ParseAndScreen(benchmark::State& state) {
  std::string xml = Pacs008();
  const Engine& e = Bundled();
  for (auto _ : state) {
    auto m = ParsePacs(xml);
    benchmark::DoNotOptimize(e.messages->Screen(*m));
  }
  state.counters["messages/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Pacs008ParseAndScreen)->Unit(benchmark::kMicrosecond);

// One pacs.008 whose transaction is repeated N times (the sample's CdtTrfTxInf): parse time must
// grow linearly with N (the Big-O line Google Benchmark fits), as naming each field's line and
// transaction once made quadratic.
void BM_Pacs008ParseManyTransactions(benchmark::State& state) {
  std::string xml = Pacs008();
  size_t begin = xml.find("<CdtTrfTxInf>"), end = xml.find("</CdtTrfTxInf>") + std::string("</CdtTrfTxInf>").size();
  std::string tx = xml.substr(begin, end - begin), many;
  for (int64_t i = 0; i < state.range(0); ++i) many += tx;
  xml.replace(begin, end - begin, many);
  for (auto _ : state) {
    auto m = ParsePacs(xml);
    if (!m.ok()) state.SkipWithError(m.status().message().c_str());
    benchmark::DoNotOptimize(m);
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_Pacs008ParseManyTransactions)->RangeMultiplier(4)->Range(256, 16384)->Unit(benchmark::kMillisecond)->Complexity();

}  // namespace
}  // namespace embargo::payments

BENCHMARK_MAIN();
