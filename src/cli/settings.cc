// Options every command resolves the same way, the lists they screen against, and `config check`.
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "server/server.h"

#ifndef EMBARGO_DEFAULT_LISTS
#define EMBARGO_DEFAULT_LISTS "data/lists"
#endif

namespace embargo::cli {
namespace {

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

StatusOr<Settings> ResolveSettings(const GlobalOptions& g) {
  Settings s;
  EMBARGO_ASSIGN_OR_RETURN(s.file, ReadConfigFile(g.config));
  for (const std::string& w : s.file.warnings) std::cerr << "embargo: warning: " << w << "\n";
  s.lists_dir = !g.lists_dir.empty() ? g.lists_dir : s.file.lists.lists;
  if (s.lists_dir.empty())
    if (const char* env = std::getenv("EMBARGO_LISTS")) s.lists_dir = env;
  // A named directory that is a list store is read as one; the default is the default store.
  s.lists_given = !s.lists_dir.empty();
  if (s.lists_given) {
    if (IsListStore(s.lists_dir)) {
      EMBARGO_RETURN_IF_ERROR(CheckStoreHoldsOnlyItsOwn(s.lists_dir));
      s.list_store = std::move(s.lists_dir), s.lists_dir.clear();
    }
  } else {
    s.list_store = s.file.lists.list_store.empty() ? DefaultStoreDir() : s.file.lists.list_store;
  }
  if (s.lists_dir.empty()) s.lists_dir = EMBARGO_DEFAULT_LISTS;
  s.threshold = g.threshold >= 0 ? g.threshold : s.file.lists.threshold;
  s.allow_shrink = g.allow_shrink;
  s.verbose = g.verbose;
  s.ownership = !g.ownership.empty() ? g.ownership : s.file.lists.ownership;
  const std::string& rule = !g.ownership_rule.empty() ? g.ownership_rule : s.file.lists.ownership_rule;
  if (!rule.empty()) {
    auto parsed = ParseOwnershipRule(rule);
    if (!parsed) return Status::InvalidArgument("--ownership-rule '" + rule + "': expected ofac, eu or uk");
    s.ownership_options.rule = *parsed;
  }
  s.ownership_options.link_threshold = s.threshold;
  return s;
}

StatusOr<ListsInForce> LoadLists(const Settings& s) {
  LoadInForceOptions o{.fallback_origin = "bundled", .max_drop = s.file.update.options.max_drop,
                       .max_rejected = s.file.update.options.max_rejected, .allow_shrink = s.allow_shrink};
  // Where the config file named the directory or store, the error names that line.
  auto named_at = [&](const char* setting) {
    auto it = s.file.set_at.find(setting);
    return it == s.file.set_at.end() ? std::string() : it->second + ": " + setting + ": ";
  };
  if (!s.list_store.empty()) {
    // A store the config file names is meant: screening the bundled lists instead would be silent.
    if (!s.lists_given && !s.file.lists.list_store.empty() && !IsDirectory(s.list_store))
      return Status::NotFound(named_at("list_store") + s.list_store +
                              ": list store does not exist (`embargo lists update` makes and fills it)");
    return LoadListsInForce(s.list_store, s.lists_dir, o);
  }
  if (!IsDirectory(s.lists_dir))
    return Status::NotFound((s.file.lists.lists == s.lists_dir ? named_at("lists") : std::string()) + s.lists_dir +
                            ": lists directory does not exist");
  o.fallback_origin = "directory";
  return LoadListsInForce("", s.lists_dir, o);
}

void WarnAboutLists(const std::vector<ListLoad>& lists, RejectedWarnings rejected, const char* who) {
  for (const auto& l : lists) {
    for (const std::string& w : l.warnings) std::cerr << who << ": warning: " << l.dataset << ": " << w << "\n";
    if (!l.accepted_incomplete.empty())
      std::cerr << who << ": warning: " << l.dataset << " loaded with --allow-shrink although " << l.accepted_incomplete
                << "\n";
    if (rejected == RejectedWarnings::kNone || l.rejected.empty()) continue;
    // Under update.max_rejected a list loads, but what it loaded without is said; a repeated
    // row left out loses no party, so it is listed only with --verbose.
    const LoadIssue* first_lost = nullptr;
    size_t lost = 0;
    for (const LoadIssue& r : l.rejected)
      if (!r.repeat && lost++ == 0) first_lost = &r;
    if (first_lost)
      std::cerr << who << ": warning: " << l.dataset << ": " << lost << " records rejected (first: " << first_lost->file
                << ":" << first_lost->line << ": " << first_lost->reason << "); see 'embargo lists'\n";
    if (rejected == RejectedWarnings::kEvery)
      for (const LoadIssue& r : l.rejected)
        std::cerr << who << ": warning: " << l.dataset << ": rejected " << r.file << ":" << r.line << ": " << r.reason
                  << "\n";
  }
}

namespace {

// Where the graph an ownership error names was given: "--ownership", or the config file's line
// ("o.conf:2: ownership") when the graphs came from the config file, as for every other key.
std::string OwnershipGivenAt(const Settings& s, std::string_view error) {
  const ConfigFile& file = s.file;
  if (s.ownership != file.lists.ownership || file.ownership_at.size() != file.lists.ownership.size()) return "--ownership";
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < file.lists.ownership.size(); ++i) {
    const std::string& graph = file.lists.ownership[i];
    if (error.starts_with(graph + ":") && (best == SIZE_MAX || graph.size() > file.lists.ownership[best].size())) best = i;
  }
  return best == SIZE_MAX ? "--ownership" : file.ownership_at[best] + ": ownership";
}

}  // namespace

StatusOr<std::unique_ptr<OwnershipEvaluator>> LoadOwnership(const Settings& s, std::shared_ptr<const Screener> lists) {
  auto evaluator = OwnershipEvaluator::Load(s.ownership, std::move(lists), s.ownership_options);
  if (!evaluator.ok()) {
    std::string at = OwnershipGivenAt(s, evaluator.status().message());
    return std::move(evaluator).status().WithContext(at);
  }
  return std::move(evaluator).value();
}

std::string GraphRecordsNotUsed(const OwnershipGraphInfo& g) {
  if (g.rejected.empty()) return "";
  const LoadIssue& first = g.rejected[0];
  return std::to_string(g.rejected.size()) + " records not used (first: " + first.file + ":" +
         std::to_string(first.line) + ": " + first.reason + ")";
}

StatusOr<std::vector<ListLoad>> LoadScreenedLists(const Settings& s) {
  EMBARGO_ASSIGN_OR_RETURN(ListsInForce in_force, LoadLists(s));
  if (s.ownership.empty()) return std::move(in_force.lists);
  // Owners are linked to the list records by screening their names against the lists alone.
  EMBARGO_ASSIGN_OR_RETURN(std::unique_ptr<Screener> lists, Screener::Build(std::move(in_force.lists)));
  std::shared_ptr<const Screener> shared(std::move(lists));
  EMBARGO_ASSIGN_OR_RETURN(auto evaluator, LoadOwnership(s, shared));
  // A holding not read may be the one that blocks a party: screening would not be complete.
  if (std::string not_used = GraphRecordsNotUsed(evaluator->graph()); !not_used.empty()) {
    if (!s.allow_shrink)
      return Status::FailedPrecondition("ownership graph: " + not_used + ": screening through it would be incomplete; "
                                        "fix the records (see 'embargo ownership'), or --allow-shrink screens through the rest");
    std::cerr << "embargo: warning: ownership graph loaded with --allow-shrink although " << not_used << "\n";
  }
  std::vector<ListLoad> out = shared->lists();
  out.push_back(evaluator->AsList());
  return out;
}

StatusOr<std::unique_ptr<Screener>> LoadScreener(const Settings& s) {
  EMBARGO_ASSIGN_OR_RETURN(std::vector<ListLoad> lists, LoadScreenedLists(s));
  WarnAboutLists(lists, RejectedWarningsOf(s));
  return Screener::Build(std::move(lists));
}

StatusOr<ConfiguredScreener> LoadConfiguredScreener(const GlobalOptions& g) {
  EMBARGO_ASSIGN_OR_RETURN(Settings s, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(auto screener, LoadScreener(s));
  return ConfiguredScreener{std::move(screener), s.threshold};
}

namespace {

// A SQLite decision store is created on first use, but only in a directory that exists: a typo
// there would fail every recording screening.
Status CheckStoreDirectory(ConfigFile& file) {
  const std::string& store = file.decisions.decision_store;
  if (store.empty() || store.starts_with("postgresql://") || store.starts_with("postgres://")) return Status::Ok();
  std::string dir = std::filesystem::path(store).parent_path().string();
  if (dir.empty() || IsDirectory(dir)) return Status::Ok();
  return Status::NotFound(file.set_at["decision_store"] + ": decision_store: " + store + ": the directory " + dir +
                          " does not exist (the store file is created in it)");
}

}  // namespace

CommandResult RunConfigCheck(const std::string& path) {
  EMBARGO_ASSIGN_OR_RETURN(ConfigFile file, ReadConfigFile(path));
  // The files it names must be there (the list store and the decision store may be created).
  if (!file.lists.lists.empty() && !IsDirectory(file.lists.lists))
    return Status::NotFound(file.set_at["lists"] + ": lists: " + file.lists.lists + " is not a directory");
  if (!file.lists.list_store.empty() && !IsDirectory(file.lists.list_store))
    file.warnings.push_back(file.set_at["list_store"] + ": list_store: " + file.lists.list_store +
                            " does not exist yet: screening refuses it until `embargo lists update` makes it");
  for (size_t i = 0; i < file.lists.ownership.size(); ++i) {
    const std::string& graph = file.lists.ownership[i];
    struct stat st;
    if (stat(graph.c_str(), &st) != 0)
      return Status::NotFound(file.ownership_at[i] + ": ownership: " + graph + " does not exist");
  }
  if (!file.serve.api_keys.empty()) {
    auto keys = server::ReadApiKeyFile(file.serve.api_keys);
    if (!keys.ok()) return std::move(keys).status().WithContext(file.set_at["api_keys"] + ": api_keys");
  }
  EMBARGO_RETURN_IF_ERROR(CheckStoreDirectory(file));
  for (const std::string& w : file.warnings) std::cout << "warning: " << w << "\n";
  std::cout << path << ": ok" << (file.warnings.empty() ? "" : " (" + std::to_string(file.warnings.size()) + " warning(s))")
            << "\n";
  return Outcome::kClear;
}

}  // namespace embargo::cli
