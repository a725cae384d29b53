#include "entity/merge.h"

#include <algorithm>

#include "common/strings.h"

namespace embargo {
namespace {

template <typename T>
void AddAll(std::vector<T>& into, std::vector<T>&& more) {
  for (T& v : more) AddUnique(into, std::move(v));
}

bool SameIdentifier(const Identifier& a, const Identifier& b) { return a.kind == b.kind && a.value == b.value; }
bool SameAddress(const Address& a, const Address& b) { return a.full == b.full && a.country == b.country; }

void FillIfEmpty(std::string& into, std::string&& other) {
  if (into.empty()) into = std::move(other);
}

}  // namespace

void MergeRecord(Entity& into, Entity&& other) {
  for (Name& n : other.names) {
    auto same = [&](const Name& m) { return m.value == n.value; };
    if (std::none_of(into.names.begin(), into.names.end(), same)) {
      if (n.kind == NameKind::kPrimary) n.kind = NameKind::kStrongAlias;
      into.names.push_back(std::move(n));
    }
  }
  AddAll(into.birth_dates, std::move(other.birth_dates));
  AddAll(into.birth_places, std::move(other.birth_places));
  AddAll(into.nationalities, std::move(other.nationalities));
  AddAll(into.citizenships, std::move(other.citizenships));
  AddAll(into.countries, std::move(other.countries));
  AddAll(into.programs, std::move(other.programs));
  AddAll(into.linked_to, std::move(other.linked_to));
  AddAll(into.websites, std::move(other.websites));
  AddAll(into.emails, std::move(other.emails));
  for (Identifier& id : other.identifiers) {
    auto same = [&](const Identifier& x) { return SameIdentifier(x, id); };
    if (std::none_of(into.identifiers.begin(), into.identifiers.end(), same)) into.identifiers.push_back(std::move(id));
  }
  for (Address& a : other.addresses) {
    auto same = [&](const Address& x) { return SameAddress(x, a); };
    if (std::none_of(into.addresses.begin(), into.addresses.end(), same)) into.addresses.push_back(std::move(a));
  }
  FillIfEmpty(into.gender, std::move(other.gender));
  FillIfEmpty(into.title, std::move(other.title));
  FillIfEmpty(into.vessel_flag, std::move(other.vessel_flag));
  FillIfEmpty(into.vessel_type, std::move(other.vessel_type));
  FillIfEmpty(into.tonnage, std::move(other.tonnage));
  if (!other.listed_on.empty() && (into.listed_on.empty() || other.listed_on < into.listed_on))
    into.listed_on = std::move(other.listed_on);
  if (!other.remarks.empty() && into.remarks.find(other.remarks) == std::string::npos)
    into.remarks += (into.remarks.empty() ? "" : " ") + other.remarks;
}

}  // namespace embargo
