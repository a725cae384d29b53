#include "common/currencies.h"

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

}  // namespace embargo
