#include "payments/mt/mt_parser.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "common/currencies.h"
#include "common/dates.h"
#include "common/io.h"
#include "common/line_index.h"
#include "common/strings.h"
#include "entity/countries.h"
#include "payments/address.h"
#include "payments/bic.h"
#include "text/code_points.h"

namespace embargo::payments {
namespace {

// A block-4 field: ":59F:" and its value lines, the first line being the text after the tag.
struct Field {
  std::string tag;
  std::vector<std::string> lines;
  size_t line = 0;
};

struct Block {
  std::string id;  // "1" .. "5", "S"
  std::string_view content;
  size_t line = 0;
};

bool IsXChar(unsigned char c) {
  return std::isalnum(c) || c == '/' || c == '-' || c == '?' || c == ':' || c == '(' || c == ')' || c == '.' ||
         c == ',' || c == '\'' || c == '+' || c == ' ';
}

std::string Printable(unsigned char c) {
  char buf[16];
  if (c >= 0x20 && c < 0x7f) std::snprintf(buf, sizeof buf, "'%c' (0x%02X)", c, c);
  else std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  return buf;
}

// `s` with every byte that is not part of valid UTF-8 replaced by '?', so that a Latin-1 name
// is still screened (the fault names the byte).
std::string ValidUtf8(std::string_view s) { return WithInvalidUtf8As(s, '?'); }

std::string Clip(std::string_view s) { return std::string(s.substr(0, 40)) + (s.size() > 40 ? "..." : ""); }

// BIC11 of a 12-character logical terminal address: BIC8 + branch, without the terminal code.
std::string BicOfLt(std::string_view lt) { return std::string(lt.substr(0, 8)) + std::string(lt.substr(9, 3)); }

// The tag of a block-4 line ":32A:..." (2 digits and an optional letter), or empty.
std::string_view TagOf(std::string_view line) {
  if (line.size() < 4 || line[0] != ':') return {};
  size_t end = line.find(':', 1);
  if (end == std::string_view::npos || end < 3 || end > 4) return {};
  std::string_view tag = line.substr(1, end - 1);
  if (!std::isdigit(static_cast<unsigned char>(tag[0])) || !std::isdigit(static_cast<unsigned char>(tag[1]))) return {};
  if (tag.size() == 3 && !std::isupper(static_cast<unsigned char>(tag[2]))) return {};
  return tag;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The role of party field `num` ("50" .. "59").
std::string PartyRole(const std::string& num) {
  static constexpr std::pair<std::string_view, std::string_view> kRoles[] = {
      {"50", "ordering customer"},        {"51", "sending institution"},
      {"52", "ordering institution"},     {"53", "sender's correspondent"},
      {"54", "receiver's correspondent"}, {"55", "third reimbursement institution"},
      {"56", "intermediary"},             {"57", "account with institution"},
      {"58", "beneficiary institution"},
  };
  for (const auto& [field, role] : kRoles)
    if (num == field) return std::string(role);
  return "beneficiary customer";  // 59
}

// Whether field `num` has option `opt` (' ': no letter) in MT103, MT202 and MT205.
bool OptionDefined(const std::string& num, char opt) {
  auto allowed = [&](std::string_view options) { return options.find(opt) != std::string_view::npos; };
  return num == "50"   ? allowed("AFK")
         : num == "51" ? allowed("A")
         : num == "52" ? allowed("AD")
         : num == "53" || num == "54" || num == "55" ? allowed("ABD")
         : num == "56" ? allowed("ACD")
         : num == "57" ? allowed("ABCD")
         : num == "58" ? allowed("AD")
                       : allowed(" AF");
}

// Party identifier line at lines[i]: "/account", "/C/account", "//RT" (clearing code), or for
// option F a "CODE/CC/identifier" such as "NIDN/DE/121231234342". Advances `i` past it.
void TakeIdentifier(const std::vector<std::string>& lines, char opt, size_t& i, Party& p) {
  if (i >= lines.size()) return;
  const std::string& l = lines[i];
  if (l.starts_with("//")) {
    p.ids.push_back({"clearing code", l.substr(2), ""});
    ++i;
  } else if (l.starts_with('/')) {
    std::string acct = l.substr(1);
    if (acct.size() > 2 && (acct[0] == 'C' || acct[0] == 'D') && acct[1] == '/') acct = acct.substr(2);
    p.account = acct;
    ++i;
  } else if (opt == 'F' && l.size() > 8 && l[4] == '/' && l[7] == '/' &&
             std::all_of(l.begin(), l.begin() + 4, [](char c) { return std::isupper(static_cast<unsigned char>(c)); })) {
    p.ids.push_back({l.substr(0, 4), l.substr(8), CountryCode(l.substr(5, 2))});
    ++i;
  }
}

// Whether `num` is a party field (50a to 59a).
bool IsPartyField(const std::string& num) {
  return num.size() == 2 && num[0] == '5' && std::isdigit(static_cast<unsigned char>(num[1]));
}

// Whether `tag` holds narrative text screened as such (remittance, sender to receiver, envelope).
bool IsFreeTextField(const std::string& tag) {
  return tag == "70" || tag == "72" || tag == "77B" || tag == "77T" || tag == "79";
}

// How many lines of 35 characters a field holds where names and narrative stand (50a-59a:
// an account or identifier line and four more; 70: 4; 72: 6; 77B: 3), or 0 for a field not
// checked here. A line cut at another width would not be read joined to the next.
size_t MaxLinesOf(const Field& f) {
  const std::string num = f.tag.substr(0, 2);
  if (IsPartyField(num)) {
    bool identifier_line = f.tag.size() == 3 && f.tag[2] == 'F';
    return 4 + (identifier_line || (!f.lines.empty() && f.lines[0].starts_with("/")) ? 1 : 0);
  }
  if (f.tag == "70") return 4;
  if (f.tag == "72") return 6;
  if (f.tag == "77B") return 3;
  return 0;
}

// The fields besides parties (50a to 59a) that `type` defines; empty for a type not known here,
// whose fields are read as the known types define them. MT103 returns carry the related
// reference 21 (mt103_retn.txt), so 21 is read as text there too.
const std::set<std::string>& DefinedFields(const std::string& type) {
  static const std::set<std::string> kNone, kMt199 = {"20", "21", "79"},
      kMt103 = {"13C", "20", "21", "23B", "23E", "26T", "32A", "33B", "36", "70", "71A", "71F", "71G", "72", "77B",
                "77T"},
      kMt202 = {"13C", "20", "21", "32A", "72"}, kMt202Cov = {"13C", "20", "21", "32A", "33B", "70", "72"};
  if (type == "MT103") return kMt103;
  if (type == "MT202" || type == "MT205") return kMt202;
  if (type == "MT202COV" || type == "MT205COV") return kMt202Cov;
  if (type == "MT199" || type == "MT299") return kMt199;
  return kNone;
}

// The fields `type` allows once, a party field (50a to 59a) in any option: SWIFT's MT103, MT202,
// MT205 (their COV once in each sequence) and MT199/299. The repeatable ones (13C, 23E, 71F)
// are not among them; nor is any field of a type read as others define it.
const std::set<std::string>& OnceOnlyFields(const std::string& type) {
  static const std::set<std::string> kNone, kMt199 = {"20", "21", "79"},
      kMt103 = {"20", "23B", "26T", "32A", "33B", "36", "50", "51", "52", "53", "54", "55", "56", "57", "59", "70",
                "71A", "71G", "72", "77B", "77T"},
      kMt202 = {"20", "21", "32A", "52", "53", "54", "56", "57", "58", "72"},
      kMt202Cov = {"20", "21", "32A", "33B", "50", "52", "53", "54", "56", "57", "58", "59", "70", "72"};
  if (type == "MT103") return kMt103;
  if (type == "MT202" || type == "MT205") return kMt202;
  if (type == "MT202COV" || type == "MT205COV") return kMt202Cov;
  if (type == "MT199" || type == "MT299") return kMt199;
  return kNone;
}

// Fields holding a code, an amount or a rate: no text. The other one-line fields hold references
// or information and are screened as text.
bool IsCodeField(const std::string& tag) {
  return tag == "23B" || tag == "71A" || tag == "33B" || tag == "71F" || tag == "71G" || tag == "36";
}
bool AllUpper(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}
// A SWIFT amount or rate: digits with one decimal comma ("1500000,00", "0,9").
bool IsMtNumber(std::string_view s) {
  return !s.empty() && std::isdigit(static_cast<unsigned char>(s[0])) && std::count(s.begin(), s.end(), ',') == 1 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ','; });
}
// A date YYYYMMDD (50F/59F line 4/) of the calendar.
bool IsMtDate(std::string_view s) { return s.size() == 8 && IsPaymentDate(s); }
// Whether `v` has the shape of coded field `tag`.
bool HasCodeShape(const std::string& tag, std::string_view v) {
  if (tag == "23B") return v.size() == 4 && AllUpper(v);
  if (tag == "71A") return v.size() == 3 && AllUpper(v);
  if (tag == "36") return IsMtNumber(v) && v.size() <= 12;  // a rate of 12d
  return v.size() > 3 && AllUpper(v.substr(0, 3)) && IsMtNumber(v.substr(3));  // 33B, 71F, 71G: currency and amount
}

// Whether the line after `prev` continues a name for certain: legal forms only ("LIMITED"), an
// ampersand joining two names, or a name line filled to its 35 characters.
bool ContinuesName(const std::string& line, const std::string& prev) {
  if (IsLegalFormLine(line)) return true;
  if (line.starts_with("AND ") || line.starts_with("& ") || prev.ends_with(" AND") || prev.ends_with(" &"))
    return !LooksLikeAddress(line);
  return prev.size() >= 35 && !LooksLikeAddress(line);
}

class MtParser {
 public:
  MtParser(std::string_view text, size_t first_line) : text_(text), first_line_(first_line), lines_(text) {}

  StatusOr<PaymentMessage> Parse();

 private:
  size_t LineAt(size_t pos) const {
    return first_line_ - 1 + lines_.LineOf(static_cast<ptrdiff_t>(pos));
  }
  void Fault(size_t line, std::string field, std::string what) {
    msg_.faults.push_back({line, std::move(field), std::move(what)});
  }
  // Text that belongs to no block or field: screened as free text all the same.
  void Unparsed(size_t line, std::string_view text);
  bool IsBlockStart(size_t pos) const {
    return pos + 2 < text_.size() && text_[pos] == '{' && text_[pos + 2] == ':' &&
           std::string_view("12345S").find(text_[pos + 1]) != std::string_view::npos;
  }

  void SplitBlocks(std::vector<Block>& blocks);
  size_t ReadBlock(size_t pos, std::vector<Block>& blocks);
  size_t ReadTextBlock(size_t pos, std::vector<Block>& blocks);
  // Blocks 1 to 5 by number (b[1] .. b[5], null when absent), after any F21 acknowledgement.
  Status PickBlocks(const std::vector<Block>& all, const Block* (&b)[6]);
  void ReadAckBlock(const Block& b);
  void ParseHeader(const Block* b1, const Block* b2, std::string& mt);
  void HeaderTail(const Block& b, std::string_view shape);
  // The values of block 3, 5 or S, screened as free text; a tag the block does not define is a
  // fault. Block 3 also gives the UETR and the validation flag.
  void ReadHeaderFields(const Block& b);
  // The message type from block 2 and, for MT202 and MT205, the cover flag from block 3.
  void ReadType(const std::string& mt, const Block* b2);
  void ParseBlock4(const Block& b, std::vector<Field>& fields);
  void ReadFields(const std::vector<Field>& fields, size_t block_line);
  void CheckLineLengths(const Field& f);
  void CheckMandatory(const std::set<std::string>& seen, size_t block_line);
  // A field the type allows once, written again: a fault at the second; both are read.
  // `first` maps the field (its sequence in a COV message) to where it was first written.
  void CheckOnce(const Field& f, bool sequence_b, std::map<std::string, const Field*>& first);
  void Read32A(const Field& f);
  bool KnownCurrency(const Field& f, const std::string& code);
  void CheckAmount(const Field& f, const std::string& code, const std::string& amount);
  void AddParty(const Field& f, bool underlying);
  // A country of the party in a withdrawn ISO 3166 code (3/SU/MOSCOW, 5/YU/BELGRADE) is a fault.
  void CheckCountriesOfToday(const Field& f, const Party& p);
  void ReadOptionA(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p);
  void ReadOptionF(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p);
  void ReadOptionFDetail(const Field& f, int n, const std::string& v, Party& p, std::vector<std::string>& other);
  void ReadNameAndAddress(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p);
  void AddFreeText(const Field& f);
  void ReadOneLine(const Field& f);
  void ExtraLines(const Field& f);

  std::string_view text_;
  size_t first_line_;
  mutable LineIndex lines_;
  PaymentMessage msg_;
  std::string validation_flag_;  // block 3's {119:}
};

void MtParser::Unparsed(size_t line, std::string_view text) {
  FreeText t{"unparsed", {}, {}, line};
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view l = Trim(text.substr(pos, nl - pos));
    if (std::any_of(l.begin(), l.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
      t.lines.push_back(ValidUtf8(l));
    pos = nl + 1;
  }
  if (!t.lines.empty()) msg_.free_text.push_back(std::move(t));
}

size_t MtParser::ReadTextBlock(size_t pos, std::vector<Block>& blocks) {
  size_t line = LineAt(pos), body = pos + 3;
  // A text block ends at a line "-}"; '-' and '}' cannot occur in its fields.
  size_t close = text_.find("\n-}", body);
  if (close != std::string_view::npos) {
    blocks.push_back({"4", text_.substr(body, close + 1 - body), line});
    return close + 3;
  }
  size_t next = body;
  while (next < text_.size() && !IsBlockStart(next)) ++next;
  size_t dash = text_.find("-}", body);
  if (dash != std::string_view::npos && dash < next) {
    Fault(LineAt(dash), "", "block 4 is closed by '-}' at the end of the last field's line, not on a line of its own");
    blocks.push_back({"4", text_.substr(body, dash - body), line});
    return dash + 2;
  }
  size_t last = next;  // the line of the block's last character
  while (last > body && std::isspace(static_cast<unsigned char>(text_[last - 1]))) --last;
  Fault(LineAt(last > body ? last - 1 : body), "",
        "truncated message: block 4 (opened at line " + std::to_string(line) + ") is not closed by '-}'");
  blocks.push_back({"4", text_.substr(body, next - body), line});
  return next;
}

size_t MtParser::ReadBlock(size_t pos, std::vector<Block>& blocks) {
  std::string id(1, text_[pos + 1]);
  size_t body = pos + 3;
  if (id == "4" && body < text_.size() && (text_[body] == '\r' || text_[body] == '\n')) return ReadTextBlock(pos, blocks);
  // Headers, trailers and acknowledgements: '{tag:value}' sub-blocks up to the closing '}'. A
  // block that is not closed ends where the next block starts.
  int depth = 1;
  size_t p = body;
  for (; p < text_.size(); ++p) {
    if (text_[p] == '{') {
      if (IsBlockStart(p)) break;
      ++depth;
    } else if (text_[p] == '}' && --depth == 0) {
      break;
    }
  }
  bool closed = p < text_.size() && text_[p] == '}';
  if (!closed)
    Fault(LineAt(p), "", "block " + id + " (opened at line " + std::to_string(LineAt(pos)) + ") is not closed by '}'");
  blocks.push_back({id, text_.substr(body, p - body), LineAt(pos)});
  return closed ? p + 1 : p;
}

void MtParser::SplitBlocks(std::vector<Block>& blocks) {
  size_t pos = text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  auto skip_space = [&] {
    while (pos < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos]))) ++pos;
  };
  for (skip_space(); pos < text_.size(); skip_space()) {
    if (IsBlockStart(pos)) {
      pos = ReadBlock(pos, blocks);
      continue;
    }
    size_t next = pos + 1;
    while (next < text_.size() && !IsBlockStart(next)) ++next;
    std::string_view junk = Trim(text_.substr(pos, next - pos));
    size_t line = LineAt(pos);
    if (junk == "{" && next == text_.size() && !blocks.empty()) {
      // A lone '{' after the last block (seen in real RJE files, "-}{") carries nothing.
      msg_.warnings.push_back("line " + std::to_string(line) + ": stray '{' after the last block ignored");
    } else {
      std::string where = blocks.empty() ? "before the first block" : next == text_.size() ? "after the last block" : "between blocks";
      Fault(line, "", "wrong block structure: text " + where + " ('" + Clip(junk) + "')");
      Unparsed(line, junk);
    }
    pos = next;
  }
}

// Blocks 3, 5 and S are runs of "{tag:value}" fields, tags of three digits or letters; anything
// else may hide a flag (the {119:COV} that says an MT202 carries a customer transfer).
struct HeaderField {
  std::string_view tag, value;
};
struct HeaderFields {
  std::vector<HeaderField> fields;
  size_t rest = std::string_view::npos;  // where text that is no such field begins
};

HeaderFields SplitHeaderFields(std::string_view v) {
  HeaderFields out;
  for (size_t p = 0; p < v.size();) {
    size_t colon = v.find(':', p), close = v.find('}', p);
    bool field = v[p] == '{' && colon == p + 4 && close != std::string_view::npos && close > colon &&
                 std::all_of(v.begin() + p + 1, v.begin() + p + 4, [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }) &&
                 v.substr(colon + 1, close - colon - 1).find('{') == std::string_view::npos;
    if (!field) {
      out.rest = p;
      break;
    }
    out.fields.push_back({v.substr(p + 1, 3), v.substr(colon + 1, close - colon - 1)});
    p = close + 1;
  }
  return out;
}

// An acknowledgement (F21) is block 1 and a block 4 of {tag:value} fields (177, 451, 405, 108 ...):
// their values are screened as text. Any other block in it, or a block 4 of another form (the
// text of a message), is a fault and screened as text.
void MtParser::ReadAckBlock(const Block& b) {
  HeaderFields h = b.id == "4" ? SplitHeaderFields(b.content) : HeaderFields{{}, 0};
  for (auto [tag, value] : h.fields)
    if (!Trim(value).empty() && tag != "177" && tag != "451")
      msg_.free_text.push_back({"{ack}" + std::string(tag), {std::string(Trim(value))}, {}, b.line});
  if (h.rest == std::string_view::npos || Trim(b.content.substr(h.rest)).empty()) return;
  Fault(b.line, "{" + b.id + ":}", b.id == "4" ? "acknowledgement: block 4 holds other than {tag:value} fields; screened as text"
                                               : "acknowledgement: block " + b.id + " has no place in it; screened as text");
  Unparsed(b.line, b.content.substr(h.rest));
}

Status MtParser::PickBlocks(const std::vector<Block>& all, const Block* (&b)[6]) {
  // An F21 acknowledgement precedes the message it acknowledges: skip to the next block 1.
  size_t start = 0;
  if (!all.empty() && all[0].id == "1" && all[0].content.substr(0, 3) == "F21") {
    start = 1;
    for (; start < all.size() && all[start].id != "1"; ++start) ReadAckBlock(all[start]);
    if (start == all.size())
      return Status::InvalidArgument("line " + std::to_string(all[0].line) + ": only an acknowledgement (F21), no message follows it");
  }
  std::string prev = "0";
  for (size_t k = start; k < all.size(); ++k) {
    const Block& blk = all[k];
    if (blk.id == "S") continue;
    const Block*& slot = b[blk.id[0] - '0'];
    if (slot) {
      Fault(blk.line, "", "wrong block structure: a second block " + blk.id + "; read as text");
      Unparsed(blk.line, blk.content);
      continue;
    }
    if (blk.id < prev)
      Fault(blk.line, "", "wrong block structure: block " + blk.id + " after block " + prev +
                              " (blocks come in the order 1, 2, 3, 4, 5)");
    prev = std::max(prev, blk.id);
    slot = &blk;
  }
  size_t line = start < all.size() ? all[start].line : first_line_;
  if (!b[1]) Fault(line, "{1:}", "wrong block structure: missing block 1 (basic header)");
  if (!b[2]) Fault(line, "{2:}", "wrong block structure: missing block 2 (application header)");
  if (!b[4]) Fault(line, "", "missing block 4 (text block)");
  return Status::Ok();
}

// How far the header `h` follows `shape` (9: a digit, L: a letter or digit, P: a priority S, N or
// U, M: a delivery monitoring 1 to 3, any other: itself), at most to the shape's end.
size_t ShapedPrefix(std::string_view h, std::string_view shape) {
  size_t i = 0;
  for (; i < h.size() && i < shape.size(); ++i) {
    auto c = static_cast<unsigned char>(h[i]);
    bool fits = shape[i] == '9'   ? std::isdigit(c)
                : shape[i] == 'L' ? std::isalnum(c)
                : shape[i] == 'P' ? c == 'S' || c == 'N' || c == 'U'
                : shape[i] == 'M' ? c >= '1' && c <= '3'
                                  : c == static_cast<unsigned char>(shape[i]);
    if (!fits) break;
  }
  return i;
}

// Text in block 1 or 2 past its fixed fields is no part of the header: a fault, screened as text.
void MtParser::HeaderTail(const Block& b, std::string_view shape) {
  std::string_view tail = b.content.substr(ShapedPrefix(b.content, shape));
  if (tail.empty()) return;
  Fault(b.line, "{" + b.id + ":}", "block " + b.id + ": '" + Clip(tail) + "' after the header's fields; screened as text");
  Unparsed(b.line, tail);
}

void MtParser::ParseHeader(const Block* b1, const Block* b2, std::string& mt) {
  std::string lt1;  // BIC of block 1's logical terminal: the sender of an input, the receiver of an output
  if (b1) {
    std::string_view h1 = b1->content;
    if (h1.size() >= 15 && h1[0] == 'F' && HasBicForm(h1.substr(3, 8))) {
      lt1 = BicOfLt(h1.substr(3, 12));
      HeaderTail(*b1, "F99LLLLLLLLLLLL9999999999");  // service, address, session, sequence
    } else {
      Fault(b1->line, "{1:}", "block 1: expected 'F01' and a 12-character logical terminal address, found '" + Clip(h1) + "'");
      if (h1.size() >= 11 && HasBicForm(h1.substr(3, 8))) lt1 = std::string(h1.substr(3, 8));
    }
  }
  std::string_view h2 = b2 ? b2->content : std::string_view();
  bool typed = h2.size() >= 4 && (h2[0] == 'I' || h2[0] == 'O') &&
               std::all_of(h2.begin() + 1, h2.begin() + 4, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (b2 && !typed)
    Fault(b2->line, "{2:}", "block 2: expected 'I' or 'O' and a message type, found '" + Clip(h2) + "'");
  // Input: type, receiver, priority, delivery monitoring, obsolescence period. Output: type, input
  // time, the message input reference (date, sender, session, sequence), output date and time,
  // priority.
  if (typed)
    HeaderTail(*b2, h2[0] == 'I' ? "I" "999" "LLLLLLLLLLLL" "P" "M" "999"
                                 : "O" "999" "9999" "999999" "LLLLLLLLLLLL" "9999" "999999" "999999" "9999" "P");
  if (typed) mt = std::string(h2.substr(1, 3));
  bool output = typed && h2[0] == 'O';
  Party sender, receiver;
  sender.field = output ? "{2:}" : "{1:}";
  receiver.field = output ? "{1:}" : "{2:}";
  if (typed && !output) {
    if (h2.size() >= 16 && HasBicForm(h2.substr(4, 8))) receiver.bic = BicOfLt(h2.substr(4, 12));
    else if (h2.size() >= 12 && HasBicForm(h2.substr(4, 8))) receiver.bic = std::string(h2.substr(4, 8));
    else Fault(b2->line, "{2:}", "block 2: input header needs a 12-character receiver address after the type");
    sender.bic = lt1;
  } else if (output) {
    // O + type + input time (4) + MIR: date (6), sender LT (12), session, sequence.
    if (h2.size() >= 26 && HasBicForm(h2.substr(14, 8))) sender.bic = BicOfLt(h2.substr(14, 12));
    else Fault(b2->line, "{2:}", "block 2: output header needs input time and a message input reference with the sender's address");
    receiver.bic = lt1;
  } else {
    sender.bic = lt1;
  }
  sender.role = "sender";
  receiver.role = "receiver";
  for (Party* p : {&sender, &receiver}) {
    p->institution = true;
    p->nature = PartyNature::kOrganization;
    p->line = p->field == "{1:}" ? (b1 ? b1->line : first_line_) : (b2 ? b2->line : first_line_);
    // A header address of the form in no country is still screened, as the address it is.
    if (std::string why = BicFault(p->bic); !p->bic.empty() && !why.empty())
      Fault(p->line, p->field, p->role + " '" + p->bic + "' is " + why);
    if (!p->bic.empty()) msg_.parties.push_back(std::move(*p));
  }
}

void MtParser::ReadType(const std::string& mt, const Block* b2) {
  if (mt == "202" || mt == "205") msg_.cover = validation_flag_ == "COV";
  msg_.type = mt.empty() ? "MT" : "MT" + mt + (msg_.cover ? "COV" : "");
  if (!mt.empty() && mt != "103" && mt != "202" && mt != "205" && mt != "199" && mt != "299")
    Fault(b2 ? b2->line : first_line_, "{2:}",
          "unsupported message type 'MT" + mt + "' (supported: MT103, MT202, MT202COV, MT205, MT205COV, MT199, MT299); "
          "its fields are read as those types define them");
}

void MtParser::ReadHeaderFields(const Block& b) {
  // The user header's and the trailer's tags (SWIFT's FIN standard); block S's are the
  // network's own, any tag.
  static const std::set<std::string, std::less<>> kUser = {"103", "108", "111", "113", "115", "119",
                                                          "121", "165", "423", "424", "433", "434"};
  static const std::set<std::string, std::less<>> kTrailer = {"CHK", "MAC", "TNG", "PDE", "PDM", "DLM", "MRF", "PAC", "SYS", "MDG"};
  std::string field = "{" + b.id + ":}";
  HeaderFields h = SplitHeaderFields(b.content);
  if (h.rest != std::string_view::npos) {
    std::string_view shown = b.id == "3" ? b.content : b.content.substr(h.rest);
    Fault(b.line, field, "expected '{tag:value}' fields" + std::string(b.id == "3" ? " in the user header" : "") +
                             ", found '" + ValidUtf8(shown.substr(0, 40)) + "'");
    Unparsed(b.line, b.content.substr(h.rest));
  }
  for (auto [tag, value] : h.fields) {
    if ((b.id == "3" && !kUser.count(tag)) || (b.id == "5" && !kTrailer.count(tag)))
      Fault(b.line, field, "unknown " + std::string(b.id == "3" ? "user header" : "trailer") + " tag '" +
                               ValidUtf8(tag) + "'");
    if (b.id == "3" && tag == "121") {
      msg_.uetr = std::string(value);
      msg_.uetrs = {msg_.uetr};
    }
    if (b.id == "3" && tag == "119") validation_flag_ = std::string(value);
    bool checksum = tag == "CHK" && value.size() == 12 &&
                    std::all_of(value.begin(), value.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (tag == "CHK" && !checksum)
      Fault(b.line, field, "CHK: expected a checksum of 12 hexadecimal digits, found '" + ValidUtf8(value.substr(0, 40)) + "'");
    if (!Trim(value).empty() && tag != "121" && !checksum)
      msg_.free_text.push_back({field + std::string(tag), {std::string(Trim(value))}, {}, b.line});
  }
}

void MtParser::ParseBlock4(const Block& b, std::vector<Field>& fields) {
  std::string_view body = b.content;
  size_t line = b.line, pos = 0;
  // The block opens with a line break after "{4:".
  if (!body.empty() && body[0] == '\r') ++pos;
  if (pos < body.size() && body[pos] == '\n') {
    ++pos;
    ++line;
  } else {
    Fault(b.line, "", "block 4 must start with a line break after '{4:'");
  }
  size_t blank = 0;  // the last empty line since a line with text (0: none)
  while (pos < body.size()) {
    size_t nl = std::min(body.find('\n', pos), body.size());
    std::string_view l = body.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (nl == body.size() && Trim(l) == "-") break;  // "-}" of a block closed by brace counting
    std::string_view tag = TagOf(l);
    std::string field = !tag.empty() ? std::string(tag) : fields.empty() ? std::string() : fields.back().tag;
    for (size_t i = 0; i < l.size(); ++i)
      if (!IsXChar(static_cast<unsigned char>(l[i]))) {
        Fault(line, field, "invalid character " + Printable(static_cast<unsigned char>(l[i])) + " at column " +
                               std::to_string(i + 1) + " (outside the SWIFT X character set)");
        break;
      }
    if (!tag.empty()) {
      fields.push_back({std::string(tag), {ValidUtf8(l.substr(tag.size() + 2))}, line});
    } else if (!Trim(l).empty()) {
      if (fields.empty()) {
        Fault(line, "", "block 4: text before the first field tag");
        Unparsed(line, l);
      } else {
        // No field's line may start with ':' (it would read as a tag): a mangled tag such as ':52AA:'.
        if (l[0] == ':')
          Fault(line, field, "'" + Clip(l) + "' starts like a field tag but is not one (2 digits and an optional "
                             "letter); read as a line of field " + field);
        // A field has no empty line: one may hide that the line after it begins another party.
        if (blank)
          Fault(blank, field, "empty line inside field " + field + "; the lines after it are read as the field's");
        fields.back().lines.push_back(ValidUtf8(l));
      }
    }
    blank = Trim(l).empty() ? line : 0;
    pos = nl + 1;
    ++line;
  }
}

void MtParser::Read32A(const Field& f) {
  // YYMMDD, ISO currency, amount with a decimal comma: "241231USD1500000,00".
  const std::string& v = f.lines[0];
  bool good = v.size() >= 11 && std::all_of(v.begin(), v.begin() + 6, ::isdigit) &&
              AllUpper(std::string_view(v).substr(6, 3)) && IsMtNumber(std::string_view(v).substr(9));
  if (!good) {
    Fault(f.line, f.tag, "expected date YYMMDD, currency and amount with a decimal comma, found '" + Clip(v) +
                             "'; screened as unparsed text");
    Unparsed(f.line, v);
    return;
  }
  // A value date no calendar has (261399) is no day the payment settles on.
  if (IsPaymentDate(v.substr(0, 6))) msg_.value_date = v.substr(0, 6);
  else Fault(f.line, f.tag, "'" + v.substr(0, 6) + "' is no date (YYMMDD)");
  msg_.amount = v.substr(9);
  if (KnownCurrency(f, v.substr(6, 3))) msg_.currency = v.substr(6, 3);
  CheckAmount(f, v.substr(6, 3), msg_.amount);
}

// An amount of the shape (IsMtNumber) that its field still cannot hold: more than 15 characters
// with the comma (15d, rule T43), or more decimals than its currency has (C03): the figure is not
// the one a bank would settle, a fault naming the field.
void MtParser::CheckAmount(const Field& f, const std::string& code, const std::string& amount) {
  if (amount.size() > 15)
    Fault(f.line, f.tag, "'" + Clip(amount) + "' is longer than an amount's 15 characters (with the decimal comma)");
  int decimals = static_cast<int>(amount.size() - amount.find(',') - 1), allowed = CurrencyMinorUnits(code);
  if (allowed >= 0 && decimals > allowed)
    Fault(f.line, f.tag, "'" + Clip(amount) + "' has more decimals than " + code + " has (" + std::to_string(allowed) + ")");
}

// A currency of the form (three capital letters) that ISO 4217 does not know ("ABC"): the amount
// is in a currency nobody knows, a fault naming the field.
bool MtParser::KnownCurrency(const Field& f, const std::string& code) {
  if (IsIsoCurrency(code)) {
    msg_.currencies.emplace_back(f.tag, code);
    return true;
  }
  Fault(f.line, f.tag, "'" + code + "' is not an ISO 4217 currency code");
  return false;
}

void MtParser::ReadOptionA(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p) {
  if (i >= lines.size()) {
    Fault(f.line, f.tag, "option A needs a BIC");
    return;
  }
  std::string bic = Upper(lines[i]);
  if (!HasBicForm(bic)) {
    Fault(f.line, f.tag, "'" + Clip(lines[i]) + "' is " + BicFault(bic) + "; read as name and address");
    ReadNameAndAddress(f, lines, i, p);
    return;
  }
  // Of the form but in no country: still checked as the BIC it stands for.
  if (std::string why = BicFault(bic); !why.empty()) Fault(f.line, f.tag, "'" + bic + "' is " + why + "; checked as a BIC");
  p.bic = bic;
  p.nature = PartyNature::kOrganization;
  if (++i < lines.size()) {
    Fault(f.line, f.tag, "option A holds an optional account line and a BIC only; the other lines are read as name and address");
    ReadNameAndAddress(f, lines, i, p);
  }
}

void MtParser::ReadOptionF(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p) {
  std::vector<std::string> street, other;
  bool located = false;  // a good line 3/: the 2/ lines are then street lines
  int last = 0;
  for (; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    int n = l.size() >= 2 && l[1] == '/' && l[0] >= '1' && l[0] <= '8' ? l[0] - '0' : 0;
    std::string v(Trim(n ? std::string_view(l).substr(2) : std::string_view(l)));
    if (n == 0) {
      Fault(f.line, f.tag, "option F line '" + Clip(l) + "' does not start with a line number (1/ to 8/)");
      n = last ? last : 1;
    } else if (n != 8 && n < last) {
      Fault(f.line, f.tag, "option F line numbers must run from 1 to 8 in order, found '" + Clip(l) + "'");
    }
    // 8/ continues the line before it: the name, a street line or the town; after a birth date,
    // place or identifier it is read as address text.
    if (n == 8) n = last == 0 ? 1 : last <= 3 ? last : 9;
    if (n != 9) last = n;
    switch (n) {
      case 1:
        p.name += (p.name.empty() ? "" : " ") + v;
        p.name_lines.push_back(v);
        break;
      case 2: street.push_back(v); break;
      case 3: {  // CC/town; a line 3/ continued by 8/ continues the town
        std::string cc = v.size() >= 2 && (v.size() == 2 || v[2] == '/') ? CountryCode(v.substr(0, 2)) : "";
        if (!cc.empty() && (p.country.empty() || p.country == cc)) {
          p.country = cc;
          if (v.size() > 3) p.town += (p.town.empty() ? "" : " ") + v.substr(3);
          located = true;
        } else if (!p.town.empty() && l[0] == '8') {
          p.town += " " + v;
        } else {
          Fault(f.line, f.tag, "line 3/ needs an ISO country code and a town ('3/US/NEW YORK'), found '" + Clip(l) + "'");
          other.push_back(v);
        }
        break;
      }
      case 9: other.push_back(v); break;
      default: ReadOptionFDetail(f, n, v, p, other);
    }
  }
  if (p.name_lines.size() < 2) p.name_lines.clear();
  p.address_lines = street;
  p.address_lines.insert(p.address_lines.end(), other.begin(), other.end());
  p.street_lines = located ? street.size() : 0;
  if (p.name.empty()) Fault(f.line, f.tag, "option F needs a name line '1/'");
}

// Lines 4/ to 7/ of option F: birth date, place of birth, customer and national identifier.
// Whatever such a line holds that is not its date, country or identifier is screened: a line not
// in its form is a fault and read as address text, an issuer (6/) as free text.
void MtParser::ReadOptionFDetail(const Field& f, int n, const std::string& v, Party& p, std::vector<std::string>& other) {
  // "CC/rest"; 6/: "CC/issuer/number".
  size_t s1 = v.find('/');
  std::string cc = s1 == 2 ? CountryCode(v.substr(0, 2)) : "";
  std::string rest = s1 == std::string::npos ? "" : v.substr(s1 + 1), issuer;
  size_t s2 = n == 6 ? rest.find('/') : 0;
  if (n == 6 && s2 != std::string::npos) {
    issuer = std::string(Trim(rest.substr(0, s2)));
    rest = rest.substr(s2 + 1);
  }
  rest = std::string(Trim(rest));
  const char* form = n == 4   ? "a birth date YYYYMMDD ('4/19800131')"
                     : n == 5 ? "a country code and a place ('5/DE/BERLIN')"
                     : n == 6 ? "a country code, an issuer and a number ('6/DE/ABC/1234')"
                              : "a country code and a number ('7/DE/1234')";
  bool good = n == 4 ? IsMtDate(v) : !cc.empty() && !rest.empty() && s2 != std::string::npos;
  if (!good) {
    Fault(f.line, f.tag, "line " + std::to_string(n) + "/ needs " + form + ", found '" + Clip(v) + "'; read as address text");
    other.push_back(v);
    return;
  }
  if (n != 6) p.nature = PartyNature::kPerson;
  if (n == 4) p.birth_date = v;
  if (n == 5) {
    p.birth_country = cc;
    p.birth_place = rest;
  }
  if (!issuer.empty()) msg_.free_text.push_back({f.tag + " 6/ issuer", {issuer}, {}, f.line});
  if (n >= 6) p.ids.push_back({n == 6 ? "customer id" : "national id", rest, cc});
}

void MtParser::ReadNameAndAddress(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p) {
  if (i < lines.size() && lines[i] == "NOTPROVIDED") ++i;  // placeholder, not a name
  if (i < lines.size()) p.name = lines[i++];
  // Name lines come before address lines; a name carried onto the next line is joined, and a line
  // that could be either is screened both ways.
  while (i < lines.size() && ContinuesName(lines[i], lines[i - 1])) p.name += " " + lines[i++];
  if (!p.name.empty() && i < lines.size() && !LooksLikeAddress(lines[i])) p.other_name = p.name + " " + lines[i];
  for (; i < lines.size(); ++i) p.address_lines.push_back(lines[i]);
  p.country = AddressCountry(p.address_lines);
  if (p.name.empty() && p.address_lines.empty() && p.account.empty() && p.ids.empty())
    Fault(f.line, f.tag, "no account, name or address");
}

void MtParser::AddParty(const Field& f, bool underlying) {
  std::string num = f.tag.substr(0, 2);
  char opt = f.tag.size() == 3 ? f.tag[2] : ' ';
  Party p;
  p.field = f.tag;
  p.line = f.line;
  p.role = PartyRole(num);
  if (underlying) p.role += " (underlying customer credit transfer)";
  p.institution = num != "50" && num != "59";
  if (p.institution) p.nature = PartyNature::kOrganization;

  std::vector<std::string> lines;
  for (const auto& l : f.lines) lines.emplace_back(Trim(l));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (!OptionDefined(num, opt)) {
    // Read by what it holds: numbered lines as F, a lone BIC as A, else name and address.
    bool numbered = std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with("1/"); });
    char read_as = numbered ? 'F' : (!lines.empty() && HasBicForm(Upper(lines.back())) && lines.size() <= 2) ? 'A' : 'D';
    Fault(f.line, f.tag, "option " + std::string(1, opt == ' ' ? '-' : opt) + " is not defined for field " + num +
                             "; read as option " + std::string(1, read_as));
    opt = read_as;
  }
  size_t i = 0;
  TakeIdentifier(lines, opt, i, p);
  if (opt == 'A') {
    ReadOptionA(f, lines, i, p);
  } else if (opt == 'C') {
    if (p.account.empty() && p.ids.empty()) Fault(f.line, f.tag, "option C needs an account ('/' then the account)");
    if (i < lines.size()) ReadNameAndAddress(f, lines, i, p);
  } else if (opt == 'B') {
    for (; i < lines.size(); ++i) p.address_lines.push_back(lines[i]);  // location
  } else if (opt == 'F') {
    if (i == 0 && num == "50") Fault(f.line, f.tag, "option F starts with a party identifier ('/account' or 'CODE/CC/id')");
    ReadOptionF(f, lines, i, p);
  } else {  // K, D, or no letter (59): optional account, then name and address lines
    ReadNameAndAddress(f, lines, i, p);
    // The name and address lines (4*35x) are mandatory: an account alone names no one to screen.
    bool something = !p.address_lines.empty() || !p.account.empty() || !p.ids.empty();
    if (p.name.empty() && something)
      Fault(f.line, f.tag, "no name (4*35x after the account): the party is not screened by name");
  }
  CheckCountriesOfToday(f, p);
  msg_.parties.push_back(std::move(p));
}

void MtParser::CheckCountriesOfToday(const Field& f, const Party& p) {
  std::set<std::string_view> codes = {p.country, p.birth_country};  // each once (3/SU/..., 6/SU/...)
  for (const auto& id : p.ids) codes.insert(id.country);
  for (std::string_view code : codes)
    if (std::string why = WithdrawnCountryFault(code); !why.empty()) Fault(f.line, f.tag, why);
}

void MtParser::AddFreeText(const Field& f) {
  FreeText t{f.tag, {}, {}, f.line};
  for (const auto& raw : f.lines) {
    std::string l(Trim(raw));
    // 77B regulatory reporting: "/BENEFRES/IR//narrative", the country of residence of the
    // ordering customer (ORDERRES) or beneficiary (BENEFRES).
    if (f.tag == "77B" && l.size() >= 12 && (l.starts_with("/ORDERRES/") || l.starts_with("/BENEFRES/"))) {
      std::string cc = CountryCode(l.substr(10, 2));
      if (!cc.empty() && (l.size() == 12 || l[12] == '/')) {
        if (std::string why = WithdrawnCountryFault(cc); !why.empty()) Fault(f.line, f.tag, why);
        t.countries.push_back(cc);
        l = l.size() > 14 ? l.substr(14) : "";
      } else {
        Fault(f.line, f.tag, "'" + Clip(l) + "' needs an ISO country code after the code word ('/BENEFRES/IR//')");
      }
    }
    if (!l.empty()) t.lines.push_back(std::move(l));
  }
  if (!t.lines.empty() || !t.countries.empty()) msg_.free_text.push_back(std::move(t));
}

void MtParser::CheckMandatory(const std::set<std::string>& seen, size_t block_line) {
  std::vector<std::string> required;
  if (msg_.type == "MT103") required = {"20", "32A", "59"};
  else if (msg_.type.starts_with("MT202") || msg_.type.starts_with("MT205")) required = {"20", "21", "32A", "58"};
  else if (msg_.type == "MT199" || msg_.type == "MT299") required = {"20", "79"};
  if (msg_.cover) {
    required.push_back("50");
    required.push_back("59");
  }
  for (const auto& tag : required)
    if (!seen.count(tag))
      Fault(block_line, tag, "field " + tag + " missing: it is mandatory in " + msg_.type);
}

// Lines after the first of a field read as one line (a reference, an amount, a code): they are
// not what the field holds, so they are a fault, and screened as unparsed text.
void MtParser::ExtraLines(const Field& f) {
  for (size_t k = 1; k < f.lines.size(); ++k) {
    if (Trim(f.lines[k]).empty()) continue;
    if (f.lines[k][0] != ':')  // a mangled tag has its fault already (ParseBlock4)
      Fault(f.line + k, f.tag, "field " + f.tag + " holds one line; '" + Clip(f.lines[k]) + "' is screened as unparsed text");
    Unparsed(f.line + k, f.lines[k]);
  }
}

// A one-line field: the reference (20), the amount (32A), a code or amount (IsCodeField) that
// has its shape, else text screened as such (21, 26T, 13C, 23E after its code, a code that is not one).
void MtParser::ReadOneLine(const Field& f) {
  std::string v(Trim(f.lines[0]));
  if (f.tag == "20" && v.empty()) Fault(f.line, f.tag, "empty reference");
  else if (f.tag == "20" && msg_.reference.empty()) msg_.reference = v;
  if (f.tag == "32A") {
    Read32A(f);
  } else if (IsCodeField(f.tag) && !HasCodeShape(f.tag, v)) {
    Fault(f.line, f.tag, "'" + Clip(v) + "' is not what field " + f.tag + " holds (a code or an amount); screened as "
                         "unparsed text");
    Unparsed(f.line, v);
  } else if (f.tag == "33B" || f.tag == "71F" || f.tag == "71G") {
    KnownCurrency(f, v.substr(0, 3));  // currency and amount
    CheckAmount(f, v.substr(0, 3), v.substr(3));
  } else if (!IsCodeField(f.tag)) {
    // 23E: a code of four letters or digits, then '/' and free information.
    if (f.tag == "23E") {
      std::string code = v.substr(0, v.find('/'));
      if (code.size() != 4 || !std::all_of(code.begin(), code.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
        Fault(f.line, f.tag, "'" + Clip(code) + "' is not an instruction code (four letters or digits); screened as "
                             "unparsed text");
        Unparsed(f.line, code);
      }
      v = v.find('/') == std::string::npos ? std::string() : v.substr(v.find('/') + 1);
    }
    if (!Trim(v).empty()) msg_.free_text.push_back({f.tag, {std::string(Trim(v))}, {}, f.line});
  }
  ExtraLines(f);
}

void MtParser::CheckLineLengths(const Field& f) {
  const size_t max_lines = MaxLinesOf(f);
  if (max_lines == 0) return;
  if (f.lines.size() > max_lines)
    Fault(f.line, f.tag, std::to_string(f.lines.size()) + " lines, more than the " + std::to_string(max_lines) +
                             " field " + f.tag + " holds; all are screened");
  for (size_t k = 0; k < f.lines.size(); ++k)
    if (size_t n = text::CodePointCount(f.lines[k]); n > 35) {
      Fault(f.line + k, f.tag, "a line of " + std::to_string(n) + " characters, more than the 35 a line of field " +
                                   f.tag + " holds; a name cut at its end is not read joined to the next line");
      break;
    }
}

void MtParser::CheckOnce(const Field& f, bool sequence_b, std::map<std::string, const Field*>& first) {
  const std::string num = f.tag.substr(0, 2), field = IsPartyField(num) ? num : f.tag;
  if (!OnceOnlyFields(msg_.type).count(field)) return;
  auto [at, added] = first.try_emplace((sequence_b ? "B " : "") + field, &f);
  if (added) return;
  const Field& before = *at->second;
  const bool party = IsPartyField(num);
  const std::string where = sequence_b ? " in sequence B" : msg_.cover ? " in sequence A" : "";
  Fault(f.line, f.tag, "field " + (party ? num + "a" : f.tag) + " written twice (first " + before.tag + " at line " +
                           std::to_string(before.line) + "): " + msg_.type + " allows it once" + where +
                           (party ? "; both parties are screened" : "; both are read"));
}

void MtParser::ReadFields(const std::vector<Field>& fields, size_t block_line) {
  bool underlying = false;
  std::set<std::string> seen;  // tags as written, and "5x" for a party field in any option
  std::map<std::string, const Field*> first;  // where each field allowed once was first written
  const std::set<std::string>& defined = DefinedFields(msg_.type);
  for (const auto& f : fields) {
    std::string num = f.tag.substr(0, 2);
    seen.insert(f.tag);
    CheckLineLengths(f);
    if (IsPartyField(num)) seen.insert(num);
    if (msg_.cover && num == "50") underlying = true;  // sequence B of a COV message starts at 50a
    CheckOnce(f, underlying, first);
    if (IsPartyField(num)) {
      AddParty(f, underlying && num != "50" && num != "59");
    } else if (!defined.empty() && !defined.count(f.tag)) {
      Fault(f.line, f.tag, "field " + f.tag + " is not defined for " + msg_.type + "; screened as unparsed text");
      for (size_t k = 0; k < f.lines.size(); ++k) Unparsed(f.line + k, f.lines[k]);
    } else if (IsFreeTextField(f.tag)) {
      AddFreeText(f);
    } else {
      ReadOneLine(f);
    }
  }
  CheckMandatory(seen, block_line);
}

bool Readable(const PaymentMessage& m) {
  for (const auto& p : m.parties)
    if (!p.bic.empty() || !p.name.empty() || !p.account.empty() || !p.address_lines.empty() || !p.ids.empty()) return true;
  for (const auto& t : m.free_text)  // the reference alone says nothing about the payment
    if (t.field != "20" && (!t.lines.empty() || !t.countries.empty())) return true;
  return false;
}

StatusOr<PaymentMessage> MtParser::Parse() {
  std::vector<Block> all;
  SplitBlocks(all);
  const Block* b[6] = {};
  EMBARGO_RETURN_IF_ERROR(PickBlocks(all, b));
  msg_.format = MessageFormat::kMt;
  msg_.first_line = first_line_;
  std::string mt;
  ParseHeader(b[1], b[2], mt);
  for (const Block& blk : all)  // a second block 3 or 5 is read as text by PickBlocks
    if (&blk == b[3] || &blk == b[5] || blk.id == "S") ReadHeaderFields(blk);
  ReadType(mt, b[2]);
  if (b[4]) {
    std::vector<Field> fields;
    ParseBlock4(*b[4], fields);
    ReadFields(fields, b[4]->line);
  }
  std::stable_sort(msg_.faults.begin(), msg_.faults.end(),
                   [](const FormatFault& a, const FormatFault& b) { return a.line < b.line; });
  if (!Readable(msg_)) {
    // Nothing to screen: no BIC, party or text could be read.
    if (Trim(text_).empty()) return Status::InvalidArgument("empty message");
    return Status::InvalidArgument(FaultText(msg_.faults, first_line_) + " (nothing could be read to screen)");
  }
  return std::move(msg_);
}

}  // namespace

std::vector<MtPiece> SplitRje(std::string_view text) {
  std::vector<MtPiece> out;
  size_t line = 1, start = 0, start_line = 1;
  auto flush = [&](size_t end) {
    std::string_view piece = text.substr(start, end - start);
    size_t lead = 0, piece_line = start_line;
    while (lead < piece.size() && std::isspace(static_cast<unsigned char>(piece[lead]))) {
      if (piece[lead] == '\n') ++piece_line;
      ++lead;
    }
    piece.remove_prefix(lead);
    if (!Trim(piece).empty()) out.push_back({piece, piece_line});
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    // '$' delimits RJE messages; a block 1 after a message's block 4 starts the next message
    // even without one (but the message an F21 acknowledgement precedes is the same piece).
    bool next_message = text.compare(i, 4, "{1:F") == 0 && text.substr(start, i - start).find("{4:") != std::string_view::npos &&
                        Trim(text.substr(start, i - start)).substr(0, 6) != "{1:F21";
    if (text[i] == '$' || next_message) {
      flush(i);
      start = text[i] == '$' ? i + 1 : i;
      start_line = line;
    }
  }
  flush(text.size());
  return out;
}

StatusOr<PaymentMessage> ParseMt(std::string_view text, size_t first_line) {
  return MtParser(text, first_line).Parse();
}

}  // namespace embargo::payments
