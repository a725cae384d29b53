#include "goods/chpl.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <utility>

#include <unicode/utf8.h>

#include "common/csv.h"
#include "common/strings.h"

namespace embargo::goods {

extern const char kChplCsv[];
extern const char kChplVersion[];

namespace {

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strips a leading "HS", "HTS", "HTSUS", "CN", "TARIC", "HS code", "HS:" ... prefix.
std::string_view StripPrefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsAlpha(s[i])) ++i;
  if (i == 0) return s;
  std::string word = Lower(s.substr(0, i));
  if (word != "hs" && word != "hts" && word != "htsus" && word != "hscode" && word != "cn" && word != "taric") {
    return s;  // left for the caller to reject with the whole input quoted
  }
  s = Trim(s.substr(i));
  if (s.size() >= 4 && Lower(s.substr(0, 4)) == "code") s = Trim(s.substr(4));
  if (!s.empty() && (s[0] == ':' || s[0] == '#')) s = Trim(s.substr(1));
  return s;
}

// The character at byte `i`, for a message: 'x' when printable ASCII, else its code point
// (U+2013), never a lone byte of it; a byte that begins no UTF-8 character is named as a byte.
std::string CharacterAt(std::string_view s, size_t i) {
  auto byte = static_cast<unsigned char>(s[i]);
  if (byte >= 0x20 && byte < 0x7F) return std::string("'") + s[i] + "'";
  UChar32 cp = 0;
  int32_t offset = static_cast<int32_t>(i);
  U8_NEXT(s.data(), offset, static_cast<int32_t>(s.size()), cp);
  char text[16];
  if (cp < 0) std::snprintf(text, sizeof text, "byte 0x%02X", static_cast<unsigned>(byte));
  else std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
  return text;
}

// Why a written code may be two codes in one value ("9403.60 8542": a subheading, then the CHPL
// heading 8542, read together as 9403.60.85.42), else "". Codes are written with one kind of
// separator (8542.31.0001, 8542 31 00 01); a group of four digits after the subheading is a
// statistical suffix in the dotted form, or when it starts with 0 (8542 31 0000), which no
// heading of the CHPL's chapters does.
std::string TwoCodesInOne(std::string_view rest) {
  bool space = rest.find(' ') != std::string_view::npos;
  if (space && rest.find_first_of(".-") != std::string_view::npos)
    return "separators of two kinds (spaces and '.' or '-'): give one code per value";
  const char sep = space ? ' ' : '-';
  if (rest.find(sep) == std::string_view::npos) return "";
  size_t digits = 0;
  for (size_t at = 0; at < rest.size();) {
    size_t end = std::min(rest.find(sep, at), rest.size());
    if (digits >= 6 && end - at == 4 && rest[at] != '0')
      return "a group of four digits after the subheading reads as a second heading: give one code per value";
    digits += end - at;
    at = rest.find_first_not_of(sep, end);
    if (at == std::string_view::npos) break;
  }
  return "";
}

// Why the separators of a code are not where a code's writer puts them, else "": two in a row
// (8542..31), or a first group of digits that is no heading (4 digits) nor a subheading written
// whole (6 or 8 digits): 85.4231, 85423.1, 8542310.0. Read by its digits alone, such a code is
// whatever they spell, not the code someone meant. The nomenclature's heading notation (85.42) is one.
std::string MisplacedSeparator(std::string_view rest) {
  for (size_t i = 1; i < rest.size(); ++i)
    if (!IsDigit(rest[i]) && !IsDigit(rest[i - 1]))
      return "separators doubled ('" + std::string(rest.substr(i - 1, 2)) + "'): one between groups of digits (8542.31)";
  size_t first = rest.find_first_of(". -");
  if (first == std::string_view::npos || first == 4 || (first >= 6 && first % 2 == 0)) return "";
  bool nomenclature_heading = first == 2 && rest.size() == 5;  // 85.42
  if (nomenclature_heading) return "";
  return "a separator after " + std::to_string(first) + " digit" + (first == 1 ? "" : "s") +
         ": a code starts with its 4-digit heading (8542.31)";
}

}  // namespace

StatusOr<HsCode> ParseHsCode(std::string_view text) {
  HsCode code;
  code.written = std::string(Trim(text));
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("HS code '" + code.written + "': " + why);
  };
  if (code.written.empty()) return bad("empty");
  std::string_view rest = StripPrefix(code.written);
  if (rest.empty()) return bad("no digits");
  if (!IsDigit(rest[0])) return bad("not a number (digits with optional '.', ' ' or '-' separators)");
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (IsDigit(c)) {
      code.digits += c;
    } else if (c != '.' && c != ' ' && c != '-') {
      return bad("unexpected character " + CharacterAt(rest, i));
    }
  }
  if (!IsDigit(rest.back())) return bad("ends with a separator");
  if (std::string why = MisplacedSeparator(rest); !why.empty()) return bad(why);
  // After a heading of four digits comes its subheading of two: "9403 8542" is two headings, one
  // of them (8542) on the CHPL, not the code 9403.85.42.
  size_t first = rest.find_first_of(". -");
  if (first == 4) {
    size_t second = rest.find_first_not_of(". -", first);
    size_t group = rest.find_first_of(". -", second);
    if ((group == std::string_view::npos ? rest.size() : group) - second != 2)
      return bad("a 4-digit heading is followed by its 2-digit subheading (8542.31); give one code per value");
  }
  if (std::string why = TwoCodesInOne(rest); !why.empty()) return bad(why);
  size_t n = code.digits.size();
  if (n == 4) {
    code.heading = true;
  } else if (n < 6) {
    return bad(std::to_string(n) + " digits: need a 4-digit heading or at least 6 digits (subheading)");
  } else if (n > 10) {
    return bad(std::to_string(n) + " digits: tariff codes have at most 10");
  } else if (n % 2 != 0) {
    // Tariff codes grow by pairs of digits: an odd count is a digit lost or added (0854231, a
    // leading 0 too many, would be chapter 08), and its first six digits may be another code.
    return bad(std::to_string(n) + " digits: tariff codes have an even number (6, 8 or 10); a digit is missing or too many");
  }
  if (code.digits.compare(0, 2, "00") == 0) return bad("chapter 00 does not exist");
  uint32_t v = 0;
  for (size_t i = 0; i < std::min<size_t>(n, 6); ++i) v = v * 10 + static_cast<uint32_t>(code.digits[i] - '0');
  code.hs6 = code.heading ? v * 100 : v;
  return code;
}

std::string_view TierMeaning(std::string_view tier) {
  static constexpr std::pair<std::string_view, std::string_view> kTiers[] = {
      {"1", "integrated circuits (highest concern: advanced precision-guided weapons)"},
      {"2", "further electronics: data transmission, navigation, capacitors"},
      {"3.A", "further electronic components"},
      {"3.B", "bearings, aircraft parts, optics, navigation instruments"},
      {"4.A", "manufacturing, production and test equipment for electronics"},
      {"4.B", "CNC machine tools and their parts"},
      {"4.C", "further manufacturing equipment"},
  };
  for (const auto& [code, meaning] : kTiers)
    if (code == tier) return meaning;
  return {};
}

const Chpl& Chpl::Embedded() {
  static const Chpl chpl = [] {
    auto parsed = Parse(kChplCsv, "chpl_" + std::string(kChplVersion) + ".csv (embedded)", kChplVersion);
    // The embedded file is checked by tests; a failure here is a build defect.
    if (!parsed.ok()) std::abort();
    return std::move(parsed).value();
  }();
  return chpl;
}

StatusOr<Chpl> Chpl::Parse(std::string_view csv, const std::string& origin, std::string version) {
  Chpl chpl;
  chpl.version_ = std::move(version);
  CsvReader reader(csv);
  std::vector<std::string> f;
  bool header = true;
  while (reader.Next(f)) {
    auto error = [&](const std::string& msg) {
      return Status::DataLoss(origin + ":" + std::to_string(reader.line()) + ": " + msg);
    };
    if (!reader.error().empty()) return error(reader.error());
    if (f.size() == 1 && Trim(f[0]).empty()) continue;
    if (header) {
      header = false;
      if (f.size() < 3 || Trim(f[0]) != "tier" || Trim(f[1]) != "hs6" || Trim(f[2]) != "description") {
        return error("expected the header tier,hs6,description");
      }
      continue;
    }
    if (f.size() != 3) return error("expected 3 fields (tier,hs6,description), got " + std::to_string(f.size()));
    ChplItem item;
    item.tier = std::string(Trim(f[0]));
    item.hs6_text = std::string(Trim(f[1]));
    item.description = std::string(Trim(f[2]));
    if (TierMeaning(item.tier).empty()) return error("field tier: unknown tier '" + item.tier + "'");
    if (item.hs6_text.size() != 6 || !std::all_of(item.hs6_text.begin(), item.hs6_text.end(), IsDigit)) {
      return error("field hs6: '" + item.hs6_text + "' is not six digits");
    }
    item.hs6 = static_cast<uint32_t>(std::stoul(item.hs6_text));
    chpl.items_.push_back(std::move(item));
  }
  if (!reader.error().empty()) {
    return Status::DataLoss(origin + ":" + std::to_string(reader.line()) + ": " + reader.error());
  }
  if (chpl.items_.empty()) return Status::DataLoss(origin + ": no items");
  std::sort(chpl.items_.begin(), chpl.items_.end(), [](const ChplItem& a, const ChplItem& b) { return a.hs6 < b.hs6; });
  for (size_t i = 1; i < chpl.items_.size(); ++i) {
    if (chpl.items_[i].hs6 == chpl.items_[i - 1].hs6) {
      return Status::DataLoss(origin + ": hs6 " + chpl.items_[i].hs6_text + " is listed twice");
    }
  }
  for (const ChplItem& item : chpl.items_) chpl.keys_.push_back(item.hs6);
  return chpl;
}

const ChplItem* Chpl::Find(uint32_t hs6) const {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), hs6);
  if (it == keys_.end() || *it != hs6) return nullptr;
  return &items_[static_cast<size_t>(it - keys_.begin())];
}

std::span<const ChplItem> Chpl::UnderHeading(uint32_t hs4) const {
  auto lo = std::lower_bound(keys_.begin(), keys_.end(), hs4 * 100);
  auto hi = std::lower_bound(keys_.begin(), keys_.end(), hs4 * 100 + 100);
  return std::span<const ChplItem>(items_.data() + (lo - keys_.begin()), static_cast<size_t>(hi - lo));
}

ChplMatch Chpl::Check(const HsCode& code) const {
  ChplMatch m;
  m.code = code;
  m.heading = code.heading;
  if (code.heading) {
    for (const ChplItem& item : UnderHeading(code.hs6 / 100)) m.items.push_back(&item);
  } else if (const ChplItem* item = Find(code.hs6)) {
    m.items.push_back(item);
  }
  return m;
}

StatusOr<ChplMatch> Chpl::Check(std::string_view code) const {
  auto parsed = ParseHsCode(code);
  if (!parsed.ok()) return parsed.status();
  return Check(*parsed);
}

}  // namespace embargo::goods
