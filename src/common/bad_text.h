// Bytes that cannot be stored or shown as text (not UTF-8, or NUL), found and escaped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace embargo {

// The offset of the first byte that is not UTF-8 text or is NUL (no database stores either as
// text), or npos.
size_t BadTextByte(std::string_view bytes);
// `s` with every byte BadTextByte finds written as \xNN, so that it can be stored and shown as text.
std::string EscapeBadText(std::string_view s);

}  // namespace embargo
