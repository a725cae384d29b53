// FollowTheMoney entities as JSON lines, the form OpenSanctions exports ("entities.ftm.json"):
// one {"id", "schema", "properties": {...}} object per line. Only screenable schemata become
// entities; Occupancy, Sanction, Address and other non-party records are rejected, each named.
// A last line that is not JSON and has no line end is where the file was cut: incomplete.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/io.h"
#include "common/json_text.h"
#include "common/sha256.h"
#include "embargo/lists.h"
#include "entity/ftm_json.h"

namespace embargo {

StatusOr<ListLoad> LoadFtmJsonLines(const std::string& path) {
  StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  const std::string& text = *bytes;
  ListLoad load;
  load.dataset = "opensanctions";
  load.title = "OpenSanctions (FollowTheMoney entities)";
  load.format = "ftm-jsonl";
  load.files.push_back(path);
  load.content_hash = Sha256Hex(text);

  std::unordered_map<std::string, size_t> first_line;  // FtM id -> line
  size_t parsed = 0;                                   // lines that were JSON objects at all
  size_t line = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view row(text.data() + pos, end - pos);
    pos = end + 1;
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::string where = path + ":" + std::to_string(line);
    StatusOr<nlohmann::json> parsed_row = ParseJsonText(row, JsonPlace::kColumn);
    if (!parsed_row.ok() || !parsed_row->is_object()) {
      std::string why = parsed_row.ok() ? "not a JSON object" : parsed_row.status().message();
      if (!parsed_row.ok() && end == text.size())  // no line end after it: the file was cut here
        load.incomplete.push_back(std::filesystem::path(path).filename().string() + ":" + std::to_string(line) +
                                  ": the file ends inside this record (" + why + ")");
      else
        load.rejected.push_back({path, line, std::move(why)});
      continue;
    }
    const nlohmann::json& j = *parsed_row;
    ++parsed;
    StatusOr<Entity> e = EntityFromFtm(j, where, "opensanctions");
    if (!e.ok()) {
      std::string reason = e.status().message();
      if (reason.rfind(where + ": ", 0) == 0) reason.erase(0, where.size() + 2);
      load.rejected.push_back({path, line, std::move(reason)});
      continue;
    }
    if (e->native_id.empty()) {
      load.rejected.push_back({path, line, "entity without an 'id'"});
      continue;
    }
    if (e->names.empty() || e->names[0].value.empty()) {
      load.rejected.push_back({path, line, "entity " + e->native_id + " without a name"});
      continue;
    }
    auto [it, inserted] = first_line.emplace(e->native_id, line);
    if (!inserted) {
      load.rejected.push_back(
          {path, line, "duplicate id " + e->native_id + " (first on line " + std::to_string(it->second) + ")"});
      continue;
    }
    load.entities.push_back(std::move(e).value());
  }
  if (parsed == 0) return Status::DataLoss(path + ": no FollowTheMoney JSON objects");
  if (load.entities.empty())
    return Status::DataLoss(path + ": no screenable entities (" + std::to_string(load.rejected.size()) + " rejected)");
  return load;
}

}  // namespace embargo
