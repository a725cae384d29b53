// Free-text scanning, step 1: the text cut into normalised tokens that remember where they stand
// (bytes and code points), their case and the clause breaks between them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "text/normalize.h"

namespace embargo::text_scan {

enum TokenFlag : uint8_t {
  kCapital = 1,        // written with a capital first letter (or a digit)
  kMixedCase = 2,      // its line mixes upper and lower case, so capitals carry meaning
  kHardBefore = 4,     // a sentence or clause break separates it from the previous token
  kCased = 8,          // its script has letter case
  kAllCaps = 16,       // an ASCII word of two capitals or more and no lower case (IRGC)
  kHyphenBefore = 32,  // joined to the previous token by one hyphen on the same line (Sber-bank), or glued
  kSpaceBefore = 64,   // one space from the previous token (Rosoboron export)
  // Glued to the previous token with nothing visible between: control or format characters alone
  // (Vladimir\x1fPutin, Vladimir\u200BPutin) or a capital after a small letter (VladimirPutin).
  kGluedBefore = 128,
};

// One normalised token of the text and where it came from. A word that normalises to several
// tokens (ß -> ss is one; Hangul syllables are several) gives each token the word's offsets.
struct TextToken {
  size_t begin, end;            // bytes
  size_t char_begin, char_end;  // code points
  std::string norm;             // lower-case ASCII
  text::Script script;
  uint8_t flags;
  uint32_t first_hit = 0, hit_count = 0;  // into the look-up's hit vector (LookUpTokens)
  // Read as shown, not as written (a run a right-to-left override reverses, enclosed letters such
  // as 🅟 the normaliser cannot read): a span holding it is screened as its tokens' `norm`.
  bool as_shown = false;
  bool initial = false;    // a capital letter alone before a full stop ("V." of "V.V. Putin")
  bool spelt_out = false;  // a word spelt out letter by letter, joined ("P U T I N")
  // Glued to the token before it inside one word as shown: by format characters (zero width
  // space, soft hyphen) or by its capital (VladimirPutin), not by controls, which stand for spaces.
  bool in_word = false;
};

// Words are cut on Unicode letters, digits and marks; each Han character is a word; an inner
// apostrophe joins (O'Brien), a possessive 's ends the word. A word is also cut where it may hide
// a space (kGluedBefore): at control and format characters, and at a capital after a small
// letter. ASCII words are lower-cased in place, others folded to Latin by the normaliser
// (memoised per distinct word). Offsets must fit in 32 bits (TextScanner::Scan cuts longer texts
// into pieces). Enclosed letters are read as their letters (Ⓟ P); text after a right-to-left
// override (U+202E), up to its pop (U+202C) or the line's end, is read as shown (reversed), each
// of its tokens with the offsets of the whole run.
// `unread`, when given, receives the byte ranges [begin, end) of the runs of words with letters
// no transliteration reads (Tifinagh): no token stands for those letters, so nothing screens them.
std::vector<TextToken> TokenizeText(std::string_view s, std::vector<std::pair<size_t, size_t>>* unread = nullptr);

// Particles as the normaliser joins them to the next word (al-Sayyid -> alsayyid).
const std::unordered_set<std::string_view>& Particles();
// Words that join names in a sentence but are never an abbreviation inside one.
const std::unordered_set<std::string_view>& FunctionWords();

}  // namespace embargo::text_scan
