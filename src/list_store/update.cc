// `lists update`: fetch a source's files, check the new version, store it, switch to it.
//
// Order of steps, and what a crash after each leaves in force:
//   1. files fetched into STORE/tmp/<source>.<pid>/      old version (tmp is cleared next run)
//   2. parsed with the list loaders and checked           old version
//   3. version.json written, files fsynced, directory
//      renamed into STORE/versions/<source>/<id>/         old version (the new one is stored only)
//   4. current/<source> replaced by rename(2)             new version

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_set>

#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "embargo/list_store.h"
#include "list_store/store_files.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

// A name safe as one path component.
bool SafeName(const std::string& name) {
  return !name.empty() && name[0] != '.' && name.find('/') == std::string::npos && name.find('\0') == std::string::npos;
}

StatusOr<std::string> RawBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open file");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::Internal(path + ": read failed");
  return data;
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

// A load's files by name, without the download directory.
std::string FileList(const ListLoad& l) {
  std::string out;
  for (const std::string& f : l.files) out += (out.empty() ? "" : ", ") + fs::path(f).filename().string();
  return out;
}

// The file name without ".gz".
std::string BaseName(const std::string& name) {
  return name.size() > 3 && name.ends_with(".gz") ? name.substr(0, name.size() - 3) : name;
}

// Holds an exclusive flock on STORE/lock for its lifetime.
class StoreLock {
 public:
  ~StoreLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Acquire(const std::string& store) {
    std::string path = (fs::path(store) / "lock").string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return Status::Internal(path + ": cannot open: " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0)
      return Status::Unavailable(path + ": another 'lists update' is running on this store");
    return Status::Ok();
  }

 private:
  int fd_ = -1;
};

class Updater {
 public:
  Updater(std::string store, const UpdateOptions& options) : store_(std::move(store)), o_(options) {}

  // A non-OK status means the run stopped at an injected step (as a crash would).
  Status Run(const ListSource& source, UpdateResult& r) {
    r.source = source.name;
    tmp_.clear();
    Status s = Update(source, r);
    if (s.code() == StatusCode::kAborted) return s;  // an injected crash: leave everything as it is
    if (!tmp_.empty()) {
      std::error_code ec;
      fs::remove_all(tmp_, ec);
    }
    if (!s.ok()) {
      r.outcome = UpdateResult::Outcome::kFailed;
      std::string kept = r.previous.id.empty() ? "no version of it is in force"
                         : r.previous.origin == "store" ? "version " + r.previous.id + " stays in force"
                                                        : "the bundled version stays in force";
      r.status = Status(s.code(), source.name + ": " + s.message() + "; " + kept);
    }
    return Status::Ok();
  }

 private:
  static constexpr const char* kEntityIds = "entity_ids";  // no extension: never taken for a list file

  Status Step(std::string_view step) {
    if (!o_.after_step) return Status::Ok();
    Status s = o_.after_step(step);
    if (s.ok()) return s;
    return Status::Aborted("injected failure after step '" + std::string(step) + "': " + s.message());
  }

  using StoredFiles = std::vector<std::pair<std::string, const SourceFile*>>;  // stored name, source file

  static Status ValidateSource(const ListSource& source) {
    if (!SafeName(source.name)) return Status::InvalidArgument("not a valid source name");
    if (source.files.empty()) return Status::InvalidArgument("no files configured");
    std::set<std::string> names;
    for (const SourceFile& f : source.files) {
      if (!SafeName(f.name) || f.name == "version.json")
        return Status::InvalidArgument("'" + f.name + "' is not a valid file name");
      if (!names.insert(BaseName(f.name)).second) return Status::InvalidArgument("file " + f.name + " is configured twice");
      if (f.url.empty()) return Status::InvalidArgument(f.name + ": no URL configured");
    }
    return Status::Ok();
  }

  // The version in force before: the store's, else the bundled one.
  void FindPrevious(const ListSource& source, UpdateResult& r) const {
    auto prev_dir = list_store::CurrentVersionDir(store_, source.name);
    if (prev_dir.ok()) {
      auto prev = list_store::ReadVersion(*prev_dir);
      if (prev.ok()) r.previous = std::move(*prev);
    }
    std::error_code ec;
    if (r.previous.id.empty() && !o_.bundled_dir.empty() && fs::is_directory(fs::path(o_.bundled_dir) / source.name, ec)) {
      r.previous.source = source.name;  // the bundled lists keep one dataset per folder
      r.previous.id = r.previous.origin = "bundled";
      r.previous.path = (fs::path(o_.bundled_dir) / source.name).string();
    }
  }

  // Step 1: every file of the source into tmp_, sorted by stored name.
  StatusOr<StoredFiles> Fetch(const ListSource& source) {
    tmp_ = (fs::path(store_) / "tmp" / (source.name + "." + std::to_string(::getpid()))).string();
    std::error_code ec;
    fs::remove_all(tmp_, ec);
    fs::create_directories(tmp_, ec);
    if (ec) return Status::Internal(tmp_ + ": cannot create: " + ec.message());
    StoredFiles stored;
    last_modified_ = 0;
    for (const SourceFile& f : source.files) {
      std::string dest = (fs::path(tmp_) / f.name).string();
      FetchInfo info;
      Status s = FetchUrl(f.url, dest, o_.fetch, &info);
      if (!s.ok()) return Status::Unavailable("download failed: " + s.message());
      last_modified_ = std::max(last_modified_, info.last_modified_unix);
      std::string name = f.name;
      EMBARGO_ASSIGN_OR_RETURN(std::string bytes, RawBytes(dest));
      // A gzip body (a .gz file published as such) is stored as such for the loaders.
      if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b' && BaseName(name) == name) {
        name += ".gz";
        fs::rename(dest, (fs::path(tmp_) / name), ec);
        if (ec) return Status::Internal(dest + ": rename failed: " + ec.message());
      }
      stored.emplace_back(name, &f);
    }
    std::sort(stored.begin(), stored.end());
    return stored;
  }

  // The content hash over the decompressed files (gzip or not, the same list is the same
  // version) and the files' entries for version.json.
  StatusOr<std::pair<std::string, nlohmann::ordered_json>> HashFiles(const StoredFiles& stored) const {
    Sha256 hash;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& [name, f] : stored) {
      EMBARGO_ASSIGN_OR_RETURN(std::string bytes, RawBytes((fs::path(tmp_) / name).string()));
      auto content = ReadFile((fs::path(tmp_) / name).string());
      if (!content.ok()) {
        std::string msg = content.status().message();
        ReplaceAll(msg, tmp_ + "/", "");
        return Status(content.status().code(), "new version unusable: " + msg);
      }
      list_store::HashContent(hash, name, *content);
      files.push_back({{"name", name}, {"url", f->url}, {"bytes", bytes.size()}, {"sha256", Sha256Hex(bytes)}});
    }
    return std::pair{hash.HexDigest(), std::move(files)};
  }

  // Step 3: version.json, the entity ids, every file synced, the directory renamed into versions/.
  Status StoreVersion(const ListSource& source, const StoredFiles& stored, const std::vector<ListLoad>& loads,
                      const std::string& content_hash, const nlohmann::ordered_json& files, ListVersion& v) {
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    v.source = source.name;
    v.id = list_store::CompactTime(now) + "-" + content_hash.substr(0, 12);
    v.downloaded = list_store::IsoTime(now);
    v.downloaded_unix = now;
    v.checked = v.downloaded;
    v.checked_unix = now;
    v.content_hash = content_hash;
    for (const auto& [name, f] : stored) v.urls.push_back(f->url);
    for (const ListLoad& l : loads) {
      if (v.published.empty() || l.published > v.published) v.published = l.published;
      v.records += l.entities.size();
      for (const Entity& e : l.entities) v.names += e.names.size();
      v.rejected += l.rejected.size();
      v.datasets.push_back(l.dataset);
    }
    // Files that state no date of their own (OFAC's CSV) are as old as the server says.
    if (v.published.empty() && last_modified_ > 0) v.published = list_store::IsoTime(last_modified_).substr(0, 10);
    EMBARGO_RETURN_IF_ERROR(
        list_store::WriteFileSynced((fs::path(tmp_) / "version.json").string(), list_store::VersionJson(v, files.dump())));
    // The ids, so that the next update's drop check need not parse this version again.
    std::string id_lines;
    for (const ListLoad& l : loads)
      for (const Entity& e : l.entities) id_lines += e.id + "\n";
    EMBARGO_RETURN_IF_ERROR(list_store::WriteFileSynced((fs::path(tmp_) / kEntityIds).string(), id_lines));
    for (const auto& [name, f] : stored) EMBARGO_RETURN_IF_ERROR(list_store::SyncPath((fs::path(tmp_) / name).string()));
    EMBARGO_RETURN_IF_ERROR(list_store::SyncPath(tmp_));
    std::string versions = list_store::VersionsDir(store_, source.name);
    std::error_code ec;
    fs::create_directories(versions, ec);
    if (ec) return Status::Internal(versions + ": cannot create: " + ec.message());
    v.path = (fs::path(versions) / v.id).string();
    if (fs::exists(v.path, ec)) {
      fs::remove_all(tmp_, ec);  // the same content stored within the same second
    } else if (::rename(tmp_.c_str(), v.path.c_str()) != 0) {
      return Status::Internal(v.path + ": rename failed: " + std::strerror(errno));
    }
    tmp_.clear();
    return list_store::SyncPath(versions);
  }

  Status Update(const ListSource& source, UpdateResult& r) {
    EMBARGO_RETURN_IF_ERROR(ValidateSource(source));
    FindPrevious(source, r);
    EMBARGO_ASSIGN_OR_RETURN(StoredFiles stored, Fetch(source));
    EMBARGO_RETURN_IF_ERROR(Step("downloaded"));
    EMBARGO_ASSIGN_OR_RETURN(auto hashed, HashFiles(stored));
    const auto& [content_hash, files] = hashed;
    if (r.previous.origin == "store" && !r.previous.id.empty() && r.previous.content_hash == content_hash &&
        Intact(r.previous)) {
      r.outcome = UpdateResult::Outcome::kUnchanged;
      r.version = r.previous;
      return MarkChecked(r.version);
    }

    // 2. Parse completely and check.
    auto loads = LoadListDirectory(tmp_);
    if (!loads.ok()) {
      std::string msg = loads.status().message();
      ReplaceAll(msg, tmp_ + "/", "");
      ReplaceAll(msg, tmp_, source.name);
      return Status(loads.status().code(), "new version unusable: " + msg);
    }
    EMBARGO_RETURN_IF_ERROR(Check(source, stored, *loads, r));
    EMBARGO_RETURN_IF_ERROR(Step("checked"));

    // 3. Store the complete version.
    EMBARGO_RETURN_IF_ERROR(StoreVersion(source, stored, *loads, content_hash, files, r.version));
    EMBARGO_RETURN_IF_ERROR(Step("stored"));

    // 4. Switch.
    const ListVersion& v = r.version;
    EMBARGO_RETURN_IF_ERROR(list_store::ReplaceFileAtomically(list_store::CurrentPointer(store_, source.name), v.id + "\n"));
    r.outcome = UpdateResult::Outcome::kUpdated;
    EMBARGO_RETURN_IF_ERROR(Step("switched"));
    Prune(source.name, v.id);
    return Status::Ok();
  }

  // True when a stored version's files still hash to its content_sha256. A damaged version in
  // force is not "unchanged": the publication is stored again, so that it loads once more.
  static bool Intact(const ListVersion& v) {
    StatusOr<std::string> hash = list_store::StoredContentHash(v.path);
    return hash.ok() && *hash == v.content_hash;
  }

  // Records in version.json that the version in force is still the one published.
  Status MarkChecked(ListVersion& v) {
    std::string path = (fs::path(v.path) / "version.json").string();
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    auto j = nlohmann::ordered_json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Status::DataLoss(path + ": not a JSON object");
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    v.checked = list_store::IsoTime(now);
    v.checked_unix = now;
    j["checked"] = v.checked;
    j["checked_unix"] = now;
    return list_store::ReplaceFileAtomically(path, j.dump(2) + "\n");
  }

  // The checks a new version must pass before it is stored.
  Status Check(const ListSource& source, const std::vector<std::pair<std::string, const SourceFile*>>& stored,
               const std::vector<ListLoad>& loads, UpdateResult& r) {
    std::set<std::string> used;
    size_t entities = 0;
    for (const ListLoad& l : loads) {
      for (const std::string& f : l.files) used.insert(fs::path(f).filename().string());
      entities += l.entities.size();
      if (std::string why = TooManyRejected(l, o_.max_rejected); !why.empty())
        return Status::DataLoss("new version malformed: " + l.dataset + ": " + why);
    }
    // Cut short as the loaders see it (a missing end marker, fewer records than stated): every
    // load would refuse such a version, so it is never stored.
    for (const ListLoad& l : loads)
      if (!l.incomplete.empty()) {
        std::string why;
        for (const std::string& p : l.incomplete) why += (why.empty() ? "" : "; ") + p;
        return Status::DataLoss("new version truncated: " + why);
      }
    for (const auto& [name, f] : stored)
      if (!used.count(name))
        return Status::DataLoss("new version unusable: " + name + " (from " + f->url +
                                  ") is not a file of any list the loaders recognise");
    if (entities == 0) return Status::DataLoss("new version refused: the list is empty");
    // A source is named after its dataset: another list under its name would replace it unseen.
    for (const ListLoad& l : loads)
      if (l.dataset != source.name)
        return Status::InvalidArgument("new version refused: " + FileList(l) + " holds dataset " + l.dataset +
                                       ", not the source's dataset " + source.name);

    // Other sources must not provide the same datasets: each dataset has one version in force.
    auto current = CurrentVersions(store_);
    if (current.ok())
      for (const ListVersion& other : *current)
        if (other.source != source.name)
          for (const ListLoad& l : loads)
            if (std::count(other.datasets.begin(), other.datasets.end(), l.dataset))
              return Status::InvalidArgument("new version refused: dataset " + l.dataset + " is already provided by source " +
                                             other.source);

    Previous prev = ReadPrevious(loads, r);
    return CheckDrop(source, loads, prev, r);
  }

  // The version in force before: its entity ids and its names and aliases counted.
  struct Previous {
    std::vector<std::string> ids;
    size_t names = 0;
  };

  // The previous version: the store's (ids and name count were saved with it; a version stored
  // without them is parsed), else the bundled lists of the same datasets.
  Previous ReadPrevious(const std::vector<ListLoad>& loads, UpdateResult& r) {
    Previous prev;
    if (r.previous.origin == "store" && !r.previous.id.empty()) {
      auto saved = ReadFile((fs::path(r.previous.path) / kEntityIds).string());
      prev.names = r.previous.names;
      if (saved.ok()) {
        std::istringstream in(*saved);
        for (std::string id; std::getline(in, id);)
          if (!id.empty()) prev.ids.push_back(id);
      }
      if (!saved.ok() || prev.names == 0)
        if (auto p = LoadListDirectory(r.previous.path); p.ok()) {
          prev.ids.clear();
          for (const ListLoad& l : *p)
            for (const Entity& e : l.entities) prev.ids.push_back(e.id), prev.names += e.names.size();
        }
    } else if (!o_.bundled_dir.empty() && fs::is_directory(o_.bundled_dir)) {
      auto p = LoadListsInForce("", o_.bundled_dir, {.allow_shrink = true});  // only ids and names are compared
      if (p.ok())
        for (size_t i = 0; i < p->lists.size(); ++i)
          for (const ListLoad& l : loads)
            if (p->lists[i].dataset == l.dataset) {
              if (r.previous.origin != "store") r.previous = p->versions[i];
              for (const Entity& e : p->lists[i].entities) prev.ids.push_back(e.id), prev.names += e.names.size();
              break;
            }
    }
    return prev;
  }

  // A suspicious drop: too many of the previous records are gone, or of their names and aliases
  // (a cut alias file keeps every record). The same limit, and --force, for both.
  Status CheckDrop(const ListSource& source, const std::vector<ListLoad>& loads, const Previous& prev,
                   UpdateResult& r) {
    std::unordered_set<std::string> ids;
    size_t names = 0;
    for (const ListLoad& l : loads)
      for (const Entity& e : l.entities) ids.insert(e.id), names += e.names.size();
    size_t before = prev.ids.size(), removed = 0;
    for (const std::string& id : prev.ids)
      if (!ids.count(id)) ++removed;
    r.removed = removed;
    std::vector<std::string> what;
    if (before > 0 && static_cast<double>(removed) > o_.max_drop * static_cast<double>(before))
      what.push_back(std::to_string(removed) + " of the " + std::to_string(before) + " records in force (" +
                     PercentText(static_cast<double>(removed) / static_cast<double>(before)) +
                     ") are missing from the new version (limit " + PercentText(o_.max_drop) + ")");
    size_t lost = prev.names > names ? prev.names - names : 0;
    if (prev.names > 0 && static_cast<double>(lost) > o_.max_drop * static_cast<double>(prev.names))
      what.push_back(source.name + " has " + std::to_string(names) + " names and aliases in the new version, " +
                     std::to_string(prev.names) + " in force (" +
                     PercentText(static_cast<double>(lost) / static_cast<double>(prev.names)) + " fewer, limit " +
                     PercentText(o_.max_drop) + ")");
    if (what.empty()) return Status::Ok();
    std::string why = what[0] + (what.size() > 1 ? "; " + what[1] : "");
    if (!o_.force) return Status::DataLoss("suspicious change refused: " + why + "; --force accepts it");
    r.forced = true;
    return Status::Ok();
  }

  // Keeps the newest `keep` versions and the one in force.
  void Prune(const std::string& source, const std::string& current_id) {
    std::error_code ec;
    std::vector<std::string> ids;
    for (const auto& e : fs::directory_iterator(list_store::VersionsDir(store_, source), ec))
      if (e.is_directory()) ids.push_back(e.path().filename().string());
    std::sort(ids.begin(), ids.end());
    size_t keep = std::max<size_t>(o_.keep, 1);
    for (size_t i = 0; i + keep < ids.size(); ++i)
      if (ids[i] != current_id) fs::remove_all(fs::path(list_store::VersionsDir(store_, source)) / ids[i], ec);
  }

  std::string store_;
  const UpdateOptions& o_;
  std::string tmp_;
  int64_t last_modified_ = 0;  // the newest Last-Modified of the files fetched  // the download directory while it is not stored
};

}  // namespace

StatusOr<std::vector<UpdateResult>> UpdateLists(const std::string& store, const std::vector<ListSource>& sources,
                                                const UpdateOptions& options) {
  if (store.empty()) return Status::InvalidArgument("no list store: give --lists STORE_DIR or 'store = DIR' in the config");
  std::error_code ec;
  for (const char* sub : {"versions", "current", "tmp"}) {
    fs::create_directories(fs::path(store) / sub, ec);
    if (ec) return Status::Internal(store + "/" + sub + ": cannot create: " + ec.message());
  }
  StoreLock lock;
  EMBARGO_RETURN_IF_ERROR(lock.Acquire(store));
  // Downloads left by a run that crashed.
  for (const auto& e : fs::directory_iterator(fs::path(store) / "tmp", ec)) fs::remove_all(e.path(), ec);

  std::vector<UpdateResult> results;
  Updater updater(store, options);
  for (const ListSource& source : sources) {
    UpdateResult r;
    EMBARGO_RETURN_IF_ERROR(updater.Run(source, r));
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace embargo
