// Reading a list's CSV rows without dropping one silently.
#pragma once

#include <string>
#include <vector>

#include "common/csv.h"
#include "common/strings.h"
#include "embargo/list_load.h"

namespace embargo {

// The next data row of a list's CSV file: a row the reader could not parse, or of another width
// than the header's, is recorded in `rejected` with its line and passed over, as is a blank row.
// False at the end of the file; reader.line() is the row's line.
inline bool NextListRow(CsvReader& reader, std::vector<std::string>& fields, size_t width, const std::string& path,
                        std::vector<LoadIssue>& rejected) {
  while (reader.Next(fields)) {
    if (!reader.error().empty())
      rejected.push_back({path, reader.line(), reader.error()});
    else if (fields.size() == 1 && Trim(fields[0]).empty())
      continue;
    else if (fields.size() != width)
      rejected.push_back({path, reader.line(),
                          "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size())});
    else
      return true;
  }
  return false;
}

}  // namespace embargo
