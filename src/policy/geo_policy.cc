#include "policy/geo_policy.h"

#include <algorithm>
#include <cctype>

#include "common/io.h"
#include "common/strings.h"
#include "entity/countries.h"

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

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    size_t p = s.find(sep);
    out.push_back(Trim(s.substr(0, p)));
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
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

}  // namespace

std::string_view PolicyActionName(PolicyAction action) {
  return action == PolicyAction::kBlock ? "block" : "review";
}

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
  size_t line_no = 0;
  auto error = [&](const std::string& msg) {
    return Status::InvalidArgument(origin + ":" + std::to_string(line_no) + ": " + msg);
  };
  bool saw_rb = false;
  std::vector<std::pair<std::string, size_t>> raw_aliases;  // spelling, rule
  while (!text.empty()) {
    ++line_no;
    size_t eol = text.find('\n');
    std::string_view line = Trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> f = Split(line, '|');
    std::string kind = Lower(f[0]);
    if (kind == "transshipment" || kind == "russia_belarus") {
      if (f.size() != 2) return error(kind + " takes one field: a comma-separated list of country codes");
      auto& list = kind == "transshipment" ? policy.transshipment_ : policy.russia_belarus_;
      if (kind == "russia_belarus") saw_rb = true;
      for (std::string_view c : Split(f[1], ',')) {
        if (c.empty()) continue;
        std::string code = NormaliseCountry(c);
        if (code.empty()) return error("unknown country '" + std::string(c) + "' in " + kind);
        AddUnique(list, code);
      }
      continue;
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
    std::string action = Lower(f[2]);
    if (action == "block") rule.action = PolicyAction::kBlock;
    else if (action == "review") rule.action = PolicyAction::kReview;
    else return error("action '" + std::string(f[2]) + "' is neither block nor review");
    if (f[4].empty()) return error(rule.code + " needs a reason");
    rule.reason = std::string(f[4]);
    if (policy.FindRule(rule.code) != nullptr) return error("duplicate rule for " + rule.code);
    if (rule.region && !options.occupied_regions) continue;
    size_t index = policy.rules_.size();
    policy.rules_.push_back(rule);
    raw_aliases.emplace_back(rule.name, index);
    if (f.size() == 6) {
      for (std::string_view a : Split(f[5], ',')) {
        if (a.empty() || a == "*") continue;
        raw_aliases.emplace_back(std::string(a), index);
      }
    }
  }
  if (!saw_rb) policy.russia_belarus_ = {"RU", "BY"};
  for (Rule& r : policy.rules_) {
    if (!r.region && std::find(policy.russia_belarus_.begin(), policy.russia_belarus_.end(), r.code) !=
                         policy.russia_belarus_.end()) {
      r.action = options.russia_belarus_action;
    }
  }
  for (auto& [spelling, rule] : raw_aliases) {
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
    bool dup = false;
    for (const Alias& o : policy.aliases_) dup |= o.lower == a.lower && o.prefix == a.prefix;
    if (!dup) policy.aliases_.push_back(std::move(a));
  }
  std::stable_sort(policy.aliases_.begin(), policy.aliases_.end(),
                   [](const Alias& x, const Alias& y) { return x.lower.size() > y.lower.size(); });
  return policy;
}

const GeoPolicy::Rule* GeoPolicy::FindRule(std::string_view code) const {
  for (const Rule& r : rules_) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

GeoFinding GeoPolicy::Finding(const Rule& rule, std::string_view matched) const {
  GeoFinding f;
  f.code = rule.code;
  f.name = rule.name;
  f.matched = std::string(matched);
  f.reason = rule.reason;
  f.action = rule.action;
  return f;
}

std::optional<GeoFinding> GeoPolicy::CheckCountry(std::string_view country) const {
  std::string_view in = Trim(country);
  if (in.empty()) return std::nullopt;
  if (const Rule* r = FindRule(Upper(in))) return Finding(*r, in);
  std::string code = CountryCode(in);
  if (!code.empty()) {
    if (const Rule* r = FindRule(code)) return Finding(*r, in);
    if (code != "UA") return std::nullopt;  // "Crimea" maps to UA: look for the region below
  }
  // "Crimea", "Sevastopol, Russia": a listed place named in the field; the strictest wins.
  std::vector<GeoFinding> found = CheckText(in);
  if (found.empty()) return std::nullopt;
  auto it = std::find_if(found.begin(), found.end(),
                         [](const GeoFinding& f) { return f.action == PolicyAction::kBlock; });
  return it != found.end() ? *it : found.front();
}

std::vector<GeoFinding> GeoPolicy::CheckText(std::string_view text) const {
  std::string lower = LowerText(text);
  struct Hit {
    size_t pos, len, rule;
  };
  std::vector<Hit> hits;
  std::vector<std::pair<size_t, size_t>> claimed;  // spans taken by longer aliases
  for (const Alias& a : aliases_) {
    for (size_t pos = lower.find(a.lower); pos != std::string::npos; pos = lower.find(a.lower, pos + 1)) {
      size_t end = pos + a.lower.size();
      if (WordCharBefore(lower, pos)) continue;
      // An alias ending in punctuation ("D.P.R.K.") has its boundary built in.
      bool ends_word = IsWordChar(static_cast<unsigned char>(a.lower.back())) ||
                       static_cast<unsigned char>(a.lower.back()) >= 0x80;
      if (!a.prefix && ends_word && WordCharAt(lower, end)) continue;
      bool overlaps = false;
      for (auto [b, e] : claimed) overlaps |= pos < e && b < end;
      if (overlaps) continue;
      size_t stop = end;
      if (a.prefix) {  // the match runs to the end of the word
        while (stop < lower.size() && WordCharAt(lower, stop)) {
          size_t len;
          DecodeAt(lower, stop, len);
          stop += len;
        }
      }
      claimed.emplace_back(pos, stop);
      hits.push_back({pos, stop - pos, a.rule});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) { return x.pos < y.pos; });
  std::vector<GeoFinding> out;
  std::vector<size_t> seen;
  for (const Hit& h : hits) {
    if (std::find(seen.begin(), seen.end(), h.rule) != seen.end()) continue;
    seen.push_back(h.rule);
    out.push_back(Finding(rules_[h.rule], text.substr(h.pos, h.len)));
  }
  return out;
}

bool GeoPolicy::IsTransshipmentConcern(std::string_view country_code) const {
  std::string code = NormaliseCountry(country_code);
  return !code.empty() && std::find(transshipment_.begin(), transshipment_.end(), code) != transshipment_.end();
}

bool GeoPolicy::IsRussiaOrBelarus(std::string_view country_code) const {
  std::string code = NormaliseCountry(country_code);
  return !code.empty() && std::find(russia_belarus_.begin(), russia_belarus_.end(), code) != russia_belarus_.end();
}

std::vector<std::string> GeoPolicy::ListedCodes() const {
  std::vector<std::string> out;
  for (const Rule& r : rules_) out.push_back(r.code);
  return out;
}

}  // namespace embargo
