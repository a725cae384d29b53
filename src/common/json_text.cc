#include "common/json_text.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/io.h"
#include "common/strings.h"

namespace embargo {
namespace {

using nlohmann::json;

// A SAX consumer that builds the value as nlohmann's own parser does, refuses to open a level
// deeper than the limit, and knows at every moment which field it is in.
class BoundedBuilder {
 public:
  BoundedBuilder(size_t max_depth, std::string_view root) : max_depth_(max_depth), root_name_(root) {}

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
        return "a member name of " + (path.empty() ? root_name_ : path);
      } else {
        path += (path.empty() ? "" : ".") + l.key;
      }
    }
    return path.empty() ? root_name_ : path;
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
  std::string root_name_;
  json root_;
  std::vector<Level> levels_;
  bool too_deep_ = false;
  bool duplicate_ = false;
  std::string out_of_range_;
  size_t error_position_ = 0;
};

}  // namespace

JsonRead ReadJson(std::string_view text, size_t max_depth, std::string_view root) {
  BoundedBuilder builder(max_depth, root);
  JsonRead read;
  // A raw NUL is never valid JSON, and the parser would take it for the end of the text, reading
  // what stands before it as the whole value.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    read.fault = JsonFault{.kind = JsonFault::Kind::kSyntax, .where = std::string(root), .position = nul + 1};
    return read;
  }
  if (json::sax_parse(text, &builder)) {
    read.value = std::move(builder.root());
    return read;
  }
  JsonFault& f = read.fault.emplace();
  f.where = builder.Where();
  f.position = builder.error_position();
  f.number = builder.out_of_range();
  f.kind = builder.too_deep()               ? JsonFault::Kind::kTooDeep
           : builder.duplicate()            ? JsonFault::Kind::kDuplicateMember
           : !builder.out_of_range().empty() ? JsonFault::Kind::kOutOfRange
                                            : JsonFault::Kind::kSyntax;
  return read;
}

std::string DuplicateMemberMessage(const JsonFault& f) {
  return f.where + ": a member named twice in one object (which one counts is unclear)";
}

StatusOr<nlohmann::json> ParseJsonText(std::string_view text, JsonPlace place) {
  JsonRead read = ReadJson(text, kMaxJsonDepth, "the top level");
  if (!read.fault) return std::move(read.value);
  const JsonFault& f = *read.fault;
  switch (f.kind) {
    case JsonFault::Kind::kDuplicateMember:
      return Status::InvalidArgument(DuplicateMemberMessage(f));
    case JsonFault::Kind::kTooDeep:
      return Status::InvalidArgument("arrays and objects nested deeper than " + std::to_string(kMaxJsonDepth) +
                                     " levels (the limit) at " + f.where);
    case JsonFault::Kind::kOutOfRange:
      return Status::InvalidArgument("not valid JSON: a number beyond the range of a double (" + f.number + " in " +
                                     f.where + ")");
    case JsonFault::Kind::kSyntax: break;
  }
  if (Trim(text).empty()) return Status::InvalidArgument("empty: expected JSON");
  // The parser stops at most a few bytes after an ill-formed byte sequence begins.
  size_t bad = InvalidUtf8Offset(text);
  bool utf8 = bad != std::string_view::npos && bad <= f.position;
  std::string where = LineColumn(text, utf8 ? bad : f.position ? f.position - 1 : 0);
  if (place == JsonPlace::kColumn) where = where.substr(where.find("column"));
  if (utf8) return Status::InvalidArgument("not valid UTF-8 at " + where + " (in " + f.where + ")");
  return Status::InvalidArgument("not valid JSON at " + where);
}

std::string JsonText(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace embargo
