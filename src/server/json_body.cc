#include "server/json_body.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "embargo/text_scan.h"

namespace embargo::server {
namespace {

using nlohmann::json;

// A SAX consumer that builds the value as nlohmann's own parser does, refuses to open a level
// deeper than the limit, and knows at every moment which field it is in.
class BoundedBuilder {
 public:
  explicit BoundedBuilder(size_t max_depth) : max_depth_(max_depth) {}

  bool null() { return Add(nullptr); }
  bool boolean(bool v) { return Add(v); }
  bool number_integer(json::number_integer_t v) { return Add(v); }
  bool number_unsigned(json::number_unsigned_t v) { return Add(v); }
  bool number_float(json::number_float_t v, const json::string_t& text) {
    if (std::isfinite(v)) return Add(v);
    out_of_range_ = text;  // 1E999: no double holds it
    return false;
  }
  bool string(json::string_t& v) { return Add(std::move(v)); }
  bool binary(json::binary_t& v) { return Add(json::binary(std::move(v))); }
  bool start_object(size_t) { return Open(json::object()); }
  bool start_array(size_t) { return Open(json::array()); }
  bool key(json::string_t& k) {
    // A member named twice: the last would replace the first unseen ({"parties": [listed], "parties": []}).
    duplicate_ = levels_.back().value->contains(k);
    levels_.back().key = std::move(k);
    levels_.back().awaiting_key = false;
    return !duplicate_;
  }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool parse_error(size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    error_position_ = position;
    if (e.id == 406) out_of_range_ = token;  // the parser's "number overflow": 1e999, no double holds it
    return false;
  }

  json& root() { return root_; }
  bool too_deep() const { return too_deep_; }
  bool duplicate() const { return duplicate_; }
  const std::string& out_of_range() const { return out_of_range_; }
  size_t error_position() const { return error_position_; }

  // Where the parser is: "parties[0].name", or "a member name of parties[0]" between members.
  // Long paths keep their first levels.
  std::string Where() const {
    constexpr size_t kShown = 8;
    std::string path;
    for (size_t i = 0; i < levels_.size(); ++i) {
      const Level& l = levels_[i];
      bool last = i + 1 == levels_.size();
      if (i == kShown) {
        path += "...";
        break;
      }
      if (l.value->is_array()) {
        // An open child is the array's last element; the innermost array's next one is not in it yet.
        path += "[" + std::to_string(l.value->size() - (last ? 0 : 1)) + "]";
      } else if (last && l.awaiting_key) {
        return "a member name of " + (path.empty() ? std::string("the body") : path);
      } else {
        path += (path.empty() ? "" : ".") + l.key;
      }
    }
    return path.empty() ? "the body" : path;
  }

 private:
  struct Level {
    json* value;
    std::string key;  // objects: the member being read
    bool awaiting_key = true;
  };

  // Puts `v` where the parser is and returns the stored value.
  template <typename V>
  json* Place(V&& v) {
    if (levels_.empty()) {
      root_ = json(std::forward<V>(v));
      return &root_;
    }
    Level& top = levels_.back();
    if (top.value->is_array()) {
      top.value->push_back(json(std::forward<V>(v)));
      return &top.value->back();
    }
    json& slot = (*top.value)[top.key];
    slot = json(std::forward<V>(v));
    top.awaiting_key = true;
    return &slot;
  }
  template <typename V>
  bool Add(V&& v) {
    Place(std::forward<V>(v));
    return true;
  }
  bool Open(json container) {
    if (levels_.size() >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    levels_.push_back({Place(std::move(container)), {}, true});
    return true;
  }
  bool Close() {
    levels_.pop_back();
    return true;
  }

  size_t max_depth_;
  json root_;
  std::vector<Level> levels_;
  bool too_deep_ = false;
  bool duplicate_ = false;
  std::string out_of_range_;
  size_t error_position_ = 0;
};

}  // namespace

StatusOr<json> ParseJsonBody(std::string_view body, size_t max_depth) {
  BoundedBuilder builder(max_depth);
  if (json::sax_parse(body, &builder)) return std::move(builder.root());
  if (builder.too_deep())
    return Status::InvalidArgument("request body nests arrays and objects deeper than " + std::to_string(max_depth) +
                                   " levels (the limit) at " + builder.Where());
  if (builder.duplicate())
    return Status::InvalidArgument(builder.Where() + ": a member named twice in one object (which one counts is unclear)");
  if (!builder.out_of_range().empty())
    return Status::InvalidArgument(builder.Where() + ": number " + builder.out_of_range() + " is out of range");
  size_t position = builder.error_position();
  size_t bad = FindInvalidUtf8(body);
  // The parser stops at most a few bytes after an ill-formed byte sequence begins.
  if (bad != std::string_view::npos && bad <= position)
    return Status::InvalidArgument(builder.Where() + ": not valid UTF-8 (byte offset " + std::to_string(bad) +
                                   " of the request body)");
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Status::InvalidArgument("request body is empty: expected a JSON object");
  return Status::InvalidArgument("request body is not valid JSON at " + LineColumn(body, position ? position - 1 : 0) +
                                 " (in " + builder.Where() + ")");
}

}  // namespace embargo::server
