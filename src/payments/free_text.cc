// How free-text fields are screened. Kept in one function so that a dedicated free-text scanner
// can take over without touching the party checks.
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "common/check_digits.h"
#include "common/strings.h"
#include "embargo/text_scan.h"
#include "text_scan/party_name.h"
#include "payments/bic.h"
#include "payments/screen_message.h"
#include "text/code_points.h"

namespace embargo::payments {
namespace {

// The code words of fields 70, 72 and 77B (SWIFT's and the common bilateral ones).
bool IsCodeWord(std::string_view w) {
  static const std::set<std::string_view> kCodes = {
      "ACC",  "BENEFRES", "BNF",  "BUP",  "CHGS", "CLSTIME", "INS",  "INT",     "INTA",    "INV",     "IPI",
      "MREF", "OCMT",     "ORDERRES", "PHON", "PHONBEN", "PHONIBK", "PHONNXT", "PURP", "RFB", "REC", "REJT",
      "RETN", "RNCTIME",  "ROC",  "SNDTIME", "SVC", "TELE", "TELEBEN", "TELEIBK", "TELENXT", "TEXT", "TSU",
      "UDLC", "URI",      "CUST", "NETS", "SSIS", "FRNF", "HOLD", "CORPTRAD", "INTC", "SDVA", "CHEQUE", "PHOB",
      "TELB", "REPA"};
  return w.empty() || kCodes.count(w) > 0 || std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// "/INS/DEUTSCHE BANK" -> "DEUTSCHE BANK"; "//AMERICAS NEW YORK" -> "AMERICAS NEW YORK": the
// codes of fields 72 and 77B and the continuation marks carry no names. A word between slashes
// that is no code ("/SBERBANK/") stays, to be screened.
std::string_view StripCodes(std::string_view line) {
  line = Trim(line);
  while (!line.empty() && line[0] == '/') {
    size_t end = line.find('/', 1);
    if (end == std::string_view::npos || end > 9) {
      line.remove_prefix(1);
      break;
    }
    if (!IsCodeWord(line.substr(1, end - 1))) break;
    line.remove_prefix(end + 1);
  }
  return Trim(line);
}

size_t Letters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += std::isalpha(c) || c >= 0x80;
  return n;
}

// The words of `line` (runs of ASCII letters and digits, upper-cased), each with the character
// that follows it (' ' at the end).
struct Word {
  std::string text;
  char next = ' ';
};
std::vector<Word> Words(std::string_view line) {
  std::vector<Word> words;
  std::string word;
  for (size_t i = 0; i <= line.size(); ++i) {
    char c = i < line.size() ? line[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      continue;
    }
    if (!word.empty()) words.push_back({std::move(word), c});
    word.clear();
  }
  return words;
}

// BIC-shaped: a BIC (its country an ISO country) whose institution is four letters.
bool BicShaped(std::string_view w) {
  return IsBic(w) && std::all_of(w.begin(), w.begin() + 4, [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

// The BICs `words` hold: each word of 8 or 11 characters ("/INS/HAVIGB2L"), BICs written in
// groups apart with spaces or hyphens ("HAVI GB 2L XXX", "HAVI-GB2L-XXX") when the groups
// joined are BIC-shaped (the longest such join), and the first eight characters of a BIC-shaped
// word of 9 or 10 (a branch code cut short: "HAVIGB2LXX").
std::vector<std::string> BicWords(const std::vector<Word>& words) {
  std::vector<std::string> bics;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    std::string best = w.size() == 8 || w.size() == 11 ? w : "";
    if ((w.size() == 9 || w.size() == 10) && BicShaped(w.substr(0, 8))) best = w.substr(0, 8);
    std::string joined = w;
    for (size_t j = i + 1; j < words.size() && j < i + 5 && joined.size() < 11; ++j) {
      if (words[j - 1].next != ' ' && words[j - 1].next != '-') break;
      joined += words[j].text;
      if (BicShaped(joined)) best = joined;
    }
    if (!best.empty()) AddUnique(bics, std::move(best));
  }
  return bics;
}

// IMO numbers: "IMO" and seven digits with their check digit (IsImoNumber), as "IMO 9187629",
// "IMO9187629", "IMO NO 9187629".
std::vector<std::string> ImoNumbers(const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    if (w.rfind("IMO", 0) != 0) continue;
    size_t k = i + 1;
    if (w == "IMO" && k < words.size() && (words[k].text == "NO" || words[k].text == "NR" || words[k].text == "NUMBER")) ++k;
    std::string digits = w == "IMO" ? (k < words.size() ? words[k].text : "") : w.substr(3);
    if (IsImoNumber(digits)) out.push_back(digits);
  }
  return out;
}

// LEIs: words that pass the ISO 17442 check (IsLei).
std::vector<std::string> Leis(const std::vector<Word>& words) {
  std::vector<std::string> out;
  for (const Word& w : words)
    if (IsLei(w.text)) out.push_back(w.text);
  return out;
}

// The identifiers a line of free text holds, each looked up as the party checks do: BICs against
// listed BICs (no country check: a word may merely look like one), LEIs against listed LEIs, and
// IMO numbers against the identifiers of listed vessels.
void CheckIdentifiers(std::string_view line, const MessageScreener& screener, const FreeText& text,
                      std::vector<Finding>& found, MessageScreenResult& out) {
  const std::string role = "free text";
  std::vector<Word> words = Words(line);
  for (const std::string& bic : BicWords(words)) screener.CheckBic(bic, text.field, role, found, false);
  for (const std::string& lei : Leis(words)) screener.CheckLei(lei, text.field, role, found);
  for (const std::string& imo : ImoNumbers(words)) {
    Query q;
    q.identifiers.push_back("IMO " + imo);
    q.schema = Schema::kVessel;
    MessageScreenResult looked;
    if (!screener.CheckName(q, text.field, role, "identifier", looked)) out.errors.insert(out.errors.end(), looked.errors.begin(), looked.errors.end());
    for (Finding& f : looked.findings) {
      f.value = "IMO " + imo;
      found.push_back(std::move(f));
    }
  }
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

// Whether `field` is an MT field (70, 72, 59): its lines hold 35 characters, and a system that
// wraps text may cut a word at a line's end without a hyphen.
bool IsMtField(std::string_view field) {
  return !field.empty() && field.size() <= 3 && std::isdigit(static_cast<unsigned char>(field[0]));
}

// How a field's text is wrapped: the characters a full line holds, and whether its lines are one
// text wrapped into lines or repeated elements, where a system that wraps text may cut a word at a
// line's end, with or without a space (MT fields, 35; ISO Ustrd and instructions, 140; ISO
// AdrLine, 70). Other text (ISO leaves of other kinds, unparsed text) is read glued across a full
// line of 35 only, as MT text that lost its field.
struct Wrapping {
  size_t full = 35;
  bool wrapped = false;
};
Wrapping WrappingOf(std::string_view field, bool address) {
  if (IsMtField(field)) return {35, true};
  if (address) return {70, true};
  std::string_view last = field.substr(field.find_last_of('/') + 1);
  if (last == "RmtInf" || last == "InstrForCdtrAgt" || last == "InstrForNxtAgt") return {140, true};
  return {};
}

// Systems that wrap text cut a word where a line is full ("ROSOBORONEX" / "PORT"): such a line
// may go on in the next. ISO counts characters, not bytes.
bool CutAtFullLine(std::string_view raw, const Wrapping& wrap) {
  return text::CodePointCount(raw) == wrap.full && std::isalpha(static_cast<unsigned char>(raw.back()));
}

// Whether line `a` ends and line `b` begins with a word of three letters or more, as the two parts
// of a word cut at a line's end ("ROSOBORON" / "EXPORT INVOICE") are.
bool MayBeOneWord(std::string_view a, std::string_view b) {
  auto word = [](std::string_view w) {
    return w.size() >= 3 && std::all_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  };
  size_t last = a.find_last_of(' ');
  return word(last == std::string_view::npos ? a : a.substr(last + 1)) && word(b.substr(0, b.find(' ')));
}

// The lines of `text` as one text, each line from its start in `starts`; where `join(i)` says so,
// line i runs on into the next with `with` (nothing or a space) instead of a line break. Returns
// whether any line was so joined.
template <typename Join>
bool JoinLines(const std::vector<std::string_view>& lines, Join join, std::string_view with, std::string& text,
               std::vector<size_t>& starts) {
  bool any = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    starts.push_back(text.size());
    text += lines[i];
    bool joined = i + 1 < lines.size() && join(i);
    any |= joined;
    text += joined ? with : "\n";
  }
  return any;
}

// The listed names the lines mention, found by the free-text scanner: one finding per mention,
// judged by the payment rules on names. `line_of` receives, per finding, the line it lies in.
// Where `cut[i]` says line i was full and the next begins with a letter, the lines are also read
// glued together, and what only that reading finds is added. In wrapped text (`wrap`: MT fields,
// ISO repeated elements), a line ending in a word of three letters or more and the next beginning
// with one are also read one space apart,
// as a word cut at a line's end is also two words (ROSOBORON / EXPORT reads "ROSOBORON EXPORT",
// which the scanner looks up joined).
// `set_aside`, when given, names why a mention is no finding (given the hit, the text of the
// lines it lies in, its span there and whether those lines are all the lines), or says nothing.
using SetAside = std::function<std::string(const Hit&, std::string_view line, size_t begin, size_t end, bool all_lines)>;
void ScanMentions(const std::vector<std::string_view>& lines, const std::vector<bool>& cut, const Wrapping& wrap,
                  const MessageScreener& screener, const FreeText& text, MessageScreenResult& out,
                  std::vector<size_t>& line_of, std::vector<std::string>& notes, const SetAside& set_aside = nullptr) {
  const TextScanner& scanner = *screener.options().text_scanner;
  std::string joined, glued, spaced;
  std::vector<size_t> starts, glued_starts, spaced_starts;
  JoinLines(lines, [](size_t) { return false; }, "", joined, starts);
  bool any_glued = JoinLines(
      lines,
      [&](size_t i) { return cut[i] && !lines[i + 1].empty() && std::isalpha(static_cast<unsigned char>(lines[i + 1].front())); },
      "", glued, glued_starts);
  bool any_spaced = JoinLines(lines, [&](size_t i) { return wrap.wrapped && MayBeOneWord(lines[i], lines[i + 1]); }, " ",
                              spaced, spaced_starts);
  std::vector<std::string> found;  // entity ids
  auto take = [&](const TextScanResult& scan, const std::string& whole, const std::vector<size_t>& at, const std::string& how) {
    auto line_at = [&](size_t offset) {
      return static_cast<size_t>(std::upper_bound(at.begin(), at.end(), offset) - at.begin()) - 1;
    };
    // A span the scanner could not screen completely holds the message for review: never PASS.
    for (const UnscreenedSpan& u : scan.unscreened) {
      out.incomplete = true;
      out.findings.push_back(ReviewFinding(text, u.text, "'" + u.text + "' " + u.reason));
      line_of.push_back(line_at(u.begin));
    }
    for (const Mention& m : scan.mentions) {
      const Hit& hit = m.hit;
      if (!how.empty() && std::find(found.begin(), found.end(), hit.entity->id) != found.end()) continue;
      size_t line = line_at(m.begin);
      if (set_aside) {
        // The lines the mention lies in: a name may run across a line break ("1/VLADIMIR",
        // "1/PUTIN"), and its span is read in the text of all of them.
        size_t last = line_at(std::max(m.end, m.begin + 1) - 1);
        size_t end = last + 1 < at.size() ? at[last + 1] : whole.size();
        std::string_view in = std::string_view(whole).substr(at[line], end - at[line]);
        if (!in.empty() && in.back() == '\n') in.remove_suffix(1);
        size_t begin = m.begin - at[line];
        std::string why = set_aside(hit, in, begin, std::max(begin, std::min(m.end - at[line], in.size())),
                                    line == 0 && last + 1 == at.size());
        if (!why.empty()) {
          notes[line] += (notes[line].empty() ? "" : "; ") + hit.entity->id + " set aside: " + why;
          continue;
        }
      }
      Query q;
      q.name = m.text;
      HitJudgement j = screener.Judge(q, hit, scanner.options().threshold);
      if (!j.keep) {
        notes[line] += (notes[line].empty() ? "" : "; ") + hit.entity->id + " set aside: " + j.note;
        continue;
      }
      found.push_back(hit.entity->id);
      Finding h = ReviewFinding(text, m.text,
                                "text mentions listed " + std::string(SchemaName(hit.entity->schema)) + " '" +
                                    hit.matched_name + "' (score " + std::to_string(j.score).substr(0, 4) + ")" +
                                    (j.note.empty() ? "" : "; " + j.note) + how);
      h.score = j.score;
      h.entity_id = hit.entity->id;
      h.entity_name = hit.entity->caption();
      h.dataset = hit.entity->dataset;
      h.programs = hit.entity->programs;
      out.findings.push_back(std::move(h));
      line_of.push_back(line);
    }
  };
  take(scanner.Scan(joined), joined, starts, "");
  if (any_glued)
    take(scanner.Scan(glued), glued, glued_starts,
         "; read across a line cut where it was full (" + std::to_string(wrap.full) + " characters)");
  if (any_spaced)
    take(scanner.Scan(spaced), spaced, spaced_starts, "; read across a line break, as a word cut at a line's end");
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
  std::vector<bool> cut;
  Wrapping wrap = WrappingOf(text.field, false);
  for (const auto& raw : text.lines) {
    std::string_view line = StripCodes(raw);
    if (line.empty()) continue;
    std::vector<Finding>& found = per_line.emplace_back();
    notes.emplace_back();
    lines.push_back(line);
    cut.push_back(CutAtFullLine(raw, wrap));
    // Words shaped like a BIC (field 72 "/INS/BANKBEBBXXX"), LEIs and IMO numbers.
    CheckIdentifiers(line, screener, text, found, out);
    screener.CheckPlaceText(line, text.field, role, "free_text", found);
  }
  // Names: the lines scanned together for the listed names they mention, or each line screened
  // as one name when there is no scanner. Each line is then recorded with all its findings.
  std::vector<Finding> names;
  std::vector<size_t> name_line;
  std::vector<bool> ran(lines.size(), true);
  if (scanner && !lines.empty()) {
    MessageScreenResult scanned;
    ScanMentions(lines, cut, wrap, screener, text, scanned, name_line, notes);
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
  std::vector<bool> cut;
  Wrapping wrap = WrappingOf(party.field, true);
  for (const std::string& line : party.address_lines) {
    lines.push_back(StripCodes(line));
    cut.push_back(CutAtFullLine(line, wrap));
  }
  FreeText text{party.field, {}, {}, 0};
  MessageScreenResult scanned;
  std::vector<size_t> line_of;
  found.notes.resize(lines.size());
  ScanMentions(lines, cut, wrap, screener, text, scanned, line_of, found.notes);
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

std::vector<Finding> MentionsInPlace(const Party& party, const std::string& place, const std::string& check,
                                     const MessageScreener& screener, MessageScreenResult& out, std::string& note) {
  std::vector<Finding> found;
  if (!screener.options().text_scanner || place.empty()) return found;
  std::vector<std::string_view> lines = {place};
  std::vector<bool> cut = {false};
  std::vector<size_t> line_of;
  std::vector<std::string> notes(1);
  MessageScreenResult scanned;
  ScanMentions(lines, cut, WrappingOf(party.field, false), screener, FreeText{party.field, {}, {}, 0}, scanned, line_of,
               notes, [](const Hit& hit, std::string_view line, size_t begin, size_t end, bool) {
                 return MentionOfPlace(hit, line, begin, end);
               });
  out.incomplete |= scanned.incomplete;
  note = notes[0];
  for (Finding& f : scanned.findings) {
    f.role = party.role;
    f.check = check;
    f.reason = (check == "birth_place" ? "birth place " : check == "town" ? "town " : "place ") + f.reason;
    found.push_back(std::move(f));
  }
  return found;
}

NameMentions MentionsInName(const Party& party, const MessageScreener& screener, MessageScreenResult& out) {
  NameMentions found;
  if (!screener.options().text_scanner) return found;
  // The name as written, line for line, and the reading that runs it on into the next line.
  std::vector<std::vector<std::string_view>> readings;
  if (!party.name_lines.empty()) readings.emplace_back(party.name_lines.begin(), party.name_lines.end());
  else if (!party.name.empty()) readings.push_back({party.name});
  if (!party.other_name.empty()) readings.push_back({party.other_name});
  FreeText text{party.field, {}, {}, 0};
  Wrapping wrap = WrappingOf(party.field, false);
  for (const auto& lines : readings) {
    std::vector<bool> cut;
    for (std::string_view line : lines) cut.push_back(CutAtFullLine(line, wrap));
    MessageScreenResult scanned;
    std::vector<size_t> line_of;
    std::vector<std::string> notes(lines.size());
    ScanMentions(lines, cut, wrap, screener, text, scanned, line_of, notes,
                 [](const Hit& hit, std::string_view line, size_t begin, size_t end, bool all_lines) {
                   return MentionOfOwnName(hit, line, begin, end, all_lines);
                 });
    out.incomplete |= scanned.incomplete;
    for (const std::string& n : notes)
      if (!n.empty()) found.note += (found.note.empty() ? "" : "; ") + n;
    for (Finding& f : scanned.findings) {
      bool known = std::any_of(found.findings.begin(), found.findings.end(), [&](const Finding& g) {
        return g.entity_id == f.entity_id && g.value == f.value;
      });
      if (known) continue;
      f.role = party.role;
      f.check = "name_text";
      f.reason = "name " + f.reason;  // "name text mentions listed ..."
      found.findings.push_back(std::move(f));
    }
  }
  return found;
}

}  // namespace embargo::payments
