// The free-text scanner (include/embargo/text_scan.h): built once per list version, then each
// scan runs the four steps in turn: tokenizer.h (tokens with offsets), dictionary.h (the list
// tokens each may be), span_finder.h (candidate spans around rare anchors) and resolver.h
// (screening the spans, overlaps, explanations).
#include "embargo/text_scan.h"

#include <algorithm>

#include "common/io.h"
#include "index/name_index.h"
#include "match/screener_internals.h"
#include "text_scan/dictionary.h"
#include "text_scan/resolver.h"
#include "text_scan/span_finder.h"
#include "text_scan/tokenizer.h"

namespace embargo {

struct TextScanner::Impl {
  const Screener* screener = nullptr;
  const NameIndex* index = nullptr;
  TextScanOptions options;
  text_scan::TokenDictionary dictionary;

  TextScanResult Scan(std::string_view s, double threshold, TextScanStats* stats) const {
    std::vector<text_scan::TextToken> toks = text_scan::TokenizeText(s);
    std::vector<text_scan::TokenHit> hits = text_scan::LookUpTokens(dictionary, options, toks);
    TextScanStats local;
    local.bytes = s.size();
    local.tokens = toks.size();
    const text_scan::SpanInputs inputs{*screener, *index, dictionary, options, threshold};
    std::vector<text_scan::Candidate> candidates = text_scan::FindCandidates(inputs, toks, hits, local);
    TextScanResult result = text_scan::ResolveMentions({*screener, *index, s, threshold, options.max_candidates}, toks,
                                                       std::move(candidates), local);
    if (stats) *stats = local;
    return result;
  }
};

TextScanner::TextScanner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextScanner::~TextScanner() = default;

StatusOr<std::unique_ptr<TextScanner>> TextScanner::Build(const Screener& screener, TextScanOptions options) {
  if (!(options.threshold > 0 && options.threshold <= 1)) return Status::InvalidArgument("threshold: must be in (0, 1]");
  if (options.max_mention_tokens == 0 || options.max_mention_tokens > 24)
    return Status::InvalidArgument("max_mention_tokens: must be in 1..24");
  auto impl = std::make_unique<Impl>();
  impl->screener = &screener;
  impl->index = &ScreenerInternals::Index(screener);
  impl->options = options;
  impl->dictionary.Build(*impl->index, options.min_anchor_idf, options.min_name_coverage);
  return std::unique_ptr<TextScanner>(new TextScanner(std::move(impl)));
}

TextScanResult TextScanner::Scan(std::string_view utf8_text) const {
  return Scan(utf8_text, impl_->options.threshold, nullptr);
}

namespace {

// Texts are tokenised with 32-bit offsets (ICU's UTF-8 macros): longer texts are scanned in
// pieces of at most this many bytes, cut after a line break (or between characters).
constexpr size_t kMaxPiece = size_t{1} << 30;

size_t PieceEnd(std::string_view s, size_t begin, size_t limit = kMaxPiece) {
  if (s.size() - begin <= limit) return s.size();
  size_t end = begin + limit;
  size_t nl = s.rfind('\n', end - 1);
  if (nl != std::string_view::npos && nl > begin) return nl + 1;
  while (end > begin + 1 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return end;
}

}  // namespace

TextScanResult TextScanner::Scan(std::string_view utf8_text, double threshold, TextScanStats* stats) const {
  const size_t limit = std::clamp<size_t>(impl_->options.max_piece_bytes, 64, kMaxPiece);
  if (utf8_text.size() <= limit) return impl_->Scan(utf8_text, threshold, stats);
  TextScanResult all;
  TextScanStats total;
  size_t chars = 0;
  for (size_t begin = 0; begin < utf8_text.size();) {
    size_t end = PieceEnd(utf8_text, begin, limit);
    std::string_view piece = utf8_text.substr(begin, end - begin);
    TextScanStats part;
    TextScanResult found = impl_->Scan(piece, threshold, &part);
    for (Mention& m : found.mentions) {
      m.begin += begin;
      m.end += begin;
      m.char_begin += chars;
      m.char_end += chars;
      all.mentions.push_back(std::move(m));
    }
    for (UnscreenedSpan& u : found.unscreened) {
      u.begin += begin;
      u.end += begin;
      all.unscreened.push_back(std::move(u));
    }
    total.bytes += part.bytes;
    total.tokens += part.tokens;
    total.anchors += part.anchors;
    total.candidates += part.candidates;
    total.screened += part.screened;
    for (char c : piece) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    begin = end;
  }
  if (stats) *stats = total;
  return all;
}

const TextScanOptions& TextScanner::options() const { return impl_->options; }
size_t TextScanner::dictionary_size() const { return impl_->dictionary.size(); }
size_t TextScanner::anchor_count() const { return impl_->dictionary.anchors(); }
size_t TextScanner::unreachable_count() const { return impl_->dictionary.unreachable(); }

size_t FindInvalidUtf8(std::string_view text) { return InvalidUtf8Offset(text); }

}  // namespace embargo
