// The property names of FollowTheMoney's party schemata, the ones a /match query may give.
#include <algorithm>
#include <array>
#include <iterator>
#include <string_view>

#include "entity/ftm_json.h"

namespace embargo {
namespace {

// Each schema's own properties, as FtM 3.8 defines them, then those added since: a schema has
// those of the schemata it extends too (Person: LegalEntity, Thing). The reverse properties
// (sanctions, ownershipOwner, ...) are FtM's too: an entity exported nested writes its links
// there, and a client may send back what it got. Sorted at first use.
constexpr std::string_view kPartyProperties[] = {
    // Thing, the root of every party
    "name", "alias", "previousName", "weakAlias", "summary", "description", "country", "sourceUrl", "publisher",
    "publisherUrl", "alephUrl", "wikipediaUrl", "wikidataId", "keywords", "topics", "address", "addressEntity",
    "program", "programId", "notes", "proof", "indexText", "createdAt", "modifiedAt", "retrievedAt",
    // Thing, reverse
    "sanctions", "courtCase", "documentedBy", "noteEntities", "candidateSimilars", "matchSimilars",
    "unknownLinkFrom", "unknownLinkTo",
    // Value and Asset, which Company and Vehicle extend
    "amount", "currency", "amountUsd", "amountEur", "ownershipAsset",
    // LegalEntity
    "email", "phone", "website", "legalForm", "incorporationDate", "dissolutionDate", "taxStatus", "status",
    "sector", "classification", "registrationNumber", "idNumber", "taxNumber", "licenseNumber", "vatCode",
    "jurisdiction", "mainCountry", "opencorporatesUrl", "bvdId", "icijId", "okpoCode", "innCode", "ogrnCode",
    "leiCode", "dunsCode", "uniqueEntityId", "npiCode", "swiftBic", "parent",
    // LegalEntity, reverse
    "agencyClient", "agentRepresentation", "authoredAssessments", "callForTenders", "callsMade", "callsReceived",
    "contractAuthority", "contractAwardSupplier", "cryptoWallets", "debtCreditor", "debtDebtor",
    "delegatedCallForTenders", "directorshipDirector", "economicActivityDeclarant", "economicActivityHolder",
    "economicActivityReceiver", "economicActivitySender", "emailsReceived", "emailsSent", "eventsInvolved",
    "eventsOrganized", "identification", "membershipMember", "mentionedBy", "messagesReceived", "messagesSent",
    "operatedVehicles", "ownedVehicles", "ownershipOwner", "paymentBeneficiary", "paymentPayer", "predecessors",
    "projectParticipation", "securities", "subsidiaries", "successors", "taxRolls", "userAccounts",
    // Organization (and PublicBody, which adds none)
    "cageCode", "permId", "imoNumber", "giiNumber",
    "bankAccounts", "directorshipOrganization", "employees", "membershipOrganization", "positions",
    // Company
    "capital", "voenCode", "coatoCode", "irsCode", "ipoCode", "cikCode", "jibCode", "mbsCode", "ibcRuc", "caemCode",
    "kppCode", "okvedCode", "okopfCode", "fnsCode", "fssCode", "bikCode", "pfrNumber", "oksmCode", "isinCode",
    "ticker", "ricCode",
    // Person
    "title", "firstName", "secondName", "middleName", "fatherName", "motherName", "lastName", "nameSuffix",
    "birthDate", "birthPlace", "birthCountry", "deathDate", "position", "nationality", "citizenship",
    "passportNumber", "socialSecurityNumber", "gender", "ethnicity", "height", "weight", "eyeColor", "hairColor",
    "appearance", "religion", "political", "education", "spokenLanguage",
    "associates", "associations", "employers", "familyPerson", "familyRelative", "images", "positionOccupancies",
    "posts",
    // Vehicle, which Vessel and Airplane extend
    "type", "model", "owner", "operator", "buildDate", "registrationDate", "deregistrationDate",
    "declaredCustoms", "tripsInvolved",
    // Vessel
    "crsNumber", "flag", "registrationPort", "navigationArea", "tonnage", "grossRegisteredTonnage",
    "nameChangeDate", "callSign", "pastFlags", "pastTypes", "mmsi",
    // Airplane
    "serialNumber", "icaoCode", "manufacturer",
    // Added since FtM 3.8: LegalEntity's abbreviation, uscCode and data providers' ids; Person's
    // profession; Vessel's deadweightTonnage
    "abbreviation", "uscCode", "sayariId", "brightQueryId", "brightQueryOrgId", "profession", "deadweightTonnage",
    // Not a party's in FtM (BankAccount's bic, CryptoWallet's publicKey) but screened as identifiers
    // (ReadDetails): accepted as before
    "bicCode", "publicKey"};

}  // namespace

bool IsFtmPartyProperty(std::string_view property) {
  static const auto sorted = [] {
    std::array<std::string_view, std::size(kPartyProperties)> names;
    std::ranges::copy(kPartyProperties, names.begin());
    std::ranges::sort(names);
    return names;
  }();
  return std::ranges::binary_search(sorted, property);
}

}  // namespace embargo
