// `embargo lists update` and the version columns of `embargo lists`.

#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <algorithm>

#include "cli/commands.h"
#include "cli/output.h"
#include "common/json_text.h"
#include "embargo/list_store.h"

#ifndef EMBARGO_DEFAULT_LISTS
#define EMBARGO_DEFAULT_LISTS "data/lists"
#endif

namespace embargo::cli {
namespace {

namespace fs = std::filesystem;

// Seconds since the list was published, or -1 when its publication date is unknown. Never the
// download or file time: a list downloaded today may have been published months ago.
int64_t AgeSeconds(const ListVersion& v, int64_t now) {
  int64_t since = PublishedUnixTime(v.published);
  return since < 0 ? -1 : std::max<int64_t>(0, now - since);
}

std::string Age(const ListVersion& v, int64_t now) {
  int64_t s = AgeSeconds(v, now);
  if (s < 0) return "unknown";
  auto plural = [](int64_t n, const char* unit) { return std::to_string(n) + " " + unit + (n == 1 ? "" : "s"); };
  if (s < 3600) return plural(s / 60, "minute");
  if (s < 48 * 3600) return plural(s / 3600, "hour");
  return plural(s / 86400, "day");
}

nlohmann::ordered_json VersionJson(const ListVersion& v, int64_t now) {
  nlohmann::ordered_json j = {{"origin", v.origin},         {"source", v.source},
                              {"id", v.id},                 {"published", v.published},
                              {"downloaded", v.downloaded}, {"checked", v.checked},
                              {"age", Age(v, now)},
                              {"age_seconds", AgeSeconds(v, now)},
                              {"urls", v.urls},             {"content_sha256", v.content_hash},
                              {"records", v.records},       {"path", v.path}};
  if (!v.published_detail.empty()) j["published_detail"] = v.published_detail;
  if (!v.accepted_incomplete.empty()) j["accepted_incomplete"] = v.accepted_incomplete;
  return j;
}

}  // namespace

void PrintListsInForce(const ListsInForce& in_force, const std::string& format) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  const auto& lists = in_force.lists;
  if (format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (size_t i = 0; i < lists.size(); ++i) {
      const ListLoad& l = lists[i];
      nlohmann::ordered_json rejected = nlohmann::ordered_json::array();
      for (const auto& r : l.rejected) rejected.push_back({{"file", r.file}, {"line", r.line}, {"reason", r.reason}});
      nlohmann::ordered_json superseded = nlohmann::ordered_json::array();
      for (const auto& s : l.superseded) superseded.push_back({{"by", s.by_dataset}, {"records", s.records}});
      out.push_back({{"dataset", l.dataset}, {"title", l.title}, {"format", l.format}, {"published", l.published},
                     {"entities", l.entities.size()}, {"content_hash", l.content_hash}, {"files", l.files},
                     {"rejected", rejected}, {"superseded", superseded}, {"warnings", l.warnings},
                     {"version", VersionJson(in_force.versions[i], now)}});
    }
    std::cout << JsonText(out, 2) << "\n";
    return;
  }
  if (format == "versions") {  // embargo --version
    for (const ListLoad& l : lists)
      std::cout << "  " << std::left << std::setw(11) << l.dataset << " " << std::setw(11)
                << (l.published.empty() ? "unpublished" : l.published) << std::right << " sha256 "
                << l.content_hash.substr(0, 12) << " " << std::setw(7) << l.entities.size() << " entities\n";
    return;
  }
  std::cout << std::left << std::setw(11) << "dataset" << std::setw(12) << "published" << std::right << std::setw(9)
            << "entities" << std::setw(10) << "rejected" << "  " << std::left << std::setw(14) << "sha256"
            << std::setw(32) << "version" << std::setw(22) << "downloaded" << std::setw(10) << "age" << "title\n";
  for (size_t i = 0; i < lists.size(); ++i) {
    const ListLoad& l = lists[i];
    const ListVersion& v = in_force.versions[i];
    std::cout << std::left << std::setw(11) << l.dataset << std::setw(12) << (l.published.empty() ? "unknown" : l.published)
              << std::right << std::setw(9) << l.entities.size() << std::setw(10) << l.rejected.size() << "  "
              << std::left << std::setw(14) << (v.origin == "store" ? v.content_hash : l.content_hash).substr(0, 12)
              << std::setw(32) << v.id << std::setw(22) << (v.downloaded.empty() ? "-" : v.downloaded) << std::setw(10)
              << Age(v, now) << l.title << "\n";
    for (const std::string& url : v.urls) std::cout << "    source " << url << "\n";
    if (!v.checked.empty() && v.checked != v.downloaded) std::cout << "    still current at " << v.checked << "\n";
    if (v.origin != "store") std::cout << "    from " << v.path << "\n";
    if (!l.published_detail.empty()) std::cout << "    published: " << l.published_detail << "\n";
    for (const auto& s : l.superseded)
      std::cout << "    left out " << s.records << " records that " << s.by_dataset << " publishes itself\n";
    for (const std::string& w : l.warnings) std::cout << "    warning: " << w << "\n";
    if (!v.accepted_incomplete.empty())
      std::cout << "    ACCEPTED WITH --allow-shrink although " << v.accepted_incomplete << "\n";
    for (const auto& r : l.rejected) std::cout << "    rejected " << r.file << ":" << r.line << ": " << r.reason << "\n";
  }
}

namespace {

// The list store to update: the one in force, or a new or empty directory named with --lists.
StatusOr<std::string> ListStoreToUpdate(const Settings& s) {
  if (!s.list_store.empty()) return fs::absolute(s.list_store).string();
  std::error_code ec;
  bool empty_dir = fs::is_directory(s.lists_dir, ec) && fs::is_empty(s.lists_dir, ec);
  if (!s.lists_given || !(empty_dir || !fs::exists(s.lists_dir, ec)))
    return Status::FailedPrecondition(s.lists_dir + ": a list directory, not a list store; give --lists STORE_DIR (a new "
                                      "or empty directory becomes a store) or 'list_store = DIR' in the config");
  if (s.lists_dir.empty()) return Status::FailedPrecondition("no list store: set HOME or XDG_DATA_HOME, or give --lists STORE_DIR");
  return fs::absolute(s.lists_dir).string();
}

// The sources named (by --source or update.sources), or every configured source.
StatusOr<std::vector<ListSource>> SelectSources(const UpdateSection& config, const std::vector<std::string>& flags) {
  const std::vector<std::string>& wanted = flags.empty() ? config.enabled : flags;
  if (wanted.empty()) return config.sources;
  std::vector<ListSource> sources;
  for (const std::string& name : wanted) {
    auto it = std::find_if(config.sources.begin(), config.sources.end(), [&](const ListSource& s) { return s.name == name; });
    if (it == config.sources.end()) {
      std::vector<std::string> known;
      for (const auto& s : config.sources) known.push_back(s.name);
      std::string hint = NearestWord(name, known);
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("unknown source '" + name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?") +
                                     " (configured: " + list + ")");
    }
    sources.push_back(*it);
  }
  return sources;
}

const char* OutcomeName(const UpdateResult& r) {
  switch (r.outcome) {
    case UpdateResult::Outcome::kUpdated: return "updated";
    case UpdateResult::Outcome::kUnchanged: return "unchanged";
    default: return "failed";
  }
}

void PrintUpdateJson(const std::string& store, const std::vector<UpdateResult>& results) {
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  nlohmann::ordered_json out = {{"store", store}, {"sources", nlohmann::ordered_json::array()}};
  for (const UpdateResult& r : results) {
    nlohmann::ordered_json j = {{"source", r.source}, {"outcome", OutcomeName(r)}};
    if (r.outcome != UpdateResult::Outcome::kFailed) j["version"] = VersionJson(r.version, now);
    if (!r.previous.id.empty()) j["previous"] = VersionJson(r.previous, now);
    if (r.outcome == UpdateResult::Outcome::kUpdated) {
      j["removed"] = r.removed;
      j["forced"] = r.forced;
    }
    if (r.outcome == UpdateResult::Outcome::kFailed) j["error"] = r.status.message();
    out["sources"].push_back(std::move(j));
  }
  std::cout << JsonText(out, 2) << "\n";
}

void PrintUpdateTable(const std::vector<UpdateResult>& results) {
  for (const UpdateResult& r : results) {
    std::cout << std::left << std::setw(11) << r.source << " " << std::setw(10) << OutcomeName(r) << std::right;
    if (r.outcome == UpdateResult::Outcome::kFailed) {
      std::cout << r.status.message() << "\n";
      continue;
    }
    const ListVersion& v = r.version;
    std::cout << v.id << "  " << v.records << " records";
    if (!v.published.empty()) std::cout << ", published " << v.published;
    if (r.outcome == UpdateResult::Outcome::kUpdated) {
      std::cout << ", " << r.removed << " removed";
      if (r.forced) std::cout << " (accepted with --force)";
    }
    std::cout << "\n";
  }
}

}  // namespace

CommandResult RunListsUpdate(const GlobalOptions& g, const UpdateArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(Settings settings, ResolveSettings(g));
  EMBARGO_ASSIGN_OR_RETURN(std::string store, ListStoreToUpdate(settings));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<ListSource> sources, SelectSources(settings.file.update, a.sources));
  UpdateOptions options = settings.file.update.options;
  options.force = a.force;
  // The bundled lists are the previous version of a source the store does not hold yet.
  options.bundled_dir = settings.list_store.empty() ? EMBARGO_DEFAULT_LISTS : settings.lists_dir;
  EMBARGO_ASSIGN_OR_RETURN(std::vector<UpdateResult> results, UpdateLists(store, sources, options));
  if (a.format == "json") PrintUpdateJson(store, results);
  else PrintUpdateTable(results);
  size_t failed = 0, updated = 0;
  for (const UpdateResult& r : results) {
    if (r.outcome == UpdateResult::Outcome::kFailed) std::cerr << "embargo: " << r.status.message() << "\n", ++failed;
    updated += r.outcome == UpdateResult::Outcome::kUpdated;
  }
  if (updated)
    std::cerr << "embargo: list store " << store
              << " updated; a running 'embargo serve' switches on SIGHUP or POST /admin/reload\n";
  if (failed)
    return Status::Unavailable(std::to_string(failed) + " of " + std::to_string(results.size()) +
                               " source(s) failed; their versions in force are kept");
  return Outcome::kClear;
}

}  // namespace embargo::cli
