#include "policy/geo_policy.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <span>

#include "common/io.h"
#include "common/strings.h"
#include "entity/countries.h"
#include "findings/findings.h"

namespace embargo {

extern const char kGeoPolicyDefaultConf[];

namespace {

// Decodes the UTF-8 code point at `i` (0xFFFD for a malformed byte); `len` gets its length.
char32_t DecodeAt(std::string_view s, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  len = 1;
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (extra == 0 || i + extra >= s.size()) return 0xFFFD;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (d & 0x3F);
  }
  len = 1 + extra;
  return cp;
}

// Letters and digits of the scripts addresses are written in; anything else is a word break.
bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x400 && cp <= 0x52F);
}

// ASCII and Cyrillic lower case; every character keeps its byte length, so offsets into the
// lowered text are offsets into the input.
std::string LowerText(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      out[i] = static_cast<char>(std::tolower(c));
    } else if ((c == 0xD0) && i + 1 < out.size()) {
      unsigned char d = static_cast<unsigned char>(out[i + 1]);
      char32_t cp = ((c & 0x1F) << 6) | (d & 0x3F);
      if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;       // А-Я -> а-я
      else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;  // Ѐ-Џ -> ѐ-џ (Ё, Є, І, Ї)
      out[i] = static_cast<char>(0xC0 | (cp >> 6));
      out[i + 1] = static_cast<char>(0x80 | (cp & 0x3F));
      ++i;
    }
  }
  return out;
}

// Whether the character ending just before byte `i` is a word character.
bool WordCharBefore(std::string_view s, size_t i) {
  if (i == 0) return false;
  size_t start = i - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && i - start < 4) --start;
  size_t len;
  return IsWordChar(DecodeAt(s, start, len));
}

bool WordCharAt(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  size_t len;
  return IsWordChar(DecodeAt(s, i, len));
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsRegionCode(std::string_view code) {
  if (code.size() < 4 || code.size() > 6 || code[2] != '-') return false;
  for (size_t i = 0; i < code.size(); ++i) {
    if (i == 2) continue;
    unsigned char c = static_cast<unsigned char>(code[i]);
    if (i < 2 ? !std::isupper(c) : !(std::isupper(c) || std::isdigit(c))) return false;
  }
  return true;
}

// A country code or name as alpha-2, upper case; empty when unknown.
std::string NormaliseCountry(std::string_view country) {
  std::string code = CountryCode(country);
  return code;
}

// The states on the territory of a country that no longer exists, which a payment or a shipment
// to it may reach: an old code (SU, "USSR") is read as all of them, the strictest rule winning.
std::span<const std::string_view> SuccessorsOf(std::string_view code) {
  static constexpr std::string_view kSovietUnion[] = {"RU", "BY", "UA", "MD", "GE", "AM", "AZ", "KZ",
                                                      "KG", "TJ", "TM", "UZ", "EE", "LV", "LT"};
  static constexpr std::string_view kYugoslavia[] = {"RS", "ME", "BA", "HR", "SI", "MK", "XK"};
  static constexpr std::string_view kSerbiaMontenegro[] = {"RS", "ME", "XK"};
  static constexpr std::string_view kNetherlandsAntilles[] = {"CW", "SX", "BQ"};
  if (code == "SU") return kSovietUnion;
  if (code == "YU") return kYugoslavia;
  if (code == "CS") return kSerbiaMontenegro;
  if (code == "AN") return kNetherlandsAntilles;
  return {};
}

// Whether `code`, or a state that succeeded it, is among `codes`.
bool CoveredBy(const std::string& code, const std::vector<std::string>& codes) {
  auto in = [&](std::string_view c) { return std::find(codes.begin(), codes.end(), c) != codes.end(); };
  if (code.empty()) return false;
  if (in(code)) return true;
  std::span<const std::string_view> successors = SuccessorsOf(code);
  return std::any_of(successors.begin(), successors.end(), in);
}

}  // namespace

GeoPolicy GeoPolicy::Default(const GeoPolicyOptions& options) {
  auto policy = Parse(kGeoPolicyDefaultConf, "geo_policy_default.conf", options);
  // The embedded table is checked by tests; a failure here is a build defect.
  if (!policy.ok()) std::abort();
  return std::move(policy).value();
}

StatusOr<GeoPolicy> GeoPolicy::Load(const std::string& path, const GeoPolicyOptions& options) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path, options);
}

StatusOr<GeoPolicy> GeoPolicy::Parse(std::string_view text, const std::string& origin,
                                     const GeoPolicyOptions& options) {
  GeoPolicy policy;
  bool saw_rb = false;
  RawAliases raw_aliases;
  EMBARGO_RETURN_IF_ERROR(ForEachRuleLine(
      text, origin, [&](std::string_view line) { return policy.ParseLine(line, options, saw_rb, raw_aliases); }));
  if (!saw_rb) policy.russia_belarus_ = {"RU", "BY"};
  for (Rule& r : policy.rules_) {
    if (!r.region && std::find(policy.russia_belarus_.begin(), policy.russia_belarus_.end(), r.code) !=
                         policy.russia_belarus_.end()) {
      r.action = options.russia_belarus_action;
    }
  }
  policy.IndexAliases(raw_aliases);
  return policy;
}

Status GeoPolicy::ParseLine(std::string_view line, const GeoPolicyOptions& options, bool& saw_russia_belarus,
                            RawAliases& raw_aliases) {
  auto error = [](const std::string& msg) { return Status::InvalidArgument(msg); };
  std::vector<std::string_view> f = Split(line, '|');
  std::string kind = Lower(f[0]);
  if (kind == "transshipment" || kind == "russia_belarus") {
    if (f.size() != 2) return error(kind + " takes one field: a comma-separated list of country codes");
    auto& list = kind == "transshipment" ? transshipment_ : russia_belarus_;
    if (kind == "russia_belarus") saw_russia_belarus = true;
    for (std::string_view c : Split(f[1], ',')) {
      if (c.empty()) continue;
      std::string code = NormaliseCountry(c);
      if (code.empty()) return error("unknown country '" + std::string(c) + "' in " + kind);
      AddUnique(list, code);
    }
    return Status::Ok();
  }
  if (kind != "country" && kind != "region") {
    return error("unknown rule kind '" + std::string(f[0]) +
                 "' (expected country, region, transshipment or russia_belarus)");
  }
  if (f.size() < 5 || f.size() > 6) {
    return error(kind + " takes 5 or 6 '|'-separated fields: kind | code | action | name | reason [| aliases]");
  }
  Rule rule;
  rule.region = kind == "region";
  rule.code = Upper(f[1]);
  if (rule.region) {
    if (!IsRegionCode(rule.code)) return error("region code '" + std::string(f[1]) + "' is not ISO 3166-2 (e.g. UA-43)");
    if (f[3].empty()) return error("region " + rule.code + " needs a name");
    rule.name = std::string(f[3]);
  } else {
    if (rule.code.size() != 2 || CountryName(rule.code).empty()) {
      return error("country code '" + std::string(f[1]) + "' is not ISO 3166-1 alpha-2");
    }
    rule.name = f[3].empty() ? std::string(CountryName(rule.code)) : std::string(f[3]);
  }
  std::optional<Verdict> action = ParseAction(f[2]);
  if (!action) return error("action '" + std::string(f[2]) + "' is neither block nor review");
  rule.action = *action;
  if (f[4].empty()) return error(rule.code + " needs a reason");
  rule.reason = std::string(f[4]);
  if (FindRule(rule.code) != nullptr) return error("duplicate rule for " + rule.code);
  if (rule.region && !options.occupied_regions) return Status::Ok();
  size_t index = rules_.size();
  rules_.push_back(rule);
  raw_aliases.emplace_back(rule.name, index);
  if (f.size() == 6) {
    for (std::string_view a : Split(f[5], ',')) {
      if (a.empty() || a == "*") continue;
      raw_aliases.emplace_back(std::string(a), index);
    }
  }
  return Status::Ok();
}

void GeoPolicy::IndexAliases(const RawAliases& raw_aliases) {
  std::set<std::pair<std::string, bool>> seen;
  for (const auto& [spelling, rule] : raw_aliases) {
    Alias a;
    a.rule = rule;
    std::string_view s = spelling;
    if (s.back() == '*') {
      a.prefix = true;
      s.remove_suffix(1);
    }
    // Names in parentheses ("Donetsk (DNR)") are labels, not spellings.
    if (s.find('(') != std::string_view::npos) s = Trim(s.substr(0, s.find('(')));
    if (s.empty()) continue;
    a.lower = LowerText(s);
    if (seen.insert({a.lower, a.prefix}).second) aliases_.push_back(std::move(a));
  }
  std::stable_sort(aliases_.begin(), aliases_.end(),
                   [](const Alias& x, const Alias& y) { return x.lower.size() > y.lower.size(); });
  for (uint32_t i = 0; i < aliases_.size(); ++i) {
    by_first_byte_[static_cast<unsigned char>(aliases_[i].lower[0])].push_back(i);
  }
}

const GeoPolicy::Rule* GeoPolicy::FindRule(std::string_view code) const {
  for (const Rule& r : rules_) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

GeoMatch GeoPolicy::Match(const Rule& rule, std::string_view matched) const {
  GeoMatch f;
  f.code = rule.code;
  f.name = rule.name;
  f.matched = std::string(matched);
  f.reason = rule.reason;
  f.action = rule.action;
  return f;
}

std::optional<GeoMatch> GeoPolicy::CheckCountry(std::string_view country) const {
  std::string_view in = Trim(country);
  if (in.empty()) return std::nullopt;
  if (const Rule* r = FindRule(Upper(in))) return Match(*r, in);
  std::string code = CountryCode(in);
  if (!code.empty()) {
    if (const Rule* r = FindRule(code)) return Match(*r, in);
    std::optional<GeoMatch> strictest;
    for (std::string_view successor : SuccessorsOf(code)) {
      const Rule* r = FindRule(successor);
      if (r && (!strictest || (r->action == Verdict::kBlock && strictest->action != Verdict::kBlock)))
        strictest = Match(*r, in);
    }
    if (strictest) return strictest;
    if (code != "UA") return std::nullopt;  // "Crimea" maps to UA: look for the region below
  }
  // "Crimea", "Sevastopol, Russia": a listed place named in the field; the strictest wins.
  std::vector<GeoMatch> found = CheckText(in);
  if (found.empty()) return std::nullopt;
  auto it = std::find_if(found.begin(), found.end(),
                         [](const GeoMatch& f) { return f.action == Verdict::kBlock; });
  return it != found.end() ? *it : found.front();
}

std::vector<GeoMatch> GeoPolicy::CheckText(std::string_view text) const {
  std::string lower = LowerText(text);
  std::vector<GeoMatch> out;
  std::vector<size_t> seen;  // rules already reported
  // One pass over the text: at each word start, the longest alias beginning there wins
  // (leftmost-longest), so "DPR Korea" is North Korea and not the Donetsk "DPR".
  bool prev_word = false;
  size_t i = 0;
  while (i < lower.size()) {
    size_t len;
    bool is_word = IsWordChar(DecodeAt(lower, i, len));
    if (!prev_word) {
      size_t stop = 0;
      for (uint32_t idx : by_first_byte_[static_cast<unsigned char>(lower[i])]) {
        const Alias& a = aliases_[idx];
        if (lower.compare(i, a.lower.size(), a.lower) != 0) continue;
        size_t end = i + a.lower.size();
        // An alias ending in punctuation ("D.P.R.K.") has its boundary built in.
        unsigned char last = static_cast<unsigned char>(a.lower.back());
        bool ends_word = last >= 0x80 || std::isalnum(last);
        if (!a.prefix && ends_word && WordCharAt(lower, end)) continue;
        stop = end;
        if (a.prefix) {  // the match runs to the end of the word
          while (stop < lower.size() && WordCharAt(lower, stop)) {
            size_t l;
            DecodeAt(lower, stop, l);
            stop += l;
          }
        }
        if (std::find(seen.begin(), seen.end(), a.rule) == seen.end()) {
          seen.push_back(a.rule);
          out.push_back(Match(rules_[a.rule], text.substr(i, stop - i)));
        }
        break;
      }
      if (stop > 0) {
        i = stop;
        prev_word = WordCharBefore(lower, stop);
        continue;
      }
    }
    prev_word = is_word;
    i += len;
  }
  return out;
}

bool GeoPolicy::IsTransshipmentConcern(std::string_view country_code) const {
  return CoveredBy(NormaliseCountry(country_code), transshipment_);
}

bool GeoPolicy::IsRussiaOrBelarus(std::string_view country_code) const {
  return CoveredBy(NormaliseCountry(country_code), russia_belarus_);
}

std::vector<std::string> GeoPolicy::ListedCodes() const {
  std::vector<std::string> out;
  for (const Rule& r : rules_) out.push_back(r.code);
  return out;
}

}  // namespace embargo
