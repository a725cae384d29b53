#include "common/io.h"
#include "common/line_index.h"
#include "common/sha256.h"
#include "common/xml_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace embargo {

// The index answers what counting newlines from the start answers, at every offset and past the end.
TEST(LineIndex, AgreesWithCountingFromTheStart) {
  for (std::string_view text : {"", "one", "\n", "a\nb\n\nc", "\n\nlast\n"}) {
    LineIndex lines(text);
    for (ptrdiff_t at = -1; at <= static_cast<ptrdiff_t>(text.size()) + 2; ++at)
      EXPECT_EQ(lines.LineOf(at), LineOf(text, at)) << "'" << text << "' at " << at;
  }
  LineIndex lines("a\nb\n\nc");
  EXPECT_EQ(lines.LineOf(0), 1u);
  EXPECT_EQ(lines.LineOf(2), 2u);
  EXPECT_EQ(lines.LineOf(5), 4u);
  EXPECT_EQ(lines.LineOf(-1), 0u);
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string million(1000000, 'a');
  EXPECT_EQ(Sha256Hex(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Fed in pieces of every size, across block boundaries, the hash is the one-shot hash.
TEST(Sha256, PiecesHashAsTheWhole) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>('a' + i % 26);
  for (size_t piece : {1, 3, 63, 64, 65, 500}) {
    Sha256 h;
    for (size_t at = 0; at < text.size(); at += piece) h.Update(std::string_view(text).substr(at, piece));
    EXPECT_EQ(h.HexDigest(), Sha256Hex(text)) << piece;
  }
  Sha256 empty;
  EXPECT_EQ(empty.HexDigest(), Sha256Hex(""));
}

TEST(ReadFile, MissingFileNamesThePath) {
  auto r = ReadFile("/nonexistent/list.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/list.csv"), std::string::npos);
}

// A directory opens as a stream that reads nothing; read as a file it would be an empty, clear input.
TEST(ReadFile, DirectoryIsRefusedNotReadAsEmpty) {
  std::string dir = testing::TempDir();
  auto r = ReadFile(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("a directory"), std::string::npos) << r.status().message();
  EXPECT_FALSE(ReadTextFile(dir).ok());
}

TEST(ReadFile, GzipIsDecompressedAndTruncationDetected) {
  std::string dir = testing::TempDir();
  std::string plain = dir + "/io_test.txt";
  std::ofstream(plain) << "hello, lists\n";
  ASSERT_EQ(std::system(("gzip -kf " + plain).c_str()), 0);
  auto r = ReadFile(plain + ".gz");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "hello, lists\n");
  // Truncate the gzip file: the error must say so, not return partial data.
  auto whole = ReadFile(plain + ".gz.raw");
  std::ifstream in(plain + ".gz", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(plain + ".cut.gz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  auto cut = ReadFile(plain + ".cut.gz");
  EXPECT_FALSE(cut.ok());
}

// `cat a.gz b.gz` is one gzip file of two members: gzip -d reads both, and so must a list load.
TEST(ReadFile, EveryGzipMemberIsReadAndTrailingBytesAreAnError) {
  std::string path = testing::TempDir() + "/io_members.csv.gz";
  ASSERT_EQ(std::system(("printf 'first\\n' | gzip > " + path + " && printf 'second\\n' | gzip >> " + path).c_str()), 0);
  auto r = ReadFile(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "first\nsecond\n");
  ASSERT_EQ(std::system(("printf 'garbage' >> " + path).c_str()), 0);
  r = ReadFile(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(path + ": 7 bytes after the end of the gzip data"), std::string::npos)
      << r.status().message();
}

// 100 MiB of zeros compress to 100 KiB: far past what a list's text expands to.
TEST(ReadFile, GzipBombIsRefusedNamingTheFile) {
  std::string path = testing::TempDir() + "/io_bomb.xml.gz";
  ASSERT_EQ(std::system(("head -c 100M /dev/zero | gzip -1 > " + path).c_str()), 0);
  auto r = ReadFile(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find(path + ": decompresses to more than 64 MiB"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("gzip bomb"), std::string::npos);
  EXPECT_EQ(GunzipLimit(1 << 20), 100u << 20) << "100 times the compressed size";
  EXPECT_EQ(GunzipLimit(uint64_t{1} << 30), uint64_t{1} << 30) << "at most 1 GiB";
}

TEST(Encoding, Windows1252CurlyQuotesBecomeUtf8) {
  EXPECT_EQ(Windows1252ToUtf8("O\x92Neil \xE9"), "O\u2019Neil \u00e9");
  EXPECT_TRUE(IsValidUtf8("Путин"));
  EXPECT_FALSE(IsValidUtf8("\xE9t\xE9"));
  EXPECT_FALSE(IsValidUtf8("\xD0"));
}

// Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 (JSON writers refuse them).
TEST(Encoding, StrictUtf8) {
  EXPECT_FALSE(IsValidUtf8("Put\xC0\xAFin"));          // '/' in two bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));           // '/' in three bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));       // '/' in four bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));           // U+D800, a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));       // U+110000
  EXPECT_TRUE(IsValidUtf8("\xC2\x80\xE0\xA0\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"));  // smallest and largest
}

// A list file in UTF-16 or UTF-32 is told by its byte order mark, or by ASCII with NULs between
// the letters; a UTF-8 or Windows-1252 file never is.
TEST(Encoding, WideEncodingsAreToldByTheirMarkOrTheirNuls) {
  using namespace std::string_literals;
  EXPECT_EQ(WideEncoding("\xFF\xFE<\0?\0"s), "UTF-16 little-endian, with a byte order mark");
  EXPECT_EQ(WideEncoding("\xFE\xFF\0<\0?"s), "UTF-16 big-endian, with a byte order mark");
  EXPECT_EQ(WideEncoding("\xFF\xFE\0\0<\0\0\0"s), "UTF-32 little-endian, with a byte order mark");
  EXPECT_EQ(WideEncoding("\0\0\xFE\xFF\0\0\0<"s), "UTF-32 big-endian, with a byte order mark");
  EXPECT_EQ(WideEncoding("e\0n\0t\0_\0n\0u\0m\0"s), "UTF-16 little-endian");
  EXPECT_EQ(WideEncoding("\0N\0a\0m\0e\0\t"s), "UTF-16 big-endian");
  EXPECT_EQ(WideEncoding("1\0\0\0,\0\0\0A\0\0\0B\0\0\0"s), "UTF-32 little-endian");
  EXPECT_EQ(WideEncoding("\0\0\0\x31\0\0\0,\0\0\0A\0\0\0B"s), "UTF-32 big-endian");
  for (std::string head : {"\xEF\xBB\xBF<?xml"s, "Last Updated,13/04/2018"s, "36,\"AEROCARIBBEAN\""s, "A\0B"s,
                           "1,\"BANCO\0NACIONAL\""s, "O\x92Neil"s, ""s})
    EXPECT_EQ(WideEncoding(head), "") << head;
  Status wide = CheckNotWide("sdn.csv", "\xFF\xFE\x33\0\x36\0"s);
  EXPECT_EQ(wide.message(), "sdn.csv: UTF-16: convert it to UTF-8 (the file is UTF-16 little-endian, with a byte "
                            "order mark; lists are read as UTF-8)");
  EXPECT_TRUE(CheckNotWide("sdn.csv", "36,\"AEROCARIBBEAN\"").ok());
}

}  // namespace embargo
