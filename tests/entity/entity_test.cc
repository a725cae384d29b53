#include "embargo/entity.h"

#include <gtest/gtest.h>

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

}  // namespace embargo
