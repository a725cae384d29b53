// Cyrillic and Greek letters that look like Latin ones (Н H, В B, Ρ P), typed into a Latin word by
// mistake or to slip a name past a screen: НAMAS reads HAMAS, not the transliterated NAMAS.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace embargo::text {

// `utf8` with the look-alike letters of each mixed word replaced by their Latin letters; nullopt
// when it has no such word. A mixed word holds Latin letters (other than i alone, which Belarusian
// and Ukrainian typists put for і) and Cyrillic or Greek ones, each of which has a Latin look-alike.
std::optional<std::string> LatinLookAlikeReading(std::string_view utf8);

}  // namespace embargo::text
