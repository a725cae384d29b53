// ISO 4217 alphabetic currency codes, as ICU lists them.
#pragma once

#include <string>
#include <string_view>

namespace embargo {

// True for a code ISO 4217 gives a currency, current or withdrawn ("USD", "RUB", "HRK"), written
// as ISO writes it: three capital letters. Withdrawn codes stay valid for transactions of their
// time; codes newer than an older ICU's data (ZWG, XCG) are known too. Thread-safe.
bool IsIsoCurrency(std::string_view code);

// The ISO 3166 alpha-2 code of the country whose own currency `code` is: ISO 4217 forms a
// national currency's code from its country's code and a letter (KPW North Korea, IRR Iran, SYP
// Syria, CUP and CUC Cuba). Empty for a code no one country issues (EUR, XAF, XDR, gold XAU) and
// for anything but an ISO 4217 code. The letters may be a country's that no longer is (SUR, YUM).
std::string CurrencyCountry(std::string_view code);

// The number of decimals ISO 4217 gives `code`'s minor unit (JPY 0, EUR 2, KWD 3, CLF 4); -1 when
// it gives none (gold XAU, XDR, funds and testing codes) or `code` is no ISO 4217 code. From ISO's
// own table, not ICU's (CLDR gives IRR and KPW 0 decimals, ISO 2). A withdrawn code is taken to
// have 2.
int CurrencyMinorUnits(std::string_view code);

}  // namespace embargo
