// Ownership evaluation at register scale: one JSON line of figures (docs/BENCHMARKS.md).
//
//   ownership_bench REGISTER.csv [EDITS] [BLOCKED_OUT]
//
// Loads a register in the CSV form (bench/ownership/gen_register.py) against a list of the 500
// persons it names ofac-sdn:L0..L499 (linked by id), evaluates under the OFAC rule on one thread
// as of 2026-01-01, then applies EDITS single-holding changes one at a time, each re-evaluating
// only what it reaches: half change a random holding's share, half give a listed person 60 % of
// a random company (which blocks it and what it holds in turn).
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <time.h>

#include "embargo/ownership.h"

namespace embargo {
namespace {

using Clock = std::chrono::steady_clock;
double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

double PeakRssMb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

// CPU seconds of this process (user + system): steadier than wall time on a shared machine.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

std::shared_ptr<const Screener> ListedPersons(int count) {
  ListLoad l;
  l.dataset = "ofac-sdn";
  l.title = "synthetic listed owners";
  l.content_hash = "synthetic";
  for (int i = 0; i < count; ++i) {
    Entity e;
    e.dataset = "ofac-sdn";
    e.native_id = "L" + std::to_string(i);
    e.id = "ofac-sdn:" + e.native_id;
    e.schema = Schema::kPerson;
    e.names.push_back({"Listed Owner Number " + std::to_string(i), NameKind::kPrimary});
    l.entities.push_back(std::move(e));
  }
  std::vector<ListLoad> lists;
  lists.push_back(std::move(l));
  return std::shared_ptr<const Screener>(Screener::Build(std::move(lists)).value().release());
}

// `count` (owner, asset) pairs drawn at random from the register's rows, to edit (a sample, so
// that the benchmark's own memory stays out of the peak RSS).
std::vector<std::pair<std::string, std::string>> SampleHoldings(const std::string& path, size_t count, std::mt19937_64& rng) {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  for (size_t seen = 0; std::getline(in, line); ++seen) {  // reservoir sampling
    size_t slot = out.size() < count ? out.size() : rng() % (seen + 1);
    if (slot >= count) continue;
    size_t a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    std::pair<std::string, std::string> row{line.substr(0, a), line.substr(b + 1, c - b - 1)};
    if (slot == out.size()) out.push_back(std::move(row));
    else out[slot] = std::move(row);
  }
  return out;
}

int Run(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: ownership_bench REGISTER.csv [EDITS] [BLOCKED_OUT]\n";
    return 2;
  }
  const std::string path = argv[1];
  const int edits = argc > 2 ? std::stoi(argv[2]) : 200;
  auto lists = ListedPersons(500);
  OwnershipOptions options;
  options.as_of = "2026-01-01";
  options.link_by_name = false;
  const double cpu0 = CpuSeconds();
  auto t0 = Clock::now();
  auto loaded = OwnershipEvaluator::Load({path}, lists, options);
  auto t1 = Clock::now();
  if (!loaded.ok()) {
    std::cerr << loaded.status().ToString() << "\n";
    return 2;
  }
  OwnershipEvaluator& ev = **loaded;
  const double load_cpu = CpuSeconds() - cpu0;
  const OwnershipStats full = ev.stats();
  const double rss_after_load = PeakRssMb();
  const size_t entities = ev.graph().entities, relations = ev.graph().holdings, rejected = ev.graph().rejected.size();
  size_t blocked = 0, review = 0;
  std::vector<std::string> blocked_ids;
  auto t2 = Clock::now();
  std::vector<OwnedEntity> results = ev.Results();
  auto t3 = Clock::now();
  for (const OwnedEntity& e : results) {
    if (e.status == OwnershipStatus::kBlocked) ++blocked, blocked_ids.push_back(e.id);
    else if (e.status == OwnershipStatus::kReview) ++review;
  }
  if (argc > 3) {
    std::sort(blocked_ids.begin(), blocked_ids.end());
    std::ofstream out(argv[3]);
    for (const std::string& id : blocked_ids) out << id << "\n";
  }
  results.clear();

  std::mt19937_64 rng(42);
  auto holdings = SampleHoldings(path, static_cast<size_t>(std::max(edits, 1)), rng);
  std::vector<double> share_ms, acquire_ms, cpu_ms;
  std::vector<double> touched;
  size_t changed = 0;
  for (int i = 0; i < edits; ++i) {
    HoldingEdit e;
    bool acquire = i % 2 == 1;
    auto& [owner, asset] = holdings[static_cast<size_t>(i) % holdings.size()];
    e.asset_id = asset;
    e.owner_id = acquire ? "ofac-sdn:L" + std::to_string(rng() % 500) : owner;
    e.percentage = acquire ? "60" : std::to_string(1 + rng() % 99);
    const double cpu_before = ThreadCpuMs();
    auto a = Clock::now();
    auto r = ev.ApplyEdits({e});
    auto b = Clock::now();
    cpu_ms.push_back(ThreadCpuMs() - cpu_before);
    if (!r.ok()) {
      std::cerr << r.status().ToString() << "\n";
      return 2;
    }
    changed += r->size();
    (acquire ? acquire_ms : share_ms).push_back(Ms(a, b));
    touched.push_back(static_cast<double>(ev.stats().touched));
  }
  nlohmann::json j = {
      {"register", path},
      {"entities", entities},
      {"holdings", relations},
      {"rejected", rejected},
      {"blocked_by_rule", blocked},
      {"review", review},
      {"load_and_evaluate_s", Ms(t0, t1) / 1000},
      {"load_and_evaluate_cpu_s", load_cpu},
      {"evaluate_s", full.evaluate_seconds},
      {"link_s", full.link_seconds},
      {"node_evaluations", full.evaluations},
      {"explain_all_s", Ms(t2, t3) / 1000},
      {"peak_rss_mb_after_load", rss_after_load},
      {"peak_rss_mb", PeakRssMb()},
      {"edits", edits},
      {"edit_share_ms", {{"p50", Percentile(share_ms, 0.5)}, {"p99", Percentile(share_ms, 0.99)},
                         {"max", Percentile(share_ms, 1)}}},
      {"edit_acquire_ms", {{"p50", Percentile(acquire_ms, 0.5)}, {"p99", Percentile(acquire_ms, 0.99)},
                           {"max", Percentile(acquire_ms, 1)}}},
      {"edit_cpu_ms", {{"p50", Percentile(cpu_ms, 0.5)}, {"p99", Percentile(cpu_ms, 0.99)}, {"max", Percentile(cpu_ms, 1)}}},
      {"touched_per_edit", {{"p50", Percentile(touched, 0.5)}, {"max", Percentile(touched, 1)}}},
      {"statuses_changed", changed}};
  std::cout << j.dump() << "\n";
  return 0;
}

}  // namespace
}  // namespace embargo

int main(int argc, char** argv) { return embargo::Run(argc, argv); }
