// The list store on disk: reading the versions in force, with the bundled lists as fallback.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/io.h"
#include "common/json_text.h"
#include "common/strings.h"
#include "embargo/list_store.h"
#include "list_store/store_files.h"

namespace embargo {
namespace fs = std::filesystem;

std::vector<ListSource> DefaultListSources() {
  const std::string ofac = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/";
  const std::string eu = "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw";
  return {
      {"ofac-sdn",
       {{"sdn.csv", ofac + "sdn.csv"},
        {"add.csv", ofac + "add.csv"},
        {"alt.csv", ofac + "alt.csv"},
        {"sdn_comments.csv", ofac + "sdn_comments.csv"}}},
      {"ofac-cons",
       {{"cons_prim.csv", ofac + "CONS_PRIM.CSV"},
        {"cons_add.csv", ofac + "CONS_ADD.CSV"},
        {"cons_alt.csv", ofac + "CONS_ALT.CSV"},
        {"cons_comments.csv", ofac + "CONS_COMMENTS.CSV"}}},
      {"un", {{"consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}}},
      {"eu-fsf", {{"eu_fsf.xml", eu}}},
      {"bis-dpl", {{"dpl.txt", "https://www.bis.doc.gov/dpl/dpl.txt"}}},
      {"uk-fcdo", {{"uk_sanctions_list.csv", "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"}}},
      {"us-csl",
       {{"consolidated.csv", "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"}}},
  };
}

namespace list_store {

std::string VersionsDir(const std::string& store, const std::string& source) {
  return (fs::path(store) / "versions" / source).string();
}

std::string CurrentPointer(const std::string& store, const std::string& source) {
  return (fs::path(store) / "current" / source).string();
}

namespace {

std::string UtcTime(int64_t unix_seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace

std::string IsoTime(int64_t unix_seconds) { return UtcTime(unix_seconds, "%Y-%m-%dT%H:%M:%SZ"); }

std::string CompactTime(int64_t unix_seconds) { return UtcTime(unix_seconds, "%Y%m%dT%H%M%SZ"); }

std::string VersionJson(const ListVersion& v, const std::string& files_json) {
  nlohmann::ordered_json j = {{"source", v.source},
                              {"id", v.id},
                              {"published", v.published},
                              {"downloaded", v.downloaded},
                              {"downloaded_unix", v.downloaded_unix},
                              {"checked", v.checked},
                              {"checked_unix", v.checked_unix},
                              {"urls", v.urls},
                              {"content_sha256", v.content_hash},
                              {"records", v.records},
                              {"names", v.names},
                              {"rejected", v.rejected},
                              {"datasets", v.datasets},
                              {"files", nlohmann::ordered_json::parse(files_json)}};
  return j.dump(2) + "\n";
}

// The first field of version.json that is missing or not of its type, named; empty when all are.
std::string VersionFieldProblem(const nlohmann::json& j) {
  enum Type { kText, kCount, kUnixTime, kTexts };
  struct Field {
    const char* name;
    Type type;
    bool required;
  };
  static constexpr Field kFields[] = {
      {"source", kText, true},        {"id", kText, true},           {"content_sha256", kText, true},
      {"published", kText, false},    {"downloaded", kText, false},  {"checked", kText, false},
      {"downloaded_unix", kUnixTime, false}, {"checked_unix", kUnixTime, false}, {"records", kCount, false},
      {"rejected", kCount, false},    {"names", kCount, false},      {"urls", kTexts, false},
      {"datasets", kTexts, false}};
  for (const Field& f : kFields) {
    auto it = j.find(f.name);
    if (it == j.end()) {
      if (f.required) return std::string("no '") + f.name + "' field";
      continue;
    }
    static constexpr const char* kExpected[] = {"a string", "a whole number, 0 or more", "a whole number of seconds",
                                                "an array of strings"};
    bool ok = f.type == kText       ? it->is_string()
              : f.type == kCount    ? it->is_number_unsigned()
              : f.type == kUnixTime ? it->is_number_integer()
                                    : it->is_array() && std::all_of(it->begin(), it->end(),
                                                                    [](const nlohmann::json& e) { return e.is_string(); });
    if (!ok) return std::string("'") + f.name + "': expected " + kExpected[f.type];
  }
  return "";
}

StatusOr<ListVersion> ReadVersion(const std::string& version_dir) {
  std::string path = (fs::path(version_dir) / "version.json").string();
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  StatusOr<nlohmann::json> parsed = ParseJsonText(*text);
  if (!parsed.ok()) return Status::DataLoss(path + ": " + parsed.status().message());
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) return Status::DataLoss(path + ": not a JSON object");
  if (std::string problem = VersionFieldProblem(j); !problem.empty()) return Status::DataLoss(path + ": " + problem);
  ListVersion v;
  try {
    v.source = j.at("source").get<std::string>();
    v.id = j.at("id").get<std::string>();
    v.published = j.value("published", "");
    v.downloaded = j.value("downloaded", "");
    v.downloaded_unix = j.value("downloaded_unix", int64_t{0});
    v.checked = j.value("checked", v.downloaded);
    v.checked_unix = j.value("checked_unix", v.downloaded_unix);
    v.urls = j.value("urls", std::vector<std::string>{});
    v.content_hash = j.at("content_sha256").get<std::string>();
    v.records = j.value("records", size_t{0});
    v.rejected = j.value("rejected", size_t{0});
    v.names = j.value("names", size_t{0});
    v.datasets = j.value("datasets", std::vector<std::string>{});
  } catch (const nlohmann::json::exception&) {  // the fields were checked above; kept fail-closed
    return Status::DataLoss(path + ": unreadable version record");
  }
  v.path = version_dir;
  v.origin = "store";
  return v;
}

StatusOr<std::string> CurrentVersionDir(const std::string& store, const std::string& source) {
  std::string pointer = CurrentPointer(store, source);
  std::error_code ec;
  if (!fs::exists(pointer, ec)) return Status::NotFound(pointer + ": no version in force");
  auto text = ReadFile(pointer);
  if (!text.ok()) return text.status();
  std::string id(Trim(*text));
  // Version names are "<UTC time>-<hex>": nothing that could leave versions/<source>/.
  if (id.empty() || id[0] == '.' ||
      id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos)
    return Status::DataLoss(pointer + ": not a version name");
  std::string dir = (fs::path(VersionsDir(store, source)) / id).string();
  if (!fs::is_directory(dir, ec)) return Status::DataLoss(pointer + ": names version " + id + ", which is missing");
  return dir;
}

void HashContent(Sha256& hash, std::string_view name, std::string_view content) {
  if (name.size() > 3 && name.ends_with(".gz")) name.remove_suffix(3);
  hash.Update(name);
  hash.Update(std::string_view("\0", 1));
  hash.Update(std::to_string(content.size()));
  hash.Update(std::string_view("\0", 1));
  hash.Update(content);
}

StatusOr<std::string> StoredContentHash(const std::string& version_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(version_dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.starts_with('.') || name == "version.json" || name == "entity_ids") continue;
    if (e.is_directory(ec)) return Status::DataLoss(e.path().string() + ": a directory inside a stored version");
    names.push_back(std::move(name));
  }
  if (ec) return Status::Internal(version_dir + ": cannot list: " + ec.message());
  std::sort(names.begin(), names.end());
  Sha256 hash;
  for (const std::string& name : names) {
    EMBARGO_ASSIGN_OR_RETURN(std::string content, ReadFile((fs::path(version_dir) / name).string()));
    HashContent(hash, name, content);
  }
  return hash.HexDigest();
}

Status WriteFileSynced(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Internal(path + ": cannot create: " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::Internal(path + ": write failed: " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return Status::Internal(path + ": fsync failed: " + std::strerror(err));
  }
  if (::close(fd) != 0) return Status::Internal(path + ": close failed: " + std::strerror(errno));
  return Status::Ok();
}

Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Internal(path + ": cannot open: " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::Internal(path + ": fsync failed: " + std::strerror(err));
  return Status::Ok();
}

Status ReplaceFileAtomically(const std::string& path, const std::string& data) {
  fs::path p(path);
  std::string tmp = (p.parent_path() / ("." + p.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  EMBARGO_RETURN_IF_ERROR(WriteFileSynced(tmp, data));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Status::Internal(path + ": rename failed: " + std::strerror(err));
  }
  return SyncPath(p.parent_path().string());
}

}  // namespace list_store

bool IsListStore(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(fs::path(dir) / "versions", ec) || fs::is_directory(fs::path(dir) / "current", ec);
}

Status CheckStoreHoldsOnlyItsOwn(const std::string& store) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(store, ec)) {
    std::string name = e.path().filename().string();
    if (name == "versions" || name == "current" || name == "tmp" || name == "lock" || name.starts_with(".")) continue;
    return Status::InvalidArgument(store + " is a list store (it has versions/ or current/) but also holds '" + name +
                                   "', which a list store does not read; move it out, or name a folder of list files");
  }
  if (ec) return Status::Internal(store + ": cannot read: " + ec.message());
  return Status::Ok();
}

std::string DefaultStoreDir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return std::string(xdg) + "/embargo";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/embargo";
  return {};
}

StatusOr<std::vector<ListVersion>> CurrentVersions(const std::string& store) {
  std::vector<ListVersion> out;
  std::error_code ec;
  fs::path current = fs::path(store) / "current";
  if (!fs::is_directory(current, ec)) return out;
  std::vector<std::string> sources;
  for (const auto& e : fs::directory_iterator(current, ec)) {
    std::string name = e.path().filename().string();
    if (!name.empty() && name[0] != '.') sources.push_back(name);  // dot files: pointer writes in progress
  }
  std::sort(sources.begin(), sources.end());
  for (const std::string& source : sources) {
    auto dir = list_store::CurrentVersionDir(store, source);
    if (!dir.ok()) return dir.status();
    auto v = list_store::ReadVersion(*dir);
    if (!v.ok()) return v.status();
    out.push_back(std::move(*v));
  }
  return out;
}

StatusOr<std::vector<ListVersion>> StoredVersions(const std::string& store, const std::string& source) {
  std::vector<ListVersion> out;
  std::error_code ec;
  std::string dir = list_store::VersionsDir(store, source);
  if (!fs::is_directory(dir, ec)) return out;
  std::vector<std::string> dirs;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_directory()) dirs.push_back(e.path().string());
  std::sort(dirs.begin(), dirs.end());  // names start with the UTC time: oldest first
  for (const std::string& d : dirs) {
    auto v = list_store::ReadVersion(d);
    if (!v.ok()) return v.status();
    out.push_back(std::move(*v));
  }
  return out;
}

namespace {

// The lists of `dir`. Where it holds only folders (the bundled lists keep one dataset per
// folder), those named after a dataset in `skip` are not even parsed: the store replaces them.
StatusOr<std::vector<ListLoad>> LoadFallback(const std::string& dir, const std::set<std::string>& skip) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with('.') && !e.is_directory() && name != "MANIFEST.json") return LoadListDirectory(dir);
  }
  return LoadListDirectory(dir, std::vector<std::string>(skip.begin(), skip.end()));
}

// A source's last good version: the one in force, else (no pointer yet) the last one stored.
// Versions made in the same second sort by their hash, so "last stored" alone could be an older one.
std::map<std::string, ListVersion> LastGoodVersions(const std::string& store) {
  std::map<std::string, ListVersion> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(store) / "versions", ec)) {
    auto versions = StoredVersions(store, e.path().filename().string());
    if (versions.ok() && !versions->empty()) out[versions->back().source] = versions->back();
  }
  if (auto current = CurrentVersions(store); current.ok())
    for (ListVersion& v : *current) out[v.source] = std::move(v);
  return out;
}

}  // namespace

std::map<std::string, RecordFloor> RecordFloors(const std::string& history_store, double max_drop) {
  std::map<std::string, RecordFloor> floors = BundledFloors();
  if (history_store.empty() || !IsListStore(history_store)) return floors;
  for (const auto& [source, last] : LastGoodVersions(history_store)) {
    if (last.datasets.size() != 1 || last.records == 0) continue;  // records are per source
    auto min = static_cast<size_t>(static_cast<double>(last.records) * (1.0 - max_drop));
    floors[last.datasets[0]] = {min, "the version in force in the list store " + history_store + " (" + last.id +
                                         ", " + std::to_string(last.records) + " records, less " +
                                         std::to_string(static_cast<int>(max_drop * 100 + 0.5)) + "%)"};
  }
  return floors;
}

namespace {

ListVersion VersionOfDirectoryList(const ListLoad& l, const std::string& bundled_dir, const std::string& origin) {
  ListVersion v;
  v.source = l.dataset;
  v.id = origin;
  v.origin = origin;
  v.path = l.files.empty() ? bundled_dir : fs::path(l.files[0]).parent_path().string();
  v.published = l.published;
  v.content_hash = l.content_hash;
  v.records = l.entities.size();
  v.rejected = l.rejected.size();
  v.datasets = {l.dataset};
  return v;
}

// A stored version is put in force only with the files it was stored with: screening against,
// or citing in audit records, a content hash other than that of the files loaded is refused.
Status CheckStoredContent(const ListVersion& v) {
  StatusOr<std::string> hash = list_store::StoredContentHash(v.path);
  if (!hash.ok()) return Status::DataLoss("list store: version " + v.id + " of " + v.source + ": " + hash.status().message());
  if (*hash == v.content_hash) return Status::Ok();
  return Status::DataLoss("list store: version directory " + v.path + " refused: its files' content hash is " + *hash +
                          ", not the " + v.content_hash + " its version.json records (changed or damaged since it was "
                          "stored; run 'embargo lists update' or restore the files)");
}

// Puts `out` in one order for every caller (by dataset), drops the CSL's copies of lists loaded
// in their own right, checks completeness and copies what the checks found into the versions.
StatusOr<ListsInForce> Finish(ListsInForce out, const std::string& store, const LoadInForceOptions& o) {
  std::vector<size_t> order(out.lists.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return out.lists[a].dataset < out.lists[b].dataset; });
  ListsInForce sorted;
  for (size_t i : order) {
    sorted.lists.push_back(std::move(out.lists[i]));
    sorted.versions.push_back(std::move(out.versions[i]));
  }
  for (size_t i = 0; i < sorted.lists.size(); ++i)  // the dates that say which copies are stale
    if (sorted.lists[i].published.empty()) sorted.lists[i].published = sorted.versions[i].published;
  DropSupersededCopies(sorted.lists);
  std::string history = !o.history_store.empty() ? o.history_store : !store.empty() ? store : DefaultStoreDir();
  EMBARGO_RETURN_IF_ERROR(
      CheckListsComplete(sorted.lists, {.floors = RecordFloors(history, o.max_drop), .max_rejected = o.max_rejected, .allow_shrink = o.allow_shrink}));
  for (size_t i = 0; i < sorted.lists.size(); ++i) {
    const ListLoad& l = sorted.lists[i];
    ListVersion& v = sorted.versions[i];
    v.records = l.entities.size();
    v.accepted_incomplete = l.accepted_incomplete;
    v.published_detail = l.published_detail;
    if (v.published.empty()) v.published = l.published;
  }
  return sorted;
}

// A source with stored versions but no pointer in current/ (lost, removed, or its first update
// stopped before the switch): which version is meant is unknown, and its bundled list in its
// place would be screened against without a word.
Status CheckPointers(const std::string& store) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(store) / "versions", ec)) {
    std::string source = e.path().filename().string();
    std::error_code type_ec;
    if (source.starts_with('.') || !e.is_directory(type_ec) || fs::is_empty(e.path(), type_ec)) continue;
    std::string pointer = list_store::CurrentPointer(store, source);
    if (!fs::exists(pointer, type_ec))
      return Status::DataLoss(pointer + ": missing, though " + e.path().string() + " holds versions of " + source +
                              ": which one is in force is unknown (run 'embargo lists update', or write the name of "
                              "the version to use into it)");
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    return Status::Internal(store + "/versions: cannot list: " + ec.message());
  return Status::Ok();
}

}  // namespace

StatusOr<ListsInForce> LoadListsInForce(const std::string& store, const std::string& bundled_dir,
                                        const LoadInForceOptions& options) {
  ListsInForce out;
  std::map<std::string, std::string> provided;  // dataset -> source
  if (!store.empty()) {
    auto versions = CurrentVersions(store);
    if (!versions.ok()) return versions.status();
    EMBARGO_RETURN_IF_ERROR(CheckPointers(store));
    for (ListVersion& v : *versions) {
      EMBARGO_RETURN_IF_ERROR(CheckStoredContent(v));
      auto loads = LoadListDirectory(v.path);
      if (!loads.ok()) return Status::DataLoss("list store: version " + v.id + " of " + v.source + ": " + loads.status().message());
      for (ListLoad& l : *loads) {
        auto [it, fresh] = provided.emplace(l.dataset, v.source);
        if (!fresh)
          return Status::DataLoss("list store " + store + ": dataset " + l.dataset + " comes from two sources, " +
                                    it->second + " and " + v.source);
        if (l.published.empty()) l.published = v.published;  // the download's Last-Modified
        out.lists.push_back(std::move(l));
        out.versions.push_back(v);
      }
    }
  }
  if (!bundled_dir.empty()) {
    std::error_code ec;
    if (!fs::is_directory(bundled_dir, ec)) return Status::NotFound(bundled_dir + ": lists directory does not exist");
    std::set<std::string> skip;
    for (const auto& [dataset, source] : provided) skip.insert(dataset);
    auto loads = LoadFallback(bundled_dir, skip);
    if (!loads.ok()) return loads.status();
    for (ListLoad& l : *loads) {
      if (provided.count(l.dataset)) continue;
      out.versions.push_back(VersionOfDirectoryList(l, bundled_dir, options.fallback_origin));
      out.lists.push_back(std::move(l));
    }
  }
  if (out.lists.empty())
    return Status::NotFound((store.empty() ? bundled_dir : store) + ": no lists in force (run 'embargo lists update')");
  return Finish(std::move(out), store, options);
}

}  // namespace embargo
