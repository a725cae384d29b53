#include "text_scan/tokenizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <unordered_map>

#include "text/code_points.h"
#include "text/legal_forms.h"
#include "text/look_alikes.h"

namespace embargo::text_scan {
namespace {

// Enclosed alphanumerics: circled, parenthesised, squared and negative letters and digits
// (Ⓟⓤⓣⓘⓝ, ⒫, 🄿, 🅟, 🅿), read as their letters; not the rest of U+1F100's block (squared
// words such as 🆗, regional indicators of flags).
bool IsEnclosedAlnum(UChar32 cp) { return (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x1F100 && cp <= 0x1F189); }

// The letters or digits an enclosed alphanumeric stands for (Ⓟ P, ⓤ u, ⒜ a, ⑫ 12, 🅟 P): its
// compatibility decomposition without the brackets and stops, or for the negative circled and
// squared capitals, which have none, the capital itself.
std::string EnclosedReading(UChar32 cp) {
  if (char negative = text::NegativeEnclosedLetter(static_cast<char32_t>(cp))) return std::string(1, negative);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString decomposed;
  std::string out;
  if (U_FAILURE(status) || !nfkc->getDecomposition(cp, decomposed)) return out;
  for (int32_t i = 0; i < decomposed.length(); ++i) {
    char16_t c = decomposed[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
  }
  return out;
}

// `word` with its enclosed alphanumerics replaced by their readings.
std::string WithEnclosedRead(std::string_view word) {
  std::string out;
  text::ForEachCodePoint(word, [&](UChar32 cp, std::string_view written) {
    if (IsEnclosedAlnum(cp)) out += EnclosedReading(cp);
    else out.append(written);
  });
  return out;
}

text::Script ScriptOf(UChar32 cp) {
  if (cp < 0x80 || IsEnclosedAlnum(cp)) return text::Script::kLatin;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(cp, &status)) {
    case USCRIPT_LATIN: return text::Script::kLatin;
    case USCRIPT_CYRILLIC: return text::Script::kCyrillic;
    case USCRIPT_GREEK: return text::Script::kGreek;
    case USCRIPT_ARABIC: return text::Script::kArabic;
    case USCRIPT_HEBREW: return text::Script::kHebrew;
    case USCRIPT_HAN: return text::Script::kHan;
    case USCRIPT_HANGUL: return text::Script::kHangul;
    case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: return text::Script::kKana;
    case USCRIPT_THAI: return text::Script::kThai;
    default: return text::Script::kOther;
  }
}

bool IsApostrophe(UChar32 cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2BC || cp == '`'; }

bool IsWordChar(UChar32 cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  return u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) || IsEnclosedAlnum(cp);
}

constexpr UChar32 kRightToLeftOverride = 0x202E, kPopDirectionalFormatting = 0x202C;

bool IsInvisible(UChar32 cp) { return cp >= 0 && text::IsInvisible(static_cast<char32_t>(cp)); }

// Hyphens that join words as '-' does: hyphen, non-breaking hyphen, figure dash, en dash (as
// word processors substitute it), minus sign and the small and full-width hyphen-minus.
bool IsHyphen(UChar32 cp) {
  switch (cp) {
    case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: case 0xFE63: case 0xFF0D:
      return true;
    default:
      return false;
  }
}

// Whether `gap` is one hyphen and nothing else (Jong-un, Sber\u2010bank).
bool IsOneHyphen(std::string_view gap) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(gap.data());
  const auto n = static_cast<int32_t>(gap.size());
  int32_t i = 0;
  UChar32 cp = -1;
  if (n > 0) U8_NEXT(bytes, i, n, cp);
  return i == n && IsHyphen(cp);
}

// A control character (C0 but the line and tab breaks, DEL, C1): it shows nothing, and may stand
// for a space (a PDF's extraction) or hide one ("Vladimir\x1fPutin").
bool IsControl(UChar32 cp) { return cp >= 0 && cp < 0xA0 && IsInvisible(cp); }

// Whether `gap` is control characters and nothing else: they may stand for a space (a PDF's
// extraction), where other invisible characters glue words together.
bool IsControlGap(std::string_view gap) {
  return !gap.empty() && !text::AnyCodePoint(gap, [](UChar32 cp) { return !IsControl(cp); });
}

// Whether `gap` is control or other invisible characters and nothing else (a word cut where it may
// hide a space, WordEnd): the words on either side are read apart and joined, as a hyphen's are.
bool IsHiddenGap(std::string_view gap) {
  return !gap.empty() && !text::AnyCodePoint(gap, [](UChar32 cp) { return !IsInvisible(cp); });
}

// A small letter then a capital: words glued in camel case (VladimirPutin, ВладимирПутин).
bool IsCamelJoin(UChar32 before, UChar32 after) {
  if (before < 0x80 && after < 0x80) return before >= 'a' && before <= 'z' && after >= 'A' && after <= 'Z';
  return before >= 0 && after >= 0 && u_islower(before) && (u_isupper(after) || u_istitle(after));
}

// Clause breaks and quotes: between single letters they part words, they do not spell one out.
bool IsClauseBreak(UChar32 cp) {
  switch (cp) {
    case ',': case ';': case ':': case '!': case '?': case '(': case ')': case '[': case ']': case '{': case '}':
    case '"': case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB: case 0x3002: case 0xFF0C: case 0xFF1B:
    case 0xFF1A: case 0x3001: case 0x060C: case 0x061B: case 0x061F: case 0x06D4:
      return true;
    default:
      return IsApostrophe(cp);
  }
}

// How `gap` may stand between the letters of a word spelt out: kSpacedGap (" ", ". "), where the
// letters must agree in case ("S b E r" is words of a sentence); kTightGap, control characters
// or one punctuation or symbol character not a clause break ("P/U/T/I/N", "p-U-t-I-n", "P·U·T"),
// where case does not matter; kNoGap.
enum SpellingGap { kNoGap, kSpacedGap, kTightGap };
SpellingGap SpellingGapOf(std::string_view gap) {
  if (gap == " " || gap == ". ") return kSpacedGap;
  if (IsHiddenGap(gap)) return kTightGap;
  const auto* bytes = reinterpret_cast<const uint8_t*>(gap.data());
  const auto n = static_cast<int32_t>(gap.size());
  int32_t i = 0;
  UChar32 cp = -1;
  if (n > 0) U8_NEXT(bytes, i, n, cp);
  if (i != n || cp < 0 || IsClauseBreak(cp)) return kNoGap;
  bool mark = u_ispunct(cp) || (U_GET_GC_MASK(cp) & U_GC_S_MASK);
  return mark ? kTightGap : kNoGap;
}

std::string WithoutInvisibles(std::string_view word) {
  std::string out;
  text::ForEachCodePoint(word, [&](UChar32 cp, std::string_view written) {
    if (!IsInvisible(cp)) out.append(written);
  });
  return out;
}

// Separators that end a name: a name never runs across them. A comma does not ("Putin, Vladimir").
bool IsHardSeparator(UChar32 cp) {
  switch (cp) {
    case ';': case ':': case '!': case '?': case '(': case ')': case '[': case ']': case '{': case '}':
    case '"': case '|': case '<': case '>': case '#': case '*': case '=': case '+': case '@': case '\\': case '~': case '^': case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB:
    case 0x3002: case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0x3001: case 0x061B: case 0x061F: case 0x06D4:
      return true;
    default:
      return false;
  }
}

// Case: capitals mean something only where lower case is the rule: in a document mostly in
// lower case, except on its lines in capitals (headings, remittance lines). Per line: whether
// capitals carry meaning there.
std::vector<uint8_t> MixedCaseLines(const uint8_t* bytes, int32_t n) {
  std::vector<std::pair<int, int>> lines;  // upper, lower per line
  int upper = 0, lower = 0, doc_upper = 0, doc_lower = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    if (cp == '\n') {
      lines.push_back({upper, lower});
      upper = lower = 0;
    } else if (cp >= 'A' && cp <= 'Z') {
      ++upper;
    } else if (cp >= 'a' && cp <= 'z') {
      ++lower;
    } else if (cp >= 0x80) {
      if (u_isupper(cp)) ++upper;
      else if (u_islower(cp)) ++lower;
    }
  }
  lines.push_back({upper, lower});
  for (auto [u, l] : lines) {
    doc_upper += u;
    doc_lower += l;
  }
  bool doc_mixed = doc_upper > 0 && doc_lower >= 2 * doc_upper;
  std::vector<uint8_t> line_mixed;
  for (auto [u, l] : lines) line_mixed.push_back(doc_mixed && l >= u);
  return line_mixed;
}

// A run of invisible characters inside a word, from a byte on: where it ends, how many code
// points, and what it holds. Controls and a right-to-left override end a word, not a run.
struct HiddenRun {
  int32_t end;
  size_t count = 0;
  bool format = false;        // a format character: zero width space, word joiner, soft hyphen
  bool joiners_only = true;   // only zero width joiners and non-joiners
};
HiddenRun HiddenRunAt(const uint8_t* bytes, int32_t at, int32_t n) {
  HiddenRun run{at};
  while (run.end < n) {
    int32_t j = run.end;
    UChar32 cp;
    U8_NEXT(bytes, j, n, cp);
    if (!IsInvisible(cp) || IsControl(cp) || cp == kRightToLeftOverride) break;
    run.end = j;
    ++run.count;
    run.format |= u_charType(cp) == U_FORMAT_CHAR;
    run.joiners_only &= cp == 0x200C || cp == 0x200D;
  }
  return run;
}

// Whether a run of invisible characters before the letter `next` may hide a space, so the word is
// cut there and read both apart and joined: a format character may, but joiners only before a
// letter of case, as Persian and Indic words hold them as spelling; marks (variation selectors)
// never do.
bool HidesSpace(const HiddenRun& run, UChar32 next) {
  return run.format && !(run.joiners_only && !(u_isupper(next) || u_islower(next) || u_istitle(next)));
}

// A word (not Han) found by WordEnd: where it ends, its code points, whether they are all ASCII,
// and whether the next word is glued to it by its capital (IsCamelJoin).
struct WordExtent {
  int32_t end;
  size_t chars = 1;
  bool ascii;
  bool camel_after = false;
};

// Whether the apostrophe at byte `at` (just read) joins the word: a letter follows, and it is no
// possessive 's followed by a non-letter or the end.
bool ApostropheJoins(const uint8_t* bytes, int32_t at, int32_t n) {
  if (at >= n) return false;
  UChar32 after;
  U8_NEXT(bytes, at, n, after);
  if (after < 0 || !IsWordChar(after)) return false;
  if (after != 's' && after != 'S') return true;
  UChar32 then = ' ';
  if (at < n) U8_NEXT(bytes, at, n, then);
  return then >= 0 && IsWordChar(then);
}

// The word (not Han) whose first code point `first` ends at byte `end`: letters, digits and marks;
// inner apostrophes join (O'Brien) but a possessive 's ends the word before the apostrophe
// (Rosneft's -> Rosneft); invisible characters between letters are inside the word unless they
// may hide a space (HidesSpace); a control character ends it, and so does a capital after a small
// letter (IsCamelJoin): the next word is glued to it.
WordExtent WordEnd(const uint8_t* bytes, int32_t end, int32_t n, UChar32 first) {
  WordExtent word{end, 1, first < 0x80};
  UChar32 last = first;  // the last letter or digit, marks aside
  while (word.end < n) {
    // Most words are ASCII letters and digits: nothing hidden, no script to look up.
    const UChar32 byte = bytes[word.end];
    if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9')) {
      word.camel_after = IsCamelJoin(last, byte);
      if (word.camel_after) break;
      ++word.end;
      ++word.chars;
      last = byte;
      continue;
    }
    HiddenRun hidden = HiddenRunAt(bytes, word.end, n);
    int32_t j = hidden.end;
    if (j >= n) break;
    UChar32 next;
    U8_NEXT(bytes, j, n, next);
    bool letter = next >= 0 && IsWordChar(next) && ScriptOf(next) != text::Script::kHan;
    if (hidden.count && (!letter || HidesSpace(hidden, next))) break;
    if (letter && hidden.count == 0 && IsCamelJoin(last, next)) {
      word.camel_after = true;
      break;
    }
    if (!letter && !(next >= 0 && IsApostrophe(next) && ApostropheJoins(bytes, j, n))) break;
    word.chars += hidden.count + 1;
    word.ascii &= hidden.count == 0 && next < 0x80;
    word.end = j;
    if (next < 0x80 || !(U_GET_GC_MASK(next) & U_GC_M_MASK)) last = next;
  }
  return word;
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view s)
      : s_(s), bytes_(reinterpret_cast<const uint8_t*>(s.data())), n_(static_cast<int32_t>(s.size())) {
    tokens_.reserve(s.size() / 6 + 16);
    line_mixed_ = MixedCaseLines(bytes_, n_);
  }

  std::vector<TextToken> Run() {
    for (int32_t i = 0; i < n_;) {
      int32_t start = i;
      UChar32 cp;
      U8_NEXT(bytes_, i, n_, cp);
      if (cp == kRightToLeftOverride) {
        i = Overridden(start, i);
      } else if (cp < 0 || !IsWordChar(cp)) {
        Separator(cp, start);
        if (cp == '\n') i = AfterQuoteMarkers(i);
      } else {
        i = Word(start, i, cp);
      }
    }
    JoinSpelledOutWords();
    UnmarkLegalFormInitials();
    return std::move(tokens_);
  }

  // The runs of words with unread letters Run met (byte ranges, in text order).
  std::vector<std::pair<size_t, size_t>> TakeUnread() { return std::move(unread_); }

 private:
  // A character between words: line breaks, full stops and clause punctuation may end a name.
  void Separator(UChar32 cp, int32_t at) {
    ++chars_;
    if (cp == '\n') {
      ++line_;
      if (++newlines_ >= 2) hard_ = true;  // a blank line ends a paragraph
    } else if (cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0x06D4) {
      // A full stop after an initial or abbreviation ("V. Putin", "Co. Ltd") does not end a name.
      bool abbreviation = cp == '.' && !tokens_.empty() &&
                          (tokens_.back().norm.size() <= 2 || text::IsLegalFormToken(tokens_.back().norm));
      if (!abbreviation) hard_ = true;
      if (cp == '.' && !tokens_.empty() && tokens_.back().end == static_cast<size_t>(at)) {  // "V." written together
        TextToken& last = tokens_.back();
        last.initial = last.norm.size() == 1 && last.norm[0] >= 'a' && last.norm[0] <= 'z' && (last.flags & kCapital);
      }
    } else if (IsHardSeparator(cp)) {
      hard_ = true;
    }
  }

  // The run a right-to-left override at `start` shows reversed, up to its pop, the line's end,
  // another override or the text's end: tokenised as shown (text::DisplayedReading), each token
  // with the offsets of the whole run, override and pop included. Returns where the run ends.
  int32_t Overridden(int32_t start, int32_t i) {
    size_t char_begin = chars_++;
    int32_t end = i;
    while (end < n_) {
      int32_t next = end;
      UChar32 cp;
      U8_NEXT(bytes_, next, n_, cp);
      if (cp == '\n' || cp == kRightToLeftOverride) break;
      end = next;
      ++chars_;
      if (cp == kPopDirectionalFormatting) break;
    }
    std::optional<std::string> shown =
        text::DisplayedReading(s_.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
    if (!shown) return end;
    std::vector<TextToken> run = TokenizeText(*shown);
    bool mixed_line = line_ < line_mixed_.size() && line_mixed_[line_];
    constexpr auto kContext =
        static_cast<uint8_t>(kMixedCase | kHardBefore | kSpaceBefore | kHyphenBefore | kGluedBefore);
    for (size_t k = 0; k < run.size(); ++k) {
      TextToken& t = run[k];
      bool hard = k == 0 ? hard_ : (t.flags & kHardBefore) != 0;
      t.flags = static_cast<uint8_t>((t.flags & ~kContext) | (mixed_line ? kMixedCase : 0) | (hard ? kHardBefore : 0));
      t.begin = static_cast<size_t>(start);
      t.end = static_cast<size_t>(end);
      t.char_begin = char_begin;
      t.char_end = chars_;
      t.as_shown = true;
      tokens_.push_back(std::move(t));
    }
    if (!run.empty()) {
      hard_ = false;
      newlines_ = 0;
    }
    return end;
  }

  // Letters with full stops that spell a legal form (S.A., N.V., S.R.L., A.Ş.) are the form, not
  // a person's initials, unless a name follows them in the clause ("A.G. Ivanov").
  void UnmarkLegalFormInitials() {
    for (size_t i = 0; i < tokens_.size();) {
      size_t j = i;
      std::string letters;
      while (j < tokens_.size() && tokens_[j].initial) letters += tokens_[j++].norm;
      bool name_follows = j < tokens_.size() && !(tokens_[j].flags & kHardBefore) && (tokens_[j].flags & kCapital) &&
                          (tokens_[j].flags & kMixedCase);
      if (j - i >= 2 && !name_follows && (text::IsLegalFormAsSpelt(letters) || text::IsLegalFormToken(letters)))
        for (size_t k = i; k < j; ++k) tokens_[k].initial = false;
      i = std::max(j, i + 1);
    }
  }

  // A word spelt out letter by letter ("S-B-E-R-B-A-N-K", "R O S N E F T", "P/U/T/I/N"): four
  // single Latin letters or more, each after the same separator (SpellingGapOf), are one word, as
  // names are read ("I.B.M." is IBM). Shorter runs are initials ("J. R. R. Tolkien").
  void JoinSpelledOutWords() {
    constexpr size_t kMinLetters = 4;
    auto letter = [](const TextToken& t) { return t.norm.size() == 1 && t.norm[0] >= 'a' && t.norm[0] <= 'z'; };
    std::vector<TextToken> out;
    out.reserve(tokens_.size());
    for (size_t i = 0; i < tokens_.size();) {
      size_t j = i + 1;
      bool capitals = false, lower = false;
      if (letter(tokens_[i]) && i + 1 < tokens_.size() && tokens_[i + 1].begin >= tokens_[i].end) {
        std::string_view gap = s_.substr(tokens_[i].end, tokens_[i + 1].begin - tokens_[i].end);
        SpellingGap kind = SpellingGapOf(gap);
        auto same = [&](size_t k) {
          return letter(tokens_[k]) && tokens_[k].begin >= tokens_[k - 1].end &&
                 (kind == kTightGap || (tokens_[k].flags & kCapital) == (tokens_[i].flags & kCapital)) &&
                 s_.substr(tokens_[k - 1].end, tokens_[k].begin - tokens_[k - 1].end) == gap;
        };
        while (kind != kNoGap && j < tokens_.size() && same(j)) ++j;
        for (size_t k = i; k < j; ++k) (tokens_[k].flags & kCapital ? capitals : lower) = true;
      }
      if (j - i < kMinLetters) {
        for (; i < j; ++i) out.push_back(std::move(tokens_[i]));
        continue;
      }
      TextToken joined = std::move(tokens_[i]);
      for (size_t k = i + 1; k < j; ++k) joined.norm += tokens_[k].norm;
      joined.end = tokens_[j - 1].end;
      joined.char_end = tokens_[j - 1].char_end;
      if (capitals) joined.flags |= kCapital;  // "p-U-t-I-n" is written with capitals
      if (capitals && !lower) joined.flags |= kAllCaps;
      joined.initial = false;
      joined.spelt_out = true;
      out.push_back(std::move(joined));
      i = j;
    }
    tokens_ = std::move(out);
  }

  // The word whose first code point `cp` runs from `start` to `i`; emits its tokens and returns
  // where the word ends. Han characters are words alone.
  int32_t Word(int32_t start, int32_t i, UChar32 cp) {
    text::Script script = ScriptOf(cp);
    std::string enclosed = IsEnclosedAlnum(cp) ? EnclosedReading(cp) : std::string();
    UChar32 shown = enclosed.empty() ? cp : static_cast<UChar32>(enclosed[0]);  // Ⓟ is a capital P
    bool capital = shown < 0x80 ? ((shown >= 'A' && shown <= 'Z') || (shown >= '0' && shown <= '9'))
                                : (u_isupper(shown) || u_istitle(shown));
    bool cased = shown < 0x80 ? !(shown >= '0' && shown <= '9') : (u_isupper(shown) || u_islower(shown) || u_istitle(shown));
    size_t char_begin = chars_;
    WordExtent word = script == text::Script::kHan ? WordExtent{i, 1, false} : WordEnd(bytes_, i, n_, cp);
    const int32_t end = word.end;
    const bool ascii = word.ascii;
    chars_ += word.chars;
    std::string_view raw = s_.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    uint8_t flags = 0;
    // A word joined by a hyphen to a capitalised one shares its capital: Jong-un, Al-Qaida, and
    // Jong-un cut at the hyphen by a line's end.
    // A capital says a word begins only on a line that mixes case (a remittance line in capitals:
    // "ROSOBORON-\nEXPORT").
    bool mixed_line = line_ < line_mixed_.size() && line_mixed_[line_];
    bool lower_start = cased && (!capital || !mixed_line);
    bool line_end_hyphen = newlines_ == 1 && !hard_ && HyphenatedBefore(start);
    std::string_view gap = tokens_.empty() ? std::string_view() : s_.substr(tokens_.back().end, static_cast<size_t>(start) - tokens_.back().end);
    bool camel = gap.empty() && start == camel_at_;
    bool glued = !tokens_.empty() && newlines_ == 0 && (camel || IsHiddenGap(gap));
    bool in_word = glued && (camel || !IsControlGap(gap));
    bool inline_hyphen = glued || (!tokens_.empty() && newlines_ == 0 && IsOneHyphen(gap));
    camel_at_ = word.camel_after ? end : -1;
    if (!capital && (line_end_hyphen || inline_hyphen) && (tokens_.back().flags & kCapital)) capital = true;
    if (inline_hyphen) flags |= kHyphenBefore;
    if (glued) flags |= kGluedBefore;
    if (!tokens_.empty() && static_cast<size_t>(start) == tokens_.back().end + 1 && s_[tokens_.back().end] == ' ')
      flags |= kSpaceBefore;
    if (capital) flags |= kCapital;
    if (cased) flags |= kCased;
    if (mixed_line) flags |= kMixedCase;
    if (hard_) flags |= kHardBefore;
    bool rejoin = lower_start && line_end_hyphen;
    bool as_shown = false;
    hard_ = false;
    newlines_ = 0;
    auto emit = [&](std::string norm) {
      // A word hyphenated at a line's end ("Prigo-\nzhin") is one word; a short part is more
      // likely a compound's (Jong-\nun, al-\nSham), which stays apart.
      if (std::exchange(rejoin, false) && tokens_.back().norm.size() >= 3 && norm.size() >= 3) {
        TextToken& before = tokens_.back();
        before.end = static_cast<size_t>(end);
        before.char_end = chars_;
        before.norm += norm;
        return;
      }
      tokens_.push_back(TextToken{static_cast<size_t>(start), static_cast<size_t>(end), char_begin, chars_,
                                  std::move(norm), script, flags});
      tokens_.back().as_shown = as_shown;
      tokens_.back().in_word = std::exchange(in_word, false);
      flags &= static_cast<uint8_t>(~(kHardBefore | kHyphenBefore | kSpaceBefore | kGluedBefore));
    };
    if (ascii) {
      size_t upper = std::count_if(raw.begin(), raw.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      if (upper >= 2 && std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        flags |= kAllCaps;
      word_.clear();
      for (char c : raw) {
        if (c >= 'A' && c <= 'Z') word_ += static_cast<char>(c + ('a' - 'A'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) word_ += c;
      }
      if (!word_.empty()) emit(word_);
      return end;
    }
    auto [it, inserted] = folded_.try_emplace(std::string(raw));
    Folded& folded = it->second;
    if (inserted) {
      std::string visible = WithoutInvisibles(raw);
      std::string read = WithEnclosedRead(visible);
      folded.enclosed = read != visible;
      visible = std::move(read);
      // A Latin word with look-alike Cyrillic or Greek letters (НAMAS) is read as it looks; a
      // letter alone is no such word (the initial В. of В.В. Путин is a V).
      bool one_letter = text::CodePointCount(visible) == 1;
      std::optional<std::string> looks = one_letter ? std::nullopt : text::LatinLookAlikeReading(visible);
      folded.looks_latin = looks.has_value();
      std::string latin = looks ? text::FoldToLatin(*looks)
                                : text::FoldToLatin(visible, script == text::Script::kCyrillic ? "bgn" : "");
      folded.tokens = text::Tokenize(latin);
      folded.unread = text::HasUnreadLetters(latin);
    }
    if (folded.unread) Unread(static_cast<size_t>(start), static_cast<size_t>(end));
    if (folded.looks_latin) script = text::Script::kLatin;
    as_shown = folded.enclosed;
    for (const auto& t : folded.tokens) emit(t);
    return end;
  }

  // Whether the last token ends in a hyphen at the end of the line before `start`: one of
  // IsHyphen's, or a soft hyphen (typeset text marks a word broken at a line's end with one).
  bool HyphenatedBefore(int32_t start) const {
    if (tokens_.empty()) return false;
    auto at = static_cast<int32_t>(tokens_.back().end);
    if (at >= n_) return false;
    UChar32 hyphen;
    U8_NEXT(bytes_, at, n_, hyphen);
    if (!IsHyphen(hyphen) && hyphen != 0xAD) return false;
    std::string_view between = s_.substr(static_cast<size_t>(at), static_cast<size_t>(start - at));
    return std::count(between.begin(), between.end(), '\n') == 1 &&
           between.find_first_not_of(" \t\r\n>") == std::string_view::npos;
  }

  // A word with unread letters: one run with the previous such word when only spaces part them.
  void Unread(size_t begin, size_t end) {
    if (!unread_.empty() &&
        s_.substr(unread_.back().second, begin - unread_.back().second).find_first_not_of(" \t") == std::string_view::npos)
      unread_.back().second = end;
    else
      unread_.emplace_back(begin, end);
  }

  // After a line break, the quote markers of an e-mail reply ("> > ") are part of the break: a
  // name wrapped across quoted lines runs on as across plain ones. Returns where the line's text
  // begins.
  int32_t AfterQuoteMarkers(int32_t i) {
    int32_t end = i;
    while (end < n_ && (bytes_[end] == '>' || bytes_[end] == ' ' || bytes_[end] == '\t')) ++end;
    chars_ += static_cast<size_t>(end - i);
    return end;
  }

  std::string_view s_;
  const uint8_t* bytes_;
  int32_t n_;
  std::vector<uint8_t> line_mixed_;
  std::vector<TextToken> tokens_;
  struct Folded {
    std::vector<std::string> tokens;
    bool looks_latin = false;  // read as the Latin word it looks like
    bool enclosed = false;     // holds enclosed letters (Ⓟ), read as their letters
    bool unread = false;       // holds letters no transliteration reads
  };
  std::unordered_map<std::string, Folded> folded_;  // non-ASCII word -> tokens
  std::vector<std::pair<size_t, size_t>> unread_;
  size_t line_ = 0;
  size_t chars_ = 0;     // code points before the current position
  bool hard_ = true;     // a hard separator since the last token
  size_t newlines_ = 0;  // line breaks since the last token
  int32_t camel_at_ = -1;  // where the last word ended at a capital after a small letter
  std::string word_;
};

}  // namespace

std::vector<TextToken> TokenizeText(std::string_view s, std::vector<std::pair<size_t, size_t>>* unread) {
  Tokenizer tokenizer(s);
  std::vector<TextToken> tokens = tokenizer.Run();
  if (unread) *unread = tokenizer.TakeUnread();
  return tokens;
}


const std::unordered_set<std::string_view>& Particles() {
  static const std::unordered_set<std::string_view> k = {"al", "el", "ul", "bin", "ibn", "bint", "van", "von",
                                                         "de", "da", "di", "du", "del", "der", "la", "le"};
  return k;
}

const std::unordered_set<std::string_view>& FunctionWords() {
  static const std::unordered_set<std::string_view> k = {"a", "an", "and", "or", "of", "the", "to", "for", "in", "on", "at",
                                                         "by", "via", "per", "re", "und", "et", "y", "i", "v", "s", "k"};
  return k;
}

}  // namespace embargo::text_scan
