// A small list for the server fuzzers, so that each input runs quickly: a person, a company and
// a vessel.
#pragma once

#include <string>
#include <vector>

#include "embargo/list_load.h"

namespace embargo::fuzz {

inline std::vector<ListLoad> FuzzLists() {
  ListLoad list;
  list.dataset = "ofac-sdn";
  list.title = "fuzz";
  auto add = [&](const char* id, Schema schema, const char* name) {
    Entity e;
    e.id = std::string("ofac-sdn:") + id;
    e.dataset = "ofac-sdn";
    e.native_id = id;
    e.schema = schema;
    e.names.push_back({name, NameKind::kPrimary});
    list.entities.push_back(std::move(e));
  };
  add("1", Schema::kPerson, "PUTIN, Vladimir Vladimirovich");
  add("2", Schema::kCompany, "ROSNEFT OIL COMPANY");
  add("3", Schema::kVessel, "SEA STAR");
  list.entities[0].birth_dates.push_back({1952, 10, 7});
  list.entities[2].identifiers.push_back({IdKind::kImo, "7406784", "IMO", ""});
  std::vector<ListLoad> lists;
  lists.push_back(std::move(list));
  return lists;
}

}  // namespace embargo::fuzz
