// Organisation legal forms, mapped to one canonical code across languages and scripts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embargo::text {

// Finds legal forms among `tokens` (normalised) and removes them. Only forms at the start or
// end of the name are taken, and never the last remaining token, so "AO" inside a name stays.
// Returns the canonical codes found, in order.
std::vector<std::string> ExtractLegalForms(std::vector<std::string>& tokens);

// True if `token` alone is a spelling of some legal form.
bool IsLegalFormToken(std::string_view token);

// True if `token` (lower-case ASCII) is a legal form of one word as spelt (company, llc): no sound
// key is made, as IsLegalFormToken makes one.
bool IsLegalFormAsSpelt(const std::string& token);

// True if `token` (lower-case ASCII) is a noun that names a kind of organisation, not a person
// ("institute", "bank", "group"): with the legal forms, it tells a firm's name from a person's.
bool IsOrganisationNoun(std::string_view token);

// True if `token` (lower-case ASCII) is, on its own, the name of a country or of a city where firms
// keep offices ("russia", "moscow", "london"): after a firm's own words it says where, not who.
// No such name has fewer than four letters.
bool IsPlaceName(std::string_view token);

// True if `token` (lower-case ASCII) names a part of a firm kept somewhere ("branch", "office",
// "representative", "regional"): a place just before it says where that part is (Sberbank Moscow
// Branch), and one before another says what kind of part the other is (Regional Office).
bool IsPartNoun(std::string_view token);

}  // namespace embargo::text
