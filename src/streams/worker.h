// `embargo worker`: screens payment messages from Redis Streams or Kafka and publishes a verdict
// for each (docs/STREAMS.md). At-least-once delivery, made exactly-once where it counts: the
// decision store records each message once (by id and UETR) and a redelivery republishes the
// first verdict; Redis publishes a message's verdict once, Kafka consumers see repeats with the
// same key and content.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <ostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "embargo/status.h"
#include "streams/bus_uri.h"
#include "streams/handler.h"

namespace embargo::streams {

struct WorkerOptions {
  BusUri from, to;
  std::string dead_letter;        // stream or topic for unparseable messages; default: `to` + "-dead-letter"
  std::string group = "embargo";  // the consumer group
  std::string consumer;           // this worker's name in the group; default host-pid
  std::string store;              // decision store target (SQLite path or postgresql:// URI); empty: none
  size_t window = 64;             // messages in flight at most (read, screened, not yet acknowledged)
  unsigned threads = 1;           // screening threads per worker
  int64_t claim_idle_ms = 30000;  // Redis: entries pending this long with another consumer are taken over
  int64_t block_ms = 500;         // how long one read waits for new messages (bounds the stop delay)
  int64_t dedup_ttl_s = 7 * 24 * 3600;  // Redis: how long a published verdict's marker is kept
  int64_t max_messages = 0;       // stop after this many verdicts (0: run until SIGTERM); for benchmarks
  bool route_by_verdict = false;  // verdicts to `to`-pass, -review, -block, -error instead of `to`
  // > 0: lists older than this many hours (or of unknown publication date) are stale: verdicts say
  // lists_stale: true and /readyz answers 503 (serve's --max-list-age).
  double max_list_age_hours = 0;
  // Kafka: librdkafka settings for both clients (TLS, SASL, timeouts), from --kafka-config.
  std::map<std::string, std::string> kafka_settings;
  std::string kafka_config;  // the file they came from, named when librdkafka refuses them together
  std::string kafka_plugin_at;  // FILE:LINE of its plugin.library.paths: named when the plugin fails to load
};

// Reads a librdkafka settings file: `key = value` lines, '#' comments. Settings that embargo's
// delivery guarantees rest on (group.id, offset commits, idempotence, acks) are refused, and so
// are a key given twice and what librdkafka refuses (an unknown property, a value out of range);
// errors name file and line.
// An alias and the property it sets are one key (`sasl.mechanism`, `sasl.mechanisms`).
// plugin.library.paths is kept but not given to librdkafka here (it would load the plugin): only
// the worker's clients load it; `plugin_at` (when given) is set to its FILE:LINE.
[[nodiscard]] StatusOr<std::map<std::string, std::string>> ReadKafkaSettings(const std::string& path,
                                                                            std::string* plugin_at = nullptr);
// The librdkafka property a setting's key sets: the key itself, or the property it is an alias of.
const std::string& KafkaProperty(const std::string& key);

// Where a verdict is published: `to`, or with route_by_verdict its verdict's own stream or topic.
std::string VerdictDestination(const WorkerOptions& options, Verdict verdict);
// The verdict whose route a record takes: its own, but a PASS on stale lists (lists_stale) is no
// clear of the lists in force today, so it goes where a person looks at it: REVIEW's.
Verdict RouteOf(const VerdictRecord& v);
// Where this record is published: VerdictDestination of its RouteOf.
std::string VerdictDestination(const WorkerOptions& options, const VerdictRecord& v);
// Where dead letters are published: `dead_letter`, or `to` + "-dead-letter".
std::string DeadLetterDestination(const WorkerOptions& options);

// Counters a worker keeps for /metrics and /readyz; updated by the worker, read by the listener.
class WorkerMetrics {
 public:
  enum class Step { kRead, kRecord, kPublish };
  // A verdict published: by verdict and by whether its lists were stale (a PASS on stale lists is
  // no clear of today's lists: counted apart from one that is).
  void Count(const VerdictRecord& v, double latency_ms);
  void DeadLetter() { dead_letters_.fetch_add(1); }
  void SetLag(int64_t lag) { lag_.store(lag); }
  void SetPending(int64_t pending) { pending_.store(pending); }
  // A step that failed; the worker retries it (Retrying) or sets the message aside.
  void Failed(Step step) { failures_[static_cast<size_t>(step)].fetch_add(1); }
  // The worker waits to try again (true) or went on (false): /readyz answers 503 meanwhile.
  void Retrying(bool retrying);
  bool retrying() const { return retrying_.load(); }
  // A message whose recording failed for good: recorded alone as an ERROR, or left pending.
  void SetAside() { set_aside_.fetch_add(1); }
  // The lists in force: their version, whether they are stale (--max-list-age), how many reloads
  // failed so far and why the last one did (empty: it did not).
  void SetLists(const std::string& version, bool stale, int64_t failed_reloads, const std::string& reload_error);
  // Prometheus text exposition.
  std::string Render() const;
  // Why the worker is not ready (stuck retrying, lists stale, last reload failed); empty when ready.
  std::string NotReady() const;
  int64_t total() const;

 private:
  void RenderHealth(std::ostream& out) const;
  static constexpr double kBucketsMs[] = {1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000};
  static constexpr size_t kBuckets = sizeof(kBucketsMs) / sizeof(kBucketsMs[0]);
  std::atomic<int64_t> by_verdict_[2][4] = {};  // [lists_stale][verdict]
  std::atomic<int64_t> redelivered_{0}, dead_letters_{0}, lag_{-1}, pending_{-1}, retries_{0}, set_aside_{0};
  std::atomic<int64_t> failures_[3] = {};
  std::atomic<bool> retrying_{false};
  std::atomic<int64_t> buckets_[kBuckets + 1] = {};
  std::atomic<int64_t> latency_sum_us_{0};
  mutable std::mutex mu_;
  std::string list_version_, reload_error_;
  bool lists_stale_ = false;
  int64_t failed_reloads_ = 0;
};

// The lists a worker screens against, switched when a new version is in force. A reload loads
// them on a thread of its own (as `serve` does, off the path of the screening): the worker keeps
// screening with the lists in force until the new ones are loaded and checked. Used from the
// worker's loop only; the load alone runs aside.
class EngineSource {
 public:
  using Loader = std::function<StatusOr<std::shared_ptr<const Engine>>()>;
  using Probe = std::function<StatusOr<std::string>()>;  // a cheap fingerprint of the versions in force
  EngineSource(Loader load, Probe probe, int64_t poll_ms);
  ~EngineSource();  // waits for a load in progress
  EngineSource(const EngineSource&) = delete;
  EngineSource& operator=(const EngineSource&) = delete;
  [[nodiscard]] Status Start();
  // The lists in force: a batch takes them once, so each verdict names the lists it was screened on.
  std::shared_ptr<const Engine> current() const { return current_; }
  // Call between batches. Switches to lists loaded meanwhile, unless they lack a list in force
  // (CheckNoListGone) or failed to load: then the lists in force stay (logged, counted, and named
  // by reload_error until a reload succeeds). Starts loading them again when `forced` (SIGHUP;
  // one asked during a load follows it) or when the probe, asked every poll_ms, answers differently.
  void Refresh(bool forced);
  int64_t failed_reloads() const { return failed_reloads_; }
  const std::string& reload_error() const { return reload_error_; }

 private:
  struct Loading;
  void StartLoading(std::string probed);
  void SwitchWhenLoaded();
  void Failed(const std::string& why);
  Loader load_;
  Probe probe_;
  int64_t poll_ms_;
  std::shared_ptr<const Engine> current_;
  std::string probed_;
  int64_t next_poll_ms_ = 0;
  bool forced_ = false;  // a reload asked (SIGHUP) and not yet started
  std::unique_ptr<Loading> loading_;  // the load in progress, if any
  int64_t failed_reloads_ = 0;
  std::string reload_error_;
};

// Tells `metrics` of the lists in force (version, staleness against `options`, failed reloads).
void ReportLists(const EngineSource& engines, const WorkerOptions& options, WorkerMetrics& metrics);

// What stops or steers a running worker (set from signal handlers).
struct WorkerSignals {
  std::atomic<bool> stop{false};    // SIGTERM, SIGINT: finish what is in flight, exit
  std::atomic<bool> reload{false};  // SIGHUP: load the lists again
};

// How long a worker waits before trying a failed batch again: 1 s, doubled at each failure in a
// row up to 30 s, and 1 s again after a batch went through (Reset). A short outage costs a
// second; a long one is not hammered, nor the log filled, once a second.
class RetryBackoff {
 public:
  static constexpr int64_t kFirstMs = 1000, kMaxMs = 30000;
  int64_t Next() { return delay_ms_ = delay_ms_ == 0 ? kFirstMs : std::min(kMaxMs, delay_ms_ * 2); }
  void Reset() { delay_ms_ = 0; }

 private:
  int64_t delay_ms_ = 0;
};

// Sleeps `ms`, or less when a stop is asked meanwhile: a worker waiting 30 s still stops at once.
void SleepUnlessStopped(int64_t ms, const WorkerSignals& signals);

// After a failed step, before it is tried again: logs the failure with the wait ("retrying in
// 4 s"), marks the worker retrying and waits the next delay of `backoff` (from 1 s again when a
// batch went through since the last failure), unless a stop is asked meanwhile.
void WaitBeforeRetry(const WorkerOptions& options, const Status& failed, RetryBackoff& backoff, WorkerMetrics& metrics,
                     const WorkerSignals& signals);

[[nodiscard]] Status RunRedisWorker(const WorkerOptions& options, EngineSource& engines, WorkerSignals& signals,
                                    WorkerMetrics& metrics);
[[nodiscard]] Status RunKafkaWorker(const WorkerOptions& options, EngineSource& engines, WorkerSignals& signals,
                                    WorkerMetrics& metrics);

int64_t NowMs();
// The decision store a worker records in; null when `target` is empty (nothing is recorded).
StatusOr<std::unique_ptr<DecisionStore>> OpenStore(const std::string& target);

}  // namespace embargo::streams
