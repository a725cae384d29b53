// A progress bar with rate and ETA on stderr, shown only when stderr is a terminal (stdout stays
// clean for the results).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace embargo::cli {

class ProgressBar {
 public:
  // `total` may be an estimate: Finish sets the real one.
  explicit ProgressBar(size_t total, const char* unit = "rows");
  // Redraws at most five times a second.
  void Update(size_t done);
  // The last drawing, with `done` as the total.
  void Finish(size_t done);

 private:
  size_t total_;
  const char* unit_;
  bool shown_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace embargo::cli
