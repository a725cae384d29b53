// An RFC 4180 CSV reader that keeps line numbers for error messages, and the writer's cell quoting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace embargo {

class CsvReader {
 public:
  // `text` must outlive the reader. `delimiter` is ',' or '\t'.
  explicit CsvReader(std::string_view text, char delimiter = ',');
  explicit CsvReader(const char* text, char delimiter = ',') : CsvReader(std::string_view(text), delimiter) {}
  CsvReader(std::string&&, char = ',') = delete;  // a temporary would be gone before it is read

  // Reads the next record into `fields`. Returns false at the end of input.
  // Quoted fields may span lines; CR LF and LF both end a record.
  bool Next(std::vector<std::string>& fields);

  // 1-based line on which the record last returned by Next() starts.
  size_t line() const { return record_line_; }
  // Non-empty when the last record was malformed. An unterminated quote, or one followed by text
  // after it closes, is reported on the record where it opened, and reading resumes at the line
  // after the quote's.
  const std::string& error() const { return error_; }
  // True when the last record runs into the end of the input with a quote it opens still open
  // (even if the input ends with a line end: inside quotes that is data), or with its last field
  // open in an input that does not end with a line end. A malformed record that does is where the
  // input was cut; a complete last record without a line end is fine.
  bool ends_input() const { return ends_input_; }
  char delimiter() const { return delim_; }
  // Reads on from the line after the first line of the record last returned: its quoted line
  // breaks may be a stray quote's, and the lines they took in records of their own.
  void RereadAfterFirstLine();

 private:
  std::string_view text_;
  char delim_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t record_line_ = 0;
  size_t record_pos_ = 0;  // where the record last returned starts
  std::string error_;
  bool ends_input_ = false;
};

// One CSV cell: quoted when it holds a comma, quote or line break. A cell that a spreadsheet
// would read as a formula (=, +, -, @, tab, carriage return first) is written as text ('=...):
// a listed name or a customer file must not run anything when opened. A NUL byte is written as
// U+FFFD.
std::string CsvField(std::string_view s);

}  // namespace embargo
