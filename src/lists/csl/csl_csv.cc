// US Consolidated Screening List (trade.gov) CSV. Two layouts, told apart by the header: the
// legacy 28 columns (source,entity_number,type,programs,name,...,ids) and the current one, which
// adds a leading _id column. Columns are looked up by header name, so either layout (and a
// reordered one) reads the same. Multi-valued cells are separated by "; ".

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <unordered_set>
#include <vector>

#include "common/csv.h"
#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "embargo/lists.h"
#include "entity/countries.h"
#include "entity/merge.h"
#include "lists/csv_rows.h"

namespace embargo {
namespace {

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (true) {
    size_t p = s.find(sep);
    std::string_view part = Trim(s.substr(0, p));
    if (!part.empty()) out.emplace_back(part);
    if (p == std::string_view::npos) break;
    s = s.substr(p + 1);
  }
  return out;
}

// Header name -> column; the columns the loader needs.
struct Columns {
  std::unordered_map<std::string, size_t> at;
  size_t count = 0;
  bool current = false;            // the layout with a leading _id
  std::vector<std::string> names;  // the header row as written

  // The cell of `name` in `f`, or empty when the layout lacks the column.
  std::string_view Get(const std::vector<std::string>& f, const std::string& name) const {
    auto it = at.find(name);
    return it == at.end() || it->second >= f.size() ? std::string_view() : Trim(f[it->second]);
  }
};

// "Denied Persons List (DPL) - Bureau of Industry and Security" -> "DPL".
std::string SourceCode(std::string_view source) {
  size_t open = source.find('('), close = source.find(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open + 1)
    return std::string(source.substr(open + 1, close - open - 1));
  return std::string(source);
}

IdKind KindOf(std::string_view label) {
  std::string l = Lower(label);
  if (l.find("passport") != std::string::npos) return IdKind::kPassport;
  if (l.find("tax") != std::string::npos || l.find("nit") == 0 || l.find("rfc") == 0) return IdKind::kTaxId;
  if (l.find("imo") != std::string::npos) return IdKind::kImo;
  if (l.find("mmsi") != std::string::npos) return IdKind::kMmsi;
  if (l.find("swift") != std::string::npos) return IdKind::kSwiftBic;
  if (l.find("digital currency") != std::string::npos) return IdKind::kCrypto;
  if (l.find("registration") != std::string::npos || l.find("matricula") != std::string::npos ||
      l.find("company number") != std::string::npos)
    return IdKind::kRegistration;
  if (l.find("national id") != std::string::npos || l.find("cedula") != std::string::npos ||
      l.find("identification") != std::string::npos)
    return IdKind::kNationalId;
  return IdKind::kOther;
}

// "ids": "Passport, 836238033, KP; US, 80-0890696, Tax ID No.; Gender, Male; Email Address, x@y; IMO 8898831, Vessel
// Registration Identification; Secondary sanctions risk:, ...". Items whose label ends in ':'
// are statements, not identifiers.
void AddIds(Entity& e, std::string_view cell) {
  for (const std::string& item : Split(cell, ';')) {
    std::vector<std::string> parts = Split(item, ',');
    if (parts.size() < 2) continue;
    // The legacy layout writes "CC, number, type" ("US, 80-0890696, Tax ID No."); the current
    // one "type, number, CC". A two-letter upper-case first part is the country.
    if (parts.size() >= 3 && parts[0].size() == 2 && std::isupper(static_cast<unsigned char>(parts[0][0])) &&
        std::isupper(static_cast<unsigned char>(parts[0][1])))
      std::swap(parts[0], parts[2]);
    const std::string& label = parts[0];
    if (label.empty() || label.back() == ':') continue;
    std::string l = Lower(label);
    if (l == "gender") {
      std::string g = Lower(parts[1]);
      if (g == "male" || g == "female") e.gender = g;
      continue;
    }
    if (l == "email address") {
      AddUnique(e.emails, parts[1]);
      continue;
    }
    if (l == "website") {
      AddUnique(e.websites, parts[1]);
      continue;
    }
    if (l.rfind("imo ", 0) == 0) {  // "IMO 8898831, Vessel Registration Identification"
      e.identifiers.push_back(Identifier{IdKind::kImo, label.substr(4), "IMO", ""});
      continue;
    }
    std::string country = parts.size() > 2 ? CountryCode(parts[2]) : std::string();
    e.identifiers.push_back(Identifier{KindOf(label), parts[1], label, country});
  }
}

// An address cell is "street, city, state, postal code, CC": the last part is the country.
void AddAddresses(Entity& e, std::string_view cell) {
  for (const std::string& item : Split(cell, ';')) {
    Address a;
    a.full = item;
    std::vector<std::string> parts = Split(item, ',');
    if (!parts.empty()) a.country = CountryCode(parts.back());
    if (!a.country.empty()) {
      AddUnique(e.countries, a.country);
      size_t comma = a.full.rfind(',');
      a.full = comma == std::string::npos ? std::string() : std::string(Trim(std::string_view(a.full).substr(0, comma)));
    }
    if (parts.size() >= 3) a.city = parts[parts.size() - 3];
    e.addresses.push_back(std::move(a));
  }
}

// The CSL's type values; another (a typo) is read untyped and its record counted as rejected.
bool KnownType(std::string_view type) {
  std::string t = Lower(type);
  return t.empty() || t == "individual" || t == "vessel" || t == "aircraft" || t == "entity";
}

Schema SchemaOf(std::string_view type) {
  std::string t = Lower(type);
  if (t == "individual") return Schema::kPerson;
  if (t == "vessel") return Schema::kVessel;
  if (t == "aircraft") return Schema::kAirplane;
  if (t == "entity") return Schema::kOrganization;
  return Schema::kLegalEntity;  // many non-OFAC sources leave the type empty
}

Entity EntityFromRow(const Columns& c, const std::vector<std::string>& f, const std::string& native_id) {
  Entity e;
  e.native_id = native_id;
  e.id = "us-csl:" + e.native_id;
  e.dataset = "us-csl";
  e.schema = SchemaOf(c.Get(f, "type"));
  e.names.push_back(Name{std::string(c.Get(f, "name")), NameKind::kPrimary});
  for (std::string& alt : Split(c.Get(f, "alt_names"), ';'))
    if (alt != e.names[0].value) e.names.push_back(Name{std::move(alt), NameKind::kStrongAlias, true});
  if (std::string_view src = c.Get(f, "source"); !src.empty()) e.programs.push_back(SourceCode(src));
  for (std::string& p : Split(c.Get(f, "programs"), ';')) AddUnique(e.programs, std::move(p));
  e.title = std::string(c.Get(f, "title"));
  AddAddresses(e, c.Get(f, "addresses"));
  for (const std::string& d : Split(c.Get(f, "dates_of_birth"), ';'))
    if (auto pd = PartialDate::Parse(d)) AddUnique(e.birth_dates, *pd);
  for (std::string& p : Split(c.Get(f, "places_of_birth"), ';')) AddUnique(e.birth_places, std::move(p));
  for (const std::string& n : Split(c.Get(f, "nationalities"), ';'))
    if (std::string code = CountryCode(n); !code.empty()) AddUnique(e.nationalities, code);
  for (const std::string& n : Split(c.Get(f, "citizenships"), ';'))
    if (std::string code = CountryCode(n); !code.empty()) AddUnique(e.citizenships, code);
  AddIds(e, c.Get(f, "ids"));
  if (std::string_view cs = c.Get(f, "call_sign"); !cs.empty())
    e.identifiers.push_back(Identifier{IdKind::kOther, std::string(cs), "Call Sign", ""});
  e.vessel_type = std::string(c.Get(f, "vessel_type"));
  e.tonnage = std::string(c.Get(f, "gross_tonnage"));
  if (e.tonnage.empty()) e.tonnage = std::string(c.Get(f, "gross_registered_tonnage"));
  if (std::string_view flag = c.Get(f, "vessel_flag"); !flag.empty()) {
    std::string code = CountryCode(flag);
    e.vessel_flag = code.empty() ? std::string(flag) : code;
  }
  if (std::string_view owner = c.Get(f, "vessel_owner"); !owner.empty()) e.linked_to.emplace_back(owner);
  if (std::string_view start = c.Get(f, "start_date"); PartialDate::Parse(start)) e.listed_on = std::string(start);
  e.remarks = std::string(c.Get(f, "remarks"));
  return e;
}

StatusOr<Columns> ReadCslHeader(CsvReader& reader, const std::string& path) {
  Columns cols;
  std::vector<std::string> f;
  if (reader.Next(f))
    for (size_t i = 0; i < f.size(); ++i) cols.at.emplace(Lower(Trim(f[i])), i);
  cols.count = f.size();
  cols.names = f;
  if (std::string twice = RepeatedColumn(f); !twice.empty())
    return Status::DataLoss(path + ":1: the header names column " + twice + " twice: which holds the field cannot be told");
  for (const char* need : {"source", "entity_number", "type", "name", "alt_names", "addresses", "ids"})
    if (!cols.at.count(need))
      return Status::DataLoss(path + ":1: not a Consolidated Screening List CSV (header lacks '" + std::string(need) +
                              "')");
  cols.current = cols.at.count("_id") > 0;
  return cols;
}

// The current layout's _id is the record id (empty: the row is rejected). Legacy rows of non-OFAC
// sources have no entity_number: their id is the first 12 hex of SHA-256 of "source|name|addresses".
std::string RecordId(const Columns& cols, const std::vector<std::string>& f) {
  std::string id(cols.current ? cols.Get(f, "_id") : cols.Get(f, "entity_number"));
  if (!id.empty() || cols.current) return id;
  return Sha256Hex(std::string(cols.Get(f, "source")) + "|" + std::string(cols.Get(f, "name")) + "|" +
                   std::string(cols.Get(f, "addresses")))
      .substr(0, 12);
}

}  // namespace

StatusOr<ListLoad> LoadUsCslCsv(const std::string& path) {
  StatusOr<TextFile> file = ReadTextFile(path);
  if (!file.ok()) return file.status();
  ListLoad load;
  load.dataset = "us-csl";
  load.title = "US Consolidated Screening List (trade.gov)";
  load.files.push_back(path);
  load.content_hash = file->sha256;
  const std::string& text = file->text;

  CsvReader reader(text);
  StatusOr<Columns> header = ReadCslHeader(reader, path);
  if (!header.ok()) return header.status();
  const Columns& cols = *header;
  load.format = cols.current ? "us-csl-csv" : "us-csl-csv-legacy";

  struct Seen {
    size_t line = 0;   // where the id first appears
    size_t index = 0;  // its entity in load.entities
  };
  std::unordered_map<std::string, Seen> first;  // native id -> first row
  std::string newest;
  std::vector<std::string> f;
  while (NextListRow(reader, f, cols.count, path, load)) {
    const size_t line = reader.line();
    if (RepeatsHeader(f, cols.names)) {
      load.rejected.push_back({path, line, RepeatedHeaderReason(1)});
      continue;
    }
    if (cols.Get(f, "name").empty()) {
      load.rejected.push_back({path, line, "empty name"});
      continue;
    }
    std::string id = RecordId(cols, f);
    if (id.empty()) {
      load.rejected.push_back({path, line, "empty _id"});
      continue;
    }
    if (std::string_view type = cols.Get(f, "type"); !KnownType(type))
      load.rejected.push_back({path, line, "id " + id + ": type '" + std::string(type) +
                                               "' is none of Individual, Entity, Vessel or Aircraft; loaded untyped"});
    Entity e = EntityFromRow(cols, f, id);
    if (e.listed_on > newest) newest = e.listed_on;
    auto [it, inserted] = first.emplace(id, Seen{line, load.entities.size()});
    if (inserted) {
      load.entities.push_back(std::move(e));
      continue;
    }
    // One subject listed by several sources (ARIMERO HOLDING LIMITED on both the CAPTA and the
    // SDN list) is one row per source under one id: merged. The same id for another name is an
    // error in the file, but which row is right cannot be told: merged too, neither name dropped,
    // and rejected as a repeat (no party lost) with a warning naming both lines.
    Entity& kept = load.entities[it->second.index];
    if (Lower(kept.caption()) != Lower(e.caption())) {
      std::string why = "id " + id + " names '" + e.caption() + "', but line " + std::to_string(it->second.line) +
                        " names '" + kept.caption() + "': merged into that record";
      load.rejected.push_back({path, line, why, /*repeat=*/true});
      load.warnings.push_back(path + ":" + std::to_string(line) + ": " + why);
    }
    MergeRecord(kept, std::move(e));
  }
  if (load.entities.empty())
    return Status::DataLoss(path + ": no valid CSL records (" + std::to_string(load.rejected.size()) + " rejected)");
  load.published = newest;  // the file carries no date: the newest start_date stands in
  return load;
}

}  // namespace embargo
