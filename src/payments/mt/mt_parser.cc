#include "payments/mt/mt_parser.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <utility>

#include "common/strings.h"
#include "entity/countries.h"
#include "payments/bic.h"

namespace embargo::payments {
namespace {

// A block-4 field: ":59F:" and its value lines, the first line being the text after the tag.
struct Field {
  std::string tag;
  std::vector<std::string> lines;
  size_t line = 0;
};

struct Block {
  std::string id;       // "1" .. "5", "S"
  std::string_view content;
  size_t line = 0;
};

class MtParser {
 public:
  MtParser(std::string_view text, size_t first_line) : text_(text), first_line_(first_line) {}

  StatusOr<PaymentMessage> Parse();

 private:
  size_t LineAt(size_t pos) const {
    return first_line_ + static_cast<size_t>(std::count(text_.begin(), text_.begin() + std::min(pos, text_.size()), '\n'));
  }
  Status Err(size_t line, const std::string& what) const {
    return Status::InvalidArgument("line " + std::to_string(line) + ": " + what);
  }
  Status FieldErr(const Field& f, const std::string& what) const {
    return Status::InvalidArgument("line " + std::to_string(f.line) + ", field " + f.tag + ": " + what);
  }

  Status SplitBlocks(std::vector<Block>& blocks);
  // Blocks 1 to 5 by number (b[1] .. b[5], null when absent), after any F21 acknowledgement.
  Status PickBlocks(const std::vector<Block>& all, const Block* (&b)[6]) const;
  Status ParseBlock4(const Block& b, std::vector<Field>& fields);
  Status ParseHeader(const Block& b1, const Block& b2, PaymentMessage& msg, std::string& mt);
  // The message type from block 2 and, for MT202, the cover flag from block 3.
  Status ReadType(const std::string& mt, const Block* b3, const Block& b2, PaymentMessage& msg) const;
  Status ReadFields(const std::vector<Field>& fields, const Block& b4, PaymentMessage& msg);
  Status AddParty(const Field& f, bool underlying, PaymentMessage& msg);
  Status ReadOptionF(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p) const;

  std::string_view text_;
  size_t first_line_;
  std::vector<std::string> warnings_;
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

// A country read from the end of a free-format address: "BRUSSELS BELGIUM", "NEW YORK NY 10001 US".
// Only whole country names or a final two-letter code count; "City, Country" gives nothing.
std::string AddressCountry(const std::vector<std::string>& lines) {
  if (lines.empty()) return {};
  std::string last(Trim(lines.back()));
  std::vector<std::string> words;
  std::string w;
  for (char c : last + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) w += c;
    else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  if (words.empty()) return {};
  // A final two-letter code standing alone: "NEW YORK NY 10001 US", or a line "US".
  if (last.size() >= 2 && std::isalpha(static_cast<unsigned char>(last[last.size() - 1])) &&
      std::isalpha(static_cast<unsigned char>(last[last.size() - 2])) &&
      (last.size() == 2 || last[last.size() - 3] == ' '))
    return CountryCode(last.substr(last.size() - 2));
  for (size_t n = std::min<size_t>(3, words.size()); n >= 1; --n) {  // "UNITED KINGDOM", "SPAIN"
    std::string name;
    for (size_t i = words.size() - n; i < words.size(); ++i) name += (name.empty() ? "" : " ") + words[i];
    if (name.size() >= 4) {
      std::string code = CountryCode(name);
      if (!code.empty()) return code;
    }
  }
  return {};
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The role of party field `num` ("50" .. "59").
std::string PartyRole(const std::string& num) {
  static constexpr std::pair<std::string_view, std::string_view> kRoles[] = {
      {"50", "ordering customer"},        {"52", "ordering institution"},
      {"53", "sender's correspondent"},   {"54", "receiver's correspondent"},
      {"55", "third reimbursement institution"}, {"56", "intermediary"},
      {"57", "account with institution"}, {"58", "beneficiary institution"},
  };
  for (const auto& [field, role] : kRoles)
    if (num == field) return std::string(role);
  return "beneficiary customer";  // 59
}

// Whether field `num` has option `opt` (' ': no letter) in MT103 and MT202.
bool OptionDefined(const std::string& num, char opt) {
  auto allowed = [&](std::string_view options) { return options.find(opt) != std::string_view::npos; };
  return num == "50"   ? allowed("AFK")
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

// Whether `num` is a party field of MT103 or MT202.
bool IsPartyField(const std::string& num) {
  return num == "50" || num == "52" || num == "53" || num == "54" || num == "55" || num == "56" || num == "57" ||
         num == "58" || num == "59";
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
    if (text[i] == '$') {
      flush(i);
      start = i + 1;
      start_line = line;
    }
  }
  flush(text.size());
  return out;
}

Status MtParser::SplitBlocks(std::vector<Block>& blocks) {
  size_t pos = 0;
  auto skip_space = [&] {
    while (pos < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos]))) ++pos;
  };
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  skip_space();
  if (pos >= text_.size()) return Status::InvalidArgument("empty message");
  while (pos < text_.size()) {
    size_t line = LineAt(pos);
    if (text_[pos] != '{') {
      if (!blocks.empty() && blocks.back().id == "4")
        return Err(line, "wrong block structure: unexpected text after block 4");
      return Err(line, std::string("wrong block structure: expected '{' to open a block, found ") +
                           Printable(static_cast<unsigned char>(text_[pos])));
    }
    size_t colon = text_.find(':', pos + 1);
    if (colon == std::string_view::npos || colon - pos > 4) {
      // A lone '{' after the last block (seen in real RJE files, "-}{") carries nothing.
      if (!blocks.empty() && Trim(text_.substr(pos + 1)).empty()) {
        warnings_.push_back("line " + std::to_string(line) + ": stray '{' after the last block ignored");
        return Status::Ok();
      }
      return Err(line, "wrong block structure: a block starts with '{N:'");
    }
    std::string id(text_.substr(pos + 1, colon - pos - 1));
    if (!(id == "1" || id == "2" || id == "3" || id == "4" || id == "5" || id == "S"))
      return Err(line, "wrong block structure: unknown block '{" + id + ":'");
    size_t body = colon + 1, end;
    if (id == "4" && body < text_.size() && (text_[body] == '\r' || text_[body] == '\n')) {
      // Text block: ends at a line "-}".
      size_t close = std::string_view::npos;
      for (size_t p = text_.find("\n-}", body); p != std::string_view::npos; p = text_.find("\n-}", p + 1)) {
        close = p;
        break;
      }
      if (close == std::string_view::npos)
        return Err(LineAt(text_.size()), "truncated message: block 4 (opened at line " + std::to_string(line) +
                                             ") is not closed by '-}'");
      blocks.push_back({id, text_.substr(body, close + 1 - body), line});
      end = close + 3;
    } else {
      int depth = 1;
      size_t p = body;
      for (; p < text_.size() && depth > 0; ++p) {
        if (text_[p] == '{') ++depth;
        else if (text_[p] == '}') --depth;
      }
      if (depth > 0)
        return Err(LineAt(text_.size()), "truncated message: block " + id + " (opened at line " +
                                             std::to_string(line) + ") is not closed by '}'");
      blocks.push_back({id, text_.substr(body, p - 1 - body), line});
      end = p;
    }
    pos = end;
    skip_space();
  }
  return Status::Ok();
}

Status MtParser::ParseBlock4(const Block& b, std::vector<Field>& fields) {
  std::string_view body = b.content;
  size_t line = b.line;
  size_t pos = 0;
  // The block opens with a line break after "{4:".
  if (!body.empty() && body[0] == '\r') ++pos;
  if (pos < body.size() && body[pos] == '\n') ++pos;
  ++line;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view l = body.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    std::string_view tag = TagOf(l);
    for (size_t i = 0; i < l.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(l[i]);
      if (!IsXChar(c)) {
        std::string where = "line " + std::to_string(line) + ", field " +
                            (!tag.empty() ? std::string(tag) : fields.empty() ? std::string("?") : fields.back().tag);
        return Status::InvalidArgument(where + ": invalid character " + Printable(c) + " at column " +
                                       std::to_string(i + 1) + " (outside the SWIFT X character set)");
      }
    }
    if (!tag.empty()) {
      fields.push_back({std::string(tag), {std::string(l.substr(tag.size() + 2))}, line});
    } else if (!l.empty()) {
      if (fields.empty()) return Err(line, "block 4: text before the first field tag");
      fields.back().lines.emplace_back(l);
    }
    pos = nl + 1;
    ++line;
  }
  return Status::Ok();
}

Status MtParser::ParseHeader(const Block& b1, const Block& b2, PaymentMessage& msg, std::string& mt) {
  std::string_view h1 = b1.content;
  if (h1.size() < 15 || h1[0] != 'F' || !IsBic(std::string(h1.substr(3, 8))))
    return Err(b1.line, "block 1: expected 'F01' and a 12-character logical terminal address, found '" +
                            std::string(h1.substr(0, 40)) + "'");
  std::string_view h2 = b2.content;
  if (h2.size() < 4 || (h2[0] != 'I' && h2[0] != 'O'))
    return Err(b2.line, "block 2: expected 'I' or 'O' and a message type, found '" + std::string(h2.substr(0, 40)) + "'");
  mt = std::string(h2.substr(1, 3));
  Party sender, receiver;
  sender.field = "{1:}";
  receiver.field = "{2:}";
  if (h2[0] == 'I') {
    if (h2.size() < 16 || !IsBic(std::string(h2.substr(4, 8))))
      return Err(b2.line, "block 2: input header needs a 12-character receiver address after the type");
    sender.bic = BicOfLt(h1.substr(3, 12));
    receiver.bic = BicOfLt(h2.substr(4, 12));
  } else {
    // O + type + input time (4) + MIR: date (6), sender LT (12), session, sequence.
    if (h2.size() < 26 || !IsBic(std::string(h2.substr(14, 8))))
      return Err(b2.line, "block 2: output header needs input time and a message input reference with the sender's address");
    sender.field = "{2:}";
    receiver.field = "{1:}";
    sender.bic = BicOfLt(h2.substr(14, 12));
    receiver.bic = BicOfLt(h1.substr(3, 12));
  }
  sender.role = "sender";
  receiver.role = "receiver";
  sender.institution = receiver.institution = true;
  sender.nature = receiver.nature = PartyNature::kOrganization;
  sender.line = h2[0] == 'I' ? b1.line : b2.line;
  receiver.line = h2[0] == 'I' ? b2.line : b1.line;
  msg.parties.push_back(std::move(sender));
  msg.parties.push_back(std::move(receiver));
  return Status::Ok();
}

Status MtParser::ReadOptionF(const Field& f, const std::vector<std::string>& lines, size_t i, Party& p) const {
  int last = 0;
  for (; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.size() < 2 || !std::isdigit(static_cast<unsigned char>(l[0])) || l[1] != '/')
      return FieldErr(f, "option F line '" + l + "' does not start with a line number (1/ to 8/)");
    int n = l[0] - '0';
    if (n < 1 || n > 8 || n < last) return FieldErr(f, "option F line numbers must run from 1 to 8 in order, found '" + l + "'");
    last = n;
    std::string v(Trim(l.substr(2)));
    switch (n) {
      case 1: p.name += (p.name.empty() ? "" : " ") + v; break;
      case 2: p.address_lines.push_back(v); break;
      case 3: {  // CC/town
        p.country = CountryCode(v.substr(0, 2));
        if (p.country.empty() || (v.size() > 2 && v[2] != '/'))
          return FieldErr(f, "line 3/ needs an ISO country code and a town ('3/US/NEW YORK'), found '" + l + "'");
        if (v.size() > 3) p.town = v.substr(3);
        break;
      }
      case 4: p.birth_date = v; p.nature = PartyNature::kPerson; break;
      case 5: {
        p.birth_country = CountryCode(v.substr(0, 2));
        p.birth_place = v.size() > 3 ? v.substr(3) : "";
        p.nature = PartyNature::kPerson;
        break;
      }
      case 6: {  // CC/issuer/customer id
        size_t s1 = v.find('/'), s2 = s1 == std::string::npos ? s1 : v.find('/', s1 + 1);
        p.ids.push_back({"customer id", s2 == std::string::npos ? v : v.substr(s2 + 1), CountryCode(v.substr(0, 2))});
        break;
      }
      case 7: {  // CC/national id
        size_t s1 = v.find('/');
        p.ids.push_back({"national id", s1 == std::string::npos ? v : v.substr(s1 + 1), CountryCode(v.substr(0, 2))});
        p.nature = PartyNature::kPerson;
        break;
      }
      default: p.address_lines.push_back(v);  // 8/ additional information continues 1/ to 7/
    }
  }
  if (p.name.empty()) return FieldErr(f, "option F needs a name line '1/'");
  return Status::Ok();
}

Status MtParser::AddParty(const Field& f, bool underlying, PaymentMessage& msg) {
  std::string num = f.tag.substr(0, 2);
  char opt = f.tag.size() == 3 ? f.tag[2] : ' ';
  Party p;
  p.field = f.tag;
  p.line = f.line;
  p.role = PartyRole(num);
  if (underlying) p.role += " (underlying customer credit transfer)";
  p.institution = num != "50" && num != "59";
  if (p.institution) p.nature = PartyNature::kOrganization;
  if (!OptionDefined(num, opt))
    return FieldErr(f, "option " + std::string(1, opt == ' ' ? '-' : opt) + " is not defined for field " + num);

  std::vector<std::string> lines;
  for (const auto& l : f.lines) lines.emplace_back(Trim(l));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t i = 0;
  TakeIdentifier(lines, opt, i, p);
  if (opt == 'A') {
    if (i >= lines.size()) return FieldErr(f, "option A needs a BIC");
    std::string bic = Upper(lines[i]);
    if (!IsBic(bic)) return FieldErr(f, "'" + lines[i] + "' is not a BIC (4 letters bank, 2 letters country, 2 location, optional 3 branch)");
    p.bic = bic;
    p.nature = PartyNature::kOrganization;
    if (++i < lines.size()) return FieldErr(f, "option A holds an optional account line and a BIC only");
  } else if (opt == 'C') {
    if (p.account.empty() && p.ids.empty()) return FieldErr(f, "option C needs an account ('/' then the account)");
  } else if (opt == 'B') {
    for (; i < lines.size(); ++i) p.address_lines.push_back(lines[i]);  // location
  } else if (opt == 'F') {
    if (i == 0 && num == "50") return FieldErr(f, "option F starts with a party identifier ('/account' or 'CODE/CC/id')");
    EMBARGO_RETURN_IF_ERROR(ReadOptionF(f, lines, i, p));
  } else {  // K, D, or no letter (59): optional account, then name and address lines
    if (i < lines.size() && lines[i] == "NOTPROVIDED") ++i;  // placeholder, not a name
    if (i < lines.size()) p.name = lines[i++];
    for (; i < lines.size(); ++i) p.address_lines.push_back(lines[i]);
    p.country = AddressCountry(p.address_lines);
    if (p.name.empty() && p.account.empty() && p.ids.empty()) return FieldErr(f, "no account, name or address");
  }
  msg.parties.push_back(std::move(p));
  return Status::Ok();
}

Status MtParser::PickBlocks(const std::vector<Block>& all, const Block* (&b)[6]) const {
  // An F21 acknowledgement precedes the message it acknowledges: skip to the next block 1.
  size_t start = 0;
  if (!all.empty() && all[0].id == "1" && all[0].content.substr(0, 3) == "F21") {
    start = 1;
    while (start < all.size() && all[start].id != "1") ++start;
    if (start == all.size()) return Err(all[0].line, "only an acknowledgement (F21), no message follows it");
  }
  std::string prev = "0";
  for (size_t k = start; k < all.size(); ++k) {
    const Block& blk = all[k];
    if (blk.id == "S") continue;
    if (blk.id <= prev)
      return Err(blk.line, "wrong block structure: block " + blk.id + " after block " + prev +
                               " (blocks come once each, in the order 1, 2, 3, 4, 5)");
    prev = blk.id;
    b[blk.id[0] - '0'] = &blk;
  }
  if (!b[1]) return Err(start < all.size() ? all[start].line : first_line_, "wrong block structure: missing block 1 (basic header)");
  if (!b[2]) return Err(b[1]->line, "wrong block structure: missing block 2 (application header)");
  if (!b[4]) return Err(b[2]->line, "missing block 4 (text block)");
  return Status::Ok();
}

Status MtParser::ReadType(const std::string& mt, const Block* b3, const Block& b2, PaymentMessage& msg) const {
  std::string_view user = b3 ? b3->content : std::string_view();
  auto user_tag = [&](const std::string& tag) -> std::string {
    size_t p = user.find("{" + tag + ":");
    if (p == std::string_view::npos) return {};
    size_t e = user.find('}', p);
    return std::string(user.substr(p + tag.size() + 2, e == std::string_view::npos ? std::string_view::npos : e - p - tag.size() - 2));
  };
  msg.uetr = user_tag("121");
  if (mt == "103") {
    msg.type = "MT103";
  } else if (mt == "202") {
    msg.cover = user_tag("119") == "COV";
    msg.type = msg.cover ? "MT202COV" : "MT202";
  } else {
    return Err(b2.line, "unknown message type 'MT" + mt + "' (supported: MT103, MT202, MT202COV)");
  }
  return Status::Ok();
}

Status MtParser::ReadFields(const std::vector<Field>& fields, const Block& b4, PaymentMessage& msg) {
  bool underlying = false;
  bool has20 = false, has21 = false, has32 = false, has50 = false, has58 = false, has59 = false;
  for (const auto& f : fields) {
    std::string num = f.tag.substr(0, 2);
    const std::string& v = f.lines[0];
    if (f.tag == "20") {
      if (Trim(v).empty()) return FieldErr(f, "empty reference");
      msg.reference = std::string(Trim(v));
      has20 = true;
    } else if (f.tag == "21") {
      has21 = true;
    } else if (f.tag == "32A") {
      // YYMMDD, ISO currency, amount with a decimal comma: "241231USD1500000,00".
      bool good = v.size() >= 11 && std::all_of(v.begin(), v.begin() + 6, ::isdigit) &&
                  std::all_of(v.begin() + 6, v.begin() + 9, ::isupper) && std::isdigit(static_cast<unsigned char>(v[9])) &&
                  std::count(v.begin() + 9, v.end(), ',') == 1 &&
                  std::all_of(v.begin() + 9, v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ','; });
      if (!good) return FieldErr(f, "expected date YYMMDD, currency and amount with a decimal comma, found '" + v + "'");
      msg.value_date = v.substr(0, 6);
      msg.currency = v.substr(6, 3);
      msg.amount = v.substr(9);
      has32 = true;
    } else if (IsPartyField(num)) {
      if (msg.cover && num == "50") underlying = true;  // sequence B of an MT202COV starts at 50a
      EMBARGO_RETURN_IF_ERROR(AddParty(f, underlying && num != "50" && num != "59", msg));
      has50 |= num == "50";
      has58 |= num == "58";
      has59 |= num == "59";
    } else if (f.tag == "70" || f.tag == "72" || f.tag == "77B") {
      FreeText t{f.tag, {}, {}, f.line};
      for (const auto& l : f.lines)
        if (!Trim(l).empty()) t.lines.emplace_back(Trim(l));
      msg.free_text.push_back(std::move(t));
    }
  }
  auto missing = [&](const char* tag) {
    return Err(b4.line, "field " + std::string(tag) + " missing: it is mandatory in " + msg.type);
  };
  if (!has20) return missing("20");
  if (msg.type == "MT103") {
    if (!has32) return missing("32A");
    if (!has59) return missing("59");
  } else {
    if (!has21) return missing("21");
    if (!has32) return missing("32A");
    if (!has58) return missing("58");
    if (msg.cover && !has50) return missing("50 (underlying ordering customer)");
    if (msg.cover && !has59) return missing("59 (underlying beneficiary customer)");
  }
  return Status::Ok();
}

StatusOr<PaymentMessage> MtParser::Parse() {
  std::vector<Block> all;
  EMBARGO_RETURN_IF_ERROR(SplitBlocks(all));
  const Block* b[6] = {};
  EMBARGO_RETURN_IF_ERROR(PickBlocks(all, b));
  PaymentMessage msg;
  msg.format = MessageFormat::kMt;
  msg.first_line = first_line_;
  std::string mt;
  EMBARGO_RETURN_IF_ERROR(ParseHeader(*b[1], *b[2], msg, mt));
  EMBARGO_RETURN_IF_ERROR(ReadType(mt, b[3], *b[2], msg));
  if (b[4]->content.empty() || (b[4]->content[0] != '\n' && b[4]->content[0] != '\r'))
    return Err(b[4]->line, "block 4 must start with a line break after '{4:'");
  std::vector<Field> fields;
  EMBARGO_RETURN_IF_ERROR(ParseBlock4(*b[4], fields));
  EMBARGO_RETURN_IF_ERROR(ReadFields(fields, *b[4], msg));
  msg.warnings = std::move(warnings_);
  return msg;
}

StatusOr<PaymentMessage> ParseMt(std::string_view text, size_t first_line) {
  return MtParser(text, first_line).Parse();
}

}  // namespace embargo::payments
