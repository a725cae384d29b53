#include "text/look_alikes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

#include "text/code_points.h"

namespace embargo::text {
namespace {

// The Latin letter a letter of another script is drawn like in common fonts (Unicode's
// confusables, and a few it leaves out: Greek η τ, Cyrillic п); sorted by code point.
constexpr std::pair<UChar32, char> kAlike[] = {
    // Greek
    {0x37F, 'J'}, {0x391, 'A'}, {0x392, 'B'}, {0x395, 'E'}, {0x396, 'Z'}, {0x397, 'H'}, {0x399, 'I'}, {0x39A, 'K'},
    {0x39C, 'M'}, {0x39D, 'N'}, {0x39F, 'O'}, {0x3A1, 'P'}, {0x3A4, 'T'}, {0x3A5, 'Y'}, {0x3A7, 'X'}, {0x3B1, 'a'},
    {0x3B3, 'y'}, {0x3B7, 'n'}, {0x3B9, 'i'}, {0x3BA, 'k'}, {0x3BD, 'v'}, {0x3BF, 'o'}, {0x3C1, 'p'}, {0x3C4, 't'},
    {0x3C5, 'u'}, {0x3C7, 'x'}, {0x3D2, 'Y'}, {0x3DC, 'F'}, {0x3F1, 'p'}, {0x3F2, 'c'}, {0x3F3, 'j'}, {0x3F9, 'C'},
    {0x3FA, 'M'},
    // Cyrillic
    {0x405, 'S'}, {0x406, 'I'}, {0x408, 'J'}, {0x410, 'A'}, {0x412, 'B'}, {0x415, 'E'}, {0x41A, 'K'}, {0x41C, 'M'},
    {0x41D, 'H'}, {0x41E, 'O'}, {0x420, 'P'}, {0x421, 'C'}, {0x422, 'T'}, {0x423, 'Y'}, {0x425, 'X'}, {0x42C, 'b'},
    {0x430, 'a'}, {0x433, 'r'}, {0x435, 'e'}, {0x43E, 'o'}, {0x43F, 'n'}, {0x440, 'p'}, {0x441, 'c'}, {0x443, 'y'},
    {0x445, 'x'}, {0x455, 's'}, {0x456, 'i'}, {0x458, 'j'}, {0x461, 'w'}, {0x474, 'V'}, {0x475, 'v'}, {0x4AE, 'Y'},
    {0x4AF, 'y'}, {0x4BA, 'H'}, {0x4BB, 'h'}, {0x4BD, 'e'}, {0x4C0, 'I'}, {0x4CF, 'l'}, {0x501, 'd'}, {0x50C, 'G'},
    {0x51B, 'q'}, {0x51C, 'W'}, {0x51D, 'w'},
    // Armenian
    {0x54D, 'U'}, {0x54F, 'S'}, {0x555, 'O'}, {0x561, 'w'}, {0x563, 'q'}, {0x566, 'q'}, {0x570, 'h'}, {0x578, 'n'},
    {0x57C, 'n'}, {0x57D, 'u'}, {0x581, 'g'}, {0x584, 'f'}, {0x585, 'o'},
    // Cherokee
    {0x13A0, 'D'}, {0x13A1, 'R'}, {0x13A2, 'T'}, {0x13A5, 'i'}, {0x13A9, 'Y'}, {0x13AA, 'A'}, {0x13AB, 'J'},
    {0x13AC, 'E'}, {0x13B3, 'W'}, {0x13B7, 'M'}, {0x13BB, 'H'}, {0x13BD, 'Y'}, {0x13C0, 'G'}, {0x13C2, 'h'},
    {0x13C3, 'Z'}, {0x13CF, 'b'}, {0x13D2, 'R'}, {0x13D4, 'W'}, {0x13D5, 'S'}, {0x13D9, 'V'}, {0x13DA, 'S'},
    {0x13DE, 'L'}, {0x13DF, 'C'}, {0x13E2, 'P'}, {0x13E6, 'K'}, {0x13E7, 'd'}, {0x13F3, 'G'}, {0x13F4, 'B'},
    // Coptic
    {0x2C85, 'r'}, {0x2C8E, 'H'}, {0x2C92, 'I'}, {0x2C94, 'K'}, {0x2C98, 'M'}, {0x2C9A, 'N'}, {0x2C9E, 'O'},
    {0x2C9F, 'o'}, {0x2CA2, 'P'}, {0x2CA3, 'p'}, {0x2CA4, 'C'}, {0x2CA5, 'c'}, {0x2CA6, 'T'}, {0x2CA8, 'Y'},
    {0x2CAC, 'X'}, {0x2CD0, 'L'},
    // Lisu
    {0xA4D0, 'B'}, {0xA4D1, 'P'}, {0xA4D2, 'd'}, {0xA4D3, 'D'}, {0xA4D4, 'T'}, {0xA4D6, 'G'}, {0xA4D7, 'K'},
    {0xA4D9, 'J'}, {0xA4DA, 'C'}, {0xA4DC, 'Z'}, {0xA4DD, 'F'}, {0xA4DF, 'M'}, {0xA4E0, 'N'}, {0xA4E1, 'L'},
    {0xA4E2, 'S'}, {0xA4E3, 'R'}, {0xA4E6, 'V'}, {0xA4E7, 'H'}, {0xA4EA, 'W'}, {0xA4EB, 'X'}, {0xA4EC, 'Y'},
    {0xA4EE, 'A'}, {0xA4F0, 'E'}, {0xA4F2, 'I'}, {0xA4F3, 'O'}, {0xA4F4, 'U'},
    // Cherokee small letters
    {0xAB75, 'i'}, {0xAB81, 'r'}, {0xAB83, 'w'}, {0xAB93, 'z'}, {0xABA9, 'v'}, {0xABAA, 's'}, {0xABAF, 'c'}};

// Letters in squares and circles that are symbols to Unicode, with no decomposition to a letter:
// negative circled (🅟) and negative squared (🅿) letters, and regional indicators (🇵).
char EnclosedLetter(UChar32 cp) {
  if (char negative = NegativeEnclosedLetter(cp)) return negative;
  constexpr UChar32 kRegionalIndicatorA = 0x1F1E6;
  return cp >= kRegionalIndicatorA && cp < kRegionalIndicatorA + 26 ? static_cast<char>('A' + (cp - kRegionalIndicatorA)) : 0;
}

// The Latin letter `cp` is drawn like; 0 for none.
char LatinLookAlike(UChar32 cp) {
  if (cp < kAlike[0].first) return 0;
  if (char enclosed = EnclosedLetter(cp)) return enclosed;
  const auto* at = std::lower_bound(std::begin(kAlike), std::end(kAlike), cp,
                                    [](const std::pair<UChar32, char>& e, UChar32 c) { return e.first < c; });
  return at != std::end(kAlike) && at->first == cp ? at->second : 0;
}

// Scripts lists write names in (Greek, Cyrillic, Armenian): a word of their letters is read as it
// looks only beside Latin letters, or in a name of look-alike capitals alone (СНАТЕХ).
bool IsNameScript(UChar32 cp) { return cp >= 0x370 && cp <= 0x58F; }

// Scripts no list writes a name in (Cherokee, Coptic, Lisu) and enclosed letters: read as they
// look wherever they stand.
bool IsReadByLook(UChar32 cp) {
  return (cp >= 0x13A0 && cp <= 0x13FF) || (cp >= 0x2C80 && cp <= 0x2CFF) || (cp >= 0xA4D0 && cp <= 0xA4FF) ||
         (cp >= 0xAB70 && cp <= 0xABBF) || EnclosedLetter(cp) != 0;
}

// Most names are all ASCII or all of one script: a byte scan spares them the code points. A name
// may be read as it looks when it mixes Latin letters with Greek, Cyrillic or Armenian ones, has
// none of their small letters (look-alike capitals alone), or holds a letter read by look.
bool MayLookLatin(std::string_view s) {
  if (IsAscii(s)) return false;
  bool latin = false, name_script = false, small = false;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    latin |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    name_script |= c >= 0xCD && c <= 0xD6;  // lead bytes of U+0340 to U+05BF
    // Greek small letters (U+03B1 on), Cyrillic ones (U+0430 to U+045F), Armenian (U+0561 on)
    small |= (c == 0xCE && next >= 0xB1) || c == 0xCF || (c == 0xD0 && next >= 0xB0) || c == 0xD1 || c == 0xD5 || c == 0xD6;
    bool by_look = (c == 0xE1 && (next == 0x8E || next == 0x8F)) ||                  // Cherokee
                   (c == 0xE2 && ((next >= 0x91 && next <= 0x93) || next == 0xB2 || next == 0xB3)) ||  // enclosed, Coptic
                   (c == 0xEA && (next == 0x93 || next == 0xAD || next == 0xAE)) ||  // Lisu, Cherokee small
                   (c == 0xF0 && next == 0x9F);                                       // enclosed letters
    if (by_look) return true;
  }
  return name_script && (latin || !small);
}

struct Letter {
  UChar32 cp;
  int32_t begin, end;  // bytes
};

// Appends `word` to `out`, its look-alikes in Latin if it is read as it looks; true if it was.
// `capitals_alike`: the whole name is look-alike capitals and Latin letters.
bool AppendWord(std::string_view utf8, const std::vector<Letter>& word, bool capitals_alike, std::string& out) {
  bool latin = false, other = false, all_alike = true, by_look = false;
  for (const Letter& l : word) {
    if (l.cp < 0x80) latin |= (l.cp | 0x20) != 'i';
    if (IsNameScript(l.cp) && u_isalpha(l.cp)) other = true, all_alike &= LatinLookAlike(l.cp) != 0;
    if (IsReadByLook(l.cp)) by_look = true, all_alike &= LatinLookAlike(l.cp) != 0;
  }
  bool read = ((latin && other) || (other && capitals_alike) || by_look) && all_alike;
  for (const Letter& l : word) {
    char alike = read && l.cp >= 0x80 ? LatinLookAlike(l.cp) : 0;
    if (alike) out += alike;
    else out.append(utf8.substr(static_cast<size_t>(l.begin), static_cast<size_t>(l.end - l.begin)));
  }
  return read;
}

// Whether every letter of `utf8` is a look-alike of a Latin capital and none is Latin: a Latin name
// typed in look-alike capitals (СНАТЕХ for CHATEX). A Latin letter beside them says the words
// apart are of two scripts (ООО HAMAS), as a Latin i typed for і does (СIВАК).
bool IsCapitalsAlike(std::string_view utf8) {
  bool letters = false;
  bool unlike = AnyCodePoint(utf8, [&](UChar32 cp) {
    if (cp < 0 || !u_isalpha(cp)) return false;
    letters = true;
    return u_islower(cp) || cp < 0x80 || !LatinLookAlike(cp);
  });
  return letters && !unlike;
}

constexpr std::string_view kRightToLeftOverride = "\u202E", kPopDirectionalFormatting = "\u202C";

// `text` with its letters, each with the marks that follow it, in reverse order.
std::string Reversed(std::string_view text) {
  std::vector<std::string_view> clusters;
  ForEachCodePoint(text, [&](UChar32 cp, std::string_view written) {
    bool mark = cp >= 0 && (U_GET_GC_MASK(cp) & U_GC_M_MASK);
    if (mark && !clusters.empty()) clusters.back() = {clusters.back().data(), clusters.back().size() + written.size()};
    else clusters.push_back(written);
  });
  std::string out;
  out.reserve(text.size());
  for (auto it = clusters.rbegin(); it != clusters.rend(); ++it) out.append(*it);
  return out;
}

}  // namespace

char NegativeEnclosedLetter(char32_t cp) {
  for (char32_t first : {0x1F150u, 0x1F170u})
    if (cp >= first && cp < first + 26) return static_cast<char>('A' + (cp - first));
  return 0;
}

std::optional<std::string> DisplayedReading(std::string_view utf8) {
  size_t at = utf8.find(kRightToLeftOverride);
  if (at == std::string_view::npos) return std::nullopt;
  std::string out;
  while (at != std::string_view::npos) {
    out.append(utf8.substr(0, at));
    utf8.remove_prefix(at + kRightToLeftOverride.size());
    size_t end = std::min(utf8.find(kPopDirectionalFormatting), utf8.size());
    out += Reversed(utf8.substr(0, end));
    utf8.remove_prefix(std::min(end + kPopDirectionalFormatting.size(), utf8.size()));
    at = utf8.find(kRightToLeftOverride);
  }
  out.append(utf8);
  return out;
}

std::optional<std::string> LatinLookAlikeReading(std::string_view utf8) {
  if (!MayLookLatin(utf8)) return std::nullopt;
  const bool capitals_alike = IsCapitalsAlike(utf8);
  std::string out;
  std::vector<Letter> word;
  bool any = false;
  int32_t i = 0, n = static_cast<int32_t>(utf8.size());
  while (i <= n) {
    int32_t begin = i;
    UChar32 cp = -1;
    if (i < n) U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, n, cp);
    else ++i;
    // Marks and invisible characters (soft hyphen, joiners) stay inside the word, as names are read.
    bool in_word = cp >= 0 && (u_isalpha(cp) || u_charType(cp) == U_NON_SPACING_MARK || u_charType(cp) == U_FORMAT_CHAR ||
                               EnclosedLetter(cp));
    if (in_word) {
      word.push_back({cp, begin, i});
      continue;
    }
    any |= AppendWord(utf8, word, capitals_alike, out);
    word.clear();
    if (begin < n) out.append(utf8.substr(static_cast<size_t>(begin), static_cast<size_t>(i - begin)));
  }
  if (!any) return std::nullopt;
  return out;
}

namespace {

bool IsSmall(char c) { return c >= 'a' && c <= 'z'; }
bool IsCapital(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsSmall(c) || IsCapital(c) || IsDigit(c); }

// Whether `utf8` has a capital after a small letter `at_least` times: most names have none.
bool GluedAtLeast(std::string_view utf8, size_t at_least) {
  size_t joins = 0;
  for (size_t i = 1; i < utf8.size(); ++i) joins += IsSmall(utf8[i - 1]) && IsCapital(utf8[i]);
  return joins >= at_least;
}

template <typename Read>
std::optional<std::string> ReadWords(std::string_view utf8, Read read) {
  std::string out;
  bool any = false;
  for (size_t i = 0; i < utf8.size();) {
    if (!IsAsciiAlnum(utf8[i])) {
      out += utf8[i++];
      continue;
    }
    size_t end = i;
    while (end < utf8.size() && IsAsciiAlnum(utf8[end])) ++end;
    const std::string_view word = utf8.substr(i, end - i);
    std::optional<std::string> read_as = read(word);
    any |= read_as.has_value();
    out += read_as ? *read_as : std::string(word);
    i = end;
  }
  if (!any) return std::nullopt;
  return out;
}

char DigitLetter(char c) {
  switch (c) {
    case '0': return 'O';
    case '1': return 'I';
    case '3': return 'E';
    case '4': return 'A';
    case '5': return 'S';
    case '7': return 'T';
    default: return 0;
  }
}

std::optional<std::string> DigitsAsLetters(std::string_view word) {
  size_t letters = 0, alike = 0, capitals = 0, small_l = 0, other_small = 0;
  for (char c : word) {
    if (IsDigit(c)) {
      if (!DigitLetter(c)) return std::nullopt;
      ++alike;
    } else {
      ++letters;
      capitals += IsCapital(c);
      small_l += c == 'l';
      other_small += IsSmall(c) && c != 'l';
    }
  }
  const bool l_among_capitals = small_l > 0 && other_small == 0 && capitals >= 3;
  if (letters < 2 || letters <= alike || (alike == 0 && !l_among_capitals)) return std::nullopt;
  // In the word's own case: Vlad1m1r reads Vladimir, not VladImIr (three words glued by capitals).
  const char to_case = other_small > 0 ? 0x20 : 0;
  std::string out(word);
  for (char& c : out) {
    if (char letter = DigitLetter(c)) c = static_cast<char>(letter | to_case);
    else if (c == 'l' && l_among_capitals) c = 'I';
  }
  return out;
}

std::optional<std::string> GluedWordsApart(std::string_view word) {
  if (!GluedAtLeast(word, 2)) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (i > 0 && IsSmall(word[i - 1]) && IsCapital(word[i])) out += ' ';
    out += word[i];
  }
  return out;
}

}  // namespace

uint8_t OtherWritings(std::string_view utf8) {
  // Bits of what each byte is: a capital, a small letter (l too), an l, a digit that may stand
  // for a letter.
  enum : unsigned { kCapital = 1, kSmall = 2, kL = 4, kDigit = 8 };
  static constexpr auto kKinds = [] {
    std::array<uint8_t, 256> kinds{};
    for (int c = 'A'; c <= 'Z'; ++c) kinds[c] = kCapital;
    for (int c = 'a'; c <= 'z'; ++c) kinds[c] = kSmall;
    kinds['l'] = kSmall | kL;
    for (char c : {'0', '1', '3', '4', '5', '7'}) kinds[static_cast<uint8_t>(c)] = kDigit;
    return kinds;
  }();
  // One cheap pass, without branches; the few names it flags are read again word by word.
  unsigned joins = 0, digits = 0, before = 0;
  for (char c : utf8) {
    const unsigned here = kKinds[static_cast<uint8_t>(c)];
    joins += (before >> 1) & here & 1;                 // a capital after a small letter
    const unsigned letter_here = (here | (here >> 1)) & 1, letter_before = (before | (before >> 1)) & 1;
    digits |= ((here >> 3) & letter_before) | ((before >> 3) & letter_here) |  // a digit beside a letter
              ((here >> 2) & before & 1);  // an l after a capital
    before = here;
  }
  return (digits ? kDigitsForLetters : 0) | (joins >= 2 ? kGluedWords : 0);
}

std::optional<std::string> DigitLookAlikeReading(std::string_view utf8) { return ReadWords(utf8, DigitsAsLetters); }

std::optional<std::string> GluedWordsReading(std::string_view utf8) { return ReadWords(utf8, GluedWordsApart); }

}  // namespace embargo::text
