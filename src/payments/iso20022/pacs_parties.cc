// The parts of an ISO 20022 message every family shares: element helpers, and the parties,
// agents, institutions, addresses and free texts below a transaction, a header or anywhere.
#include "payments/iso20022/pacs_reading.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "common/check_digits.h"
#include "common/strings.h"
#include "common/xml_file.h"
#include "entity/countries.h"
#include "payments/address.h"
#include "payments/bic.h"

namespace embargo::payments::pacs {
namespace {

bool IsText(const pugi::xml_node& n) { return n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata; }

}  // namespace

pugi::xml_node Child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && LocalName(c) == name) return c;
  return {};
}

bool HasElementChild(const pugi::xml_node& n) {
  return n.find_child([](const pugi::xml_node& c) { return c.type() == pugi::node_element; });
}

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

std::string PathOf(pugi::xml_node n) {
  std::string path(LocalName(n));
  for (n = n.parent(); n && n.type() == pugi::node_element; n = n.parent()) path = std::string(LocalName(n)) + "/" + path;
  return path;
}

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
// knows, names no country of today: a fault, as in a BIC and in MT (WithdrawnCountryFault).
void PacsParser::CheckCountryOfToday(const pugi::xml_node& n, const std::string& path, std::string_view code) {
  if (std::string why = WithdrawnCountryFault(code); !why.empty()) Fault(n, path, why);
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
      if (std::string code = parent == "Ctry" || parent == "CtryOfRes" ? CountryFromName(v) : ""; !code.empty()) {
        out->countries.push_back(v);
        parser->CheckCountryOfToday(n, PathOf(n), code);  // USSR as SU
      } else if ((parent != "Cd" || purpose) && parent != "Ccy" && parent != "DbtCdtRptgInd" && parent != "Dt" &&
                 parent != "Amt" && parent != "Mtd") {
        out->lines.push_back(v);
      }
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

}  // namespace embargo::payments::pacs
