// How free-text fields are screened. Kept in one function so that a dedicated free-text scanner
// can take over without touching the party checks.
#include <algorithm>
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

// A finding on free text that holds the message for review.
Finding ReviewFinding(const FreeText& text, const std::string& value, std::string reason) {
  Finding h;
  h.field = text.field;
  h.role = "free text";
  h.check = "free_text";
  h.value = value;
  h.action = Verdict::kReview;
  h.reason = std::move(reason);
  return h;
}

// The listed names the lines mention, found by the free-text scanner: one finding per mention,
// judged by the payment rules on names. `line_of` receives, per finding, the line it lies in.
void ScanMentions(const std::vector<std::string_view>& lines, const MessageScreener& screener, const FreeText& text,
                  MessageScreenResult& out, std::vector<size_t>& line_of, std::vector<std::string>& notes) {
  const TextScanner& scanner = *screener.options().text_scanner;
  std::string joined;
  std::vector<size_t> starts;
  for (std::string_view line : lines) {
    starts.push_back(joined.size());
    (joined += line) += '\n';
  }
  auto line_at = [&](size_t offset) {
    return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
  };
  TextScanResult scan = scanner.Scan(joined);
  // A span the scanner could not screen completely holds the message for review: never PASS.
  for (const UnscreenedSpan& u : scan.unscreened) {
    out.incomplete = true;
    out.findings.push_back(ReviewFinding(text, u.text, "'" + u.text + "' " + u.reason));
    line_of.push_back(line_at(u.begin));
  }
  for (const Mention& m : scan.mentions) {
    size_t line = line_at(m.begin);
    Query q;
    q.name = m.text;
    HitJudgement j = screener.Judge(q, m.hit, scanner.options().threshold);
    if (!j.keep) {
      notes[line] += (notes[line].empty() ? "" : "; ") + m.hit.entity->id + " set aside: " + j.note;
      continue;
    }
    const Hit& hit = m.hit;
    Finding h = ReviewFinding(text, m.text,
                              "text mentions listed " + std::string(SchemaName(hit.entity->schema)) + " '" +
                                  hit.matched_name + "' (score " + std::to_string(j.score).substr(0, 4) + ")" +
                                  (j.note.empty() ? "" : "; " + j.note));
    h.score = j.score;
    h.entity_id = hit.entity->id;
    h.entity_name = hit.entity->caption();
    h.dataset = hit.entity->dataset;
    h.programs = hit.entity->programs;
    out.findings.push_back(std::move(h));
    line_of.push_back(line);
  }
}

}  // namespace

void ScreenFreeText(const FreeText& text, const MessageScreener& screener, MessageScreenResult& out) {
  const std::string role = "free text";
  for (const auto& c : text.countries) {
    size_t mark = out.findings.size();
    screener.CheckCountry(c, text.field, role, "country", out.findings);
    RecordCheck(out, mark, {text.field, role, "country", c, Verdict::kPass, ""});
  }
  const TextScanner* scanner = screener.options().text_scanner;
  std::vector<std::string_view> lines;
  std::vector<std::vector<Finding>> per_line;  // the BIC and place findings of each line
  std::vector<std::string> notes;
  for (const auto& raw : text.lines) {
    std::string_view line = StripCodes(raw);
    if (line.empty()) continue;
    std::vector<Finding>& found = per_line.emplace_back();
    notes.emplace_back();
    lines.push_back(line);
    // Words shaped like a BIC (field 72 "/INS/BANKBEBBXXX") are checked as BICs.
    std::string word;
    for (char c : std::string(line) + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word += c;
        continue;
      }
      if (word.size() == 8 || word.size() == 11) screener.CheckBic(word, text.field, role, found, false);
      word.clear();
    }
    screener.CheckPlaceText(line, text.field, role, "free_text", found);
  }
  // Names: the lines scanned together for the listed names they mention, or each line screened
  // as one name when there is no scanner. Each line is then recorded with all its findings.
  std::vector<Finding> names;
  std::vector<size_t> name_line;
  std::vector<bool> ran(lines.size(), true);
  if (scanner && !lines.empty()) {
    MessageScreenResult scanned;
    ScanMentions(lines, screener, text, scanned, name_line, notes);
    names = std::move(scanned.findings);
    out.incomplete |= scanned.incomplete;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t mark = out.findings.size();
    for (auto& f : per_line[i]) out.findings.push_back(std::move(f));
    for (size_t k = 0; k < names.size(); ++k)
      if (name_line[k] == i) out.findings.push_back(names[k]);
    // Amounts, references and four-letter codes (purpose "GDDS", "CHQB"): nothing a name could match.
    std::string_view line = lines[i];
    if (!scanner && Letters(line) >= 3 && (line.size() > 4 || line.find(' ') != std::string_view::npos)) {
      Query q;
      q.name = std::string(line);
      ran[i] = screener.CheckName(q, text.field, role, "free_text", out, &notes[i]);
    }
    RecordCheck(out, mark, {text.field, role, "free_text", std::string(line), Verdict::kPass, notes[i]}, ran[i]);
  }
}

AddressMentions MentionsInAddress(const Party& party, const MessageScreener& screener, MessageScreenResult& out) {
  AddressMentions found;
  if (!screener.options().text_scanner || party.address_lines.empty()) return found;
  // Lines kept one for one with the address's, so each finding goes to its own line.
  std::vector<std::string_view> lines;
  for (const std::string& line : party.address_lines) lines.push_back(StripCodes(line));
  FreeText text{party.field, {}, {}, 0};
  MessageScreenResult scanned;
  std::vector<size_t> line_of;
  found.notes.resize(lines.size());
  ScanMentions(lines, screener, text, scanned, line_of, found.notes);
  out.incomplete |= scanned.incomplete;
  found.findings.resize(lines.size());
  for (size_t i = 0; i < scanned.findings.size(); ++i) {
    Finding& f = scanned.findings[i];
    f.role = party.role;
    f.check = "address";
    f.reason = "address " + f.reason;  // "address text mentions listed ..."
    found.findings[line_of[i]].push_back(std::move(f));
  }
  return found;
}

}  // namespace embargo::payments
