#include "streams/handler.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <iostream>
#include <optional>

#include "common/io.h"
#include "common/json_text.h"
#include "common/sha256.h"
#include "decision_store/screening.h"
#include "embargo/lists.h"
#include "embargo/text_scan.h"
#include "goods/chpl.h"
#include "match/result_json.h"
#include "payments/message_json.h"
#include "payments/parse.h"
#include "payments/screen_message.h"
#include "policy/geo_policy.h"
#include "trade/trade.h"
#include "common/bad_text.h"
#include "lists/in_force.h"

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
    e->published_.push_back(PublishedUnixTime(l.published));
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

bool Engine::ListsStale(double max_age_hours, int64_t now) const {
  if (published_.empty()) return true;
  for (int64_t as_of : published_)
    if (ListTooOld(as_of, max_age_hours, now)) return true;
  return false;
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
  if (payments::HasSeveralUetrs(*parsed->message)) v.uetrs = parsed->message->uetrs;
  nlohmann::json j = payments::ScreenResultJson(*parsed, &r);
  for (size_t i = 0; i < r.findings.size(); ++i)
    if (std::optional<AlertHit> a = AlertOf(engine, r.findings[i], JsonText(j["hits"][i]))) v.alert_hits.push_back(std::move(*a));
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

// A message id that is not text (bytes that are not UTF-8, NUL) could be neither recorded nor
// published as JSON: the message is not screened, and its id is shown with such bytes as \xNN
// (nothing when the id is text).
std::optional<BusMessage> WithTextId(const BusMessage& message) {
  size_t bad = BadTextByte(message.id);
  if (bad == std::string::npos) return std::nullopt;
  BusMessage out = message;
  out.id = EscapeBadText(message.id);
  if (out.unreadable.empty())
    out.unreadable = "field 'id' of entry " + message.position + " is not UTF-8 text (byte " + std::to_string(bad) +
                     " of '" + out.id + "')";
  return out;
}

// The UETRs of a verdict, their bytes that are not text escaped (EscapeBadText).
void EscapeUetrs(VerdictRecord& v) {
  v.uetr = EscapeBadText(v.uetr);
  for (std::string& u : v.uetrs) u = EscapeBadText(u);
}

// The verdict record's `uetr` and `uetrs`, where the message gives them.
void PutUetrs(const VerdictRecord& v, nlohmann::json& j) {
  if (!v.uetr.empty()) j["uetr"] = v.uetr;
  if (!v.uetrs.empty()) j["uetrs"] = v.uetrs;
}

// A UETR that is not text: the verdict becomes an ERROR with a dead letter naming the field.
void CheckUetr(VerdictRecord& v, nlohmann::json& j) {
  size_t bad = BadTextByte(v.uetr);
  std::string field = "uetr";
  for (size_t k = 0; k < v.uetrs.size() && bad == std::string::npos; ++k)
    if ((bad = BadTextByte(v.uetrs[k])) != std::string::npos) field = "uetrs[" + std::to_string(k) + "]";
  if (bad == std::string::npos) return;
  EscapeUetrs(v);
  v.verdict = Verdict::kError;
  v.dead_letter = "field '" + field + "' of message " + v.message_id + " is not UTF-8 text (byte " + std::to_string(bad) + ")";
  j["verdict"] = "ERROR";
  j["error"] = v.dead_letter;
}

}  // namespace

VerdictRecord MessageHandler::Screen(const Engine& engine, const BusMessage& read) const {
  const std::optional<BusMessage> escaped = WithTextId(read);
  const BusMessage& message = escaped ? *escaped : read;
  VerdictRecord v;
  v.message_id = message.id;
  v.payload_hash = Sha256Hex(message.payload).substr(0, 32);
  // JSON opens with '{' and a key ('"'); an MT message opens with a block, "{1:".
  size_t first = message.payload.find_first_not_of(" \t\r\n");
  size_t second = first == std::string::npos ? first : message.payload.find_first_not_of(" \t\r\n", first + 1);
  bool json = second != std::string::npos && message.payload[first] == '{' &&
              (message.payload[second] == '"' || message.payload[second] == '}');
  nlohmann::json j;
  try {
    j = !message.unreadable.empty() ? Unreadable(message, v)
        : json                      ? ScreenJsonPayload(engine, message, v)
                                    : ScreenPaymentMessage(engine, message, v);
  } catch (const std::exception& e) {
    // A message whose screening fails unexpectedly gets its ERROR verdict and a dead letter, as an
    // unreadable one does: it is acknowledged, never retried for ever, and the stream goes on.
    v = VerdictRecord{};
    v.message_id = message.id;
    v.payload_hash = Sha256Hex(message.payload).substr(0, 32);
    v.dead_letter = std::string("screening failed: ") + e.what();
    v.input_json = JsonText({{"message_id", message.id}, {"payload", message.payload}});
    j = {{"verdict", "ERROR"}, {"errors", {v.dead_letter}}};
  }
  CheckUetr(v, j);
  // Nothing short of PASS goes to the store without an alert: parts not screened, or a verdict no
  // finding raised, raise one on the verdict.
  if (std::optional<AlertHit> a = decisions::VerdictAlert(VerdictView(v, j), !v.alert_hits.empty()))
    v.alert_hits.push_back(std::move(*a));
  j.erase("index");
  j.erase("line");
  j["message_id"] = message.id;
  PutUetrs(v, j);
  j["list_version"] = engine.version();
  j["lists"] = engine.lists_json();
  // As serve's answers: a verdict on lists older than the maximum age says so.
  v.lists_stale = engine.ListsStale(max_list_age_hours_, static_cast<int64_t>(std::time(nullptr)));
  j["lists_stale"] = v.lists_stale;
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
  // The first verdict's staleness too: a redelivery takes the first one's route (RouteOf).
  auto stale = first.find("lists_stale");
  v.lists_stale = stale != first.end() && *stale == true;
  v.redelivered = true;
  return Status::Ok();
}

namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<ScreeningRecord> RecordsOf(const std::string& caller, const Engine& engine, std::span<VerdictRecord> verdicts) {
  std::vector<ScreeningRecord> records(verdicts.size());
  const std::string lists_json = engine.lists_json().dump();
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const VerdictRecord& v = verdicts[i];
    ScreeningRecord& rec = records[i];
    rec.caller = caller;
    rec.input_json = v.input_json;
    rec.lists_json = lists_json;
    rec.result_json = v.json;
    rec.alert_hits = v.alert_hits;
    rec.verdict = std::string(VerdictName(v.verdict));  // the store refuses a BLOCK, REVIEW or ERROR without an alert
    rec.request_key = MessageKey(v);
  }
  return records;
}

}  // namespace

void MessageHandler::OwnStore(std::unique_ptr<DecisionStore> store, Opener open) {
  owned_ = std::move(store);
  store_ = owned_.get();
  open_ = std::move(open);
}

// The store, opened again after a lost connection; Unavailable until it opens.
Status MessageHandler::Reopened() {
  if (store_) return Status::Ok();
  int64_t now = SteadyMs();
  if (now < next_open_ms_)
    return Status::Unavailable("decision store: reconnecting in " + std::to_string((next_open_ms_ - now + 999) / 1000) + " s");
  auto store = open_();
  if (!store.ok()) {
    open_delay_ms_ = std::min<int64_t>(30000, std::max<int64_t>(1000, open_delay_ms_ * 2));
    next_open_ms_ = now + open_delay_ms_;
    return store.status().WithContext("decision store: reconnecting (next attempt in " +
                                      std::to_string(open_delay_ms_ / 1000) + " s)");
  }
  owned_ = std::move(*store);
  store_ = owned_.get();
  open_delay_ms_ = next_open_ms_ = 0;
  std::cerr << "embargo " << caller_ << ": decision store reconnected\n";
  return Status::Ok();
}

Status MessageHandler::RecordAll(const Engine& engine, std::span<VerdictRecord> verdicts) {
  if ((!store_ && !open_) || verdicts.empty()) return Status::Ok();
  EMBARGO_RETURN_IF_ERROR(Reopened());
  auto outcomes = store_->RecordScreenings(RecordsOf(caller_, engine, verdicts));
  if (!outcomes.ok()) {
    // Perhaps a lost connection: a new one at the next attempt (serve's store pool does the same).
    if (open_ && outcomes.status().code() == StatusCode::kUnavailable) {
      owned_.reset();
      store_ = nullptr;
    }
    std::string which = verdicts.size() == 1 ? "message " + EscapeBadText(verdicts[0].message_id)
                                              : std::to_string(verdicts.size()) + " messages from " +
                                                    EscapeBadText(verdicts[0].message_id) + " to " +
                                                    EscapeBadText(verdicts.back().message_id);
    return outcomes.status().WithContext("recording " + which);
  }
  for (size_t i = 0; i < verdicts.size(); ++i) EMBARGO_RETURN_IF_ERROR(TakeFirstVerdict((*outcomes)[i], verdicts[i]));
  return Status::Ok();
}

// A message the store refuses for good: an ERROR verdict and a dead letter saying why, recorded
// if the store takes that; published either way.
Status MessageHandler::SetAside(const Engine& engine, VerdictRecord& v, const Status& why) {
  v.message_id = EscapeBadText(v.message_id);
  EscapeUetrs(v);
  v.verdict = Verdict::kError;
  v.redelivered = false;
  v.dead_letter = "message " + v.message_id + " could not be recorded: " + EscapeBadText(why.message());
  nlohmann::json j = {{"message_id", v.message_id}, {"verdict", "ERROR"}, {"error", v.dead_letter},
                      {"list_version", engine.version()}, {"lists", engine.lists_json()}};
  PutUetrs(v, j);
  v.json = JsonText(j);
  v.input_json = JsonText({{"message_id", v.message_id}});
  v.alert_hits.clear();
  if (std::optional<AlertHit> a = decisions::VerdictAlert(VerdictView(v, j), false)) v.alert_hits.push_back(std::move(*a));
  std::cerr << "embargo " << caller_ << ": " << v.dead_letter << " (ERROR verdict, dead letter)\n";
  Status s = RecordAll(engine, {&v, 1});
  if (s.code() == StatusCode::kUnavailable) return s;
  if (!s.ok()) std::cerr << "embargo " << caller_ << ": " << s.message() << " (published unrecorded)\n";
  return Status::Ok();
}

Status MessageHandler::RecordEach(const Engine& engine, std::span<VerdictRecord> verdicts, size_t* set_aside) {
  Status s = RecordAll(engine, verdicts);
  if (s.ok() || s.code() == StatusCode::kUnavailable) return s;
  if (verdicts.size() > 1)
    std::cerr << "embargo " << caller_ << ": " << s.message() << "; recording the messages one by one\n";
  for (VerdictRecord& v : verdicts) {
    Status one = verdicts.size() == 1 ? s : RecordAll(engine, {&v, 1});
    if (one.ok()) continue;
    if (one.code() == StatusCode::kUnavailable) return one;  // the batch is tried again; the store keeps one record each
    EMBARGO_RETURN_IF_ERROR(SetAside(engine, v, one));
    if (set_aside) ++*set_aside;
  }
  return Status::Ok();
}

}  // namespace embargo::streams
