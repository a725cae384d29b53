// Payment input as it arrives: one file or request body holding a SWIFT MT message, an RJE batch
// of MT messages, or an ISO 20022 XML message. Detects the format and parses every message.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "embargo/status.h"
#include "payments/message.h"

namespace embargo::payments {

enum class InputFormat { kMt, kIso20022, kUnknown };

// XML when the first non-blank character is '<'; MT when it is '{' or the input holds "{1:" or
// a '$' delimiter; else unknown.
InputFormat DetectFormat(std::string_view data);

// One message of the input, parsed or not. `status` is OK exactly when `message` is set.
struct ParsedMessage {
  size_t index = 0;       // 0-based position in the input (RJE batches hold several)
  size_t first_line = 1;  // 1-based line where the message starts
  std::optional<PaymentMessage> message;
  Status status;
};

// Parses every message of `data`; never empty (an unreadable input gives one failed entry).
std::vector<ParsedMessage> ParseMessages(std::string_view data);

}  // namespace embargo::payments
