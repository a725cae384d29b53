// Name scoring: align the tokens of two names regardless of order and weigh them by rarity.
//
// The reference for what a good score is: docs/SCORING.md; its parameters: match/scoring_params.h.
// Both sides are normalised names; the query side is what the caller typed, the list side is a
// list name or alias.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/screener.h"
#include "text/normalize.h"
#include "text/scoring_params.h"

namespace embargo {

inline constexpr uint32_t kNoDictToken = UINT32_MAX;
inline constexpr uint64_t kVowelGapsUnknown = UINT64_MAX;

// Views into strings owned elsewhere: the index's dictionary for list names, the ScoredName's
// own storage for query names. Hot loops then copy no strings.
struct ScoredToken {
  std::string_view text;
  std::string_view phonetic;
  std::string_view skeleton;
  double idf = 1;
  text::TokenRole role = text::TokenRole::kNormal;
  uint64_t text_letters = 0;      // text::LetterMask(text), for the cheap edit bound
  uint64_t phonetic_letters = 0;  // text::LetterMask(phonetic)
  uint32_t dict = kNoDictToken;   // the dictionary id of `text`, when it has one
  // A final t is a letter said (Hebrew ת, Keshet), not the silent ة that text::Skeleton drops.
  bool final_t_said = false;
  // An Arabic word's final ي after a consonant is a vowel said (Tikriti, Ali), which
  // text::Skeleton leaves out like any vowel.
  bool final_vowel_said = false;
  // An Arabic word: the long vowels it writes between consonants are said (text::VowelGapsAgree).
  bool vowels_written = false;
  // text::WrittenVowelGaps of text when vowels_written, else its SpeltVowelGaps; kVowelGapsUnknown
  // until asked.
  uint64_t vowel_gaps = kVowelGapsUnknown;
};

// A reading a query form may be made by, other than the name as written or plainly
// transliterated: what its score weighs and what an analyst is told of it.
struct NameReading {
  std::string_view scheme;  // text::NameForm::scheme
  double factor;            // of the name score: scoring::kKoreanReading, kGuessedReading or 1
  std::string_view said;    // the explanation's words
};
// The reading `scheme` names; null for the name as written or plainly transliterated.
const NameReading* FindReading(std::string_view scheme);

struct ScoredName {
  std::vector<ScoredToken> tokens;
  std::vector<std::string_view> legal_forms;
  text::Script script = text::Script::kLatin;
  bool transliterated = false;
  bool korean_reading = false;  // read as a Korean name: a weaker reading (scoring::kKoreanReading)
  // The reading the name was made by (FindReading), null for the name as written or plainly
  // transliterated; and its factor, kept beside it for the scorer's hot path.
  const NameReading* reading = nullptr;
  double reading_factor = 1.0;
  // A list's weak (low-quality) alias, such as a nickname: met only as the whole name screened,
  // word for word as written.
  bool weak_alias = false;
  // A short form read as a full name (Nick as Nicholas): token short_form_token stands for
  // short_form, a weaker reading (scoring::kShortFormReading). -1: none.
  int short_form_token = -1;
  std::string_view short_form;
  SchemaFamily family = SchemaFamily::kAny;  // the subject's kind, when known

  ScoredName() = default;
  ScoredName(ScoredName&&) = default;  // the owned strings keep their addresses when moved
  ScoredName& operator=(ScoredName&&) = default;
  ScoredName(const ScoredName&) = delete;  // a copy's views would point into the original

  // Adds a token whose text, phonetic key and skeleton this name owns.
  void AddOwnedToken(std::string text, double idf, text::TokenRole role, uint32_t dict = kNoDictToken);
  void AddOwnedLegalForm(std::string code);
  void SetShortForm(int token, std::string spelt);

 private:
  const std::string& Own(std::string s);
  // The strings the views above point into; made on first use, as most names own none.
  std::unique_ptr<std::deque<std::string>> storage_;
};

// How two tokens met.
enum class MatchKind : uint8_t { kNone, kExact, kPhonetic, kEditDistance, kPhoneticEdit, kInitial, kSkeleton, kJoined };
std::string_view MatchKindName(MatchKind kind, bool transliterated);

struct TokenMeet {
  double similarity = 0;  // in [0, 1]; 0 when the tokens do not meet
  MatchKind kind = MatchKind::kNone;
  bool one_word = false;  // lowered as the one word of a name (a short word's edit, a skeleton)
  int edits = 0;
};
static_assert(sizeof(TokenMeet) == 16, "TokenMeet: kept small, the query plans hold many");

// Similarity of two single tokens. `abjad`: either name is in an abjad script.
TokenMeet TokenSimilarity(const ScoredToken& q, const ScoredToken& c, bool abjad);
// TokenSimilarity where either token is an initial, from their spellings: its letter against
// the other's first.
inline TokenMeet InitialSimilarity(std::string_view q, std::string_view c) {  // inline: bounds ask it often
  if (q == c) return {scoring::kExact, MatchKind::kExact, 0};
  if (!q.empty() && !c.empty() && q[0] == c[0]) return {scoring::kInitial, MatchKind::kInitial, 0};
  return {};
}
// TokenSimilarity(q, c, true) from `plain` = TokenSimilarity(q, c, false), without comparing the
// tokens again: only a shared consonant skeleton can raise it.
TokenMeet WithSkeleton(const TokenMeet& plain, const ScoredToken& q, const ScoredToken& c);

// Similarity of one token with two adjacent tokens written together ("epcfk" ~ "ep" "cfk"), at
// most `max_edits` edits apart: one for two query words against one list word, none (equal
// spelling, sound or skeleton) for one query word against two list words, which the index
// finds by those keys alone.
TokenMeet JoinedSimilarity(const ScoredToken& single, const ScoredToken& a, const ScoredToken& b, bool abjad,
                           int max_edits);
// The same, with the two tokens already written together (`pair`: its text, phonetic key,
// skeleton and letters), for one pair compared with many single tokens.
TokenMeet JoinedSimilarity(const ScoredToken& single, const ScoredToken& pair, bool abjad, int max_edits);
// How far apart the lengths of a word and of two written together may be, around either, for
// JoinedSimilarity to compare them (at most: it also weighs the other length).
size_t JoinedLengthReach(size_t length, bool abjad);
inline constexpr int kSplitEdits = 1;   // two query words against one list word
inline constexpr int kJoinedEdits = 0;  // one query word against two list words
// Whether JoinedSimilarity(single, a, b, abjad, kJoinedEdits) may be above 0: the spelling of
// `first` and `second` written together, or their `phonetic` key or (abjad) `skeleton` written
// together, equals the single word's. Reads no joined word: most pairs fail it.
bool MayMeetJoinedUnedited(const ScoredToken& single, std::string_view first, std::string_view second,
                           std::string_view phonetic, std::string_view skeleton, bool abjad);

struct NameScore {
  double score = 0;
  std::vector<TokenMatch> matches;
  std::vector<std::string> unmatched_query;
  std::vector<std::string> unmatched_list;
  Evidence legal_form;  // kind empty when the legal forms said nothing
  Evidence initials;    // kind empty unless a query initial disagrees with the list name
  Evidence reading;     // kind empty unless the query was read by a reading the analyst should know
};

// Where ScoreName gets its token similarities. DirectSimilarity computes each one; the screener
// supplies another that looks them up in a table made once per query (and must agree with it).
//   Single(i, j): query token i with list token j;
//   Joined(i, j): query token i with list tokens j, j + 1 written together;
//   Split(i, j):  query tokens i, i + 1 written together with list token j.
class TokenSimilarities {
 public:
  virtual ~TokenSimilarities() = default;
  virtual TokenMeet Single(size_t i, size_t j) const = 0;
  virtual TokenMeet Joined(size_t i, size_t j) const = 0;
  virtual TokenMeet Split(size_t i, size_t j) const = 0;
};

class DirectSimilarity final : public TokenSimilarities {
 public:
  DirectSimilarity(const ScoredName& query, const ScoredName& list);
  TokenMeet Single(size_t i, size_t j) const override;
  TokenMeet Joined(size_t i, size_t j) const override;
  TokenMeet Split(size_t i, size_t j) const override;

 private:
  const ScoredName& query_;
  const ScoredName& list_;
  bool abjad_;
};

// One pair an alignment took: query tokens q[0, nq) met list tokens c[0, nc).
struct AlignedPair {
  uint8_t q[2] = {0, 0}, c[2] = {0, 0};
  uint8_t nq = 0, nc = 0;
  bool short_form = false;  // the query's short form, read as its full name
  TokenMeet meet;
  double similarity = 0;  // as counted: a short form's reading is weaker
};

// How ScoreName aligned two names: all an explanation needs, so a name kept as a subject's best
// is explained without being scored again.
struct NameAlignment {
  std::vector<AlignedPair> pairs;  // in the order taken
  uint64_t query_used = 0, list_used = 0;  // bit i: token i is met (names have at most 64)
};

// Scores `query` against `list`. Symmetric in spirit: the query's words must be explained, but an
// optional word (middle name, patronymic) on either side costs little left unmatched.
// `alignment`, when given, receives how the names were aligned.
NameScore ScoreName(const ScoredName& query, const ScoredName& list, bool explain);
NameScore ScoreName(const ScoredName& query, const ScoredName& list, bool explain, const TokenSimilarities& sims,
                    NameAlignment* alignment = nullptr);
// The explanation ScoreName(query, list, true) gives of a name it scored above 0, from the
// alignment it made (the score is left as it is).
void ExplainAlignment(const ScoredName& query, const ScoredName& list, const NameAlignment& alignment, NameScore& out);

// The name score from the two coverages (docs/SCORING.md): Q^0.6 x L^0.4, before legal forms.
// It grows with both, so upper bounds of the coverages bound the score.
double CoverageScore(double query_coverage, double list_coverage);
// CoverageScore raised to the power 1 / kListExponent (2.5): Q^1.5 x L, in the same order, without
// pow.
// Inline: the search bounds every record it reaches with it.
inline double CoverageKey(double query_coverage, double list_coverage) {
  return query_coverage * std::sqrt(query_coverage) * list_coverage;
}

// A token's weight in its name: its rarity, or little for an initial (query side).
inline double QueryTokenWeight(const ScoredToken& t) {
  return t.role == text::TokenRole::kInitial ? scoring::kInitialWeight : t.idf;
}
// Whether query token i repeats an earlier word of two letters or more ("Vladimir Putin Vladimir
// Putin"): left unmatched, a repeat costs nothing, so padding cannot dilute a name.
bool RepeatsEarlierWord(const ScoredName& query, size_t i);
// A middle name or patronymic (text::IsMiddleName). Left unmatched, one of the query's costs
// little where the list name gives none (GivesAMiddleName).
inline bool IsMiddleName(const ScoredToken& t) {
  return t.role == text::TokenRole::kOptional && text::IsMiddleName(t.role, t.text);  // most fail the role
}
bool GivesAMiddleName(const ScoredName& name);
// Whether a name has a number of its own, or a word with digits (558th, F91), or is a vessel's or
// an aircraft's (Nolan 2 is another ship than NOLAN): a query's number it does not meet then
// counts whole.
bool GivesANumber(const ScoredName& name);
// A number in the query of a subject other than a vessel or an aircraft, whose numbers name them:
// against a list name without numbers it weighs kStrayNumberWeight.
inline bool MayBeStrayNumber(const ScoredToken& t, SchemaFamily family) {
  return family != SchemaFamily::kVessel && family != SchemaFamily::kAirplane && text::IsNumber(t.text);
}
// A firm's noun of kind or place, which says what or where, not who (Hamas Movement, Sberbank
// Moscow): left over, it costs what a middle name does.
inline bool SaysWhatOrWhere(const ScoredToken& t) {
  return t.role == text::TokenRole::kKind || t.role == text::TokenRole::kPlace;
}
// Whether token i is a place just before a part of the firm (Moscow in Sberbank Moscow Branch, not
// Russia in Sberbank of Russia Subsidiary Bank): it says where that part is, and with the part's
// noun says what one noun of kind does, so left over it costs nothing (unless the list name names a
// place it does not meet). LeastQueryWeight counts it at nothing.
bool PlacesAPart(const ScoredName& name, size_t i);
// Whether token i is a part's noun before another, in a run of them after the firm's words or a
// place of a part, not after a joining word (Representative in Sberbank Moscow Representative
// Office, Branch in Sberbank Branch Office): the run names one part, of the kind its last noun
// says, so the nouns before it cost nothing left over. LeastQueryWeight counts them at nothing.
bool QualifiesAPartsNoun(const ScoredName& name, size_t i);
// The least a query token can weigh in its coverage: a middle name, a firm's noun of kind or place or
// a stray number at what it costs unmatched.
inline double LeastTokenWeight(const ScoredToken& t, SchemaFamily family) {
  const double w = QueryTokenWeight(t);
  if (IsMiddleName(t) || SaysWhatOrWhere(t)) return w * scoring::kOptionalUnmatched;
  return MayBeStrayNumber(t, family) ? std::min(w, scoring::kStrayNumberWeight) : w;
}
// The least the query's tokens can weigh in its coverage: each word once, at LeastTokenWeight.
double LeastQueryWeight(const ScoredName& query);

}  // namespace embargo
