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
}

TEST(Schema, ParsesFtmAndCliNames) {
  EXPECT_EQ(ParseSchema("Person"), Schema::kPerson);
  EXPECT_EQ(ParseSchema("aircraft"), Schema::kAirplane);
  EXPECT_EQ(FamilyOf(Schema::kCompany), SchemaFamily::kOrganization);
  EXPECT_FALSE(ParseSchema("Planet"));
}

}  // namespace embargo
