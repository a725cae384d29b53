// Workload driver: named end-to-end scenarios, each printing one JSON line of figures.
//
//   workload load   [LISTS_DIR]           load and index the lists; time and peak memory
//   workload screen CSV [LISTS_DIR]       single thread, warm: names/s and per-query p50/p99 (wall and CPU),
//                                         and the rate of the first (warm-up) pass
//   workload scale  N [QUERIES]           synthetic list of N entities from real name parts
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/csv.h"
#include "common/io.h"
#include "embargo/lists.h"
#include "embargo/screener.h"

namespace embargo {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// Peak and current resident memory in MB, from /proc/self/status.
std::pair<double, double> MemoryMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  double peak = 0, now = 0;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) peak = std::stod(line.substr(6)) / 1024.0;
    if (line.rfind("VmRSS:", 0) == 0) now = std::stod(line.substr(6)) / 1024.0;
  }
  return {peak, now};
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

std::string ListsDir(int argc, char** argv, int pos) {
  return argc > pos ? argv[pos] : EMBARGO_SOURCE_DIR "/data/lists";
}

std::unique_ptr<Screener> LoadOrDie(const std::string& dir, double* load_ms, double* index_ms) {
  auto t0 = Clock::now();
  auto lists = LoadListDirectory(dir);
  if (!lists.ok()) {
    std::cerr << lists.status().ToString() << "\n";
    std::exit(2);
  }
  auto t1 = Clock::now();
  auto s = Screener::Build(std::move(*lists));
  auto t2 = Clock::now();
  if (load_ms) *load_ms = Ms(t0, t1);
  if (index_ms) *index_ms = Ms(t1, t2);
  return std::move(s).value();
}

int Load(int argc, char** argv) {
  double load_ms = 0, index_ms = 0;
  auto s = LoadOrDie(ListsDir(argc, argv, 2), &load_ms, &index_ms);
  auto [peak, now] = MemoryMb();
  std::printf("{\"scenario\":\"load\",\"entities\":%zu,\"names\":%zu,\"parse_ms\":%.1f,\"index_ms\":%.1f,\"total_ms\":%.1f,"
              "\"peak_rss_mb\":%.1f}\n", s->entity_count(), s->name_count(), load_ms, index_ms, load_ms + index_ms, peak);
  return 0;
}

std::vector<Query> ReadQueries(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) {
    std::cerr << text.status().ToString() << "\n";
    std::exit(2);
  }
  CsvReader reader(*text);
  std::vector<std::string> header, f;
  reader.Next(header);
  size_t name_col = std::find(header.begin(), header.end(), "name") - header.begin();
  size_t type_col = std::find(header.begin(), header.end(), "type") - header.begin();
  std::vector<Query> out;
  while (reader.Next(f)) {
    Query q;
    q.name = name_col < f.size() ? f[name_col] : "";
    if (type_col < f.size()) q.schema = ParseSchema(f[type_col]);
    out.push_back(std::move(q));
  }
  return out;
}

// CPU time of the calling thread, in microseconds: on a shared machine it leaves out the time
// the thread waited for a core, which wall time does not.
double ThreadCpuUs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

// EMBARGO_SLOWEST=N: the N queries that took the most CPU time in the timed pass, on stderr,
// to see where the tail comes from.
void PrintSlowest(const std::vector<Query>& queries, const std::vector<double>& cpu_us) {
  const char* env = std::getenv("EMBARGO_SLOWEST");
  size_t n = env ? std::min<size_t>(std::strtoul(env, nullptr, 10), cpu_us.size()) : 0;
  std::vector<size_t> order(cpu_us.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::partial_sort(order.begin(), order.begin() + n, order.end(),
                    [&](size_t a, size_t b) { return cpu_us[a] > cpu_us[b]; });
  for (size_t k = 0; k < n; ++k) std::fprintf(stderr, "%8.1f us  %s\n", cpu_us[order[k]], queries[order[k]].name.c_str());
}

// Three passes: a warm-up, the rate, and the latencies. The rate's pass reads the clocks only at
// its ends: reading them around every query costs a system call or two (the thread's CPU time),
// which on a virtual machine is a tenth of a query's time. The latencies' pass reads them per
// query, wall clock and then the thread's CPU time ("cpu_"), which competing processes inflate far
// less; its own rate is `timed_names_per_second`.
std::string Measure(const Screener& s, const std::vector<Query>& queries, const MatchOptions& options = {}) {
  auto untimed_pass = [&] {
    auto t0 = Clock::now();
    for (const auto& q : queries) (void)s.Screen(q, options);
    return Ms(t0, Clock::now()) / 1000.0;
  };
  // The warm-up pass meets every listed word for the first time (its variants are not yet kept).
  const double first_secs = untimed_pass();
  const double rate_secs = untimed_pass();
  std::vector<double> us, cpu_us;
  us.reserve(queries.size());
  cpu_us.reserve(queries.size());
  auto t0 = Clock::now();
  double cpu0 = ThreadCpuUs();
  for (const auto& q : queries) {
    auto a = Clock::now();
    double cpu_a = ThreadCpuUs();
    (void)s.Screen(q, options);
    cpu_us.push_back(ThreadCpuUs() - cpu_a);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
  }
  double secs = Ms(t0, Clock::now()) / 1000.0, cpu_secs = (ThreadCpuUs() - cpu0) / 1e6;
  PrintSlowest(queries, cpu_us);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "\"queries\":%zu,\"names_per_second\":%.0f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,"
                "\"cpu_names_per_second\":%.0f,\"cpu_p50_us\":%.1f,\"cpu_p99_us\":%.1f,\"first_pass_names_per_second\":%.0f,"
                "\"timed_names_per_second\":%.0f",
                queries.size(), queries.size() / rate_secs, Percentile(us, 0.5), Percentile(us, 0.99), Percentile(us, 1.0),
                queries.size() / cpu_secs, Percentile(cpu_us, 0.5), Percentile(cpu_us, 0.99), queries.size() / first_secs,
                queries.size() / secs);
  return buf;
}

// "screen": the default options; "match": what a yente /match request asks (hits down to the
// 0.5 cut-off, five of them).
int ScreenScenario(int argc, char** argv, bool match) {
  if (argc < 3) return 2;
  auto queries = ReadQueries(argv[2]);
  auto s = LoadOrDie(ListsDir(argc, argv, 3), nullptr, nullptr);
  MatchOptions options;
  if (match) {
    options.include_below_threshold = true;
    options.min_score = 0.5;
    options.limit = 5;
  }
  std::string figures = Measure(*s, queries, options);
  auto [peak, now] = MemoryMb();
  std::printf("{\"scenario\":\"%s\",\"threads\":1,%s,\"peak_rss_mb\":%.1f}\n", match ? "match" : "screen",
              figures.c_str(), peak);
  return 0;
}

// A synthetic list made by recombining the name parts of the real lists.
int Scale(int argc, char** argv) {
  size_t n = argc > 2 ? std::stoul(argv[2]) : 100000;
  size_t nq = argc > 3 ? std::stoul(argv[3]) : 2000;
  auto real = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
  if (!real.ok()) return 2;
  std::vector<std::string> surnames, given, org_words;
  std::unordered_set<std::string> seen;
  for (const auto& l : *real)
    for (const auto& e : l.entities) {
      const std::string& name = e.caption();
      size_t comma = name.find(',');
      std::string word;
      auto flush = [&](std::vector<std::string>& into) {
        if (word.size() > 1 && seen.insert(word + std::to_string(&into == &surnames)).second) into.push_back(word);
        word.clear();
      };
      for (size_t i = 0; i <= name.size(); ++i) {
        char c = i < name.size() ? name[i] : ' ';
        auto& into = e.schema != Schema::kPerson ? org_words : (comma != std::string::npos && i < comma ? surnames : given);
        if (std::isalpha(static_cast<unsigned char>(c))) word += c;
        else flush(into);
      }
    }
  std::mt19937 rng(42);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  static const char* kForms[] = {"LLC", "JSC", "LIMITED", "CO., LTD.", "GMBH", "PJSC"};
  ListLoad list;
  list.dataset = "synthetic";
  list.entities.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Entity e;
    e.dataset = "synthetic";
    e.native_id = std::to_string(i);
    e.id = "synthetic:" + e.native_id;
    if (rng() % 10 < 6) {
      e.schema = Schema::kPerson;
      e.names.push_back({pick(surnames) + ", " + pick(given) + " " + pick(given), NameKind::kPrimary});
    } else {
      e.schema = Schema::kOrganization;
      std::string name = pick(org_words) + " " + pick(org_words);
      if (rng() % 2) name += " " + pick(org_words);
      e.names.push_back({name + " " + kForms[rng() % 6], NameKind::kPrimary});
    }
    list.entities.push_back(std::move(e));
  }
  std::vector<Query> queries;
  for (size_t i = 0; i < nq; ++i) {
    const Entity& e = list.entities[rng() % n];
    std::string name = e.caption();
    // One typo in a long word, never the first letter, as the name-variants set does.
    size_t pos = 1 + rng() % std::max<size_t>(1, name.size() - 1);
    if (std::isalpha(static_cast<unsigned char>(name[pos]))) name[pos] = static_cast<char>('A' + rng() % 26);
    queries.push_back({.name = name, .schema = e.schema});
  }
  auto before = MemoryMb();
  auto t0 = Clock::now();
  std::vector<ListLoad> lists;
  lists.push_back(std::move(list));
  auto s = Screener::Build(std::move(lists));
  double build_ms = Ms(t0, Clock::now());
  auto after = MemoryMb();
  std::string figures = Measure(**s, queries);
  std::printf("{\"scenario\":\"scale\",\"entities\":%zu,\"names\":%zu,\"build_ms\":%.0f,\"index_rss_mb\":%.1f,%s}\n", n,
              (*s)->name_count(), build_ms, after.second - before.second, figures.c_str());
  return 0;
}

}  // namespace
}  // namespace embargo

int main(int argc, char** argv) {
  std::string scenario = argc > 1 ? argv[1] : "";
  if (scenario == "load") return embargo::Load(argc, argv);
  if (scenario == "screen" || scenario == "match") return embargo::ScreenScenario(argc, argv, scenario == "match");
  if (scenario == "scale") return embargo::Scale(argc, argv);
  std::fprintf(stderr, "usage: workload load [LISTS] | screen CSV [LISTS] | match CSV [LISTS] | scale N [QUERIES]\n");
  return 2;
}
