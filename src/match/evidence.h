// Secondary evidence: birth dates, countries and identifiers raise or lower a name score.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/screener.h"
#include "text/scoring_params.h"

namespace embargo {

// Upper-case letters and digits only: "AB 123-45" -> "AB12345".
std::string NormalizeIdentifier(std::string_view id);

// An e-mail address's key ("@" and the address in lower case), when `id` is one ("info@arrai.tv",
// "<Info@Arrai.tv>", a list's "info@arrai.tv." ending its sentence).
std::optional<std::string> EmailKey(std::string_view id);
// Keys under which an identifier is looked up: an e-mail address's key, or the identifier's
// normalised form and, for a labelled number ("IMO 7406784", "INN 7707083893"), the number alone.
std::vector<std::string> IdentifierKeys(std::string_view id);
// A query's identifier may carry its label ("USCC 91440300MA5GGWY44T", "SWIFT/BIC SABRRUMM",
// "7704274402 (INN)", "No.AH567983"): its keys, and those of each word in it that looks like an
// identifier on its own (letters and digits, five or more; or a BIC), and of a word without digits
// joined to the next, when only spaces, slashes or dashes part them ("Passport No. AH 567983",
// "AH / 567983": AH567983). Only the query's: a list record's words are not identifiers of the
// record.
std::vector<std::string> QueryIdentifierKeys(std::string_view id);
// A query's identifier as read for matching: its whole forms and its keys (QueryIdentifierKeys).
// The whole forms: the identifier's as written (IdentifierKeys' first: normalised, or an e-mail
// address's key; none when too short), and each number of digits only written apart from its
// label, read as the bare number is ("Passport 567983", "No. 567983": 567983). A number after
// what may be its letters ("XY 567983": one to four letters, not No, Nr or ID) is not apart.
// `label_kinds`: the kinds of identifier its label names, one bit per IdKind ("IMO No. 9187629":
// an IMO number; "Tax ID", "INN", "OGRN": a number of a state's register, which the lists file as
// a tax id, a registration or a national id); 0 when it names none ("No. 567983", "567983").
struct QueryIdentifier {
  std::vector<std::string> wholes;
  std::vector<std::string> keys;
  uint16_t label_kinds = 0;
};
QueryIdentifier ReadQueryIdentifier(std::string_view id);
// A query identifier is a listed one, by the rule entity comparison reads two by (SameIdentifier):
// the listed one's whole form is among the query's keys ("IMO 9187629" and 9187629, "SWIFT/BIC
// SABRRUMM" and SABRRUMM, SABRRUMMXXX and SABRRUMM), or a whole form of the query's among the
// listed one's keys (9187629 and "IMO 9187629", "Passport 567983" and AH567983). Keys derived from
// both sides do not meet: the number of AB1234567 is CD1234567's too, but they are other
// identifiers, and so are "AB 1234567" and CD1234567. A query whose label names a kind meets only
// a listed identifier of that kind or of none known (`kind` IdKind::kOther): "IMO No. 9187629" is
// not the passport AB9187629, where "No. 9187629" and "Passport 9187629" are.
bool MeetsListedIdentifier(const QueryIdentifier& query, std::string_view listed, IdKind kind);

// A BIC's institution: its first 8 characters (bank, country, location), when `norm`, a
// NormalizeIdentifier result, has a BIC's shape; else empty.
std::string BicInstitution(std::string_view norm);

// Adds evidence for `dates` against the entity's birth dates; returns the total effect.
double BirthDateEvidence(const std::vector<PartialDate>& dates, const Entity& entity, std::vector<Evidence>& out);
// `mismatch`: the effect of no country in common, and `why`, what its explanation adds.
double CountryEvidence(const std::vector<std::string>& countries, const Entity& entity, std::vector<Evidence>& out,
                       double mismatch = scoring::kCountryMismatch, std::string_view why = {});
// Untyped query identifiers against the entity's identifiers and e-mail addresses. Returns true
// when one matched, `effect` then the score it raises the hit to: 1.0 (kIdentifierMatchFloor) for
// an equal one or a branch of a listed BIC8, kBicSameInstitution for a listed branch BIC's bank.
bool IdentifierEvidence(const std::vector<std::string>& ids, const Entity& entity, std::vector<Evidence>& out,
                        double& effect);
// The query's type against the entity's: a mismatch is evidence against the hit, never a reason
// to skip it (docs/SCORING.md). Returns the effect; 0 when either side is of unknown kind.
// `named_as_firm`: the query's name carries a legal form; a query typed as an organisation is then
// a firm by its own words, and a person it meets further from it (scoring::kSchemaNamedFirmFactor).
// `read_from_names`: FamilyReadFromNames(entity), asked only of an untyped entity; a screener reads
// it once per entity, when it is built.
double SchemaEvidence(const std::optional<Schema>& query, bool named_as_firm, const Entity& entity,
                      SchemaFamily read_from_names, std::vector<Evidence>& out);
// What an untyped record (LegalEntity: the Entity List, DTC and DPL leave the type empty) is, read
// from its names and fields: a person (birth data, or names of 2-4 plain words), an organisation
// (a legal form, an organisation noun such as "Institute", or a digit in any name), else kAny.
SchemaFamily FamilyReadFromNames(const Entity& entity);
// Typed identifiers on both sides (entity comparison), each read as screening reads a query's
// (ReadQueryIdentifier: "Passport No. AH 567983" is AH567983, and its label names the kinds it
// meets, as MeetsListedIdentifier's), and BICs of one bank as IdentifierEvidence weighs them,
// either side as the listed one: same kind, different value conflicts; an e-mail address on both
// matches as an identifier does.
// Returns true on a match, `effect` then the score it raises to (as IdentifierEvidence).
bool TypedIdentifierEvidence(const Entity& left, const Entity& right, std::vector<Evidence>& out, double& effect);

}  // namespace embargo
