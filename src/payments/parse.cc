#include "payments/parse.h"

#include <algorithm>
#include <cctype>
#include <exception>

#include "payments/iso20022/pacs_parser.h"
#include "payments/mt/mt_parser.h"

namespace embargo::payments {

std::string FormatFault::Text() const {
  std::string where = "line " + std::to_string(line);
  if (!field.empty()) where += (field.find('/') != std::string::npos ? ", " : ", field ") + field;
  return where + ": " + what;
}

std::string FaultText(const std::vector<FormatFault>& faults, size_t line) {
  std::string out;
  for (const auto& f : faults) out += (out.empty() ? "" : "; ") + f.Text();
  return out.empty() ? "line " + std::to_string(line) + ": no party, BIC or text" : out;
}

InputFormat DetectFormat(std::string_view data) {
  size_t i = data.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < data.size() && std::isspace(static_cast<unsigned char>(data[i]))) ++i;
  if (i == data.size()) return InputFormat::kUnknown;
  if (data[i] == '<') return InputFormat::kIso20022;
  if (data[i] == '{' || data[i] == '$' || data.find("{1:") != std::string_view::npos) return InputFormat::kMt;
  return InputFormat::kUnknown;
}

namespace {

// An account number or identifier has digits and no spaces; another value in its place
// (":59:/VLADIMIR PUTIN", "/SABRRUMM", an ISO Othr/Id "Rosoboronexport") would be read by no
// check: screened as text as well.
bool NumberShaped(std::string_view v) {
  bool digits = std::any_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  return digits && v.find(' ') == std::string_view::npos;
}

void ScreenOddNumbersAsText(PaymentMessage& m) {
  for (const Party& p : m.parties) {
    if (!p.account.empty() && !NumberShaped(p.account)) m.free_text.push_back({p.field + " account", {p.account}, {}, p.line});
    for (const PartyId& id : p.ids)
      if (!id.value.empty() && !NumberShaped(id.value)) m.free_text.push_back({p.field + " id", {id.value}, {}, p.line});
  }
}

// Parses one message; a parser failing unexpectedly (an exception) fails that message only,
// naming the line it starts at.
template <typename Parse>
StatusOr<PaymentMessage> Guarded(size_t line, Parse parse) {
  try {
    return parse();
  } catch (const std::exception& e) {
    return Status::InvalidArgument("line " + std::to_string(line) + ": the message could not be read: " + e.what());
  }
}

}  // namespace

std::vector<ParsedMessage> ParseMessages(std::string_view data) {
  std::vector<ParsedMessage> out;
  auto add = [&](size_t line, StatusOr<PaymentMessage> m) {
    ParsedMessage p;
    p.index = out.size();
    p.first_line = line;
    if (m.ok()) ScreenOddNumbersAsText(*m);
    if (m.ok()) p.message = std::move(*m);
    else p.status = m.status();
    out.push_back(std::move(p));
  };
  switch (DetectFormat(data)) {
    case InputFormat::kIso20022:
      add(1, Guarded(1, [&] { return ParsePacs(data); }));
      break;
    case InputFormat::kMt: {
      auto pieces = SplitRje(data);
      for (const auto& piece : pieces) add(piece.first_line, Guarded(piece.first_line, [&] { return ParseMt(piece.text, piece.first_line); }));
      if (pieces.empty()) add(1, Status::InvalidArgument("line 1: no message between the '$' delimiters"));
      break;
    }
    case InputFormat::kUnknown:
      add(1, Status::InvalidArgument(data.find_first_not_of(" \t\r\n") == std::string_view::npos
                                         ? "empty input: no payment message"
                                         : "line 1: not a payment message (expected SWIFT MT blocks '{1:' or ISO 20022 XML)"));
      break;
  }
  return out;
}

}  // namespace embargo::payments
