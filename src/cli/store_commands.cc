// Decision store subcommands: recording screenings, `audit verify`, `alerts list|show|decide`,
// `rescreen`.
#include "cli/store_commands.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/output.h"
#include "cli/progress.h"
#include "common/json_text.h"
#include "common/sha256.h"
#include "decision_store/rescreen.h"
#include "embargo/lists.h"

namespace embargo::cli {
namespace {

std::string CallerOf(const std::string& flag, const Settings& s) {
  if (!flag.empty()) return flag;
  if (!s.file.decisions.caller.empty()) return s.file.decisions.caller;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "cli";
}

// The decision store named by the flag, the config file, or the environment.
std::string DecisionStoreTarget(const std::string& flag, const Settings& s) {
  if (!flag.empty()) return flag;
  if (!s.file.decisions.decision_store.empty()) return s.file.decisions.decision_store;
  if (const char* env = std::getenv("EMBARGO_DECISION_STORE"); env && *env) return env;
  if (const char* env = std::getenv("EMBARGO_STORE"); env && *env) {
    std::cerr << "embargo: warning: EMBARGO_STORE is deprecated; set EMBARGO_DECISION_STORE\n";
    return env;
  }
  return "";
}

nlohmann::json AlertJson(const Alert& a) {
  nlohmann::json j = {{"id", a.id},           {"status", a.status},     {"score", a.score},
                      {"customer_id", a.customer_id}, {"customer_name", a.customer_name},
                      {"entity_id", a.entity_id}, {"caption", a.caption},
                      {"reason", a.reason},   {"created_at", a.created_at}, {"record", a.record_seq}};
  if (a.run_id) j["rescreen_run"] = a.run_id;
  return j;
}

void PrintRecorded(const ScreenResult& result, const nlohmann::json& j) {
  std::cout << (j["alert"].get<bool>() ? "ALERT" : j["verdict"] == "suppressed" ? "suppressed" : "no alert") << ": "
            << j["hits"].size() << " hit(s) for \"" << j["query"]["name"].get<std::string>() << "\", recorded as record "
            << j["record"] << (j.contains("already_recorded") ? " (already recorded)" : "") << "\n";
  for (size_t i = 0; i < result.hits.size() && i < j["hits"].size(); ++i) {
    const Hit& h = result.hits[i];
    const nlohmann::json& hj = j["hits"][i];
    std::cout << std::setw(3) << i + 1 << "  " << Score3(h.score) << "  " << h.entity->id << "  " << h.entity->caption();
    if (hj.contains("alert_id")) std::cout << "  [alert " << hj["alert_id"] << "]";
    if (hj.contains("suppressed")) std::cout << "  [suppressed]";
    std::cout << "\n       matched " << WhatMatched(h) << "\n";
    if (hj.contains("alert_reason")) std::cout << "       " << hj["alert_reason"].get<std::string>() << "\n";
  }
}

}  // namespace

StatusOr<std::unique_ptr<DecisionStore>> OpenStore(const std::string& flag, const Settings& s, bool read_only) {
  std::string target = DecisionStoreTarget(flag, s);
  if (target.empty())
    return Status::InvalidArgument(
        "decision store: none given (use --decision-store PATH|postgresql://..., `decision_store =` in --config, or "
        "EMBARGO_DECISION_STORE)");
  DecisionStoreOptions opts = s.file.decisions.options;
  opts.read_only = read_only;
  return DecisionStore::Open(target, opts);
}

bool WantsRecord(const Settings& s, const RecordArgs& r) { return r.record || s.file.decisions.record_always; }

CommandResult RecordScreen(const Settings& s, const RecordArgs& r, const Query& query, const ScreenResult& result,
                           const Screener& screener, const std::string& format) {
  std::string customer;  // none: the screening is recorded without a customer
  if (!r.customer_id.empty()) {
    auto id = decisions::CustomerId(r.customer_id);  // as batch and /v1/screen read it
    if (!id.ok()) return Status::InvalidArgument("--customer-id: " + id.status().message() + "; screening NOT recorded");
    customer = *id;
  }
  auto store = OpenStore(r.store, s);
  if (!store.ok()) return std::move(store).status().WithContext("screening NOT recorded");
  ScreeningRecord rec = MakeScreeningRecord(query, result, screener.lists(), CallerOf(r.caller, s), customer,
                                            s.threshold);
  auto outcome = (*store)->RecordScreening(rec);
  if (!outcome.ok()) return std::move(outcome).status().WithContext("screening NOT recorded");
  nlohmann::json j = decisions::RecordedResultJson(query, result, *outcome);
  if (format == "json") std::cout << JsonText(j) << "\n";
  else PrintRecorded(result, j);
  return AlertIf(outcome->alert);
}

StatusOr<std::unique_ptr<BatchRecorder>> BatchRecorder::Open(const Settings& s, const RecordArgs& r,
                                                             std::string_view input) {
  auto recorder = std::make_unique<BatchRecorder>();
  auto store = OpenStore(r.store, s);
  if (!store.ok()) return std::move(store).status().WithContext("nothing recorded");
  recorder->store_ = std::move(*store);
  recorder->caller_ = CallerOf(r.caller, s);
  recorder->input_key_ = Sha256Hex(input);
  return recorder;
}

// A rerun of the same input with the same lists and threshold is a retry, recorded once; with
// other lists or another threshold it is a new screening, whose own outcome must be reported.
std::string BatchRecorder::RunKey(const Screener& screener, double threshold) {
  if (run_key_.empty()) {
    std::ostringstream run;
    run << input_key_ << "\n" << std::setprecision(17) << threshold;
    for (const ListLoad& l : screener.lists()) run << "\n" << l.dataset << " " << l.content_hash;
    run_key_ = Sha256Hex(run.str());
  }
  return run_key_;
}

Status BatchRecorder::Record(const decisions::Customer& customer, size_t line, const ScreenResult& result,
                             const Screener& screener, double threshold, nlohmann::json& row,
                             std::string* bad_field) {
  // The store keeps one screening per customer id: a second row would silently replace the first.
  if (auto [first, fresh] = first_line_of_id_.emplace(customer.id, line); !fresh && !customer.id.empty()) {
    *bad_field = "id";
    return Status::InvalidArgument("id: customer '" + customer.id + "' is also on line " + std::to_string(first->second) +
                                   "; each row of a recorded batch must be its own customer");
  }
  ScreeningRecord rec = MakeScreeningRecord(customer.query, result, screener.lists(), caller_, customer.id, threshold);
  rec.request_key = "batch:" + RunKey(screener, threshold) + ":" + std::to_string(line);
  EMBARGO_ASSIGN_OR_RETURN(RecordOutcome outcome, store_->RecordScreening(rec));
  decisions::AddRecordOutcome(outcome, row);
  return Status::Ok();
}

Status ConfigureServerStore(const Settings& s, const std::string& store_flag, server::ServerOptions& opts) {
  opts.store = DecisionStoreTarget(store_flag, s);
  opts.store_options = s.file.decisions.options;
  opts.record_always = s.file.decisions.record_always;
  if (opts.record_always && opts.store.empty())
    return Status::InvalidArgument("record = always needs a decision store (--decision-store)");
  return Status::Ok();
}

CommandResult RunAuditVerify(const GlobalOptions& g, const AuditVerifyArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.store, s, /*read_only=*/true));
  EMBARGO_ASSIGN_OR_RETURN(VerifyReport rep, store->Verify(a.expect_head));
  if (rep.ok) {
    std::cout << "audit trail intact: " << rep.records << " records, hash chain verified, suppressions, decisions, "
              << "alerts and principals agree with it" << (a.expect_head.empty() ? "" : ", expected head found") << "; head "
              << (rep.head_hash.empty() ? "(empty trail)" : rep.head_hash) << "\n";
    return Outcome::kClear;
  }
  std::cout << "audit trail BROKEN at record " << rep.first_broken << ": " << rep.problem << "\n";
  return Outcome::kAlert;
}

CommandResult RunAuditHead(const GlobalOptions& g, const StoreArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.store, s, /*read_only=*/true));
  EMBARGO_ASSIGN_OR_RETURN(ChainHead head, store->Head());
  std::cout << head.seq << " " << (head.hash.empty() ? "-" : head.hash) << "\n";
  return Outcome::kClear;
}

namespace {

// An ISO 8601 prefix: YYYY, YYYY-MM, YYYY-MM-DD, then optionally THH[:MM[:SS...]].
Status CheckIsoPrefix(const char* flag, const std::string& v) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  bool ok = v.size() >= 4;
  for (size_t i = 0; ok && i < v.size(); ++i)
    ok = i < kShape.size() ? (kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(v[i])) != 0 : v[i] == kShape[i])
                           : i > 19;  // fractions and zone after the seconds
  auto part = [&](size_t at) { return v.size() >= at + 2 ? std::stoi(v.substr(at, 2)) : -1; };
  if (ok) {
    // The shape holds; so must the calendar and the clock (2026-13-01 and 2026-02-30 are no dates).
    int year = std::stoi(v.substr(0, 4)), month = part(5), day = part(8);
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    ok = (month == -1 || (month >= 1 && month <= 12)) &&
         (day == -1 || (day >= 1 && day <= kDays[month - 1] && !(month == 2 && day == 29 && !leap))) &&
         part(11) < 24 && part(14) < 60 && part(17) < 60;
  }
  if (!ok) return Status::InvalidArgument(std::string(flag) + ": expected YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS), not '" + v + "'");
  return Status::Ok();
}

}  // namespace

CommandResult RunAuditExport(const GlobalOptions& g, const AuditExportArgs& a) {
  if (!a.from.empty()) EMBARGO_RETURN_IF_ERROR(CheckIsoPrefix("--from", a.from));
  if (!a.to.empty()) EMBARGO_RETURN_IF_ERROR(CheckIsoPrefix("--to", a.to));
  // Prefixes compare as the times they begin: --to 2026-03 takes in all of March.
  if (!a.from.empty() && !a.to.empty() && a.from.compare(0, a.to.size(), a.to) > 0)
    return Status::InvalidArgument("--from " + a.from + " is after --to " + a.to + ": no record could be exported");
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s, /*read_only=*/true));
  std::ofstream file;
  if (!a.output.empty()) {
    file.open(a.output);
    if (!file) return Status::PermissionDenied(a.output + ": cannot write");
  }
  std::ostream& os = a.output.empty() ? std::cout : file;
  bool csv = a.format == "csv";
  if (csv) os << "seq,recorded_at,caller,kind,customer_id,content,prev_hash,hash\n";
  size_t n = 0;
  EMBARGO_RETURN_IF_ERROR(store->ExportAudit(a.from, a.to, [&](const AuditRecord& r) {
    auto content = nlohmann::json::parse(r.content, nullptr, false);
    ++n;
    if (csv) {
      std::string customer = content.is_object() ? content.value("customer_id", "") : "";
      os << r.seq << "," << CsvField(r.recorded_at) << "," << CsvField(r.caller) << "," << r.kind << "," << CsvField(customer)
         << "," << CsvField(r.content) << "," << r.prev_hash << "," << r.hash << "\n";
    } else {
      nlohmann::ordered_json j = {{"seq", r.seq},   {"recorded_at", r.recorded_at}, {"caller", r.caller}, {"kind", r.kind},
                                  {"content", content.is_discarded() ? nlohmann::json(r.content) : content},
                                  {"prev_hash", r.prev_hash}, {"hash", r.hash}};
      os << JsonText(j) << "\n";
    }
    return os ? Status::Ok() : Status::Internal((a.output.empty() ? "stdout" : a.output) + ": write failed");
  }));
  os.flush();
  std::cerr << "embargo: " << n << " audit record(s) exported; `embargo audit verify` checks the chain they belong to\n";
  return Outcome::kClear;
}

CommandResult RunAlertsList(const GlobalOptions& g, const AlertsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s, true));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<Alert> alerts, store->ListAlerts(a.status, a.limit, 0));
  EMBARGO_ASSIGN_OR_RETURN(int64_t total, store->CountAlertsWithStatus(a.status));
  // A list cut at --limit says so: the alerts past it are not "none".
  std::string shown = std::to_string(alerts.size()) + " of " + std::to_string(total) + " alert(s) shown; --limit N " +
                      "to see more (0: all)";
  bool cut = static_cast<int64_t>(alerts.size()) < total;
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const Alert& al : alerts) out.push_back(AlertJson(al));
    std::cout << JsonText(out, 2) << "\n";
    if (cut) std::cerr << "embargo: " << shown << "\n";  // stdout stays the array it always was
    return Outcome::kClear;
  }
  // Columns as wide as their widest value, two spaces apart: they never run together.
  std::vector<std::vector<std::string>> table = {{"id", "status", "score", "customer", "name", "list record", "caption"}};
  for (const Alert& al : alerts)
    table.push_back({std::to_string(al.id), al.status, Score3(al.score), al.customer_id, al.customer_name, al.entity_id,
                     al.caption});
  PrintColumns(table);
  std::cout << (cut ? shown : std::to_string(alerts.size()) + " alert(s)") << "\n";
  return Outcome::kClear;
}

namespace {

void PrintAlert(const Alert& alert, const nlohmann::json& hit, const std::vector<Decision>& decisions) {
  std::cout << "alert " << alert.id << "  " << alert.status << "  score " << Score3(alert.score) << "\n"
            << "  customer  " << alert.customer_id << (alert.customer_name.empty() ? "" : "  \"" + alert.customer_name + "\"")
            << "\n"
            << "  listed    " << alert.entity_id << "  " << alert.caption << "\n"
            << "  raised    " << alert.created_at << " (record " << alert.record_seq
            << (alert.run_id ? ", rescreen run " + std::to_string(alert.run_id) : "") << ")"
            << (alert.reason.empty() ? "" : ": " + alert.reason) << "\n";
  if (hit.is_object() && hit.contains("explanation")) {
    Hit h = HitFromExplanationJson(hit["explanation"]);
    std::cout << "  matched   " << WhatMatched(h) << "\n";
    if (std::string why = PlainExplanation(h); !why.empty()) std::cout << "  why       " << why << "\n";
  }
  if (hit.is_object() && hit.contains("programs") && !hit["programs"].empty()) {
    std::cout << "  programs ";
    for (const auto& p : hit["programs"]) std::cout << " " << p.get<std::string>();
    std::cout << "\n";
  }
  std::cout << "  decisions" << (decisions.empty() ? " none yet" : "") << "\n";
  for (const Decision& d : decisions)
    std::cout << "    " << d.decided_at << "  " << d.reviewer << "  " << d.decision << "  \"" << d.comment << "\" (record "
              << d.record_seq << ")\n";
}

}  // namespace

CommandResult RunAlertsShow(const GlobalOptions& g, const AlertsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s, true));
  EMBARGO_ASSIGN_OR_RETURN(Alert alert, store->GetAlert(a.id));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<Decision> decisions, store->GetDecisions(a.id));
  nlohmann::json j = AlertJson(alert);
  j["hit"] = nlohmann::json::parse(alert.hit_json, nullptr, false);
  if (a.show_format == "table") {
    PrintAlert(alert, j["hit"], decisions);
    return Outcome::kClear;
  }
  j["decisions"] = nlohmann::json::array();
  for (const Decision& d : decisions)
    j["decisions"].push_back({{"decision", d.decision}, {"reviewer", d.reviewer}, {"comment", d.comment},
                              {"decided_at", d.decided_at}, {"record", d.record_seq}});
  std::cout << JsonText(j, 2) << "\n";
  return Outcome::kClear;
}

CommandResult RunAlertsDecide(const GlobalOptions& g, const AlertsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(std::string who, ActingPrincipal(a.as, a.reviewer, "--reviewer"));
  if (who.empty())
    return Status::InvalidArgument("alerts decide: who decides? give --as NAME (or --reviewer NAME, or set "
                                   "EMBARGO_PRINCIPAL): a principal registered with `embargo principals add`");
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s));
  EMBARGO_ASSIGN_OR_RETURN(DecideOutcome out, store->Decide(a.id, a.decision, Actor{who, RoleSet::All(), true}, a.comment));
  if (a.format == "json") {
    std::cout << nlohmann::json{{"alert_id", a.id}, {"status", out.status}, {"needs_second_review", out.needs_second_review},
                                {"reviewer", out.reviewer}, {"record", out.record_seq}}.dump()
              << "\n";
  } else {
    std::cout << "alert " << a.id << ": " << out.status << " by " << out.reviewer
              << (out.needs_second_review ? " (four-eyes rule: another principal with the approve role must confirm)" : "")
              << ", record " << out.record_seq << "\n";
  }
  return Outcome::kClear;
}

namespace {

StatusOr<std::vector<decisions::Customer>> RescreenCustomers(const RescreenArgs& a, DecisionStore& store) {
  if (!a.customers.empty())
    return decisions::LoadCustomersCsv(a.customers, a.encoding == "cp1252" ? decisions::Encoding::kCp1252
                                                                           : decisions::Encoding::kUtf8);
  EMBARGO_ASSIGN_OR_RETURN(std::vector<StoredCustomer> stored, store.Customers());
  std::vector<decisions::Customer> customers;
  customers.reserve(stored.size());
  for (const StoredCustomer& sc : stored) {
    EMBARGO_ASSIGN_OR_RETURN(decisions::Customer c, decisions::CustomerFromStored(sc));
    customers.push_back(std::move(c));
  }
  return customers;
}

void PrintRescreen(const decisions::RescreenReport& rep, const std::string& format) {
  if (format == "json") {
    nlohmann::json j = {{"run", rep.run_id},          {"resumed", rep.resumed},       {"resumed_from", rep.resumed_from},
                        {"customers", rep.customers}, {"full", rep.full},             {"added", rep.added},
                        {"changed", rep.changed},     {"removed", rep.removed},       {"new_alerts", rep.new_alerts},
                        {"resolved_alerts", rep.resolved}, {"candidates", rep.candidates}, {"seconds", rep.seconds},
                        {"full_customers", rep.full_customers}, {"not_delisted", rep.not_delisted},
                        {"removed_left_open", rep.removed_left_open}, {"reweighed", rep.reweighed},
                        {"reweighed_customers", rep.reweighed_customers}, {"weight_drift", rep.weight_drift},
                        {"near_customers", rep.near_customers}, {"nearest_unknown", rep.nearest_unknown}};
    std::cout << j.dump() << "\n";
    return;
  }
  std::cout << "rescreen run " << rep.run_id
            << (rep.resumed ? " (resumed at customer " + std::to_string(rep.resumed_from) + ")" : "") << ": "
            << rep.customers << " customers screened against "
            << (rep.full ? "the full lists (first run: " + std::to_string(rep.added) + " list records)"
                         : std::to_string(rep.added) + " list records added and " + std::to_string(rep.changed) +
                               " changed")
            << "; " << rep.removed << " list records removed\n";
  if (!rep.full && rep.full_customers > 0)
    std::cout << rep.full_customers << " of them against the full lists (new or changed since the last run, left out "
                                      "of it, or alerted on a record that left the lists)\n";
  if (rep.reweighed > 0 || rep.reweighed_customers > 0)
    std::cout << rep.reweighed << " unchanged list records screened too, and " << rep.reweighed_customers
              << " customers against the full lists: the update moved the weight of words they name (or of "
                 "words it cannot tell without --previous-lists)\n";
  if (rep.near_customers > 0)
    std::cout << rep.near_customers << " customers against the full lists: their nearest score under the threshold at "
                                       "the last run could reach it by the update's weight drift\n";
  if (rep.nearest_unknown > 0)
    std::cout << rep.nearest_unknown << " customers against the full lists once: the store kept no nearest score for "
                                        "them (a store from before nearest scores); kept from this run on\n";
  if (rep.not_delisted > 0)
    std::cout << rep.not_delisted << " records missing from lists loaded incomplete (--allow-shrink) or with "
                                     "rejected records are not taken as delisted: their alerts stay open\n";
  if (rep.removed_left_open > 0)
    std::cout << rep.removed_left_open << " alert(s) on removed records left open: their customers are not in this "
                                          "run (their subject may be listed by another record; rescreen them)\n";
  std::cout << rep.new_alerts << " new alert(s), " << rep.resolved << " alert(s) resolved (entity removed), "
            << std::fixed << std::setprecision(1) << rep.seconds << " s\n"
            << std::defaultfloat;
}

}  // namespace

CommandResult RunRescreenCommand(const GlobalOptions& g, const RescreenArgs& a) {
  if (a.customers.empty() == !a.from_store)
    return Status::InvalidArgument("rescreen needs exactly one of --customers FILE.csv or --from-store");
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto store, OpenStore(a.st.store, s));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<decisions::Customer> customers, RescreenCustomers(a, *store));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<ListLoad> lists, LoadScreenedLists(s));
  WarnAboutLists(lists, RejectedWarningsOf(s));
  std::vector<ListLoad> previous;
  if (!a.previous_lists.empty()) {
    EMBARGO_ASSIGN_OR_RETURN(previous, LoadListPath(a.previous_lists));
  }
  decisions::RescreenOptions opts;
  opts.dropped_lists = a.drop_lists;
  opts.threshold = s.threshold;
  opts.batch_size = a.batch_size;
  opts.threads = a.threads;
  opts.caller = CallerOf(a.st.caller, s);
  ProgressBar bar(customers.size(), "customers");
  opts.progress = [&bar](size_t done, size_t) { bar.Update(done); };
  auto rep = decisions::RunRescreen(*store, lists, a.previous_lists.empty() ? nullptr : &previous, customers, opts);
  if (!rep.ok()) return std::move(rep).status().WithContext("rescreen");
  PrintRescreen(*rep, a.format);
  return AlertIf(rep->new_alerts > 0);
}

}  // namespace embargo::cli
