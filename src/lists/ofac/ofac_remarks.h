// OFAC's semi-structured remarks ("DOB 07 Oct 1952; POB Leningrad, Russia; nationality Russia;
// Passport 1084010 (Egypt); a.k.a. 'BNC'") turned into Entity fields. Shared by the CSV and XML
// loaders so the same publication gives the same entities in both formats.
#pragma once

#include <string_view>
#include <vector>

#include "embargo/entity.h"

namespace embargo {

// Adds the facts found in the ';'-separated `remarks` to `e`: birth dates and places,
// nationalities, citizenships, gender, identifiers, aliases (a.k.a./f.k.a./n.k.a.), links,
// websites, emails, vessel flag and type. Values already on `e` are not added twice. Unknown
// items are skipped (callers keep the whole text in Entity::remarks). Never fails on any input.
void ApplyOfacRemarks(std::string_view remarks, Entity& e);

// Applies one labelled feature, as OFAC XML gives it (idType, idNumber, idCountry), or as split
// from a remarks item: "Passport" "1084010" "Egypt", "Website" "www.x.com", "Gender" "Male".
// Unknown labels are skipped.
void ApplyOfacFeature(std::string_view label, std::string_view value, std::string_view country, Entity& e);

// Dates of an OFAC DOB value: "10 Dec 1948", "Sep 1938", "1955 to 1958" (both ends),
// "circa 1979-1982" (both years). Empty when unparseable.
std::vector<PartialDate> ParseOfacDates(std::string_view text);

// Adds a place of birth and, when its last part names a country, that country to e.countries.
void AddOfacBirthPlace(std::string_view place, Entity& e);

}  // namespace embargo
