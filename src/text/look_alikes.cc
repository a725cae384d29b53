#include "text/look_alikes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

namespace embargo::text {
namespace {

// The Latin letter a Cyrillic or Greek letter is drawn like in common fonts; 0 for none.
char LatinLookAlike(UChar32 cp) {
  switch (cp) {
    case 0x410: case 0x391: return 'A';
    case 0x412: case 0x392: return 'B';
    case 0x421: return 'C';
    case 0x415: case 0x395: return 'E';
    case 0x41D: case 0x397: case 0x4BA: return 'H';
    case 0x406: case 0x399: return 'I';
    case 0x408: return 'J';
    case 0x41A: case 0x39A: return 'K';
    case 0x41C: case 0x39C: return 'M';
    case 0x39D: return 'N';
    case 0x41E: case 0x39F: return 'O';
    case 0x420: case 0x3A1: return 'P';
    case 0x405: return 'S';
    case 0x422: case 0x3A4: return 'T';
    case 0x425: case 0x3A7: return 'X';
    case 0x423: case 0x4AE: case 0x3A5: return 'Y';
    case 0x396: return 'Z';
    case 0x430: case 0x3B1: return 'a';
    case 0x441: return 'c';
    case 0x501: return 'd';
    case 0x435: return 'e';
    case 0x4BB: return 'h';
    case 0x456: case 0x3B9: return 'i';
    case 0x458: return 'j';
    case 0x3BA: return 'k';
    case 0x4CF: return 'l';
    case 0x43E: case 0x3BF: return 'o';
    case 0x440: case 0x3C1: return 'p';
    case 0x51B: return 'q';
    case 0x455: return 's';
    case 0x3C5: return 'u';
    case 0x3BD: return 'v';
    case 0x51D: return 'w';
    case 0x445: case 0x3C7: return 'x';
    case 0x443: return 'y';
    default: return 0;
  }
}

// The Latin letter a Lisu or Cherokee letter is drawn like (Unicode's confusables); 0 for none.
// No list writes a name in either script: a word of such letters is read as it looks.
char LisuOrCherokeeLookAlike(UChar32 cp) {
  static constexpr std::pair<UChar32, char> kAlike[] = {
      {0x13A0, 'D'}, {0x13A1, 'R'}, {0x13A2, 'T'}, {0x13A5, 'i'}, {0x13A9, 'Y'}, {0x13AA, 'A'}, {0x13AB, 'J'},
      {0x13AC, 'E'}, {0x13B3, 'W'}, {0x13B7, 'M'}, {0x13BB, 'H'}, {0x13BD, 'Y'}, {0x13C0, 'G'}, {0x13C2, 'h'},
      {0x13C3, 'Z'}, {0x13CF, 'b'}, {0x13D2, 'R'}, {0x13D4, 'W'}, {0x13D5, 'S'}, {0x13D9, 'V'}, {0x13DA, 'S'},
      {0x13DE, 'L'}, {0x13DF, 'C'}, {0x13E2, 'P'}, {0x13E6, 'K'}, {0x13E7, 'd'}, {0x13F3, 'G'}, {0x13F4, 'B'},
      {0xA4D0, 'B'}, {0xA4D1, 'P'}, {0xA4D2, 'd'}, {0xA4D3, 'D'}, {0xA4D4, 'T'}, {0xA4D6, 'G'}, {0xA4D7, 'K'},
      {0xA4D9, 'J'}, {0xA4DA, 'C'}, {0xA4DC, 'Z'}, {0xA4DD, 'F'}, {0xA4DF, 'M'}, {0xA4E0, 'N'}, {0xA4E1, 'L'},
      {0xA4E2, 'S'}, {0xA4E3, 'R'}, {0xA4E6, 'V'}, {0xA4E7, 'H'}, {0xA4EA, 'W'}, {0xA4EB, 'X'}, {0xA4EC, 'Y'},
      {0xA4EE, 'A'}, {0xA4F0, 'E'}, {0xA4F2, 'I'}, {0xA4F3, 'O'}, {0xA4F4, 'U'}, {0xAB75, 'i'}, {0xAB81, 'r'},
      {0xAB83, 'w'}, {0xAB93, 'z'}, {0xABA9, 'v'}, {0xABAA, 's'}, {0xABAF, 'c'}};
  const auto* at = std::lower_bound(std::begin(kAlike), std::end(kAlike), cp,
                                    [](const std::pair<UChar32, char>& e, UChar32 c) { return e.first < c; });
  return at != std::end(kAlike) && at->first == cp ? at->second : 0;
}

bool IsLisuOrCherokee(UChar32 cp) {
  return (cp >= 0x13A0 && cp <= 0x13FF) || (cp >= 0xA4D0 && cp <= 0xA4FF) || (cp >= 0xAB70 && cp <= 0xABBF);
}

bool IsCyrillicOrGreek(UChar32 cp) { return cp >= 0x370 && cp <= 0x52F; }

// Most names are all ASCII or all of one script: a byte scan spares them the code points.
bool MayMix(std::string_view s) {
  bool latin = false, other = false, lisu_or_cherokee = false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    latin |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    other |= c >= 0xCD && c <= 0xD4;  // lead bytes of U+0340 to U+053F
    lisu_or_cherokee |= c == 0xE1 || c == 0xEA;  // lead bytes of U+1000 to U+1FFF, U+A000 to U+AFFF
  }
  return (latin && other) || lisu_or_cherokee;
}

struct Letter {
  UChar32 cp;
  int32_t begin, end;  // bytes
};

// Appends `word` to `out`, its look-alikes in Latin if it is a mixed word; true if it was.
bool AppendWord(std::string_view utf8, const std::vector<Letter>& word, std::string& out) {
  bool latin = false, other = false, all_alike = true, unlisted = false;
  for (const Letter& l : word) {
    if (l.cp < 0x80) latin |= (l.cp | 0x20) != 'i';
    if (IsCyrillicOrGreek(l.cp) && u_isalpha(l.cp)) other = true, all_alike &= LatinLookAlike(l.cp) != 0;
    if (IsLisuOrCherokee(l.cp)) unlisted = true, all_alike &= LisuOrCherokeeLookAlike(l.cp) != 0;
  }
  bool mixed = ((latin && other) || unlisted) && all_alike;
  for (const Letter& l : word) {
    char alike = !mixed ? 0 : IsCyrillicOrGreek(l.cp) ? LatinLookAlike(l.cp) : LisuOrCherokeeLookAlike(l.cp);
    if (alike) out += alike;
    else out.append(utf8.substr(static_cast<size_t>(l.begin), static_cast<size_t>(l.end - l.begin)));
  }
  return mixed;
}

constexpr std::string_view kRightToLeftOverride = "\u202E", kPopDirectionalFormatting = "\u202C";

// `text` with its letters, each with the marks that follow it, in reverse order.
std::string Reversed(std::string_view text) {
  std::vector<std::pair<int32_t, int32_t>> clusters;  // byte ranges
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    int32_t begin = i;
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    bool mark = cp >= 0 && (U_GET_GC_MASK(cp) & U_GC_M_MASK);
    if (mark && !clusters.empty()) clusters.back().second = i;
    else clusters.emplace_back(begin, i);
  }
  std::string out;
  out.reserve(text.size());
  for (auto it = clusters.rbegin(); it != clusters.rend(); ++it)
    out.append(text.substr(static_cast<size_t>(it->first), static_cast<size_t>(it->second - it->first)));
  return out;
}

}  // namespace

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
  if (!MayMix(utf8)) return std::nullopt;
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
    bool in_word = cp >= 0 && (u_isalpha(cp) || u_charType(cp) == U_NON_SPACING_MARK || u_charType(cp) == U_FORMAT_CHAR);
    if (in_word) {
      word.push_back({cp, begin, i});
      continue;
    }
    any |= AppendWord(utf8, word, out);
    word.clear();
    if (begin < n) out.append(utf8.substr(static_cast<size_t>(begin), static_cast<size_t>(i - begin)));
  }
  if (!any) return std::nullopt;
  return out;
}

}  // namespace embargo::text
