// The list store: downloaded list versions kept on disk, the version in force per dataset, and
// `lists update`, which fetches a new version, checks it and switches to it atomically.
//
// Layout (docs/LISTS.md):
//   STORE/versions/<source>/<UTC timestamp>-<hash12>/   a complete file set + version.json
//   STORE/current/<source>                              the name of the version in force
//   STORE/tmp/                                          downloads in progress (removed on start)
//   STORE/lock                                          held (flock) while an update runs
// A version directory is complete before `current/<source>` names it; the pointer is replaced
// with rename(2) of a fsynced temporary file, so a crash at any step leaves the old or the new
// version in force, never a mix of files. A source without a version in the store falls back to
// the bundled lists.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/lists.h"
#include "embargo/status.h"

namespace embargo {

// One file of a source: where it comes from and the name it is stored under (the name the list
// loaders recognise, e.g. "sdn.csv"; a gzip body is stored as "<name>.gz").
struct SourceFile {
  std::string name;
  std::string url;
};

// A source is one dataset published as one or more files (OFAC SDN: sdn.csv, add.csv, alt.csv,
// sdn_comments.csv). All files are fetched and the set is parsed together.
struct ListSource {
  std::string name;  // store key, e.g. "ofac-sdn"
  std::vector<SourceFile> files;
};

// The official sources, with their published URLs (../shared/data/README.md).
std::vector<ListSource> DefaultListSources();

// What a stored version is: version.json, plus where it is.
struct ListVersion {
  std::string source;        // store key; for a bundled list, its dataset
  std::string id;            // version directory name; the origin for lists not from a store
  std::string path;          // the version directory
  std::string published;     // publication date from the files, ISO, or empty
  std::string downloaded;    // download time, ISO 8601 UTC; empty for bundled lists
  int64_t downloaded_unix = 0;
  std::string checked;       // the last update that found this version still published (ISO)
  int64_t checked_unix = 0;
  std::vector<std::string> urls;  // source URL of each file
  std::string content_hash;  // hex SHA-256 over the files decompressed (name, size, bytes; in name order)
  size_t records = 0;        // entities, summed over the lists of the version
  size_t names = 0;          // their names and aliases (the next update's drop check); 0: not recorded
  size_t rejected = 0;       // records the loaders rejected
  std::vector<std::string> datasets;  // the datasets the files load as
  std::string origin = "store";  // "store", "bundled" (the fallback lists) or "directory" (--lists DIR)
  std::string published_detail;  // a composite list's parts and their dates (ListLoad::published_detail)
  std::string accepted_incomplete;  // why it failed a completeness check that --allow-shrink overrode
};

// Lists in force: versions[i] describes the version lists[i] was loaded from.
struct ListsInForce {
  std::vector<ListLoad> lists;
  std::vector<ListVersion> versions;
};

// True when `dir` is a list store (has versions/ or current/).
bool IsListStore(const std::string& dir);

// A list store holds its versions, its pointers, its downloads in progress and its lock. Anything
// else there (list files, say, beside a versions/ folder) would be ignored for the store's lists:
// an error naming it.
Status CheckStoreHoldsOnlyItsOwn(const std::string& store);

// The default store: $XDG_DATA_HOME/embargo, else $HOME/.local/share/embargo; empty if neither is set.
std::string DefaultStoreDir();

struct LoadInForceOptions {
  std::string fallback_origin = "bundled";  // what the versions of `bundled_dir`'s lists say
  // Completeness (CheckListsComplete, embargo/lists.h): a list with fewer than (1 - max_drop) of
  // the records of the newest version of it in `history_store` (default: `store`, else
  // DefaultStoreDir()), or without one there, fewer than the bundle's floor, is refused.
  double max_drop = 0.10;
  double max_rejected = 0.01;  // a list whose loader rejects more of its records is refused
  std::string history_store;
  bool allow_shrink = false;  // --allow-shrink: accept such a list, recorded in its version
};

// Loads the version in force of every source in `store` (which need not exist: then it holds
// nothing), and from `bundled_dir` every list whose dataset no store version provides.
// A broken store (a pointer naming a missing version, an unloadable version) is an error: it
// never silently falls back. `bundled_dir` may be empty. With an empty `store`, this loads
// `bundled_dir` alone (a plain list directory). Every list is checked for completeness (see
// LoadInForceOptions); a refused one is a FailedPrecondition error naming its files.
StatusOr<ListsInForce> LoadListsInForce(const std::string& store, const std::string& bundled_dir,
                                        const LoadInForceOptions& options = {});

// The record floors completeness checks hold each dataset to: the newest stored version of it in
// `history_store` (records × (1 - max_drop)), else the bundle's floor.
std::map<std::string, RecordFloor> RecordFloors(const std::string& history_store, double max_drop);

// The version in force per source in `store` (version.json only; no lists are parsed).
StatusOr<std::vector<ListVersion>> CurrentVersions(const std::string& store);
// Every stored version of `source`, oldest first.
StatusOr<std::vector<ListVersion>> StoredVersions(const std::string& store, const std::string& source);

// How files are fetched. Timeouts are in milliseconds; the stall timeout cuts a transfer that
// moves less than `stall_bytes_per_second` for that long.
struct FetchOptions {
  long connect_timeout_ms = 15000;
  long total_timeout_ms = 600000;
  long stall_timeout_ms = 60000;  // rounded up to whole seconds (libcurl's resolution)
  long stall_bytes_per_second = 1000;  // libcurl averages the speed over the last few seconds
  int retries = 3;                // further attempts after a transient failure
  long retry_delay_ms = 2000;     // before the first retry; doubled each time
  int64_t max_bytes = int64_t{1} << 30;
  std::string user_agent = "embargo-lists-update/0.1";
};

// What a download told besides its bytes.
struct FetchInfo {
  int64_t last_modified_unix = 0;  // the server's Last-Modified; 0 when it sent none
};

// Fetches `url` into the file `dest` (created or truncated). Transient failures (timeout,
// stall, a broken transfer, 5xx, 408, 429) are retried with backoff within total_timeout_ms;
// other failures are not — a host that does not resolve or refuses the connection fails at once.
// The error names the URL, the cause and the number of attempts.
Status FetchUrl(const std::string& url, const std::string& dest, const FetchOptions& options, FetchInfo* info = nullptr);

struct UpdateOptions {
  FetchOptions fetch;
  double max_drop = 0.10;        // refuse a version in which more of the previous records vanish
  double max_rejected = 0.01;    // refuse a version whose loaders reject more of its records
  size_t keep = 5;               // stored versions kept per source (the one in force always is)
  bool force = false;            // accept a version that fails the drop check (only that check)
  std::string bundled_dir;       // the previous version of a source with none in the store
  // Test hook: called after each step ("downloaded", "checked", "stored", "switched"); an
  // error stops the update there without any clean-up, as a crash would.
  std::function<Status(std::string_view step)> after_step;
};

struct UpdateResult {
  std::string source;
  enum class Outcome { kUpdated, kUnchanged, kFailed } outcome = Outcome::kFailed;
  Status status;              // why it failed
  ListVersion version;        // the new version (updated), or the one kept (unchanged)
  ListVersion previous;       // the version in force before, when there was one
  size_t removed = 0;         // previous records missing from the new version
  bool forced = false;        // the drop check failed and --force accepted it
};

// Updates each of `sources` in `store` (created when missing), one after the other; one
// source failing does not stop the others. Holds the store lock for the whole run.
StatusOr<std::vector<UpdateResult>> UpdateLists(const std::string& store, const std::vector<ListSource>& sources,
                                                const UpdateOptions& options);

}  // namespace embargo
