// Store subcommands: recording screenings, `audit verify`, `alerts list|show|decide`, `rescreen`.
// Exit status: 0 clear / ok, 1 alert (or a broken audit chain), 2 error.
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/store_commands.h"
#include "common/csv.h"
#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "embargo/lists.h"
#include "embargo/list_store.h"
#include "embargo/decision_store.h"
#include "decision_store/rescreen.h"
#include "decision_store/screening.h"

namespace embargo::cli {
namespace {

struct StoreConfig {
  std::string store;
  bool record_always = false;
  std::string caller;
  DecisionStoreOptions options;
  std::string error;
};

// The store keys of the config file (the other keys are checked by ResolveConfig).
StoreConfig ReadStoreConfig(const GlobalOptions& g) {
  StoreConfig c;
  if (const char* env = std::getenv("EMBARGO_STORE"); env && *env) c.store = env;
  if (g.config.empty()) return c;
  auto text = ReadFile(g.config);
  if (!text.ok()) {
    c.error = text.status().message();
    return c;
  }
  std::istringstream in(*text);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    std::string t(Trim(line));
    size_t eq = t.find('=');
    if (t.empty() || t[0] == '#' || eq == std::string::npos) continue;
    std::string key(Trim(t.substr(0, eq))), value(Trim(t.substr(eq + 1)));
    std::string where = g.config + ":" + std::to_string(n) + ": ";
    if (key == "store") c.store = value;
    else if (key == "caller") c.caller = value;
    else if (key == "record") {
      if (value != "always" && value != "on-request") c.error = where + "record must be always or on-request";
      c.record_always = value == "always";
    } else if (key == "four_eyes") {
      if (value != "true" && value != "false") c.error = where + "four_eyes must be true or false";
      c.options.four_eyes = value == "true";
    } else if (key == "four_eyes_score") {
      try {
        c.options.four_eyes_score = std::stod(value);
      } catch (...) {
        c.options.four_eyes_score = -1;
      }
      if (!(c.options.four_eyes_score >= 0 && c.options.four_eyes_score <= 1))
        c.error = where + "four_eyes_score must be a number in [0,1]";
    }
  }
  return c;
}

int Fail(const std::string& msg) {
  std::cerr << "embargo: " << msg << "\n";
  return 2;
}

std::string CallerOf(const std::string& flag, const StoreConfig& c) {
  if (!flag.empty()) return flag;
  if (!c.caller.empty()) return c.caller;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "cli";
}

// Opens the store named by the flag, the config file or EMBARGO_STORE.
StatusOr<std::unique_ptr<DecisionStore>> OpenStore(const std::string& flag, const StoreConfig& c, bool read_only = false) {
  if (!c.error.empty()) return Status::InvalidArgument(c.error);
  std::string target = flag.empty() ? c.store : flag;
  if (target.empty())
    return Status::InvalidArgument("store: none given (use --store PATH|postgresql://..., `store =` in --config, or EMBARGO_STORE)");
  DecisionStoreOptions opts = c.options;
  opts.read_only = read_only;
  return DecisionStore::Open(target, opts);
}

nlohmann::json AlertJson(const Alert& a) {
  nlohmann::json j = {{"id", a.id},           {"status", a.status},     {"score", a.score},
                      {"customer_id", a.customer_id}, {"entity_id", a.entity_id}, {"caption", a.caption},
                      {"reason", a.reason},   {"created_at", a.created_at}, {"record", a.record_seq}};
  if (a.run_id) j["rescreen_run"] = a.run_id;
  return j;
}

void PrintRecorded(const nlohmann::json& j) {
  std::cout << (j["alert"].get<bool>() ? "ALERT" : j["verdict"] == "suppressed" ? "suppressed" : "no alert") << ": "
            << j["hits"].size() << " hit(s) for \"" << j["query"]["name"].get<std::string>() << "\", recorded as record "
            << j["record"] << (j.contains("already_recorded") ? " (already recorded)" : "") << "\n";
  int i = 0;
  for (const auto& h : j["hits"]) {
    std::cout << std::setw(3) << ++i << "  " << std::fixed << std::setprecision(3) << h["score"].get<double>()
              << std::defaultfloat << "  " << std::left << std::setw(18) << h["entity_id"].get<std::string>()
              << std::right << h["caption"].get<std::string>();
    if (h.contains("alert_id")) std::cout << "  [alert " << h["alert_id"] << "]";
    if (h.contains("suppressed")) std::cout << "  [suppressed]";
    std::cout << "\n";
    if (h.contains("alert_reason")) std::cout << "       " << h["alert_reason"].get<std::string>() << "\n";
  }
}

}  // namespace

bool IsStoreConfigKey(const std::string& key) {
  return key == "store" || key == "record" || key == "caller" || key == "four_eyes" || key == "four_eyes_score";
}

bool WantsRecord(const GlobalOptions& g, const RecordArgs& r) {
  return r.record || ReadStoreConfig(g).record_always;
}

int RecordScreen(const GlobalOptions& g, const RecordArgs& r, const Query& query, const ScreenResult& result,
                 const Screener& screener, double threshold, const std::string& format) {
  StoreConfig c = ReadStoreConfig(g);
  auto store = OpenStore(r.store, c);
  if (!store.ok()) return Fail("screening NOT recorded: " + store.status().message());
  ScreeningRecord rec =
      MakeScreeningRecord(query, result, screener.lists(), CallerOf(r.caller, c), r.customer_id, threshold);
  auto outcome = (*store)->RecordScreening(rec);
  if (!outcome.ok()) return Fail("screening NOT recorded: " + outcome.status().message());
  nlohmann::json j = decisions::RecordedResultJson(query, result, *outcome);
  if (format == "json") std::cout << j.dump() << "\n";
  else PrintRecorded(j);
  return outcome->alert ? 1 : 0;
}

int RecordBatch(const GlobalOptions& g, const BatchArgs& a, const Screener& screener, double threshold) {
  StoreConfig c = ReadStoreConfig(g);
  auto store = OpenStore(a.rec.store, c);
  if (!store.ok()) return Fail("nothing recorded: " + store.status().message());
  std::string caller = CallerOf(a.rec.caller, c);
  auto text = ReadFile(a.input);
  if (!text.ok()) return Fail(text.status().message());
  // Rows are keyed by the input's content and line: rerunning an interrupted batch records the
  // remaining rows only.
  std::string batch_key = Sha256Hex(*text);
  CsvReader reader(*text);
  std::vector<std::string> header, fields;
  if (!reader.Next(header)) return Fail(a.input + ": empty file, expected a header with id,name");
  std::vector<int> col(6, -1);
  const char* names[] = {"id", "name", "type", "dob", "country", "id_number"};
  for (size_t i = 0; i < header.size(); ++i)
    for (int k = 0; k < 6; ++k)
      if (Trim(header[i]) == names[k]) col[k] = static_cast<int>(i);
  if (col[0] < 0 || col[1] < 0) return Fail(a.input + ":1: header needs 'id' and 'name' columns");
  struct Row {
    size_t line;
    std::string id;
    StatusOr<decisions::Customer> customer = Status::InvalidArgument("");
    StatusOr<ScreenResult> result = Status::InvalidArgument("");
  };
  std::vector<Row> rows;
  while (reader.Next(fields)) {
    Row r;
    r.line = reader.line();
    std::string where = a.input + ":" + std::to_string(r.line);
    auto f = [&](int k) { return col[k] >= 0 && static_cast<size_t>(col[k]) < fields.size() ? fields[col[k]] : std::string(); };
    r.id = f(0);
    if (!reader.error().empty()) r.customer = Status::InvalidArgument(where + ": " + reader.error());
    else if (fields.size() != header.size())
      r.customer = Status::InvalidArgument(where + ": expected " + std::to_string(header.size()) + " fields, found " +
                                           std::to_string(fields.size()));
    else r.customer = decisions::MakeCustomer(f(0), f(1), f(2), f(3), f(4), f(5), where);
    rows.push_back(std::move(r));
  }
  std::ofstream file;
  if (!a.output.empty()) {
    file.open(a.output);
    if (!file) return Fail(a.output + ": cannot write");
  }
  std::ostream& os = a.output.empty() ? std::cout : file;
  MatchOptions opts;
  opts.threshold = threshold;
  bool any_alert = false, any_error = false;
  const size_t chunk = 256;
  for (size_t begin = 0; begin < rows.size(); begin += chunk) {
    size_t end = std::min(rows.size(), begin + chunk);
    std::atomic<size_t> next{begin};
    auto work = [&] {
      for (size_t i; (i = next.fetch_add(1)) < end;)
        if (rows[i].customer.ok()) rows[i].result = screener.Screen(rows[i].customer->query, opts);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < a.threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (size_t i = begin; i < end; ++i) {
      Row& r = rows[i];
      if (!r.customer.ok() || !r.result.ok()) {
        any_error = true;
        std::string msg = !r.customer.ok() ? r.customer.status().message()
                                           : a.input + ":" + std::to_string(r.line) + ": " + r.result.status().message();
        os << nlohmann::json{{"id", r.id}, {"alert", false}, {"hits", nlohmann::json::array()}, {"error", msg}}.dump()
           << "\n";
        continue;
      }
      ScreeningRecord rec = MakeScreeningRecord(r.customer->query, *r.result, screener.lists(), caller,
                                                         r.customer->id, threshold);
      rec.request_key = "batch:" + batch_key + ":" + std::to_string(r.line);
      auto outcome = (*store)->RecordScreening(rec);
      if (!outcome.ok()) {
        os.flush();
        return Fail(a.input + ":" + std::to_string(r.line) + ": screening NOT recorded, batch stopped: " +
                    outcome.status().message());
      }
      nlohmann::json j = decisions::RecordedResultJson(r.customer->query, *r.result, *outcome);
      nlohmann::json line = {{"id", r.customer->id}, {"alert", j["alert"]}, {"verdict", j["verdict"]},
                             {"record", outcome->seq}};
      if (outcome->already_recorded) line["already_recorded"] = true;
      nlohmann::json hits = nlohmann::json::array();
      for (const auto& h : j["hits"]) {
        nlohmann::json hj = {{"entity_id", h["entity_id"]}, {"score", h["score"]}, {"caption", h["caption"]},
                             {"matched_name", h["matched_name"]}};
        for (const char* k : {"alert_id", "suppressed", "alert_reason"})
          if (h.contains(k)) hj[k] = h[k];
        hits.push_back(std::move(hj));
      }
      line["hits"] = std::move(hits);
      if (r.result->incomplete) line["incomplete"] = true;
      if (outcome->alert) any_alert = true;
      os << line.dump() << "\n";
    }
    os.flush();
  }
  if (!os) return Fail((a.output.empty() ? "stdout" : a.output) + ": write failed (the screenings were recorded)");
  (void)any_error;
  return any_alert ? 1 : 0;
}

Status ConfigureServerStore(const GlobalOptions& g, const std::string& store_flag, server::ServerOptions& opts) {
  StoreConfig c = ReadStoreConfig(g);
  if (!c.error.empty()) return Status::InvalidArgument(c.error);
  opts.store = store_flag.empty() ? c.store : store_flag;
  opts.store_options = c.options;
  opts.record_always = c.record_always;
  if (opts.record_always && opts.store.empty()) return Status::InvalidArgument("record = always needs a store (--store)");
  return Status::Ok();
}

int RunAuditVerify(const GlobalOptions& g, const StoreArgs& a) {
  auto store = OpenStore(a.store, ReadStoreConfig(g), /*read_only=*/true);
  if (!store.ok()) return Fail(store.status().message());
  auto rep = (*store)->Verify();
  if (!rep.ok()) return Fail(rep.status().message());
  if (rep->ok) {
    std::cout << "audit trail intact: " << rep->records << " records, hash chain verified\n";
    return 0;
  }
  std::cout << "audit trail BROKEN at record " << rep->first_broken << ": " << rep->problem << "\n";
  return 1;
}

int RunAlertsList(const GlobalOptions& g, const AlertsArgs& a) {
  auto store = OpenStore(a.st.store, ReadStoreConfig(g), true);
  if (!store.ok()) return Fail(store.status().message());
  auto alerts = (*store)->ListAlerts(a.status, a.limit);
  if (!alerts.ok()) return Fail(alerts.status().message());
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const Alert& al : *alerts) out.push_back(AlertJson(al));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << std::left << std::setw(7) << "id" << std::setw(16) << "status" << std::setw(7) << "score"
            << std::setw(16) << "customer" << std::setw(20) << "entity" << "caption\n";
  for (const Alert& al : *alerts)
    std::cout << std::left << std::setw(7) << al.id << std::setw(16) << al.status << std::setw(7) << std::fixed
              << std::setprecision(3) << al.score << std::defaultfloat << std::setw(16) << al.customer_id
              << std::setw(20) << al.entity_id << al.caption << "\n";
  std::cout << alerts->size() << " alert(s)\n";
  return 0;
}

int RunAlertsShow(const GlobalOptions& g, const AlertsArgs& a) {
  auto store = OpenStore(a.st.store, ReadStoreConfig(g), true);
  if (!store.ok()) return Fail(store.status().message());
  auto alert = (*store)->GetAlert(a.id);
  if (!alert.ok()) return Fail(alert.status().message());
  auto decisions = (*store)->GetDecisions(a.id);
  if (!decisions.ok()) return Fail(decisions.status().message());
  nlohmann::json j = AlertJson(*alert);
  j["hit"] = nlohmann::json::parse(alert->hit_json, nullptr, false);
  j["decisions"] = nlohmann::json::array();
  for (const Decision& d : *decisions)
    j["decisions"].push_back({{"decision", d.decision}, {"reviewer", d.reviewer}, {"comment", d.comment},
                              {"decided_at", d.decided_at}, {"record", d.record_seq}});
  std::cout << j.dump(2) << "\n";
  return 0;
}

int RunAlertsDecide(const GlobalOptions& g, const AlertsArgs& a) {
  StoreConfig c = ReadStoreConfig(g);
  auto store = OpenStore(a.st.store, c);
  if (!store.ok()) return Fail(store.status().message());
  std::string reviewer = a.reviewer.empty() ? CallerOf(a.st.caller, c) : a.reviewer;
  auto out = (*store)->Decide(a.id, a.decision, reviewer, a.comment);
  if (!out.ok()) return Fail(out.status().message());
  if (a.format == "json") {
    std::cout << nlohmann::json{{"alert_id", a.id}, {"status", out->status}, {"needs_second_review", out->needs_second_review},
                                {"record", out->record_seq}}.dump()
              << "\n";
  } else {
    std::cout << "alert " << a.id << ": " << out->status
              << (out->needs_second_review ? " (four-eyes rule: a second reviewer must confirm)" : "") << ", record "
              << out->record_seq << "\n";
  }
  return 0;
}

int RunRescreenCommand(const GlobalOptions& g, const RescreenArgs& a) {
  if (a.customers.empty() == !a.from_store) return Fail("rescreen needs exactly one of --customers FILE.csv or --from-store");
  ResolvedConfig cfg = ResolveForStore(g);
  if (!cfg.error.empty()) return Fail(cfg.error);
  StoreConfig c = ReadStoreConfig(g);
  auto store = OpenStore(a.st.store, c);
  if (!store.ok()) return Fail(store.status().message());
  std::vector<decisions::Customer> customers;
  if (!a.customers.empty()) {
    auto loaded = decisions::LoadCustomersCsv(a.customers);
    if (!loaded.ok()) return Fail(loaded.status().message());
    customers = std::move(*loaded);
  } else {
    auto stored = (*store)->Customers();
    if (!stored.ok()) return Fail(stored.status().message());
    for (const StoredCustomer& s : *stored) {
      auto cu = decisions::CustomerFromStored(s);
      if (!cu.ok()) return Fail(cu.status().message());
      customers.push_back(std::move(*cu));
    }
  }
  auto lists = LoadListPath(cfg.lists_dir);
  if (!lists.ok()) return Fail(lists.status().message());
  DropSupersededCopies(*lists);
  Status complete = CheckListsComplete(
      *lists, {.floors = RecordFloors(DefaultStoreDir(), UpdateOptions{}.max_drop), .allow_shrink = g.allow_shrink});
  if (!complete.ok()) return Fail(complete.message());
  std::vector<ListLoad> previous;
  if (!a.previous_lists.empty()) {
    auto prev = LoadListPath(a.previous_lists);
    if (!prev.ok()) return Fail(prev.status().message());
    previous = std::move(*prev);
  }
  decisions::RescreenOptions opts;
  opts.threshold = cfg.threshold;
  opts.batch_size = a.batch_size;
  opts.threads = a.threads;
  opts.caller = CallerOf(a.st.caller, c);
  if (isatty(STDERR_FILENO)) {
    opts.progress = [](size_t done, size_t total) {
      std::fprintf(stderr, "\r[%-40s] %zu/%zu", std::string(total ? 40 * done / total : 40, '#').c_str(), done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  auto rep = decisions::RunRescreen(**store, *lists, a.previous_lists.empty() ? nullptr : &previous, customers, opts);
  if (!rep.ok()) return Fail("rescreen: " + rep.status().message());
  nlohmann::json j = {{"run", rep->run_id},          {"resumed", rep->resumed},       {"resumed_from", rep->resumed_from},
                      {"customers", rep->customers}, {"full", rep->full},             {"added", rep->added},
                      {"changed", rep->changed},     {"removed", rep->removed},       {"new_alerts", rep->new_alerts},
                      {"resolved_alerts", rep->resolved}, {"candidates", rep->candidates}, {"seconds", rep->seconds}};
  if (a.format == "json") {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "rescreen run " << rep->run_id << (rep->resumed ? " (resumed at customer " + std::to_string(rep->resumed_from) + ")" : "")
              << ": " << rep->customers << " customers against " << rep->added << " added and " << rep->changed
              << " changed entities" << (rep->full ? " (first run: the full lists)" : "") << "; " << rep->removed
              << " removed\n"
              << rep->new_alerts << " new alert(s), " << rep->resolved << " alert(s) resolved (entity removed), "
              << std::fixed << std::setprecision(1) << rep->seconds << " s\n";
  }
  return rep->new_alerts > 0 ? 1 : 0;
}

}  // namespace embargo::cli
