// The name scorer on its own: token similarities, joined words, alignment, coverage and weights.
#include "match/scorer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "text/scoring_params.h"
#include "text/spelling_keys.h"

namespace embargo {
namespace {

// A name of the given tokens, each of weight `idf` (or as given), roles normal.
ScoredName Name(std::vector<std::string> tokens, std::vector<double> idf = {}, text::Script script = text::Script::kLatin) {
  ScoredName n;
  n.script = script;
  for (size_t i = 0; i < tokens.size(); ++i)
    n.AddOwnedToken(tokens[i], i < idf.size() ? idf[i] : 5.0, text::TokenRole::kNormal);
  return n;
}

// A list name written "LAST, First": the surname's role says so.
ScoredName SurnameFirst(const std::string& surname, const std::string& given) {
  ScoredName n;
  n.AddOwnedToken(surname, 5.0, text::TokenRole::kSurname);
  n.AddOwnedToken(given, 5.0, text::TokenRole::kNormal);
  return n;
}

ScoredToken Token(ScoredName& holder, std::string text, text::TokenRole role = text::TokenRole::kNormal) {
  holder.AddOwnedToken(std::move(text), 5.0, role);
  return holder.tokens.back();
}

TEST(Scorer, TokenSimilarityByKind) {
  ScoredName h;
  auto sim = [&](std::string a, std::string b, bool abjad = false) {
    return TokenSimilarity(Token(h, a), Token(h, b), abjad);
  };
  EXPECT_EQ(sim("putin", "putin").similarity, scoring::kExact);
  EXPECT_EQ(sim("shoigu", "shoygu").kind, MatchKind::kPhonetic);
  EXPECT_EQ(sim("shoigu", "shoygu").similarity, scoring::kPhonetic);
  TokenMeet edit = sim("lavrov", "labrov");
  EXPECT_EQ(edit.kind, MatchKind::kEditDistance);
  EXPECT_DOUBLE_EQ(edit.similarity, 1.0 - 1.0 / 6);
  EXPECT_EQ(edit.edits, 1);
  // Two edits only for words of nine letters or more; none for words under four.
  EXPECT_EQ(sim("viktorovich", "viktorovych").similarity > 0, true);
  EXPECT_EQ(sim("petrova", "petrovna").similarity > 0, true);
  EXPECT_EQ(sim("abramov", "abrahamov").similarity > 0, true);  // 2 inserts, longest 9
  EXPECT_EQ(sim("ivanov", "ivanova").similarity > 0, true);
  EXPECT_EQ(sim("ivanov", "petrov").similarity, 0.0);
  EXPECT_EQ(sim("bob", "bab").similarity, 0.0);
  // Skeletons count only where a side is written in an abjad script.
  EXPECT_EQ(sim("mhmd", "muhammad").similarity, 0.0);
  // In Latin, two spellings whose vowels alone differ (three consonants or more, vowels in the
  // same places) meet as skeletons too; not Peter and Petra, Moshe and Misha, Putin and Potanin.
  EXPECT_EQ(sim("mohammed", "muhammad").kind, MatchKind::kSkeleton);
  EXPECT_EQ(sim("hussein", "husayn").similarity, scoring::kLatinSkeleton);
  EXPECT_EQ(sim("peter", "petra").kind, MatchKind::kNone);
  EXPECT_EQ(sim("moshe", "misha").similarity, 0.0);
  EXPECT_EQ(sim("putin", "potanin").similarity, 0.0);
  EXPECT_EQ(sim("othman", "uthman").similarity > 0, true);
  EXPECT_EQ(sim("mhmd", "muhammad", true).kind, MatchKind::kSkeleton);
  // One consonant meets only short words: "ly" (علي without its ayn) is Ali, not Юлия ("yuliya").
  EXPECT_EQ(sim("ly", "ali", true).kind, MatchKind::kSkeleton);
  EXPECT_EQ(sim("yuliya", "ly", true).similarity, 0.0);
  EXPECT_EQ(sim("avdeeva", "dwa", true).similarity, 0.0);
}

// WithSkeleton gives what TokenSimilarity gives in an abjad script, from the plain similarity.
TEST(Scorer, WithSkeletonAgreesWithAbjadSimilarity) {
  ScoredName h;
  const char* words[] = {"mhmd", "muhammad", "mohammed", "hmd", "ahmad", "ahmed", "hamid", "i", "m", "mahmud",
                         "abdallah", "abdullah", "bd", "abd", "shoigu", "shoygu", "rsl", "rasul", "rasool", "x"};
  for (const char* a : words)
    for (const char* b : words)
      for (auto ra : {text::TokenRole::kNormal, text::TokenRole::kInitial})
        for (auto rb : {text::TokenRole::kNormal, text::TokenRole::kOptional, text::TokenRole::kInitial}) {
          ScoredToken q = Token(h, a, ra), c = Token(h, b, rb);
          TokenMeet want = TokenSimilarity(q, c, true);
          TokenMeet got = WithSkeleton(TokenSimilarity(q, c, false), q, c);
          EXPECT_EQ(got.similarity, want.similarity) << a << " " << b;
          EXPECT_EQ(got.kind, want.kind) << a << " " << b;
          EXPECT_EQ(got.edits, want.edits) << a << " " << b;
        }
}

TEST(Scorer, InitialsMeetTheirNames) {
  ScoredName h;
  ScoredToken i = Token(h, "i", text::TokenRole::kInitial);
  EXPECT_EQ(TokenSimilarity(i, Token(h, "igor"), false).similarity, scoring::kInitial);
  EXPECT_EQ(TokenSimilarity(Token(h, "igor"), i, false).similarity, scoring::kInitial);
  EXPECT_EQ(TokenSimilarity(i, Token(h, "arkady"), false).similarity, 0.0);
}

TEST(Scorer, AWordMetOnlyByAnInitialIsNoMatch) {
  // EL M, an alias: any name of one word in M would meet it through the initial alone.
  ScoredName el_m;
  el_m.AddOwnedToken("el", 1.0, text::TokenRole::kOptional);
  el_m.AddOwnedToken("m", 5.0, text::TokenRole::kInitial);
  EXPECT_EQ(ScoreName(Name({"mehmet"}), el_m, false).score, 0.0);
  // Beside a word met in full, an initial counts as before.
  ScoredName i_rotenberg;
  i_rotenberg.AddOwnedToken("i", 5.0, text::TokenRole::kInitial);
  i_rotenberg.AddOwnedToken("rotenberg", 5.0, text::TokenRole::kNormal);
  EXPECT_GT(ScoreName(Name({"igor", "rotenberg"}), i_rotenberg, false).score, 0.9);
}

TEST(Scorer, JoinedWordsMeetTheirParts) {
  ScoredName h;
  TokenMeet m = JoinedSimilarity(Token(h, "epcfk"), Token(h, "ep"), Token(h, "cfk"), false, kJoinedEdits);
  EXPECT_EQ(m.kind, MatchKind::kJoined);
  EXPECT_DOUBLE_EQ(m.similarity, scoring::kExact * scoring::kJoined);
  // An edit counts only where allowed (two query words against one list word).
  ScoredToken abdullah = Token(h, "abdullah"), abd = Token(h, "abd"), allah = Token(h, "allah");
  EXPECT_EQ(JoinedSimilarity(abdullah, abd, allah, false, kJoinedEdits).similarity, 0.0);
  EXPECT_GT(JoinedSimilarity(abdullah, abd, allah, false, kSplitEdits).similarity, 0.0);
}

// The search's cheap test of a word against two written together lets through every pair that
// JoinedSimilarity meets: random words of a few letters and sounds, so that many meet.
TEST(Scorer, EveryUneditedJoinedMeetPassesTheCheapTest) {
  const std::vector<std::string> parts = {"a", "e", "i", "u", "y", "h", "kh", "k", "q", "s", "sh", "z", "l", "ll", "m", "d", "t"};
  std::mt19937 random(20261205);
  auto word = [&] {
    std::string w;
    for (size_t k = 0, n = 1 + random() % 4; k < n; ++k) w += parts[random() % parts.size()];
    return w;
  };
  size_t met = 0;
  for (int n = 0; n < 200000; ++n) {
    ScoredName h;
    const std::string first = word(), second = word();
    std::string single = first + second;
    if (n % 2) single = word() + word();
    if (n % 3 == 0) single.erase(std::remove_if(single.begin(), single.end(), [](char c) { return std::strchr("aeiu", c); }),
                                 single.end());
    if (single.empty()) continue;
    const ScoredToken q = Token(h, single), a = Token(h, first), b = Token(h, second);
    const std::string joined = first + second;
    for (bool abjad : {false, true}) {
      if (JoinedSimilarity(q, a, b, abjad, kJoinedEdits).similarity <= 0) continue;
      ++met;
      ASSERT_TRUE(MayMeetJoinedUnedited(q, first, second, text::PhoneticKey(joined), text::Skeleton(joined), abjad))
          << single << " / " << first << " " << second << (abjad ? ", abjad" : "");
    }
  }
  EXPECT_GT(met, 5000u);
}

TEST(Scorer, AWordWrittenTogetherMeetsItsPairWhereTheNameRepeatsAWord) {
  // ABDEL SALAM ABDEL RAHMAN: "abdel" may take either ABDEL; only the second leaves ABDEL SALAM
  // for "abdelsalam", in whichever order the words come.
  for (const auto& query : {std::vector<std::string>{"alawi", "abdelsalam", "abdel", "rahman"},
                            std::vector<std::string>{"alawi", "abdel", "rahman", "abdelsalam"}}) {
    NameScore s = ScoreName(Name(query), Name({"alawi", "abdel", "salam", "abdel", "rahman"}), true);
    EXPECT_GT(s.score, 0.95) << query[1];
    EXPECT_TRUE(s.unmatched_query.empty() && s.unmatched_list.empty()) << query[1];
    EXPECT_TRUE(std::any_of(s.matches.begin(), s.matches.end(),
                            [](const TokenMatch& m) { return m.query == "abdelsalam" && m.list == "abdel salam"; }));
  }
  // The query repeating a word: the list's pair written together meets the query's pair.
  EXPECT_GT(ScoreName(Name({"abdul", "ghafar", "qurishi", "abdul", "ghani"}),
                      Name({"abdulghafar", "qurishi", "abdul", "ghani"}), false)
                .score,
            0.95);
}

TEST(Scorer, SameNamesInAnyOrderScoreOne) {
  EXPECT_DOUBLE_EQ(ScoreName(Name({"vladimir", "putin"}), Name({"putin", "vladimir"}), false).score, 1.0);
  EXPECT_EQ(ScoreName(Name({"vladimir", "putin"}), Name({"sergei", "lavrov"}), false).score, 0.0);
}

TEST(Scorer, CoverageWeighsRareWordsMore) {
  // Q^0.6 x L^0.4 with weights: the unmatched common word costs less than the unmatched rare one.
  NameScore common = ScoreName(Name({"putin", "trading"}, {9, 2}), Name({"putin"}, {9}), false);
  NameScore rare = ScoreName(Name({"putin", "zhirinovsky"}, {9, 9}), Name({"putin"}, {9}), false);
  EXPECT_NEAR(common.score, CoverageScore(9.0 / 11, 1.0), 1e-12);
  EXPECT_GT(common.score, rare.score);
  NameScore explained = ScoreName(Name({"putin", "trading"}, {9, 2}), Name({"putin"}, {9}), true);
  EXPECT_EQ(explained.unmatched_query, (std::vector<std::string>{"trading"}));
  ASSERT_EQ(explained.matches.size(), 1u);
  EXPECT_EQ(explained.matches[0].how, "exact");
}

TEST(Scorer, RepeatedWordsDoNotDiluteAName) {
  ScoredName putin = Name({"vladimir", "putin"}, {5, 9});
  double once = ScoreName(Name({"vladimir", "putin"}, {5, 9}), putin, false).score;
  EXPECT_DOUBLE_EQ(ScoreName(Name({"vladimir", "putin", "vladimir", "putin"}, {5, 9, 5, 9}), putin, false).score, once);
  // Filler repeated counts as the filler once.
  double filler = ScoreName(Name({"vladimir", "putin", "holdings"}, {5, 9, 2}), putin, false).score;
  EXPECT_DOUBLE_EQ(ScoreName(Name({"vladimir", "putin", "holdings", "holdings", "holdings"}, {5, 9, 2, 2, 2}), putin, false).score,
                   filler);
  // A repeat that meets a repeat of the list name still counts.
  ScoredName ali = Name({"ali", "hassan", "ali"}, {3, 4, 3});
  EXPECT_DOUBLE_EQ(ScoreName(Name({"ali", "hassan", "ali"}, {3, 4, 3}), ali, false).score, 1.0);
  EXPECT_LT(ScoreName(Name({"ali", "hassan"}, {3, 4}), ali, false).score, 1.0);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(Name({"ali", "hassan", "ali"}, {3, 4, 3})), 7.0);
}

TEST(Scorer, MissingMiddleNamesCostLittle) {
  ScoredName list = Name({"putin", "vladimir"}, {9, 5});
  list.AddOwnedToken("vladimirovich", 6, text::TokenRole::kOptional);
  double with_middle = ScoreName(Name({"vladimir", "putin"}, {5, 9}), list, false).score;
  double expected = CoverageScore(1.0, 14.0 / (14.0 + 6 * scoring::kOptionalUnmatched));
  EXPECT_NEAR(with_middle, expected, 1e-12);
}

// A patronymic costs as little when the query gives it and the list name does not ("Rotenberg
// Karina Yurevna", Karina ROTENBERG): the same score either way round.
TEST(Scorer, MissingMiddleNamesCostLittleOnTheQuerySideToo) {
  ScoredName short_name = Name({"putin", "vladimir"}, {9, 5});
  ScoredName full = Name({"putin", "vladimir"}, {9, 5});
  full.AddOwnedToken("vladimirovich", 6, text::TokenRole::kOptional);
  const double list_has_it = ScoreName(short_name, full, false).score;
  const double query_has_it = ScoreName(full, short_name, false).score;
  EXPECT_NEAR(query_has_it, CoverageScore(14.0 / (14.0 + 6 * scoring::kOptionalUnmatched), 1.0), 1e-12);
  EXPECT_GT(query_has_it, 0.9);
  EXPECT_GT(list_has_it, 0.9);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(full), 14.0 + 6 * scoring::kOptionalUnmatched);
  // A particle is no middle name: its name's other form has it joined to its word.
  ScoredName particle = Name({"putin", "vladimir"}, {9, 5});
  particle.AddOwnedToken("al", 6, text::TokenRole::kOptional);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(particle), 20.0);
  // Two patronymics that differ are no missing one: the query's counts in full.
  ScoredName other = Name({"putin", "vladimir"}, {9, 5});
  other.AddOwnedToken("nikolaevich", 6, text::TokenRole::kOptional);
  EXPECT_NEAR(ScoreName(full, other, false).score,
              CoverageScore(14.0 / 20.0, 14.0 / (14.0 + 6 * scoring::kOptionalUnmatched)), 1e-12);
}

// A place after a firm's own words costs what a middle name does, unless the list name names
// another place (Al-Qaida in Iraq is not AL-QAIDA IN YEMEN).
TEST(Scorer, APlaceLeftOverCostsLittleUnlessTheListNameGivesAnother) {
  ScoredName query = Name({"sberbank"}, {9});
  query.AddOwnedToken("moscow", 6, text::TokenRole::kPlace);
  EXPECT_NEAR(ScoreName(query, Name({"sberbank"}, {9}), false).score,
              CoverageScore(9.0 / (9.0 + 6 * scoring::kOptionalUnmatched), 1.0), 1e-12);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(query), 9.0 + 6 * scoring::kOptionalUnmatched);
  ScoredName other_place = Name({"sberbank", "minsk"}, {9, 6});
  EXPECT_NEAR(ScoreName(query, other_place, false).score, CoverageScore(9.0 / 15.0, 9.0 / 15.0), 1e-12);
  // The same word in a role of its own (a person's name, a firm's first word) counts in full.
  EXPECT_NEAR(ScoreName(Name({"sberbank", "moscow"}, {9, 6}), Name({"sberbank"}, {9}), false).score,
              CoverageScore(9.0 / 15.0, 1.0), 1e-12);
}

// A place just before a part of the firm (Sberbank Moscow Branch) says where that part is: with the
// part's noun it costs what one noun of kind does. After a joining word (Sberbank of Russia
// Subsidiary) it is the name's own place.
TEST(Scorer, APlaceOfAPartCostsNothingLeftOver) {
  ScoredName query = Name({"sberbank"}, {9});
  query.AddOwnedToken("moscow", 6, text::TokenRole::kPlace);
  query.AddOwnedToken("branch", 3, text::TokenRole::kKind);
  const double kind = 3 * scoring::kOptionalUnmatched;
  EXPECT_NEAR(ScoreName(query, Name({"sberbank"}, {9}), false).score, CoverageScore(9.0 / (9.0 + kind), 1.0), 1e-12);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(query), 9.0 + kind);
  // Another place in the list name: the query's counts in full.
  EXPECT_NEAR(ScoreName(query, Name({"sberbank", "minsk"}, {9, 6}), false).score,
              CoverageScore(9.0 / (15.0 + kind), 9.0 / 15.0), 1e-12);
  ScoredName of_russia = Name({"sberbank", "of"}, {9, 1});
  of_russia.AddOwnedToken("russia", 6, text::TokenRole::kPlace);
  of_russia.AddOwnedToken("subsidiary", 3, text::TokenRole::kKind);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(of_russia), 10.0 + (6 + 3) * scoring::kOptionalUnmatched);
  // A place before a word that names no part (Moscow Trading) costs what a place does.
  ScoredName trading = Name({"sberbank"}, {9});
  trading.AddOwnedToken("moscow", 6, text::TokenRole::kPlace);
  trading.AddOwnedToken("trading", 3, text::TokenRole::kKind);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(trading), 9.0 + (6 + 3) * scoring::kOptionalUnmatched);
}

// A part named in several nouns after its place (Sberbank Moscow Representative Office, Branch
// Office) is one part, of the kind its last noun says: left over, the nouns before it cost nothing.
TEST(Scorer, APartNamedInSeveralNounsCostsWhatItsLastDoes) {
  ScoredName query = Name({"sberbank"}, {9});
  query.AddOwnedToken("moscow", 6, text::TokenRole::kPlace);
  query.AddOwnedToken("representative", 5, text::TokenRole::kKind);
  query.AddOwnedToken("office", 3, text::TokenRole::kKind);
  const double kind = 3 * scoring::kOptionalUnmatched;
  EXPECT_NEAR(ScoreName(query, Name({"sberbank"}, {9}), false).score, CoverageScore(9.0 / (9.0 + kind), 1.0), 1e-12);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(query), 9.0 + kind);
  // A run of three is one part too.
  ScoredName three = Name({"sberbank"}, {9});
  three.AddOwnedToken("moscow", 6, text::TokenRole::kPlace);
  for (const char* noun : {"representative", "branch", "office"}) three.AddOwnedToken(noun, 3, text::TokenRole::kKind);
  EXPECT_NEAR(ScoreName(three, Name({"sberbank"}, {9}), false).score, CoverageScore(9.0 / (9.0 + kind), 1.0), 1e-12);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(three), 9.0 + kind);
  // The run's last noun met, the ones before it left over cost nothing either.
  ScoredName office = Name({"sberbank", "office"}, {9, 3});
  office.tokens[1].role = text::TokenRole::kKind;
  EXPECT_NEAR(ScoreName(query, office, false).score, 1.0, 1e-12);
  // After a joining word the place is the name's own (Sberbank of Russia Representative Office),
  // and costs what a place does; the run after it still names one part, as it does with no place.
  ScoredName of_russia = Name({"sberbank", "of"}, {9, 1});
  of_russia.AddOwnedToken("russia", 6, text::TokenRole::kPlace);
  of_russia.AddOwnedToken("representative", 5, text::TokenRole::kKind);
  of_russia.AddOwnedToken("office", 3, text::TokenRole::kKind);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(of_russia), 10.0 + (6 + 3) * scoring::kOptionalUnmatched);
  ScoredName no_place = Name({"sberbank"}, {9});
  no_place.AddOwnedToken("representative", 5, text::TokenRole::kKind);
  no_place.AddOwnedToken("office", 3, text::TokenRole::kKind);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(no_place), 9.0 + kind);
  EXPECT_NEAR(ScoreName(no_place, Name({"sberbank"}, {9}), false).score, CoverageScore(9.0 / (9.0 + kind), 1.0), 1e-12);
  // Not after a joining word: Bank of Branch Office names no part.
  ScoredName after_of = Name({"bank", "of"}, {9, 1});
  after_of.AddOwnedToken("branch", 5, text::TokenRole::kKind);
  after_of.AddOwnedToken("office", 3, text::TokenRole::kKind);
  EXPECT_DOUBLE_EQ(LeastQueryWeight(after_of), 10.0 + (5 + 3) * scoring::kOptionalUnmatched);
}

TEST(Scorer, AMiddleNameMetWhereTheFirstGivenNameIsNotCountsHalf) {
  ScoredName list = SurnameFirst("ryan", "damion");  // RYAN, Damion Patrick
  list.AddOwnedToken("patrick", 5, text::TokenRole::kOptional);
  double by_middle = ScoreName(Name({"patrick", "ryan"}), list, false).score;
  EXPECT_NEAR(by_middle, CoverageScore(1.0, (5 + 5 * scoring::kMiddleNameForGiven) / 15.0), 1e-12);
  EXPECT_LT(by_middle, 0.8);
  // The explanation says so beside the middle name, and only there.
  NameScore explained = ScoreName(Name({"patrick", "ryan"}), list, true);
  ASSERT_EQ(explained.matches.size(), 2u);
  for (const TokenMatch& m : explained.matches)
    EXPECT_EQ(m.note.empty(), m.list != "patrick") << m.list;
  // The first given name met, the middle name counts whole.
  EXPECT_NEAR(ScoreName(Name({"damion", "patrick", "ryan"}), list, false).score, 1.0, 1e-12);
  for (const TokenMatch& m : ScoreName(Name({"damion", "patrick", "ryan"}), list, true).matches)
    EXPECT_TRUE(m.note.empty()) << m.list;
  // A particle of the surname, optional in the form with particles apart, is no middle name.
  ScoredName al_zawahiri;  // AL ZAWAHIRI, Ayman
  al_zawahiri.AddOwnedToken("al", 5, text::TokenRole::kOptional);
  al_zawahiri.AddOwnedToken("zawahiri", 5, text::TokenRole::kSurname);
  al_zawahiri.AddOwnedToken("ayman", 5, text::TokenRole::kNormal);
  EXPECT_NEAR(ScoreName(Name({"al", "zawahiri"}), al_zawahiri, false).score, CoverageScore(1.0, 10.0 / 15.0), 1e-12);
  // A list name that does not say which word is its surname has no first given name to miss.
  ScoredName unordered = Name({"damion", "ryan"});
  unordered.AddOwnedToken("patrick", 5, text::TokenRole::kOptional);
  EXPECT_NEAR(ScoreName(Name({"patrick", "ryan"}), unordered, false).score, CoverageScore(1.0, 10.0 / 15.0), 1e-12);
}

TEST(Scorer, HalfOfAKoreanGivenNameCountsHalf) {
  ScoredName list = SurnameFirst("kim", "yong");  // KIM, Yong Chol
  list.tokens[1].role = text::TokenRole::kGivenPart;
  list.AddOwnedToken("chol", 5, text::TokenRole::kGivenPart);
  NameScore half = ScoreName(Name({"yong", "kim"}), list, true);
  EXPECT_NEAR(half.score, CoverageScore(1.0, (5 + 5 * scoring::kGivenPartAlone) / 15.0), 1e-12);
  EXPECT_LT(half.score, 0.8);
  bool noted = false;
  for (const TokenMatch& m : half.matches) noted |= m.list == "yong" && !m.note.empty();
  EXPECT_TRUE(noted);
  // Both syllables met, or written together, the given name counts whole.
  EXPECT_NEAR(ScoreName(Name({"yong", "chol", "kim"}), list, false).score, 1.0, 1e-12);
  EXPECT_GT(ScoreName(Name({"yongchol", "kim"}), list, false).score, 0.95);
  // The same words as a given name and a middle name: the middle name's absence costs little.
  ScoredName middle = SurnameFirst("kim", "yong");
  middle.AddOwnedToken("chol", 5, text::TokenRole::kOptional);
  EXPECT_GT(ScoreName(Name({"yong", "kim"}), middle, false).score, 0.85);
}

// A person's name written given names first ends with the surname, which no initial stands for.
ScoredName Person(std::vector<std::string> tokens) {
  ScoredName n;
  n.family = SchemaFamily::kPerson;
  for (const std::string& t : tokens)
    n.AddOwnedToken(t, 5.0, t.size() == 1 ? text::TokenRole::kInitial : text::TokenRole::kNormal);
  return n;
}

TEST(Scorer, AnInitialDoesNotStandForTheSurnameAtTheEnd) {
  const ScoredName list = Person({"john", "l", "broussard"});
  NameScore crossed = ScoreName(Person({"john", "b", "larson"}), list, true);
  EXPECT_LT(crossed.score, 0.6);
  for (const TokenMatch& m : crossed.matches) EXPECT_NE(m.query, "larson");
  // The initial in its own place still meets its word.
  EXPECT_GT(ScoreName(Person({"john", "l", "broussard"}), Person({"john", "lee", "broussard"}), false).score, 0.9);
  // A list name that states its surname is read by the surname it states.
  ScoredName stated = SurnameFirst("larson", "john");
  EXPECT_GT(ScoreName(Person({"l", "john"}), stated, false).score, 0.9);
}

TEST(Scorer, AMiddleInitialMetWhereTheFirstGivenNameIsNotCountsHalf) {
  const ScoredName list = Person({"george", "r", "mitchell"});
  NameScore s = ScoreName(Person({"rosario", "mitchell"}), list, true);
  EXPECT_LT(s.score, 0.8);
  bool noted = false;
  for (const TokenMatch& m : s.matches) noted |= m.list == "r" && !m.note.empty();
  EXPECT_TRUE(noted);
  EXPECT_GT(ScoreName(Person({"george", "mitchell"}), list, false).score, 0.8);
}

TEST(Scorer, DifferentLegalFormsAreAWeakSignal) {
  ScoredName a = Name({"rassvet"}), b = Name({"rassvet"});
  a.AddOwnedLegalForm("LLC");
  b.AddOwnedLegalForm("JSC");
  NameScore s = ScoreName(a, b, true);
  EXPECT_DOUBLE_EQ(s.score, scoring::kLegalFormMismatch);
  EXPECT_EQ(s.legal_form.kind, "legal_form");
}

TEST(Scorer, APersonNamedByOneCommonWordIsNotIdentified) {
  ScoredName list = Name({"hassan"}, {5.0});
  list.family = SchemaFamily::kPerson;
  EXPECT_NEAR(ScoreName(Name({"hassan"}, {5.0}), list, false).score, 5.0 / scoring::kDistinctiveWeight, 1e-12);
  ScoredName org = Name({"hassan"}, {5.0});
  org.family = SchemaFamily::kOrganization;
  EXPECT_DOUBLE_EQ(ScoreName(Name({"hassan"}, {5.0}), org, false).score, 1.0);
}

TEST(Scorer, AShortOneWordAliasIsMetOnlyAsWritten) {
  // MEC (an acronym) and "metz" share a sound, JAA and "iya" too: not enough for so few letters.
  EXPECT_EQ(ScoreName(Name({"metz"}), Name({"mec"}), false).score, 0.0);
  EXPECT_EQ(ScoreName(Name({"iya"}), Name({"jaa"}), false).score, 0.0);
  EXPECT_DOUBLE_EQ(ScoreName(Name({"mec"}), Name({"mec"}), false).score, 1.0);
  // Written apart, it still meets itself; inside a longer name, sounds count as ever.
  EXPECT_GT(ScoreName(Name({"me", "c"}), Name({"mec"}), false).score, 0.9);
  EXPECT_GT(ScoreName(Name({"metz", "bank"}), Name({"mec", "bank"}), false).score, 0.0);
  // Four letters are as few: TABA (an acronym) is not "tamba" one letter short.
  EXPECT_EQ(ScoreName(Name({"tamba"}), Name({"taba"}), false).score, 0.0);
  EXPECT_DOUBLE_EQ(ScoreName(Name({"taba"}), Name({"taba"}), false).score, 1.0);
  // Five letters and more: sounds and edits count (edits of short words less, below).
  EXPECT_GT(ScoreName(Name({"shoygu"}), Name({"shoigu"}), false).score, 0.9);
  EXPECT_GT(ScoreName(Name({"tamba"}), Name({"tambo"}), false).score, 0.7);
}

// A weak alias (a nickname, a common name) is met only as the whole name screened, word for
// word: one held inside a longer name, or spelt otherwise, is another name.
TEST(Scorer, AWeakAliasIsMetOnlyAsTheWholeNameAsWritten) {
  auto weak = [](std::vector<std::string> tokens) {
    ScoredName n = Name(std::move(tokens));
    n.weak_alias = true;
    return n;
  };
  EXPECT_DOUBLE_EQ(ScoreName(Name({"green"}), weak({"green"}), false).score, 1.0);
  EXPECT_EQ(ScoreName(Name({"al", "green"}), weak({"green"}), false).score, 0.0);
  EXPECT_EQ(ScoreName(Name({"grein"}), weak({"green"}), false).score, 0.0);
  EXPECT_EQ(ScoreName(Name({"abu", "ahmed"}), weak({"abu", "ahmad"}), false).score, 0.0);
  EXPECT_EQ(ScoreName(Name({"ahmad"}), weak({"abu", "ahmad"}), false).score, 0.0);
  // A word written twice is not the alias once (Santos-Santos, SANTOS); a strong alias meets it.
  EXPECT_EQ(ScoreName(Name({"santos", "santos"}), weak({"santos"}), false).score, 0.0);
  EXPECT_GT(ScoreName(Name({"santos", "santos"}), Name({"santos"}), false).score, 0.8);
  // The same names as strong aliases meet as ever.
  EXPECT_GT(ScoreName(Name({"al", "green"}), Name({"green"}), false).score, 0.5);
  EXPECT_GT(ScoreName(Name({"abu", "ahmed"}), Name({"abu", "ahmad"}), false).score, 0.8);
  // A middle name or particle of the alias may be left out; written together, it still meets.
  ScoredName bija = weak({});
  bija.AddOwnedToken("al", 1.0, text::TokenRole::kOptional);
  bija.AddOwnedToken("bija", 5.0, text::TokenRole::kNormal);
  EXPECT_GT(ScoreName(Name({"bija"}), bija, false).score, 0.9);
  EXPECT_GT(ScoreName(Name({"albija"}), bija, false).score, 0.9);
}

TEST(Scorer, AOneWordNameMetByAnEditOfAShortWordCannotAlertAlone) {
  // One letter off in five (Stark, STORK) joins too many words; in six or more it still counts.
  const double five = ScoreName(Name({"stark"}), Name({"stork"}), false).score;
  EXPECT_DOUBLE_EQ(five, (1.0 - 1.0 / 5) * scoring::kShortOneWordEdit);
  EXPECT_LT(five, 0.8);
  EXPECT_DOUBLE_EQ(ScoreName(Name({"starky"}), Name({"storky"}), false).score, 1.0 - 1.0 / 6);
  // The explanation says why the meet counts less.
  EXPECT_FALSE(ScoreName(Name({"stark"}), Name({"stork"}), true).matches.at(0).note.empty());
  EXPECT_TRUE(ScoreName(Name({"starky"}), Name({"storky"}), true).matches.at(0).note.empty());
  // Spelt alike, or inside a longer name, as ever.
  EXPECT_DOUBLE_EQ(ScoreName(Name({"stork"}), Name({"stork"}), false).score, 1.0);
  const double two_words = ScoreName(Name({"stark", "arrow"}), Name({"stork", "arrow"}), false).score;
  EXPECT_NEAR(two_words, (0.8 + 1.0) / 2, 1e-9);  // the edit unscaled
  // A firm's noun of kind tells no firm apart: "Stark Trading" is a name of one word.
  // The noun is common, so it weighs little.
  ScoredName query = Name({"stark", "trading"}, {8, 2}), list = Name({"stork", "trading"}, {8, 2});
  query.tokens[1].role = list.tokens[1].role = text::TokenRole::kKind;
  EXPECT_NEAR(ScoreName(query, list, false).score, (8 * 0.8 * scoring::kShortOneWordEdit + 2 * 1.0) / 10, 1e-9);
  EXPECT_LT(ScoreName(query, list, false).score, 0.8);
}

TEST(Scorer, SoundAloneSaysLittleForShortWordsSpeltFarApart) {
  ScoredName h;
  auto sim = [&](std::string a, std::string b) { return TokenSimilarity(Token(h, a), Token(h, b), false); };
  // Khan and HAYAN share a phonetic key but are two edits apart: under the threshold alone.
  EXPECT_EQ(sim("khan", "hayan").kind, MatchKind::kPhonetic);
  EXPECT_DOUBLE_EQ(sim("khan", "hayan").similarity, scoring::kPhoneticFar);
  EXPECT_LT(ScoreName(Name({"khan"}), Name({"hayan"}), false).score, kDefaultThreshold);
  // One edit apart, or longer words, keep the full phonetic similarity.
  EXPECT_DOUBLE_EQ(sim("khan", "han").similarity, scoring::kPhonetic);
  EXPECT_DOUBLE_EQ(sim("shoigu", "shoygu").similarity, scoring::kPhonetic);
  // An edit on the phonetic key reaches short words only when spelt at most one edit apart.
  EXPECT_EQ(sim("yasmin", "ameen").similarity, 0.0);
  EXPECT_EQ(sim("miller", "miles").similarity, 0.0);
  EXPECT_GT(sim("tkachyov", "tkachov").similarity, 0.0);
}

TEST(Scorer, AnInitialThatDisagreesWithTheListNameCounts) {
  auto name = [](std::vector<std::string> tokens, int initial) {
    ScoredName n;
    for (size_t i = 0; i < tokens.size(); ++i)
      n.AddOwnedToken(tokens[i], 5.0, static_cast<int>(i) == initial ? text::TokenRole::kInitial : text::TokenRole::kNormal);
    return n;
  };
  ScoredName list = Name({"john", "james", "peterson"});
  double agrees = ScoreName(name({"john", "j", "peterson"}, 1), list, false).score;
  NameScore disagrees = ScoreName(name({"john", "e", "peterson"}, 1), list, true);
  double plain = ScoreName(Name({"john", "peterson"}), list, false).score;
  EXPECT_GT(agrees, plain);
  EXPECT_EQ(disagrees.initials.kind, "initial");
  EXPECT_LT(disagrees.score, plain * scoring::kInitialConflict + 1e-12);
  // Nothing left over on the list side: no disagreement.
  EXPECT_TRUE(ScoreName(name({"john", "e", "peterson"}, 1), Name({"john", "peterson"}), true).initials.kind.empty());
}

TEST(Scorer, AShortFormReadAsItsFullNameIsAWeakerReading) {
  ScoredName query = Name({"nicholas", "maduro"});
  query.SetShortForm(0, "nick");
  NameScore s = ScoreName(query, Name({"nicholas", "maduro"}), true);
  EXPECT_LT(s.score, 1.0);
  EXPECT_GT(s.score, 0.95);
  ASSERT_EQ(s.matches.size(), 2u);
  bool explained = false;
  for (const auto& m : s.matches)
    if (m.how == "short_form") {
      explained = true;
      EXPECT_EQ(m.query, "nick");
      EXPECT_EQ(m.list, "nicholas");
      EXPECT_DOUBLE_EQ(m.similarity, scoring::kShortFormReading);
    }
  EXPECT_TRUE(explained);
}

TEST(Scorer, AShortFormIsReadOnlyWhereTheRestOfTheNameIsWhole) {
  ScoredName bill_johnson = Name({"william", "johnson"});
  bill_johnson.SetShortForm(0, "bill");
  // A guessed given name and a missing word together say too little.
  EXPECT_EQ(ScoreName(bill_johnson, Name({"william", "michael", "johnson"}), false).score, 0.0);
  EXPECT_EQ(ScoreName(bill_johnson, Name({"william", "ali"}), false).score, 0.0);
  EXPECT_GT(ScoreName(bill_johnson, Name({"johnson", "william"}), false).score, 0.95);
  // A middle name left out is no missing word: Vova Putin is PUTIN, Vladimir Vladimirovich.
  ScoredName vova_putin = Name({"vladimir", "putin"});
  vova_putin.SetShortForm(0, "vova");
  ScoredName putin = Name({"putin", "vladimir"});
  putin.AddOwnedToken("vladimirovich", 5.0, text::TokenRole::kOptional);
  EXPECT_GT(ScoreName(vova_putin, putin, false).score, 0.9);
  // Read as written, the same words keep what they meet.
  EXPECT_GT(ScoreName(Name({"william", "johnson"}), Name({"william", "michael", "johnson"}), false).score, 0.8);
}

TEST(Scorer, AShortFormMeetsAGivenNameNeverASurname) {
  ScoredName joe_wilson = Name({"joseph", "wilson"});
  joe_wilson.SetShortForm(0, "joe");
  ScoredName surname_first = SurnameFirst("joseph", "wilson");  // JOSEPH, Wilson
  EXPECT_LT(ScoreName(joe_wilson, surname_first, false).score, 0.6);
  EXPECT_GT(ScoreName(joe_wilson, Name({"joseph", "wilson"}), false).score, 0.95);
  // Written out, the same words meet the surname.
  EXPECT_EQ(ScoreName(Name({"joseph", "wilson"}), surname_first, false).score, 1.0);
  // Nor does it meet a weak alias, which is met only as written (OFAC's a.k.a. 'WILSON, Joseph').
  ScoredName swapped = SurnameFirst("wilson", "joseph");
  EXPECT_GT(ScoreName(joe_wilson, swapped, false).score, 0.95);
  swapped.weak_alias = true;
  EXPECT_EQ(ScoreName(joe_wilson, swapped, false).score, 0.0);
  EXPECT_EQ(ScoreName(Name({"joseph", "wilson"}), swapped, false).score, 1.0);
}

TEST(Scorer, ASurnameWrittenFirstInChineseCharactersMeetsOnlyAListedSurname) {
  ScoredName dong_chen = Name({"dong", "chen"}, {}, text::Script::kHan);  // 董晨: surname Dong
  dong_chen.family = SchemaFamily::kPerson;
  EXPECT_EQ(ScoreName(dong_chen, SurnameFirst("dong", "chen"), false).score, 1.0);
  EXPECT_EQ(ScoreName(dong_chen, SurnameFirst("chen", "dong"), false).score, 0.0);  // CHEN, Dong
  // A list name that does not say which word is its surname is met in either order.
  EXPECT_EQ(ScoreName(dong_chen, Name({"chen", "dong"}), false).score, 1.0);
  // Nor is the order known of a name in Latin letters.
  EXPECT_EQ(ScoreName(Name({"dong", "chen"}), SurnameFirst("chen", "dong"), false).score, 1.0);
}

TEST(Scorer, AWordOfThreeLettersMeetsAnotherOnlyAsSpeltOrBySound) {
  ScoredName h;
  // A letter added to a short word makes another word.
  EXPECT_EQ(TokenSimilarity(Token(h, "sali"), Token(h, "ali"), false).similarity, 0.0);
  EXPECT_EQ(TokenSimilarity(Token(h, "ali"), Token(h, "alim"), false).similarity, 0.0);
  EXPECT_GT(TokenSimilarity(Token(h, "alli"), Token(h, "ally"), false).similarity, scoring::kMinTokenSimilarity);
  // A digit added makes no other word.
  EXPECT_DOUBLE_EQ(TokenSimilarity(Token(h, "doe2"), Token(h, "doe"), false).similarity, 0.75);
  EXPECT_EQ(ScoreName(Name({"bill", "sali"}), Name({"william", "ali"}), false).score, 0.0);
}

TEST(Scorer, SyllablesReadFromChineseCharactersMeetOnlyAsWritten) {
  using text::Script;
  // 韦芳 (Wei Fang) is not Wang Wei, 朱成 (Zhu Cheng) not Zhou Chong: one letter is another name.
  EXPECT_NEAR(ScoreName(Name({"wei", "fang"}, {}, Script::kHan), Name({"wang", "wei"}), false).score, 0.5, 1e-9);  // wei alone
  EXPECT_LT(ScoreName(Name({"zhu", "cheng"}, {}, Script::kHan), Name({"zhou", "chong"}), false).score, 0.5);
  EXPECT_DOUBLE_EQ(ScoreName(Name({"tan", "wei"}, {}, Script::kHan), Name({"wei", "tan"}), false).score, 1.0);
  // A given name written as one word or two meets itself.
  EXPECT_GT(ScoreName(Name({"huang", "yuhan"}, {}, Script::kHan), Name({"huang", "yu", "han"}), false).score, 0.9);
  // The same pairs in Latin letters on both sides keep their edit-distance meets.
  EXPECT_GT(ScoreName(Name({"wei", "fang"}), Name({"wang", "wei"}), false).score, 0.8);
}

TEST(Scorer, AOneWordNameMetOnlyByItsConsonantsCannotAlertAlone) {
  using text::Script;
  // ادريس (adrys) and DORIS share the consonants d-r-s, and nothing else; محمود and MAHMOUD
  // share four. Alone, a name of one word met by its skeleton stays under the threshold.
  EXPECT_DOUBLE_EQ(ScoreName(Name({"adrys"}, {}, Script::kArabic), Name({"doris"}), false).score, scoring::kOneWordSkeleton);
  EXPECT_DOUBLE_EQ(ScoreName(Name({"mhmwd"}, {}, Script::kArabic), Name({"mahmoud"}), false).score, scoring::kOneWordSkeleton);
  EXPECT_LT(scoring::kOneWordSkeleton, 0.8);
  EXPECT_FALSE(ScoreName(Name({"adrys"}, {}, Script::kArabic), Name({"doris"}), true).matches.at(0).note.empty());
  // Written as one word against a list name of two (الصفار, "alsfar", ~ AL-SAFIR): the same.
  EXPECT_LT(ScoreName(Name({"alsfar"}, {}, Script::kArabic), Name({"al", "safir"}), false).score, 0.8);
  // Inside a longer name the skeleton counts in full.
  ScoredName two = Name({"adrys", "hsn"}, {}, Script::kArabic);
  EXPECT_GT(ScoreName(two, Name({"doris", "hasan"}), false).score, scoring::kSkeletonShort);
  EXPECT_GT(ScoreName(Name({"mhmwd", "hsn"}, {}, Script::kArabic), Name({"mahmoud", "hasan"}), false).score, 0.85);
  // Two words written together against one list word of three consonants.
  EXPECT_LT(ScoreName(Name({"swpyh", "hy"}, {}, Script::kHebrew), Name({"sepah"}), false).score, 0.8);
}

// Any source of similarities that agrees with DirectSimilarity gives the same score.
TEST(Scorer, ScoreDependsOnlyOnTheSimilarities) {
  class Recording final : public TokenSimilarities {
   public:
    explicit Recording(const DirectSimilarity& d) : d_(d) {}
    TokenMeet Single(size_t i, size_t j) const override { ++calls; return d_.Single(i, j); }
    TokenMeet Joined(size_t i, size_t j) const override { ++calls; return d_.Joined(i, j); }
    TokenMeet Split(size_t i, size_t j) const override { ++calls; return d_.Split(i, j); }
    mutable int calls = 0;
   private:
    const DirectSimilarity& d_;
  };
  ScoredName q = Name({"abd", "allah", "azzam"}, {4, 3, 8}), l = Name({"azzam", "abdullah"}, {8, 5});
  DirectSimilarity direct(q, l);
  Recording rec(direct);
  EXPECT_DOUBLE_EQ(ScoreName(q, l, false, rec).score, ScoreName(q, l, false).score);
  EXPECT_GT(rec.calls, 0);
  EXPECT_GT(ScoreName(q, l, false).score, 0.9);
}

// An explanation as text: every token met and how, the tokens left over, and the evidence.
std::string Explained(const NameScore& s) {
  std::string out;
  for (const TokenMatch& m : s.matches)
    out += m.query + "~" + m.list + ":" + m.how + ":" + std::to_string(m.edits) + ":" + std::to_string(m.similarity) + ":" +
           std::string(m.note) + "; ";
  for (const auto& t : s.unmatched_query) out += "q-" + t + " ";
  for (const auto& t : s.unmatched_list) out += "l-" + t + " ";
  for (const Evidence* e : {&s.legal_form, &s.initials}) out += e->kind + ":" + e->detail + ":" + std::to_string(e->effect) + " ";
  return out;
}

// The search keeps how it aligned a subject's best name and explains it from that: the same
// explanation as scoring the names again.
TEST(Scorer, AKeptAlignmentExplainsAsScoringAgainWould) {
  auto with_initial = [](std::vector<std::string> tokens, size_t initial) {
    ScoredName n;
    for (size_t i = 0; i < tokens.size(); ++i)
      n.AddOwnedToken(tokens[i], 5.0, i == initial ? text::TokenRole::kInitial : text::TokenRole::kNormal);
    return n;
  };
  std::vector<std::pair<ScoredName, ScoredName>> cases;
  cases.emplace_back(Name({"abd", "allah", "azzam"}, {4, 3, 8}), Name({"azzam", "abdullah", "yusuf"}, {8, 5, 6}));
  cases.emplace_back(with_initial({"john", "e", "peterson"}, 1), Name({"john", "james", "peterson"}));
  cases.emplace_back(Name({"rassvet", "trading"}), Name({"rassvet"}));
  cases.back().first.AddOwnedLegalForm("LLC");
  cases.back().second.AddOwnedLegalForm("JSC");
  cases.emplace_back(Name({"shoigu", "sergei", "kuzhugetovich"}), Name({"shoygu", "sergey"}));
  for (const auto& [q, l] : cases) {
    NameAlignment alignment;
    NameScore scored = ScoreName(q, l, false, DirectSimilarity(q, l), &alignment);
    ASSERT_GT(scored.score, 0);
    NameScore kept;
    ExplainAlignment(q, l, alignment, kept);
    NameScore again = ScoreName(q, l, true);
    EXPECT_EQ(Explained(kept), Explained(again));
    EXPECT_FALSE(kept.matches.empty());
  }
  // The cases explain what they should: a word left over on each side, a disagreeing initial, a
  // different legal form.
  NameScore s;
  NameAlignment alignment;
  ScoreName(cases[0].first, cases[0].second, false, DirectSimilarity(cases[0].first, cases[0].second), &alignment);
  ExplainAlignment(cases[0].first, cases[0].second, alignment, s);
  EXPECT_EQ(s.unmatched_list, std::vector<std::string>{"yusuf"});
  ScoreName(cases[1].first, cases[1].second, false, DirectSimilarity(cases[1].first, cases[1].second), &alignment);
  s = {};
  ExplainAlignment(cases[1].first, cases[1].second, alignment, s);
  EXPECT_EQ(s.initials.kind, "initial");
  ScoreName(cases[2].first, cases[2].second, false, DirectSimilarity(cases[2].first, cases[2].second), &alignment);
  s = {};
  ExplainAlignment(cases[2].first, cases[2].second, alignment, s);
  EXPECT_EQ(s.legal_form.kind, "legal_form");
  EXPECT_EQ(s.unmatched_query, std::vector<std::string>{"trading"});
}

}  // namespace
}  // namespace embargo
