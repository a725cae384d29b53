#include "text/spelling_keys.h"

#include <array>
#include <cstdint>

#include "text/normalize.h"

namespace embargo::text {
namespace {

struct PhoneticRule {
  std::string_view from, to;
};

// "ya", "yu", "ye", "yo" lose the y: ISO 9 writes я, ю as a, u (Natal'a, Urij = Natalya, Yuriy).
// The English and Arabic J (Jamal, Benjamin) is written dzh in Russian (Dzhamal), dz in ISO 9
// (Dzamal), dj in French (Djamal). French and Spanish write a hard g before e and i as gu
// (Sergueï, Miguel). Longer spellings first where they share a first letter.
constexpr std::array<PhoneticRule, 29> kPhoneticRules = {{
    {"ya", "a"}, {"yu", "u"}, {"ye", "e"}, {"yo", "o"},
    {"shch", "s"}, {"sch", "s"}, {"tch", "c"}, {"sh", "s"}, {"zh", "z"}, {"kh", "h"}, {"ch", "c"},
    {"ts", "c"}, {"tz", "c"}, {"dzh", "j"}, {"dz", "j"}, {"dj", "j"}, {"ph", "f"}, {"th", "t"}, {"ck", "k"},
    {"gh", "g"}, {"gue", "ge"}, {"gui", "gi"}, {"x", "ks"}, {"q", "k"}, {"w", "v"}, {"y", "i"}, {"ou", "u"}, {"ee", "i"}, {"oo", "u"},
}};

// The rules by first letter, in the order above (most letters have none): keys are made for
// every query token and joined pair, so the look-up is by letter, not by scanning the rules.
struct PhoneticRulesByLetter {
  std::array<std::array<uint8_t, 8>, 256> rules{};  // "y" has five
  std::array<uint8_t, 256> count{};
  bool fits = true;  // no letter has more rules than room
  constexpr PhoneticRulesByLetter() {
    for (size_t r = 0; r < kPhoneticRules.size(); ++r) {
      auto first = static_cast<unsigned char>(kPhoneticRules[r].from[0]);
      if (count[first] == rules[first].size()) fits = false;
      else rules[first][count[first]++] = static_cast<uint8_t>(r);
    }
  }
};

constexpr PhoneticRulesByLetter kPhoneticRulesByLetter;
static_assert(kPhoneticRulesByLetter.fits, "PhoneticRulesByLetter: a letter has more rules than room");

// Whether `rest` is "iov" or "iova", the end of a word.
inline bool IsIovEnding(std::string_view rest) { return rest == "iov" || rest == "iova"; }

// Whether `token` has `part` at `at` (rules are of one to four letters: no call to memcmp).
inline bool HasAt(std::string_view token, size_t at, std::string_view part) {
  if (token.size() - at < part.size()) return false;
  for (size_t k = 0; k < part.size(); ++k)
    if (token[at + k] != part[k]) return false;
  return true;
}

}  // namespace

std::string PhoneticKey(std::string_view token) {
  const PhoneticRulesByLetter& by_letter = kPhoneticRulesByLetter;
  std::string out;
  out.reserve(token.size() + 2);
  for (size_t i = 0; i < token.size();) {
    // Russian ё after a consonant is written "yo" or "e": Tkachyov, Tkachev.
    if (i > 0 && token[i] == 'y' && i + 1 < token.size() && token[i + 1] == 'o' && !IsVowelOrY(token[i - 1])) {
      out += 'e';
      i += 2;
      continue;
    }
    // A surname's -ёв, -ёва after a consonant is written -iov, -iova too (Vorobiov, Kovaliova),
    // as well as -yov and -ev.
    if (token[i] == 'i' && i > 0 && !IsVowelOrY(token[i - 1]) && IsIovEnding(token.substr(i))) {
      out += 'e';
      i += 2;
      continue;
    }
    // Russian passports (ICAO 9303) write ю and я as iu and ia (Iurii, Iuliia, Iakov), where other
    // spellings write yu and ya: at a word's start and after a vowel, the i is that y.
    if (token[i] == 'i' && i + 1 < token.size() && (token[i + 1] == 'u' || token[i + 1] == 'a') &&
        (i == 0 || IsVowelOrY(token[i - 1]))) {
      ++i;
      continue;
    }
    // ISO 9 writes й as j after a vowel (Sergej, Nikolaj), where other spellings write i or y.
    if (token[i] == 'j' && i > 0 && IsVowelOrY(token[i - 1])) {
      out += 'i';
      ++i;
      continue;
    }
    auto letter = static_cast<unsigned char>(token[i]);
    bool replaced = false;
    for (uint8_t k = 0; k < by_letter.count[letter] && !replaced; ++k) {
      const PhoneticRule& rule = kPhoneticRules[by_letter.rules[letter][k]];
      if (HasAt(token, i, rule.from)) {
        out.append(rule.to);
        i += rule.from.size();
        replaced = true;
      }
    }
    if (!replaced) out += token[i++];
  }
  // Doubled letters and a final 'h' carry no sound of their own here.
  size_t kept = 0;
  for (char c : out)
    if (kept == 0 || out[kept - 1] != c) out[kept++] = c;
  out.resize(kept);
  if (out.size() > 2 && out.back() == 'h') out.pop_back();
  // French spellings end a name's -in with a silent e: Poutine, Setchine (Putin, Sechin); so do
  // Maghreb spellings of Arabic names (Amine, Yassine).
  if (out.size() > 4 && out.ends_with("ine")) out.pop_back();
  return out;
}

namespace {
// The letters a consonant skeleton leaves out: vowels, y, and w and v (و, ו said as vowels).
inline bool SkeletonSkips(char c) { return IsVowelOrY(c) || c == 'w' || c == 'v'; }

// Reads `token` as Skeleton does: consonant(c) for each consonant sound, in order, and
// skipped(c, i) for each letter left out, token[i].
template <typename Consonant, typename Skipped>
void ReadSkeleton(std::string_view token, Consonant consonant, Skipped skipped) {
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i], next = i + 1 < token.size() ? token[i + 1] : '\0';
    // Arabic names as French and Maghreb spellings write them: ch for ش (Cherif), dj for ج
    // (Djamel), ph for ف (Mustapha), c for س before e and i (Youcef) and for ك elsewhere, and k
    // as well as q for ق (Kassem, Qassem); each read as the Arabic letter's transliteration.
    if (c == 'c' && next == 'h') {
      consonant('s');
      consonant('h');
      ++i;
    } else if ((c == 'd' && next == 'j') || (c == 'p' && next == 'h')) {
      consonant(c == 'd' ? 'j' : 'f');
      ++i;
    } else if (c == 'c') {
      consonant(next == 'e' || next == 'i' || next == 'y' ? 's' : 'k');
    } else if (!SkeletonSkips(c)) {
      consonant(c == 'q' ? 'k' : c);
    } else {
      skipped(c, i);
    }
  }
}

// The kinds of vowel a letter left out of a skeleton says (VowelGaps' bits): e as i, and as a
// when alone (Rashed, Imed: Maghreb and Levantine spellings of ا), not when doubled (Basheer).
enum : uint8_t { kVowelA = 1, kVowelI = 2, kVowelU = 4, kVowelE = 8 };
uint8_t VowelKind(char c) {
  if (c == 'a') return kVowelA;
  if (c == 'e') return kVowelI | kVowelE;
  if (c == 'i' || c == 'y') return kVowelI;
  return kVowelU;  // o u w v
}

constexpr int kGapBits = 3, kMaxGaps = 16;  // 48 bits of gaps, the count above them
constexpr uint64_t kTooManyGaps = uint64_t{kMaxGaps + 1} << 56;

// The kinds of vowel between each two of the `skeleton_size` consonants of Skeleton(token),
// kGapBits a gap, the count of gaps in the top byte; the letters `unsaid(i)` says are not counted.
template <typename Unsaid>
uint64_t InnerVowels(std::string_view token, size_t skeleton_size, Unsaid unsaid) {
  uint8_t gaps[kMaxGaps] = {};  // gaps[k]: after consonant k, for the first kMaxGaps
  size_t consonants = 0;        // read, a consonant again merged, as Skeleton merges it
  char last = '\0', last_skipped = '\0';
  bool double_e = false;
  // A single e is a too, unless doubled; asked of the gap just closed.
  auto close_gap = [&] {
    if (consonants > 0 && consonants <= kMaxGaps && (gaps[consonants - 1] & kVowelE) && !double_e)
      gaps[consonants - 1] |= kVowelA;
  };
  ReadSkeleton(
      token,
      [&](char c) {
        if (c != last) {
          close_gap();
          ++consonants;
          double_e = false;
        }
        last = c, last_skipped = '\0';
      },
      [&](char c, size_t i) {
        if (consonants == 0 || consonants > kMaxGaps || unsaid(i)) return;
        gaps[consonants - 1] |= VowelKind(c);
        double_e = double_e || (c == 'e' && last_skipped == 'e');
        last_skipped = c;
      });
  close_gap();
  // The skeleton has fewer consonants than were read where it dropped a final t, more where it
  // wrote a lone one twice (Dawood, "dd": no gap between).
  if (skeleton_size > consonants) return 0;
  if (skeleton_size > kMaxGaps) return kTooManyGaps;
  uint64_t packed = uint64_t{skeleton_size > 0 ? skeleton_size - 1 : 0} << 56;
  for (size_t k = 0; k + 1 < skeleton_size; ++k)
    packed |= static_cast<uint64_t>(gaps[k] & (kVowelA | kVowelI | kVowelU)) << (k * kGapBits);
  return packed;
}

}  // namespace

std::string Skeleton(std::string_view token) {
  std::string out;
  // A consonant again after vowels is merged too: the article's l meets the word's (الدين, "ud
  // din"; العولقي, Aulaqi). Unless the word has no other: Dawood and داود are "dd", not "d".
  bool skipped = false, again = false;
  ReadSkeleton(
      token,
      [&](char c) {
        if (out.empty() || out.back() != c) out += c;
        else again = again || skipped;
        skipped = false;
      },
      [&](char, size_t) { skipped = !out.empty(); });
  if (out.size() == 1 && again) out += out;
  // A final ة is written t and said a: حمزة, "hmzt", is Hamza as often as Hamzat.
  if (out.size() >= 3 && out.back() == 't') out.pop_back();
  return out;
}

uint64_t SpeltVowelGaps(std::string_view latin, std::string_view skeleton) {
  return InnerVowels(latin, skeleton.size(), [](size_t) { return false; });
}

uint64_t WrittenVowelGaps(std::string_view arabic, std::string_view skeleton) {
  // Short vowels pointed (مُحَمَّد, "muhamad") are not told from long ones: nothing is asked.
  if (arabic.find_first_of("eiou") != std::string_view::npos) return kTooManyGaps;
  // Letters written but not said as a long vowel: an ا before ل, mostly the article's (عبدالله,
  // Abdullah); the ا seating the hamza of the word after the article (الإسلام, al-Islam); a و
  // between خ and ا (خواجه, Khajeh).
  return InnerVowels(arabic, skeleton.size(), [arabic](size_t i) {
    const char c = arabic[i], next = i + 1 < arabic.size() ? arabic[i + 1] : '\0';
    if (c == 'a') return next == 'l' || (i == 2 && arabic.starts_with("al"));
    return c == 'w' && next == 'a' && i >= 2 && arabic.substr(i - 2, 2) == "kh";
  });
}

bool VowelGapsAgree(uint64_t written, uint64_t spelt) {
  if (written >> 56 != spelt >> 56 || written == kTooManyGaps) return true;
  return (written & ~spelt & ((uint64_t{1} << 56) - 1)) == 0;
}

bool WrittenVowelsAgree(std::string_view arabic, std::string_view latin) {
  return VowelGapsAgree(WrittenVowelGaps(arabic, Skeleton(arabic)), SpeltVowelGaps(latin, Skeleton(latin)));
}

bool SkeletonDroppedFinalT(std::string_view token, std::string_view skeleton) {
  if (skeleton.empty() || skeleton.back() == 't') return false;
  size_t end = token.size();
  while (end > 0 && SkeletonSkips(token[end - 1])) --end;
  return end > 0 && token[end - 1] == 't';
}

std::string VowelPattern(std::string_view token) {
  std::string out;
  VowelPattern(token, out);
  return out;
}

void VowelPattern(std::string_view token, std::string& out) {
  out.clear();
  size_t vowels = 0, consonants = 0;
  bool in_vowels = false;
  for (char c : token) {
    const bool vowel = IsVowelOrY(c);
    if (vowel) {
      // A run of vowels is '*', or 'o' once it holds an o or a u.
      const char run = c == 'o' || c == 'u' ? 'o' : '*';
      if (!in_vowels) out += run, ++vowels;
      else if (run == 'o') out.back() = 'o';
      in_vowels = true;
      continue;
    }
    in_vowels = false;
    if (!out.empty() && out.back() == c) continue;
    // sh, kh, th ... write one sound: Moshe and Misha have two consonants, not three.
    auto digraph_first = [](char x) { return x == 'c' || x == 'g' || x == 'k' || x == 'p' || x == 's' || x == 't' || x == 'z'; };
    consonants += !(c == 'h' && !out.empty() && digraph_first(out.back()));
    out += c;
  }
  if (vowels == 0 || consonants < 3) out.clear();
}

}  // namespace embargo::text
