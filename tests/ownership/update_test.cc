// Incremental evaluation: after any sequence of changes, the statuses equal those of a full
// evaluation of the changed graph, and the changes reported are exactly the statuses that moved.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>

#include "ownership_test_util.h"

namespace embargo {
namespace {

using testing::Evaluate;
using testing::Listed;
using testing::TestLists;

std::shared_ptr<const Screener> ManyLists() {
  std::vector<Entity> more;
  for (int i = 0; i < 8; ++i) more.push_back(Listed("ofac-sdn:R" + std::to_string(i), "Listed Owner Number " + std::to_string(i)));
  return TestLists(std::move(more));
}

// A random graph kept as rows, so that a full evaluation of it can be compared at any time.
struct RandomGraph {
  std::mt19937 rng{2};
  std::map<std::pair<std::string, std::string>, HoldingEdit> rows;  // (owner, asset) -> holding

  std::string Node(int n) { return n < 8 ? "ofac-sdn:R" + std::to_string(n) : "C" + std::to_string(n); }
  HoldingEdit Random() {
    static const char* kShares[] = {"10", "20", "25", "30", "40", "50", "51", "60", "100", "", "25-50"};
    static const char* kRelations[] = {"", "", "", "", "", "", "control", "director"};
    HoldingEdit e;
    int owner = std::uniform_int_distribution<int>(0, 59)(rng), asset = std::uniform_int_distribution<int>(8, 59)(rng);
    e.owner_id = Node(owner);
    e.asset_id = Node(asset);
    e.asset_name = "Company " + e.asset_id;
    if (owner >= 8) e.owner_name = "Company " + e.owner_id;
    e.percentage = kShares[std::uniform_int_distribution<int>(0, 10)(rng)];
    e.relation = kRelations[std::uniform_int_distribution<int>(0, 7)(rng)];
    if (e.relation == "director") e.percentage = "";
    if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) e.end = "2020-01-01";  // ended
    return e;
  }
  std::string Csv() const {
    std::string out = "owner_id,owner_name,asset_id,asset_name,percentage,start,end,relation\n";
    for (const auto& [key, e] : rows)
      out += e.owner_id + "," + e.owner_name + "," + e.asset_id + "," + e.asset_name + "," + e.percentage + "," + e.start +
             "," + e.end + "," + e.relation + "\n";
    return out;
  }
};

std::map<std::string, OwnershipStatus> Statuses(const OwnershipEvaluator& ev) {
  std::map<std::string, OwnershipStatus> out;
  for (int n = 8; n < 60; ++n) out["C" + std::to_string(n)] = ev.StatusOf("C" + std::to_string(n));
  return out;
}

// Statuses agree, except where look-through interests sit within rounding of the review line.
void ExpectSameStatuses(const OwnershipEvaluator& incremental, const OwnershipEvaluator& full, const std::string& when) {
  for (const auto& [id, status] : Statuses(full)) {
    OwnershipStatus got = incremental.StatusOf(id);
    if (got == status) continue;
    double a = incremental.Explain(id)->indirect_share, b = full.Explain(id)->indirect_share;
    fprintf(stderr, "TOLERATED %s %f %f\n", id.c_str(), a, b);
    EXPECT_TRUE(std::fabs(a - 25) < 0.05 && std::fabs(b - 25) < 0.05)
        << when << ": " << id << " is " << OwnershipStatusName(got) << " incrementally, " << OwnershipStatusName(status)
        << " in full (" << full.Explain(id)->explanation << ")";
  }
}

class IncrementalTest : public ::testing::TestWithParam<OwnershipRule> {};

TEST_P(IncrementalTest, RandomEditsMatchFullEvaluation) {
  auto lists = ManyLists();
  RandomGraph rg;
  for (int i = 0; i < 120; ++i) {
    HoldingEdit e = rg.Random();
    rg.rows[{e.owner_id, e.asset_id}] = e;
  }
  auto ev = Evaluate(rg.Csv(), GetParam(), lists);
  ASSERT_TRUE(ev);
  for (int step = 0; step < 300; ++step) {
    HoldingEdit e = rg.Random();
    auto it = rg.rows.find({e.owner_id, e.asset_id});
    if (it != rg.rows.end() && step % 3 == 0) {  // remove an existing holding
      e = it->second;
      e.remove = true;
      rg.rows.erase(it);
    } else {
      if (it != rg.rows.end()) {  // the new relation replaces the old one's kind only: remove the old first
        HoldingEdit gone = it->second;
        gone.remove = true;
        ASSERT_TRUE(ev->ApplyEdits({gone}).ok());
      }
      rg.rows[{e.owner_id, e.asset_id}] = e;
    }
    auto before = Statuses(*ev);
    auto changes = ev->ApplyEdits({e});
    ASSERT_TRUE(changes.ok()) << changes.status().ToString();
    auto after = Statuses(*ev);
    std::map<std::string, std::pair<OwnershipStatus, OwnershipStatus>> reported, seen;
    for (const OwnershipChange& c : *changes)
      if (c.id[0] == 'C') reported[c.id] = {c.before, c.after};
    for (const auto& [id, s] : after)
      if (before[id] != s) seen[id] = {before[id], s};
    EXPECT_EQ(reported, seen) << "step " << step;
    if (step % 25 == 24) {
      auto full = Evaluate(rg.Csv(), GetParam(), lists);
      ASSERT_TRUE(full);
      ExpectSameStatuses(*ev, *full, "step " + std::to_string(step));
    }
  }
  EXPECT_LT(ev->stats().touched, 60u);  // an update reconsiders what it reaches, not the graph
}

INSTANTIATE_TEST_SUITE_P(Rules, IncrementalTest,
                         ::testing::Values(OwnershipRule::kOfac, OwnershipRule::kEu, OwnershipRule::kUk),
                         [](const auto& info) { return std::string(OwnershipRuleName(info.param)); });

TEST(Incremental, ListChangesRelinkOnlyWhatTheyReach) {
  const std::string graph = "ofac-sdn:NEW,,A,Alpha LLC,60,,\nP9,Gennady Timchenko,B,Beta LLC,60,,\nQ,Quiet Owner,C,Gamma LLC,60,,\n";
  auto ev = Evaluate(graph);
  ASSERT_TRUE(ev);
  EXPECT_TRUE(ev->Results().empty());
  std::vector<Entity> added = {Listed("ofac-sdn:NEW", "NEWLY LISTED PERSON"), Listed("ofac-sdn:T", "TIMCHENKO, Gennady Nikolayevich")};
  auto changes = ev->UpdateLists(TestLists(added));
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  std::vector<std::string> moved;
  for (const OwnershipChange& c : *changes)
    moved.push_back(c.id + " " + std::string(OwnershipStatusName(c.before)) + "->" + std::string(OwnershipStatusName(c.after)));
  EXPECT_EQ(moved, (std::vector<std::string>{"A clear->blocked", "B clear->blocked", "P9 clear->listed",
                                             "ofac-sdn:NEW clear->listed"}));
  EXPECT_EQ(ev->Explain("B")->roots.at(0).entity_id, "ofac-sdn:T");
  changes = ev->UpdateLists(TestLists());  // both delisted
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->size(), 4u);
  EXPECT_TRUE(ev->Results().empty());
}

TEST(Incremental, NewGraphVersionReevaluatesWhatChanged) {
  std::string dir = ::testing::TempDir();
  auto write = [&](const std::string& name, const std::string& rows) {
    std::ofstream(dir + name) << testing::kCsvHeader << rows;
    return dir + name;
  };
  std::string v1 = write("v1.csv", "ofac-sdn:X,,A,Alpha LLC,50,,\nA,Alpha LLC,B,Beta LLC,50,,\nE,Echo,F,Fox,50,,\n");
  std::string v2 = write("v2.csv", "ofac-sdn:X,,A,Alpha LLC,40,,\nA,Alpha LLC,B,Beta LLC,50,,\nE,Echo,F,Fox,50,,\nofac-sdn:Y,,F,Fox,50,,\n");
  OwnershipOptions o;
  o.as_of = "2024-06-01";
  auto ev = OwnershipEvaluator::Load({v1}, TestLists(), o);
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ((*ev)->StatusOf("B"), OwnershipStatus::kBlocked);
  auto changes = (*ev)->UpdateGraph({v2});
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  EXPECT_EQ((*ev)->StatusOf("A"), OwnershipStatus::kReview);  // 40 %: below the rule
  EXPECT_EQ((*ev)->StatusOf("B"), OwnershipStatus::kClear);   // 50 % of an unblocked A: 20 % looked through
  EXPECT_EQ((*ev)->StatusOf("F"), OwnershipStatus::kBlocked);
  EXPECT_EQ(changes->size(), 4u);  // A, B, F and the newly named ofac-sdn:Y
  EXPECT_NE((*ev)->graph().version, "");
  std::remove(v1.c_str());
  std::remove(v2.c_str());
}

TEST(Incremental, BadEditsChangeNothing) {
  auto ev = Evaluate("ofac-sdn:X,,A,Alpha LLC,50,,\n");
  ASSERT_TRUE(ev);
  HoldingEdit good{"ofac-sdn:X", "B", "", "Beta", "", "60", "", "", false};
  HoldingEdit bad{"ofac-sdn:X", "C", "", "Gamma", "", "sixty", "", "", false};
  auto r = ev->ApplyEdits({good, bad});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "edit 2: percentage: share 'sixty': expected a percentage such as 50, 50 %, 25-50 or >50");
  EXPECT_EQ(ev->StatusOf("B"), OwnershipStatus::kClear);
}

}  // namespace
}  // namespace embargo
