#include "common/io.h"

#include "common/sha256.h"
#include "common/strings.h"
#include "common/bad_text.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace embargo {

uint64_t GunzipLimit(uint64_t compressed_bytes) {
  return std::min(kMaxGunzipBytes, std::max(kMinGunzipLimit, kMaxGunzipRatio * compressed_bytes));
}

namespace {

std::string Mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

Status Inflated(const std::string& path, z_stream& zs, int rc) {
  inflateEnd(&zs);
  if (rc == Z_OK) return Status::DataLoss(path + ": truncated gzip stream");
  return Status::DataLoss(path + ": not a valid gzip stream (" + (zs.msg ? zs.msg : "truncated") + ")");
}

// Decompresses every member of a gzip file (`cat a.gz b.gz` is one file, as gzip -d reads it),
// up to GunzipLimit(). Bytes after the last member that are not one are an error, not ignored.
StatusOr<std::string> Gunzip(const std::string& path, const std::string& compressed) {
  const uint64_t limit = GunzipLimit(compressed.size());
  if (compressed.size() > kMaxGunzipBytes)
    return Status::ResourceExhausted(path + ": a gzip file larger than " + Mib(kMaxGunzipBytes) + " is not read");
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal(path + ": cannot initialise zlib");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buf[1 << 16];
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) return Inflated(path, zs, rc);
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (out.size() > limit) {
      inflateEnd(&zs);
      return Status::ResourceExhausted(path + ": decompresses to more than " + Mib(limit) + " (at most " +
                                       std::to_string(kMaxGunzipRatio) + " times its " + std::to_string(compressed.size()) +
                                       " compressed bytes, at least " + Mib(kMinGunzipLimit) + ", at most " +
                                       Mib(kMaxGunzipBytes) + "): refused as a possible gzip bomb");
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b) {
        inflateEnd(&zs);
        return Status::DataLoss(path + ": " + std::to_string(zs.avail_in) +
                                " bytes after the end of the gzip data are not another gzip member");
      }
      inflateReset(&zs);  // the next member
    } else if (zs.avail_in == 0 && zs.avail_out != 0) {
      return Inflated(path, zs, Z_OK);
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace

StatusOr<std::string> ReadFile(const std::string& path) {
  // A directory opens as a stream that reads nothing: it would pass for an empty file.
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Status::InvalidArgument(path + ": a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::Internal(path + ": read failed");
  std::string data = std::move(ss).str();
  if (path.ends_with(".gz")) return Gunzip(path, data);
  return data;
}

StatusOr<TextFile> ReadTextFile(const std::string& path) {
  StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  EMBARGO_RETURN_IF_ERROR(CheckNotWide(path, *bytes));
  TextFile file;
  file.sha256 = Sha256Hex(*bytes);
  file.text = TextOfList(std::move(bytes).value());
  if (file.text.starts_with("\xEF\xBB\xBF")) file.text.erase(0, 3);
  return file;
}

std::string FindFileMaybeGz(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return path;
  std::string gz = path + ".gz";
  if (stat(gz.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return gz;
  return {};
}

std::string Windows1252ToUtf8(std::string_view bytes, bool keep_undefined) {
  // Code points for 0x80..0x9F; 0 marks the five undefined bytes, U+FFFD or kept.
  static const char16_t kHigh[32] = {
      0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    char32_t cp = c;
    if (c < 0xA0 && !kHigh[c - 0x80] && keep_undefined) {
      out += static_cast<char>(c);
      continue;
    }
    if (c < 0xA0) cp = kHigh[c - 0x80] ? kHigh[c - 0x80] : 0xFFFD;
    if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

namespace {

// The length of the valid UTF-8 sequence at `i`, or 0. Strict: no overlong forms, no surrogates,
// nothing above U+10FFFF (JSON writers refuse them).
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  unsigned char c = s[i];
  size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
  if (n == 9 || i + n >= s.size() + (n == 0)) return 0;
  char32_t cp = n == 0 ? c : c & (0x3F >> n);
  for (size_t k = 1; k <= n; ++k) {
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n + 1;
}

}  // namespace

size_t InvalidUtf8Offset(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceAt(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string WithInvalidUtf8As(std::string_view s, char with) {
  std::string out(s);
  for (size_t i = 0; i < out.size();) {
    size_t n = Utf8SequenceAt(out, i);
    if (n == 0) out[i++] = with;
    else i += n;
  }
  return out;
}

bool ReadsAsUtf8(std::string_view s) {
  size_t letters = 0, invalid = 0;  // multi-byte sequences, and bytes that start none
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceAt(s, i);
    if (n == 0) ++invalid;
    if (n > 1) ++letters;
    i += std::max<size_t>(n, 1);
  }
  return invalid == 0 || letters > invalid;
}

std::string TextOfList(std::string bytes) {
  return ReadsAsUtf8(bytes) ? std::move(bytes) : Windows1252ToUtf8(bytes);
}

namespace {

// Whether `head` starts with at least four code units of `width` bytes, each an ASCII character
// other than NUL at byte `at` of the unit and NULs elsewhere ("A\0B\0C\0D\0": UTF-16, at 0).
bool NulInterleavedAscii(std::string_view head, size_t width, size_t at) {
  size_t units = std::min<size_t>(head.size() / width, 16);
  if (units < 4) return false;
  for (size_t u = 0; u < units; ++u)
    for (size_t b = 0; b < width; ++b) {
      unsigned char c = static_cast<unsigned char>(head[u * width + b]);
      if (b == at ? (c == 0 || c >= 0x80) : c != 0) return false;
    }
  return true;
}

// "UTF-16 little-endian" for "UTF-16LE".
std::string Spelt(std::string_view encoding) {
  return std::string(encoding.substr(0, 6)) + (encoding.ends_with("LE") ? " little-endian" : " big-endian");
}

}  // namespace

std::string WideEncoding(std::string_view head) {
  if (std::string_view mark = NonUtf8ByteOrderMark(head); !mark.empty()) return Spelt(mark) + ", with a byte order mark";
  if (NulInterleavedAscii(head, 4, 0)) return Spelt("UTF-32LE");
  if (NulInterleavedAscii(head, 4, 3)) return Spelt("UTF-32BE");
  if (NulInterleavedAscii(head, 2, 0)) return Spelt("UTF-16LE");
  if (NulInterleavedAscii(head, 2, 1)) return Spelt("UTF-16BE");
  return "";
}

Status CheckNotWide(const std::string& path, std::string_view head) {
  std::string wide = WideEncoding(head);
  if (wide.empty()) return Status::Ok();
  return Status::InvalidArgument(path + ": " + wide.substr(0, 6) + ": convert it to UTF-8 (the file is " + wide +
                                 "; lists are read as UTF-8)");
}

bool IsValidUtf8(std::string_view s) { return InvalidUtf8Offset(s) == std::string_view::npos; }

size_t BadTextByte(std::string_view s) { return std::min(s.find('\0'), InvalidUtf8Offset(s)); }

std::string EscapeBadText(std::string_view s) {
  std::string out;
  for (size_t bad; (bad = BadTextByte(s)) != std::string_view::npos; s.remove_prefix(bad + 1)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(s[bad]));
    out.append(s.substr(0, bad)).append(hex);
  }
  return out.append(s);
}

}  // namespace embargo
