// Country names and codes as published by sanctions lists, mapped to ISO 3166-1 alpha-2.
#pragma once

#include <string>
#include <string_view>

namespace embargo {

// ISO 3166-1 alpha-2 code in upper case ("RU") for a country name, variant, demonym or
// alpha-2/alpha-3 code: "Russia", "Russian Federation", "Korea, North", "Iran (Islamic Republic
// of)", "Türkiye", "Cote d'Ivoire", "Burma", "Palestinian", "RUS". Case-insensitive; surrounding
// whitespace and punctuation are ignored. Empty when unknown. Thread-safe.
std::string CountryCode(std::string_view name_or_code);

// English short name for an alpha-2 code ("RU" -> "Russia"), any case; empty when unknown.
// The view points to static storage.
std::string_view CountryName(std::string_view alpha2);

// An alpha-2 code of a country today, any case: ISO 3166-1's, and XK (Kosovo, user-assigned, as
// SWIFT and the EU use it). Not the withdrawn codes lists still give (SU, YU, CS, AN), which
// CountryName and CountryCode know.
bool IsCurrentCountryCode(std::string_view alpha2);

}  // namespace embargo
