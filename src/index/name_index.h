// An immutable index of normalised names: token dictionary, candidate keys and postings.
//
// Candidate generation (docs/DESIGN.md): a query token reaches every dictionary token the scorer
// could pair it with through the keys of index/variant_keys.h (spelling and phonetic key with
// their deletion neighbourhoods, consonant skeleton), and every pair of adjacent list tokens it
// could meet written together through the pair's joined spelling, sound and skeleton. Nothing is
// scanned: look-ups of hashed keys, then postings.
// Thread-safety: immutable after Build(); all const methods may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/string_map.h"
#include "embargo/entity.h"
#include "index/key_table.h"
#include "text/normalize.h"

namespace embargo {

// One normalised form of one name of one entity. What the search reads of every record it
// reaches comes first; its tokens and roles are views into arrays the index keeps for all
// records, so a record costs no allocation of its own and neighbours share cache lines.
struct NameRecord {
  uint32_t entity = 0;  // index into the entity vector given to Build()
  uint16_t name = 0;    // index into Entity::names
  NameKind kind = NameKind::kPrimary;  // that name's
  text::Script script = text::Script::kLatin;
  SchemaFamily family = SchemaFamily::kAny;  // the entity's
  std::span<const uint32_t> tokens;  // dictionary token ids
  std::span<const text::TokenRole> roles;
  std::vector<std::string> legal_forms;
};

// The bit of a lower-case letter in RecordWeights::first_letters; 0 for anything else.
inline uint32_t LetterBit(char c) { return c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 0; }

inline constexpr uint8_t kGivesMiddleName = 1, kGivesNumber = 2;

// What the search's first bound reads of every record it reaches, apart from its tokens: 32
// bytes, aligned so as never to straddle two cache lines; the bound reads no NameRecord.
struct alignas(32) RecordWeights {
  // The least the name can weigh in the scorer's list coverage: every token's weight, an
  // optional token's at its unmatched share. Rounded down to a float, and the rarest token's
  // weight up, so bounds made from them stay bounds.
  float min_weight = 0;
  float max_token_weight = 0;  // the weight of its rarest token
  // Bit c - 'a' for each first letter c of its tokens: a query initial meets nothing in a name
  // without its letter. All bits for a name in an abjad script, whose skeletons meet more.
  uint32_t first_letters = 0;
  uint32_t first_token = 0, token_count = 0;  // its tokens in the index's array (NameRecord::tokens)
  // kGivesMiddleName when it gives a middle name or patronymic (text::IsMiddleName), kGivesNumber
  // when it has a word with digits or is a vessel's or an aircraft's (the scorer's GivesANumber): a
  // query's middle names and numbers then count whole.
  uint8_t gives = 0;
  // TokenBit of each of its tokens: tokens whose bits it lacks are none of its words.
  uint64_t token_bits = 0;
};

// The bit of a dictionary token in RecordWeights::token_bits.
inline uint64_t TokenBit(uint32_t id) { return uint64_t{1} << ((id * 0x9E3779B1u) >> 26); }

struct DictToken {
  std::string text;
  std::string phonetic;
  std::string skeleton;
  uint64_t text_letters = 0;      // text::LetterMask of text
  uint64_t phonetic_letters = 0;  // and of phonetic
  uint64_t vowel_gaps = 0;        // text::SpeltVowelGaps of text
};

// The phonetic key and skeleton of two adjacent tokens of a record written together.
struct PairKeys {
  std::string_view phonetic, skeleton;
};

class NameIndex {
 public:
  NameIndex() = default;
  // Records view the index's own arrays: a copy would view the original's.
  NameIndex(const NameIndex&) = delete;
  NameIndex& operator=(const NameIndex&) = delete;
  NameIndex(NameIndex&&) = default;  // a moved vector keeps its buffer
  NameIndex& operator=(NameIndex&&) = default;

  // `read_as`: per entity, the family its names are read as (an untyped record's names may read
  // as a person's); FamilyOf(schema) where empty.
  void Build(const std::vector<const Entity*>& entities, const std::vector<SchemaFamily>& read_as = {});

  // Weight of a dictionary token by rarity across entities (IDF).
  double Idf(uint32_t token) const { return idf_[token]; }
  const double& IdfRef(uint32_t token) const { return idf_[token]; }  // to prefetch
  // Weight of a token that is not in the dictionary: as rare as it gets.
  double UnknownIdf() const { return max_idf_; }
  // How many entities name the token: its weight is log(1 + entities / this).
  uint32_t EntityFrequency(uint32_t token) const { return entity_df_[token]; }
  const DictToken& token(uint32_t id) const { return tokens_[id]; }
  // The records with dictionary token `id`, ascending. Read from a small array of their starts:
  // the search asks for many tokens' postings, and a token's whole entry is two cache lines.
  std::span<const uint32_t> postings(uint32_t id) const {
    return {postings_.data() + posting_starts_[id], posting_starts_[id + 1] - posting_starts_[id]};
  }
  // Those of them whose name is in an abjad script: a query word that meets the token only by its
  // consonant skeleton meets it in no other name.
  std::span<const uint32_t> abjad_postings(uint32_t id) const {
    return {abjad_postings_.data() + abjad_starts_[id], abjad_starts_[id + 1] - abjad_starts_[id]};
  }
  const NameRecord& record(uint32_t id) const { return records_[id]; }
  // Reads the record as a weak alias from now on (one a linked record marks weak).
  void MarkWeakAlias(uint32_t record) { records_[record].kind = NameKind::kWeakAlias; }
  const RecordWeights& weights(uint32_t record) const { return weights_[record]; }
  // The record's dictionary token ids, as NameRecord::tokens, from its weights.
  std::span<const uint32_t> tokens_of(const RecordWeights& w) const {
    return {record_tokens_.data() + w.first_token, w.token_count};
  }
  size_t record_count() const { return records_.size(); }
  size_t token_count() const { return tokens_.size(); }
  // Id of a token, or -1.
  int64_t Find(std::string_view token) const;

  // Appends every dictionary token the scorer could pair with a token of this spelling, phonetic
  // key and skeleton, with at most `max_edits` edits (and more: check each with the scorer).
  // `abjad_query`: the query is in an abjad script, so skeletons of every name count, not only
  // of names in abjad scripts. Ids may repeat.
  void Variants(std::string_view text, std::string_view phonetic, std::string_view skeleton, bool abjad_query,
                int max_edits, std::vector<uint32_t>& out) const;

  // Sets `out` to the records with two adjacent tokens that, written together, may equal this
  // spelling, phonetic key or skeleton: ascending, each once.
  void JoinedRecords(std::string_view text, std::string_view phonetic, std::string_view skeleton, bool abjad_query,
                     std::vector<uint32_t>& out) const;
  // Of tokens k and k + 1 of the record with these weights, written together (k + 1 <
  // token_count). Made once here: the search compares query words with the pairs of every record
  // it reaches.
  PairKeys pair_keys(const RecordWeights& w, size_t k) const {
    const char* phonetic = pair_keys_chars_.data() + pair_keys_at_[w.first_token + k];
    const std::string_view p(phonetic);  // each key ends in a NUL: tokens are letters and digits
    return {p, std::string_view(p.data() + p.size() + 1)};
  }

  // Whether JoinedRecords finds any record for dictionary token `id` (most find none: their
  // keys are not looked up).
  bool HasJoinedRecords(uint32_t id, bool abjad_query) const { return (has_joined_[id] >> abjad_query) & 1; }

  // Whether `word`, a spelling or a phonetic key as `kind` says, may be at most one edit from a
  // dictionary token's: false proves it is not (for words of nine letters or more; shorter ones
  // always may).
  enum EndKind : uint64_t { kSpellingEnds, kSoundEnds };
  bool MayBeOneEditFromAToken(EndKind kind, std::string_view word) const;

  size_t memory_bytes() const;

 private:
  uint32_t Intern(const std::string& token);
  void ReadRecords(const std::vector<const Entity*>& entities, const std::vector<SchemaFamily>& read_as,
                   std::vector<uint32_t>& entity_df, std::vector<uint32_t>& first_token);
  // A record of the entity's, from `entity_first` on, with the same tokens, roles, legal forms and
  // script as `candidate`, whose tokens are the last ones of record_tokens_ from `tokens_at`; or
  // SIZE_MAX.
  size_t SameRecord(size_t entity_first, const NameRecord& candidate, size_t tokens_at,
                    const std::vector<uint32_t>& first_token) const;
  void BuildPostings();
  void BuildTokenSlots();
  void BuildVariantKeys(const std::vector<uint8_t>& in_abjad_name);
  void BuildJoinedKeys();

  std::vector<NameRecord> records_;
  std::vector<RecordWeights> weights_;  // per record
  std::vector<uint32_t> record_tokens_;  // every record's tokens, one after the other
  std::vector<text::TokenRole> record_roles_;
  std::vector<DictToken> tokens_;
  std::vector<uint32_t> postings_;  // every token's postings, one after the other
  std::vector<uint32_t> posting_starts_;  // token t's are postings_[starts[t], starts[t + 1])
  std::vector<uint32_t> abjad_postings_, abjad_starts_;  // the same, of names in abjad scripts only
  std::vector<uint32_t> entity_df_;  // per token: entities that name it
  std::vector<double> idf_;  // per token, apart from DictToken: the search reads it for every token it bounds
  StringMap<uint32_t> token_ids_;  // while building only: emptied once the token slots are made
  // Token ids by their text's hash, open-addressed and at most half full: a look-up reads one
  // slot (the hash's top 32 bits, then the id + 1) and the token it names, to confirm. A map
  // of strings read a bucket and a node besides.
  std::vector<uint64_t> token_slots_ = {0, 0};  // 0: empty
  int token_shift_ = 63;
  // Id of each one-letter token, or -1: the search asks for a query word's initial every time.
  std::array<int64_t, 256> letter_ids_ = [] {
    std::array<int64_t, 256> none;
    none.fill(-1);
    return none;
  }();
  KeyTable variant_keys_;  // spelling, phonetic and skeleton keys -> token ids
  KeyTable joined_keys_;   // joined pairs' keys -> record ids
  // Parallel to record_tokens_: where the keys of the pair a token begins are in pair_keys_chars_,
  // the phonetic key and the skeleton, each ended by a NUL.
  std::vector<uint32_t> pair_keys_at_;
  std::string pair_keys_chars_;
  std::vector<uint8_t> has_joined_;  // per token: bit 0, JoinedRecords finds some; bit 1, for an abjad query
  // The first and last four letters, with the length, of every token and phonetic key of at least
  // kEndsLength - 1 letters: a word one edit from such a token shares one of them (EndKey).
  KeySet word_ends_;
  size_t longest_token_ = 0;
  double max_idf_ = 1;
};

}  // namespace embargo
