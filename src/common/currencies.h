// ISO 4217 alphabetic currency codes, as ICU lists them.
#pragma once

#include <string_view>

namespace embargo {

// True for a code ISO 4217 gives a currency, current or withdrawn ("USD", "RUB", "HRK"), written
// as ISO writes it: three capital letters. Withdrawn codes stay valid for transactions of their
// time; codes newer than an older ICU's data (ZWG, XCG) are known too. Thread-safe.
bool IsIsoCurrency(std::string_view code);

}  // namespace embargo
