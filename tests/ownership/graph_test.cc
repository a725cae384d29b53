// Reading graphs: FollowTheMoney JSON lines and the CSV form, every problem named by file, line
// and field; owners linked to list records by id or by name; screening against owned entities.
#include <gtest/gtest.h>

#include <algorithm>

#include "ownership/graph.h"
#include "ownership_test_util.h"

namespace embargo {
namespace {

using testing::Evaluate;
using testing::TestLists;

std::string Issue(const LoadIssue& i) { return i.file + ":" + std::to_string(i.line) + ": " + i.reason; }

std::vector<std::string> Issues(const std::vector<LoadIssue>& issues) {
  std::vector<std::string> out;
  for (const LoadIssue& i : issues) out.push_back(Issue(i));
  return out;
}

constexpr const char* kFtm = R"({"id":"p1","schema":"Person","properties":{"name":["Yuri Kovalchuk"],"birthDate":["1951-07-25"],"passportNumber":["720000001"]}}
{"id":"c1","schema":"Company","properties":{"name":["Baltic Media Holding"],"jurisdiction":["ru"]}}
{"id":"o1","schema":"Ownership","properties":{"owner":["p1"],"asset":["c1"],"percentage":["51"],"startDate":["2019-01-01"]}}
{"id":"c2","schema":"Company","properties":{"name":["Neva Shipping"]}}
{"id":"o2","schema":"Ownership","properties":{"owner":["c1"],"asset":["c2"],"sharesCount":["600"]}}
{"id":"o3","schema":"Ownership","properties":{"owner":["x9"],"asset":["c2"],"sharesCount":["400"]}}
{"id":"s1","schema":"Sanction","properties":{"entity":["p1"]}}
{"id":"d1","schema":"Directorship","properties":{"director":["p3"],"organization":["c3"],"role":["Chairman"]}}
not json
{"id":"o4","schema":"Ownership","properties":{"owner":["p1"]}}
{"id":"o5","schema":"Ownership","properties":{"owner":["p1"],"asset":["c1"],"startDate":["yesterday"]}}
{"id":"o6","schema":"Ownership","properties":{"owner":["p1"],"asset":["c1"],"percentage":["150"]}}
{"id":"p3","schema":"Person","properties":{"name":["Arkady Rotenberg"]}}
{"id":"c3","schema":"Company","properties":{"name":["Stroygazmontazh Trading"]}}
{"id":"o7","schema":"Ownership","properties":{"owner":["p3"],"asset":["c4"],"percentage":["75"]}}
{"id":"c4","schema":"Company","properties":{"name":["Mostotrest Services"]}}
{"schema":"Company","properties":{"name":["No Id Ltd"]}}
)";

TEST(FtmGraph, EveryProblemNamedAndNothingDroppedSilently) {
  auto g = ownership::ParseGraph(kFtm, "graph.jsonl");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(Issues((*g)->rejected), (std::vector<std::string>{
      "graph.jsonl:9: not valid JSON at column 2",
      "graph.jsonl:10: Ownership without asset",
      "graph.jsonl:11: startDate 'yesterday': not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
      "graph.jsonl:12: percentage: share '150': more than 100 %",
      "graph.jsonl:17: Company without an id"}));
  EXPECT_EQ((*g)->ignored.at("Sanction"), 1u);
  EXPECT_EQ((*g)->live_holdings(), 5u);
}

// A party's birth date that is no date is a record not used, as a holding's date is: read by
// name alone, the party lost the evidence that would confirm or contradict a listed record.
TEST(FtmGraph, PartyBirthDateThatIsNoDateIsRejected) {
  auto g = ownership::ParseGraph(
      R"({"id":"p1","schema":"Person","properties":{"name":["Yuri Kovalchuk"],"birthDate":["1951-07-25","1951/07/25"]}}
{"id":"p2","schema":"Person","properties":{"name":["Arkady Rotenberg"],"birthDate":["1951-02-30"]}}
{"id":"p3","schema":"Person","properties":{"name":["Boris Rotenberg"],"birthDate":["1957"]}}
)",
      "graph.jsonl");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(Issues((*g)->rejected), (std::vector<std::string>{
      "graph.jsonl:1: birthDate '1951/07/25': not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
      "graph.jsonl:2: birthDate '1951-02-30': not a date (YYYY, YYYY-MM or YYYY-MM-DD)"}));
  EXPECT_EQ((*g)->Find("p1"), ownership::kNone);  // nothing of a refused record is kept
  EXPECT_NE((*g)->Find("p3"), ownership::kNone);
}

// A party's country that is no country (OpenSanctions' 'suhh' for the Soviet Union, 'eu') was
// kept without a word, agreeing with no listed record's country read as one. The party is used as
// before, what it is screened with unchanged; a warning names the party, property and value.
TEST(FtmGraph, PartyCountryThatIsNoCountryIsAWarning) {
  auto g = ownership::ParseGraph(
      R"({"id":"c1","schema":"Company","properties":{"name":["Baltic Media Holding"],"jurisdiction":["suhh"],"country":["ru","eu"]}}
{"id":"p1","schema":"Person","properties":{"name":["Yuri Kovalchuk"],"nationality":["Russia"],"citizenship":["ZZ"]}}
{"id":"c2","schema":"Company","properties":{"name":["Neva Shipping"],"country":["ru"],"mainCountry":["de"]}}
)",
      "graph.jsonl");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_TRUE((*g)->rejected.empty()) << Issues((*g)->rejected)[0];
  EXPECT_EQ(Issues((*g)->warnings), (std::vector<std::string>{
      "graph.jsonl:1: party 'c1': country 'eu' is no ISO 3166 code or country name: not read as a country",
      "graph.jsonl:1: party 'c1': jurisdiction 'suhh' is no ISO 3166 code or country name: not read as a country",
      "graph.jsonl:2: party 'p1': citizenship 'ZZ' is no ISO 3166 code or country name: not read as a country"}));
  const Entity c1 = (*g)->NodeEntity((*g)->Find("c1"));
  EXPECT_EQ(c1.countries, (std::vector<std::string>{"RU", "eu", "suhh"}));  // as before: kept as written
}

TEST(FtmGraph, OwnersLinkedByNameAndIdentifier) {
  OwnershipOptions o;
  o.as_of = "2024-06-01";
  auto ev = OwnershipEvaluator::FromText(kFtm, "graph.jsonl", TestLists(), o);
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  auto c1 = (*ev)->Explain("c1");
  EXPECT_EQ(c1->status, OwnershipStatus::kBlocked);
  EXPECT_EQ(c1->action, Verdict::kBlock);  // name and passport number: no doubt left
  ASSERT_EQ(c1->roots.size(), 1u);
  EXPECT_EQ(c1->roots[0].entity_id, "ofac-sdn:X");
  EXPECT_EQ(c1->roots[0].linked_by, "name and identifier");
  // 600 of the 1,000 shares recorded: 60 %, held by a blocked company.
  auto c2 = (*ev)->Explain("c2");
  EXPECT_EQ(c2->status, OwnershipStatus::kBlocked);
  EXPECT_DOUBLE_EQ(c2->blocked_share, 60);
  EXPECT_EQ(c2->paths.at(0).share, "60 % (from share counts)");
  // A name alone links, but a person must confirm it: REVIEW, not BLOCK.
  auto c4 = (*ev)->Explain("c4");
  EXPECT_EQ(c4->status, OwnershipStatus::kBlocked);
  EXPECT_EQ(c4->action, Verdict::kReview);
  EXPECT_EQ(c4->reason, "OFAC 50 % rule (through a name match to confirm)");
  EXPECT_EQ(c4->roots.at(0).linked_by, "name");
  EXPECT_GE(c4->roots.at(0).score, 0.8);
  EXPECT_EQ((*ev)->StatusOf("c3"), OwnershipStatus::kReview);  // a blocked person is a director
  EXPECT_EQ((*ev)->StatusOf("p1"), OwnershipStatus::kListed);
  // An owner that cannot be screened leaves what it holds unknown: a record not used, not a warning.
  EXPECT_TRUE((*ev)->graph().warnings.empty());
  ASSERT_FALSE((*ev)->graph().rejected.empty());
  EXPECT_EQ(Issue((*ev)->graph().rejected.back()),
            "graph.jsonl:6: owner 'x9' has no entity record and no list record has its id: it cannot be screened");
}

TEST(FtmGraph, NoNameLinksWhenTurnedOff) {
  OwnershipOptions o;
  o.as_of = "2024-06-01";
  o.link_by_name = false;
  auto ev = OwnershipEvaluator::FromText(kFtm, "graph.jsonl", TestLists(), o);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ((*ev)->StatusOf("c1"), OwnershipStatus::kClear);
  EXPECT_TRUE((*ev)->Results().empty());
}

TEST(FtmGraph, IncompleteShareCountsAreAReview) {
  const std::string text = R"({"id":"o1","schema":"Ownership","properties":{"owner":["ofac-sdn:X"],"asset":["c1"],"sharesCount":["600"]}}
{"id":"o2","schema":"Ownership","properties":{"owner":["q"],"asset":["c1"]}}
)";
  OwnershipOptions o;
  o.as_of = "2024-06-01";
  auto ev = OwnershipEvaluator::FromText(text, "g.jsonl", TestLists(), o);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ((*ev)->StatusOf("c1"), OwnershipStatus::kReview);  // q's share is unknown: 600 of at least 600
}

// Every owner and asset of a relation counts; a share or date given twice is not read by its first value.
TEST(FtmGraph, SeveralOwnersEachHoldAndSeveralSharesAreRejected) {
  const std::string text = R"({"id":"co1","schema":"Company","properties":{"name":["Alpha Timber LLC"]}}
{"id":"o1","schema":"Ownership","properties":{"owner":["co7","ofac-sdn:Y"],"asset":["co1","co2"],"percentage":["60"]}}
{"id":"o2","schema":"Ownership","properties":{"owner":["ofac-sdn:Y"],"asset":["co3"],"percentage":["10","60"]}}
{"id":"o3","schema":"Ownership","properties":{"owner":["ofac-sdn:Y"],"asset":["co3"],"percentage":["60"],"startDate":["2019","2020"]}}
)";
  OwnershipOptions o;
  o.as_of = "2024-06-01";
  auto ev = OwnershipEvaluator::FromText(text, "g.jsonl", TestLists(), o);
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  EXPECT_EQ((*ev)->graph().holdings, 4u);
  EXPECT_EQ((*ev)->StatusOf("co1"), OwnershipStatus::kBlocked);
  EXPECT_EQ((*ev)->StatusOf("co2"), OwnershipStatus::kBlocked);
  EXPECT_EQ(Issues((*ev)->graph().rejected), (std::vector<std::string>{
      "g.jsonl:3: percentage: 2 values; one expected",
      "g.jsonl:4: startDate: 2 values; one expected",
      "g.jsonl:2: owner 'co7' has no entity record and no list record has its id: it cannot be screened"}));
}

TEST(CsvGraph, EveryProblemNamedByLineAndField) {
  auto g = ownership::ParseGraph(
      "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
      "ofac-sdn:X,,A,Alpha,fifty,,\n"
      ",,A,Alpha,10,,\n"
      "ofac-sdn:X,,A,Alpha,10,2020-13-01,\n"
      "ofac-sdn:X,,A,Alpha,10\n"
      "\n"
      "ofac-sdn:X,,A,Alpha,10,,\n"
      "ofac-sdn:X,,A,Alpha,10,,\n",
      "g.csv");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Issues((*g)->rejected), (std::vector<std::string>{
      "g.csv:2: percentage: share 'fifty': expected a percentage such as 50, 50 %, 25-50 or >50",
      "g.csv:3: owner_id: empty",
      "g.csv:4: start '2020-13-01': not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
      "g.csv:5: expected 7 fields, found 5"}));
  EXPECT_EQ(Issues((*g)->warnings), (std::vector<std::string>{
      "g.csv:8: the holding of 'ofac-sdn:X' in 'A' repeats g.csv:7: counted once"}));
  EXPECT_EQ((*g)->live_holdings(), 1u);
}

// A Windows-1252 name would screen as mojibake, matching nothing: the row is refused, not read.
TEST(CsvGraph, ValuesNotUtf8AreRefusedNamingLineAndColumn) {
  auto g = ownership::ParseGraph(
      "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
      "ofac-sdn:X,,z,Soci\xe9t\xe9 G\xe9n\xe9rale,100,,\n"
      "ofac-sdn:X,,w\xff,Wolf Ltd,100,,\n"
      "ofac-sdn:X,,v,Soci\xc3\xa9t\xc3\xa9 Verte,100,,\n",
      "g.csv");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Issues((*g)->rejected), (std::vector<std::string>{
      "g.csv:2: asset_name: not valid UTF-8 at byte 5 (save the file as UTF-8)",
      "g.csv:3: asset_id: not valid UTF-8 at byte 2 (save the file as UTF-8)"}));
  EXPECT_EQ((*g)->live_holdings(), 1u);
  EXPECT_EQ((*g)->Find("z"), ownership::kNone);  // nothing of a refused row is kept
}

TEST(CsvGraph, AnIdUnderTwoNamesKeepsBothAsNames) {
  // The second name made the first entity read out of range: a crash on every --ownership command.
  auto g = ownership::ParseGraph(
      "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
      "q,Qwerty Co,b,Zorblat Widgets,10,,\n"
      "q,Qwerty Holding,c,Cranberry,10,,\n"
      "b,Zorblat Widgets Ltd,c,Cranberry,10,,\n",
      "g.csv");
  ASSERT_TRUE(g.ok());
  for (auto [id, names] : {std::pair{"q", "Qwerty Co/Qwerty Holding"}, std::pair{"b", "Zorblat Widgets/Zorblat Widgets Ltd"}}) {
    uint32_t n = (*g)->Find(id);
    ASSERT_NE(n, ownership::kNone) << id;
    std::string got;
    for (const Name& x : (*g)->NodeEntity(n).names) got += (got.empty() ? "" : "/") + x.value;
    EXPECT_EQ(got, names) << id;
  }
}

TEST(FtmGraph, AnEntityGivenTwiceKeepsEveryName) {
  // As in the CSV form, the second record made the first entity read out of range (found by fuzzing).
  auto g = ownership::ParseGraph(
      "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Yuri Kovalchuk\"]}}\n"
      "{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Yury Kovalchuk\"]}}\n",
      "g.jsonl");
  ASSERT_TRUE(g.ok());
  std::string names;
  for (const Name& x : (*g)->NodeEntity((*g)->Find("p1")).names) names += (names.empty() ? "" : "/") + x.value;
  EXPECT_EQ(names, "Yuri Kovalchuk/Yury Kovalchuk");
}

TEST(CsvGraph, SharesThatLookLikeFractionsAreWarnedOf) {
  auto g = ownership::ParseGraph("owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
                                 "ofac-sdn:X,,A,Alpha,0.5,,\nB,Beta,A,Alpha,0.5,,\n", "g.csv");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Issues((*g)->warnings), (std::vector<std::string>{
      "g.csv:2: every share is 1 % or less: shares are percentages (50 for half); if these are fractions (0.5 for half), "
      "multiply them by 100"}));
  auto percent = ownership::ParseGraph("owner_id,owner_name,asset_id,asset_name,percentage,start,end\n"
                                       "ofac-sdn:X,,A,Alpha,0.5,,\nB,Beta,A,Alpha,60,,\n", "g.csv");
  ASSERT_TRUE(percent.ok());
  EXPECT_TRUE((*percent)->warnings.empty());
}

TEST(CsvGraph, HeaderMustNameTheColumns) {
  auto g = ownership::ParseGraph("owner,asset,percentage\nX,A,50\n", "g.csv");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "g.csv:1: unknown column 'owner' (expected owner_id,owner_name,asset_id,asset_name,percentage,start,end)");
}

TEST(Shares, Parsing) {
  using ownership::ParseShare;
  using ownership::FormatShare;
  EXPECT_EQ(FormatShare(*ParseShare("50")), "50 %");
  EXPECT_EQ(FormatShare(*ParseShare(" 50.50 % ")), "50.5 %");
  EXPECT_EQ(FormatShare(*ParseShare("25–50%")), "25-50 %");
  EXPECT_EQ(FormatShare(*ParseShare("25 to 50")), "25-50 %");
  EXPECT_EQ(FormatShare(*ParseShare("more than 50")), "50.0001-100 %");
  EXPECT_EQ(FormatShare(*ParseShare("<25")), "0-24.9999 %");
  EXPECT_EQ(FormatShare(*ParseShare("")), "unknown share");
  EXPECT_EQ(ParseShare("33.33333")->low, 333333u);  // 0.0001 % is the unit
  EXPECT_FALSE(ParseShare("-5").ok());
  EXPECT_FALSE(ParseShare("50-25").ok());
  EXPECT_FALSE(ParseShare("100.5").ok());
  EXPECT_FALSE(ParseShare("half").ok());
}

TEST(Screening, PartiesMatchingOwnedEntitiesAreHitsOfKindOwnership) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha Shipping LLC,50,,\nofac-sdn:X,,D,Delta Trading LLC,40,,\n");
  ASSERT_TRUE(ev);
  Query q;
  q.name = "ALPHA SHIPPING";
  auto hits = ev->Screen(q);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].owned.id, "A");
  EXPECT_EQ((*hits)[0].owned.status, OwnershipStatus::kBlocked);
  EXPECT_GE((*hits)[0].match.score, 0.8);
  q.name = "Delta Trading";
  EXPECT_EQ(ev->Screen(q)->at(0).owned.status, OwnershipStatus::kReview);
  q.name = "Gamma Logistics";
  EXPECT_TRUE(ev->Screen(q)->empty());
  ListLoad list = ev->AsList();
  EXPECT_EQ(list.dataset, "ownership-ofac");
  ASSERT_EQ(list.entities.size(), 2u);
  EXPECT_EQ(list.entities[0].id, "ownership-ofac:A");
  EXPECT_EQ(list.entities[0].linked_to, std::vector<std::string>{"ofac-sdn:X"});
  EXPECT_NE(list.entities[0].remarks.find("50 % by ofac-sdn:X"), std::string::npos);
}

}  // namespace
}  // namespace embargo
