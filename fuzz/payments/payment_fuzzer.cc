// libFuzzer targets for the payment parsers: EMBARGO_FUZZ_KIND 1 is the SWIFT MT parser (with RJE
// splitting), 2 the ISO 20022 pacs parser. Besides crashes and sanitizer reports, the target checks
// the parsers' contract: a failure says why, a success has a type and a reference or the faults read
// past, and only parties that name their field.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "payments/iso20022/pacs_parser.h"
#include "payments/mt/mt_parser.h"

namespace {

#ifndef EMBARGO_FUZZ_KIND
#error "define EMBARGO_FUZZ_KIND"
#endif

void Check(const embargo::StatusOr<embargo::payments::PaymentMessage>& m) {
  if (!m.ok()) {
    const std::string& msg = m.status().message();
    if (msg.empty()) __builtin_trap();
    return;
  }
  // A message read past structural faults may lack its type or reference; it carries the faults.
  if (m->faults.empty() && (m->type.empty() || m->reference.empty())) __builtin_trap();
  for (const auto& p : m->parties)
    if (p.field.empty() || p.role.empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (EMBARGO_FUZZ_KIND == 1) {
    for (const auto& piece : embargo::payments::SplitRje(text)) Check(embargo::payments::ParseMt(piece.text, piece.first_line));
  } else {
    Check(embargo::payments::ParsePacs(text));
  }
  return 0;
}
