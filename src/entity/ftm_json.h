// FollowTheMoney JSON entities ({"id", "schema", "properties": {...}}) to and from Entity.
#pragma once

#include <array>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/entity.h"
#include "embargo/status.h"

namespace embargo {

// The properties a person's name is composed of when it has no `name`, in the order they are
// joined ("first second middle father last").
inline constexpr std::array<std::string_view, 5> kFtmNameParts = {"firstName", "secondName", "middleName",
                                                                  "fatherName", "lastName"};

// Reads one FtM entity. `where` names the source (file:line) in errors. Unknown schemata of
// the Thing family map to LegalEntity; non-screenable ones (Address, Sanction, ...) are errors.
StatusOr<Entity> EntityFromFtm(const nlohmann::json& j, const std::string& where, const std::string& dataset = "input");

// True for the FtM schemata that are not parties: relations (Ownership, Sanction, Family ...),
// records describing a party (Address, Identification, Passport ...) and things that are not
// screened (Security, CryptoWallet ...). Exports interleave them with the parties.
bool IsFtmNonPartySchema(std::string_view schema);

// FtM properties of an entity (name, alias, birthDate, nationality, idNumber, ...).
nlohmann::json FtmProperties(const Entity& entity);

// True for a FollowTheMoney property of the party schemata /match reads (Thing, LegalEntity,
// Person, Organization, PublicBody, Company, Vehicle, Vessel, Airplane and what they extend),
// screened or not, reverse ones included (`permId`, `sourceUrl`, `sanctions`): a query may give
// any of them, as yente clients send entities as lists export them; another name is a mistake
// (`nationalty`, `nmae`). The names are in ftm_properties.cc.
bool IsFtmPartyProperty(std::string_view property);

// The FtM properties of a query that screening reads: its names (name parts only when it has no
// name, alias or caption), birth dates, countries, identifiers and e-mail addresses. A query's
// other properties (address, notes, position, birthPlace, ...) are not screened: UnscreenedFtm
// names those a query gives, so that an answer can say so.
bool IsFtmScreenedProperty(std::string_view property);
// The properties of the FtM entity `j` (sorted) that hold a value and are not screened.
std::vector<std::string> UnscreenedFtm(const nlohmann::json& j);

// Refuses what EntityFromFtm reads leniently from a query (`where` names it in errors): a
// member no FtM entity has (`birthDate` beside `properties`), a property that is not FtM's
// (`nationalty`), a country no reading knows (not read as one that contradicts every record), a
// birth date that is not ISO ("12/25/1990", "1952-02-30"): each was dropped without a word.
// Bare values (`"jurisdiction": "Atlantis"`) as values in arrays.
Status CheckFtmQueryProperties(const nlohmann::json& raw, const std::string& where);
// Refuses a birth date that is not ISO alone: an entity compared as exported may carry members,
// properties and country codes no query has, but a date dropped unread reads as no contradiction.
Status CheckFtmBirthDates(const nlohmann::json& raw, const std::string& where);

// Every key FtmProperties may write: the properties a search may filter on.
inline constexpr std::array<std::string_view, 22> kFtmPropertyKeys = {
    "name",        "alias",        "weakAlias", "birthDate",      "birthPlace", "nationality",
    "citizenship", "country",      "address",   "program",        "gender",     "notes",
    "flag",        "idNumber",     "passportNumber", "taxNumber", "registrationNumber",
    "imoNumber",   "mmsi",         "swiftBic",  "leiCode",        "publicKey"};

}  // namespace embargo
