// WorkerPool: every index once per round, and the same threads from round to round.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "common/parallel.h"

namespace embargo {
namespace {

TEST(WorkerPool, EveryIndexOnceInEveryRound) {
  WorkerPool pool(3);
  for (size_t round = 0; round < 200; ++round) {
    size_t begin = round % 7, end = begin + round % 50;  // empty, one-index and longer ranges
    std::vector<std::atomic<int>> calls(end);
    pool.For(begin, end, [&](size_t i) { calls[i].fetch_add(1); });
    for (size_t i = 0; i < end; ++i) ASSERT_EQ(calls[i].load(), i >= begin ? 1 : 0) << "round " << round << ", index " << i;
  }
}

// What a thread builds for itself on first use, as the search tables are: counted per build.
std::atomic<int> builds{0};
struct ThreadCache {
  ThreadCache() { builds.fetch_add(1); }
};

TEST(WorkerPool, KeepsItsThreadsAcrossRounds) {
  WorkerPool pool(2);
  builds = 0;
  std::atomic<bool> caller_worked{false};
  const std::thread::id caller = std::this_thread::get_id();
  for (int round = 0; round < 100; ++round)
    pool.For(0, 64, [&](size_t) {
      thread_local ThreadCache cache;
      std::this_thread::sleep_for(std::chrono::microseconds(20));  // room for both threads to take a turn
      if (std::this_thread::get_id() == caller) caller_worked = true;
    });
  EXPECT_LE(builds.load(), 2) << "a new thread per round would build its cache again every round";
  EXPECT_TRUE(caller_worked.load()) << "the caller works too";
}

TEST(WorkerPool, OneThreadRunsOnTheCaller) {
  WorkerPool pool(1);
  std::set<std::thread::id> seen;
  pool.For(0, 10, [&](size_t) { seen.insert(std::this_thread::get_id()); });
  EXPECT_EQ(seen, std::set<std::thread::id>{std::this_thread::get_id()});
}

}  // namespace
}  // namespace embargo
