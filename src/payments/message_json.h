// JSON views of parsed payment messages (for `embargo message --format json` and the HTTP API).
#pragma once

#include <nlohmann/json.hpp>

#include "payments/message.h"
#include "payments/parse.h"
#include "payments/screen_message.h"

namespace embargo::payments {

nlohmann::json PartyJson(const Party& p);
// {"type", "reference", "uetr", "uetrs" (of several transactions), "currency", "amount",
//  "value_date", "currencies": [{"field", "code"}], "cover", "parties": [...], "free_text": [{"field", "lines"}], "warnings": [...], "faults": [...]};
//  empty members are left out.
nlohmann::json MessageJson(const PaymentMessage& m);

// One message's screening outcome: {"index", "line", "verdict", "type", "reference", "checks",
// "incomplete", "errors": [...], "hits": [{"field", "role", "check", "value", "action", "reason",
// "score", "entity_id", "entity_name", "programs"}], "screened": [{"field", "role", "check",
// "value", "result", "note"}] (every check run, format faults included), "warnings"}. A message that did not parse has
// verdict ERROR and its parse error; `screen` is then ignored.
nlohmann::json ScreenResultJson(const ParsedMessage& parsed, const MessageScreenResult* screen);

}  // namespace embargo::payments
