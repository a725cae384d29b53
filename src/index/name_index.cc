#include "index/name_index.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "text/similarity.h"

namespace embargo {

std::vector<std::string> VariantKeys(std::string_view token) {
  std::vector<std::string> keys;
  std::string phonetic = text::PhoneticKey(token);
  keys.push_back("p:" + phonetic);
  if (token.size() >= 5) {
    std::string skeleton = text::Skeleton(token);
    if (skeleton.size() >= 3) keys.push_back("s:" + skeleton);
  }
  // One-deletion neighbourhood of the phonetic key: one edit apart meet under a shared key.
  if (phonetic.size() >= 4) {
    for (size_t i = 0; i < phonetic.size(); ++i) {
      // A deletion can leave a doubled letter, which phonetic keys collapse: collapse it too.
      std::string d = phonetic;
      d.erase(i, 1);
      if (i > 0 && i < d.size() && d[i] == d[i - 1]) d.erase(i, 1);
      keys.push_back("d:" + d);
    }
    keys.push_back("d:" + phonetic);
  }
  return keys;
}

uint32_t NameIndex::Intern(const std::string& token) {
  auto [it, inserted] = token_ids_.emplace(token, static_cast<uint32_t>(tokens_.size()));
  if (inserted) {
    DictToken t;
    t.text = token;
    t.phonetic = text::PhoneticKey(token);
    t.skeleton = text::Skeleton(token);
    t.text_letters = text::LetterMask(t.text);
    t.phonetic_letters = text::LetterMask(t.phonetic);
    tokens_.push_back(std::move(t));
    for (const auto& key : VariantKeys(token)) AddKey(key, it->second);
  }
  return it->second;
}

void NameIndex::AddKey(const std::string& key, uint32_t token) {
  auto& ids = keys_[key];
  if (ids.empty() || ids.back() != token) ids.push_back(token);
}

void NameIndex::Build(const std::vector<const Entity*>& entities) {
  std::vector<uint32_t> entity_df;  // per token: number of entities
  std::vector<uint32_t> last_entity;
  for (uint32_t e = 0; e < entities.size(); ++e) {
    const Entity& entity = *entities[e];
    SchemaFamily family = FamilyOf(entity.schema);
    for (uint16_t n = 0; n < entity.names.size(); ++n) {
      for (auto& form : text::NormalizeName(entity.names[n].value, family)) {
        NameRecord record;
        record.entity = e;
        record.name = n;
        record.script = form.script;
        record.roles = std::move(form.roles);
        record.legal_forms = std::move(form.legal_forms);
        uint32_t id = static_cast<uint32_t>(records_.size());
        for (const auto& t : form.tokens) {
          uint32_t tid = Intern(t);
          record.tokens.push_back(tid);
          if (tid >= entity_df.size()) {
            entity_df.resize(tid + 1, 0);
            last_entity.resize(tid + 1, UINT32_MAX);
          }
          if (last_entity[tid] != e) {
            last_entity[tid] = e;
            ++entity_df[tid];
          }
          auto& postings = tokens_[tid].postings;
          if (postings.empty() || postings.back() != id) postings.push_back(id);
        }
        for (size_t i = 0; i + 1 < form.tokens.size(); ++i) {
          auto& joined = joined_[form.tokens[i] + form.tokens[i + 1]];
          if (joined.empty() || joined.back() != id) joined.push_back(id);
        }
        records_.push_back(std::move(record));
      }
    }
  }
  double n = std::max<size_t>(entities.size(), 1);
  max_idf_ = std::log(1.0 + n);
  for (size_t t = 0; t < tokens_.size(); ++t) tokens_[t].idf = std::log(1.0 + n / entity_df[t]);
}

int64_t NameIndex::Find(std::string_view token) const {
  auto it = token_ids_.find(std::string(token));
  return it == token_ids_.end() ? -1 : static_cast<int64_t>(it->second);
}

void NameIndex::Variants(std::string_view query_token, std::vector<uint32_t>& out) const {
  for (const auto& key : VariantKeys(query_token)) {
    auto it = keys_.find(key);
    if (it != keys_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

const std::vector<uint32_t>* NameIndex::JoinedPostings(std::string_view joined) const {
  auto it = joined_.find(std::string(joined));
  return it == joined_.end() ? nullptr : &it->second;
}

}  // namespace embargo
