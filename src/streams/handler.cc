#include "streams/handler.h"

#include <optional>

#include "common/json_text.h"
#include "common/sha256.h"
#include "decision_store/screening.h"
#include "embargo/text_scan.h"
#include "goods/chpl.h"
#include "match/result_json.h"
#include "payments/message_json.h"
#include "payments/parse.h"
#include "payments/screen_message.h"
#include "policy/geo_policy.h"
#include "trade/trade.h"

namespace embargo::streams {
namespace {

const GeoPolicy& Geo() {
  static const GeoPolicy geo = GeoPolicy::Default();
  return geo;
}

// One message per bus entry: an RJE batch or an unreadable payload cannot be screened as one.
Status ParseOne(const std::string& payload, std::optional<payments::ParsedMessage>& out) {
  if (payload.find_first_not_of(" \t\r\n") == std::string::npos) return Status::InvalidArgument("payload is empty");
  std::vector<payments::ParsedMessage> parsed = payments::ParseMessages(payload);
  if (parsed.size() != 1)
    return Status::InvalidArgument("payload holds " + std::to_string(parsed.size()) +
                                   " messages; a bus entry carries one message");
  if (!parsed[0].message) return parsed[0].status;
  out = std::move(parsed[0]);
  return Status::Ok();
}

Verdict VerdictNamed(const std::string& name) {
  for (Verdict v : {Verdict::kPass, Verdict::kReview, Verdict::kBlock})
    if (VerdictName(v) == name) return v;
  return Verdict::kError;
}

// A made-up MT103 with free text, screened once before the worker takes messages.
constexpr const char* kWarmUpMessage =
    "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\r\n:20:WARMUP\r\n:23B:CRED\r\n"
    ":32A:261128EUR100,00\r\n:50K:/DE89370400440532013000\r\nJOHN SMITH\r\n1 MAIN STREET\r\nMUNICH GERMANY\r\n"
    ":59:/NL91ABNA0417164300\r\nACME TRADING BV\r\n2 HIGH STREET\r\nAMSTERDAM NETHERLANDS\r\n"
    ":70:INVOICE 2026-1 SPARE PARTS\r\n:71A:SHA\r\n-}";

}  // namespace

StatusOr<std::shared_ptr<const Engine>> Engine::Build(std::unique_ptr<Screener> screener, double threshold) {
  std::shared_ptr<Engine> e(new Engine());
  e->screener_ = std::move(screener);
  payments::ScreenOptions opts;
  opts.match.threshold = threshold;
  auto scanner = TextScanner::Build(*e->screener_);
  if (!scanner.ok()) return scanner.status().WithContext("free-text scanner");
  e->scanner_ = std::move(*scanner);
  opts.text_scanner = e->scanner_.get();
  e->messages_ = std::make_unique<payments::MessageScreener>(*e->screener_, Geo(), opts);
  trade::TradeOptions trade_options;
  trade_options.match.threshold = threshold;
  trade_options.text_scanner = e->scanner_.get();
  e->trade_ = std::make_unique<trade::TradeScreener>(e->screener_.get(), Geo(), goods::Chpl::Embedded(), trade_options);
  e->threshold_ = threshold;
  e->lists_json_ = decisions::ListVersionsJson(e->screener_->lists());
  Sha256 h;
  for (const ListLoad& l : e->screener_->lists()) {
    h.Update(l.dataset + "\n" + l.content_hash + "\n");
    for (const Entity& entity : l.entities) e->by_id_.emplace(entity.id, &entity);
  }
  e->version_ = h.HexDigest().substr(0, 12);
  // One-time set-up paid here, not by the first messages (docs/BENCHMARKS.md, "Message-bus workers").
  e->screener_->WarmUp();
  for (const payments::ParsedMessage& m : payments::ParseMessages(kWarmUpMessage))
    if (m.message) (void)e->messages_->Screen(*m.message);
  return std::shared_ptr<const Engine>(std::move(e));
}

Engine::~Engine() = default;

const Entity* Engine::FindEntity(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::string MessageKey(const VerdictRecord& v) {
  return "message:" + v.message_id + (v.uetr.empty() ? "" : "/" + v.uetr) + "#" + v.payload_hash;
}

namespace {

// The alert a finding raises: on its listed record, or, when it names none (a country, a goods
// code, a rule), on the finding itself, "finding:<field> (<check>)" (decisions::FindingAlert).
std::optional<AlertHit> AlertOf(const Engine& engine, const Finding& f, std::string hit_json) {
  if (const Entity* entity = f.entity_id.empty() ? nullptr : engine.FindEntity(f.entity_id))
    return AlertHit{f.entity_id, EntityFingerprint(*entity), f.entity_name, f.score, std::move(hit_json)};
  return decisions::FindingAlert({{"where", f.field + " (" + f.check + ")"}, {"value", f.value},
                                  {"action", std::string(VerdictName(f.action))}, {"reason", f.reason}, {"score", f.score}});
}

// What decisions::VerdictAlert reads of a verdict: the verdict, the parts not screened.
nlohmann::json VerdictView(const VerdictRecord& v, const nlohmann::json& j) {
  nlohmann::json errors = j.value("errors", nlohmann::json::array());
  if (j.contains("error")) errors.push_back(j["error"]);
  return {{"verdict", std::string(VerdictName(v.verdict))}, {"errors", errors}, {"incomplete", j.value("incomplete", false)}};
}

// A bus entry that holds no message: an error verdict saying why, and a dead letter.
nlohmann::json Unreadable(const BusMessage& message, VerdictRecord& v) {
  v.dead_letter = message.unreadable;
  payments::ParsedMessage failed;
  failed.status = Status::InvalidArgument(message.unreadable);
  v.input_json = JsonText({{"message_id", message.id}});
  return payments::ScreenResultJson(failed, nullptr);
}

// An MT or ISO 20022 message.
nlohmann::json ScreenPaymentMessage(const Engine& engine, const BusMessage& message, VerdictRecord& v) {
  std::optional<payments::ParsedMessage> parsed;
  Status s = ParseOne(message.payload, parsed);
  if (!s.ok()) {
    v.dead_letter = s.message();
    payments::ParsedMessage failed;
    failed.status = s;
    v.input_json = JsonText({{"message_id", message.id}, {"payload", message.payload}});
    return payments::ScreenResultJson(failed, nullptr);
  }
  payments::MessageScreenResult r = engine.messages().Screen(*parsed->message);
  v.verdict = r.verdict;
  v.uetr = parsed->message->uetr;
  nlohmann::json j = payments::ScreenResultJson(*parsed, &r);
  for (size_t i = 0; i < r.findings.size(); ++i)
    if (std::optional<AlertHit> a = AlertOf(engine, r.findings[i], j["hits"][i].dump())) v.alert_hits.push_back(std::move(*a));
  nlohmann::json input = payments::MessageJson(*parsed->message);
  input["message_id"] = message.id;
  v.input_json = JsonText(input);
  return j;
}

// A trade transaction (docs/TRADE.md): the trade screener's verdict and findings.
nlohmann::json ScreenTransaction(const Engine& engine, const nlohmann::json& tx, VerdictRecord& v) {
  trade::TradeResult r;
  auto parsed = trade::ParseTransactionJson(tx);
  if (parsed.ok()) r = engine.trade().Screen(*parsed);
  else r.errors.push_back(parsed.status().message());
  nlohmann::json j = trade::TradeResultJson(r);
  j["kind"] = "trade";
  if (!parsed.ok()) v.dead_letter = parsed.status().message();
  v.verdict = r.verdict;
  for (const Finding& f : r.findings)
    if (std::optional<AlertHit> a =
            AlertOf(engine, f, JsonText({{"entity_id", f.entity_id}, {"field", f.field}, {"reason", f.reason}})))
      v.alert_hits.push_back(std::move(*a));
  return j;
}

// One party, as /v1/screen takes it: REVIEW on an alert, BLOCK when an identifier given with the
// party is the listed record's own, PASS otherwise.
nlohmann::json ScreenParty(const Engine& engine, const nlohmann::json& party, VerdictRecord& v) {
  auto query = QueryFromJson(party, "payload");
  if (!query.ok()) {
    v.dead_letter = query.status().message();
    return {{"kind", "party"}, {"verdict", "ERROR"}, {"error", v.dead_letter}};
  }
  MatchOptions options;
  options.threshold = engine.threshold();
  auto result = engine.screener().Screen(*query, options);
  if (!result.ok()) {
    // Could not be screened: ERROR, never PASS, and not dead-lettered (the payload is good).
    return {{"kind", "party"}, {"verdict", "ERROR"}, {"error", result.status().message()}};
  }
  nlohmann::json j = ScreenResultJson(*query, *result);
  v.verdict = result->alert ? Verdict::kReview : Verdict::kPass;
  for (const Hit& h : result->hits) {
    if (h.score < options.threshold) continue;
    for (const Evidence& e : h.evidence)
      if (e.kind == "identifier" && e.effect >= 1.0) v.verdict = Verdict::kBlock;
    v.alert_hits.push_back({h.entity->id, EntityFingerprint(*h.entity), h.entity->caption(), h.score, JsonText(HitJson(h))});
  }
  j["kind"] = "party";
  j["verdict"] = std::string(VerdictName(v.verdict));
  return j;
}

// A JSON payload: a trade transaction (it has "parties" or "goods") or one party ("name").
nlohmann::json ScreenJsonPayload(const Engine& engine, const BusMessage& message, VerdictRecord& v) {
  StatusOr<nlohmann::json> parsed = ParseJsonText(message.payload);
  const nlohmann::json payload = parsed.ok() ? std::move(*parsed) : nlohmann::json();
  nlohmann::json input = {{"message_id", message.id}};
  nlohmann::json j;
  if (!payload.is_object()) {
    v.dead_letter = "payload starts with '{' but is not a JSON object" +
                    (parsed.ok() ? std::string() : " (" + parsed.status().message() + ")");
    input["payload"] = message.payload;
    j = {{"verdict", "ERROR"}, {"error", v.dead_letter}};
  } else if (payload.contains("parties") || payload.contains("goods")) {
    input["transaction"] = payload;
    j = ScreenTransaction(engine, payload, v);
  } else if (payload.contains("name")) {
    input["party"] = payload;
    j = ScreenParty(engine, payload, v);
  } else {
    v.dead_letter = "JSON payload is neither a trade transaction (\"parties\", \"goods\") nor a party (\"name\")";
    input["payload"] = payload;
    j = {{"verdict", "ERROR"}, {"error", v.dead_letter}};
  }
  v.input_json = JsonText(input);
  return j;
}

}  // namespace

VerdictRecord MessageHandler::Screen(const Engine& engine, const BusMessage& message) const {
  VerdictRecord v;
  v.message_id = message.id;
  v.payload_hash = Sha256Hex(message.payload).substr(0, 32);
  // JSON opens with '{' and a key ('"'); an MT message opens with a block, "{1:".
  size_t first = message.payload.find_first_not_of(" \t\r\n");
  size_t second = first == std::string::npos ? first : message.payload.find_first_not_of(" \t\r\n", first + 1);
  bool json = second != std::string::npos && message.payload[first] == '{' &&
              (message.payload[second] == '"' || message.payload[second] == '}');
  nlohmann::json j = !message.unreadable.empty() ? Unreadable(message, v)
                     : json                       ? ScreenJsonPayload(engine, message, v)
                                                  : ScreenPaymentMessage(engine, message, v);
  // Nothing short of PASS goes to the store without an alert: parts not screened, or a verdict no
  // finding raised, raise one on the verdict.
  if (std::optional<AlertHit> a = decisions::VerdictAlert(VerdictView(v, j), !v.alert_hits.empty()))
    v.alert_hits.push_back(std::move(*a));
  j.erase("index");
  j.erase("line");
  j["message_id"] = message.id;
  if (!v.uetr.empty()) j["uetr"] = v.uetr;
  j["list_version"] = engine.version();
  j["lists"] = engine.lists_json();
  v.json = JsonText(j);
  return v;
}

Status MessageHandler::Record(const Engine& engine, VerdictRecord& v) { return RecordAll(engine, {&v, 1}); }

// A redelivered message: its verdict becomes the one the store recorded first.
static Status TakeFirstVerdict(const RecordOutcome& outcome, VerdictRecord& v) {
  if (!outcome.already_recorded || outcome.first_result_json.empty()) return Status::Ok();
  auto first = nlohmann::json::parse(outcome.first_result_json, nullptr, false);
  if (first.is_discarded() || !first.is_object())
    return Status::DataLoss("store record " + std::to_string(outcome.seq) + " of message " + v.message_id +
                            ": result is not a JSON object");
  v.json = first.dump();
  v.verdict = VerdictNamed(first.value("verdict", ""));
  v.redelivered = true;
  return Status::Ok();
}

Status MessageHandler::RecordAll(const Engine& engine, std::span<VerdictRecord> verdicts) {
  if (!store_ || verdicts.empty()) return Status::Ok();
  std::vector<ScreeningRecord> records(verdicts.size());
  const std::string lists_json = engine.lists_json().dump();
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const VerdictRecord& v = verdicts[i];
    ScreeningRecord& rec = records[i];
    rec.caller = caller_;
    rec.input_json = v.input_json;
    rec.lists_json = lists_json;
    rec.result_json = v.json;
    rec.alert_hits = v.alert_hits;
    rec.verdict = std::string(VerdictName(v.verdict));  // the store refuses a BLOCK, REVIEW or ERROR without an alert
    rec.request_key = MessageKey(v);
  }
  auto outcomes = store_->RecordScreenings(records);
  if (!outcomes.ok()) {
    std::string which = verdicts.size() == 1 ? "message " + verdicts[0].message_id
                                              : std::to_string(verdicts.size()) + " messages from " + verdicts[0].message_id;
    return outcomes.status().WithContext("recording " + which);
  }
  for (size_t i = 0; i < verdicts.size(); ++i) EMBARGO_RETURN_IF_ERROR(TakeFirstVerdict((*outcomes)[i], verdicts[i]));
  return Status::Ok();
}

}  // namespace embargo::streams
