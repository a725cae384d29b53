// Free-text scanning, step 4: each distinct candidate span is screened once with the Screener,
// whose score decides; overlapping mentions are resolved (best score, then longest span) and the
// explanations show inflected words as the text wrote them.
#pragma once

#include <string_view>
#include <vector>

#include "embargo/screener.h"
#include "embargo/text_scan.h"
#include "index/name_index.h"
#include "text_scan/span_finder.h"
#include "text_scan/tokenizer.h"

namespace embargo::text_scan {

struct ResolveInputs {
  const Screener& screener;
  const NameIndex& index;
  std::string_view text;
  double threshold;
  size_t max_candidates;  // the Screener's budget per span; 0: none
};

// The mentions among `candidates` (from FindCandidates over `toks` of the text), in text order,
// never overlapping, and the spans that could not be screened completely. Counts the spans
// screened into `stats`.
TextScanResult ResolveMentions(const ResolveInputs& in, const std::vector<TextToken>& toks,
                               std::vector<Candidate> candidates, TextScanStats& stats);

}  // namespace embargo::text_scan
