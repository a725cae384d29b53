#include "policy/blocked_currency.h"

#include <string>

#include "common/currencies.h"

namespace embargo {

std::optional<Finding> BlockedCurrency(const GeoPolicy& geo, std::string_view code) {
  std::string country = CurrencyCountry(code);
  auto match = country.empty() ? std::nullopt : geo.CheckCountry(country);
  if (!match || match->action != Verdict::kBlock) return std::nullopt;
  Finding f;
  f.action = Verdict::kReview;
  f.reason = std::string(code) + " is the currency of " + match->name + " (" + match->code + "): " + match->reason;
  return f;
}

}  // namespace embargo
