#include "server/workbench_api.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <variant>

#include "common/csv.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "decision_store/password.h"
#include "embargo/entity.h"
#include "match/result_json.h"
#include "server/workbench_screen.h"
#include "text/normalize.h"

namespace embargo::server {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// What a workbench call needs of its principal.
enum class Need { kSignedIn, kScreen, kAlerts };

// The workbench roles a principal's roles make (users add --role): the page shows them.
std::string WorkbenchRole(RoleSet roles) {
  if (roles.Has(Role::kAdmin)) return "admin";
  if (roles.Has(Role::kApprove)) return "approver";
  if (roles.Has(Role::kReview)) return "analyst";
  return "screen";
}

json SessionJson(const WorkbenchSession& s, const WorkbenchOptions& o) {
  return {{"principal", s.principal},       {"roles", s.roles.ToString()}, {"role", WorkbenchRole(s.roles)},
          {"csrf_token", s.csrf},           {"idle_timeout_seconds", o.idle_timeout.count()}};
}

json QueueRow(const Alert& a) {
  return {{"id", a.id},
          {"status", a.status},
          {"score", a.score},
          {"caption", a.caption},
          {"customer_id", a.customer_id},
          {"customer_name", a.customer_name},
          {"entity_id", a.entity_id},
          {"dataset", DatasetOfId(a.entity_id)},
          {"reason", a.reason},
          {"created_at", a.created_at},
          {"assignee", a.assignee.empty() ? json(nullptr) : json(a.assignee)}};
}

// An alert id from the path: decimal digits, above zero.
StatusOr<int64_t> AlertIdIn(const std::string& text) {
  if (std::optional<int64_t> v = DecimalDigits(text); v && *v > 0) return *v;
  return Status::InvalidArgument("alert id: expected a positive integer, not '" + text + "'");
}

StatusOr<double> Score(const std::string& field, const std::string& text) {
  std::optional<double> v = DecimalNumber(text);
  if (v && *v >= 0 && *v <= 1) return *v;
  return Status::InvalidArgument(field + ": expected a decimal number in [0, 1], not '" + text + "'");
}

// Two digits at `at` of `text` holding a number at most `max`.
bool TwoDigits(std::string_view text, size_t at, int max) {
  if (at + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[at])) ||
      !std::isdigit(static_cast<unsigned char>(text[at + 1])))
    return false;
  return (text[at] - '0') * 10 + (text[at + 1] - '0') <= max;
}

// A time of day after a date: THH:MM, THH:MM:SS or THH:MM:SS.fff, then Z or nothing (UTC).
bool TimeOfDay(std::string_view t) {
  if (!t.empty() && t.back() == 'Z') t.remove_suffix(1);
  if (t.size() < 6 || t[0] != 'T' || !TwoDigits(t, 1, 23) || t[3] != ':' || !TwoDigits(t, 4, 59)) return false;
  if (t.size() == 6) return true;
  if (t.size() < 9 || t[6] != ':' || !TwoDigits(t, 7, 59)) return false;
  if (t.size() == 9) return true;
  return t[9] == '.' && t.size() > 10 && t.find_first_not_of("0123456789", 10) == std::string_view::npos;
}

// A queue bound: a date (2026-12-06) or a UTC time from it on (2026-12-06T09:30:00Z), as alerts'
// times are written and compared. Anything else would filter every alert out, or none.
Status CheckTimeBound(const std::string& field, const std::string& text) {
  // An ISO date of the calendar, then nothing or a time of day that exists (not T99:99:99).
  bool date = text.size() >= 10 && PartialDate::ParseIso(std::string_view(text).substr(0, 10)).has_value();
  bool time = text.size() == 10 || TimeOfDay(std::string_view(text).substr(std::min<size_t>(10, text.size())));
  if (date && time) return Status::Ok();
  return Status::InvalidArgument(field + ": expected a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ), not '" +
                                 text + "'");
}

// The queue's filters from the query string (names as docs/openapi.json gives them).
StatusOr<AlertQuery> QueueQuery(const Params& params, const Snapshot& snap) {
  EMBARGO_RETURN_IF_ERROR(OnlyKnownParams(params, {"status", "list", "customer", "assignee", "from", "to", "min_score",
                                                   "max_score", "sort", "order", "page", "per_page"}));
  AlertQuery q;
  auto get = [&](const char* key) {
    auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  };
  if (std::string s = get("status"); !s.empty()) q.status = s;
  q.dataset = DatasetNamed(get("list"));
  if (!q.dataset.empty() && !KnownDataset(snap, q.dataset))
    return Status::InvalidArgument("list: unknown list '" + get("list") + "' (a list's name, as GET /v1/lists gives it)");
  q.customer = get("customer");
  q.assignee = get("assignee");
  q.from = get("from");
  q.to = get("to");
  for (const auto& [field, bound] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}})
    if (!bound->empty()) EMBARGO_RETURN_IF_ERROR(CheckTimeBound(field, *bound));
  if (std::string s = get("min_score"); !s.empty()) {
    EMBARGO_ASSIGN_OR_RETURN(q.min_score, Score("min_score", s));
  }
  if (std::string s = get("max_score"); !s.empty()) {
    EMBARGO_ASSIGN_OR_RETURN(q.max_score, Score("max_score", s));
  }
  if (std::string s = get("sort"); !s.empty()) {
    if (s != "id" && s != "score" && s != "created_at")
      return Status::InvalidArgument("sort: expected id, score or created_at, not '" + s + "'");
    q.sort = s;
  }
  std::string order = get("order");
  if (!order.empty() && order != "asc" && order != "desc") return Status::InvalidArgument("order: expected asc or desc");
  q.descending = order == "desc";
  int64_t page = 1;
  EMBARGO_RETURN_IF_ERROR(IntegerParam(params, "page", 1, int64_t{1} << 40, page));
  // Checked here too, so the error names the parameter sent, not the store's `limit`.
  EMBARGO_RETURN_IF_ERROR(IntegerParam(params, "per_page", 1, kMaxAlertPage, q.limit));
  q.offset = (page - 1) * q.limit;
  return q;
}

// The UTC dates of the last `days` days, oldest first (today last).
std::vector<std::string> LastDays(int64_t days) {
  std::vector<std::string> out;
  std::time_t now = std::time(nullptr);
  for (int64_t i = days - 1; i >= 0; --i) {
    std::time_t t = now - static_cast<std::time_t>(i) * 86400;
    std::tm tm;
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    out.push_back(buf);
  }
  return out;
}

json RatesJson(const std::vector<AlertOverview::Rate>& rates, const char* key) {
  json out = json::array();
  for (const auto& r : rates)
    out.push_back({{key, r.key}, {"decided", r.decided}, {"false_positives", r.false_positives},
                   {"rate", r.decided ? static_cast<double>(r.false_positives) / r.decided : 0.0}});
  return out;
}

// Every day of the window with every status (0 when none), so the chart's axis has no gaps.
json OverviewJson(const AlertOverview& o, const std::vector<std::string>& window) {
  json days = json::array();
  std::map<std::string, size_t> index;
  for (const std::string& d : window) {
    index[d] = days.size();
    json day = {{"day", d}};
    for (const char* s : kAlertStatuses) day[s] = 0;
    days.push_back(std::move(day));
  }
  for (const auto& d : o.per_day)
    if (auto it = index.find(d.day); it != index.end()) days[it->second][d.status] = d.alerts;
  json top = json::array();
  for (const auto& c : o.top_false_positives)
    top.push_back({{"customer_id", c.customer_id}, {"name", c.name}, {"false_positives", c.false_positives},
                   {"alerts", c.alerts}});
  auto seconds = [](double s) { return s < 0 ? json(nullptr) : json(s); };
  return {{"since", window.front()},
          {"days", window.size()},
          {"per_day", std::move(days)},
          {"decided", o.decided},
          {"median_first_decision_seconds", seconds(o.median_first_decision_seconds)},
          {"median_final_decision_seconds", seconds(o.median_final_decision_seconds)},
          {"by_list", RatesJson(o.by_list, "list")},
          {"by_program", RatesJson(o.by_program, "program")},
          {"top_false_positives", std::move(top)}};
}

// A body field's text ("" when absent); nullopt when it holds something else.
std::optional<std::string> TextField(const json& body, const char* field) {
  auto f = body.find(field);
  if (f == body.end() || f->is_null()) return std::string();
  if (!f->is_string()) return std::nullopt;
  return f->get<std::string>();
}
Reply NotAString(const char* field) { return Error(400, "invalid_request", std::string(field) + ": expected a string"); }

// A POST on an alert: the path's alert id and the JSON body, or the 400 that refuses them.
struct AlertPost {
  int64_t id = 0;
  json body;

  // A 400 naming a member the handler does not read: a "reviewer" in a decision would be dropped,
  // the session's principal recorded.
  std::optional<Reply> Unknown(std::initializer_list<std::string_view> known) const {
    Status s = OnlyKnownMembers(body, "request", known);
    if (s.ok()) return std::nullopt;
    return Error(400, "invalid_request", s.message());
  }

  // The field's text, trimmed.
  std::optional<std::string> Text(const char* field) const {
    auto text = TextField(body, field);
    if (text) *text = std::string(Trim(*text));
    return text;
  }
};
Reply NoComment() { return Error(400, "invalid_request", "comment: required, a non-empty string"); }

std::variant<AlertPost, Reply> ReadAlertPost(const Request& req) {
  if (Status p = OnlyKnownParams(req.params, {}); !p.ok()) return Error(400, "invalid_parameter", p.message());
  auto id = AlertIdIn(req.PathParam());
  if (!id.ok()) return Error(400, "invalid_request", id.status().message());
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return BadJson(body.status());
  return AlertPost{*id, std::move(*body)};
}

}  // namespace

struct Workbench::Impl {
  AlertsApi& alerts;
  WorkbenchOptions options;
  SessionTable sessions;
  SignInLimiter limiter;
  std::string dummy_hash;  // verified against for unknown users, so timing does not tell who exists

  Impl(AlertsApi& a, WorkbenchOptions o)
      : alerts(a), options(o), sessions(o.idle_timeout, o.session_lifetime),
        limiter(o.failures_per_user, o.failures_per_address, o.failure_window) {}

  // The caller's session, or the reply that refuses it: 401 without a live session or for a
  // principal disabled or given a new password since sign-in, 403 for a state-changing request without the session's
  // CSRF token or a principal without the role. Looks the principal up in the store each time.
  std::variant<WorkbenchSession, Reply> Gate(const Request& req, Need need) {
    std::string token = CookieValue(req.HeaderValue("Cookie"), kSessionCookie);
    auto session = sessions.Touch(token);
    if (!session) return Error(401, "signed_out", "sign in first (no session, or it expired)");
    bool changes_state = req.method != "GET" && req.method != "HEAD";
    if (changes_state && !TokensEqual(req.HeaderValue("X-CSRF-Token"), session->csrf))
      return Error(403, "csrf", "this request changes state and must carry the session's X-CSRF-Token header");
    // The principals table now, not at sign-in, says what the session may do: disabling a user or
    // changing its password (in this process or another) ends its sessions, a role taken away
    // stops applying.
    auto current = alerts.FindSignInRecord(session->principal);
    if (!current.ok()) return StoreError(current.status());
    std::string ended = !*current || !(*current)->first.enabled() ? "is disabled"
                        : Sha256Hex((*current)->second) != session->password_fp ? "has a new password"
                                                                                 : "";
    if (!ended.empty()) {
      sessions.End(token);
      return Error(401, "signed_out", "sign in first (principal " + session->principal + " " + ended + ")");
    }
    session->roles = (*current)->first.roles;
    bool allowed = need == Need::kSignedIn ? true
                   : need == Need::kScreen ? session->roles.Has(Role::kScreen)
                                           : session->roles.Has(Role::kReview) || session->roles.Has(Role::kApprove);
    if (!allowed)
      return Error(403, "forbidden", "principal " + session->principal + " lacks the role this needs (it holds " +
                                         session->roles.ToString() + ")");
    return *session;
  }

  template <typename F>
  Reply WithStore(F&& f) {
    auto store = alerts.Acquire();
    if (!store.ok()) return StoreError(store.status());
    Reply r = f(**store);
    if (r.status != 503) alerts.Release(std::move(*store));
    return r;
  }

  static Reply NoCache(Reply r) {
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
  }

  static bool SecureRequest(const Request& req) { return req.HeaderValue("X-Forwarded-Proto") == "https"; }

  static Reply TooManyAttempts(int64_t wait) {
    Reply r = Error(429, "too_many_attempts", "too many failed sign-ins: try again in " + std::to_string(wait) + " s");
    r.headers.push_back({"Retry-After", std::to_string(wait)});
    return r;
  }

  Reply SignIn(const Request& req) {
    if (!IsJsonMediaType(req.HeaderValue("Content-Type")))
      return Error(415, "unsupported_media_type", "sign in with a JSON body and Content-Type: application/json");
    auto body = ParseJsonObject(req.body);
    if (!body.ok()) return BadJson(body.status());
    auto name_field = TextField(*body, "name"), password_field = TextField(*body, "password");
    if (!name_field) return NotAString("name");
    if (!password_field) return NotAString("password");
    const std::string &name = *name_field, &password = *password_field;
    if (Trim(name).empty() || password.empty()) return Error(400, "invalid_request", "name and password: both required");
    if (Status s = CheckPrincipalNameLength("name", name); !s.ok()) return Error(400, "invalid_request", s.message());
    // The address's limit before the name is case-folded (its cost grows with the name), then
    // the user's; counted as a failure from there until the password is found right.
    if (int64_t wait = limiter.AddressWait(req.remote); wait > 0) return TooManyAttempts(wait);
    std::string key = PrincipalKey(name);
    if (int64_t wait = limiter.Begin(key, req.remote); wait > 0) return TooManyAttempts(wait);
    std::optional<Principal> who;
    std::string password_fp;
    Reply failed = WithStore([&](DecisionStore& store) {
      auto record = store.SignInRecord(name);
      if (!record.ok() && record.status().code() != StatusCode::kNotFound) return StoreError(record.status());
      bool known = record.ok() && record->first.enabled() && !record->second.empty();
      bool match = VerifyPassword(password, known ? record->second : dummy_hash) && known;
      if (match) {
        who = record->first;
        password_fp = Sha256Hex(record->second);
      }
      return Reply{200, json::object()};
    });
    if (failed.status != 200) {
      limiter.Abandoned(key, req.remote);
      return failed;
    }
    if (!who) {
      std::cerr << "embargo serve: workbench sign-in refused from " + req.remote + "\n";  // one write
      return Error(401, "sign_in_failed", "unknown user, wrong password, or the user is disabled");
    }
    limiter.Succeeded(key, req.remote);
    auto token = sessions.Start(who->name, who->roles, password_fp);
    if (!token.ok()) return Error(500, "internal", token.status().message());
    auto session = sessions.Touch(*token);
    Reply r{200, SessionJson(*session, options)};
    r.headers.push_back({"Set-Cookie", SessionCookie(*token, SecureRequest(req), options.session_lifetime)});
    return NoCache(std::move(r));
  }

  Reply SignOut(const Request& req) {
    auto gate = Gate(req, Need::kSignedIn);
    if (auto* refused = std::get_if<Reply>(&gate)) return *refused;
    sessions.End(CookieValue(req.HeaderValue("Cookie"), kSessionCookie));
    Reply r{200, {{"signed_out", true}}};
    r.headers.push_back({"Set-Cookie", SessionCookie("", SecureRequest(req), options.session_lifetime)});
    return r;
  }

  Reply Queue(const Request& req, const ApiContext& ctx) {
    auto query = QueueQuery(req.params, ctx.snap);
    if (!query.ok()) return Error(400, "invalid_parameter", query.status().message());
    return WithStore([&](DecisionStore& store) {
      auto page = store.QueryAlerts(*query);
      if (!page.ok()) return StoreError(page.status());
      json rows = json::array(), counts = json::object();
      for (const Alert& a : page->alerts) rows.push_back(QueueRow(a));
      for (const char* s : kAlertStatuses) counts[s] = 0;
      for (const auto& [status, n] : page->counts) counts[status] = n;
      return Reply{200, {{"alerts", rows}, {"total", page->total}, {"page", query->offset / query->limit + 1},
                         {"per_page", query->limit}, {"counts", counts}}};
    });
  }

  // The alert with both records, the engine's explanation, the linked records and the history.
  Reply Detail(const Request& req, const ApiContext& ctx) {
    auto id = AlertIdIn(req.PathParam());
    if (!id.ok()) return Error(400, "invalid_request", id.status().message());
    return WithStore([&](DecisionStore& store) {
      auto alert = store.GetAlert(*id);
      if (!alert.ok()) return StoreError(alert.status());
      auto decisions = store.GetDecisions(*id);
      if (!decisions.ok()) return StoreError(decisions.status());
      auto events = store.GetAlertEvents(*id);
      if (!events.ok()) return StoreError(events.status());
      auto others = store.CustomerAlerts(alert->customer_id, 50);
      if (!others.ok()) return StoreError(others.status());
      json j = QueueRow(*alert);
      j["hit"] = json::parse(alert->hit_json, nullptr, false);
      j["customer"] = json::parse(alert->input_json.empty() ? "{}" : alert->input_json, nullptr, false);
      j["lists"] = json::parse(alert->lists_json.empty() ? "[]" : alert->lists_json, nullptr, false);
      j["record"] = alert->record_seq;
      j["entity"] = RecordOf(ctx, alert->entity_id);
      j["linked"] = json::array();
      if (j["hit"].is_object() && j["hit"].contains("linked"))
        for (const json& l : j["hit"]["linked"]) {
          json linked = l;
          linked["entity"] = RecordOf(ctx, l.value("entity_id", ""));
          j["linked"].push_back(std::move(linked));
        }
      j["history"] = History(*decisions, *events, *others, alert->id);
      return Reply{200, std::move(j)};
    });
  }

  // The list record as the lists in force have it; null when it has left them since.
  static json RecordOf(const ApiContext& ctx, const std::string& entity_id) {
    auto it = ctx.snap.by_id.find(entity_id);
    return it == ctx.snap.by_id.end() ? json(nullptr) : YenteEntityJson(*it->second);
  }

  static json History(const std::vector<Decision>& decisions, const std::vector<AlertEvent>& events,
                      const std::vector<Alert>& customer_alerts, int64_t id) {
    json h = json::array();
    for (const Decision& d : decisions)
      h.push_back({{"kind", "decision"}, {"decision", d.decision}, {"principal", d.reviewer}, {"comment", d.comment},
                   {"at", d.decided_at}, {"record", d.record_seq}});
    for (const AlertEvent& e : events)
      h.push_back({{"kind", e.kind}, {"principal", e.principal}, {"comment", e.detail}, {"at", e.at}, {"record", e.record_seq}});
    for (const Alert& a : customer_alerts)
      h.push_back({{"kind", a.id == id ? "raised" : "other_alert"}, {"alert_id", a.id}, {"caption", a.caption},
                   {"status", a.status}, {"score", a.score}, {"reason", a.reason}, {"at", a.created_at},
                   {"record", a.record_seq}});
    std::stable_sort(h.begin(), h.end(), [](const json& a, const json& b) { return a["at"] < b["at"]; });
    return h;
  }

  // decision: true_match, false_positive (the store's first review) or escalate (a note).
  Reply Decide(const AlertPost& post, const WorkbenchSession& s) {
    const int64_t id = post.id;
    if (auto bad = post.Unknown({"decision", "comment"})) return *bad;
    auto decision = post.Text("decision"), comment = post.Text("comment");
    if (!decision) return NotAString("decision");
    if (!comment) return NotAString("comment");
    if (!text::HasVisibleText(*comment)) return NoComment();
    Actor actor{s.principal, s.roles, true};
    return WithStore([&](DecisionStore& store) {
      if (*decision == "escalate") {
        auto event = store.AddAlertEvent(id, "escalate", *comment, actor);
        if (!event.ok()) return StoreError(event.status());
        return Reply{200, {{"alert_id", id}, {"escalated", true}, {"record", event->record_seq}}};
      }
      auto out = store.Decide(id, *decision, actor, *comment);
      if (!out.ok()) return StoreError(out.status());
      return Reply{200, {{"alert_id", id}, {"status", out->status}, {"needs_second_review", out->needs_second_review},
                         {"record", out->record_seq}, {"reviewer", out->reviewer}}};
    });
  }

  // The four-eyes step: approve confirms the first decision, return disagrees with it (the
  // store reopens the alert for a fresh pair of reviews).
  Reply Review(const AlertPost& post, const WorkbenchSession& s) {
    const int64_t id = post.id;
    if (auto bad = post.Unknown({"action", "comment"})) return *bad;
    auto action = post.Text("action"), comment = post.Text("comment");
    if (!action) return NotAString("action");
    if (*action != "approve" && *action != "return") return Error(400, "invalid_request", "action: approve or return");
    if (!comment) return NotAString("comment");
    if (!text::HasVisibleText(*comment)) return NoComment();
    return WithStore([&](DecisionStore& store) {
      auto alert = store.GetAlert(id);
      if (!alert.ok()) return StoreError(alert.status());
      auto prior = store.GetDecisions(id);
      if (!prior.ok()) return StoreError(prior.status());
      if (alert->status != "pending_second" || prior->empty())
        return Error(409, "not_pending", "alert " + std::to_string(id) + " awaits no second review (status " + alert->status + ")");
      std::string first = prior->back().decision;
      std::string decision = *action == "approve" ? first : first == "true_match" ? "false_positive" : "true_match";
      auto out = store.Decide(id, decision, Actor{s.principal, s.roles, true}, *comment);
      if (!out.ok()) return StoreError(out.status());
      return Reply{200, {{"alert_id", id}, {"status", out->status}, {"record", out->record_seq}, {"reviewer", out->reviewer}}};
    });
  }

  Reply Assign(const AlertPost& post, const WorkbenchSession& s) {
    const int64_t id = post.id;
    if (auto bad = post.Unknown({"assignee"})) return *bad;
    const json& body = post.body;
    auto assignee = body.find("assignee");
    if (assignee == body.end() || !(assignee->is_string() || assignee->is_null()))
      return Error(400, "invalid_request", "assignee: a principal's name, or null to release the alert");
    std::string name = assignee->is_null() ? std::string() : assignee->get<std::string>();
    if (Status n = CheckPrincipalNameLength("assignee", name); !n.ok()) return Error(400, "invalid_request", n.message());
    return WithStore([&](DecisionStore& store) {
      auto event = store.AddAlertEvent(id, "assign", name, Actor{s.principal, s.roles, true});
      if (!event.ok()) return StoreError(event.status());
      return Reply{200, {{"alert_id", id}, {"assignee", event->detail.empty() ? json(nullptr) : json(event->detail)},
                         {"record", event->record_seq}}};
    });
  }

  // A comment without a decision, on any alert (decided ones too): an audit record of its own.
  Reply Comment(const AlertPost& post, const WorkbenchSession& s) {
    const int64_t id = post.id;
    if (auto bad = post.Unknown({"comment"})) return *bad;
    auto comment = post.Text("comment");
    if (!comment) return NotAString("comment");
    if (!text::HasVisibleText(*comment)) return NoComment();
    return WithStore([&](DecisionStore& store) {
      auto event = store.AddAlertEvent(id, "comment", *comment, Actor{s.principal, s.roles, true});
      if (!event.ok()) return StoreError(event.status());
      return Reply{200, {{"alert_id", id}, {"comment", event->detail}, {"principal", event->principal},
                         {"at", event->at}, {"record", event->record_seq}}};
    });
  }

  Reply Screen(const Request& req, const ApiContext& ctx, const WorkbenchSession& s) {
    auto body = ParseJsonObject(req.body);
    if (!body.ok()) return BadJson(body.status());
    json request = *body;
    request.erase("caller");  // recorded as the signed-in principal, nobody else
    if (Status checked = CheckRecordFields(request); !checked.ok()) return Error(400, "invalid_request", checked.message());
    Reply r = server::Screen(ctx, req.params, request);  // it refuses parameters it does not read
    return alerts.RecordScreen(ctx, request, s.principal, std::move(r));
  }

  // A payment message, a trade transaction or a free text (workbench_screen.h).
  Reply ScreenOther(ScreenInput input, const Request& req, const ApiContext& ctx, const WorkbenchSession& s) {
    if (Status p = OnlyKnownParams(req.params, {}); !p.ok()) return Error(400, "invalid_parameter", p.message());
    auto body = ParseJsonObject(req.body);
    if (!body.ok()) return BadJson(body.status());
    return ScreenForWorkbench(input, ctx, *body, alerts, s.principal);
  }

  // The overview's figures over the last `days` days (1 to 366, default 30): GET /overview.
  Reply Overview(const Request& req) {
    int64_t days = 30, top = 10;
    if (Status p = OnlyKnownParams(req.params, {"days", "top"}); !p.ok()) return Error(400, "invalid_parameter", p.message());
    for (Status s : {IntegerParam(req.params, "days", 1, 366, days), IntegerParam(req.params, "top", 1, 100, top)})
      if (!s.ok()) return Error(400, "invalid_parameter", s.message());
    std::vector<std::string> window = LastDays(days);
    return WithStore([&](DecisionStore& store) {
      auto o = store.Overview(window.front(), top);
      if (!o.ok()) return StoreError(o.status());
      return Reply{200, OverviewJson(*o, window)};
    });
  }

  Reply Audit() {
    return WithStore([&](DecisionStore& store) {
      auto report = store.Verify();
      if (!report.ok()) return StoreError(report.status());
      return Reply{200, {{"ok", report->ok}, {"records", report->records}, {"head_hash", report->head_hash},
                         {"first_broken", report->first_broken}, {"problem", report->problem}}};
    });
  }

  // Every decision of the audit trail as CSV, for an examiner.
  Reply DecisionsCsv() {
    std::ostringstream csv;
    csv << "record,recorded_at,alert_id,decision,reviewer,status_before,status_after,customer_id,entity_id,comment\r\n";
    Reply failed = WithStore([&](DecisionStore& store) {
      Status s = store.ExportAudit("", "", [&](const AuditRecord& r) {
        if (r.kind != "decision") return Status::Ok();
        json d = json::parse(r.content, nullptr, false);
        if (!d.is_object()) return Status::DataLoss("audit record " + std::to_string(r.seq) + ": content is not JSON");
        csv << r.seq << "," << CsvField(r.recorded_at) << "," << d.value("alert_id", int64_t{0}) << ","
            << CsvField(d.value("decision", "")) << "," << CsvField(d.value("reviewer", "")) << ","
            << CsvField(d.value("status_before", "")) << "," << CsvField(d.value("status_after", "")) << ","
            << CsvField(d.value("customer_id", "")) << "," << CsvField(d.value("entity_id", "")) << ","
            << CsvField(d.value("comment", "")) << "\r\n";
        return Status::Ok();
      });
      return s.ok() ? Reply{200, json::object()} : StoreError(s);
    });
    if (failed.status != 200) return failed;
    Reply r;
    r.text = csv.str();
    r.content_type = "text/csv; charset=utf-8";
    r.headers.push_back({"Content-Disposition", "attachment; filename=\"decisions.csv\""});
    return r;
  }
};

namespace {

// The lists in force, each flagged when stale, and what the last reload changed (null when this
// server has not reloaded since it started: it keeps no earlier version to compare with).
Reply Lists(const ApiContext& ctx) {
  json lists = ListsJson(ctx);
  for (size_t i = 0; i < lists.size(); ++i) lists[i]["stale"] = ListStale(ctx, ctx.snap.lists[i]);
  return Reply{200, {{"lists", std::move(lists)}, {"stale", ListsStale(ctx)}, {"version", ctx.snap.version},
                     {"max_age_hours", ctx.max_list_age_hours}, {"update", ctx.snap.update}}};
}

}  // namespace

Workbench::Workbench(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

StatusOr<std::unique_ptr<Workbench>> Workbench::Create(AlertsApi& alerts, WorkbenchOptions options) {
  auto impl = std::make_unique<Impl>(alerts, options);
  EMBARGO_ASSIGN_OR_RETURN(std::string filler, RandomHex(16));
  EMBARGO_ASSIGN_OR_RETURN(impl->dummy_hash, HashPassword(filler));
  return std::unique_ptr<Workbench>(new Workbench(std::move(impl)));
}

std::vector<Route> Workbench::Routes() {
  using R = const Request&;
  using C = const ApiContext&;
  std::shared_ptr<Impl> w = impl_;
  // A handler behind the session gate: the request's principal must hold what `need` asks. Every
  // gated route is blocking: the gate looks the principal up in the store.
  auto gated = [w](Need need, auto f) {
    return [w, need, f](R req, C ctx) -> Reply {
      auto gate = w->Gate(req, need);
      if (auto* refused = std::get_if<Reply>(&gate)) return *refused;
      return Impl::NoCache(f(req, ctx, std::get<WorkbenchSession>(gate)));
    };
  };
  // A POST on an alert behind the gate: the handler gets the path's alert id and the parsed body.
  auto on_alert = [gated](auto f) {
    return gated(Need::kAlerts, [f](R req, C, const WorkbenchSession& s) -> Reply {
      auto post = ReadAlertPost(req);
      if (auto* refused = std::get_if<Reply>(&post)) return *refused;
      return f(std::get<AlertPost>(post), s);
    });
  };
  // A handler that reads no query parameter: one given (`?from=` on the CSV export) would
  // otherwise be taken for a filter that was applied.
  auto no_params = [](auto f) {
    return [f](R req, C ctx, auto&&... rest) -> Reply {
      if (Status p = OnlyKnownParams(req.params, {}); !p.ok()) return Error(400, "invalid_parameter", p.message());
      return f(req, ctx, rest...);
    };
  };
  using P = const AlertPost&;
  using S = const WorkbenchSession&;
  const std::string base = "/v1/workbench";
  return {
      {"POST", base + "/session", Access::kOpen, true, no_params([w](R req, C) { return w->SignIn(req); })},
      {"GET", base + "/session", Access::kOpen, true,
       gated(Need::kSignedIn, no_params([w](R, C, const WorkbenchSession& s) { return Reply{200, SessionJson(s, w->options)}; }))},
      {"DELETE", base + "/session", Access::kOpen, true, no_params([w](R req, C) { return w->SignOut(req); })},
      {"GET", base + "/alerts", Access::kOpen, true, gated(Need::kAlerts, [w](R req, C ctx, auto&) { return w->Queue(req, ctx); })},
      {"GET", base + "/alerts/{id}", Access::kOpen, true,
       gated(Need::kAlerts, no_params([w](R req, C ctx, auto&) { return w->Detail(req, ctx); }))},
      {"POST", base + "/alerts/{id}/decision", Access::kOpen, true, on_alert([w](P post, S s) { return w->Decide(post, s); })},
      {"POST", base + "/alerts/{id}/review", Access::kOpen, true, on_alert([w](P post, S s) { return w->Review(post, s); })},
      {"POST", base + "/alerts/{id}/assign", Access::kOpen, true, on_alert([w](P post, S s) { return w->Assign(post, s); })},
      {"POST", base + "/alerts/{id}/comment", Access::kOpen, true, on_alert([w](P post, S s) { return w->Comment(post, s); })},
      {"POST", base + "/screen", Access::kOpen, true,
       gated(Need::kScreen, [w](R req, C ctx, const WorkbenchSession& s) { return w->Screen(req, ctx, s); })},
      {"POST", base + "/screen/message", Access::kOpen, true,
       gated(Need::kScreen, [w](R req, C ctx, auto& s) { return w->ScreenOther(ScreenInput::kMessage, req, ctx, s); })},
      {"POST", base + "/screen/trade", Access::kOpen, true,
       gated(Need::kScreen, [w](R req, C ctx, auto& s) { return w->ScreenOther(ScreenInput::kTrade, req, ctx, s); })},
      {"POST", base + "/screen/text", Access::kOpen, true,
       gated(Need::kScreen, [w](R req, C ctx, auto& s) { return w->ScreenOther(ScreenInput::kText, req, ctx, s); })},
      {"GET", base + "/lists", Access::kOpen, true, gated(Need::kSignedIn, no_params([](R, C ctx, auto&) { return Lists(ctx); }))},
      {"GET", base + "/overview", Access::kOpen, true, gated(Need::kAlerts, [w](R req, C, auto&) { return w->Overview(req); })},
      {"GET", base + "/audit", Access::kOpen, true, gated(Need::kAlerts, no_params([w](R, C, auto&) { return w->Audit(); }))},
      {"GET", base + "/audit/decisions.csv", Access::kOpen, true,
       gated(Need::kAlerts, no_params([w](R, C, auto&) { return w->DecisionsCsv(); }))},
  };
}

}  // namespace embargo::server
