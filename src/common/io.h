// File reading, with transparent gzip decompression for names ending in ".gz".
#pragma once

#include <cstdint>
#include <string>

#include "embargo/status.h"

namespace embargo {

// How far a ".gz" file may expand: lists' text compresses 5 to 20 times, a gzip bomb about a
// thousand. A file may decompress to kMaxGunzipRatio times its size, at least kMinGunzipLimit
// and at most kMaxGunzipBytes (the cap of a download, FetchOptions::max_bytes).
inline constexpr uint64_t kMaxGunzipRatio = 100;
inline constexpr uint64_t kMinGunzipLimit = uint64_t{64} << 20;
inline constexpr uint64_t kMaxGunzipBytes = uint64_t{1} << 30;
uint64_t GunzipLimit(uint64_t compressed_bytes);

// Reads a whole file; a ".gz" file is decompressed, every member of it, within GunzipLimit()
// (ResourceExhausted past it). The error names the file.
StatusOr<std::string> ReadFile(const std::string& path);

// The first of `path` and `path + ".gz"` that exists, or empty.
std::string FindFileMaybeGz(const std::string& path);

// A text file as lists publish them: `sha256` is the hash of the bytes as published; `text` is
// UTF-8 (see TextOfList), without a byte-order mark.
struct TextFile {
  std::string text;
  std::string sha256;
};
StatusOr<TextFile> ReadTextFile(const std::string& path);

// Converts Windows-1252 bytes to UTF-8 (used for legacy files such as OFAC's and OFSI's). The
// five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+FFFD, or, with
// `keep_undefined`, stay as they are: invalid UTF-8, for callers that refuse what holds them.
std::string Windows1252ToUtf8(std::string_view bytes, bool keep_undefined = false);

// `s` with each byte that starts no valid UTF-8 sequence replaced by `with`, in one pass.
std::string WithInvalidUtf8As(std::string_view s, char with);

// True when the bytes are valid UTF-8.
bool IsValidUtf8(std::string_view bytes);
// The offset of the first byte that does not start a valid UTF-8 sequence, or npos.
size_t InvalidUtf8Offset(std::string_view bytes);
// True when the bytes are UTF-8 with fewer stray bytes than letters of two bytes or more: a file
// written in UTF-8 with one damaged record, not a Windows-1252 file.
bool ReadsAsUtf8(std::string_view bytes);
// A list file's text: as it is when it reads as UTF-8 (its stray bytes then reject their records,
// see RejectMalformedText), else converted from Windows-1252.
std::string TextOfList(std::string bytes);

// The wide encoding a file starting with `head` is written in, "UTF-16" or "UTF-32" with its byte
// order ("UTF-16 little-endian, with a byte order mark"), told by a byte order mark or by ASCII
// with NUL bytes between the letters; "" for anything else. Lists are read as UTF-8 (the CSV
// lists also as Windows-1252): such a file would read as letters split by NULs.
std::string WideEncoding(std::string_view head);

// An error naming `path` when `head` (its first bytes) is in a wide encoding: "PATH: UTF-16:
// convert it to UTF-8 (...)". Every list loader checks the bytes it reads with it.
Status CheckNotWide(const std::string& path, std::string_view head);

}  // namespace embargo
