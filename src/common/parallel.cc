#include "common/parallel.h"

namespace embargo {

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned t = 1; t < threads; ++t) helpers_.emplace_back([this] { Help(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  start_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

void WorkerPool::For(size_t begin, size_t end, const std::function<void(size_t)>& fn) {
  if (helpers_.empty() || end <= begin + 1) {
    for (size_t i = begin; i < end; ++i) fn(i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fn_ = &fn;
    next_ = begin;
    end_ = end;
    busy_ = helpers_.size();
    ++round_;
  }
  start_.notify_all();
  Work();
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return busy_ == 0; });
  fn_ = nullptr;
}

void WorkerPool::Work() {
  for (size_t i; (i = next_.fetch_add(1)) < end_;) (*fn_)(i);
}

void WorkerPool::Help() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, [&] { return stop_ || round_ != seen; });
      if (stop_) return;
      seen = round_;
    }
    Work();
    std::lock_guard<std::mutex> lock(mutex_);
    if (--busy_ == 0) done_.notify_one();
  }
}

}  // namespace embargo
