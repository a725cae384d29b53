#include "text/korean_names.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

#include "common/strings.h"

namespace embargo::text {
namespace {

// Russian spelling of Korean (Kontsevich and the older Soviet usage) to the romanisation North
// Korean records use, longest spelling first where they share a letter.
struct CyrillicRule {
  std::u32string_view from;
  std::string_view to;
};
constexpr std::array<CyrillicRule, 33> kCyrillicRules = {{
    {U"чх", "ch"}, {U"чж", "j"}, {U"дж", "j"}, {U"тх", "th"}, {U"пх", "p"}, {U"кх", "k"}, {U"хв", "hw"},
    {U"ч", "j"},   {U"ж", "j"},  {U"з", "j"},  {U"к", "k"},   {U"г", "k"},  {U"т", "t"},  {U"д", "t"},
    {U"п", "p"},   {U"б", "p"},  {U"с", "s"},  {U"ш", "s"},   {U"х", "h"},  {U"м", "m"},  {U"н", "n"},
    {U"в", "w"},   {U"а", "a"},  {U"о", "o"},  {U"у", "u"},   {U"ы", "u"},  {U"и", "i"},  {U"э", "ae"},
    {U"ё", "yo"},  {U"ю", "yu"}, {U"я", "ya"}, {U"ь", ""},    {U"й", "i"},
}};

// Surnames as the lists write them, from the Russian spelling and from South Korean spellings.
const std::unordered_map<std::string_view, std::string_view>& Surnames() {
  static const std::unordered_map<std::string_view, std::string_view> k = {
      {"ким", "kim"},   {"пак", "pak"},   {"ли", "ri"},     {"ри", "ri"},     {"чхве", "choe"}, {"цой", "choe"},
      {"чон", "jong"},  {"чен", "jong"},  {"кан", "kang"},  {"хан", "han"},   {"юн", "yun"},    {"со", "so"},
      {"син", "sin"},   {"шин", "sin"},   {"хван", "hwang"}, {"ан", "an"},    {"сон", "song"},  {"хон", "hong"},
      {"ко", "ko"},     {"мун", "mun"},   {"ян", "yang"},   {"пэк", "paek"},  {"нам", "nam"},   {"чо", "jo"},
      {"чжо", "jo"},    {"чан", "jang"},  {"хён", "hyon"},  {"ро", "ro"},     {"о", "o"},       {"тхэ", "thae"},
      {"kim", "kim"},   {"gim", "kim"},   {"park", "pak"},  {"pak", "pak"},   {"bak", "pak"},   {"lee", "ri"},
      {"yi", "ri"},     {"rhee", "ri"},   {"ri", "ri"},     {"choi", "choe"}, {"choe", "choe"}, {"jeong", "jong"},
      {"jung", "jong"}, {"chung", "jong"}, {"jong", "jong"}, {"kang", "kang"}, {"gang", "kang"}, {"yoon", "yun"},
      {"yun", "yun"},   {"shin", "sin"},  {"sin", "sin"},   {"ahn", "an"},    {"moon", "mun"},  {"mun", "mun"},
      {"baek", "paek"}, {"paek", "paek"}, {"hyun", "hyon"}, {"hyon", "hyon"}, {"jang", "jang"}, {"chang", "jang"},
      {"cho", "jo"},    {"jo", "jo"},     {"hwang", "hwang"}, {"kwon", "kwon"}, {"gwon", "kwon"}, {"han", "han"},
      {"hong", "hong"}, {"song", "song"}, {"nam", "nam"},   {"roh", "ro"},    {"noh", "ro"},    {"thae", "thae"}};
  return k;
}

// The longest surname of Surnames() in UTF-8 bytes, in either case: a longer first word is none.
size_t LongestSurname() {
  static const size_t longest = [] {
    size_t n = 0;
    for (const auto& [spelling, surname] : Surnames()) n = std::max(n, spelling.size());
    return n;
  }();
  return longest;
}

// One Korean syllable in Latin letters: an initial, a vowel, a final consonant.
bool IsSyllable(std::string_view s) {
  static constexpr std::string_view kInitials[] = {"ch", "kk", "tt", "pp", "ss", "jj", "th", "ph", "kh", "hw", "g",
                                                   "k",  "n",  "d",  "t",  "r",  "l",  "m",  "b",  "p",  "s", "j", "h", ""};
  static constexpr std::string_view kVowels[] = {"yae", "yeo", "wae", "ae", "eo", "eu", "oe", "ui", "ya", "ye", "yo",
                                                 "yu",  "wa",  "we",  "wi", "wo", "a",  "e",  "o",  "u",  "i"};
  static constexpr std::string_view kFinals[] = {"ng", "n", "m", "l", "k", "p", "t", ""};
  for (std::string_view i : kInitials) {
    if (s.substr(0, i.size()) != i) continue;
    std::string_view rest = s.substr(i.size());
    for (std::string_view v : kVowels) {
      if (rest.substr(0, v.size()) != v) continue;
      std::string_view fin = rest.substr(v.size());
      for (std::string_view f : kFinals)
        if (fin == f) return true;
    }
  }
  return false;
}

// Revised Romanisation to the North Korean records' spelling: eo and eu are o and u (so is the
// common spelling oung: Young, 영), and a word's first g, d, b are k, t, p.
std::string FromRevised(std::string s) {
  for (auto [from, to] : {std::pair<std::string_view, std::string_view>{"eo", "o"}, {"eu", "u"}, {"oung", "ong"}})
    for (size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, from.size(), to);
  if (!s.empty() && (s[0] == 'g' || s[0] == 'd' || s[0] == 'b')) s[0] = s[0] == 'g' ? 'k' : s[0] == 'd' ? 't' : 'p';
  return s;
}

std::string FromCyrillic(std::u32string_view word) {
  std::string out;
  for (size_t i = 0; i < word.size();) {
    bool matched = false;
    for (const CyrillicRule& r : kCyrillicRules)
      if (word.substr(i, r.from.size()) == r.from) {
        out += r.to;
        i += r.from.size();
        matched = true;
        break;
      }
    if (matched) continue;
    char32_t c = word[i++];
    // р and л: r before a vowel, l closing a syllable (Ир -> Il, Чхоль -> Chol).
    if (c == U'р' || c == U'л') out += i < word.size() && word[i] != U'ь' ? "r" : "l";
    else if (c == U'е') out += out.empty() ? "yo" : "o";  // ㅓ after a consonant in the older spelling (Чен = Jong)
    else return {};  // not a letter of Korean in Russian
  }
  return out;
}

// Lower-case words of `name`, split at spaces and hyphens, as UTF-32; empty when the name has
// other marks or mixes Latin and Cyrillic.
std::vector<std::u32string> Words(std::string_view name, bool& cyrillic) {
  std::vector<std::u32string> words(1);
  bool latin = false;
  cyrillic = false;
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    if (cp == ' ' || cp == '-' || cp == ',') {
      if (!words.back().empty()) words.emplace_back();
      continue;
    }
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    if (cp >= 0x410 && cp <= 0x42F) cp += 32;
    if (cp == 0x401) cp = 0x451;
    if (cp >= 'a' && cp <= 'z') latin = true;
    else if (cp >= 0x430 && cp <= 0x451) cyrillic = true;
    else return {};
    words.back() += static_cast<char32_t>(cp);
  }
  if (words.back().empty()) words.pop_back();
  if (latin && cyrillic) return {};
  return words;
}

std::string Utf8(std::u32string_view word) {
  std::string out;
  for (char32_t c : word) AppendUtf8(out, c);
  return out;
}

// A first word of at most LongestSurname() bytes as Surnames() spells it: lower case; empty when
// it is not all Latin or all Cyrillic letters.
std::string LowerSurname(std::string_view word) {
  std::string out;
  for (char c : word) {  // most words are ASCII: lowered without decoding
    if (static_cast<unsigned char>(c) >= 0x80) {
      bool cyrillic = false;
      std::vector<std::u32string> words = Words(word, cyrillic);
      return words.size() == 1 ? Utf8(words[0]) : std::string();
    }
    c = LowerAscii(c);
    if (c < 'a' || c > 'z') return {};
    out += c;
  }
  return out;
}

// A personal name written in two to four Hangul syllables (노광철) read as North Korean records
// write one: each syllable a word, spelt as at a word's start (NO KWANG CHOL, SIN KUM CHOL); the
// surname as the lists spell it where known. Empty for other names.
std::vector<std::string> HangulSyllablesApart(std::string_view name) {
  std::vector<std::string> syllables;
  int32_t i = 0, n = static_cast<int32_t>(name.size());
  while (i < n) {
    UChar32 cp;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, n, cp);
    if (cp < 0xAC00 || cp > 0xD7A3 || syllables.size() == 4) return {};
    syllables.push_back(RomanizeHangulSyllable(static_cast<char32_t>(cp), true));
  }
  if (syllables.size() < 2) return {};
  if (auto surname = Surnames().find(syllables[0]); surname != Surnames().end()) syllables[0] = surname->second;
  return syllables;
}

}  // namespace

std::vector<NameForm> KoreanNameReadings(std::string_view name, SchemaFamily family, size_t limit) {
  std::vector<NameForm> out;
  if (family == SchemaFamily::kOrganization || family == SchemaFamily::kVessel || name.size() > 64) return out;
  if (std::vector<std::string> syllables = HangulSyllablesApart(name); !syllables.empty()) {
    NameForm form;
    form.script = Script::kHangul;
    form.scheme = "korean";
    form.tokens = std::move(syllables);
    form.roles.assign(form.tokens.size(), TokenRole::kNormal);
    if (limit > 0) out.push_back(std::move(form));
    return out;
  }
  bool cyrillic = false;
  // Most names do not start with a Korean surname: the first word is read alone first.
  const size_t start = name.find_first_not_of(" -,");
  if (start == std::string_view::npos) return out;
  const std::string_view first_word = name.substr(start, name.find_first_of(" -,", start) - start);
  if (first_word.size() > LongestSurname()) return out;
  auto surname = Surnames().find(LowerSurname(first_word));
  if (surname == Surnames().end()) return out;
  std::vector<std::u32string> words = Words(name, cyrillic);  // words[0] is the surname's spelling
  if (words.size() < 2 || words.size() > 4) return out;
  std::vector<std::string> syllables = {std::string(surname->second)};
  for (size_t w = 1; w < words.size(); ++w) {
    std::string s = cyrillic ? FromCyrillic(words[w]) : FromRevised(Utf8(words[w]));
    if (s.empty() || !IsSyllable(s)) return out;
    syllables.push_back(std::move(s));
  }
  // Russian writes both final n and ng as н: each reading of the given name's final n.
  std::vector<size_t> ambiguous;
  for (size_t w = 1; w < syllables.size(); ++w)
    if (cyrillic && syllables[w].back() == 'n') ambiguous.push_back(w);
  for (size_t pick = 0; pick < (size_t{1} << ambiguous.size()) && out.size() < limit; ++pick) {
    NameForm form;
    form.script = cyrillic ? Script::kCyrillic : Script::kLatin;
    form.scheme = "korean";
    form.tokens = syllables;
    for (size_t k = 0; k < ambiguous.size(); ++k)
      if (pick >> k & 1) form.tokens[ambiguous[k]] += 'g';
    form.roles.assign(form.tokens.size(), TokenRole::kNormal);
    if (!cyrillic && form.tokens == Tokenize(name)) continue;  // the name as written already
    out.push_back(std::move(form));
  }
  return out;
}

bool IsKoreanTwoSyllableGivenName(std::span<const std::string> surname, std::span<const std::string> given) {
  if (surname.size() != 1 || given.size() != 2) return false;
  if (!Surnames().contains(surname[0])) return false;
  return std::all_of(given.begin(), given.end(), [](const std::string& w) { return IsSyllable(FromRevised(w)); });
}

}  // namespace embargo::text
