// Reading a list's CSV rows without dropping one silently.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/csv.h"
#include "common/strings.h"
#include "embargo/list_load.h"

namespace embargo {

// The next data row of a list's CSV file: a row the reader could not parse, or of another width
// than the header's, is recorded in `load.rejected` with its line and passed over, as is a blank
// row. Such a row that runs into the end of a file (short without a final line end, or a quote
// still open, line end or not) is where the file was cut: it goes to `load.incomplete`, which
// refuses the list.
// False at the end of the file; reader.line() is the row's line.
inline bool NextListRow(CsvReader& reader, std::vector<std::string>& fields, size_t width, const std::string& path,
                        ListLoad& load) {
  while (reader.Next(fields)) {
    std::string why = reader.error();
    if (why.empty() && fields.size() == 1 && Trim(fields[0]).empty()) continue;
    if (why.empty() && fields.size() != width)
      why = "expected " + std::to_string(width) + " fields, found " + std::to_string(fields.size());
    if (why.empty()) return true;
    if (reader.ends_input())
      load.incomplete.push_back(std::filesystem::path(path).filename().string() + ":" + std::to_string(reader.line()) +
                                ": the file ends inside this record (" + why + ")");
    else
      load.rejected.push_back({path, reader.line(), why});
  }
  return false;
}

// Whether `row` repeats the header row `header` (its cells, trimmed, in any case): a file joined
// from pieces that each kept their header. Read as a record it would list a party named "name";
// a loader rejects it as a malformed record instead.
inline bool RepeatsHeader(const std::vector<std::string>& row, const std::vector<std::string>& header) {
  if (row.size() != header.size()) return false;
  for (size_t i = 0; i < row.size(); ++i)
    if (Lower(Trim(row[i])) != Lower(Trim(header[i]))) return false;
  return true;
}

// The first header cell (trimmed, any case) that repeats an earlier one, in words ("'name'
// (columns 5 and 9)"); empty when none does. A loader reads the first of two such columns, so the
// other's values would be passed over in every record: the file is refused instead.
inline std::string RepeatedColumn(const std::vector<std::string>& header) {
  for (size_t i = 0; i < header.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (!Trim(header[i]).empty() && Lower(Trim(header[i])) == Lower(Trim(header[j])))
        return "'" + std::string(Trim(header[i])) + "' (columns " + std::to_string(j + 1) + " and " +
               std::to_string(i + 1) + ")";
  return "";
}

// The reason a loader gives for a row that RepeatsHeader.
inline std::string RepeatedHeaderReason(size_t header_line) {
  return "repeats the header row (line " + std::to_string(header_line) + "): not a record";
}

}  // namespace embargo
