// The business application header: head.001's AppHdr (Fr, To, a related message's Rltd) and the
// older SWIFTNet form (ahV10: From, To).
#include "payments/iso20022/pacs_reading.h"

#include "common/strings.h"
#include "common/xml_file.h"
#include "payments/bic.h"

namespace embargo::payments::pacs {
namespace {

// A header of the older SWIFTNet form (ahV10): From in place of head.001's Fr (To is in both).
bool IsOlderHeader(const pugi::xml_node& header) {
  for (pugi::xml_attribute a = header.first_attribute(); a; a = a.next_attribute())
    if (std::string_view(a.name()).starts_with("xmlns") && std::string_view(a.value()).find("ahV10") != std::string_view::npos)
      return true;
  return Child(header, "From");
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

}  // namespace

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

}  // namespace embargo::payments::pacs
