// Runs a loop body on several threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
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

// ParallelFor for loops run again and again (a batch in chunks, a worker's polls): its threads
// are kept, so what a thread builds for itself on first use (search tables, transliterators)
// is built once, not once a loop.
class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);  // threads - 1 helpers; the caller works too
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Calls fn(i) for every i in [begin, end), each once, and returns when all are done.
  void For(size_t begin, size_t end, const std::function<void(size_t)>& fn);

 private:
  void Work();
  void Help();

  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(size_t)>* fn_ = nullptr;
  std::atomic<size_t> next_{0};
  size_t end_ = 0;
  uint64_t round_ = 0;
  size_t busy_ = 0;  // helpers still in the current round
  bool stop_ = false;
  std::vector<std::thread> helpers_;
};

}  // namespace embargo
