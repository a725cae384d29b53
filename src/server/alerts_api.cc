#include "server/alerts_api.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <limits>
#include <map>

#include "decision_store/screening.h"
#include "match/result_json.h"

namespace embargo::server {
namespace {

using json = nlohmann::json;

// Whether a party's screening is to be recorded: its own `record`, else the request's (`party`
// is the request itself for a single party).
bool WantsRecord(const json& req, const json& party) {
  const json& from = party.is_object() && party.contains("record") ? party : req;
  auto r = from.find("record");
  return r != from.end() && r->is_boolean() && r->get<bool>();
}

// The party's customer id as stored (trimmed, as `batch` takes it), "" without one.
std::string CustomerOf(const json& party) {
  auto c = party.find("customer_id");
  if (c == party.end() || !c->is_string()) return std::string();
  auto id = decisions::CustomerId(c->get<std::string>());
  return id.ok() ? *id : std::string();
}

Status CheckPartyRecordFields(const json& party, const std::string& where) {
  if (!party.is_object()) return Status::Ok();  // screening names that fault
  if (auto r = party.find("record"); r != party.end() && !r->is_boolean())
    return Status::InvalidArgument(where + "record: expected true or false, found a JSON " + r->type_name());
  auto c = party.find("customer_id");
  if (c == party.end()) return Status::Ok();
  if (!c->is_string())
    return Status::InvalidArgument(where + "customer_id: expected a string (quote a numeric id), found a JSON " + c->type_name());
  if (auto id = decisions::CustomerId(c->get<std::string>()); !id.ok())
    return Status::InvalidArgument(where + "customer_id: " + id.status().message());
  return Status::Ok();
}

// A result to record: where it is in the reply, the party it answers and the party's index.
struct ToRecord {
  json* result;
  const json* party;
  size_t index;
};

// The results of a /v1/screen reply that are to be recorded (all when `always`).
std::vector<ToRecord> ResultsToRecord(const json& req, json& body, bool always) {
  std::vector<ToRecord> out;
  if (!body.contains("results")) {
    if (always || WantsRecord(req, req)) out.push_back({&body, &req, 0});
    return out;
  }
  for (size_t i = 0; i < body["results"].size(); ++i)
    if (always || WantsRecord(req, req["parties"][i])) out.push_back({&body["results"][i], &req["parties"][i], i});
  return out;
}

json AlertJson(const Alert& a) {
  json j = {{"id", a.id},         {"status", a.status},       {"score", a.score},         {"customer_id", a.customer_id},
            {"entity_id", a.entity_id}, {"caption", a.caption}, {"reason", a.reason}, {"created_at", a.created_at},
            {"record", a.record_seq}};
  if (a.run_id) j["rescreen_run"] = a.run_id;
  return j;
}

StatusOr<int64_t> AlertId(const std::string& id) {
  if (std::optional<int64_t> v = DecimalDigits(id); v && *v > 0) return *v;
  return Status::InvalidArgument("alert id: expected a positive integer, not '" + id + "'");
}

}  // namespace

Reply StoreError(const Status& s) {
  switch (s.code()) {
    case StatusCode::kAlreadyExists: return Error(409, "already_decided", s.message());
    case StatusCode::kFailedPrecondition: return Error(409, "four_eyes", s.message());
    case StatusCode::kInvalidArgument: return Error(400, "invalid_request", s.message());
    case StatusCode::kPermissionDenied: return Error(403, "forbidden", s.message());
    case StatusCode::kNotFound: return ErrorFromStatus(s);
    default: return Error(503, "store_unavailable", s.message());
  }
}

AlertsApi::AlertsApi(std::string target, DecisionStoreOptions options, bool record_always)
    : target_(std::move(target)), options_(options), record_always_(record_always) {}

StatusOr<std::unique_ptr<AlertsApi>> AlertsApi::Open(const std::string& target, const DecisionStoreOptions& options,
                                                     bool record_always) {
  auto store = DecisionStore::Open(target, options);
  if (!store.ok()) return store.status();
  std::unique_ptr<AlertsApi> api(new AlertsApi(target, options, record_always));
  api->Release(std::move(*store));
  return api;
}

StatusOr<std::unique_ptr<DecisionStore>> AlertsApi::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pool_.empty()) {
      auto s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  return DecisionStore::Open(target_, options_);
}

void AlertsApi::Release(std::unique_ptr<DecisionStore> store) {
  std::lock_guard<std::mutex> lock(mu_);
  pool_.push_back(std::move(store));
}

Status CheckRecordFields(const json& req) {
  EMBARGO_RETURN_IF_ERROR(CheckPartyRecordFields(req, ""));
  auto parties = req.find("parties");
  if (parties == req.end() || !parties->is_array()) return Status::Ok();
  std::map<std::string, size_t> party_of_customer;
  for (size_t i = 0; i < parties->size(); ++i) {
    std::string where = "parties[" + std::to_string(i) + "]";
    EMBARGO_RETURN_IF_ERROR(CheckPartyRecordFields((*parties)[i], where + "."));
    // One customer id, one customer: the later party would be filed over the earlier one.
    std::string customer = (*parties)[i].is_object() ? CustomerOf((*parties)[i]) : std::string();
    if (customer.empty()) continue;
    if (auto [first, fresh] = party_of_customer.emplace(customer, i); !fresh)
      return Status::InvalidArgument(where + ".customer_id: customer '" + customer + "' is also parties[" +
                                     std::to_string(first->second) + "]; each party must be its own customer");
  }
  return Status::Ok();
}

Reply RecordWithoutStore(const json& req, Reply reply) {
  if (reply.status != 200) return reply;
  std::string asked = WantsRecord(req, req) ? "record" : "";
  if (auto parties = req.find("parties"); parties != req.end() && parties->is_array())
    for (size_t i = 0; asked.empty() && i < parties->size(); ++i)
      if (WantsRecord(req, (*parties)[i])) asked = "parties[" + std::to_string(i) + "].record";
  if (asked.empty()) return reply;
  return Error(400, "no_store", asked + ": this server has no decision store (start it with --decision-store); nothing was recorded");
}

Reply AlertsApi::RecordScreen(const ApiContext& ctx, const json& req, const std::string& caller, Reply reply) {
  if (reply.status != 200) return reply;
  std::vector<ToRecord> todo = ResultsToRecord(req, reply.body, record_always_);
  if (todo.empty()) return reply;
  std::string who = caller;
  if (auto c = req.find("caller"); c != req.end() && c->is_string() && !c->get<std::string>().empty())
    who = caller + " for " + c->get<std::string>();
  auto store = Acquire();
  if (!store.ok()) return Error(503, "store_unavailable", "screening NOT recorded: " + store.status().message());
  double threshold = reply.body.value("threshold", ctx.default_threshold);
  for (size_t i = 0; i < todo.size(); ++i) {
    json& r = *todo[i].result;
    ScreeningRecord rec;
    rec.caller = who;
    rec.customer_id = CustomerOf(*todo[i].party);
    rec.input_json = r["query"].dump();
    rec.lists_json = reply.MemberJson("lists");
    // A party of many carries no threshold of its own: recorded with it, a raised threshold is
    // told from a clear.
    if (r.contains("threshold")) {
      rec.result_json = r.dump();
    } else {
      json with_threshold = r;
      with_threshold["threshold"] = threshold;
      rec.result_json = with_threshold.dump();
    }
    for (const json& h : r["hits"]) {
      double score = h["score"].get<double>();
      if (score < threshold) continue;
      auto e = ctx.snap.by_id.find(h["entity_id"].get<std::string>());
      if (e == ctx.snap.by_id.end()) continue;
      rec.alert_hits.push_back({e->first, EntityFingerprint(*e->second), e->second->caption(), score, h.dump()});
    }
    if (auto a = decisions::IncompleteAlert(r)) rec.alert_hits.push_back(std::move(*a));
    auto outcome = (*store)->RecordScreening(rec);
    if (!outcome.ok()) {
      // Earlier parties of this request were recorded; say which, so nothing is claimed twice.
      return Error(503, "store_unavailable",
                   "screening NOT recorded" +
                       (i ? " (the parties asked for before parties[" + std::to_string(todo[i].index) + "] were)"
                          : std::string()) +
                       ": " + outcome.status().message());
    }
    r["record"] = outcome->seq;
    r["alert"] = outcome->alert;
    bool suppressed = false;
    for (json& h : r["hits"])
      for (const HitOutcome& o : outcome->hits) {
        if (o.entity_id != h["entity_id"]) continue;
        if (o.suppressed) h["suppressed"] = suppressed = true;
        else h["alert_id"] = o.alert_id;
        if (!o.reason.empty()) h["alert_reason"] = o.reason;
      }
    r["verdict"] = outcome->alert ? "alert" : suppressed ? "suppressed" : "clear";
  }
  Release(std::move(*store));
  if (reply.body.contains("results")) {
    bool any_alert = false;  // recorded parties as the store judged them, the others as screened
    for (const json& r : reply.body["results"]) any_alert = any_alert || r.value("alert", false);
    reply.body["alert"] = any_alert;
  }
  return reply;
}

Reply AlertsApi::List(const Params& params) {
  std::string status = "pending";
  double limit = 100;
  int64_t offset = 0;  // alerts to skip
  for (auto s : {OnlyKnownParams(params, {"status", "limit", "offset"}), IntegerParam(params, "limit", 1, 10000, limit),
                 IntegerParam(params, "offset", int64_t{0}, std::numeric_limits<int64_t>::max(), offset)})
    if (!s.ok()) return Error(400, "invalid_parameter", s.message());
  if (auto s = params.find("status"); s != params.end()) status = s->second;
  if (status != "pending" && status != "all" &&
      std::find(std::begin(kAlertStatuses), std::end(kAlertStatuses), status) == std::end(kAlertStatuses)) {
    std::string known = "pending, all";
    for (const char* k : kAlertStatuses) known += std::string(", ") + k;
    return Error(400, "invalid_parameter", "status: '" + status + "' is not an alert status (" + known + ")");
  }
  auto store = Acquire();
  if (!store.ok()) return StoreError(store.status());
  auto alerts = (*store)->ListAlerts(status, static_cast<int64_t>(limit), offset);
  if (!alerts.ok()) return StoreError(alerts.status());
  auto total = (*store)->CountAlertsWithStatus(status);
  if (!total.ok()) return StoreError(total.status());
  Release(std::move(*store));
  json out = json::array();
  for (const Alert& a : *alerts) out.push_back(AlertJson(a));
  return {200, {{"alerts", out}, {"total", *total}, {"limit", static_cast<int64_t>(limit)},
                {"offset", offset}}};
}

Reply AlertsApi::Get(const std::string& id) {
  auto n = AlertId(id);
  if (!n.ok()) return StoreError(n.status());
  auto store = Acquire();
  if (!store.ok()) return StoreError(store.status());
  auto alert = (*store)->GetAlert(*n);
  if (!alert.ok()) return StoreError(alert.status());
  auto decisions = (*store)->GetDecisions(*n);
  if (!decisions.ok()) return StoreError(decisions.status());
  Release(std::move(*store));
  json j = AlertJson(*alert);
  j["hit"] = json::parse(alert->hit_json, nullptr, false);
  j["decisions"] = json::array();
  for (const Decision& d : *decisions)
    j["decisions"].push_back({{"decision", d.decision}, {"reviewer", d.reviewer}, {"comment", d.comment},
                              {"decided_at", d.decided_at}, {"record", d.record_seq}});
  return {200, std::move(j)};
}

StatusOr<std::optional<std::pair<Principal, std::string>>> AlertsApi::FindSignInRecord(const std::string& name) {
  EMBARGO_ASSIGN_OR_RETURN(auto store, Acquire());
  auto record = store->SignInRecord(name);
  if (!record.ok() && record.status().code() != StatusCode::kNotFound) return record.status();  // the connection is dropped
  Release(std::move(store));
  if (!record.ok()) return std::optional<std::pair<Principal, std::string>>();
  return std::optional<std::pair<Principal, std::string>>(std::move(*record));
}

StatusOr<std::optional<Principal>> AlertsApi::FindPrincipal(const std::string& name) {
  EMBARGO_ASSIGN_OR_RETURN(auto record, FindSignInRecord(name));
  if (!record) return std::optional<Principal>();
  return std::optional<Principal>(std::move(record->first));
}

Reply AlertsApi::Decide(const std::string& id, const std::string& body, const std::string& principal, RoleSet roles) {
  auto n = AlertId(id);
  if (!n.ok()) return StoreError(n.status());
  auto parsed = ParseJsonObject(body);
  if (!parsed.ok()) return BadJson(parsed.status());
  const json& req = *parsed;
  if (Status s = OnlyKnownMembers(req, "request", {"decision", "comment", "reviewer"}); !s.ok())
    return Error(400, "invalid_request", s.message());
  for (const char* field : {"decision", "comment", "reviewer"})
    if (auto f = req.find(field); f != req.end() && !f->is_string())
      return Error(400, "invalid_request", std::string(field) + ": expected a string");
  auto text = [&](const char* field) { return req.value(field, std::string()); };
  if (Status s = CheckPrincipalNameLength("reviewer", text("reviewer")); !s.ok())
    return Error(400, "invalid_request", s.message());
  // With a key, the key's principal decides; without authentication (--no-auth, local use) the
  // body names a principal, which the store must know, as the CLI's --as.
  Actor actor{text("reviewer"), RoleSet::All(), true};
  if (!principal.empty()) {
    if (!actor.name.empty() && PrincipalKey(actor.name) != PrincipalKey(principal))
      return Error(403, "forbidden", "reviewer: this API key decides as principal " + principal + ", not as '" +
                                         actor.name + "' (leave reviewer out)");
    actor = Actor{principal, roles, true};
  }
  auto store = Acquire();
  if (!store.ok()) return StoreError(store.status());
  auto out = (*store)->Decide(*n, text("decision"), actor, text("comment"));
  if (!out.ok()) {
    if (out.status().code() != StatusCode::kUnavailable) Release(std::move(*store));
    return StoreError(out.status());
  }
  Release(std::move(*store));
  return {200, {{"alert_id", *n}, {"status", out->status}, {"needs_second_review", out->needs_second_review},
                {"record", out->record_seq}, {"reviewer", out->reviewer}}};
}

}  // namespace embargo::server
