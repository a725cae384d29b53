// Name scoring: align the tokens of two names regardless of order and weigh them by rarity.
//
// The reference for what a good score is: docs/SCORING.md. Both sides are normalised names;
// the query side is what the caller typed, the list side is a list name or alias.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/screener.h"
#include "text/normalize.h"

namespace embargo {

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
};

struct ScoredName {
  std::vector<ScoredToken> tokens;
  std::vector<std::string_view> legal_forms;
  text::Script script = text::Script::kLatin;
  bool transliterated = false;

  ScoredName() = default;
  ScoredName(ScoredName&&) = default;  // deque storage keeps its addresses when moved
  ScoredName& operator=(ScoredName&&) = default;
  ScoredName(const ScoredName&) = delete;  // a copy's views would point into the original

  // Adds a token whose text, phonetic key and skeleton this name owns.
  void AddOwnedToken(std::string text, double idf, text::TokenRole role);
  void AddOwnedLegalForm(std::string code);

 private:
  std::deque<std::string> storage_;
};

struct NameScore {
  double score = 0;
  std::vector<TokenMatch> matches;
  std::vector<std::string> unmatched_query;
  std::vector<std::string> unmatched_list;
  Evidence legal_form;  // kind empty when the legal forms said nothing
};

// Similarity of two single tokens in [0, 1], with how they met. 0 when they do not.
double TokenSimilarity(const ScoredToken& q, const ScoredToken& c, bool abjad, TokenMatch* how);

// Scores `query` against `list`. Symmetric in spirit, but the query's tokens must be explained
// while the list name's optional tokens (middle names, patronymics) may go unmatched.
NameScore ScoreName(const ScoredName& query, const ScoredName& list, bool explain);

}  // namespace embargo
