// Names read as they look: Cyrillic, Greek, Lisu and Cherokee letters that look like Latin ones
// (Н H, В B, Ρ P, ꓑ P), typed into a Latin word by mistake or to slip a name past a screen (НAMAS
// reads HAMAS, not the transliterated NAMAS), and text a right-to-left override shows reversed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace embargo::text {

// `utf8` with the look-alike letters of each mixed word replaced by their Latin letters; nullopt
// when it has no such word. A mixed word holds Latin letters (other than i alone, which Belarusian
// and Ukrainian typists put for і) and Cyrillic or Greek ones, each of which has a Latin look-alike.
// Lisu and Cherokee letters (no list's script) are read as they look wherever they stand.
std::optional<std::string> LatinLookAlikeReading(std::string_view utf8);

// What OtherWritings finds a name may be written with: digits or an l for letters, words glued
// by their capitals. One pass over the bytes: most names are neither, and are read no further.
inline constexpr uint8_t kDigitsForLetters = 1, kGluedWords = 2;
uint8_t OtherWritings(std::string_view utf8);

// `utf8` with the digits and the l of each word that writes letters with them read as the letters
// they stand for (VLAD1M1R PUT1N, BASHAR AL-A55AD, HAMA5, VLADlMlR: 0 o, 1 i, 3 e, 4 a, 5 s, 7 t;
// an l among capitals I); nullopt when no word does. A word reads so when it has two letters or
// more, more letters than such digits, and no other digit (F91, 558TH and A320 stay as written).
std::optional<std::string> DigitLookAlikeReading(std::string_view utf8);

// `utf8` with each word that glues three words or more by their capitals written apart
// (KimJongUn, BankMelliIran); nullopt when none does. Two glued words (McDonald, PetroChina) are
// left to the matching of words written together.
std::optional<std::string> GluedWordsReading(std::string_view utf8);

// The capital a negative circled (🅟) or negative squared (🅿) letter stands for (Unicode gives
// them no decomposition); 0 for any other code point.
char NegativeEnclosedLetter(char32_t cp);

// `utf8` in the order it is shown: the text after each right-to-left override (U+202E), up to its
// pop (U+202C) or the end, reversed ("\u202EnituP rimidalV" shows Vladimir Putin); nullopt when
// it has no override.
std::optional<std::string> DisplayedReading(std::string_view utf8);

}  // namespace embargo::text
