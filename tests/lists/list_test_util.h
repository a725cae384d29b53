// Look-ups the list loader tests share.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <string_view>

#include "embargo/lists.h"

namespace embargo {

inline const Entity* FindEntity(const ListLoad& l, const std::string& id) {
  for (const Entity& e : l.entities)
    if (e.id == id) return &e;
  return nullptr;
}

inline bool HasName(const Entity& e, std::string_view value, NameKind kind) {
  return std::any_of(e.names.begin(), e.names.end(),
                     [&](const Name& n) { return n.value == value && n.kind == kind; });
}

inline std::map<Schema, int> CountBySchema(const ListLoad& l) {
  std::map<Schema, int> out;
  for (const Entity& e : l.entities) ++out[e.schema];
  return out;
}

}  // namespace embargo
