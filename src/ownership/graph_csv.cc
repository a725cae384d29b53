// The CSV form: owner_id,owner_name,asset_id,asset_name,percentage,start,end, one holding a row,
// with optional columns relation (ownership, control, director), owner_type and asset_type.
#include <algorithm>
#include <array>

#include "common/csv.h"
#include "common/io.h"
#include "common/strings.h"
#include "ownership/graph.h"

namespace embargo::ownership {
namespace {

enum Column { kOwnerId, kOwnerName, kAssetId, kAssetName, kPercentage, kStart, kEnd, kRelation, kOwnerType, kAssetType };
constexpr std::array<std::string_view, 10> kColumns = {"owner_id", "owner_name", "asset_id", "asset_name", "percentage",
                                                       "start", "end", "relation", "owner_type", "asset_type"};
constexpr size_t kRequired = 7;

// Names or renames a node from a row; a second name for the same id becomes an alias.
Status DefineNode(Graph& g, uint32_t n, std::string_view name, std::string_view type, uint16_t file, uint32_t line) {
  Node& node = g.nodes[n];
  if (!type.empty()) {
    auto schema = ParseSchema(type);
    if (!schema) return Status::InvalidArgument("type '" + std::string(type) + "': expected person, company, organization, vessel");
    node.schema = *schema;
  }
  if (name.empty()) return Status::Ok();
  if (!node.defined) {
    node.defined = true;
    node.name = std::string(name);
    node.file = file;
    node.line = line;
  } else if (node.name != name) {
    Entity& d = g.Details(n);
    bool known = false;
    for (const Name& x : d.names) known |= x.value == name;
    if (!known) d.names.push_back({std::string(name), NameKind::kStrongAlias});
  }
  return Status::Ok();
}

// One row as a holding; the error names the field.
Status ReadRow(Graph& g, const std::vector<std::string>& f, const std::array<int, 10>& col, uint16_t file, uint32_t line) {
  auto field = [&](Column c) { return col[c] < 0 ? std::string_view() : Trim(f[static_cast<size_t>(col[c])]); };
  for (Column c : {kOwnerId, kAssetId})
    if (field(c).empty()) return Status::InvalidArgument(std::string(kColumns[c]) + ": empty");
  // A name in mojibake would never match its listed spelling: refused, not screened as clear.
  for (size_t c = 0; c < col.size(); ++c) {
    size_t bad = InvalidUtf8Offset(field(static_cast<Column>(c)));
    if (bad != std::string_view::npos)
      return Status::InvalidArgument(std::string(kColumns[c]) + ": not valid UTF-8 at byte " + std::to_string(bad + 1) +
                                     " (save the file as UTF-8)");
  }
  Holding h;
  auto share = ParseShare(field(kPercentage));
  if (!share.ok()) return Status::InvalidArgument("percentage: " + share.status().message());
  h.share = *share;
  auto relation = ParseRelation(field(kRelation), h.share);
  if (!relation.ok()) return Status::InvalidArgument("relation: " + relation.status().message());
  h.relation = *relation;
  for (auto [c, date] : {std::pair{kStart, &h.start}, std::pair{kEnd, &h.end}}) {
    if (field(c).empty()) continue;
    auto d = PartialDate::Parse(field(c));
    if (!d) return Status::InvalidArgument(std::string(kColumns[c]) + " '" + std::string(field(c)) + "': not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    *date = *d;
  }
  h.owner = g.Intern(field(kOwnerId));
  h.asset = g.Intern(field(kAssetId));
  if (Status s = DefineNode(g, h.owner, field(kOwnerName), field(kOwnerType), file, line); !s.ok())
    return s.WithContext("owner_type");
  if (Status s = DefineNode(g, h.asset, field(kAssetName), field(kAssetType), file, line); !s.ok())
    return s.WithContext("asset_type");
  for (uint32_t n : {h.owner, h.asset})
    if (g.nodes[n].line == 0) g.nodes[n].file = file, g.nodes[n].line = line;
  h.file = file;
  h.line = line;
  g.AddHolding(h);
  return Status::Ok();
}

}  // namespace

StatusOr<uint8_t> ParseRelation(std::string_view text, const ShareRange& share) {
  std::string r = Lower(Trim(text));
  if (r.empty() || r == "ownership" || r == "owner" || r == "shareholder") return static_cast<uint8_t>(kOwns);
  if (r == "director" || r == "directorship" || r == "board member") return static_cast<uint8_t>(kDirects);
  if (IsControlRole(r)) return static_cast<uint8_t>(kControls | (share.kind == ShareKind::kUnknown ? 0 : kOwns));
  return Status::InvalidArgument("'" + std::string(text) + "': expected ownership, control or director");
}

Status ReadCsv(std::string_view text, uint16_t file, Graph& g) {
  CsvReader reader(text);
  std::vector<std::string> header, fields;
  const std::string& name = g.files[file];
  if (!reader.Next(header)) return Status::InvalidArgument(name + ": empty file");
  std::array<int, 10> col;
  col.fill(-1);
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h(Trim(header[i]));
    if (i == 0 && h.rfind("\xEF\xBB\xBF", 0) == 0) h = h.substr(3);
    auto it = std::find(kColumns.begin(), kColumns.end(), Lower(h));
    if (it == kColumns.end())
      return Status::InvalidArgument(name + ":1: unknown column '" + h + "' (expected owner_id,owner_name,asset_id,asset_name,percentage,start,end)");
    if (col[static_cast<size_t>(it - kColumns.begin())] >= 0) return Status::InvalidArgument(name + ":1: column '" + h + "' twice");
    col[static_cast<size_t>(it - kColumns.begin())] = static_cast<int>(i);
  }
  for (size_t c = 0; c < kRequired; ++c)
    if (col[c] < 0) return Status::InvalidArgument(name + ":1: header has no '" + std::string(kColumns[c]) + "' column");
  while (reader.Next(fields)) {
    uint32_t line = static_cast<uint32_t>(reader.line());
    Status s = Status::Ok();
    if (!reader.error().empty()) s = Status::InvalidArgument(reader.error());
    else if (fields.size() == 1 && Trim(fields[0]).empty()) continue;  // a blank line
    else if (fields.size() != header.size())
      s = Status::InvalidArgument("expected " + std::to_string(header.size()) + " fields, found " + std::to_string(fields.size()));
    else s = ReadRow(g, fields, col, file, line);
    if (!s.ok()) g.rejected.push_back({name, line, s.message()});
  }
  return Status::Ok();
}

}  // namespace embargo::ownership
