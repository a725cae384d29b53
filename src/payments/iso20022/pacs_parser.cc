#include "payments/iso20022/pacs_parser.h"

#include <pugixml.hpp>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/check_digits.h"
#include "common/currencies.h"
#include "common/dates.h"
#include "common/io.h"
#include "common/line_index.h"
#include "common/strings.h"
#include "common/xml_file.h"
#include "entity/countries.h"
#include "payments/address.h"
#include "payments/bic.h"
#include "text/code_points.h"

namespace embargo::payments {
namespace {

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  return {};
}

bool IsText(const pugi::xml_node& n) { return n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata; }
bool HasElementChild(const pugi::xml_node& n) {
  return n.find_child([](const pugi::xml_node& c) { return c.type() == pugi::node_element; });
}

// A field's value: all the text below it, in document order, as XML reads an element's value;
// elements inside a field are a fault of their own (MixedContent), their text is still read.
std::string ValueOf(const pugi::xml_node& n) {
  if (!n) return {};
  std::string out = OwnText(n);
  if (HasElementChild(n)) {
    struct Collect : pugi::xml_tree_walker {
      std::string out;
      bool for_each(pugi::xml_node& d) override {
        if (IsText(d)) out += d.value();
        return true;
      }
    } all;
    pugi::xml_node copy = n;
    copy.traverse(all);
    out = std::move(all.out);
  }
  return std::string(Trim(out));
}

// A party element that names someone: a name, a BIC or an identifier with text. One that holds
// only a country or an address, or nothing, leaves nobody to screen.
constexpr const char* kNamesNoParty = "names no party: no name, BIC or identifier to screen";
bool NamesAParty(const pugi::xml_node& party) {
  struct Find : pugi::xml_tree_walker {
    bool found = false;
    bool for_each(pugi::xml_node& d) override {
      std::string_view name = LocalName(d);
      bool names = name == "Nm" || name == "BICFI" || name == "AnyBIC" || name == "LEI" || name == "Id" || name == "MmbId";
      found = d.type() == pugi::node_element && names && !ValueOf(d).empty();
      return !found;
    }
  } find;
  pugi::xml_node copy = party;
  copy.traverse(find);
  return find.found;
}

// Upper case letters and digits only: "deut de ff" -> "DEUTDEFF".
std::string BicKey(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsPartyName(std::string_view n) {
  return n == "Dbtr" || n == "Cdtr" || n == "UltmtDbtr" || n == "UltmtCdtr" || n == "InitgPty";
}
bool IsAgentName(std::string_view n) {
  static const std::unordered_set<std::string_view> kAgents = {
      "DbtrAgt",          "CdtrAgt",          "IntrmyAgt1",      "IntrmyAgt2",    "IntrmyAgt3",
      "PrvsInstgAgt1",    "PrvsInstgAgt2",    "PrvsInstgAgt3",   "InstgAgt",      "InstdAgt",
      "InstgRmbrsmntAgt", "InstdRmbrsmntAgt", "ThrdRmbrsmntAgt", "Agt"};
  return kAgents.count(n) > 0;
}
bool IsTextName(std::string_view n) {
  return n == "RmtInf" || n == "Purp" || n == "RgltryRptg" || n == "RltdRmtInf" || n == "InstrForCdtrAgt" ||
         n == "InstrForNxtAgt" || n == "SplmtryData" || n == "Tax";
}
bool IsBody(std::string_view n) { return n == "FIToFICstmrCdtTrf" || n == "FICdtTrf"; }
bool IsAccountName(std::string_view n) { return n.size() > 4 && n.ends_with("Acct"); }

// A decimal amount ("1500.25") in millionths; nullopt when it is none (or finer than a millionth).
std::optional<__int128> Millionths(std::string_view v) {
  if (v.empty() || v.size() > 40 || v.front() == '.' || v.back() == '.') return std::nullopt;
  __int128 out = 0;
  int decimals = -1;
  for (char c : v) {
    if (c == '.' && decimals < 0) {
      decimals = 0;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    } else if (decimals < 6) {
      out = out * 10 + (c - '0');
      decimals += decimals >= 0;
    } else if (c != '0') {
      return std::nullopt;
    }
  }
  for (int d = std::max(decimals, 0); d < 6; ++d) out *= 10;
  return out;
}

// Millionths as a decimal with two decimals at least ("150.5" -> "150.50").
std::string DecimalText(__int128 millionths) {
  std::string digits;
  for (__int128 v = millionths; v > 0 || digits.size() < 7; v /= 10) digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
  std::string out = digits.substr(0, digits.size() - 6) + "." + digits.substr(digits.size() - 6);
  while (out.size() > out.find('.') + 3 && out.back() == '0') out.pop_back();
  return out;
}

// How many digits a decimal written as digits with an optional '.' and decimals has on each side
// ("250.50": 3 and 2), or nullopt when it is not so written ("250.", ".5", "+250", "1,000.00").
struct DecimalDigits {
  size_t whole = 0, decimals = 0;
};
std::optional<DecimalDigits> ReadDecimalDigits(std::string_view v) {
  const size_t dot = v.find('.');
  const std::string_view whole = v.substr(0, dot), decimals = dot == std::string_view::npos ? "" : v.substr(dot + 1);
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  if (!digits(whole) || (dot != std::string_view::npos && !digits(decimals))) return std::nullopt;
  return DecimalDigits{whole.size(), decimals.size()};
}

// Why `v` is no ISO 20022 amount in `ccy` (ActiveOrHistoricCurrencyAndAmount: digits with an
// optional '.' and decimals, 18 digits and 5 decimals at most, and ISO 4217's decimals for the
// currency), or "" when it is one. xs:decimal's "250." and ".5" are refused: fail closed.
std::string AmountFault(std::string_view v, std::string_view ccy) {
  const std::optional<DecimalDigits> d = ReadDecimalDigits(v);
  if (!d || d->whole + d->decimals > 18 || (d->decimals > 5 && CurrencyMinorUnits(ccy) < 0))
    return "'" + std::string(v) + "' is not an ISO 20022 amount (digits, a '.' and decimals if any: 18 digits, 5 decimals at most)";
  if (int allowed = CurrencyMinorUnits(ccy); allowed >= 0 && d->decimals > static_cast<size_t>(allowed))
    return "'" + std::string(v) + "' has more decimals than " + std::string(ccy) + " has (" + std::to_string(allowed) + ", ISO 4217)";
  return "";
}

// Whether `v` is an exchange rate (BaseOneRate: digits with an optional '.' and decimals, 11
// digits and 10 decimals at most).
bool IsBaseOneRate(std::string_view v) {
  const std::optional<DecimalDigits> d = ReadDecimalDigits(v);
  return d && d->whole + d->decimals <= 11 && d->decimals <= 10;
}

// Elements whose text is a code, an amount, a date or a time: nothing a name or place could be in.
// Sgntr (the header's XML signature) holds digests and keys.
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

std::string RoleOf(std::string_view n) {
  static constexpr std::pair<std::string_view, std::string_view> kRoles[] = {
      {"Dbtr", "debtor"},
      {"Cdtr", "creditor"},
      {"UltmtDbtr", "ultimate debtor"},
      {"UltmtCdtr", "ultimate creditor"},
      {"InitgPty", "initiating party"},
      {"DbtrAgt", "debtor agent"},
      {"CdtrAgt", "creditor agent"},
      {"InstgAgt", "instructing agent"},
      {"InstdAgt", "instructed agent"},
      {"InstgRmbrsmntAgt", "instructing reimbursement agent"},
      {"InstdRmbrsmntAgt", "instructed reimbursement agent"},
      {"ThrdRmbrsmntAgt", "third reimbursement agent"},
      {"Agt", "charges agent"},
      {"Fr", "sender"},
      {"To", "receiver"},
  };
  for (const auto& [element, role] : kRoles)
    if (n == element) return std::string(role);
  // Numbered agents: IntrmyAgt1 -> "intermediary agent 1".
  if (n.starts_with("IntrmyAgt")) return "intermediary agent " + std::string(n.substr(9));
  if (n.starts_with("PrvsInstgAgt")) return "previous instructing agent " + std::string(n.substr(12));
  return std::string(n);
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

// The first elements of a document named Document, AppHdr and FIToFICstmrCdtTrf or FICdtTrf,
// wherever they sit (bare, in an Envelope, a <Message> or any other wrapper). Iterative.
// "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Cdtr/Nm": local names from the root (depth is bounded).
std::string PathOf(pugi::xml_node n) {
  std::string path(LocalName(n));
  for (n = n.parent(); n && n.type() == pugi::node_element; n = n.parent()) path = std::string(LocalName(n)) + "/" + path;
  return path;
}

// Whose name an Nm the party readers do not take is: an account's, a contact's, a second one.
std::string NameRole(const pugi::xml_node& nm) {
  std::string_view parent = LocalName(nm.parent());
  if (IsAccountName(parent)) return RoleOf(parent.substr(0, parent.size() - 4)) + " account name";
  if (parent == "CtctDtls") return RoleOf(LocalName(nm.parent().parent())) + " contact name";
  return RoleOf(parent) + " (a further name)";
}

// Also what is read with a fault: a second Document or message body (only the first is read),
// and elements holding both text and elements (read as their whole text).
struct Landmarks : pugi::xml_tree_walker {
  pugi::xml_node document, header, body;
  std::vector<pugi::xml_node> seconds, mixed;
  bool for_each(pugi::xml_node& n) override {
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
};

class PacsParser {
 public:
  explicit PacsParser(std::string_view xml) : xml_(xml), lines_(xml) {}
  StatusOr<PaymentMessage> Parse();

 private:
  size_t Line(const pugi::xml_node& n) { return lines_.LineOf(n.offset_debug()); }
  void Fault(const pugi::xml_node& n, const std::string& path, const std::string& what) {
    msg_.faults.push_back({Line(n), path, what});
  }
  // Reading a value marks its element, and all below it, read: Sweep screens what nothing read.
  std::string Text(const pugi::xml_node& n);
  std::string ChildText(const pugi::xml_node& n, std::string_view name) { return Text(Child(n, name)); }
  void MarkRead(const pugi::xml_node& n);
  // Below `node`: faults elements pacs.008/009 do not have there, screens every text not read.
  // `unparsed`: below an element that is a fault already, whose text is screened as unparsed.
  void Sweep(const pugi::xml_node& node, bool unparsed);
  void SweepAttributes(const pugi::xml_node& element);
  void SweepCode(const pugi::xml_node& element);
  void CheckCurrency(const pugi::xml_node& element, std::string_view code);
  void CheckAmount(const pugi::xml_node& element, std::string_view ccy);
  void OutsideTheRoot(const pugi::xml_node& text);
  void AddUnread(const pugi::xml_node& n, std::string value, bool unparsed);
  // Walks `node`'s children: parties and agents are extracted, free text collected, the rest
  // searched. `field` is the path below the transaction, `full` the path from Document.
  void Walk(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying);
  void ExtractParty(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying,
                    const std::string& role_prefix = "");
  void AddBranch(const pugi::xml_node& holder, const std::string& field, const std::string& full, const std::string& role);
  // `rel` is the path from the party element to `fi` or `node` ("FinInstnId", "FIId/FinInstnId").
  void ExtractInstitution(const pugi::xml_node& fi, const std::string& base, const std::string& rel, Party& p);
  void ExtractOrgOrPerson(const pugi::xml_node& node, const std::string& full, const std::string& rel, Party& p);
  void ReadHeader(const pugi::xml_node& header);
  void ReadHeaderSides(const pugi::xml_node& parent, const std::string& path, const std::string& prefix);
  void ReadOlderHeader(const pugi::xml_node& header);
  void ReadIds(const pugi::xml_node& parent, Party& p);
  std::string Bic(const pugi::xml_node& n, const std::string& path);
  std::string Lei(const pugi::xml_node& n, const std::string& path);
  void Address(const pugi::xml_node& adr, const std::string& full, Party& p);
  std::string Country(const pugi::xml_node& n, const std::string& full, Party* p);
  void CheckCountryOfToday(const pugi::xml_node& n, const std::string& path, std::string_view code);
  void AddText(const pugi::xml_node& node, const std::string& field);
  std::string MessageType(const Landmarks& marks, const std::string& kind);
  void ReadTransactions(const pugi::xml_node& body, const std::string& top, const std::string& kind);
  void CheckTotals(const pugi::xml_node& body, const std::string& top, const std::vector<pugi::xml_node>& txs);
  void SetMessageAmount(const std::vector<pugi::xml_node>& txs);
  void CheckEveryCurrency(const pugi::xml_node& node);
  void RequireParties(const pugi::xml_node& holder, const std::string& full, const std::vector<const char*>& required,
                      const std::string& kind);
  // After an XML error at `offset`: the rest of the text, element by element.
  void Salvage(size_t offset);

  // "CdtTrfTxInf[n]/" for a transaction among several, "" for the only one; numbered once for all
  // siblings, so that naming many fields of many transactions stays linear.
  const std::string& TransactionPrefix(const pugi::xml_node& tx);
  std::string FieldPathOf(const pugi::xml_node& n);

  std::string_view xml_;
  LineIndex lines_;
  PaymentMessage msg_;
  std::vector<std::tuple<std::string, std::string, size_t>> accounts_;  // party field, account, line
  std::unordered_set<pugi::xml_node_struct*> read_;
  std::unordered_map<pugi::xml_node_struct*, std::string> tx_prefixes_;
  std::unordered_set<pugi::xml_node_struct*> wrappers_;  // elements around Document, AppHdr, the body
  std::vector<pugi::xml_node> seconds_;                  // a second Document or body, a fault already
  pugi::xml_node root_;        // the first top-level element; another is no part of the message
  bool check_known_ = false;  // a pacs.008 or pacs.009, whose elements are known
};

void PacsParser::MarkRead(const pugi::xml_node& n) {
  struct Marker : pugi::xml_tree_walker {
    std::unordered_set<pugi::xml_node_struct*>* read;
    bool for_each(pugi::xml_node& d) override {
      read->insert(d.internal_object());
      return true;
    }
  } marker;
  marker.read = &read_;
  if (!n) return;
  read_.insert(n.internal_object());
  pugi::xml_node copy = n;
  copy.traverse(marker);
}

std::string PacsParser::Text(const pugi::xml_node& n) {
  MarkRead(n);
  return ValueOf(n);
}

// A country code element: ISO alpha-2, else a country name ("Iran") with a fault, else the text is
// kept as an address line for the place check.
std::string PacsParser::Country(const pugi::xml_node& n, const std::string& full, Party* p) {
  std::string v = Text(n);
  if (v.size() == 2 && std::isupper(static_cast<unsigned char>(v[0])) && std::isupper(static_cast<unsigned char>(v[1])) &&
      !CountryName(v).empty()) {
    CheckCountryOfToday(n, full, v);
    return v;
  }
  std::string code = CountryFromName(v);
  Fault(n, full, "'" + v + "' is not an ISO 3166 alpha-2 country code" + (code.empty() ? "" : "; read as " + code));
  if (code.empty() && p && !v.empty()) p->address_lines.push_back(v);
  return code;
}

// A code ISO 3166 has withdrawn (SU, YU, CS, AN), which the lists still give and CountryName
// knows, names no country of today: a fault, as in a BIC. It is read all the same: the geographic
// check reads it as the countries it became (SU: Russia, Belarus, Ukraine, ...).
void PacsParser::CheckCountryOfToday(const pugi::xml_node& n, const std::string& path, std::string_view code) {
  const std::string_view former = CountryName(code);
  if (former.empty() || IsCurrentCountryCode(code)) return;
  Fault(n, path, "'" + std::string(code) + "' is the withdrawn ISO 3166 code of " + std::string(former) +
                     ", no country today; checked as the countries it became");
}

std::string PacsParser::Bic(const pugi::xml_node& n, const std::string& path) {
  std::string v = Text(n);
  if (IsBic(v)) return v;
  std::string key = BicKey(v);
  bool usable = key.size() == 8 || key.size() == 11;
  std::string country = HasBicForm(v) ? " (" + BicCountryFault(v.substr(4, 2)) + ")" : "";
  Fault(n, path, "'" + v + "' is not a BIC" + country + (usable ? "; checked as " + key : ""));
  return usable ? key : std::string();
}

// An LEI element: one that is no LEI (ISO 17442: 18 letters or digits and two check digits) is a
// fault, as a BIC that is none, and its text is screened as free text besides the exact lookup.
std::string PacsParser::Lei(const pugi::xml_node& n, const std::string& path) {
  std::string v = Text(n);
  if (v.empty() || IsLei(v)) return v;
  Fault(n, path, "'" + v + "' is not an LEI (18 letters or digits and 2 check digits, ISO 17442); screened as text");
  msg_.free_text.push_back({FieldPathOf(n), {v}, {}, Line(n)});
  return v;
}

void PacsParser::Address(const pugi::xml_node& adr, const std::string& full, Party& p) {
  std::string street;
  std::vector<std::string> lines;
  for (pugi::xml_node c = adr.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view n = LocalName(c);
    if (n == "AdrTp") continue;  // a code, or a proprietary type whose texts Sweep screens
    std::string v = Text(c);
    if (n == "Ctry") {
      p.country = Country(c, full + "/Ctry", &p);
    } else if (n == "TwnNm" || n == "TwnLctnNm" || n == "DstrctNm") {
      if (!v.empty()) p.town += (p.town.empty() ? "" : ", ") + v;
    } else if (n == "CtrySubDvsn") {
      p.country_subdivision = v;
    } else if (n == "AdrLine") {
      if (!v.empty()) lines.push_back(v);
    } else if (!v.empty()) {  // Dept, StrtNm, BldgNb, BldgNm, Flr, PstBx, Room, PstCd, ...
      street += (street.empty() ? "" : ", ") + v;
    }
  }
  if (!street.empty()) {
    p.address_lines.insert(p.address_lines.begin(), street);
    p.street_lines = 1;
  }
  p.address_lines.insert(p.address_lines.end(), lines.begin(), lines.end());
  if (p.country.empty() && !lines.empty()) p.country = AddressCountry(lines);
}

void PacsParser::AddText(const pugi::xml_node& node, const std::string& field) {
  FreeText t{field, {}, {}, Line(node)};
  MarkRead(node);
  // Every text leaf, in document order: Ustrd lines, structured references, purpose codes.
  // Codes from ISO external code lists (Cd, Ccy, indicators), dates and amounts are no text to
  // screen, except the purpose code itself; country codes are kept apart for the geographic check.
  struct Leaves : pugi::xml_tree_walker {
    PacsParser* parser;
    FreeText* out;
    bool purpose = false;  // Purp/Cd is the purpose itself: kept for the free-text check
    bool for_each(pugi::xml_node& n) override {
      if (n.type() != pugi::node_element) return true;
      std::string v(Trim(OwnText(n)));
      std::string_view parent = LocalName(n);
      if (v.empty()) return true;
      // A country the check can read; anything else in its place is screened as text.
      if ((parent == "Ctry" || parent == "CtryOfRes") && !CountryFromName(v).empty()) {
        out->countries.push_back(v);
        parser->CheckCountryOfToday(n, PathOf(n), v);
      } else if ((parent != "Cd" || purpose) && parent != "Ccy" && parent != "DbtCdtRptgInd" && parent != "Dt" &&
               parent != "Amt" && parent != "Mtd")
        out->lines.push_back(v);
      return true;
    }
  } walker;
  walker.parser = this;
  walker.out = &t;
  walker.purpose = LocalName(node) == "Purp";
  pugi::xml_node copy = node;
  walker.for_each(copy);  // its own text, where it has some, then its leaves'
  copy.traverse(walker);
  if (!t.lines.empty() || !t.countries.empty()) msg_.free_text.push_back(std::move(t));
}

void PacsParser::ReadIds(const pugi::xml_node& parent, Party& p) {
  for (pugi::xml_node o = parent.first_child(); o; o = o.next_sibling())
    if (LocalName(o) == "Othr" && !ChildText(o, "Id").empty())
      p.ids.push_back({ChildText(Child(o, "SchmeNm"), "Cd"), ChildText(o, "Id"), ""});
}

void PacsParser::ExtractInstitution(const pugi::xml_node& fi, const std::string& base, const std::string& rel,
                                    Party& p) {
  p.institution = true;
  p.nature = PartyNature::kOrganization;
  for (const char* element : {"BICFI", "BIC"})  // BIC: versions before .04
    if (pugi::xml_node b = Child(fi, element)) {
      p.bic = Bic(b, base + "/" + element);
      p.bic_path = rel + "/" + element;
    }
  p.lei = Lei(Child(fi, "LEI"), base + "/LEI");
  p.lei_path = rel + "/LEI";
  if (pugi::xml_node c = Child(fi, "ClrSysMmbId")) {
    std::string id = ChildText(c, "MmbId");
    if (!id.empty()) p.ids.push_back({"ClrSysMmbId " + ChildText(Child(c, "ClrSysId"), "Cd"), id, ""});
  }
  ReadIds(fi, p);
  p.name = ChildText(fi, "Nm");
  if (pugi::xml_node a = Child(fi, "PstlAdr")) Address(a, base + "/PstlAdr", p);
}

void PacsParser::ExtractOrgOrPerson(const pugi::xml_node& node, const std::string& full, const std::string& rel,
                                    Party& p) {
  std::string at = rel.empty() ? "" : rel + "/";
  p.name = ChildText(node, "Nm");
  if (pugi::xml_node a = Child(node, "PstlAdr")) Address(a, full + "/PstlAdr", p);
  pugi::xml_node id = Child(node, "Id");
  if (pugi::xml_node org = Child(id, "OrgId")) {
    p.nature = PartyNature::kOrganization;
    for (const char* element : {"AnyBIC", "BICOrBEI"})
      if (pugi::xml_node b = Child(org, element)) {
        p.bic = Bic(b, full + "/Id/OrgId/" + element);
        p.bic_path = at + "Id/OrgId/" + element;
      }
    p.lei = Lei(Child(org, "LEI"), full + "/Id/OrgId/LEI");
    p.lei_path = at + "Id/OrgId/LEI";
    ReadIds(org, p);
  }
  if (pugi::xml_node prv = Child(id, "PrvtId")) {
    p.nature = PartyNature::kPerson;
    if (pugi::xml_node b = Child(prv, "DtAndPlcOfBirth")) {
      p.birth_date = ChildText(b, "BirthDt");
      p.birth_place = ChildText(b, "CityOfBirth");
      if (pugi::xml_node c = Child(b, "CtryOfBirth"))
        p.birth_country = Country(c, full + "/Id/PrvtId/DtAndPlcOfBirth/CtryOfBirth", &p);
    }
    ReadIds(prv, p);
  }
  if (pugi::xml_node c = Child(node, "CtryOfRes")) p.residence_country = Country(c, full + "/CtryOfRes", &p);
  // The lists give e-mail addresses too: one is looked up as an identifier is.
  if (std::string email = ChildText(Child(node, "CtctDtls"), "EmailAdr"); !email.empty())
    p.ids.push_back({"e-mail", std::move(email), ""});
}

void PacsParser::ExtractParty(const pugi::xml_node& node, const std::string& field, const std::string& full,
                              bool underlying, const std::string& role_prefix) {
  // Mandatory or optional, a party or agent that is there must name someone: an empty one leaves
  // a bank or party of the payment unknown (an optional one left out is no fault).
  if (!NamesAParty(node)) Fault(node, full, kNamesNoParty);
  Party p;
  p.field = field;
  p.line = Line(node);
  p.role = role_prefix + RoleOf(LocalName(node));
  if (underlying) p.role += " (underlying customer credit transfer)";
  if (pugi::xml_node fi = Child(node, "FinInstnId")) {
    ExtractInstitution(fi, full + "/FinInstnId", "FinInstnId", p);
  } else {
    ExtractOrgOrPerson(node, full, "", p);
  }
  std::string role = p.role;
  msg_.parties.push_back(std::move(p));
  AddBranch(node, field, full, role);
}

void PacsParser::AddBranch(const pugi::xml_node& holder, const std::string& field, const std::string& full,
                           const std::string& role) {
  // A branch named apart from its institution (BrnchId) is screened as a party of its own.
  pugi::xml_node br = Child(holder, "BrnchId");
  if (br && !NamesAParty(br)) Fault(br, full + "/BrnchId", kNamesNoParty);  // as an empty party element
  if (!br || !(Child(br, "Nm") || Child(br, "PstlAdr") || Child(br, "LEI"))) return;
  Party b;
  b.field = field + "/BrnchId";
  b.line = Line(br);
  b.role = role + " (branch)";
  b.institution = true;
  b.nature = PartyNature::kOrganization;
  b.name = ChildText(br, "Nm");
  b.lei = Lei(Child(br, "LEI"), full + "/BrnchId/LEI");
  b.lei_path = "LEI";
  if (pugi::xml_node a = Child(br, "PstlAdr")) Address(a, full + "/BrnchId/PstlAdr", b);
  msg_.parties.push_back(std::move(b));
}

void PacsParser::Walk(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string n(LocalName(c));
    std::string f = field.empty() ? n : field + "/" + n;
    std::string p = full + "/" + n;
    if (IsPartyName(n) || IsAgentName(n)) {
      ExtractParty(c, f, p, underlying);
    } else if (n.size() > 4 && n.ends_with("Acct")) {
      pugi::xml_node id = Child(c, "Id");
      std::string acct = ChildText(id, "IBAN");
      if (acct.empty()) acct = ChildText(Child(id, "Othr"), "Id");
      if (!acct.empty()) accounts_.emplace_back(f.substr(0, f.size() - 4), acct, Line(c));
    } else if (IsTextName(n)) {
      AddText(c, f);
    } else if (n == "UndrlygCstmrCdtTrf") {
      msg_.cover = true;
      Walk(c, f, p, true);
    } else {
      Walk(c, f, p, underlying);
    }
  }
}

// Path below the transaction ("CdtrAcct/Nm", "CdtTrfTxInf[2]/Cdtr/Nm") or the message body
// ("SplmtryData/Envlp/Nm"), as parties' fields are named; the whole path elsewhere.
std::string PacsParser::FieldPathOf(const pugi::xml_node& n) {
  std::string path(LocalName(n));
  for (pugi::xml_node a = n.parent(); a && a.type() == pugi::node_element; a = a.parent()) {
    std::string_view name = LocalName(a);
    if (IsBody(name)) return path;
    if (name == "CdtTrfTxInf") return TransactionPrefix(a) + path;
    path = std::string(name) + "/" + path;
  }
  return PathOf(n);
}

const std::string& PacsParser::TransactionPrefix(const pugi::xml_node& tx) {
  auto known = tx_prefixes_.find(tx.internal_object());
  if (known != tx_prefixes_.end()) return known->second;
  std::vector<pugi::xml_node_struct*> txs;
  for (pugi::xml_node s = tx.parent().first_child(); s; s = s.next_sibling())
    if (LocalName(s) == "CdtTrfTxInf") txs.push_back(s.internal_object());
  for (size_t i = 0; i < txs.size(); ++i)
    tx_prefixes_[txs[i]] = txs.size() > 1 ? "CdtTrfTxInf[" + std::to_string(i + 1) + "]/" : "";
  return tx_prefixes_[tx.internal_object()];
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
  if (!country.empty()) CheckCountryOfToday(n, PathOf(n), value);
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

// An amount's Ccy attribute or an account's Ccy: an ISO 4217 code, or the amount is in a currency
// nobody knows ("usd", "XYZ", "RUR " with a space): a fault naming the element.
void PacsParser::CheckCurrency(const pugi::xml_node& element, std::string_view code) {
  if (IsIsoCurrency(code)) msg_.currencies.emplace_back(FieldPathOf(element), code);
  else Fault(element, PathOf(element), "Ccy '" + std::string(code) + "' is not an ISO 4217 currency code");
}

// Every element with a Ccy is an amount (settlement, instructed, charges, totals, remittance's).
void PacsParser::CheckAmount(const pugi::xml_node& element, std::string_view ccy) {
  if (std::string why = AmountFault(ValueOf(element), ccy); !why.empty()) Fault(element, PathOf(element), why);
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

// A header of the older SWIFTNet form (ahV10): From in place of head.001's Fr (To is in both).
bool IsOlderHeader(const pugi::xml_node& header) {
  for (pugi::xml_attribute a = header.first_attribute(); a; a = a.next_attribute())
    if (std::string_view(a.name()).starts_with("xmlns") && std::string_view(a.value()).find("ahV10") != std::string_view::npos)
      return true;
  return Child(header, "From");
}

void PacsParser::ReadHeader(const pugi::xml_node& header) {
  if (IsOlderHeader(header)) ReadOlderHeader(header);
  else ReadHeaderSides(header, "AppHdr", "");
  for (pugi::xml_node r = header.first_child(); r; r = r.next_sibling())
    if (r.type() == pugi::node_element && LocalName(r) == "Rltd") ReadHeaderSides(r, "AppHdr/Rltd", "related message's ");
}

// head.001's sender and receiver (Fr, To), or a related message's (Rltd): both mandatory there,
// and one present must name someone, or a side of the message goes unscreened.
void PacsParser::ReadHeaderSides(const pugi::xml_node& parent, const std::string& path, const std::string& prefix) {
  for (const char* name : {"Fr", "To"}) {
    pugi::xml_node n = Child(parent, name);
    std::string field = path + "/" + name;
    if (!n) {
      Fault(parent, field, "missing (mandatory in head.001)");
      continue;
    }
    if (!NamesAParty(n)) Fault(n, field, kNamesNoParty);
    Party p;
    p.field = field;
    p.line = Line(n);
    p.role = prefix + RoleOf(name);
    if (pugi::xml_node fi = Child(Child(n, "FIId"), "FinInstnId"))
      ExtractInstitution(fi, field + "/FIId/FinInstnId", "FIId/FinInstnId", p);
    else if (pugi::xml_node org = Child(n, "OrgId"))
      ExtractOrgOrPerson(org, field + "/OrgId", "OrgId", p);
    std::string role = p.role;
    if (!p.name.empty() || !p.bic.empty() || !p.lei.empty() || !p.ids.empty() || !p.address_lines.empty())
      msg_.parties.push_back(std::move(p));
    AddBranch(Child(n, "FIId"), field, field + "/FIId", role);
  }
}

// The BIC an older header's Id names: the Id itself, or in a SWIFTNet distinguished name the
// BIC8 that SWIFT puts before "o=swift" ("cn=funds,ou=payments,o=abcdchzz,o=swift"). An "ou=" is
// the customer's own unit ("ou=management" is no BIC); empty when no part is a BIC8.
std::string OlderHeaderBic(const std::string& id) {
  if (id.find('=') == std::string::npos) return BicKey(id);
  std::string lower = Lower(id);
  for (std::string_view part : Split(lower, ',')) {
    part = Trim(part);
    if (part.starts_with("o=") && part != "o=swift") return BicKey(part.substr(2));
  }
  return "";
}

// The older SWIFTNet header's From/To: a BIC or a distinguished name (OlderHeaderBic). Optional;
// one there naming no BIC is a side of the message unscreened.
void PacsParser::ReadOlderHeader(const pugi::xml_node& header) {
  for (const char* name : {"From", "To"}) {
    pugi::xml_node n = Child(header, name);
    if (!n) continue;
    std::string field = "AppHdr/" + std::string(name), bic = OlderHeaderBic(ChildText(n, "Id"));
    if (!HasBicForm(bic)) {
      Fault(n, field, "names no BIC (neither a BIC nor a distinguished name with one): the " +
                          std::string(name[0] == 'F' ? "sender" : "receiver") + " cannot be screened");
      continue;
    }
    if (std::string why = BicFault(bic); !why.empty()) Fault(Child(n, "Id"), field + "/Id", "'" + bic + "' is " + why);
    Party p;
    p.field = field;
    p.line = Line(n);
    p.role = name[0] == 'F' ? "sender" : "receiver";
    p.institution = true;
    p.nature = PartyNature::kOrganization;
    p.bic = bic;
    p.bic_path = "Id";
    msg_.parties.push_back(std::move(p));
  }
}

std::string PacsParser::MessageType(const Landmarks& marks, const std::string& kind) {
  // The namespace of the Document (or of an element around the body), else AppHdr's MsgDefIdr.
  std::string def;
  for (pugi::xml_node n = marks.body; n && def.empty(); n = n.parent())
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      std::string_view v = a.value();
      size_t p = v.find("xsd:");
      if (std::string_view(a.name()).starts_with("xmlns") && p != std::string_view::npos &&
          v.substr(p + 4, 5) == "pacs.")  // not the header's head.001 declared on a wrapper
        def = v.substr(p + 4);
    }
  if (def.empty() && marks.header) def = ChildText(marks.header, "MsgDefIdr");
  if (!def.starts_with(kind)) {
    std::string body_name(LocalName(marks.body));
    if (!def.empty())
      msg_.warnings.push_back("message identifier '" + def + "' does not match the " + body_name + " element; read as " + kind);
    else
      msg_.warnings.push_back("no namespace or message identifier names the message; read as " + kind + ".001.08");
    return kind + ".001.08";
  }
  if (def != kind + ".001.08") msg_.warnings.push_back("read " + def + " as " + kind + ".001.08");
  return def;
}

void PacsParser::ReadTransactions(const pugi::xml_node& body, const std::string& top, const std::string& kind) {
  std::vector<pugi::xml_node> txs;
  for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling())
    if (LocalName(c) == "CdtTrfTxInf") txs.push_back(c);
  if (txs.empty()) Fault(body, top + "/CdtTrfTxInf", "missing: a message needs at least one transaction");
  for (size_t i = 0; i < txs.size(); ++i) {
    const pugi::xml_node& tx = txs[i];
    const std::string& prefix = TransactionPrefix(tx);  // "CdtTrfTxInf[n]/" among several
    std::string field = prefix.empty() ? "" : prefix.substr(0, prefix.size() - 1);
    std::string full = top + "/" + (field.empty() ? "CdtTrfTxInf" : field);
    pugi::xml_node amt = Child(tx, "IntrBkSttlmAmt");
    std::string value = Text(amt);
    // The currency's code and the amount with one are checked with every Ccy (SweepAttributes).
    if (!amt || !amt.attribute("Ccy"))
      Fault(amt ? amt : tx, full + "/IntrBkSttlmAmt",
            amt ? "expected a decimal amount with a Ccy attribute, found '" + value + "' and no Ccy"
                : "missing interbank settlement amount");
    if (i == 0) {
      msg_.value_date = ChildText(tx, "IntrBkSttlmDt");
      msg_.uetr = ChildText(Child(tx, "PmtId"), "UETR");
    }
    const pugi::xml_node date = Child(tx, "IntrBkSttlmDt");
    if (date && !(Text(date).size() == 10 && IsPaymentDate(Text(date))))  // an ISODate, YYYY-MM-DD
      Fault(date, full + "/IntrBkSttlmDt", "'" + Text(date) + "' is no date (YYYY-MM-DD)");
    if (const pugi::xml_node rate = Child(tx, "XchgRate"); rate && !IsBaseOneRate(Text(rate)))
      Fault(rate, full + "/XchgRate", "'" + Text(rate) + "' is no exchange rate (digits, a '.' and decimals: 11 digits at most)");
    // The schemas' mandatory parties and agents: pacs.008's transaction and pacs.009's underlying
    // customer transfer name the debtor, the creditor and both their banks; pacs.009's own
    // transaction only the banks debited and credited (its DbtrAgt and CdtrAgt are optional).
    const std::vector<const char*> customer = {"Dbtr", "DbtrAgt", "CdtrAgt", "Cdtr"}, banks = {"Dbtr", "Cdtr"};
    RequireParties(tx, full, kind == "pacs.008" ? customer : banks, kind);
    if (pugi::xml_node u = Child(tx, "UndrlygCstmrCdtTrf")) RequireParties(u, full + "/UndrlygCstmrCdtTrf", customer, kind);
    Walk(tx, field, full, false);
  }
  CheckTotals(body, top, txs);
  SetMessageAmount(txs);
}

// Each of `required` below `holder` must be there: one missing leaves who pays or is paid, or the
// banks the money moves through, unknown. One there but empty is a fault of ExtractParty's.
void PacsParser::RequireParties(const pugi::xml_node& holder, const std::string& full,
                                const std::vector<const char*>& required, const std::string& kind) {
  for (const char* name : required)
    if (!Child(holder, name)) Fault(holder, full + "/" + name, "missing (mandatory in " + kind + ")");
}

// The transactions' settlement amounts added up, and the currencies they are in; nullopt when one
// is no decimal amount (a fault of its own).
struct Settlement {
  __int128 sum = 0;
  std::set<std::string> currencies;
};
std::optional<Settlement> SettlementOf(const std::vector<pugi::xml_node>& txs) {
  Settlement out;
  for (const pugi::xml_node& tx : txs) {
    pugi::xml_node amt = Child(tx, "IntrBkSttlmAmt");
    std::optional<__int128> v = Millionths(ValueOf(amt));
    if (!v) return std::nullopt;
    out.sum += *v;
    out.currencies.insert(amt.attribute("Ccy").value());
  }
  return out;
}

// The message's currency and amount are those of all its transactions: the only one's as written,
// several's sum when they settle in one currency. Transactions in different currencies leave both
// empty (each is in `currencies`): the first one's figure is not the message's.
void PacsParser::SetMessageAmount(const std::vector<pugi::xml_node>& txs) {
  std::optional<Settlement> s = SettlementOf(txs);
  if (!s || s->currencies.size() != 1 || !IsIsoCurrency(*s->currencies.begin())) return;
  msg_.currency = *s->currencies.begin();
  msg_.amount = txs.size() == 1 ? ValueOf(Child(txs[0], "IntrBkSttlmAmt")) : DecimalText(s->sum);
}

// The group header's count of transactions (NbOfTxs) and their sums (CtrlSum, TtlIntrBkSttlmAmt)
// against the transactions the message holds: a message cut off or with transactions taken out
// disagrees with them, a fault naming the element.
void PacsParser::CheckTotals(const pugi::xml_node& body, const std::string& top, const std::vector<pugi::xml_node>& txs) {
  pugi::xml_node grp = Child(body, "GrpHdr");
  std::string path = top + "/GrpHdr/";
  if (pugi::xml_node n = Child(grp, "NbOfTxs")) {
    std::string v = ValueOf(n);
    if (v != std::to_string(txs.size()))
      Fault(n, path + "NbOfTxs", "gives " + std::string(v.empty() ? "no" : "'" + v + "'") + " as the number of transactions, the message holds " +
                                     std::to_string(txs.size()) + " (cut off or altered)");
  }
  std::optional<Settlement> settled = SettlementOf(txs);
  if (!settled) return;  // an amount that is none is a fault of its own: the sum cannot be checked
  const auto& [sum, currencies] = *settled;
  for (const char* name : {"CtrlSum", "TtlIntrBkSttlmAmt"}) {
    pugi::xml_node n = Child(grp, name);
    if (!n) continue;
    std::string v = ValueOf(n);
    std::optional<__int128> given = Millionths(v);
    bool other_ccy = name[0] == 'T' && (currencies.size() != 1 || *currencies.begin() != n.attribute("Ccy").value());
    if (!given || *given != sum || other_ccy)
      Fault(n, path + name, "'" + v + "' " + (other_ccy ? "is in another currency than" : "is not the sum of") +
                                " the transactions' settlement amounts (" + DecimalText(sum) + " in " +
                                std::to_string(txs.size()) + " transaction" + (txs.size() == 1 ? "" : "s") + ")");
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

bool Readable(const PaymentMessage& m) {
  for (const auto& p : m.parties)
    if (!p.bic.empty() || !p.name.empty() || !p.lei.empty() || !p.account.empty() || !p.address_lines.empty() ||
        !p.ids.empty() || !p.country.empty())
      return true;
  for (const auto& t : m.free_text)  // the reference alone says nothing about the payment
    if (t.field != "GrpHdr/MsgId" && (!t.lines.empty() || !t.countries.empty())) return true;
  return false;
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

}  // namespace

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
    StatusOr<PaymentMessage> m = PacsParser(xml).Parse();
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
    return PacsParser(*utf8).Parse();
  }
  size_t bad = InvalidUtf8Offset(xml);
  if (bad == std::string_view::npos) return PacsParser(xml).Parse();
  std::string read = WithInvalidUtf8As(xml, '?');
  StatusOr<PaymentMessage> m = PacsParser(read).Parse();
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
