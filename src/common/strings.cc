// The string helpers of strings.h that need <charconv> or <cstdio>, kept out of the header.
#include "common/strings.h"

#include <charconv>
#include <cstdio>

namespace embargo {

std::string PercentText(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*g%%", share < 0.01 ? 2 : 3, share * 100);
  return text;
}

std::optional<double> DecimalNumber(std::string_view text) {
  std::string_view unsigned_part = text.starts_with('-') ? text.substr(1) : text;
  size_t digits = static_cast<size_t>(
      std::count_if(unsigned_part.begin(), unsigned_part.end(), [](char c) { return c >= '0' && c <= '9'; }));
  bool one_dot = unsigned_part.find('.') != std::string_view::npos;
  if (digits == 0 || digits + (one_dot ? 1 : 0) != unsigned_part.size()) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace embargo
