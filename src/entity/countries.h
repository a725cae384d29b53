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

}  // namespace embargo
