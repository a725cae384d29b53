// Free-text scanning, step 3: around each anchor, the name records it appears in are weighed
// against the nearby tokens; the spans that cover enough of a record, and pass the rules for
// single words and ordinary words, become candidates to screen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "embargo/screener.h"
#include "embargo/text_scan.h"
#include "index/name_index.h"
#include "text_scan/dictionary.h"
#include "text_scan/tokenizer.h"

namespace embargo::text_scan {

struct Candidate {
  size_t left, right;            // token span screened
  size_t core_left, core_right;  // without legal forms added around it
  std::vector<std::pair<size_t, uint32_t>> stems;  // inflected words: position, list token
};

struct SpanInputs {
  const Screener& screener;
  const NameIndex& index;
  const TokenDictionary& dictionary;
  const TextScanOptions& options;
  double threshold;
};

// The candidate spans of a tokenised text (`hits` from LookUpTokens), in the order found, with
// repeats. Counts anchors and candidates into `stats`.
std::vector<Candidate> FindCandidates(const SpanInputs& in, const std::vector<TextToken>& toks,
                                      const std::vector<TokenHit>& hits, TextScanStats& stats);

}  // namespace embargo::text_scan
