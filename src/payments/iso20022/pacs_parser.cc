#include "payments/iso20022/pacs_parser.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>
#include <utility>

#include "common/strings.h"
#include "common/xml_file.h"
#include "entity/countries.h"
#include "payments/bic.h"

namespace embargo::payments {
namespace {

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  return {};
}

std::string Text(const pugi::xml_node& n) { return std::string(Trim(n.text().get())); }
std::string ChildText(const pugi::xml_node& n, std::string_view name) { return Text(Child(n, name)); }

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

class PacsParser {
 public:
  explicit PacsParser(std::string_view xml) : xml_(xml) {}
  StatusOr<PaymentMessage> Parse();

 private:
  size_t Line(const pugi::xml_node& n) const { return LineOf(xml_, n.offset_debug()); }
  Status Err(const pugi::xml_node& n, const std::string& path, const std::string& what) const {
    return Status::InvalidArgument("line " + std::to_string(Line(n)) + ", " + path + ": " + what);
  }
  // Walks `node`'s children: parties and agents are extracted, free text collected, the rest
  // searched. `field` is the path below the transaction, `full` the path from Document.
  Status Walk(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying);
  Status ExtractParty(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying,
                      bool app_header = false);
  Status Address(const pugi::xml_node& adr, const std::string& full, Party& p);
  Status Country(const pugi::xml_node& n, const std::string& full, std::string& out);
  void AddText(const pugi::xml_node& node, const std::string& field);

  std::string_view xml_;
  PaymentMessage msg_;
  std::vector<std::pair<std::string, std::string>> accounts_;  // party field -> account
};

Status PacsParser::Country(const pugi::xml_node& n, const std::string& full, std::string& out) {
  std::string v = Text(n);
  if (v.size() != 2 || !std::isupper(static_cast<unsigned char>(v[0])) || !std::isupper(static_cast<unsigned char>(v[1])) ||
      CountryName(v).empty())
    return Err(n, full, "'" + v + "' is not an ISO 3166 alpha-2 country code");
  out = v;
  return Status::Ok();
}

Status PacsParser::Address(const pugi::xml_node& adr, const std::string& full, Party& p) {
  std::string structured;
  for (pugi::xml_node c = adr.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view n = LocalName(c);
    std::string v = Text(c);
    if (n == "Ctry") {
      EMBARGO_RETURN_IF_ERROR(Country(c, full + "/Ctry", p.country));
    } else if (n == "TwnNm") {
      p.town = v;
    } else if (n == "CtrySubDvsn") {
      p.country_subdivision = v;
    } else if (n == "AdrLine") {
      if (!v.empty()) p.address_lines.push_back(v);
    } else if (n == "AdrTp") {
      continue;
    } else if (!v.empty()) {  // Dept, StrtNm, BldgNb, PstCd, TwnLctnNm, DstrctNm, ...
      structured += (structured.empty() ? "" : ", ") + v;
    }
  }
  if (!structured.empty()) p.address_lines.insert(p.address_lines.begin(), structured);
  return Status::Ok();
}

void PacsParser::AddText(const pugi::xml_node& node, const std::string& field) {
  FreeText t{field, {}, {}, Line(node)};
  // Every text leaf, in document order: Ustrd lines, structured references, purpose codes.
  // Codes from ISO external code lists (Cd, Ccy, indicators), dates and amounts are no text to
  // screen, except the purpose code itself; country codes are kept apart for the geographic check.
  struct Leaves : pugi::xml_tree_walker {
    FreeText* out;
    bool purpose = false;  // Purp/Cd is the purpose itself: kept for the free-text check
    bool for_each(pugi::xml_node& n) override {
      if (n.type() != pugi::node_pcdata && n.type() != pugi::node_cdata) return true;
      std::string v(Trim(n.value()));
      std::string_view parent = LocalName(n.parent());
      if (v.empty()) return true;
      if (parent == "Ctry" || parent == "CtryOfRes") out->countries.push_back(v);
      else if ((parent != "Cd" || purpose) && parent != "Ccy" && parent != "DbtCdtRptgInd" && parent != "Dt" &&
               parent != "Amt" && parent != "Mtd")
        out->lines.push_back(v);
      return true;
    }
  } walker;
  walker.out = &t;
  walker.purpose = LocalName(node) == "Purp";
  pugi::xml_node copy = node;
  copy.traverse(walker);
  if (!t.lines.empty() || !t.countries.empty()) msg_.free_text.push_back(std::move(t));
}

Status PacsParser::ExtractParty(const pugi::xml_node& node, const std::string& field, const std::string& full,
                                bool underlying, bool app_header) {
  if (app_header && !Child(node, "FIId")) return Status::Ok();  // an OrgId sender names no institution
  Party p;
  p.field = field;
  p.line = Line(node);
  std::string_view name = LocalName(node);
  p.role = RoleOf(name);
  if (underlying) p.role += " (underlying customer credit transfer)";
  pugi::xml_node fi = Child(app_header ? Child(node, "FIId") : node, "FinInstnId");
  std::string base = full;
  if (fi) {
    p.institution = true;
    p.nature = PartyNature::kOrganization;
    base = full + (app_header ? "/FIId/FinInstnId" : "/FinInstnId");
    if (pugi::xml_node b = Child(fi, "BICFI")) {
      p.bic = Text(b);
      if (!IsBic(p.bic)) return Err(b, base + "/BICFI", "'" + p.bic + "' is not a BIC");
    }
    p.lei = ChildText(fi, "LEI");
    if (pugi::xml_node c = Child(fi, "ClrSysMmbId")) {
      std::string id = ChildText(c, "MmbId");
      if (!id.empty()) p.ids.push_back({"ClrSysMmbId " + ChildText(Child(c, "ClrSysId"), "Cd"), id, ""});
    }
    for (pugi::xml_node o = fi.first_child(); o; o = o.next_sibling())
      if (LocalName(o) == "Othr" && !ChildText(o, "Id").empty())
        p.ids.push_back({ChildText(Child(o, "SchmeNm"), "Cd"), ChildText(o, "Id"), ""});
    p.name = ChildText(fi, "Nm");
    if (pugi::xml_node a = Child(fi, "PstlAdr"))
      EMBARGO_RETURN_IF_ERROR(Address(a, base + "/PstlAdr", p));
  } else {
    p.name = ChildText(node, "Nm");
    if (pugi::xml_node a = Child(node, "PstlAdr"))
      EMBARGO_RETURN_IF_ERROR(Address(a, full + "/PstlAdr", p));
    pugi::xml_node id = Child(node, "Id");
    if (pugi::xml_node org = Child(id, "OrgId")) {
      p.nature = PartyNature::kOrganization;
      std::string bic = ChildText(org, "AnyBIC");
      if (!bic.empty()) {
        if (!IsBic(bic)) return Err(Child(org, "AnyBIC"), full + "/Id/OrgId/AnyBIC", "'" + bic + "' is not a BIC");
        p.bic = bic;
      }
      p.lei = ChildText(org, "LEI");
      for (pugi::xml_node o = org.first_child(); o; o = o.next_sibling())
        if (LocalName(o) == "Othr" && !ChildText(o, "Id").empty())
          p.ids.push_back({ChildText(Child(o, "SchmeNm"), "Cd"), ChildText(o, "Id"), ""});
    }
    if (pugi::xml_node prv = Child(id, "PrvtId")) {
      p.nature = PartyNature::kPerson;
      if (pugi::xml_node b = Child(prv, "DtAndPlcOfBirth")) {
        p.birth_date = ChildText(b, "BirthDt");
        p.birth_place = ChildText(b, "CityOfBirth");
        if (pugi::xml_node c = Child(b, "CtryOfBirth"))
          EMBARGO_RETURN_IF_ERROR(Country(c, full + "/Id/PrvtId/DtAndPlcOfBirth/CtryOfBirth", p.birth_country));
      }
      for (pugi::xml_node o = prv.first_child(); o; o = o.next_sibling())
        if (LocalName(o) == "Othr" && !ChildText(o, "Id").empty())
          p.ids.push_back({ChildText(Child(o, "SchmeNm"), "Cd"), ChildText(o, "Id"), ""});
    }
    if (pugi::xml_node c = Child(node, "CtryOfRes"))
      EMBARGO_RETURN_IF_ERROR(Country(c, full + "/CtryOfRes", p.residence_country));
  }
  msg_.parties.push_back(std::move(p));
  return Status::Ok();
}

Status PacsParser::Walk(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string n(LocalName(c));
    std::string f = field.empty() ? n : field + "/" + n;
    std::string p = full + "/" + n;
    if (IsPartyName(n) || IsAgentName(n)) {
      EMBARGO_RETURN_IF_ERROR(ExtractParty(c, f, p, underlying));
    } else if (n.size() > 4 && n.ends_with("Acct")) {
      pugi::xml_node id = Child(c, "Id");
      std::string acct = ChildText(id, "IBAN");
      if (acct.empty()) acct = ChildText(Child(id, "Othr"), "Id");
      if (!acct.empty()) accounts_.emplace_back(f.substr(0, f.size() - 4), acct);
    } else if (n == "RmtInf" || n == "Purp" || n == "RgltryRptg" || n == "RltdRmtInf" || n == "InstrForCdtrAgt" ||
               n == "InstrForNxtAgt") {
      AddText(c, f);
    } else if (n == "UndrlygCstmrCdtTrf") {
      msg_.cover = true;
      EMBARGO_RETURN_IF_ERROR(Walk(c, f, p, true));
    } else {
      EMBARGO_RETURN_IF_ERROR(Walk(c, f, p, underlying));
    }
  }
  return Status::Ok();
}

StatusOr<PaymentMessage> PacsParser::Parse() {
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer(xml_.data(), xml_.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r)
    return Status::InvalidArgument("line " + std::to_string(LineOf(xml_, r.offset)) + ": XML error: " + r.description());
  if (pugi::xml_node deep = TooDeep(doc))
    return Status::InvalidArgument("line " + std::to_string(Line(deep)) + ": XML elements nested deeper than " +
                                   std::to_string(kMaxDepth) + " levels (the limit)");
  pugi::xml_node root = doc.document_element();
  pugi::xml_node document, header;
  if (LocalName(root) == "Document") {
    document = root;
  } else {
    document = Child(root, "Document");
    header = Child(root, "AppHdr");
    if (!document)
      return Status::InvalidArgument("line " + std::to_string(Line(root)) + ", " + std::string(LocalName(root)) +
                                     ": no Document element (expected a pacs.008 or pacs.009 Document, bare or in an Envelope)");
  }
  msg_.format = MessageFormat::kIso20022;
  msg_.first_line = 1;
  // Message identifier: the Document's namespace, else the AppHdr's MsgDefIdr.
  std::string def;
  for (pugi::xml_attribute a = document.first_attribute(); a; a = a.next_attribute()) {
    std::string_view v = a.value();
    size_t p = v.find("xsd:");
    if (std::string_view(a.name()).starts_with("xmlns") && p != std::string_view::npos) def = v.substr(p + 4);
  }
  if (def.empty() && header) def = ChildText(header, "MsgDefIdr");
  pugi::xml_node body;
  for (pugi::xml_node c = document.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) {
      body = c;
      break;
    }
  std::string body_name = body ? std::string(LocalName(body)) : "";
  std::string kind = body_name == "FIToFICstmrCdtTrf" ? "pacs.008" : body_name == "FICdtTrf" ? "pacs.009" : "";
  if (kind.empty())
    return Status::InvalidArgument("line " + std::to_string(Line(body ? body : document)) + ", Document/" + body_name +
                                   ": unsupported message (supported: pacs.008 FIToFICstmrCdtTrf, pacs.009 FICdtTrf)");
  if (!def.starts_with(kind)) {
    if (!def.empty())
      msg_.warnings.push_back("message identifier '" + def + "' does not match the " + body_name + " element; read as " + kind);
    def = kind + ".001.08";
  } else if (def != kind + ".001.08") {
    msg_.warnings.push_back("read " + def + " as " + kind + ".001.08");
  }
  msg_.type = def;
  std::string top = "Document/" + body_name;

  if (header) {
    for (const char* side : {"Fr", "To"})
      if (pugi::xml_node n = Child(header, side))
        EMBARGO_RETURN_IF_ERROR(ExtractParty(n, std::string("AppHdr/") + side, std::string("AppHdr/") + side, false, true));
  }
  pugi::xml_node grp = Child(body, "GrpHdr");
  if (!grp) return Err(body, top, "missing GrpHdr");
  msg_.reference = ChildText(grp, "MsgId");
  if (msg_.reference.empty()) return Err(grp, top + "/GrpHdr/MsgId", "missing or empty message identification");
  EMBARGO_RETURN_IF_ERROR(Walk(grp, "GrpHdr", top + "/GrpHdr", false));

  std::vector<pugi::xml_node> txs;
  for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling())
    if (LocalName(c) == "CdtTrfTxInf") txs.push_back(c);
  if (txs.empty()) return Err(body, top + "/CdtTrfTxInf", "missing: a message needs at least one transaction");
  for (size_t i = 0; i < txs.size(); ++i) {
    const pugi::xml_node& tx = txs[i];
    std::string idx = txs.size() > 1 ? "[" + std::to_string(i + 1) + "]" : "";
    std::string field = txs.size() > 1 ? "CdtTrfTxInf" + idx : "";
    std::string full = top + "/CdtTrfTxInf" + idx;
    pugi::xml_node amt = Child(tx, "IntrBkSttlmAmt");
    std::string value = Text(amt), ccy = amt.attribute("Ccy").value();
    bool good = !value.empty() && std::count(value.begin(), value.end(), '.') <= 1 &&
                std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }) &&
                ccy.size() == 3 && std::all_of(ccy.begin(), ccy.end(), ::isupper);
    if (!good)
      return Err(amt ? amt : tx, full + "/IntrBkSttlmAmt",
                 amt ? "expected a decimal amount with a Ccy attribute of 3 letters, found '" + value + "' Ccy='" + ccy + "'"
                     : "missing interbank settlement amount");
    if (i == 0) {
      msg_.amount = value;
      msg_.currency = ccy;
      msg_.value_date = ChildText(tx, "IntrBkSttlmDt");
      msg_.uetr = ChildText(Child(tx, "PmtId"), "UETR");
    }
    for (const char* required : {"Dbtr", "Cdtr"})
      if (!Child(tx, required)) return Err(tx, full + "/" + required, "missing (mandatory in " + kind + ")");
    EMBARGO_RETURN_IF_ERROR(Walk(tx, field, full, false));
  }
  for (auto& [field, acct] : accounts_)
    for (auto& p : msg_.parties)
      if (p.field == field && p.account.empty()) p.account = acct;
  return std::move(msg_);
}

}  // namespace

StatusOr<PaymentMessage> ParsePacs(std::string_view xml) { return PacsParser(xml).Parse(); }

}  // namespace embargo::payments
