#include "common/currencies.h"

#include <map>
#include <set>
#include <string>

#include <unicode/ucurr.h>
#include <unicode/uenum.h>

namespace embargo {
namespace {

std::set<std::string, std::less<>> IsoCurrencies() {
  // ISO 4217 since 2024 (ZWG) and 2025 (XCG): not in the data of ICU 72 (Debian 12).
  std::set<std::string, std::less<>> codes = {"XCG", "ZWG"};
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration* all = ucurr_openISOCurrencies(UCURR_ALL, &status);
  const char* code = nullptr;
  int32_t length = 0;
  while (U_SUCCESS(status) && (code = uenum_next(all, &length, &status)) != nullptr)
    codes.emplace(code, static_cast<size_t>(length));
  uenum_close(all);
  return codes;
}

}  // namespace

bool IsIsoCurrency(std::string_view code) {
  static const std::set<std::string, std::less<>> codes = IsoCurrencies();
  return code.size() == 3 && codes.contains(code);
}

std::string CurrencyCountry(std::string_view code) {
  // X...: supranational units, precious metals, funds and testing codes; EUR: the euro area.
  if (!IsIsoCurrency(code) || code[0] == 'X' || code == "EUR") return {};
  return std::string(code.substr(0, 2));
}

int CurrencyMinorUnits(std::string_view code) {
  // ISO 4217 list one (2025), the codes whose minor unit is not 2.
  static const std::map<std::string_view, int> kNotTwo = {
      {"BIF", 0}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"ISK", 0}, {"JPY", 0}, {"KMF", 0}, {"KRW", 0},
      {"PYG", 0}, {"RWF", 0}, {"UGX", 0}, {"UYI", 0}, {"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0},
      {"XPF", 0}, {"BHD", 3}, {"IQD", 3}, {"JOD", 3}, {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"TND", 3},
      {"CLF", 4}, {"UYW", 4}};
  if (!IsIsoCurrency(code)) return -1;
  if (auto it = kNotTwo.find(code); it != kNotTwo.end()) return it->second;
  // The other X codes are metals, units of account, funds and testing codes: no minor unit.
  if (code[0] == 'X' && code != "XCD" && code != "XCG") return -1;
  return 2;
}

}  // namespace embargo
