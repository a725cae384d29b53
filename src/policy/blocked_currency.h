// The rule on the currency of a payment or a trade, one for both: payments report it as their
// "currency" check, trade as its "geo" rule.
#pragma once

#include <optional>
#include <string_view>

#include "findings/findings.h"
#include "policy/geo_policy.h"

namespace embargo {

// REVIEW when `code` (ISO 4217) is the own currency of a country `geo` blocks outright (KPW, IRR,
// SYP, CUP): a dealing in its money is a dealing with it, though the currency alone places no
// party there. Sectoral sanctions' currencies (RUB, BYN: review in the policy) are lawful, and so
// is a currency of no one country (EUR): nullopt. The finding holds its action and reason only;
// the caller names the check, the field and what else its findings say.
std::optional<Finding> BlockedCurrency(const GeoPolicy& geo, std::string_view code);

}  // namespace embargo
