// `embargo worker`: screens payment messages from Redis Streams or Kafka and publishes a verdict
// for each (docs/STREAMS.md). At-least-once delivery, made exactly-once where it counts: the
// decision store records each message once (by id and UETR) and a redelivery republishes the
// first verdict; Redis publishes a message's verdict once, Kafka consumers see repeats with the
// same key and content.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
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
  // Kafka: librdkafka settings for both clients (TLS, SASL, timeouts), from --kafka-config.
  std::map<std::string, std::string> kafka_settings;
};

// Reads a librdkafka settings file: `key = value` lines, '#' comments. Settings that embargo's
// delivery guarantees rest on (group.id, offset commits, idempotence, acks) are refused; errors
// name file and line.
[[nodiscard]] StatusOr<std::map<std::string, std::string>> ReadKafkaSettings(const std::string& path);

// Where a verdict is published: `to`, or with route_by_verdict its verdict's own stream or topic.
std::string VerdictDestination(const WorkerOptions& options, Verdict verdict);
// Where dead letters are published: `dead_letter`, or `to` + "-dead-letter".
std::string DeadLetterDestination(const WorkerOptions& options);

// Counters a worker keeps for /metrics; updated by the worker, read by the listener.
class WorkerMetrics {
 public:
  void Count(Verdict v, bool redelivered, double latency_ms);
  void DeadLetter() { dead_letters_.fetch_add(1); }
  void SetLag(int64_t lag) { lag_.store(lag); }
  void SetListVersion(const std::string& version);
  // Prometheus text exposition.
  std::string Render() const;
  int64_t total() const;

 private:
  static constexpr double kBucketsMs[] = {1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 5000};
  static constexpr size_t kBuckets = sizeof(kBucketsMs) / sizeof(kBucketsMs[0]);
  std::atomic<int64_t> by_verdict_[4] = {};
  std::atomic<int64_t> redelivered_{0}, dead_letters_{0}, lag_{-1};
  std::atomic<int64_t> buckets_[kBuckets + 1] = {};
  std::atomic<int64_t> latency_sum_us_{0};
  mutable std::mutex mu_;
  std::string list_version_;
};

// The lists a worker screens against, switched when a new version is in force.
class EngineSource {
 public:
  using Loader = std::function<StatusOr<std::shared_ptr<const Engine>>()>;
  using Probe = std::function<StatusOr<std::string>()>;  // a cheap fingerprint of the versions in force
  EngineSource(Loader load, Probe probe, int64_t poll_ms) : load_(std::move(load)), probe_(std::move(probe)), poll_ms_(poll_ms) {}
  [[nodiscard]] Status Start();
  std::shared_ptr<const Engine> current() const { return current_; }
  // Loads the lists again when `forced` (SIGHUP) or when the probe, asked every poll_ms, answers
  // differently. A load that fails keeps the lists in force (logged).
  void Refresh(bool forced);

 private:
  Loader load_;
  Probe probe_;
  int64_t poll_ms_;
  std::shared_ptr<const Engine> current_;
  std::string probed_;
  int64_t next_poll_ms_ = 0;
};

// What stops or steers a running worker (set from signal handlers).
struct WorkerSignals {
  std::atomic<bool> stop{false};    // SIGTERM, SIGINT: finish what is in flight, exit
  std::atomic<bool> reload{false};  // SIGHUP: load the lists again
};

[[nodiscard]] Status RunRedisWorker(const WorkerOptions& options, EngineSource& engines, WorkerSignals& signals,
                                    WorkerMetrics& metrics);
[[nodiscard]] Status RunKafkaWorker(const WorkerOptions& options, EngineSource& engines, WorkerSignals& signals,
                                    WorkerMetrics& metrics);

int64_t NowMs();
// The decision store a worker records in; null when `target` is empty (nothing is recorded).
StatusOr<std::unique_ptr<DecisionStore>> OpenStore(const std::string& target);

}  // namespace embargo::streams
