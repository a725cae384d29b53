// Names read as they look: Cyrillic, Greek, Lisu and Cherokee letters that look like Latin ones
// (Н H, В B, Ρ P, ꓑ P), typed into a Latin word by mistake or to slip a name past a screen (НAMAS
// reads HAMAS, not the transliterated NAMAS), and text a right-to-left override shows reversed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace embargo::text {

// `utf8` with the look-alike letters of each mixed word replaced by their Latin letters; nullopt
// when it has no such word. A mixed word holds Latin letters (other than i alone, which Belarusian
// and Ukrainian typists put for і) and Cyrillic or Greek ones, each of which has a Latin look-alike.
// Lisu and Cherokee letters (no list's script) are read as they look wherever they stand.
std::optional<std::string> LatinLookAlikeReading(std::string_view utf8);

// The capital a negative circled (🅟) or negative squared (🅿) letter stands for (Unicode gives
// them no decomposition); 0 for any other code point.
char NegativeEnclosedLetter(char32_t cp);

// `utf8` in the order it is shown: the text after each right-to-left override (U+202E), up to its
// pop (U+202C) or the end, reversed ("\u202EnituP rimidalV" shows Vladimir Putin); nullopt when
// it has no override.
std::optional<std::string> DisplayedReading(std::string_view utf8);

}  // namespace embargo::text
