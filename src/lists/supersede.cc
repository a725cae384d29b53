// DropSupersededCopies: the US CSL's copies of lists that are loaded in their own right.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>
#include <unordered_set>

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

// What a publisher's own list holds: OFAC's records by id (the CSL's entity_number), the Denied
// Persons List's by name (its CSL rows have ids of their own).
struct Publisher {
  std::string published;
  std::unordered_set<std::string> ids, names;
};

std::string NameKey(std::string_view name) {
  std::string key;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c)))
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

bool Holds(const Publisher& p, const Entity& e) {
  return p.ids.count(e.native_id) > 0 || p.names.count(NameKey(e.caption())) > 0;
}

// True when every source of the CSL record `e` publishes it itself in a loaded list, or has
// delisted it (its list is as new as the CSL's, undated lists aside); `by` names one of them. A
// record the CSL also carries for one of its own sources (EL, MEU, ...) is kept, and so is one an
// older list of its publisher lacks: a designation made since.
bool Superseded(const Entity& e, const std::string& csl_published, const std::map<std::string, Publisher>& loaded,
                std::string& by) {
  bool any = false;
  for (const std::string& p : e.programs) {
    const CslSource* s = SourceOf(p);
    if (s == nullptr) continue;  // a sanctions programme, not a source
    auto it = s->dataset.empty() ? loaded.end() : loaded.find(std::string(s->dataset));
    if (it == loaded.end()) return false;
    const Publisher& publisher = it->second;
    bool delisted = !csl_published.empty() && !publisher.published.empty() && publisher.published >= csl_published;
    if (!Holds(publisher, e) && !delisted) return false;
    any = true;
    by = s->dataset;
  }
  return any;
}

}  // namespace

void DropSupersededCopies(std::vector<ListLoad>& lists) {
  // Only the lists whose records the CSL copies are indexed, and only when a CSL is loaded: every
  // load (a server's start, each reload) passes here.
  if (std::none_of(lists.begin(), lists.end(), [](const ListLoad& l) { return l.dataset == "us-csl"; })) return;
  std::map<std::string, Publisher> loaded;
  for (const ListLoad& l : lists) {
    bool publisher = std::any_of(std::begin(kCslSources), std::end(kCslSources),
                                 [&](const CslSource& s) { return !s.dataset.empty() && s.dataset == l.dataset; });
    if (!publisher) continue;
    Publisher& p = loaded[l.dataset];
    p.published = l.published;
    for (const Entity& e : l.entities) {
      p.ids.insert(e.native_id);
      p.names.insert(NameKey(e.caption()));
    }
  }
  for (ListLoad& l : lists) {
    if (l.dataset != "us-csl") continue;
    std::map<std::string, size_t> dropped;
    std::vector<Entity> kept;
    kept.reserve(l.entities.size());
    for (Entity& e : l.entities) {
      std::string by;
      if (Superseded(e, l.published, loaded, by)) ++dropped[by];
      else kept.push_back(std::move(e));
    }
    l.entities = std::move(kept);
    for (const auto& [by, n] : dropped) l.superseded.push_back({by, n});
  }
}

size_t RecordsGiven(const ListLoad& l) {
  size_t n = l.entities.size();
  for (const auto& s : l.superseded) n += s.records;
  return n;
}

}  // namespace embargo
