#include "streams/worker.h"

#include "common/io.h"
#include "common/strings.h"
#include "embargo/lists.h"
#include "findings/findings.h"
#include "lists/in_force.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <iostream>
#include <sstream>
#include <thread>

namespace embargo::streams {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void SleepUnlessStopped(int64_t ms, const WorkerSignals& signals) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!signals.stop.load() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(ms, 100)));
}

void WaitBeforeRetry(const WorkerOptions& options, const Status& failed, RetryBackoff& backoff, WorkerMetrics& metrics,
                     const WorkerSignals& signals) {
  if (!metrics.retrying()) backoff.Reset();  // a batch went through since the last failure
  int64_t delay_ms = backoff.Next();
  std::cerr << "embargo worker " << options.consumer << ": " << failed.message() << " (retrying in " << delay_ms / 1000
            << " s)\n";
  metrics.Retrying(true);
  SleepUnlessStopped(delay_ms, signals);
}

StatusOr<std::unique_ptr<DecisionStore>> OpenStore(const std::string& target) {
  if (target.empty()) return std::unique_ptr<DecisionStore>();
  return DecisionStore::Open(target);
}

void WorkerMetrics::Count(const VerdictRecord& v, double latency_ms) {
  by_verdict_[v.lists_stale ? 1 : 0][static_cast<size_t>(v.verdict)].fetch_add(1);
  if (v.redelivered) redelivered_.fetch_add(1);
  size_t b = 0;
  while (b < kBuckets && latency_ms > kBucketsMs[b]) ++b;
  buckets_[b].fetch_add(1);
  latency_sum_us_.fetch_add(static_cast<int64_t>(latency_ms * 1000));
}

void WorkerMetrics::Retrying(bool retrying) {
  if (retrying) retries_.fetch_add(1);
  retrying_.store(retrying);
}

void WorkerMetrics::SetLists(const std::string& version, bool stale, int64_t failed_reloads, const std::string& reload_error) {
  std::lock_guard<std::mutex> lock(mu_);
  list_version_ = version;
  lists_stale_ = stale;
  failed_reloads_ = failed_reloads;
  reload_error_ = reload_error;
}

std::string WorkerMetrics::NotReady() const {
  if (retrying_.load()) return "retrying: the last batch could not be read, recorded or published";
  std::lock_guard<std::mutex> lock(mu_);
  if (lists_stale_) return "lists older than --max-list-age, or of unknown publication date";
  if (!reload_error_.empty()) return "the last list reload failed (lists version " + list_version_ + " kept): " + reload_error_;
  return "";
}

int64_t WorkerMetrics::total() const {
  int64_t n = 0;
  for (const auto& stale : by_verdict_)
    for (const auto& c : stale) n += c.load();
  return n;
}

namespace {

// A metric of one value, with its help and type lines.
void WriteMetric(std::ostream& out, std::string_view name, std::string_view type, std::string_view help,
                 int64_t value) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n" << name << " " << value << "\n";
}

}  // namespace

std::string WorkerMetrics::Render() const {
  std::ostringstream out;
  out << "# HELP embargo_worker_messages_total Messages given a verdict, by verdict and by whether the lists were "
         "stale (--max-list-age): a PASS on stale lists is no clear.\n"
         "# TYPE embargo_worker_messages_total counter\n";
  for (int stale : {0, 1})
    for (Verdict v : {Verdict::kPass, Verdict::kReview, Verdict::kBlock, Verdict::kError})
      out << "embargo_worker_messages_total{verdict=\"" << VerdictName(v) << "\",lists_stale=\"" << (stale ? "true" : "false")
          << "\"} " << by_verdict_[stale][static_cast<size_t>(v)].load() << "\n";
  WriteMetric(out, "embargo_worker_redelivered_total", "counter",
              "Messages the store had recorded before (first verdict republished).", redelivered_.load());
  WriteMetric(out, "embargo_worker_dead_letters_total", "counter",
              "Unparseable messages sent to the dead-letter stream.", dead_letters_.load());
  WriteMetric(out, "embargo_worker_lag", "gauge",
              "Messages of the group not yet delivered to any consumer (-1: unknown).", lag_.load());
  RenderHealth(out);
  out << "# HELP embargo_worker_latency_seconds From enqueue to verdict.\n# TYPE embargo_worker_latency_seconds histogram\n";
  int64_t cumulative = 0;
  for (size_t b = 0; b < kBuckets; ++b) {
    cumulative += buckets_[b].load();
    out << "embargo_worker_latency_seconds_bucket{le=\"" << kBucketsMs[b] / 1000 << "\"} " << cumulative << "\n";
  }
  cumulative += buckets_[kBuckets].load();
  out << "embargo_worker_latency_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
      << "embargo_worker_latency_seconds_sum " << latency_sum_us_.load() / 1e6 << "\n"
      << "embargo_worker_latency_seconds_count " << cumulative << "\n";
  std::lock_guard<std::mutex> lock(mu_);
  out << "# HELP embargo_worker_list_version The list version in force.\n# TYPE embargo_worker_list_version gauge\n"
      << "embargo_worker_list_version{version=\"" << list_version_ << "\"} 1\n";
  WriteMetric(out, "embargo_worker_lists_stale", "gauge",
              "1 when a list is older than --max-list-age (or of unknown age).", lists_stale_ ? 1 : 0);
  WriteMetric(out, "embargo_worker_list_reload_failures_total", "counter",
              "List reloads that failed or were refused (lists kept).", failed_reloads_);
  return out.str();
}

void WorkerMetrics::RenderHealth(std::ostream& out) const {
  WriteMetric(out, "embargo_worker_pending", "gauge",
              "Entries delivered to the group's consumers and not yet acknowledged (-1: unknown).",
              pending_.load());
  out << "# HELP embargo_worker_failures_total Failed attempts, by step (each retried, or its message set aside).\n"
         "# TYPE embargo_worker_failures_total counter\n";
  for (auto [step, name] : {std::pair{Step::kRead, "read"}, {Step::kRecord, "record"}, {Step::kPublish, "publish"}})
    out << "embargo_worker_failures_total{step=\"" << name << "\"} " << failures_[static_cast<size_t>(step)].load() << "\n";
  WriteMetric(out, "embargo_worker_retries_total", "counter",
              "Times the worker waited to try a batch again.", retries_.load());
  WriteMetric(out, "embargo_worker_set_aside_total", "counter",
              "Messages whose recording failed for good, given an ERROR verdict alone.", set_aside_.load());
  WriteMetric(out, "embargo_worker_retrying", "gauge",
              "1 while the worker waits to try a failed batch again.", retrying_.load() ? 1 : 0);
}

Status EngineSource::Start() {
  if (probe_) {
    auto p = probe_();
    if (!p.ok()) return p.status().WithContext("list versions");
    probed_ = *p;
  }
  auto e = load_();
  if (!e.ok()) return e.status();
  current_ = *e;
  next_poll_ms_ = NowMs() + poll_ms_;
  std::cerr << "embargo worker: lists version " << current_->version() << "\n";
  return Status::Ok();
}

namespace {

std::vector<ListInForce> InForce(const Engine& engine) {
  std::vector<ListInForce> out;
  for (const ListLoad& l : engine.screener().lists()) out.push_back({l.dataset, l.entities.size()});
  return out;
}

}  // namespace

void EngineSource::Failed(const std::string& why) {
  ++failed_reloads_;
  reload_error_ = why;
  std::cerr << "embargo worker: reload failed, keeping lists version " << current_->version() << ": " << why << "\n";
}

// A load on its own thread: `done` is set once `loaded` holds its outcome.
struct EngineSource::Loading {
  std::string probed;  // the versions it loads
  std::atomic<bool> done{false};
  std::optional<StatusOr<std::shared_ptr<const Engine>>> loaded;
  std::thread thread;
};

EngineSource::EngineSource(Loader load, Probe probe, int64_t poll_ms)
    : load_(std::move(load)), probe_(std::move(probe)), poll_ms_(poll_ms) {}

EngineSource::~EngineSource() {
  if (!loading_) return;
  std::cerr << "embargo worker: waiting for the list load in progress to end\n";
  loading_->thread.join();
}

void EngineSource::Refresh(bool forced) {
  forced_ = forced_ || forced;
  if (loading_) SwitchWhenLoaded();
  if (loading_) return;  // one load at a time; a SIGHUP meanwhile loads again after it
  if (!forced_ && (!probe_ || poll_ms_ <= 0 || NowMs() < next_poll_ms_)) return;
  next_poll_ms_ = NowMs() + poll_ms_;
  std::string probed = probed_;
  if (probe_) {
    auto p = probe_();
    forced_ = forced_ && p.ok();  // a failed probe is reported; the next SIGHUP asks again
    if (!p.ok()) return Failed("list versions: " + p.status().message());
    probed = *p;
  }
  if (!forced_ && probed == probed_) return;
  forced_ = false;
  StartLoading(std::move(probed));
}

void EngineSource::StartLoading(std::string probed) {
  std::cerr << "embargo worker: loading the lists again; version " << current_->version() << " screens meanwhile\n";
  loading_ = std::make_unique<Loading>();
  loading_->probed = std::move(probed);
  loading_->thread = std::thread([load = load_, l = loading_.get()] {
    l->loaded = load();
    l->done.store(true);
  });
}

void EngineSource::SwitchWhenLoaded() {
  if (!loading_->done.load()) return;
  loading_->thread.join();
  std::unique_ptr<Loading> l = std::move(loading_);
  StatusOr<std::shared_ptr<const Engine>>& e = *l->loaded;
  if (!e.ok()) return Failed("loading lists: " + e.status().message());
  probed_ = l->probed;  // a refused version is not loaded again until the versions change
  if (Status gone = CheckNoListGone(InForce(*current_), InForce(**e), "worker"); !gone.ok()) return Failed(gone.message());
  reload_error_.clear();
  if ((*e)->version() == current_->version()) return;
  std::cerr << "embargo worker: lists switched from " << current_->version() << " to " << (*e)->version() << "\n";
  current_ = *e;
}

void ReportLists(const EngineSource& engines, const WorkerOptions& options, WorkerMetrics& metrics) {
  const Engine& engine = *engines.current();
  metrics.SetLists(engine.version(), engine.ListsStale(options.max_list_age_hours, NowMs() / 1000),
                   engines.failed_reloads(), engines.reload_error());
}

std::string DeadLetterDestination(const WorkerOptions& options) {
  return options.dead_letter.empty() ? options.to.name + "-dead-letter" : options.dead_letter;
}

std::string VerdictDestination(const WorkerOptions& options, Verdict verdict) {
  if (!options.route_by_verdict) return options.to.name;
  std::string suffix(VerdictName(verdict));
  for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return options.to.name + "-" + suffix;
}

Verdict RouteOf(const VerdictRecord& v) {
  return v.verdict == Verdict::kPass && v.lists_stale ? Verdict::kReview : v.verdict;
}

std::string VerdictDestination(const WorkerOptions& options, const VerdictRecord& v) {
  return VerdictDestination(options, RouteOf(v));
}

namespace {

// librdkafka's refusal of a setting (unknown property, value out of its range), or "". Checked
// as the file is read, where its line is known, not when the worker starts.
std::string RefusedByLibrdkafka(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
  char err[512] = "";
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) == RD_KAFKA_CONF_OK) return "";
  return err;
}

// librdkafka's aliases, alias -> the property it sets, as the linked librdkafka documents them:
// its table of properties says "Alias for `NAME`".
std::map<std::string, std::string, std::less<>> DocumentedKafkaAliases() {
  std::map<std::string, std::string, std::less<>> out;
  char* text = nullptr;
  size_t size = 0;
  if (FILE* table = open_memstream(&text, &size)) {
    rd_kafka_conf_properties_show(table);
    std::fclose(table);
  }
  constexpr std::string_view kAlias = "Alias for `";
  for (std::string_view line : Split(std::string_view(text ? text : "", size), '\n')) {
    size_t bar = line.find('|'), at = line.find(kAlias);
    size_t end = at == std::string_view::npos ? at : line.find('`', at + kAlias.size());
    if (bar == std::string_view::npos || end == std::string_view::npos) continue;
    out.emplace(Trim(line.substr(0, bar)), line.substr(at + kAlias.size(), end - at - kAlias.size()));
  }
  std::free(text);
  return out;
}

// Set by embargo, each with librdkafka's alias of it: set under either name, it takes effect.
const std::set<std::string, std::less<>> kOwnKafkaSettings = {
    "group.id", "enable.auto.offset.store", "enable.idempotence", "enable.auto.commit", "auto.commit.enable",
    "acks", "request.required.acks", "bootstrap.servers", "metadata.broker.list"};

// Loads code when set (the plugin's conf_init): given to the worker's clients only (MakeConf).
constexpr std::string_view kPluginPaths = "plugin.library.paths";

// One line of the file: refused when embargo sets it, when it or an alias of it was set above
// (`set_as`: property -> the key that set it), or when librdkafka refuses it.
Status CheckKafkaSetting(const std::string& key, const std::string& value, std::map<std::string, std::string>& set_as,
                         rd_kafka_conf_t* conf) {
  const std::string& property = KafkaProperty(key);
  if (kOwnKafkaSettings.contains(key) || kOwnKafkaSettings.contains(property))
    return Status::InvalidArgument(key + " is set by embargo (--from, --to, --group and its delivery guarantees)");
  // A second line would silently replace the first: which one the operator meant is unknown.
  auto [earlier, first] = set_as.emplace(property, key);
  if (!first)
    return Status::InvalidArgument(key + " is set twice" +
                                   (earlier->second == key ? "" : " (" + earlier->second + " above: one setting, two names in librdkafka)"));
  if (key == kPluginPaths) return Status::Ok();  // checked when the clients are made, not loaded here
  if (std::string why = RefusedByLibrdkafka(conf, key, value); !why.empty()) return Status::InvalidArgument(key + ": " + why);
  return Status::Ok();
}

}  // namespace

const std::string& KafkaProperty(const std::string& key) {
  static const auto aliases = [] {
    auto out = DocumentedKafkaAliases();
    // As CONFIGURATION.md of librdkafka 2.0 lists them: still known should the table's wording change.
    out.insert({{"bootstrap.servers", "metadata.broker.list"}, {"max.in.flight", "max.in.flight.requests.per.connection"},
                {"sasl.mechanism", "sasl.mechanisms"}, {"max.partition.fetch.bytes", "fetch.message.max.bytes"},
                {"linger.ms", "queue.buffering.max.ms"}, {"retries", "message.send.max.retries"},
                {"compression.type", "compression.codec"}, {"acks", "request.required.acks"},
                {"delivery.timeout.ms", "message.timeout.ms"}});
    return out;
  }();
  auto it = aliases.find(key);
  return it == aliases.end() ? key : it->second;
}

StatusOr<std::map<std::string, std::string>> ReadKafkaSettings(const std::string& path, std::string* plugin_at) {
  EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::map<std::string, std::string> settings, set_as;
  std::unique_ptr<rd_kafka_conf_t, void (*)(rd_kafka_conf_t*)> conf(rd_kafka_conf_new(), rd_kafka_conf_destroy);
  EMBARGO_RETURN_IF_ERROR(ForEachRuleLine(text, path, [&](std::string_view line) -> Status {
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return Status::InvalidArgument("expected key = value");
    std::string key(Trim(line.substr(0, eq))), value(Trim(line.substr(eq + 1)));
    if (key.empty()) return Status::InvalidArgument("empty key");
    EMBARGO_RETURN_IF_ERROR(CheckKafkaSetting(key, value, set_as, conf.get()));
    settings[key] = value;
    // Its line, for the error should it fail to load (later, when the clients are made).
    if (key == kPluginPaths && plugin_at)
      *plugin_at = path + ":" + std::to_string(1 + std::count(text.c_str(), line.data(), '\n'));
    return Status::Ok();
  }));
  return settings;
}

}  // namespace embargo::streams
