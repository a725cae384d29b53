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

// The mentions among `candidates` (from FindCandidates over `toks` of `s`), in text order, never
// overlapping. Counts the spans screened into `stats`.
std::vector<Mention> ResolveMentions(const Screener& screener, const NameIndex& index, std::string_view s,
                                     const std::vector<TextToken>& toks, std::vector<Candidate> candidates,
                                     double threshold, TextScanStats& stats);

}  // namespace embargo::text_scan
