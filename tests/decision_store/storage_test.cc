// The Store contract, run against SQLite and PostgreSQL alike: recording, the hash chain and its
// tamper detection, four-eyes decisions, remembered false positives, and rescreening deltas.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "common/sha256.h"
#include "embargo/decision_store.h"
#include "decision_store/db.h"
#include "decision_store/rescreen.h"
#include "decision_store/screening.h"
#include "decision_store/worklist.h"
#include "store_test_util.h"

namespace embargo {
namespace {

using testing_store::FreshStore;
using testing_store::RawSql;

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<DecisionStore> Open(const DecisionStoreOptions& options = {}) {
    if (target_.empty()) target_ = FreshStore(GetParam(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
    if (target_.empty()) return nullptr;
    auto s = DecisionStore::Open(target_, options);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(*s) : nullptr;
  }
  std::string target_;

  // A store written before decision records kept decided_at, where `column` of `table` is checked.
  void ExpectEarlierRecordsTimeChecked(const std::string& table, const std::string& column);

  // Makes `edit` in the store's tables: `audit verify` must then fail naming `named`; after the
  // `undo` statements it must pass again.
  void ExpectEditNamed(DecisionStore& store, const std::string& edit, const std::string& named,
                       const std::vector<std::string>& undo) {
    RawSql(target_, edit);
    auto broken = store.Verify();
    ASSERT_TRUE(broken.ok());
    EXPECT_FALSE(broken->ok) << edit;
    EXPECT_NE(broken->problem.find(named), std::string::npos) << edit << ": " << broken->problem;
    for (const std::string& statement : undo) RawSql(target_, statement);
    broken = store.Verify();
    ASSERT_TRUE(broken.ok());
    EXPECT_TRUE(broken->ok) << "restored after " << edit << ": " << broken->problem;
  }
};

// An acting principal the store does not need to know (as an API key's principal).
Actor By(const std::string& name) { return Actor{name, RoleSet::All(), false}; }

#define OPEN_OR_SKIP(var, ...)                                                              \
  auto var = Open(__VA_ARGS__);                                                             \
  if (!var && target_.empty()) GTEST_SKIP() << "PostgreSQL is not installed: install postgresql"; \
  ASSERT_TRUE(var)

ScreeningRecord Screening(const std::string& customer, const std::string& name, const std::string& entity,
                          const std::string& entity_fp, double score) {
  ScreeningRecord r;
  r.caller = "tester";
  r.customer_id = customer;
  r.input_json = nlohmann::json{{"name", name}}.dump();
  r.lists_json = R"([{"dataset":"ofac-sdn","content_hash":"abc"}])";
  r.result_json = nlohmann::json{{"alert", !entity.empty()}, {"hits", nlohmann::json::array()}}.dump();
  if (!entity.empty()) r.alert_hits.push_back({entity, entity_fp, "LISTED, Person", score, R"({"entity_id":"x"})"});
  return r;
}

TEST_P(StoreTest, RecordsScreeningsWithAlertsAndAnIntactChain) {
  OPEN_OR_SKIP(store);
  auto a = store->RecordScreening(Screening("C1", "John Smith", "ofac-sdn:1", "fp1", 0.9));
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->seq, 1);
  EXPECT_TRUE(a->alert);
  ASSERT_EQ(a->hits.size(), 1u);
  EXPECT_GT(a->hits[0].alert_id, 0);
  auto b = store->RecordScreening(Screening("C2", "Jane Doe", "", "", 0));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->seq, 2);
  EXPECT_FALSE(b->alert);
  auto alerts = store->ListAlerts("pending", 0, 0);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].customer_id, "C1");
  EXPECT_EQ((*alerts)[0].status, "open");
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
  EXPECT_EQ(rep->records, 2);
  // The record holds the input, list versions and verdict.
  auto content = nlohmann::json::parse(RawSql(target_, "SELECT content FROM audit_records WHERE seq = 1"));
  EXPECT_EQ(content["input"]["name"], "John Smith");
  EXPECT_EQ(content["lists"][0]["dataset"], "ofac-sdn");
  EXPECT_EQ(content["verdict"], "alert");
  EXPECT_EQ(RawSql(target_, "SELECT caller FROM audit_records WHERE seq = 1"), "tester");
}

TEST_P(StoreTest, RequestKeyRecordsOnce) {
  OPEN_OR_SKIP(store);
  ScreeningRecord r = Screening("C1", "John Smith", "ofac-sdn:1", "fp1", 0.9);
  r.request_key = "batch:abc:2";
  auto first = store->RecordScreening(r);
  auto again = store->RecordScreening(r);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_FALSE(first->already_recorded);
  EXPECT_TRUE(again->already_recorded);
  EXPECT_EQ(first->seq, again->seq);
  ASSERT_EQ(again->hits.size(), 1u);
  EXPECT_EQ(again->hits[0].alert_id, first->hits[0].alert_id);
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM audit_records"), "1");
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM alerts"), "1");
}

// A batch of messages recorded in earlier batches (a stream replayed): each gets its own first
// record, alerts and result back, and nothing new is written.
TEST_P(StoreTest, ReplayedBatchGetsEachMessageItsFirstOutcome) {
  OPEN_OR_SKIP(store);
  std::vector<ScreeningRecord> first = {Screening("", "John Smith", "ofac-sdn:1", "fp1", 0.9),
                                        Screening("", "Jane Doe", "", "", 0)};
  first[0].request_key = "message:a";
  first[1].request_key = "message:b";
  ScreeningRecord later = Screening("", "Ivan Petrov", "ofac-sdn:2", "fp2", 0.95);
  later.request_key = "message:c";
  later.alert_hits.push_back({"ofac-sdn:3", "fp3", "OTHER, Person", 0.85, R"({"entity_id":"y"})"});
  auto a = store->RecordScreenings(first);
  auto c = store->RecordScreening(later);
  ASSERT_TRUE(a.ok() && c.ok());

  ScreeningRecord fresh = Screening("", "Anna Berg", "", "", 0);
  fresh.request_key = "message:d";
  std::vector<ScreeningRecord> replay = {later, first[1], fresh, first[0]};
  for (auto& r : replay) r.result_json = R"({"alert":false,"hits":[],"screened":"again"})";
  auto out = store->RecordScreenings(replay);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->size(), 4u);
  EXPECT_TRUE((*out)[0].already_recorded);
  EXPECT_EQ((*out)[0].seq, c->seq);
  ASSERT_EQ((*out)[0].hits.size(), 2u);
  EXPECT_EQ((*out)[0].hits[0].alert_id, c->hits[0].alert_id);
  EXPECT_EQ((*out)[0].hits[1].alert_id, c->hits[1].alert_id);
  EXPECT_TRUE((*out)[1].already_recorded);
  EXPECT_EQ((*out)[1].seq, (*a)[1].seq);
  EXPECT_TRUE((*out)[1].hits.empty());
  EXPECT_FALSE((*out)[1].alert);
  EXPECT_FALSE((*out)[2].already_recorded);
  EXPECT_TRUE((*out)[3].already_recorded);
  EXPECT_EQ((*out)[3].seq, (*a)[0].seq);
  ASSERT_EQ((*out)[3].hits.size(), 1u);
  EXPECT_EQ((*out)[3].hits[0].alert_id, (*a)[0].hits[0].alert_id);
  // The result recorded first, not the one screened again.
  EXPECT_EQ(nlohmann::json::parse((*out)[3].first_result_json), nlohmann::json::parse(first[0].result_json));
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM audit_records"), "4");
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM alerts"), "3");
}

TEST_P(StoreTest, BatchRecordsInOrderOnceAndAllOrNothing) {
  OPEN_OR_SKIP(store);
  std::vector<ScreeningRecord> batch = {Screening("C1", "John Smith", "ofac-sdn:1", "fp1", 0.9),
                                        Screening("C2", "Jane Doe", "", "", 0),
                                        Screening("C3", "Ivan Petrov", "ofac-sdn:2", "fp2", 0.95)};
  batch[0].request_key = "m-1";
  batch[1].request_key = "m-2";
  batch[2].request_key = "m-1";  // the same message twice in one batch: recorded once
  auto out = store->RecordScreenings(batch);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ((*out)[0].seq, 1);
  EXPECT_EQ((*out)[1].seq, 2);
  EXPECT_TRUE((*out)[2].already_recorded);
  EXPECT_EQ((*out)[2].seq, 1);
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM alerts"), "1");

  // A bad record fails the whole batch, names its place, and nothing of the batch is written.
  std::vector<ScreeningRecord> bad = {Screening("C4", "Anna Berg", "ofac-sdn:3", "fp3", 0.9),
                                      Screening("C5", "Olga Lind", "", "", 0)};
  bad[1].input_json = "{not json";
  auto refused = store->RecordScreenings(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("record 2 of a batch of 2"), std::string::npos) << refused.status().message();
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM audit_records"), "2");
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM alerts"), "1");
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

TEST_P(StoreTest, EditedDeletedAndTruncatedRecordsAreNamed) {
  OPEN_OR_SKIP(store);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store->RecordScreening(Screening("C" + std::to_string(i), "N", "", "", 0)).ok());
  store.reset();
  auto verify = [&] {
    auto s = DecisionStore::Open(target_, {.read_only = true});
    EXPECT_TRUE(s.ok()) << s.status().message();
    auto rep = (*s)->Verify();
    EXPECT_TRUE(rep.ok());
    return *rep;
  };
  EXPECT_TRUE(verify().ok);
  std::string original = RawSql(target_, "SELECT content FROM audit_records WHERE seq = 3");
  RawSql(target_, "UPDATE audit_records SET content = replace(content, '\"clear\"', '\"alert\"') WHERE seq = 3");
  VerifyReport edited = verify();
  EXPECT_FALSE(edited.ok);
  EXPECT_EQ(edited.first_broken, 3);
  EXPECT_NE(edited.problem.find("altered"), std::string::npos) << edited.problem;
  // Recomputing the edited record's own hash still breaks the link to the next one.
  RawSql(target_, "UPDATE audit_records SET hash = 'f00' WHERE seq = 3");
  EXPECT_EQ(verify().first_broken, 3);
  RawSql(target_, "DELETE FROM audit_records WHERE seq = 3");
  VerifyReport deleted = verify();
  EXPECT_EQ(deleted.first_broken, 3);
  EXPECT_NE(deleted.problem.find("missing"), std::string::npos) << deleted.problem;
  (void)original;
}

TEST_P(StoreTest, DeletingTheLastRecordIsDetected) {
  OPEN_OR_SKIP(store);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->RecordScreening(Screening("C", "N", "", "", 0)).ok());
  RawSql(target_, "DELETE FROM audit_records WHERE seq = 3");
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_EQ(rep->first_broken, 3);
}

// Regression: a row inserted into suppressions with sqlite3 made a listed hit read as suppressed
// while `audit verify` said intact. Suppressions and decided alert states are checked against the
// decision records of the chain.
TEST_P(StoreTest, SuppressionsAndAlertStatesOutsideTheChainAreNamed) {
  OPEN_OR_SKIP(store);
  auto first = store->RecordScreening(Screening("C1", "John Smith", "e:1", "fp", 0.85));
  auto other = store->RecordScreening(Screening("C2", "Vladimir Putin", "e:2", "fp", 1.0));
  ASSERT_TRUE(first.ok() && other.ok());
  ASSERT_TRUE(store->Decide(first->hits[0].alert_id, "false_positive", By("alice"), "other John Smith").ok());
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem << ": a suppression made by a decision agrees with the chain";

  RawSql(target_, "INSERT INTO suppressions (customer_id, entity_id, customer_fp, entity_fp, alert_id, reviewer, cleared_at) "
                  "SELECT 'C2', 'e:2', customer_fp, 'fp', 2, 'mallory', 'now' FROM alerts WHERE customer_id = 'C2'");
  rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_NE(rep->problem.find("suppression of e:2 for customer C2"), std::string::npos) << rep->problem;
  RawSql(target_, "DELETE FROM suppressions WHERE customer_id = 'C2'");

  RawSql(target_, "UPDATE suppressions SET reviewer = 'mallory' WHERE customer_id = 'C1'");
  rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_NE(rep->problem.find("differs from the decision"), std::string::npos) << rep->problem;
  RawSql(target_, "UPDATE suppressions SET reviewer = 'alice' WHERE customer_id = 'C1'");

  RawSql(target_, "UPDATE alerts SET status = 'false_positive' WHERE customer_id = 'C2'");
  rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_NE(rep->problem.find("which no decision in the audit trail gave it"), std::string::npos) << rep->problem;
}

// A tail cut off with the chain head rolled back is consistent from inside; a head hash kept
// elsewhere shows it.
TEST_P(StoreTest, ExpectedHeadDetectsARolledBackTail) {
  OPEN_OR_SKIP(store);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->RecordScreening(Screening("C", "N", "", "", 0)).ok());
  auto kept = store->Head();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->seq, 3);
  ASSERT_TRUE(store->RecordScreening(Screening("C", "N", "", "", 0)).ok());
  auto grown = store->Verify(kept->hash);
  ASSERT_TRUE(grown.ok());
  EXPECT_TRUE(grown->ok) << grown->problem << ": the trail may grow past the kept head";

  std::string hash2 = RawSql(target_, "SELECT hash FROM audit_records WHERE seq = 2");
  RawSql(target_, "DELETE FROM audit_records WHERE seq >= 3");
  RawSql(target_, "UPDATE chain_head SET seq = 2, hash = '" + hash2 + "' WHERE id = 1");
  auto inside = store->Verify();
  ASSERT_TRUE(inside.ok());
  EXPECT_TRUE(inside->ok) << "undetectable from inside the store";
  auto outside = store->Verify(kept->hash);
  ASSERT_TRUE(outside.ok());
  EXPECT_FALSE(outside->ok);
  EXPECT_NE(outside->problem.find("expected head"), std::string::npos) << outside->problem;
}

TEST_P(StoreTest, FourEyesForTrueMatchesAndHighScoreClearances) {
  OPEN_OR_SKIP(store);
  auto high = store->RecordScreening(Screening("C1", "A", "e:1", "fp", 0.97));
  auto low = store->RecordScreening(Screening("C2", "B", "e:2", "fp", 0.85));
  auto tm = store->RecordScreening(Screening("C3", "C", "e:3", "fp", 0.85));
  ASSERT_TRUE(high.ok() && low.ok() && tm.ok());
  int64_t h = high->hits[0].alert_id, l = low->hits[0].alert_id, t = tm->hits[0].alert_id;

  // A low-score false positive: one reviewer suffices.
  auto d = store->Decide(l, "false_positive", By("alice"), "different birth year");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->status, "false_positive");
  EXPECT_FALSE(store->Decide(l, "true_match", By("bob"), "late").ok()) << "a decided alert stays decided";

  // A high-score clearance: a second, different reviewer.
  d = store->Decide(h, "false_positive", By("alice"), "not him");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->status, "pending_second");
  EXPECT_TRUE(d->needs_second_review);
  auto same = store->Decide(h, "false_positive", By("alice"), "still not him");
  ASSERT_FALSE(same.ok());
  EXPECT_NE(same.status().message().find("four-eyes"), std::string::npos);
  d = store->Decide(h, "false_positive", By("bob"), "agreed");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->status, "false_positive");

  // A true match always needs two; disagreement reopens the alert.
  d = store->Decide(t, "true_match", By("alice"), "same passport");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->status, "pending_second");
  d = store->Decide(t, "false_positive", By("bob"), "passport differs");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->status, "open");
  auto decisions = store->GetDecisions(t);
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[0].reviewer, "alice");
  EXPECT_EQ((*decisions)[1].comment, "passport differs");

  // Bad decisions are errors naming the field.
  EXPECT_NE(store->Decide(t, "maybe", By("carol"), "x").status().message().find("decision"), std::string::npos);
  EXPECT_NE(store->Decide(t, "true_match", By(""), "x").status().message().find("reviewer"), std::string::npos);
  EXPECT_NE(store->Decide(t, "true_match", By("carol"), "").status().message().find("comment"), std::string::npos);
  EXPECT_EQ(store->Decide(999, "true_match", By("carol"), "x").status().code(), Status::Code::kNotFound);
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok);
  EXPECT_EQ(rep->records, 3 + 5) << "every decision is on the audit trail";
}

TEST_P(StoreTest, FourEyesCanBeTurnedOff) {
  DecisionStoreOptions opts;
  opts.four_eyes = false;
  OPEN_OR_SKIP(store, opts);
  auto r = store->RecordScreening(Screening("C1", "A", "e:1", "fp", 0.99));
  ASSERT_TRUE(r.ok());
  auto d = store->Decide(r->hits[0].alert_id, "true_match", By("alice"), "confirmed");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->status, "true_match");
  // The trail says the rule was off for this decision.
  std::string content = RawSql(target_, "SELECT content FROM audit_records WHERE kind = 'decision'");
  EXPECT_NE(content.find("\"four_eyes\":\"off by configuration"), std::string::npos) << content;
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

// Regression: four_eyes_score raised in a config file let one reviewer clear a 0.97 hit, and the
// decision record did not show it. Each decision record now carries the score and the rule in
// force, and says when the configuration let one reviewer settle what the default rule gives two.
TEST_P(StoreTest, DecisionRecordsCarryTheScoreAndTheFourEyesRuleInForce) {
  DecisionStoreOptions opts;
  opts.four_eyes_score = 0.99;
  OPEN_OR_SKIP(store, opts);
  auto high = store->RecordScreening(Screening("C1", "A", "e:1", "fp", 0.97));
  auto low = store->RecordScreening(Screening("C2", "B", "e:2", "fp", 0.85));
  ASSERT_TRUE(high.ok() && low.ok());
  auto d = store->Decide(high->hits[0].alert_id, "false_positive", By("alice"), "not him");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->status, "false_positive") << "0.97 is under the configured 0.99";
  ASSERT_TRUE(store->Decide(low->hits[0].alert_id, "false_positive", By("alice"), "not her").ok());
  std::vector<nlohmann::json> decisions;
  ASSERT_TRUE(store->ExportAudit("", "", [&](const AuditRecord& a) {
    if (a.kind == "decision") decisions.push_back(nlohmann::json::parse(a.content));
    return Status::Ok();
  }).ok());
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0]["score"], 0.97);
  EXPECT_EQ(decisions[0]["four_eyes_rule"], (nlohmann::json{{"four_eyes", true}, {"four_eyes_score", 0.99}}));
  EXPECT_EQ(decisions[0].value("four_eyes", ""),
            "four_eyes_score 0.99 by configuration, above the default 0.95: one reviewer cleared a score of 0.97 where "
            "the default rule asks two");
  EXPECT_EQ(decisions[1]["score"], 0.85);
  EXPECT_FALSE(decisions[1].contains("four_eyes")) << "the default rule gives 0.85 to one reviewer too";
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

// Regression: "ann" then "ANN" cleared a 1.0 hit as two reviewers. Four-eyes compares principals.
TEST_P(StoreTest, FourEyesComparesPrincipalsNotSpellings) {
  OPEN_OR_SKIP(store);
  auto r = store->RecordScreening(Screening("C1", "Kim Jong Un", "e:1", "fp", 1.0));
  ASSERT_TRUE(r.ok());
  int64_t id = r->hits[0].alert_id;
  ASSERT_EQ(store->Decide(id, "false_positive", By("ann"), "not him")->status, "pending_second");
  // U+0410 is the Cyrillic capital A: "Аnn" looks like "Ann".
  for (const char* same : {"ANN", " Ann ", "\xD0\x90nn"}) {
    auto d = store->Decide(id, "false_positive", By(same), "agreed");
    ASSERT_FALSE(d.ok()) << same << " is ann";
    EXPECT_EQ(d.status().code(), StatusCode::kFailedPrecondition) << same;
    EXPECT_NE(d.status().message().find("four-eyes"), std::string::npos) << d.status().message();
  }
  auto d = store->Decide(id, "false_positive", By("bo"), "agreed");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->status, "false_positive");
}

TEST_P(StoreTest, PrincipalsHoldRolesAndDisabledOnesAreRefused) {
  OPEN_OR_SKIP(store);
  RoleSet review = *RoleSet::Parse("review"), approve = *RoleSet::Parse("approve");
  // The first principal of a store must be an admin; then only admins add principals.
  EXPECT_EQ(store->AddPrincipal("ann", review, "root").status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store->AddPrincipal("root", *RoleSet::Parse("admin"), "os-user:root").ok());
  EXPECT_EQ(store->AddPrincipal("ann", review, "os-user:root").status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(store->AddPrincipal("ann", review, "ROOT").ok()) << "the admin in another spelling";
  ASSERT_TRUE(store->AddPrincipal("bo", approve, "root").ok());
  ASSERT_TRUE(store->AddPrincipal("cy", *RoleSet::Parse("review,approve"), "root").ok());
  EXPECT_EQ(store->AddPrincipal("Ann", approve, "root").status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store->AddPrincipal("ann smith", review, "root").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store->AddPrincipal("dee", review, "ann").status().code(), StatusCode::kPermissionDenied) << "ann is no admin";

  auto r = store->RecordScreening(Screening("C1", "Kim Jong Un", "e:1", "fp", 1.0));
  ASSERT_TRUE(r.ok());
  int64_t id = r->hits[0].alert_id;
  auto as = [&](const char* name) { return Actor{name, RoleSet::All(), true}; };
  EXPECT_EQ(store->Decide(id, "true_match", as("nobody"), "x").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store->Decide(id, "true_match", as("bo"), "x").status().code(), StatusCode::kPermissionDenied)
      << "approve alone cannot make the first review";
  auto d = store->Decide(id, "true_match", as("ANN"), "same passport");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->reviewer, "ann") << "recorded as registered";
  auto no_role = store->Decide(id, "true_match", Actor{"cy", review, false}, "agreed");
  EXPECT_EQ(no_role.status().code(), StatusCode::kPermissionDenied) << "a key's roles bound the table's";
  EXPECT_NE(no_role.status().message().find("approve"), std::string::npos) << no_role.status().message();

  EXPECT_EQ(store->DisablePrincipal("bo", "ann").status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(store->DisablePrincipal("BO", "root").ok());
  auto disabled = store->Decide(id, "true_match", as("bo"), "agreed");
  EXPECT_EQ(disabled.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(disabled.status().message().find("disabled"), std::string::npos) << disabled.status().message();
  EXPECT_EQ(store->Decide(id, "true_match", By("bo"), "agreed").status().code(), StatusCode::kPermissionDenied)
      << "a key of a principal disabled in the store is refused too";
  EXPECT_EQ(store->AddPrincipal("bo", approve, "root").status().code(), StatusCode::kAlreadyExists) << "names are not reused";
  EXPECT_EQ(store->DisablePrincipal("root", "root").status().code(), StatusCode::kFailedPrecondition) << "the last admin";
  d = store->Decide(id, "true_match", as("cy"), "agreed");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->status, "true_match");

  auto all = store->ListPrincipals();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_FALSE((*all)[2].enabled()) << (*all)[2].name;
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

// The principals and decisions tables are checked against their audit records.
TEST_P(StoreTest, EditedPrincipalsAndDecisionsAreNamedByVerify) {
  OPEN_OR_SKIP(store);
  ASSERT_TRUE(store->AddPrincipal("root", *RoleSet::Parse("admin"), "os-user:root").ok());
  ASSERT_TRUE(store->AddPrincipal("ann", *RoleSet::Parse("review"), "root").ok());
  auto r = store->RecordScreening(Screening("C1", "Kim Jong Un", "e:1", "fp", 1.0));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(store->Decide(r->hits[0].alert_id, "false_positive", Actor{"ann", RoleSet::All(), true}, "no").ok());
  auto expect_broken = [&](const std::string& edit, const std::string& undo, const std::string& named) {
    ExpectEditNamed(*store, edit, named, {undo});
  };
  expect_broken("UPDATE principals SET roles = 'review,approve,admin' WHERE name = 'ann'",
                "UPDATE principals SET roles = 'review' WHERE name = 'ann'", "principal 'ann' differs");
  expect_broken("UPDATE principals SET disabled_at = 'now' WHERE name = 'ann'",
                "UPDATE principals SET disabled_at = NULL WHERE name = 'ann'", "principal 'ann' differs");
  expect_broken("INSERT INTO principals (name_key, name, roles, created_at) VALUES ('mallory', 'mallory', 'admin', 'now')",
                "DELETE FROM principals WHERE name = 'mallory'", "principal 'mallory' has no record");
  std::string ann_at = RawSql(target_, "SELECT created_at FROM principals WHERE name = 'ann'");
  expect_broken("DELETE FROM principals WHERE name = 'ann'",
                "INSERT INTO principals (name_key, name, roles, created_at) VALUES ('ann', 'ann', 'review', '" + ann_at + "')",
                "deleted from the principals table");
  // The four-eyes rule reads the first reviewer from the decisions table.
  expect_broken("UPDATE decisions SET reviewer = 'bo'", "UPDATE decisions SET reviewer = 'ann'",
                "decision 1 on alert 1 differs");
}

// Regression: deleting an alert, or editing its status, score, entity or hit, left `audit verify`
// saying intact. Each alert must be as the record that raised it, in the status its decisions
// and removal records leave it.
TEST_P(StoreTest, AlertsDeletedOrEditedBesideTheTrailAreNamed) {
  OPEN_OR_SKIP(store);
  auto putin = store->RecordScreening(Screening("C1", "Vladimir Putin", "e:1", "fp", 1.0));
  auto bank = store->RecordScreening(Screening("C2", "Promsvyazbank", "e:2", "fp", 0.9));
  ASSERT_TRUE(putin.ok() && bank.ok());
  ASSERT_TRUE(store->Decide(1, "true_match", By("ann"), "listed").ok());
  bool resumed = false;
  auto run = store->StartRun("k", "[]", 2, "rescreen", &resumed);
  ASSERT_TRUE(run.ok()) << run.status().message();
  AlertHit hit{"e:3", "fp3", "LISTED, Bank", 0.95, R"({"entity_id":"e:3","score":0.95})"};
  AlertHit gone{"e:4", "fp4", "LISTED, Gone", 0.85, R"({"entity_id":"e:4"})"};
  ASSERT_TRUE(store->CommitRunBatch(run->id, 2, {{"C2", "cfp", R"({"name":"Promsvyazbank"})", hit, "new"},
                                                 {"C2", "cfp", R"({"name":"Promsvyazbank"})", gone, "new"}},
                                    {}, "rescreen").ok());
  ASSERT_TRUE(store->ResolveRemoved(run->id, {"e:4"}, {"C2"}, "rescreen").ok());
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  ASSERT_TRUE(rep->ok) << rep->problem;
  RawSql(target_, "CREATE TABLE alerts_kept AS SELECT * FROM alerts");
  auto expect_broken = [&](const std::string& edit, const std::string& named) {
    ExpectEditNamed(*store, edit, named, {"DELETE FROM alerts", "INSERT INTO alerts SELECT * FROM alerts_kept"});
  };
  expect_broken("DELETE FROM alerts WHERE id = 2", "alert 2, raised by audit record 2, was deleted");
  expect_broken("DELETE FROM alerts WHERE id = 1", "alert 1, raised by audit record 1, was deleted");
  expect_broken("DELETE FROM alerts WHERE status = 'open'", "alert 2, raised by audit record 2, was deleted");
  expect_broken("DELETE FROM alerts WHERE id = 4", "alert 4, raised by audit record 5, was deleted");
  expect_broken("UPDATE alerts SET status = 'resolved_removed' WHERE id = 2", "alert 2 has status resolved_removed");
  expect_broken("UPDATE alerts SET status = 'closed' WHERE id = 2", "alert 2 has status closed");
  expect_broken("UPDATE alerts SET status = 'open' WHERE id = 1", "alert 1 has status open");
  expect_broken("UPDATE alerts SET dataset = 'un' WHERE id = 2", "alert 2 differs from audit record");
  expect_broken("UPDATE alerts SET status = 'open' WHERE id = 4", "alert 4 has status open");
  expect_broken("UPDATE alerts SET score = 0.5 WHERE id = 2", "alert 2 differs from audit record 2 that raised it: its score");
  expect_broken("UPDATE alerts SET entity_id = 'e:9' WHERE id = 2", "its entity_id is 'e:9'");
  expect_broken("UPDATE alerts SET customer_id = 'C9' WHERE id = 3", "alert 3 differs from audit record 5 that raised it: its customer_id");
  expect_broken("UPDATE alerts SET hit_json = '{}' WHERE id = 2", "alert 2 differs from audit record 2 that raised it: its hit_json");
  expect_broken("UPDATE alerts SET hit_json = '{}' WHERE id = 3", "alert 3 differs from audit record 5 that raised it: its hit_json");
  expect_broken("INSERT INTO alerts (id, record_seq, run_id, customer_id, customer_fp, entity_id, entity_fp, caption, score, "
                "status, reason, created_at, hit_json) SELECT 9, record_seq, run_id, customer_id, customer_fp, 'e:9', "
                "entity_fp, caption, score, status, reason, created_at, hit_json FROM alerts WHERE id = 2",
                "alert 9 has no audit record that raised it");
}

// Regression: comments and escalations (the alert's history in the workbench) edited, deleted or
// inserted in alert_events left `audit verify` saying intact. Each row must be its alert_event
// record, and the alert's assignee the one its events leave.
TEST_P(StoreTest, AlertEventsEditedBesideTheTrailAreNamed) {
  OPEN_OR_SKIP(store);
  ASSERT_TRUE(store->AddPrincipal("root", *RoleSet::Parse("admin"), "os-user:root").ok());
  ASSERT_TRUE(store->AddPrincipal("ann", *RoleSet::Parse("review"), "root").ok());
  ASSERT_TRUE(store->AddPrincipal("carl", *RoleSet::Parse("review"), "root").ok());
  auto r = store->RecordScreening(Screening("C1", "Kim Jong Un", "e:1", "fp", 1.0));
  ASSERT_TRUE(r.ok());
  const int64_t id = r->hits[0].alert_id;
  Actor ann{"ann", RoleSet::All(), true};
  ASSERT_TRUE(store->AddAlertEvent(id, "assign", "ann", ann).ok());
  ASSERT_TRUE(store->AddAlertEvent(id, "comment", "called the customer", ann).ok());
  ASSERT_TRUE(store->AddAlertEvent(id, "escalate", "needs the legal team", ann).ok());
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  ASSERT_TRUE(rep->ok) << rep->problem;
  RawSql(target_, "CREATE TABLE events_kept AS SELECT * FROM alert_events");
  auto expect_broken = [&](const std::string& edit, const std::string& named) {
    ExpectEditNamed(*store, edit, named,
                    {"DELETE FROM alert_events", "INSERT INTO alert_events SELECT * FROM events_kept",
                     "UPDATE alerts SET assignee = NULL"});
  };
  expect_broken("UPDATE alert_events SET detail = 'forged' WHERE kind = 'comment'",
                "the alert event of record 6 (comment on alert 1) differs from its audit record");
  expect_broken("UPDATE alert_events SET principal = 'carl' WHERE kind = 'escalate'", "differs from its audit record");
  expect_broken("UPDATE alert_events SET kind = 'comment' WHERE kind = 'escalate'", "differs from its audit record");
  expect_broken("DELETE FROM alert_events WHERE kind = 'escalate'",
                "the escalate by ann on alert 1 (audit record 7) was deleted from the alert_events table");
  expect_broken("DELETE FROM alert_events WHERE kind = 'assign'", "the assign by ann on alert 1 (audit record 5) was deleted");
  expect_broken("INSERT INTO alert_events (record_seq, alert_id, kind, principal, detail, at) "
                "VALUES (99, 1, 'comment', 'carl', 'cleared by phone', 'now')",
                "the alert event of record 99 (comment on alert 1) has no alert_event record");
  expect_broken("UPDATE alerts SET assignee = 'carl'", "alert 1 is assigned to 'carl', which no event in the audit trail did");
}

// Regression: alert_counts set to 0 (and its insert trigger dropped) showed an empty workbench queue
// while `audit verify` said intact. The counts must equal the alerts by status, and their triggers exist.
TEST_P(StoreTest, AlertCountsEditedOrUnmaintainedAreNamed) {
  OPEN_OR_SKIP(store);
  ASSERT_TRUE(store->RecordScreening(Screening("C1", "Vladimir Putin", "e:1", "fp", 1.0)).ok());
  ASSERT_TRUE(store->RecordScreening(Screening("C2", "Promsvyazbank", "e:2", "fp", 0.9)).ok());
  ASSERT_TRUE(store->Decide(1, "true_match", By("ann"), "listed").ok());
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  ASSERT_TRUE(rep->ok) << rep->problem;
  const bool pg = testing_store::IsPostgres(target_);
  const std::string restore = "UPDATE alert_counts SET n = (SELECT COUNT(*) FROM alerts WHERE alerts.status = alert_counts.status)";
  ExpectEditNamed(*store, "UPDATE alert_counts SET n = 0 WHERE status IN ('open', 'pending_second')",
                  "alert_counts says 0 alerts have status open, the alerts table holds 1", {restore});
  ExpectEditNamed(*store, "DELETE FROM alert_counts", "alert_counts says 0 alerts have status ", {
      "INSERT INTO alert_counts (status, n) SELECT status, COUNT(*) FROM alerts GROUP BY status"});
  ExpectEditNamed(*store, "INSERT INTO alert_counts (status, n) VALUES ('closed', 5)",
                  "alert_counts says 5 alerts have status closed, the alerts table holds 0", {
      "DELETE FROM alert_counts WHERE status = 'closed'"});
  // The probe's edit: the count zeroed and the trigger that would raise it again dropped.
  RawSql(target_, "UPDATE alert_counts SET n = 0 WHERE status IN ('open', 'pending_second')");
  RawSql(target_, "DROP TRIGGER alert_counts_insert" + std::string(pg ? " ON alerts" : ""));
  rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_NE(rep->problem.find("status open"), std::string::npos) << rep->problem;
  // Counts right but a trigger gone (or disabled): they would drift with the next alert.
  RawSql(target_, restore);
  rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_NE(rep->problem.find("the trigger alert_counts_insert that keeps alert_counts is missing"), std::string::npos)
      << rep->problem;
  if (pg) {
    RawSql(target_, "CREATE TRIGGER alert_counts_insert AFTER INSERT ON alerts REFERENCING NEW TABLE AS added "
                    "FOR EACH STATEMENT EXECUTE FUNCTION alert_counts_move()");
    EXPECT_TRUE(store->Verify()->ok);
    ExpectEditNamed(*store, "ALTER TABLE alerts DISABLE TRIGGER alert_counts_update",
                    "the trigger alert_counts_update that keeps alert_counts is missing or disabled",
                    {"ALTER TABLE alerts ENABLE TRIGGER alert_counts_update"});
  } else {
    RawSql(target_, "CREATE TRIGGER alert_counts_insert AFTER INSERT ON alerts BEGIN INSERT INTO alert_counts (status, n) "
                    "VALUES (NEW.status, 1) ON CONFLICT (status) DO UPDATE SET n = alert_counts.n + 1; END");
    EXPECT_TRUE(store->Verify()->ok);
  }
}

// The text between `from` and the end of `to` in migration 004 of the store's dialect.
std::string QueueMigration(bool pg, const std::string& from, const std::string& to) {
  const std::string sql = pg ? decisions::Migrations()[3].postgres_sql : decisions::Migrations()[3].sqlite_sql;
  const size_t at = sql.find(from);
  return sql.substr(at, sql.find(to, at) + to.size() - at);
}

// Regression: a trigger that keeps its name but does nothing (or fires on another event) passed
// `audit verify` until the counts had drifted. Its statement, events and body must be the migration's.
TEST_P(StoreTest, CountTriggersRewrittenAreNamed) {
  OPEN_OR_SKIP(store);
  ASSERT_TRUE(store->RecordScreening(Screening("C1", "Vladimir Putin", "e:1", "fp", 1.0)).ok());
  ASSERT_TRUE(store->Verify()->ok);
  if (testing_store::IsPostgres(target_)) {
    const std::string function = QueueMigration(true, "FUNCTION alert_counts_move", "$fn$;");
    ExpectEditNamed(*store, "CREATE OR REPLACE FUNCTION alert_counts_move() RETURNS trigger LANGUAGE plpgsql AS "
                            "$fn$ BEGIN RETURN NULL; END $fn$",
                    "the trigger alert_counts_insert that keeps alert_counts is not the one the store's migration made",
                    {"CREATE OR REPLACE " + function});
    RawSql(target_, "DROP TRIGGER alert_counts_delete ON alerts");
    ExpectEditNamed(*store, "CREATE TRIGGER alert_counts_delete AFTER TRUNCATE ON alerts "
                            "FOR EACH STATEMENT EXECUTE FUNCTION alert_counts_move()",
                    "the trigger alert_counts_delete that keeps alert_counts is not the one",
                    {"DROP TRIGGER alert_counts_delete ON alerts",
                     QueueMigration(true, "CREATE TRIGGER alert_counts_delete", "alert_counts_move()")});
  } else {
    RawSql(target_, "DROP TRIGGER alert_counts_update");
    ExpectEditNamed(*store, "CREATE TRIGGER alert_counts_update AFTER UPDATE OF status ON alerts BEGIN SELECT 1; END",
                    "the trigger alert_counts_update that keeps alert_counts is not the one the store's migration made",
                    {"DROP TRIGGER alert_counts_update", QueueMigration(false, "CREATE TRIGGER alert_counts_update", "END;")});
  }
}

// Regression: bob's password hash copied onto ann let bob's password sign in as ann, and verify
// said intact. Each credential record keeps a fingerprint of the hash it set.
TEST_P(StoreTest, PasswordHashesSetBesideTheTrailAreNamed) {
  OPEN_OR_SKIP(store);
  ASSERT_TRUE(store->AddPrincipal("root", *RoleSet::Parse("admin"), "os-user:root").ok());
  for (const char* name : {"ann", "bob", "carl"}) ASSERT_TRUE(store->AddPrincipal(name, *RoleSet::Parse("review"), "root").ok());
  ASSERT_TRUE(store->SetPasswordHash("ann", "$argon2id$ann-first", "root").ok());
  ASSERT_TRUE(store->SetPasswordHash("ann", "$argon2id$ann", "ann").ok());
  ASSERT_TRUE(store->SetPasswordHash("bob", "$argon2id$bob", "root").ok());
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  ASSERT_TRUE(rep->ok) << rep->problem;
  const std::string undo = "UPDATE principals SET password_hash = CASE name WHEN 'ann' THEN '$argon2id$ann' "
                           "WHEN 'bob' THEN '$argon2id$bob' END";
  ExpectEditNamed(*store, "UPDATE principals SET password_hash = (SELECT password_hash FROM principals WHERE name = 'bob') "
                  "WHERE name = 'ann'", "principal 'ann' has a password hash other than the one its last credential record set",
                  {undo});
  ExpectEditNamed(*store, "UPDATE principals SET password_hash = '$argon2id$ann-first' WHERE name = 'ann'",
                  "principal 'ann' has a password hash other than", {undo});
  ExpectEditNamed(*store, "UPDATE principals SET password_hash = '$argon2id$bob' WHERE name = 'carl'",
                  "principal 'carl' has a password hash that no credential record in the audit trail set", {undo});
  ExpectEditNamed(*store, "UPDATE principals SET password_hash = NULL WHERE name = 'bob'",
                  "principal 'bob' has no password hash, but its last credential record set one", {undo});
  ASSERT_TRUE(store->SetPasswordHash("bob", "", "root").ok());
  ExpectEditNamed(*store, "UPDATE principals SET password_hash = '$argon2id$bob' WHERE name = 'bob'",
                  "principal 'bob' has a password hash that no credential record", {
      "UPDATE principals SET password_hash = NULL WHERE name = 'bob'"});
}

// Decisions renumbered beside the trail (steps 2 and 3 swapped) made one reviewer's two decisions
// read as another's confirmation, and verify said intact.
// Regression: a record numbered 0 or below was never read by audit verify (the walk starts at
// record 1), so one could be added beside the chain while verify said intact.
TEST_P(StoreTest, RecordsNumberedBelowOneAreNamed) {
  OPEN_OR_SKIP(store);
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(store->RecordScreening(Screening("C" + std::to_string(i), "N", "", "", 0)).ok());
  ASSERT_TRUE(store->Verify()->ok);
  for (const char* seq : {"0", "-5"}) {
    RawSql(target_, std::string("INSERT INTO audit_records (seq, recorded_at, caller, kind, content, prev_hash, hash) "
                                "SELECT ") + seq + ", recorded_at, caller, kind, content, prev_hash, hash FROM audit_records WHERE seq = 1");
    auto broken = store->Verify();
    ASSERT_TRUE(broken.ok());
    EXPECT_FALSE(broken->ok) << seq;
    EXPECT_EQ(broken->first_broken, 1) << seq;
    EXPECT_NE(broken->problem.find(std::string("a record numbered ") + seq + " is out of the sequence"), std::string::npos)
        << broken->problem;
    RawSql(target_, std::string("DELETE FROM audit_records WHERE seq = ") + seq);
    EXPECT_TRUE(store->Verify()->ok) << "restored after record " << seq;
  }
}

// Regression: decisions.decided_at edited (a decision backdated) left audit verify saying intact.
// The decision record keeps the time; the row must give the same.
TEST_P(StoreTest, DecisionTimesEditedBesideTheTrailAreNamed) {
  OPEN_OR_SKIP(store);
  auto r = store->RecordScreening(Screening("C1", "Kim Jong Un", "e:1", "fp", 0.85));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(store->Decide(r->hits[0].alert_id, "false_positive", By("ann"), "another person").ok());
  ASSERT_TRUE(store->Verify()->ok);
  std::string at = RawSql(target_, "SELECT decided_at FROM decisions");
  std::string content = RawSql(target_, "SELECT content FROM audit_records WHERE kind = 'decision'");
  EXPECT_EQ(nlohmann::json::parse(content).value("decided_at", ""), at) << content;
  ExpectEditNamed(*store, "UPDATE decisions SET decided_at = '2020-01-01T00:00:00.000000Z'",
                  "decision 1 on alert 1 differs from audit record",
                  {"UPDATE decisions SET decided_at = '" + at + "'"});
  ExpectEditNamed(*store, "UPDATE decisions SET decided_at = 'yesterday'", "was edited",
                  {"UPDATE decisions SET decided_at = '" + at + "'"});
}

// A decision record as stores wrote it before it kept decided_at: the last record's content
// without the field, its hash and the head recomputed (the chain's hash, as store.cc writes it).
void RewriteAsLegacyDecision(const std::string& target) {
  auto field = [&](const std::string& column) { return RawSql(target, "SELECT " + column + " FROM audit_records WHERE seq = "
                                                                       "(SELECT MAX(seq) FROM audit_records)"); };
  nlohmann::json content = nlohmann::json::parse(field("content"));
  ASSERT_EQ(content.value("type", ""), "decision");
  content.erase("decided_at");
  std::string seq = field("seq"), text = content.dump();
  Sha256 h;
  h.Update(seq);
  for (const std::string& part : {field("prev_hash"), field("recorded_at"), field("caller"), field("kind"), text})
    h.Update("\n" + std::to_string(part.size()) + ":" + part);
  std::string hash = h.HexDigest(), quoted;
  for (char c : text) quoted += c == '\'' ? "''" : std::string(1, c);
  RawSql(target, "UPDATE audit_records SET content = '" + quoted + "', hash = '" + hash + "' WHERE seq = " + seq);
  RawSql(target, "UPDATE chain_head SET hash = '" + hash + "'");
}

// Decides a false positive in `store` and rewrites its record as one written before decision
// records kept decided_at; returns the record's time (empty, and a failure, if it has none).
std::string DecideInALegacyStore(DecisionStore& store, const std::string& target, const std::string& name) {
  auto r = store.RecordScreening(Screening("C1", name, "e:1", "fp", 0.85));
  EXPECT_TRUE(r.ok());
  if (!r.ok()) return "";
  EXPECT_TRUE(store.Decide(r->hits[0].alert_id, "false_positive", By("ann"), "another person").ok());
  RewriteAsLegacyDecision(target);
  std::string recorded = RawSql(target, "SELECT recorded_at FROM audit_records WHERE kind = 'decision'");
  EXPECT_EQ(recorded.size(), 27u) << recorded;
  return recorded.size() == 27 ? recorded : "";
}

// Stores written before decision records kept decided_at still verify: `column` of `table` (a
// decision's or a suppression's time) must fall in the minute after its decision record's.
void StoreTest::ExpectEarlierRecordsTimeChecked(const std::string& table, const std::string& column) {
  OPEN_OR_SKIP(store);
  std::string recorded = DecideInALegacyStore(*store, target_, "Kim Jong Un");
  ASSERT_FALSE(recorded.empty());
  const std::string set = "UPDATE " + table + " SET " + column + " = '";
  std::string just_after = recorded.substr(0, 20) + "999999Z";  // the same second, later
  RawSql(target_, set + just_after + "'");
  auto intact = store->Verify();
  ASSERT_TRUE(intact.ok());
  EXPECT_TRUE(intact->ok) << intact->problem;
  for (const std::string& edited : {std::string("2020-01-01T00:00:00.000000Z"), "2999" + recorded.substr(4), std::string("x")})
    ExpectEditNamed(*store, set + edited + "'", "(" + column + " " + edited + ") was edited", {set + just_after + "'"});
}

TEST_P(StoreTest, DecisionTimesOfEarlierRecordsAreCheckedAgainstTheirRecord) {
  ExpectEarlierRecordsTimeChecked("decisions", "decided_at");
}

// Regression: suppressions.cleared_at edited (a clearance backdated) left audit verify saying
// intact. It is the time of the decision that cleared the hit, which its record keeps.
TEST_P(StoreTest, SuppressionTimesEditedBesideTheTrailAreNamed) {
  OPEN_OR_SKIP(store);
  auto one = store->RecordScreening(Screening("C1", "John Smith", "e:1", "fp", 0.85));
  auto two = store->RecordScreening(Screening("C2", "Vladimir Putin", "e:2", "fp", 1.0));
  ASSERT_TRUE(one.ok() && two.ok());
  auto decide = [&](int64_t alert, const std::string& who) {
    auto d = store->Decide(alert, "false_positive", By(who), "another person");
    return d.ok() ? d->status : d.status().message();
  };
  ASSERT_EQ(decide(one->hits[0].alert_id, "ann"), "false_positive");
  // Four eyes: the confirming decision is the one that clears, and its time the suppression's.
  ASSERT_EQ(decide(two->hits[0].alert_id, "ann"), "pending_second");
  ASSERT_EQ(decide(two->hits[0].alert_id, "bob"), "false_positive");
  auto intact = store->Verify();
  ASSERT_TRUE(intact.ok());
  ASSERT_TRUE(intact->ok) << intact->problem;
  for (const char* c : {"C1", "C2"}) {
    const std::string customer = c, where = " WHERE customer_id = '" + customer + "'";
    std::string at = RawSql(target_, "SELECT cleared_at FROM suppressions" + where);
    std::string seq = RawSql(target_, "SELECT MAX(record_seq) FROM decisions WHERE alert_id = (SELECT alert_id FROM "
                                      "suppressions" + where + ")");
    EXPECT_EQ(at, RawSql(target_, "SELECT decided_at FROM decisions WHERE record_seq = " + seq));
    std::string entity = customer == "C1" ? "e:1" : "e:2";
    for (const std::string& edited : {std::string("2020-01-01T00:00:00.000000Z"), std::string("yesterday")})
      ExpectEditNamed(*store, "UPDATE suppressions SET cleared_at = '" + edited + "'" + where,
                      "the suppression of " + entity + " for customer " + customer + " differs from the decision "
                      "recorded for alert " + RawSql(target_, "SELECT alert_id FROM suppressions" + where) +
                      " (audit record " + seq + "): its time (cleared_at " + edited + ") was edited",
                      {"UPDATE suppressions SET cleared_at = '" + at + "'" + where});
  }
}

TEST_P(StoreTest, SuppressionTimesOfEarlierRecordsAreCheckedAgainstTheirRecord) {
  ExpectEarlierRecordsTimeChecked("suppressions", "cleared_at");
}

TEST_P(StoreTest, DecisionStepsRenumberedBesideTheTrailAreNamed) {
  OPEN_OR_SKIP(store);
  auto bank = store->RecordScreening(Screening("C1", "Sberbank", "e:1", "fp", 1.0));
  ASSERT_TRUE(bank.ok());
  int64_t id = bank->hits[0].alert_id;
  ASSERT_TRUE(store->Decide(id, "true_match", By("ann"), "a1").ok());
  ASSERT_TRUE(store->Decide(id, "false_positive", By("bob"), "b1").ok());
  ASSERT_TRUE(store->Decide(id, "true_match", By("ann"), "a2").ok());
  ASSERT_TRUE(store->Verify()->ok);
  RawSql(target_, "UPDATE decisions SET step = 99 WHERE step = 2");
  RawSql(target_, "UPDATE decisions SET step = 2 WHERE step = 3");
  RawSql(target_, "UPDATE decisions SET step = 3 WHERE step = 99");
  auto broken = store->Verify();
  ASSERT_TRUE(broken.ok());
  EXPECT_FALSE(broken->ok);
  EXPECT_NE(broken->problem.find("is out of order"), std::string::npos) << broken->problem;
}

TEST_P(StoreTest, ClearedFalsePositiveIsSuppressedUntilCustomerOrEntityChanges) {
  OPEN_OR_SKIP(store);
  auto first = store->RecordScreening(Screening("C1", "John Smith", "e:1", "fp-v1", 0.85));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(store->Decide(first->hits[0].alert_id, "false_positive", By("alice"), "other John Smith").ok());

  auto again = store->RecordScreening(Screening("C1", "John Smith", "e:1", "fp-v1", 0.85));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->alert);
  ASSERT_EQ(again->hits.size(), 1u);
  EXPECT_TRUE(again->hits[0].suppressed);
  EXPECT_NE(again->hits[0].reason.find("false positive cleared in alert " + std::to_string(first->hits[0].alert_id)),
            std::string::npos)
      << again->hits[0].reason;
  auto content = nlohmann::json::parse(RawSql(target_, "SELECT content FROM audit_records WHERE seq = " + std::to_string(again->seq)));
  EXPECT_EQ(content["verdict"], "suppressed") << "the suppression is recorded, never silent";
  EXPECT_EQ(content["suppressed"][0]["entity_id"], "e:1");

  auto other_customer = store->RecordScreening(Screening("C2", "John Smith", "e:1", "fp-v1", 0.85));
  ASSERT_TRUE(other_customer.ok());
  EXPECT_TRUE(other_customer->alert);

  auto changed_customer = store->RecordScreening(Screening("C1", "John A Smith", "e:1", "fp-v1", 0.85));
  ASSERT_TRUE(changed_customer.ok());
  EXPECT_TRUE(changed_customer->alert);
  EXPECT_NE(changed_customer->hits[0].reason.find("customer data changed"), std::string::npos);

  auto changed_entity = store->RecordScreening(Screening("C1", "John Smith", "e:1", "fp-v2", 0.85));
  ASSERT_TRUE(changed_entity.ok());
  EXPECT_TRUE(changed_entity->alert);
  EXPECT_NE(changed_entity->hits[0].reason.find("list record changed"), std::string::npos);
  auto alert = store->GetAlert(changed_entity->hits[0].alert_id);
  ASSERT_TRUE(alert.ok());
  EXPECT_NE(alert->reason.find("list record changed"), std::string::npos);
}

TEST_P(StoreTest, ConcurrentWritersKeepOneChain) {
  OPEN_OR_SKIP(store);
  store.reset();
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 3; ++w)
    writers.emplace_back([&, w] {
      auto s = DecisionStore::Open(target_);
      if (!s.ok()) { ++failures; return; }
      for (int i = 0; i < 20; ++i)
        if (!(*s)->RecordScreening(Screening("W" + std::to_string(w), "N", "e:1", "fp", 0.9)).ok()) ++failures;
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures, 0);
  auto s = DecisionStore::Open(target_);
  ASSERT_TRUE(s.ok());
  auto rep = (*s)->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
  EXPECT_EQ(rep->records, 60);
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(DISTINCT id) FROM alerts"), "60");
}

TEST_P(StoreTest, ReopeningKeepsTheSchemaVersion) {
  OPEN_OR_SKIP(store);
  store.reset();
  auto again = DecisionStore::Open(target_);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(RawSql(target_, "SELECT COUNT(*) FROM schema_migrations"), "6");
  RawSql(target_, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'now')");
  auto newer = DecisionStore::Open(target_);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer"), std::string::npos);
}

// Migration 004 keeps on each alert the name screened and the list, and counts the alerts by
// status: it fills them for the alerts a store already holds, and triggers keep the counts.
TEST_P(StoreTest, MigrationFourFillsTheQueueColumnsOfEarlierAlerts) {
  target_ = FreshStore(GetParam(), "migrate4");
  SKIP_WITHOUT_STORE(target_);
  {
    auto db = testing_store::IsPostgres(target_) ? decisions::OpenPostgres(target_, {}) : decisions::OpenSqlite(target_, {});
    ASSERT_TRUE(db.ok()) << db.status().message();
    ASSERT_TRUE((*db)->ExecScript("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
                                  "applied_at TEXT NOT NULL)").ok());
    for (const decisions::Migration& m : decisions::Migrations()) {
      if (m.version > 3) break;
      ASSERT_TRUE((*db)->ExecScript(m.sql).ok()) << m.name;
      ASSERT_TRUE((*db)->Exec("INSERT INTO schema_migrations VALUES (?, ?, 'then')", {std::to_string(m.version), m.name}).ok());
    }
    const std::vector<std::pair<std::string, std::string>> alerts = {
        {R"({"input":{"name":"Ivan Petrov"},"type":"screening"})", "ofac-sdn:1"},
        {R"({"input":{"name":7},"type":"screening"})", "un:2"},
        {R"({"input":{"name":"No List"},"type":"screening"})", "nocolon"}};
    for (size_t i = 0; i < alerts.size(); ++i) {
      std::string n = std::to_string(i + 1);
      ASSERT_TRUE((*db)->Exec("INSERT INTO audit_records (seq, recorded_at, caller, kind, content, prev_hash, hash) "
                              "VALUES (?, 'then', 't', 'screening', ?, '', '')", {n, alerts[i].first}).ok());
      ASSERT_TRUE((*db)->Exec("INSERT INTO alerts (id, record_seq, customer_id, customer_fp, entity_id, entity_fp, caption, "
                              "score, status, reason, created_at, hit_json) VALUES (?, ?, 'c', 'fp', ?, 'efp', 'C', 0.9, ?, "
                              "'hit', 'then', '{}')", {n, n, alerts[i].second, i == 2 ? "false_positive" : "open"}).ok());
    }
    ASSERT_TRUE((*db)->Exec("UPDATE chain_head SET seq = 3 WHERE id = 1").ok());
  }
  OPEN_OR_SKIP(store);
  EXPECT_EQ(RawSql(target_, "SELECT customer_name || '/' || dataset FROM alerts WHERE id = 1"), "Ivan Petrov/ofac-sdn");
  EXPECT_EQ(RawSql(target_, "SELECT customer_name || '/' || dataset FROM alerts WHERE id = 2"), "/un") << "not a string";
  EXPECT_EQ(RawSql(target_, "SELECT customer_name || '/' || dataset FROM alerts WHERE id = 3"), "No List/");
  using Counts = std::vector<std::pair<std::string, int64_t>>;
  auto page = store->QueryAlerts(AlertQuery{});
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->counts, (Counts{{"false_positive", 1}, {"open", 2}}));
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->alerts.size(), 2u);
  EXPECT_EQ(page->alerts[0].customer_name, "Ivan Petrov");
  ASSERT_TRUE(store->RecordScreening(Screening("c9", "Olga Ivanova", "uk-ofsi:9", "fp9", 0.8)).ok());
  RawSql(target_, "DELETE FROM alerts WHERE id = 2");
  AlertQuery uk;
  uk.dataset = "uk-ofsi";
  page = store->QueryAlerts(uk);
  EXPECT_EQ(page->counts, (Counts{{"false_positive", 1}, {"open", 2}}));
  ASSERT_EQ(page->alerts.size(), 1u);
  EXPECT_EQ(page->alerts[0].customer_name, "Olga Ivanova");
  EXPECT_EQ(page->alerts[0].hit_json, "") << "a queue row is read without its hit";
}

// --- The workbench queue against a sort of every alert.

struct QueueAlert {
  int64_t id;
  std::string status, dataset, customer, assignee, created_at;
  double score;
};

// Alerts with ties in score and date, several statuses, lists, customers and assignees.
std::vector<QueueAlert> QueueAlerts(int64_t n) {
  std::mt19937 rng(14);
  const char* statuses[] = {"open", "open", "open", "pending_second", "true_match", "false_positive"};
  const char* lists[] = {"ofac-sdn", "un", "uk-ofsi"};
  const char* assignees[] = {"", "", "", "", "", "", "", "ann", "ann", "bob"};
  std::vector<QueueAlert> out;
  for (int64_t id = 1; id <= n; ++id) {
    char day[40];
    std::snprintf(day, sizeof day, "2026-%02d-%02dT%02d:00:00.000000Z", static_cast<int>(1 + rng() % 6),
                  static_cast<int>(1 + rng() % 28), static_cast<int>(rng() % 3));
    out.push_back({id, statuses[rng() % 6], lists[rng() % 3], "C" + std::to_string(rng() % 400), assignees[rng() % 10],
                   day, 0.7 + static_cast<double>(rng() % 31) / 100});
  }
  return out;
}

void InsertQueueAlerts(const std::string& target, const std::vector<QueueAlert>& alerts) {
  for (size_t at = 0; at < alerts.size(); at += 500) {
    std::string sql = "INSERT INTO alerts (id, record_seq, customer_id, customer_fp, entity_id, entity_fp, caption, score, "
                      "status, reason, created_at, hit_json, assignee, dataset, customer_name) VALUES ";
    for (size_t i = at; i < std::min(alerts.size(), at + 500); ++i) {
      const QueueAlert& a = alerts[i];
      char score[16];
      std::snprintf(score, sizeof score, "%.2f", a.score);
      sql += (i > at ? ", (" : "(") + std::to_string(a.id) + ", 0, '" + a.customer + "', 'fp', '" + a.dataset + ":" +
             std::to_string(a.id) + "', 'efp', 'X', " + score + ", '" + a.status + "', 'hit', '" + a.created_at +
             "', '{}', " + (a.assignee.empty() ? "NULL" : "'" + a.assignee + "'") + ", '" + a.dataset + "', 'N')";
    }
    RawSql(target, sql);
  }
}

// The page that filtering and sorting every alert gives, and the number of matches.
std::pair<int64_t, std::vector<int64_t>> ExpectedPage(std::vector<QueueAlert> alerts, const AlertQuery& q) {
  std::erase_if(alerts, [&](const QueueAlert& a) {
    bool status = q.status == "all" || a.status == q.status ||
                  (q.status == "pending" && (a.status == "open" || a.status == "pending_second"));
    return !status || (!q.dataset.empty() && a.dataset != q.dataset) || (!q.customer.empty() && a.customer != q.customer) ||
           (q.assignee == "-" ? !a.assignee.empty() : !q.assignee.empty() && a.assignee != q.assignee) ||
           a.score < q.min_score - 1e-9 || a.score > q.max_score + 1e-9 || (!q.from.empty() && a.created_at < q.from) ||
           (!q.to.empty() && a.created_at.substr(0, q.to.size()) > q.to);
  });
  auto key = [&](const QueueAlert& a) {
    return std::make_tuple(q.sort == "score" ? a.score : 0.0, q.sort == "created_at" ? a.created_at : "", a.id);
  };
  std::sort(alerts.begin(), alerts.end(), [&](const QueueAlert& x, const QueueAlert& y) {
    return q.descending ? key(y) < key(x) : key(x) < key(y);
  });
  std::vector<int64_t> page;
  for (size_t i = q.offset; i < alerts.size() && page.size() < static_cast<size_t>(q.limit); ++i) page.push_back(alerts[i].id);
  return {static_cast<int64_t>(alerts.size()), page};
}

AlertQuery Queue(std::string status, std::string sort, bool descending, int64_t offset = 0) {
  AlertQuery q;
  q.status = std::move(status);
  q.sort = std::move(sort);
  q.descending = descending;
  q.offset = offset;
  return q;
}

// Each way of reading a page (the total from the counts by status; each status read in index
// order and merged; all matches read and sorted; more matches than are sorted, counted and then
// walked in order; past the last page) gives the page and total of a sort of every alert.
TEST_P(StoreTest, QueuePagesEqualASortOfEveryAlert) {
  OPEN_OR_SKIP(store);
  const std::vector<QueueAlert> alerts = QueueAlerts(decisions::kSortAllBelow + 400);
  InsertQueueAlerts(target_, alerts);
  std::vector<std::pair<std::string, AlertQuery>> queries;
  for (const char* sort : {"id", "score", "created_at"})
    for (bool desc : {false, true})
      for (int64_t offset : {0, 50, 4000, 20000}) {
        std::string name = std::string(sort) + (desc ? " desc" : " asc") + " from " + std::to_string(offset);
        queries.emplace_back("pending, " + name, Queue("pending", sort, desc, offset));
        queries.emplace_back("all, " + name, Queue("all", sort, desc, offset));
        AlertQuery list = Queue("pending", sort, desc, offset / 10);
        list.dataset = "un";
        list.min_score = 0.9;
        queries.emplace_back("one list, high scores, " + name, list);
        AlertQuery mine = Queue("pending", sort, desc, offset / 10);
        mine.assignee = "ann";
        mine.from = "2026-02";
        mine.to = "2026-04-15";
        queries.emplace_back("ann's, Feb to mid-April, " + name, mine);
        mine.assignee = "-";
        queries.emplace_back("nobody's, Feb to mid-April, " + name, mine);
        AlertQuery range = Queue("open", sort, desc, offset / 4);
        range.min_score = 0.75;
        range.max_score = 0.8;
        queries.emplace_back("open, scores 0.75 to 0.8, " + name, range);
        AlertQuery dated = Queue("true_match", sort, desc, offset / 10);
        dated.from = "2026-03-02";
        queries.emplace_back("true matches since 2 March, " + name, dated);
        AlertQuery customer = Queue("all", sort, desc, offset / 1000);
        customer.customer = "C7";
        queries.emplace_back("one customer, " + name, customer);
        AlertQuery every = Queue("all", sort, desc, offset / 2);
        every.min_score = 0.01;  // every alert: more matches than are sorted
        queries.emplace_back("all by score filter, " + name, every);
        AlertQuery small = Queue("pending", sort, desc, offset / 1000);
        small.limit = 1;
        small.dataset = "ofac-sdn";
        small.max_score = 0.71;
        queries.emplace_back("one per page, " + name, small);
      }
  int64_t overflow = 0;
  for (const auto& [name, q] : queries) {
    auto page = store->QueryAlerts(q);
    ASSERT_TRUE(page.ok()) << name << ": " << page.status().message();
    auto [total, ids] = ExpectedPage(alerts, q);
    EXPECT_EQ(page->total, total) << name;
    std::vector<int64_t> got;
    for (const Alert& a : page->alerts) got.push_back(a.id);
    EXPECT_EQ(got, ids) << name;
    if (q.min_score == 0.01 && total > decisions::kSortAllBelow) ++overflow;
  }
  EXPECT_GT(overflow, 0) << "a query with more matches than are sorted";
}

// --- Rescreening over a small synthetic list.

Entity Person(const std::string& id, const std::string& name) {
  Entity e;
  e.id = "test:" + id;
  e.dataset = "test";
  e.native_id = id;
  e.schema = Schema::kPerson;
  e.names.push_back({name, NameKind::kPrimary});
  return e;
}

ListLoad List(std::vector<Entity> entities, const std::string& version) {
  ListLoad l;
  l.dataset = "test";
  l.title = "Test list";
  l.format = "test";
  l.content_hash = version;
  l.entities = std::move(entities);
  return l;
}

std::vector<decisions::Customer> Customers(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::vector<decisions::Customer> out;
  for (const auto& [id, name] : rows) {
    auto c = decisions::MakeCustomer(id, name, "person", "", "", "", "test");
    EXPECT_TRUE(c.ok());
    out.push_back(*c);
  }
  return out;
}

std::set<std::pair<std::string, std::string>> AlertPairs(DecisionStore& store, int64_t run_id) {
  std::set<std::pair<std::string, std::string>> out;
  auto alerts = store.ListAlerts("all", 0, 0);
  EXPECT_TRUE(alerts.ok());
  for (const Alert& a : *alerts)
    if (a.run_id == run_id) out.emplace(a.customer_id, a.entity_id);
  return out;
}

TEST_P(StoreTest, RescreenScreensOnlyTheDeltaAndResolvesRemovals) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1 = {Person("1", "Viktor Bout"), Person("2", "Ramzan Kadyrov"), Person("3", "Joaquin Guzman Loera"),
                            Person("4", "Alimzhan Tokhtakhounov")};
  auto customers = Customers({{"c1", "Viktor Bout"}, {"c2", "Ramzan Kadyrov"}, {"c3", "Mary Poppins"},
                              {"c4", "Joaquin Guzman Loera"}, {"c5", "Ayman al Zawahiri"}, {"c6", "Ali Hassan Rahimi"}});
  decisions::RescreenOptions opts;
  opts.batch_size = 2;
  auto first = decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr, customers, opts);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first->full);
  EXPECT_EQ(AlertPairs(*store, first->run_id),
            (std::set<std::pair<std::string, std::string>>{{"c1", "test:1"}, {"c2", "test:2"}, {"c4", "test:3"}}));

  // Clear c2's alert as a false positive; the next list version adds, changes and removes.
  auto c2 = store->ListAlerts("open", 0, 0);
  ASSERT_TRUE(c2.ok());
  for (const Alert& a : *c2)
    if (a.customer_id == "c2") {
      ASSERT_TRUE(store->Decide(a.id, "false_positive", By("alice"), "other person").ok());
      if (a.score >= DecisionStoreOptions{}.four_eyes_score) {
        ASSERT_TRUE(store->Decide(a.id, "false_positive", By("bob"), "agreed").ok());
      }
    }
  std::vector<Entity> v2 = {Person("1", "Viktor Bout"), Person("2", "Ramzan Kadyrov"), Person("4", "Alimzhan Tokhtakhounov"),
                            Person("5", "Ayman al Zawahiri"), Person("6", "Ali Hassan Rahimi")};
  v2[1].programs.push_back("RUSSIA-EO14024");  // changed record: c2's cleared false positive alerts again
  v2[4].names[0].value = "Ali Hassan Rahimi";
  auto second = decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr, customers, opts);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_FALSE(second->full);
  EXPECT_EQ(second->added, 2u);
  EXPECT_EQ(second->changed, 1u);
  EXPECT_EQ(second->removed, 1u);
  EXPECT_EQ(second->resolved, 1) << "c4's open alert on the removed entity test:3";
  EXPECT_EQ(AlertPairs(*store, second->run_id),
            (std::set<std::pair<std::string, std::string>>{{"c2", "test:2"}, {"c5", "test:5"}, {"c6", "test:6"}}));
  auto all = store->ListAlerts("all", 0, 0);
  ASSERT_TRUE(all.ok());
  for (const Alert& a : *all) {
    if (a.run_id == second->run_id && a.customer_id == "c2") {
      EXPECT_NE(a.reason.find("list record changed"), std::string::npos) << a.reason;
    }
    if (a.entity_id == "test:3") {
      EXPECT_EQ(a.status, "resolved_removed");
    }
  }

  // Nothing changed: nothing to screen, nothing new.
  auto third = decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr, customers, opts);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->added + third->changed + third->removed, 0u);
  EXPECT_EQ(third->new_alerts, 0);

  // With the previous lists at hand the delta comes from DiffLists, naming the changed fields.
  std::vector<ListLoad> prev = {List(v2, "v2")};
  std::vector<Entity> v3 = v2;
  v3[1].programs.push_back("SDGT");
  auto diffed = decisions::RunRescreen(*store, {List(v3, "v3")}, &prev, customers, opts);
  ASSERT_TRUE(diffed.ok()) << diffed.status().message();
  EXPECT_EQ(diffed->changed, 1u);
  EXPECT_EQ(diffed->new_alerts, 0) << "the same alerts are already open";
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

// A new entry ranked below fifty unchanged records of the same name still alerts.
// Regression: rescreen records kept no list versions (the workbench showed "lists": [] for a
// rescreen alert) and rescreen_runs.lists_json, where they were, could be edited with verify
// saying intact. The run is a rescreen_run record, each rescreen record names its lists, and
// verify compares the runs table with the records.
TEST_P(StoreTest, RescreenRecordsNameTheirListsAndVerifyChecksTheRuns) {
  OPEN_OR_SKIP(store);
  auto customers = Customers({{"c1", "Viktor Bout"}, {"c2", "Mary Poppins"}});
  auto run = decisions::RunRescreen(*store, {List({Person("1", "Viktor Bout")}, "v1")}, nullptr, customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  auto alerts = store->ListAlerts("all", 0, 0);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  auto lists = nlohmann::json::parse((*alerts)[0].lists_json);
  ASSERT_EQ(lists.size(), 1u) << (*alerts)[0].lists_json;
  EXPECT_EQ(lists[0]["dataset"], "test");
  EXPECT_EQ(lists[0]["content_hash"], "v1");
  std::vector<std::string> kinds;
  ASSERT_TRUE(store->ExportAudit("", "", [&](const AuditRecord& a) {
    kinds.push_back(a.kind);
    if (a.kind != "rescreen") return Status::Ok();
    EXPECT_EQ(nlohmann::json::parse(a.content)["lists"], lists) << a.content;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(kinds, (std::vector<std::string>{"rescreen_run", "rescreen"}));
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  ASSERT_TRUE(rep->ok) << rep->problem;
  const std::string kept = RawSql(target_, "SELECT lists_json FROM rescreen_runs WHERE id = 1");
  auto expect_broken = [&](const std::string& edit, const std::string& undo, const std::string& named) {
    ExpectEditNamed(*store, edit, named, {undo});
  };
  expect_broken("UPDATE rescreen_runs SET lists_json = '[{\"dataset\":\"test\",\"content_hash\":\"forged\"}]'",
                "UPDATE rescreen_runs SET lists_json = '" + kept + "'", "rescreen run 1 differs from its rescreen_run record");
  expect_broken("UPDATE rescreen_runs SET total = 7", "UPDATE rescreen_runs SET total = 2", "rescreen run 1 differs");
  expect_broken("INSERT INTO rescreen_runs (id, run_key, status, checkpoint, total, lists_json, started_at) "
                "VALUES (2, 'k', 'done', 0, 0, '[]', 'now')",
                "DELETE FROM rescreen_runs WHERE id = 2", "rescreen run 2 has no rescreen_run record");
  RawSql(target_, "CREATE TABLE runs_kept AS SELECT * FROM rescreen_runs");
  expect_broken("DELETE FROM rescreen_runs", "INSERT INTO rescreen_runs SELECT * FROM runs_kept",
                "a rescreen run recorded in the audit trail was deleted");
}

TEST_P(StoreTest, RescreenAlertsOnANewEntryRankedBelowManyUnchangedHits) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1;
  for (int i = 0; i < 60; ++i) {
    v1.push_back(Person("zq-" + std::to_string(i), "Zorbak Quintrell"));
    v1.back().birth_dates.push_back(*PartialDate::Parse("19" + std::to_string(50 + i % 40) + "-01-" +
                                                        (i % 28 < 9 ? "0" : "") + std::to_string(1 + i % 28)));
  }
  std::vector<Entity> v2 = v1;
  v2.push_back(Person("zq-new", "Zorbak Quintrel"));
  auto customers = Customers({{"K1", "Zorbak Quintrell"}});
  std::vector<ListLoad> prev = {List(v1, "v1")};
  ASSERT_TRUE(decisions::RunRescreen(*store, prev, nullptr, customers, {}).ok());  // K1 screened against v1
  auto run = decisions::RunRescreen(*store, {List(v2, "v2")}, &prev, customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->added, 1u);
  EXPECT_EQ(run->full_customers, 0u);
  EXPECT_EQ(AlertPairs(*store, run->run_id), (std::set<std::pair<std::string, std::string>>{{"K1", "test:zq-new"}}));
}

// Made-up words, each its own (four syllables of thirteen): names no list gives.
class MadeUpWords {
 public:
  std::string operator()() {
    static const char* const kSyllables[] = {"bar", "dor", "fen", "gal", "hur", "kol", "lim",
                                             "mun", "nes", "pov", "ruk", "sat", "tev"};
    const size_t n = next_++;
    std::string w = std::string(kSyllables[n % 13]) + kSyllables[(n / 13) % 13] + kSyllables[(n / 169) % 13] +
                    kSyllables[(n / 2197) % 13];
    w[0] = static_cast<char>(w[0] - 'a' + 'A');
    return w;
  }

 private:
  size_t next_ = 0;
};

// A token's weight is its rarity over the whole lists: new records that share a rare word of an
// unchanged record make that word weigh less, and a customer's score against the unchanged record
// can rise over the threshold. "Ivan Petrov" leaves ZYXCORP of IVAN PETROV ZYXCORP unmatched (the
// list side); "Oleg Sidorov Zyxcorp" leaves its own ZYXCORP unmatched by OLEG SIDOROV (the
// customer's side; "Oleg Sidorov Zyxkorp" too, whose misspelt word weighs what ZYXCORP weighs).
// All alert once fifteen more records name ZYXCORP, as screening in full does; the update adds 15
// records to 2,000, so the rest of the lists is still screened by its delta.
TEST_P(StoreTest, RescreenAlertsOnAnUnchangedRecordWhoseWordsNowWeighDifferently) {
  OPEN_OR_SKIP(store);
  MadeUpWords word;
  std::vector<Entity> v1 = {Person("u1", "Ivan Petrov Zyxcorp"), Person("u2", "Oleg Sidorov")};
  for (size_t i = 0; i < 39; ++i) {
    v1.push_back(Person("i" + std::to_string(i), "Ivan " + word()));
    v1.push_back(Person("p" + std::to_string(i), word() + " Petrov"));
  }
  for (size_t i = 0; i < 4; ++i) {
    v1.push_back(Person("o" + std::to_string(i), "Oleg " + word()));
    v1.push_back(Person("s" + std::to_string(i), word() + " Sidorov"));
  }
  while (v1.size() < 2000) v1.push_back(Person("f" + std::to_string(v1.size()), word() + " " + word()));
  std::vector<Entity> v2 = v1;
  for (size_t i = 0; i < 15; ++i) v2.push_back(Person("z" + std::to_string(i), "Zyxcorp " + word()));
  auto customers = Customers({{"L", "Ivan Petrov"}, {"Q", "Oleg Sidorov Zyxcorp"}, {"M", "Oleg Sidorov Zyxkorp"}});
  // The premise, by the screener itself: below the threshold against v1, over it against v2.
  auto score = [&](const std::vector<Entity>& list, const decisions::Customer& c, const std::string& id) {
    auto screener = Screener::Build({List(list, "x")});
    EXPECT_TRUE(screener.ok());
    MatchOptions o;
    o.include_below_threshold = true;
    o.min_score = 0.3;
    auto r = (*screener)->Screen(c.query, o);
    EXPECT_TRUE(r.ok());
    for (const Hit& h : r->hits)
      if (h.entity->id == id) return h.score;
    return 0.0;
  };
  EXPECT_LT(score(v1, customers[0], "test:u1"), kDefaultThreshold);
  EXPECT_GE(score(v2, customers[0], "test:u1"), kDefaultThreshold);
  EXPECT_LT(score(v1, customers[1], "test:u2"), kDefaultThreshold);
  EXPECT_GE(score(v2, customers[1], "test:u2"), kDefaultThreshold);
  EXPECT_LT(score(v1, customers[2], "test:u2"), kDefaultThreshold);
  EXPECT_GE(score(v2, customers[2], "test:u2"), kDefaultThreshold);

  std::vector<ListLoad> prev = {List(v1, "v1")};
  auto first = decisions::RunRescreen(*store, prev, nullptr, customers, {});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->new_alerts, 0);
  auto run = decisions::RunRescreen(*store, {List(v2, "v2")}, &prev, customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->added, 15u);
  EXPECT_EQ(run->reweighed, 1u) << "IVAN PETROV ZYXCORP";
  EXPECT_EQ(run->reweighed_customers, 2u) << "Oleg Sidorov Zyxcorp, Oleg Sidorov Zyxkorp";
  EXPECT_LT(run->weight_drift, 0.15);
  EXPECT_EQ(AlertPairs(*store, run->run_id),
            (std::set<std::pair<std::string, std::string>>{{"L", "test:u1"}, {"Q", "test:u2"}, {"M", "test:u2"}}));
  auto alerts = store->ListAlerts("open", 0, 0);
  ASSERT_TRUE(alerts.ok());
  for (const Alert& a : *alerts)
    EXPECT_NE(a.reason.find(a.customer_id == "L" ? "weight of its words: zyxcorp (in 16 records, was in 1)"
                                                 : "weight of zyxcorp, a word of the customer's name"),
              std::string::npos)
        << a.reason;
  // Nothing moved since: nothing alerts twice.
  std::vector<ListLoad> now = {List(v2, "v2")};
  auto again = decisions::RunRescreen(*store, {List(v2, "v2b")}, &now, customers, {});
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->new_alerts, 0);
}

// Records taken off the lists move weights too: with 36 of the 40 IVAN and of the 40 PETROV records
// gone, both words weigh more, and "Ivan Petrov" against the unchanged IVAN PETROV ZYXCORP rises
// over the threshold. The customer is weighed by a moved word and screened against the full lists.
TEST_P(StoreTest, RescreenAlertsOnAnUnchangedRecordWhenRecordsSharingItsWordsLeave) {
  OPEN_OR_SKIP(store);
  MadeUpWords word;
  std::vector<Entity> v1 = {Person("u1", "Ivan Petrov Zyxcorp")}, v2 = v1;
  for (size_t i = 0; i < 39; ++i) {
    v1.push_back(Person("i" + std::to_string(i), "Ivan " + word()));
    v1.push_back(Person("p" + std::to_string(i), word() + " Petrov"));
    if (i < 3) v2.insert(v2.end(), v1.end() - 2, v1.end());
  }
  while (v1.size() < 2000) {
    v1.push_back(Person("f" + std::to_string(v1.size()), word() + " " + word()));
    v2.push_back(v1.back());
  }
  auto customers = Customers({{"L", "Ivan Petrov"}});
  std::vector<ListLoad> prev = {List(v1, "v1")};
  auto first = decisions::RunRescreen(*store, prev, nullptr, customers, {});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->new_alerts, 0);
  auto run = decisions::RunRescreen(*store, {List(v2, "v2")}, &prev, customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->removed, 72u);
  EXPECT_EQ(run->reweighed, 7u) << "IVAN PETROV ZYXCORP and the three IVAN and three PETROV records left";
  EXPECT_EQ(run->reweighed_customers, 1u);
  EXPECT_LT(run->weight_drift, 0.15);
  EXPECT_EQ(AlertPairs(*store, run->run_id), (std::set<std::pair<std::string, std::string>>{{"L", "test:u1"}}));
}

// "Ivan Petrov" against IVAN PETROV ZYXCORP (IVAN and PETROV in 40 records each, ZYXCORP in 6)
// sits just under the threshold over 1,737 records. An update adds 20 records of made-up words:
// none of the customer's, and none of the record's, moves by 1 %, but the lists grew, IVAN and
// PETROV weigh a little more next to the rarer ZYXCORP, and the unchanged record now alerts.
struct NearlyAlerting {
  std::vector<Entity> before, after;
  std::vector<decisions::Customer> customers = Customers({{"L", "Ivan Petrov"}, {"P", "Mary Poppins"}});
  NearlyAlerting() {
    MadeUpWords word;
    before = {Person("u1", "Ivan Petrov Zyxcorp")};
    for (size_t i = 0; i < 39; ++i) {
      before.push_back(Person("i" + std::to_string(i), "Ivan " + word()));
      before.push_back(Person("p" + std::to_string(i), word() + " Petrov"));
    }
    for (size_t i = 0; i < 5; ++i) before.push_back(Person("z" + std::to_string(i), "Zyxcorp " + word()));
    while (before.size() < 1737) before.push_back(Person("f" + std::to_string(before.size()), word() + " " + word()));
    after = before;
    for (size_t i = 0; i < 20; ++i) after.push_back(Person("n" + std::to_string(i), word() + " " + word()));
  }
  // Screening against the full lists, as a first run does.
  double Score(const std::vector<Entity>& list) const {
    auto screener = Screener::Build({List(list, "x")});
    EXPECT_TRUE(screener.ok());
    MatchOptions o;
    o.include_below_threshold = true;
    auto r = (*screener)->Screen(customers[0].query, o);
    EXPECT_TRUE(r.ok());
    for (const Hit& h : r->hits)
      if (h.entity->id == "test:u1") return h.score;
    return 0.0;
  }
};

// Regression: the delta run screened "Ivan Petrov" against the 20 new records only, and the alert a
// full run raises on the unchanged record was never raised. The store keeps the customer's nearest
// score under the threshold; the update's weight drift could lift it over, so the customer is
// screened against the full lists.
TEST_P(StoreTest, RescreenAlertsOnAnUnchangedRecordTheDriftLiftsOverTheThreshold) {
  OPEN_OR_SKIP(store);
  NearlyAlerting lists;
  ASSERT_LT(lists.Score(lists.before), kDefaultThreshold);
  ASSERT_GT(lists.Score(lists.before), kDefaultThreshold - 0.001);
  ASSERT_GE(lists.Score(lists.after), kDefaultThreshold) << "a full screening alerts";
  std::vector<ListLoad> prev = {List(lists.before, "v1")};
  auto first = decisions::RunRescreen(*store, prev, nullptr, lists.customers, {});
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->new_alerts, 0);
  auto run = decisions::RunRescreen(*store, {List(lists.after, "v2")}, &prev, lists.customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->added, 20u);
  EXPECT_EQ(run->full_customers + run->reweighed_customers, 0u) << "no word of the customer's moved";
  EXPECT_GT(run->weight_drift, 0.0);
  EXPECT_EQ(AlertPairs(*store, run->run_id), (std::set<std::pair<std::string, std::string>>{{"L", "test:u1"}}));
}

// The nearest score is counted and said: the customer near the threshold is screened in full, the
// one far from it is not. A store without nearest scores (from before them) screens every customer
// in full once, and keeps their nearest scores from then on.
TEST_P(StoreTest, RescreenSaysWhoItScreensInFullForTheirNearestScore) {
  OPEN_OR_SKIP(store);
  NearlyAlerting lists;
  std::vector<ListLoad> prev = {List(lists.before, "v1")};
  ASSERT_TRUE(decisions::RunRescreen(*store, prev, nullptr, lists.customers, {}).ok());
  auto run = decisions::RunRescreen(*store, {List(lists.after, "v2")}, &prev, lists.customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->near_customers, 1u) << "Ivan Petrov; not Mary Poppins";
  EXPECT_EQ(run->nearest_unknown, 0u);
  auto alerts = store->ListAlerts("open", 0, 0);
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_NE((*alerts)[0].reason.find("nearest score under the threshold, 0.799"), std::string::npos)
      << (*alerts)[0].reason;

  // As a store from before nearest scores: none kept.
  RawSql(target_, "DELETE FROM customer_nearest");
  std::vector<Entity> more = lists.after;
  more.push_back(Person("x1", "Zelimkhan Vorotnikov"));
  std::vector<ListLoad> now = {List(lists.after, "v2")};
  auto blind = decisions::RunRescreen(*store, {List(more, "v3")}, &now, lists.customers, {});
  ASSERT_TRUE(blind.ok()) << blind.status().message();
  EXPECT_EQ(blind->nearest_unknown, 2u);
  EXPECT_EQ(blind->candidates, 2u) << "both screened against the full lists";
  std::vector<ListLoad> last = {List(more, "v3")};
  more.push_back(Person("x2", "Borodulkin Kvasnetsovich"));
  auto kept = decisions::RunRescreen(*store, {List(more, "v4")}, &last, lists.customers, {});
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_EQ(kept->nearest_unknown, 0u);
  EXPECT_EQ(kept->near_customers, 0u);
  EXPECT_EQ(kept->candidates, 0u) << "the delta serves both";
}

// A run left unfinished may have rewritten nearest scores against lists no finished run screened:
// they are not read, and their customers are screened in full (here the unfinished run wrote a
// nearest score far under the threshold for the customer who sits just under it).
TEST_P(StoreTest, RescreenReadsNoNearestScoreAnUnfinishedRunWrote) {
  OPEN_OR_SKIP(store);
  NearlyAlerting lists;
  std::vector<ListLoad> prev = {List(lists.before, "v1")};
  ASSERT_TRUE(decisions::RunRescreen(*store, prev, nullptr, lists.customers, {}).ok());
  bool resumed = false;
  auto left = store->StartRun("another key", "[]", 2, "rescreen", &resumed);
  ASSERT_TRUE(left.ok()) << left.status().message();
  ASSERT_TRUE(store->CommitRunBatch(left->id, 1, {}, {{"L", 0.1}}, "rescreen").ok());
  auto run = decisions::RunRescreen(*store, {List(lists.after, "v2")}, &prev, lists.customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->nearest_unknown, 1u);
  EXPECT_EQ(AlertPairs(*store, run->run_id), (std::set<std::pair<std::string, std::string>>{{"L", "test:u1"}}));
}

// Without the previous lists the store knows a removed record by its fingerprint only: what it
// named, and so how the words weighed before, is not known, and every customer is screened in full.
TEST_P(StoreTest, RescreenScreensEveryoneInFullWhenTheOldWeightsAreNotKnown) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1 = {Person("1", "Viktor Bout"), Person("2", "Ramzan Kadyrov"), Person("3", "Mary Poppins")};
  auto customers = Customers({{"c1", "Viktor Bout"}, {"c2", "Joaquin Guzman Loera"}});
  ASSERT_TRUE(decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr, customers, {}).ok());
  std::vector<Entity> v2 = {v1[0], v1[1]};
  auto run = decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr, customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->removed, 1u);
  EXPECT_EQ(run->reweighed_customers, 2u);
  EXPECT_EQ(run->candidates, 2u);
  EXPECT_EQ(run->new_alerts, 0) << "c1's alert on test:1 is open already";
}

// The delta serves only customers the last run screened with the data they have now: a new
// customer, one whose data changed, and one left out of the run that brought a new entry are
// screened against the full lists.
TEST_P(StoreTest, RescreenScreensNewChangedAndLeftOutCustomersInFull) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1 = {Person("1", "Viktor Bout"), Person("2", "Ramzan Kadyrov")};
  std::vector<Entity> v2 = v1;
  v2.push_back(Person("3", "Joaquin Guzman Loera"));
  ASSERT_TRUE(decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr,
                                     Customers({{"c1", "Mary Poppins"}, {"c9", "Joaquin Guzman Loera"}}), {}).ok());
  // c9 is left out of the run that brings test:3.
  ASSERT_TRUE(decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr, Customers({{"c1", "Mary Poppins"}}), {}).ok());
  auto run = decisions::RunRescreen(
      *store, {List(v2, "v2")}, nullptr,
      Customers({{"c1", "Ramzan Kadyrov"}, {"c2", "Viktor Bout"}, {"c9", "Joaquin Guzman Loera"}}), {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->added + run->changed + run->removed, 0u) << "the lists did not change";
  EXPECT_EQ(run->full_customers, 3u);
  EXPECT_EQ(AlertPairs(*store, run->run_id), (std::set<std::pair<std::string, std::string>>{
                                                 {"c1", "test:2"}, {"c2", "test:1"}, {"c9", "test:3"}}));
  // Screened now with the data they have: the next run has nothing to do for them.
  auto again = decisions::RunRescreen(
      *store, {List(v2, "v2")}, nullptr,
      Customers({{"c1", "Ramzan Kadyrov"}, {"c2", "Viktor Bout"}, {"c9", "Joaquin Guzman Loera"}}), {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->full_customers, 0u);
  EXPECT_EQ(again->candidates, 0u);
}

// A record that leaves the lists resolves its alerts, but its subject may be listed by another
// record the customer's alert stood for: the customer is screened again and alerts on it.
TEST_P(StoreTest, RescreenMovesAnAlertWhoseRecordLeftToTheSubjectsOtherRecord) {
  OPEN_OR_SKIP(store);
  // One subject on two lists, linked by name and birth date: one hit, one alert.
  Entity ours = Person("1", "Sergey Lavrov");
  Entity theirs = Person("2", "Sergey Lavrov");
  theirs.id = "other:2";
  theirs.dataset = "other";
  for (Entity* e : {&ours, &theirs}) e->birth_dates.push_back(*PartialDate::Parse("1950-03-21"));
  ListLoad other = List({theirs}, "o1");
  other.dataset = "other";
  auto customers = Customers({{"c1", "Sergey Lavrov"}});
  auto first = decisions::RunRescreen(*store, {List({ours}, "v1"), other}, nullptr, customers, {});
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto pairs = AlertPairs(*store, first->run_id);
  ASSERT_EQ(pairs.size(), 1u) << "one alert for the subject of two linked records";
  const bool ours_alerted = pairs.begin()->second == ours.id;
  std::vector<ListLoad> now = {ours_alerted ? List({}, "v2") : List({ours}, "v1"), other};
  if (!ours_alerted) now[1].entities.clear();
  auto second = decisions::RunRescreen(*store, now, nullptr, customers, {});
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->resolved, 1);
  EXPECT_EQ(second->full_customers, 1u);
  EXPECT_EQ(AlertPairs(*store, second->run_id),
            (std::set<std::pair<std::string, std::string>>{{"c1", ours_alerted ? theirs.id : ours.id}}));
}

// A list the last run screened against and now missing would read as every record delisted.
TEST_P(StoreTest, RescreenRefusesAMissingListAndKeepsAlertsOfAnIncompleteOne) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1 = {Person("1", "Viktor Bout"), Person("2", "Ramzan Kadyrov")};
  auto customers = Customers({{"c1", "Viktor Bout"}});
  ASSERT_TRUE(decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr, customers, {}).ok());
  ListLoad other = List({}, "o1");
  other.dataset = "other";
  auto missing = decisions::RunRescreen(*store, {other}, nullptr, customers, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("test (2 records), not among the lists now"), std::string::npos)
      << missing.status().message();
  // Records missing from a list loaded although it failed its checks are not delisted.
  ListLoad cut = List({v1[1]}, "v1-cut");
  cut.accepted_incomplete = "truncated";
  auto shrunk = decisions::RunRescreen(*store, {cut}, nullptr, customers, {});
  ASSERT_TRUE(shrunk.ok()) << shrunk.status().message();
  EXPECT_EQ(shrunk->resolved, 0);
  EXPECT_EQ(shrunk->not_delisted, 1u);
  // Dropped on purpose, its alerts resolve.
  decisions::RescreenOptions drop;
  drop.dropped_lists = {"test"};
  auto dropped = decisions::RunRescreen(*store, {other}, nullptr, customers, drop);
  ASSERT_TRUE(dropped.ok()) << dropped.status().message();
  EXPECT_EQ(dropped->resolved, 1);
}

// Regression: a record its loader rejected (under update.max_rejected the list still loads) was
// taken as delisted and its alert resolved. A list with rejected records delists nothing; a
// repeated row that was left out loses no party and does not hold delisting back.
TEST_P(StoreTest, RescreenTakesNoRecordOfAListWithRejectedRecordsAsDelisted) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1 = {Person("1", "Viktor Bout"), Person("2", "Ramzan Kadyrov")};
  auto customers = Customers({{"c1", "Viktor Bout"}});
  ASSERT_TRUE(decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr, customers, {}).ok());
  ListLoad rejecting = List({v1[1]}, "v1-rejecting");
  rejecting.rejected.push_back({"list.csv", 2, "13 fields, expected 12"});
  auto run = decisions::RunRescreen(*store, {rejecting}, nullptr, customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->resolved, 0);
  EXPECT_EQ(run->not_delisted, 1u);
  auto open = store->ListAlerts("open", 0, 0);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u) << "c1's alert on test:1 stays open";
  // Kept in the baseline: the record back is no new entry, and its removal from a whole list delists it.
  auto back = decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr, customers, {});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->added + back->removed, 0u);
  ListLoad repeated = List({v1[1]}, "v1-repeated");
  repeated.rejected.push_back({"list.csv", 3, "duplicate of line 2 (same name and address)", /*repeat=*/true});
  auto delisted = decisions::RunRescreen(*store, {repeated}, nullptr, customers, {});
  ASSERT_TRUE(delisted.ok());
  EXPECT_EQ(delisted->resolved, 1);
  EXPECT_EQ(delisted->not_delisted, 0u);
}

// Regression: previous lists other than those the last finished run screened against gave a
// wrong delta (here: test:3, added in between, was never screened) and saved a wrong baseline.
TEST_P(StoreTest, RescreenRefusesPreviousListsThatAreNotTheLastRunsLists) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1 = {Person("1", "Viktor Bout")};
  std::vector<Entity> v2 = v1;
  v2.push_back(Person("3", "Joaquin Guzman Loera"));
  auto customers = Customers({{"c1", "Joaquin Guzman Loera"}});
  ASSERT_TRUE(decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr, customers, {}).ok());
  std::vector<ListLoad> stale = {List(v2, "v2")}, last = {List(v1, "v1")};
  auto refused = decisions::RunRescreen(*store, {List(v2, "v2")}, &stale, customers, {});
  ASSERT_FALSE(refused.ok()) << "the delta v2 -> v2 would miss test:3, added since run 1";
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("(run 1): test is v2 in them, but the run screened against v1"),
            std::string::npos)
      << refused.status().message();
  ListLoad other = List({}, "o1");
  other.dataset = "other";
  std::vector<ListLoad> more = {List(v1, "v1"), other};
  auto extra = decisions::RunRescreen(*store, {List(v2, "v2")}, &more, customers, {});
  ASSERT_FALSE(extra.ok());
  EXPECT_NE(extra.status().message().find("other is o1 in them, but the run screened against (not screened)"),
            std::string::npos)
      << extra.status().message();
  auto run = decisions::RunRescreen(*store, {List(v2, "v2")}, &last, customers, {});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(AlertPairs(*store, run->run_id), (std::set<std::pair<std::string, std::string>>{{"c1", "test:3"}}));
}

// Regression: a run over some customers resolved the alerts of others on a record that left the
// lists, though they were not screened (their subject may be listed by another record). Their
// alerts stay open, and the record in the baseline, until a run that screens them.
TEST_P(StoreTest, RescreenResolvesOnlyTheAlertsOfTheCustomersItScreens) {
  OPEN_OR_SKIP(store);
  std::vector<Entity> v1 = {Person("1", "Viktor Bout"), Person("2", "Ramzan Kadyrov")};
  std::vector<Entity> v2 = {v1[1]};
  ASSERT_TRUE(decisions::RunRescreen(*store, {List(v1, "v1")}, nullptr,
                                     Customers({{"c1", "Viktor Bout"}, {"c9", "Viktor Bout"}, {"c2", "Joaquin Guzman"}}),
                                     {}).ok());
  auto some = decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr,
                                     Customers({{"c1", "Viktor Bout"}, {"c2", "Joaquin Guzman"}}), {});
  ASSERT_TRUE(some.ok()) << some.status().message();
  EXPECT_EQ(some->resolved, 1) << "c1's alert";
  EXPECT_EQ(some->removed_left_open, 1) << "c9's alert: c9 was not screened";
  auto open = store->ListAlerts("open", 0, 0);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].customer_id, "c9");
  // The record kept for c9's alert was on none of the lists that run weighed words over: a run on
  // the same lists moves no weight, and screens in full only c1, whose alert was on it, not c2 (it
  // screened everyone in full, for a removal it took as new).
  auto same = decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr,
                                     Customers({{"c1", "Viktor Bout"}, {"c2", "Joaquin Guzman"}}), {});
  ASSERT_TRUE(same.ok()) << same.status().message();
  EXPECT_EQ(same->removed, 1u);
  EXPECT_EQ(same->reweighed_customers, 0u);
  EXPECT_EQ(same->full_customers, 1u);
  EXPECT_EQ(same->candidates, 1u);
  auto all = decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr,
                                    Customers({{"c1", "Viktor Bout"}, {"c9", "Viktor Bout"}}), {});
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->removed, 1u) << "test:1 stayed in the baseline";
  EXPECT_EQ(all->resolved, 1) << "c9 is screened now";
  EXPECT_EQ(all->removed_left_open, 0);
  auto after = decisions::RunRescreen(*store, {List(v2, "v2")}, nullptr, Customers({{"c1", "Viktor Bout"}}), {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->removed, 0u);
  auto rep = store->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// --- SQLite failure modes: a store that cannot take the record says so, and nothing is recorded.

TEST(SqliteStore, FullStoreFailsCleanlyAndRecordsNothing) {
  std::string path = FreshStore("sqlite", "full");
  DecisionStoreOptions opts;
  opts.sqlite_max_pages = 46;  // the schema takes most of it
  auto store = DecisionStore::Open(path, opts);
  ASSERT_TRUE(store.ok()) << store.status().message();
  std::string big(3000, 'x');
  Status last = Status::Ok();
  int recorded = 0;
  for (int i = 0; i < 200; ++i) {
    auto r = (*store)->RecordScreening(Screening("C" + std::to_string(i), big, "e:1", "fp", 0.9));
    if (!r.ok()) {
      last = r.status();
      break;
    }
    ++recorded;
  }
  ASSERT_FALSE(last.ok()) << "the store never filled up";
  EXPECT_NE(last.message().find("full"), std::string::npos) << last.message();
  EXPECT_NE(last.message().find(path), std::string::npos) << "the error names the store";
  EXPECT_EQ(RawSql(path, "SELECT COUNT(*) FROM audit_records"), std::to_string(recorded));
  EXPECT_EQ(RawSql(path, "SELECT COUNT(*) FROM alerts"), std::to_string(recorded));
  auto rep = (*store)->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

TEST(SqliteStore, ReadOnlyStoreRefusesToRecord) {
  std::string path = FreshStore("sqlite", "ro");
  { ASSERT_TRUE(DecisionStore::Open(path).ok()); }
  auto store = DecisionStore::Open(path, {.read_only = true});
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto r = (*store)->RecordScreening(Screening("C1", "N", "", "", 0));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("readonly"), std::string::npos) << r.status().message();
  EXPECT_EQ(RawSql(path, "SELECT COUNT(*) FROM audit_records"), "0");
}

// Regression (fuzz_customers): bytes that are not UTF-8 made the query JSON throw.
TEST(Customers, BadBytesAreErrorsNamingLineAndField) {
  auto bad = decisions::MakeCustomer("C1", "An\x90reau", "", "", "", "", "c.csv:2");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "c.csv:2: name: not valid UTF-8: byte 0x90 at byte 3 of the field (nor a character in Windows-1252)");
  std::string path = ::testing::TempDir() + "/customers_1252.csv";
  std::ofstream(path) << "id,name\nC1,Jos\xe9 Mart\xednez\n";  // Windows-1252, as legacy exports are
  auto loaded = decisions::LoadCustomersCsv(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ((*loaded)[0].query.name, "Jos\u00e9 Mart\u00ednez");
  EXPECT_FALSE(decisions::CustomerFromStored({"C1", R"({"name": 5})"}).ok());
  EXPECT_FALSE(decisions::CustomerFromStored({"C1", R"({"name": "A", "dob": [1]})"}).ok());
  auto back = decisions::CustomerFromStored({"C1", (*loaded)[0].input_json});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->input_json, (*loaded)[0].input_json);
}

// Two exports joined (`cat a.csv b.csv`): the second's header, read as a row, was screened and
// filed as a customer "id" named "name", reported clear.
TEST(Customers, ARowRepeatingTheHeaderIsAnErrorRow) {
  std::string text = "id,Name,country\nC1,Maria Lindqvist,SE\n\xEF\xBB\xBFID, name ,Country\nC2,Arkady Rotenberg,\n";
  auto rows = decisions::ReadCustomerRows(text, "c.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_TRUE((*rows)[0].customer.ok());
  ASSERT_FALSE((*rows)[1].customer.ok());
  EXPECT_EQ((*rows)[1].line, 3u);
  EXPECT_EQ((*rows)[1].customer.status().message(),
            "c.csv:3: repeats the header (line 1): not a customer; were two files joined?");
  EXPECT_TRUE((*rows)[2].customer.ok());
  std::string path = ::testing::TempDir() + "/customers_joined.csv";
  std::ofstream(path) << text;
  auto loaded = decisions::LoadCustomersCsv(path);
  ASSERT_FALSE(loaded.ok());  // a rescreen run refuses the file rather than record a customer "ID"
  EXPECT_NE(loaded.status().message().find(":3: repeats the header"), std::string::npos) << loaded.status().message();
}

// A stray quote read the rows after it into its field up to the next quote that ends a field:
// Rotenberg's row was neither screened nor named, and the run said the others were screened.
TEST(Customers, RowsTakenIntoAStrayQuotesFieldAreReadAsRows) {
  std::string text =
      "id,name,country\nC1,\"Vladimir Putin,RU\nC3,Arkady Rotenberg,RU\nC4,Maria Lindqvist,SE\"\nC5,Sovcomflot,\n"
      "C6,\"PUTIN,\nVladimir\",RU\n";  // a name written over two lines stays one
  auto rows = decisions::ReadCustomerRows(text, "c.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  std::vector<std::string> ids;
  for (const auto& r : *rows) ids.push_back(std::to_string(r.line) + ":" + r.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"2:C1", "3:C3", "4:C4", "5:C5", "6:C6"}));
  ASSERT_FALSE((*rows)[0].customer.ok());
  EXPECT_EQ((*rows)[0].customer.status().message(),
            "c.csv:2: a quoted field runs on to line 4, over what reads as rows of their own (a stray quote?): not "
            "screened; lines 3 to 4 are read as rows");
  ASSERT_TRUE((*rows)[1].customer.ok()) << (*rows)[1].customer.status().message();
  EXPECT_EQ((*rows)[1].customer->query.name, "Arkady Rotenberg");
  ASSERT_TRUE((*rows)[4].customer.ok()) << (*rows)[4].customer.status().message();
  EXPECT_EQ((*rows)[4].customer->query.name, "PUTIN,\nVladimir");
}

// A UTF-16 export without a byte order mark was refused as a header without an 'id' column.
// The stray quote closed inside the next row's name: that row was taken into the first's name,
// reported clear, and not named.
TEST(Customers, ARowTakenIntoANameUpToItsOwnQuoteIsReadAsARow) {
  std::string text = "id,name,country,address\nC1,\"Putin,RU,\nC3,Arkady Rotenberg\",RU,\"Main St 1,\nMoscow, Russia\"\n";
  auto rows = decisions::ReadCustomerRows(text, "c.csv");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_FALSE((*rows)[0].customer.ok());
  EXPECT_EQ((*rows)[1].line, 3u);
  EXPECT_EQ((*rows)[1].id, "C3");
  // An address written over lines, with commas, is one field: the column is not read.
  auto address = decisions::ReadCustomerRows("id,name,address\nC1,Anna Berg,\"Main St 1,\nMoscow, Russia\"\n", "c.csv");
  ASSERT_TRUE(address.ok());
  ASSERT_EQ(address->size(), 1u);
  EXPECT_TRUE((*address)[0].customer.ok()) << (*address)[0].customer.status().message();
}

TEST(Customers, AWideFileWithoutAByteOrderMarkIsNamedAsSuch) {
  std::string utf16;
  for (char c : std::string("id,name\nC1,Vladimir Putin\n")) utf16 += std::string{c, '\0'};
  auto rows = decisions::ReadCustomerRows(utf16, "c.csv");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            "c.csv:1: the file is UTF-16 little-endian; convert it to UTF-8 first");
}

TEST(SqliteStore, NotAStoreIsAClearError) {
  std::string path = ::testing::TempDir() + "/not_a_store.db";
  std::ofstream(path) << "hello, not sqlite";
  auto store = DecisionStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(path), std::string::npos);
}

}  // namespace
}  // namespace embargo
