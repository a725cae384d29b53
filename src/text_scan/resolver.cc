#include "text_scan/resolver.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>

#include "text_scan/common_words.h"

namespace embargo::text_scan {
namespace {

// Each distinct span screened once per scan; the hits at or above the threshold are kept.
class SpanScreener {
 public:
  SpanScreener(const ResolveInputs& in, const std::vector<TextToken>& toks, TextScanStats& stats,
               std::vector<UnscreenedSpan>& unscreened)
      : screener_(in.screener), index_(in.index), s_(in.text), toks_(toks), threshold_(in.threshold), stats_(stats),
        unscreened_(unscreened) {
    match_.threshold = in.threshold;
    match_.limit = 5;
    match_.max_candidates = in.max_candidates;
  }

  // The hits of text[left..right]; they stay put while the SpanScreener lives. A span that
  // could not be screened completely is also reported as unscreened (once). A span with words
  // glued together (TextToken kGluedBefore) is also screened with them apart, and the better
  // reading is taken: the Screener drops what shows nothing (Vladimir\u200BPutin is VladimirPutin),
  // which may hide a space or not (Pu\u00ADtin).
  const std::vector<Hit>& Screen(size_t left, size_t right, const std::vector<std::pair<size_t, uint32_t>>& stems) {
    const bool as_tokens = ReadAsTokens(left, right, stems);
    const std::vector<Hit>& hits = ScreenText(SpanText(left, right, stems, as_tokens), left, right);
    // Read as its tokens, the span has its words apart already.
    std::optional<std::string> apart = as_tokens ? std::nullopt : GluedApart(left, right);
    if (!apart) return hits;
    const std::vector<Hit>& hits_apart = ScreenText(*apart, left, right);
    if (hits_apart.empty()) return hits;
    return hits.empty() || hits_apart.front().score > hits.front().score ? hits_apart : hits;
  }

 private:
  // Whether the span is screened as its tokens read (SpanText): it holds an inflected word or one
  // read as shown.
  bool ReadAsTokens(size_t left, size_t right, const std::vector<std::pair<size_t, uint32_t>>& stems) const {
    bool inflected = false;
    for (const auto& st : stems) inflected |= st.first >= left && st.first <= right;
    for (size_t p = left; p <= right; ++p) inflected |= toks_[p].as_shown;
    return inflected;
  }

  // The hits of `span`, text[left..right] as read, screened once per scan.
  const std::vector<Hit>& ScreenText(const std::string& span, size_t left, size_t right) {
    auto [it, inserted] = screened_.try_emplace(span);
    if (inserted) {
      ++stats_.screened;
      Query q;
      q.name = span;
      auto result = screener_.Screen(q, match_);
      if (!result.ok()) {
        Unscreened(left, right, "could not be screened: " + result.status().message());
        return it->second;
      }
      if (result->unread_letters)
        Unscreened(left, right, "letters no transliteration reads: a match cannot be ruled out");
      else if (result->incomplete)
        Unscreened(left, right, "more similar list names than the budget (" + std::to_string(match_.max_candidates) +
                                    ") allows to score: a match cannot be ruled out");
      for (auto& h : result->hits)
        if (h.score >= threshold_) it->second.push_back(std::move(h));
    }
    return it->second;
  }

  // The span as written with a space for what glues its words (the invisible characters between
  // them, or nothing between a small letter and a capital); nullopt when none are glued.
  std::optional<std::string> GluedApart(size_t left, size_t right) const {
    std::optional<std::string> apart;
    size_t from = toks_[left].begin;
    for (size_t p = left + 1; p <= right; ++p) {
      if (!(toks_[p].flags & kGluedBefore) || toks_[p].begin < toks_[p - 1].end) continue;
      if (!apart) apart.emplace();
      apart->append(s_.substr(from, toks_[p - 1].end - from));
      *apart += ' ';
      from = toks_[p].begin;
    }
    if (apart) apart->append(s_.substr(from, toks_[right].end - from));
    return apart;
  }

  // The span as written, or as its tokens read (`as_tokens`, ReadAsTokens): inflected words
  // (Путина) are screened as their list spelling, words read as shown as they read.
  std::string SpanText(size_t left, size_t right, const std::vector<std::pair<size_t, uint32_t>>& stems,
                       bool as_tokens) const {
    if (!as_tokens)
      return std::string(s_.substr(toks_[left].begin, toks_[right].end - toks_[left].begin));
    std::string span;
    for (size_t p = left; p <= right; ++p) {
      bool comma = p > left && toks_[p].begin >= toks_[p - 1].end &&
                   s_.substr(toks_[p - 1].end, toks_[p].begin - toks_[p - 1].end).find(',') != std::string_view::npos;
      if (p > left) span += comma ? ", " : " ";
      std::string word = toks_[p].norm;
      for (const auto& st : stems)
        if (st.first == p) word = index_.token(st.second).text;
      span += word;
    }
    return span;
  }

  void Unscreened(size_t left, size_t right, std::string reason) {
    size_t b = toks_[left].begin, e = toks_[right].end;
    for (const UnscreenedSpan& u : unscreened_)  // a span's other reading
      if (u.begin == b && u.end == e && u.reason == reason) return;
    unscreened_.push_back({b, e, std::string(s_.substr(b, e - b)), std::move(reason)});
  }

  const Screener& screener_;
  const NameIndex& index_;
  std::string_view s_;
  const std::vector<TextToken>& toks_;
  double threshold_;
  TextScanStats& stats_;
  std::vector<UnscreenedSpan>& unscreened_;
  MatchOptions match_;
  std::unordered_map<std::string, std::vector<Hit>> screened_;  // span text -> hits at or above the threshold
};

struct Found {
  size_t left, right;
  const std::vector<Hit>* hits;  // in the SpanScreener, whose nodes stay put
  const Candidate* candidate;
};

void SortAndDedupe(std::vector<Candidate>& candidates) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.left, a.right, a.core_left, a.core_right) < std::tie(b.left, b.right, b.core_left, b.core_right);
  });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const Candidate& a, const Candidate& b) {
                                 return a.left == b.left && a.right == b.right && a.core_left == b.core_left &&
                                        a.core_right == b.core_right;
                               }),
                   candidates.end());
}

// The explanation shows inflected words as written: Путина met PUTIN by its case ending.
void ShowInflections(const NameIndex& index, const std::vector<TextToken>& toks, const Found& f, Mention& m) {
  for (const auto& [pos, dict] : f.candidate->stems) {
    if (pos < f.left || pos > f.right) continue;
    auto mark = [&, pos = pos, dict = dict](Hit& h) {
      for (TokenMatch& t : h.tokens)
        if (t.query == index.token(dict).text) {
          t.query = toks[pos].norm;
          t.how = "inflected";
        }
    };
    mark(m.hit);
    for (Hit& h : m.also) mark(h);
  }
}

// The word a person mention is named again by: its rarest word on the lists, when that word is
// a surname-like word (four letters or more, no common word).
std::optional<std::string> SurnameOf(const NameIndex& index, const std::vector<TextToken>& toks, size_t left, size_t right) {
  std::optional<std::string> best;
  double best_idf = 0;
  for (size_t p = left; p <= right; ++p) {
    const std::string& w = toks[p].norm;
    int64_t d = index.Find(w);
    if (d < 0 || w.size() < 4 || text::IsTitle(w) || IsCommonWord(w)) continue;
    if (double idf = index.Idf(static_cast<uint32_t>(d)); idf > best_idf) best = w, best_idf = idf;
  }
  return best;
}

// Is the word at `p` standing alone as a name: capitalised where case carries meaning, and not
// part of a longer name (Anna Prigozhina, Putin Street); a title before it is allowed.
bool StandsAlone(const std::vector<TextToken>& toks, size_t p) {
  auto capital = [&](size_t q) { return (toks[q].flags & kCapital) || !(toks[q].flags & kMixedCase); };
  if (!capital(p)) return false;
  // A part of words glued together (PrigozhinGroup, Prigozhin\u200Bov) is no word alone.
  if ((toks[p].flags & kGluedBefore) || (p + 1 < toks.size() && (toks[p + 1].flags & kGluedBefore))) return false;
  bool named_before = p > 0 && !(toks[p].flags & kHardBefore) && (toks[p - 1].flags & kMixedCase) &&
                      capital(p - 1) && !text::IsTitle(toks[p - 1].norm);
  bool named_after = p + 1 < toks.size() && !(toks[p + 1].flags & kHardBefore) && (toks[p + 1].flags & kMixedCase) &&
                     capital(p + 1);
  return !named_before && !named_after;
}

// A person found by full name may be named again by surname alone further on: each such word
// becomes a mention carrying the person's hit, linked to the first full mention.
void AddSurnameRepeats(const NameIndex& index, std::string_view s, const std::vector<TextToken>& toks,
                       const std::vector<std::pair<size_t, size_t>>& spans, std::vector<uint8_t>& taken,
                       std::vector<Mention>& mentions) {
  const size_t kept = mentions.size();
  std::unordered_map<std::string, size_t> surnames;  // word -> the first full mention with it
  for (size_t k = 0; k < kept; ++k) {
    if (mentions[k].hit.entity->schema != Schema::kPerson || spans[k].first == spans[k].second) continue;
    auto word = SurnameOf(index, toks, spans[k].first, spans[k].second);
    if (word) {
      auto [it, inserted] = surnames.try_emplace(std::move(*word), k);
      if (!inserted && spans[k].first < spans[it->second].first) it->second = k;
    }
  }
  if (surnames.empty()) return;
  // One pass over the text: each word is looked up once (a long text may hold thousands of
  // person mentions).
  for (size_t p = 0; p < toks.size(); ++p) {
    auto found = surnames.find(toks[p].norm);
    if (found == surnames.end()) continue;
    const size_t k = found->second;
    if (p <= spans[k].second || taken[p] || !StandsAlone(toks, p)) continue;
    if (p + 1 < toks.size() && toks[p + 1].begin < toks[p].end) continue;  // one token of a longer word
    taken[p] = 1;
    Mention m;
    m.begin = toks[p].begin;
    m.end = toks[p].end;
    m.char_begin = toks[p].char_begin;
    m.char_end = toks[p].char_end;
    m.text = std::string(s.substr(m.begin, m.end - m.begin));
    m.hit = mentions[k].hit;
    m.repeat_of = mentions[k].begin;
    mentions.push_back(std::move(m));
  }
}

}  // namespace

TextScanResult ResolveMentions(const ResolveInputs& in, const std::vector<TextToken>& toks,
                               std::vector<Candidate> candidates, TextScanStats& stats) {
  const NameIndex& index = in.index;
  std::string_view s = in.text;
  SortAndDedupe(candidates);
  TextScanResult out;
  SpanScreener spans(in, toks, stats, out.unscreened);
  std::vector<Found> found;
  for (const Candidate& c : candidates) {
    // With legal forms around it the mention is the whole span; its hit is the better of the
    // span's and the bare name's (the Screener may not know an abbreviation such as НК).
    const std::vector<Hit>* hs = &spans.Screen(c.left, c.right, c.stems);
    if (c.left != c.core_left || c.right != c.core_right) {
      const std::vector<Hit>& core = spans.Screen(c.core_left, c.core_right, c.stems);
      if (!core.empty() && (hs->empty() || core.front().score > hs->front().score)) hs = &core;
    }
    if (!hs->empty()) found.push_back({c.left, c.right, hs, &c});
  }
  // Overlaps: the best score wins, then the longest span.
  std::sort(found.begin(), found.end(), [&](const Found& a, const Found& b) {
    double sa = std::round(a.hits->front().score * 1000), sb = std::round(b.hits->front().score * 1000);
    if (sa != sb) return sa > sb;
    size_t la = toks[a.right].end - toks[a.left].begin, lb = toks[b.right].end - toks[b.left].begin;
    if (la != lb) return la > lb;
    return a.left < b.left;
  });
  std::vector<Mention>& mentions = out.mentions;
  std::vector<std::pair<size_t, size_t>> kept_tokens;  // each kept mention's first and last token
  // Tokens already in a kept mention. Tokens of one word share its bytes, so whole words are marked.
  const size_t T = toks.size();
  std::vector<uint8_t> taken(T, 0);
  for (Found& f : found) {
    size_t b = toks[f.left].begin, e = toks[f.right].end;
    size_t first = f.left, last = f.right;
    while (first > 0 && toks[first - 1].end > b) --first;
    while (last + 1 < T && toks[last + 1].begin < e) ++last;
    bool overlaps = false;
    for (size_t p = first; p <= last; ++p) overlaps |= taken[p] != 0;
    if (overlaps) continue;
    std::fill(taken.begin() + static_cast<std::ptrdiff_t>(first), taken.begin() + static_cast<std::ptrdiff_t>(last) + 1, 1);
    Mention m;
    m.begin = b;
    m.end = e;
    m.char_begin = toks[f.left].char_begin;
    m.char_end = toks[f.right].char_end;
    m.text = std::string(s.substr(b, e - b));
    m.hit = f.hits->front();
    m.also.assign(f.hits->begin() + 1, f.hits->end());
    ShowInflections(index, toks, f, m);
    mentions.push_back(std::move(m));
    kept_tokens.emplace_back(f.left, f.right);
  }
  AddSurnameRepeats(index, s, toks, kept_tokens, taken, mentions);
  std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) { return a.begin < b.begin; });
  std::sort(out.unscreened.begin(), out.unscreened.end(),
            [](const UnscreenedSpan& a, const UnscreenedSpan& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });
  return out;
}

}  // namespace embargo::text_scan
