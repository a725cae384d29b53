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

// Why a BIC's country (characters 5-6) is none, from the code on ("QQ is no ISO 3166 country"), or
// "" for a country. It must be one today: SWIFT issues no BIC in a withdrawn code (SU, YU, CS),
// though lists still give such codes for their records' countries.
inline std::string BicCountryFault(std::string_view country) {
  if (IsCurrentCountryCode(country)) return "";
  const std::string_view former = CountryName(country);
  if (former.empty()) return std::string(country) + " is no ISO 3166 country";
  return std::string(country) + " is the withdrawn ISO 3166 code of " + std::string(former) + ", no country today";
}

// Why a party's country code (an address's, a birth country, an identifier's issuer) is none today,
// or "" when it is one or no code at all: a withdrawn code (SU, YU, CS, AN), which the lists still
// give, is read all the same (the geographic check reads it as the countries it became).
inline std::string WithdrawnCountryFault(std::string_view code) {
  const std::string_view former = CountryName(code);
  if (code.empty() || former.empty() || IsCurrentCountryCode(code)) return "";
  return "'" + std::string(code) + "' is the withdrawn ISO 3166 code of " + std::string(former) +
         ", no country today; checked as the countries it became";
}

// Why `s` is no BIC, or "" for a BIC: not of the form, or its country (characters 5-6) is no ISO
// 3166 country today (DEUTQQFF, DEUTSUFF).
inline std::string BicFault(std::string_view s) {
  if (!HasBicForm(s))
    return "not a BIC (4 letters or digits, 2 letters country, 2 location, optional 3 branch)";
  if (std::string why = BicCountryFault(s.substr(4, 2)); !why.empty())
    return "not a BIC: " + why.insert(2, " (characters 5-6)");
  return "";
}

// A BIC: of the form, in a country today.
inline bool IsBic(std::string_view s) { return HasBicForm(s) && IsCurrentCountryCode(s.substr(4, 2)); }

}  // namespace embargo::payments
