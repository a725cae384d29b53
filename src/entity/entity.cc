#include "embargo/entity.h"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "common/strings.h"

namespace embargo {
namespace {

int MonthFromName(std::string_view s) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 3) return 0;
  std::string l = Lower(s.substr(0, 3));
  for (int i = 0; i < 12; ++i)
    if (l == kMonths[i]) return i + 1;
  return 0;
}

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::vector<std::string_view> SplitAny(std::string_view s, std::string_view seps) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find_first_of(seps, i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

int DaysInMonth(int y, int m) {
  if (m == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

// A day of the calendar (1952-02-30 is none), or a month or year with the rest unknown (0).
bool ValidDate(int y, int m, int d) {
  if (y < 1000 || y > 2999 || m < 0 || m > 12 || d < 0) return false;
  return m == 0 ? d == 0 : d <= DaysInMonth(y, m);
}

}  // namespace

std::string_view IdKindName(IdKind kind) {
  switch (kind) {
    case IdKind::kPassport: return "passport";
    case IdKind::kNationalId: return "national_id";
    case IdKind::kTaxId: return "tax_id";
    case IdKind::kRegistration: return "registration";
    case IdKind::kImo: return "imo";
    case IdKind::kMmsi: return "mmsi";
    case IdKind::kSwiftBic: return "swift_bic";
    case IdKind::kLei: return "lei";
    case IdKind::kCrypto: return "crypto";
    case IdKind::kOther: return "other";
  }
  return "other";
}

std::string PartialDate::ToString() const {
  char buf[32];
  if (year == 0) return "";
  if (month == 0) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (day == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<PartialDate> PartialDate::Parse(std::string_view text) {
  text = Trim(text);
  std::string l = Lower(text);
  for (std::string_view prefix : {"circa ", "ca. ", "approximately ", "about "})
    if (l.starts_with(prefix)) { text.remove_prefix(prefix.size()); break; }
  auto make = [](int y, int m, int d) -> std::optional<PartialDate> {
    if (!ValidDate(y, m, d)) return std::nullopt;
    return PartialDate{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
  };
  int y = 0, m = 0, d = 0;
  // ISO: 1952, 1952-10, 1952-10-07 (and a trailing time).
  if (text.size() >= 4 && ParseInt(text.substr(0, 4), y)) {
    if (text.size() == 4) return make(y, 0, 0);
    if (text[4] == '-' && text.size() >= 7 && ParseInt(text.substr(5, 2), m)) {
      if (text.size() == 7) return make(y, m, 0);
      if (text.size() >= 10 && text[7] == '-' && ParseInt(text.substr(8, 2), d)) return make(y, m, d);
    }
    return std::nullopt;
  }
  auto parts = SplitAny(text, " /.-,");
  if (parts.size() == 3 && ParseInt(parts[2], y)) {
    if (ParseInt(parts[0], d) && (ParseInt(parts[1], m) || (m = MonthFromName(parts[1])) != 0))
      return make(y, m, d);
    // "Oct 07 1952"
    if ((m = MonthFromName(parts[0])) != 0 && ParseInt(parts[1], d)) return make(y, m, d);
    return std::nullopt;
  }
  if (parts.size() == 2 && ParseInt(parts[1], y)) {
    if ((m = MonthFromName(parts[0])) != 0 || ParseInt(parts[0], m)) return make(y, m, 0);
  }
  return std::nullopt;
}

std::optional<PartialDate> PartialDate::ParseIso(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-dd";
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i)
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != '-') return std::nullopt;
  return Parse(text);
}

const std::string& Entity::caption() const {
  static const std::string kEmpty;
  return names.empty() ? kEmpty : names.front().value;
}

}  // namespace embargo
