// Name normalisation: any script in, comparable Latin tokens out.
//
// Thread-safety: all functions are safe to call concurrently; ICU transliterators are
// created once per thread (they are expensive and not thread-safe).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/schema.h"
#include "text/spelling_keys.h"

namespace embargo::text {

// Whether `utf8` holds a letter of any script (ᏣᎳᎩ too, which no transliteration reads).
bool HasLetters(std::string_view utf8);

enum class Script : uint8_t { kNone, kLatin, kCyrillic, kGreek, kArabic, kHebrew, kHan, kHangul, kKana, kThai, kOther };
std::string_view ScriptName(Script script);
// Arabic, Hebrew and Thai write few vowels: names in them are compared by consonants too (the
// scorer, the index and the free-text scanner all ask this one function).
inline bool IsAbjad(Script script) {
  return script == Script::kArabic || script == Script::kHebrew || script == Script::kThai;
}
// A code point that shows nothing and divides nothing inside a word: a control character other
// than the line and page breaks and tab, or a default-ignorable (soft hyphen, zero-width space,
// joiners, byte order mark): "Prom\u00ADsvyaz\u00ADbank" is Promsvyazbank.
bool IsInvisible(char32_t cp);
// Whether `utf8` shows anything: a code point that is neither white space (of any script: no-break
// and ideographic spaces, line separators) nor invisible. A reason given in blanks gives none.
bool HasVisibleText(std::string_view utf8);
// The script of most letters in `utf8`.
Script DetectScript(std::string_view utf8);

// How a token figures in a name.
enum class TokenRole : uint8_t {
  kNormal,
  kOptional,  // middle name or patronymic: its absence costs little
  kInitial,   // a single letter standing for a given name
  kKind,      // a firm's noun naming its kind (Group, Bank): weighed as any word, it tells no firm apart
  kSurname,   // a word before the comma of a person's "LAST, First": weighed as any word, it is no given name
  kGivenPart, // a syllable of a Korean given name written apart (KIM, Yong Chol): weighed as any word,
              // met without the other it says little (Kim Yong is another person)
  kPlace,     // a place after a firm's own words (Sberbank Moscow): it says where, not who
};

// One way of writing a name in comparable form.
struct NameForm {
  std::vector<std::string> tokens;       // lower-case ASCII, legal forms and titles removed
  std::vector<TokenRole> roles;          // parallel to tokens
  std::vector<std::string> legal_forms;  // canonical codes, e.g. "LLC", "JSC"
  Script script = Script::kLatin;        // script of the original text
  std::string scheme;                    // transliteration scheme, empty for Latin input
  // A reading of a short form (scheme "short-form"): tokens[read_token] stands for read_from.
  int read_token = -1;
  std::string read_from;
  bool unread = false;  // the name has letters no transliteration reads (Tifinagh): left out
};

// Normalises a name into one or more forms: Cyrillic yields one form per transliteration
// scheme (English-style and ISO 9), so that Шойгу meets both SHOIGU and Sojgu. `family`
// decides what is stripped: legal forms for organisations, titles for persons, vessel
// prefixes (MV, M/T) for vessels; kAny strips them only where that leaves a name.
std::vector<NameForm> NormalizeName(std::string_view name, SchemaFamily family);

// A personal name of two to four Han characters read in Korean (金正恩 -> 김정은 -> kim jongun,
// scheme "sino-korean"): North and South Korean names are listed in their Korean romanisation.
// Queries add it to their forms as a weaker reading; nullopt for other names.
std::optional<NameForm> SinoKoreanForm(std::string_view name, SchemaFamily family);

// A Han-script firm's name read as the lists give Chinese firms: the words of han_words.tsv in
// English, the other characters in pinyin (东莞圣寅数控设备有限公司 -> dong guan sheng yin cnc
// equipment, CO_LTD; scheme "han-words"). Queries add it to their forms; nullopt for a person's
// or vessel's name and for a name holding none of the words.
std::optional<NameForm> HanWordsForm(std::string_view name, SchemaFamily family);

// A Belarusian name (one with ў, or with і but none of Ukrainian's own letters) read in its Russian
// spelling, which lists give beside the Belarusian: ў в, і и, дз д (not before а о у ы э), ц т
// before a soft vowel, -авіч -ович (Дзмітрый Аляксандравіч, Dmitry Aleksandrovich; scheme "as-russian"); nullopt for
// any other name. Ukrainian names without є ї ґ are read so too (Вікторович, Viktorovich).
std::optional<NameForm> RussianFormOfBelarusian(std::string_view name, SchemaFamily family);

// Arabic writes its article on the word (الواحد), Latin spellings on the word before (Abdul
// Wahed) or apart (AL-TIKRITI): the forms of an Arabic name with each article moved onto a
// preceding عبد or ابو and left out elsewhere, that `written` (its NormalizeName forms) lacks;
// then with a word's final ه after a consonant read as the vowel it often is (شحاته, Shihata;
// scheme "heh-said", a weaker reading), and with ض ظ ذ ث ق as Persian says them (رضا, Reza;
// "persian" where a Persian or Urdu letter says the language, else "persian-guess", weaker).
// Queries add them; empty for other names.
std::vector<NameForm> ArabicArticleReadings(std::string_view name, SchemaFamily family,
                                            std::span<const NameForm> written);

// A name that joins two ("JOHN SMITH AND VLADIMIR PUTIN" for a joint account; "&", "+", "UND", a
// lone "/", a semicolon; C/O, FBO, OBO, ATTN, FAO; AKA, FKA; a name in parentheses) is scored whole,
// where the listed side falls below any threshold: the forms of each side of two words or more
// (as a person, titles aside, and as a firm, legal forms aside), scheme "joint-part". A lone word
// ("WATERS" in "COLLIER, KESSLER AND WATERS") is left to the whole name. Queries add them; empty
// for a name that joins none, and for a firm's or vessel's name, whose "and" joins words of one
// name (BANK FOR DEVELOPMENT AND FOREIGN ECONOMIC AFFAIRS).
std::vector<NameForm> JointNameSides(std::string_view name, SchemaFamily family);

// NFKC, case folding and removal of marks, then transliteration to Latin: the base text of
// every form. Exposed for tests and for free-text scanning.
std::string FoldToLatin(std::string_view utf8, std::string_view scheme = "");

// A Hangul syllable (U+AC00 to U+D7A3) in a McCune-Reischauer-like romanisation, as lists spell
// Korean names (Kim Jong Un): at a word's start ㄱ is k, elsewhere g.
std::string RomanizeHangulSyllable(char32_t cp, bool word_start);

// Appends the UTF-8 bytes of `cp` (nothing for an invalid code point).
void AppendUtf8(std::string& out, char32_t cp);

// ICU's Arabic-Latin reads the letters of the Arabic alphabet and leaves those Urdu, Pashto,
// Sindhi, Kurdish and Uyghur add as they are (ہ in اللہ, ځ in ځدران, Zadran), which folding then
// drops: FoldToLatin reads each as the Arabic letter whose sound Latin spellings give it (ہ ه,
// ځ ز, ٹ ت, ے ي). 0 for other code points.
char32_t ArabicLetterRead(char32_t cp);

// Whether FoldToLatin's `latin` kept letters it could not read (Tifinagh, Cherokee): Tokenize
// drops them, so they are not screened.
bool HasUnreadLetters(std::string_view latin);

// Splits folded Latin text into lower-case alphanumeric tokens; apostrophes join (GAMA'AT -> gamaat).
std::vector<std::string> Tokenize(std::string_view latin);

// Joins each run of four single letters or more among `tokens` into one word: a word spelt out
// ("P.u.t.i.n", "S B E R B A N K"); up to three are initials (J. R. R. Tolkien, V.V. Putin).
void JoinSpeltOutWords(std::vector<std::string>& tokens);

// An organisation's name that gives its short name in parentheses, either way round: ISLAMIC
// JIHAD UNION (IJU), Huawei Technologies Co., Ltd. (Huawei), ASMAT (APPLIED SYSTEMS METHODS AND
// TECHNOLOGY). The short name is one word: the long name's initials in order (IJU), or its first
// word (Huawei). Other parentheses (a place, a legal form, a note) give nothing.
struct ParenthesisedName {
  std::string long_name, short_name;  // as written, parentheses removed
};
std::optional<ParenthesisedName> SplitParenthesisedName(std::string_view name);

// A name without the parenthesised part it ends with (Encep Nurjaman (birth name), Jin Tiesan
// (金铁三), PJSC VTB BANK (KIEV)): what a list adds there is a note on the name, another
// script, a place or an owner, none of which a name written elsewhere need carry.
std::optional<std::string> WithoutTrailingParentheses(std::string_view name);

// The other names a listed name holds, to be indexed beside it: each name a marker (a.k.a., f.k.a.,
// n.k.a.) separates, each read without its trailing parentheses and, for an organisation, its
// short name and long name (SplitParenthesisedName). Empty for most names.
std::vector<std::string> NamesWithin(std::string_view name, SchemaFamily family);

// Titles and honorifics dropped from person names (mr, dr, sheikh, haji, general ...), as tokens.
bool IsTitle(std::string_view token);
// A Latin vowel letter, y among them (lower case).
inline bool IsVowelOrY(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// Particles written apart or joined to the next word (al, bin, de, van ...).
bool IsParticle(std::string_view token);
// A middle name or patronymic: a word of `role` optional that is not a particle (a particle's
// name has another form with it joined to its word).
bool IsMiddleName(TokenRole role, std::string_view token);

// A short word that joins a name's words ("of", "the", "de"): a place after one is the name's own
// (Sberbank of Russia), not where a part of the firm is.
bool IsJoiningWord(std::string_view token);
// A word of digits only (a vessel's number, a birth year).
inline bool IsNumber(std::string_view token) {
  for (char c : token)
    if (c < '0' || c > '9') return false;
  return !token.empty();
}
// A word with a digit in it (558, 558th, F91, 20-20 written as one).
inline bool HasDigit(std::string_view token) {
  for (char c : token)
    if (c >= '0' && c <= '9') return true;
  return false;
}


}  // namespace embargo::text
