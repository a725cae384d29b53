// `embargo lists update` and the version columns of `embargo lists`.

#include <nlohmann/json.hpp>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.h"
#include "common/io.h"
#include "common/strings.h"
#include "embargo/list_store.h"

#ifndef EMBARGO_DEFAULT_LISTS
#define EMBARGO_DEFAULT_LISTS "data/lists"
#endif

namespace embargo::cli {
namespace {

namespace fs = std::filesystem;

int Fail(const std::string& message) {
  std::cerr << "embargo: " << message << "\n";
  return 2;
}

struct UpdateConfig {
  std::vector<ListSource> sources = DefaultListSources();
  std::vector<std::string> enabled;  // update.sources; empty: all
  UpdateOptions options;
};

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// "0.1" or "10%" as a share in [0,1].
bool ParseShare(const std::string& text, double& out) {
  try {
    size_t used = 0;
    double v = std::stod(text, &used);
    std::string rest(Trim(std::string_view(text).substr(used)));
    if (rest == "%") v /= 100;
    else if (!rest.empty()) return false;
    if (!(v >= 0 && v <= 1)) return false;
    out = v;
    return true;
  } catch (...) {
    return false;
  }
}

bool ParseSeconds(const std::string& text, long& out_ms) {
  try {
    size_t used = 0;
    double v = std::stod(text, &used);
    if (used != text.size() || !(v > 0 && v < 1e7)) return false;
    out_ms = static_cast<long>(std::llround(v * 1000));
    return out_ms > 0;
  } catch (...) {
    return false;
  }
}

bool ParseCount(const std::string& text, long& out) {
  try {
    size_t used = 0;
    long v = std::stol(text, &used);
    if (used != text.size() || v < 0) return false;
    out = v;
    return true;
  } catch (...) {
    return false;
  }
}

// `source.NAME = [file=]URL ...`: the file name is the URL's last path segment unless given.
bool ParseSourceFiles(const std::string& value, std::vector<SourceFile>& files, std::string& error) {
  for (const std::string& word : Words(value)) {
    SourceFile f;
    size_t eq = word.find('=');
    size_t scheme = word.find("://");
    if (eq != std::string::npos && (scheme == std::string::npos || eq < scheme)) {
      f.name = word.substr(0, eq);
      f.url = word.substr(eq + 1);
    } else {
      f.url = word;
      std::string path = word.substr(0, word.find_first_of("?#"));
      f.name = Lower(path.substr(path.find_last_of('/') + 1));
    }
    if (f.url.find("://") == std::string::npos) {
      error = "'" + word + "' is not a URL";
      return false;
    }
    if (f.name.empty() || f.name[0] == '.' || f.name.find('/') != std::string::npos) {
      error = "cannot take a file name from '" + word + "': write NAME=URL";
      return false;
    }
    files.push_back(std::move(f));
  }
  if (files.empty()) {
    error = "no URL given";
    return false;
  }
  return true;
}

bool ReadUpdateConfig(const std::string& path, UpdateConfig& c, std::string& error) {
  if (path.empty()) return true;
  auto text = ReadFile(path);
  if (!text.ok()) {
    error = text.status().message();
    return false;
  }
  std::istringstream in(*text);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    std::string_view t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t eq = t.find('=');
    if (eq == std::string_view::npos) continue;  // ResolveConfig reports it
    std::string key(Trim(t.substr(0, eq))), value(Trim(t.substr(eq + 1)));
    if (!IsUpdateConfigKey(key)) continue;
    std::string where = path + ":" + std::to_string(n) + ": " + key + ": ";
    bool ok = true;
    std::string why;
    UpdateOptions& o = c.options;
    long count = 0;
    if (key.rfind("source.", 0) == 0) {
      std::string name = key.substr(7);
      std::vector<SourceFile> files;
      if (name.empty() || name[0] == '.' || name.find('/') != std::string::npos) {
        ok = false;
        why = "not a valid source name";
      } else if (!ParseSourceFiles(value, files, why)) {
        ok = false;
      } else {
        auto it = std::find_if(c.sources.begin(), c.sources.end(), [&](const ListSource& s) { return s.name == name; });
        if (it != c.sources.end()) it->files = std::move(files);
        else c.sources.push_back({name, std::move(files)});
      }
    } else if (key == "update.sources") {
      c.enabled = Words(value);
    } else if (key == "update.max_drop") {
      ok = ParseShare(value, o.max_drop);
      why = "expected a share such as 0.1 or 10%";
    } else if (key == "update.max_rejected") {
      ok = ParseShare(value, o.max_rejected);
      why = "expected a share such as 0.01 or 1%";
    } else if (key == "update.keep") {
      ok = ParseCount(value, count) && count >= 1;
      o.keep = static_cast<size_t>(count);
      why = "expected a whole number of versions, at least 1";
    } else if (key == "update.retries") {
      ok = ParseCount(value, count) && count <= 20;
      o.fetch.retries = static_cast<int>(count);
      why = "expected a whole number from 0 to 20";
    } else if (key == "update.connect_timeout") {
      ok = ParseSeconds(value, o.fetch.connect_timeout_ms);
      why = "expected seconds > 0";
    } else if (key == "update.timeout") {
      ok = ParseSeconds(value, o.fetch.total_timeout_ms);
      why = "expected seconds > 0";
    } else if (key == "update.stall_timeout") {
      ok = ParseSeconds(value, o.fetch.stall_timeout_ms);
      why = "expected seconds > 0";
    } else if (key == "update.retry_delay") {
      ok = ParseSeconds(value, o.fetch.retry_delay_ms);
      why = "expected seconds > 0";
    } else {
      ok = false;
      why = "unknown key";
    }
    if (!ok) {
      error = where + why + " (got '" + value + "')";
      return false;
    }
  }
  return true;
}

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

bool IsUpdateConfigKey(const std::string& key) {
  return key.rfind("source.", 0) == 0 || key.rfind("update.", 0) == 0;
}

int PrintListsInForce(const ListsInForce& in_force, const std::string& format) {
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
                     {"rejected", rejected}, {"superseded", superseded},
                     {"version", VersionJson(in_force.versions[i], now)}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
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
    if (!v.accepted_incomplete.empty())
      std::cout << "    ACCEPTED WITH --allow-shrink although " << v.accepted_incomplete << "\n";
    for (const auto& r : l.rejected) std::cout << "    rejected " << r.file << ":" << r.line << ": " << r.reason << "\n";
  }
  return 0;
}

int RunListsUpdate(const GlobalOptions& g, const UpdateArgs& a) {
  ListsLocation where;
  std::string error;
  if (!ResolveListsLocation(g, where, error)) return Fail(error);
  UpdateConfig config;
  if (!ReadUpdateConfig(g.config, config, error)) return Fail(error);

  // The store: the one in force, or a new or empty directory named with --lists.
  std::string store = where.store;
  if (!store.empty()) store = fs::absolute(store).string();
  if (store.empty()) {
    std::error_code ec;
    bool empty_dir = fs::is_directory(where.lists_dir, ec) && fs::is_empty(where.lists_dir, ec);
    if (!where.lists_given || !(empty_dir || !fs::exists(where.lists_dir, ec)))
      return Fail(where.lists_dir + ": a list directory, not a list store; give --lists STORE_DIR (a new or empty "
                  "directory becomes a store) or 'store = DIR' in the config");
    store = fs::absolute(where.lists_dir).string();
  }
  if (store.empty()) return Fail("no list store: set HOME or XDG_DATA_HOME, or give --lists STORE_DIR");

  std::vector<std::string> wanted = a.sources.empty() ? config.enabled : a.sources;
  std::vector<ListSource> sources;
  if (wanted.empty()) {
    sources = config.sources;
  } else {
    for (const std::string& name : wanted) {
      auto it = std::find_if(config.sources.begin(), config.sources.end(),
                             [&](const ListSource& s) { return s.name == name; });
      if (it == config.sources.end()) {
        std::string known;
        for (const auto& s : config.sources) known += (known.empty() ? "" : ", ") + s.name;
        return Fail("unknown source '" + name + "' (configured: " + known + ")");
      }
      sources.push_back(*it);
    }
  }

  UpdateOptions options = config.options;
  options.force = a.force;
  // The bundled lists are the previous version of a source the store does not hold yet.
  options.bundled_dir = where.store.empty() ? EMBARGO_DEFAULT_LISTS : where.lists_dir;
  auto results = UpdateLists(store, sources, options);
  if (!results.ok()) return Fail(results.status().message());

  bool failed = false;
  for (const UpdateResult& r : *results) failed |= r.outcome == UpdateResult::Outcome::kFailed;
  auto outcome = [](const UpdateResult& r) {
    switch (r.outcome) {
      case UpdateResult::Outcome::kUpdated: return "updated";
      case UpdateResult::Outcome::kUnchanged: return "unchanged";
      default: return "failed";
    }
  };
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  if (a.format == "json") {
    nlohmann::ordered_json out = {{"store", store}, {"sources", nlohmann::ordered_json::array()}};
    for (const UpdateResult& r : *results) {
      nlohmann::ordered_json j = {{"source", r.source}, {"outcome", outcome(r)}};
      if (r.outcome != UpdateResult::Outcome::kFailed) j["version"] = VersionJson(r.version, now);
      if (!r.previous.id.empty()) j["previous"] = VersionJson(r.previous, now);
      if (r.outcome == UpdateResult::Outcome::kUpdated) {
        j["removed"] = r.removed;
        j["forced"] = r.forced;
      }
      if (r.outcome == UpdateResult::Outcome::kFailed) j["error"] = r.status.message();
      out["sources"].push_back(std::move(j));
    }
    std::cout << out.dump(2) << "\n";
  } else {
    for (const UpdateResult& r : *results) {
      std::cout << std::left << std::setw(11) << r.source << std::setw(10) << outcome(r);
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
  for (const UpdateResult& r : *results)
    if (r.outcome == UpdateResult::Outcome::kFailed) std::cerr << "embargo: " << r.status.message() << "\n";
  bool any_updated = false;
  for (const UpdateResult& r : *results) any_updated |= r.outcome == UpdateResult::Outcome::kUpdated;
  if (any_updated)
    std::cerr << "embargo: store " << store << " updated; a running 'embargo serve' switches on SIGHUP or POST /admin/reload\n";
  return failed ? 2 : 0;
}

}  // namespace embargo::cli
