// Free-text scanning workload: scanner build time and memory, then MB/s over whole documents.
//
//   text_scan_workload FILE... [--repeat N] [--lists DIR]
//
// Prints one JSON line for the build and one per file: bytes, tokens, mentions, best-of-N wall and
// thread CPU seconds, MB/s (10^6 bytes per second, single thread, warm). Make the documents with bench/text_scan_corpus.sh.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "common/io.h"
#include "embargo/lists.h"
#include "embargo/screener.h"
#include "embargo/text_scan.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// CPU time of this thread: less disturbed than wall time when other work shares the cores.
double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Current resident memory in MB, from /proc/self/status.
double RssMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace embargo;
  std::vector<std::string> files;
  std::string lists_dir = EMBARGO_SOURCE_DIR "/data/lists";
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--lists" && i + 1 < argc) lists_dir = argv[++i];
    else files.push_back(a);
  }
  if (files.empty()) {
    std::cerr << "usage: text_scan_workload FILE... [--repeat N] [--lists DIR]\n";
    return 2;
  }
  auto lists = LoadListDirectory(lists_dir);
  if (!lists.ok()) {
    std::cerr << lists.status().ToString() << "\n";
    return 2;
  }
  auto screener = Screener::Build(std::move(*lists));
  if (!screener.ok()) {
    std::cerr << screener.status().ToString() << "\n";
    return 2;
  }
  double rss_before = RssMb();
  auto t0 = Clock::now();
  auto scanner = TextScanner::Build(**screener);
  auto t1 = Clock::now();
  if (!scanner.ok()) {
    std::cerr << scanner.status().ToString() << "\n";
    return 2;
  }
  std::printf("{\"scenario\":\"build\",\"seconds\":%.3f,\"rss_added_mb\":%.1f,\"dictionary\":%zu,\"anchors\":%zu,"
              "\"name_records\":%zu,\"unreachable_records\":%zu}\n",
              Seconds(t0, t1), RssMb() - rss_before, (*scanner)->dictionary_size(), (*scanner)->anchor_count(),
              (*screener)->name_count(), (*scanner)->unreachable_count());
  for (const auto& path : files) {
    auto text = ReadFile(path);
    if (!text.ok()) {
      std::cerr << text.status().ToString() << "\n";
      return 2;
    }
    double best = 1e9, best_cpu = 1e9;
    size_t mentions = 0;
    TextScanStats stats;
    for (int r = 0; r < repeat; ++r) {
      auto a = Clock::now();
      double cpu = ThreadCpuSeconds();
      auto found = (*scanner)->Scan(*text, (*scanner)->options().threshold, &stats).mentions;
      best_cpu = std::min(best_cpu, ThreadCpuSeconds() - cpu);
      auto b = Clock::now();
      best = std::min(best, Seconds(a, b));
      mentions = found.size();
    }
    std::printf("{\"scenario\":\"scan\",\"file\":\"%s\",\"bytes\":%zu,\"tokens\":%zu,\"anchors\":%zu,\"screened\":%zu,"
                "\"mentions\":%zu,\"seconds\":%.3f,\"mb_per_s\":%.2f,\"cpu_seconds\":%.3f,\"cpu_mb_per_s\":%.2f}\n",
                path.c_str(), text->size(), stats.tokens, stats.anchors, stats.screened, mentions, best,
                text->size() / best / 1e6, best_cpu, text->size() / best_cpu / 1e6);
  }
  return 0;
}
