// Reading addresses as payment messages write them: the country at the end of a free-format
// address, in English or another language ("237 CAMEROUN"), which lines are street lines, and
// whether a place named in a line is the street, the town or something else.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embargo::payments {

// ISO 3166 alpha-2 for a country name in English (entity/countries.h) or in one of the
// Latin-script languages banks write addresses in ("CAMEROUN", "DEUTSCHLAND", "ESPANA",
// "SUISSE"; ICU's country display names), or an alpha-2/alpha-3 code. Case and accents are
// ignored. Empty when unknown or when two countries share the spelling. Thread-safe.
std::string CountryFromName(std::string_view name);

// The country at the end of a free-format address: the last line ends with a country name of
// one to three words ("BRUSSELS BELGIUM", "237 CAMEROUN") or a separate two-letter code ("NEW
// YORK NY 10001 US"). "City, Country" pairs without a name at the end give nothing.
std::string AddressCountry(const std::vector<std::string>& lines);

// A street type, in any case: STREET, ST, AVE, ROAD, RUE, CALLE, VIA, UL, ULITSA, PROSPEKT,
// ulitsa and улица in Cyrillic, and German and Dutch compounds (HAUPTSTRASSE, KERKSTRAAT).
bool IsStreetWord(std::string_view word);

// Whether a line of a party field reads as address rather than a continuation of the name: it
// holds a digit, a street word, a PO box, or ends in a country.
bool LooksLikeAddress(std::string_view line);

// Whether a party line is nothing but legal forms ("LIMITED", "CO. LTD", "GMBH"): the end of a
// name carried onto the next line.
bool IsLegalFormLine(std::string_view line);

// Where a place named in an address line stands.
enum class PlaceUse {
  kStreet,  // part of a street name: "HAVANA STREET", "RUE DE CUBA", "UL. SEVASTOPOLSKAYA"
  kTown,    // the town: only a postcode, a region code or the country follow it ("SEVASTOPOL 299011")
  kOther,   // anything else: "HAVANA, AURORA CO", a name in the middle of a line
};
// How the place line[begin, end) is used in `line`.
PlaceUse PlaceUseIn(std::string_view line, size_t begin, size_t end);

}  // namespace embargo::payments
