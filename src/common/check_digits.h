// Identifiers that carry their own check: IMO ship numbers and LEIs.
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace embargo {

// Seven digits whose last is the check digit of an IMO number: the first six weighted 7 to 2,
// summed, modulo 10 (9187629).
inline bool IsImoNumber(std::string_view digits) {
  if (digits.size() != 7 || !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return false;
  int sum = 0;
  for (size_t k = 0; k < 6; ++k) sum += (digits[k] - '0') * static_cast<int>(7 - k);
  return sum % 10 == digits[6] - '0';
}

// An LEI (ISO 17442) in upper case: 20 letters and digits, the last two digits, passing ISO 7064
// MOD 97-10 (letters as 10 to 35, the number modulo 97 is 1).
inline bool IsLei(std::string_view s) {
  if (s.size() != 20 || !std::isdigit(static_cast<unsigned char>(s[18])) || !std::isdigit(static_cast<unsigned char>(s[19])))
    return false;
  int mod = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && !(c >= 'A' && c <= 'Z')) return false;
    int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A' + 10;
    mod = (v >= 10 ? mod * 100 + v : mod * 10 + v) % 97;
  }
  return mod == 1;
}

}  // namespace embargo
