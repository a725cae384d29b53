// BICs (ISO 9362) as both message formats carry them.
#pragma once

#include <cctype>
#include <string_view>

namespace embargo::payments {

// 4 letters institution, 2 letters country, 2 letters or digits location, 3 optional branch;
// upper case as SWIFT writes them.
inline bool IsBic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (i < 6 ? !std::isupper(c) : !(std::isupper(c) || std::isdigit(c))) return false;
  }
  return true;
}

}  // namespace embargo::payments
