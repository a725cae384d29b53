#include "index/name_index.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "common/parallel.h"
#include "index/variant_keys.h"
#include "text/scoring_params.h"
#include "text/similarity.h"

namespace embargo {
namespace {

// The float nearest `x` from below, or from above.
float FloatAtMost(double x) {
  float f = static_cast<float>(x);
  return f > x ? std::nextafter(f, -HUGE_VALF) : f;
}
float FloatAtLeast(double x) {
  float f = static_cast<float>(x);
  return f < x ? std::nextafter(f, HUGE_VALF) : f;
}

}  // namespace

uint32_t NameIndex::Intern(const std::string& token) {
  // Most tokens are seen before: looked up first, so no node is made and thrown away.
  if (auto found = token_ids_.find(token); found != token_ids_.end()) return found->second;
  auto [it, inserted] = token_ids_.emplace(token, static_cast<uint32_t>(tokens_.size()));
  if (inserted) {
    if (token.size() == 1) letter_ids_[static_cast<unsigned char>(token[0])] = it->second;
    DictToken t;
    t.text = token;
    t.phonetic = text::PhoneticKey(token);
    t.skeleton = text::Skeleton(token);
    t.text_letters = text::LetterMask(t.text);
    t.phonetic_letters = text::LetterMask(t.phonetic);
    t.vowel_gaps = text::SpeltVowelGaps(token, t.skeleton);
    tokens_.push_back(std::move(t));
  }
  return it->second;
}

size_t NameIndex::SameRecord(size_t entity_first, const NameRecord& candidate, size_t tokens_at,
                             const std::vector<uint32_t>& first_token) const {
  const size_t count = record_tokens_.size() - tokens_at;
  for (size_t r = entity_first; r < records_.size(); ++r) {
    const size_t at = first_token[r];
    const size_t end = r + 1 < records_.size() ? first_token[r + 1] : tokens_at;
    if (end - at != count || records_[r].script != candidate.script || records_[r].legal_forms != candidate.legal_forms)
      continue;
    if (std::equal(record_tokens_.begin() + at, record_tokens_.begin() + end, record_tokens_.begin() + tokens_at) &&
        std::equal(record_roles_.begin() + at, record_roles_.begin() + end, record_roles_.begin() + tokens_at))
      return r;
  }
  return SIZE_MAX;
}

namespace {

// Whether `a` is read more strongly than `b`: a primary name over an alias, a strong alias over a
// weak one, an alias whose quality the list states over one it leaves unstated.
bool StrongerName(const Name& a, const Name& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  return !a.quality_unstated && b.quality_unstated;
}

}  // namespace

// Normalising names is most of the build and each name stands alone: blocks of entities are
// normalised on several threads, then added in order (the index is the same on any number).
void NameIndex::ReadRecords(const std::vector<const Entity*>& entities, const std::vector<SchemaFamily>& read_as,
                            std::vector<uint32_t>& entity_df, std::vector<uint32_t>& first_token) {
  auto family_of = [&](size_t e) { return read_as.empty() ? FamilyOf(entities[e]->schema) : read_as[e]; };
  constexpr size_t kBlock = 16384;  // bounds the forms held at once
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::vector<uint32_t> last_entity;
  std::vector<std::vector<std::vector<text::NameForm>>> forms;  // per entity of the block, per name
  for (size_t begin = 0; begin < entities.size(); begin += kBlock) {
    const size_t count = std::min(kBlock, entities.size() - begin);
    forms.assign(count, {});
    ParallelFor(0, count, threads, [&](size_t k) {
      const Entity& entity = *entities[begin + k];
      const SchemaFamily family = family_of(begin + k);
      for (const auto& name : entity.names) {
        forms[k].push_back(text::NormalizeName(name.value, family));
        // Names within the name (an alias after "a.k.a.", a short name in parentheses) are its
        // forms too.
        for (const std::string& other : text::NamesWithin(name.value, family))
          for (auto& form : text::NormalizeName(other, family)) forms[k].back().push_back(std::move(form));
      }
    });
    for (size_t k = 0; k < count; ++k) {
      const uint32_t e = static_cast<uint32_t>(begin + k);
      const size_t entity_first = records_.size();
      for (uint16_t n = 0; n < forms[k].size(); ++n) {
        for (auto& form : forms[k][n]) {
          // Longer names are cut: the scorer compares at most this many tokens.
          if (form.tokens.size() > static_cast<size_t>(scoring::kMaxNameTokens)) {
            form.tokens.resize(scoring::kMaxNameTokens);
            form.roles.resize(scoring::kMaxNameTokens);
          }
          NameRecord record;
          record.entity = e;
          record.name = n;
          record.kind = entities[e]->names[n].kind;
          record.script = form.script;
          record.family = family_of(e);
          record.legal_forms = std::move(form.legal_forms);
          const size_t tokens_at = record_tokens_.size();
          record_roles_.insert(record_roles_.end(), form.roles.begin(), form.roles.end());
          for (const auto& t : form.tokens) {
            uint32_t tid = Intern(t);
            record_tokens_.push_back(tid);
            if (tid >= entity_df.size()) {
              entity_df.resize(tid + 1, 0);
              last_entity.resize(tid + 1, UINT32_MAX);
            }
            if (last_entity[tid] != e) {
              last_entity[tid] = e;
              ++entity_df[tid];
            }
          }
          // A form written as another name of the entity already is (names that differ only in case
          // or punctuation: ABU-AHMAD, Abu Ahmad): one record, the stronger name's.
          if (const size_t same = SameRecord(entity_first, record, tokens_at, first_token); same != SIZE_MAX) {
            record_tokens_.resize(tokens_at);
            record_roles_.resize(tokens_at);
            const auto& names = entities[e]->names;
            if (StrongerName(names[n], names[records_[same].name])) {
              records_[same].name = n;
              records_[same].kind = record.kind;
            }
            continue;
          }
          first_token.push_back(static_cast<uint32_t>(tokens_at));
          records_.push_back(std::move(record));
        }
      }
    }
  }
}

void NameIndex::Build(const std::vector<const Entity*>& entities, const std::vector<SchemaFamily>& read_as) {
  std::vector<uint32_t>& entity_df = entity_df_;  // per token: number of entities
  entity_df.clear();
  std::vector<uint32_t> first_token;  // per record: where its tokens start in record_tokens_
  ReadRecords(entities, read_as, entity_df, first_token);
  first_token.push_back(static_cast<uint32_t>(record_tokens_.size()));
  for (size_t r = 0; r < records_.size(); ++r) {  // the arrays are complete: views are stable now
    size_t first = first_token[r], count = first_token[r + 1] - first;
    records_[r].tokens = {record_tokens_.data() + first, count};
    records_[r].roles = {record_roles_.data() + first, count};
  }
  BuildPostings();
  BuildTokenSlots();
  double n = std::max<size_t>(entities.size(), 1);
  max_idf_ = std::log(1.0 + n);
  idf_.resize(tokens_.size());
  for (size_t t = 0; t < tokens_.size(); ++t) idf_[t] = std::log(1.0 + n / entity_df[t]);
  std::vector<uint8_t> in_abjad_name(tokens_.size(), 0);
  weights_.assign(records_.size(), RecordWeights{});
  for (size_t i = 0; i < records_.size(); ++i) {
    const NameRecord& r = records_[i];
    RecordWeights& w = weights_[i];
    w.first_token = static_cast<uint32_t>(r.tokens.data() - record_tokens_.data());
    w.token_count = static_cast<uint32_t>(r.tokens.size());
    double min_weight = 0, max_token_weight = 0;
    for (size_t k = 0; k < r.tokens.size(); ++k) {
      double idf = idf_[r.tokens[k]];
      min_weight += idf * (r.roles[k] == text::TokenRole::kOptional ? scoring::kOptionalUnmatched : 1.0);
      max_token_weight = std::max(max_token_weight, idf);
      const std::string& text = tokens_[r.tokens[k]].text;
      if (!text.empty()) w.first_letters |= LetterBit(text[0]);
      w.token_bits |= TokenBit(r.tokens[k]);
      if (text::IsMiddleName(r.roles[k], text)) w.gives |= kGivesMiddleName;
      if (text::HasDigit(text)) w.gives |= kGivesNumber;
    }
    if (r.family == SchemaFamily::kVessel || r.family == SchemaFamily::kAirplane) w.gives |= kGivesNumber;
    w.min_weight = FloatAtMost(min_weight);
    w.max_token_weight = FloatAtLeast(max_token_weight);
    if (text::IsAbjad(r.script)) {
      w.first_letters = ~0u;
      for (uint32_t t : r.tokens) in_abjad_name[t] = 1;
    }
  }
  BuildVariantKeys(in_abjad_name);
  BuildJoinedKeys();
}

void NameIndex::BuildPostings() {
  // Counted, then filled in record order (so ascending): no token's list grows on its own.
  auto each_distinct = [](const NameRecord& rec, auto&& fn) {
    for (auto k = rec.tokens.begin(); k != rec.tokens.end(); ++k)
      if (std::find(rec.tokens.begin(), k, *k) == k) fn(*k);
  };
  auto build = [&](auto&& included, std::vector<uint32_t>& postings, std::vector<uint32_t>& starts) {
    starts.assign(tokens_.size() + 1, 0);
    for (const NameRecord& rec : records_)
      if (included(rec)) each_distinct(rec, [&](uint32_t t) { ++starts[t + 1]; });
    for (size_t t = 0; t < tokens_.size(); ++t) starts[t + 1] += starts[t];
    postings.assign(starts.back(), 0);
    std::vector<uint32_t> next(starts.begin(), starts.end() - 1);
    for (uint32_t r = 0; r < records_.size(); ++r)
      if (included(records_[r])) each_distinct(records_[r], [&](uint32_t t) { postings[next[t]++] = r; });
  };
  build([](const NameRecord&) { return true; }, postings_, posting_starts_);
  build([](const NameRecord& rec) { return text::IsAbjad(rec.script); }, abjad_postings_, abjad_starts_);
}

namespace {

// Words of this many letters or more that are one edit apart (a substitution, a transposition, a
// letter more or less) keep their first four letters or their last four.
constexpr size_t kEndsLength = 9;

// A word's first or last four letters and its length, packed without loss.
uint64_t EndKey(NameIndex::EndKind kind, std::string_view word, size_t length, bool start) {
  uint64_t key = (static_cast<uint64_t>(kind) << 9) | (static_cast<uint64_t>(start) << 8) | std::min<size_t>(length, 255);
  std::string_view four = start ? word.substr(0, 4) : word.substr(word.size() - 4);
  for (char c : four) key = (key << 8) | static_cast<unsigned char>(c);
  return key;
}

void AddWordEnds(NameIndex::EndKind kind, std::string_view word, std::vector<uint64_t>& out) {
  if (word.size() + 1 < kEndsLength) return;
  out.push_back(EndKey(kind, word, word.size(), true));
  out.push_back(EndKey(kind, word, word.size(), false));
}

}  // namespace

bool NameIndex::MayBeOneEditFromAToken(EndKind kind, std::string_view word) const {
  if (word.size() < kEndsLength) return true;
  for (size_t length = word.size() - 1; length <= word.size() + 1; ++length)
    if (word_ends_.Contains(EndKey(kind, word, length, true)) || word_ends_.Contains(EndKey(kind, word, length, false)))
      return true;
  return false;
}

void NameIndex::BuildVariantKeys(const std::vector<uint8_t>& in_abjad_name) {
  std::vector<std::pair<uint64_t, uint32_t>> pairs;
  std::vector<uint64_t> ends;
  for (uint32_t id = 0; id < tokens_.size(); ++id) {
    const DictToken& t = tokens_[id];
    AddWordEnds(kSpellingEnds, t.text, ends);
    AddWordEnds(kSoundEnds, t.phonetic, ends);
    longest_token_ = std::max({longest_token_, t.text.size(), t.phonetic.size()});
    auto add = [&](uint64_t h) { pairs.emplace_back(h, id); };
    keys::ForEachDeletion(t.text, keys::SpellingDepth(t.text.size()), keys::Family::kSpelling, add);
    keys::ForEachDeletion(t.phonetic, keys::PhoneticDepth(t.phonetic.size()), keys::Family::kPhonetic, add);
    if (!t.skeleton.empty()) {
      add(keys::Hash(t.skeleton, keys::Family::kSkeleton));
      if (in_abjad_name[id]) add(keys::Hash(t.skeleton, keys::Family::kAbjadSkeleton));
    }
    if (auto key = keys::VowelVariantKey(t.text)) add(*key);
  }
  variant_keys_.Build(std::move(pairs));
  word_ends_.Build(std::move(ends));
}

void NameIndex::BuildJoinedKeys() {
  std::vector<std::pair<uint64_t, uint32_t>> pairs;
  pair_keys_at_.assign(record_tokens_.size(), 0);
  pair_keys_chars_.clear();
  std::string joined;
  for (uint32_t r = 0; r < records_.size(); ++r) {
    const NameRecord& rec = records_[r];
    for (size_t k = 0; k + 1 < rec.tokens.size(); ++k) {
      joined = tokens_[rec.tokens[k]].text + tokens_[rec.tokens[k + 1]].text;
      const std::string phonetic = text::PhoneticKey(joined), skeleton = text::Skeleton(joined);
      if (pair_keys_chars_.size() > UINT32_MAX - phonetic.size() - skeleton.size() - 2)
        throw std::length_error("name index: the lists' names are too many to index");
      pair_keys_at_[weights_[r].first_token + k] = static_cast<uint32_t>(pair_keys_chars_.size());
      pair_keys_chars_.append(phonetic).push_back('\0');
      pair_keys_chars_.append(skeleton).push_back('\0');
      pairs.emplace_back(keys::Hash(joined, keys::Family::kJoined), r);
      if (phonetic.size() >= 2) pairs.emplace_back(keys::Hash(phonetic, keys::Family::kJoinedPhonetic), r);
      if (skeleton.empty()) continue;
      pairs.emplace_back(keys::Hash(skeleton, keys::Family::kJoinedSkeleton), r);
      if (text::IsAbjad(rec.script)) pairs.emplace_back(keys::Hash(skeleton, keys::Family::kJoinedAbjadSkeleton), r);
    }
  }
  pair_keys_chars_.shrink_to_fit();
  joined_keys_.Build(std::move(pairs));
  has_joined_.assign(tokens_.size(), 0);
  std::vector<uint32_t> found;
  for (uint32_t id = 0; id < tokens_.size(); ++id) {
    const DictToken& t = tokens_[id];
    for (bool abjad : {false, true}) {
      found.clear();
      JoinedRecords(t.text, t.phonetic, t.skeleton, abjad, found);
      if (!found.empty()) has_joined_[id] |= static_cast<uint8_t>(1u << abjad);
    }
  }
}

namespace {
constexpr uint64_t kSlotMix = 0x9E3779B97F4A7C15ULL;  // Fibonacci hashing: the slot from every bit
uint64_t TokenHash(std::string_view token) { return std::hash<std::string_view>{}(token); }
// A token slot holds its hash's high half (a tag that rules out most other tokens) and id + 1.
constexpr uint64_t kTagBits = ~uint64_t{0xFFFFFFFF};
}  // namespace

void NameIndex::BuildTokenSlots() {
  const size_t size = std::max<size_t>(2, std::bit_ceil(tokens_.size() * 2));
  token_shift_ = 64 - std::countr_zero(size);
  token_slots_.assign(size, 0);
  for (uint32_t id = 0; id < tokens_.size(); ++id) {
    const uint64_t h = TokenHash(tokens_[id].text);
    size_t i = h * kSlotMix >> token_shift_;
    while (token_slots_[i] != 0) i = (i + 1) & (size - 1);
    token_slots_[i] = (h & kTagBits) | (uint64_t{id} + 1);
  }
  StringMap<uint32_t>().swap(token_ids_);  // its nodes and buckets freed
}

int64_t NameIndex::Find(std::string_view token) const {
  if (token.size() == 1) return letter_ids_[static_cast<unsigned char>(token[0])];
  const uint64_t h = TokenHash(token), tag = h & kTagBits;
  const size_t mask = token_slots_.size() - 1;
  for (size_t i = h * kSlotMix >> token_shift_;; i = (i + 1) & mask) {
    const uint64_t slot = token_slots_[i];
    if (slot == 0) return -1;
    if ((slot & kTagBits) != tag) continue;
    const uint32_t id = static_cast<uint32_t>(slot) - 1;
    if (tokens_[id].text == token) return id;
  }
}

void NameIndex::Variants(std::string_view text, std::string_view phonetic, std::string_view skeleton, bool abjad_query,
                         int max_edits, std::vector<uint32_t>& out) const {
  thread_local std::vector<uint64_t> keys;  // gathered first, then looked up together
  keys.clear();
  auto add = [&](uint64_t h) { keys.push_back(h); };
  // Words longer than every dictionary word by more than the edits allowed meet none by edits.
  auto depth = [&](size_t length, int d) { return length > longest_token_ + 2 ? 0 : d; };
  // Asked for one edit at most, a long word (two words written together, mostly) whose first and
  // last four letters no token of about its length shares meets none by that spelling or sound:
  // its keys are not looked up.
  if (max_edits > 1 || MayBeOneEditFromAToken(kSpellingEnds, text))
    keys::ForEachDeletion(text, depth(text.size(), keys::SpellingDepth(text.size(), max_edits)), keys::Family::kSpelling,
                          add);
  if (max_edits > 1 || MayBeOneEditFromAToken(kSoundEnds, phonetic))
    keys::ForEachDeletion(phonetic, depth(phonetic.size(), keys::PhoneticDepth(phonetic.size(), max_edits)),
                          keys::Family::kPhonetic, add);
  if (!skeleton.empty())
    add(keys::Hash(skeleton, abjad_query ? keys::Family::kSkeleton : keys::Family::kAbjadSkeleton));
  if (!abjad_query)
    if (auto key = keys::VowelVariantKey(text)) add(*key);
  variant_keys_.FindAll(keys, out);
}

void NameIndex::JoinedRecords(std::string_view text, std::string_view phonetic, std::string_view skeleton,
                              bool abjad_query, std::vector<uint32_t>& out) const {
  uint64_t keys[3];
  size_t n = 0;
  keys[n++] = keys::Hash(text, keys::Family::kJoined);
  if (phonetic.size() >= 2) keys[n++] = keys::Hash(phonetic, keys::Family::kJoinedPhonetic);
  if (!skeleton.empty())
    keys[n++] = keys::Hash(skeleton, abjad_query ? keys::Family::kJoinedSkeleton : keys::Family::kJoinedAbjadSkeleton);
  // Each key's records are ascending: merged, not sorted (an Arabic word's skeleton reaches thousands).
  out.clear();
  std::vector<uint32_t> merged;
  for (size_t k = 0; k < n; ++k) {
    const std::span<const uint32_t> run = joined_keys_.Find(keys[k]);
    if (run.empty()) continue;
    if (out.empty()) {
      out.assign(run.begin(), run.end());
      continue;
    }
    merged.clear();
    std::set_union(out.begin(), out.end(), run.begin(), run.end(), std::back_inserter(merged));
    out.swap(merged);
  }
}

size_t NameIndex::memory_bytes() const {
  size_t bytes = variant_keys_.memory_bytes() + joined_keys_.memory_bytes() + word_ends_.memory_bytes();
  bytes += postings_.capacity() * 4 + token_slots_.capacity() * 8;
  for (const auto& t : tokens_) bytes += sizeof(t) + t.text.capacity();
  bytes += record_tokens_.capacity() * 4 + record_roles_.capacity() + idf_.capacity() * 8 + entity_df_.capacity() * 4 + posting_starts_.capacity() * 4;
  bytes += (abjad_postings_.capacity() + abjad_starts_.capacity()) * 4;
  for (const auto& r : records_) bytes += sizeof(r);
  bytes += weights_.capacity() * sizeof(RecordWeights) + has_joined_.capacity();
  bytes += pair_keys_at_.capacity() * 4 + pair_keys_chars_.capacity();
  return bytes;
}

}  // namespace embargo
