// `screen`, `compare`, `lists`, `lists diff` and `serve`.
#include "cli/commands.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/output.h"
#include "cli/store_commands.h"
#include "common/io.h"
#include "common/json_text.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "decision_store/screening.h"
#include "embargo/lists.h"
#include "entity/ftm_json.h"
#include "lists/diff.h"
#include "match/result_json.h"
#include "server/server.h"

namespace embargo::cli {
namespace {

void PrintHit(int i, const Hit& h) {
  std::cout << (i < 10 ? "  " : " ") << i << "  " << Score3(h.score) << "  " << h.entity->id << "  "
            << SchemaName(h.entity->schema) << "  " << h.entity->caption() << "\n";
  std::cout << "       matched " << WhatMatched(h) << "\n";
  if (std::string why = PlainExplanation(h); !why.empty()) std::cout << "       why: " << why << "\n";
  if (h.entity->dataset.starts_with("ownership-")) std::cout << "       owned: " << h.entity->remarks << "\n";
  if (!h.entity->programs.empty()) {
    std::cout << "       programs:";
    for (const auto& p : h.entity->programs) std::cout << " " << p;
    std::cout << "\n";
  }
  for (const auto& l : h.linked)
    std::cout << "       also listed: " << l.entity->id << " \"" << l.entity->caption() << "\" ("
              << (l.score > 0 ? "score " + Score3(l.score) + ", " : std::string()) << l.reason << ")\n";
}

void PrintTable(const Query& q, const ScreenResult& r, double threshold) {
  std::cout << (r.alert ? "ALERT" : "no alert") << ": " << r.hits.size() << " hit(s) for \"" << q.name
            << "\" at threshold " << threshold
            << (r.unread_letters ? " (letters not read: held for review)"
                : r.reason == "incomplete" ? " (incomplete search: held for review)"
                : r.incomplete ? " (incomplete search)" : "")
            << "\n";
  int i = 0;
  for (const auto& h : r.hits) PrintHit(++i, h);
}

// One side of a comparison: an entity as a list exports it (members, properties and country codes
// no query carries are its own), but a birth date that is none is an error naming it, where it
// was dropped and read as no contradiction.
StatusOr<Entity> ComparedEntity(const nlohmann::json& j, const std::string& where) {
  EMBARGO_ASSIGN_OR_RETURN(Entity e, EntityFromFtm(j, where));
  EMBARGO_RETURN_IF_ERROR(CheckFtmBirthDates(j, where));
  return e;
}

StatusOr<Entity> LoadEntityFile(const std::string& path, const std::string& side) {
  EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  auto j = ParseJsonText(text);
  if (!j.ok()) return j.status().WithContext(path);
  return ComparedEntity(*j, path + ": " + side);
}

// One line of a pairs file: both entities, or the error naming the line.
StatusOr<std::pair<Entity, Entity>> PairOf(const std::string& line, const std::string& where) {
  auto parsed = ParseJsonText(line, JsonPlace::kColumn);
  if (!parsed.ok()) return parsed.status().WithContext(where);
  const nlohmann::json& j = *parsed;
  if (!j.is_object() || !j.contains("left") || !j.contains("right"))
    return Status::InvalidArgument(where + ": expected {\"left\": ..., \"right\": ...}");
  // Any other member (a pair's own "threshold") would be read by no one. A labelled set's
  // "judgement" is for its scorer, which reads it from the same line.
  EMBARGO_RETURN_IF_ERROR(OnlyKnownMembers(j, where + ": pair", {"left", "right", "judgement"}));
  EMBARGO_ASSIGN_OR_RETURN(Entity l, ComparedEntity(j["left"], where + ": left"));
  EMBARGO_ASSIGN_OR_RETURN(Entity r, ComparedEntity(j["right"], where + ": right"));
  return std::pair{std::move(l), std::move(r)};
}

// A comparison has no query and no list: its explanation speaks of the left and right entity.
nlohmann::json LeftRight(nlohmann::json explanation) {
  for (auto& t : explanation["tokens"]) {
    nlohmann::json pair = {{"left", t["query"]}, {"right", t["list"]}, {"how", t["how"]},
                           {"similarity", t["similarity"]}, {"edits", t.value("edits", 0)}};
    if (t.contains("note")) pair["note"] = t["note"];
    t = std::move(pair);
  }
  explanation["unmatched_left_tokens"] = std::move(explanation["unmatched_query_tokens"]);
  explanation["unmatched_right_tokens"] = std::move(explanation["unmatched_list_tokens"]);
  explanation.erase("unmatched_query_tokens");
  explanation.erase("unmatched_list_tokens");
  explanation["left_normalized"] = std::move(explanation["query_normalized"]);
  explanation.erase("query_normalized");
  return explanation;
}

}  // namespace

StatusOr<Query> MakeQuery(const std::string& name, const std::string& type, const std::vector<std::string>& dobs,
                          const std::vector<std::string>& countries, const std::vector<std::string>& ids) {
  return decisions::MakeQuery({name, type, dobs, countries, ids}, "");
}

CommandResult RunScreen(const GlobalOptions& g, const ScreenArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(Query query, MakeQuery(a.name, a.type, a.dob, a.country, a.id));
  EMBARGO_ASSIGN_OR_RETURN(auto screener, LoadScreener(settings));
  MatchOptions opts;
  opts.threshold = settings.threshold;
  opts.merge_linked = !a.separate;
  opts.limit = a.limit;
  EMBARGO_ASSIGN_OR_RETURN(ScreenResult result, screener->Screen(query, opts));
  if (WantsRecord(settings, a.rec)) return RecordScreen(settings, a.rec, query, result, *screener, a.format);
  if (a.format == "json") {
    nlohmann::json j = ScreenResultJson(query, result);
    j["threshold"] = opts.threshold;
    j["lists"] = decisions::ListVersionsJson(screener->lists());
    std::cout << JsonText(j) << "\n";
  } else {
    PrintTable(query, result, opts.threshold);
  }
  return AlertIf(result.alert);
}

CommandResult RunCompare(const GlobalOptions& g, const CompareArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  if (a.pairs.empty() && (a.left.empty() || a.right.empty()))
    return Status::InvalidArgument("compare needs LEFT.json RIGHT.json or --pairs FILE");
  EMBARGO_ASSIGN_OR_RETURN(auto screener, LoadScreener(settings));  // the lists give token rarity (IDF)
  auto result_json = [&](const Entity& l, const Entity& r) {
    CompareResult c = screener->Compare(l, r, settings.threshold);
    c.hit.entity = nullptr;
    nlohmann::json j = {{"match", c.match}, {"score", RoundScore(c.hit.score)}, {"explanation", LeftRight(ExplanationJson(c.hit))}};
    if (!c.not_compared.empty()) j["not_compared"] = c.not_compared;
    // Names not compared might have matched: no decision, never a non-match.
    if (!c.match && !c.not_compared.empty()) j["match"] = nullptr, j["error"] = "not every name could be compared";
    return j;
  };
  if (a.pairs.empty()) {
    EMBARGO_ASSIGN_OR_RETURN(Entity l, LoadEntityFile(a.left, "left"));
    EMBARGO_ASSIGN_OR_RETURN(Entity r, LoadEntityFile(a.right, "right"));
    auto j = result_json(l, r);
    std::cout << JsonText(j) << "\n";
    if (j["match"].is_null()) return Status::InvalidArgument(j["not_compared"][0].get<std::string>());
    return AlertIf(j["match"].get<bool>());
  }
  EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadFile(a.pairs));
  std::istringstream in(text);
  std::string line;
  size_t errors = 0;
  bool any_match = false;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (Trim(line).empty()) continue;
    auto pair = PairOf(line, a.pairs + ":" + std::to_string(n));
    if (!pair.ok()) {
      ++errors;
      // No decision, not a non-match: a reader of "match" alone must not take it as false.
      std::cout << JsonText(nlohmann::json{{"line", n}, {"match", nullptr}, {"score", nullptr}, {"error", pair.status().message()}}) << "\n";
      continue;
    }
    nlohmann::json j = result_json(pair->first, pair->second);
    if (j["match"].is_null()) ++errors, j["error"] = a.pairs + ":" + std::to_string(n) + ": " + j["not_compared"][0].get<std::string>();
    j["line"] = n;
    any_match |= j["match"] == true;
    std::cout << JsonText(j) << "\n";
  }
  if (errors) return Status::InvalidArgument(a.pairs + ": " + std::to_string(errors) + " line(s) could not be compared");
  return AlertIf(any_match);
}

namespace {

// Every list name as JSON lines. The loaders reject records whose text is not UTF-8; should one
// slip through, the error names the file and the record, never only the JSON library's words.
Status ExportNames(const std::string& path, const std::vector<ListLoad>& lists) {
  std::ofstream names(path);
  for (const auto& l : lists)
    for (const auto& e : l.entities)
      for (const auto& n : e.names) {
        try {
          names << nlohmann::json{{"entity_id", e.id}, {"name", n.value}, {"schema", SchemaName(e.schema)}}.dump() << "\n";
        } catch (const nlohmann::json::exception&) {
          std::string record = IsValidUtf8(e.id) ? e.id : l.dataset + " record " + std::to_string(&e - l.entities.data() + 1);
          return Status::DataLoss(path + ": cannot write a name of " + record + " (" + (l.files.empty() ? l.dataset : l.files[0]) +
                                  ") as JSON: it is not valid UTF-8");
        }
      }
  if (!names) return Status::Internal(path + ": write failed");
  return Status::Ok();
}

}  // namespace

CommandResult RunLists(const GlobalOptions& g, const ListsArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(ListsInForce in_force, LoadLists(settings));
  WarnAboutLists(in_force.lists, RejectedWarnings::kNone);  // the table shows rejected records
  if (!a.export_names.empty()) EMBARGO_RETURN_IF_ERROR(ExportNames(a.export_names, in_force.lists));
  PrintListsInForce(in_force, a.format);
  return Outcome::kClear;
}

namespace {

// One side of a diff, checked as every load checks lists (cut short, too many records rejected;
// record floors are left out: an old version may well be smaller): a side that fails is refused,
// naming it, unless --allow-shrink, and then `incomplete` says which side is cut and why.
StatusOr<std::vector<ListLoad>> LoadDiffSide(const std::string& side, const std::string& path, const Settings& s,
                                             std::vector<std::string>& incomplete) {
  EMBARGO_ASSIGN_OR_RETURN(auto lists, LoadListPath(path));
  CompletenessOptions o{.max_rejected = s.file.update.options.max_rejected, .allow_shrink = s.allow_shrink};
  if (Status complete = CheckListsComplete(lists, o); !complete.ok())
    return Status(complete.code(), side + " " + path + ": " + complete.message());
  for (const ListLoad& l : lists)
    if (!l.accepted_incomplete.empty())
      incomplete.push_back(side + " " + path + " is incomplete (" + l.dataset + ": " + l.accepted_incomplete + ")");
  std::string who = "embargo: " + side;
  WarnAboutLists(lists, RejectedWarningsOf(s), who.c_str());
  return lists;
}

}  // namespace

CommandResult RunListsDiff(const GlobalOptions& g, const DiffArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  std::vector<std::string> incomplete;
  EMBARGO_ASSIGN_OR_RETURN(auto before, LoadDiffSide("OLD", a.old_path, settings, incomplete));
  EMBARGO_ASSIGN_OR_RETURN(auto after, LoadDiffSide("NEW", a.new_path, settings, incomplete));
  ListDiff diff = DiffLists(before, after);
  if (a.format == "json") {
    auto entities = [](const std::vector<EntityChange>& changes) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const EntityChange& c : changes) {
        nlohmann::ordered_json j = {{"id", c.id}, {"caption", c.caption}};
        if (!c.fields.empty()) {
          j["fields"] = nlohmann::ordered_json::array();
          for (const FieldChange& f : c.fields)
            j["fields"].push_back({{"field", f.field}, {"before", f.before}, {"after", f.after}});
        }
        out.push_back(std::move(j));
      }
      return out;
    };
    nlohmann::ordered_json out = {{"old", a.old_path}, {"new", a.new_path},
                          {"summary", {{"added", diff.added.size()}, {"removed", diff.removed.size()}, {"changed", diff.changed.size()}}},
                          {"added", entities(diff.added)}, {"removed", entities(diff.removed)},
                          {"changed", entities(diff.changed)}, {"incomplete", incomplete}};
    std::cout << out.dump(2) << "\n";
  } else {
    for (const EntityChange& c : diff.removed) std::cout << "removed  " << c.id << "  " << c.caption << "\n";
    for (const EntityChange& c : diff.added) std::cout << "added    " << c.id << "  " << c.caption << "\n";
    for (const EntityChange& c : diff.changed) {
      std::cout << "changed  " << c.id << "  " << c.caption << "\n";
      for (const FieldChange& f : c.fields)
        std::cout << "    " << f.field << ": " << (f.before.empty() ? "(none)" : f.before) << "  ->  "
                  << (f.after.empty() ? "(none)" : f.after) << "\n";
    }
    std::cout << diff.added.size() << " added, " << diff.removed.size() << " removed, " << diff.changed.size()
              << " changed\n";
    for (const std::string& i : incomplete)
      std::cout << i << ": diffed with --allow-shrink, so records it lost show as removed or added\n";
  }
  return AlertIf(!diff.empty());
}

CommandResult RunServe(const GlobalOptions& g, const ServeArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  const ServeSection& config = settings.file.serve;
  server::ServerOptions opts;
  opts.host = a.host.empty() ? config.host : a.host;
  opts.port = a.port >= 0 ? a.port : config.port;
  opts.auth = !a.no_auth;
  opts.max_list_age_hours = a.max_list_age_hours >= 0 ? a.max_list_age_hours : config.max_list_age_hours;
  double drain = a.drain_timeout >= 0 ? a.drain_timeout : config.drain_timeout_seconds;
  opts.drain_timeout = std::chrono::milliseconds(static_cast<int64_t>(drain * 1000));
  opts.threshold = settings.threshold;
  opts.threads = a.threads;
  opts.log_names = a.log_names;
  opts.access_log = a.access_log;
  opts.policy_file = a.policy;
  opts.public_url = a.public_url.empty() ? config.public_url : a.public_url;
  if (std::string file = a.api_keys.empty() ? config.api_keys : a.api_keys; !file.empty()) {
    auto keys = server::ReadApiKeyFile(file);
    // From the config file: its line is named too.
    if (!keys.ok() && a.api_keys.empty()) return std::move(keys).status().WithContext(settings.file.set_at["api_keys"] + ": api_keys");
    EMBARGO_ASSIGN_OR_RETURN(opts.api_keys, std::move(keys));
  }
  // A key from the environment has no principal: it may screen only (docs/SECURITY.md).
  if (const char* env = std::getenv("EMBARGO_API_KEY"); env && *env) opts.api_key_hashes.push_back(Sha256Hex(std::string(Trim(env))));
  EMBARGO_RETURN_IF_ERROR(ConfigureServerStore(settings, a.store, opts));
  // Every reload (SIGHUP, POST /admin/reload) reads the versions in force anew.
  std::string dir = settings.list_store.empty() ? settings.lists_dir : "list store " + settings.list_store;
  auto loader = [settings]() -> StatusOr<std::vector<ListLoad>> {
    EMBARGO_ASSIGN_OR_RETURN(std::vector<ListLoad> lists, LoadScreenedLists(settings));
    WarnAboutLists(lists, RejectedWarnings::kOneLine, "embargo serve");  // once per load, in the server's log
    return lists;
  };
  server::BlockServerSignals();  // before Create starts the server's threads: they inherit the mask
  EMBARGO_ASSIGN_OR_RETURN(auto srv, server::Server::Create(opts, loader));
  EMBARGO_RETURN_IF_ERROR(srv->Bind());
  std::cerr << "embargo serve: listening on http://" << opts.host << ":" << srv->port() << " (lists " << dir
            << (opts.auth ? ", API keys required" : ", no authentication") << ")\n";
  if (opts.public_url.empty() && (opts.host == "0.0.0.0" || opts.host == "::"))
    std::cerr << "embargo serve: links the server hands out (the reconciliation manifest) name the loopback address: "
                 "set public_url to the address clients reach\n";
  if (server::RunWithSignals(*srv) != 0) return Status::Internal("the server stopped on an error (see above)");
  return Outcome::kClear;
}

}  // namespace embargo::cli
