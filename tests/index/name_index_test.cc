// The name index: its keys must reach every dictionary token and every joined pair the scorer
// would accept, which makes the screener's search exhaustive.
#include "index/name_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "embargo/lists.h"
#include "index/key_table.h"
#include "index/variant_keys.h"
#include "match/query_plan.h"
#include "match/scorer.h"
#include "text/similarity.h"
#include "text/spelling_keys.h"

namespace embargo {
namespace {

struct Bundled {
  std::vector<ListLoad> lists;
  std::vector<const Entity*> entities;
  NameIndex index;
};

const Bundled& Lists() {
  static const Bundled* b = [] {
    auto* out = new Bundled;
    auto lists = LoadListDirectory(EMBARGO_SOURCE_DIR "/data/lists");
    EXPECT_TRUE(lists.ok()) << lists.status().ToString();
    out->lists = std::move(*lists);
    for (const auto& l : out->lists)
      for (const auto& e : l.entities) out->entities.push_back(&e);
    out->index.Build(out->entities);
    return out;
  }();
  return *b;
}

// Words near the dictionary's: its tokens with up to three random edits, and random letters.
std::vector<std::string> NearbyWords(const NameIndex& index, size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string w = index.token(static_cast<uint32_t>(rng() % index.token_count())).text;
    for (int e = rng() % 4; e > 0 && w.size() > 1; --e) {
      size_t at = rng() % w.size();
      switch (rng() % 4) {
        case 0: w[at] = static_cast<char>('a' + rng() % 26); break;
        case 1: w.erase(at, 1); break;
        case 2: w.insert(at, 1, static_cast<char>('a' + rng() % 26)); break;
        default: if (at + 1 < w.size()) std::swap(w[at], w[at + 1]);
      }
    }
    if (i % 10 == 0) {
      w.clear();
      for (size_t k = 0, len = 2 + rng() % 10; k < len; ++k) w += static_cast<char>('a' + rng() % 26);
    }
    out.push_back(w);
  }
  return out;
}

TEST(NameIndex, VariantsReachEveryTokenTheScorerAccepts) {
  const NameIndex& index = Lists().index;
  size_t accepted = 0;
  for (bool abjad : {false, true}) {
    for (const std::string& w : NearbyWords(index, abjad ? 300 : 1500, abjad ? 5 : 3)) {
      ScoredName q;
      q.AddOwnedToken(w, 1, text::TokenRole::kNormal);
      const ScoredToken& t = q.tokens[0];
      std::vector<uint32_t> found;
      index.Variants(t.text, t.phonetic, t.skeleton, abjad, 2, found);
      std::sort(found.begin(), found.end());
      for (uint32_t v = 0; v < index.token_count(); ++v) {
        if (TokenSimilarity(t, DictTokenView(index, v), abjad).similarity <= 0) continue;
        ++accepted;
        ASSERT_TRUE(std::binary_search(found.begin(), found.end(), v))
            << "'" << w << "' meets '" << index.token(v).text << "' but the keys do not reach it";
      }
    }
  }
  EXPECT_GT(accepted, 1000u);
}

// Two query words written together are looked up at one edit, and a long word's keys only when
// a token shares its first or last four letters: every token the scorer would still accept must
// be reached.
TEST(NameIndex, OneEditVariantsOfLongWordsReachEveryTokenTheScorerAccepts) {
  const NameIndex& index = Lists().index;
  std::mt19937 rng(11);
  size_t accepted = 0, long_words = 0;
  for (const std::string& near : NearbyWords(index, 3000, 13)) {
    // Long words: two nearby words together, or a long token with one edit.
    std::string w = near + NearbyWords(index, 1, static_cast<uint32_t>(rng()))[0];
    if (rng() % 2) {
      w = index.token(static_cast<uint32_t>(rng() % index.token_count())).text;
      if (w.size() < 8) continue;
      size_t at = rng() % w.size();
      if (rng() % 2) w[at] = static_cast<char>('a' + rng() % 26);
      else w.insert(at, 1, static_cast<char>('a' + rng() % 26));
    }
    long_words += w.size() >= 9;
    ScoredName q;
    q.AddOwnedToken(w, 1, text::TokenRole::kNormal);
    const ScoredToken& t = q.tokens[0];
    for (bool abjad : {false, true}) {
      std::vector<uint32_t> found;
      index.Variants(t.text, t.phonetic, t.skeleton, abjad, kSplitEdits, found);
      std::sort(found.begin(), found.end());
      for (uint32_t v = 0; v < index.token_count(); ++v) {
        if (JoinedSimilarity(DictTokenView(index, v), t, abjad, kSplitEdits).similarity <= 0) continue;
        ++accepted;
        ASSERT_TRUE(std::binary_search(found.begin(), found.end(), v))
            << "'" << w << "' meets '" << index.token(v).text << "' but the keys do not reach it";
      }
    }
  }
  EXPECT_GT(long_words, 1000u);
  EXPECT_GT(accepted, 300u);
}

TEST(NameIndex, LongWordsOneEditFromATokenShareItsEnds) {
  const NameIndex& index = Lists().index;
  size_t checked = 0;
  for (uint32_t v = 0; v < index.token_count(); v += 7) {
    const std::string& token = index.token(v).text;
    if (token.size() < 8) continue;
    for (size_t at = 0; at <= token.size(); ++at) {
      std::vector<std::string> edits;
      if (at < token.size()) edits.push_back(token.substr(0, at) + "#" + token.substr(at + 1));   // substituted
      if (at + 1 < token.size()) {
        std::string swapped = token;
        std::swap(swapped[at], swapped[at + 1]);
        edits.push_back(swapped);
      }
      if (at < token.size()) edits.push_back(token.substr(0, at) + token.substr(at + 1));  // one letter less
      edits.push_back(token.substr(0, at) + "#" + token.substr(at));                          // one more
      for (const auto& e : edits) {
        ++checked;
        ASSERT_TRUE(index.MayBeOneEditFromAToken(NameIndex::kSpellingEnds, e)) << token << " -> " << e;
      }
    }
  }
  EXPECT_GT(checked, 10000u);
  EXPECT_FALSE(index.MayBeOneEditFromAToken(NameIndex::kSpellingEnds, "qqqqzzzzqqqq"));
  EXPECT_TRUE(index.MayBeOneEditFromAToken(NameIndex::kSpellingEnds, "qqqzzz"));  // too short to tell
}

TEST(NameIndex, JoinedKeysReachEveryPairTheScorerAccepts) {
  const NameIndex& index = Lists().index;
  std::mt19937 rng(9);
  size_t accepted = 0;
  for (int i = 0; i < 400; ++i) {
    // A pair of a random record written together, sometimes misspelt.
    const NameRecord& rec = index.record(static_cast<uint32_t>(rng() % index.record_count()));
    if (rec.tokens.size() < 2) continue;
    size_t j = rng() % (rec.tokens.size() - 1);
    std::string w = index.token(rec.tokens[j]).text + index.token(rec.tokens[j + 1]).text;
    if (i % 2) w[rng() % w.size()] = static_cast<char>('a' + rng() % 26);
    ScoredName q;
    q.AddOwnedToken(w, 1, text::TokenRole::kNormal);
    const ScoredToken& t = q.tokens[0];
    std::vector<uint32_t> found;
    index.JoinedRecords(t.text, t.phonetic, t.skeleton, false, found);
    ASSERT_TRUE(std::adjacent_find(found.begin(), found.end(), std::greater_equal<>()) == found.end())
        << "'" << w << "': records not ascending, or repeated";
    for (uint32_t r = 0; r < index.record_count(); ++r) {
      const NameRecord& other = index.record(r);
      for (size_t k = 0; k + 1 < other.tokens.size(); ++k) {
        ScoredToken a = DictTokenView(index, other.tokens[k]), b = DictTokenView(index, other.tokens[k + 1]);
        if (JoinedSimilarity(t, a, b, IsAbjad(other.script), kJoinedEdits).similarity <= 0) continue;
        ++accepted;
        ASSERT_TRUE(std::binary_search(found.begin(), found.end(), r)) << "'" << w << "' meets a pair of record " << r;
      }
    }
  }
  EXPECT_GT(accepted, 100u);
}

// The keys kept for each record's adjacent tokens are those the scorer would make of them.
TEST(NameIndex, JoinedPairsAreTheRecordsAdjacentTokensWrittenTogether) {
  const NameIndex& index = Lists().index;
  size_t checked = 0;
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    for (size_t k = 0; k + 1 < rec.tokens.size(); ++k, ++checked) {
      const DictToken &a = index.token(rec.tokens[k]), &b = index.token(rec.tokens[k + 1]);
      const std::string joined = a.text + b.text;
      const PairKeys keys = index.pair_keys(index.weights(r), k);
      std::string text;
      const ScoredToken pair = JoinedPairView(a, b, keys, true, text);
      ASSERT_EQ(pair.text, joined) << "record " << r << ", token " << k;
      ASSERT_EQ(pair.phonetic, text::PhoneticKey(joined)) << joined;
      ASSERT_EQ(pair.skeleton, text::Skeleton(joined)) << joined;
      ASSERT_EQ(pair.text_letters, text::LetterMask(joined)) << joined;
      ASSERT_EQ(pair.phonetic_letters, text::LetterMask(pair.phonetic)) << joined;
      ASSERT_TRUE(JoinedPairView(a, b, keys, false, text).skeleton.empty()) << joined;
    }
  }
  EXPECT_GT(checked, 10000u);
}

// The search skips the joined keys of a listed word that has none.
TEST(NameIndex, HasJoinedRecordsSaysWhetherJoinedRecordsFindsAny) {
  const NameIndex& index = Lists().index;
  size_t with = 0, without = 0;
  std::vector<uint32_t> found;
  for (uint32_t id = 0; id < index.token_count(); id += 3) {
    const DictToken& t = index.token(id);
    for (bool abjad : {false, true}) {
      found.clear();
      index.JoinedRecords(t.text, t.phonetic, t.skeleton, abjad, found);
      ASSERT_EQ(index.HasJoinedRecords(id, abjad), !found.empty()) << t.text << (abjad ? ", abjad" : "");
      (found.empty() ? without : with) += 1;
    }
  }
  EXPECT_GT(with, 100u);
  EXPECT_GT(without, with);
}

// A word met by its skeleton alone is walked in the names in abjad scripts only: their postings
// are exactly those of a token's postings whose name is in one.
TEST(NameIndex, AbjadPostingsAreTheTokensPostingsInAbjadNames) {
  const NameIndex& index = Lists().index;
  size_t abjad = 0, tokens_with = 0;
  for (uint32_t id = 0; id < index.token_count(); ++id) {
    std::vector<uint32_t> expected;
    for (uint32_t r : index.postings(id))
      if (text::IsAbjad(index.record(r).script)) expected.push_back(r);
    auto got = index.abjad_postings(id);
    ASSERT_EQ(std::vector<uint32_t>(got.begin(), got.end()), expected) << index.token(id).text;
    abjad += expected.size();
    tokens_with += !expected.empty();
  }
  EXPECT_GT(tokens_with, 100u);  // the bundled lists give names in Arabic and Persian script
  EXPECT_LT(abjad, index.record_count());
}

// Every dictionary token is found by its text and at its own id; words near them, not in the
// dictionary, are not found (the look-up confirms the text, not the hash alone).
TEST(NameIndex, FindsEveryTokenByItsTextAndNothingElse) {
  const NameIndex& index = Lists().index;
  std::set<std::string> dictionary;
  for (uint32_t id = 0; id < index.token_count(); ++id) {
    ASSERT_EQ(index.Find(index.token(id).text), static_cast<int64_t>(id)) << index.token(id).text;
    dictionary.insert(index.token(id).text);
  }
  size_t absent = 0;
  for (const std::string& w : NearbyWords(index, 20000, 11)) {
    if (dictionary.count(w)) continue;
    ASSERT_EQ(index.Find(w), -1) << w;
    ++absent;
  }
  EXPECT_GT(absent, 5000u);
  EXPECT_EQ(NameIndex().Find("ivanov"), -1);  // an index not built finds nothing
  EXPECT_EQ(NameIndex().Find(""), -1);
}

// Names of one entity written alike (in another case, with other punctuation) are one record, the
// stronger name's; another entity's same name is its own record.
TEST(NameIndex, AnEntitysNamesWrittenAlikeAreOneRecordOfTheStrongerName) {
  Entity first, second;
  first.schema = second.schema = Schema::kPerson;
  first.names = {{"Abu Ahmad", NameKind::kWeakAlias}, {"PUTIN, Vladimir", NameKind::kPrimary},
                 {"ABU-AHMAD", NameKind::kStrongAlias}, {"Putin Vladimir", NameKind::kStrongAlias}};
  second.names = {{"Abu Ahmad", NameKind::kPrimary}};
  NameIndex index;
  index.Build({&first, &second});
  std::map<std::tuple<uint32_t, std::vector<uint32_t>, std::vector<text::TokenRole>>, size_t> records;
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    ++records[{rec.entity, std::vector<uint32_t>(rec.tokens.begin(), rec.tokens.end()),
               std::vector<text::TokenRole>(rec.roles.begin(), rec.roles.end())}];
    if (rec.entity == 0 && index.token(rec.tokens[0]).text == "abu") {
      EXPECT_EQ(rec.name, 2u);  // the strong alias, written after the weak one
      EXPECT_EQ(rec.kind, NameKind::kStrongAlias);
    }
  }
  for (const auto& [key, count] : records) EXPECT_EQ(count, 1u) << std::get<0>(key);
  // PUTIN, Vladimir (surname known) and Putin Vladimir (not) differ in their roles: two records.
  size_t putin = 0;
  for (uint32_t r = 0; r < index.record_count(); ++r) putin += index.record(r).name == 1 || index.record(r).name == 3;
  EXPECT_EQ(putin, 2u);
  std::set<uint32_t> with_abu;
  for (uint32_t r = 0; r < index.record_count(); ++r)
    if (index.token(index.record(r).tokens[0]).text == "abu") with_abu.insert(index.record(r).entity);
  EXPECT_EQ(with_abu.size(), 2u);  // each entity keeps its own
}

TEST(NameIndex, RarerTokensWeighMore) {
  const NameIndex& index = Lists().index;
  int64_t common = index.Find("mohammed"), rare = index.Find("shoigu");
  ASSERT_GE(common, 0);
  ASSERT_GE(rare, 0);
  EXPECT_LT(index.Idf(static_cast<uint32_t>(common)), index.Idf(static_cast<uint32_t>(rare)));
  EXPECT_GE(index.UnknownIdf(), index.Idf(static_cast<uint32_t>(rare)));
  EXPECT_EQ(index.Find("no such token here"), -1);
  // Every record's least weight counts an optional token at its unmatched share.
  for (uint32_t r = 0; r < index.record_count(); r += 97) {
    const NameRecord& rec = index.record(r);
    double total = 0;
    for (uint32_t t : rec.tokens) total += index.Idf(t);
    EXPECT_LE(index.weights(r).min_weight, total + 1e-9);
  }
}

TEST(KeyTable, FindsWhatWasBuilt) {
  std::mt19937_64 rng(3);
  std::vector<std::pair<uint64_t, uint32_t>> pairs;
  std::map<uint64_t, std::vector<uint32_t>> expected;
  for (int i = 0; i < 20000; ++i) {
    uint64_t key = rng() % 5000 * 0x9e3779b97f4a7c15ULL;
    uint32_t id = static_cast<uint32_t>(rng() % 100);
    pairs.push_back({key, id});
    expected[key].push_back(id);
  }
  KeyTable table;
  table.Build(pairs);
  for (auto& [key, ids] : expected) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    auto found = table.Find(key);
    EXPECT_EQ(std::vector<uint32_t>(found.begin(), found.end()), ids);
  }
  EXPECT_TRUE(table.Find(12345).empty());
  EXPECT_EQ(table.key_count(), expected.size());
  // Many keys at once, an absent one among them: each key's ids in turn.
  std::vector<uint64_t> keys = {expected.begin()->first, 12345, expected.rbegin()->first};
  std::vector<uint32_t> all, want = expected.begin()->second;
  want.insert(want.end(), expected.rbegin()->second.begin(), expected.rbegin()->second.end());
  table.FindAll(keys, all);
  EXPECT_EQ(all, want);
  // Every key and as many absent ones, in batches past FindAll's: the directory's filters turn
  // most absent keys away, and what passes them is still told apart by its key.
  std::vector<uint64_t> mixed;
  for (const auto& [key, ids] : expected) {
    mixed.push_back(key);
    mixed.push_back(key + 1);
  }
  all.clear();
  want.clear();
  for (const auto& [key, ids] : expected) want.insert(want.end(), ids.begin(), ids.end());
  table.FindAll(mixed, all);
  EXPECT_EQ(all, want);
  size_t absent_found = 0;
  for (uint64_t key : mixed) absent_found += !expected.count(key) && !table.Find(key).empty();
  EXPECT_EQ(absent_found, 0u);
  KeyTable empty;
  empty.Build({});
  EXPECT_TRUE(empty.Find(0).empty());
  all.clear();
  empty.FindAll(keys, all);
  EXPECT_TRUE(all.empty());
  EXPECT_EQ(empty.key_count(), 0u);
}

TEST(KeySet, HoldsWhatWasBuiltAndNothingElse) {
  std::mt19937_64 rng(5);
  std::vector<uint64_t> keys;
  std::set<uint64_t> expected;
  for (int i = 0; i < 20000; ++i) {
    uint64_t key = rng() % 40000;  // small keys: many share their top bits, and 0 is among them
    keys.push_back(key);
    expected.insert(key);
  }
  keys.push_back(0);
  expected.insert(0);
  KeySet set;
  set.Build(keys);
  for (uint64_t key = 0; key < 40000; ++key) EXPECT_EQ(set.Contains(key), expected.count(key) == 1) << key;
  EXPECT_FALSE(set.Contains(~uint64_t{0}));
  KeySet empty;
  EXPECT_FALSE(empty.Contains(0));
  EXPECT_FALSE(empty.Contains(7));
  empty.Build({});
  EXPECT_FALSE(empty.Contains(0));
  EXPECT_FALSE(empty.Contains(7));
}

TEST(VariantKeys, DeletionDepthFollowsTheEditRules) {
  // One deletion for words that can be one edit from another, two for words of nine letters.
  EXPECT_EQ(keys::SpellingDepth(3), 0);
  EXPECT_EQ(keys::SpellingDepth(4), 1);
  EXPECT_EQ(keys::SpellingDepth(8), 1);
  EXPECT_EQ(keys::SpellingDepth(9), 2);
  EXPECT_EQ(keys::SpellingDepth(12, 1), 1);
  EXPECT_EQ(keys::PhoneticDepth(4), 0);  // (1 - 1/4) x 0.97 is under the minimum similarity
  EXPECT_EQ(keys::PhoneticDepth(5), 1);
  size_t count = 0;
  keys::ForEachDeletion("abcd", 1, keys::Family::kSpelling, [&](uint64_t) { ++count; });
  EXPECT_EQ(count, 5u);
}

// The keys come from hash states, not strings: they must equal the hashes of the strings made by
// deleting letters, each string counted (repeats allowed, none missing or extra).
TEST(VariantKeys, DeletionKeysAreTheHashesOfTheDeletedStrings) {
  // The last is longer than the keys' buffer on the stack.
  for (std::string word : {"a", "ab", "aab", "abcd", "mississippi", "abdallah", "zzzz", "kholmogorova",
                           "pneumonoultramicroscopicsilicovolcanoconiosis-kholmogorova"}) {
    for (int depth = 0; depth <= 2; ++depth) {
      std::set<std::string> strings = {word};
      if (depth >= 1)
        for (size_t i = 0; i < word.size(); ++i) {
          std::string one = word.substr(0, i) + word.substr(i + 1);
          strings.insert(one);
          if (depth >= 2)
            for (size_t j = 0; j < one.size(); ++j) strings.insert(one.substr(0, j) + one.substr(j + 1));
        }
      std::set<uint64_t> expected, got;
      for (const auto& s : strings) expected.insert(keys::Hash(s, keys::Family::kPhonetic));
      keys::ForEachDeletion(word, depth, keys::Family::kPhonetic, [&](uint64_t h) {
        EXPECT_TRUE(expected.count(h)) << word << " depth " << depth;
        got.insert(h);
      });
      EXPECT_EQ(got, expected) << word << " depth " << depth;
    }
  }
}

}  // namespace
}  // namespace embargo
