// JSON views of parsed payment messages (for `embargo message --format json` and the HTTP API).
#pragma once

#include <nlohmann/json.hpp>

#include "payments/message.h"

namespace embargo::payments {

nlohmann::json PartyJson(const Party& p);
// {"type", "reference", "uetr", "currency", "amount", "value_date", "cover", "parties": [...],
//  "free_text": [{"field", "lines"}], "warnings": [...]}; empty members are left out.
nlohmann::json MessageJson(const PaymentMessage& m);

}  // namespace embargo::payments
