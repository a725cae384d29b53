// SWIFT FIN (MT) parser: MT103, MT202 and MT202COV in block format, CRLF or LF, and RJE batches.
#pragma once

#include <string_view>
#include <vector>

#include "embargo/status.h"
#include "payments/message.h"

namespace embargo::payments {

// Parses one FIN message ({1:}{2:}{3:}{4:...-}{5:}). An F21 acknowledgement in front of the
// message ({1:F21...}{4:{177:}{451:}}) is skipped. `first_line` is the 1-based line of text[0] in
// its input: errors name that line numbering and the tag, e.g. "line 12, field 32A: ...".
// Errors: truncated message, wrong block structure, missing block 4, unknown message type,
// characters outside the SWIFT X set in block 4, missing mandatory fields (20/32A/59 for MT103,
// 20/21/32A/58 for MT202, and 50/59 for MT202COV), unreadable 32A or BIC.
// Thread-safe; no state.
StatusOr<PaymentMessage> ParseMt(std::string_view text, size_t first_line = 1);

// One message of an RJE batch: the text between '$' delimiters and its first line.
struct MtPiece {
  std::string_view text;
  size_t first_line = 1;
};

// Splits an RJE batch at '$' (which the X character set excludes from message text, so a '$' is
// always a delimiter). Empty pieces are dropped; a single message gives one piece.
std::vector<MtPiece> SplitRje(std::string_view text);

}  // namespace embargo::payments
