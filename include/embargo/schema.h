// What kind of subject a record or a query is: the FollowTheMoney schemata embargo screens.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace embargo {

enum class Schema : uint8_t { kPerson, kOrganization, kCompany, kLegalEntity, kVessel, kAirplane };

// FollowTheMoney schema names: "Person", "Organization", ...
std::string_view SchemaName(Schema schema);
// Accepts FtM names and CLI words (person/individual, organization/organisation/company/entity,
// legalentity, vessel, airplane/aircraft), any case.
std::optional<Schema> ParseSchema(std::string_view text);

// Person; organisations (Organization, Company, LegalEntity); Vessel; Airplane.
enum class SchemaFamily : uint8_t { kPerson, kOrganization, kVessel, kAirplane, kAny };
SchemaFamily FamilyOf(Schema schema);

}  // namespace embargo
