// DropSupersededCopies: the US CSL's copies of lists that are loaded in their own right.
#include <algorithm>
#include <set>
#include <string_view>

#include "embargo/lists.h"

namespace embargo {
namespace {

// The CSL's source codes (its "source" column, which the loader keeps in Entity::programs) and the
// dataset that publishes those records itself; an empty dataset: the CSL is the source we load.
struct CslSource {
  std::string_view code;
  std::string_view dataset;
};
constexpr CslSource kCslSources[] = {
    {"SDN", "ofac-sdn"},  {"SSI", "ofac-cons"},         {"FSE", "ofac-cons"}, {"PLC", "ofac-cons"},
    {"CAP", "ofac-cons"}, {"NS-MBS List", "ofac-cons"}, {"CMIC", "ofac-cons"}, {"DPL", "bis-dpl"},
    {"EL", ""},           {"MEU", ""},                  {"UVL", ""},          {"ISN", ""},
    {"DTC", ""},
};

const CslSource* SourceOf(std::string_view program) {
  for (const CslSource& s : kCslSources)
    if (s.code == program) return &s;
  return nullptr;
}

// True when every source of the CSL record `e` publishes it itself in a loaded list; `by` names
// one of them. A record the CSL also carries for one of its own sources (EL, MEU, ...) is kept.
bool Superseded(const Entity& e, const std::set<std::string>& loaded, std::string& by) {
  bool any = false;
  for (const std::string& p : e.programs) {
    const CslSource* s = SourceOf(p);
    if (s == nullptr) continue;  // a sanctions programme, not a source
    if (s->dataset.empty() || !loaded.count(std::string(s->dataset))) return false;
    any = true;
    by = s->dataset;
  }
  return any;
}

}  // namespace

void DropSupersededCopies(std::vector<ListLoad>& lists) {
  std::set<std::string> loaded;
  for (const ListLoad& l : lists) loaded.insert(l.dataset);
  for (ListLoad& l : lists) {
    if (l.dataset != "us-csl") continue;
    std::map<std::string, size_t> dropped;
    std::vector<Entity> kept;
    kept.reserve(l.entities.size());
    for (Entity& e : l.entities) {
      std::string by;
      if (Superseded(e, loaded, by)) ++dropped[by];
      else kept.push_back(std::move(e));
    }
    l.entities = std::move(kept);
    for (const auto& [by, n] : dropped) l.superseded.push_back({by, n});
  }
}

}  // namespace embargo
