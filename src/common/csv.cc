#include "common/csv.h"

namespace embargo {

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
}

bool CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  error_.clear();
  // Skip blank lines.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false, was_quoted = false;
  while (pos_ < text_.size()) {
    char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
      continue;
    }
    if (c == '"' && !was_quoted && field.find_first_not_of(' ') == std::string::npos) {
      field.clear();
      quoted = was_quoted = true;
    } else if (c == delim_) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      ++line_;
      break;
    } else if (c == '\r') {
      if (pos_ < text_.size() && text_[pos_] == '\n') continue;
    } else {
      field += c;
    }
  }
  if (quoted) error_ = "unterminated quoted field";
  fields.push_back(std::move(field));
  return true;
}

}  // namespace embargo
