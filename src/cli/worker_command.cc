// `embargo worker`: screens payment messages from Redis Streams or Kafka (docs/STREAMS.md).
#include <signal.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "streams/bus_uri.h"
#include "streams/metrics_listener.h"
#include "streams/worker.h"

namespace embargo::cli {
namespace {

streams::WorkerSignals* g_signals = nullptr;

void OnSignal(int sig) {
  if (!g_signals) return;
  if (sig == SIGHUP) g_signals->reload.store(true);
  else g_signals->stop.store(true);
}

void InstallSignals(streams::WorkerSignals& signals) {
  g_signals = &signals;
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sa.sa_flags = SA_RESTART;  // a blocking read finishes its wait; the loop then sees the flag
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &sa, nullptr);
}

std::string DefaultConsumer() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + "-" + std::to_string(getpid());
}

// The lists as the global options select them, and a probe of the list store's versions in force.
streams::EngineSource MakeEngineSource(const Settings& settings, int64_t poll_ms) {
  auto load = [settings]() -> StatusOr<std::shared_ptr<const streams::Engine>> {
    EMBARGO_ASSIGN_OR_RETURN(auto screener, LoadScreener(settings));
    return streams::Engine::Build(std::move(screener), settings.threshold);
  };
  streams::EngineSource::Probe probe;
  if (!settings.list_store.empty())
    probe = [store = settings.list_store]() -> StatusOr<std::string> {
      EMBARGO_ASSIGN_OR_RETURN(auto versions, CurrentVersions(store));
      std::string ids;
      for (const ListVersion& v : versions) ids += v.source + "=" + v.id + ";";
      return ids;
    };
  return streams::EngineSource(load, probe, poll_ms);
}

// A worker must not read what it publishes: its verdicts and dead letters would come back as
// payments, each screened and published again, without end.
// Names of one server (localhost, 127.0.0.1) are one server here: compared by text, a worker
// would have read its own output from kafka://localhost:9092 writing to kafka://127.0.0.1:9092.
Status RefuseReadingOwnOutput(const streams::WorkerOptions& o) {
  if (!streams::SameServer(o.to, o.from)) return Status::Ok();  // another Kafka cluster
  const std::string loop = "'" + o.from.name + "', the stream or topic of --from: the worker would screen its own ";
  if (!o.route_by_verdict && o.to.name == o.from.name) return Status::InvalidArgument("--to names " + loop + "verdicts");
  if (o.route_by_verdict)
    for (Verdict v : {Verdict::kPass, Verdict::kReview, Verdict::kBlock, Verdict::kError})
      if (streams::VerdictDestination(o, v) == o.from.name)
        return Status::InvalidArgument("--route-by-verdict publishes to " + loop + "verdicts");
  if (streams::DeadLetterDestination(o) == o.from.name)
    return Status::InvalidArgument(std::string("--dead-letter ") + (o.dead_letter.empty() ? "(--to + -dead-letter) " : "") +
                                   "names " + loop + "dead letters");
  return Status::Ok();
}

}  // namespace

CommandResult RunWorker(const GlobalOptions& g, const WorkerArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  streams::WorkerOptions o;
  EMBARGO_ASSIGN_OR_RETURN(o.from, streams::ParseBusUri(a.from, "--from"));
  EMBARGO_ASSIGN_OR_RETURN(o.to, streams::ParseBusUri(a.to, "--to"));
  if (o.from.kind != o.to.kind) return Status::InvalidArgument("--from and --to must name the same kind of bus");
  if (o.from.kind == streams::BusUri::Kind::kRedis && !streams::SameServer(o.from, o.to))
    return Status::InvalidArgument("--to must name the Redis server of --from (verdicts are published with the acknowledgement)");
  // One connection, --from's, publishes and acknowledges: other credentials in --to would be ignored.
  if (!o.to.password.empty() && (o.to.user != o.from.user || o.to.password != o.from.password))
    return Status::InvalidArgument("--to gives other Redis credentials than --from: verdicts are published on the "
                                   "connection of --from (give the user and password in --from)");
  o.group = a.group;
  o.consumer = a.consumer.empty() ? DefaultConsumer() : a.consumer;
  o.store = a.store.empty() ? settings.file.decisions.decision_store : a.store;
  o.dead_letter = a.dead_letter;
  o.route_by_verdict = a.route_by_verdict;
  EMBARGO_RETURN_IF_ERROR(RefuseReadingOwnOutput(o));
  if (!a.kafka_config.empty()) {
    if (o.from.kind != streams::BusUri::Kind::kKafka) return Status::InvalidArgument("--kafka-config needs a kafka:// bus");
    EMBARGO_ASSIGN_OR_RETURN(o.kafka_settings, streams::ReadKafkaSettings(a.kafka_config, &o.kafka_plugin_at));
    o.kafka_config = a.kafka_config;
  }
  o.window = a.window;
  o.threads = a.threads;
  o.claim_idle_ms = a.claim_idle_ms;
  o.max_messages = a.max_messages;
  o.max_list_age_hours = a.max_list_age_hours >= 0 ? a.max_list_age_hours : settings.file.serve.max_list_age_hours;

  // Before the lists load: a SIGTERM meanwhile stops the worker cleanly once they have.
  streams::WorkerSignals signals;
  InstallSignals(signals);
  streams::EngineSource engines = MakeEngineSource(settings, a.list_poll_seconds * 1000);
  EMBARGO_RETURN_IF_ERROR(engines.Start());
  streams::WorkerMetrics metrics;
  std::unique_ptr<streams::MetricsListener> listener;
  if (a.metrics_port >= 0) {
    EMBARGO_ASSIGN_OR_RETURN(listener, streams::MetricsListener::Start(a.metrics_host, a.metrics_port, metrics));
    std::cerr << "embargo worker: metrics on http://" << a.metrics_host << ":" << listener->port() << "/metrics (also /healthz, /readyz)\n";
  }
  std::cerr << "embargo worker " << o.consumer << ": " << o.from.text << " -> " << o.to.text << " (group " << o.group
            << (o.store.empty() ? ", no decision store" : ", recording") << ")\n";
  Status s = o.from.kind == streams::BusUri::Kind::kRedis ? RunRedisWorker(o, engines, signals, metrics)
                                                          : RunKafkaWorker(o, engines, signals, metrics);
  g_signals = nullptr;
  if (!s.ok()) return s;
  return Outcome::kClear;
}

}  // namespace embargo::cli
