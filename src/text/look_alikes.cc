#include "text/look_alikes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
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

bool IsCyrillicOrGreek(UChar32 cp) { return cp >= 0x370 && cp <= 0x52F; }

// Most names are all ASCII or all of one script: a byte scan spares them the code points.
bool MayMix(std::string_view s) {
  bool latin = false, other = false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    latin |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    other |= c >= 0xCD && c <= 0xD4;  // lead bytes of U+0340 to U+053F
  }
  return latin && other;
}

struct Letter {
  UChar32 cp;
  int32_t begin, end;  // bytes
};

// Appends `word` to `out`, its look-alikes in Latin if it is a mixed word; true if it was.
bool AppendWord(std::string_view utf8, const std::vector<Letter>& word, std::string& out) {
  bool latin = false, other = false, all_alike = true;
  for (const Letter& l : word) {
    if (l.cp < 0x80) latin |= (l.cp | 0x20) != 'i';
    if (IsCyrillicOrGreek(l.cp) && u_isalpha(l.cp)) other = true, all_alike &= LatinLookAlike(l.cp) != 0;
  }
  bool mixed = latin && other && all_alike;
  for (const Letter& l : word) {
    char alike = mixed && IsCyrillicOrGreek(l.cp) ? LatinLookAlike(l.cp) : 0;
    if (alike) out += alike;
    else out.append(utf8.substr(static_cast<size_t>(l.begin), static_cast<size_t>(l.end - l.begin)));
  }
  return mixed;
}

}  // namespace

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
