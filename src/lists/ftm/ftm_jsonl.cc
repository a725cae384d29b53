// FollowTheMoney entities as JSON lines, the form OpenSanctions exports ("entities.ftm.json"):
// one {"id", "schema", "properties": {...}} object per line. Only screenable schemata become
// entities; Sanction, Address, Ownership and the other FtM schemata that are not parties are
// ignored and counted by schema in the warnings; an unknown schema is rejected, named.
// A last line that is not JSON and has no line end is where the file was cut: incomplete.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/io.h"
#include "common/json_text.h"
#include "common/sha256.h"
#include "embargo/lists.h"
#include "lists/repeated_record.h"
#include "entity/ftm_json.h"

namespace embargo {
namespace {

// The schema of a record that is not a party (IsFtmNonPartySchema), or empty.
std::string NonPartySchema(const nlohmann::json& j) {
  auto it = j.find("schema");
  if (it == j.end() || !it->is_string() || !IsFtmNonPartySchema(it->get_ref<const std::string&>())) return "";
  return it->get<std::string>();
}

// "150 records that are not parties ignored (Address 50, Sanction 100)".
std::string IgnoredWarning(const std::map<std::string, size_t>& ignored) {
  size_t total = 0;
  std::string by_schema;
  for (const auto& [schema, count] : ignored) {
    total += count;
    by_schema += (by_schema.empty() ? "" : ", ") + schema + " " + std::to_string(count);
  }
  return std::to_string(total) + (total == 1 ? " record that is not a party" : " records that are not parties") +
         " ignored (" + by_schema + ")";
}


}  // namespace

StatusOr<ListLoad> LoadFtmJsonLines(const std::string& path) {
  StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  EMBARGO_RETURN_IF_ERROR(CheckNotWide(path, *bytes));
  const std::string& text = *bytes;
  ListLoad load;
  load.dataset = "opensanctions";
  load.title = "OpenSanctions (FollowTheMoney entities)";
  load.format = "ftm-jsonl";
  load.files.push_back(path);
  load.content_hash = Sha256Hex(text);

  std::unordered_map<std::string, std::pair<size_t, size_t>> first_line;  // FtM id -> its line, its entity
  std::map<std::string, size_t> ignored;               // non-party schema -> records
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
    if (std::string schema = NonPartySchema(j); !schema.empty()) {
      ++ignored[schema];  // not a party: nothing to screen, not a rejected record
      continue;
    }
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
    auto [it, inserted] = first_line.emplace(e->native_id, std::pair{line, load.entities.size()});
    if (inserted)
      load.entities.push_back(std::move(e).value());
    else
      MergeRepeatedRecord(load, load.entities[it->second.second], std::move(e).value(), "id", load.files[0],
                          it->second.first, line);
  }
  if (parsed == 0) return Status::DataLoss(path + ": no FollowTheMoney JSON objects");
  if (!ignored.empty()) load.warnings.push_back(IgnoredWarning(ignored));
  if (load.entities.empty())
    return Status::DataLoss(path + ": no screenable entities (" + std::to_string(load.rejected.size()) + " rejected" +
                            (ignored.empty() ? "" : "; " + IgnoredWarning(ignored)) + ")");
  return load;
}

}  // namespace embargo
