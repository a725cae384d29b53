// OFAC legacy CSV set: sdn.csv + add.csv + alt.csv + sdn_comments.csv, or the cons_* files.
// Layout (OFAC cons_dat_spec.txt): no header, CRLF, "-0- " for null, a final 0x1A byte.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/csv.h"
#include "common/strings.h"
#include "common/io.h"
#include "common/sha256.h"
#include "embargo/lists.h"
#include "entity/countries.h"
#include "lists/repeated_record.h"
#include "lists/ofac/ofac_remarks.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

constexpr size_t kPrimaryFields = 12;
constexpr size_t kAddressFields = 6;
constexpr size_t kAliasFields = 5;
constexpr size_t kCommentFields = 2;

// A field's value: trimmed, with OFAC's "-0-" null marker read as empty.
std::string Value(std::string_view field) {
  field = Trim(field);
  return field == "-0-" ? std::string() : std::string(field);
}

bool ParseEntNum(std::string_view s, long& out) {
  s = Trim(s);
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
}

// The sibling file `name` (any case, optionally .gz) in `dir`, or empty.
std::string FindSibling(const fs::path& dir, std::string_view name) {
  std::error_code ec;
  std::string gz = std::string(name) + ".gz";
  std::string found_gz;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = Lower(entry.path().filename().string());
    if (file == name) return entry.path().string();
    if (file == gz) found_gz = entry.path().string();
  }
  return found_gz;
}

struct Source {
  std::string path;
  std::string text;  // UTF-8
  bool end_marker = false;  // the file ends with OFAC's end-of-file byte 0x1A
  bool empty = false;       // no bytes at all
};

// OFAC ends every CSV file with the DOS end-of-file byte 0x1A (then nothing but line breaks):
// a file without it was cut short. An empty file (a real, empty remarks file) has nothing to cut.
bool EndsWithMarker(std::string_view bytes) {
  size_t last = bytes.find_last_not_of("\r\n");
  return bytes.empty() || (last != std::string_view::npos && bytes[last] == '\x1A');
}

// Reads a file, feeding its decompressed bytes to the content hash, and converts legacy
// Windows-1252 text to UTF-8.
StatusOr<Source> ReadSource(const std::string& path, Sha256& hash) {
  StatusOr<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  EMBARGO_RETURN_IF_ERROR(CheckNotWide(path, *bytes));
  hash.Update(*bytes);
  bool marker = EndsWithMarker(*bytes);
  bool empty = bytes->empty();
  std::string text = std::move(bytes).value();
  while (!text.empty() && text.back() == '\x1A') text.pop_back();  // DOS end-of-file byte
  return Source{path, TextOfList(std::move(text)), marker, empty};
}

bool IsEndOfFileMarker(const std::vector<std::string>& fields) {
  if (fields.size() != 1) return false;
  for (char c : fields[0])
    if (c != '\x1A' && !std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

bool SpansLines(const std::vector<std::string>& fields) {
  for (const std::string& f : fields)
    if (f.find('\n') != std::string::npos) return true;
  return false;
}

// Byte offset at which 1-based line `line` of `text` starts, or npos.
size_t LineStart(std::string_view text, size_t line) {
  size_t pos = 0;
  for (size_t l = 1; l < line && pos != std::string_view::npos; ++l) {
    pos = text.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  return pos;
}

// Calls `row(ent_num, fields, line)` for every well-formed record with `want` fields and
// reports the others. OFAC records never span lines, so a quote left open is an error, and
// reading resumes on the next line: one bad quote costs one record, not the rest of the file.
template <typename RowFn>
void ForEachRow(const Source& src, size_t want, std::vector<LoadIssue>& issues, RowFn row) {
  std::string_view text = src.text;
  size_t line_base = 0;  // lines of src.text before `text`
  std::vector<std::string> fields;
  for (bool resync = true; resync;) {
    resync = false;
    CsvReader reader(text);
    while (reader.Next(fields)) {
      size_t line = line_base + reader.line();
      if (IsEndOfFileMarker(fields)) continue;
      if (!reader.error().empty() || SpansLines(fields)) {
        issues.push_back({src.path, line,
                          reader.error().empty() ? "unbalanced quote: field runs past the end of the line"
                                                 : reader.error()});
        size_t next = LineStart(text, reader.line() + 1);
        if (next == std::string_view::npos) return;
        text = text.substr(next);
        line_base = line;
        resync = true;
        break;
      }
      if (fields.size() != want) {
        issues.push_back(
            {src.path, line,
             "expected " + std::to_string(want) + " fields, found " + std::to_string(fields.size())});
        continue;
      }
      long ent_num = 0;
      if (!ParseEntNum(fields[0], ent_num)) {
        issues.push_back({src.path, line, "non-numeric ent_num '" + std::string(Trim(fields[0])) + "'"});
        continue;
      }
      row(ent_num, fields, line);
    }
  }
}

// OFAC's SDN_Type values: individual, vessel, aircraft, and "-0-" (null) for entities. Another
// value (a typo such as "indivdual") says nothing of the party: it is read untyped, matched as a
// person and as an organisation, and the record is counted as rejected (CheckType).
Schema SchemaFromType(std::string_view type) {
  std::string t = Lower(Trim(type));
  if (t == "individual") return Schema::kPerson;
  if (t == "vessel") return Schema::kVessel;
  if (t == "aircraft") return Schema::kAirplane;
  return t.empty() ? Schema::kOrganization : Schema::kLegalEntity;
}

bool KnownType(std::string_view type) {
  std::string t = Lower(Trim(type));
  return t.empty() || t == "individual" || t == "vessel" || t == "aircraft";
}

// "SDGT] [IFSR" -> {"SDGT", "IFSR"}.
std::vector<std::string> SplitPrograms(std::string_view field) {
  std::vector<std::string> out;
  std::string all = Value(field);
  std::string_view rest = all;
  while (!rest.empty()) {
    size_t sep = rest.find("] [");
    std::string_view part = Trim(rest.substr(0, sep));
    while (!part.empty() && (part.front() == '[' || part.front() == ']')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == '[' || part.back() == ']')) part.remove_suffix(1);
    if (!Trim(part).empty()) out.emplace_back(Trim(part));
    if (sep == std::string_view::npos) break;
    rest = rest.substr(sep + 3);
  }
  return out;
}

bool IsNoFlag(std::string_view flag) {
  std::string f = Lower(flag);
  return f == "none identified" || f == "unknown";
}

Entity EntityFromRow(const std::string& dataset, long ent_num, std::vector<std::string>& f) {
  Entity e;
  e.native_id = std::to_string(ent_num);
  e.id = dataset + ":" + e.native_id;
  e.dataset = dataset;
  e.schema = SchemaFromType(Value(f[2]));
  e.names.push_back(Name{Value(f[1]), NameKind::kPrimary});
  e.programs = SplitPrograms(f[3]);
  e.title = Value(f[4]);
  if (std::string call_sign = Value(f[5]); !call_sign.empty())
    e.identifiers.push_back(Identifier{IdKind::kOther, call_sign, "Call Sign", ""});
  e.vessel_type = Value(f[6]);
  e.tonnage = Value(f[7]).empty() ? Value(f[8]) : Value(f[7]);
  std::erase(e.tonnage, ',');  // "99,144" in CSV is 99144 in XML
  if (std::string flag = Value(f[9]); !flag.empty() && !IsNoFlag(flag)) {
    std::string code = CountryCode(flag);
    e.vessel_flag = code.empty() ? flag : code;
  }
  if (std::string owner = Value(f[10]); !owner.empty()) e.linked_to.push_back(owner);
  e.remarks = Value(f[11]);
  return e;
}

struct SiblingNames {
  std::string address, alias, comments;
};

SiblingNames SiblingsOf(const std::string& primary) {
  std::string file = Lower(fs::path(primary).filename().string());
  if (file.rfind("cons_", 0) == 0) return {"cons_add.csv", "cons_alt.csv", "cons_comments.csv"};
  return {"add.csv", "alt.csv", "sdn_comments.csv"};
}

// A companion file: what it holds, in words, and whether OFAC publishes it empty (the remarks
// file of the 2018 consolidated list is 0 bytes; aliases and addresses never are).
struct Sibling {
  std::string name;
  size_t fields;
  const char* holds;
  bool may_be_empty;
};

std::string OrphanReason(long ent_num, const std::string& primary) {
  return "orphan row: ent_num " + std::to_string(ent_num) + " not in " +
         fs::path(primary).filename().string();
}

// Reads the primary file, then its siblings into the entities it made, then the remarks.
class CsvSetLoader {
 public:
  CsvSetLoader(const std::string& primary, const std::string& dataset) : primary_(primary) {
    load_.dataset = dataset;
    load_.format = "ofac-csv";
    load_.title = dataset == "ofac-cons"  ? "OFAC Consolidated (non-SDN) List"
                  : dataset == "ofac-sdn" ? "OFAC SDN List"
                                          : "OFAC List";
  }

  StatusOr<ListLoad> Load() {
    StatusOr<Source> prim = ReadSource(primary_, hash_);
    if (!prim.ok()) return prim.status();
    load_.files.push_back(primary_);
    NoteMissingMarker(*prim);
    ForEachRow(*prim, kPrimaryFields, load_.rejected,
               [&](long ent_num, std::vector<std::string>& f, size_t line) { AddEntity(ent_num, f, line); });
    if (load_.entities.empty())
      return Status::DataLoss(primary_ + ": no valid OFAC records (" +
                                std::to_string(load_.rejected.size()) + " rejected)");
    fs::path dir = fs::path(primary_).parent_path();
    if (dir.empty()) dir = ".";
    SiblingNames names = SiblingsOf(primary_);
    EMBARGO_RETURN_IF_ERROR(
        LoadSibling(dir, {names.address, kAddressFields, "addresses", false}, &CsvSetLoader::AddAddress));
    EMBARGO_RETURN_IF_ERROR(LoadSibling(dir, {names.alias, kAliasFields, "aliases", false}, &CsvSetLoader::AddAlias));
    EMBARGO_RETURN_IF_ERROR(LoadSibling(
        dir, {names.comments, kCommentFields, "rest of the remarks cut at 1,000 characters", true}, &CsvSetLoader::AddComment));
    // Only now are the remarks whole: comments continue those cut at 1,000 characters.
    for (Entity& e : load_.entities) ApplyOfacRemarks(e.remarks, e);
    load_.content_hash = hash_.HexDigest();
    return std::move(load_);
  }

 private:
  using Fields = std::vector<std::string>;
  using RowFn = void (CsvSetLoader::*)(Entity& e, Fields& f, const std::string& file, size_t line);

  // A missing sibling loads (sdn.csv alone is a list as published, the 2024 benchmark's), with a
  // warning of what is missing; an unreadable one is an error, an empty or cut one incomplete.
  Status LoadSibling(const fs::path& dir, const Sibling& sibling, RowFn add) {
    std::string path = FindSibling(dir, sibling.name);
    if (path.empty()) {
      load_.warnings.push_back(primary_ + ": no " + sibling.name + " beside it: loaded without the " + sibling.holds +
                               " that file holds");
      return Status::Ok();
    }
    StatusOr<Source> src = ReadSource(path, hash_);
    if (!src.ok()) return src.status();
    load_.files.push_back(path);
    NoteMissingMarker(*src);
    if (src->empty && !sibling.may_be_empty)
      load_.incomplete.push_back(sibling.name + " is empty (0 bytes): OFAC publishes its " + sibling.holds +
                                 " in it, so the file was cut short");
    ForEachRow(*src, sibling.fields, load_.rejected, [&](long ent_num, Fields& f, size_t line) {
      auto it = index_.find(ent_num);
      if (it == index_.end())
        load_.rejected.push_back({path, line, OrphanReason(ent_num, primary_)});
      else
        (this->*add)(load_.entities[it->second], f, path, line);
    });
    return Status::Ok();
  }

  void AddEntity(long ent_num, Fields& f, size_t line) {
    if (Value(f[1]).empty()) {
      load_.rejected.push_back({primary_, line, "empty SDN_Name"});
      return;
    }
    if (std::string type = Value(f[2]); !KnownType(type))
      load_.rejected.push_back({primary_, line, "ent_num " + std::to_string(ent_num) + ": SDN_Type '" + type +
                                                    "' is none of individual, vessel, aircraft or -0-; loaded untyped"});
    Entity e = EntityFromRow(load_.dataset, ent_num, f);
    auto [it, inserted] = index_.emplace(ent_num, load_.entities.size());
    if (inserted) {
      first_line_.emplace(ent_num, line);
      load_.entities.push_back(std::move(e));
      return;
    }
    // Its siblings' rows go to the record kept, as its own do.
    MergeRepeatedRecord(load_, load_.entities[it->second], std::move(e), "ent_num", primary_, first_line_[ent_num], line);
  }

  // Rows whose street, city and country are all "-0-" are placeholders and add nothing.
  void AddAddress(Entity& e, Fields& f, const std::string&, size_t) {
    Address a;
    std::string street = Value(f[2]);
    a.city = Value(f[3]);
    a.full = street.empty() ? a.city : a.city.empty() ? street : street + ", " + a.city;
    std::string country = Value(f[4]);
    a.country = CountryCode(country);
    // A country the table does not know ("Region: Kafia Kingi") stays readable in the text.
    if (a.country.empty() && !country.empty()) a.full += (a.full.empty() ? "" : ", ") + country;
    if (a.full.empty() && a.country.empty()) return;
    if (!a.country.empty() &&
        std::find(e.countries.begin(), e.countries.end(), a.country) == e.countries.end())
      e.countries.push_back(a.country);
    e.addresses.push_back(std::move(a));
  }

  // alt_type is aka/fka/nka; a "weak" type or remark marks a low-quality name.
  void AddAlias(Entity& e, Fields& f, const std::string& file, size_t line) {
    std::string name = Value(f[3]);
    if (name.empty()) {
      load_.rejected.push_back({file, line, "empty alt_name"});
      return;
    }
    for (const Name& n : e.names)
      if (n.value == name) return;  // OFAC sometimes repeats the primary name as an aka
    bool weak = Lower(Value(f[2])).find("weak") != std::string::npos ||
                Lower(Value(f[4])).find("weak") != std::string::npos;
    e.names.push_back(Name{std::move(name), weak ? NameKind::kWeakAlias : NameKind::kStrongAlias});
  }

  void AddComment(Entity& e, Fields& f, const std::string&, size_t) { e.remarks += Value(f[1]); }

  void NoteMissingMarker(const Source& src) {
    if (!src.end_marker)
      load_.incomplete.push_back(fs::path(src.path).filename().string() +
                                 " does not end with OFAC's end-of-file byte (0x1A)");
  }

  std::string primary_;
  ListLoad load_;
  Sha256 hash_;
  std::unordered_map<long, size_t> index_;       // ent_num -> position in load_.entities
  std::unordered_map<long, size_t> first_line_;  // ent_num -> line of its first row
};

}  // namespace

StatusOr<ListLoad> LoadOfacCsv(const std::string& primary, const std::string& dataset) {
  return CsvSetLoader(primary, dataset).Load();
}

}  // namespace embargo
