// The rules as OFAC's guidance and the EU and UK guidance state them, on small graphs.
#include <gtest/gtest.h>

#include "ownership_test_util.h"

namespace embargo {
namespace {

using testing::Evaluate;

constexpr OwnershipStatus kBlocked = OwnershipStatus::kBlocked;
constexpr OwnershipStatus kReview = OwnershipStatus::kReview;
constexpr OwnershipStatus kClear = OwnershipStatus::kClear;

// OFAC Revised Guidance (13 August 2014), example 1: X owns 50 % of A.
TEST(OfacRule, FiftyPercentByOneBlockedPersonBlocks) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,50,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("A"), kBlocked);
  auto a = ev->Explain("A");
  EXPECT_EQ(a->action, Verdict::kBlock);  // the owner is a list id: no name match to confirm
  EXPECT_EQ(a->reason, "OFAC 50 % rule");
  EXPECT_EQ(a->explanation, "50 % held by blocked persons: 50 % by ofac-sdn:X (KOVALCHUK, Yuri Valentinovich)");
  ASSERT_EQ(a->roots.size(), 1u);
  EXPECT_EQ(a->roots[0].entity_id, "ofac-sdn:X");
}

// A name link is to confirm; a holding by a list id is certain. "Volga Transport Holding Ltd" is
// linked by name to ofac-sdn:Z; that once made it only "listed, to review", and its 100 % owner
// X was not looked at: dismissing the name match cleared it and what it owns.
TEST(OfacRule, ACertainBlockOutranksANameLinkToConfirm) {
  auto ev = Evaluate("ofac-sdn:X,,V,Volga Transport Holding Ltd,100,,\nV,Volga Transport Holding Ltd,W,Widgets LLC,100,,\n");
  ASSERT_TRUE(ev);
  for (const char* id : {"V", "W"}) {
    EXPECT_EQ(ev->StatusOf(id), kBlocked) << id;
    auto e = ev->Explain(id);
    EXPECT_EQ(e->action, Verdict::kBlock) << id;
    ASSERT_EQ(e->roots.size(), 1u) << id;
    EXPECT_EQ(e->roots[0].entity_id, "ofac-sdn:X") << id;
  }
  // Without the certain owner the name link stands, for review.
  auto linked = Evaluate("ofac-sdn:Y,,V,Volga Transport Holding Ltd,10,,\nV,Volga Transport Holding Ltd,W,Widgets LLC,100,,\n");
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->StatusOf("V"), OwnershipStatus::kListed);
  EXPECT_EQ(linked->Explain("V")->action, Verdict::kReview);
}

// A company's own shares are held by no one who could be blocked.
TEST(OfacRule, OwnSharesCountForNoOne) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,45,,\nA,Alpha LLC,A,Alpha LLC,10,,\n");
  ASSERT_TRUE(ev);
  EXPECT_NE(ev->StatusOf("A"), kBlocked);
  auto blocked = Evaluate("ofac-sdn:X,,A,Alpha LLC,50,,\nA,Alpha LLC,A,Alpha LLC,10,,\n");
  EXPECT_DOUBLE_EQ(blocked->Explain("A")->blocked_share, 50);
}

// Example 2 (aggregation): X and Y each own 25 % of B.
TEST(OfacRule, HoldingsOfSeveralBlockedPersonsAddUp) {
  auto ev = Evaluate("ofac-sdn:X,,B,Beta LLC,25,,\nofac-sdn:Y,,B,Beta LLC,25,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("B"), kBlocked);
  EXPECT_DOUBLE_EQ(ev->Explain("B")->blocked_share, 50);
}

// Example 3: X owns 50 % of A, A owns 50 % of C: C is blocked (A counts as blocked in full).
TEST(OfacRule, EntitiesBlockedByTheRuleAreBlockedOwners) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,50,,\nA,Alpha LLC,C,Gamma LLC,50,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("C"), kBlocked);
  auto c = ev->Explain("C");
  EXPECT_EQ(c->explanation, "50 % held by blocked persons: 50 % by ofac-sdn:X (KOVALCHUK, Yuri Valentinovich) via Alpha LLC (A)");
  ASSERT_EQ(c->paths.size(), 1u);
  EXPECT_EQ(c->paths[0].owner_id, "A");
  EXPECT_EQ(c->paths[0].owner_status, "blocked");
  ASSERT_EQ(c->paths[0].via.size(), 1u);
  EXPECT_EQ(c->paths[0].via[0].owner_id, "ofac-sdn:X");
}

// Example 4: X owns 40 % of D (not blocked), D owns 100 % of F: F is not blocked by the rule, but
// OFAC urges caution: a review naming the indirect holding.
TEST(OfacRule, HoldingsThroughUnblockedEntitiesDoNotCountButAreReviewed) {
  auto ev = Evaluate("ofac-sdn:X,,D,Delta LLC,40,,\nD,Delta LLC,F,Foxtrot LLC,100,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("D"), kReview);
  EXPECT_EQ(ev->StatusOf("F"), kReview);
  auto f = ev->Explain("F");
  EXPECT_EQ(f->action, Verdict::kReview);
  EXPECT_EQ(f->reason, "review: indirect holding below the rule");
  EXPECT_DOUBLE_EQ(f->indirect_share, 40);
  EXPECT_NE(f->explanation.find("100 % through Delta LLC (D) (in which blocked persons hold 40 %)"), std::string::npos)
      << f->explanation;
  EXPECT_EQ(ev->Explain("D")->reason, "review: 40 % held by blocked persons, below the rule");
}

// The guidance's example of direct and indirect holdings together: X owns 50 % of A and 30 % of B,
// A owns 20 % of B: B is blocked (30 % directly and 20 % through A, not 50 % × 20 %).
TEST(OfacRule, DirectAndIndirectHoldingsAddWithoutMultiplying) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,50,,\nofac-sdn:X,,B,Beta LLC,30,,\nA,Alpha LLC,B,Beta LLC,20,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("B"), kBlocked);
  EXPECT_DOUBLE_EQ(ev->Explain("B")->blocked_share, 50);
}

// X and Y each own 25 % of A, A owns 50 % of B: both blocked.
TEST(OfacRule, AggregateBlockPassesDownTheChain) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,25,,\nofac-sdn:Y,,A,Alpha LLC,25,,\nA,Alpha LLC,B,Beta LLC,50,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("A"), kBlocked);
  EXPECT_EQ(ev->StatusOf("B"), kBlocked);
}

TEST(OfacRule, JustUnderFiftyIsNotBlocked) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,33.3333,,\nofac-sdn:Y,,A,Alpha LLC,16.6666,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("A"), kReview);  // 49.9999 %: below the rule, held by blocked persons
  auto exact = Evaluate("ofac-sdn:X,,A,Alpha LLC,33.3333,,\nofac-sdn:Y,,A,Alpha LLC,16.6667,,\n");
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->StatusOf("A"), kBlocked);  // exactly 50 %: sums are exact, not floating point
}

TEST(OfacRule, ExplanationListsEveryBlockedHolder) {
  auto ev = Evaluate("ofac-sdn:X,,H,Holding Ltd,100,,\nH,Holding Ltd,T,Target LLC,50,,\nofac-sdn:Y,,T,Target LLC,18,,\n"
                     "P,Anna Private,T,Target LLC,32,,\n");
  ASSERT_TRUE(ev);
  auto t = ev->Explain("T");
  EXPECT_EQ(t->explanation,
            "68 % held by blocked persons: 50 % by ofac-sdn:X (KOVALCHUK, Yuri Valentinovich) via Holding Ltd (H), "
            "18 % by ofac-sdn:Y (ROTENBERG, Arkady Romanovich)");
  ASSERT_EQ(t->roots.size(), 2u);
}

constexpr const char* kControlGraph =
    "owner_id,owner_name,asset_id,asset_name,percentage,start,end,relation\n"
    "ofac-sdn:X,,A,Alpha LLC,,,,right to appoint or remove a majority of the board\n"
    "ofac-sdn:Y,,B,Beta LLC,,,,director\n";

TEST(OfacRule, ControlAloneIsAReviewNotABlock) {
  auto ev = Evaluate(kControlGraph);
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("A"), kReview);
  EXPECT_NE(ev->Explain("A")->explanation.find("control alone does not block"), std::string::npos);
  EXPECT_EQ(ev->StatusOf("B"), kReview);
  EXPECT_EQ(ev->Explain("B")->reason, "review: a blocked person is a director");
}

TEST(EuUkRule, ControlBlocks) {
  for (OwnershipRule rule : {OwnershipRule::kEu, OwnershipRule::kUk}) {
    auto ev = Evaluate(kControlGraph, rule);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->StatusOf("A"), kBlocked) << OwnershipRuleName(rule);
    EXPECT_EQ(ev->Explain("A")->reason, OwnershipRuleTitle(rule));
    EXPECT_EQ(ev->StatusOf("B"), kReview);  // a seat on the board is not control
  }
}

TEST(EuUkRule, MoreThanFiftyStrictly) {
  for (OwnershipRule rule : {OwnershipRule::kEu, OwnershipRule::kUk}) {
    auto fifty = Evaluate("ofac-sdn:X,,A,Alpha LLC,50,,\n", rule);
    ASSERT_TRUE(fifty);
    EXPECT_EQ(fifty->StatusOf("A"), kReview) << OwnershipRuleName(rule);  // 50 %: held below the rule
    auto more = Evaluate("ofac-sdn:X,,A,Alpha LLC,50.0001,,\n", rule);
    ASSERT_TRUE(more);
    EXPECT_EQ(more->StatusOf("A"), kBlocked) << OwnershipRuleName(rule);
  }
}

// EU Commission FAQ (8 April 2022): 30 % and 25 % of two listed persons are aggregated. OFSI
// general guidance 4.14: different designated persons' holdings are not simply aggregated.
TEST(EuUkRule, AggregationEuYesUkReview) {
  const std::string graph = "ofac-sdn:X,,A,Alpha LLC,30,,\nofac-sdn:Y,,A,Alpha LLC,25,,\n";
  auto eu = Evaluate(graph, OwnershipRule::kEu);
  ASSERT_TRUE(eu);
  EXPECT_EQ(eu->StatusOf("A"), kBlocked);
  auto uk = Evaluate(graph, OwnershipRule::kUk);
  ASSERT_TRUE(uk);
  EXPECT_EQ(uk->StatusOf("A"), kReview);
  EXPECT_NE(uk->Explain("A")->explanation.find("several designated persons together"), std::string::npos)
      << uk->Explain("A")->explanation;
}

// UK: a person's holdings through entities it owns count as its own.
TEST(EuUkRule, UkCountsOnePersonsDirectAndIndirectHoldings) {
  auto uk = Evaluate("ofac-sdn:X,,A,Alpha LLC,60,,\nofac-sdn:X,,B,Beta LLC,30,,\nA,Alpha LLC,B,Beta LLC,25,,\n"
                     "ofac-sdn:Y,,C,Charlie LLC,60,,\nofac-sdn:X,,D,Dee LLC,30,,\nC,Charlie LLC,D,Dee LLC,25,,\n",
                     OwnershipRule::kUk);
  ASSERT_TRUE(uk);
  EXPECT_EQ(uk->StatusOf("B"), kBlocked);  // 30 % + 25 % through A, all X's
  EXPECT_EQ(uk->StatusOf("D"), kReview);   // 30 % X's + 25 % Y's (through C): not added
}

TEST(Holdings, EndedOwnershipDoesNotCount) {
  auto ended = Evaluate("ofac-sdn:X,,A,Alpha LLC,60,2015-01-01,2020-12-31\n");
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->StatusOf("A"), kClear);
  auto running = Evaluate("ofac-sdn:X,,A,Alpha LLC,60,2015,2024\n");  // ends in 2024: still in force on 2024-06-01
  ASSERT_TRUE(running);
  EXPECT_EQ(running->StatusOf("A"), kBlocked);
  auto future = Evaluate("ofac-sdn:X,,A,Alpha LLC,60,2024-07-01,\n");
  ASSERT_TRUE(future);
  EXPECT_EQ(future->StatusOf("A"), kClear);
}

TEST(Holdings, MissingShareIsAReviewNeverZero) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,,,\nP,Anna Private,A,Alpha LLC,40,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("A"), kReview);
  auto a = ev->Explain("A");
  EXPECT_EQ(a->reason, "review: unknown share");
  EXPECT_NE(a->explanation.find("unknown share by ofac-sdn:X"), std::string::npos) << a->explanation;
}

TEST(Holdings, RangesCountAtTheirLowEndAndReviewAtTheirHigh) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,50-75,,\nofac-sdn:X,,B,Beta LLC,25-50,,\n");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->StatusOf("A"), kBlocked);
  EXPECT_EQ(ev->StatusOf("B"), kReview);
  EXPECT_EQ(ev->Explain("B")->reason, "review: share range");
}

TEST(Holdings, CyclesTerminate) {
  auto none = Evaluate("A,Alpha LLC,B,Beta LLC,60,,\nB,Beta LLC,A,Alpha LLC,60,,\n");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->StatusOf("A"), kClear);  // a cycle blocks nothing by itself
  auto reached = Evaluate("A,Alpha LLC,B,Beta LLC,60,,\nB,Beta LLC,A,Alpha LLC,60,,\nofac-sdn:X,,A,Alpha LLC,40,,\n");
  ASSERT_TRUE(reached);
  EXPECT_EQ(reached->StatusOf("A"), kReview);  // 40 % by X; B is not blocked, so its 60 % does not count
  auto full = Evaluate("A,Alpha LLC,B,Beta LLC,100,,\nB,Beta LLC,A,Alpha LLC,100,,\nofac-sdn:X,,A,Alpha LLC,10,,\n");
  ASSERT_TRUE(full);  // look-through around a cycle of whole holdings settles at 100 %
  EXPECT_EQ(full->StatusOf("B"), kReview);
  auto blocked = Evaluate("A,Alpha LLC,B,Beta LLC,60,,\nB,Beta LLC,A,Alpha LLC,60,,\nofac-sdn:X,,A,Alpha LLC,50,,\n");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->StatusOf("A"), kBlocked);
  EXPECT_EQ(blocked->StatusOf("B"), kBlocked);
}

}  // namespace
}  // namespace embargo
