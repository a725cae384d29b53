// The analyst workbench: sessions, CSRF, sign-in limits and passwords as units; the queue and the
// alert notes on both store backends; and the /v1/workbench API on a real server over SQLite.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <map>
#include <thread>
#include <tuple>

#include "decision_store/password.h"
#include "server/server.h"
#include "test_server.h"
#include "server/workbench_sessions.h"
#include "../decision_store/store_test_util.h"

namespace embargo::server {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  WorkbenchClock fn() { return [this] { return now; }; }
};

TEST(WorkbenchSessions, IdleTimeoutAndLifetimeEndASession) {
  FakeClock clock;
  SessionTable table(30min, 12h, clock.fn());
  auto token = table.Start("ann", *RoleSet::Parse("review"));
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->size(), 64u);
  auto s = table.Touch(*token);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->principal, "ann");
  EXPECT_EQ(s->csrf.size(), 64u);
  EXPECT_NE(s->csrf, *token);
  clock.now += 29min;
  EXPECT_TRUE(table.Touch(*token)) << "a request within the idle timeout keeps the session";
  clock.now += 29min;
  EXPECT_TRUE(table.Touch(*token)) << "the idle time restarts with each request";
  clock.now += 30min;
  EXPECT_FALSE(table.Touch(*token)) << "30 minutes idle ends it";
  EXPECT_FALSE(table.Touch(*token));

  auto busy = table.Start("bob", *RoleSet::Parse("review"));
  for (int i = 0; i < 12 * 4; ++i) {
    clock.now += 15min;
    if (i < 12 * 4 - 1) {
      EXPECT_TRUE(table.Touch(*busy)) << i;
    }
  }
  EXPECT_FALSE(table.Touch(*busy)) << "12 hours after sign-in it ends however busy";
}

TEST(WorkbenchSessions, UnknownTokensAndSignOut) {
  SessionTable table(30min, 12h);
  auto a = table.Start("ann", RoleSet::All());
  auto b = table.Start("bob", RoleSet::All());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_NE(table.Touch(*a)->csrf, table.Touch(*b)->csrf) << "each session has its own CSRF token";
  EXPECT_FALSE(table.Touch(""));
  EXPECT_FALSE(table.Touch(std::string(64, '0')));
  std::string altered = *a;
  altered[0] = altered[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(table.Touch(altered));
  table.End(*a);
  EXPECT_FALSE(table.Touch(*a));
  EXPECT_TRUE(table.Touch(*b));
}

TEST(WorkbenchSessions, SignInLimitsPerUserAndPerAddress) {
  FakeClock clock;
  SignInLimiter limiter(5, 20, 15min, clock.fn());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Begin("ann", "10.0.0.1"), 0) << i;
  EXPECT_GT(limiter.Begin("ann", "10.0.0.1"), 0) << "the sixth attempt within 15 minutes waits";
  EXPECT_GT(limiter.Begin("ann", "10.0.0.2"), 0) << "for that user, from any address";
  EXPECT_EQ(limiter.Begin("bob", "10.0.0.1"), 0) << "other users from the address still may";
  clock.now += 15min;
  EXPECT_EQ(limiter.Begin("ann", "10.0.0.1"), 0) << "the failures leave the window";

  // One address guessing many users.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(limiter.Begin("user" + std::to_string(i), "10.0.0.9"), 0) << i;
  EXPECT_GT(limiter.Begin("someone-new", "10.0.0.9"), 0);
  EXPECT_EQ(limiter.Begin("someone-new", "10.0.0.8"), 0);

  // A success clears the user's count and does not count against the address.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Begin("cy", "10.0.0.3"), 0) << i;
  limiter.Succeeded("cy", "10.0.0.3");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Begin("cy", "10.0.0.3"), 0) << i;
  EXPECT_GT(limiter.Begin("cy", "10.0.0.3"), 0);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.Begin("cy" + std::to_string(i), "10.0.0.3"), 0) << i;
  EXPECT_EQ(limiter.Begin("cz", "10.0.0.3"), 0) << "9 failures of cy and 10 others: the success does not count";
  EXPECT_GT(limiter.Begin("cz", "10.0.0.3"), 0) << "20 failures from the address";
}

// Regression: 30 concurrent sign-ins of one user had 8 passwords checked for a limit of 5, as
// each was counted only after its (slow) check. An attempt now counts from its start.
TEST(WorkbenchSessions, AttemptsInFlightCountAgainstTheLimit) {
  FakeClock clock;
  SignInLimiter limiter(5, 20, 15min, clock.fn());
  int allowed = 0;
  for (int i = 0; i < 30; ++i) allowed += limiter.Begin("cat", "10.0.0.1") == 0 ? 1 : 0;  // none has finished
  EXPECT_EQ(allowed, 5);
  limiter.Abandoned("cat", "10.0.0.1");
  EXPECT_EQ(limiter.Begin("cat", "10.0.0.1"), 0) << "an attempt that checked no password (the store failed) does not count";
}

TEST(WorkbenchSessions, AnAddressPastItsLimitIsToldSoWithoutAUser) {
  FakeClock clock;
  SignInLimiter limiter(5, 3, 15min, clock.fn());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.AddressWait("10.0.0.1"), 0) << i;
    EXPECT_EQ(limiter.Begin("user" + std::to_string(i), "10.0.0.1"), 0) << i;
  }
  EXPECT_GT(limiter.AddressWait("10.0.0.1"), 0);
  EXPECT_EQ(limiter.AddressWait("10.0.0.2"), 0);
  EXPECT_EQ(limiter.Begin("user9", "10.0.0.2"), 0) << "asking counted nothing";
}

TEST(WorkbenchSessions, CookiesAndTokens) {
  EXPECT_EQ(CookieValue("a=1; embargo_session=abc; b=2", "embargo_session"), "abc");
  EXPECT_EQ(CookieValue("xembargo_session=abc", "embargo_session"), "");
  EXPECT_EQ(CookieValue("", "embargo_session"), "");
  std::string c = SessionCookie("tok", false, 12h);
  EXPECT_NE(c.find("embargo_session=tok"), std::string::npos);
  for (const char* attr : {"; HttpOnly", "; SameSite=Strict", "; Path=/"}) EXPECT_NE(c.find(attr), std::string::npos) << attr;
  EXPECT_EQ(c.find("Secure"), std::string::npos);
  EXPECT_NE(SessionCookie("tok", true, 12h).find("; Secure"), std::string::npos);
  EXPECT_NE(SessionCookie("", false, 12h).find("Max-Age=0"), std::string::npos);
  EXPECT_TRUE(TokensEqual("abcd", "abcd"));
  EXPECT_FALSE(TokensEqual("abcd", "abce"));
  EXPECT_FALSE(TokensEqual("abcd", "abc"));
  EXPECT_FALSE(TokensEqual("", "")) << "an empty token never matches";
}

TEST(WorkbenchPasswords, Argon2idHashesVerifyAndRefuseWeakPasswords) {
  auto h1 = HashPassword("correct horse battery");
  auto h2 = HashPassword("correct horse battery");
  ASSERT_TRUE(h1.ok() && h2.ok()) << h1.status().message();
  EXPECT_TRUE(h1->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *h1;
  EXPECT_NE(*h1, *h2) << "each hash has its own salt";
  EXPECT_TRUE(VerifyPassword("correct horse battery", *h1));
  EXPECT_TRUE(VerifyPassword("correct horse battery", *h2));
  EXPECT_FALSE(VerifyPassword("correct horse batterz", *h1));
  EXPECT_FALSE(VerifyPassword("", *h1));
  EXPECT_FALSE(VerifyPassword("correct horse battery", ""));
  EXPECT_FALSE(VerifyPassword("correct horse battery", "$argon2id$garbage"));
  EXPECT_FALSE(VerifyPassword("correct horse battery", "$argon2i$" + h1->substr(10))) << "only Argon2id";
  EXPECT_EQ(HashPassword("short").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HashPassword(std::string(2000, 'x')).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckPasswordStrength("ŝŝŝŝŝŝŝŝŝŝŝŝ").ok()) << "characters, not bytes";
}

// Regression: a password of twelve spaces was accepted. White space and invisible characters do
// not count towards the minimum, and the refusal names the field.
TEST(WorkbenchPasswords, BlankOrSpacePaddedPasswordsAreRefused) {
  for (const std::string& blank : {std::string(12, ' '), std::string(40, ' '), std::string("\t \u00a0\u200b\u3000 \t\t     ")}) {
    Status s = CheckPasswordStrength(blank);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << "'" << blank << "'";
    EXPECT_TRUE(s.message().starts_with("password: blank")) << s.message();
    EXPECT_EQ(HashPassword(blank).status().code(), StatusCode::kInvalidArgument);
  }
  Status padded = CheckPasswordStrength("   secret     ");
  EXPECT_EQ(padded.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(padded.message().find("password: at least 12 characters other than spaces"), std::string::npos)
      << padded.message();
  EXPECT_TRUE(CheckPasswordStrength("correct horse battery").ok()) << "spaces between words are allowed";
  EXPECT_TRUE(CheckPasswordStrength(" thirteen chars ").ok());
}

// --- The store's queue, notes and passwords, on SQLite and PostgreSQL.

class WorkbenchStoreTest : public ::testing::TestWithParam<std::string> {};

// A fresh store with an admin (root) and an analyst (ann); null when the backend is not installed.
std::unique_ptr<DecisionStore> StoreWithRootAndAnn(const std::string& backend, const std::string& name) {
  std::string target = testing_store::FreshStore(backend, name);
  if (target.empty()) return nullptr;
  auto store = DecisionStore::Open(target);
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return nullptr;
  EXPECT_TRUE((*store)->AddPrincipal("root", RoleSet::All(), "os-user:test").ok());
  EXPECT_TRUE((*store)->AddPrincipal("ann", *RoleSet::Parse("screen,review"), "root").ok());
  return std::move(*store);
}

// Records one screening of `customer` with one alerting hit on `entity` at `score` (the hit
// naming the record's `programs` when given).
int64_t Raise(DecisionStore& store, const std::string& customer, const std::string& entity, double score,
              const json& programs = nullptr) {
  ScreeningRecord rec;
  rec.caller = "test";
  rec.customer_id = customer;
  rec.input_json = json{{"name", "Name of " + customer}}.dump();
  rec.lists_json = "[]";
  rec.result_json = "{}";
  json hit = {{"entity_id", entity}};
  if (!programs.is_null()) hit["programs"] = programs;
  rec.alert_hits.push_back({entity, "fp-" + entity, "Caption " + entity, score, hit.dump()});
  auto out = store.RecordScreening(rec);
  EXPECT_TRUE(out.ok()) << out.status().message();
  return out.ok() && !out->hits.empty() ? out->hits[0].alert_id : 0;
}

TEST_P(WorkbenchStoreTest, QueueFiltersSortsPagesAndCounts) {
  auto store = StoreWithRootAndAnn(GetParam(), "wb_queue");
  if (!store) GTEST_SKIP() << "PostgreSQL is not installed";
  DecisionStore& s = *store;
  Raise(s, "c1", "ofac-sdn:1", 0.91);
  int64_t second = Raise(s, "c2", "ofac-sdn:2", 0.75);
  Raise(s, "c3", "uk-ofsi:3", 0.99);
  int64_t fourth = Raise(s, "c1", "un:4", 0.80);

  auto all = s.QueryAlerts(AlertQuery{});
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->total, 4);
  AlertQuery sdn;
  sdn.dataset = "ofac-sdn";
  EXPECT_EQ(s.QueryAlerts(sdn)->total, 2);
  AlertQuery high;
  high.min_score = 0.9;
  high.sort = "score";
  high.descending = true;
  auto h = s.QueryAlerts(high);
  ASSERT_EQ(h->alerts.size(), 2u);
  EXPECT_EQ(h->alerts[0].entity_id, "uk-ofsi:3");
  EXPECT_EQ(h->alerts[1].entity_id, "ofac-sdn:1");
  AlertQuery exact;
  exact.min_score = exact.max_score = 0.75;
  EXPECT_EQ(s.QueryAlerts(exact)->total, 1) << "score bounds are inclusive";
  AlertQuery customer;
  customer.customer = "c1";
  EXPECT_EQ(s.QueryAlerts(customer)->total, 2);
  AlertQuery paged;
  paged.limit = 3;
  paged.offset = 3;
  auto p2 = s.QueryAlerts(paged);
  ASSERT_EQ(p2->alerts.size(), 1u);
  EXPECT_EQ(p2->alerts[0].id, fourth);
  EXPECT_EQ(p2->total, 4);
  AlertQuery today;
  today.from = today.to = all->alerts[0].created_at.substr(0, 10);
  EXPECT_EQ(s.QueryAlerts(today)->total, 4);
  today.from = "2999-01-01";
  EXPECT_EQ(s.QueryAlerts(today)->total, 0);
  AlertQuery bad;
  bad.status = "nonsense";
  EXPECT_EQ(s.QueryAlerts(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(all->alerts[0].customer_name, "Name of c1");

  // Taking and escalating: audit records, history, and the assignee filter.
  Actor ann{"ann", RoleSet::All(), true};
  auto took = s.AddAlertEvent(fourth, "assign", "ANN", ann);
  ASSERT_TRUE(took.ok()) << took.status().message();
  EXPECT_EQ(took->detail, "ann") << "the registered spelling";
  AlertQuery mine;
  mine.assignee = "ann";
  EXPECT_EQ(s.QueryAlerts(mine)->total, 1);
  mine.assignee = "-";
  EXPECT_EQ(s.QueryAlerts(mine)->total, 3);
  EXPECT_EQ(s.AddAlertEvent(fourth, "assign", "nobody-known", ann).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.AddAlertEvent(fourth, "escalate", " ", ann).status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(s.AddAlertEvent(fourth, "escalate", "needs the legal team", ann).ok());
  EXPECT_EQ(s.GetAlert(fourth)->assignee, "") << "escalating releases the alert";
  auto events = s.GetAlertEvents(fourth);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].kind, "escalate");
  EXPECT_EQ((*events)[1].principal, "ann");
  EXPECT_EQ(s.CustomerAlerts("c1", 10)->size(), 2u);
  Actor stranger{"mallory", RoleSet::All(), true};
  EXPECT_EQ(s.AddAlertEvent(fourth, "assign", "ann", stranger).status().code(), StatusCode::kPermissionDenied);
  auto counts = s.QueryAlerts(AlertQuery{})->counts;
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0], (std::pair<std::string, int64_t>("open", 4)));

  // Decisions move the counts by status; a queue of two statuses is one order across its pages.
  ASSERT_TRUE(s.Decide(h->alerts[0].id, "true_match", ann, "the listed person").ok());  // four eyes: pending_second
  ASSERT_TRUE(s.Decide(second, "false_positive", ann, "another person").ok());
  using Counts = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(s.QueryAlerts(AlertQuery{})->counts, (Counts{{"false_positive", 1}, {"open", 2}, {"pending_second", 1}}));
  std::vector<std::string> by_score;
  for (int64_t offset = 0; offset < 4; ++offset) {
    AlertQuery one = high;
    one.min_score = 0;
    one.limit = 1;
    one.offset = offset;
    auto page = s.QueryAlerts(one);
    ASSERT_TRUE(page.ok()) << page.status().message();
    EXPECT_EQ(page->total, 3);
    for (const Alert& a : page->alerts) by_score.push_back(a.entity_id + " " + a.status + " " + a.customer_name);
  }
  EXPECT_EQ(by_score, (std::vector<std::string>{"uk-ofsi:3 pending_second Name of c3", "ofac-sdn:1 open Name of c1",
                                                "un:4 open Name of c1"}));
  auto verify = s.Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok) << verify->problem;
}

// Regression: assignee=ANN listed none of ann's alerts, though assigning to ANN and signing in as
// ANN find ann. The filter finds the principal as sign-in does.
TEST_P(WorkbenchStoreTest, AssigneeFilterFindsThePrincipalInAnySpelling) {
  auto store = StoreWithRootAndAnn(GetParam(), "wb_assignee");
  if (!store) GTEST_SKIP() << "PostgreSQL is not installed";
  DecisionStore& s = *store;
  Raise(s, "c1", "ofac-sdn:1", 0.91);
  int64_t taken = Raise(s, "c2", "ofac-sdn:2", 0.85);
  ASSERT_TRUE(s.AddAlertEvent(taken, "assign", "ann", Actor{"ann", RoleSet::All(), true}).ok());
  for (const char* spelling : {"ann", "ANN", " Ann ", "\u00c1nn"}) {
    AlertQuery q;
    q.assignee = spelling;
    for (const char* sort : {"id", "created_at", "score"}) {
      q.sort = sort;
      auto page = s.QueryAlerts(q);
      ASSERT_TRUE(page.ok()) << page.status().message();
      EXPECT_EQ(page->total, 1) << "'" << spelling << "' sorted by " << sort;
      ASSERT_EQ(page->alerts.size(), 1u) << spelling;
      EXPECT_EQ(page->alerts[0].id, taken);
    }
  }
  AlertQuery other;
  other.assignee = "root";
  EXPECT_EQ(s.QueryAlerts(other)->total, 0);
  other.assignee = "nobody-known";
  EXPECT_EQ(s.QueryAlerts(other)->total, 0);
}

TEST_P(WorkbenchStoreTest, PasswordsAreSetByTheAdminOrThePrincipalItself) {
  auto store = StoreWithRootAndAnn(GetParam(), "wb_pw");
  if (!store) GTEST_SKIP() << "PostgreSQL is not installed";
  DecisionStore& s = *store;
  ASSERT_TRUE(s.AddPrincipal("bob", *RoleSet::Parse("screen,review"), "root").ok());
  EXPECT_EQ(s.SignInRecord("ann")->second, "") << "no password: no sign-in";
  ASSERT_TRUE(s.SetPasswordHash("ann", "$argon2id$by-root", "root").ok());
  EXPECT_EQ(s.SignInRecord("ANN")->second, "$argon2id$by-root");
  ASSERT_TRUE(s.SetPasswordHash("ann", "$argon2id$by-ann", "ann").ok());
  EXPECT_EQ(s.SetPasswordHash("ann", "$argon2id$by-bob", "bob").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.SignInRecord("ann")->second, "$argon2id$by-ann");
  EXPECT_EQ(s.SignInRecord("nobody").status().code(), StatusCode::kNotFound);
  auto verify = s.Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok) << verify->problem;
}

TEST_P(WorkbenchStoreTest, CommentsAreNotesOnAnyAlertAndAuditRecords) {
  auto store = StoreWithRootAndAnn(GetParam(), "wb_comment");
  if (!store) GTEST_SKIP() << "PostgreSQL is not installed";
  DecisionStore& s = *store;
  int64_t id = Raise(s, "c1", "ofac-sdn:1", 0.91);
  Actor ann{"ann", RoleSet::All(), true};
  EXPECT_EQ(s.AddAlertEvent(id, "comment", "  ", ann).status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(s.AddAlertEvent(id, "assign", "ann", ann).ok());
  auto note = s.AddAlertEvent(id, "comment", "called the branch: passport copy requested", ann);
  ASSERT_TRUE(note.ok()) << note.status().message();
  EXPECT_GT(note->record_seq, 0);
  EXPECT_EQ(s.GetAlert(id)->assignee, "ann") << "a comment leaves the assignee";
  EXPECT_EQ(s.GetAlert(id)->status, "open") << "and decides nothing";
  ASSERT_TRUE(s.Decide(id, "false_positive", Actor{"root", RoleSet::All(), true}, "other person").ok());
  EXPECT_TRUE(s.AddAlertEvent(id, "comment", "passport received, confirms", ann).ok()) << "comments follow decisions too";
  EXPECT_EQ(s.AddAlertEvent(id, "escalate", "too late", ann).status().code(), StatusCode::kAlreadyExists);
  Actor stranger{"mallory", RoleSet::All(), true};
  EXPECT_EQ(s.AddAlertEvent(id, "comment", "hello", stranger).status().code(), StatusCode::kPermissionDenied);
  auto events = s.GetAlertEvents(id);
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[1].kind, "comment");
  EXPECT_EQ((*events)[1].principal, "ann");
  EXPECT_EQ((*events)[2].detail, "passport received, confirms");
  bool audited = false;
  ASSERT_TRUE(s.ExportAudit("", "", [&](const AuditRecord& r) {
                 audited = audited || (r.seq == note->record_seq && r.kind == "alert_event" && r.caller == "ann" &&
                                       r.content.find("passport copy requested") != std::string::npos);
                 return Status::Ok();
               }).ok());
  EXPECT_TRUE(audited) << "the comment is an audit record, as ann";
  auto verify = s.Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok) << verify->problem;
}

// The overview's SQL on both backends: days by outcome, decision times, rates, top customers.
TEST_P(WorkbenchStoreTest, OverviewGroupsAlertsByDayListProgramAndCustomer) {
  auto store = StoreWithRootAndAnn(GetParam(), "wb_overview");
  if (!store) GTEST_SKIP() << "PostgreSQL is not installed";
  DecisionStore& s = *store;
  int64_t a = Raise(s, "c1", "ofac-sdn:1", 0.91, {"SDGT"});
  int64_t b = Raise(s, "c1", "ofac-sdn:2", 0.85, {"SDGT", "IRAN"});
  int64_t c = Raise(s, "c2", "un:3", 0.90, {"SDGT"});
  Raise(s, "", "un:4", 0.80, json::array());
  Actor root{"root", RoleSet::All(), true}, ann{"ann", RoleSet::All(), true};
  ASSERT_TRUE(s.Decide(a, "false_positive", ann, "other person").ok());
  ASSERT_TRUE(s.Decide(b, "false_positive", ann, "other person").ok());
  ASSERT_TRUE(s.Decide(c, "true_match", ann, "listed").ok());
  ASSERT_TRUE(s.Decide(c, "true_match", root, "agreed").ok());

  auto o = s.Overview("", 10);
  ASSERT_TRUE(o.ok()) << o.status().message();
  std::map<std::string, int64_t> today;
  for (const auto& d : o->per_day) today[d.status] += d.alerts;
  EXPECT_EQ(today, (std::map<std::string, int64_t>{{"false_positive", 2}, {"open", 1}, {"true_match", 1}}));
  ASSERT_EQ(o->per_day.size(), 3u) << "one day, three statuses";
  EXPECT_EQ(o->per_day[0].day.size(), 10u);
  EXPECT_EQ(o->decided, 3);
  EXPECT_GE(o->median_first_decision_seconds, 0);
  EXPECT_GE(o->median_final_decision_seconds, o->median_first_decision_seconds);
  ASSERT_EQ(o->by_list.size(), 2u);
  EXPECT_EQ(o->by_list[0].key, "ofac-sdn");
  EXPECT_EQ(o->by_list[0].decided, 2);
  EXPECT_EQ(o->by_list[0].false_positives, 2);
  EXPECT_EQ(o->by_list[1].key, "un");
  EXPECT_EQ(o->by_list[1].false_positives, 0);
  ASSERT_EQ(o->by_program.size(), 2u);
  EXPECT_EQ(o->by_program[0].key, "SDGT");
  EXPECT_EQ(o->by_program[0].decided, 3);
  EXPECT_EQ(o->by_program[0].false_positives, 2);
  EXPECT_EQ(o->by_program[1].key, "IRAN");
  EXPECT_EQ(o->by_program[1].false_positives, 1);
  ASSERT_EQ(o->top_false_positives.size(), 1u) << "customers without a false positive are not named";
  EXPECT_EQ(o->top_false_positives[0].customer_id, "c1");
  EXPECT_EQ(o->top_false_positives[0].name, "Name of c1");
  EXPECT_EQ(o->top_false_positives[0].false_positives, 2);
  EXPECT_EQ(o->top_false_positives[0].alerts, 2);

  auto later = s.Overview("2999-01-01", 10);
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->per_day.empty());
  EXPECT_EQ(later->decided, 0);
  EXPECT_EQ(later->median_final_decision_seconds, -1);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkbenchStoreTest, ::testing::Values("sqlite", "postgres"));

// --- The API on a real server.

class WorkbenchApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing_store::FreshStore("sqlite", "wb_api");
    auto s = DecisionStore::Open(store_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE((*s)->AddPrincipal("root", RoleSet::All(), "os-user:test").ok());
    for (auto [name, roles] : {std::pair{"ann", "screen,review"}, {"alf", "screen,review,approve"}, {"amy", "screen,review,approve"}}) {
      ASSERT_TRUE((*s)->AddPrincipal(name, *RoleSet::Parse(roles), "root").ok());
      ASSERT_TRUE((*s)->SetPasswordHash(name, *HashPassword(std::string(name) + "-password-1"), "root").ok());
    }
    StartStoreServer(store_, server_, thread_);
  }
  void TearDown() override {
    if (server_) StopServer(server_, thread_);
  }

  struct Session {
    std::string cookie, csrf;
  };
  httplib::Client Client() { return httplib::Client("127.0.0.1", server_->port()); }
  Session SignIn(const std::string& name, const std::string& password, int want = 200) {
    auto c = Client();
    auto r = c.Post("/v1/workbench/session", json{{"name", name}, {"password", password}}.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, want) << r->body;
    if (r->status != 200) return {};
    std::string set_cookie = r->get_header_value("Set-Cookie");
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
    return {set_cookie.substr(0, set_cookie.find(';')), json::parse(r->body)["csrf_token"]};
  }
  std::pair<int, json> Call(const std::string& method, const std::string& path, const Session& s, const json& body = nullptr,
                            bool csrf = true) {
    auto c = Client();
    c.set_read_timeout(30, 0);
    httplib::Headers h;
    if (!s.cookie.empty()) h.emplace("Cookie", s.cookie);
    if (csrf && !s.csrf.empty()) h.emplace("X-CSRF-Token", s.csrf);
    auto r = method == "GET"    ? c.Get(path, h)
             : method == "POST" ? c.Post(path, h, body.dump(), "application/json")
                                : c.Delete(path, h);
    EXPECT_TRUE(r);
    if (!r) return {0, json()};
    return {r->status, json::parse(r->body, nullptr, false)};
  }

  std::string store_;
  Server* server_ = nullptr;
  std::thread* thread_ = nullptr;
};

TEST_F(WorkbenchApiTest, SignInSessionsAndCsrf) {
  SignIn("ann", "wrong-password-xx", 401);
  SignIn("nobody", "whatever-password", 401);
  SignIn("root", "no-password-set-x", 401);  // a principal without a password cannot sign in
  auto [tc, typed] = Call("POST", "/v1/workbench/session", {}, {{"name", "ann"}, {"password", 12345678}});
  EXPECT_EQ(tc, 400);
  EXPECT_EQ(typed["error"]["message"], "password: expected a string") << typed.dump();
  EXPECT_EQ(Call("POST", "/v1/workbench/session", {}, {{"name", json::array()}, {"password", "x"}}).first, 400);
  EXPECT_EQ(Call("GET", "/v1/workbench/alerts", {}).first, 401);
  Session ann = SignIn("ann", "ann-password-1");
  auto [code, me] = Call("GET", "/v1/workbench/session", ann);
  EXPECT_EQ(code, 200);
  EXPECT_EQ(me["principal"], "ann");
  EXPECT_EQ(me["role"], "analyst");
  EXPECT_EQ(me["csrf_token"], ann.csrf);

  // Screening as ann records it as ann; a POST without the token, or with another session's, is refused.
  json screen = {{"name", "Vladimir Putin"}, {"customer_id", "cust-1"}, {"record", true}};
  EXPECT_EQ(Call("POST", "/v1/workbench/screen", ann, screen, /*csrf=*/false).first, 403);
  Session alf = SignIn("alf", "alf-password-1");
  EXPECT_EQ(Call("POST", "/v1/workbench/screen", {ann.cookie, alf.csrf}, screen).first, 403);
  auto [sc, result] = Call("POST", "/v1/workbench/screen", ann, screen);
  ASSERT_EQ(sc, 200) << result.dump();
  EXPECT_EQ(result["verdict"], "alert");

  // Signing out ends the session for good.
  EXPECT_EQ(Call("DELETE", "/v1/workbench/session", ann, nullptr, false).first, 403);
  EXPECT_EQ(Call("DELETE", "/v1/workbench/session", ann).first, 200);
  EXPECT_EQ(Call("GET", "/v1/workbench/session", ann).first, 401);
}

TEST_F(WorkbenchApiTest, SignInAttemptsAreLimited) {
  for (int i = 0; i < 5; ++i) SignIn("ann", "wrong-password-" + std::to_string(i), 401);
  SignIn("ann", "ann-password-1", 429);
  SignIn("alf", "alf-password-1", 200);
}

// Regression: a sign-in name of 60,000 copies of U+FDFA took 58 s of CPU to case-fold, and was
// folded before the limiter was asked, so refused attempts paid it too. A name longer than any
// principal's is refused first; an address past its limit is refused before any name is folded.
TEST_F(WorkbenchApiTest, LongSignInNamesAreRefusedBeforeTheyAreFolded) {
  std::string ligatures;
  for (int i = 0; i < 60000; ++i) ligatures += "\uFDFA";
  auto started = std::chrono::steady_clock::now();
  auto [code, body] = Call("POST", "/v1/workbench/session", {}, {{"name", ligatures}, {"password", "x"}});
  EXPECT_EQ(code, 400);
  EXPECT_EQ(body["error"]["message"].get<std::string>().rfind("name: 180000 bytes", 0), 0u) << body.dump();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_EQ(Call("POST", "/v1/workbench/session", {}, {{"name", std::string(257, 'a')}, {"password", "x"}}).first, 400);
  SignIn(std::string(256, 'a'), "whatever-password", 401);  // as long as a name may be: checked
}

// The regression above on a real server: concurrent wrong passwords for one user.
TEST_F(WorkbenchApiTest, ConcurrentSignInsCheckNoMorePasswordsThanTheLimit) {
  std::atomic<int> checked{0}, limited{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 30; ++i)
    threads.emplace_back([&, i] {
      auto c = Client();
      c.set_read_timeout(120, 0);
      auto r = c.Post("/v1/workbench/session", json{{"name", "ann"}, {"password", "wrong-" + std::to_string(i)}}.dump(),
                      "application/json");
      if (r && r->status == 401) ++checked;
      if (r && r->status == 429) ++limited;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(checked.load(), 5);
  EXPECT_EQ(limited.load(), 25);
  SignIn("ann", "ann-password-1", 429);
}

// Regression: a session outlived disabling its user. The cookie still read the queue, an alert
// and the audit export, and recorded screenings as the user.
TEST_F(WorkbenchApiTest, DisablingAUserEndsItsSessions) {
  json screen = {{"name", "Vladimir Putin"}, {"customer_id", "cust-9"}, {"record", true}};
  Session first = SignIn("ann", "ann-password-1");
  ASSERT_EQ(Call("POST", "/v1/workbench/screen", first, screen).first, 200);
  std::vector<Session> sessions;  // one per request below: the first refusal ends its session
  for (int i = 0; i < 6; ++i) sessions.push_back(SignIn("ann", "ann-password-1"));
  {
    auto s = DecisionStore::Open(store_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE((*s)->DisablePrincipal("ann", "root").ok());
  }
  std::string records = testing_store::RawSql(store_, "SELECT COUNT(*) FROM audit_records");
  int i = 0;
  for (const char* path : {"/v1/workbench/alerts", "/v1/workbench/alerts/1", "/v1/workbench/audit/decisions.csv",
                           "/v1/workbench/session", "/v1/workbench/lists"}) {
    auto [code, body] = Call("GET", path, sessions[i++]);
    EXPECT_EQ(code, 401) << path << ": " << body.dump();
  }
  EXPECT_EQ(Call("POST", "/v1/workbench/screen", sessions[i], screen).first, 401);
  EXPECT_EQ(Call("GET", "/v1/workbench/alerts", sessions[i]).first, 401) << "the session has ended";
  EXPECT_EQ(testing_store::RawSql(store_, "SELECT COUNT(*) FROM audit_records"), records) << "nothing recorded as ann";
}

// Regression: a session outlived a change of its user's password (`embargo users password`, from
// another process): the old cookie still worked. A new password ends the sessions signed in
// with the old one; the store is read on each request, as for a disabled user.
TEST_F(WorkbenchApiTest, ChangingAPasswordEndsItsSessions) {
  Session before = SignIn("ann", "ann-password-1"), other = SignIn("alf", "alf-password-1");
  ASSERT_EQ(Call("GET", "/v1/workbench/alerts", before).first, 200);
  {
    auto s = DecisionStore::Open(store_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    auto hash = HashPassword("ann-password-2");
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE((*s)->SetPasswordHash("ann", *hash, "ann").ok());
  }
  auto [code, body] = Call("GET", "/v1/workbench/alerts", before);
  EXPECT_EQ(code, 401) << body.dump();
  EXPECT_NE(body.dump().find("principal ann has a new password"), std::string::npos) << body.dump();
  EXPECT_EQ(Call("GET", "/v1/workbench/session", before).first, 401) << "the session has ended";
  EXPECT_EQ(Call("GET", "/v1/workbench/alerts", other).first, 200) << "another user's session stays";
  SignIn("ann", "ann-password-1", 401);
  Session after = SignIn("ann", "ann-password-2");
  EXPECT_EQ(Call("GET", "/v1/workbench/alerts", after).first, 200);
}

// Roles are read from the principals table on each request, not kept from sign-in.
TEST_F(WorkbenchApiTest, RolesTakenAwayStopApplying) {
  Session alf = SignIn("alf", "alf-password-1");
  EXPECT_EQ(Call("GET", "/v1/workbench/alerts", alf).first, 200);
  testing_store::RawSql(store_, "UPDATE principals SET roles = 'screen' WHERE name = 'alf'");
  auto [code, body] = Call("GET", "/v1/workbench/alerts", alf);
  EXPECT_EQ(code, 403) << body.dump();
  auto [me_code, me] = Call("GET", "/v1/workbench/session", alf);
  EXPECT_EQ(me_code, 200);
  EXPECT_EQ(me["roles"], "screen") << me.dump();
  EXPECT_EQ(Call("POST", "/v1/workbench/screen", alf, {{"name", "Bob Smith"}}).first, 200);
}

TEST_F(WorkbenchApiTest, FourEyesByRole) {
  Session ann = SignIn("ann", "ann-password-1"), alf = SignIn("alf", "alf-password-1"), amy = SignIn("amy", "amy-password-1");
  json screen = {{"name", "Vladimir Putin"}, {"customer_id", "cust-1"}, {"record", true}};
  auto [sc, result] = Call("POST", "/v1/workbench/screen", ann, screen);
  ASSERT_EQ(sc, 200);
  int64_t id = result["hits"][0]["alert_id"];
  std::string path = "/v1/workbench/alerts/" + std::to_string(id);

  auto [qc, queue] = Call("GET", "/v1/workbench/alerts?list=ofac-sdn&min_score=0.9", ann);
  ASSERT_EQ(qc, 200) << queue.dump();
  EXPECT_EQ(queue["total"], 1);
  EXPECT_EQ(queue["counts"]["open"], 1);
  auto [dc, detail] = Call("GET", path, ann);
  ASSERT_EQ(dc, 200);
  EXPECT_EQ(detail["customer"]["name"], "Vladimir Putin");
  EXPECT_EQ(detail["entity"]["id"], detail["entity_id"]);
  EXPECT_FALSE(detail["hit"]["explanation"]["tokens"].empty());
  // The alert keeps the list versions its screening answered with.
  ASSERT_GE(result["lists"].size(), 3u);
  EXPECT_EQ(detail["lists"], result["lists"]);
  ASSERT_FALSE(detail["linked"].empty());
  EXPECT_FALSE(detail["linked"][0]["reason"].get<std::string>().empty());

  EXPECT_EQ(Call("POST", path + "/decision", ann, {{"decision", "true_match"}, {"comment", " "}}).first, 400);
  // A field of the wrong type is refused by name, not failed inside.
  auto [nc, number] = Call("POST", path + "/decision", ann, {{"decision", 5}, {"comment", "typed"}});
  EXPECT_EQ(nc, 400);
  EXPECT_EQ(number["error"]["message"], "decision: expected a string") << number.dump();
  auto [ac, array] = Call("POST", path + "/review", alf, {{"action", "approve"}, {"comment", json::array()}});
  EXPECT_EQ(ac, 400);
  EXPECT_EQ(array["error"]["message"], "comment: expected a string") << array.dump();
  auto [tc, typed] = Call("POST", path + "/decision", ann, {{"decision", "true_match"}, {"comment", 5}});
  EXPECT_EQ(tc, 400);
  EXPECT_EQ(typed["error"]["message"], "comment: expected a string") << typed.dump();
  auto [mc, missing] = Call("POST", path + "/decision", ann, {{"decision", "true_match"}});
  EXPECT_EQ(mc, 400);
  EXPECT_EQ(missing["error"]["message"], "comment: required, a non-empty string") << missing.dump();
  auto [xc, action] = Call("POST", path + "/review", alf, {{"action", 1}, {"comment", "typed"}});
  EXPECT_EQ(xc, 400);
  EXPECT_EQ(action["error"]["message"], "action: expected a string") << action.dump();
  auto [d1, first] = Call("POST", path + "/decision", ann, {{"decision", "true_match"}, {"comment", "same person"}});
  ASSERT_EQ(d1, 200) << first.dump();
  EXPECT_EQ(first["status"], "pending_second");
  EXPECT_EQ(first["reviewer"], "ann");
  EXPECT_EQ(Call("POST", path + "/review", ann, {{"action", "approve"}, {"comment", "mine"}}).first, 409)
      << "nobody approves their own decision";
  auto [a1, approved] = Call("POST", path + "/review", alf, {{"action", "approve"}, {"comment", "agreed"}});
  ASSERT_EQ(a1, 200) << approved.dump();
  EXPECT_EQ(approved["status"], "true_match");

  // An approver's own first decision waits for another approver.
  json other = {{"name", "Sergei Lavrov"}, {"customer_id", "cust-2"}, {"record", true}};
  auto [s2, r2] = Call("POST", "/v1/workbench/screen", alf, other);
  ASSERT_EQ(s2, 200);
  ASSERT_TRUE(r2["hits"][0].contains("alert_id")) << r2.dump();
  std::string path2 = "/v1/workbench/alerts/" + std::to_string(r2["hits"][0]["alert_id"].get<int64_t>());
  ASSERT_EQ(Call("POST", path2 + "/decision", alf, {{"decision", "true_match"}, {"comment", "listed"}}).first, 200);
  EXPECT_EQ(Call("POST", path2 + "/review", alf, {{"action", "approve"}, {"comment", "self"}}).first, 409);
  EXPECT_EQ(Call("POST", path2 + "/review", ann, {{"action", "approve"}, {"comment", "not mine"}}).first, 403)
      << "an analyst holds no approve role";
  auto [rc, returned] = Call("POST", path2 + "/review", amy, {{"action", "return"}, {"comment", "not him"}});
  EXPECT_EQ(rc, 200);
  EXPECT_EQ(returned["status"], "open") << "returned for a fresh pair of reviews";
  auto [hc, hist] = Call("GET", path2, ann);
  size_t decisions = 0;
  for (const json& h : hist["history"]) decisions += h["kind"] == "decision";
  EXPECT_EQ(decisions, 2u);
  auto [cc, csv] = Call("GET", "/v1/workbench/audit", alf);
  EXPECT_EQ(cc, 200);
  EXPECT_TRUE(csv["ok"]) << csv.dump();
}

// Regression: per_page=1000000000 was refused as "limit: ...", the store's name, not the caller's.
TEST_F(WorkbenchApiTest, QueueParametersAreRefusedByTheNamesSent) {
  Session ann = SignIn("ann", "ann-password-1");
  for (const char* bad : {"per_page=1000000000", "per_page=501", "per_page=0", "per_page=x"}) {
    auto [code, err] = Call("GET", std::string("/v1/workbench/alerts?") + bad, ann);
    EXPECT_EQ(code, 400) << bad;
    EXPECT_EQ(err["error"]["message"].get<std::string>().rfind("per_page: expected an integer in [1, 500]", 0), 0u)
        << err.dump();
  }
  auto [code, page] = Call("GET", "/v1/workbench/alerts?per_page=500", ann);
  EXPECT_EQ(code, 200) << page.dump();
  EXPECT_EQ(page["per_page"], 500);
}

// Regression: page=+1 (a space once decoded), page=%2B1 and page=%201 were read as 1. Every
// whole-number parameter, and an alert id in the path, is decimal digits, named when it is not.
TEST_F(WorkbenchApiTest, WholeNumbersAreDecimalDigitsOnly) {
  Session ann = SignIn("ann", "ann-password-1");
  for (const char* param : {"page", "per_page"})
    for (const char* bad : {"+1", "%2B1", "%201", "1%20", "-0", "1.0", "0x1", "1e1", ""}) {
      std::string target = std::string("/v1/workbench/alerts?") + param + "=" + bad;
      auto [code, err] = Call("GET", target, ann);
      EXPECT_EQ(code, 400) << target;
      EXPECT_EQ(err["error"]["message"].get<std::string>().rfind(std::string(param) + ": expected an integer in [1, ", 0), 0u)
          << target << ": " << err.dump();
    }
  for (const char* bad : {"days=%2B7", "days=+7", "top=%2B5", "top=-0"}) {
    auto [code, err] = Call("GET", std::string("/v1/workbench/overview?") + bad, ann);
    EXPECT_EQ(code, 400) << bad;
    std::string field = std::string(bad).substr(0, std::string(bad).find('='));
    EXPECT_EQ(err["error"]["message"].get<std::string>().rfind(field + ": expected an integer in [1, ", 0), 0u) << err.dump();
  }
  for (const char* bad : {"%2B1", "%201", "1%20"}) {
    auto [code, err] = Call("GET", std::string("/v1/workbench/alerts/") + bad, ann);
    EXPECT_EQ(code, 400) << bad << ": " << err.dump();
    EXPECT_EQ(err["error"]["message"].get<std::string>().rfind("alert id: expected a positive integer", 0), 0u) << err.dump();
  }
  EXPECT_EQ(Call("GET", "/v1/workbench/alerts?page=01&per_page=10", ann).first, 200) << "leading zeros are digits";
  EXPECT_EQ(Call("GET", "/v1/workbench/overview?days=7&top=5", ann).first, 200);
}

// Regression: from=garbage showed an empty queue, to=garbage every alert, a misspelt filter was
// ignored, and the OpenSanctions name of a list matched none of its alerts.
TEST_F(WorkbenchApiTest, QueueFiltersAreCheckedAndListsReadInEitherSpelling) {
  Session ann = SignIn("ann", "ann-password-1");
  json screen = {{"name", "Vladimir Putin"}, {"customer_id", "cust-f"}, {"record", true}};
  ASSERT_EQ(Call("POST", "/v1/workbench/screen", ann, screen).first, 200);
  for (const char* bad : {"from=garbage", "from=2026-13-45", "to=garbage", "to=2026-01-01x", "fromm=2026-01-01"}) {
    auto [code, err] = Call("GET", std::string("/v1/workbench/alerts?status=all&") + bad, ann);
    EXPECT_EQ(code, 400) << bad << ": " << err.dump();
    std::string field = std::string(bad).substr(0, std::string(bad).find('='));
    EXPECT_EQ(err["error"]["message"].get<std::string>().rfind(field + ": ", 0), 0u) << err.dump();
  }
  for (const char* good : {"from=2020-01-01", "to=2999-12-31", "from=2020-01-01T00:00:00Z"}) {
    auto [code, page] = Call("GET", std::string("/v1/workbench/alerts?status=all&") + good, ann);
    EXPECT_EQ(code, 200) << good;
    EXPECT_GE(page["total"].get<int>(), 1) << good;
  }
  auto [ours_code, ours] = Call("GET", "/v1/workbench/alerts?status=all&list=ofac-sdn", ann);
  auto [theirs_code, theirs] = Call("GET", "/v1/workbench/alerts?status=all&list=us_ofac_sdn", ann);
  ASSERT_EQ(theirs_code, 200);
  EXPECT_GE(ours["total"].get<int>(), 1);
  EXPECT_EQ(theirs["total"], ours["total"]);
}

// Regression: an unknown list showed an empty queue, parameters a route does not read were
// ignored (`decisions.csv?from=2030-01-01` exported every decision), and impossible times
// (T99:99:99) were taken as bounds.
TEST_F(WorkbenchApiTest, ParametersNotReadAndUnknownListsAreRefused) {
  Session ann = SignIn("ann", "ann-password-1");
  json screen = {{"name", "Vladimir Putin"}, {"customer_id", "cust-p"}, {"record", true}};
  ASSERT_EQ(Call("POST", "/v1/workbench/screen", ann, screen).first, 200);
  auto refused = [&](const std::string& method, const std::string& target, const std::string& field) {
    auto [code, err] = Call(method, target, ann, method == "POST" ? json{{"comment", "seen"}} : json(nullptr));
    EXPECT_EQ(code, 400) << target << ": " << err.dump();
    EXPECT_EQ(err["error"]["code"], "invalid_parameter") << target;
    EXPECT_EQ(err["error"]["message"].get<std::string>().rfind(field + ": ", 0), 0u) << target << ": " << err.dump();
  };
  refused("GET", "/v1/workbench/alerts?list=ofac_sdn_typo&status=all", "list");
  refused("GET", "/v1/workbench/overview?dayz=5", "dayz");
  refused("GET", "/v1/workbench/audit/decisions.csv?from=2030-01-01", "from");
  refused("GET", "/v1/workbench/audit?x=1", "x");
  refused("GET", "/v1/workbench/lists?x=1", "x");
  refused("GET", "/v1/workbench/alerts/1?x=1", "x");
  refused("GET", "/v1/workbench/session?x=1", "x");
  refused("POST", "/v1/workbench/alerts/1/comment?x=1", "x");
  for (const char* bad : {"2026-12-07T99:99:99Z", "2026-12-07T24:00:00Z", "2026-12-07T10:60", "2026-12-07T10:00:00+99",
                          "2026-02-30", "2026-12-07T"})
    refused("GET", std::string("/v1/workbench/alerts?status=all&from=") + bad, "from");
  for (const char* good : {"2026-12-07T09:30Z", "2026-12-07T09:30:00", "2026-12-07T09:30:00.123Z", "2026-12-07T23:59:59Z"})
    EXPECT_EQ(Call("GET", std::string("/v1/workbench/alerts?status=all&to=") + good, ann).first, 200) << good;
  auto [code, page] = Call("GET", "/v1/workbench/alerts?status=all&list=bis-dpl", ann);
  EXPECT_EQ(code, 200) << "a known list without alerts: " << page.dump();
  EXPECT_EQ(page["total"], 0);
}

std::string ReadSource(const std::string& path) {
  std::ifstream in(std::string(EMBARGO_SOURCE_DIR) + "/" + path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Screening a message, a transaction and a text from the workbench: the API-key handlers'
// verdicts, each list hit explained, recorded as the signed-in principal when asked.
TEST_F(WorkbenchApiTest, ScreensMessagesTradesAndTexts) {
  Session ann = SignIn("ann", "ann-password-1");
  std::string mt103 = ReadSource("tests/payments/testdata/mt103_sdn_beneficiary.txt");
  ASSERT_FALSE(mt103.empty());
  const std::string base = "/v1/workbench/screen/";

  auto [mc, message] = Call("POST", base + "message", ann, {{"message", mt103}, {"record", true}});
  ASSERT_EQ(mc, 200) << message.dump();
  EXPECT_EQ(message["input"], "message");
  EXPECT_EQ(message["verdict"], "REVIEW") << "a name hit holds a payment for review";
  EXPECT_EQ(message["result"]["verdict"], message["verdict"]) << "the /v1/screen/message handler's own verdict";
  EXPECT_EQ(message["recorded_as"], "ann");
  const json* zawahiri = nullptr;
  for (const json& h : message["hits"])
    if (h.value("caption", "").find("ZAWAHIRI") != std::string::npos || h.value("caption", "").find("Zawahiri") != std::string::npos)
      zawahiri = &h;
  ASSERT_NE(zawahiri, nullptr) << message.dump();
  EXPECT_FALSE((*zawahiri)["explanation"]["tokens"].empty()) << "explained as a name result is";
  EXPECT_NE((*zawahiri)["where"].get<std::string>().find("59F"), std::string::npos);
  ASSERT_TRUE(zawahiri->contains("alert_id")) << zawahiri->dump();
  auto [ac, alert] = Call("GET", "/v1/workbench/alerts/" + std::to_string((*zawahiri)["alert_id"].get<int64_t>()), ann);
  ASSERT_EQ(ac, 200);
  EXPECT_EQ(alert["customer"]["screened"], "message");
  EXPECT_EQ(alert["customer"]["message"], mt103) << "the audit record keeps what was screened";
  EXPECT_FALSE(alert["hit"]["explanation"]["tokens"].empty());

  // An unreadable message is ERROR (422), never clear, and nothing is recorded.
  auto [uc, unreadable] = Call("POST", base + "message", ann, {{"message", "not a payment message"}, {"record", true}});
  EXPECT_EQ(uc, 422) << unreadable.dump();
  EXPECT_EQ(unreadable["verdict"], "ERROR");
  EXPECT_FALSE(unreadable["errors"].empty());
  EXPECT_FALSE(unreadable.contains("record"));

  json tx = json::parse(ReadSource("examples/trade/tr_sevastopol_bearings.json"));
  auto [tc, trade] = Call("POST", base + "trade", ann, {{"transaction", tx}});
  ASSERT_EQ(tc, 200) << trade.dump();
  EXPECT_EQ(trade["verdict"], "BLOCK") << trade.dump();
  EXPECT_FALSE(trade["hits"].empty());
  EXPECT_FALSE(trade.contains("record")) << "recorded only when asked";

  auto [xc, text] = Call("POST", base + "text", ann,
                         {{"text", "Payment instructions received from Vladimir Putin via a Cyprus company."}, {"record", false}});
  ASSERT_EQ(xc, 200) << text.dump();
  EXPECT_EQ(text["verdict"], "REVIEW");
  ASSERT_FALSE(text["hits"].empty());
  EXPECT_FALSE(text["hits"][0]["explanation"]["tokens"].empty());
  auto [pc, clean] = Call("POST", base + "text", ann, {{"text", "The shipment of apples left Hamburg on Monday."}});
  ASSERT_EQ(pc, 200);
  EXPECT_EQ(clean["verdict"], "PASS");
  EXPECT_EQ(clean["incomplete"], false);
  EXPECT_EQ(clean["result"]["complete"], true) << "the /v1/screen/text handler's own answer";
  // Letters no transliteration reads were answered PASS and complete, though nothing screened them.
  auto [tfc, tifinagh] = Call("POST", base + "text", ann, {{"text", "Payment to \u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56 \u2D5C\u2D30\u2D4E\u2D30\u2D63\u2D49\u2D56\u2D5C"}});
  ASSERT_EQ(tfc, 200) << tifinagh.dump();
  EXPECT_NE(tifinagh["verdict"], "PASS") << tifinagh.dump();
  EXPECT_EQ(tifinagh["incomplete"], true) << tifinagh.dump();
  EXPECT_EQ(tifinagh["result"]["complete"], false) << tifinagh.dump();

  // Bad input names the field; no session, or no CSRF token, is refused.
  for (auto [path, body, field] : std::vector<std::tuple<std::string, json, std::string>>{
           {"message", json{{"message", 42}}, "message:"},
           {"message", json::object(), "message:"},
           {"trade", json{{"transaction", "text"}}, "transaction:"},
           {"text", json{{"text", ""}}, "text:"},
           {"text", json{{"text", "x"}, {"record", "yes"}}, "record:"},
           {"text", json{{"text", "x"}, {"customer_id", 7}}, "customer_id:"},
           // A member not read was answered PASS: a listed buyer beside the transaction.
           {"trade", json{{"transaction", tx}, {"parties", json::array({{{"role", "buyer"}, {"name", "Promsvyazbank"}}})}},
            "parties: not a field read here"},
           {"trade", json{{"transaction", tx}, {"threshold", 0.5}}, "threshold: not a field read here"},
           {"text", json{{"text", "x"}, {"foo", "AYMAN AL ZAWAHIRI"}}, "foo: not a field read here"}}) {
    auto [code, err] = Call("POST", base + path, ann, body);
    EXPECT_EQ(code, 400) << path << " " << body.dump();
    EXPECT_EQ(err["error"]["message"].get<std::string>().rfind(field, 0), 0u) << err.dump();
  }
  auto [bc, bad_tx] = Call("POST", base + "trade", ann, {{"transaction", {{"parties", "none"}}}});
  EXPECT_EQ(bc, 400);
  EXPECT_EQ(bad_tx["verdict"], "ERROR") << bad_tx.dump();
  EXPECT_EQ(Call("POST", base + "text", ann, {{"text", "x"}}, /*csrf=*/false).first, 403);
  EXPECT_EQ(Call("POST", base + "text?threshold=0.1", ann, {{"text", "x"}}).first, 400) << "a parameter not read";
  EXPECT_EQ(Call("POST", "/v1/workbench/screen?treshold=0.1", ann, {{"name", "Bob Smith"}}).first, 400);
  EXPECT_EQ(Call("POST", base + "message", {}, {{"message", mt103}}).first, 401);
  // The alerts these screenings raised are the ones the audit trail holds.
  auto store = DecisionStore::Open(store_);
  ASSERT_TRUE(store.ok());
  auto verify = (*store)->Verify();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok) << verify->problem;
}

// Regression: a trade screened BLOCK for a route to Tehran with a CHPL code and no listed party
// was recorded with the verdict "clear" and no alert: alerts were raised only for hits on a listed
// record. A recorded BLOCK, REVIEW or ERROR keeps its verdict and raises an alert an analyst works,
// naming the finding when no listed record is behind it; messages and texts the same.
TEST_F(WorkbenchApiTest, RecordedBlocksAndReviewsWithoutAListedPartyRaiseAlerts) {
  Session ann = SignIn("ann", "ann-password-1");
  const std::string base = "/v1/workbench/screen/";
  json tx = json::parse(ReadSource("examples/trade/eu_us_valves_clean.json"));
  tx["goods"][0]["hs_code"] = "8542.31";
  tx["route"]["destination"] = {{"city", "Tehran"}, {"country", "IR"}};
  json message = ReadSource("tests/payments/testdata/mt103_sevastopol.txt");
  json text = "Payment instructions received from Vladimir Putin via a Cyprus company.";
  for (auto [path, body] : std::vector<std::pair<std::string, json>>{
           {"trade", {{"transaction", tx}, {"record", true}, {"customer_id", "T1"}}},
           {"message", {{"message", message}, {"record", true}, {"customer_id", "M1"}}},
           {"text", {{"text", text}, {"record", true}, {"customer_id", "X1"}}}}) {
    auto [code, view] = Call("POST", base + path, ann, body);
    ASSERT_EQ(code, 200) << path << ": " << view.dump();
    ASSERT_NE(view["verdict"], "PASS") << path << ": " << view.dump();
    if (path == "trade") {
      EXPECT_EQ(view["verdict"], "BLOCK") << view.dump();
    }
    ASSERT_TRUE(view.contains("record")) << path << ": " << view.dump();
    json content = json::parse(testing_store::RawSql(store_, "SELECT content FROM audit_records WHERE seq = " +
                                                                 std::to_string(view["record"].get<int64_t>())));
    EXPECT_EQ(content["verdict"], "alert") << path << ": never filed as clear";
    EXPECT_EQ(content["screening_verdict"], view["verdict"]) << path;
    ASSERT_FALSE(content["alerts"].empty()) << path << ": " << content.dump();
    std::vector<int64_t> alerted;
    for (const json& h : view["hits"])
      if (h.contains("alert_id")) alerted.push_back(h["alert_id"].get<int64_t>());
    ASSERT_FALSE(alerted.empty()) << path << ": each finding shows the alert it raised: " << view.dump();
    auto [ac, alert] = Call("GET", "/v1/workbench/alerts/" + std::to_string(alerted[0]), ann);
    ASSERT_EQ(ac, 200) << alert.dump();
    EXPECT_EQ(alert["status"], "open");
  }
  // The trade's finding names no listed record: its alert is on the finding, its path and rule.
  auto [qc, queue] = Call("GET", "/v1/workbench/alerts?status=open", ann);
  ASSERT_EQ(qc, 200) << queue.dump();
  bool route = false;
  for (const json& a : queue["alerts"])
    route = route || (a["customer_id"] == "T1" && a["entity_id"] == "finding:route.destination.country (geo)" &&
                      a["caption"].get<std::string>().starts_with("BLOCK: Iran"));
  EXPECT_TRUE(route) << queue.dump();
  // And verify holds the alerts raised on findings as it holds the others.
  auto store = DecisionStore::Open(store_, {});
  ASSERT_TRUE(store.ok());
  auto rep = (*store)->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
}

TEST_F(WorkbenchApiTest, CommentsAddToTheHistory) {
  Session ann = SignIn("ann", "ann-password-1");
  auto [sc, result] = Call("POST", "/v1/workbench/screen", ann, {{"name", "Vladimir Putin"}, {"customer_id", "c-9"}, {"record", true}});
  ASSERT_EQ(sc, 200);
  std::string path = "/v1/workbench/alerts/" + std::to_string(result["hits"][0]["alert_id"].get<int64_t>());
  auto [cc, comment] = Call("POST", path + "/comment", ann, {{"comment", "asked the branch for the passport"}});
  ASSERT_EQ(cc, 200) << comment.dump();
  EXPECT_EQ(comment["principal"], "ann");
  auto [dc, detail] = Call("GET", path, ann);
  EXPECT_EQ(detail["status"], "open") << "a comment decides nothing";
  bool seen = false;
  for (const json& h : detail["history"])
    seen = seen || (h["kind"] == "comment" && h["comment"] == "asked the branch for the passport" && h["principal"] == "ann");
  EXPECT_TRUE(seen) << detail["history"].dump();

  auto [ec, empty] = Call("POST", path + "/comment", ann, {{"comment", "  "}});
  EXPECT_EQ(ec, 400);
  EXPECT_EQ(empty["error"]["message"].get<std::string>().rfind("comment:", 0), 0u);
  auto [tc, typed] = Call("POST", path + "/comment", ann, {{"comment", 42}});
  EXPECT_EQ(tc, 400);
  EXPECT_EQ(typed["error"]["message"], "comment: expected a string") << typed.dump();
  EXPECT_EQ(Call("POST", path + "/comment", ann, {{"comment", "no token"}}, /*csrf=*/false).first, 403);
  EXPECT_EQ(Call("POST", path + "/comment", {}, {{"comment", "nobody"}}).first, 401);
  EXPECT_EQ(Call("POST", "/v1/workbench/alerts/999999/comment", ann, {{"comment", "none such"}}).first, 404);
  EXPECT_EQ(Call("POST", "/v1/workbench/alerts/abc/comment", ann, {{"comment", "bad id"}}).first, 400);
}

// Regression: min_score=0x1 was read as hexadecimal 1. Scores are decimal, as typed.
TEST_F(WorkbenchApiTest, ScoresAreDecimalNumbers) {
  Session ann = SignIn("ann", "ann-password-1");
  for (const char* bad : {"min_score=0x1", "max_score=1e0", "min_score=inf", "min_score=%200.5", "max_score=1.0.0"}) {
    auto [code, err] = Call("GET", std::string("/v1/workbench/alerts?") + bad, ann);
    EXPECT_EQ(code, 400) << bad;
    EXPECT_EQ(err["error"]["message"].get<std::string>().rfind(std::string(bad).substr(0, 9) + ": expected a decimal", 0), 0u)
        << err.dump();
  }
  for (const char* good : {"min_score=0.5", "min_score=.5", "max_score=1", "min_score=0"})
    EXPECT_EQ(Call("GET", std::string("/v1/workbench/alerts?") + good, ann).first, 200) << good;
}

TEST_F(WorkbenchApiTest, OverviewCountsOutcomesRatesAndNames) {
  Session ann = SignIn("ann", "ann-password-1"), alf = SignIn("alf", "alf-password-1");
  EXPECT_EQ(Call("GET", "/v1/workbench/overview", {}).first, 401);
  auto [ec, empty] = Call("GET", "/v1/workbench/overview?days=7", ann);
  ASSERT_EQ(ec, 200) << empty.dump();
  EXPECT_EQ(empty["per_day"].size(), 7u);
  EXPECT_TRUE(empty["median_final_decision_seconds"].is_null());

  std::vector<int64_t> ids;
  for (const char* customer : {"c-1", "c-2", "c-3"}) {
    auto [sc, r] = Call("POST", "/v1/workbench/screen", ann, {{"name", "Vladimir Putin"}, {"customer_id", customer}, {"record", true}});
    ASSERT_EQ(sc, 200);
    ids.push_back(r["hits"][0]["alert_id"]);
  }
  auto decide = [&](int64_t id, const char* decision) {
    std::string path = "/v1/workbench/alerts/" + std::to_string(id);
    ASSERT_EQ(Call("POST", path + "/decision", ann, {{"decision", decision}, {"comment", "looked"}}).first, 200);
    if (Call("GET", path, ann).second["status"] == "pending_second") {
      ASSERT_EQ(Call("POST", path + "/review", alf, {{"action", "approve"}, {"comment", "agreed"}}).first, 200);
    }
  };
  decide(ids[0], "false_positive");
  decide(ids[1], "false_positive");
  decide(ids[2], "true_match");
  auto [oc, o] = Call("GET", "/v1/workbench/overview", ann);
  ASSERT_EQ(oc, 200) << o.dump();
  EXPECT_EQ(o["per_day"].size(), 30u);
  const json& today = o["per_day"].back();
  EXPECT_EQ(today["false_positive"], 2) << o["per_day"].dump();
  EXPECT_EQ(today["true_match"], 1);
  EXPECT_EQ(o["decided"], 3);
  EXPECT_GE(o["median_final_decision_seconds"].get<double>(), o["median_first_decision_seconds"].get<double>());
  ASSERT_FALSE(o["by_list"].empty());
  const json& list = o["by_list"][0];
  EXPECT_EQ(list["list"], "ofac-sdn") << o["by_list"].dump();
  EXPECT_EQ(list["decided"], 3);
  EXPECT_EQ(list["false_positives"], 2);
  EXPECT_NEAR(list["rate"].get<double>(), 2.0 / 3, 1e-9);
  ASSERT_FALSE(o["by_program"].empty());
  EXPECT_EQ(o["by_program"][0]["decided"], 3) << o["by_program"].dump();
  ASSERT_EQ(o["top_false_positives"].size(), 2u);
  EXPECT_EQ(o["top_false_positives"][0]["name"], "Vladimir Putin");
  EXPECT_EQ(o["top_false_positives"][0]["false_positives"], 1);

  for (const char* bad : {"days=0", "days=400", "days=x", "top=0", "top=1000"}) {
    auto [code, err] = Call("GET", std::string("/v1/workbench/overview?") + bad, ann);
    EXPECT_EQ(code, 400) << bad;
    EXPECT_EQ(err["error"]["message"].get<std::string>().substr(0, 3), std::string(bad).substr(0, 3)) << err.dump();
  }
}

// The Lists page's last update: nothing before the first reload, then the diff per list.
TEST(WorkbenchListsTest, TheLastReloadsDiffPerList) {
  std::string store = testing_store::FreshStore("sqlite", "wb_lists");
  {
    auto s = DecisionStore::Open(store);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->AddPrincipal("root", RoleSet::All(), "os-user:test").ok());
    ASSERT_TRUE((*s)->SetPasswordHash("root", *HashPassword("root-password-1"), "root").ok());
  }
  std::string dir = std::string(EMBARGO_SOURCE_DIR) + "/data/lists";
  auto loads = std::make_shared<int>(0);
  std::string removed_id, changed_id;
  // The second load drops one UN record and renames another: a list update as a reload sees it.
  auto loader = [dir, loads, &removed_id, &changed_id]() -> StatusOr<std::vector<ListLoad>> {
    auto lists = LoadListDirectory(dir);
    if (!lists.ok() || ++*loads == 1) return lists;
    for (ListLoad& l : *lists) {
      if (l.dataset != "un" || l.entities.size() < 2) continue;
      removed_id = l.entities[0].id;
      l.entities.erase(l.entities.begin());
      changed_id = l.entities[0].id;
      Name alias = l.entities[0].names.at(0);
      alias.value = "Renamed Person Extra";
      l.entities[0].names.push_back(alias);
    }
    return lists;
  };
  ServerOptions opts;
  opts.auth = false;
  opts.threads = 2;
  opts.store = store;
  auto srv = Server::Create(opts, loader);
  ASSERT_TRUE(srv.ok()) << srv.status().message();
  ASSERT_TRUE((*srv)->Bind().ok());
  Server* server = srv->get();
  std::thread run([server] { server->Run(); });
  httplib::Client c("127.0.0.1", server->port());
  auto r = c.Post("/v1/workbench/session", json{{"name", "root"}, {"password", "root-password-1"}}.dump(), "application/json");
  ASSERT_TRUE(r && r->status == 200);
  httplib::Headers h{{"Cookie", r->get_header_value("Set-Cookie").substr(0, r->get_header_value("Set-Cookie").find(';'))}};
  auto first = c.Get("/v1/workbench/lists", h);
  ASSERT_TRUE(first && first->status == 200);
  json before = json::parse(first->body);
  EXPECT_TRUE(before["update"].is_null()) << "a fresh start has no earlier version to compare";
  for (const json& l : before["lists"]) EXPECT_TRUE(l.contains("stale"));

  ASSERT_TRUE(server->Reload().ok());
  auto second = c.Get("/v1/workbench/lists", h);
  json after = json::parse(second->body);
  const json& update = after["update"];
  ASSERT_TRUE(update.is_object()) << after.dump();
  EXPECT_EQ(update["from_version"], 1);
  bool saw_un = false;
  for (const json& l : update["lists"]) {
    if (l["dataset"] != "un") {
      EXPECT_EQ(l["added"].get<int>() + l["removed"].get<int>() + l["changed"].get<int>(), 0) << l.dump();
      continue;
    }
    saw_un = true;
    EXPECT_EQ(l["removed"], 1);
    EXPECT_EQ(l["changed"], 1);
    EXPECT_EQ(l["added"], 0);
    EXPECT_EQ(l["removed_records"][0]["id"], removed_id);
    EXPECT_EQ(l["changed_records"][0]["id"], changed_id);
    EXPECT_EQ(l["changed_records"][0]["fields"][0], "names");
    EXPECT_NE(l["hash_before"], nullptr);
  }
  EXPECT_TRUE(saw_un) << update.dump();
  server->Stop();
  run.join();
}

}  // namespace
}  // namespace embargo::server
