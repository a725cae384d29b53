// Calendar dates as payment messages write them.
#pragma once

#include <string_view>

namespace embargo {

// Whether year-month-day is a day of the Gregorian calendar (29 February in leap years only).
inline bool IsCalendarDate(int year, int month, int day) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month != 2 || day <= 28 || leap;
}

// The number the digits of `s` write, or -1 if `s` is empty or holds another character.
inline int DigitsValue(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return s.empty() ? -1 : v;
}

// "YYMMDD" (SWIFT MT, the century 20), "YYYYMMDD" (MT 50F) or "YYYY-MM-DD" (ISO 20022's ISODate)
// naming a day of the calendar.
inline bool IsPaymentDate(std::string_view s) {
  const bool iso = s.size() == 10 && s[4] == '-' && s[7] == '-';
  if (s.size() != 6 && s.size() != 8 && !iso) return false;
  const size_t y = s.size() == 6 ? 2 : 4, m = iso ? 5 : y, d = m + (iso ? 3 : 2);
  const int year = DigitsValue(s.substr(0, y)), month = DigitsValue(s.substr(m, 2)), day = DigitsValue(s.substr(d, 2));
  return year >= 0 && IsCalendarDate(s.size() == 6 ? 2000 + year : year, month, day);
}

}  // namespace embargo
