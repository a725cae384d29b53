// The free-text scanner (include/embargo/text_scan.h): built once per list version, then each
// scan runs the four steps in turn: tokenizer.h (tokens with offsets), dictionary.h (the list
// tokens each may be), span_finder.h (candidate spans around rare anchors) and resolver.h
// (screening the spans, overlaps, explanations).
#include "embargo/text_scan.h"

#include <unicode/utf8.h>

#include <algorithm>

#include "common/io.h"
#include "index/name_index.h"
#include "match/evidence.h"
#include "match/screener_internals.h"
#include "text/code_points.h"
#include "text/normalize.h"
#include "text_scan/dictionary.h"
#include "text_scan/resolver.h"
#include "text_scan/span_finder.h"
#include "text_scan/tokenizer.h"

namespace embargo {
namespace {

bool IsEmailLocalChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool IsEmailDomainChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }

// The byte length of an invisible character (zero-width space, soft hyphen) starting at / ending
// before byte i of s, else 0.
size_t InvisibleAt(std::string_view s, size_t i) {
  if (i >= s.size() || static_cast<unsigned char>(s[i]) < 0x80) return 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  auto at = static_cast<int32_t>(i);
  UChar32 cp;
  U8_NEXT(bytes, at, static_cast<int32_t>(s.size()), cp);
  return cp >= 0 && text::IsInvisible(static_cast<char32_t>(cp)) ? static_cast<size_t>(at) - i : 0;
}
size_t InvisibleBefore(std::string_view s, size_t i) {
  if (i == 0 || static_cast<unsigned char>(s[i - 1]) < 0x80) return 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  auto at = static_cast<int32_t>(i);
  UChar32 cp;
  U8_PREV(bytes, 0, at, cp);
  return cp >= 0 && text::IsInvisible(static_cast<char32_t>(cp)) ? i - static_cast<size_t>(at) : 0;
}

// The bytes [begin, end) of the e-mail address around the '@' at `at`, and the address with the
// invisible characters inside it left out. The domain ends before punctuation that cannot end
// one (the sentence's full stop, "tv-") and before a dash written "--" ("tv--urgent"; xn-- of
// an internationalised label excepted).
struct EmailSpan {
  size_t begin, end;
  std::string address;
};
EmailSpan EmailAround(std::string_view s, size_t at) {
  size_t b = at, e = at + 1;
  for (size_t k; b > 0;) {
    if (IsEmailLocalChar(s[b - 1])) --b;
    else if ((k = InvisibleBefore(s, b))) b -= k;
    else break;
  }
  for (size_t k; (k = InvisibleAt(s, b));) b += k;
  for (size_t k, label = e; e < s.size();) {
    bool punycode = e == label + 2 && (s[label] | 0x20) == 'x' && (s[label + 1] | 0x20) == 'n';
    if (s[e] == '-' && e + 1 < s.size() && s[e + 1] == '-' && !punycode) break;
    if (s[e] == '.') label = e + 1;
    if (IsEmailDomainChar(s[e])) ++e;
    else if ((k = InvisibleAt(s, e))) e += k;
    else break;
  }
  for (size_t k; e > at + 1;) {
    if (s[e - 1] == '.' || s[e - 1] == '-') --e;
    else if ((k = InvisibleBefore(s, e))) e -= k;
    else break;
  }
  EmailSpan span{b, e, {}};
  for (size_t i = b, k; i < e;) {
    if ((k = InvisibleAt(s, i))) i += k;
    else span.address += s[i++];
  }
  return span;
}

// E-mail addresses of the text that the lists give: a mention each, looked up as an identifier
// is. A name mention inside one ("putin" of putin@...) gives way to it.
void AddListedEmails(const Screener& screener, std::string_view s, double threshold, TextScanResult& result) {
  MatchOptions options;
  options.threshold = threshold;
  size_t chars = 0, counted = 0;  // code points in s[0, counted)
  for (size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    auto [b, e, address] = EmailAround(s, at);
    if (!EmailKey(address)) continue;
    auto r = screener.Screen(Query{.identifiers = {address}}, options);
    if (!r.ok()) {
      result.unscreened.push_back({b, e, address, std::string(r.status().message())});
      continue;
    }
    if (r->hits.empty() || r->hits[0].score < threshold) continue;
    if (b > counted) {
      chars += text::CodePointCount(s.substr(counted, b - counted));
      counted = b;
    }
    std::string_view written = s.substr(b, e - b);
    Mention m{.begin = b, .end = e, .char_begin = chars, .char_end = chars + text::CodePointCount(written),
              .text = std::string(written), .hit = std::move(r->hits[0])};
    for (size_t i = 1; i < r->hits.size(); ++i)
      if (r->hits[i].score >= threshold) m.also.push_back(std::move(r->hits[i]));
    auto& ms = result.mentions;
    std::erase_if(ms, [b = b, e = e](const Mention& n) { return n.begin < e && b < n.end; });
    for (Mention& n : ms)  // a surname said again stands on its own once its first mention gave way
      if (n.repeat_of != std::string_view::npos && n.repeat_of >= b && n.repeat_of < e) n.repeat_of = std::string_view::npos;
    ms.insert(std::upper_bound(ms.begin(), ms.end(), b, [](size_t at, const Mention& n) { return at < n.begin; }),
              std::move(m));
  }
}

// Words no transliteration reads have no tokens, so no span holds them: each run is unscreened
// (a listed name written so cannot be ruled out), kept in text order with the others.
void AddUnread(std::string_view s, const std::vector<std::pair<size_t, size_t>>& unread, TextScanResult& result) {
  if (unread.empty()) return;
  auto& spans = result.unscreened;
  for (auto [b, e] : unread)
    if (std::none_of(spans.begin(), spans.end(), [b = b, e = e](const UnscreenedSpan& u) { return u.begin <= b && e <= u.end; }))
      spans.push_back({b, e, std::string(s.substr(b, e - b)), "letters no transliteration reads: a match cannot be ruled out"});
  std::stable_sort(spans.begin(), spans.end(),
                   [](const UnscreenedSpan& x, const UnscreenedSpan& y) { return x.begin < y.begin; });
}

}  // namespace

struct TextScanner::Impl {
  const Screener* screener = nullptr;
  const NameIndex* index = nullptr;
  TextScanOptions options;
  text_scan::TokenDictionary dictionary;

  TextScanResult Scan(std::string_view s, double threshold, TextScanStats* stats) const {
    std::vector<std::pair<size_t, size_t>> unread;
    std::vector<text_scan::TextToken> toks = text_scan::TokenizeText(s, &unread);
    std::vector<text_scan::TokenHit> hits = text_scan::LookUpTokens(dictionary, options, toks);
    TextScanStats local;
    local.bytes = s.size();
    local.tokens = toks.size();
    const text_scan::SpanInputs inputs{*screener, *index, dictionary, options, threshold};
    std::vector<text_scan::Candidate> candidates = text_scan::FindCandidates(inputs, toks, hits, local);
    TextScanResult result = text_scan::ResolveMentions({*screener, *index, s, threshold, options.max_candidates}, toks,
                                                       std::move(candidates), local);
    AddListedEmails(*screener, s, threshold, result);
    AddUnread(s, unread, result);
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
    chars += text::CodePointCount(piece);
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
