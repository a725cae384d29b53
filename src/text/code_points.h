// Walking the code points of UTF-8 text (ill-formed bytes come as negative code points).
#pragma once

#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace embargo::text {

// Whether every byte of `s` is ASCII: most names and identifiers, which skip the code points.
inline bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// How many code points `s` holds (bytes that are not UTF-8 continuation bytes).
inline size_t CodePointCount(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Calls `fn(cp, written)` for each code point of `utf8`, `written` being its bytes.
template <typename Fn>
void ForEachCodePoint(std::string_view utf8, Fn fn) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    fn(cp, utf8.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
}

// Whether `pred` holds for some code point of `utf8`.
template <typename Pred>
bool AnyCodePoint(std::string_view utf8, Pred pred) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    if (pred(cp)) return true;
  }
  return false;
}

}  // namespace embargo::text
