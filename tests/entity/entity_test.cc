#include "embargo/entity.h"

#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "entity/ftm_json.h"

namespace embargo {

TEST(PartialDate, ParsesThePublishedNotations) {
  EXPECT_EQ(PartialDate::Parse("07 Oct 1952")->ToString(), "1952-10-07");
  EXPECT_EQ(PartialDate::Parse("1952")->ToString(), "1952");
  EXPECT_EQ(PartialDate::Parse("Oct 1952")->ToString(), "1952-10");
  EXPECT_EQ(PartialDate::Parse("1952-10-07")->ToString(), "1952-10-07");
  EXPECT_EQ(PartialDate::Parse("07/10/1952")->ToString(), "1952-10-07");
  EXPECT_EQ(PartialDate::Parse("circa 1960")->ToString(), "1960");
  EXPECT_FALSE(PartialDate::Parse("yesterday"));
  EXPECT_FALSE(PartialDate::Parse("1952-13-01"));
  // Only days of the calendar: a query's 30 February is a typo to refuse, not a date to weigh.
  EXPECT_FALSE(PartialDate::Parse("1952-02-30"));
  EXPECT_FALSE(PartialDate::Parse("31 Apr 1960"));
  EXPECT_FALSE(PartialDate::Parse("1953-02-29"));
  EXPECT_EQ(PartialDate::Parse("1952-02-29")->ToString(), "1952-02-29");
  EXPECT_EQ(PartialDate::Parse("29 Feb 2000")->ToString(), "2000-02-29");
  EXPECT_FALSE(PartialDate::Parse("29 Feb 1900"));
  EXPECT_EQ(PartialDate::Parse("1960-12-31")->ToString(), "1960-12-31");
}

TEST(Schema, ParsesFtmAndCliNames) {
  EXPECT_EQ(ParseSchema("Person"), Schema::kPerson);
  EXPECT_EQ(ParseSchema("aircraft"), Schema::kAirplane);
  EXPECT_EQ(FamilyOf(Schema::kCompany), SchemaFamily::kOrganization);
  EXPECT_FALSE(ParseSchema("Planet"));
}

// Regression: a property value that was neither a string nor a whole number was dropped unread,
// so a query's second name (or a list record's alias) was never screened and nothing said so.
TEST(FtmJson, AValueItCannotReadIsAnErrorNamingTheProperty) {
  auto read = [](const char* text) { return EntityFromFtm(nlohmann::json::parse(text), "q1"); };
  auto ok = read(R"({"id": 7, "schema": "Vessel", "properties": {"name": ["Ocean Star", ""], "imoNumber": 9187629,
                     "alias": null}})");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->native_id, "7");
  ASSERT_EQ(ok->names.size(), 1u);
  ASSERT_EQ(ok->identifiers.size(), 1u);
  EXPECT_EQ(ok->identifiers[0].value, "9187629");
  const std::pair<const char*, const char*> bad[] = {
      {R"({"schema": "Person", "properties": {"name": ["Ivan Petrov", {"first": "Ivan"}]}})",
       "q1: properties.name[1]: expected a string, found an object"},
      {R"({"schema": "Person", "properties": {"name": "Ivan Petrov", "alias": [["Vanya"]]}})",
       "q1: properties.alias[0]: expected a string, found a list"},
      {R"({"schema": "Person", "properties": {"name": "Ivan Petrov", "birthDate": 1970.5}})",
       "q1: properties.birthDate: expected a string, found a decimal number"},
      {R"({"schema": "Company", "properties": {"name": "Acme", "country": true}})",
       "q1: properties.country: expected a string, found true or false"},
      {R"({"schema": "Person", "properties": "Ivan Petrov"})", "q1: field 'properties' must be an object, found"},
      {R"({"schema": "Person", "id": ["a"], "properties": {"name": "Ivan Petrov"}})",
       "q1: field 'id' must be a string, found a list"},
  };
  for (const auto& [text, error] : bad) {
    auto e = read(text);
    ASSERT_FALSE(e.ok()) << text;
    EXPECT_EQ(e.status().message().rfind(error, 0), 0u) << e.status().message();
  }
}

// Every property embargo writes is one a /match query may give (IsFtmPartyProperty); a misspelt
// one is not.
TEST(FtmJson, ThePropertiesWrittenAreFtmPartyProperties) {
  for (std::string_view key : kFtmPropertyKeys) EXPECT_TRUE(IsFtmPartyProperty(key)) << key;
  EXPECT_FALSE(IsFtmPartyProperty("nationalty"));
}

// The party schemata's whole property list: each schema's own, those added since FtM 3.8 and
// the reverse ones a nested export writes. What no party schema has is not.
TEST(FtmJson, EveryPropertyOfThePartySchemataIsAccepted) {
  for (std::string_view key : {"permId", "cageCode", "giiNumber", "uscCode", "abbreviation", "sourceUrl", "publisher",
                               "modifiedAt", "amountEur", "profession", "deadweightTonnage", "icaoCode", "sanctions",
                               "ownershipOwner", "ownershipAsset", "familyPerson", "directorshipOrganization"})
    EXPECT_TRUE(IsFtmPartyProperty(key)) << key;
  for (std::string_view key : {"nmae", "birthDat", "permID", "permIdCode", "detectedLanguage", "startDate", ""})
    EXPECT_FALSE(IsFtmPartyProperty(key)) << key;
}

// A search filters on kFtmPropertyKeys: a key FtmProperties writes and the list lacks could
// never be filtered on.
TEST(FtmJson, PropertyKeysAreEveryKeyTheWriterUses) {
  Entity e;
  e.names = {{"Ivan Petrov", NameKind::kPrimary}, {"Vanya", NameKind::kStrongAlias}, {"V.", NameKind::kWeakAlias}};
  e.birth_dates.push_back(*PartialDate::Parse("1970-01-02"));
  e.birth_places = {"Omsk"};
  e.nationalities = e.citizenships = e.countries = {"RU"};
  for (IdKind k : {IdKind::kPassport, IdKind::kNationalId, IdKind::kTaxId, IdKind::kRegistration, IdKind::kImo,
                   IdKind::kMmsi, IdKind::kSwiftBic, IdKind::kLei, IdKind::kCrypto, IdKind::kOther})
    e.identifiers.push_back({k, "X1"});
  e.addresses.push_back({});
  e.addresses.back().full = "Moscow";
  e.programs = {"RUSSIA-EO14024"};
  e.gender = "male";
  e.remarks = "note";
  e.vessel_flag = "RU";
  std::set<std::string> written, listed(kFtmPropertyKeys.begin(), kFtmPropertyKeys.end());
  nlohmann::json properties = FtmProperties(e);
  for (const auto& [key, value] : properties.items()) written.insert(key);
  EXPECT_EQ(written, listed);
}

}  // namespace embargo
