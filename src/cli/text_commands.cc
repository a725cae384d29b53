// `embargo text FILE...`: listed names mentioned in free text.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "common/json_text.h"
#include "common/strings.h"
#include "cli/output.h"
#include "common/io.h"
#include "embargo/text_scan.h"
#include "text_scan/mention_json.h"

namespace embargo::cli {
namespace {

// Texts larger than this are refused before they are read: scanning takes some 40 bytes of
// memory per byte of text (a 64 MiB text, about 2.5 GB). Larger texts are split by the caller.
constexpr size_t kMaxTextBytes = size_t{64} << 20;

Status TooLarge(const std::string& name) {
  return Status::InvalidArgument(name + ": larger than 64 MiB; split the text and scan its parts");
}

StatusOr<std::string> ReadInput(const std::string& path) {
  const std::string name = path == "-" ? "stdin" : path;
  std::string bytes;
  if (path == "-") {
    char chunk[1 << 16];
    while (bytes.size() <= kMaxTextBytes && std::cin.read(chunk, sizeof chunk).gcount() > 0)
      bytes.append(chunk, static_cast<size_t>(std::cin.gcount()));
    if (std::cin.bad()) return Status::Internal("stdin: read failed");
  } else {
    std::error_code error;
    if (const auto size = std::filesystem::file_size(path, error); !error && size > kMaxTextBytes) return TooLarge(name);
    auto r = ReadFile(path);
    if (!r.ok()) return r.status();
    bytes = std::move(*r);
  }
  if (bytes.size() > kMaxTextBytes) return TooLarge(name);
  // Text that is not UTF-8 is refused, not guessed at: a wrong guess could hide a name.
  if (std::string_view bom = NonUtf8ByteOrderMark(bytes); !bom.empty())
    return Status::InvalidArgument(name + ": the text is " + std::string(bom) + " (its byte order mark says so); " +
                                   "convert it to UTF-8 first (iconv -f " + std::string(bom) + " -t UTF-8)");
  if (size_t bad = InvalidUtf8Offset(bytes); bad != std::string::npos)
    return Status::InvalidArgument(name + ": not valid UTF-8 at byte offset " + std::to_string(bad) +
                                   " (convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8)");
  return bytes;
}

// 1-based line and column (in code points) of byte offsets, for people reading the table.
// Offsets come in ascending order, so the text is walked once for all of them.
class LineColumns {
 public:
  explicit LineColumns(std::string_view text) : text_(text) {}
  std::pair<size_t, size_t> At(size_t offset) {
    if (offset < pos_) pos_ = 0, line_ = 1, col_ = 1;
    for (; pos_ < offset && pos_ < text_.size(); ++pos_) {
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      // LF, CRLF and a lone CR (old Mac text) each end a line.
      bool lone_cr = c == '\r' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n');
      if (c == '\n' || lone_cr) {
        ++line_;
        col_ = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++col_;
      }
    }
    return {line_, col_};
  }

 private:
  std::string_view text_;
  size_t pos_ = 0, line_ = 1, col_ = 1;
};

void PrintMentions(const std::string& name, std::string_view text, const TextScanResult& scan) {
  const std::vector<Mention>& mentions = scan.mentions;
  std::cout << name << ": " << mentions.size() << " mention(s)"
            << (scan.complete() ? "" : ", NOT screened completely: " + std::to_string(scan.unscreened.size()) +
                                           " span(s) could not be ruled out")
            << "\n";
  LineColumns where(text);
  for (const UnscreenedSpan& u : scan.unscreened) {
    auto [line, col] = where.At(u.begin);
    std::cout << "  " << line << ":" << col << "  bytes " << u.begin << "-" << u.end << "  unscreened: " << u.reason
              << "\n";
  }
  for (const Mention& m : mentions) {
    auto [line, col] = where.At(m.begin);
    std::string shown = m.text;
    for (char& c : shown)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    std::cout << "  " << line << ":" << col << "  bytes " << m.begin << "-" << m.end << "  chars " << m.char_begin
              << "-" << m.char_end << "  \"" << shown << "\"\n";
    std::cout << "       " << std::fixed << std::setprecision(3) << m.hit.score << "  " << m.hit.entity->id << "  "
              << SchemaName(m.hit.entity->schema) << "  " << m.hit.entity->caption() << std::defaultfloat << "\n";
    if (m.repeat_of != std::string_view::npos) {
      std::cout << "       the same person as the mention at byte " << m.repeat_of << ", named again by surname\n";
      continue;
    }
    std::cout << "       matched " << WhatMatched(m.hit) << "\n";
    if (std::string why = PlainExplanation(m.hit); !why.empty()) std::cout << "       why: " << why << "\n";
    for (const Hit& h : m.also)
      std::cout << "       also " << std::fixed << std::setprecision(3) << h.score << "  " << h.entity->id << "  "
                << h.entity->caption() << std::defaultfloat << "\n";
  }
}

}  // namespace

CommandResult RunText(const GlobalOptions& g, const TextArgs& a) {
  EMBARGO_ASSIGN_OR_RETURN(ConfiguredScreener configured, LoadConfiguredScreener(g));
  const double threshold = configured.threshold;
  TextScanOptions options;
  options.threshold = threshold;
  EMBARGO_ASSIGN_OR_RETURN(auto scanner, TextScanner::Build(*configured.screener, options));
  bool any_mention = false;
  size_t errors = 0;
  for (const std::string& path : a.files) {
    std::string name = path == "-" ? "stdin" : path;
    auto text = ReadInput(path);
    if (!text.ok()) {
      // The file was not screened: never reported as clear.
      std::cerr << "embargo: " << text.status().message() << "\n";
      if (a.format == "json") std::cout << JsonText(nlohmann::json{{"file", name}, {"error", text.status().message()}}) << "\n";
      ++errors;
      continue;
    }
    TextScanStats stats;
    TextScanResult scan = scanner->Scan(*text, threshold, &stats);
    any_mention |= !scan.mentions.empty() || !scan.complete();  // incomplete is never clear
    if (a.format == "json") {
      nlohmann::json out = {{"file", name},
                            {"bytes", stats.bytes},
                            {"threshold", threshold},
                            {"complete", scan.complete()},
                            {"mentions", MentionsJson(scan.mentions)},
                            {"unscreened", UnscreenedJson(scan.unscreened)}};
      std::cout << JsonText(out) << "\n";
    } else {
      PrintMentions(name, *text, scan);
    }
  }
  std::cout.flush();
  if (errors)
    return Status::InvalidArgument(std::to_string(errors) + " of " + std::to_string(a.files.size()) +
                                   " file(s) could not be screened");
  return AlertIf(any_mention);
}

}  // namespace embargo::cli
