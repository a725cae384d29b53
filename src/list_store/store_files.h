// Internals of the list store shared by store.cc and update.cc: paths, version.json, and the
// durable-write helpers the atomic switch relies on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/sha256.h"
#include "embargo/list_store.h"
#include "embargo/status.h"

namespace embargo::list_store {

std::string VersionsDir(const std::string& store, const std::string& source);
std::string CurrentPointer(const std::string& store, const std::string& source);

// version.json of a version directory. The error names the file.
StatusOr<ListVersion> ReadVersion(const std::string& version_dir);
std::string VersionJson(const ListVersion& v, const std::string& files_json);

// The version directory `current/<source>` names; NotFound when the source has no pointer,
// Corruption when the pointer names a version that is not there.
StatusOr<std::string> CurrentVersionDir(const std::string& store, const std::string& source);

// A version's content hash is SHA-256 over its list files in name order, each as its name without
// ".gz", its decompressed size and its decompressed bytes: the same publication served gzipped or
// plain is the same version. HashContent adds one file.
void HashContent(Sha256& hash, std::string_view name, std::string_view content);

// The content hash of the list files a stored version directory holds (all but version.json,
// entity_ids and hidden files). The error names the directory or file; a subdirectory is an error.
StatusOr<std::string> StoredContentHash(const std::string& version_dir);

// Writes `data` to `path` and fsyncs it.
Status WriteFileSynced(const std::string& path, const std::string& data);
// fsyncs a file or directory (directories: so that a rename in them is durable).
Status SyncPath(const std::string& path);
// Writes `data` to a temporary name beside `path`, fsyncs it, renames it over `path` and fsyncs
// the directory: readers see the old or the new content, never a part.
Status ReplaceFileAtomically(const std::string& path, const std::string& data);

// "2026-11-29T06:45:12Z" and "20261129T064512Z" for a Unix time.
std::string IsoTime(int64_t unix_seconds);
std::string CompactTime(int64_t unix_seconds);

}  // namespace embargo::list_store
