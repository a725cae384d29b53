// Line numbers of byte offsets in one text, for readers that name the line of many records or
// faults: counting newlines from the start for each would make a long file quadratic.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

namespace embargo {

class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {}

  // 1-based line of a byte offset (0 for an unknown, negative, offset). The newlines are found
  // on the first call, so a reader that names no line pays nothing.
  size_t LineOf(ptrdiff_t offset) {
    if (offset < 0) return 0;
    if (!indexed_) Index();
    auto before = std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<size_t>(offset));
    return 1 + static_cast<size_t>(before - newlines_.begin());
  }

 private:
  void Index() {
    for (size_t at = text_.find('\n'); at != std::string_view::npos; at = text_.find('\n', at + 1))
      newlines_.push_back(at);
    indexed_ = true;
  }

  std::string_view text_;
  std::vector<size_t> newlines_;  // byte offsets of every '\n'
  bool indexed_ = false;
};

}  // namespace embargo
