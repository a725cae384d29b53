// The analyst workbench: sessions, CSRF, sign-in limits and passwords as units; the queue and the
// alert notes on both store backends; and the /v1/workbench API on a real server over SQLite.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

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
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), 0) << i;
    limiter.Failed("ann", "10.0.0.1");
  }
  EXPECT_GT(limiter.RetryAfter("ann", "10.0.0.1"), 0) << "the sixth attempt within 15 minutes waits";
  EXPECT_GT(limiter.RetryAfter("ann", "10.0.0.2"), 0) << "for that user, from any address";
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.1"), 0) << "other users from the address still may";
  clock.now += 15min;
  EXPECT_EQ(limiter.RetryAfter("ann", "10.0.0.1"), 0) << "the failures leave the window";

  // One address guessing many users.
  for (int i = 0; i < 20; ++i) limiter.Failed("user" + std::to_string(i), "10.0.0.9");
  EXPECT_GT(limiter.RetryAfter("someone-new", "10.0.0.9"), 0);
  EXPECT_EQ(limiter.RetryAfter("someone-new", "10.0.0.8"), 0);

  // A success clears the user's count.
  for (int i = 0; i < 4; ++i) limiter.Failed("cy", "10.0.0.3");
  limiter.Succeeded("cy");
  limiter.Failed("cy", "10.0.0.3");
  EXPECT_EQ(limiter.RetryAfter("cy", "10.0.0.3"), 0);
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

// Records one screening of `customer` with one alerting hit on `entity` at `score`.
int64_t Raise(DecisionStore& store, const std::string& customer, const std::string& entity, double score) {
  ScreeningRecord rec;
  rec.caller = "test";
  rec.customer_id = customer;
  rec.input_json = json{{"name", "Name of " + customer}}.dump();
  rec.lists_json = "[]";
  rec.result_json = "{}";
  rec.alert_hits.push_back({entity, "fp-" + entity, "Caption " + entity, score, json{{"entity_id", entity}}.dump()});
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
    ServerOptions opts;
    opts.auth = false;
    opts.threads = 2;
    opts.store = store_;
    StartBundledServer(opts, server_, thread_);
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
  ASSERT_FALSE(detail["linked"].empty());
  EXPECT_FALSE(detail["linked"][0]["reason"].get<std::string>().empty());

  EXPECT_EQ(Call("POST", path + "/decision", ann, {{"decision", "true_match"}, {"comment", " "}}).first, 400);
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

}  // namespace
}  // namespace embargo::server
