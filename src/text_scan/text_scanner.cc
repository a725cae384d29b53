#include "embargo/text_scan.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "index/name_index.h"
#include "match/screener_internals.h"
#include "text/legal_forms.h"
#include "text/normalize.h"
#include "text_scan/common_words.h"

namespace embargo {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

enum TokenFlag : uint8_t {
  kCapital = 1,        // written with a capital first letter (or a digit)
  kMixedCase = 2,      // its line mixes upper and lower case, so capitals carry meaning
  kHardBefore = 4,     // a sentence or clause break separates it from the previous token
  kCased = 8,          // its script has letter case
};

// One normalised token of the text and where it came from. A word that normalises to several
// tokens (ß -> ss is one; Hangul syllables are several) gives each token the word's offsets.
struct TextToken {
  size_t begin, end;            // bytes
  size_t char_begin, char_end;  // code points
  std::string norm;             // lower-case ASCII
  text::Script script;
  uint8_t flags;
  uint32_t first_hit = 0, hit_count = 0;  // into Scan's hit vector
};

// A list token found at a text position, covering `len` text tokens (joined pairs: 2 or 3).
struct TokenHit {
  uint32_t dict;
  uint8_t len;
  float sim;
  bool stem = false;  // reached by removing a Russian case ending
};

bool IsAbjad(text::Script s) { return s == text::Script::kArabic || s == text::Script::kHebrew; }

text::Script ScriptOf(UChar32 cp) {
  if (cp < 0x80) return text::Script::kLatin;
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
  return u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK);
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

const std::unordered_set<std::string_view>& Particles() {
  // As the normaliser joins them to the next word (al-Sayyid -> alsayyid).
  static const std::unordered_set<std::string_view> k = {"al", "el", "ul", "bin", "ibn", "bint", "van", "von",
                                                         "de", "da", "di", "du", "del", "der", "la", "le"};
  return k;
}

// Words that join names in a sentence but are never an abbreviation inside one.
const std::unordered_set<std::string_view>& FunctionWords() {
  static const std::unordered_set<std::string_view> k = {"a", "an", "and", "or", "of", "the", "to", "for", "in", "on", "at",
                                                         "by", "via", "per", "re", "und", "et", "y", "i", "v", "s", "k"};
  return k;
}

// Russian case endings as the English-style romanisation writes them, longest first: Путина,
// Роснефти, Сечиным meet PUTIN, ROSNEFT, SECHIN.
constexpr std::string_view kRussianEndings[] = {"yakh", "ogo", "ego", "omu", "emu", "ymi", "imi", "ami", "yam", "akh",
                                                "om", "em", "ym", "im", "oy", "oi", "ey", "ei", "yu", "ya", "ye",
                                                "a", "u", "e", "y", "i"};

}  // namespace

struct TextScanner::Impl {
  const Screener* screener = nullptr;
  const NameIndex* index = nullptr;
  TextScanOptions options;
  StringMap<uint32_t> exact;                   // list token -> dictionary id
  StringMap<std::vector<uint32_t>> phonetic;   // phonetic key -> dictionary ids
  StringMap<std::vector<uint32_t>> skeleton;   // consonant skeleton -> dictionary ids (abjad text)
  // Per dictionary id: the name records it is an anchor of. A record is filed only under its
  // rarest tokens, as many as any mention covering enough of the record must include one of
  // (see Build), so a common word such as "vladimir" does not bring up every Vladimir.
  std::vector<std::vector<uint32_t>> anchor_postings;
  size_t anchors = 0;
  size_t unreachable = 0;  // name records with no anchor: only common words (Mohammed Ali)

  double Idf(uint32_t d) const { return index->Idf(d); }

  // Appends the list tokens `norm` may be: its exact spelling and, for words that look like names,
  // its phonetic key, consonant skeleton (abjad scripts) and Russian stem.
  void AddHits(const std::string& norm, text::Script script, bool name_like, uint8_t len, std::vector<TokenHit>& out) const {
    int64_t exact_id = -1;
    if (auto it = exact.find(norm); it != exact.end()) {
      exact_id = it->second;
      out.push_back({it->second, len, 1.0f});
    }
    if (!name_like || norm.size() < 3) return;
    bool found = exact_id >= 0;
    auto add_all = [&](const StringMap<std::vector<uint32_t>>& map, const std::string& key, float sim) {
      auto it = map.find(key);
      if (it == map.end()) return;
      for (uint32_t d : it->second) {
        if (d == exact_id) continue;
        out.push_back({d, len, sim});
        found = true;
      }
    };
    add_all(phonetic, text::PhoneticKey(norm), 0.95f);
    if (IsAbjad(script)) {
      std::string sk = text::Skeleton(norm);
      if (sk.size() >= 3) add_all(skeleton, sk, 0.85f);
    }
    if (!found && script == text::Script::kCyrillic && len == 1) {
      for (std::string_view ending : kRussianEndings) {
        if (norm.size() < ending.size() + 4 || norm.compare(norm.size() - ending.size(), ending.size(), ending) != 0) continue;
        std::string stem = norm.substr(0, norm.size() - ending.size());
        size_t before = out.size();
        if (auto it = exact.find(stem); it != exact.end()) out.push_back({it->second, len, 0.9f});
        else add_all(phonetic, text::PhoneticKey(stem), 0.88f);
        if (out.size() > before) {
          for (size_t k = before; k < out.size(); ++k) out[k].stem = true;
          return;
        }
      }
    }
  }

  std::vector<TextToken> Tokenize(std::string_view s) const;
  std::vector<Mention> Scan(std::string_view s, double threshold, TextScanStats* stats) const;
};

std::vector<TextToken> TextScanner::Impl::Tokenize(std::string_view s) const {
  std::vector<TextToken> tokens;
  tokens.reserve(s.size() / 6 + 16);
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  int32_t n = static_cast<int32_t>(s.size());
  // Case: capitals mean something only where lower case is the rule: in a document mostly in
  // lower case, except on its lines in capitals (headings, remittance lines).
  std::vector<uint8_t> line_mixed;  // per line
  {
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
    for (auto [u, l] : lines) line_mixed.push_back(doc_mixed && l >= u);
  }
  std::unordered_map<std::string, std::vector<std::string>> folded;  // non-ASCII word -> tokens
  size_t line = 0;
  size_t chars = 0;        // code points before position i
  bool hard = true;        // a hard separator since the last token
  size_t newlines = 0;     // line breaks since the last token
  std::string word;
  for (int32_t i = 0; i < n;) {
    int32_t start = i;
    UChar32 cp;
    U8_NEXT(bytes, i, n, cp);
    if (cp < 0 || !IsWordChar(cp)) {
      ++chars;
      if (cp == '\n') {
        ++line;
        if (++newlines >= 2) hard = true;  // a blank line ends a paragraph
      } else if (cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0x06D4) {
        // A full stop after an initial or abbreviation ("V. Putin", "Co. Ltd") does not end a name.
        bool abbreviation = cp == '.' && !tokens.empty() &&
                            (tokens.back().norm.size() <= 2 || text::IsLegalFormToken(tokens.back().norm));
        if (!abbreviation) hard = true;
      } else if (IsHardSeparator(cp)) {
        hard = true;
      }
      continue;
    }
    // A word: letters, digits and marks; inner apostrophes join (O'Brien) but a possessive 's
    // ends the word before the apostrophe (Rosneft's -> Rosneft). Han characters are words alone.
    text::Script script = ScriptOf(cp);
    bool capital = cp < 0x80 ? ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) : (u_isupper(cp) || u_istitle(cp));
    bool cased = cp < 0x80 ? !(cp >= '0' && cp <= '9') : (u_isupper(cp) || u_islower(cp) || u_istitle(cp));
    size_t char_begin = chars++;
    int32_t end = i;
    bool ascii = cp < 0x80;
    if (script != text::Script::kHan) {
      while (end < n) {
        int32_t j = end;
        UChar32 next;
        U8_NEXT(bytes, j, n, next);
        if (next >= 0 && IsWordChar(next) && ScriptOf(next) != text::Script::kHan) {
          ascii &= next < 0x80;
          end = j;
          ++chars;
          continue;
        }
        if (next >= 0 && IsApostrophe(next) && j < n) {
          int32_t k = j;
          UChar32 after;
          U8_NEXT(bytes, k, n, after);
          if (after < 0 || !IsWordChar(after)) break;
          // Possessive: 's followed by a non-letter or the end.
          if (after == 's' || after == 'S') {
            int32_t m = k;
            UChar32 then = ' ';
            if (m < n) U8_NEXT(bytes, m, n, then);
            if (then < 0 || !IsWordChar(then)) break;
          }
          ascii &= next < 0x80;
          end = j;
          ++chars;
          continue;
        }
        break;
      }
    }
    i = end;
    std::string_view raw = s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    uint8_t flags = 0;
    // A word joined by a hyphen to a capitalised one shares its capital: Jong-un, Al-Qaida.
    if (!capital && start > 0 && s[static_cast<size_t>(start) - 1] == '-' && !tokens.empty() &&
        tokens.back().end + 1 == static_cast<size_t>(start) && (tokens.back().flags & kCapital))
      capital = true;
    if (capital) flags |= kCapital;
    if (cased) flags |= kCased;
    if (line < line_mixed.size() && line_mixed[line]) flags |= kMixedCase;
    if (hard) flags |= kHardBefore;
    hard = false;
    newlines = 0;
    auto emit = [&](std::string norm) {
      tokens.push_back(TextToken{static_cast<size_t>(start), static_cast<size_t>(end), char_begin, chars, std::move(norm), script, flags});
      flags &= static_cast<uint8_t>(~kHardBefore);
    };
    if (ascii) {
      word.clear();
      for (char c : raw) {
        if (c >= 'A' && c <= 'Z') word += static_cast<char>(c + ('a' - 'A'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) word += c;
      }
      if (!word.empty()) emit(word);
      continue;
    }
    auto [it, inserted] = folded.try_emplace(std::string(raw));
    if (inserted) it->second = text::Tokenize(text::FoldToLatin(raw, script == text::Script::kCyrillic ? "bgn" : ""));
    for (const auto& t : it->second) emit(t);
  }
  return tokens;
}

std::vector<Mention> TextScanner::Impl::Scan(std::string_view s, double threshold, TextScanStats* stats) const {
  std::vector<TextToken> toks = Tokenize(s);
  const size_t T = toks.size();
  // Pass 1: every token (and joined pair) looked up in the dictionary.
  std::vector<TokenHit> hits;
  StringMap<std::vector<TokenHit>> memo;  // word and how it is looked up -> its hits
  for (size_t i = 0; i < T; ++i) {
    TextToken& t = toks[i];
    t.first_hit = static_cast<uint32_t>(hits.size());
    bool latin = t.script == text::Script::kLatin;
    bool name_like = !latin || (t.flags & kCapital) || !(t.flags & kMixedCase);
    // Where capitals carry meaning, a word in lower case is never part of a mention (except
    // particles: bin Laden), so most words of ordinary prose are not even looked up.
    bool lower_in_mixed = (t.flags & kMixedCase) && (t.flags & kCased) && !(t.flags & kCapital);
    if (!(options.require_capitals && lower_in_mixed)) {
      // Documents repeat their words: each distinct word is looked up once per scan.
      std::string key = t.norm;
      key += static_cast<char>(1 + name_like + 2 * static_cast<int>(t.script));
      auto [it, inserted] = memo.try_emplace(std::move(key));
      if (inserted) AddHits(t.norm, t.script, name_like, 1, it->second);
      hits.insert(hits.end(), it->second.begin(), it->second.end());
    }
    // Joined forms: particles (al-Assad -> alassad), Arabic words, Chinese syllables.
    bool joinable = Particles().count(t.norm) || t.script == text::Script::kHan || IsAbjad(t.script) ||
                    t.script == text::Script::kHangul;
    if (joinable && i + 1 < T && !(toks[i + 1].flags & kHardBefore)) {
      std::string pair = t.norm + toks[i + 1].norm;
      AddHits(pair, t.script, true, 2, hits);
      if (t.script == text::Script::kHan && i + 2 < T && !(toks[i + 2].flags & kHardBefore))
        AddHits(pair + toks[i + 2].norm, t.script, true, 3, hits);
    }
    t.hit_count = static_cast<uint32_t>(hits.size()) - t.first_hit;
  }

  // Pass 2: around each anchor, the name records it appears in are weighed against the nearby tokens.
  struct Candidate {
    size_t left, right;            // token span screened
    size_t core_left, core_right;  // without legal forms added around it
    std::vector<std::pair<size_t, uint32_t>> stems;  // inflected words: position, list token
  };
  std::vector<Candidate> candidates;
  double min_cov = std::pow(std::max(threshold - 0.05, 0.05), 2.5);
  const size_t max_tokens = std::max<size_t>(options.max_mention_tokens, 1);
  TextScanStats local;
  local.bytes = s.size();
  local.tokens = T;
  std::vector<uint8_t> matched;
  std::vector<int8_t> legal_form(T, -1);  // per token: a legal form? (-1: not asked yet)
  std::vector<size_t> matched_at;  // per record token: text position
  for (size_t i = 0; i < T; ++i) {
    bool anchored = false;
    for (uint32_t h = toks[i].first_hit; h < toks[i].first_hit + toks[i].hit_count; ++h) {
      const TokenHit anchor_hit = hits[h];
      const std::vector<uint32_t>& records = anchor_postings[anchor_hit.dict];
      if (records.empty()) continue;
      anchored = true;
      for (uint32_t r : records) {
        ++local.candidates;
        const NameRecord& rec = index->record(r);
        const size_t n = rec.tokens.size();
        if (n == 0 || n > 24) continue;
        matched.assign(n, 0);
        matched_at.assign(n, 0);
        size_t matched_count = 0;
        size_t content_count = 0;  // matched words other than function words (THE BASE has one)
        size_t content_pos = i;
        TokenHit content_hit = anchor_hit;
        bool all_ordinary = true;  // every matched word is an ordinary English word
        std::vector<std::pair<size_t, uint32_t>> stems;
        double matched_w = 0;
        bool uncapitalised = false;
        // Marks the first unmatched record token equal to `d`; false when none is.
        auto take = [&](const TokenHit& th, size_t pos) {
          for (size_t k = 0; k < n; ++k) {
            if (matched[k] || rec.tokens[k] != th.dict) continue;
            matched[k] = 1;
            matched_at[k] = pos;
            ++matched_count;
            if (th.len > 1 || !FunctionWords().count(toks[pos].norm)) {
              ++content_count;
              content_pos = pos;
              content_hit = th;
            }
            if (th.stem) stems.push_back({pos, th.dict});
            // Numbers count as ordinary: they do not make a name distinctive (SET 1).
            bool digits = std::all_of(toks[pos].norm.begin(), toks[pos].norm.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
            if (th.len > 1 || toks[pos].script != text::Script::kLatin || !(digits || IsOrdinaryWord(toks[pos].norm)))
              all_ordinary = false;
            matched_w += Idf(th.dict) * th.sim;
            bool capital = false;
            for (size_t p = pos; p < pos + th.len && p < T; ++p)
              capital |= (toks[p].flags & kCapital) || !(toks[p].flags & kCased);
            if ((toks[pos].flags & kMixedCase) && !capital) uncapitalised = true;
            return true;
          }
          return false;
        };
        if (!take(anchor_hit, i)) continue;
        size_t left = i, right = i + anchor_hit.len - 1;
        // Grow right, then left, over tokens of this record; one stray word may sit between.
        for (size_t j = right + 1, gap = 0; j < T && j - left < max_tokens && !(toks[j].flags & kHardBefore);) {
          bool took = false;
          for (uint32_t x = toks[j].first_hit; x < toks[j].first_hit + toks[j].hit_count && !took; ++x) {
            if (j + hits[x].len - 1 >= T || j + hits[x].len - 1 - left >= max_tokens) continue;
            if (take(hits[x], j)) {
              took = true;
              right = j + hits[x].len - 1;
            }
          }
          if (took) {
            gap = 0;
            j = right + 1;
          } else if (++gap > 1) {
            break;
          } else {
            ++j;
          }
        }
        for (size_t j = left, gap = 0; j > 0 && right - (j - 1) < max_tokens && !(toks[j].flags & kHardBefore);) {
          size_t end = j - 1;  // a hit that ends here
          bool took = false;
          for (size_t p = end + 1; p-- > 0 && end - p < 3 && !took;) {
            for (uint32_t x = toks[p].first_hit; x < toks[p].first_hit + toks[p].hit_count && !took; ++x) {
              if (p + hits[x].len - 1 != end) continue;
              bool broken = false;
              for (size_t q = p + 1; q <= end; ++q) broken |= (toks[q].flags & kHardBefore) != 0;
              if (!broken && take(hits[x], p)) {
                took = true;
                left = p;
              }
            }
          }
          if (took) {
            gap = 0;
            j = left;
          } else if (++gap > 1) {
            break;
          } else {
            --j;
          }
        }
        // Does the span cover enough of the record to reach the threshold? (The name score grows
        // with the list side's coverage^0.4, see docs/SCORING.md.)
        double total_w = 0;
        for (size_t k = 0; k < n; ++k) {
          double w = rec.roles[k] == text::TokenRole::kInitial ? 0.35 : Idf(rec.tokens[k]);
          if (!matched[k] && rec.roles[k] == text::TokenRole::kOptional) w *= 0.4;
          total_w += w;
        }
        // Free text is held to more than the Screener's bar: most of the list name must be there
        // ("the current" is not THE MISSIONARY CURRENT).
        if (matched_w < std::max(min_cov, options.min_name_coverage) * total_w) continue;
        if (options.require_capitals && uncapitalised) continue;
        const Entity& entity = ScreenerInternals::EntityAt(*screener, rec.entity);
        // One word alone (function words aside: TO PACK, THE BASE): a distinctive company or vessel
        // name, never a person's name or a common word.
        bool single_word = content_count <= 1;
        if (single_word) {
          const TextToken& t = toks[content_pos];
          const std::string& listed = index->token(content_hit.dict).text;
          if (content_count == 0 || entity.schema == Schema::kPerson) continue;
          // A joined pair (al-Qaida, حزب الله) is one word here.
          const std::string& word = content_hit.len > 1 ? listed : t.norm;
          if (word.size() < options.min_single_token_length || Idf(content_hit.dict) < options.min_single_token_idf) continue;
          // Spelt exactly as listed, unless transliterated (Algoritm is a company, algorithm a word).
          if (t.script == text::Script::kLatin && content_hit.sim < 1.0f) continue;
          if (IsCommonWord(word) || IsCommonWord(listed)) continue;
        } else if (matched_w < options.min_mention_weight) {
          continue;
        }
        Candidate c{left, right, left, right, std::move(stems)};
        if (entity.schema != Schema::kPerson) {
          // Legal forms around an organisation's name belong to the mention (Rosneft PJSC, ПАО Роснефть,
          // and ПАО НК Роснефть, where an abbreviation sits between form and name).
          auto form_at = [&](size_t p) {
            if (legal_form[p] < 0) legal_form[p] = text::IsLegalFormToken(toks[p].norm);
            return legal_form[p] == 1;
          };
          auto short_caps = [&](size_t p) {
            return toks[p].norm.size() <= 3 && (toks[p].flags & kCapital) && !FunctionWords().count(toks[p].norm);
          };
          for (int k = 0; k < 3 && c.left > 0 && !(toks[c.left].flags & kHardBefore); ++k) {
            if (form_at(c.left - 1)) --c.left;
            else if (c.left > 1 && short_caps(c.left - 1) && !(toks[c.left - 1].flags & kHardBefore) && form_at(c.left - 2)) c.left -= 2;
            else break;
          }
          for (int k = 0; k < 3 && c.right + 1 < T && !(toks[c.right + 1].flags & kHardBefore) && form_at(c.right + 1); ++k)
            ++c.right;
        }
        if (!single_word && all_ordinary && entity.schema != Schema::kPerson && content_count < 3 &&
            c.left == c.core_left && c.right == c.core_right) {
          // A name of ordinary words ("Service Platform") is a mention only with its legal form, or
          // where capitals show it is a name and it stands in full and in order; "Platform
          // Service" and STANDARD LINE in a text all in capitals are just words.
          if (!(toks[left].flags & kMixedCase)) continue;
          bool in_order = matched_count == n;
          for (size_t k = 1; k < n && in_order; ++k) in_order = matched_at[k] > matched_at[k - 1];
          if (!in_order) continue;
        }
        candidates.push_back(c);
      }
    }
    if (anchored) ++local.anchors;
  }

  // Pass 3: each distinct span is screened once; the Screener's score decides.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.left, a.right, a.core_left, a.core_right) < std::tie(b.left, b.right, b.core_left, b.core_right);
  });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const Candidate& a, const Candidate& b) {
                                 return a.left == b.left && a.right == b.right && a.core_left == b.core_left &&
                                        a.core_right == b.core_right;
                               }),
                   candidates.end());
  MatchOptions match;
  match.threshold = threshold;
  match.limit = 5;
  std::unordered_map<std::string, std::vector<Hit>> screened;  // span text -> hits at or above the threshold
  // Screens text[left..right]; inflected words (Путина) are screened as their list spelling.
  auto screen = [&](size_t left, size_t right, const std::vector<std::pair<size_t, uint32_t>>& stems) -> const std::vector<Hit>& {
    std::string span(s.substr(toks[left].begin, toks[right].end - toks[left].begin));
    bool inflected = false;
    for (const auto& st : stems) inflected |= st.first >= left && st.first <= right;
    if (inflected) {
      span.clear();
      for (size_t p = left; p <= right; ++p) {
        if (p > left) span += s.substr(toks[p - 1].end, toks[p].begin - toks[p - 1].end).find(',') != std::string_view::npos ? ", " : " ";
        std::string word = toks[p].norm;
        for (const auto& st : stems)
          if (st.first == p) word = index->token(st.second).text;
        span += word;
      }
    }
    auto [it, inserted] = screened.try_emplace(span);
    if (inserted) {
      ++local.screened;
      Query q;
      q.name = span;
      auto result = screener->Screen(q, match);
      if (result.ok())
        for (auto& h : result->hits)
          if (h.score >= threshold) it->second.push_back(std::move(h));
    }
    return it->second;
  };
  struct Found {
    size_t left, right;
    const std::vector<Hit>* hits;  // in `screened`, whose nodes stay put
    const Candidate* candidate;
  };
  std::vector<Found> found;
  for (const Candidate& c : candidates) {
    // With legal forms around it the mention is the whole span; its hit is the better of the
    // span's and the bare name's (the Screener may not know an abbreviation such as НК).
    const std::vector<Hit>* hs = &screen(c.left, c.right, c.stems);
    if (c.left != c.core_left || c.right != c.core_right) {
      const std::vector<Hit>& core = screen(c.core_left, c.core_right, c.stems);
      if (!core.empty() && (hs->empty() || core.front().score > hs->front().score)) hs = &core;
    }
    if (!hs->empty()) found.push_back({c.left, c.right, hs, &c});
  }
  // Overlaps: the best score wins, then the longest span.
  std::sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
    double sa = std::round(a.hits->front().score * 1000), sb = std::round(b.hits->front().score * 1000);
    if (sa != sb) return sa > sb;
    size_t la = toks[a.right].end - toks[a.left].begin, lb = toks[b.right].end - toks[b.left].begin;
    if (la != lb) return la > lb;
    return a.left < b.left;
  });
  std::vector<Mention> mentions;
  // Tokens already in a kept mention. Tokens of one word share its bytes, so whole words are marked.
  std::vector<uint8_t> taken(T, 0);
  for (Found& f : found) {
    size_t b = toks[f.left].begin, e = toks[f.right].end;
    size_t first = f.left, last = f.right;
    while (first > 0 && toks[first - 1].end > b) --first;
    while (last + 1 < T && toks[last + 1].begin < e) ++last;
    bool overlaps = false;
    for (size_t p = first; p <= last; ++p) overlaps |= taken[p] != 0;
    if (overlaps) continue;
    std::fill(taken.begin() + static_cast<std::ptrdiff_t>(first), taken.begin() + static_cast<std::ptrdiff_t>(last) + 1, 1);
    Mention m;
    m.begin = b;
    m.end = e;
    m.char_begin = toks[f.left].char_begin;
    m.char_end = toks[f.right].char_end;
    m.text = std::string(s.substr(b, e - b));
    m.hit = f.hits->front();
    m.also.assign(f.hits->begin() + 1, f.hits->end());
    // The explanation shows inflected words as written: Путина met PUTIN by its case ending.
    for (const auto& [pos, dict] : f.candidate->stems) {
      if (pos < f.left || pos > f.right) continue;
      auto mark = [&, pos = pos, dict = dict](Hit& h) {
        for (TokenMatch& t : h.tokens)
          if (t.query == index->token(dict).text) {
            t.query = toks[pos].norm;
            t.how = "inflected";
          }
      };
      mark(m.hit);
      for (Hit& h : m.also) mark(h);
    }
    mentions.push_back(std::move(m));
  }
  std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  if (stats) *stats = local;
  return mentions;
}

TextScanner::TextScanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextScanner::~TextScanner() = default;

StatusOr<std::unique_ptr<TextScanner>> TextScanner::Build(const Screener& screener, TextScanOptions options) {
  if (!(options.threshold > 0 && options.threshold <= 1)) return Status::InvalidArgument("threshold: must be in (0, 1]");
  if (options.max_mention_tokens == 0 || options.max_mention_tokens > 24)
    return Status::InvalidArgument("max_mention_tokens: must be in 1..24");
  auto impl = std::make_unique<Impl>();
  impl->screener = &screener;
  impl->index = &ScreenerInternals::Index(screener);
  impl->options = options;
  const NameIndex& index = *impl->index;
  impl->exact.reserve(index.token_count());
  std::vector<uint8_t> eligible(index.token_count(), 0);
  for (uint32_t d = 0; d < index.token_count(); ++d) {
    const DictToken& t = index.token(d);
    impl->exact.emplace(t.text, d);
    if (t.phonetic.size() >= 3) impl->phonetic[t.phonetic].push_back(d);
    if (t.skeleton.size() >= 3) impl->skeleton[t.skeleton].push_back(d);
    // Anchors: rare tokens of two letters or more with a letter (single letters are initials,
    // numbers are not names).
    bool letter = std::any_of(t.text.begin(), t.text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    eligible[d] = letter && t.idf >= options.min_anchor_idf && t.text.size() >= 2;
  }
  // A mention must cover a share c (min_name_coverage) of its record's weight, where a missing
  // optional token weighs 0.4. Taking the record's tokens rarest first into S until the rest,
  // even all matched, could not reach c with S missing (rest * (1 - c) < c * weight of S), every
  // qualifying mention includes a token of S: the record is filed under S's tokens only.
  const double c = std::clamp(options.min_name_coverage, 0.0, 1.0);
  impl->anchor_postings.assign(index.token_count(), {});
  std::vector<size_t> order;
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    const size_t n = rec.tokens.size();
    auto weight = [&](size_t k) { return rec.roles[k] == text::TokenRole::kInitial ? 0.35 : index.Idf(rec.tokens[k]); };
    order.resize(n);
    double rest = 0;
    for (size_t k = 0; k < n; ++k) {
      order[k] = k;
      rest += weight(k);
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return weight(a) > weight(b); });
    double missing = 0;
    bool filed = false;
    for (size_t k : order) {
      if (n > 0 && rest * (1 - c) < c * missing) break;
      missing += weight(k) * (rec.roles[k] == text::TokenRole::kOptional ? 0.4 : 1.0);
      rest -= weight(k);
      uint32_t d = rec.tokens[k];
      if (!eligible[d]) continue;
      auto& postings = impl->anchor_postings[d];
      if (postings.empty() || postings.back() != r) postings.push_back(r);
      filed = true;
    }
    if (!filed) ++impl->unreachable;
  }
  for (const auto& p : impl->anchor_postings) impl->anchors += !p.empty();
  return std::unique_ptr<TextScanner>(new TextScanner(std::move(impl)));
}

std::vector<Mention> TextScanner::Scan(std::string_view utf8_text) const {
  return Scan(utf8_text, impl_->options.threshold, nullptr);
}

namespace {

// Texts are tokenised with 32-bit offsets (ICU's UTF-8 macros): longer texts are scanned in
// pieces of at most this many bytes, cut after a line break (or between characters).
constexpr size_t kMaxPiece = size_t{1} << 30;

size_t PieceEnd(std::string_view s, size_t begin, size_t limit = kMaxPiece) {
  if (s.size() - begin <= limit) return s.size();
  size_t end = begin + limit;
  size_t nl = s.rfind('\n', end - 1);
  if (nl != std::string_view::npos && nl > begin) return nl + 1;
  while (end > begin + 1 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return end;
}

}  // namespace

std::vector<Mention> TextScanner::Scan(std::string_view utf8_text, double threshold, TextScanStats* stats) const {
  const size_t limit = std::clamp<size_t>(impl_->options.max_piece_bytes, 64, kMaxPiece);
  if (utf8_text.size() <= limit) return impl_->Scan(utf8_text, threshold, stats);
  std::vector<Mention> all;
  TextScanStats total;
  size_t chars = 0;
  for (size_t begin = 0; begin < utf8_text.size();) {
    size_t end = PieceEnd(utf8_text, begin, limit);
    std::string_view piece = utf8_text.substr(begin, end - begin);
    TextScanStats part;
    for (Mention& m : impl_->Scan(piece, threshold, &part)) {
      m.begin += begin;
      m.end += begin;
      m.char_begin += chars;
      m.char_end += chars;
      all.push_back(std::move(m));
    }
    total.bytes += part.bytes;
    total.tokens += part.tokens;
    total.anchors += part.anchors;
    total.candidates += part.candidates;
    total.screened += part.screened;
    for (char c : piece) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    begin = end;
  }
  if (stats) *stats = total;
  return all;
}

const TextScanOptions& TextScanner::options() const { return impl_->options; }
size_t TextScanner::dictionary_size() const { return impl_->exact.size(); }
size_t TextScanner::anchor_count() const { return impl_->anchors; }
size_t TextScanner::unreachable_count() const { return impl_->unreachable; }

size_t FindInvalidUtf8(std::string_view text) {
  for (size_t base = 0; base < text.size();) {
    // Pieces cut between characters never split a valid sequence.
    size_t end = PieceEnd(text, base);
    std::string_view piece = text.substr(base, end - base);
    const auto* bytes = reinterpret_cast<const uint8_t*>(piece.data());
    int32_t n = static_cast<int32_t>(piece.size());
    for (int32_t i = 0; i < n;) {
      int32_t start = i;
      UChar32 cp;
      U8_NEXT(bytes, i, n, cp);
      if (cp < 0) return base + static_cast<size_t>(start);
    }
    base = end;
  }
  return std::string_view::npos;
}

}  // namespace embargo
