// An immutable index of normalised names: token dictionary, candidate keys and postings.
//
// Candidate generation (docs/DESIGN.md): a query token reaches dictionary tokens through its
// exact form, its phonetic key, its consonant skeleton and its one-deletion neighbourhood
// (SymSpell), so typos and transliteration variants are found without scanning the list.
// Thread-safety: immutable after Build(); all const methods may run concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "embargo/entity.h"
#include "text/normalize.h"

namespace embargo {

// One normalised form of one name of one entity.
struct NameRecord {
  uint32_t entity = 0;  // index into the entity vector given to Build()
  uint16_t name = 0;    // index into Entity::names
  text::Script script = text::Script::kLatin;
  std::vector<uint32_t> tokens;  // dictionary token ids
  std::vector<text::TokenRole> roles;
  std::vector<std::string> legal_forms;
};

struct DictToken {
  std::string text;
  std::string phonetic;
  std::string skeleton;
  uint64_t text_letters = 0;      // text::LetterMask of text
  uint64_t phonetic_letters = 0;  // and of phonetic
  double idf = 0;
  std::vector<uint32_t> postings;  // name record ids, ascending
};

class NameIndex {
 public:
  void Build(const std::vector<const Entity*>& entities);

  // Weight of a dictionary token by rarity across entities (IDF).
  double Idf(uint32_t token) const { return tokens_[token].idf; }
  // Weight of a token that is not in the dictionary: as rare as it gets.
  double UnknownIdf() const { return max_idf_; }
  const DictToken& token(uint32_t id) const { return tokens_[id]; }
  const NameRecord& record(uint32_t id) const { return records_[id]; }
  size_t record_count() const { return records_.size(); }
  size_t token_count() const { return tokens_.size(); }
  // Id of a token, or -1.
  int64_t Find(std::string_view token) const;

  // Dictionary tokens that may be spelling variants of `query_token`.
  void Variants(std::string_view query_token, std::vector<uint32_t>& out) const;

  // Postings of joined adjacent tokens ("ep" "cfk" -> "epcfk"): records whose name has the pair.
  const std::vector<uint32_t>* JoinedPostings(std::string_view joined) const;

 private:
  uint32_t Intern(const std::string& token);
  void AddKey(const std::string& key, uint32_t token);

  std::vector<NameRecord> records_;
  std::vector<DictToken> tokens_;
  std::unordered_map<std::string, uint32_t> token_ids_;
  std::unordered_map<std::string, std::vector<uint32_t>> keys_;  // variant key -> token ids
  std::unordered_map<std::string, std::vector<uint32_t>> joined_;  // joined pair -> record ids
  double max_idf_ = 1;
};

// Keys under which spelling variants of a token meet.
std::vector<std::string> VariantKeys(std::string_view token);

}  // namespace embargo
