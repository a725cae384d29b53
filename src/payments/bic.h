// BICs (ISO 9362) as both message formats carry them.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "entity/countries.h"

namespace embargo::payments {

// The form of ISO 9362:2014: 4 letters or digits (business party prefix; digits allowed since
// 2014, as in "B61NNZT4"), 2 letters country, 2 letters or digits location, 3 optional letters or
// digits branch; upper case as SWIFT writes them.
inline bool HasBicForm(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool letter = std::isupper(c), digit = std::isdigit(c);
    if ((i == 4 || i == 5) ? !letter : !(letter || digit)) return false;
  }
  return true;
}

// Why `s` is no BIC, or "" for a BIC: not of the form, or its country (characters 5-6) is no ISO
// 3166 country (DEUTQQFF), as the lists' BICs are read (match/evidence.cc).
inline std::string BicFault(std::string_view s) {
  if (!HasBicForm(s))
    return "not a BIC (4 letters or digits, 2 letters country, 2 location, optional 3 branch)";
  if (CountryName(s.substr(4, 2)).empty())
    return "not a BIC: " + std::string(s.substr(4, 2)) + " (characters 5-6) is no ISO 3166 country";
  return "";
}

// A BIC: of the form, in a country.
inline bool IsBic(std::string_view s) { return HasBicForm(s) && !CountryName(s.substr(4, 2)).empty(); }

}  // namespace embargo::payments
