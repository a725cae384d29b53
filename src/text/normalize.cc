#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/translit.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/strings.h"
#include "text/korean_names.h"
#include "text/han_words.h"
#include "text/code_points.h"
#include "text/legal_forms.h"
#include "text/look_alikes.h"
#include "text/sino_korean.h"
#include "text/word_set.h"

namespace embargo::text {

void AppendUtf8(std::string& out, char32_t cp) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, cp, error);
  if (!error) out.append(buf, n);
}

char32_t ArabicLetterRead(char32_t cp) {
  switch (cp) {
    case 0x674: return 0x621;                                                            // ٴ (a hamza): ء
    case 0x671: case 0x672: case 0x673: case 0x675: case 0x6D5: return 0x627;            // ٱ ٲ ٳ ٵ, Kurdish ە: ا
    case 0x66E: case 0x67B: case 0x680: return 0x628;                                    // ٮ ٻ ڀ: ب
    case 0x6C3: return 0x629;                                                            // ۃ: ة
    case 0x679: case 0x67A: case 0x67C: case 0x67D: case 0x67F: return 0x62A;            // ٹ ٺ ټ ٽ ٿ: ت
    case 0x683: case 0x684: return 0x62C;                                                // ڃ ڄ: ج
    case 0x682: return 0x62D;                                                            // ڂ: ح
    case 0x688: case 0x689: case 0x68A: case 0x68B: case 0x68C: case 0x68D: case 0x68E: case 0x68F: case 0x690:
    case 0x6EE:
      return 0x62F;                                                                      // ڈ ډ ڊ ڋ ڌ ڍ ڎ ڏ ڐ ۮ: د
    case 0x691: case 0x692: case 0x693: case 0x694: case 0x695: case 0x699: case 0x6EF:
      return 0x631;                                                                      // ڑ ڒ ړ ڔ ڕ ڙ ۯ: ر
    case 0x681: case 0x697: return 0x632;                                                // ځ (dz, Zadran) ڗ: ز
    case 0x685: case 0x69B: return 0x633;                                                // څ (ts) ڛ: س
    case 0x69A: case 0x69C: case 0x6FA: return 0x634;                                    // ښ (Pashtun) ڜ ۺ: ش
    case 0x69D: case 0x69E: return 0x635;                                                // ڝ ڞ: ص
    case 0x6FB: return 0x636;                                                            // ۻ: ض
    case 0x69F: return 0x637;                                                            // ڟ: ط
    case 0x6A0: case 0x6FC: return 0x63A;                                                // ڠ ۼ: غ
    case 0x6A1: case 0x6A2: case 0x6A3: case 0x6A5: case 0x6A6: return 0x641;            // ڡ ڢ ڣ ڥ ڦ: ف
    case 0x66F: case 0x6A7: return 0x642;                                                // ٯ ڧ: ق
    case 0x6B5: case 0x6B6: case 0x6B7: case 0x6B8: return 0x644;                        // ڵ ڶ ڷ ڸ: ل
    case 0x6B1: case 0x6B9: case 0x6BA: case 0x6BB: case 0x6BC: case 0x6BD: return 0x646;  // ڱ ڹ ں ڻ ڼ ڽ: ن
    case 0x6BE: case 0x6C0: case 0x6C1: case 0x6C2: case 0x6FF: return 0x647;            // ھ ۀ ہ ۂ ۿ: ه
    case 0x676: case 0x677: case 0x6C4: case 0x6C5: case 0x6C6: case 0x6C7: case 0x6C8: case 0x6C9: case 0x6CA:
    case 0x6CF:
      return 0x648;                                                                      // ٶ ٷ ۄ ۅ ۆ ۇ ۈ ۉ ۊ ۏ: و
    case 0x620: case 0x63D: case 0x63E: case 0x63F: case 0x678: case 0x6CD: case 0x6CE: case 0x6D0: case 0x6D1:
    case 0x6D2: case 0x6D3:
      return 0x64A;                                                                      // ؠ ؽ ؾ ؿ ٸ ۍ ێ ې ۑ ے ۓ: ي
    case 0x687: case 0x6BF: return 0x686;                                                // ڇ ڿ: چ
    case 0x696: return 0x698;                                                            // ږ: ژ
    case 0x63B: case 0x63C: case 0x6AA: case 0x6AC: case 0x6AE: return 0x6A9;            // ػ ؼ ڪ ڬ ڮ: ک
    case 0x6A8: case 0x6AB: case 0x6B0: case 0x6B2: case 0x6B3: case 0x6B4: return 0x6AF;  // ڨ ګ ڰ ڲ ڳ ڴ: گ
    default: return 0;
  }
}

namespace {

// English-style (BGN/PCGN-like) romanisation of Cyrillic, the spelling most lists use; nothing
// for a character it does not romanise.
std::optional<std::string_view> CyrillicEnglish(char32_t cp, bool ukrainian) {
  static constexpr std::string_view kRussian[32] = {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k",
                                                    "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh",
                                                    "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
  char32_t lower = cp >= 0x410 && cp <= 0x42F ? cp + 0x20 : cp;
  if (lower >= 0x430 && lower <= 0x44F) {
    if (ukrainian && lower == 0x433) return "h";   // Ukrainian г
    if (ukrainian && lower == 0x438) return "y";   // Ukrainian и
    return kRussian[lower - 0x430];
  }
  switch (cp) {
    case 0x401: case 0x451: return "e";    // ё
    case 0x404: case 0x454: return "ye";   // є
    case 0x406: case 0x456: return "i";    // і
    case 0x407: case 0x457: return "yi";   // ї
    case 0x490: case 0x491: return "g";    // ґ
    case 0x40E: case 0x45E: return "u";    // ў
    case 0x2BC: case 0x2019: return "";    // apostrophe in Ukrainian
    default: return std::nullopt;
  }
}

// u_isalpha, without asking ICU about ASCII and Cyrillic (all letters but its signs and marks).
bool IsAlphabetic(UChar32 cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  if (cp >= 0x400 && cp <= 0x4FF) return cp < 0x482 || cp > 0x489;
  return u_isalpha(cp);
}

}  // namespace

std::string RomanizeHangulSyllable(char32_t cp, bool word_start) {
  static const char* kInitial[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                     "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
  static const char* kInitialWordStart[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                              "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
  static const char* kVowel[21] = {"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
                                   "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
  static const char* kFinal[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
                                   "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};
  int index = static_cast<int>(cp) - 0xAC00;
  int l = index / (21 * 28), v = (index % (21 * 28)) / 28, t = index % 28;
  std::string out = word_start ? kInitialWordStart[l] : kInitial[l];
  out += kVowel[v];
  out += kFinal[t];
  return out;
}

namespace {

icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> tr(icu::Transliterator::createInstance(
        "NFKC; Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
    return U_SUCCESS(status) ? std::move(tr) : nullptr;
  }();
  return t.get();
}

void IcuToLatinPiece(std::string_view utf8, std::string& out) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), utf8.size()));
  if (icu::Transliterator* t = ThreadTransliterator()) t->transliterate(u);
  u.toUTF8String(out);
}

// ICU rewrites a string in place, moving its tail at each replacement: its cost grows with the
// square of the length (60,000 ﷺ took a minute). A long text is folded in pieces cut at spaces,
// so the cost grows with the length; a name (shorter than a piece) is folded whole, as before.
std::string IcuToLatin(std::string_view utf8) {
  constexpr size_t kPiece = 1024;
  std::string out;
  while (utf8.size() > kPiece) {
    size_t cut = utf8.rfind(' ', kPiece);
    if (cut == std::string_view::npos || cut < kPiece / 2) {
      cut = kPiece;  // no space: cut before a UTF-8 lead byte
      while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) --cut;
    }
    IcuToLatinPiece(utf8.substr(0, cut), out);
    utf8.remove_prefix(cut);
  }
  IcuToLatinPiece(utf8, out);
  return out;
}

// Latin letters with diacritics, Cyrillic letters (not its combining marks), Hebrew and Arabic
// letters and the quotes, dashes and signs names are written with («ВИКТОРИЯ», №): ICU folds
// each of them the same wherever it stands, so a string of them is folded one character at a
// time from a table of ICU's own answers (ICU takes some 100,000 instructions a name).
// tests/text/normalize_test.cc holds this against ICU.
constexpr char32_t kTableLatinFirst = 0xC0, kTableLatinLast = 0x24F;
constexpr char32_t kTableCyrillicFirst = 0x400, kTableCyrillicLast = 0x4FF;
constexpr char32_t kTableHebrewFirst = 0x5D0, kTableHebrewLast = 0x5EA;  // letters, not points
// Arabic letters, Persian and Urdu ones among them, without the vowel signs and other marks
// (ICU reads a vowel sign with the letter after it: َا is ā) and without digits.
constexpr char32_t kTableArabicFirst = 0x621, kTableArabicLast = 0x64A;
constexpr char32_t kTableArabicExtendedFirst = 0x671, kTableArabicExtendedLast = 0x6D3;
constexpr char32_t kTableLettersLast = kTableArabicExtendedLast;
// The zero-width non-joiner and joiner among them: Persian writes the first inside words (علی‌آبادی).
constexpr std::array<char32_t, 13> kTablePunctuation = {0xA0,   0xAB,   0xBB,   0x200C, 0x200D, 0x2013, 0x2014,
                                                        0x2018, 0x2019, 0x201C, 0x201D, 0x201E, 0x2116};

// The position of `cp` in kTablePunctuation, or its size.
size_t PunctuationIndex(char32_t cp) {
  const auto* at = std::find(kTablePunctuation.begin(), kTablePunctuation.end(), cp);
  return static_cast<size_t>(at - kTablePunctuation.begin());
}

bool InFoldTable(char32_t cp) {
  if (cp >= kTableLatinFirst && cp <= kTableLatinLast) return true;
  if (cp >= kTableCyrillicFirst && cp <= kTableCyrillicLast) return cp < 0x483 || cp > 0x489;  // not its marks
  if (cp >= kTableHebrewFirst && cp <= kTableHebrewLast) return true;
  if (cp >= kTableArabicFirst && cp <= kTableArabicLast) return cp != 0x640;  // tatweel: ICU's by its run
  if (cp >= kTableArabicExtendedFirst && cp <= kTableArabicExtendedLast) return true;
  return PunctuationIndex(cp) < kTablePunctuation.size();
}

// Letters at their code point; then the punctuation, in kTablePunctuation's order.
const std::string& TableFold(char32_t cp) {
  static const std::vector<std::string> table = [] {
    std::vector<std::string> folds(kTableLettersLast + 1 + kTablePunctuation.size());
    auto fold = [](char32_t c) {
      std::string letter;
      AppendUtf8(letter, c);
      return IcuToLatin(letter);
    };
    for (char32_t c = kTableLatinFirst; c <= kTableLettersLast; ++c)
      if (InFoldTable(c)) folds[c] = fold(c);
    for (size_t k = 0; k < kTablePunctuation.size(); ++k)
      folds[kTableLettersLast + 1 + k] = fold(kTablePunctuation[k]);
    return folds;
  }();
  const bool letter = cp >= kTableLatinFirst && cp <= kTableLettersLast;
  return letter ? table[cp] : table[kTableLettersLast + 1 + PunctuationIndex(cp)];
}

// The fold of `utf8` by table, or nothing when a character is outside the table. ASCII is kept
// as it is: FoldToLatin lowers the whole result.
std::optional<std::string> FoldByTable(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  int32_t i = 0, n = static_cast<int32_t>(utf8.size());
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, n, cp);
    if (cp >= 0 && cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp > 0 && InFoldTable(static_cast<char32_t>(cp))) {
      out += TableFold(static_cast<char32_t>(cp));
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// Han ideographs (CJK Unified Ideographs and Extension A) are read by ICU's Han-Latin rules one
// character at a time, apart from a few read by the character after them (重庆 is chong qing,
// 重 alone zhong), with a space put between two ideographs written together. A name of such
// characters, spaces and brackets is read from a table of ICU's answers for each character,
// filled as characters are first seen (ICU takes some 10 µs a character).
// tests/text/normalize_test.cc holds this against ICU.
constexpr char32_t kHanFirst = 0x3400, kHanLast = 0x9FFF;
bool InHanTable(char32_t cp) { return cp >= kHanFirst && cp <= kHanLast && (cp < 0x4DC0 || cp >= 0x4E00); }

// Han-Latin's rules for the characters it reads by the next one, as it writes them:
// {重}' '?庆 > chóng. `context` holds each such character, that next one and the character's
// reading before it (ICU's reading of the pair, less the next one's), or a next one of 0 when a
// rule says more than that (a name holding the character then goes to ICU). `read` is false when
// ICU has no Han-Latin: no name is read by table then.
struct HanContextRule {
  char32_t next = 0;
  std::string reading;
};
struct HanContextRules {
  bool read = false;
  std::unordered_map<char32_t, HanContextRule> context;
};

// The reading of `c` before `next`, from ICU's reading of the two: chong from chong qing.
std::string ReadingBefore(char32_t c, char32_t next) {
  std::string pair, partner;
  AppendUtf8(pair, c);
  AppendUtf8(pair, next);
  AppendUtf8(partner, next);
  const std::string both = IcuToLatin(pair), second = " " + IcuToLatin(partner);
  if (both.size() <= second.size() || both.compare(both.size() - second.size(), second.size(), second) != 0) return {};
  return both.substr(0, both.size() - second.size());
}

const HanContextRules& HanContext() {
  static const HanContextRules rules = [] {
    HanContextRules out;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> han(icu::Transliterator::createInstance("Han-Latin", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) return out;
    icu::UnicodeString text;
    han->toRules(text, false);
    for (int32_t at = text.indexOf(u'{'); at >= 0; at = text.indexOf(u'{', at + 1)) {
      const UChar32 c = text.char32At(at + 1);
      int32_t p = at + 1 + U16_LENGTH(c);
      char32_t next = 0;
      if (p < text.length() && text[p] == u'}') {
        if (text.compare(p + 1, 4, icu::UnicodeString(u"' '?")) == 0) p += 4;
        const UChar32 f = text.char32At(p + 1);
        int32_t after = p + 1 + U16_LENGTH(f);
        while (after < text.length() && text[after] == u' ') ++after;
        if (after < text.length() && text[after] == u'>') next = static_cast<char32_t>(f);
      }
      auto [it, fresh] = out.context.try_emplace(static_cast<char32_t>(c), HanContextRule{next, {}});
      if (!fresh && it->second.next != next) it->second.next = 0;
    }
    for (auto& [c, rule] : out.context) {
      // A partner that is itself read by context, or a pair ICU reads otherwise, goes to ICU.
      if (rule.next != 0 && !out.context.contains(rule.next)) rule.reading = ReadingBefore(c, rule.next);
      if (rule.reading.empty()) rule.next = 0;
    }
    out.read = true;
    return out;
  }();
  return rules;
}

const std::string& HanReading(char32_t cp) {
  static std::array<std::atomic<const std::string*>, kHanLast - kHanFirst + 1> readings{};
  std::atomic<const std::string*>& slot = readings[cp - kHanFirst];
  if (const std::string* known = slot.load(std::memory_order_acquire)) return *known;
  std::string letter;
  AppendUtf8(letter, cp);
  auto reading = std::make_unique<const std::string>(IcuToLatin(letter));
  const std::string* expected = nullptr;
  if (slot.compare_exchange_strong(expected, reading.get(), std::memory_order_acq_rel)) return *reading.release();
  return *expected;  // another thread read it first
}

// The reading of `cp`, read by the character after it at `next` in `utf8` (past one space) when
// Han-Latin's rules say so; null when only ICU can read it there.
const std::string* HanReadingAt(char32_t cp, std::string_view utf8, int32_t next) {
  const HanContextRules& rules = HanContext();
  auto it = rules.context.find(cp);
  if (it == rules.context.end()) return &HanReading(cp);
  if (it->second.next == 0) return nullptr;
  const int32_t n = static_cast<int32_t>(utf8.size());
  if (next < n && utf8[next] == ' ') ++next;
  UChar32 after = -1;
  if (next < n) U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), next, n, after);
  return static_cast<char32_t>(after) == it->second.next ? &it->second.reading : &HanReading(cp);
}

// The fold of a name of Han ideographs, spaces and brackets by table, or nothing for any other
// name. Han-Latin puts a space before an ideograph after an ideograph or a closing bracket, and
// before an opening bracket after an ideograph: 燃气（集团）有限 is ran qi (ji tuan) you xian.
std::optional<std::string> FoldHanByTable(std::string_view utf8) {
  enum class Last { kOther, kHan, kClose } last = Last::kOther;
  std::string out;
  bool any_han = false;
  int32_t i = 0, n = static_cast<int32_t>(utf8.size());
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, n, cp);
    if (cp == ' ') {
      out += ' ';
      last = Last::kOther;
    } else if (cp == '(' || cp == 0xFF08) {
      out += last == Last::kHan ? " (" : "(";
      last = Last::kOther;
    } else if (cp == ')' || cp == 0xFF09) {
      out += ')';
      last = Last::kClose;
    } else if (cp > 0 && InHanTable(static_cast<char32_t>(cp))) {
      const std::string* reading = HanReadingAt(static_cast<char32_t>(cp), utf8, i);
      if (!reading) return std::nullopt;
      if (last != Last::kOther) out += ' ';
      out += *reading;
      last = Last::kHan;
      any_han = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any_han || !HanContext().read) return std::nullopt;
  return out;
}

bool IsPatronymic(std::string_view t) {
  static constexpr std::string_view kSuffixes[] = {"ovich", "evich", "ovych", "evych", "ovna", "evna",
                                                   "ichna", "ogly",  "oglu",  "kyzy",  "qizi"};
  for (std::string_view suffix : kSuffixes)
    if (t.size() > suffix.size() + 2 && t.substr(t.size() - suffix.size()) == suffix) return true;
  return false;
}

const WordSet& Particles() {
  static const WordSet k = {"al", "el", "ul", "bin", "ibn", "bint", "van", "von",
                                                         "de", "da", "di", "du", "del", "der", "la", "le"};
  return k;
}

// "Son of" and "daughter of" in Arabic and Hebrew names.
bool IsLineageWord(std::string_view token) {
  return token == "bin" || token == "ibn" || token == "bint" || token == "ben";
}

const WordSet& Titles() {
  static const WordSet k = {
      "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "sheikh", "shaykh", "shaikh", "haji", "hajji", "alhaj",
      "alhajji", "mullah", "mulla", "maulana", "mawlawi", "maulvi", "qari", "imam", "general", "gen", "colonel",
      "col", "lt", "major", "maj", "capt", "captain", "brigadier", "admiral", "marshal", "hon", "honorable", "rev",
      "mister", "madam", "madame", "mme", "president", "minister", "chairman", "excellency", "his", "her",
      "ayatollah", "ayatullah", "hojatoleslam", "hojjatoleslam", "senator", "ceo",
      // degrees and honours after a name, generation suffixes (Lord, Judge, Junior and Senior are
      // surnames as often)
      "phd", "mba", "obe", "esq", "jr", "sr", "ii", "iii", "iv",
      // as Arabic script's transliteration spells them: حاجي شيخ الشيخ مولوي قاري
      "hajy", "shykh", "alshykh", "mwlwy", "qary"};
  return k;
}

// An article before an organisation's name (The Kimia Company): the lists leave it out.
const WordSet& LeadingArticles() {
  static const WordSet k = {"the"};
  return k;
}

const WordSet& VesselPrefixes() {
  static const WordSet k = {"mv", "mt", "ms", "mts", "ss", "mvs", "fv", "mfv"};
  return k;
}

}  // namespace

bool IsTitle(std::string_view token) { return Titles().contains(token); }
bool IsParticle(std::string_view token) { return Particles().contains(token); }
bool IsMiddleName(TokenRole role, std::string_view token) { return role == TokenRole::kOptional && !IsParticle(token); }

bool IsJoiningWord(std::string_view token) {
  static const WordSet kJoiningWords = {"of", "the", "and", "in", "for", "de",
                                                                    "del", "des", "du", "la", "le", "y", "et"};
  return kJoiningWords.contains(token);
}

namespace {

// The words of a name but its legal forms, folded.
std::vector<std::string> WordsButLegalForms(std::string_view part) {
  std::vector<std::string> words = Tokenize(FoldToLatin(part));
  std::erase_if(words, [](const std::string& w) { return IsLegalFormToken(w); });
  return words;
}

// `word` stands for `words`: their initials in order (islamic jihad union: iju), or their first word.
bool IsShortNameOf(const std::string& word, const std::vector<std::string>& words) {
  if (words.size() < 2 || word.size() < 2 || word.size() > 10) return false;
  if (word == words.front()) return true;
  size_t k = 0;
  for (const std::string& w : words)
    if (k < word.size() && w[0] == word[k]) ++k;
  return k == word.size();
}

// A name ending in one parenthesised part, with text before it and no other parentheses.
bool TrailingParentheses(std::string_view name, std::string_view& outside, std::string_view& inside) {
  const size_t open = name.rfind('('), close = name.find_last_not_of(" \t");
  if (open == std::string_view::npos || close == std::string_view::npos || name[close] != ')' ||
      name.find_first_of("()", open + 1) != close)
    return false;
  outside = name.substr(0, open);
  inside = name.substr(open + 1, close - open - 1);
  return outside.find_first_of("()") == std::string_view::npos && !WordsButLegalForms(outside).empty();
}

// A name cut out of a longer one: spaces, commas and a bracket the cut left open removed.
std::string TrimName(std::string_view s) {
  auto count = [&](char c) { return std::count(s.begin(), s.end(), c); };
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if (std::string_view(" \t,.;:").find(s.front()) != std::string_view::npos ||
        ((s.front() == '(' || s.front() == '[') && count(s.front()) > count(s.front() == '(' ? ')' : ']')))
      s.remove_prefix(1), changed = true;
    else if (std::string_view(" \t,;:([").find(s.back()) != std::string_view::npos ||
             ((s.back() == ')' || s.back() == ']') && count(s.back()) > count(s.back() == ')' ? '(' : '[')))
      s.remove_suffix(1), changed = true;
  }
  return std::string(s);
}

}  // namespace

std::optional<std::string> WithoutTrailingParentheses(std::string_view name) {
  std::string_view outside, inside;
  if (!TrailingParentheses(name, outside, inside)) return std::nullopt;
  return TrimName(outside);
}

std::optional<ParenthesisedName> SplitParenthesisedName(std::string_view name) {
  std::string_view outside, inside;
  if (!TrailingParentheses(name, outside, inside) || inside.find_first_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  std::vector<std::string> out = WordsButLegalForms(outside), in = WordsButLegalForms(inside);
  if (in.size() == 1 && IsShortNameOf(in[0], out)) return ParenthesisedName{TrimName(outside), TrimName(inside)};
  if (out.size() == 1 && IsShortNameOf(out[0], in)) return ParenthesisedName{TrimName(inside), TrimName(outside)};
  return std::nullopt;
}

namespace {

// Where a list writes another name of the subject inside one name: "a.k.a.", "f.k.a." (formerly),
// "n.k.a." (now), dots required (AKA INTEGRAL SERVICES is a name). The marker's length, or 0.
size_t AliasMarkerAt(std::string_view name, size_t i) {
  if (i + 5 > name.size() || (i > 0 && std::isalnum(static_cast<unsigned char>(name[i - 1])))) return 0;
  const char first = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  if ((first != 'a' && first != 'f' && first != 'n') || name[i + 1] != '.' ||
      std::tolower(static_cast<unsigned char>(name[i + 2])) != 'k' || name[i + 3] != '.' ||
      std::tolower(static_cast<unsigned char>(name[i + 4])) != 'a')
    return 0;
  return 5;
}

}  // namespace

std::vector<std::string> NamesWithin(std::string_view name, SchemaFamily family) {
  std::vector<std::string> parts, out;
  size_t begin = 0;
  for (size_t i = 0; i < name.size(); ++i)
    if (size_t marker = AliasMarkerAt(name, i)) {
      parts.push_back(TrimName(name.substr(begin, i - begin)));
      begin = i + marker;
      i = begin - 1;
    }
  if (!parts.empty()) {
    // What follows a marker may be several names, between semicolons.
    for (std::string_view rest = name.substr(begin); !rest.empty();) {
      const size_t semicolon = std::min(rest.find(';'), rest.size());
      parts.push_back(TrimName(rest.substr(0, semicolon)));
      rest.remove_prefix(std::min(semicolon + 1, rest.size()));
    }
  } else {
    parts.emplace_back(name);
  }
  auto add = [&](std::string part) {
    if (part != name && Tokenize(FoldToLatin(part)).size() >= (parts.size() > 1 ? 2u : 1u) &&
        std::find(out.begin(), out.end(), part) == out.end())
      out.push_back(std::move(part));
  };
  for (const std::string& part : parts) {
    if (parts.size() > 1) add(part);
    if (auto outside = WithoutTrailingParentheses(part)) add(std::move(*outside));
    if (family == SchemaFamily::kPerson) continue;
    if (auto split = SplitParenthesisedName(part)) {
      add(std::move(split->long_name));
      out.push_back(std::move(split->short_name));  // one word, and meant as a name of its own
    }
  }
  return out;
}


namespace {

}  // namespace

std::vector<std::string> Tokenize(std::string_view latin) {
  std::vector<std::string> tokens;
  tokens.reserve(4);
  std::string cur;
  for (size_t i = 0; i < latin.size(); ++i) {
    char c = LowerAscii(latin[i]);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur += c;
    } else if (c == '\'' || c == '`' || (static_cast<unsigned char>(c) < 0x20 && !std::isspace(c)) || c == 0x7F) {
      // Apostrophes join: GAMA'AT -> gamaat, Dar'a -> dara; control characters show nothing.
    } else if (static_cast<unsigned char>(c) == 0xCA && i + 1 < latin.size() &&
               static_cast<unsigned char>(latin[i + 1]) >= 0xBB && static_cast<unsigned char>(latin[i + 1]) <= 0xBF) {
      // The modifier letters ʻ ʼ ʽ ʾ ʿ (U+02BB-U+02BF), which romanised Arabic keeps for ayn and
      // hamza (دعاء -> dʿaʾ), join like apostrophes: they are no word break. An ayn opening a
      // word before a consonant is the vowel Latin spellings write there (علي -> ʿly -> aly, Ali).
      ++i;
      if (static_cast<unsigned char>(latin[i]) == 0xBF && cur.empty() && i + 1 < latin.size() &&
          std::isalpha(static_cast<unsigned char>(latin[i + 1])) && !std::strchr("aeiouAEIOU", latin[i + 1]))
        cur += 'a';
    } else if (!cur.empty()) {
      tokens.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  return tokens;
}

namespace {

// Removes tokens in `words` from the front (for titles, also anywhere) while a name remains.
void StripWords(std::vector<std::string>& tokens, const WordSet& words, bool leading_only) {
  size_t kept = 0, remaining = tokens.size();  // tokens[0, kept) are kept, in place
  bool last_kept = false;  // whether tokens[kept - 1] is the word before this one
  for (size_t i = 0; i < tokens.size(); ++i) {
    bool strip = remaining > 1 && (!leading_only || kept == 0) && words.contains(tokens[i]);
    // A word after a particle is a name (AL-SHAYKH, Diyab), not a title.
    if (strip && last_kept && Particles().contains(tokens[kept - 1])) strip = false;
    last_kept = !strip;
    if (strip) --remaining;
    else if (kept++ != i) tokens[kept - 1] = std::move(tokens[i]);
  }
  tokens.resize(kept);
}

// Joins each particle to the next word (al-Sayyid -> alsayyid); the pair keeps the particle's
// role. Returns whether one was joined.
bool JoinParticles(std::vector<std::string>& tokens, std::vector<uint8_t>& word_kind) {
  size_t out = 0;  // tokens[0, out) are written, in place
  for (size_t i = 0; i < tokens.size(); ++i, ++out) {
    word_kind[out] = word_kind[i];
    if (i + 1 < tokens.size() && Particles().contains(tokens[i])) {
      tokens[out] = tokens[i] + tokens[i + 1];
      ++i;
    } else if (out != i) {
      tokens[out] = std::move(tokens[i]);
    }
  }
  bool any = out != tokens.size();
  tokens.resize(out);
  word_kind.resize(out);
  return any;
}

bool IsLetter(const std::string& token) { return token.size() == 1 && token[0] >= 'a' && token[0] <= 'z'; }

// Joins each run of `min_run` or more tokens that `in_run` accepts into one token.
template <typename InRun>
void JoinRuns(std::vector<std::string>& tokens, InRun in_run, size_t min_run = 2) {
  size_t out = 0;  // tokens[0, out) are written, in place
  for (size_t i = 0; i < tokens.size(); ++out) {
    size_t end = i;
    while (end < tokens.size() && in_run(tokens[end])) ++end;
    if (end - i >= min_run) {
      std::string word;
      for (size_t k = i; k < end; ++k) word += tokens[k];
      tokens[out] = std::move(word);
      i = end;
    } else if (out != i) {
      tokens[out] = std::move(tokens[i++]);
    } else {
      ++i;
    }
  }
  tokens.resize(out);
}

// An organisation's run of single letters is one word written letter by letter ("I.B.M.", "U S A"):
// joined, it meets the word written whole.
void JoinLetterRuns(std::vector<std::string>& tokens) { JoinRuns(tokens, IsLetter); }

// A number is one word however its digits are grouped or separated (11,420.2-1 and 1142021).
void JoinNumberRuns(std::vector<std::string>& tokens) { JoinRuns(tokens, IsNumber); }

// The number a Roman numeral from II to XXXIX writes, as its canonical spelling; 0 for any other
// word. VI and XI are syllables of names as often (HUA XI), and are left.
int RomanNumeralValue(std::string_view word) {
  if (word.size() < 2 || word.size() > 7 || word.find_first_not_of("ivx") != std::string_view::npos) return 0;
  if (word == "vi" || word == "xi") return 0;
  static constexpr std::string_view kUnits[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
  const size_t tens = word.find_first_not_of('x');
  const std::string_view units = tens == std::string_view::npos ? "" : word.substr(tens);
  const size_t ten_count = tens == std::string_view::npos ? word.size() : tens;
  for (int unit = 0; unit < 10; ++unit)
    if (units == kUnits[unit] && ten_count <= 3) return static_cast<int>(ten_count) * 10 + unit;
  return 0;
}

// A vessel's, aircraft's or firm's last word in Roman numerals is its number (SEA STAR III, Sea
// Star 3): both are read as digits, which tell sister vessels apart as numbers do.
void RomanNumeralAsNumber(std::vector<std::string>& tokens) {
  if (tokens.size() < 2) return;
  const char first = tokens.back()[0];  // most last words fail here
  if (first != 'i' && first != 'v' && first != 'x') return;
  if (const int value = RomanNumeralValue(tokens.back()); value >= 2) tokens.back() = std::to_string(value);
}

}  // namespace

bool HasUnreadLetters(std::string_view latin) {
  if (IsAscii(latin)) return false;
  return AnyCodePoint(latin, [](UChar32 cp) {
    if (cp < 0x80 || !u_isalpha(cp)) return false;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(cp, &status);
    // Latin letters and signs (ʿ for ayn) left by the fold are Tokenize's; another script's are not.
    return script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED;
  });
}

namespace {

// Whether a name is also read as an organisation writes it: an untyped name with a title (HAJI
// KHAIRULLAH HAJI SATTAR MONEY EXCHANGE), a run of single letters (I.B.M.) or a leading "The"; a
// name typed as a person's with a legal form or a noun only firms are named with (ELLISSA
// EXCHANGE COMPANY): the type is evidence, not a filter, and a wrong one costs its penalty only.
// `person_words`: the words of the person's form already made (a person's keeps its firm words).
bool AlsoReadAsFirm(std::string_view latin, SchemaFamily family, const std::vector<std::string>* person_words) {
  if (family == SchemaFamily::kPerson && person_words)
    return std::any_of(person_words->begin(), person_words->end(),
                       [](const std::string& w) { return IsOrganisationNoun(w) || IsLegalFormAsSpelt(w); });
  if (family != SchemaFamily::kAny) return false;
  const std::vector<std::string> words = Tokenize(latin);
  for (size_t i = 0; i < words.size(); ++i)
    if (IsTitle(words[i]) || (i + 1 < words.size() && IsLetter(words[i]) && IsLetter(words[i + 1]))) return true;
  return words.size() > 1 && LeadingArticles().contains(words[0]);
}

// A name spelt in single letters written alike throughout (H.A.M.A.S., I.R.I.S.L., H A M A S):
// its last letters may spell a legal form (A.S., S.L.) or be the acronym's own, so it is read both
// ways. Letters that change how they are written before the form (I.R.I.S. S.L., B R C S.A.) are
// a name and its form.
bool SpeltInLetters(std::string_view latin) {
  size_t letters = 0;
  std::string_view between, first_between;  // what separates two letters
  size_t at = 0;
  while (at < latin.size()) {
    const size_t gap = at;
    while (at < latin.size() && std::isalnum(static_cast<unsigned char>(latin[at])) == 0) ++at;
    if (at == latin.size()) break;  // what follows the last letter does not count
    between = latin.substr(gap, at - gap);
    if (letters == 1) first_between = between;
    if (letters > 1 && between != first_between) return false;
    if (std::isalpha(static_cast<unsigned char>(latin[at])) == 0 ||
        (at + 1 < latin.size() && std::isalnum(static_cast<unsigned char>(latin[at + 1])) != 0))
      return false;
    ++letters;
    ++at;
  }
  return letters >= 3;
}

// An organisation's elided French or Italian article (l'industrie, d'etat, dell'energia) is no part
// of the word it is written to: dropped, the word meets its translation and the name without it.
// People keep theirs, which are surnames (D'Amelio).
// `latin` is lower case (FoldToLatin's).
std::string WithoutElidedArticles(std::string_view latin) {
  std::string out;
  out.reserve(latin.size());
  auto is_alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = 0; i < latin.size(); ++i) {
    size_t start = i;
    while (i < latin.size() && std::isalpha(static_cast<unsigned char>(latin[i]))) ++i;
    std::string_view word = latin.substr(start, i - start);
    bool word_start = start == 0 || !is_alnum(latin[start - 1]);
    bool article = word == "l" || word == "d" || word == "dell" || word == "all" || word == "nell" || word == "sull";
    if (word_start && article && i + 1 < latin.size() && (latin[i] == '\'' || latin[i] == '`') &&
        std::string_view("aeiouhy").find(latin[i + 1]) != std::string_view::npos) {
      continue;  // the apostrophe is dropped with the article
    }
    out.append(word);
    if (i < latin.size()) out += latin[i];
  }
  return out;
}

bool WeighedAsAnyWord(TokenRole role) {
  return role == TokenRole::kNormal || role == TokenRole::kSurname || role == TokenRole::kGivenPart;
}

// A place after a firm's own words says where, not who (Sberbank Moscow Branch, Bank Saderat Iran
// London). A place before them may be the name (Bank of Moscow).
void MarkPlacesAfterOwnWords(const std::vector<std::string>& tokens, std::vector<TokenRole>& roles) {
  bool own_word_before = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!WeighedAsAnyWord(roles[i])) continue;
    if (tokens[i].size() <= 3) {  // no place is written so short; a joining word is
      own_word_before = own_word_before || !IsJoiningWord(tokens[i]);
    } else if (IsPlaceName(tokens[i])) {
      if (own_word_before) roles[i] = TokenRole::kPlace;
    } else {
      own_word_before = true;
    }
  }
}

// One form of `original`, whose Latin spelling under `scheme` is `latin`. `join_particles`: write
// particles together with the next word (`joined_particle`, when given, says whether there was one).
NameForm MakeForm(std::string_view original, std::string_view latin, Script script, std::string_view scheme,
                  SchemaFamily family, bool strip_forms, bool join_particles, bool* joined_particle) {
  NameForm form;
  form.script = script;
  form.scheme = scheme;
  form.unread = HasUnreadLetters(latin);
  // "LAST, First Middle": the given names after the first are optional.
  size_t comma = original.find(',');
  bool surname_first = family != SchemaFamily::kOrganization && family != SchemaFamily::kVessel &&
                       comma != std::string_view::npos && original.find(',', comma + 1) == std::string_view::npos;
  bool person_like = family == SchemaFamily::kPerson || family == SchemaFamily::kAny;
  std::string without_articles;
  if (family == SchemaFamily::kOrganization && latin.find_first_of("'`") != std::string_view::npos) {
    without_articles = WithoutElidedArticles(latin);
    latin = without_articles;
  }
  std::vector<std::string> tokens;
  // Parallel to tokens: kMiddleWord for a given name after the first, kSurnameWord for a word of
  // the surname in "LAST, First", kGivenPartWord for a syllable of a Korean given name.
  constexpr uint8_t kMiddleWord = 1, kSurnameWord = 2, kGivenPartWord = 3;
  thread_local std::vector<uint8_t> word_kind;  // kept: made for every form of every name
  word_kind.clear();
  size_t latin_comma = surname_first ? latin.find(',') : std::string_view::npos;
  if (latin_comma != std::string_view::npos) {
    auto surname = Tokenize(latin.substr(0, latin_comma));
    auto given = Tokenize(latin.substr(latin_comma + 1));
    if (person_like) {
      StripWords(surname, Titles(), false);
      StripWords(given, Titles(), false);
    }
    // A Korean given name written apart (KIM, Yong Chol) is one name, no name and middle name.
    const bool korean_given = person_like && IsKoreanTwoSyllableGivenName(surname, given);
    const bool has_surname = !surname.empty();
    word_kind.assign(surname.size(), person_like ? kSurnameWord : 0);
    tokens = std::move(surname);
    for (size_t i = 0; i < given.size(); ++i) {
      tokens.push_back(std::move(given[i]));
      // A particle before the first given name does not make it a middle name.
      bool first_given = i == 0 || (i == 1 && Particles().contains(tokens[tokens.size() - 2]));
      word_kind.push_back(korean_given ? kGivenPartWord : has_surname && !first_given ? kMiddleWord : 0);
    }
  } else {
    tokens = Tokenize(latin);
    if (person_like) StripWords(tokens, Titles(), false);
    word_kind.assign(tokens.size(), 0);
    // A Korean name in either order (KIM YONG CHOL, Yong Chol KIM): its given name is one name.
    if (person_like && tokens.size() == 3) {
      const std::span<const std::string> all(tokens);
      if (IsKoreanTwoSyllableGivenName(all.first(1), all.last(2))) word_kind = {0, kGivenPartWord, kGivenPartWord};
      else if (IsKoreanTwoSyllableGivenName(all.last(1), all.first(2))) word_kind = {kGivenPartWord, kGivenPartWord, 0};
    }
  }
  // Han and Hangul personal names: surname, then the given name's syllables joined (Xi Jinping).
  if ((script == Script::kHan || script == Script::kHangul) && family != SchemaFamily::kOrganization &&
      tokens.size() >= 3 && tokens.size() <= 4 && original.find(' ') == std::string_view::npos) {
    std::string given;
    for (size_t i = 1; i < tokens.size(); ++i) given += tokens[i];
    tokens = {tokens[0], given};
    word_kind.assign(2, 0);
  }
  if (family == SchemaFamily::kVessel || family == SchemaFamily::kAny) {
    // "M/V", "M.T.": the prefix arrives as two letters.
    if (tokens.size() > 2 && tokens[0] == "m" && (tokens[1] == "v" || tokens[1] == "t" || tokens[1] == "s"))
      tokens.erase(tokens.begin(), tokens.begin() + 2);
    StripWords(tokens, VesselPrefixes(), true);
  }
  if (family == SchemaFamily::kOrganization) StripWords(tokens, LeadingArticles(), true);
  if (strip_forms) form.legal_forms = ExtractLegalForms(tokens);
  if (family == SchemaFamily::kOrganization) JoinLetterRuns(tokens);
  if (family == SchemaFamily::kPerson) JoinSpeltOutWords(tokens);
  if (family != SchemaFamily::kPerson) JoinNumberRuns(tokens);
  if (family != SchemaFamily::kPerson) RomanNumeralAsNumber(tokens);
  if (word_kind.size() != tokens.size()) word_kind.assign(tokens.size(), 0);
  // A person's lineage after the first name (Tarak BEN TAHER BEN FALEH Ouni Harzi: son of Taher,
  // son of Faleh) is left out as often as a middle name: optional, like a patronymic.
  if (person_like)
    for (size_t i = 1; i + 1 < tokens.size(); ++i)
      if (IsLineageWord(tokens[i])) word_kind[i] = word_kind[i + 1] = kMiddleWord;
  bool joined = join_particles && JoinParticles(tokens, word_kind);
  if (joined_particle) *joined_particle = joined;
  form.roles.assign(tokens.size(), TokenRole::kNormal);
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!person_like) break;
    if (tokens[i].size() == 1 && std::isalpha(static_cast<unsigned char>(tokens[i][0]))) form.roles[i] = TokenRole::kInitial;
    else if (IsPatronymic(tokens[i]) || word_kind[i] == kMiddleWord) form.roles[i] = TokenRole::kOptional;
    else if (word_kind[i] == kSurnameWord) form.roles[i] = TokenRole::kSurname;
    else if (word_kind[i] == kGivenPartWord) form.roles[i] = TokenRole::kGivenPart;
  }
  if (family == SchemaFamily::kOrganization || family == SchemaFamily::kAny)
    for (size_t i = 0; i < tokens.size(); ++i)
      if (WeighedAsAnyWord(form.roles[i]) && IsOrganisationNoun(tokens[i])) form.roles[i] = TokenRole::kKind;
  if (family == SchemaFamily::kOrganization || family == SchemaFamily::kAny)
    MarkPlacesAfterOwnWords(tokens, form.roles);
  // In the form with particles apart, a particle left unmatched costs what a middle name does:
  // the other form has it joined to its word ("Banco Nacional Cuba", BANCO NACIONAL DE CUBA).
  if (!join_particles)
    for (size_t i = 0; i + 1 < tokens.size(); ++i)
      if (WeighedAsAnyWord(form.roles[i]) && Particles().contains(tokens[i])) form.roles[i] = TokenRole::kOptional;
  form.tokens = std::move(tokens);
  return form;
}

}  // namespace

void JoinSpeltOutWords(std::vector<std::string>& tokens) { JoinRuns(tokens, IsLetter, 4); }

std::string_view ScriptName(Script script) {
  static const std::array<std::string_view, 11> kNames = {"none", "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew",
                                                          "Han", "Hangul", "Kana", "Thai", "other"};
  return kNames[static_cast<size_t>(script)];
}

Script DetectScript(std::string_view s) {
  if (IsAscii(s))  // most names: Latin if they have a letter
    return std::any_of(s.begin(), s.end(), [](char c) { return LowerAscii(c) >= 'a' && LowerAscii(c) <= 'z'; })
               ? Script::kLatin
               : Script::kNone;
  std::array<int, 11> counts{};
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, cp);
    if (cp < 0) continue;
    if (cp < 0x80) {
      if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ++counts[static_cast<size_t>(Script::kLatin)];
      continue;
    }
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(cp, &status);
    Script script = Script::kNone;
    switch (sc) {
      case USCRIPT_LATIN: script = Script::kLatin; break;
      case USCRIPT_CYRILLIC: script = Script::kCyrillic; break;
      case USCRIPT_GREEK: script = Script::kGreek; break;
      case USCRIPT_ARABIC: script = Script::kArabic; break;
      case USCRIPT_HEBREW: script = Script::kHebrew; break;
      case USCRIPT_HAN: script = Script::kHan; break;
      case USCRIPT_HANGUL: script = Script::kHangul; break;
      case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: script = Script::kKana; break;
      case USCRIPT_THAI: script = Script::kThai; break;
      case USCRIPT_COMMON: case USCRIPT_INHERITED: break;
      default: script = Script::kOther;
    }
    if (script != Script::kNone) ++counts[static_cast<size_t>(script)];
  }
  // Japanese mixes Han and Kana: any Kana makes it Japanese.
  if (counts[static_cast<size_t>(Script::kKana)] > 0) return Script::kKana;
  size_t best = 0;
  for (size_t k = 1; k < counts.size(); ++k)
    if (counts[k] > counts[best]) best = k;
  return counts[best] ? static_cast<Script>(best) : Script::kNone;
}

namespace {

constexpr UChar32 kHebrewShin = 0x5E9, kHebrewSinDot = 0x5C2, kHebrewDagesh = 0x5BC, kHebrewVav = 0x5D5,
                  kHebrewYod = 0x5D9;

// The code point at byte `i` of `utf8`; -1 at its end.
UChar32 CodePointAt(std::string_view utf8, int32_t i) {
  UChar32 next = -1;
  if (i < static_cast<int32_t>(utf8.size()))
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, static_cast<int32_t>(utf8.size()), next);
  return next;
}

bool IsHebrewLetter(UChar32 cp) { return cp >= 0x5D0 && cp <= 0x5EA; }

// Whether a word of `name` starts with פ.
bool HasWordStartingWithPe(std::string_view name) {
  constexpr std::string_view kPe = "\xD7\xA4";
  for (size_t at = name.find(kPe); at != std::string_view::npos; at = name.find(kPe, at + 1))
    if (at == 0 || name[at - 1] == ' ' || name[at - 1] == '-') return true;
  return false;
}

// A Hebrew letter as Israelis say it where unpointed letters leave it open (scheme "said"); empty
// for one left to ICU. ב כ פ after a word's first letter are v, ch, f (Avraham, Mordechai,
// Yosef) unless a dagesh says otherwise; a word's first פ is p (Peres), or f where `initial_f`
// (Federman, scheme "said-f"); ש is shin (Moshe) unless a sin dot says sin; ק is k, צ tz
// (Peretz); ו doubled is v (the caller skips the second), inside a word a vowel (Yosef), at its
// start w as ICU reads it (Weiss); a final ה after a consonant is a vowel (Lehava); יי inside a
// word is ei (Weiss, Gopstein). ח stays h, as lists mostly write it (Mizrahi). `prev`: the
// word's letter before, 0 at its start.
std::string_view HebrewSaid(UChar32 cp, UChar32 prev, UChar32 next, bool initial_f) {
  const bool start = prev == 0, dagesh = next == kHebrewDagesh;
  switch (cp) {
    case kHebrewShin: return next == kHebrewSinDot ? "" : "sh";    // ש
    case 0x5D1: return start || dagesh ? "" : "v";                 // ב
    case 0x5DB: return start || dagesh ? "" : "ch";                // כ
    case 0x5DA: return "ch";                                       // ך
    case 0x5E4: return dagesh || (start && !initial_f) ? "" : "f";  // פ
    case 0x5E3: return "f";                                        // ף
    case 0x5E7: return "k";                                        // ק
    case 0x5E6: case 0x5E5: return "tz";                           // צ ץ
    case kHebrewVav: return next == kHebrewVav ? "v" : start ? "" : "o";
    case kHebrewYod: return next == kHebrewYod && !start ? "ei" : "";
    case 0x5D4:                                                    // ה
      return !start && !IsHebrewLetter(next) && prev != 0x5D0 && prev != kHebrewVav && prev != kHebrewYod ? "a" : "";
    default: return "";
  }
}

// Appends the said reading of `cp` (the code point before byte `i`) if it has one, moving `i`
// past a doubled ו or י; a gershayim inside a word is left out (להב"ה, Lehava: an acronym said as
// a word). `prev`: the word's letter before, kept up to date.
bool HebrewSaidAt(std::string_view utf8, int32_t& i, UChar32 cp, bool initial_f, UChar32& prev, std::string& out) {
  if (!IsHebrewLetter(cp)) {
    const bool gershayim = (cp == '"' || cp == 0x5F4) && prev != 0 && IsHebrewLetter(CodePointAt(utf8, i));
    if (gershayim) return true;  // the word goes on
    if (cp < 0x591 || cp > 0x5C7) prev = 0;  // points are not letters, nor break a word
    return false;
  }
  UChar32 next = CodePointAt(utf8, i);
  std::string_view said = HebrewSaid(cp, prev, next, initial_f);
  prev = cp;
  if (said.empty()) return false;
  out += said;
  if ((cp == kHebrewVav || cp == kHebrewYod) && next == cp) i += 2;  // וו, יי: one sound (two bytes)
  return true;
}

}  // namespace

bool IsInvisible(char32_t cp) {
  bool breaks = cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85;
  if (cp < 0xA0) return !breaks && (cp < 0x20 || cp >= 0x7F);
  // Below U+115F only these three are default-ignorable: most letters skip the property look-up.
  if (cp < 0x115F) return cp == 0xAD || cp == 0x34F || cp == 0x61C;
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

bool HasLetters(std::string_view utf8) {
  return AnyCodePoint(utf8, [](UChar32 cp) { return cp >= 0 && u_isalpha(cp); });
}

bool HasVisibleText(std::string_view utf8) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    if (cp < 0 || !(u_isUWhiteSpace(cp) || IsInvisible(static_cast<char32_t>(cp)))) return true;
  }
  return false;
}

// `utf8` with each iteration mark (々, as in 佐々木 for 佐佐木) written as the character it repeats,
// which no transliteration does.
std::string WithIterationMarksRepeated(std::string_view utf8) {
  constexpr std::string_view kIterationMark = "\u3005";
  std::string out;
  std::string_view last;  // the character before, as written
  ForEachCodePoint(utf8, [&](UChar32, std::string_view written) {
    if (written == kIterationMark) {
      out.append(last);  // none at the start: it repeats nothing
      return;
    }
    out.append(written);
    last = written;
  });
  return out;
}

std::string FoldToLatin(std::string_view utf8, std::string_view scheme) {
  if (IsAscii(utf8)) {
    return Lower(utf8);
  }
  if (utf8.find("\u3005") != std::string_view::npos) return FoldToLatin(WithIterationMarksRepeated(utf8), scheme);
  // Pre-pass for the scripts ICU romanises differently from how lists spell names.
  bool ukrainian = false;
  bool has_hangul = false, has_cyrillic = false, has_hebrew = false, has_arabic_other = false;
  {
    int32_t i = 0, n = static_cast<int32_t>(utf8.size());
    std::string visible;  // the text without what shows nothing, once something was found
    bool hidden = false;
    while (i < n) {
      int32_t start = i;
      UChar32 cp;
      U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, n, cp);
      // ASCII controls are left to Tokenize, which joins the words they divide; a name has no
      // lines, so the C1 line break (U+0085) shows nothing in it either.
      bool invisible = cp >= 0x80 && (cp <= 0x9F || IsInvisible(static_cast<char32_t>(cp)));
      if (invisible && !hidden) visible.assign(utf8.substr(0, static_cast<size_t>(start)));
      hidden |= invisible;
      if (hidden && !invisible) visible.append(utf8.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
      if (cp == 0x404 || cp == 0x454 || cp == 0x406 || cp == 0x456 || cp == 0x407 || cp == 0x457 || cp == 0x490 || cp == 0x491) ukrainian = true;
      if (cp >= 0xAC00 && cp <= 0xD7A3) has_hangul = true;
      if (cp >= 0x400 && cp <= 0x4FF) has_cyrillic = true;
      if (IsHebrewLetter(cp)) has_hebrew = true;
      if (ArabicLetterRead(cp) != 0) has_arabic_other = true;
    }
    if (hidden) return FoldToLatin(visible, scheme);
  }
  std::string pre;
  const bool bgn = scheme == "bgn";
  const bool hebrew_said = has_hebrew && (scheme == "said" || scheme == "said-f");
  if (has_hangul || hebrew_said || (has_cyrillic && bgn) || has_arabic_other) {
    int32_t i = 0, n = static_cast<int32_t>(utf8.size());
    bool word_start = true;
    UChar32 hebrew_prev = 0;  // the word's Hebrew letter before, for HebrewSaid
    while (i < n) {
      UChar32 cp;
      U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, n, cp);
      if (cp < 0) continue;
      if (cp >= 0xAC00 && cp <= 0xD7A3) {
        pre += RomanizeHangulSyllable(cp, word_start);
        pre += ' ';  // syllables apart: names are joined again by the caller
        word_start = false;
        continue;
      }
      word_start = !IsAlphabetic(cp);
      if (hebrew_said && HebrewSaidAt(utf8, i, cp, scheme == "said-f", hebrew_prev, pre)) continue;
      if (const char32_t arabic = ArabicLetterRead(cp)) {
        AppendUtf8(pre, arabic);
        continue;
      }
      if (bgn) {
        if (std::optional<std::string_view> latin = CyrillicEnglish(cp, ukrainian)) {
          pre += *latin;
          word_start = false;
          continue;
        }
      }
      AppendUtf8(pre, cp);
      if (cp == ' ') word_start = true;
    }
    if (IsAscii(pre)) return Lower(pre);  // as the tables below would give it
    utf8 = pre;
  }
  std::optional<std::string> by_table = FoldHanByTable(utf8);
  if (!by_table) by_table = FoldByTable(utf8);
  std::string out = by_table ? std::move(*by_table) : IcuToLatin(utf8);
  // Latin-ASCII leaves the schwa of Azerbaijani (Əliyev, Əhməd), which is romanised as "a":
  // left as it is, it would break the word in two.
  for (size_t at; (at = out.find("\xC9\x99")) != std::string::npos;) out.replace(at, 2, "a");
  return Lower(out);
}

namespace {

// A personal name of two to four Han characters read in Korean (金正恩 -> 김정은); empty when it
// is not such a name or a character has no Korean reading.
std::string SinoKoreanHangul(std::string_view name) {
  std::string hangul;
  int32_t i = 0, n = static_cast<int32_t>(name.size()), chars = 0;
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    char32_t reading = cp > 0 ? SinoKoreanReading(static_cast<char32_t>(cp)) : 0;
    if (!reading || ++chars > 4) return {};
    AppendUtf8(hangul, reading);
  }
  return chars >= 2 ? hangul : std::string();
}

}  // namespace

std::optional<NameForm> SinoKoreanForm(std::string_view name, SchemaFamily family) {
  if (family == SchemaFamily::kOrganization || family == SchemaFamily::kVessel || DetectScript(name) != Script::kHan)
    return std::nullopt;
  std::string korean = SinoKoreanHangul(name);
  if (korean.empty()) return std::nullopt;
  NameForm form = MakeForm(name, FoldToLatin(korean), Script::kHan, "sino-korean", family, false, true, nullptr);
  if (form.tokens.empty()) return std::nullopt;
  return form;
}

std::optional<NameForm> HanWordsForm(std::string_view name, SchemaFamily family) {
  if (family == SchemaFamily::kPerson || family == SchemaFamily::kVessel || DetectScript(name) != Script::kHan)
    return std::nullopt;
  std::string latin, run;
  bool translated = false;
  auto fold_run = [&] {
    if (run.empty()) return;
    latin += FoldToLatin(run);
    latin += ' ';
    run.clear();
  };
  for (int32_t i = 0, n = static_cast<int32_t>(name.size()); i < n;) {
    std::string_view english;
    if (const size_t bytes = HanWordAt(name, static_cast<size_t>(i), english)) {
      fold_run();
      latin.append(english).append(" ");
      i += static_cast<int32_t>(bytes);
      translated = true;
      continue;
    }
    const int32_t start = i;
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    run.append(name.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
  fold_run();
  if (!translated) return std::nullopt;
  NameForm form = MakeForm(name, latin, Script::kHan, "han-words", family, true, true, nullptr);
  if (form.tokens.empty()) return std::nullopt;
  return form;
}

namespace {

constexpr char32_t kShortU = U'\u045E', kDottedI = U'\u0456';  // ў, і

bool IsCyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }

// Soft vowels and the soft sign, before which Belarusian writes ц where Russian writes т (Арцём,
// Artyom).
bool Softens(char32_t c) {
  return c == kDottedI || c == U'\u0438' || c == U'\u0435' || c == U'\u0451' || c == U'\u044E' ||
         c == U'\u044F' || c == U'\u044C';  // и е ё ю я ь
}

// а о у ы э: before them дз is said dz in Russian too.
bool IsHardVowel(char32_t c) {
  return c == U'\u0430' || c == U'\u043E' || c == U'\u0443' || c == U'\u044B' || c == U'\u044D';
}

// The name in lower case, a Latin i typed between Cyrillic letters read as і (СIВАК); empty unless
// it has ў, or і without the letters only Ukrainian has (є ї ґ).
std::u32string BelarusianLetters(std::string_view name) {
  // Most Cyrillic names have neither: a byte scan spares them the code points.
  bool maybe = false;
  for (size_t k = 0; k + 1 < name.size() && !maybe; ++k) {
    const auto lead = static_cast<unsigned char>(name[k]), next = static_cast<unsigned char>(name[k + 1]);
    maybe = (lead == 0xD1 && (next == 0x96 || next == 0x9E)) || (lead == 0xD0 && (next == 0x86 || next == 0x8E)) ||
            name[k] == 'i' || name[k] == 'I' || name[k + 1] == 'i' || name[k + 1] == 'I';  // і ў І Ў, Latin i
  }
  if (!maybe) return {};
  std::u32string text;
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    if (cp < 0) return {};
    text += static_cast<char32_t>(u_tolower(cp));
  }
  bool short_u = false, dotted_i = false;
  for (size_t k = 0; k < text.size(); ++k) {
    char32_t& c = text[k];
    const bool in_cyrillic = (k > 0 && IsCyrillic(text[k - 1])) || (k + 1 < text.size() && IsCyrillic(text[k + 1]));
    if (c == U'i' && in_cyrillic) c = kDottedI;
    if (c == U'\u0454' || c == U'\u0457' || c == U'\u0491') return {};  // є ї ґ
    short_u |= c == kShortU;
    dotted_i |= c == kDottedI;
  }
  return short_u || dotted_i ? text : std::u32string();
}

// Belarusian letters as Russian writes them: ў в, і и, дз д (but before а о у ы э), ц т before a
// soft vowel, and a patronymic's -авіч, -аўна as -ович, -овна.
std::u32string AsRussianLetters(const std::u32string& text) {
  std::u32string out;
  for (size_t k = 0; k < text.size(); ++k) {
    const char32_t c = text[k], next = k + 1 < text.size() ? text[k + 1] : 0;
    if (c == U'\u0434' && next == U'\u0437' && k + 2 < text.size() && !IsHardVowel(text[k + 2])) {  // дз
      out += c;
      ++k;
    } else if (c == U'\u0446' && Softens(next)) {  // ц
      out += U'\u0442';
    } else {
      out += c == kShortU ? U'\u0432' : c == kDottedI ? U'\u0438' : c;
    }
  }
  for (std::u32string_view from : {U"\u0430\u0432\u0438\u0447", U"\u0430\u0432\u043d\u0430"}) {  // авич, авна
    for (size_t at = out.find(from); at != std::u32string::npos; at = out.find(from, at + 1)) {
      const size_t end = at + from.size();
      if (at > 0 && (end == out.size() || !IsCyrillic(out[end]))) out[at] = U'\u043e';  // о
    }
  }
  return out;
}

}  // namespace

std::optional<NameForm> RussianFormOfBelarusian(std::string_view name, SchemaFamily family) {
  const std::u32string letters = BelarusianLetters(name);
  if (letters.empty()) return std::nullopt;
  std::string russian;
  for (char32_t c : AsRussianLetters(letters)) AppendUtf8(russian, c);
  const bool strip = family == SchemaFamily::kOrganization || family == SchemaFamily::kAny;
  NameForm form = MakeForm(name, FoldToLatin(russian, "bgn"), Script::kCyrillic, "as-russian", family, strip, true, nullptr);
  if (form.tokens.empty()) return std::nullopt;
  return form;
}

namespace {

// Whether `text` ends with the word عبد or ابو (أبو), before spaces: a word the article is
// written onto in Latin (Abdul Wahed, Abul Hassan).
bool EndsWithAbdOrAbu(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  for (std::string_view word : {"\xD8\xB9\xD8\xA8\xD8\xAF", "\xD8\xA7\xD8\xA8\xD9\x88", "\xD8\xA3\xD8\xA8\xD9\x88"})
    if (text.ends_with(word) && (text.size() == word.size() || text[text.size() - word.size() - 1] == ' ')) return true;
  return false;
}

// The name with each word-initial ال of a word of two letters more (not الله, Allah) moved as
// Latin spellings write it: onto عبد or ابو before it (عبد الواحد, Abdul Wahed), else left out
// (التكريتي, Tikriti; the list's AL-TIKRITI has a form with its article apart).
std::string ArabicArticleMoved(std::string_view name) {
  constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84", kLah = "\xD9\x84\xD9\x87";  // ال, له
  std::string out;
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  bool word_start = true;
  while (i < n) {
    const int32_t at = i;
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    if (word_start && name.substr(static_cast<size_t>(at)).starts_with(kArticle)) {
      size_t end = static_cast<size_t>(at) + kArticle.size(), rest_end = end;
      int32_t k = static_cast<int32_t>(end), letters = 0;
      while (k < n) {
        UChar32 c;
        U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), k, n, c);
        if (c < 0 || !IsAlphabetic(c)) break;
        ++letters, rest_end = static_cast<size_t>(k);
      }
      if (letters >= 2 && name.substr(end, rest_end - end) != kLah) {
        if (EndsWithAbdOrAbu(out)) {
          while (out.back() == ' ') out.pop_back();
          out.append(kArticle).append(" ");
        }
        i = static_cast<int32_t>(end);
        word_start = false;
        continue;
      }
    }
    out.append(name.substr(static_cast<size_t>(at), static_cast<size_t>(i - at)));
    word_start = cp < 0 || !IsAlphabetic(cp);
  }
  return out;
}

// The name with each code point `read` gives a letter for written as that letter.
std::string WithLettersRead(std::string_view name, char32_t (*read)(char32_t)) {
  std::string out;
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  while (i < n) {
    const int32_t at = i;
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    if (const char32_t letter = cp < 0 ? 0 : read(static_cast<char32_t>(cp))) AppendUtf8(out, letter);
    else out.append(name.substr(static_cast<size_t>(at), static_cast<size_t>(i - at)));
  }
  return out;
}

// The name with the letters other languages add to the Arabic alphabet written as the Arabic
// letters they are read as (ArabicLetterRead): اللہ is الله.
std::string InArabicLetters(std::string_view name) { return WithLettersRead(name, ArabicLetterRead); }

// Whether `cp` is a letter Arabic script writes a long vowel with (ا و ي ى ی and alef's forms).
bool IsArabicVowelLetter(UChar32 cp) {
  switch (cp) {
    case 0x622: case 0x623: case 0x625: case 0x627: case 0x648: case 0x649: case 0x64A: case 0x6CC:
      return true;
    default:
      return false;
  }
}

// The name with a word's final ه (or Urdu ہ) after a consonant read as the vowel it often is,
// written ا: شحاته is Shihata, حماده Hamada, زاده Zada as well as Zadeh. Not in الله (Allah and
// the names ending in it) and not in words of two letters (طه, Taha).
std::string ArabicFinalHehSaid(std::string_view name) {
  constexpr UChar32 kHeh = 0x647, kLam = 0x644;  // Urdu ہ is ه by then (InArabicLetters)
  std::string out;
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  UChar32 before_last = 0, last = 0;  // the word's letters before this one
  int letters = 0;
  while (i < n) {
    const int32_t at = i;
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    UChar32 next = 0;
    if (i < n) {
      int32_t k = i;
      U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), k, n, next);
    }
    const bool word_end = next <= 0 || !IsAlphabetic(next);
    if (cp == kHeh && word_end && letters >= 2 && !IsArabicVowelLetter(last) &&
        !(last == kLam && before_last == kLam)) {
      out.append("\xD8\xA7");  // ا
    } else {
      out.append(name.substr(static_cast<size_t>(at), static_cast<size_t>(i - at)));
    }
    if (cp > 0 && IsAlphabetic(cp)) before_last = last, last = cp, ++letters;
    else before_last = last = 0, letters = 0;
  }
  return out;
}

// Whether `cp` is a letter Persian or Urdu adds to the Arabic alphabet (پ چ ژ گ ک ی ہ ے ٹ ڈ ڑ).
bool IsPersianLetter(UChar32 cp) {
  switch (cp) {
    case 0x67E: case 0x686: case 0x698: case 0x6AF: case 0x6A9: case 0x6CC: case 0x6C1: case 0x6D2: case 0x679:
    case 0x688: case 0x691:
      return true;
    default:
      return false;
  }
}

// A letter as Persian and Urdu say it: ض ظ ذ as z (رضا Reza, ذاکر Zakir), ث as s (ثناء اللہ
// Sanaullah), ق as gh (آقاجانی Aghajani); 0 for the others.
char32_t PersianLetterSaid(char32_t cp) {
  switch (cp) {
    case 0x636: case 0x638: case 0x630: return 0x632;  // ض ظ ذ -> ز
    case 0x62B: return 0x633;                            // ث -> س
    case 0x642: return 0x63A;                            // ق -> غ
    default: return 0;
  }
}

// Whether the name holds a letter Persian or Urdu adds to the Arabic alphabet: it is said as they
// say it.
bool HasPersianLetter(std::string_view name) {
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    if (IsPersianLetter(cp)) return true;
  }
  return false;
}

}  // namespace

std::vector<NameForm> ArabicArticleReadings(std::string_view name, SchemaFamily family,
                                            std::span<const NameForm> written) {
  std::vector<NameForm> readings;
  if (written.empty() || written.front().script != Script::kArabic) return readings;
  const std::string moved = ArabicArticleMoved(InArabicLetters(name));
  const std::string said = ArabicFinalHehSaid(moved);
  auto add = [&](const std::string& reading, std::string_view scheme) {
    for (NameForm& form : NormalizeName(reading, family)) {
      auto same = [&](const NameForm& w) { return w.tokens == form.tokens; };
      if (std::any_of(written.begin(), written.end(), same) || std::any_of(readings.begin(), readings.end(), same))
        continue;
      form.scheme = scheme;
      readings.push_back(std::move(form));
    }
  };
  if (moved != name) add(moved, "");
  if (said != moved) add(said, "heh-said");
  if (const std::string persian = WithLettersRead(moved, PersianLetterSaid); persian != moved)
    add(persian, HasPersianLetter(name) ? "persian" : "persian-guess");
  return readings;
}

namespace {

std::vector<NameForm> NormalizeAsWritten(std::string_view name, SchemaFamily family);

}  // namespace

namespace {

std::vector<NameForm> NormalizeAsItLooks(std::string_view name, SchemaFamily family) {
  // A Latin word with look-alike Cyrillic or Greek letters (НAMAS) is read as it looks first, then
  // as its letters are.
  // A name without a Latin letter (СНАТЕХ) is read as written first: the look is the guess.
  std::optional<std::string> looks = LatinLookAlikeReading(name);
  if (!looks) return NormalizeAsWritten(name, family);
  bool latin = std::any_of(name.begin(), name.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  std::vector<NameForm> forms = NormalizeAsWritten(latin ? std::string_view(*looks) : name, family);
  for (NameForm& form : NormalizeAsWritten(latin ? name : std::string_view(*looks), family)) forms.push_back(std::move(form));
  return forms;
}

}  // namespace

std::vector<NameForm> NormalizeName(std::string_view name, SchemaFamily family) {
  // A right-to-left override shows its text reversed: read as shown first, then as stored.
  std::optional<std::string> shown = DisplayedReading(name);
  if (!shown) return NormalizeAsItLooks(name, family);
  std::vector<NameForm> forms = NormalizeAsItLooks(*shown, family);
  for (NameForm& form : NormalizeAsItLooks(name, family)) forms.push_back(std::move(form));
  return forms;
}

namespace {

std::vector<NameForm> NormalizeAsWritten(std::string_view name, SchemaFamily family) {
  Script script = DetectScript(name);
  using Schemes = std::span<const std::string_view>;
  // Unpointed Hebrew leaves letters open (ש shin or sin, ב b or v, פ p or f): a Hebrew name is
  // read as ICU reads it and as Israelis say it (scheme "said", HebrewSaid); one with a word that
  // starts with פ also with that פ said f, as Yiddish names have it (Federman, scheme "said-f").
  static constexpr std::string_view kLatin[] = {""}, kCyrillic[] = {"bgn", "iso9"}, kHebrew[] = {"", "said"},
                                    kHebrewPe[] = {"", "said", "said-f"};
  const Schemes schemes = script == Script::kCyrillic ? Schemes(kCyrillic)
                          : script != Script::kHebrew ? Schemes(kLatin)
                          : HasWordStartingWithPe(name) ? Schemes(kHebrewPe)
                                                        : Schemes(kHebrew);
  bool strip_forms = family == SchemaFamily::kOrganization || family == SchemaFamily::kAny;
  std::vector<NameForm> forms;
  forms.reserve(2);
  // A name with a particle has two forms, the particle joined to the next word and apart: "de
  // cuba" meets "decuba" and "Banco Nacional Cuba" alike.
  // The Latin spelling is made once per scheme (transliteration is the costly step).
  std::string latin;
  auto add = [&](std::string_view scheme, bool strip) {
    bool particle = false;
    NameForm form = MakeForm(name, latin, script, scheme, family, strip, true, &particle);
    if (form.tokens.empty()) return false;
    bool has_forms = !form.legal_forms.empty();
    forms.push_back(std::move(form));
    if (particle) forms.push_back(MakeForm(name, latin, script, scheme, family, strip, false, nullptr));
    return has_forms;
  };
  for (std::string_view scheme : schemes) {
    latin = FoldToLatin(name, scheme);
    size_t before = forms.size();
    bool has_forms = add(scheme, strip_forms);
    if (family == SchemaFamily::kAny && has_forms) {
      // Without a schema the words may be a person's name ("Li Sa"): keep the unstripped form too,
      // first.
      std::vector<NameForm> stripped(std::make_move_iterator(forms.begin() + before), std::make_move_iterator(forms.end()));
      forms.resize(before);
      add(scheme, false);
      for (auto& f : stripped) forms.push_back(std::move(f));
    }
    auto add_as_firm = [&](bool strip) {
      NameForm as_organisation = MakeForm(name, latin, script, scheme, SchemaFamily::kOrganization, strip, true, nullptr);
      bool known = false;
      for (const auto& f : forms) known |= f.scheme == as_organisation.scheme && f.tokens == as_organisation.tokens;
      if (!as_organisation.tokens.empty() && !known) forms.push_back(std::move(as_organisation));
    };
    if (AlsoReadAsFirm(latin, family, forms.size() > before ? &forms[before].tokens : nullptr)) add_as_firm(true);
    if (has_forms && SpeltInLetters(latin)) add_as_firm(false);  // its letters joined whole: hamas
  }
  return forms;
}

}  // namespace

namespace {

// Words that join two names in one: "and" and its signs, "care of", "for the benefit of", "on
// behalf of", "attention of" and an also-known-as marker. Compared without case.
bool JoinsNames(std::string_view word) {
  // Every query asks this of each word: most are told apart by length and first letter.
  if (word.empty() || word.size() == 2 || word.size() > 6) return false;
  switch (LowerAscii(word[0])) {
    case 'a': case 'u': case 'c': case 'f': case 'o': case '&': case '+': case '/': break;
    default: return false;
  }
  static constexpr std::string_view kJoiners[] = {"and", "&",   "und", "+",   "/",      "c/o",   "fbo",  "obo",
                                                   "attn", "attn:", "fao", "aka", "a.k.a.", "a.k.a", "fka", "f.k.a."};
  for (std::string_view joiner : kJoiners)
    if (word.size() == joiner.size() &&
        std::equal(word.begin(), word.end(), joiner.begin(), [](char a, char b) { return LowerAscii(a) == b; }))
      return true;
  return false;
}

// Whether `name` holds a joining word, a semicolon or a parenthesis at all: most names hold none,
// and are spared the cut.
bool MayJoinNames(std::string_view name) {
  size_t at = 0;  // where the word begins
  for (size_t i = 0; i <= name.size(); ++i) {
    const char c = i < name.size() ? name[i] : ' ';
    if (c == ';' || c == '(' || c == ')') return true;
    if (c != ' ') continue;
    if (JoinsNames(name.substr(at, i - at))) return true;
    at = i + 1;
  }
  return false;
}

// The names a query joins, cut at the words above, a semicolon and parentheses.
std::vector<std::string> CutAtJoiners(std::string_view name) {
  std::vector<std::string> sides(1);
  for (size_t at = 0; at <= name.size();) {
    size_t end = std::min(name.find(' ', at), name.size());
    std::string_view word = name.substr(at, end - at);
    at = end + 1;
    if (JoinsNames(word)) {
      sides.emplace_back();
      continue;
    }
    bool opens = !word.empty() && word.front() == '(';
    bool closes = !word.empty() && (word.back() == ')' || word.back() == ';');
    if (opens) {
      word.remove_prefix(1);
      if (!sides.back().empty()) sides.emplace_back();
    }
    if (closes) word.remove_suffix(1);
    if (!word.empty()) sides.back() += (sides.back().empty() ? "" : " ") + std::string(word);
    if (closes && !sides.back().empty()) sides.emplace_back();
  }
  while (!sides.empty() && sides.back().empty()) sides.pop_back();
  return sides;
}

}  // namespace

std::vector<NameForm> JointNameSides(std::string_view name, SchemaFamily family) {
  std::vector<NameForm> out;
  // A firm's "and" joins words of one name (BANK FOR DEVELOPMENT AND FOREIGN ECONOMIC AFFAIRS).
  if ((family != SchemaFamily::kPerson && family != SchemaFamily::kAny) || !MayJoinNames(name)) return out;
  std::vector<std::string> sides = CutAtJoiners(name);
  if (sides.size() < 2) return out;
  for (const std::string& side : sides) {
    // Two words or more read as a person (titles aside) and as a firm (legal forms aside).
    auto as_person = NormalizeName(side, SchemaFamily::kPerson);
    if (as_person.empty() || as_person[0].tokens.size() < 2) continue;
    auto as_firm = NormalizeName(side, SchemaFamily::kOrganization);
    if (as_firm.empty() || as_firm[0].tokens.size() < 2) continue;
    for (NameForm& f : family == SchemaFamily::kPerson ? as_person : NormalizeName(side, family)) {
      if (f.scheme.empty()) f.scheme = "joint-part";  // a transliterated side keeps its scheme
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace embargo::text
