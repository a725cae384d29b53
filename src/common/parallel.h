// Runs a loop body on several threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace embargo {

// Calls fn(i) for every i in [begin, end) on `threads` threads (the caller's among them); each
// index once, in no particular order.
template <typename Fn>
void ParallelFor(size_t begin, size_t end, unsigned threads, Fn fn) {
  std::atomic<size_t> next{begin};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < end;) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && begin + t < end; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace embargo
