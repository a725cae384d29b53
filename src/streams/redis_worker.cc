// The Redis Streams worker (hiredis): XREADGROUP, XAUTOCLAIM of entries a dead worker left
// pending, and one Lua script that publishes a verdict once per message and acknowledges it.
#include <hiredis/hiredis.h>
#include <unistd.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "common/parallel.h"
#include "embargo/decision_store.h"
#include "streams/worker.h"

namespace embargo::streams {
namespace {

// Publishes the verdict (and the dead letter) unless this message's verdict was published
// before, then acknowledges the entry: all in one step, so a worker killed at any point leaves
// either nothing or everything done. Redis keeps what a failing script wrote before the failure:
// so every key written is checked first, and the marker is set only after every XADD succeeded
// (a marker without its verdict would have the retry acknowledge an entry never published).
// KEYS: verdict stream, marker, source stream, dead-letter stream.
// ARGV: group, entry id, verdict JSON, message id, dead-letter reason, marker TTL, payload.
constexpr const char* kPublishScript = R"lua(
local function refuse_unless_stream(key, what)
  local kind = redis.call('TYPE', key)['ok']
  if kind ~= 'none' and kind ~= 'stream' then
    return redis.error_reply(what .. ' ' .. key .. ' holds a ' .. kind .. ', not a stream')
  end
end
local refused = refuse_unless_stream(KEYS[1], 'verdict stream')
if not refused and ARGV[5] ~= '' then refused = refuse_unless_stream(KEYS[4], 'dead-letter stream') end
if refused then return refused end
local first = redis.call('EXISTS', KEYS[2]) == 0
if first then
  redis.call('XADD', KEYS[1], '*', 'id', ARGV[4], 'verdict', ARGV[3])
  if ARGV[5] ~= '' then
    redis.call('XADD', KEYS[4], '*', 'id', ARGV[4], 'reason', ARGV[5], 'entry', ARGV[2], 'payload', ARGV[7])
  end
  redis.call('SET', KEYS[2], ARGV[2], 'EX', tonumber(ARGV[6]))
end
redis.call('XACK', KEYS[3], ARGV[1], ARGV[2])
if first then return 1 end
return 0
)lua";

// A refused AUTH (WRONGPASS, or NOAUTH: the password changed while the worker ran) or a command
// refused for lack of permission (NOPERM: the ACL user lost it) is a bad setting, not a passing
// fault: retrying would never cure it, so the worker stops, as at start.
bool Refused(const Status& s) { return s.code() == StatusCode::kPermissionDenied; }

// Whether Redis refused a command for lack of permission: NOPERM, or (Redis 7) a command a script
// may not run, which the script's error says in words.
bool LacksPermission(std::string_view error) {
  return error.starts_with("NOPERM") || error.find("can't run this command") != std::string_view::npos;
}

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;
struct ContextFree {
  void operator()(redisContext* c) const { redisFree(c); }
};

struct Entry {
  std::string entry_id;  // the Redis stream entry id
  BusMessage message;
};

class RedisBus {
 public:
  explicit RedisBus(const WorkerOptions& o) : o_(o) {}

  Status Connect() {
    timeval timeout{5, 0};
    ctx_.reset(redisConnectWithTimeout(o_.from.hosts.c_str(), o_.from.port, timeout));
    if (!ctx_ || ctx_->err)
      return Status::Unavailable("redis " + o_.from.hosts + ":" + std::to_string(o_.from.port) + ": " +
                                 (ctx_ ? ctx_->errstr : "cannot allocate a connection"));
    timeval op{std::max<int64_t>(5, o_.block_ms / 1000 + 5), 0};
    redisSetTimeout(ctx_.get(), op);
    EMBARGO_RETURN_IF_ERROR(Authenticate());
    auto r = Command({"XGROUP", "CREATE", o_.from.name, o_.group, "0", "MKSTREAM"});
    if (!r.ok() && r.status().message().find("NOAUTH") != std::string::npos)
      return Status::PermissionDenied(o_.from.text + ": the Redis server asks for a password: give it in the URI "
                                      "(redis://:PASSWORD@HOST:PORT/STREAM, or USER:PASSWORD for an ACL user)");
    if (!r.ok() && r.status().message().find("BUSYGROUP") == std::string::npos) return r.status();
    return Status::Ok();
  }

  // AUTH first on every connection, the first and each one after a reconnect. Messages name the URI
  // with its password as ***; the server's answer (WRONGPASS ...) never holds the password.
  Status Authenticate() {
    if (o_.from.password.empty()) return Status::Ok();
    std::vector<std::string> args = {"AUTH"};
    if (!o_.from.user.empty()) args.push_back(o_.from.user);  // an ACL user (Redis 6)
    args.push_back(o_.from.password);
    auto r = Command(args);
    if (r.ok()) return Status::Ok();
    if (r.status().code() == StatusCode::kUnavailable) return r.status();  // no answer: retried as any lost connection
    return Status::PermissionDenied(o_.from.text + ": AUTH " + (o_.from.user.empty() ? "" : "as user '" + o_.from.user + "' ") +
                                    "refused: " + r.status().message());
  }

  StatusOr<Reply> Command(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    Reply r(static_cast<redisReply*>(redisCommandArgv(ctx_.get(), static_cast<int>(args.size()), argv.data(), lens.data())));
    return Checked(std::move(r), args[0]);
  }

  StatusOr<Reply> Checked(Reply r, const std::string& what) {
    if (!r) return Status::Unavailable("redis " + what + ": " + (ctx_->errstr[0] ? ctx_->errstr : "no reply"));
    if (r->type != REDIS_REPLY_ERROR) return r;
    std::string error(r->str, r->len);
    // Redis does not say which command of the script was refused: the ones it may need are named.
    if (LacksPermission(error))
      return Status::PermissionDenied(o_.from.text + ": " + what + " refused: " + error +
                                      (what == "EVAL" ? " (the publishing script runs TYPE, EXISTS, XADD, SET and XACK)" : ""));
    return Status::Internal("redis " + what + ": " + error);
  }

  // New entries (id ">"), or this consumer's own pending ones (id "0", after a restart).
  StatusOr<std::vector<Entry>> Read(const std::string& from_id, bool block) {
    std::vector<std::string> args = {"XREADGROUP", "GROUP", o_.group, o_.consumer, "COUNT", std::to_string(o_.window)};
    if (block) args.insert(args.end(), {"BLOCK", std::to_string(o_.block_ms)});
    args.insert(args.end(), {"STREAMS", o_.from.name, from_id});
    EMBARGO_ASSIGN_OR_RETURN(Reply r, Command(args));
    std::vector<Entry> out;
    if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) return out;  // nil: nothing within BLOCK
    const redisReply* stream = r->element[0];
    if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) return Status::Internal("redis XREADGROUP: unexpected reply");
    AddEntries(stream->element[1], out);
    return out;
  }

  // Entries pending longer than claim_idle_ms with any consumer (a dead worker's), taken over.
  // Redis 7 also names pending entries deleted from the stream (element 2) and drops them from
  // the pending list: each becomes an entry without a message, so that it gets its ERROR verdict.
  StatusOr<std::vector<Entry>> Claim() {
    std::vector<Entry> out;
    EMBARGO_ASSIGN_OR_RETURN(Reply r, Command({"XAUTOCLAIM", o_.from.name, o_.group, o_.consumer,
                                               std::to_string(o_.claim_idle_ms), claim_cursor_, "COUNT",
                                               std::to_string(o_.window)}));
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 2) return Status::Internal("redis XAUTOCLAIM: unexpected reply");
    claim_cursor_ = std::string(r->element[0]->str, r->element[0]->len);
    AddEntries(r->element[1], out);
    const redisReply* deleted = r->elements > 2 ? r->element[2] : nullptr;
    for (size_t i = 0; deleted && deleted->type == REDIS_REPLY_ARRAY && i < deleted->elements; ++i)
      out.push_back(DeletedEntry(std::string(deleted->element[i]->str, deleted->element[i]->len)));
    return out;
  }
  bool claim_done() const { return claim_cursor_ == "0-0"; }
  void RestartClaim() { claim_cursor_ = "0-0"; }

  // Entries of the group not yet delivered (Redis 7 XINFO GROUPS "lag"); -1 when unknown.
  int64_t Lag() {
    auto r = Command({"XINFO", "GROUPS", o_.from.name});
    if (!r.ok() || (*r)->type != REDIS_REPLY_ARRAY) return -1;
    for (size_t g = 0; g < (*r)->elements; ++g) {
      const redisReply* group = (*r)->element[g];
      int64_t lag = -1;
      bool ours = false;
      for (size_t i = 0; i + 1 < group->elements; i += 2) {
        std::string key(group->element[i]->str, group->element[i]->len);
        const redisReply* v = group->element[i + 1];
        if (key == "name" && v->type == REDIS_REPLY_STRING) ours = std::string(v->str, v->len) == o_.group;
        if (key == "lag" && v->type == REDIS_REPLY_INTEGER) lag = v->integer;
      }
      if (ours) return lag;
    }
    return -1;
  }

  // Entries delivered to the group's consumers and not yet acknowledged; -1 when unknown.
  int64_t Pending() {
    auto r = Command({"XPENDING", o_.from.name, o_.group});
    if (!r.ok() || (*r)->type != REDIS_REPLY_ARRAY || (*r)->elements < 1 || (*r)->element[0]->type != REDIS_REPLY_INTEGER)
      return -1;
    return (*r)->element[0]->integer;
  }

  // Publishes and acknowledges each verdict; returns how many were published for the first time.
  StatusOr<size_t> Publish(const std::vector<Entry>& entries, const std::vector<VerdictRecord>& verdicts) {
    std::string dead_letter = DeadLetterDestination(o_);
    for (size_t i = 0; i < entries.size(); ++i) {
      const VerdictRecord& v = verdicts[i];
      std::vector<std::string> args = {"EVAL", kPublishScript, "4", VerdictDestination(o_, v),
                                       o_.to.name + ":published:" + MessageKey(v), o_.from.name,
                                       dead_letter, o_.group, entries[i].entry_id, v.json, v.message_id,
                                       v.dead_letter, std::to_string(o_.dedup_ttl_s),
                                       v.dead_letter.empty() ? "" : entries[i].message.payload};
      Append(args);
    }
    size_t first = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
      void* raw = nullptr;
      if (redisGetReply(ctx_.get(), &raw) != REDIS_OK) return Status::Unavailable(std::string("redis EVAL: ") + ctx_->errstr);
      EMBARGO_ASSIGN_OR_RETURN(Reply r, Checked(Reply(static_cast<redisReply*>(raw)), "EVAL"));
      if (r->type == REDIS_REPLY_INTEGER && r->integer == 1) ++first;
    }
    return first;
  }

 private:
  void Append(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
    }
    redisAppendCommandArgv(ctx_.get(), static_cast<int>(args.size()), argv.data(), lens.data());
  }

  // An entry Redis no longer holds: it gets an ERROR verdict and a dead letter saying so.
  static Entry DeletedEntry(const std::string& entry_id) {
    Entry entry;
    entry.entry_id = entry.message.position = entry.message.id = entry_id;
    entry.message.unreadable = "entry " + entry_id + " was deleted from the stream before it was screened";
    return entry;
  }

  // The message of an entry from its fields: `payload` and `id`, each given once.
  static void ReadFields(const redisReply* fields, Entry& entry) {
    int payloads = 0, ids = 0;
    for (size_t f = 0; f + 1 < fields->elements; f += 2) {
      std::string key(fields->element[f]->str, fields->element[f]->len);
      std::string value(fields->element[f + 1]->str, fields->element[f + 1]->len);
      if (key == "payload" && payloads++ == 0) entry.message.payload = std::move(value);
      else if (key == "id" && ids++ == 0) entry.message.id = std::move(value);
    }
    // Either of two values could be the one meant: neither is screened.
    std::string prefix = "entry " + entry.entry_id;
    if (payloads > 1) entry.message.unreadable = prefix + " gives the 'payload' field twice";
    else if (ids > 1) entry.message.unreadable = prefix + " gives the 'id' field twice";
    else if (payloads == 0) entry.message.unreadable = prefix + " has no 'payload' field";
  }

  static void AddEntries(const redisReply* list, std::vector<Entry>& out) {
    if (!list || list->type != REDIS_REPLY_ARRAY) return;
    for (size_t i = 0; i < list->elements; ++i) {
      const redisReply* e = list->element[i];
      if (e->type != REDIS_REPLY_ARRAY || e->elements < 1) continue;
      std::string entry_id(e->element[0]->str, e->element[0]->len);
      const redisReply* fields = e->elements > 1 ? e->element[1] : nullptr;
      if (!fields || fields->type != REDIS_REPLY_ARRAY) {
        out.push_back(DeletedEntry(entry_id));
        continue;
      }
      Entry entry;
      entry.entry_id = entry.message.position = entry_id;
      ReadFields(fields, entry);
      if (entry.message.id.empty()) entry.message.id = entry.entry_id;
      out.push_back(std::move(entry));
    }
  }

  const WorkerOptions& o_;
  std::unique_ptr<redisContext, ContextFree> ctx_;
  std::string claim_cursor_ = "0-0";
};

// The enqueue time of an entry: the milliseconds part of its id.
int64_t EnqueuedMs(const std::string& entry_id) { return std::strtoll(entry_id.c_str(), nullptr, 10); }

// A batch read and screened, on its way to the store and the verdict stream.
struct ScreenedBatch {
  std::vector<Entry> entries;
  std::vector<VerdictRecord> verdicts;
  std::shared_ptr<const Engine> engine;  // the lists it was screened with, kept alive until recorded
};

ScreenedBatch Screen(std::vector<Entry> entries, std::shared_ptr<const Engine> engine, const MessageHandler& handler,
                     WorkerPool& pool) {
  ScreenedBatch b{std::move(entries), {}, std::move(engine)};
  b.verdicts.resize(b.entries.size());
  pool.For(0, b.entries.size(), [&](size_t i) { b.verdicts[i] = handler.Screen(*b.engine, b.entries[i].message); });
  return b;
}

// The second stage of a worker, on its own thread and Redis connection: records a screened batch,
// publishes its verdicts and acknowledges them, while the next batch is read and screened. A
// screened batch is handed over once the stage is free: two batches in flight at most. After a
// failure the batches behind it are dropped: not acknowledged, they stay pending and are read again.
class RecordStage {
 public:
  RecordStage(const WorkerOptions& o, MessageHandler& handler, WorkerMetrics& metrics)
      : o_(o), bus_(o), handler_(handler), metrics_(metrics) {}
  ~RecordStage() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  Status Start() {
    EMBARGO_RETURN_IF_ERROR(bus_.Connect());
    thread_ = std::thread([this] { Run(); });
    return Status::Ok();
  }

  void Push(ScreenedBatch batch) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !batch_; });
    if (failure_.ok()) batch_ = std::move(batch);
    cv_.notify_all();
  }

  // Waits until nothing is being recorded; returns (and clears) the failure, if any.
  Status Drain() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !batch_; });
    return std::exchange(failure_, Status::Ok());
  }

  bool failed() {
    std::lock_guard<std::mutex> lock(mu_);
    return !failure_.ok();
  }

 private:
  // The batch stays in batch_ until it is done: Push and Drain wait for it, and nothing else
  // touches it meanwhile.
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return stop_ || batch_; });
      if (!batch_) return;
      lock.unlock();
      Status s = RecordAndPublish(*batch_);
      if (!s.ok()) {
        // A new connection: replies of a pipeline cut short must not be read as the next answers.
        Status c = bus_.Connect();
        if (Refused(c)) s = c;  // the worker stops (RunRedisWorker)
        else if (!c.ok()) std::cerr << "embargo worker " << o_.consumer << ": " << c.message() << "\n";
      }
      lock.lock();
      batch_.reset();
      if (!s.ok() && failure_.ok()) failure_ = s;
      cv_.notify_all();
    }
  }

  // A message the store refuses for good is set aside (MessageHandler::RecordEach): only a lost
  // store or Redis connection fails the batch, which then stays pending and is tried again.
  Status RecordAndPublish(ScreenedBatch& b) {
    size_t set_aside = 0;
    Status recorded = handler_.RecordEach(*b.engine, b.verdicts, &set_aside);
    for (size_t i = 0; i < set_aside; ++i) {
      metrics_.Failed(WorkerMetrics::Step::kRecord);
      metrics_.SetAside();
    }
    if (!recorded.ok()) metrics_.Failed(WorkerMetrics::Step::kRecord);
    EMBARGO_RETURN_IF_ERROR(recorded);
    if (Status published = bus_.Publish(b.entries, b.verdicts).status(); !published.ok()) {
      metrics_.Failed(WorkerMetrics::Step::kPublish);
      return published;
    }
    metrics_.Retrying(false);
    int64_t now = NowMs();
    for (size_t i = 0; i < b.entries.size(); ++i) {
      metrics_.Count(b.verdicts[i], static_cast<double>(now - EnqueuedMs(b.entries[i].entry_id)));
      if (!b.verdicts[i].dead_letter.empty()) metrics_.DeadLetter();
    }
    return Status::Ok();
  }

  const WorkerOptions& o_;
  RedisBus bus_;
  MessageHandler& handler_;
  WorkerMetrics& metrics_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<ScreenedBatch> batch_;  // handed over, being recorded
  bool stop_ = false;
  Status failure_;
  std::thread thread_;
};

// The next entries to screen: this consumer's own pending ones first (after a restart or a failed
// batch), then, when due, entries a dead worker left, then new ones.
StatusOr<std::vector<Entry>> NextBatch(RedisBus& bus, const WorkerOptions& o, bool& own_pending, int64_t& next_claim_ms) {
  if (own_pending) {
    EMBARGO_ASSIGN_OR_RETURN(auto own, bus.Read("0", false));
    if (!own.empty()) return own;
    own_pending = false;
  }
  if (NowMs() >= next_claim_ms) {
    EMBARGO_ASSIGN_OR_RETURN(auto claimed, bus.Claim());
    if (bus.claim_done()) next_claim_ms = NowMs() + std::max<int64_t>(100, o.claim_idle_ms / 2);
    if (!claimed.empty()) {
      std::cerr << "embargo worker " << o.consumer << ": took over " << claimed.size() << " pending entries\n";
      return claimed;
    }
  }
  return bus.Read(">", true);
}


// Lag and pending entries, at most once a second.
void ReportBus(RedisBus& bus, WorkerMetrics& metrics, int64_t& next_ms) {
  if (NowMs() < next_ms) return;
  metrics.SetLag(bus.Lag());
  metrics.SetPending(bus.Pending());
  next_ms = NowMs() + 1000;
}

// After a failed step: waits (backoff) and connects again. A refused AUTH, of the failed step or
// of the new connection, is returned: the worker stops.
Status WaitAndReconnect(RedisBus& bus, const WorkerOptions& o, const Status& failed, RetryBackoff& backoff,
                        WorkerMetrics& metrics, const WorkerSignals& signals) {
  if (Refused(failed)) return failed;
  WaitBeforeRetry(o, failed, backoff, metrics, signals);
  // A new connection: replies of a pipeline cut short must not be read as the next answers.
  Status c = bus.Connect();
  if (Refused(c)) return c;
  if (!c.ok()) std::cerr << "embargo worker " << o.consumer << ": " << c.message() << "\n";
  return Status::Ok();
}

}  // namespace

Status RunRedisWorker(const WorkerOptions& o, EngineSource& engines, WorkerSignals& signals, WorkerMetrics& metrics) {
  EMBARGO_ASSIGN_OR_RETURN(std::unique_ptr<DecisionStore> store, OpenStore(o.store));
  MessageHandler handler("worker " + o.consumer, nullptr, o.max_list_age_hours);
  if (store) handler.OwnStore(std::move(store), [target = o.store] { return OpenStore(target); });
  // Two batches in flight at most, one screened and one recorded: each half the window.
  WorkerOptions reading = o;
  reading.window = std::max<size_t>(1, o.window / 2);
  RedisBus bus(reading);
  EMBARGO_RETURN_IF_ERROR(bus.Connect());
  RecordStage stage(o, handler, metrics);
  EMBARGO_RETURN_IF_ERROR(stage.Start());
  bool own_pending = true;
  int64_t next_claim_ms = 0, next_bus_ms = 0;
  WorkerPool pool(o.threads);
  RetryBackoff backoff;
  Status refused;  // a refused AUTH: the worker stops with it
  while (!signals.stop.load()) {
    engines.Refresh(signals.reload.exchange(false));
    ReportLists(engines, o, metrics);
    std::shared_ptr<const Engine> engine = engines.current();
    // This consumer's pending entries are read again only when none of them is still in flight.
    Status s = own_pending || stage.failed() ? stage.Drain() : Status::Ok();
    if (s.ok()) {
      auto batch = NextBatch(bus, reading, own_pending, next_claim_ms);
      if (batch.ok() && !batch->empty()) stage.Push(Screen(std::move(*batch), engine, handler, pool));
      else if (batch.ok() && !own_pending && !stage.failed()) metrics.Retrying(false);  // idle, nothing left behind
      else if (!batch.ok()) metrics.Failed(WorkerMetrics::Step::kRead);
      if (!batch.ok()) s = batch.status();
    }
    ReportBus(bus, metrics, next_bus_ms);
    if (o.max_messages > 0 && metrics.total() >= o.max_messages) break;
    if (s.ok()) continue;
    // The batch stays pending: retried by this worker, or taken over by another if it dies.
    own_pending = true;
    refused = WaitAndReconnect(bus, o, s, backoff, metrics, signals);
    if (!refused.ok()) break;
  }
  Status last = stage.Drain();  // finish what is in flight
  if (!last.ok()) std::cerr << "embargo worker " << o.consumer << ": " << last.message() << " (left pending)\n";
  std::cerr << "embargo worker " << o.consumer << ": stopped after " << metrics.total() << " verdicts\n";
  return refused;
}

}  // namespace embargo::streams
