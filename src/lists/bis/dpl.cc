// US BIS Denied Persons List (dpl.txt): tab-separated, every field double-quoted, a header row
// "Name Street_Address City State Country Postal_Code Effective_Date Expiration_Date
// Standard_Order Last_Update Action FR_Citation". Real quirks: names with a leading space,
// Country empty for many US addresses (State given), Last_Update typos such as 2922-09-01,
// and exact duplicate rows.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/csv.h"
#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "embargo/lists.h"
#include "entity/countries.h"
#include "lists/csv_rows.h"

namespace embargo {
namespace {

constexpr size_t kFields = 12;
enum Col : size_t {
  kName,
  kStreet,
  kCity,
  kState,
  kCountry,
  kPostalCode,
  kEffective,
  kExpiration,
  kStandardOrder,
  kLastUpdate,
  kAction,
  kFrCitation,
};

// Upper case with runs of whitespace collapsed to one space: the form the id is hashed from.
std::string Normalised(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// "MM/DD/YYYY" -> "YYYY-MM-DD"; empty when malformed.
std::string UsDate(std::string_view s) {
  s = Trim(s);
  if (s.size() != 10 || s[2] != '/' || s[5] != '/') return {};
  std::string iso = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(0, 2)) + "-" + std::string(s.substr(3, 2));
  return PartialDate::Parse(iso) ? iso : std::string();
}

// The DPL has no record id. The id is derived from what identifies a denial: the first 12 hex
// digits of SHA-256 over the normalised name, street, city, state, country and postal code joined
// by '|'. It is stable across publications as long as the name and address are unchanged, so
// `lists diff` sees a renewed order as a change, not as a removal and an addition.
std::string DerivedId(const std::vector<std::string>& f) {
  std::string key;
  for (size_t c = kName; c <= kPostalCode; ++c) {
    if (c != kName) key += '|';
    key += Normalised(f[c]);
  }
  return Sha256Hex(key).substr(0, 12);
}

Entity EntityFromRow(const std::vector<std::string>& f, std::string id) {
  Entity e;
  e.native_id = std::move(id);
  e.id = "bis-dpl:" + e.native_id;
  e.dataset = "bis-dpl";
  e.schema = Schema::kLegalEntity;  // the DPL lists persons and firms without saying which
  e.names.push_back(Name{std::string(Trim(f[kName])), NameKind::kPrimary});
  Address a;
  for (size_t c : {size_t{kStreet}, size_t{kCity}, size_t{kState}, size_t{kPostalCode}}) {
    std::string_view v = Trim(f[c]);
    if (v.empty()) continue;
    a.full += (a.full.empty() ? "" : ", ") + std::string(v);
  }
  a.city = std::string(Trim(f[kCity]));
  std::string country(Trim(f[kCountry]));
  a.country = CountryCode(country);
  // An empty Country with a State is a US address in this file.
  if (a.country.empty() && country.empty() && Trim(f[kState]).size() == 2) a.country = "US";
  if (a.country.empty() && !country.empty()) a.full += (a.full.empty() ? "" : ", ") + country;
  if (!a.country.empty()) e.countries.push_back(a.country);
  if (!a.full.empty() || !a.country.empty()) e.addresses.push_back(std::move(a));
  e.listed_on = UsDate(f[kEffective]);
  e.programs.push_back("DPL");
  std::string remarks(Trim(f[kAction]));
  if (std::string_view fr = Trim(f[kFrCitation]); !fr.empty()) remarks += (remarks.empty() ? "" : "; ") + std::string(fr);
  if (std::string exp = UsDate(f[kExpiration]); !exp.empty()) remarks += "; expires " + exp;
  e.remarks = std::move(remarks);
  return e;
}

}  // namespace

StatusOr<ListLoad> LoadBisDpl(const std::string& path) {
  StatusOr<TextFile> file = ReadTextFile(path);
  if (!file.ok()) return file.status();
  ListLoad load;
  load.dataset = "bis-dpl";
  load.title = "US BIS Denied Persons List";
  load.format = "bis-dpl";
  load.files.push_back(path);
  load.content_hash = file->sha256;
  const std::string& text = file->text;

  CsvReader reader(text, '\t');
  std::vector<std::string> f;
  if (!reader.Next(f) || f.size() != kFields || Trim(f[kName]) != "Name" || Trim(f[kFrCitation]) != "FR_Citation")
    return Status::DataLoss(path + ":1: expected the 12-column DPL header 'Name<TAB>Street_Address<TAB>...FR_Citation'");
  const std::vector<std::string> header = f;

  std::unordered_map<std::string, size_t> first_line;  // derived id -> line of its first row
  std::string newest;
  while (NextListRow(reader, f, kFields, path, load)) {
    const size_t line = reader.line();
    if (RepeatsHeader(f, header)) {
      load.rejected.push_back({path, line, RepeatedHeaderReason(1)});
      continue;
    }
    if (Trim(f[kName]).empty()) {
      load.rejected.push_back({path, line, "empty Name"});
      continue;
    }
    std::string id = DerivedId(f);
    auto [it, inserted] = first_line.emplace(id, line);
    if (!inserted) {
      load.rejected.push_back({path, line, "duplicate of line " + std::to_string(it->second) + " (same name and address)", /*repeat=*/true});
      continue;
    }
    Entity e = EntityFromRow(f, std::move(id));
    // Last_Update has typos (2922-09-01), so the publication date is the newest Effective_Date.
    if (e.listed_on > newest) newest = e.listed_on;
    load.entities.push_back(std::move(e));
  }
  if (load.entities.empty())
    return Status::DataLoss(path + ": no valid DPL records (" + std::to_string(load.rejected.size()) + " rejected)");
  load.published = newest;
  return load;
}

}  // namespace embargo
