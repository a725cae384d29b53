#include "lists/ofac/ofac_remarks.h"
#include "list_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace embargo {
namespace {

Entity Apply(std::string_view remarks) {
  Entity e;
  e.names.push_back(Name{"PRIMARY", NameKind::kPrimary});
  ApplyOfacRemarks(remarks, e);
  return e;
}

std::vector<std::string> Dates(const Entity& e) {
  std::vector<std::string> out;
  for (const PartialDate& d : e.birth_dates) out.push_back(d.ToString());
  return out;
}

using Strings = std::vector<std::string>;

TEST(OfacRemarksTest, BirthDates) {
  EXPECT_EQ(Dates(Apply("DOB 10 Dec 1948")), Strings{"1948-12-10"});
  EXPECT_EQ(Dates(Apply("DOB circa 1960")), Strings{"1960"});
  EXPECT_EQ(Dates(Apply("DOB 1955 to 1958")), (Strings{"1955", "1958"}));
  EXPECT_EQ(Dates(Apply("DOB Sep 1938")), Strings{"1938-09"});
  EXPECT_EQ(Dates(Apply("DOB 01 Jan 1961 to 31 Dec 1962")), (Strings{"1961-01-01", "1962-12-31"}));
  EXPECT_EQ(Dates(Apply("DOB circa 1979-1982")), (Strings{"1979", "1982"}));
  EXPECT_EQ(Dates(Apply("DOB 1951; alt. DOB 1956; alt. DOB 1944.")), (Strings{"1951", "1956", "1944"}));
  EXPECT_TRUE(Dates(Apply("DOB unknown")).empty());
}

// The older form puts the label after the value (SANABEL RELIEF AGENCY, SDN 9603): its address
// was never an identifier, so a mention of it in a text was not found.
TEST(OfacRemarksTest, EmailAndWebsiteLabelledAfterTheValue) {
  Entity e = Apply("Registered Charity No. 1083469 (United Kingdom); http://www.sanabel.org.uk (website); "
                   "info@sanabel.org.uk (email).; a.k.a. 'SRA'.");
  EXPECT_EQ(e.emails, Strings{"info@sanabel.org.uk"});
  EXPECT_EQ(e.websites, Strings{"http://www.sanabel.org.uk"});
}

TEST(OfacRemarksTest, PlaceOfBirthAddsCountry) {
  Entity e = Apply("POB Giza, Egypt; POB Khartoum Sudan");
  EXPECT_EQ(e.birth_places, (Strings{"Giza, Egypt", "Khartoum Sudan"}));
  EXPECT_EQ(e.countries, (Strings{"EG", "SD"}));
}

TEST(OfacRemarksTest, NationalityCitizenshipGender) {
  Entity e = Apply("nationality Russia; alt. nationality Korea, North; citizen Iran; Gender Male.");
  EXPECT_EQ(e.nationalities, (Strings{"RU", "KP"}));
  EXPECT_EQ(e.citizenships, Strings{"IR"});
  EXPECT_EQ(e.gender, "male");
  EXPECT_EQ(Apply("Gender Female").gender, "female");
}

TEST(OfacRemarksTest, IdentifiersWithCountries) {
  Entity e = Apply(
      "Passport 1084010 (Egypt); alt. Passport 19820215; National ID No. 123 (Yemen); "
      "Tax ID No. 7707083893 (Russia); Registration Number 1027700132195 (Russia); "
      "Government Gazette Number 09804148 (Russia); Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)");
  ASSERT_EQ(e.identifiers.size(), 7u);
  EXPECT_EQ(e.identifiers[0].kind, IdKind::kPassport);
  EXPECT_EQ(e.identifiers[0].value, "1084010");
  EXPECT_EQ(e.identifiers[0].country, "EG");
  EXPECT_EQ(e.identifiers[0].label, "Passport");
  EXPECT_EQ(e.identifiers[1].value, "19820215");
  EXPECT_EQ(e.identifiers[1].country, "");
  EXPECT_EQ(e.identifiers[2].kind, IdKind::kNationalId);
  EXPECT_EQ(e.identifiers[2].country, "YE");
  EXPECT_EQ(e.identifiers[3].kind, IdKind::kTaxId);
  EXPECT_EQ(e.identifiers[3].value, "7707083893");
  EXPECT_EQ(e.identifiers[3].country, "RU");
  EXPECT_EQ(e.identifiers[4].kind, IdKind::kRegistration);
  EXPECT_EQ(e.identifiers[5].kind, IdKind::kRegistration);
  EXPECT_EQ(e.identifiers[5].label, "Government Gazette Number");
  EXPECT_EQ(e.identifiers[6].kind, IdKind::kLei);
}

TEST(OfacRemarksTest, IdentifierValueStopsBeforeDatesAndPlaces) {
  Entity e = Apply(
      "Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004; "
      "Registration Number HRA 738077 (Stuttgart) (Germany); Tax ID No. AABA 670850 Y.");
  ASSERT_EQ(e.identifiers.size(), 3u);
  EXPECT_EQ(e.identifiers[0].value, "G025057");
  EXPECT_EQ(e.identifiers[1].value, "HRA 738077");
  EXPECT_EQ(e.identifiers[1].country, "DE");
  EXPECT_EQ(e.identifiers[2].value, "AABA 670850 Y");
}

TEST(OfacRemarksTest, VesselBankAndCryptoIdentifiers) {
  Entity e = Apply(
      "Vessel Registration Identification IMO 7406784; IMO 7206512; MMSI 123456789; "
      "SWIFT/BIC HAVIGB2L; Identification Number IMO 5342883; "
      "Digital Currency Address - XBT 1Abc9xyz; alt. Digital Currency Address - ETH 0x098B");
  ASSERT_EQ(e.identifiers.size(), 7u);
  EXPECT_EQ(e.identifiers[0].kind, IdKind::kImo);
  EXPECT_EQ(e.identifiers[0].value, "7406784");
  EXPECT_EQ(e.identifiers[1].kind, IdKind::kImo);
  EXPECT_EQ(e.identifiers[1].value, "7206512");
  EXPECT_EQ(e.identifiers[2].kind, IdKind::kMmsi);
  EXPECT_EQ(e.identifiers[3].kind, IdKind::kSwiftBic);
  EXPECT_EQ(e.identifiers[3].value, "HAVIGB2L");
  EXPECT_EQ(e.identifiers[4].kind, IdKind::kImo);  // an IMO number under another label
  EXPECT_EQ(e.identifiers[4].value, "5342883");
  EXPECT_EQ(e.identifiers[5].kind, IdKind::kCrypto);
  EXPECT_EQ(e.identifiers[5].label, "Digital Currency Address - XBT");
  EXPECT_EQ(e.identifiers[5].value, "1Abc9xyz");
  EXPECT_EQ(e.identifiers[6].label, "Digital Currency Address - ETH");
}

// The delimited files keep strong aliases in the alias file; the remarks hold the weak ones.
TEST(OfacRemarksTest, AliasesInRemarksAreWeak) {
  Entity e = Apply(
      "a.k.a. 'BNC'; f.k.a. 'ANA I'; n.k.a. 'X'; a.k.a. ''ABD-AL-'IZ'; weak a.k.a. 'ABU'; "
      "a.k.a. 'SHORTY' (weak); a.k.a. 'DOCTOR M.R.O.'.");
  for (const char* alias : {"BNC", "ANA I", "X", "'ABD-AL-'IZ", "ABU", "SHORTY", "DOCTOR M.R.O."})
    EXPECT_TRUE(HasName(e, alias, NameKind::kWeakAlias)) << alias;
  EXPECT_EQ(e.names.size(), 8u);
  EXPECT_EQ(e.names.front().value, "PRIMARY");
  EXPECT_EQ(e.names.front().kind, NameKind::kPrimary);
}

TEST(OfacRemarksTest, AnAliasAlreadyStrongStaysStrong) {
  Entity e;
  e.names = {{"PRIMARY", NameKind::kPrimary}, {"BNC", NameKind::kStrongAlias}};
  ApplyOfacRemarks("a.k.a. 'BNC'.", e);
  ASSERT_EQ(e.names.size(), 2u);
  EXPECT_EQ(e.names[1].kind, NameKind::kStrongAlias);
}

TEST(OfacRemarksTest, LinksContactsAndVessel) {
  Entity e = Apply(
      "Linked To: NEW AHMADI LTD.; Website www.x.com; Email Address a@b.c; Vessel Flag Panama; "
      "Vessel Type General Cargo; Linked To: HIZBALLAH.");
  EXPECT_EQ(e.linked_to, (Strings{"NEW AHMADI LTD.", "HIZBALLAH"}));
  EXPECT_EQ(e.websites, Strings{"www.x.com"});
  EXPECT_EQ(e.emails, Strings{"a@b.c"});
  EXPECT_EQ(e.vessel_flag, "PA");
  EXPECT_EQ(e.vessel_type, "General Cargo");
}

TEST(OfacRemarksTest, XmlStyleParenthesisedRemarks) {
  Entity e = Apply("(Linked To: NATIONAL IRANIAN TANKER COMPANY)");
  EXPECT_EQ(e.linked_to, Strings{"NATIONAL IRANIAN TANKER COMPANY"});
}

TEST(OfacRemarksTest, InformationalItemsAreIgnored) {
  Entity e = Apply(
      "Additional Sanctions Information - Subject to Secondary Sanctions; Target Type Financial "
      "Institution; Organization Established Date 1969; Former Vessel Flag Malta; President of X.");
  EXPECT_EQ(e.names.size(), 1u);
  EXPECT_TRUE(e.identifiers.empty());
  EXPECT_TRUE(e.birth_dates.empty());
  EXPECT_TRUE(e.vessel_flag.empty());
  EXPECT_TRUE(e.countries.empty());
}

TEST(OfacRemarksTest, ApplyingTwiceAddsNothing) {
  std::string remarks = "DOB 1950; nationality Iran; Passport 1 (Iran); a.k.a. 'A'; Linked To: B; Website w";
  Entity once = Apply(remarks);
  Entity twice = once;
  ApplyOfacRemarks(remarks, twice);
  EXPECT_EQ(twice.names.size(), once.names.size());
  EXPECT_EQ(twice.identifiers.size(), once.identifiers.size());
  EXPECT_EQ(twice.birth_dates.size(), once.birth_dates.size());
  EXPECT_EQ(twice.nationalities, once.nationalities);
  EXPECT_EQ(twice.linked_to, once.linked_to);
  EXPECT_EQ(twice.websites, once.websites);
}

TEST(OfacRemarksTest, XmlFeatures) {
  Entity e;
  ApplyOfacFeature("Vessel Registration Identification", "IMO 9187655", "", e);
  ApplyOfacFeature("Government Gazette Number", "33556474 (Russia)", "", e);
  ApplyOfacFeature("Passport", "A123", "Iran", e);
  ApplyOfacFeature("Digital Currency Address - XBT", "1Abc", "", e);
  ApplyOfacFeature("Email Address", "x@y.ru", "", e);
  ApplyOfacFeature("Additional Sanctions Information -", "Subject to Secondary Sanctions", "", e);
  ASSERT_EQ(e.identifiers.size(), 4u);
  EXPECT_EQ(e.identifiers[0].kind, IdKind::kImo);
  EXPECT_EQ(e.identifiers[0].value, "9187655");
  EXPECT_EQ(e.identifiers[1].value, "33556474");
  EXPECT_EQ(e.identifiers[1].country, "RU");
  EXPECT_EQ(e.identifiers[2].country, "IR");
  EXPECT_EQ(e.identifiers[3].kind, IdKind::kCrypto);
  EXPECT_EQ(e.identifiers[3].label, "Digital Currency Address - XBT");
  EXPECT_EQ(e.emails, Strings{"x@y.ru"});
}

// Regression guard for the "never crash" contract: truncated, odd and random input.
TEST(OfacRemarksTest, SurvivesMalformedInput) {
  const char* odd[] = {"",
                       ";",
                       ";;;",
                       " ; ; ",
                       "a.k.a.",
                       "a.k.a. '",
                       "a.k.a. ''",
                       "f.k.a. 'unclosed",
                       "DOB",
                       "DOB to",
                       "DOB  to 1950",
                       "DOB circa",
                       "DOB 1950-",
                       "POB",
                       "POB ,",
                       "POB , ,",
                       "Passport",
                       "Passport (",
                       "Passport ()",
                       "Passport ) (",
                       "IMO",
                       "IMO IMO",
                       "Digital Currency Address -",
                       "Digital Currency Address - XBT",
                       "Linked To:",
                       "Gender",
                       "nationality",
                       "(",
                       ")",
                       "()",
                       "alt.",
                       "alt. alt. ",
                       "weak",
                       "weak a.k.a.",
                       "\xff\xfe\x80",
                       "Passport \xc3",
                       "POB \xe2\x80",
                       "(Linked To:)"};
  for (const char* s : odd) {
    Entity e = Apply(s);
    EXPECT_FALSE(e.names.empty()) << s;
  }
  std::mt19937 rng(42);
  const std::string alphabet = "abcDOBPOB ;:,.'()-0123456789akfn\xc3\xa9\xff";
  for (int i = 0; i < 2000; ++i) {
    std::string s(rng() % 60, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    Apply(s);
  }
}

}  // namespace
}  // namespace embargo
