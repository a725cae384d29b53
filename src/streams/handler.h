// What a worker does with one message from a bus, whatever the bus: parse, screen, record in the
// decision store, and the verdict record to publish. Transport-neutral (Redis and Kafka share it).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "embargo/decision_store.h"
#include "embargo/screener.h"
#include "embargo/status.h"
#include "embargo/verdict.h"

namespace embargo {
class TextScanner;
namespace payments {
class MessageScreener;
}
namespace trade {
class TradeScreener;
}
}  // namespace embargo

namespace embargo::streams {

// The lists one worker screens against, built once per list version and immutable afterwards.
class Engine {
 public:
  static StatusOr<std::shared_ptr<const Engine>> Build(std::unique_ptr<Screener> screener, double threshold);
  ~Engine();

  const payments::MessageScreener& messages() const { return *messages_; }
  const trade::TradeScreener& trade() const { return *trade_; }
  double threshold() const { return threshold_; }
  const Screener& screener() const { return *screener_; }
  // A short name of the list version: the first 12 hex digits of SHA-256 over every list's
  // dataset and content hash. Two workers with the same lists name the same version.
  const std::string& version() const { return version_; }
  const nlohmann::json& lists_json() const { return lists_json_; }
  const Entity* FindEntity(const std::string& id) const;
  // Whether a list is older than `max_age_hours` at `now` (seconds since the epoch), or of unknown
  // publication date (ListTooOld); with no list at all, stale. max_age_hours <= 0: only then.
  bool ListsStale(double max_age_hours, int64_t now) const;

 private:
  Engine() = default;
  std::unique_ptr<Screener> screener_;
  std::unique_ptr<TextScanner> scanner_;
  std::unique_ptr<payments::MessageScreener> messages_;
  std::unique_ptr<trade::TradeScreener> trade_;
  double threshold_ = 0;
  std::unordered_map<std::string, const Entity*> by_id_;
  std::string version_;
  nlohmann::json lists_json_;
  std::vector<int64_t> published_;  // each list's publication date (PublishedUnixTime)
};

// One message as a bus delivered it.
struct BusMessage {
  std::string id;       // the message id (entry field `id` or Kafka key); the bus position when absent
  // An MT or ISO 20022 message, or JSON: a trade transaction (docs/TRADE.md) or one party to
  // screen ({"name", "type", "dob", "country", "id"}, as /v1/screen takes it).
  std::string payload;
  std::string position; // where the bus holds it (Redis entry id, Kafka partition/offset), for logs
  std::string unreadable;  // why the bus entry holds no message (no payload field, deleted); else empty
};

// What to publish for one message.
struct VerdictRecord {
  std::string message_id;
  std::string uetr;
  std::vector<std::string> uetrs;  // each transaction's, where the message has several (`uetr`: the first's)
  std::string payload_hash;  // of the message's bytes: a second message under a reused id is its own
  Verdict verdict = Verdict::kError;
  std::string json;         // the verdict record published
  std::string dead_letter;  // why the message could not be parsed; empty when it was
  bool redelivered = false; // the store already held this message: `json` is the first verdict
  bool lists_stale = false;  // screened on lists older than --max-list-age (or of unknown date)
  // For the decision store: the message as parsed (or its raw payload) and its list hits.
  std::string input_json;
  std::vector<AlertHit> alert_hits;
};

// The idempotency key of a message (decision store, Redis marker): its id, its UETR where
// present, and its content's hash, so that only a redelivery of the same message is taken for
// one already screened, never another message sent under the same id.
std::string MessageKey(const VerdictRecord& v);

// Screens and (with a store) records messages. The store, when given, is used from one thread.
class MessageHandler {
 public:
  // max_list_age_hours > 0: verdicts on lists older than that say lists_stale: true.
  MessageHandler(std::string caller, DecisionStore* store, double max_list_age_hours = 0)
      : caller_(std::move(caller)), store_(store), max_list_age_hours_(max_list_age_hours) {}
  // Screening alone: thread-safe, pure. A message whose id is not UTF-8 text (or holds a NUL
  // byte) is not screened: ERROR, and a dead letter naming the field; its id is then shown and
  // recorded with such bytes written as \xNN.
  VerdictRecord Screen(const Engine& engine, const BusMessage& message) const;
  // Records `v` (once per MessageKey); on a redelivery, replaces `v` by the verdict recorded first.
  [[nodiscard]] Status Record(const Engine& engine, VerdictRecord& v);
  // Records a batch in one store transaction (one commit): all of them or, on error, none.
  [[nodiscard]] Status RecordAll(const Engine& engine, std::span<VerdictRecord> verdicts);
  // RecordAll; when the batch fails for a reason other than a lost store connection, each message
  // is recorded alone, and one that still fails for such a reason is set aside: its verdict
  // becomes an ERROR with a dead letter naming the message and the store's error, recorded if the
  // store takes that, so one message cannot block the ones behind it. `set_aside` counts them.
  // Fails only when the store cannot be reached (the caller retries).
  [[nodiscard]] Status RecordEach(const Engine& engine, std::span<VerdictRecord> verdicts, size_t* set_aside = nullptr);
  // The worker's store, owned, and how to open it again: after an error that may be a lost
  // connection (Unavailable) the store is closed and reopened at the next attempt, then again
  // after a delay that doubles from 1 s to 30 s while reopening fails.
  using Opener = std::function<StatusOr<std::unique_ptr<DecisionStore>>()>;
  void OwnStore(std::unique_ptr<DecisionStore> store, Opener open);

 private:
  [[nodiscard]] Status Reopened();
  [[nodiscard]] Status SetAside(const Engine& engine, VerdictRecord& v, const Status& why);
  std::string caller_;
  DecisionStore* store_;
  double max_list_age_hours_ = 0;
  std::unique_ptr<DecisionStore> owned_;
  Opener open_;
  int64_t next_open_ms_ = 0, open_delay_ms_ = 0;
};

}  // namespace embargo::streams
