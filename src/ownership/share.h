// Shares and dates of holdings: parsed exactly, kept in whole units so that sums compare exactly
// with the rules' thresholds (33.3333 % + 16.6667 % is 50 %, not 49.99999 %).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "embargo/entity.h"
#include "embargo/status.h"

namespace embargo::ownership {

inline constexpr uint32_t kUnitsPerPercent = 10000;  // a share is kept to 0.0001 %
inline constexpr uint32_t kFullShare = 100 * kUnitsPerPercent;

enum class ShareKind : uint8_t {
  kExact,    // "50", "50 %", "33.3333"
  kRange,    // "25-50", "25 to 50 %", "more than 50", "under 25": a band, as registers publish
  kUnknown,  // not given: 0 to 100 %, never read as zero
  kDerived,  // from sharesCount/sharesValue over the asset's holdings in force
};

// A share as an interval in units of 0.0001 %. Unknown shares are [0, 100 %].
struct ShareRange {
  uint32_t low = 0;
  uint32_t high = kFullShare;
  ShareKind kind = ShareKind::kUnknown;
  friend bool operator==(const ShareRange&, const ShareRange&) = default;
};

// Reads a percentage: "50", "50%", "50.5 %", "25-50", "25–50 %", "25 to 50", ">50", "more than 50",
// "over 50", "<25", "under 25", "less than 25"; blank is unknown. Numbers are percent (0.5 is
// half a percent). Anything else, or a value outside 0..100, is an error naming the text.
StatusOr<ShareRange> ParseShare(std::string_view text);

// "50 %", "33.3333 %", "25-50 %", "unknown share".
std::string FormatShare(const ShareRange& share);
// "50", "33.3333": units as a percent number without trailing zeros.
std::string FormatPercent(uint64_t units);

// Whether a relation's role or type marks control rather than a plain holding or seat: "control",
// "controlling shareholder", "significant influence or control", "right to appoint or remove
// directors", "majority of the board".
bool IsControlRole(std::string_view role);

// A holding counts on `as_of` when it started on or before it and has not ended before it. Partial
// dates are read in the holding's favour of counting: a start of "2024" is 2024-01-01, an end of
// "2024" is 2024-12-31.
bool InForce(const PartialDate& start, const PartialDate& end, const PartialDate& as_of);

// Today's date (UTC).
PartialDate Today();

}  // namespace embargo::ownership
