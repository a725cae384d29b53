#include "ownership/share.h"

#include <ctime>
#include <optional>
#include <tuple>

#include "common/strings.h"

namespace embargo::ownership {
namespace {

// "50", "33.3333", "0.5" as units of 0.0001 % (further decimals round half up).
std::optional<uint64_t> ParseUnits(std::string_view s) {
  s = Trim(s);
  uint64_t whole = 0, fraction = 0;
  size_t digits = 0, decimals = 0;
  bool point = false, round_up = false;
  for (char c : s) {
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    ++digits;
    if (!point) {
      if (whole > 1000) return std::nullopt;  // far past 100 %
      whole = whole * 10 + static_cast<uint64_t>(c - '0');
    } else if (decimals < 4) {
      fraction = fraction * 10 + static_cast<uint64_t>(c - '0');
      ++decimals;
    } else if (decimals++ == 4) {
      round_up = c >= '5';
    }
  }
  if (digits == 0) return std::nullopt;
  for (size_t i = std::min<size_t>(decimals, 4); i < 4; ++i) fraction *= 10;
  return whole * kUnitsPerPercent + fraction + (round_up ? 1 : 0);
}

bool StripPrefix(std::string& s, std::string_view prefix) {
  if (s.compare(0, prefix.size(), prefix) != 0) return false;
  s = std::string(Trim(std::string_view(s).substr(prefix.size())));
  return true;
}

bool StripSuffix(std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  s = std::string(Trim(std::string_view(s).substr(0, s.size() - suffix.size())));
  return true;
}

// Dashes of every width as '-'.
std::string PlainDashes(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\xE2\x80\x93") == 0 || text.compare(i, 3, "\xE2\x80\x94") == 0) {
      out += '-';
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Status BadShare(std::string_view text, std::string_view why) {
  return Status::InvalidArgument("share '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

StatusOr<ShareRange> ParseShare(std::string_view text) {
  std::string s = Lower(PlainDashes(Trim(text)));
  if (s.empty()) return ShareRange{};
  StripSuffix(s, "percent") || StripSuffix(s, "%");
  enum { kExactly, kAbove, kAtLeast, kBelow, kAtMost } bound = kExactly;
  for (auto [prefix, b] : {std::pair{">=", kAtLeast}, {"at least", kAtLeast}, {">", kAbove}, {"more than", kAbove},
                           {"over", kAbove}, {"above", kAbove}, {"<=", kAtMost}, {"at most", kAtMost}, {"up to", kAtMost},
                           {"<", kBelow}, {"less than", kBelow}, {"under", kBelow}, {"below", kBelow}})
    if (StripPrefix(s, prefix)) {
      bound = b;
      break;
    }
  const std::string_view kExpected = "expected a percentage such as 50, 50 %, 25-50 or >50";
  size_t dash = s.find('-', 1), to = s.find(" to ");
  if (bound == kExactly && (dash != std::string::npos || to != std::string::npos)) {
    size_t cut = dash != std::string::npos ? dash : to, skip = dash != std::string::npos ? 1 : 4;
    auto lo = ParseUnits(std::string_view(s).substr(0, cut));
    std::string high_text(Trim(std::string_view(s).substr(cut + skip)));
    StripSuffix(high_text, "%");
    auto hi = ParseUnits(high_text);
    if (!lo || !hi) return BadShare(text, kExpected);
    if (*lo > *hi || *hi > kFullShare) return BadShare(text, "a range must run from low to high within 0 to 100 %");
    return ShareRange{static_cast<uint32_t>(*lo), static_cast<uint32_t>(*hi), ShareKind::kRange};
  }
  auto v = ParseUnits(s);
  if (!v) return BadShare(text, kExpected);
  if (*v > kFullShare) return BadShare(text, "more than 100 %");
  uint32_t u = static_cast<uint32_t>(*v);
  switch (bound) {
    case kExactly: return ShareRange{u, u, ShareKind::kExact};
    case kAtLeast: return ShareRange{u, kFullShare, ShareKind::kRange};
    case kAbove:
      if (u == kFullShare) return BadShare(text, "more than 100 %");
      return ShareRange{u + 1, kFullShare, ShareKind::kRange};
    case kAtMost: return ShareRange{0, u, ShareKind::kRange};
    case kBelow:
      if (u == 0) return BadShare(text, "less than 0 %");
      return ShareRange{0, u - 1, ShareKind::kRange};
  }
  return BadShare(text, kExpected);
}

std::string FormatPercent(uint64_t units) {
  std::string out = std::to_string(units / kUnitsPerPercent);
  if (uint64_t f = units % kUnitsPerPercent; f != 0) {
    std::string frac = std::to_string(f + kUnitsPerPercent).substr(1);  // four digits
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

std::string FormatShare(const ShareRange& share) {
  switch (share.kind) {
    case ShareKind::kExact: return FormatPercent(share.low) + " %";
    case ShareKind::kRange: return FormatPercent(share.low) + "-" + FormatPercent(share.high) + " %";
    case ShareKind::kDerived:
      return (share.low == share.high ? FormatPercent(share.low) : FormatPercent(share.low) + "-" + FormatPercent(share.high)) +
             " % (from share counts)";
    case ShareKind::kUnknown: break;
  }
  return "unknown share";
}

bool IsControlRole(std::string_view role) {
  std::string r = Lower(role);
  for (std::string_view marker : {"control", "appoint", "majority of the board", "majority of directors", "board majority"})
    if (r.find(marker) != std::string::npos) return true;
  return false;
}

bool InForce(const PartialDate& start, const PartialDate& end, const PartialDate& as_of) {
  auto day = [](const PartialDate& d, int month_default, int day_default) {
    return std::tuple<int, int, int>(d.year, d.month ? d.month : month_default, d.day ? d.day : day_default);
  };
  auto now = day(as_of, 1, 1);
  if (!start.empty() && day(start, 1, 1) > now) return false;
  if (!end.empty() && day(end, 12, 31) < now) return false;
  return true;
}

PartialDate Today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return PartialDate{static_cast<int16_t>(tm.tm_year + 1900), static_cast<int8_t>(tm.tm_mon + 1),
                     static_cast<int8_t>(tm.tm_mday)};
}

}  // namespace embargo::ownership
