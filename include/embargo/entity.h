// The entity model, aligned with FollowTheMoney (the model of OpenSanctions, yente and Aleph).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/schema.h"

namespace embargo {

enum class NameKind : uint8_t { kPrimary, kStrongAlias, kWeakAlias };

struct Name {
  std::string value;
  NameKind kind = NameKind::kPrimary;
  // An alias the list gives without saying whether it is strong or weak (a UK row with no
  // quality, a CSL alternative name): read as strong, unless a linked record marks it weak.
  bool quality_unstated = false;
};

// A date that may be known only to the year or month: 0 means unknown.
struct PartialDate {
  int16_t year = 0;
  int8_t month = 0;
  int8_t day = 0;

  bool empty() const { return year == 0; }
  // "1952", "1952-10", "1952-10-07".
  std::string ToString() const;
  // Accepts ISO (YYYY, YYYY-MM, YYYY-MM-DD), "07 Oct 1952", "Oct 1952", "07/10/1952" (day first)
  // and "circa 1952". Returns nullopt for anything else.
  static std::optional<PartialDate> Parse(std::string_view text);
  // Exactly YYYY, YYYY-MM or YYYY-MM-DD, a date of the calendar: what a query's birth date is read
  // as ("07/10/1952" could be July or October, so it is refused, as is anything after the date).
  static std::optional<PartialDate> ParseIso(std::string_view text);
  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

enum class IdKind : uint8_t {
  kPassport,
  kNationalId,
  kTaxId,         // INN, TIN, NIT, RFC, ...
  kRegistration,  // OGRN, company registration numbers
  kImo,
  kMmsi,
  kSwiftBic,
  kLei,
  kCrypto,
  kOther,
};
std::string_view IdKindName(IdKind kind);

struct Identifier {
  IdKind kind = IdKind::kOther;
  std::string value;    // as published
  std::string label;    // the publisher's label, e.g. "Tax ID No.", "Digital Currency Address - XBT"
  std::string country;  // ISO 3166 alpha-2 when known
};

struct Address {
  std::string full;     // street, city, region as published, joined by ", "
  std::string city;
  std::string country;  // ISO 3166 alpha-2 when known
};

// The dataset an entity id names: "ofac-sdn" of "ofac-sdn:35096" (the whole id without a ':').
inline std::string_view DatasetOfId(std::string_view entity_id) { return entity_id.substr(0, entity_id.find(':')); }

struct Entity {
  std::string id;         // "<dataset>:<native id>", e.g. "ofac-sdn:35096", "un:QDi.001"
  std::string dataset;    // "ofac-sdn", "ofac-cons", "un"
  std::string native_id;  // the publisher's record id
  Schema schema = Schema::kLegalEntity;

  std::vector<Name> names;  // names[0] is the primary name (the caption)
  std::vector<PartialDate> birth_dates;
  std::vector<std::string> birth_places;
  std::vector<std::string> nationalities;  // ISO 3166 alpha-2
  std::vector<std::string> citizenships;   // ISO 3166 alpha-2
  std::vector<std::string> countries;      // ISO 3166 alpha-2 (addresses, jurisdiction, programme)
  std::vector<Identifier> identifiers;
  std::vector<Address> addresses;
  std::vector<std::string> programs;
  std::vector<std::string> linked_to;
  std::vector<std::string> websites;
  std::vector<std::string> emails;
  std::string gender;       // "male", "female" or empty
  std::string title;
  std::string listed_on;    // ISO date when known
  std::string vessel_flag;  // ISO 3166 alpha-2 when known, else as published
  std::string vessel_type;
  std::string tonnage;
  std::string remarks;

  const std::string& caption() const;
};

}  // namespace embargo
