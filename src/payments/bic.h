// BICs (ISO 9362) as both message formats carry them.
#pragma once

#include <cctype>
#include <string_view>

namespace embargo::payments {

// ISO 9362:2014: 4 letters or digits (business party prefix; digits allowed since 2014, as in
// "B61NZT4Y"), 2 letters country, 2 letters or digits location, 3 optional letters or digits
// branch; upper case as SWIFT writes them.
inline bool IsBic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool letter = std::isupper(c), digit = std::isdigit(c);
    if ((i == 4 || i == 5) ? !letter : !(letter || digit)) return false;
  }
  return true;
}

}  // namespace embargo::payments
