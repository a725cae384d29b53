// Query plans on the bundled lists: the variants a memo hands back are those found anew, for
// every query, with any budget and from several threads at once.
#include "match/query_plan.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "bundled_screener.h"
#include "common/csv.h"
#include "match/screener_internals.h"

namespace embargo {
namespace {

const NameIndex& Index() { return ScreenerInternals::Index(BundledScreener()); }

// The name forms of the first `n` development queries, and of names in abjad scripts.
std::vector<text::NameForm> Forms(size_t n) {
  std::ifstream in(EMBARGO_SHARED_DATA "/../benchmarks/name-variants/dev_queries.csv");
  std::stringstream text;
  text << in.rdbuf();
  std::string data = text.str();
  CsvReader reader(data);
  std::vector<std::string> row;
  std::vector<std::string> names = {"بشار الأسد", "أحمد حسن", "محمد علي", "Vladimir Putin", "Vladimir Putin"};
  reader.Next(row);  // header
  while (names.size() < n && reader.Next(row))
    if (row.size() > 1) names.push_back(row[1]);
  std::vector<text::NameForm> forms;
  for (const auto& name : names)
    for (auto& f : text::NormalizeName(name, SchemaFamily::kAny)) forms.push_back(std::move(f));
  return forms;
}

std::string Joined(const text::NameForm& f) {
  std::string out;
  for (const auto& t : f.tokens) out += (out.empty() ? "" : " ") + t;
  return out;
}

bool SameMeet(const TokenMeet& a, const TokenMeet& b) {
  return a.similarity == b.similarity && a.kind == b.kind && a.edits == b.edits;
}

// Whether two plans have the same tokens, weights and variants, in the same order.
::testing::AssertionResult SamePlan(const QueryPlan& a, const QueryPlan& b) {
  if (a.name.tokens.size() != b.name.tokens.size() || a.variants.size() != b.variants.size())
    return ::testing::AssertionFailure() << "different sizes";
  for (size_t i = 0; i < a.name.tokens.size(); ++i)
    if (a.name.tokens[i].idf != b.name.tokens[i].idf) return ::testing::AssertionFailure() << "token " << i << " weight";
  for (size_t u = 0; u < a.variants.size(); ++u) {
    if (a.variants[u].size() != b.variants[u].size())
      return ::testing::AssertionFailure() << "unit " << u << ": " << a.variants[u].size() << " vs " << b.variants[u].size();
    for (size_t k = 0; k < a.variants[u].size(); ++k) {
      const VariantMeet &x = a.variants[u][k], &y = b.variants[u][k];
      if (x.dict != y.dict || !SameMeet(x.plain, y.plain) || !SameMeet(x.abjad, y.abjad))
        return ::testing::AssertionFailure() << "unit " << u << " variant " << k;
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(VariantMemo, PlansAsFoundAnew) {
  const auto forms = Forms(400);
  PlanScratch ids;
  VariantMemo memo(Index().token_count(), size_t{64} << 20);
  size_t listed = 0, listed_pairs = 0;
  for (int pass = 0; pass < 2; ++pass) {  // the first pass fills the memo, the second reads it
    for (const auto& f : forms) {
      QueryPlan fresh = PlanQuery(Index(), f, ids);
      QueryPlan memoised = PlanQuery(Index(), f, ids, &memo);
      EXPECT_TRUE(SamePlan(fresh, memoised)) << Joined(f) << " (pass " << pass << ")";
      if (pass == 0) continue;
      const auto& q = memoised.name.tokens;
      for (const auto& t : q)
        if (t.dict != kNoDictToken && t.role != text::TokenRole::kInitial) {
          EXPECT_NE(memo.Find(t, memoised.abjad), nullptr) << t.text;
          ++listed;
        }
      for (size_t i = 0; i + 1 < q.size(); ++i)
        if (q[i].dict != kNoDictToken && q[i + 1].dict != kNoDictToken) {
          EXPECT_NE(memo.FindPair(q[i].dict, q[i + 1].dict, memoised.abjad), nullptr) << q[i].text << q[i + 1].text;
          ++listed_pairs;
        }
    }
  }
  EXPECT_GT(listed, 300u);  // most query words are listed words
  EXPECT_GT(listed_pairs, 100u);
  EXPECT_GT(memo.bytes(), 0u);
}

// A Hebrew word's final t is said (ScoredToken::final_t_said); the same listed word in an Arabic
// name may be a silent ة. The memo keeps the two readings apart, whichever comes first.
// `names` planned as written and as read in script `other`, by a memo filled by one reading first
// and then by the other, plan as fresh; returns how many forms' plans differ by reading.
size_t ReadingsKeptApart(std::initializer_list<const char*> names, text::Script other) {
  PlanScratch ids;
  size_t differing = 0;
  for (const char* name : names) {
    for (auto& written : text::NormalizeName(name, SchemaFamily::kAny)) {
      text::NameForm read = written;  // the same words read as the other script's
      read.script = other;
      const QueryPlan fresh_written = PlanQuery(Index(), written, ids), fresh_read = PlanQuery(Index(), read, ids);
      differing += !SamePlan(fresh_written, fresh_read);
      for (bool written_first : {false, true}) {  // a memo filled by one reading, then read by both
        VariantMemo memo(Index().token_count(), size_t{64} << 20);
        QueryPlan first = PlanQuery(Index(), written_first ? written : read, ids, &memo);
        QueryPlan second = PlanQuery(Index(), written_first ? read : written, ids, &memo);
        EXPECT_TRUE(SamePlan(first, written_first ? fresh_written : fresh_read)) << name;
        EXPECT_TRUE(SamePlan(second, written_first ? fresh_read : fresh_written)) << name;
      }
    }
  }
  return differing;
}

// Hebrew words (whose final t is said) and Arabic ones; Arabic words whose final vowel is said and
// the same words in another abjad script: each reading keeps its own variants.
TEST(VariantMemo, KeepsEachReadingApart) {
  EXPECT_GT(ReadingsKeptApart({"כרם קשת", "משה שרת", "בית", "ברכת", "רות", "עזת"}, text::Script::kArabic), 0u);
  EXPECT_GT(ReadingsKeptApart({"عزيزي", "الطريقي أمين", "مهدي", "التكريتي"}, text::Script::kThai), 0u);
}

// A scratch hands back what the index gives: one kept across every form (past its room) plans as
// a fresh one, words written apart and together among them.
TEST(PlanScratch, KeptWordsPlanAsFoundAnew) {
  auto forms = Forms(300);
  for (const char* name : {"Abdul Rahman", "Abdulrahman", "Иванов Пётр", "Ivanov Pyotr", "Ал Асад", "بشار الأسد"})
    for (auto& f : text::NormalizeName(name, SchemaFamily::kAny)) forms.push_back(std::move(f));
  PlanScratch kept;
  size_t query = 0;
  for (const auto& f : forms) {
    if (++query % 7 == 0) kept.NewQuery(query % 14 == 0);  // sharing, then not, by turns
    PlanScratch fresh;
    EXPECT_TRUE(SamePlan(PlanQuery(Index(), f, fresh), PlanQuery(Index(), f, kept))) << Joined(f);
  }
}

TEST(VariantMemo, KeepsNothingPastItsBudget) {
  const auto forms = Forms(50);
  PlanScratch ids;
  VariantMemo memo(Index().token_count(), 0);
  for (const auto& f : forms) {
    QueryPlan fresh = PlanQuery(Index(), f, ids);
    EXPECT_TRUE(SamePlan(fresh, PlanQuery(Index(), f, ids, &memo))) << Joined(f);
    for (const auto& t : fresh.name.tokens) {
      if (t.dict == kNoDictToken) continue;
      EXPECT_EQ(memo.Find(t, fresh.abjad), nullptr) << t.text;
    }
    const auto& q = fresh.name.tokens;
    for (size_t i = 0; i + 1 < q.size(); ++i) {
      if (q[i].dict != kNoDictToken && q[i + 1].dict != kNoDictToken) {
        EXPECT_EQ(memo.FindPair(q[i].dict, q[i + 1].dict, fresh.abjad), nullptr) << q[i].text << q[i + 1].text;
      }
    }
  }
  EXPECT_EQ(memo.bytes(), 0u);
}

TEST(VariantMemo, SharedByThreads) {
  const auto forms = Forms(200);
  std::vector<QueryPlan> fresh;
  PlanScratch ids;
  for (const auto& f : forms) fresh.push_back(PlanQuery(Index(), f, ids));
  VariantMemo memo(Index().token_count(), size_t{64} << 20);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      PlanScratch scratch;
      for (int pass = 0; pass < 2; ++pass)
        for (size_t i = 0; i < forms.size(); ++i)
          if (!SamePlan(fresh[i], PlanQuery(Index(), forms[i], scratch, &memo))) ++mismatches[t];
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

// Explanations read similarities from the plan: the same as comparing the tokens, on records
// each unit's variants reach.
TEST(PlanSimilarity, AgreesWithComparingTheTokens) {
  PlanScratch ids;
  size_t compared = 0, met = 0;
  ScoredName list;
  for (const auto& f : Forms(200)) {
    QueryPlan plan = PlanQuery(Index(), f, ids);
    for (const auto& variants : plan.variants) {
      if (variants.empty()) continue;
      const auto& postings = Index().postings(variants.front().dict);
      if (postings.empty()) continue;
      ListName(Index(), Index().record(postings.front()), list);
      PlanSimilarity planned(plan, list);
      DirectSimilarity direct(plan.name, list);
      const size_t n = plan.name.tokens.size(), m = list.tokens.size();
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < m; ++j) {
          EXPECT_TRUE(SameMeet(planned.Single(i, j), direct.Single(i, j))) << Joined(f) << " / " << list.tokens[j].text;
          if (j + 1 < m) {
            EXPECT_TRUE(SameMeet(planned.Joined(i, j), direct.Joined(i, j))) << Joined(f);
          }
          if (i + 1 < n) {
            EXPECT_TRUE(SameMeet(planned.Split(i, j), direct.Split(i, j))) << Joined(f);
          }
          met += direct.Single(i, j).similarity > 0;
          ++compared;
        }
    }
  }
  EXPECT_GT(compared, 1000u);
  EXPECT_GT(met, 200u);  // most records reached share a word with the query
}

}  // namespace
}  // namespace embargo
