#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace embargo::cli {

ProgressBar::ProgressBar(size_t total, const char* unit)
    : total_(total), unit_(unit), shown_(isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()), last_() {}

void ProgressBar::Update(size_t done) {
  if (!shown_) return;
  auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  size_t filled = total_ ? 30 * done / total_ : 30;
  std::string eta = rate > 0 && done < total_ ? ", ETA " + std::to_string(static_cast<long>((total_ - done) / rate)) + " s"
                                              : "";
  std::fprintf(stderr, "\r[%-30s] %zu/%zu %s, %.0f/s%s   ", std::string(filled, '#').c_str(), done, total_, unit_, rate,
               eta.c_str());
  if (done >= total_) std::fprintf(stderr, "\n");
}

void ProgressBar::Finish(size_t done) {
  if (done >= total_ && done > 0) return;  // Update drew the end already
  total_ = done;
  last_ = {};
  Update(done);
}

}  // namespace embargo::cli
