#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace embargo::cli;
  CLI::App app{"embargo: sanctions and export-control screening"};
  app.require_subcommand(1);
  GlobalOptions g;
  app.add_option("--lists", g.lists_dir, "directory of list files (default: the bundled lists)");
  app.add_option("--config", g.config,
                 "config file of key = value lines (lists, threshold; for serve: host, port, api_keys, max_list_age_hours)");

  ScreenArgs s;
  auto* screen = app.add_subcommand("screen", "screen one name against the lists");
  screen->add_option("name", s.name, "the name to screen")->required();
  screen->add_option("--type", s.type, "person, organization, vessel or aircraft")
      ->check(CLI::IsMember({"person", "organization", "organisation", "company", "vessel", "aircraft"}));
  screen->add_option("--dob", s.dob, "date of birth: YYYY, YYYY-MM or YYYY-MM-DD");
  screen->add_option("--country", s.country, "country or nationality, ISO 3166 alpha-2 or name");
  screen->add_option("--id", s.id, "an identifier: passport, tax id, IMO, SWIFT/BIC, ...");
  screen->add_option("--threshold", g.threshold, "alert threshold in [0,1]")->check(CLI::Range(0.0, 1.0));
  screen->add_option("--limit", s.limit, "hits shown at most");
  screen->add_option("--format", s.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  screen->add_flag("--separate", s.separate, "one hit per list record, not one per subject listed by several lists");
  screen->add_flag("--record", s.rec.record, "record the screening in the store (audit trail, alerts)");
  screen->add_option("--store", s.rec.store, "store: SQLite file or postgresql://... URI");
  screen->add_option("--customer-id", s.rec.customer_id, "the customer screened (remembers cleared false positives)");
  screen->add_option("--caller", s.rec.caller, "who asks, for the audit trail (default $USER)");

  BatchArgs b;
  auto* batch = app.add_subcommand("batch", "screen a CSV of names (id,name[,type,dob,country,id_number])");
  batch->add_option("--input", b.input, "input CSV")->required();
  batch->add_option("--output", b.output, "output JSON lines (default: stdout)");
  batch->add_option("--threads", b.threads, "worker threads")->check(CLI::Range(1u, 256u));
  batch->add_flag("--separate", b.separate, "one hit per list record, not one per subject listed by several lists");
  batch->add_option("--threshold", g.threshold, "alert threshold in [0,1]")->check(CLI::Range(0.0, 1.0));
  batch->add_flag("--record", b.rec.record, "record every screening in the store (rerun after an interruption resumes)");
  batch->add_option("--store", b.rec.store, "store: SQLite file or postgresql://... URI");
  batch->add_option("--caller", b.rec.caller, "who asks, for the audit trail (default $USER)");

  CompareArgs c;
  auto* compare = app.add_subcommand("compare", "score two FollowTheMoney entities, or a pairs file");
  compare->add_option("left", c.left, "left entity JSON file");
  compare->add_option("right", c.right, "right entity JSON file");
  compare->add_option("--pairs", c.pairs, "JSON lines of {\"left\": ..., \"right\": ...}");
  compare->add_option("--threshold", g.threshold, "match threshold in [0,1]")->check(CLI::Range(0.0, 1.0));

  std::string lists_format = "table", export_names;
  auto* lists = app.add_subcommand("lists", "show the loaded lists");
  lists->add_option("--format", lists_format, "table or json")->check(CLI::IsMember({"table", "json"}));
  lists->add_option("--export-names", export_names, "also write every list name as JSON lines (for baselines)");
  DiffArgs d;
  auto* lists_diff = lists->add_subcommand("diff", "added, removed and changed entities between two list versions");
  lists_diff->add_option("old", d.old_path, "old version: a list directory or a primary list file")->required();
  lists_diff->add_option("new", d.new_path, "new version: a list directory or a primary list file")->required();
  lists_diff->add_option("--format", d.format, "table or json")->check(CLI::IsMember({"table", "json"}));

  UpdateArgs up;
  auto* lists_update = lists->add_subcommand("update", "download new list versions, check them and switch to them atomically");
  lists_update->add_option("--source", up.sources, "a configured source, e.g. ofac-sdn (repeatable; default: all)");
  lists_update->add_flag("--force", up.force, "accept a version that fails the drop check (update.max_drop)");
  lists_update->add_option("--format", up.format, "table or json")->check(CLI::IsMember({"table", "json"}));

  ServeArgs sv;
  auto* serve = app.add_subcommand("serve", "serve the HTTP API (yente-compatible /match, /v1/screen, ...)");
  serve->add_option("--host", sv.host, "address to listen on (default 127.0.0.1)");
  serve->add_option("--port", sv.port, "port (default 8080)")->check(CLI::Range(0, 65535));
  serve->add_option("--api-keys", sv.api_keys, "file of accepted API keys as hex SHA-256, one per line");
  serve->add_flag("--no-auth", sv.no_auth, "accept requests without an API key (local use only)");
  serve->add_option("--max-list-age", sv.max_list_age_hours, "hours after which lists are stale (not ready)")
      ->check(CLI::NonNegativeNumber);
  serve->add_option("--threshold", g.threshold, "default alert threshold in [0,1]")->check(CLI::Range(0.0, 1.0));
  serve->add_option("--threads", sv.threads, "I/O threads serving every connection (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  serve->add_flag("--log-names", sv.log_names, "allow request targets and messages with customer names in logs");
  serve->add_flag("--access-log", sv.access_log, "log one line per request to stderr");
  serve->add_option("--store", sv.store, "store for recorded screenings and /v1/alerts: SQLite file or postgresql://...");
  serve->add_option("--policy", sv.policy, "geographic policy file for messages and trade (docs/POLICY.md; default: built in)");

  // The decision store: audit trail, alerts and rescreening (store_commands.cc).
  StoreArgs audit_args;
  auto* audit = app.add_subcommand("audit", "the audit trail");
  auto* audit_verify = audit->add_subcommand("verify", "check the hash chain; names the first broken record");
  audit_verify->add_option("--store", audit_args.store, "store: SQLite file or postgresql://... URI");
  audit->require_subcommand(1);
  AlertsArgs al;
  auto* alerts = app.add_subcommand("alerts", "alerts raised by recorded screenings and rescreening");
  alerts->require_subcommand(1);
  auto* alerts_list = alerts->add_subcommand("list", "list alerts");
  alerts_list->add_option("--status", al.status, "pending (default), open, pending_second, true_match, false_positive, resolved_removed, all");
  alerts_list->add_option("--limit", al.limit, "alerts shown at most");
  auto* alerts_show = alerts->add_subcommand("show", "one alert with its hit explanation and decisions");
  alerts_show->add_option("id", al.id, "alert id")->required();
  auto* alerts_decide = alerts->add_subcommand("decide", "record an analyst's decision on an alert");
  alerts_decide->add_option("id", al.id, "alert id")->required();
  alerts_decide->add_option("--decision", al.decision, "true_match or false_positive")->required()
      ->check(CLI::IsMember({"true_match", "false_positive"}));
  alerts_decide->add_option("--reviewer", al.reviewer, "the analyst's name (default $USER)");
  alerts_decide->add_option("--comment", al.comment, "why")->required();
  for (auto* sub : {alerts_list, alerts_decide}) sub->add_option("--format", al.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  for (auto* sub : {alerts_list, alerts_show, alerts_decide}) sub->add_option("--store", al.st.store, "store: SQLite file or postgresql://... URI");
  RescreenArgs rs;
  auto* rescreen = app.add_subcommand("rescreen", "screen the customer base against the list changes since the last run");
  rescreen->add_option("--customers", rs.customers, "customers CSV (id,name[,type,dob,country,id_number])");
  rescreen->add_flag("--from-store", rs.from_store, "the customers recorded in the store");
  rescreen->add_option("--store", rs.st.store, "store: SQLite file or postgresql://... URI");
  rescreen->add_option("--previous-lists", rs.previous_lists, "the lists of the last run (default: the store's record of them)");
  rescreen->add_option("--batch-size", rs.batch_size, "customers per committed batch")->check(CLI::Range(1u, 1000000u));
  rescreen->add_option("--threads", rs.threads, "worker threads")->check(CLI::Range(1u, 256u));
  rescreen->add_option("--threshold", g.threshold, "alert threshold in [0,1]")->check(CLI::Range(0.0, 1.0));
  rescreen->add_option("--caller", rs.st.caller, "who runs it, for the audit trail (default $USER)");
  rescreen->add_option("--format", rs.format, "table or json")->check(CLI::IsMember({"table", "json"}));

  TextArgs tx;
  auto* text = app.add_subcommand("text", "find listed names mentioned in texts (articles, contracts, remittance lines)");
  text->add_option("files", tx.files, "UTF-8 text files; - reads stdin")->required();
  text->add_option("--format", tx.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  text->add_option("--threshold", g.threshold, "alert threshold in [0,1]")->check(CLI::Range(0.0, 1.0));
  MessageArgs msg;
  auto* message = app.add_subcommand("message", "screen payment messages: SWIFT MT103/202/202COV (RJE batches too), ISO 20022 pacs.008/009");
  message->add_option("files", msg.files, "message files")->required();
  message->add_option("--format", msg.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  message->add_option("--threshold", g.threshold, "alert threshold in [0,1]")->check(CLI::Range(0.0, 1.0));

  GoodsArgs gd;
  auto* goods = app.add_subcommand("goods", "HS/HTS codes against the Common High Priority List (CHPL)");
  goods->add_option("codes", gd.codes, "HS codes: 8542.31, 854231, 8542.31.0001, HS 854231; 4 digits = heading")->required();
  goods->add_option("--format", gd.format, "table or json")->check(CLI::IsMember({"table", "json"}));

  TradeArgs td;
  auto* trade = app.add_subcommand("trade", "screen a trade transaction (JSON, docs/TRADE.md): parties, goods, route");
  trade->add_option("file", td.file, "transaction JSON file ('-' for stdin)")->required();
  trade->add_option("--format", td.format, "table or json")->check(CLI::IsMember({"table", "json"}));
  trade->add_option("--rules", td.rules, "rule = off|review|block lines (docs/TRADE.md)");
  trade->add_option("--policy", td.policy, "geographic policy file (docs/POLICY.md; default: built in)");
  trade->add_option("--threshold", g.threshold, "alert threshold in [0,1]")->check(CLI::Range(0.0, 1.0));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    if (*screen) return RunScreen(g, s);
    if (*batch) return RunBatch(g, b);
    if (*compare) return RunCompare(g, c);
    if (*lists_diff) return RunListsDiff(d);
    if (*lists_update) return RunListsUpdate(g, up);
    if (*lists) return RunLists(g, lists_format, export_names);
    if (*serve) return RunServe(g, sv);
    if (*text) return RunText(g, tx);
    if (*message) return RunMessage(g, msg);
    if (*goods) return RunGoods(gd);
    if (*trade) return RunTrade(g, td);
    if (*audit_verify) return RunAuditVerify(g, audit_args);
    if (*alerts_list) return RunAlertsList(g, al);
    if (*alerts_show) return RunAlertsShow(g, al);
    if (*alerts_decide) return RunAlertsDecide(g, al);
    if (*rescreen) return RunRescreenCommand(g, rs);
  } catch (const std::exception& e) {
    std::cerr << "embargo: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
