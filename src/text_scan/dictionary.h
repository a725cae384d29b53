// Free-text scanning, step 2: the list tokens a text token may be. Built once per list version
// from the Screener's name index: every list token by exact spelling, phonetic key and consonant
// skeleton, and the name records each rare token anchors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/string_map.h"
#include "embargo/text_scan.h"
#include "index/name_index.h"
#include "text_scan/tokenizer.h"

namespace embargo::text_scan {

// A list token found at a text position, covering `len` text tokens (joined pairs: 2 or 3).
struct TokenHit {
  uint32_t dict;
  uint8_t len;
  float sim;
  bool stem = false;  // reached by removing a Russian case ending
};

// Thread-safety: immutable after Build.
class TokenDictionary {
 public:
  // `min_anchor_idf` and `min_name_coverage` as in TextScanOptions.
  void Build(const NameIndex& index, double min_anchor_idf, double min_name_coverage);

  // Appends the list tokens `norm` may be: its exact spelling and, for words that look like names,
  // its phonetic key, consonant skeleton (abjad scripts) and Russian stem.
  void AddHits(const std::string& norm, text::Script script, bool name_like, uint8_t len, std::vector<TokenHit>& out) const;

  // The name records list token `dict` is an anchor of. A record is filed only under its rarest
  // tokens, as many as any mention covering enough of the record must include one of, so a
  // common word such as "vladimir" does not bring up every Vladimir.
  const std::vector<uint32_t>& AnchorOf(uint32_t dict) const { return anchor_postings_[dict]; }

  size_t size() const { return exact_.size(); }
  size_t anchors() const { return anchors_; }
  size_t unreachable() const { return unreachable_; }

 private:
  StringMap<uint32_t> exact_;                  // list token -> dictionary id
  StringMap<std::vector<uint32_t>> phonetic_;  // phonetic key -> dictionary ids
  StringMap<std::vector<uint32_t>> skeleton_;  // consonant skeleton -> dictionary ids (abjad text)
  std::vector<std::vector<uint32_t>> anchor_postings_;
  size_t anchors_ = 0;
  size_t unreachable_ = 0;  // name records with no anchor: only common words (Mohammed Ali)
};

// A record whose name is one word of four letters or more (legal forms aside), not a person's:
// filed under that word however common it is among list names, and a mention on its own.
bool WholeNameWord(const NameIndex& index, const NameRecord& rec);

// Every token of the text (and joined pair) looked up in the dictionary: sets each token's
// first_hit and hit_count into the returned vector. Each distinct word is looked up once.
std::vector<TokenHit> LookUpTokens(const TokenDictionary& dictionary, const TextScanOptions& options,
                                   std::vector<TextToken>& toks);

}  // namespace embargo::text_scan
