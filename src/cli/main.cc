// The embargo command: declares every subcommand and its flags, runs the one asked for, prints its
// error and maps its result to the exit status (ExitCodeOf). docs/CLI.md describes each command.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <limits>

#include "cli/commands.h"
#include "common/strings.h"
#include "embargo/decision_store.h"

#ifndef EMBARGO_VERSION
#define EMBARGO_VERSION "unknown"
#endif
#ifndef EMBARGO_COMMIT
#define EMBARGO_COMMIT "unknown"
#endif

namespace embargo::cli {
namespace {

// A decimal number in [lo, hi]. CLI::Range and CLI::NonNegativeNumber let "nan" through (no
// comparison holds for it), and a NaN threshold would fall back to the default unseen; strtod
// would take "0x1" as hexadecimal.
CLI::Validator Between(double lo, double hi, const std::string& what) {
  return CLI::Validator(
      [lo, hi, what](std::string& text) -> std::string {
        std::optional<double> v = DecimalNumber(text);
        if (!v || !(*v >= lo && *v <= hi)) return "expected " + what + ", not '" + text + "'";
        return {};
      },
      what);
}

// The subcommands declared, each with what runs it.
struct Registry {
  CLI::App app{"embargo: sanctions and export-control screening"};
  GlobalOptions g;
  std::vector<std::pair<CLI::App*, std::function<CommandResult()>>> commands;
  std::vector<CLI::Option*> deprecated_store;  // --store, now --decision-store

  template <typename Args>
  Args& Add(CLI::App* sub, std::function<CommandResult(const Args&)> run) {
    auto args = std::make_shared<Args>();
    commands.emplace_back(sub, [run, args] { return run(*args); });
    return *args;
  }
  void Threshold(CLI::App* sub, const char* what = "alert threshold in [0,1]") {
    sub->add_option("--threshold", g.threshold, what)->check(Between(0, 1, "a number in [0, 1]"));
  }
  static void Format(CLI::App* sub, std::string& format, std::vector<std::string> choices = {"table", "json"}) {
    std::string names;
    for (const auto& c : choices) names += (names.empty() ? "" : " or ") + c;
    sub->add_option("--format", format, names)->check(CLI::IsMember(choices));
  }
  // --decision-store, and --store as its deprecated spelling.
  void DecisionStore(CLI::App* sub, std::string& target) {
    sub->add_option("--decision-store", target, "the decision store: SQLite file or postgresql://... URI");
    deprecated_store.push_back(sub->add_option("--store", target, "deprecated: --decision-store")->group(""));
  }
};

void AddScreening(Registry& r) {
  CLI::App* screen = r.app.add_subcommand("screen", "screen one name against the lists");
  auto& s = r.Add<ScreenArgs>(screen, [&r](const ScreenArgs& a) { return RunScreen(r.g, a); });
  screen->add_option("name", s.name, "the name to screen")->required();
  screen->add_option("--type", s.type, "person (individual), organization (company, entity), vessel or aircraft");
  screen->add_option("--dob", s.dob, "date of birth: YYYY, YYYY-MM or YYYY-MM-DD");
  screen->add_option("--country", s.country, "country or nationality, ISO 3166 alpha-2 or name");
  screen->add_option("--id", s.id, "an identifier: passport, tax id, IMO, SWIFT/BIC, e-mail address, ...");
  r.Threshold(screen);
  screen->add_option("--limit", s.limit, "hits shown at most")->check(CLI::Range(size_t{1}, size_t{1000}));
  Registry::Format(screen, s.format);
  screen->add_flag("--separate", s.separate, "one hit per list record, not one per subject listed by several lists");
  screen->add_flag("--record", s.rec.record, "record the screening in the decision store (audit trail, alerts)");
  r.DecisionStore(screen, s.rec.store);
  screen->add_option("--customer-id", s.rec.customer_id, "the customer screened (remembers cleared false positives)");
  screen->add_option("--caller", s.rec.caller, "who asks, for the audit trail (default $USER)");

  CLI::App* batch = r.app.add_subcommand("batch", "screen a customers CSV (id,name[,type,dob,country,id_number])");
  auto& b = r.Add<BatchArgs>(batch, [&r](const BatchArgs& a) { return RunBatch(r.g, a); });
  batch->add_option("--input", b.input, "input CSV")->required();
  batch->add_option("--output", b.output, "output file (default: stdout)");
  Registry::Format(batch, b.format, {"jsonl", "csv"});
  batch->add_flag("--all", b.all, "csv: customers without hits too (one row with an empty hit)");
  batch->add_option("--encoding", b.encoding, "input encoding: utf-8 (default; other bytes are an error row) or cp1252")
      ->check(CLI::IsMember({"utf-8", "cp1252"}));
  batch->add_option("--threads", b.threads, "worker threads")->check(CLI::Range(1u, 256u));
  batch->add_option("--limit", b.limit, "hits per row at most (default 10)")->check(CLI::Range(size_t{1}, size_t{1000}));
  batch->add_flag("--separate", b.separate, "one hit per list record, not one per subject listed by several lists");
  r.Threshold(batch);
  batch->add_flag("--record", b.rec.record, "record every screening in the decision store (a rerun resumes)");
  r.DecisionStore(batch, b.rec.store);
  batch->add_option("--caller", b.rec.caller, "who asks, for the audit trail (default $USER)");

  CLI::App* compare = r.app.add_subcommand("compare", "score two FollowTheMoney entities, or a pairs file");
  auto& c = r.Add<CompareArgs>(compare, [&r](const CompareArgs& a) { return RunCompare(r.g, a); });
  compare->add_option("left", c.left, "left entity JSON file");
  compare->add_option("right", c.right, "right entity JSON file");
  compare->add_option("--pairs", c.pairs, "JSON lines of {\"left\": ..., \"right\": ...}");
  r.Threshold(compare, "match threshold in [0,1]");
}

void AddLists(Registry& r) {
  CLI::App* lists = r.app.add_subcommand("lists", "show the lists in force and their versions");
  auto& l = r.Add<ListsArgs>(lists, [&r](const ListsArgs& a) { return RunLists(r.g, a); });
  Registry::Format(lists, l.format);
  lists->add_option("--export-names", l.export_names, "also write every list name as JSON lines (for baselines)");

  CLI::App* diff = lists->add_subcommand("diff", "added, removed and changed entities between two list versions");
  auto& d = r.Add<DiffArgs>(diff, [&r](const DiffArgs& a) { return RunListsDiff(r.g, a); });
  diff->add_option("old", d.old_path, "old version: a list directory or a primary list file")->required();
  diff->add_option("new", d.new_path, "new version: a list directory or a primary list file")->required();
  Registry::Format(diff, d.format);

  CLI::App* update = lists->add_subcommand("update", "download new list versions, check them, switch to them atomically");
  auto& u = r.Add<UpdateArgs>(update, [&r](const UpdateArgs& a) { return RunListsUpdate(r.g, a); });
  update->add_option("--source", u.sources, "a configured source, e.g. ofac-sdn (repeatable; default: all)");
  update->add_flag("--force", u.force, "accept a version that fails the drop check (update.max_drop)");
  Registry::Format(update, u.format);
}

void AddServe(Registry& r) {
  CLI::App* serve = r.app.add_subcommand("serve", "serve the HTTP API (yente-compatible /match, /v1/screen, ...)");
  auto& sv = r.Add<ServeArgs>(serve, [&r](const ServeArgs& a) { return RunServe(r.g, a); });
  serve->add_option("--host", sv.host, "address to listen on (default 127.0.0.1)");
  serve->add_option("--port", sv.port, "port (default 8080)")->check(CLI::Range(0, 65535));
  serve->add_option("--api-keys", sv.api_keys, "file of API keys, a line each: SHA-256 hex, principal, roles (docs/SECURITY.md)");
  serve->add_flag("--no-auth", sv.no_auth, "accept requests without an API key (local use only)");
  serve->add_option("--max-list-age", sv.max_list_age_hours, "hours after which lists are stale (not ready)")
      ->check(Between(0, 1e9, "a number of hours, 0 or more"));
  serve->add_option("--drain-timeout", sv.drain_timeout,
                    "on SIGTERM/SIGINT: seconds the requests in flight have to be answered (default 30)")
      ->check(Between(0, 86400, "a number of seconds, 0 or more"));
  r.Threshold(serve, "default alert threshold in [0,1]");
  serve->add_option("--threads", sv.threads, "I/O threads serving every connection (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  serve->add_flag("--log-names", sv.log_names, "allow request targets and messages with customer names in logs");
  serve->add_flag("--access-log", sv.access_log, "log one line per request to stderr");
  r.DecisionStore(serve, sv.store);
  serve->add_option("--public-url", sv.public_url,
                    "the address clients reach the server at, for the links it hands out (default: the listening address)");
  serve->add_option("--policy", sv.policy, "geographic policy file for messages and trade (docs/POLICY.md; default: built in)");
}

// The decision store: audit trail, alerts and rescreening (store_commands.cc).
void AddDecisionStore(Registry& r) {
  CLI::App* audit = r.app.add_subcommand("audit", "the audit trail in the decision store");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand("verify", "check the hash chain; names the first broken record");
  auto& v = r.Add<AuditVerifyArgs>(verify, [&r](const AuditVerifyArgs& a) { return RunAuditVerify(r.g, a); });
  r.DecisionStore(verify, v.store);
  verify->add_option("--expect-head", v.expect_head, "a head hash printed by `audit head` and kept elsewhere: "
                                                      "detects records removed from the end")
      ->transform(CLI::Validator(
          [](std::string& hash) {
            // A hash kept in a variable left empty must not turn the check off without a word.
            std::transform(hash.begin(), hash.end(), hash.begin(), [](unsigned char c) { return std::tolower(c); });
            bool hex = hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
            return hex ? std::string() : "expected the 64 hex digits `audit head` prints, not '" + hash + "'";
          },
          "HASH"));
  CLI::App* head = audit->add_subcommand("head", "the last record's number and hash, to keep outside the store");
  auto& h = r.Add<StoreArgs>(head, [&r](const StoreArgs& a) { return RunAuditHead(r.g, a); });
  r.DecisionStore(head, h.store);
  CLI::App* exp = audit->add_subcommand("export", "the audit records for examiners, as JSON lines or CSV");
  auto& ex = r.Add<AuditExportArgs>(exp, [&r](const AuditExportArgs& a) { return RunAuditExport(r.g, a); });
  exp->add_option("--from", ex.from, "first day (YYYY-MM-DD, or a longer ISO 8601 prefix), inclusive");
  exp->add_option("--to", ex.to, "last day (YYYY-MM-DD, or a longer ISO 8601 prefix), inclusive");
  Registry::Format(exp, ex.format, {"jsonl", "csv"});
  exp->add_option("--output", ex.output, "output file (default: stdout)");
  r.DecisionStore(exp, ex.st.store);

  CLI::App* alerts = r.app.add_subcommand("alerts", "alerts raised by recorded screenings and rescreening");
  alerts->require_subcommand(1);
  CLI::App* list = alerts->add_subcommand("list", "list alerts");
  CLI::App* show = alerts->add_subcommand("show", "one alert with its hit explanation and decisions");
  CLI::App* decide = alerts->add_subcommand("decide", "record an analyst's decision on an alert");
  auto args = std::make_shared<AlertsArgs>();
  r.commands.emplace_back(list, [&r, args] { return RunAlertsList(r.g, *args); });
  r.commands.emplace_back(show, [&r, args] { return RunAlertsShow(r.g, *args); });
  r.commands.emplace_back(decide, [&r, args] { return RunAlertsDecide(r.g, *args); });
  AlertsArgs& al = *args;
  std::vector<std::string> statuses = {"pending", "all"};
  statuses.insert(statuses.end(), std::begin(kAlertStatuses), std::end(kAlertStatuses));
  list->add_option("--status", al.status,
                   "pending (default), open, pending_second, true_match, false_positive, resolved_removed, all")
      ->check(CLI::IsMember(statuses));
  list->add_option("--limit", al.limit, "alerts shown at most (default 100; 0: all)")
      ->check(CLI::Range(int64_t{0}, std::numeric_limits<int64_t>::max()));
  show->add_option("id", al.id, "alert id")->required();
  decide->add_option("id", al.id, "alert id")->required();
  decide->add_option("--decision", al.decision, "true_match or false_positive")
      ->required()
      ->check(CLI::IsMember({"true_match", "false_positive"}));
  decide->add_option("--as", al.as, "the principal who decides (default EMBARGO_PRINCIPAL; embargo principals add)");
  decide->add_option("--reviewer", al.reviewer, "the same as --as");
  decide->add_option("--comment", al.comment, "why")->required();
  for (CLI::App* sub : {list, decide}) Registry::Format(sub, al.format);
  Registry::Format(show, al.show_format, {"json", "table"});
  for (CLI::App* sub : {list, show, decide}) r.DecisionStore(sub, al.st.store);

  CLI::App* rescreen = r.app.add_subcommand("rescreen", "screen the customers against the list changes since the last run");
  auto& rs = r.Add<RescreenArgs>(rescreen, [&r](const RescreenArgs& a) { return RunRescreenCommand(r.g, a); });
  rescreen->add_option("--customers", rs.customers, "customers CSV (id,name[,type,dob,country,id_number])");
  rescreen->add_flag("--from-store", rs.from_store, "the customers recorded in the decision store");
  rescreen->add_option("--encoding", rs.encoding, "customers CSV encoding: utf-8 (default) or cp1252")
      ->check(CLI::IsMember({"utf-8", "cp1252"}));
  r.DecisionStore(rescreen, rs.st.store);
  rescreen->add_option("--previous-lists", rs.previous_lists, "the lists of the last run (default: the store's record)");
  rescreen->add_option("--drop-list", rs.drop_lists,
                       "a dataset the last run screened against that is gone on purpose: its alerts resolve (repeatable)");
  rescreen->add_option("--batch-size", rs.batch_size, "customers per committed batch")->check(CLI::Range(1u, 1000000u));
  rescreen->add_option("--threads", rs.threads, "worker threads")->check(CLI::Range(1u, 256u));
  r.Threshold(rescreen);
  rescreen->add_option("--caller", rs.st.caller, "who runs it, for the audit trail (default $USER)");
  Registry::Format(rescreen, rs.format);
}

// `principals add|list|disable` (principal_commands.cc, docs/SECURITY.md).
void AddPrincipals(Registry& r) {
  CLI::App* principals = r.app.add_subcommand("principals", "who may decide alerts and administer the decision store");
  principals->require_subcommand(1);
  CLI::App* add = principals->add_subcommand("add", "add a principal (admin; the first principal of a store must be admin)");
  CLI::App* list = principals->add_subcommand("list", "the principals, their roles and whether enabled");
  CLI::App* disable = principals->add_subcommand("disable", "disable a principal for good (admin)");
  auto args = std::make_shared<PrincipalsArgs>();
  r.commands.emplace_back(add, [&r, args] { return RunPrincipalsAdd(r.g, *args); });
  r.commands.emplace_back(list, [&r, args] { return RunPrincipalsList(r.g, *args); });
  r.commands.emplace_back(disable, [&r, args] { return RunPrincipalsDisable(r.g, *args); });
  PrincipalsArgs& p = *args;
  for (CLI::App* sub : {add, disable}) {
    sub->add_option("name", p.name, "the principal's name: letters, digits and . - _ @ '")->required();
    sub->add_option("--as", p.as, "the acting admin (default EMBARGO_PRINCIPAL)");
  }
  add->add_option("--roles", p.roles, "comma-separated: screen, review, approve, admin")->required();
  for (CLI::App* sub : {add, list, disable}) {
    Registry::Format(sub, p.format);
    r.DecisionStore(sub, p.st.store);
  }
}

// `users add|password` (user_commands.cc): workbench sign-in over the principals.
void AddUsers(Registry& r) {
  CLI::App* users = r.app.add_subcommand("users", "workbench users: principals who sign in with a password");
  users->require_subcommand(1);
  CLI::App* add = users->add_subcommand("add", "add a principal with a workbench role and a password (stdin or --password-file)");
  CLI::App* password = users->add_subcommand("password", "set a principal's workbench password (stdin or --password-file)");
  auto args = std::make_shared<UsersArgs>();
  r.commands.emplace_back(add, [&r, args] { return RunUsersAdd(r.g, *args); });
  r.commands.emplace_back(password, [&r, args] { return RunUsersPassword(r.g, *args); });
  UsersArgs& u = *args;
  for (CLI::App* sub : {add, password}) {
    sub->add_option("name", u.name, "the user's name: letters, digits and . - _ @ '")->required();
    sub->add_option("--password-file", u.password_file, "read the password from this file's first line (default: stdin)");
    sub->add_option("--as", u.as, "the acting admin (default EMBARGO_PRINCIPAL)");
    r.DecisionStore(sub, u.st.store);
  }
  add->add_option("--role", u.role, "analyst (screen,review), approver (screen,review,approve) or admin (all roles)")
      ->required()
      ->check(CLI::IsMember({"analyst", "approver", "admin"}));
}

void AddDocumentsAndGoods(Registry& r) {
  CLI::App* text = r.app.add_subcommand("text", "find listed names mentioned in texts (articles, contracts, remittance lines)");
  auto& tx = r.Add<TextArgs>(text, [&r](const TextArgs& a) { return RunText(r.g, a); });
  text->add_option("files", tx.files, "UTF-8 text files; - reads stdin")->required();
  Registry::Format(text, tx.format);
  r.Threshold(text);

  CLI::App* message =
      r.app.add_subcommand("message", "screen payment messages: SWIFT MT103/202/202COV (RJE batches too), ISO 20022 pacs.008/009");
  auto& msg = r.Add<MessageArgs>(message, [&r](const MessageArgs& a) { return RunMessage(r.g, a); });
  message->add_option("files", msg.files, "message files")->required();
  Registry::Format(message, msg.format);
  r.Threshold(message);

  CLI::App* goods = r.app.add_subcommand("goods", "HS/HTS codes against the Common High Priority List (CHPL)");
  auto& gd = r.Add<GoodsArgs>(goods, [](const GoodsArgs& a) { return RunGoods(a); });
  goods->add_option("codes", gd.codes, "HS codes: 8542.31, 854231, 8542.31.0001, HS 854231; 4 digits = heading")->required();
  Registry::Format(goods, gd.format);

  CLI::App* trade = r.app.add_subcommand("trade", "screen a trade transaction (JSON, docs/TRADE.md): parties, goods, route");
  auto& td = r.Add<TradeArgs>(trade, [&r](const TradeArgs& a) { return RunTrade(r.g, a); });
  trade->add_option("file", td.file, "transaction JSON file ('-' for stdin)")->required();
  Registry::Format(trade, td.format);
  trade->add_option("--rules", td.rules, "rule = off|review|block lines (docs/TRADE.md)");
  trade->add_option("--policy", td.policy, "geographic policy file (docs/POLICY.md; default: built in)");
  r.Threshold(trade);
}

// `worker`: the message-bus worker (worker_command.cc, docs/STREAMS.md).
void AddWorker(Registry& r) {
  CLI::App* worker = r.app.add_subcommand("worker", "screen payment messages from Redis Streams or Kafka, publish verdicts");
  auto& w = r.Add<WorkerArgs>(worker, [&r](const WorkerArgs& a) { return RunWorker(r.g, a); });
  worker->add_option("--from", w.from, "redis://HOST:PORT/STREAM or kafka://BROKER[,BROKER]/TOPIC")->required();
  worker->add_option("--to", w.to, "where verdicts go: redis://HOST:PORT/STREAM or kafka://BROKERS/TOPIC")->required();
  worker->add_option("--group", w.group, "consumer group (default embargo)");
  worker->add_option("--consumer", w.consumer, "this worker's name in the group (default HOST-PID)");
  r.DecisionStore(worker, w.store);
  worker->add_option("--dead-letter", w.dead_letter, "stream or topic for unparseable messages (default TO-dead-letter)");
  worker->add_option("--kafka-config", w.kafka_config,
                     "librdkafka settings file (key = value lines): TLS, SASL, timeouts (docs/STREAMS.md)");
  worker->add_flag("--route-by-verdict", w.route_by_verdict,
                   "publish each verdict to TO-pass, TO-review, TO-block or TO-error instead of TO");
  worker->add_option("--window", w.window, "messages in flight at most (default 64)")->check(CLI::Range(size_t{1}, size_t{10000}));
  worker->add_option("--threads", w.threads, "screening threads (default 1)")->check(CLI::Range(1u, 256u));
  worker->add_option("--claim-idle-ms", w.claim_idle_ms, "Redis: take over entries pending this long (default 30000)")
      ->check(CLI::Range(int64_t{100}, int64_t{86400000}));
  worker->add_option("--list-poll", w.list_poll_seconds, "seconds between checks for a new list version (0: SIGHUP only)")
      ->check(CLI::Range(int64_t{0}, std::numeric_limits<int64_t>::max()));
  worker->add_option("--max-list-age", w.max_list_age_hours,
                     "hours after which lists are stale: verdicts say lists_stale, /readyz answers 503")
      ->check(Between(0, 1e9, "a number of hours, 0 or more"));
  worker->add_option("--max-messages", w.max_messages, "stop after this many verdicts (benchmarks)")->check(CLI::NonNegativeNumber);
  worker->add_option("--metrics-host", w.metrics_host, "address of the /metrics listener (default 127.0.0.1)");
  worker->add_option("--metrics-port", w.metrics_port, "serve /metrics, /healthz and /readyz on this port (0: a free one)")->check(CLI::Range(0, 65535));
  r.Threshold(worker);
}

void AddOwnership(Registry& r) {
  CLI::App* own = r.app.add_subcommand(
      "ownership", "entities that listed persons own or control: --ownership GRAPH (FtM JSON lines or CSV)");
  auto& o = r.Add<OwnershipArgs>(own, [&r](const OwnershipArgs& a) { return RunOwnership(r.g, a); });
  own->add_option("--rule", r.g.ownership_rule, "ofac (50 % or more, aggregated; default), eu or uk")
      ->check(CLI::IsMember({"ofac", "eu", "uk"}));
  own->add_option("--as-of", o.as_of, "the day holdings are judged on, YYYY-MM-DD (default: today)");
  own->add_flag("--by-id-only", o.by_id_only, "link graph owners to list records by id only, not by name");
  own->add_option("--explain", o.explain, "one graph entity's status and why, whatever it is");
  Registry::Format(own, o.format);
  r.Threshold(own, "name-match threshold in [0,1] that links a graph owner to a list record");
}

void AddConfig(Registry& r) {
  CLI::App* config = r.app.add_subcommand("config", "the --config file");
  config->require_subcommand(1);
  CLI::App* check = config->add_subcommand("check", "validate a config file: every problem named with its line");
  auto file = std::make_shared<std::string>();
  check->add_option("file", *file, "the config file")->required();
  r.commands.emplace_back(check, [file] { return RunConfigCheck(*file); });
}

// `help [COMMAND...]`, `help config`.
CommandResult Help(CLI::App& app, const std::vector<std::string>& words) {
  if (words == std::vector<std::string>{"config"} || words == std::vector<std::string>{"config", "keys"}) {
    std::cout << "config keys (key = value lines, # comments; docs/CLI.md):\n";
    for (const auto& [key, meaning] : ConfigKeyHelp())
      std::cout << "  " << key << std::string(key.size() < 24 ? 24 - key.size() : 1, ' ') << meaning << "\n";
    return Outcome::kClear;
  }
  CLI::App* at = &app;
  for (const std::string& w : words) {
    CLI::App* sub = nullptr;
    try {
      sub = at->get_subcommand(w);
    } catch (const CLI::OptionNotFound&) {
    }
    if (!sub) return Status::NotFound("no command '" + w + "'");
    at = sub;
  }
  // App::help() would describe the command being run (`help`); the formatter describes `at`.
  std::cout << at->get_formatter()->make_help(at, at == &app ? "embargo" : at->get_name(), CLI::AppFormatMode::Normal);
  return Outcome::kClear;
}

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// The first word that is not an option or a global option's value: the command asked for.
std::string FirstCommandWord(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--lists" || arg == "--config" || arg == "--ownership" || arg == "--ownership-rule") ++i;
    else if (!arg.starts_with("-")) return arg;
  }
  return "";
}

int Main(int argc, char** argv) {
  Registry r;
  r.app.name("embargo");
  r.app.fallthrough();  // global options also after the subcommand: embargo screen X --lists DIR
  r.app.require_subcommand(0, 1);
  r.app.add_option("--lists", r.g.lists_dir, "a list directory or a list store (default: the configured or bundled lists)");
  r.app.add_option("--config", r.g.config, "config file of key = value lines (embargo help config)");
  r.app.add_flag("--allow-shrink", r.g.allow_shrink,
                 "load lists that fail their completeness checks (truncated, shrunk); logged and recorded");
  r.app.add_flag("--verbose", r.g.verbose, "warn about every list record the loaders rejected, not only the first of each list");
  r.app.add_option("--ownership", r.g.ownership,
                   "an ownership graph, FtM JSON lines or CSV (repeatable): entities listed persons own or control are screened too");
  r.app.add_option("--ownership-rule", r.g.ownership_rule, "ofac (default), eu or uk")
      ->check(CLI::IsMember({"ofac", "eu", "uk"}));
  bool version = false;
  r.app.add_flag("--version", version, "the version, its commit and the bundled list versions");
  AddScreening(r);
  AddLists(r);
  AddServe(r);
  AddDecisionStore(r);
  AddPrincipals(r);
  AddUsers(r);
  AddDocumentsAndGoods(r);
  AddWorker(r);
  AddOwnership(r);
  AddConfig(r);
  std::vector<std::string> help_words;
  CLI::App* help = r.app.add_subcommand("help", "help on a command: embargo help [COMMAND...]");
  help->add_option("command", help_words, "the command");

  std::vector<std::string> names = SubcommandNames(r.app);
  if (std::string word = FirstCommandWord(argc, argv);
      !word.empty() && std::find(names.begin(), names.end(), word) == names.end()) {
    std::string hint = NearestWord(word, names);
    std::cerr << "embargo: unknown command '" << word << "'" << (hint.empty() ? "" : "; did you mean '" + hint + "'?")
              << " (embargo help lists the commands)\n";
    return kExitError;
  }
  try {
    r.app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return r.app.exit(e) == 0 ? kExitClear : kExitError;
  }
  for (CLI::Option* o : r.deprecated_store)
    if (o->count()) std::cerr << "embargo: warning: --store is deprecated; write --decision-store\n";
  CommandResult result = Status::InvalidArgument("no command given (embargo help lists them)");
  if (version) {
    std::cout << "embargo " << EMBARGO_VERSION << " (commit " << EMBARGO_COMMIT << ")\n";
    result = RunLists(r.g, {"versions", ""});
  } else if (*help) {
    result = Help(r.app, help_words);
  } else {
    // The deepest command parsed: `lists update` parses `lists` too, and is declared after it.
    for (auto it = r.commands.rbegin(); it != r.commands.rend(); ++it)
      if (it->first->parsed()) {
        result = it->second();
        break;
      }
  }
  if (!result.ok()) std::cerr << "embargo: " << result.status().message() << "\n";
  // A report cut short (a full disk, a closed pipe) must not pass for a complete one.
  if (!std::cout.flush()) {
    std::cerr << "embargo: stdout: write failed; the report written is incomplete\n";
    return kExitError;
  }
  return ExitCodeOf(result);
}

}  // namespace
}  // namespace embargo::cli

int main(int argc, char** argv) {
  try {
    return embargo::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "embargo: " << e.what() << "\n";
    return embargo::cli::kExitError;
  }
}
