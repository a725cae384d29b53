#include "text/similarity.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace embargo::text {
namespace {

std::string RandomWord(std::mt19937& rng, size_t max_length, int alphabet) {
  std::string s(rng() % (max_length + 1), 'a');
  for (char& c : s) c = static_cast<char>('a' + rng() % alphabet);
  return s;
}

TEST(Similarity, OptimalStringAlignmentDistances) {
  EXPECT_EQ(DamerauLevenshtein("lavrov", "labrov"), 1);
  EXPECT_EQ(DamerauLevenshtein("supermarket", "supemrarket"), 1);  // one transposition
  EXPECT_EQ(DamerauLevenshtein("ca", "abc"), 3);                   // OSA: no edit of a transposed pair
  EXPECT_EQ(DamerauLevenshtein("", "abc"), 3);
  EXPECT_EQ(DamerauLevenshtein("viktorovich", "viktorosvich", 2), 1);
  EXPECT_EQ(DamerauLevenshtein("abcdef", "badcfe", 2), 3);  // beyond the bound: bound + 1
}

// The bit-parallel version (and the one-edit shortcut) against the textbook rows, on words short
// and long (over 64 letters the rows are used), with few letters so that words are often close.
TEST(Similarity, BitParallelAgreesWithRows) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) {
    std::string a = RandomWord(rng, i % 50 == 0 ? 80 : 12, 2 + i % 5);
    std::string b = a;
    for (int e = rng() % 4; e > 0 && !b.empty(); --e) {
      size_t at = rng() % b.size();
      switch (rng() % 3) {
        case 0: b[at] = static_cast<char>('a' + rng() % 6); break;
        case 1: b.erase(at, 1); break;
        default: if (at + 1 < b.size()) std::swap(b[at], b[at + 1]);
      }
    }
    if (i % 3 == 0) b = RandomWord(rng, 12, 4);
    int max = i % 4 == 0 ? 1 << 20 : static_cast<int>(rng() % 4);
    ASSERT_EQ(DamerauLevenshtein(a, b, max), DamerauLevenshteinByRows(a, b, max)) << a << " / " << b << " max " << max;
  }
}

TEST(Similarity, LetterBoundNeverExceedsTheDistance) {
  std::mt19937 rng(11);
  for (int i = 0; i < 50000; ++i) {
    std::string a = RandomWord(rng, 10, 8), b = RandomWord(rng, 10, 8);
    EXPECT_LE(LetterBound(LetterMask(a), LetterMask(b)), DamerauLevenshtein(a, b)) << a << " / " << b;
  }
  for (uint64_t x : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}, uint64_t{0x8000000000000001}, uint64_t{0x123456789abcdef}})
    EXPECT_EQ(BitCount(x), __builtin_popcountll(x));
}

TEST(Similarity, JaroWinkler) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("abc", ""), 0.0);
}

}  // namespace
}  // namespace embargo::text
