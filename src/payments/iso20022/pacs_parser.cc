// The entry of the ISO 20022 reader: the encoding, the document's landmarks, the parse, and what
// no field read (Sweep, or Salvage after an XML error): faults, and screened as text.
#include "payments/iso20022/pacs_parser.h"

#include <pugixml.hpp>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/io.h"
#include "common/strings.h"
#include "common/xml_file.h"
#include "payments/address.h"
#include "payments/bic.h"
#include "payments/iso20022/pacs_reading.h"
#include "text/code_points.h"

namespace embargo::payments::pacs {
namespace {

// A value such a code element may hold: a code of up to four letters, digits and signs (an
// amount, a date, a time), a UUID. "VLADIMIR PUTIN" in <ChrgBr> is none.
bool CodeShaped(std::string_view v) {
  size_t letters = 0;
  for (char ch : v) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalpha(c)) ++letters;
    else if (!std::isdigit(c) && c != '-' && c != ':' && c != '.' && c != '+' && c != ',') return false;
  }
  if (letters <= 4) return true;
  return v.size() == 36 && std::all_of(v.begin(), v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '-'; });
}

// Elements whose text is a code, an amount, a date or a time: nothing a name or place could be in.
// Sgntr (the header's XML signature) holds digests and keys.
bool IsCode(std::string_view n) {
  static const std::unordered_set<std::string_view> kCodes = {
      "Cd", "Ccy", "CreDtTm", "CreDt", "BizPrcgDt", "NbOfTxs", "CtrlSum", "BtchBookg", "TtlIntrBkSttlmAmt",
      "IntrBkSttlmAmt", "IntrBkSttlmDt", "SttlmMtd", "InstrPrty", "ClrChanl", "SttlmPrty", "DbtDtTm", "CdtDtTm",
      "CLSTm", "TillTm", "FrTm", "RjctTm", "AccptncDtTm", "PoolgAdjstmntDt", "InstdAmt", "XchgRate", "ChrgBr",
      "Amt", "Dt", "DtTm", "BirthDt", "UETR", "MsgDefIdr", "BizSvc", "CharSet", "CpyDplct", "PssblDplct", "Prty",
      "Mtd", "DbtCdtRptgInd", "Sgntr", "CrDate"};
  return kCodes.count(n) > 0;
}

// The elements of pacs.008, pacs.009 and their business application header (head.001) outside
// the free-text elements, which are read whole (IsTextName).
bool IsKnownElement(std::string_view n) {
  static const std::unordered_set<std::string_view> kKnown = {
      "Document", "Envelope", "Message", "AppHdr", "Fr", "To", "FIId", "OrgId", "BizMsgIdr", "MktPrctc", "Regy", "Rltd",
      "From", "Type", "MsgRef", "GrpHdr", "MsgId", "SttlmInf", "SttlmAcct", "ClrSys", "Prtry", "PmtTpInf",
      "SvcLvl", "LclInstrm", "CtgyPurp", "CdtTrfTxInf", "PmtId", "InstrId", "EndToEndId", "TxId", "ClrSysRef", "SttlmTmIndctn",
      "SttlmTmReq", "ChrgsInf", "UndrlygCstmrCdtTrf", "Nm", "PstlAdr", "Id", "CtryOfRes", "CtctDtls", "AdrTp", "Dept",
      "SubDept", "StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room", "PstCd", "TwnNm", "TwnLctnNm", "DstrctNm",
      "CtrySubDvsn", "Ctry", "AdrLine", "PrvtId", "AnyBIC", "BICOrBEI", "LEI", "Othr", "SchmeNm", "Issr",
      "DtAndPlcOfBirth", "PrvcOfBirth", "CityOfBirth", "CtryOfBirth", "NmPrfx", "PhneNb", "MobNb", "FaxNb", "EmailAdr",
      "EmailPurp", "JobTitl", "Rspnsblty", "ChanlTp", "PrefrdMtd", "FinInstnId", "BICFI", "BIC", "ClrSysMmbId",
      "ClrSysId", "MmbId", "BrnchId", "IBAN", "Tp", "Prxy", "InstrInf"};
  return kKnown.count(n) > 0 || IsCode(n) || IsPartyName(n) || IsAgentName(n) || IsTextName(n) || IsBody(n) ||
         IsAccountName(n);
}

// Whether `c` may stand where it is: parties, agents, institutions and accounts hold only their
// own elements ("Nm" inside an agent, next to FinInstnId, is none of them).
bool IsKnownHere(const pugi::xml_node& c) {
  std::string_view n = LocalName(c), parent = LocalName(c.parent());
  auto among = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  if (!IsKnownElement(n)) return false;
  if (IsCode(parent) && parent != "Sgntr") return false;  // a code, amount or date holds no element
  if (IsAgentName(parent) || (IsPartyName(parent) && Child(c.parent(), "FinInstnId")))
    return among({"FinInstnId", "BrnchId"});
  if (IsPartyName(parent)) return among({"Nm", "PstlAdr", "Id", "CtryOfRes", "CtctDtls"});
  if (parent == "FinInstnId") return among({"BICFI", "BIC", "ClrSysMmbId", "LEI", "Nm", "PstlAdr", "Othr"});
  if (IsAccountName(parent)) return among({"Id", "Tp", "Ccy", "Nm", "Prxy"});
  return true;
}

// Element nesting a message may have: Walk below recurses once per level, so a message nested
// thousands deep would exhaust the stack. Real pacs messages nest about a dozen deep.
constexpr int kMaxDepth = 64;

// The first element nested deeper than kMaxDepth, found by pugixml's iterative traversal.
pugi::xml_node TooDeep(pugi::xml_document& doc) {
  struct Finder : pugi::xml_tree_walker {
    pugi::xml_node found;
    bool for_each(pugi::xml_node& n) override {
      if (depth() < kMaxDepth) return true;
      found = n;
      return false;
    }
  } finder;
  doc.traverse(finder);
  return finder.found;
}

// "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#38;" or "&#x26;" at the start of `s`.
bool StartsWithReference(std::string_view s) {
  for (std::string_view named : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
    if (s.starts_with(named)) return true;
  if (!s.starts_with("&#")) return false;
  const bool hex = s.size() > 2 && s[2] == 'x';
  size_t i = hex ? 3 : 2, first = i;
  while (i < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[i])) : std::isdigit(static_cast<unsigned char>(s[i]))))
    ++i;
  return i > first && i < s.size() && s[i] == ';';
}

// Markup pugixml passes over that a payment has no use for, at its offsets (outside comments,
// CDATA and processing instructions): a DOCTYPE, whose entities are not expanded, and an '&' that
// is no XML reference ("&name;" stays as written). A name written through either is not screened.
std::vector<std::pair<size_t, std::string>> UnreadMarkup(std::string_view xml) {
  static constexpr std::pair<std::string_view, std::string_view> kSkipped[] = {
      {"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};
  constexpr size_t kMost = 8;  // enough to say what is wrong
  std::vector<std::pair<size_t, std::string>> found;
  for (size_t i = 0; i < xml.size() && found.size() < kMost; ++i) {
    std::string_view rest = xml.substr(i);
    if (rest[0] == '&' && !StartsWithReference(rest)) {
      found.emplace_back(i, "'&' that is no XML reference (&amp; &lt; &gt; &quot; &apos; &#N;): the text is not read as written");
    } else if (rest.starts_with("<!DOCTYPE")) {
      found.emplace_back(i, "DOCTYPE declaration: a payment message has none, and its entities are not expanded");
    } else if (rest[0] == '<') {
      for (const auto& [open, close] : kSkipped) {
        if (!rest.starts_with(open)) continue;
        size_t end = xml.find(close, i + open.size());
        if (end == std::string_view::npos) return found;  // the XML error says so
        i = end + close.size() - 1;
        break;
      }
    }
  }
  return found;
}

// Whose name an Nm the party readers do not take is: an account's, a contact's, a second one.
std::string NameRole(const pugi::xml_node& nm) {
  std::string_view parent = LocalName(nm.parent());
  if (IsAccountName(parent)) return RoleOf(parent.substr(0, parent.size() - 4)) + " account name";
  if (parent == "CtctDtls") return RoleOf(LocalName(nm.parent().parent())) + " contact name";
  return RoleOf(parent) + " (a further name)";
}

bool Readable(const PaymentMessage& m) {
  for (const auto& p : m.parties)
    if (!p.bic.empty() || !p.name.empty() || !p.lei.empty() || !p.account.empty() || !p.address_lines.empty() ||
        !p.ids.empty() || !p.country.empty())
      return true;
  for (const auto& t : m.free_text)  // the reference alone says nothing about the payment
    if (t.field != "GrpHdr/MsgId" && (!t.lines.empty() || !t.countries.empty())) return true;
  return false;
}

}  // namespace

bool Landmarks::for_each(pugi::xml_node& n) {
  if (n.type() != pugi::node_element) return true;
  std::string_view name = LocalName(n);
  if (name == "Document" || IsBody(name)) {
    pugi::xml_node& first = name == "Document" ? document : body;
    (first ? seconds.emplace_back(n) : first) = n;
  }
  if (!header && name == "AppHdr") header = n;
  if (!Trim(OwnText(n)).empty() && HasElementChild(n)) mixed.push_back(n);
  return true;
}

void PacsParser::AddUnread(const pugi::xml_node& n, std::string value, bool unparsed) {
  std::string_view name = LocalName(n);
  if (!unparsed && name == "Nm") {  // an account's, a contact's or a party's further name
    Party& p = msg_.parties.emplace_back();
    p.field = FieldPathOf(n.parent());
    p.line = Line(n);
    p.role = NameRole(n);
    p.name = std::move(value);
    return;
  }
  FreeText t{unparsed ? "unparsed" : FieldPathOf(n), {}, {}, Line(n)};
  std::string country = name.starts_with("Ctry") ? CountryFromName(value) : "";
  if (!country.empty()) CheckCountryOfToday(n, PathOf(n), country);  // USSR as SU
  (country.empty() ? t.lines : t.countries).push_back(country.empty() ? std::move(value) : country);
  msg_.free_text.push_back(std::move(t));
}

// The schemas define one attribute, an amount's currency (Ccy), besides the namespaces: a value
// in any other (<Cdtr Nm="...">) is read by no field, so it is a fault and screened as text.
void PacsParser::SweepAttributes(const pugi::xml_node& c) {
  for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    bool schema_instance = name == "xsi:schemaLocation" || name == "xsi:noNamespaceSchemaLocation" ||
                           name == "xsi:type" || name == "xsi:nil";
    if (name == "Ccy") {
      CheckCurrency(c, a.value());
      CheckAmount(c, a.value());
      continue;
    }
    if (name == "xmlns" || name.starts_with("xmlns:") || schema_instance) continue;
    if (check_known_)
      Fault(c, PathOf(c), "attribute '" + std::string(name) + "' not defined here: its value is screened as unparsed text");
    if (std::string v(Trim(a.value())); !v.empty()) msg_.free_text.push_back({"unparsed", {std::move(v)}, {}, Line(c)});
  }
}

// After an XML error Sweep does not run: the currencies of the amounts and accounts read before
// the error are checked here, or a cut-off message would have none checked.
void PacsParser::CheckEveryCurrency(const pugi::xml_node& node) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (pugi::xml_attribute ccy = c.attribute("Ccy")) {
      CheckCurrency(c, ccy.value());
      CheckAmount(c, ccy.value());
    }
    if (LocalName(c) == "Ccy") CheckCurrency(c, ValueOf(c));
    CheckEveryCurrency(c);
  }
}

// Text before or after the root element (a second message pasted after the first) is read by no
// field: a fault, screened as text.
void PacsParser::OutsideTheRoot(const pugi::xml_node& text) {
  std::string v(Trim(text.value()));
  if (v.empty()) return;
  Fault(text, "", "text outside the root element: screened as unparsed text");
  msg_.free_text.push_back({"unparsed", {std::move(v)}, {}, Line(text)});
}

// A code, amount, date or time in its place: its value is screened as text when it has another
// shape, and an element inside it is out of place (IsKnownHere). The header's signature holds
// digests and keys.
void PacsParser::SweepCode(const pugi::xml_node& c) {
  if (LocalName(c) == "Sgntr" && LocalName(c.parent()) == "AppHdr") return;
  if (LocalName(c) == "Ccy") CheckCurrency(c, ValueOf(c));  // an account's currency
  std::string v(Trim(OwnText(c)));
  if (!v.empty() && !CodeShaped(v)) AddUnread(c, std::move(v), false);  // read or not: a code is not screened
  SweepAttributes(c);
  Sweep(c, false);
}

void PacsParser::Sweep(const pugi::xml_node& node, bool unparsed) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata && node.type() == pugi::node_document) OutsideTheRoot(c);
    if (c.type() != pugi::node_element) continue;
    bool known = node.type() == pugi::node_document ? c == root_
                                                    : IsKnownHere(c) || wrappers_.count(c.internal_object());
    bool second = std::find(seconds_.begin(), seconds_.end(), c) != seconds_.end();
    bool read = read_.count(c.internal_object()) > 0;  // as part of a value: a fault of its own if any
    bool unknown = check_known_ && !unparsed && !second && !known && !read;
    if (unknown)
      Fault(c, PathOf(c), "element not defined here: not read as part of the message; its text is screened as "
                          "unparsed text");
    if (IsCode(LocalName(c)) && !unknown && !unparsed && !second) {
      SweepCode(c);
      continue;
    }
    std::string v(Trim(OwnText(c)));
    // A letter in any script: a byte of a multi-byte character counts ("Сбербанк").
    bool letters = std::any_of(v.begin(), v.end(), [](char x) {
      return std::isalpha(static_cast<unsigned char>(x)) || static_cast<unsigned char>(x) >= 0x80;
    });
    if (letters && !read) AddUnread(c, std::move(v), unparsed || second || unknown);
    SweepAttributes(c);
    Sweep(c, unparsed || second || unknown);
  }
}

void PacsParser::Salvage(size_t offset) {
  // Leaf elements "<Nm>text</Nm>" of the whole text: names and BICs the tree does not hold as a
  // party's (after the error, or misplaced by it: a Cdtr inside an unclosed CdtrAgt) become parties
  // of their own, every other text not read yet is screened as free text.
  std::unordered_set<std::string> known;
  for (const auto& p : msg_.parties) {
    for (const std::string* v : {&p.name, &p.bic, &p.town, &p.country_subdivision, &p.birth_place, &p.country,
                                 &p.residence_country, &p.birth_country})
      known.insert(*v);
    known.insert(p.address_lines.begin(), p.address_lines.end());
  }
  for (const auto& t : msg_.free_text) {
    known.insert(t.lines.begin(), t.lines.end());
    known.insert(t.countries.begin(), t.countries.end());
  }
  size_t line = lines_.LineOf(static_cast<ptrdiff_t>(offset));
  FreeText t{"unparsed", {}, {}, line};
  auto party = [&](size_t at) -> Party& {
    Party& p = msg_.parties.emplace_back();
    p.field = "unparsed";
    p.role = "party after the XML error";
    p.line = lines_.LineOf(static_cast<ptrdiff_t>(at));
    return p;
  };
  for (size_t lt = xml_.find('<'); lt != std::string_view::npos; lt = xml_.find('<', lt + 1)) {
    size_t gt = xml_.find('>', lt);
    if (gt == std::string_view::npos) break;
    std::string_view tag = xml_.substr(lt + 1, gt - lt - 1);
    if (tag.empty() || tag[0] == '/' || tag[0] == '?' || tag[0] == '!' || tag.back() == '/') continue;
    tag = tag.substr(0, tag.find_first_of(" \t\r\n"));
    if (size_t colon = tag.find(':'); colon != std::string_view::npos) tag.remove_prefix(colon + 1);
    size_t next = xml_.find('<', gt);
    std::string v(Trim(xml_.substr(gt + 1, (next == std::string_view::npos ? xml_.size() : next) - gt - 1)));
    if (v.empty() || known.count(v) || known.count(BicKey(v)) ||
        std::none_of(v.begin(), v.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }))
      continue;
    if (tag == "Nm") party(lt).name = v;
    else if ((tag == "BICFI" || tag == "AnyBIC" || tag == "BIC") && IsBic(BicKey(v))) party(lt).bic = BicKey(v);
    else if ((tag == "Ctry" || tag == "CtryOfRes" || tag == "CtryOfBirth") && !CountryFromName(v).empty()) t.countries.push_back(CountryFromName(v));
    else if (!IsCode(tag)) t.lines.push_back(v);  // references too, as in the tree (Sweep)
  }
  if (!t.lines.empty() || !t.countries.empty()) msg_.free_text.push_back(std::move(t));
}

StatusOr<PaymentMessage> PacsParser::Parse() {
  pugi::xml_document doc;
  // As a fragment: text outside the root element is kept, to be screened (OutsideTheRoot).
  pugi::xml_parse_result r = doc.load_buffer(xml_.data(), xml_.size(), pugi::parse_default | pugi::parse_fragment, pugi::encoding_utf8);
  msg_.format = MessageFormat::kIso20022;
  msg_.first_line = 1;
  if (!r) {
    // pugixml keeps what it read before the error; the rest is read element by element.
    msg_.faults.push_back({lines_.LineOf(r.offset), "", std::string("XML error: ") + r.description() +
                                                           "; the message is read as far as it goes"});
  }
  if (pugi::xml_node deep = TooDeep(doc))  // too deep to read safely: not screened, never clear
    return Status::InvalidArgument("line " + std::to_string(Line(deep)) + ": XML elements nested deeper than " +
                                   std::to_string(kMaxDepth) + " levels (the limit)");
  for (const auto& [offset, what] : UnreadMarkup(xml_)) msg_.faults.push_back({lines_.LineOf(offset), "", what});
  Landmarks marks;
  doc.traverse(marks);
  seconds_ = marks.seconds;
  for (const pugi::xml_node& n : marks.seconds)
    Fault(n, PathOf(n), "a second message in one file: only the first is read as a message, the text of the "
                        "others is screened as unparsed text");
  for (pugi::xml_node n : {marks.document, marks.header, marks.body})
    for (n = n.parent(); n && n.type() == pugi::node_element; n = n.parent()) wrappers_.insert(n.internal_object());
  for (const pugi::xml_node& n : marks.mixed)
    Fault(n, PathOf(n), "text and elements mixed in one field: read as its whole text");
  if (marks.header) ReadHeader(marks.header);
  if (marks.body) {
    std::string body_name(LocalName(marks.body));
    std::string kind = body_name == "FIToFICstmrCdtTrf" ? "pacs.008" : "pacs.009";
    if (!marks.document)
      Fault(marks.body, body_name, "no Document element around the message; read where it stands");
    msg_.type = MessageType(marks, kind);
    std::string top = "Document/" + body_name;
    pugi::xml_node grp = Child(marks.body, "GrpHdr");
    msg_.reference = ValueOf(Child(grp, "MsgId"));  // left unread: a reference is screened as text too
    if (!grp) Fault(marks.body, top + "/GrpHdr", "missing");
    else if (msg_.reference.empty()) Fault(grp, top + "/GrpHdr/MsgId", "missing or empty message identification");
    Walk(grp, "GrpHdr", top + "/GrpHdr", false);
    ReadTransactions(marks.body, top, kind);
    for (pugi::xml_node c = marks.body.first_child(); c; c = c.next_sibling())  // SplmtryData of the message
      if (IsTextName(LocalName(c))) AddText(c, std::string(LocalName(c)));
    check_known_ = true;
  } else if (pugi::xml_node root = doc.document_element()) {
    // Another ISO 20022 message (pacs.004, pain.001, camt...): its parties are read wherever they sit.
    pugi::xml_node inner = marks.document ? marks.document.first_child() : root;
    std::string name(LocalName(inner ? inner : root));
    Fault(inner ? inner : root, (marks.document ? "Document/" : "") + name, "unsupported message (supported: pacs.008 FIToFICstmrCdtTrf, pacs.009 FICdtTrf); "
                                      "its parties, agents and texts are read wherever they sit");
    msg_.type = name;
    Walk(marks.document ? marks.document : root, "", std::string(LocalName(root)), false);
  }
  root_ = doc.document_element();
  // After an XML error the tree is misnested: Salvage reads every text of the whole input instead.
  if (r) {
    Sweep(doc, false);  // checks every currency too (SweepAttributes, SweepCode)
  } else {
    CheckEveryCurrency(doc);
    Salvage(static_cast<size_t>(std::max<ptrdiff_t>(r.offset, 0)));
  }
  for (auto& [field, acct, line] : accounts_) {
    bool held = false;
    for (auto& p : msg_.parties)
      if (p.field == field) {
        held = true;
        if (p.account.empty()) p.account = acct;
      }
    if (!held) msg_.free_text.push_back({field + "Acct", {acct}, {}, line});  // no party's (SttlmAcct): screened as text
  }
  std::stable_sort(msg_.faults.begin(), msg_.faults.end(),
                   [](const FormatFault& a, const FormatFault& b) { return a.line < b.line; });
  if (!Readable(msg_)) {
    return Status::InvalidArgument(FaultText(msg_.faults, 1) + " (nothing could be read to screen)");
  }
  return std::move(msg_);
}

}  // namespace embargo::payments::pacs

namespace embargo::payments {

namespace {

// The encoding the XML declaration names, lower-cased, or "" when none is named.
std::string DeclaredEncoding(std::string_view xml) {
  size_t start = xml.find("<?xml");
  if (start == std::string_view::npos || xml.find_first_not_of(" \t\r\n\xEF\xBB\xBF") != start) return "";
  std::string_view decl = xml.substr(start, xml.find("?>", start) - start);
  size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return "";
  size_t quote = decl.find_first_of("\"'", at);
  if (quote == std::string_view::npos) return "";
  size_t end = decl.find(decl[quote], quote + 1);
  if (end == std::string_view::npos) return "";
  std::string name(decl.substr(quote + 1, end - quote - 1));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name;
}

// `bytes` in `charset` as UTF-8 (a line of the input stays a line), or why it cannot be read.
StatusOr<std::string> ToUtf8(std::string_view bytes, const std::string& charset) {
  if (bytes.size() > 64u << 20) return Status::InvalidArgument("too large to convert");
  UErrorCode status = U_ZERO_ERROR;
  const auto n = static_cast<int32_t>(bytes.size());
  int32_t needed = ucnv_convert("UTF-8", charset.c_str(), nullptr, 0, bytes.data(), n, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return Status::InvalidArgument(u_errorName(status));
  std::string out(static_cast<size_t>(needed), '\0');
  status = U_ZERO_ERROR;
  ucnv_convert("UTF-8", charset.c_str(), out.data(), needed, bytes.data(), n, &status);
  if (U_FAILURE(status)) return Status::InvalidArgument(u_errorName(status));
  return out;
}

}  // namespace

// A message in another encoding it declares (windows-1251, koi8-r) is read in it; bytes that are
// not UTF-8 where none other is declared are read as '?' and the fault names them: the names
// they spell cannot be screened, so the message is never clear.
StatusOr<PaymentMessage> ParsePacs(std::string_view xml) {
  std::string charset = DeclaredEncoding(xml);
  bool declared_8bit = !charset.empty() && charset != "utf-8" && charset != "utf8" && charset != "us-ascii" && charset != "ascii";
  if (declared_8bit && !text::IsAscii(xml) && IsValidUtf8(xml)) {
    // UTF-8 under another name (ISO 20022 asks for UTF-8, and a sender may label it wrongly):
    // read as UTF-8, as most receivers do, and held for review, since the label says otherwise.
    StatusOr<PaymentMessage> m = pacs::PacsParser(xml).Parse();
    if (m.ok())
      m->faults.insert(m->faults.begin(), {1, "", "the XML declaration names encoding '" + charset +
                                                     "' but the bytes are UTF-8: read as UTF-8"});
    return m;
  }
  if (declared_8bit) {
    StatusOr<std::string> utf8 = ToUtf8(xml, charset);
    if (!utf8.ok())
      return Status::InvalidArgument("line 1: the XML declaration's encoding '" + charset +
                                     "' cannot be read: " + utf8.status().message());
    return pacs::PacsParser(*utf8).Parse();
  }
  size_t bad = InvalidUtf8Offset(xml);
  if (bad == std::string_view::npos) return pacs::PacsParser(xml).Parse();
  std::string read = WithInvalidUtf8As(xml, '?');
  StatusOr<PaymentMessage> m = pacs::PacsParser(read).Parse();
  if (m.ok()) {
    size_t line = 1 + static_cast<size_t>(std::count(xml.begin(), xml.begin() + static_cast<ptrdiff_t>(bad), '\n'));
    auto at = std::find_if(m->faults.begin(), m->faults.end(), [&](const FormatFault& f) { return f.line > line; });
    m->faults.insert(at, {line, "", "bytes that are not UTF-8, and no other encoding declared: read as '?', "
                                                   "the names they spell are not screened (declare the encoding or "
                                                   "send UTF-8)"});
  }
  return m;
}

}  // namespace embargo::payments
