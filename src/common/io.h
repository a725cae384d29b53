// File reading, with transparent gzip decompression for names ending in ".gz".
#pragma once

#include <string>

#include "embargo/status.h"

namespace embargo {

// Reads a whole file; a ".gz" file is decompressed. The error names the file.
StatusOr<std::string> ReadFile(const std::string& path);

// The first of `path` and `path + ".gz"` that exists, or empty.
std::string FindFileMaybeGz(const std::string& path);

// A text file as lists publish them: `sha256` is the hash of the bytes as published; `text` is
// UTF-8 (Windows-1252 is converted when the bytes are not valid UTF-8), without a byte-order mark.
struct TextFile {
  std::string text;
  std::string sha256;
};
StatusOr<TextFile> ReadTextFile(const std::string& path);

// Converts Windows-1252 bytes to UTF-8 (used for legacy files such as OFAC's and OFSI's).
std::string Windows1252ToUtf8(std::string_view bytes);

// True when the bytes are valid UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace embargo
