#include "match/query_plan.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "text/scoring_params.h"
#include "text/similarity.h"

namespace embargo {
namespace {

// An Arabic word's transliteration ending in ي (or ى) after a consonant: "tkryty", not "hay".
bool EndsWithYAfterConsonant(std::string_view word) {
  return word.size() >= 2 && word.back() == 'y' &&
         std::string_view("aeiouwy").find(word[word.size() - 2]) == std::string_view::npos;
}

// Tokens and legal forms of `form`, each weighing its dictionary token's rarity (as rare as it
// gets when not in the dictionary).
QueryPlan PlanTokens(const NameIndex& index, const text::NameForm& form) {
  QueryPlan plan;
  ScoredName& n = plan.name;
  n.script = form.script;
  n.transliterated = form.script != text::Script::kLatin;
  n.korean_reading = form.scheme == "sino-korean" || form.scheme == "korean";
  n.reading = FindReading(form.scheme);
  n.reading_factor = n.reading ? n.reading->factor : 1.0;
  if (form.read_token >= 0) n.SetShortForm(form.read_token, form.read_from);
  plan.abjad = IsAbjad(form.script);
  for (const auto& f : form.legal_forms) n.AddOwnedLegalForm(f);
  n.tokens.reserve(form.tokens.size());
  for (size_t i = 0; i < form.tokens.size(); ++i) {
    int64_t id = index.Find(form.tokens[i]);
    if (id >= 0) {  // a listed word: its keys are the dictionary's
      n.tokens.push_back(DictTokenView(index, static_cast<uint32_t>(id), form.roles[i]));
    } else {
      n.AddOwnedToken(form.tokens[i], index.UnknownIdf(), form.roles[i], kNoDictToken);
    }
    n.tokens.back().final_t_said = form.script == text::Script::kHebrew;
    n.tokens.back().final_vowel_said = form.script == text::Script::kArabic && EndsWithYAfterConsonant(form.tokens[i]);
    if (form.script == text::Script::kArabic) {
      n.tokens.back().vowels_written = true;
      n.tokens.back().vowel_gaps = text::WrittenVowelGaps(form.tokens[i], n.tokens.back().skeleton);
    }
  }
  return plan;
}

// Of two spellings equally close, the commoner (a lower weight) is taken.
bool CloserSpelling(double sim_a, double idf_a, double sim_b, double idf_b) {
  if (sim_a != sim_b) return sim_a > sim_b;
  return idf_a < idf_b;
}

// The pair of query tokens i, i + 1 written together, as the index's keys spell it.
struct JoinedText {
  std::string text, phonetic, skeleton;
};

JoinedText Join(const ScoredToken& a, const ScoredToken& b) {
  JoinedText j;
  j.text.append(a.text).append(b.text);
  j.phonetic = text::PhoneticKey(j.text);
  j.skeleton = text::Skeleton(j.text);
  return j;
}

// Ascending and each once. A word meets most of its variants through several keys: repeats are
// dropped by a mark per dictionary token first, so only distinct ids are sorted.
void SortUnique(std::vector<uint32_t>& ids, size_t token_count) {
  thread_local std::vector<uint32_t> mark;
  thread_local uint32_t generation = 0;
  if (mark.size() < token_count) mark.resize(token_count, 0);
  if (++generation == 0) {
    std::fill(mark.begin(), mark.end(), 0);
    generation = 1;
  }
  size_t kept = 0;
  for (uint32_t id : ids) {
    if (mark[id] == generation) continue;
    mark[id] = generation;
    ids[kept++] = id;
  }
  ids.resize(kept);
  std::sort(ids.begin(), ids.end());
}

}  // namespace

ScoredToken DictTokenView(const NameIndex& index, uint32_t id, text::TokenRole role) {
  const DictToken& d = index.token(id);
  ScoredToken t{d.text, d.phonetic, d.skeleton, index.Idf(id), role, d.text_letters, d.phonetic_letters, id};
  t.vowel_gaps = d.vowel_gaps;
  return t;
}

ScoredToken JoinedPairView(const DictToken& a, const DictToken& b, const PairKeys& keys, bool abjad,
                           std::string& joined) {
  joined.assign(a.text).append(b.text);
  return ScoredToken{joined, keys.phonetic, abjad ? keys.skeleton : std::string_view(), 1, text::TokenRole::kNormal,
                     a.text_letters | b.text_letters, text::LetterMask(keys.phonetic)};
}

void ListName(const NameIndex& index, const NameRecord& r, ScoredName& out) {
  out.script = r.script;
  out.family = r.family;
  out.transliterated = false;
  out.weak_alias = r.kind == NameKind::kWeakAlias;
  out.legal_forms.assign(r.legal_forms.begin(), r.legal_forms.end());
  out.tokens.clear();
  out.tokens.reserve(r.tokens.size());
  for (size_t i = 0; i < r.tokens.size(); ++i) out.tokens.push_back(DictTokenView(index, r.tokens[i], r.roles[i]));
}

TokenMeet PlanSimilarity::Lookup(uint32_t dict, size_t unit) const {
  if (dict == kNoDictToken || unit >= plan_.variants.size()) return {};
  for (const VariantMeet& v : plan_.variants[unit])
    if (v.dict == dict) return Pick(v.plain, v.abjad);
  return {};
}

VariantMemo::VariantMemo(size_t token_count, size_t budget_bytes) : budget_(budget_bytes), slots_(token_count * kReadings) {}

VariantMemo::~VariantMemo() {
  for (auto& slot : slots_) delete slot.load(std::memory_order_relaxed);
}

bool VariantMemo::Reserve(size_t size) {
  if (bytes_.fetch_add(size, std::memory_order_relaxed) + size <= budget_) return true;
  bytes_.fetch_sub(size, std::memory_order_relaxed);
  return false;
}

void VariantMemo::Keep(const ScoredToken& t, bool abjad, const std::vector<VariantMeet>& variants) {
  const size_t size = sizeof(std::vector<VariantMeet>) + variants.size() * sizeof(VariantMeet);
  if (!Reserve(size)) return;
  auto kept = std::make_unique<const std::vector<VariantMeet>>(variants);
  const std::vector<VariantMeet>* expected = nullptr;
  if (slots_[Slot(t, abjad)].compare_exchange_strong(expected, kept.get(), std::memory_order_acq_rel)) {
    kept.release();
  } else {  // another query kept the same variants first
    bytes_.fetch_sub(size, std::memory_order_relaxed);
  }
}

const std::vector<VariantMeet>* VariantMemo::FindPair(uint32_t first, uint32_t second, bool abjad) const {
  const uint64_t key = PairKey(first, second);
  const PairShard& shard = ShardOf(key);
  std::shared_lock lock(shard.mutex);
  const auto& kept = shard.kept[abjad];
  auto it = kept.find(key);
  return it == kept.end() ? nullptr : it->second.get();
}

void VariantMemo::KeepPair(uint32_t first, uint32_t second, bool abjad, const std::vector<VariantMeet>& variants) {
  // A map node and its bucket besides the variants.
  const size_t size = sizeof(std::vector<VariantMeet>) + variants.size() * sizeof(VariantMeet) + 64;
  if (!Reserve(size)) return;
  const uint64_t key = PairKey(first, second);
  PairShard& shard = ShardOf(key);
  std::unique_lock lock(shard.mutex);
  if (!shard.kept[abjad].emplace(key, std::make_unique<const std::vector<VariantMeet>>(variants)).second)
    bytes_.fetch_sub(size, std::memory_order_relaxed);  // another query kept the pair first
}

const std::vector<uint32_t>& PlanScratch::Variants(const NameIndex& index, std::string_view text,
                                                   std::string_view phonetic, std::string_view skeleton, bool abjad,
                                                   int max_edits) {
  for (size_t i = 0; i < kept_; ++i) {
    const Word& w = words_[i];
    if (w.text == text && w.phonetic == phonetic && w.skeleton == skeleton && w.abjad == abjad &&
        w.max_edits == max_edits)
      return w.ids;
  }
  if (kept_ == kWords) kept_ = 0;
  if (kept_ == words_.size()) words_.emplace_back();
  Word& w = words_[kept_];
  if (share_) {
    w.text = text, w.phonetic = phonetic, w.skeleton = skeleton, w.abjad = abjad, w.max_edits = max_edits;
    ++kept_;
  }
  w.ids.clear();
  index.Variants(text, phonetic, skeleton, abjad, max_edits, w.ids);
  SortUnique(w.ids, index.token_count());
  return w.ids;
}

QueryPlan PlanQuery(const NameIndex& index, const text::NameForm& form, PlanScratch& scratch, VariantMemo* memo) {
  QueryPlan plan = PlanTokens(index, form);
  auto& q = plan.name.tokens;
  const size_t n = q.size();
  plan.variants.resize(n + (n > 0 ? n - 1 : 0));
  plan.found.resize(plan.variants.size());  // never resized again: the spans point into them
  for (size_t i = 0; i < n; ++i) {
    ScoredToken& t = q[i];
    if (t.role == text::TokenRole::kInitial) continue;
    const bool listed = memo != nullptr && t.dict != kNoDictToken;
    if (listed) {
      if (const auto* kept = memo->Find(t, plan.abjad)) {
        plan.variants[i] = *kept;  // the memo's own: not copied
        continue;
      }
    }
    const std::vector<uint32_t>& ids = scratch.Variants(index, t.text, t.phonetic, t.skeleton, plan.abjad, 2);
    auto& found = plan.found[i];
    for (uint32_t v : ids) {
      ScoredToken d = DictTokenView(index, v);
      TokenMeet plain = TokenSimilarity(t, d, plan.abjad);
      TokenMeet abjad = plan.abjad ? plain : WithSkeleton(plain, t, d);
      if (plain.similarity > 0 || abjad.similarity > 0) found.push_back({v, plain, abjad});
    }
    std::sort(found.begin(), found.end(), [&](const VariantMeet& a, const VariantMeet& b) {
      return CloserSpelling(a.plain.similarity, index.Idf(a.dict), b.plain.similarity, index.Idf(b.dict));
    });
    // A misspelt token weighs what its closest dictionary spelling weighs.
    if (t.dict == kNoDictToken && !found.empty() && found.front().plain.similarity > 0) t.idf = index.Idf(found.front().dict);
    if (listed) memo->Keep(t, plan.abjad, found);
    plan.variants[i] = found;
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    const bool listed = memo != nullptr && q[i].dict != kNoDictToken && q[i + 1].dict != kNoDictToken;
    if (listed) {
      if (const auto* kept = memo->FindPair(q[i].dict, q[i + 1].dict, plan.abjad)) {
        plan.variants[n + i] = *kept;
        continue;
      }
    }
    JoinedText j = Join(q[i], q[i + 1]);
    const std::vector<uint32_t>& ids = scratch.Variants(index, j.text, j.phonetic, j.skeleton, plan.abjad, kSplitEdits);
    auto& found = plan.found[n + i];
    const ScoredToken pair{j.text, j.phonetic, j.skeleton, 1, text::TokenRole::kNormal,
                           q[i].text_letters | q[i + 1].text_letters, text::LetterMask(j.phonetic)};
    for (uint32_t v : ids) {
      ScoredToken d = DictTokenView(index, v);
      TokenMeet plain = JoinedSimilarity(d, pair, plan.abjad, kSplitEdits);
      TokenMeet abjad = plan.abjad ? plain : JoinedSimilarity(d, pair, true, kSplitEdits);
      if (plain.similarity > 0 || abjad.similarity > 0) found.push_back({v, plain, abjad});
    }
    if (listed) memo->KeepPair(q[i].dict, q[i + 1].dict, plan.abjad, found);
    plan.variants[n + i] = found;
  }
  return plan;
}

QueryPlan PlanQueryByScan(const NameIndex& index, const text::NameForm& form) {
  QueryPlan plan = PlanTokens(index, form);
  for (ScoredToken& t : plan.name.tokens) {
    if (t.role == text::TokenRole::kInitial || t.dict != kNoDictToken) continue;
    double best_sim = 0, best_idf = 0;
    for (uint32_t v = 0; v < index.token_count(); ++v) {
      double sim = TokenSimilarity(t, DictTokenView(index, v), plan.abjad).similarity;
      if (sim > 0 && (best_sim == 0 || CloserSpelling(sim, index.Idf(v), best_sim, best_idf))) {
        best_sim = sim;
        best_idf = index.Idf(v);
      }
    }
    if (best_sim > 0) t.idf = best_idf;
  }
  return plan;
}

}  // namespace embargo
