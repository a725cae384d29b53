#include "common/csv.h"

#include <string>

namespace embargo {

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
}

bool CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  error_.clear();
  ends_input_ = false;
  // Skip blank lines.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  record_pos_ = pos_;
  std::string field;
  bool quoted = false, was_quoted = false, stray = false;
  size_t quote_pos = 0, quote_line = 0;  // where the open quote is
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
      quote_pos = pos_;
      quote_line = line_;
    } else if (c == delim_) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      ++line_;
      break;
    } else if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
      continue;  // CR LF ends the line; a lone CR is data ("Vladimir\rPutin" is two words)
    } else if (was_quoted && c != ' ' && c != '\t' && c != '\r') {
      // Text after a closing quote ("Anna" Berg): the quote that closed was not this field's own,
      // so a stray quote earlier may have swallowed whole records into this field.
      stray = true;
      break;
    } else {
      field += c;
    }
  }
  // A line end inside quotes is data: a quote still open here was cut, whatever the last byte.
  ends_input_ = quoted || (pos_ >= text_.size() && text_.back() != '\n' && text_.back() != '\r');
  if (quoted || stray) {
    // The quote swallowed the rest of the input, or records up to a quote not its own: report it
    // where it opened and read on from the next line, so one stray quote costs one record.
    error_ = std::string(quoted ? "unterminated quoted field" : "text after the closing quote of a field") +
             " (the quote opens on line " + std::to_string(quote_line) + ")";
    size_t next = text_.find('\n', quote_pos);
    if (next == std::string_view::npos) next = text_.size();
    field = text_.substr(quote_pos, next - quote_pos);  // the quoted field's first line
    if (!field.empty() && field.back() == '\r') field.pop_back();
    pos_ = next == text_.size() ? next : next + 1;
    line_ = quote_line + 1;
  }
  fields.push_back(std::move(field));
  return true;
}

void CsvReader::RereadAfterFirstLine() {
  size_t next = text_.find('\n', record_pos_);
  if (next == std::string_view::npos || next + 1 >= pos_) return;  // the record had one line
  pos_ = next + 1;
  line_ = record_line_ + 1;
}

// U+FFFD, written for a NUL byte: tools that read CSV take NUL for the end of their text.
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

std::string CsvField(std::string_view s) {
  bool formula = !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos;
  bool nul = s.find('\0') != std::string_view::npos;
  if (!formula && !nul && s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = formula ? "\"'" : "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else if (c == '\0') out += kReplacementCharacter;
    else out += c;
  }
  return out + "\"";
}

}  // namespace embargo
