// How free-text fields are screened. Kept in one function so that a dedicated free-text scanner
// can take over without touching the party checks.
#include <cctype>

#include "common/strings.h"
#include "embargo/text_scan.h"
#include "payments/screen_message.h"

namespace embargo::payments {
namespace {

// "/INS/DEUTSCHE BANK" -> "DEUTSCHE BANK"; "//AMERICAS NEW YORK" -> "AMERICAS NEW YORK": the
// codes of fields 72 and 77B and the continuation marks carry no names.
std::string_view StripCodes(std::string_view line) {
  line = Trim(line);
  while (!line.empty() && line[0] == '/') {
    size_t end = line.find('/', 1);
    if (end == std::string_view::npos || end > 9) {
      line.remove_prefix(1);
      break;
    }
    line.remove_prefix(end + 1);
  }
  return Trim(line);
}

size_t Letters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += std::isalpha(c) || c >= 0x80;
  return n;
}

// The listed names the lines mention, found by the free-text scanner: one hit per mention.
void ScanMentions(const std::vector<std::string_view>& lines, const TextScanner& scanner, const std::string& field,
                  const std::string& role, MessageScreenResult& out) {
  std::string joined;
  for (std::string_view line : lines) (joined += line) += '\n';
  ++out.checks;
  for (const Mention& m : scanner.Scan(joined)) {
    const Hit& hit = m.hit;
    Finding h;
    h.field = field;
    h.role = role;
    h.check = "free_text";
    h.value = m.text;
    h.action = Verdict::kReview;
    h.score = hit.score;
    h.reason = "text mentions listed " + std::string(SchemaName(hit.entity->schema)) + " '" + hit.matched_name +
               "' (score " + std::to_string(hit.score).substr(0, 4) + ")";
    h.entity_id = hit.entity->id;
    h.entity_name = hit.entity->caption();
    h.dataset = hit.entity->dataset;
    h.programs = hit.entity->programs;
    out.findings.push_back(std::move(h));
  }
}

}  // namespace

void ScreenFreeText(const FreeText& text, const MessageScreener& screener, MessageScreenResult& out) {
  const std::string role = "free text";
  for (const auto& c : text.countries) {
    ++out.checks;
    screener.CheckCountry(c, text.field, role, "country", out.findings);
  }
  const TextScanner* scanner = screener.options().text_scanner;
  std::vector<std::string_view> scanned;
  for (const auto& raw : text.lines) {
    std::string_view line = StripCodes(raw);
    if (line.empty()) continue;
    ++out.checks;
    // Words shaped like a BIC (field 72 "/INS/BANKBEBBXXX") are checked as BICs.
    std::string word;
    for (char c : std::string(line) + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word += c;
        continue;
      }
      if (word.size() == 8 || word.size() == 11) screener.CheckBic(word, text.field, role, out.findings, false);
      word.clear();
    }
    screener.CheckPlaceText(line, text.field, role, "free_text", out.findings);
    if (scanner) {
      scanned.push_back(line);
      continue;
    }
    // Amounts, references and four-letter codes (purpose "GDDS", "CHQB"): nothing a name could match.
    if (Letters(line) < 3 || (line.size() <= 4 && line.find(' ') == std::string_view::npos)) continue;
    Query q;
    q.name = std::string(line);
    screener.CheckName(q, text.field, role, "free_text", out);
  }
  if (scanner && !scanned.empty()) ScanMentions(scanned, *scanner, text.field, role, out);
}

}  // namespace embargo::payments
