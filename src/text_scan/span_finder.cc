#include "text_scan/span_finder.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "match/screener_internals.h"
#include "text/legal_forms.h"
#include "text/scoring_params.h"
#include "text_scan/common_words.h"

namespace embargo::text_scan {
namespace {

// What a surname must weigh for initials beside it to make a mention (Putin 8.5, Lavrov 9.0).
constexpr double kInitialledNameWeight = 8.0;

// One name record weighed at one anchor: the record tokens matched so far and what they say.
struct RecordMatch {
  const NameRecord* rec = nullptr;
  size_t n = 0;                   // the record's tokens
  size_t matched_count = 0;
  size_t content_count = 0;       // matched words other than function words (THE BASE has one)
  size_t content_pos = 0;         // and where the last of them stands
  TokenHit content_hit{};
  bool all_ordinary = true;       // every matched word is an ordinary English word
  std::vector<std::pair<size_t, uint32_t>> stems;
  double matched_w = 0;
  double initials_w = 0;          // list words initials stood for ("V." for VLADIMIR), in full
  size_t initials = 0;
  bool uncapitalised = false;
  size_t left = 0, right = 0;     // the token span grown so far
};

std::vector<uint8_t>& NearScratch(size_t tokens) {
  thread_local std::vector<uint8_t> near;
  if (near.size() < tokens) near.assign(tokens, 0);
  return near;
}

class SpanFinder {
 public:
  SpanFinder(const SpanInputs& in, const std::vector<TextToken>& toks, const std::vector<TokenHit>& hits)
      : in_(in), toks_(toks), hits_(hits), T_(toks.size()), legal_form_(toks.size(), -1),
        facts_(toks.size(), 0),
        min_cov_(std::pow(std::max(in.threshold - 0.05, 0.05), 1.0 / scoring::kListExponent)),
        max_tokens_(std::max<size_t>(in.options.max_mention_tokens, 1)) {}

  std::vector<Candidate> Run(TextScanStats& stats) {
    for (size_t i = 0; i < T_; ++i) {
      bool anchored = false;
      for (uint32_t h = toks_[i].first_hit; h < toks_[i].first_hit + toks_[i].hit_count; ++h) {
        const TokenHit anchor_hit = hits_[h];
        const std::vector<uint32_t>& records = in_.dictionary.AnchorOf(anchor_hit.dict);
        if (records.empty()) continue;
        if (!anchored) MarkWindow(i, 1);
        anchored = true;
        for (uint32_t r : records) {
          ++stats.candidates;
          if (std::optional<Candidate> c = Weigh(i, anchor_hit, r)) candidates_.push_back(std::move(*c));
        }
      }
      if (anchored) {
        MarkWindow(i, 0);
        ++stats.anchors;
      }
      // A whole name spelt out letter by letter ("V L A D I M I R P U T I N") is no list word:
      // the Screener reads it as `screen` does. One that is a list word (S B E R B A N K) is
      // weighed as any word is, above; a short run is an acronym's letters or a table's
      // ("c c c c"), not a name of two words.
      constexpr size_t kMinSpeltOutName = 8;
      if (toks_[i].spelt_out && toks_[i].hit_count == 0 && toks_[i].norm.size() >= kMinSpeltOutName)
        candidates_.push_back(Candidate{i, i, i, i, {}});
    }
    return std::move(candidates_);
  }

 private:
  double Idf(uint32_t d) const { return in_.index.Idf(d); }

  // Marks (1) or unmarks (0) in near_ the dictionary tokens hit within a mention's reach of
  // position i: a mention around i can take no other.
  // Initials in reach are kept as a set of letters.
  void MarkWindow(size_t i, uint8_t value) {
    size_t lo = i >= max_tokens_ ? i - max_tokens_ : 0, hi = std::min(T_ - 1, i + max_tokens_);
    near_initials_ = 0;
    for (size_t p = lo; p <= hi; ++p) {
      for (uint32_t x = toks_[p].first_hit; x < toks_[p].first_hit + toks_[p].hit_count; ++x) near_[hits_[x].dict] = value;
      if (value && toks_[p].initial) near_initials_ |= 1u << (toks_[p].norm[0] - 'a');
    }
  }

  // Could an initial in reach stand for the record's token k?
  bool InitialNear(const NameRecord& rec, size_t k) const {
    if (!near_initials_ || rec.family != SchemaFamily::kPerson || rec.roles[k] == text::TokenRole::kInitial) return false;
    const std::string& word = in_.index.token(rec.tokens[k]).text;
    return word.size() >= 2 && word[0] >= 'a' && word[0] <= 'z' && (near_initials_ >> (word[0] - 'a') & 1u);
  }

  // Could the record reach CoversRecord's bar, every one of its tokens hit nearby taken in full
  // and every optional one missing? Most records filed under a word cannot, and are not weighed.
  bool CanCover(const NameRecord& rec) const {
    double reachable = 0, least_total = 0;
    for (size_t k = 0; k < rec.tokens.size(); ++k) {
      double w = ListWeight(rec, k);
      least_total += rec.roles[k] == text::TokenRole::kOptional ? w * scoring::kOptionalUnmatched : w;
      if (near_[rec.tokens[k]] || InitialNear(rec, k)) reachable += Idf(rec.tokens[k]);
    }
    return reachable >= CoverageBar() * least_total - 1e-9;
  }

  double CoverageBar() const { return std::max(min_cov_, in_.options.min_name_coverage); }

  // What the record's token k weighs in its coverage (an initial says little).
  double ListWeight(const NameRecord& rec, size_t k) const {
    return rec.roles[k] == text::TokenRole::kInitial ? scoring::kInitialWeight : Idf(rec.tokens[k]);
  }

  // The record at anchor `i`, grown over the tokens around it; a candidate when it passes.
  std::optional<Candidate> Weigh(size_t i, const TokenHit& anchor_hit, uint32_t r) {
    RecordMatch m;
    m.rec = &in_.index.record(r);
    m.n = m.rec->tokens.size();
    if (m.n == 0 || m.n > 24 || !CanCover(*m.rec)) return std::nullopt;
    matched_.assign(m.n, 0);
    matched_at_.assign(m.n, 0);
    m.content_pos = i;
    m.content_hit = anchor_hit;
    if (!Take(m, anchor_hit, i)) return std::nullopt;
    m.left = i;
    m.right = i + anchor_hit.len - 1;
    // Adjacent words first, then across one stray word: a name said twice in a sentence is two
    // mentions, neither taking the other's words ("Kim Jong Un met Kim Jong Un").
    GrowRight(m, 0, false);
    GrowLeft(m, 0, false);
    GrowRight(m, 1, false);
    GrowLeft(m, 1, false);
    if (near_initials_ && m.rec->family == SchemaFamily::kPerson) GrowOverInitials(m);
    if (!CoversRecord(m)) return std::nullopt;
    if (in_.options.require_capitals && m.uncapitalised) return std::nullopt;
    const Entity& entity = ScreenerInternals::EntityAt(in_.screener, m.rec->entity);
    // One word alone (function words aside: TO PACK, THE BASE): a distinctive company or vessel
    // name, never a person's name or a common word.
    bool single_word = m.content_count <= 1 && m.initials == 0;
    if (single_word) {
      if (!SingleWordIsName(m, entity)) return std::nullopt;
    } else if (m.matched_w + scoring::kInitialWeight * m.initials_w < in_.options.min_mention_weight) {
      return std::nullopt;
    } else if (m.initials > 0 && WordsWeight(m) < kInitialledNameWeight) {
      return std::nullopt;  // J. Lee, A. Ahmed, V. Ivanov: a common surname and an initial name nobody
    }
    Candidate c{m.left, m.right, m.left, m.right, std::move(m.stems)};
    if (entity.schema != Schema::kPerson) AddLegalForms(c);
    else AddInitials(c);
    if (CutsAWord(c)) return std::nullopt;
    if (!single_word && m.all_ordinary && entity.schema != Schema::kPerson && m.content_count < 3 &&
        c.left == c.core_left && c.right == c.core_right && !OrdinaryWordsStandAsName(m)) {
      return std::nullopt;
    }
    return c;
  }

  // Marks the first unmatched record token equal to `th`'s; false when none is.
  bool Take(RecordMatch& m, const TokenHit& th, size_t pos) {
    const NameRecord& rec = *m.rec;
    for (size_t k = 0; k < m.n; ++k) {
      if (matched_[k] || rec.tokens[k] != th.dict) continue;
      matched_[k] = 1;
      matched_at_[k] = pos;
      ++m.matched_count;
      const uint8_t facts = Facts(pos);
      if (th.len > 1 || !(facts & kFunctionWord)) {
        ++m.content_count;
        m.content_pos = pos;
        m.content_hit = th;
      }
      if (th.stem) m.stems.push_back({pos, th.dict});
      // A word joined from parts (Plat-form, Ser\x1fvice) is as ordinary as the word it makes.
      bool ordinary = th.len > 1 ? IsOrdinaryWord(in_.index.token(th.dict).text) : (facts & kOrdinary) != 0;
      if (toks_[pos].script != text::Script::kLatin || !ordinary) m.all_ordinary = false;
      m.matched_w += Idf(th.dict) * th.sim;
      bool capital = false;
      for (size_t p = pos; p < pos + th.len && p < T_; ++p)
        capital |= (toks_[p].flags & kCapital) || !(toks_[p].flags & kCased);
      if ((toks_[pos].flags & kMixedCase) && !capital) m.uncapitalised = true;
      return true;
    }
    return false;
  }

  // What the span's words (its initials aside) weigh as written: "Hassan" as the common word it
  // is, not as the rarer list spelling it met (AL-HASSAN).
  double WordsWeight(const RecordMatch& m) const {
    double w = 0;
    for (size_t p = m.left; p <= m.right; ++p) {
      if (toks_[p].initial) continue;
      int64_t d = in_.index.Find(toks_[p].norm);
      if (d >= 0) w += Idf(static_cast<uint32_t>(d));
    }
    return w;
  }

  // Initials stand for the list words the text's words left unmatched: those inside the span
  // ("Vladimir V. Putin"), then those around it ("V.V. Putin").
  void GrowOverInitials(RecordMatch& m) {
    for (size_t p = m.left; p <= m.right; ++p) {
      bool taken = false;
      for (size_t k = 0; k < m.n && !taken; ++k) taken = matched_[k] && matched_at_[k] == p;
      if (!taken) TakeInitial(m, p);
    }
    GrowRight(m, 0, true);
    GrowLeft(m, 0, true);
  }

  // An initial of the text ("V.") stands for the first unmatched list word of a person's name it
  // begins (a firm's name has no initials: "E.G. ASIA" is no E... G... ASIA): it covers
  // that word's weight, but adds only an initial's share to what the mention weighs (M. Ali is
  // still too slight to be a mention).
  bool TakeInitial(RecordMatch& m, size_t pos) {
    if (!toks_[pos].initial) return false;
    for (size_t k = 0; k < m.n; ++k) {
      const std::string& word = in_.index.token(m.rec->tokens[k]).text;
      if (matched_[k] || m.rec->roles[k] == text::TokenRole::kInitial || word.size() < 2 || word[0] != toks_[pos].norm[0])
        continue;
      matched_[k] = 1;
      matched_at_[k] = pos;
      ++m.matched_count;
      ++m.initials;
      m.initials_w += ListWeight(*m.rec, k);
      return true;
    }
    return false;
  }

  // What a text word is, asked once per position: every record weighed over it asks again.
  static constexpr uint8_t kKnown = 1, kFunctionWord = 2, kOrdinary = 4, kCommonKnown = 8, kCommon = 16;
  uint8_t Facts(size_t pos) {
    uint8_t& f = facts_[pos];
    if (f & kKnown) return f;
    const std::string& word = toks_[pos].norm;
    f = kKnown;
    if (FunctionWords().count(word)) f |= kFunctionWord;
    // Numbers count as ordinary: they do not make a name distinctive (SET 1).
    bool digits = std::all_of(word.begin(), word.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits || IsOrdinaryWord(word)) f |= kOrdinary;
    return f;
  }

  bool CommonAt(size_t pos) const {
    uint8_t& f = facts_[pos];
    if (!(f & kCommonKnown)) f |= kCommonKnown | (IsCommonWord(toks_[pos].norm) ? kCommon : 0);
    return f & kCommon;
  }

  // Grows the span right over tokens of the record; up to `max_gap` stray words may sit between.
  void GrowRight(RecordMatch& m, size_t max_gap, bool initials) {
    for (size_t j = m.right + 1, gap = 0; j < T_ && j - m.left < max_tokens_ && !(toks_[j].flags & kHardBefore);) {
      bool took = false;
      for (uint32_t x = toks_[j].first_hit; x < toks_[j].first_hit + toks_[j].hit_count && !took; ++x) {
        if (j + hits_[x].len - 1 >= T_ || j + hits_[x].len - 1 - m.left >= max_tokens_) continue;
        if (Take(m, hits_[x], j)) {
          took = true;
          m.right = j + hits_[x].len - 1;
        }
      }
      if (!took && initials && !InitialOfNextName(j) && TakeInitial(m, j)) {
        took = true;
        m.right = j;
      }
      if (took) {
        gap = 0;
        j = m.right + 1;
      } else if (++gap > max_gap) {
        break;
      } else {
        ++j;
      }
    }
  }

  // The same to the left, where a joined hit (2 or 3 tokens) must end just before the span.
  void GrowLeft(RecordMatch& m, size_t max_gap, bool initials) {
    for (size_t j = m.left, gap = 0; j > 0 && m.right - (j - 1) < max_tokens_ && !(toks_[j].flags & kHardBefore);) {
      size_t end = j - 1;  // a hit that ends here
      bool took = false;
      for (size_t p = end + 1; p-- > 0 && end - p < 3 && !took;) {
        for (uint32_t x = toks_[p].first_hit; x < toks_[p].first_hit + toks_[p].hit_count && !took; ++x) {
          if (p + hits_[x].len - 1 != end) continue;
          bool broken = false;
          for (size_t q = p + 1; q <= end; ++q) broken |= (toks_[q].flags & kHardBefore) != 0;
          if (!broken && Take(m, hits_[x], p)) {
            took = true;
            m.left = p;
          }
        }
      }
      if (!took && initials && TakeInitial(m, end)) {
        took = true;
        m.left = end;
      }
      if (took) {
        gap = 0;
        j = m.left;
      } else if (++gap > max_gap) {
        break;
      } else {
        --j;
      }
    }
  }

  // Does the span cover enough of the record to reach the threshold? (The name score grows with
  // the list side's coverage^kListExponent, see docs/SCORING.md.) Free text is held to more than the
  // Screener's bar: most of the list name must be there ("the current" is not THE MISSIONARY
  // CURRENT).
  bool CoversRecord(const RecordMatch& m) const {
    const NameRecord& rec = *m.rec;
    double total_w = 0;
    for (size_t k = 0; k < m.n; ++k) {
      double w = ListWeight(rec, k);
      if (!matched_[k] && rec.roles[k] == text::TokenRole::kOptional) w *= scoring::kOptionalUnmatched;
      total_w += w;
    }
    return m.matched_w + m.initials_w >= CoverageBar() * total_w;
  }

  // A mention of one word: a company or vessel, long and rare enough, spelt exactly as listed
  // (unless transliterated: Algoritm is a company, algorithm a word), and no common word.
  bool SingleWordIsName(const RecordMatch& m, const Entity& entity) const {
    const TextToken& t = toks_[m.content_pos];
    const std::string& listed = in_.index.token(m.content_hit.dict).text;
    if (m.content_count == 0 || entity.schema == Schema::kPerson) return false;
    // A joined pair (al-Qaida, حزب الله) is one word here.
    const std::string& word = m.content_hit.len > 1 ? listed : t.norm;
    // The entity's whole name is this word (GAZPROM): however many list names share it, it names
    // the entity; written in capitals among mixed-case words (the IRGC), even a short one does.
    bool whole_name = m.content_hit.len == 1 && WholeNameWord(in_.index, *m.rec);
    bool acronym = whole_name && (t.flags & kAllCaps) && (t.flags & kMixedCase) && m.content_hit.sim == 1.0f;
    if (word.size() < in_.options.min_single_token_length && !acronym) return false;
    if (Idf(m.content_hit.dict) < in_.options.min_single_token_idf && !whole_name) return false;
    if (t.script == text::Script::kLatin && m.content_hit.sim < 1.0f) return false;
    bool common = m.content_hit.len > 1 ? IsCommonWord(listed) : CommonAt(m.content_pos);
    return !common && (listed == word || !IsCommonWord(listed));
  }

  // Whether the span begins or ends inside a word that glues words together: its parts are read
  // apart, but a mention takes all of it or none (not Titan of AppliedMicro Titan, nor Specs of
  // workerPoolSpecs).
  bool CutsAWord(const Candidate& c) const {
    return toks_[c.left].in_word || (c.right + 1 < T_ && toks_[c.right + 1].in_word);
  }

  // Legal forms around an organisation's name belong to the mention (Rosneft PJSC, ПАО Роснефть,
  // and ПАО НК Роснефть, where an abbreviation sits between form and name).
  void AddLegalForms(Candidate& c) {
    auto form_at = [&](size_t p) {
      if (legal_form_[p] < 0) legal_form_[p] = text::IsLegalFormToken(toks_[p].norm);
      return legal_form_[p] == 1;
    };
    auto short_caps = [&](size_t p) {
      return toks_[p].norm.size() <= 3 && (toks_[p].flags & kCapital) && !FunctionWords().count(toks_[p].norm);
    };
    for (int k = 0; k < 3 && c.left > 0 && !(toks_[c.left].flags & kHardBefore); ++k) {
      if (form_at(c.left - 1)) --c.left;
      else if (c.left > 1 && short_caps(c.left - 1) && !(toks_[c.left - 1].flags & kHardBefore) && form_at(c.left - 2)) c.left -= 2;
      else break;
    }
    for (int k = 0; k < 3 && c.right + 1 < T_ && !(toks_[c.right + 1].flags & kHardBefore) && form_at(c.right + 1); ++k)
      ++c.right;
  }

  // Initials just before or after a person's name belong to the mention ("V.V. Putin", "Putin
  // V.V."), whether or not the list name has a word for each.
  void AddInitials(Candidate& c) const {
    for (int k = 0; k < 3 && c.left > 0 && toks_[c.left - 1].initial && !(toks_[c.left].flags & kHardBefore); ++k) --c.left;
    for (int k = 0; k < 3 && c.right + 1 < T_ && toks_[c.right + 1].initial && !(toks_[c.right + 1].flags & kHardBefore) &&
                    !InitialOfNextName(c.right + 1);
         ++k)
      ++c.right;
  }

  // Is the initial at `pos` the first of a name that follows it ("Petrov, A. Smith": A. is
  // Smith's)? So it is when the next word, in the same clause, is capitalised and no initial.
  bool InitialOfNextName(size_t pos) const {
    size_t next = pos + 1;
    while (next < T_ && toks_[next].initial && !(toks_[next].flags & kHardBefore)) ++next;
    if (next >= T_ || (toks_[next].flags & kHardBefore)) return false;
    return (toks_[next].flags & kCapital) && (toks_[next].flags & kMixedCase);
  }

  // A name of ordinary words ("Service Platform") without its legal form is a mention only where
  // capitals show it is a name and it stands in full and in order; "Platform Service" and
  // STANDARD LINE in a text all in capitals are just words.
  bool OrdinaryWordsStandAsName(const RecordMatch& m) const {
    if (!(toks_[m.left].flags & kMixedCase)) return false;
    bool in_order = m.matched_count == m.n;
    for (size_t k = 1; k < m.n && in_order; ++k) in_order = matched_at_[k] > matched_at_[k - 1];
    return in_order;
  }

  const SpanInputs& in_;
  const std::vector<TextToken>& toks_;
  const std::vector<TokenHit>& hits_;
  const size_t T_;
  std::vector<int8_t> legal_form_;  // per token: a legal form? (-1: not asked yet)
  mutable std::vector<uint8_t> facts_;  // per token: Facts() and CommonAt(), 0 until asked
  const double min_cov_;
  const size_t max_tokens_;
  // Per dictionary token: hit near the anchor being weighed (MarkWindow). Kept per thread, as
  // large as the dictionary, and left all zero between anchors.
  std::vector<uint8_t>& near_ = NearScratch(in_.index.token_count());
  uint32_t near_initials_ = 0;  // letters of the initials near the anchor, bit 0 for 'a'
  std::vector<uint8_t> matched_;    // per record token, for the record being weighed
  std::vector<size_t> matched_at_;  // per record token: text position
  std::vector<Candidate> candidates_;
};

}  // namespace

std::vector<Candidate> FindCandidates(const SpanInputs& in, const std::vector<TextToken>& toks,
                                      const std::vector<TokenHit>& hits, TextScanStats& stats) {
  return SpanFinder(in, toks, hits).Run(stats);
}

}  // namespace embargo::text_scan
