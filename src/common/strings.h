// Small string and container helpers shared by the parsers.
#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo {

// `s` without leading and trailing whitespace.
inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A share as a percentage for messages: 0.01 -> "1%", 0.1234 -> "12.3%", 0.00005 -> "0.005%".
std::string PercentText(double share);

// "line L, column C" (both from 1) of byte `offset` of `text`, for messages that point at a fault.
inline std::string LineColumn(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  size_t column = line_start == std::string_view::npos || offset == 0 ? offset + 1 : offset - line_start;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// ASCII lower case of one byte (what std::tolower does in the "C" locale, without the call).
constexpr char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c; }

// ASCII lower case.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// The fields of `s` between `sep`s, each trimmed (one empty field for an empty `s`).
inline std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    size_t p = s.find(sep);
    out.push_back(Trim(s.substr(0, p)));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

// `text` as a plain decimal number ("0.85", "-2", ".5"); nullopt for anything else, hex, an
// exponent, inf and nan included, which std::stod would take from what a user typed.
std::optional<double> DecimalNumber(std::string_view text);

// The encoding a byte order mark at the start of `bytes` says when it is not UTF-8 ("UTF-16LE",
// "UTF-16BE", "UTF-32LE", "UTF-32BE"), else "": such a file read as UTF-8 reads as noise.
inline std::string_view NonUtf8ByteOrderMark(std::string_view bytes) {
  if (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4))) return "UTF-32LE";
  if (bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) return "UTF-32BE";
  if (bytes.starts_with("\xFF\xFE")) return "UTF-16LE";
  if (bytes.starts_with("\xFE\xFF")) return "UTF-16BE";
  return "";
}

// Appends `value` unless `v` holds it already.
template <typename T>
void AddUnique(std::vector<T>& v, T value) {
  if (std::find(v.begin(), v.end(), value) == v.end()) v.push_back(std::move(value));
}

}  // namespace embargo
