#include "common/json_text.h"

#include <string>

#include "common/strings.h"

namespace embargo {

StatusOr<nlohmann::json> ParseJsonText(std::string_view text, JsonPlace place) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    if (Trim(text).empty()) return Status::InvalidArgument("empty: expected JSON");
    size_t offset = e.byte ? e.byte - 1 : 0;
    std::string where = LineColumn(text, offset);
    if (place == JsonPlace::kColumn) where = where.substr(where.find("column"));
    return Status::InvalidArgument("not valid JSON at " + where);
  } catch (const nlohmann::json::exception&) {  // out_of_range, for numbers such as 1E999
    return Status::InvalidArgument("not valid JSON: a number beyond the range of a double");
  }
}

}  // namespace embargo
