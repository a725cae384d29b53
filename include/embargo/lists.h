// List loaders: official list files in, entities out, with every rejected record accounted for.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "embargo/entity.h"
#include "embargo/status.h"

namespace embargo {

// One record a loader could not use, and why. Loaders never drop a record silently.
struct LoadIssue {
  std::string file;
  size_t line = 0;  // 1-based line in the file (the record's first line); 0 if unknown
  std::string reason;
};

// One list as loaded from its files.
struct ListLoad {
  std::string dataset;       // "ofac-sdn", "ofac-cons", "un", ...
  std::string title;         // "OFAC Specially Designated Nationals", ...
  std::string format;        // "ofac-csv", "ofac-xml", "un-xml"
  std::vector<std::string> files;
  std::string published;     // publication date (ISO) when the files say it, else empty
  std::string content_hash;  // hex SHA-256 over the decompressed bytes of the files, in order
  std::vector<Entity> entities;
  std::vector<LoadIssue> rejected;
};

// OFAC legacy CSV set. `primary` is sdn.csv or cons_prim.csv (optionally .gz); the sibling
// files (add/alt/comments, or cons_add/cons_alt/cons_comments) are read when present.
// `dataset` names the list: "ofac-sdn" or "ofac-cons".
StatusOr<ListLoad> LoadOfacCsv(const std::string& primary, const std::string& dataset);

// OFAC XML in the sdnList schema (sdn.xml, consolidated.xml).
StatusOr<ListLoad> LoadOfacXml(const std::string& path, const std::string& dataset);

// UN Security Council consolidated list XML. Dataset "un", ids "un:<REFERENCE_NUMBER>".
StatusOr<ListLoad> LoadUnXml(const std::string& path);

// Loads every list found in a directory: each file or folder is recognised by its name and
// content (sdn.csv, cons_prim.csv, *.xml by root element; .gz allowed). An unusable list is an
// error naming its file; rejected records are reported in each ListLoad.
StatusOr<std::vector<ListLoad>> LoadListDirectory(const std::string& dir);

}  // namespace embargo
