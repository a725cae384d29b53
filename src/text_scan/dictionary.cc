#include "text_scan/dictionary.h"

#include <algorithm>

#include "text/scoring_params.h"

namespace embargo::text_scan {
namespace {

// Russian case endings as the English-style romanisation writes them, longest first: Путина,
// Роснефти, Сечиным meet PUTIN, ROSNEFT, SECHIN.
constexpr std::string_view kRussianEndings[] = {"yakh", "ogo", "ego", "omu", "emu", "ymi", "imi", "ami", "yam", "akh",
                                                "om", "em", "ym", "im", "oy", "oi", "ey", "ei", "yu", "ya", "ye",
                                                "a", "u", "e", "y", "i"};

}  // namespace

bool WholeNameWord(const NameIndex& index, const NameRecord& rec) {
  if (rec.tokens.size() != 1 || rec.family == SchemaFamily::kPerson) return false;
  const std::string& word = index.token(rec.tokens[0]).text;
  return word.size() >= 4 && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

void TokenDictionary::Build(const NameIndex& index, double min_anchor_idf, double min_name_coverage) {
  exact_.reserve(index.token_count());
  std::vector<uint8_t> eligible(index.token_count(), 0);
  for (uint32_t d = 0; d < index.token_count(); ++d) {
    const DictToken& t = index.token(d);
    exact_.emplace(t.text, d);
    if (t.phonetic.size() >= 3) phonetic_[t.phonetic].push_back(d);
    if (t.skeleton.size() >= 3) skeleton_[t.skeleton].push_back(d);
    // Anchors: rare tokens of two letters or more with a letter (single letters are initials,
    // numbers are not names).
    bool letter = std::any_of(t.text.begin(), t.text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    eligible[d] = letter && index.Idf(d) >= min_anchor_idf && t.text.size() >= 2;
  }
  // A mention must cover a share c (min_name_coverage) of its record's weight, where a missing
  // optional token weighs kOptionalUnmatched. Taking the record's tokens rarest first into S until the rest,
  // even all matched, could not reach c with S missing (rest * (1 - c) < c * weight of S), every
  // qualifying mention includes a token of S: the record is filed under S's tokens only.
  const double c = std::clamp(min_name_coverage, 0.0, 1.0);
  anchor_postings_.assign(index.token_count(), {});
  std::vector<size_t> order;
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    const size_t n = rec.tokens.size();
    auto weight = [&](size_t k) {
      return rec.roles[k] == text::TokenRole::kInitial ? scoring::kInitialWeight : index.Idf(rec.tokens[k]);
    };
    order.resize(n);
    double rest = 0;
    for (size_t k = 0; k < n; ++k) {
      order[k] = k;
      rest += weight(k);
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return weight(a) > weight(b); });
    double missing = 0;
    bool filed = false;
    for (size_t k : order) {
      if (n > 0 && rest * (1 - c) < c * missing) break;
      missing += weight(k) * (rec.roles[k] == text::TokenRole::kOptional ? scoring::kOptionalUnmatched : 1.0);
      rest -= weight(k);
      uint32_t d = rec.tokens[k];
      if (!eligible[d]) continue;
      auto& postings = anchor_postings_[d];
      if (postings.empty() || postings.back() != r) postings.push_back(r);
      filed = true;
    }
    // A name that is one word (GAZPROM, IRGC, HEZBOLLAH; legal forms aside) is filed under that
    // word however many other names share it: the word alone names the entity.
    if (!filed && WholeNameWord(index, rec)) {
      anchor_postings_[rec.tokens[0]].push_back(r);
      filed = true;
    }
    if (!filed) ++unreachable_;
  }
  for (const auto& p : anchor_postings_) anchors_ += !p.empty();
}

void TokenDictionary::AddHits(const std::string& norm, text::Script script, bool name_like, uint8_t len,
                              std::vector<TokenHit>& out) const {
  int64_t exact_id = -1;
  if (auto it = exact_.find(norm); it != exact_.end()) {
    exact_id = it->second;
    out.push_back({it->second, len, 1.0f});
  }
  if (!name_like || norm.size() < 3) return;
  bool found = exact_id >= 0;
  auto add_all = [&](const StringMap<std::vector<uint32_t>>& map, const std::string& key, float sim) {
    auto it = map.find(key);
    if (it == map.end()) return;
    for (uint32_t d : it->second) {
      if (d == exact_id) continue;
      out.push_back({d, len, sim});
      found = true;
    }
  };
  add_all(phonetic_, text::PhoneticKey(norm), 0.95f);
  if (IsAbjad(script)) {
    std::string sk = text::Skeleton(norm);
    if (sk.size() >= 3) add_all(skeleton_, sk, 0.85f);
  }
  if (!found && script == text::Script::kCyrillic && len == 1) {
    for (std::string_view ending : kRussianEndings) {
      if (norm.size() < ending.size() + 4 || norm.compare(norm.size() - ending.size(), ending.size(), ending) != 0) continue;
      std::string stem = norm.substr(0, norm.size() - ending.size());
      size_t before = out.size();
      if (auto it = exact_.find(stem); it != exact_.end()) out.push_back({it->second, len, 0.9f});
      else add_all(phonetic_, text::PhoneticKey(stem), 0.88f);
      if (out.size() > before) {
        for (size_t k = before; k < out.size(); ++k) out[k].stem = true;
        return;
      }
    }
  }
}

std::vector<TokenHit> LookUpTokens(const TokenDictionary& dictionary, const TextScanOptions& options,
                                   std::vector<TextToken>& toks) {
  const size_t T = toks.size();
  std::vector<TokenHit> hits;
  StringMap<std::vector<TokenHit>> memo;  // word and how it is looked up -> its hits
  for (size_t i = 0; i < T; ++i) {
    TextToken& t = toks[i];
    t.first_hit = static_cast<uint32_t>(hits.size());
    bool latin = t.script == text::Script::kLatin;
    bool name_like = !latin || (t.flags & kCapital) || !(t.flags & kMixedCase);
    // Where capitals carry meaning, a word in lower case is never part of a mention (except
    // particles: bin Laden), so most words of ordinary prose are not even looked up.
    bool lower_in_mixed = (t.flags & kMixedCase) && (t.flags & kCased) && !(t.flags & kCapital);
    if (!(options.require_capitals && lower_in_mixed)) {
      // Documents repeat their words: each distinct word is looked up once per scan.
      std::string key = t.norm;
      key += static_cast<char>(1 + name_like + 2 * static_cast<int>(t.script));
      auto [it, inserted] = memo.try_emplace(std::move(key));
      if (inserted) dictionary.AddHits(t.norm, t.script, name_like, 1, it->second);
      hits.insert(hits.end(), it->second.begin(), it->second.end());
    }
    // Joined forms: particles (al-Assad -> alassad), Arabic words, Chinese syllables, and a word
    // split in two by a hyphen (Rosoboron-export -> rosoboronexport), as one split at a line's
    // end is rejoined; the parts are looked up apart too (Abu-Bakr is also Abu Bakr).
    bool hyphened = i + 1 < T && (toks[i + 1].flags & kHyphenBefore) && !(options.require_capitals && lower_in_mixed);
    bool joinable = hyphened || Particles().count(t.norm) || t.script == text::Script::kHan || IsAbjad(t.script) ||
                    t.script == text::Script::kHangul;
    if (joinable && i + 1 < T && !(toks[i + 1].flags & kHardBefore)) {
      std::string pair = t.norm + toks[i + 1].norm;
      dictionary.AddHits(pair, t.script, true, 2, hits);
      if (t.script == text::Script::kHan && i + 2 < T && !(toks[i + 2].flags & kHardBefore))
        dictionary.AddHits(pair + toks[i + 2].norm, t.script, true, 3, hits);
    }
    // A word cut where it may hide a space into three parts or more (P\x1fu\x1ftin, VlAdImIr) is
    // also read whole; one cut in two is read joined as a hyphenated one is, above.
    if (!(t.flags & kGluedBefore) && i + 2 < T && (toks[i + 1].flags & kGluedBefore)) {
      std::string whole = t.norm;
      size_t j = i + 1;
      for (; j < T && j - i < 255 && (toks[j].flags & kGluedBefore); ++j) whole += toks[j].norm;
      if (j - i > 2) dictionary.AddHits(whole, t.script, true, static_cast<uint8_t>(j - i), hits);
    }
    // A one-word name written as two words (Rosoboron export): only as listed, letter for letter.
    bool spaced = i + 1 < T && (toks[i + 1].flags & kSpaceBefore) && !joinable && latin &&
                  !(options.require_capitals && lower_in_mixed) && t.norm.size() >= 3 && toks[i + 1].norm.size() >= 3;
    if (spaced) dictionary.AddHits(t.norm + toks[i + 1].norm, t.script, false, 2, hits);
    t.hit_count = static_cast<uint32_t>(hits.size()) - t.first_hit;
  }
  return hits;
}

}  // namespace embargo::text_scan
