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
  size_t line = 0;  // 1-based line in the file (the record's first line, or its faulty element's); 0 if unknown
  std::string reason;
  // The row repeats a party already read (same name and address), or repeats a record id and was
  // merged into that record: none is lost.
  bool repeat = false;
};

// Records a list leaves out because another loaded list publishes them itself (the US CSL's
// copies of OFAC's and BIS's records, when OFAC's and BIS's own lists are loaded too).
struct SupersededRecords {
  std::string by_dataset;  // the list that publishes them itself
  size_t records = 0;
};

// One list as loaded from its files.
struct ListLoad {
  std::string dataset;       // "ofac-sdn", "ofac-cons", "un", ...
  std::string title;         // "OFAC Specially Designated Nationals", ...
  std::string format;        // "ofac-csv", "ofac-xml", "un-xml"
  std::vector<std::string> files;
  // Publication date (ISO): the list's own date (UK "Last Updated", EU generationDate, UN
  // dateGenerated, OFAC XML Publish_Date, the newest CSL start_date or DPL effective date), the
  // bundle's record of it, or the download's Last-Modified; empty when unknown (never a file's
  // modification time).
  std::string published;
  // For a list whose parts were published on different dates (a composite snapshot): each part
  // and its date, in words. Empty otherwise.
  std::string published_detail;
  std::string content_hash;  // hex SHA-256 over the decompressed bytes of the files, in order
  std::vector<Entity> entities;
  std::vector<LoadIssue> rejected;
  std::vector<SupersededRecords> superseded;
  // Signs that the files were cut short, found by the loader: a missing end marker (OFAC CSV's
  // 0x1A), fewer records than the publisher states (OFAC XML Record_Count). A load with any is
  // refused by CheckListsComplete (embargo/lists.h) unless the operator allows it.
  std::vector<std::string> incomplete;
  // What a list loaded without that an operator must know of: the OFAC CSV companion files that
  // are not there (sdn.csv alone has no aliases). Every command warns of them on stderr and
  // `embargo lists` shows them.
  std::vector<std::string> warnings;
  // Set when the operator accepted this list although it failed a completeness check
  // (--allow-shrink): what failed. Reported with the list's version.
  std::string accepted_incomplete;
};

}  // namespace embargo
