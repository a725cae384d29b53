// Entity-level differences between two versions of the lists.

#include "lists/diff.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace embargo {
namespace {

std::string_view KindName(NameKind kind) {
  switch (kind) {
    case NameKind::kPrimary:
      return "";
    case NameKind::kStrongAlias:
      return " (aka)";
    case NameKind::kWeakAlias:
      return " (weak aka)";
  }
  return "";
}

// A multi-valued field as display text: values sorted so that order does not count as change.
std::string Joined(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += "; ";
    out += v;
  }
  return out;
}

template <typename T, typename Fn>
std::string JoinedBy(const std::vector<T>& items, Fn text) {
  std::vector<std::string> values;
  values.reserve(items.size());
  for (const T& item : items) values.push_back(text(item));
  return Joined(std::move(values));
}

std::string Plain(const std::string& s) { return s; }

// Every field of Entity, by name, as display text. The caption is its own field so that a
// change of primary name shows even when the set of names is the same.
std::vector<std::pair<std::string, std::string>> Fields(const Entity& e) {
  return {
      {"schema", std::string(SchemaName(e.schema))},
      {"caption", e.caption()},
      {"names", JoinedBy(e.names, [](const Name& n) { return n.value + std::string(KindName(n.kind)); })},
      {"birth_dates", JoinedBy(e.birth_dates, [](const PartialDate& d) { return d.ToString(); })},
      {"birth_places", JoinedBy(e.birth_places, Plain)},
      {"nationalities", JoinedBy(e.nationalities, Plain)},
      {"citizenships", JoinedBy(e.citizenships, Plain)},
      {"countries", JoinedBy(e.countries, Plain)},
      {"identifiers", JoinedBy(e.identifiers,
                               [](const Identifier& id) {
                                 std::string s = std::string(IdKindName(id.kind)) + ":" + id.value;
                                 if (!id.label.empty()) s += " (" + id.label + ")";
                                 if (!id.country.empty()) s += " [" + id.country + "]";
                                 return s;
                               })},
      {"addresses", JoinedBy(e.addresses,
                             [](const Address& a) {
                               return a.full + (a.country.empty() ? "" : " [" + a.country + "]");
                             })},
      {"programs", JoinedBy(e.programs, Plain)},
      {"linked_to", JoinedBy(e.linked_to, Plain)},
      {"websites", JoinedBy(e.websites, Plain)},
      {"emails", JoinedBy(e.emails, Plain)},
      {"gender", e.gender},
      {"title", e.title},
      {"listed_on", e.listed_on},
      {"vessel_flag", e.vessel_flag},
      {"vessel_type", e.vessel_type},
      {"tonnage", e.tonnage},
      {"remarks", e.remarks},
  };
}

std::map<std::string, const Entity*> ById(const std::vector<ListLoad>& loads) {
  std::map<std::string, const Entity*> out;
  for (const ListLoad& l : loads)
    for (const Entity& e : l.entities) out.emplace(e.id, &e);
  return out;
}

}  // namespace

ListDiff DiffLists(const std::vector<ListLoad>& before, const std::vector<ListLoad>& after) {
  std::map<std::string, const Entity*> old_ids = ById(before), new_ids = ById(after);
  ListDiff diff;
  for (const auto& [id, e] : old_ids)
    if (!new_ids.count(id)) diff.removed.push_back({id, e->caption(), {}});
  for (const auto& [id, e] : new_ids) {
    auto old = old_ids.find(id);
    if (old == old_ids.end()) {
      diff.added.push_back({id, e->caption(), {}});
      continue;
    }
    std::vector<std::pair<std::string, std::string>> a = Fields(*old->second), b = Fields(*e);
    EntityChange change{id, e->caption(), {}};
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i].second != b[i].second) change.fields.push_back({a[i].first, a[i].second, b[i].second});
    if (!change.fields.empty()) diff.changed.push_back(std::move(change));
  }
  return diff;
}

}  // namespace embargo
