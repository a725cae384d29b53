// One list as a loader read it: its entities, its metadata, and every record it rejected.
// The screening engine is built from ListLoads; the loaders (embargo/lists.h) produce them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "embargo/entity.h"

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

}  // namespace embargo
