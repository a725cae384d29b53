#include "embargo/schema.h"

#include "common/strings.h"

namespace embargo {

std::string_view SchemaName(Schema schema) {
  switch (schema) {
    case Schema::kPerson: return "Person";
    case Schema::kOrganization: return "Organization";
    case Schema::kCompany: return "Company";
    case Schema::kLegalEntity: return "LegalEntity";
    case Schema::kVessel: return "Vessel";
    case Schema::kAirplane: return "Airplane";
  }
  return "LegalEntity";
}

std::optional<Schema> ParseSchema(std::string_view text) {
  std::string l = Lower(text);
  if (l == "person" || l == "individual") return Schema::kPerson;
  if (l == "organization" || l == "organisation" || l == "entity") return Schema::kOrganization;
  if (l == "company") return Schema::kCompany;
  if (l == "legalentity" || l == "legal_entity") return Schema::kLegalEntity;
  if (l == "vessel") return Schema::kVessel;
  if (l == "airplane" || l == "aircraft") return Schema::kAirplane;
  return std::nullopt;
}

SchemaFamily FamilyOf(Schema schema) {
  switch (schema) {
    case Schema::kPerson: return SchemaFamily::kPerson;
    case Schema::kVessel: return SchemaFamily::kVessel;
    case Schema::kAirplane: return SchemaFamily::kAirplane;
    default: return SchemaFamily::kOrganization;
  }
}

}  // namespace embargo
