#include "match/links.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <unordered_map>

#include "match/evidence.h"

namespace embargo {
namespace {

// Identifier kinds that name one subject. Other kinds ("other", crypto addresses) can be shared.
const char* StrongKind(const Identifier& id) {
  switch (id.kind) {
    case IdKind::kImo: return "IMO";
    case IdKind::kLei: return "LEI";
    case IdKind::kTaxId: return "tax id";
    case IdKind::kRegistration: return "registration number";
    case IdKind::kPassport: return "passport";
    case IdKind::kNationalId: return "national id";
    case IdKind::kSwiftBic: return "SWIFT/BIC";
    default: return id.label == "UN reference number" ? "UN reference number" : nullptr;
  }
}

bool FullDate(const PartialDate& d) { return d.year && d.month && d.day; }

// Two records that must not be linked whatever else they share.
bool Conflict(const Entity& a, const Entity& b) {
  if (FamilyOf(a.schema) != FamilyOf(b.schema) && a.schema != Schema::kLegalEntity && b.schema != Schema::kLegalEntity)
    return true;
  bool a_full = false, b_full = false, shared = false;
  for (const auto& x : a.birth_dates) {
    a_full |= FullDate(x);
    for (const auto& y : b.birth_dates) shared |= FullDate(x) && x == y;
  }
  for (const auto& y : b.birth_dates) b_full |= FullDate(y);
  if (a_full && b_full && !shared) return true;
  // IMO numbers and LEIs are one per subject: two different ones are two subjects.
  for (IdKind kind : {IdKind::kImo, IdKind::kLei}) {
    bool a_has = false, b_has = false, same = false;
    for (const auto& x : a.identifiers) {
      if (x.kind != kind) continue;
      a_has = true;
      for (const auto& y : b.identifiers)
        same |= y.kind == kind && NormalizeIdentifier(x.value) == NormalizeIdentifier(y.value);
    }
    for (const auto& y : b.identifiers) b_has |= y.kind == kind;
    if (a_has && b_has && !same) return true;
  }
  return false;
}

struct Groups {
  std::vector<uint32_t> parent;
  std::vector<std::vector<uint32_t>> members;  // valid at roots

  uint32_t Find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

// The words of a name record in sorted order: as spelt, or their consonant skeletons.
std::string SortedTokens(const NameIndex& index, const NameRecord& rec, bool skeleton) {
  std::vector<std::string> words;
  for (uint32_t t : rec.tokens) words.push_back(skeleton ? index.token(t).skeleton : index.token(t).text);
  std::sort(words.begin(), words.end());
  std::string out;
  for (const std::string& w : words) (out += out.empty() ? "" : " ") += w;
  return out;
}

// Evidence key -> the entities sharing it, and what it says.
struct Shared {
  std::string reason;
  std::vector<uint32_t> entities;
  bool strong = false;  // some entity gives it as more than a weak alias
};
using SharedKeys = std::unordered_map<std::string, Shared>;

template <typename Reason>
void AddKey(SharedKeys& keys, std::string key, uint32_t e, Reason&& reason, bool strong = true) {
  Shared& s = keys[std::move(key)];
  if (s.entities.empty() || (strong && !s.strong)) s.reason = reason();
  s.strong |= strong;
  if (s.entities.empty() || s.entities.back() != e) s.entities.push_back(e);
}

void AddIdentifierKeys(const std::vector<const Entity*>& entities, SharedKeys& keys) {
  for (uint32_t e = 0; e < entities.size(); ++e) {
    for (const auto& id : entities[e]->identifiers) {
      const char* kind = StrongKind(id);
      std::string value = NormalizeIdentifier(id.value);
      if (kind && value.size() >= 5)
        AddKey(keys, std::string(kind) + ":" + value, e, [&] { return std::string("same ") + kind + " " + id.value; });
    }
    // A UN record's reference number is its id; other lists cite it.
    if (entities[e]->dataset == "un" && entities[e]->native_id.size() >= 5)
      AddKey(keys, "UN reference number:" + NormalizeIdentifier(entities[e]->native_id), e,
             [&] { return "same UN reference number " + entities[e]->native_id; });
  }
}

// Persons' name records by full birth date and nationality.
using BornAlike = std::map<std::pair<std::string, std::string>, std::vector<uint32_t>>;

// A person's name with a full birth date and a nationality, as the same name, as a name spelt
// alike, and (collected into `born`, by date and nationality) for names written within another.
void AddPersonNameKeys(const std::vector<const Entity*>& entities, const NameIndex& index, SharedKeys& keys,
                       BornAlike& born) {
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    const Entity& e = *entities[rec.entity];
    // Weak aliases ("Abu Ahmad") are shared by many: one links only to a record that gives the
    // same name as a full name (al-Bija, a nickname on one list, an a.k.a. on another).
    if (e.schema != Schema::kPerson) continue;
    const bool strong = e.names[rec.name].kind != NameKind::kWeakAlias;
    std::string name = SortedTokens(index, rec, false), consonants = SortedTokens(index, rec, true);
    for (const auto& d : e.birth_dates) {
      if (!FullDate(d)) continue;
      for (const auto& nat : e.nationalities) {
        AddKey(keys, "person:" + name + "|" + d.ToString() + "|" + nat, rec.entity, [&] {
          return "same name \"" + e.names[rec.name].value + "\", birth date " + d.ToString() + " and nationality " + nat;
        }, strong);
        if (strong) born[{d.ToString(), nat}].push_back(r);
      }
      // Lists spell one name differently (VALUEV / VALUEEV, Sergeyevich / Sergeevich): a name with
      // the same consonants, word for word, and the same full birth date is one person (keyed
      // after "person:", so a link on the exact name says so).
      if (rec.tokens.size() >= 2)
        AddKey(keys, "spelt alike:" + consonants + "|" + d.ToString(), rec.entity, [&] {
          return "name written alike (\"" + e.names[rec.name].value + "\") and the same birth date " + d.ToString();
        }, strong);
    }
  }
}

// The words of each record of `records`, sorted, and for each word the records holding it.
struct NameWords {
  std::vector<std::vector<uint32_t>> sorted;
  std::unordered_map<uint32_t, std::vector<size_t>> holders;
  NameWords(const NameIndex& index, const std::vector<uint32_t>& records) : sorted(records.size()) {
    for (size_t k = 0; k < records.size(); ++k) {
      const auto tokens = index.record(records[k]).tokens;
      sorted[k].assign(tokens.begin(), tokens.end());
      std::sort(sorted[k].begin(), sorted[k].end());
      for (size_t t = 0; t < sorted[k].size(); ++t)
        if (t == 0 || sorted[k][t] != sorted[k][t - 1]) holders[sorted[k][t]].push_back(k);
    }
  }
  // The records that may hold every word of record k: those holding its rarest word.
  const std::vector<size_t>& Candidates(size_t k) const {
    const std::vector<size_t>* fewest = nullptr;
    for (uint32_t t : sorted[k])
      if (const auto& h = holders.at(t); !fewest || h.size() < fewest->size()) fewest = &h;
    return *fewest;
  }
};

// One list gives a person's name in full, another leaves words out (MILAD, Abd al-Rahman; Abd
// Al-Rahman SALIM IBRAHIM AL-MILAD): a full name of two words or more written within the other's,
// with the same full birth date and nationality, is one person. `born`: name records by birth
// date and nationality.
void AddNameWithinKeys(const std::vector<const Entity*>& entities, const NameIndex& index, SharedKeys& keys,
                       const BornAlike& born) {
  for (const auto& group : born) {
    // Named, not bound: a lambda below reads them, and clang does not capture structured bindings.
    const std::string &date = group.first.first, &nationality = group.first.second;
    const std::vector<uint32_t>& records = group.second;
    const auto& first_list = entities[index.record(records[0]).entity]->dataset;
    if (std::all_of(records.begin(), records.end(),
                    [&](uint32_t r) { return entities[index.record(r).entity]->dataset == first_list; }))
      continue;
    const NameWords words(index, records);
    for (size_t i = 0; i < records.size(); ++i) {
      if (words.sorted[i].size() < 2) continue;
      for (size_t o : words.Candidates(i)) {
        const NameRecord &inner = index.record(records[i]), &outer = index.record(records[o]);
        const Entity &a = *entities[inner.entity], &b = *entities[outer.entity];
        if (a.dataset == b.dataset || words.sorted[o].size() <= words.sorted[i].size() ||
            !std::includes(words.sorted[o].begin(), words.sorted[o].end(), words.sorted[i].begin(),
                           words.sorted[i].end()))
          continue;
        const uint32_t lo = std::min(inner.entity, outer.entity), hi = std::max(inner.entity, outer.entity);
        std::string key = "within:" + std::to_string(lo) + "," + std::to_string(hi);
        if (keys.contains(key)) continue;
        auto reason = [&] {
          return "name \"" + a.names[inner.name].value + "\" within \"" + b.names[outer.name].value +
                 "\", the same birth date " + date + " and nationality " + nationality;
        };
        AddKey(keys, key, lo, reason);
        AddKey(keys, std::move(key), hi, reason);
      }
    }
  }
}

}  // namespace

EntityLinks LinkEntities(const std::vector<const Entity*>& entities, const NameIndex& index) {
  const size_t n = entities.size();
  SharedKeys keys;
  AddIdentifierKeys(entities, keys);
  BornAlike born;
  AddPersonNameKeys(entities, index, keys, born);
  AddNameWithinKeys(entities, index, keys, born);

  Groups g;
  g.parent.resize(n);
  std::iota(g.parent.begin(), g.parent.end(), 0u);
  g.members.resize(n);
  for (uint32_t e = 0; e < n; ++e) g.members[e] = {e};
  EntityLinks links;
  links.reason.resize(n);
  // Deterministic order: keys sorted, so the same lists always link the same way.
  std::vector<const std::pair<const std::string, Shared>*> ordered;
  for (const auto& kv : keys)
    if (kv.second.entities.size() >= 2 && kv.second.strong) ordered.push_back(&kv);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->first < b->first; });
  for (const auto* kv : ordered) {
    const auto& ids = kv->second.entities;
    const std::string& reason = kv->second.reason;
    for (size_t i = 1; i < ids.size(); ++i) {
      uint32_t a = g.Find(ids[0]), b = g.Find(ids[i]);
      if (a == b) continue;
      bool ok = true;
      for (uint32_t x : g.members[a])
        for (uint32_t y : g.members[b])
          ok &= entities[x]->dataset != entities[y]->dataset && !Conflict(*entities[x], *entities[y]);
      if (!ok) continue;
      if (g.members[a].size() < g.members[b].size()) std::swap(a, b);
      g.parent[b] = a;
      for (uint32_t y : g.members[b]) {
        if (links.reason[y].empty()) links.reason[y] = reason;
        g.members[a].push_back(y);
      }
      if (links.reason[a].empty()) links.reason[a] = reason;
      g.members[b].clear();
    }
  }
  links.group.assign(n, EntityLinks::kAlone);
  for (uint32_t e = 0; e < n; ++e) {
    uint32_t root = g.Find(e);
    if (g.members[root].size() < 2) continue;
    if (links.group[root] == EntityLinks::kAlone) {
      links.group[root] = static_cast<uint32_t>(links.members.size());
      links.members.push_back(g.members[root]);
    }
    links.group[e] = links.group[root];
  }
  return links;
}

std::vector<WeakOnLinked> AliasesWeakOnLinkedRecords(const std::vector<const Entity*>& entities,
                                                     const NameIndex& index, const EntityLinks& links) {
  auto key = [&](const NameRecord& rec) {
    return std::to_string(links.group[rec.entity]) + "|" + SortedTokens(index, rec, false);
  };
  // Group and words -> two entities marking them weak, so that one other than the alias's own
  // record is found (a list may give one spelling as weak and the same words without a quality).
  constexpr uint32_t kNone = UINT32_MAX;
  std::unordered_map<std::string, std::array<uint32_t, 2>> weak;
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    if (links.group[rec.entity] == EntityLinks::kAlone || rec.kind != NameKind::kWeakAlias) continue;
    auto [it, added] = weak.try_emplace(key(rec), std::array<uint32_t, 2>{rec.entity, kNone});
    if (!added && it->second[1] == kNone && it->second[0] != rec.entity) it->second[1] = rec.entity;
  }
  std::vector<WeakOnLinked> out;
  if (weak.empty()) return out;
  for (uint32_t r = 0; r < index.record_count(); ++r) {
    const NameRecord& rec = index.record(r);
    if (links.group[rec.entity] == EntityLinks::kAlone || rec.kind != NameKind::kStrongAlias ||
        !entities[rec.entity]->names[rec.name].quality_unstated)
      continue;
    auto it = weak.find(key(rec));
    if (it == weak.end()) continue;
    for (uint32_t marker : it->second)
      if (marker != kNone && marker != rec.entity) {
        out.push_back({r, marker});
        break;
      }
  }
  return out;
}

}  // namespace embargo
