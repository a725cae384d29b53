#include "payments/address.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "common/strings.h"
#include "entity/countries.h"
#include "text/legal_forms.h"
#include "text/normalize.h"

namespace embargo::payments {
namespace {

// Lower-case ASCII words of `text`, accents and other scripts folded to Latin.
std::vector<std::string> Words(std::string_view text) { return text::Tokenize(text::FoldToLatin(text)); }

std::string Join(const std::vector<std::string>& words, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) (out += out.empty() ? "" : " ") += words[i];
  return out;
}

// Country display names in the Latin-script languages of the main payment corridors, from ICU's
// locale data: "cameroun" -> CM, "deutschland" -> DE. A spelling two countries share is dropped.
const std::unordered_map<std::string, std::string>& ForeignCountryNames() {
  static const std::unordered_map<std::string, std::string> names = [] {
    static constexpr const char* kLanguages[] = {"fr", "de", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi",
                                                 "tr", "ro", "cs", "sk", "hu", "hr", "sl", "id", "ms", "ca", "lt",
                                                 "lv", "et", "sq", "az", "uz", "vi", "tl", "sw"};
    std::unordered_map<std::string, std::string> out;
    std::unordered_set<std::string> ambiguous;
    for (const char* const* cc = icu::Locale::getISOCountries(); *cc; ++cc) {
      std::string code(*cc);
      if (CountryName(code).empty()) continue;
      for (const char* lang : kLanguages) {
        icu::UnicodeString display;
        icu::Locale("", code.c_str()).getDisplayCountry(icu::Locale(lang), display);
        std::string utf8;
        display.toUTF8String(utf8);
        std::string key = Join(Words(utf8), 0, Words(utf8).size());
        if (key.size() < 4 || key == Lower(code)) continue;
        auto [it, added] = out.emplace(key, code);
        if (!added && it->second != code) ambiguous.insert(key);
      }
    }
    for (const auto& key : ambiguous) out.erase(key);
    return out;
  }();
  return names;
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// The country named by the last one to three of `words` (lower case); empty when none is.
std::string TrailingCountry(const std::vector<std::string>& words, size_t* taken = nullptr) {
  for (size_t n = std::min<size_t>(3, words.size()); n >= 1; --n) {
    std::string name = Join(words, words.size() - n, words.size());
    if (name.size() < 4) continue;  // "US" and "USA" are codes, read apart
    std::string code = CountryFromName(name);
    if (!code.empty()) {
      if (taken) *taken = n;
      return code;
    }
  }
  return {};
}

}  // namespace

std::string CountryFromName(std::string_view name) {
  std::string code = CountryCode(name);
  if (!code.empty()) return code;
  const auto& foreign = ForeignCountryNames();
  auto words = Words(name);
  auto it = foreign.find(Join(words, 0, words.size()));
  return it == foreign.end() ? std::string() : it->second;
}

std::string AddressCountry(const std::vector<std::string>& lines) {
  if (lines.empty()) return {};
  std::string_view last = Trim(lines.back());
  // A final two-letter code standing alone: "NEW YORK NY 10001 US", or a line "US".
  if (last.size() >= 2 && std::isalpha(static_cast<unsigned char>(last[last.size() - 1])) &&
      std::isalpha(static_cast<unsigned char>(last[last.size() - 2])) &&
      (last.size() == 2 || last[last.size() - 3] == ' ' || last[last.size() - 3] == ','))
    return CountryCode(last.substr(last.size() - 2));
  std::vector<std::string> words;
  for (const auto& w : Words(last))
    if (!HasDigit(w)) words.push_back(w);
  return TrailingCountry(words);
}

bool IsStreetWord(std::string_view word) {
  static const std::unordered_set<std::string> kStreet = {
      "street", "st", "str", "strasse", "road", "rd", "avenue", "ave", "av", "boulevard", "blvd", "lane", "ln",
      "drive", "dr", "way", "place", "pl", "square", "sq", "court", "ct", "terrace", "highway", "hwy", "parkway",
      "pkwy", "alley", "crescent", "close", "row", "embankment", "quay", "rue", "chemin", "allee", "impasse",
      "calle", "avenida", "paseo", "plaza", "camino", "carrer", "rua", "travessa", "via", "viale", "piazza",
      "corso", "vicolo", "strada", "straat", "weg", "gasse", "platz", "allee", "ulitsa", "ulica", "ul", "vul",
      "vulytsia", "vulitsa", "prospekt", "prospect", "pr", "prosp", "pereulok", "per", "shosse", "bulvar",
      "ploshchad", "naberezhnaya", "sokak", "sokagi", "cadde", "caddesi", "cd", "mahallesi", "jalan", "jl",
      "ulitsa", "utca", "ulice", "cesta", "iela", "gatan", "gata", "vej", "vei", "katu", "tie"};
  std::string w = Lower(Trim(word));
  if (kStreet.count(w)) return true;
  auto folded = Words(word);  // улица -> ulitsa, вул -> vul
  if (folded.size() == 1 && kStreet.count(folded[0])) return true;
  // German, Dutch and Scandinavian compounds: HAUPTSTRASSE, KERKSTRAAT, STORGATAN.
  for (std::string_view suffix : {"strasse", "str", "straat", "weg", "gasse", "platz", "gatan", "gade", "vej"})
    if (w.size() > suffix.size() + 3 && w.ends_with(suffix)) return true;
  return false;
}

bool LooksLikeAddress(std::string_view line) {
  if (HasDigit(line)) return true;
  auto words = Words(line);
  for (size_t i = 0; i < words.size(); ++i) {
    if (IsStreetWord(words[i])) return true;
    if (words[i] == "po" && i + 1 < words.size() && words[i + 1] == "box") return true;
    if (words[i] == "postfach" || words[i] == "apartado" || words[i] == "cedex") return true;
  }
  return !AddressCountry({std::string(line)}).empty();
}

bool IsLegalFormLine(std::string_view line) {
  std::vector<std::string> tokens = Words(line);
  if (tokens.empty()) return false;
  tokens.insert(tokens.begin(), "x");  // forms are taken only beside a name: give them one
  text::ExtractLegalForms(tokens);
  return tokens.size() == 1;
}

PlaceUse PlaceUseIn(std::string_view line, size_t begin, size_t end) {
  begin = std::min(begin, line.size());
  end = std::clamp(end, begin, line.size());
  while (end < line.size() && std::isalpha(static_cast<unsigned char>(line[end]))) ++end;  // Sevastopol'skaya
  std::vector<std::string> before = Words(line.substr(0, begin)), after = Words(line.substr(end));
  // A street word right after the place, or before it across particles: "RUE DE LA HAVANE".
  if (!after.empty() && IsStreetWord(after[0])) return PlaceUse::kStreet;
  static const std::unordered_set<std::string> kParticles = {"de", "la", "del", "des", "du", "di", "da", "von", "der", "of"};
  for (size_t k = before.size(), seen = 0; k > 0 && seen < 3; --k, ++seen) {
    if (IsStreetWord(before[k - 1])) return PlaceUse::kStreet;
    if (!kParticles.count(before[k - 1])) break;
  }
  // The town: what follows is only postcodes, two-letter codes and the country.
  std::vector<std::string> rest;
  for (const auto& w : after)
    if (!HasDigit(w) && w.size() > 2) rest.push_back(w);
  size_t taken = 0;
  if (!rest.empty() && !TrailingCountry(rest, &taken).empty()) rest.resize(rest.size() - taken);
  return rest.empty() ? PlaceUse::kTown : PlaceUse::kOther;
}

}  // namespace embargo::payments
