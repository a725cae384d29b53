// The Kafka worker (librdkafka): a consumer group member with manual offset commits after the
// verdicts are recorded and published (idempotent producer, acks=all). At-least-once: a batch
// whose offsets were not committed (the worker died, or the broker refused the commit during a
// rebalance) is screened again by the next owner; the decision store then answers with the first
// verdict, so a repeat carries the same key and the same content.
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <iostream>
#include <map>
#include <thread>
#include <vector>

#include "common/json_text.h"
#include "common/parallel.h"
#include "embargo/decision_store.h"
#include "streams/kafka_refusal.h"
#include "streams/worker.h"

namespace embargo::streams {

bool IsKafkaRefusal(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED ||
         err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED ||
         err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED;
}

Status KafkaRefused(const std::string& brokers, rd_kafka_resp_err_t err, const std::string& reason) {
  std::string error = rd_kafka_err2str(err);
  return Status::PermissionDenied("kafka " + brokers + ": " + error + (reason.empty() || reason == error ? "" : ": " + reason));
}

namespace {

struct Held {
  BusMessage message;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t enqueued_ms = 0;
};

// A librdkafka configuration with `settings` and the operator's (--kafka-config), or an error
// naming the setting at fault and the file.
StatusOr<rd_kafka_conf_t*> MakeConf(std::map<std::string, std::string> settings, const std::string& what,
                                    const WorkerOptions& o) {
  for (const auto& setting : o.kafka_settings) {
    // An embargo default under the alias's other name would have the last one set win.
    const std::string& property = KafkaProperty(setting.first);
    std::erase_if(settings, [&](const auto& own) { return KafkaProperty(own.first) == property; });
    settings[setting.first] = setting.second;
  }
  // The plugin first (ReadKafkaSettings did not load it), so that it sees the settings after it.
  std::vector<std::pair<std::string, std::string>> ordered;
  if (auto plugin = settings.extract("plugin.library.paths")) ordered.emplace_back(plugin.key(), plugin.mapped());
  ordered.insert(ordered.end(), settings.begin(), settings.end());
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [key, value] : ordered)
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      if (key == "plugin.library.paths" && !o.kafka_plugin_at.empty())
        return Status::InvalidArgument(o.kafka_plugin_at + ": " + key + ": " + err + " (loading it for the kafka " + what + ")");
      return Status::InvalidArgument("kafka " + what + " " + key + ": " + err +
                                     (o.kafka_config.empty() ? "" : " (--kafka-config " + o.kafka_config + ")"));
    }
  return conf;
}

class KafkaWorker {
 public:
  KafkaWorker(const WorkerOptions& o, EngineSource& engines, WorkerMetrics& metrics, MessageHandler& handler)
      : o_(o), engines_(engines), metrics_(metrics), handler_(handler) {}
  ~KafkaWorker() {
    // A consumer a fatal error stopped never finishes leaving its group: destroying it waits for ever.
    if (consumer_) rd_kafka_destroy_flags(consumer_, Fatal(consumer_) ? RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE : 0);
    if (producer_) rd_kafka_destroy(producer_);
  }

  Status Start() {
    char err[512];
    EMBARGO_ASSIGN_OR_RETURN(rd_kafka_conf_t * c, MakeConf({{"bootstrap.servers", o_.from.hosts},
                                                            {"group.id", o_.group},
                                                            {"client.id", o_.consumer},
                                                            {"enable.auto.commit", "false"},
                                                            {"enable.auto.offset.store", "false"},
                                                            {"auto.offset.reset", "earliest"},
                                                            {"heartbeat.interval.ms", "500"},
                                                            {"session.timeout.ms", "10000"}},
                                                           "consumer", o_));
    rd_kafka_conf_set_opaque(c, this);
    rd_kafka_conf_set_rebalance_cb(c, &KafkaWorker::OnRebalance);
    rd_kafka_conf_set_error_cb(c, &KafkaWorker::OnError);
    consumer_ = rd_kafka_new(RD_KAFKA_CONSUMER, c, err, sizeof err);
    if (!consumer_) return Status::Unavailable("kafka consumer: " + std::string(err) + WithSettingsOf());
    rd_kafka_poll_set_consumer(consumer_);

    EMBARGO_ASSIGN_OR_RETURN(rd_kafka_conf_t * p, MakeConf({{"bootstrap.servers", o_.to.hosts},
                                                            {"client.id", o_.consumer},
                                                            {"enable.idempotence", "true"},
                                                            {"acks", "all"},
                                                            {"linger.ms", "2"}},
                                                           "producer", o_));
    rd_kafka_conf_set_opaque(p, this);
    rd_kafka_conf_set_dr_msg_cb(p, &KafkaWorker::OnDelivery);
    rd_kafka_conf_set_error_cb(p, &KafkaWorker::OnError);
    producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, p, err, sizeof err);
    if (!producer_) return Status::Unavailable("kafka producer: " + std::string(err) + WithSettingsOf());

    rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, o_.from.name.c_str(), RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t e = rd_kafka_subscribe(consumer_, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (e) return Status::Unavailable("kafka subscribe " + o_.from.name + ": " + rd_kafka_err2str(e));
    return Status::Ok();
  }

  // Fetches up to `window` messages, then screens, records, publishes and commits them.
  // After a failed Flush the messages stay held (not committed) and are screened, recorded and
  // published again with the next ones.
  Status Step() {
    for (int64_t wait = o_.block_ms; held_.size() < o_.window && refusal_.ok(); wait = 0) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_, static_cast<int>(wait));
      if (!m) break;
      Keep(m);
      rd_kafka_message_destroy(m);
    }
    if (!refusal_.ok()) return refusal_;
    return Flush();
  }

  // Graceful stop: what is held is finished and committed, then the group is left (a rebalance
  // hands this worker's partitions to the others).
  Status Stop() {
    Status s = Flush();
    rd_kafka_consumer_close(consumer_);
    rd_kafka_flush(producer_, 10000);
    return s;
  }

  // After a refusal (IsKafkaRefusal): nothing held is published or committed (its messages are
  // delivered again), the group is left and what the producer holds is dropped.
  Status Abandon() {
    held_.clear();  // before the close, whose revoke would finish and publish them (OnRebalance)
    if (!Fatal(consumer_)) rd_kafka_consumer_close(consumer_);
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    return refusal_;
  }

  size_t uncommitted() const { return uncommitted_; }
  // The first refusal of a login or permission met, OK when none: the worker stops with it.
  const Status& refusal() const { return refusal_; }

  int64_t Lag() {
    rd_kafka_topic_partition_list_t* assigned = nullptr;
    if (rd_kafka_assignment(consumer_, &assigned) || !assigned) return -1;
    rd_kafka_position(consumer_, assigned);
    int64_t lag = 0;
    for (int i = 0; i < assigned->cnt; ++i) {
      int64_t low = 0, high = 0;
      const auto& tp = assigned->elems[i];
      if (rd_kafka_get_watermark_offsets(consumer_, tp.topic, tp.partition, &low, &high) || tp.offset < 0) continue;
      lag += std::max<int64_t>(0, high - tp.offset);
    }
    rd_kafka_topic_partition_list_destroy(assigned);
    return lag;
  }

 private:
  // A client librdkafka would not make refuses settings together (each was taken alone as the
  // file was read): the file is named.
  std::string WithSettingsOf() const {
    return o_.kafka_config.empty() ? "" : " (with the settings of --kafka-config " + o_.kafka_config + ")";
  }

  void Keep(rd_kafka_message_t* m) {
    if (IsKafkaRefusal(m->err)) return Refuse(consumer_, m->err, rd_kafka_message_errstr(m));
    if (m->err == RD_KAFKA_RESP_ERR__FATAL) return RefuseFatal(consumer_);  // a consumer's comes here
    if (m->err) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
        std::cerr << "embargo worker " << o_.consumer << ": kafka: " << rd_kafka_message_errstr(m) << "\n";
      return;
    }
    Held h;
    h.partition = m->partition;
    h.offset = m->offset;
    h.message.position = o_.from.name + "/" + std::to_string(m->partition) + "/" + std::to_string(m->offset);
    if (m->key_len) h.message.id.assign(static_cast<const char*>(m->key), m->key_len);
    if (h.message.id.empty()) h.message.id = h.message.position;
    if (m->len) h.message.payload.assign(static_cast<const char*>(m->payload), m->len);
    h.enqueued_ms = rd_kafka_message_timestamp(m, nullptr);
    held_.push_back(std::move(h));
  }

  Status Flush() {
    if (held_.empty()) return Status::Ok();
    std::shared_ptr<const Engine> engine = engines_.current();
    std::vector<VerdictRecord> verdicts(held_.size());
    pool_.For(0, held_.size(), [&](size_t i) { verdicts[i] = handler_.Screen(*engine, held_[i].message); });
    // A message the store refuses for good is set aside (RecordEach): only a lost store or broker
    // fails the batch, which is then held and tried again, never committed meanwhile.
    size_t set_aside = 0;
    Status recorded = handler_.RecordEach(*engine, verdicts, &set_aside);
    for (size_t i = 0; i < set_aside; ++i) {
      metrics_.Failed(WorkerMetrics::Step::kRecord);
      metrics_.SetAside();
    }
    if (!recorded.ok()) metrics_.Failed(WorkerMetrics::Step::kRecord);
    EMBARGO_RETURN_IF_ERROR(recorded);
    if (Status published = Publish(verdicts); !published.ok()) {
      metrics_.Failed(WorkerMetrics::Step::kPublish);
      return published;
    }
    metrics_.Retrying(false);
    Status committed = Commit();
    if (!committed.ok()) {
      // Published and recorded, not committed (the group is rebalancing): the next owner of these
      // partitions screens them again and publishes the same verdicts (the store's first) again.
      std::cerr << "embargo worker " << o_.consumer << ": " << committed.message() << "; " << held_.size()
                << " message(s) will be delivered again\n";
      uncommitted_ += held_.size();
    }
    int64_t now = NowMs();
    for (size_t i = 0; i < held_.size(); ++i) {
      metrics_.Count(verdicts[i], static_cast<double>(now - held_[i].enqueued_ms));
      if (!verdicts[i].dead_letter.empty()) metrics_.DeadLetter();
    }
    held_.clear();
    return Status::Ok();
  }

  Status Produce(const std::string& topic, const std::string& key, const std::string& value) {
    rd_kafka_resp_err_t e = rd_kafka_producev(
        producer_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_END);
    if (e) return Status::Unavailable("kafka produce to " + topic + ": " + rd_kafka_err2str(e));
    return Status::Ok();
  }

  Status Publish(const std::vector<VerdictRecord>& verdicts) {
    std::string dead_letter = DeadLetterDestination(o_);
    failed_deliveries_ = 0;
    for (size_t i = 0; i < verdicts.size(); ++i) {
      const VerdictRecord& v = verdicts[i];
      EMBARGO_RETURN_IF_ERROR(Produce(VerdictDestination(o_, v), v.message_id, v.json));
      if (!v.dead_letter.empty()) {
        nlohmann::json d = {{"id", v.message_id}, {"reason", v.dead_letter}, {"payload", held_[i].message.payload},
                            {"position", held_[i].message.position}};
        EMBARGO_RETURN_IF_ERROR(Produce(dead_letter, v.message_id, JsonText(d)));
      }
    }
    if (rd_kafka_flush(producer_, 30000) != RD_KAFKA_RESP_ERR_NO_ERROR)
      return Status::Unavailable("kafka: verdicts not delivered within 30 s");
    if (failed_deliveries_ > 0)
      return Status::Unavailable("kafka: " + std::to_string(failed_deliveries_) + " verdict(s) not delivered: " + last_error_);
    return Status::Ok();
  }

  // Commits, per partition, the offset after the last message held.
  Status Commit() {
    std::map<int32_t, int64_t> next;
    for (const Held& h : held_) next[h.partition] = std::max(next[h.partition], h.offset + 1);
    rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(static_cast<int>(next.size()));
    for (const auto& [partition, offset] : next)
      rd_kafka_topic_partition_list_add(offsets, o_.from.name.c_str(), partition)->offset = offset;
    rd_kafka_resp_err_t e = rd_kafka_commit(consumer_, offsets, 0);
    rd_kafka_topic_partition_list_destroy(offsets);
    if (IsKafkaRefusal(e)) Refuse(consumer_, e, "committing the offsets of group " + o_.group);
    if (e) return Status::Unavailable(std::string("kafka commit: ") + rd_kafka_err2str(e));
    return Status::Ok();
  }

  // Notes the first refusal, naming the brokers of the client refused.
  void Refuse(rd_kafka_t* client, rd_kafka_resp_err_t err, const std::string& reason) {
    if (refusal_.ok()) refusal_ = KafkaRefused(client == producer_ ? o_.to.hosts : o_.from.hosts, err, reason);
  }

  static bool Fatal(rd_kafka_t* client) { return rd_kafka_fatal_error(client, nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR; }

  // A fatal error leaves a client that can do no more: the worker stops as if refused.
  void RefuseFatal(rd_kafka_t* client) {
    char why[512] = "";
    const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(client, why, sizeof why);
    Refuse(client, fatal == RD_KAFKA_RESP_ERR_NO_ERROR ? RD_KAFKA_RESP_ERR__FATAL : fatal, std::string("fatal: ") + why);
  }

  // librdkafka reports a refused SASL login, and the errors it retries itself (a broker down), only
  // here. The others are logged as librdkafka would without this callback.
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* self = static_cast<KafkaWorker*>(opaque);
    auto code = static_cast<rd_kafka_resp_err_t>(err);
    if (IsKafkaRefusal(code)) return self->Refuse(rk, code, reason);
    if (code == RD_KAFKA_RESP_ERR__FATAL) return self->RefuseFatal(rk);  // an idempotent producer's
    std::cerr << "embargo worker " << self->o_.consumer << ": kafka: " << reason << "\n";
  }

  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<KafkaWorker*>(opaque);
    if (IsKafkaRefusal(m->err)) self->Refuse(rk, m->err, "delivering to " + std::string(rd_kafka_topic_name(m->rkt)));
    if (m->err) {
      ++self->failed_deliveries_;
      self->last_error_ = rd_kafka_err2str(m->err);
    }
  }

  // Before partitions go to another member, what is held from them is finished and committed.
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    auto* self = static_cast<KafkaWorker*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      std::cerr << "embargo worker " << self->o_.consumer << ": assigned " << partitions->cnt << " partition(s)\n";
      rd_kafka_assign(rk, partitions);
      return;
    }
    // After a refusal nothing is finished: the worker is stopping and publishes nothing more.
    Status s = self->refusal_.ok() ? self->Flush() : Status::Ok();
    if (!s.ok()) {
      // Not committed: the next owner screens these messages again (the store keeps one record).
      std::cerr << "embargo worker " << self->o_.consumer << ": before giving up partitions: " << s.message() << "\n";
      self->held_.clear();
    }
    std::cerr << "embargo worker " << self->o_.consumer << ": revoked " << partitions->cnt << " partition(s)\n";
    rd_kafka_assign(rk, nullptr);
  }

  const WorkerOptions& o_;
  EngineSource& engines_;
  WorkerMetrics& metrics_;
  MessageHandler& handler_;
  WorkerPool pool_{o_.threads};  // screens each poll's messages
  rd_kafka_t* consumer_ = nullptr;
  rd_kafka_t* producer_ = nullptr;
  std::vector<Held> held_;
  size_t uncommitted_ = 0;  // messages published whose offsets could not be committed
  Status refusal_;          // the first refused login or permission (IsKafkaRefusal)
  int failed_deliveries_ = 0;
  std::string last_error_;
};

}  // namespace

Status RunKafkaWorker(const WorkerOptions& o, EngineSource& engines, WorkerSignals& signals, WorkerMetrics& metrics) {
  EMBARGO_ASSIGN_OR_RETURN(std::unique_ptr<DecisionStore> store, OpenStore(o.store));
  MessageHandler handler("worker " + o.consumer, nullptr, o.max_list_age_hours);
  if (store) handler.OwnStore(std::move(store), [target = o.store] { return OpenStore(target); });
  KafkaWorker worker(o, engines, metrics, handler);
  EMBARGO_RETURN_IF_ERROR(worker.Start());
  int64_t next_lag_ms = 0;
  RetryBackoff backoff;
  while (!signals.stop.load()) {
    engines.Refresh(signals.reload.exchange(false));
    ReportLists(engines, o, metrics);
    Status s = worker.Step();
    if (!worker.refusal().ok()) break;  // a bad setting: retrying would never cure it
    if (!s.ok()) {
      // Nothing of the batch was committed: it stays held and is tried again (a message the store
      // refuses for good was set aside already; exiting would only have the next owner fail too).
      WaitBeforeRetry(o, s, backoff, metrics, signals);
    }
    if (NowMs() >= next_lag_ms) {
      metrics.SetLag(worker.Lag());
      next_lag_ms = NowMs() + 1000;
    }
    if (o.max_messages > 0 && metrics.total() >= o.max_messages) break;
  }
  if (!worker.refusal().ok()) {
    std::cerr << "embargo worker " << o.consumer << ": stopped after " << metrics.total() << " verdicts\n";
    return worker.Abandon();
  }
  EMBARGO_RETURN_IF_ERROR(worker.Stop());
  std::cerr << "embargo worker " << o.consumer << ": stopped after " << metrics.total() << " verdicts ("
            << worker.uncommitted() << " published but not committed)\n";
  return Status::Ok();
}

}  // namespace embargo::streams
