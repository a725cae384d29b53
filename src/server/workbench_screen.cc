#include "server/workbench_screen.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>

#include "decision_store/screening.h"
#include "match/result_json.h"
#include "server/message_api.h"
#include "server/text_api.h"
#include "server/trade_api.h"

namespace embargo::server {
namespace {

using json = nlohmann::json;

const char* InputName(ScreenInput input) {
  return input == ScreenInput::kMessage ? "message" : input == ScreenInput::kTrade ? "trade" : "text";
}

// The value at a transaction path as trade findings name it ("parties[1].name"); "" when absent.
std::string ValueAt(const json& root, const std::string& path) {
  const json* at = &root;
  size_t pos = 0;
  while (pos < path.size() && at) {
    size_t end = path.find_first_of(".[", pos);
    std::string key = path.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!key.empty()) at = at->is_object() && at->contains(key) ? &(*at)[key] : nullptr;
    pos = end == std::string::npos ? path.size() : end;
    while (at && pos < path.size() && path[pos] == '[') {
      size_t close = path.find(']', pos);
      if (close == std::string::npos) return "";
      size_t index = std::strtoul(path.c_str() + pos + 1, nullptr, 10);
      at = at->is_array() && index < at->size() ? &(*at)[index] : nullptr;
      pos = close + 1;
    }
    if (pos < path.size() && path[pos] == '.') ++pos;
  }
  return at && at->is_string() ? at->get<std::string>() : std::string();
}

// How `name` met the listed record `entity_id`, as a name result explains it: the screener's
// hit on that record (null when the name alone no longer reaches it, e.g. a BIC match).
json Explain(const ApiContext& ctx, const std::string& name, const std::string& entity_id) {
  if (name.empty() || entity_id.empty()) return nullptr;
  MatchOptions options;
  options.include_below_threshold = true;
  options.min_score = 0.3;
  options.limit = 50;
  options.merge_linked = false;  // the record the finding names, not its subject's first record
  auto result = ctx.snap.screener->Screen(Query{name, std::nullopt, {}, {}, {}}, options);
  if (!result.ok()) return nullptr;
  for (const Hit& h : result->hits)
    if (h.entity->id == entity_id) return HitJson(h);
  return nullptr;
}

// One hit of the page's view: where it was found, the list record, and why.
json ViewHit(const ApiContext& ctx, std::string where, std::string value, const json& f) {
  json h = {{"where", std::move(where)}, {"value", value}, {"action", f.value("action", "")},
            {"reason", f.value("reason", "")}, {"score", f.value("score", 0.0)}};
  std::string entity = f.value("entity_id", "");
  if (entity.empty()) return h;
  h["entity_id"] = entity;
  h["dataset"] = DatasetOfId(entity);
  h["caption"] = f.contains("caption") ? f["caption"] : f.contains("entity_name") ? f["entity_name"] : json(entity);
  if (f.contains("programs")) h["programs"] = f["programs"];
  json hit = f.contains("hit") ? f["hit"] : Explain(ctx, value, entity);
  if (hit.is_object()) {
    h["explanation"] = hit["explanation"];
    h["matched_name"] = hit.value("matched_name", "");
    if (hit.contains("linked")) h["linked"] = hit["linked"];
    if (!h.contains("programs") && hit.contains("programs")) h["programs"] = hit["programs"];
  }
  return h;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The page's view of a handler's reply: verdict, completeness, errors and hits.
json View(ScreenInput input, const ApiContext& ctx, const json& request, const Reply& reply) {
  const json& r = reply.body;
  json view = {{"input", InputName(input)}, {"errors", json::array()}, {"hits", json::array()}, {"incomplete", false}};
  if (r.contains("error")) view["errors"].push_back(r["error"].value("message", ""));
  if (input == ScreenInput::kMessage) {
    view["verdict"] = r.value("verdict", "ERROR");
    for (const json& m : r.value("results", json::array())) {
      std::string where = "message " + std::to_string(m.value("index", 0) + 1) +
                          (m.contains("type") ? " (" + m.value("type", "") + " " + m.value("reference", "") + ")" : "");
      if (m.value("incomplete", false)) view["incomplete"] = true;
      for (const json& e : m.value("errors", json::array())) view["errors"].push_back(e);
      for (const json& f : m.value("hits", json::array()))
        view["hits"].push_back(ViewHit(ctx, where + ", field " + f.value("field", "") + " (" + f.value("role", "") + ")",
                                       f.value("value", ""), f));
    }
  } else if (input == ScreenInput::kTrade) {
    view["verdict"] = r.value("verdict", "ERROR");
    for (const json& f : r.value("findings", json::array())) {
      std::string path = f.value("path", "");
      json finding = f;
      finding["action"] = Upper(f.value("action", ""));
      view["hits"].push_back(ViewHit(ctx, path + " (" + f.value("rule", "") + ")", ValueAt(request["transaction"], path), finding));
    }
  } else {
    // A text not screened completely alerts, as /v1/screen/text says: a listed name in it cannot be ruled out.
    bool any = !r.value("mentions", json::array()).empty(), complete = r.value("complete", false);
    view["verdict"] = reply.status != 200 ? "ERROR" : any || !complete ? "REVIEW" : "PASS";
    view["incomplete"] = reply.status == 200 && !complete;
    for (const json& u : r.value("unscreened", json::array()))
      view["errors"].push_back("not screened completely: bytes " + std::to_string(u.value("begin", 0)) + "–" +
                               std::to_string(u.value("end", 0)) + " (" + u.value("reason", "") + ")");
    for (const json& m : r.value("mentions", json::array())) {
      json finding = m;
      finding["action"] = "REVIEW";
      finding["reason"] = "the text names a listed party";
      view["hits"].push_back(ViewHit(ctx, "bytes " + std::to_string(m.value("begin", 0)) + "–" + std::to_string(m.value("end", 0)),
                                     m.value("text", ""), finding));
    }
  }
  // Anything that could not be screened completely is said so, never shown as clear.
  if (view["verdict"] == "PASS" && (view["incomplete"].get<bool>() || !view["errors"].empty())) view["verdict"] = "ERROR";
  return view;
}

// What the audit record keeps of the input: what was screened, and a name for the queue.
json RecordedInput(ScreenInput input, const json& request, const json& reply) {
  json in = {{"screened", InputName(input)}};
  if (input == ScreenInput::kMessage) {
    const json& first = reply.value("results", json::array()).empty() ? json::object() : reply["results"][0];
    in["name"] = "payment message " + first.value("type", "") + " " + first.value("reference", "");
    in["message"] = request["message"];
  } else if (input == ScreenInput::kTrade) {
    in["name"] = "trade transaction " + request["transaction"].value("id", "");
    in["transaction"] = request["transaction"];
  } else {
    in["name"] = "free text of " + std::to_string(request["text"].get<std::string>().size()) + " bytes";
    in["text"] = request["text"];
  }
  return in;
}

// The alert of a view hit: on its listed record, or, for a finding that names none, on the
// finding itself (decisions::FindingAlert).
std::optional<AlertHit> AlertOf(const ApiContext& ctx, const json& h) {
  if (auto e = ctx.snap.by_id.find(h.value("entity_id", "")); e != ctx.snap.by_id.end())
    return AlertHit{e->first, EntityFingerprint(*e->second), e->second->caption(), h.value("score", 0.0), h.dump()};
  return decisions::FindingAlert(h);
}

// Records the screening as `principal`: one audit record with the screening's verdict, an alert
// per listed record hit and per finding without one, and one for parts not screened.
Reply Record(ScreenInput input, const ApiContext& ctx, const json& request, std::string customer_id,
             AlertsApi& alerts, const std::string& principal, Reply reply) {
  json& view = reply.body;
  ScreeningRecord rec;
  rec.caller = principal;
  rec.customer_id = std::move(customer_id);
  rec.input_json = RecordedInput(input, request, view["result"]).dump();
  rec.lists_json = *ListsJsonText(ctx);
  rec.result_json = view.dump();
  rec.verdict = view.value("verdict", "ERROR");
  std::map<std::string, size_t> hit_of;  // one alert per record or finding, at its best score
  for (const json& h : view["hits"]) {
    std::optional<AlertHit> a = AlertOf(ctx, h);
    if (!a) continue;
    auto [it, fresh] = hit_of.emplace(a->entity_id, rec.alert_hits.size());
    if (fresh) rec.alert_hits.push_back(std::move(*a));
    else if (a->score > rec.alert_hits[it->second].score) rec.alert_hits[it->second] = std::move(*a);
  }
  if (std::optional<AlertHit> a = decisions::VerdictAlert(view, !rec.alert_hits.empty())) rec.alert_hits.push_back(std::move(*a));
  auto store = alerts.Acquire();
  if (!store.ok()) return Error(503, "store_unavailable", "screening NOT recorded: " + store.status().message());
  auto outcome = (*store)->RecordScreening(rec);
  if (!outcome.ok()) return Error(503, "store_unavailable", "screening NOT recorded: " + outcome.status().message());
  alerts.Release(std::move(*store));
  view["record"] = outcome->seq;
  view["recorded_as"] = principal;
  for (json& h : view["hits"])
    for (const HitOutcome& o : outcome->hits) {
      if (o.entity_id != h.value("entity_id", "") && o.entity_id != "finding:" + h.value("where", "")) continue;
      if (o.suppressed) h["suppressed"] = true;
      else h["alert_id"] = o.alert_id;
      if (!o.reason.empty()) h["alert_reason"] = o.reason;
    }
  return reply;
}

// The handler's request from the workbench's body, or the 400 naming the field at fault.
StatusOr<Reply> RunHandler(ScreenInput input, const ApiContext& ctx, const json& body) {
  json inner = json::object();
  if (auto t = body.find("threshold"); t != body.end() && input != ScreenInput::kTrade) inner["threshold"] = *t;
  if (input == ScreenInput::kMessage) {
    auto m = body.find("message");
    if (m == body.end() || !m->is_string() || m->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos)
      return Status::InvalidArgument("message: expected the payment message (MT or ISO 20022 XML) as a non-empty string");
    inner["message"] = *m;
    return ScreenMessage(ctx, Params(), inner.dump());
  }
  if (input == ScreenInput::kTrade) {
    auto t = body.find("transaction");
    if (t == body.end() || !t->is_object()) return Status::InvalidArgument("transaction: expected the transaction as a JSON object");
    return ScreenTrade(ctx, Params(), t->dump());
  }
  auto t = body.find("text");
  if (t == body.end() || !t->is_string() || t->get<std::string>().empty())
    return Status::InvalidArgument("text: expected the text as a non-empty string");
  inner["text"] = *t;
  return ScreenText(ctx, Params(), "application/json", inner.dump());
}

}  // namespace

Reply ScreenForWorkbench(ScreenInput input, const ApiContext& ctx, const json& body, AlertsApi& alerts,
                         const std::string& principal) {
  // A member not read (a party beside the transaction) would be answered PASS without a word.
  const std::string own = input == ScreenInput::kMessage ? "message" : input == ScreenInput::kTrade ? "transaction" : "text";
  for (const auto& [key, value] : body.items())
    if (key != own && key != "record" && key != "customer_id" && (key != "threshold" || input == ScreenInput::kTrade))
      return Error(400, "invalid_request",
                   key + ": not a field read here (" + own + ", record, customer_id" +
                       (input == ScreenInput::kTrade ? "; a transaction's threshold is its own" : ", threshold") + ")");
  auto record = body.find("record");
  if (record != body.end() && !record->is_boolean()) return Error(400, "invalid_request", "record: expected true or false");
  auto customer = body.find("customer_id");
  if (customer != body.end() && !customer->is_string()) return Error(400, "invalid_request", "customer_id: expected a string");
  auto customer_id = customer != body.end() ? decisions::CustomerId(customer->get<std::string>()) : StatusOr<std::string>("");
  if (!customer_id.ok()) return Error(400, "invalid_request", "customer_id: " + customer_id.status().message());
  auto handled = RunHandler(input, ctx, body);
  if (!handled.ok()) return Error(400, "invalid_request", handled.status().message());
  Reply reply = std::move(*handled);
  json view = View(input, ctx, body, reply);
  // Bad input (400) is the caller's to fix: the handler's error, with the verdict ERROR beside it.
  if (reply.status == 400 || reply.status == 413) {
    reply.body["verdict"] = "ERROR";
    reply.body["input"] = InputName(input);
    return reply;
  }
  view["result"] = std::move(reply.body);
  reply.body = std::move(view);
  bool wants = record != body.end() && record->get<bool>();
  if (!wants || reply.status != 200) return reply;
  return Record(input, ctx, body, std::move(*customer_id), alerts, principal, std::move(reply));
}

}  // namespace embargo::server
