#include "common/json_text.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "common/strings.h"

namespace embargo {
namespace {

using nlohmann::json;

// Refuses an object that names a member twice: JSON leaves it to the reader, and the last one
// winning would drop the first unseen ({"parties": [listed], ..., "parties": []}).
class DuplicateMembers {
 public:
  struct Found {
    std::string path;
  };
  bool operator()(int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: levels_.push_back({false}); break;
      case json::parse_event_t::array_start: levels_.push_back({true}); break;
      case json::parse_event_t::key: {
        Level& top = levels_.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second) throw Found{Path()};
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        levels_.pop_back();
        Counted();
        break;
      case json::parse_event_t::value: Counted(); break;
    }
    return true;
  }

 private:
  struct Level {
    bool array;
    size_t count = 0;   // arrays: the elements read
    std::string key;    // objects: the member being read
    std::unordered_set<std::string> keys;
  };
  void Counted() {
    if (!levels_.empty() && levels_.back().array) ++levels_.back().count;
  }
  std::string Path() const {
    std::string path;
    for (const Level& l : levels_)
      path += l.array ? "[" + std::to_string(l.count) + "]" : (path.empty() ? "" : ".") + l.key;
    return path;
  }
  std::vector<Level> levels_;
};

}  // namespace

StatusOr<nlohmann::json> ParseJsonText(std::string_view text, JsonPlace place) {
  try {
    return json::parse(text, DuplicateMembers());
  } catch (const DuplicateMembers::Found& d) {
    return Status::InvalidArgument(d.path + ": a member named twice in one object (which one counts is unclear)");
  } catch (const json::parse_error& e) {
    if (Trim(text).empty()) return Status::InvalidArgument("empty: expected JSON");
    size_t offset = e.byte ? e.byte - 1 : 0;
    std::string where = LineColumn(text, offset);
    if (place == JsonPlace::kColumn) where = where.substr(where.find("column"));
    return Status::InvalidArgument("not valid JSON at " + where);
  } catch (const json::exception&) {  // out_of_range, for numbers such as 1E999
    return Status::InvalidArgument("not valid JSON: a number beyond the range of a double");
  }
}

}  // namespace embargo
