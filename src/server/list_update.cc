#include "server/list_update.h"

#include <map>
#include <string>

#include "lists/diff.h"

namespace embargo::server {
namespace {

using json = nlohmann::json;

std::string Iso(std::time_t t) {
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The entry of `dataset`, with every count at 0 when it is new.
json& Entry(std::map<std::string, json>& lists, const std::string& dataset) {
  auto [it, fresh] = lists.try_emplace(dataset, json::object());
  if (fresh)
    for (const char* kind : {"added", "removed", "changed"}) {
      it->second[kind] = 0;
      it->second[std::string(kind) + "_records"] = json::array();
    }
  return it->second;
}

// Adds `changes` to their lists' entries under `kind` ("added", "removed", "changed").
void Tally(std::map<std::string, json>& lists, const std::vector<EntityChange>& changes, const std::string& kind) {
  for (const EntityChange& c : changes) {
    json& l = Entry(lists, std::string(DatasetOfId(c.id)));
    l[kind] = l.value(kind, 0) + 1;
    json& shown = l[kind + "_records"];
    if (shown.size() >= kUpdateRecordsShown) {
      l["truncated"] = true;
      continue;
    }
    json r = {{"id", c.id}, {"caption", c.caption}};
    if (!c.fields.empty()) {
      r["fields"] = json::array();
      for (const FieldChange& f : c.fields) r["fields"].push_back(f.field);
    }
    shown.push_back(std::move(r));
  }
}

}  // namespace

json ListUpdateJson(const std::vector<ListLoad>& before, const std::vector<ListLoad>& after, uint64_t from_version,
                    std::time_t at) {
  std::map<std::string, json> lists;
  for (const ListLoad& l : before) Entry(lists, l.dataset)["hash_before"] = l.content_hash;
  for (const ListLoad& l : after) Entry(lists, l.dataset)["hash_after"] = l.content_hash;
  ListDiff diff = DiffLists(before, after);
  Tally(lists, diff.added, "added");
  Tally(lists, diff.removed, "removed");
  Tally(lists, diff.changed, "changed");
  json out = {{"from_version", from_version}, {"at", Iso(at)}, {"lists", json::array()}};
  for (auto& [dataset, l] : lists) {
    l["dataset"] = dataset;
    if (!l.contains("truncated")) l["truncated"] = false;
    for (const char* hash : {"hash_before", "hash_after"})
      if (!l.contains(hash)) l[hash] = nullptr;  // a list that came or went with this reload
    out["lists"].push_back(std::move(l));
  }
  return out;
}

}  // namespace embargo::server
