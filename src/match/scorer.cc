#include "match/scorer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <span>

#include "text/legal_forms.h"
#include "text/normalize.h"
#include "text/scoring_params.h"
#include "text/similarity.h"

namespace embargo {
namespace {

// A candidate pairing of query tokens with list tokens (one or two on each side).
struct Pairing {
  uint8_t q[2];
  uint8_t c[2];
  uint8_t nq, nc;
  TokenMeet meet;
};

// Best pairs first; pairs explaining more tokens win ties; then position, so the alignment does
// not depend on the order pairings were found in.
bool PairedBefore(const Pairing& a, const Pairing& b) {
  if (a.meet.similarity != b.meet.similarity) return a.meet.similarity > b.meet.similarity;
  if (a.nq + a.nc != b.nq + b.nc) return a.nq + a.nc > b.nq + b.nc;
  if (a.q[0] != b.q[0]) return a.q[0] < b.q[0];
  if (a.c[0] != b.c[0]) return a.c[0] < b.c[0];
  return a.nq < b.nq;
}

// The longer word is the shorter one with digits added.
bool DigitsAdded(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  size_t k = 0;
  for (char c : a) {
    if (k < b.size() && c == b[k]) ++k;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return k == b.size();
}

// 1 - edits / length when the words are within the edits their length allows, else 0.
TokenMeet EditSimilarity(std::string_view a, std::string_view b, uint64_t a_letters, uint64_t b_letters,
                         MatchKind kind, int edit_cap) {
  size_t longest = std::max(a.size(), b.size());
  if (longest < static_cast<size_t>(scoring::kMinEditLength) || edit_cap <= 0) return {};
  // A letter added to a short word makes another word (Ali, Sali); a digit does not (Doe, Doe2).
  if (std::min(a.size(), b.size()) < static_cast<size_t>(scoring::kMinEditLength) && !DigitsAdded(a, b)) return {};
  int max_edits = std::min(edit_cap, longest >= static_cast<size_t>(scoring::kTwoEditLength) ? 2 : 1);
  if (longest - std::min(a.size(), b.size()) > static_cast<size_t>(max_edits)) return {};
  if (text::LetterBound(a_letters, b_letters) > max_edits) return {};
  int d = text::DamerauLevenshtein(a, b, max_edits);
  if (d > max_edits) return {};
  TokenMeet meet;
  meet.similarity = 1.0 - static_cast<double>(d) / static_cast<double>(longest);
  meet.kind = kind;
  meet.edits = d;
  return meet;
}


// The similarity of tokens whose consonant skeletons are equal (abjad scripts).
double SkeletonSimilarity(const ScoredToken& q) {
  return q.skeleton.size() >= 3 ? scoring::kSkeletonLong : scoring::kSkeletonShort;
}

// Equal consonant skeletons. One consonant says little: it counts only between short words (علي,
// "ly", meets Ali; Юлия, "yuliya", does not), or with a first y on both sides, which is a
// consonant too (يحيى, "yhyy", meets Yahya).
bool SkeletonsMeet(const ScoredToken& q, const ScoredToken& c) {
  if (q.skeleton.empty() || q.skeleton != c.skeleton) return false;
  if ((q.final_t_said || c.final_t_said) &&
      text::SkeletonDroppedFinalT(q.text, q.skeleton) != text::SkeletonDroppedFinalT(c.text, c.skeleton))
    return false;
  // A word ending in a vowel said meets words ending in a vowel: الطريقي, Turaiqi, is not Tariq.
  auto ends_in_vowel = [](std::string_view t) { return !t.empty() && text::IsVowelOrY(t.back()); };
  if ((q.final_vowel_said && !ends_in_vowel(c.text)) || (c.final_vowel_said && !ends_in_vowel(q.text))) return false;
  // The long vowels an Arabic word writes are spelt by the other (each side may be one, in compare).
  auto spelt = [](const ScoredToken& t) {
    return t.vowel_gaps == kVowelGapsUnknown || t.vowels_written ? text::SpeltVowelGaps(t.text, t.skeleton) : t.vowel_gaps;
  };
  if ((q.vowels_written && !text::VowelGapsAgree(q.vowel_gaps, spelt(c))) ||
      (c.vowels_written && !text::VowelGapsAgree(c.vowel_gaps, spelt(q))))
    return false;
  if (q.skeleton.size() >= 2) return true;
  // A first y or w is a consonant too (יוסי, "ywsy", is Yosi): such a word does not meet one
  // without (KHUN SA's "sa").
  auto glide_first = [](const ScoredToken& t) { return t.text[0] == 'y' || t.text[0] == 'w'; };
  if (glide_first(q) != glide_first(c)) return false;
  return std::max(q.text.size(), c.text.size()) <= static_cast<size_t>(scoring::kShortSkeletonWordLength) ||
         (q.text[0] == 'y' && c.text[0] == 'y');
}

// Two Latin spellings of one name whose vowels alone differ (Mohammed, Muhammad; Husayn,
// Hussein; Ismail, Esmail): lengths at most two apart, the same three consonant sounds or more in
// the same order, and vowels in the same places and of the same kind, a/e/i/y or o/u
// (text::VowelPattern). Index key: keys::VowelVariantKey.
bool VowelsAloneDiffer(const ScoredToken& q, const ScoredToken& c) {
  const std::string_view a = q.text, b = c.text;
  if (a.size() < 4 || b.size() < 4) return false;
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > 2) return false;
  auto same_place = [](char x, char y) { return x == y || (text::IsVowelOrY(x) && text::IsVowelOrY(y)); };
  if (!same_place(a.front(), b.front()) || !same_place(a.back(), b.back())) return false;
  thread_local std::string pa, pb;  // kept: this runs for every pair no other rule meets
  text::VowelPattern(a, pa);
  if (pa.empty()) return false;
  text::VowelPattern(b, pb);
  return pa == pb;
}

// Similarity with at most `edit_cap` edits counted (the length rules may allow fewer).
TokenMeet CappedSimilarity(const ScoredToken& q, const ScoredToken& c, bool abjad, int edit_cap) {
  if (q.text == c.text) return {scoring::kExact, MatchKind::kExact, 0};
  if (q.role == text::TokenRole::kInitial || c.role == text::TokenRole::kInitial)
    return InitialSimilarity(q.text, c.text);
  if (q.phonetic == c.phonetic && q.phonetic.size() >= 2) {
    // Short words spelt far apart that only sound alike (Khan, HAYAN) say less.
    bool short_and_far = std::max(q.text.size(), c.text.size()) <= scoring::kShortPhoneticLength &&
                         text::DamerauLevenshtein(q.text, c.text, 1) > 1;
    return {short_and_far ? scoring::kPhoneticFar : scoring::kPhonetic, MatchKind::kPhonetic, 0};
  }
  TokenMeet raw = EditSimilarity(q.text, c.text, q.text_letters, c.text_letters, MatchKind::kEditDistance, edit_cap);
  TokenMeet phon =
      EditSimilarity(q.phonetic, c.phonetic, q.phonetic_letters, c.phonetic_letters, MatchKind::kPhoneticEdit, edit_cap);
  phon.similarity *= scoring::kPhoneticEditFactor;
  // An edit on top of the sound rules reaches only short words spelt one edit apart (not Yasmin,
  // Ameen; not Miller, Miles).
  if (phon.similarity > raw.similarity && std::max(q.text.size(), c.text.size()) <= scoring::kFarSpellingLength &&
      text::DamerauLevenshtein(q.text, c.text, scoring::kPhoneticEditSpelling) > scoring::kPhoneticEditSpelling)
    phon = {};
  const TokenMeet& best = raw.similarity >= phon.similarity ? raw : phon;
  if (abjad && SkeletonsMeet(q, c)) {
    double sim = SkeletonSimilarity(q);
    if (sim > best.similarity) return {sim, MatchKind::kSkeleton, 0};
  }
  if (best.similarity < scoring::kMinTokenSimilarity) return {};
  return best;
}

}  // namespace

std::string_view MatchKindName(MatchKind kind, bool transliterated) {
  switch (kind) {
    case MatchKind::kExact: return transliterated ? "transliterated" : "exact";
    case MatchKind::kPhonetic: return "phonetic";
    case MatchKind::kEditDistance: return "edit_distance";
    case MatchKind::kPhoneticEdit: return "phonetic_edit";
    case MatchKind::kInitial: return "initial";
    case MatchKind::kSkeleton: return "skeleton";
    case MatchKind::kJoined: return "joined";
    case MatchKind::kNone: break;
  }
  return "none";
}

const std::string& ScoredName::Own(std::string s) {
  if (!storage_) storage_ = std::make_unique<std::deque<std::string>>();
  return storage_->emplace_back(std::move(s));
}

void ScoredName::AddOwnedToken(std::string text, double idf, text::TokenRole role, uint32_t dict) {
  const std::string& t = Own(std::move(text));
  const std::string& p = Own(text::PhoneticKey(t));
  const std::string& k = Own(text::Skeleton(t));
  tokens.push_back(ScoredToken{t, p, k, idf, role, text::LetterMask(t), text::LetterMask(p), dict});
}

void ScoredName::AddOwnedLegalForm(std::string code) { legal_forms.push_back(Own(std::move(code))); }

void ScoredName::SetShortForm(int token, std::string spelt) {
  short_form_token = token;
  short_form = Own(std::move(spelt));
}

TokenMeet TokenSimilarity(const ScoredToken& q, const ScoredToken& c, bool abjad) {
  TokenMeet m = CappedSimilarity(q, c, abjad, 2);
  // Single words only: a pair written together has its own bounds (JoinedSimilarity).
  if (!abjad && m.similarity == 0 && q.role != text::TokenRole::kInitial && c.role != text::TokenRole::kInitial &&
      VowelsAloneDiffer(q, c))
    return {scoring::kLatinSkeleton, MatchKind::kSkeleton, 0};
  return m;
}

// Exact, initial and phonetic meets return before skeletons are compared and are never below a
// skeleton's similarity; otherwise the skeleton wins when it is higher than what `plain` kept
// (nothing, when under the minimum similarity).
TokenMeet WithSkeleton(const TokenMeet& plain, const ScoredToken& q, const ScoredToken& c) {
  if (q.role == text::TokenRole::kInitial || c.role == text::TokenRole::kInitial) return plain;
  if (!SkeletonsMeet(q, c)) return plain;
  double sim = SkeletonSimilarity(q);
  if (sim > plain.similarity) return {sim, MatchKind::kSkeleton, 0};
  return plain;
}

namespace {

// JoinedSimilarity's cheap bounds: lengths within two letters, the same first letter and few
// other letters (unless abjad, where vowels are missing).
bool MayJoin(const ScoredToken& single, size_t joined_size, char first, uint64_t joined_letters, bool abjad) {
  int diff = static_cast<int>(single.text.size()) - static_cast<int>(joined_size);
  // A word written without its vowels is a third shorter (شهاب الدين, "shhab dyn", Shahabuddin).
  const size_t longer = std::max<size_t>(single.text.size(), joined_size);
  const int slack = scoring::kJoinedLengthSlack + (abjad ? static_cast<int>(longer / 3) : 0);
  if (diff > slack || diff < -slack) return false;
  if (single.text.empty()) return false;
  if (!abjad && single.text[0] != first) return false;
  return abjad || text::LetterBound(single.text_letters, joined_letters) <= 2;
}

TokenMeet JoinedMeet(const ScoredToken& single, const ScoredToken& pair, bool abjad, int max_edits) {
  ScoredToken x = single;
  x.role = text::TokenRole::kNormal;
  TokenMeet m = CappedSimilarity(x, pair, abjad, max_edits);
  if (m.similarity <= 0) return {};
  m.similarity *= scoring::kJoined;
  m.kind = MatchKind::kJoined;
  return m;
}

}  // namespace

TokenMeet JoinedSimilarity(const ScoredToken& single, const ScoredToken& a, const ScoredToken& b, bool abjad,
                           int max_edits) {
  if (a.text.empty()) return {};
  uint64_t joined_letters = a.text_letters | b.text_letters;
  if (!MayJoin(single, a.text.size() + b.text.size(), a.text[0], joined_letters, abjad)) return {};
  std::string joined;
  joined.reserve(a.text.size() + b.text.size());
  joined.append(a.text).append(b.text);
  std::string phonetic = text::PhoneticKey(joined);
  std::string skeleton = abjad ? text::Skeleton(joined) : std::string();
  ScoredToken y{joined, phonetic, skeleton, 1, text::TokenRole::kNormal, joined_letters, text::LetterMask(phonetic)};
  return JoinedMeet(single, y, abjad, max_edits);
}

size_t JoinedLengthReach(size_t length, bool abjad) {
  // MayJoin's slack grows with the longer length, by a third: around `length` it reaches half
  // of it, and one more for the rounding.
  return static_cast<size_t>(scoring::kJoinedLengthSlack) + (abjad ? 1 + length / 2 : 0);
}

TokenMeet JoinedSimilarity(const ScoredToken& single, const ScoredToken& pair, bool abjad, int max_edits) {
  if (pair.text.empty() || !MayJoin(single, pair.text.size(), pair.text[0], pair.text_letters, abjad)) return {};
  return JoinedMeet(single, pair, abjad, max_edits);
}

bool MayMeetJoinedUnedited(const ScoredToken& single, std::string_view first, std::string_view second,
                           std::string_view phonetic, std::string_view skeleton, bool abjad) {
  // With no edit, CappedSimilarity meets a word only by equal spelling, sound or skeleton.
  static_assert(kJoinedEdits == 0, "with edits, a joined pair meets more than equal keys");
  const std::string_view t = single.text;
  if (t.size() == first.size() + second.size() && t.starts_with(first) && t.ends_with(second)) return true;
  if (single.phonetic.size() >= 2 && single.phonetic == phonetic) return true;
  return abjad && !single.skeleton.empty() && single.skeleton == skeleton;
}

DirectSimilarity::DirectSimilarity(const ScoredName& query, const ScoredName& list)
    : query_(query), list_(list), abjad_(IsAbjad(query.script) || IsAbjad(list.script)) {}

TokenMeet DirectSimilarity::Single(size_t i, size_t j) const {
  return TokenSimilarity(query_.tokens[i], list_.tokens[j], abjad_);
}

TokenMeet DirectSimilarity::Joined(size_t i, size_t j) const {
  return JoinedSimilarity(query_.tokens[i], list_.tokens[j], list_.tokens[j + 1], abjad_, kJoinedEdits);
}

TokenMeet DirectSimilarity::Split(size_t i, size_t j) const {
  return JoinedSimilarity(list_.tokens[j], query_.tokens[i], query_.tokens[i + 1], abjad_, kSplitEdits);
}

double CoverageScore(double query_coverage, double list_coverage) {
  // A whole coverage is common (every word met) and its power is 1 exactly: pow is spared.
  auto power = [](double x, double exponent) { return x == 1.0 ? 1.0 : std::pow(x, exponent); };
  return power(query_coverage, scoring::kQueryExponent) * power(list_coverage, scoring::kListExponent);
}

static_assert(scoring::kQueryExponent / scoring::kListExponent > 1.4999 && scoring::kQueryExponent / scoring::kListExponent < 1.5001,
              "CoverageKey (scorer.h) assumes Q^0.6 x L^0.4");

bool GivesAMiddleName(const ScoredName& name) {
  for (const ScoredToken& t : name.tokens)
    if (IsMiddleName(t)) return true;
  return false;
}

bool GivesANumber(const ScoredName& name) {
  if (name.family == SchemaFamily::kVessel || name.family == SchemaFamily::kAirplane) return true;
  for (const ScoredToken& t : name.tokens)
    if (text::HasDigit(t.text)) return true;
  return false;
}

namespace {

// Listed words compare by their ids; a word not listed is no listed word.
inline bool SameWord(const ScoredToken& a, const ScoredToken& b) {
  return a.dict == b.dict && (a.dict != kNoDictToken || a.text == b.text);
}

}  // namespace

bool RepeatsEarlierWord(const ScoredName& query, size_t i) {
  const auto& q = query.tokens;
  if (q[i].text.size() < 2) return false;
  for (size_t k = 0; k < i; ++k)
    if (SameWord(q[k], q[i])) return true;
  return false;
}

namespace {

// A firm's noun of kind that names a part of it (branch, office).
bool NamesAPart(const ScoredToken& t) { return t.role == text::TokenRole::kKind && text::IsPartNoun(t.text); }

}  // namespace

bool PlacesAPart(const ScoredName& name, size_t i) {
  const auto& t = name.tokens;
  return t[i].role == text::TokenRole::kPlace && i + 1 < t.size() && NamesAPart(t[i + 1]) && i > 0 &&
         !text::IsJoiningWord(t[i - 1].text);
}

bool QualifiesAPartsNoun(const ScoredName& name, size_t i) {
  const auto& t = name.tokens;
  // Roles first: most nouns of kind end their name, and the nouns' look-up is the costly part.
  if (i + 1 >= t.size() || t[i + 1].role != text::TokenRole::kKind || !NamesAPart(t[i]) || !NamesAPart(t[i + 1]))
    return false;
  size_t first = i;  // the first part's noun of the run
  while (first > 0 && NamesAPart(t[first - 1])) --first;
  // After the firm's words or the place of the part, not after a joining word (Bank of Branch Office).
  return first > 0 && !text::IsJoiningWord(t[first - 1].text);
}

double LeastQueryWeight(const ScoredName& query) {
  double total = 0;
  for (size_t i = 0; i < query.tokens.size(); ++i)
    if (!RepeatsEarlierWord(query, i) && !PlacesAPart(query, i) && !QualifiesAPartsNoun(query, i))
      total += LeastTokenWeight(query.tokens[i], query.family);
  return total;
}

namespace {

// The words of a name that tell it apart: a firm's nouns of kind (Group, Bank) are not counted,
// so "Davis Group" is a name of one word, as "Davis" is.
size_t NameWords(const ScoredName& name) {
  return static_cast<size_t>(std::count_if(name.tokens.begin(), name.tokens.end(),
                                           [](const ScoredToken& t) { return t.role != text::TokenRole::kKind; }));
}

// A name of one word met only through its consonant skeleton rests on a few letters, its vowels
// guessed (الصفار ~ AL-SAFIR, الرصاع ~ LAROSA): the meet counts kOneWordSkeleton and cannot
// alert alone. A joined meet with no edits under a joined sound is one of skeletons.
inline TokenMeet OneWordSkeleton(TokenMeet t, bool one_word) {
  if (!one_word) return t;
  if (t.kind == MatchKind::kSkeleton) t.similarity = scoring::kOneWordSkeleton, t.one_word = true;
  if (t.kind == MatchKind::kJoined && t.edits == 0 && t.similarity < scoring::kPhonetic * scoring::kJoined)
    t.similarity = std::min(t.similarity, scoring::kOneWordSkeleton * scoring::kJoined), t.one_word = true;
  return t;
}

// A name of one word met by a spelling edit of a short word says little (scoring::kOneWordEditLength).
inline TokenMeet OneWordEdit(TokenMeet t, const ScoredToken& q, const ScoredToken& c, bool one_word) {
  if (!one_word || t.edits == 0 || (t.kind != MatchKind::kEditDistance && t.kind != MatchKind::kPhoneticEdit)) return t;
  if (std::max(q.text.size(), c.text.size()) < static_cast<size_t>(scoring::kOneWordEditLength))
    t.similarity *= scoring::kShortOneWordEdit, t.one_word = true;
  return t;
}

// A person's name in Chinese or Korean characters puts the surname first.
bool SurnameFirstScript(const ScoredName& name) {
  return (name.script == text::Script::kHan || name.script == text::Script::kHangul) &&
         name.family != SchemaFamily::kOrganization && name.family != SchemaFamily::kVessel;
}

bool StatesItsSurname(const ScoredName& name) {
  return std::any_of(name.tokens.begin(), name.tokens.end(),
                     [](const ScoredToken& t) { return t.role == text::TokenRole::kSurname; });
}

// The last word of a person's name written given names first: the surname, which is not written
// as an initial (John B. Larson is not John L. Broussard).
bool EndsAsSurname(const ScoredName& name, size_t i) {
  return name.family == SchemaFamily::kPerson && name.tokens.size() >= 2 && i + 1 == name.tokens.size() &&
         name.tokens[i].role == text::TokenRole::kNormal && !StatesItsSurname(name) && !SurnameFirstScript(name);
}

// `exact_only`: only tokens spelt alike meet (one word or two written together).
void CollectPairings(const ScoredName& query, const ScoredName& list, const TokenSimilarities& sims, bool exact_only,
                     std::vector<Pairing>& pairings) {
  pairings.clear();
  const size_t n = query.tokens.size(), m = list.tokens.size();
  const bool one_word = NameWords(query) <= 1 || NameWords(list) <= 1;
  for (uint8_t i = 0; i < n; ++i)
    for (uint8_t j = 0; j < m; ++j)
      if (TokenMeet t = OneWordEdit(OneWordSkeleton(sims.Single(i, j), one_word), query.tokens[i],
                                    list.tokens[j], one_word);
          t.similarity > 0 && (!exact_only || t.kind == MatchKind::kExact) &&
          (t.kind != MatchKind::kInitial || !EndsAsSurname(query, i)))
        pairings.push_back({{i, 0}, {j, 0}, 1, 1, t});
  // Joined and split tokens: "epcfk" ~ "ep" + "cfk", "abd" + "allah" ~ "abdallah".
  for (uint8_t i = 0; i < n; ++i)
    for (uint8_t j = 0; j + 1u < m; ++j)
      if (TokenMeet t = OneWordSkeleton(sims.Joined(i, j), one_word);
          t.similarity > 0 && (!exact_only || t.similarity >= scoring::kExact * scoring::kJoined))
        pairings.push_back({{i, 0}, {j, static_cast<uint8_t>(j + 1)}, 1, 2, t});
  for (uint8_t i = 0; i + 1u < n; ++i)
    for (uint8_t j = 0; j < m; ++j)
      if (TokenMeet t = OneWordSkeleton(sims.Split(i, j), one_word);
          t.similarity > 0 && (!exact_only || t.similarity >= scoring::kExact * scoring::kJoined))
        pairings.push_back({{i, static_cast<uint8_t>(i + 1)}, {j, 0}, 2, 1, t});
  std::sort(pairings.begin(), pairings.end(), PairedBefore);
}

// What an analyst reads of the reading `name` was made by: which letters were read how, and what
// it cost (the reading's factor, already in the name score).
Evidence ReadingEvidence(const ScoredName& name) {
  if (!name.reading) return {};
  std::string detail(name.reading->said);
  if (name.reading->factor < 1.0) {
    char factor[32];
    std::snprintf(factor, sizeof factor, " (score × %.2f)", name.reading->factor);
    detail += factor;
  }
  return {"reading", std::move(detail), name.reading->factor - 1.0};
}

// The side of a comparison read by a reading an explanation names, the query's first.
const ScoredName& ReadSide(const ScoredName& query, const ScoredName& list) {
  return !query.reading && list.reading ? list : query;
}

// Legal forms are compared as forms: a different form of the same name is a weak signal.
// `out`, when given, explains the comparison.
double CompareLegalForms(const ScoredName& query, const ScoredName& list, Evidence* out) {
  if (query.legal_forms.empty() || list.legal_forms.empty()) return 1.0;
  bool shared = false;
  for (const auto& f : query.legal_forms)
    shared |= std::find(list.legal_forms.begin(), list.legal_forms.end(), f) != list.legal_forms.end();
  if (shared) {
    if (out) *out = {"legal_form", "same legal form " + std::string(query.legal_forms[0]), 0};
    return 1.0;
  }
  if (out) *out = {"legal_form",
         "legal forms differ: " + std::string(query.legal_forms[0]) + " vs " + std::string(list.legal_forms[0]),
         scoring::kLegalFormMismatch - 1.0};
  return scoring::kLegalFormMismatch;
}

// A query initial left over while the list name leaves a word with another first letter (John
// E. Peterson, John James Peterson): the names disagree on that name. The factor, and what it
// says when `out` is given.
double CompareInitials(const ScoredName& query, const ScoredName& list, const bool* q_used, const bool* c_used,
                       Evidence* out) {
  for (size_t i = 0; i < query.tokens.size(); ++i) {
    const ScoredToken& q = query.tokens[i];
    if (q_used[i] || q.role != text::TokenRole::kInitial || q.text.empty()) continue;
    for (size_t j = 0; j < list.tokens.size(); ++j) {
      const ScoredToken& c = list.tokens[j];
      if (c_used[j] || c.role == text::TokenRole::kInitial || c.text.size() < 2 || c.text[0] == q.text[0]) continue;
      if (out)
        *out = {"initial", "the query's initial " + std::string(q.text) + " is not the list name's " + std::string(c.text),
                scoring::kInitialConflict - 1.0};
      return scoring::kInitialConflict;
    }
  }
  return 1.0;
}

// A list name of one word of a few letters (an acronym such as MEC or JAA) is met only as
// written: sounds and skeletons of so few letters are shared by too many words (Metz, Iya).
bool IsShortAlias(const ScoredName& list) {
  return list.tokens.size() == 1 && list.tokens[0].role != text::TokenRole::kInitial &&
         list.tokens[0].text.size() <= static_cast<size_t>(scoring::kShortAliasLength);
}

// A name read from Chinese characters is a string of syllables, each of which is a word in its
// own right: Fang, Gang, Kang and Wang, or Zhu and Zhou, are different names, not spellings of
// one. Such syllables meet only spelt alike (a different romanisation is another form of the name).
bool IsHanReading(const ScoredName& query, const ScoredName& list) {
  return query.script == text::Script::kHan || list.script == text::Script::kHan;
}

// A person is not identified by one common word, on either side (scoring::kDistinctiveWeight). A
// firm's name of one word (SBERBANK) is a whole name, also where a query calls it a person's: the
// wrong type costs its penalty, not this too.
double SingleWordFactor(const ScoredName& query, const ScoredName& list) {
  bool person = list.family == SchemaFamily::kPerson || (list.family == SchemaFamily::kAny && query.family == SchemaFamily::kPerson);
  if (!person) return 1.0;
  double factor = 1.0;
  for (const ScoredName* name : {&query, &list})
    if (name->tokens.size() == 1 && name->tokens[0].role != text::TokenRole::kInitial)
      factor = std::min(factor, name->tokens[0].idf / scoring::kDistinctiveWeight);
  return factor;
}

}  // namespace

NameScore ScoreName(const ScoredName& query, const ScoredName& list, bool explain) {
  return ScoreName(query, list, explain, DirectSimilarity(query, list));
}

namespace {

// A greedy alignment of two names: which tokens are used, each one's similarity, and the
// pairings taken, in order.
struct Alignment {
  double q_sim[scoring::kMaxNameTokens], c_sim[scoring::kMaxNameTokens];
  bool q_used[scoring::kMaxNameTokens], c_used[scoring::kMaxNameTokens];
  std::array<AlignedPair, scoring::kMaxNameTokens> taken;
  size_t taken_count = 0;
  double query_coverage = 0, list_coverage = 0;
  bool any_full = false;  // a query word other than an initial is met, and not by an initial
  bool skipped_joined = false;  // a pairing of words written together found a word taken
};

// A middle name or initial, which may stand in for the first given name at half its weight.
bool IsMiddle(const ScoredToken& t) {
  return t.role == text::TokenRole::kOptional || t.role == text::TokenRole::kInitial;
}

// Where a person's list name leaves its first given name unmet and meets a middle name or initial
// after it (Patrick Ryan, RYAN, Damion Patrick; Rosario Mitchell, George R. Mitchell), the first
// given name's place; else npos. A surname and a middle name are shared by many.
size_t UnmetGivenBeforeMetMiddle(const ScoredName& list, const bool* c_used) {
  const size_t n = list.tokens.size();
  if (n >= 3 && EndsAsSurname(list, n - 1) && list.tokens[0].role == text::TokenRole::kNormal) {
    if (c_used[0]) return std::string::npos;
    for (size_t k = 1; k + 1 < n; ++k)
      if (c_used[k] && IsMiddle(list.tokens[k])) return 0;
    return std::string::npos;
  }
  bool surname = false;
  for (size_t j = 0; j < n; ++j) {
    const text::TokenRole role = list.tokens[j].role;
    surname |= role == text::TokenRole::kSurname;
    if (!surname || (role != text::TokenRole::kNormal && role != text::TokenRole::kInitial &&
                     role != text::TokenRole::kGivenPart))
      continue;
    if (c_used[j]) return std::string::npos;
    for (size_t k = j + 1; k < n; ++k)
      if (c_used[k] && IsMiddle(list.tokens[k])) return j;
    return std::string::npos;
  }
  return std::string::npos;
}

// Whether a list name's Korean given name (KIM, Yong Chol) has one syllable met and not the other.
bool MeetsHalfAGivenName(const ScoredName& list, const bool* c_used) {
  size_t parts = 0, met = 0;
  for (size_t j = 0; j < list.tokens.size(); ++j)
    if (list.tokens[j].role == text::TokenRole::kGivenPart) ++parts, met += c_used[j];
  return parts == 2 && met == 1;
}

// Whether a list name names a place it does not meet, before or after its own words (AL-QAIDA IN
// YEMEN): a query's place left over is then another place, not a branch's address.
bool LeavesAPlaceUnmet(const ScoredName& list, const bool* c_used) {
  for (size_t j = 0; j < list.tokens.size(); ++j)
    if (!c_used[j] && text::IsPlaceName(list.tokens[j].text)) return true;
  return false;
}

// Takes the pairings in order, each whose tokens are still free, then weighs each side's coverage.
void Align(const ScoredName& query, const ScoredName& list, const std::vector<Pairing>& pairings, Alignment& a) {
  const auto& qt = query.tokens;
  const auto& ct = list.tokens;
  // Where both names say which word is the surname, a surname met as a given name is another
  // person's: 董晨 (Dong Chen) is not CHEN, Dong.
  const bool surnames_known = SurnameFirstScript(query) && StatesItsSurname(list);
  std::fill_n(a.q_sim, qt.size(), 0.0);  // only the names' own tokens are set: most names are short
  std::fill_n(a.c_sim, ct.size(), 0.0);
  std::fill_n(a.q_used, qt.size(), false);
  std::fill_n(a.c_used, ct.size(), false);
  a.taken_count = 0;
  a.skipped_joined = false;
  a.any_full = false;
  for (const Pairing& p : pairings) {
    bool free = true;
    for (int k = 0; k < p.nq; ++k) free &= !a.q_used[p.q[k]];
    for (int k = 0; k < p.nc; ++k) free &= !a.c_used[p.c[k]];
    if (!free) {
      a.skipped_joined |= p.nq + p.nc > 2;
      continue;
    }
    bool short_form = false;
    for (int k = 0; k < p.nq; ++k) short_form |= p.q[k] == query.short_form_token;
    // A short form stands for a given name, never a surname (Joe is not JOSEPH, Wilson); and a
    // weak alias is met only as written, not through a guessed given name (nor WILSON, Joseph).
    bool surname = false;
    for (int k = 0; k < p.nc; ++k) surname |= ct[p.c[k]].role == text::TokenRole::kSurname;
    if (short_form && (surname || list.weak_alias)) continue;
    if (surnames_known && (p.q[0] == 0 || (p.nq == 2 && p.q[1] == 0)) != surname) continue;
    double sim = p.meet.similarity * (short_form ? scoring::kShortFormReading : 1.0);
    for (int k = 0; k < p.nq; ++k) { a.q_used[p.q[k]] = true; a.q_sim[p.q[k]] = sim; }
    for (int k = 0; k < p.nc; ++k) { a.c_used[p.c[k]] = true; a.c_sim[p.c[k]] = sim; }
    a.taken[a.taken_count++] = {{p.q[0], p.q[1]}, {p.c[0], p.c[1]}, p.nq, p.nc, short_form, p.meet, sim};
    // A query word met only by a list name's initial (Mehmet, EL M) says nothing of the name.
    if (p.meet.kind != MatchKind::kInitial)
      for (int k = 0; k < p.nq; ++k) a.any_full |= qt[p.q[k]].role != text::TokenRole::kInitial;
  }
  double q_total = 0, q_matched = 0, c_total = 0, c_matched = 0;
  // A query's middle name or patronymic costs little where the list name gives none; where it
  // gives another (Olga Andreevna, Olga Petrovna) it counts in full.
  // A number the list name does not give costs as little as an initial (kStrayNumberWeight).
  // A place after the firm's own words costs little, unless the list name names a place it does
  // not meet (Al-Qaida in Iraq, AL-QAIDA IN YEMEN); the place of a part (Moscow Branch) nothing,
  // and a part named in several nouns (Moscow Representative Office) costs what its last does.
  int list_gives_middle = -1, list_gives_number = -1, list_leaves_place = -1;  // not yet known
  for (size_t i = 0; i < qt.size(); ++i) {
    // An unmatched repeat of a word costs nothing (its first occurrence, matched or not, counts).
    if (!a.q_used[i] && RepeatsEarlierWord(query, i)) continue;
    double w = QueryTokenWeight(qt[i]);
    if (!a.q_used[i] && IsMiddleName(qt[i])) {
      if (list_gives_middle < 0) list_gives_middle = GivesAMiddleName(list);
      if (!list_gives_middle) w *= scoring::kOptionalUnmatched;
    } else if (!a.q_used[i] && qt[i].role == text::TokenRole::kKind) {
      // A firm's noun of kind left over (Hamas Movement, HAMAS); one saying what part the next is, nothing.
      w *= QualifiesAPartsNoun(query, i) ? 0.0 : scoring::kOptionalUnmatched;
    } else if (!a.q_used[i] && qt[i].role == text::TokenRole::kPlace) {
      if (list_leaves_place < 0) list_leaves_place = LeavesAPlaceUnmet(list, a.c_used);
      if (!list_leaves_place) w *= PlacesAPart(query, i) ? 0.0 : scoring::kOptionalUnmatched;
    } else if (!a.q_used[i] && MayBeStrayNumber(qt[i], query.family)) {
      if (list_gives_number < 0) list_gives_number = GivesANumber(list);
      if (!list_gives_number) w = std::min(w, scoring::kStrayNumberWeight);
    }
    q_total += w;
    q_matched += w * a.q_sim[i];
  }
  const size_t unmet_given = UnmetGivenBeforeMetMiddle(list, a.c_used);
  const bool half_given = MeetsHalfAGivenName(list, a.c_used);
  for (size_t j = 0; j < ct.size(); ++j) {
    double w = ct[j].idf;
    const bool optional = ct[j].role == text::TokenRole::kOptional;
    if (!a.c_used[j] && optional) w *= scoring::kOptionalUnmatched;
    c_total += w;
    const bool for_given = unmet_given != std::string::npos && j > unmet_given && IsMiddle(ct[j]);
    const bool given_part = half_given && ct[j].role == text::TokenRole::kGivenPart;
    c_matched += w * a.c_sim[j] * (for_given ? scoring::kMiddleNameForGiven : given_part ? scoring::kGivenPartAlone : 1.0);
  }
  a.query_coverage = q_total > 0 ? q_matched / q_total : 0;
  a.list_coverage = c_total > 0 ? c_matched / c_total : 0;
  if (q_total <= 0 || c_total <= 0) a.any_full = false;
}

// Every word of the query met, and every word of the list name bar a middle name or particle.
// A weak alias (a nickname such as Green, a common name such as Abu Ahmad) is met only so: a name
// that holds one among other words (Al Green) is another name. So is a short form read as its full
// name: a guessed given name and a missing word together say too little (Bill Johnson, WILLIAM
// MICHAEL JOHNSON). A word the query repeats counts too: Santos-Santos is not SANTOS.
bool MeetsWholeName(const ScoredName& query, const ScoredName& list, const Alignment& a) {
  for (size_t i = 0; i < query.tokens.size(); ++i)
    if (!a.q_used[i]) return false;
  for (size_t j = 0; j < list.tokens.size(); ++j)
    if (!a.c_used[j] && list.tokens[j].role != text::TokenRole::kOptional) return false;
  return true;
}

// A name of nouns of kind alone (Regional Bank, Shipping Company) names no firm: it meets only a
// name with none of its own words left unmet (MOSCOW REGIONAL BANK is one firm of many).
bool OnlyNounsOfKind(const ScoredName& name) {
  bool kind = false;
  for (const ScoredToken& t : name.tokens) {
    if (t.role == text::TokenRole::kKind) kind = true;
    else if (t.text.size() > 3 || !text::IsJoiningWord(t.text)) return false;  // joining words are short
  }
  return kind;
}

bool LeavesOwnWordUnmet(const ScoredName& name, const bool* used) {
  for (size_t i = 0; i < name.tokens.size(); ++i) {
    const ScoredToken& t = name.tokens[i];
    if (!used[i] && t.role != text::TokenRole::kKind && t.role != text::TokenRole::kOptional &&
        !text::IsJoiningWord(t.text))
      return true;
  }
  return false;
}

bool KindAloneMeetsAnotherName(const ScoredName& query, const ScoredName& list, const Alignment& a) {
  return (OnlyNounsOfKind(query) && LeavesOwnWordUnmet(list, a.c_used)) ||
         (OnlyNounsOfKind(list) && LeavesOwnWordUnmet(query, a.q_used));
}

bool ReadsAShortForm(const Alignment& a) {
  for (size_t k = 0; k < a.taken_count; ++k)
    if (a.taken[k].short_form) return true;
  return false;
}

bool RepeatsAWord(const ScoredName& name) {
  const auto& t = name.tokens;
  for (size_t i = 1; i < t.size(); ++i)
    for (size_t k = 0; k < i && t[i].text.size() >= 2; ++k)
      if (SameWord(t[k], t[i])) return true;
  return false;
}

// Equal pairings taken from the other end: where a name repeats a word (ABDEL SALAM ABDEL
// RAHMAN), which of the two a word meets decides whether a word written together meets the
// other pair ("abdelsalam abdel rahman").
bool PairedBeforeFromTheEnd(const Pairing& a, const Pairing& b) {
  if (a.meet.similarity != b.meet.similarity) return a.meet.similarity > b.meet.similarity;
  if (a.nq + a.nc != b.nq + b.nc) return a.nq + a.nc > b.nq + b.nc;
  if (a.q[0] != b.q[0]) return a.q[0] > b.q[0];
  if (a.c[0] != b.c[0]) return a.c[0] > b.c[0];
  return a.nq < b.nq;
}

// The tokens met, pair by pair, and those left unmatched, into `out`.
void DescribeAlignment(const ScoredName& query, const ScoredName& list, std::span<const AlignedPair> taken,
                       const bool* q_used, const bool* c_used, NameScore& out) {
  const auto& qt = query.tokens;
  const auto& ct = list.tokens;
  out.matches.reserve(taken.size());
  const size_t unmet_given = UnmetGivenBeforeMetMiddle(list, c_used);
  const bool half_given = MeetsHalfAGivenName(list, c_used);
  for (const AlignedPair& p : taken) {
    TokenMatch m;
    m.how = query.korean_reading || list.korean_reading ? std::string_view("korean_reading")
            : p.short_form       ? std::string_view("short_form")
                                 : MatchKindName(p.meet.kind, query.transliterated);
    m.edits = p.meet.edits;
    m.similarity = p.similarity;
    if (p.meet.one_word)
      m.note = p.meet.edits > 0 ? "one letter off a short word, in a name of one word: counts less"
                                : "the consonants alone, in a name of one word: count less";
    for (int k = 0; k < p.nc && unmet_given != std::string::npos; ++k)
      if (p.c[k] > unmet_given && IsMiddle(ct[p.c[k]]))
        m.note = "a middle name met where the first given name is not: counts half";
    for (int k = 0; k < p.nc && half_given; ++k)
      if (ct[p.c[k]].role == text::TokenRole::kGivenPart) m.note = "half of a Korean given name, without the other: counts half";
    for (int k = 0; k < p.nq; ++k)
      (m.query += k ? " " : "") += p.q[k] == query.short_form_token ? query.short_form : qt[p.q[k]].text;
    for (int k = 0; k < p.nc; ++k) (m.list += k ? " " : "") += ct[p.c[k]].text;
    out.matches.push_back(std::move(m));
  }
  for (size_t i = 0; i < qt.size(); ++i)
    if (!q_used[i] && !RepeatsEarlierWord(query, i)) out.unmatched_query.emplace_back(qt[i].text);
  for (size_t j = 0; j < ct.size(); ++j)
    if (!c_used[j]) out.unmatched_list.emplace_back(ct[j].text);
}

uint64_t UsedBits(const bool* used, size_t n) {
  uint64_t bits = 0;
  for (size_t i = 0; i < n; ++i) bits |= static_cast<uint64_t>(used[i]) << i;
  return bits;
}

}  // namespace

const NameReading* FindReading(std::string_view scheme) {
  static constexpr NameReading kReadings[] = {
      {"korean", scoring::kKoreanReading, "read as a Korean name, syllable by syllable (Ким Чен Ын, Kim Jong Un)"},
      {"sino-korean", scoring::kKoreanReading, "the Han characters read as a Korean name reads them (金正恩, Kim Jong Un)"},
      {"heh-said", scoring::kGuessedReading, "a final ه read as the vowel it is often said as (شحاته, Shihata): a guess"},
      {"persian", 1.0, "read as Persian says ض ظ ذ ث ق (z, z, z, s, gh), as its Persian letters show"},
      {"persian-guess", scoring::kGuessedReading,
       "read as Persian says ض ظ ذ ث ق (z, z, z, s, gh): a guess, the name is in Arabic letters alone"},
      {"said", scoring::kGuessedReading,
       "read as Hebrew is said: ש sh, ב כ פ inside a word v ch f, ו a vowel (משה, Moshe; יעקב, Yaakov): a guess"},
      {"said-f", scoring::kGuessedReading, "read as Hebrew is said, a word's first פ as f (פדרמן, Federman): a guess"},
      {"joint-part", 1.0, "one side of a name that joins two (JOHN SMITH AND VLADIMIR PUTIN), screened on its own"},
      {"qualified", 1.0,
       "the name before what qualifies it: words in parentheses, places after a comma (Sberbank (Moscow); Rosneft, "
       "Moscow, Russia)"},
      {"as-russian", 1.0,
       "read in its Russian spelling: Belarusian ў і дз ц as в и д т (Дзмітрый, Dmitry), -авіч as -ович"}};
  if (scheme.empty()) return nullptr;  // the name as written, as most are
  for (const NameReading& reading : kReadings)
    if (scheme == reading.scheme) return &reading;
  return nullptr;
}

void ExplainAlignment(const ScoredName& query, const ScoredName& list, const NameAlignment& alignment, NameScore& out) {
  bool q_used[scoring::kMaxNameTokens], c_used[scoring::kMaxNameTokens];
  for (size_t i = 0; i < query.tokens.size(); ++i) q_used[i] = (alignment.query_used >> i) & 1;
  for (size_t j = 0; j < list.tokens.size(); ++j) c_used[j] = (alignment.list_used >> j) & 1;
  DescribeAlignment(query, list, alignment.pairs, q_used, c_used, out);
  CompareLegalForms(query, list, &out.legal_form);
  CompareInitials(query, list, q_used, c_used, &out.initials);
  if (query.reading || list.reading) out.reading = ReadingEvidence(ReadSide(query, list));
}

NameScore ScoreName(const ScoredName& query, const ScoredName& list, bool explain, const TokenSimilarities& sims,
                    NameAlignment* alignment) {
  NameScore result;
  const auto& qt = query.tokens;
  const auto& ct = list.tokens;
  constexpr size_t kMax = scoring::kMaxNameTokens;
  if (qt.empty() || ct.empty() || qt.size() > kMax || ct.size() > kMax) return result;
  thread_local std::vector<Pairing> pairings, from_the_end;
  CollectPairings(query, list, sims, IsShortAlias(list) || list.weak_alias || IsHanReading(query, list), pairings);
  // Greedy alignment: best pairs first. Where a name repeats a word and words written together
  // found one of theirs taken, the other end's order is tried too.
  thread_local Alignment first, other;  // large: made once, not on every call
  Align(query, list, pairings, first);
  const Alignment* a = &first;
  if (first.skipped_joined && (RepeatsAWord(query) || RepeatsAWord(list))) {
    from_the_end = pairings;
    std::sort(from_the_end.begin(), from_the_end.end(), PairedBeforeFromTheEnd);
    Align(query, list, from_the_end, other);
    if (other.any_full && (!first.any_full || CoverageScore(other.query_coverage, other.list_coverage) >
                                                  CoverageScore(first.query_coverage, first.list_coverage)))
      a = &other;
  }
  if (explain) DescribeAlignment(query, list, {a->taken.data(), a->taken_count}, a->q_used, a->c_used, result);
  if (alignment) {
    alignment->pairs.assign(a->taken.begin(), a->taken.begin() + static_cast<std::ptrdiff_t>(a->taken_count));
    alignment->query_used = UsedBits(a->q_used, qt.size());
    alignment->list_used = UsedBits(a->c_used, ct.size());
  }
  if (!a->any_full || ((list.weak_alias || ReadsAShortForm(*a)) && !MeetsWholeName(query, list, *a))) return result;
  if (KindAloneMeetsAnotherName(query, list, *a)) return result;
  result.score = CoverageScore(a->query_coverage, a->list_coverage) *
                 CompareLegalForms(query, list, explain ? &result.legal_form : nullptr) * SingleWordFactor(query, list) *
                 CompareInitials(query, list, a->q_used, a->c_used, explain ? &result.initials : nullptr);
  // The characters do not say whether a Korean or a Chinese name was meant, nor always how an
  // Arabic-script name is said. Either side may be a reading (list names are not, but both
  // sides of a comparison are read as queries are): a comparison scores alike either way round.
  result.score *= query.reading_factor * list.reading_factor;
  if (explain) result.reading = ReadingEvidence(ReadSide(query, list));
  return result;
}

}  // namespace embargo
