// Free-text screening: listed persons, companies and vessels mentioned anywhere in a text (a news
// article, a contract, remittance lines), in any script the normaliser reads.
//
// How (docs/DESIGN.md, "Free-text scanning"): the text is tokenised and normalised once, keeping
// each token's byte and code-point offsets; every token is looked up by hash in the list
// dictionary (exact spelling, phonetic key, consonant skeleton for Arabic and Hebrew, Russian case
// endings, joined pairs such as al-Assad or Chinese syllables). Rare list tokens are anchors: only
// around an anchor are name records considered, and only a span that covers enough of a record's
// weight is screened with the Screener, whose hit (score and explanation) the mention carries.
//
// Thread-safety: immutable after Build(); Scan() may run concurrently. The Screener given to
// Build() must outlive the TextScanner.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/screener.h"
#include "embargo/status.h"

namespace embargo {

struct TextScanOptions {
  double threshold = kDefaultThreshold;  // a mention's best hit scores at least this
  size_t max_mention_tokens = 8;         // words in one mention at most
  double min_anchor_idf = 5.0;           // list tokens at least this rare (IDF) start a candidate
  double min_mention_weight = 9.0;       // summed IDF of the list tokens a multi-word mention matched
  double min_name_coverage = 0.75;       // share of the list name's weight (IDF) the mention covers
  size_t min_single_token_length = 5;    // a one-word mention (company, vessel) has this many letters
  double min_single_token_idf = 6.0;     // ... is this rare, and is not a common English word
  bool require_capitals = true;          // in mixed-case lines, the matched words must be capitalised
  size_t max_candidates = 0;             // a budget per span screened (MatchOptions); 0: none
  size_t max_piece_bytes = size_t{1} << 30;  // longer texts are scanned in pieces cut after line breaks
};

// One listed name found in the text.
struct Mention {
  size_t begin = 0, end = 0;            // byte offsets into the scanned text, [begin, end)
  size_t char_begin = 0, char_end = 0;  // the same in Unicode code points
  std::string text;                     // the text's own words, text[begin, end)
  Hit hit;                              // the best entity and why (hit.query_form: the mention normalised)
  std::vector<Hit> also;                // other entities the mention matches at or above the threshold
  // A person named again by surname alone ("Mr. Prigozhin said") after a full mention: the byte
  // offset of that mention, whose hit this one carries. npos for a mention in its own right.
  size_t repeat_of = std::string_view::npos;
};

// A candidate span the Screener could not screen completely (an error, or a budget that left
// list names unscored): a listed name there cannot be ruled out.
struct UnscreenedSpan {
  size_t begin = 0, end = 0;  // byte offsets into the scanned text, [begin, end)
  std::string text;
  std::string reason;
};

// What a scan found, and what it could not screen. A scan with unscreened spans is incomplete
// and is never to be read as clear.
struct TextScanResult {
  std::vector<Mention> mentions;           // in text order, never overlapping
  std::vector<UnscreenedSpan> unscreened;  // in text order
  bool complete() const { return unscreened.empty(); }
};

// What one scan did, for logs and benchmarks.
struct TextScanStats {
  size_t bytes = 0;
  size_t tokens = 0;      // normalised tokens
  size_t anchors = 0;     // token positions that started a candidate
  size_t candidates = 0;  // (name record, position) pairs weighed
  size_t screened = 0;    // distinct spans screened with the Screener
};

class TextScanner {
 public:
  // Builds the token dictionary from the Screener's name index. Fails on bad options.
  static StatusOr<std::unique_ptr<TextScanner>> Build(const Screener& screener, TextScanOptions options = {});
  ~TextScanner();
  TextScanner(const TextScanner&) = delete;
  TextScanner& operator=(const TextScanner&) = delete;

  // Mentions in `utf8_text` and the spans that could not be screened. Invalid UTF-8 bytes are
  // read as spaces (callers that must reject such text check FindInvalidUtf8 first).
  TextScanResult Scan(std::string_view utf8_text) const;
  // The same with another threshold, and statistics when `stats` is given.
  TextScanResult Scan(std::string_view utf8_text, double threshold, TextScanStats* stats) const;

  const TextScanOptions& options() const;
  size_t dictionary_size() const;  // list tokens known
  size_t anchor_count() const;     // of them, rare enough to start a candidate
  // Name records no mention can reach: every token is too common to anchor (MOHAMMED ALI).
  size_t unreachable_count() const;

 private:
  struct Impl;
  explicit TextScanner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Byte offset of the first invalid UTF-8 sequence in `text`, or std::string_view::npos.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace embargo
