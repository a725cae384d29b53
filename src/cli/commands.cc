#include "cli/commands.h"
#include "cli/store_commands.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <sys/stat.h>
#include <thread>

#include "common/csv.h"
#include "common/io.h"
#include "embargo/lists.h"
#include "embargo/screener.h"
#include "entity/countries.h"
#include "entity/ftm_json.h"
#include "lists/diff.h"
#include "match/result_json.h"
#include "server/server.h"
#include "common/sha256.h"

#ifndef EMBARGO_DEFAULT_LISTS
#define EMBARGO_DEFAULT_LISTS "data/lists"
#endif

namespace embargo::cli {
namespace {

struct Config {
  std::string lists_dir;
  std::string store;  // the list store in force; lists_dir is then the fallback (docs/LISTS.md)
  bool lists_given = false;
  double threshold = kDefaultThreshold;
  // embargo serve; the command line wins over these.
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string api_keys;
  double max_list_age_hours = 0;
};

std::string Trimmed(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Parses a number in [lo, hi] for config key `key`, or says what is wrong at `where`.
Status ConfigNumber(const std::string& where, const std::string& key, const std::string& value, double lo, double hi,
                    double& out) {
  char* end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(v >= lo && v <= hi))
    return Status::InvalidArgument(where + ": " + key + " must be a number from " + Trimmed(lo) + " to " + Trimmed(hi) +
                                   ", not '" + value + "'");
  out = v;
  return Status::Ok();
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

// Resolves options in order: command line, config file, environment, built-in defaults.
StatusOr<Config> ResolveConfig(const GlobalOptions& g) {
  Config c;
  if (!g.config.empty()) {
    auto text = ReadFile(g.config);
    if (!text.ok()) return text.status();
    std::istringstream in(*text);
    std::string line;
    for (size_t n = 1; std::getline(in, line); ++n) {
      line = Trim(line);
      if (line.empty() || line[0] == '#') continue;
      size_t eq = line.find('=');
      if (eq == std::string::npos) return Status::InvalidArgument(g.config + ":" + std::to_string(n) + ": expected key = value");
      std::string key = Trim(line.substr(0, eq)), value = Trim(line.substr(eq + 1));
      std::string where = g.config + ":" + std::to_string(n);
      Status s = Status::Ok();
      double number = 0;
      if (key == "lists") c.lists_dir = value;
      else if (key == "list_store") c.store = value;
      else if (IsUpdateConfigKey(key)) continue;  // read by `lists update`
      else if (IsStoreConfigKey(key)) continue;   // the decision store (store_commands.cc)
      else if (key == "threshold") s = ConfigNumber(where, key, value, 0, 1, c.threshold);
      else if (key == "host") c.host = value;
      else if (key == "port") {
        s = ConfigNumber(where, key, value, 0, 65535, number);
        c.port = static_cast<int>(number);
        if (s.ok() && number != c.port) s = Status::InvalidArgument(where + ": port must be a whole number");
      } else if (key == "api_keys") c.api_keys = value;
      else if (key == "max_list_age_hours") s = ConfigNumber(where, key, value, 0, 1e6, c.max_list_age_hours);
      else s = Status::InvalidArgument(where + ": unknown key '" + key + "'");
      if (!s.ok()) return s;
    }
  }
  if (!g.lists_dir.empty()) c.lists_dir = g.lists_dir;
  if (c.lists_dir.empty()) {
    if (const char* env = std::getenv("EMBARGO_LISTS")) c.lists_dir = env;
  }
  // A named directory that is a list store is read as one; the default is the default store.
  c.lists_given = !c.lists_dir.empty();
  if (c.lists_given) {
    c.store = IsListStore(c.lists_dir) ? c.lists_dir : "";
    if (!c.store.empty()) c.lists_dir.clear();
  } else if (c.store.empty()) {
    c.store = DefaultStoreDir();
  }
  if (c.lists_dir.empty()) c.lists_dir = EMBARGO_DEFAULT_LISTS;
  if (g.threshold >= 0) c.threshold = g.threshold;
  return c;
}

// The lists in force: the store's versions with the bundled fallback, or a plain directory.
StatusOr<ListsInForce> LoadLists(const Config& c) {
  if (!c.store.empty()) return LoadListsInForce(c.store, c.lists_dir);
  if (!IsDirectory(c.lists_dir)) return Status::NotFound(c.lists_dir + ": lists directory does not exist");
  return LoadListsInForce("", c.lists_dir, "directory");
}

StatusOr<std::unique_ptr<Screener>> LoadScreener(const Config& c) {
  auto in_force = LoadLists(c);
  if (!in_force.ok()) return in_force.status();
  std::vector<ListLoad>* lists = &in_force->lists;
  for (const auto& l : *lists)
    if (!l.rejected.empty())
      std::cerr << "embargo: warning: " << l.dataset << ": " << l.rejected.size()
                << " records rejected (first: " << l.rejected[0].file << ":" << l.rejected[0].line << ": "
                << l.rejected[0].reason << "); see 'embargo lists'\n";
  return Screener::Build(std::move(*lists));
}

int Fail(const Status& s) {
  std::cerr << "embargo: " << s.message() << "\n";
  return ExitCodeOf(s);
}

StatusOr<Query> MakeQuery(const std::string& name, const std::string& type, const std::vector<std::string>& dobs,
                          const std::vector<std::string>& countries, const std::vector<std::string>& ids) {
  Query q;
  q.name = name;
  if (!type.empty()) {
    q.schema = ParseSchema(type);
    if (!q.schema) return Status::InvalidArgument("type: unknown '" + type + "' (person, organization, vessel, aircraft)");
  }
  for (const auto& d : dobs) {
    if (Trim(d).empty()) continue;
    auto pd = PartialDate::Parse(d);
    if (!pd) return Status::InvalidArgument("dob: cannot read date '" + d + "' (use YYYY, YYYY-MM or YYYY-MM-DD)");
    q.birth_dates.push_back(*pd);
  }
  for (const auto& c : countries) {
    if (Trim(c).empty()) continue;
    std::string code = CountryCode(c);
    if (code.empty()) return Status::InvalidArgument("country: unknown country '" + c + "'");
    q.countries.push_back(code);
  }
  for (const auto& id : ids)
    if (!Trim(id).empty()) q.identifiers.push_back(Trim(id));
  return q;
}

void PrintTable(const Query& q, const ScreenResult& r, double threshold) {
  std::cout << (r.alert ? "ALERT" : "no alert") << ": " << r.hits.size() << " hit(s) for \"" << q.name
            << "\" at threshold " << threshold << (r.incomplete ? " (candidate budget reached)" : "") << "\n";
  int i = 0;
  for (const auto& h : r.hits) {
    std::cout << std::setw(3) << ++i << "  " << std::fixed << std::setprecision(3) << h.score << "  " << std::left
              << std::setw(18) << h.entity->id << std::setw(13) << SchemaName(h.entity->schema) << h.entity->caption()
              << std::right << "\n";
    std::cout << "       matched \"" << h.matched_name << "\" (name score " << std::setprecision(3) << h.name_score << "): ";
    for (size_t k = 0; k < h.tokens.size(); ++k) {
      const auto& t = h.tokens[k];
      std::cout << (k ? ", " : "") << t.query << "=" << t.list << " (" << t.how;
      if (t.edits) std::cout << " " << t.edits;
      std::cout << ")";
    }
    std::cout << "\n";
    if (!h.unmatched_query.empty() || !h.unmatched_list.empty()) {
      std::cout << "       unmatched:";
      for (const auto& t : h.unmatched_query) std::cout << " query:" << t;
      for (const auto& t : h.unmatched_list) std::cout << " list:" << t;
      std::cout << "\n";
    }
    for (const auto& e : h.evidence)
      std::cout << "       evidence: " << std::showpos << std::setprecision(2) << e.effect << std::noshowpos << " "
                << e.detail << "\n";
    if (!h.entity->programs.empty()) {
      std::cout << "       programs:";
      for (const auto& p : h.entity->programs) std::cout << " " << p;
      std::cout << "\n";
    }
    for (const auto& l : h.linked)
      std::cout << "       also listed: " << l.entity->id << " \"" << l.entity->caption() << "\" ("
                << (l.score > 0 ? "score " + std::to_string(l.score).substr(0, 5) + ", " : std::string()) << l.reason << ")\n";
  }
  std::cout << std::defaultfloat;
}

}  // namespace

ResolvedConfig ResolveForStore(const GlobalOptions& g) {
  auto c = ResolveConfig(g);
  if (!c.ok()) return {"", 0, c.status().message()};
  return {c->lists_dir, c->threshold, ""};
}

int RunScreen(const GlobalOptions& g, const ScreenArgs& a) {
  auto config = ResolveConfig(g);
  if (!config.ok()) return Fail(config.status());
  auto query = MakeQuery(a.name, a.type, a.dob, a.country, a.id);
  if (!query.ok()) return Fail(query.status());
  auto screener = LoadScreener(*config);
  if (!screener.ok()) return Fail(screener.status());
  MatchOptions opts;
  opts.threshold = config->threshold;
  opts.merge_linked = !a.separate;
  opts.limit = a.limit;
  auto result = (*screener)->Screen(*query, opts);
  if (!result.ok()) return Fail(result.status());
  if (WantsRecord(g, a.rec)) return RecordScreen(g, a.rec, *query, *result, **screener, opts.threshold, a.format);
  if (a.format == "json") std::cout << ScreenResultJson(*query, *result).dump() << "\n";
  else PrintTable(*query, *result, opts.threshold);
  return result->alert ? 1 : 0;
}

int RunBatch(const GlobalOptions& g, const BatchArgs& a) {
  auto config = ResolveConfig(g);
  if (!config.ok()) return Fail(config.status());
  auto text = ReadFile(a.input);
  if (!text.ok()) return Fail(text.status());
  CsvReader reader(*text);
  std::vector<std::string> header;
  if (!reader.Next(header)) return Fail(Status::InvalidArgument(a.input + ": empty file, expected a header with id,name"));
  std::unordered_map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[Trim(header[i])] = i;
  for (const char* required : {"id", "name"})
    if (!col.count(required))
      return Fail(Status::InvalidArgument(a.input + ":1: header has no '" + required + "' column"));
  struct Row {
    size_t line;
    std::vector<std::string> fields;
    std::string csv_error;
  };
  std::vector<Row> rows;
  std::vector<std::string> fields;
  while (reader.Next(fields)) rows.push_back({reader.line(), fields, reader.error()});

  auto screener = LoadScreener(*config);
  if (!screener.ok()) return Fail(screener.status());
  if (WantsRecord(g, a.rec)) return RecordBatch(g, a, **screener, config->threshold);
  MatchOptions opts;
  opts.threshold = config->threshold;
  opts.merge_linked = !a.separate;
  auto field = [&](const Row& r, const char* name) -> std::string {
    auto it = col.find(name);
    return it != col.end() && it->second < r.fields.size() ? r.fields[it->second] : std::string();
  };
  std::vector<std::string> out(rows.size());
  std::atomic<size_t> next{0}, done{0};
  std::atomic<bool> any_alert{false};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < rows.size(); ++done) {
      const Row& r = rows[i];
      nlohmann::json line = {{"id", field(r, "id")}};
      std::string where = a.input + ":" + std::to_string(r.line);
      auto error = [&](const std::string& msg) {
        line["alert"] = false;
        line["hits"] = nlohmann::json::array();
        line["error"] = where + ": " + msg;
        out[i] = line.dump();
      };
      if (!r.csv_error.empty()) { error(r.csv_error); continue; }
      if (r.fields.size() != header.size()) {
        error("expected " + std::to_string(header.size()) + " fields, found " + std::to_string(r.fields.size()));
        continue;
      }
      if (Trim(field(r, "id")).empty()) { error("id: empty"); continue; }
      auto q = MakeQuery(field(r, "name"), Trim(field(r, "type")), {field(r, "dob")}, {field(r, "country")}, {field(r, "id_number")});
      if (!q.ok()) { error(q.status().message()); continue; }
      auto result = (*screener)->Screen(*q, opts);
      if (!result.ok()) { error(result.status().message()); continue; }
      nlohmann::json hits = nlohmann::json::array();
      for (const auto& h : result->hits) {
        hits.push_back({{"entity_id", h.entity->id}, {"score", RoundScore(h.score)}, {"caption", h.entity->caption()},
                        {"schema", SchemaName(h.entity->schema)}, {"matched_name", h.matched_name}});
        if (!h.linked.empty()) hits.back()["linked"] = LinkedJson(h);
      }
      line["alert"] = result->alert;
      line["hits"] = std::move(hits);
      if (result->incomplete) line["incomplete"] = true;
      if (result->alert) any_alert = true;
      out[i] = line.dump();
    }
  };
  bool progress = isatty(STDERR_FILENO);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < a.threads; ++t) pool.emplace_back(work);
  std::thread bar;
  std::atomic<bool> finished{false};
  if (progress) {
    bar = std::thread([&] {
      while (!finished) {
        size_t d = done;
        std::fprintf(stderr, "\r[%-40s] %zu/%zu", std::string(rows.empty() ? 40 : 40 * d / rows.size(), '#').c_str(), d, rows.size());
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      std::fprintf(stderr, "\r[%-40s] %zu/%zu\n", std::string(40, '#').c_str(), rows.size(), rows.size());
    });
  }
  work();
  for (auto& t : pool) t.join();
  finished = true;
  if (bar.joinable()) bar.join();
  std::ofstream file;
  if (!a.output.empty()) {
    file.open(a.output);
    if (!file) return Fail(Status::Internal(a.output + ": cannot write"));
  }
  std::ostream& os = a.output.empty() ? std::cout : file;
  for (const auto& line : out) os << line << "\n";
  os.flush();
  if (!os) return Fail(Status::Internal((a.output.empty() ? "stdout" : a.output) + ": write failed"));
  return any_alert ? 1 : 0;
}

int RunCompare(const GlobalOptions& g, const CompareArgs& a) {
  auto config = ResolveConfig(g);
  if (!config.ok()) return Fail(config.status());
  if (a.pairs.empty() && (a.left.empty() || a.right.empty()))
    return Fail(Status::InvalidArgument("compare needs LEFT.json RIGHT.json or --pairs FILE"));
  auto screener = LoadScreener(*config);  // the lists give token rarity (IDF)
  if (!screener.ok()) return Fail(screener.status());
  auto result_json = [&](const Entity& l, const Entity& r) {
    CompareResult c = (*screener)->Compare(l, r, config->threshold);
    c.hit.entity = nullptr;
    return nlohmann::json{{"match", c.match}, {"score", RoundScore(c.hit.score)}, {"explanation", ExplanationJson(c.hit)}};
  };
  if (a.pairs.empty()) {
    auto load = [](const std::string& path) -> StatusOr<Entity> {
      auto text = ReadFile(path);
      if (!text.ok()) return text.status();
      auto j = nlohmann::json::parse(*text, nullptr, false);
      if (j.is_discarded()) return Status::InvalidArgument(path + ": invalid JSON");
      return EntityFromFtm(j, path);
    };
    auto l = load(a.left);
    if (!l.ok()) return Fail(l.status());
    auto r = load(a.right);
    if (!r.ok()) return Fail(r.status());
    auto j = result_json(*l, *r);
    std::cout << j.dump() << "\n";
    return j["match"].get<bool>() ? 1 : 0;
  }
  auto text = ReadFile(a.pairs);
  if (!text.ok()) return Fail(text.status());
  std::istringstream in(*text);
  std::string line;
  bool any_error = false;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (Trim(line).empty()) continue;
    std::string where = a.pairs + ":" + std::to_string(n);
    auto j = nlohmann::json::parse(line, nullptr, false);
    StatusOr<Entity> l = Status::InvalidArgument(where + ": invalid JSON");
    StatusOr<Entity> r = l;
    if (!j.is_discarded()) {
      if (!j.is_object() || !j.contains("left") || !j.contains("right")) {
        l = Status::InvalidArgument(where + ": expected {\"left\": ..., \"right\": ...}");
      } else {
        l = EntityFromFtm(j["left"], where + ": left");
        r = EntityFromFtm(j["right"], where + ": right");
      }
    }
    if (!l.ok() || !r.ok()) {
      any_error = true;
      std::cout << nlohmann::json{{"match", false}, {"score", 0}, {"error", (!l.ok() ? l : r).status().message()}}.dump() << "\n";
      continue;
    }
    std::cout << result_json(*l, *r).dump() << "\n";
  }
  return any_error ? 2 : 0;
}

int RunLists(const GlobalOptions& g, const std::string& format, const std::string& export_names) {
  auto config = ResolveConfig(g);
  if (!config.ok()) return Fail(config.status());
  auto in_force = LoadLists(*config);
  if (!in_force.ok()) return Fail(in_force.status());
  const std::vector<ListLoad>* lists = &in_force->lists;
  if (!export_names.empty()) {
    std::ofstream names(export_names);
    for (const auto& l : *lists)
      for (const auto& e : l.entities)
        for (const auto& n : e.names)
          names << nlohmann::json{{"entity_id", e.id}, {"name", n.value}, {"schema", SchemaName(e.schema)}}.dump() << "\n";
    if (!names) return Fail(Status::Internal(export_names + ": write failed"));
  }
  return PrintListsInForce(*in_force, format);
}

int RunServe(const GlobalOptions& g, const ServeArgs& a) {
  auto config = ResolveConfig(g);
  if (!config.ok()) return Fail(config.status());
  server::ServerOptions opts;
  opts.host = a.host.empty() ? config->host : a.host;
  opts.port = a.port >= 0 ? a.port : config->port;
  opts.auth = !a.no_auth;
  opts.max_list_age_hours = a.max_list_age_hours >= 0 ? a.max_list_age_hours : config->max_list_age_hours;
  opts.threshold = config->threshold;
  opts.threads = a.threads;
  opts.log_names = a.log_names;
  opts.access_log = a.access_log;
  opts.policy_file = a.policy;
  if (std::string file = a.api_keys.empty() ? config->api_keys : a.api_keys; !file.empty()) {
    auto keys = server::ReadApiKeyFile(file);
    if (!keys.ok()) return Fail(keys.status());
    opts.api_key_hashes = *keys;
  }
  if (const char* env = std::getenv("EMBARGO_API_KEY"); env && *env) opts.api_key_hashes.push_back(Sha256Hex(Trim(env)));
  if (Status s = ConfigureServerStore(g, a.store, opts); !s.ok()) return Fail(s);
  // Every reload (SIGHUP, POST /admin/reload) reads the versions in force anew.
  std::string dir = config->store.empty() ? config->lists_dir : "store " + config->store;
  auto loader = [c = *config]() -> StatusOr<std::vector<ListLoad>> {
    auto in_force = LoadLists(c);
    if (!in_force.ok()) return in_force.status();
    return std::move(in_force->lists);
  };
  auto srv = server::Server::Create(opts, loader);
  if (!srv.ok()) return Fail(srv.status());
  Status bound = (*srv)->Bind();
  if (!bound.ok()) return Fail(bound);
  std::cerr << "embargo serve: listening on http://" << opts.host << ":" << (*srv)->port() << " (lists " << dir
            << (opts.auth ? ", API keys required" : ", no authentication") << ")\n";
  return server::RunWithSignals(**srv);
}

bool ResolveListsLocation(const GlobalOptions& g, ListsLocation& out, std::string& error) {
  auto config = ResolveConfig(g);
  if (!config.ok()) {
    error = config.status().message();
    return false;
  }
  out = {config->store, config->lists_dir, config->lists_given};
  return true;
}

int RunListsDiff(const DiffArgs& a) {
  auto before = LoadListPath(a.old_path);
  if (!before.ok()) return Fail(before.status());
  auto after = LoadListPath(a.new_path);
  if (!after.ok()) return Fail(after.status());
  ListDiff diff = DiffLists(*before, *after);
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
                          {"changed", entities(diff.changed)}};
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
  }
  return diff.empty() ? 0 : 1;
}

StatusOr<ConfiguredScreener> LoadConfiguredScreener(const GlobalOptions& g) {
  auto config = ResolveConfig(g);
  if (!config.ok()) return config.status();
  auto screener = LoadScreener(*config);
  if (!screener.ok()) return screener.status();
  return ConfiguredScreener{std::move(*screener), config->threshold};
}

}  // namespace embargo::cli
