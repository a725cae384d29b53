#include "decision_store/screening.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <unordered_map>

#include "common/csv.h"
#include "common/io.h"
#include "common/sha256.h"
#include "common/strings.h"
#include "entity/countries.h"
#include "entity/ftm_json.h"
#include "match/result_json.h"

namespace embargo {

std::string EntityFingerprint(const Entity& e) {
  nlohmann::json j = {{"id", e.id},
                      {"schema", SchemaName(e.schema)},
                      {"properties", FtmProperties(e)},
                      {"programs", e.programs},
                      {"remarks", e.remarks},
                      {"listed_on", e.listed_on}};
  return Sha256Hex(j.dump());
}

ScreeningRecord MakeScreeningRecord(const Query& query, const ScreenResult& result, const std::vector<ListLoad>& lists,
                                    const std::string& caller, const std::string& customer_id, double threshold) {
  ScreeningRecord r;
  r.caller = caller;
  r.customer_id = customer_id;
  r.input_json = QueryJson(query).dump();
  r.lists_json = decisions::ListVersionsJson(lists).dump();
  nlohmann::json res = ScreenResultJson(query, result);
  res["threshold"] = threshold;
  r.result_json = res.dump();
  for (const Hit& h : result.hits) {
    if (h.score < threshold) continue;
    r.alert_hits.push_back({h.entity->id, EntityFingerprint(*h.entity), h.entity->caption(), RoundScore(h.score),
                            HitJson(h).dump()});
  }
  if (auto a = decisions::IncompleteAlert(res)) r.alert_hits.push_back(std::move(*a));
  return r;
}

namespace decisions {

nlohmann::json ListVersionsJson(const std::vector<ListLoad>& lists) {
  nlohmann::json out = nlohmann::json::array();
  for (const ListLoad& l : lists) {
    out.push_back({{"dataset", l.dataset}, {"title", l.title}, {"format", l.format}, {"published", l.published},
                   {"content_hash", l.content_hash}, {"entities", l.entities.size()},
                   {"rejected", l.rejected.size()}});
    if (!l.accepted_incomplete.empty()) out.back()["accepted_incomplete"] = l.accepted_incomplete;
  }
  return out;
}

void AddRecordOutcome(const RecordOutcome& outcome, nlohmann::json& j) {
  j["record"] = outcome.seq;
  if (outcome.already_recorded) j["already_recorded"] = true;
  j["alert"] = outcome.alert;
  bool any_suppressed = false;
  for (auto& hit : j["hits"]) {
    for (const HitOutcome& o : outcome.hits) {
      if (o.entity_id != hit["entity_id"]) continue;
      if (o.suppressed) {
        hit["suppressed"] = true;
        any_suppressed = true;
      } else {
        hit["alert_id"] = o.alert_id;
      }
      if (!o.reason.empty()) hit["alert_reason"] = o.reason;
    }
  }
  j["verdict"] = outcome.alert ? "alert" : any_suppressed ? "suppressed" : "clear";
}

std::optional<AlertHit> FindingAlert(const nlohmann::json& hit) {
  std::string action = hit.value("action", "");
  for (char& c : action) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (action != "BLOCK" && action != "REVIEW") return std::nullopt;
  const double score = hit.value("score", 0.0);
  const std::string reason = hit.value("reason", "");
  return AlertHit{"finding:" + hit.value("where", ""), Sha256Hex(hit.dump()),
                  action + ": " + (reason.empty() ? hit.value("value", "") : reason), score > 0 ? score : 1.0, hit.dump()};
}

std::optional<AlertHit> VerdictAlert(const nlohmann::json& view, bool any_alert) {
  const std::string verdict = view.value("verdict", "ERROR");
  const nlohmann::json errors = view.value("errors", nlohmann::json::array());
  const bool incomplete = view.value("incomplete", false);
  if (errors.empty() && !incomplete && (verdict == "PASS" || any_alert)) return std::nullopt;
  std::string why = !errors.empty() ? (errors[0].is_string() ? errors[0].get<std::string>() : errors[0].dump())
                    : incomplete    ? "not screened completely"
                                    : "no finding named";
  nlohmann::json hit = {{"where", "the screening"}, {"action", verdict}, {"reason", why}, {"errors", errors}};
  return AlertHit{"finding:" + verdict, Sha256Hex(hit.dump()), verdict + ": " + why, 1.0, hit.dump()};
}

std::optional<AlertHit> IncompleteAlert(const nlohmann::json& result) {
  if (!result.value("incomplete", false)) return std::nullopt;
  const std::string why = result.value("unread_letters", false)
                              ? "the name has letters no transliteration reads: they were left out"
                              : "the search was cut short: not every list record was scored";
  return VerdictAlert({{"verdict", "REVIEW"}, {"incomplete", true}, {"errors", {why}}}, false);
}

nlohmann::json RecordedResultJson(const Query& query, const ScreenResult& result, const RecordOutcome& outcome) {
  nlohmann::json j = ScreenResultJson(query, result);
  AddRecordOutcome(outcome, j);
  return j;
}

namespace {

// Exactly YYYY, YYYY-MM or YYYY-MM-DD: "07/10/1952" could be July or October, so it is refused.
std::optional<PartialDate> IsoDate(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-dd";
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i)
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != '-') return std::nullopt;
  return PartialDate::Parse(text);
}

// Why a field's bytes cannot be screened, or "". A NUL byte would be read as a word break and
// copied raw into the output. The byte at fault is named: in a file read as Windows-1252 it is one
// of the five bytes that encoding leaves undefined (ReadCustomerFile keeps them as they are).
std::string UnreadableBytes(const std::string& text) {
  if (size_t at = InvalidUtf8Offset(text); at != std::string::npos) {
    static constexpr std::string_view kUndefined = "\x81\x8D\x8F\x90\x9D";
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[at]));
    return std::string("not valid UTF-8: byte ") + hex + " at byte " + std::to_string(at + 1) + " of the field" +
           (kUndefined.find(text[at]) != std::string_view::npos ? " (nor a character in Windows-1252)" : "");
  }
  if (text.find('\0') != std::string::npos) return "holds a NUL byte";
  return "";
}

}  // namespace

StatusOr<Query> MakeQuery(const QueryFields& f, const std::string& where, std::string* bad_field) {
  std::string prefix = where.empty() ? "" : where + ": ";
  auto bad = [&](const char* field, const std::string& why) {
    if (bad_field) *bad_field = field;
    return Status::InvalidArgument(prefix + field + ": " + why);
  };
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"dob", &f.dob}, {"country", &f.country}, {"id_number", &f.id_number}};
  if (std::string why = UnreadableBytes(f.name); !why.empty()) return bad("name", why);
  if (std::string why = UnreadableBytes(f.type); !why.empty()) return bad("type", why);
  for (const auto& [field, values] : lists)
    for (const std::string& v : *values)
      if (std::string why = UnreadableBytes(v); !why.empty()) return bad(field, why);
  Query q;
  q.name = f.name;
  if (Trim(f.name).empty()) return bad("name", "empty");
  if (!Trim(f.type).empty()) {
    q.schema = ParseSchema(Trim(f.type));
    if (!q.schema)
      return bad("type", "unknown '" + f.type + "' (person, individual, organization, company, entity, vessel, aircraft)");
  }
  for (const std::string& d : f.dob) {
    if (Trim(d).empty()) continue;
    auto pd = IsoDate(Trim(d));
    if (!pd) return bad("dob", "cannot read date '" + d + "' (write YYYY, YYYY-MM or YYYY-MM-DD)");
    q.birth_dates.push_back(*pd);
  }
  for (const std::string& c : f.country) {
    if (Trim(c).empty()) continue;
    std::string code = CountryCode(Trim(c));
    if (code.empty()) return bad("country", "unknown country '" + c + "' (ISO 3166 alpha-2 code or English name)");
    q.countries.push_back(code);
  }
  for (const std::string& id : f.id_number)
    if (!Trim(id).empty()) q.identifiers.emplace_back(Trim(id));
  return q;
}

StatusOr<std::string> CustomerId(const std::string& raw) {
  std::string why = UnreadableBytes(raw);
  std::string_view id = Trim(raw);
  if (why.empty() && id.empty()) why = "empty";
  // A control character (a tab, a line break, U+0080..U+009F) would make two ids that print alike.
  for (size_t i = 0; why.empty() && i < id.size(); ++i) {
    auto byte = static_cast<unsigned char>(id[i]);
    bool c1 = byte == 0xC2 && i + 1 < id.size() && static_cast<unsigned char>(id[i + 1]) <= 0x9F;
    if (byte < 0x20 || byte == 0x7F || c1) why = "holds a control character";
  }
  if (!why.empty()) return Status::InvalidArgument(why);
  return std::string(id);
}

StatusOr<Customer> MakeCustomer(const std::string& id, const std::string& name, const std::string& type,
                                const std::string& dob, const std::string& country, const std::string& id_number,
                                const std::string& where, std::string* bad_field) {
  auto customer_id = CustomerId(id);
  if (!customer_id.ok()) {
    if (bad_field) *bad_field = "id";
    return Status::InvalidArgument(where + ": id: " + customer_id.status().message());
  }
  Customer c;
  c.id = std::move(*customer_id);
  c.where = where + ": customer " + c.id;
  EMBARGO_ASSIGN_OR_RETURN(c.query, MakeQuery({name, type, {dob}, {country}, {id_number}}, where, bad_field));
  c.input_json = QueryJson(c.query).dump();
  return c;
}

namespace {

// Whether `row` repeats the header (its cells trimmed, in any case, a byte order mark before the
// first): two exports joined (`cat a.csv b.csv`) keep the second's header, which read as a row
// would screen and file a customer "id" named "name".
bool RepeatsHeader(const std::vector<std::string>& row, const std::vector<std::string>& header) {
  if (row.size() != header.size() || row.empty()) return false;
  for (size_t i = 0; i < row.size(); ++i) {
    std::string_view cell = Trim(row[i]);
    if (i == 0 && cell.starts_with("\xEF\xBB\xBF")) cell = Trim(cell.substr(3));
    if (Lower(cell) != Lower(Trim(header[i]))) return false;
  }
  return true;
}

// The lines a record's quoted fields run over beyond its first, when they may be rows of their
// own, else 0. A stray quote (`C-1,"Vladimir Putin`) reads the lines after it into its field up to
// the next quote that ends a field; the record is suspect when a line inside a field holds a whole
// row's separators, or any in a column read (`read`: no name or id runs on to a line with a
// separator; an address may), or when its field count is wrong.
size_t SwallowedLines(const std::vector<std::string>& fields, char delimiter, size_t width, const std::vector<bool>& read) {
  size_t breaks = 0;
  bool row_inside = false;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string& f = fields[i];
    const size_t separators = i < read.size() && read[i] ? 1 : width - 1;
    for (size_t nl = f.find('\n'); nl != std::string::npos; nl = f.find('\n', nl + 1)) {
      ++breaks;
      std::string_view line = std::string_view(f).substr(nl + 1);
      line = line.substr(0, line.find('\n'));
      row_inside |= static_cast<size_t>(std::count(line.begin(), line.end(), delimiter)) >= separators;
    }
  }
  return breaks > 0 && (row_inside || fields.size() != width) ? breaks : 0;
}

// The header's separator: the one of ',', ';' (spreadsheets of locales with a decimal comma) and
// tab it holds most often outside quotes; ',' when it holds none.
char HeaderDelimiter(std::string_view text) {
  size_t counts[3] = {0, 0, 0};
  const char delimiters[3] = {',', ';', '\t'};
  bool quoted = false;
  for (char c : text.substr(0, text.find('\n'))) {
    if (c == '"') quoted = !quoted;
    for (int k = 0; k < 3 && !quoted; ++k) counts[k] += c == delimiters[k];
  }
  int best = 0;
  for (int k = 1; k < 3; ++k)
    if (counts[k] > counts[best]) best = k;
  return delimiters[best];
}

}  // namespace

CustomerRowReader::CustomerRowReader(std::string_view text, const std::string& path)
    : reader_(text, HeaderDelimiter(text)), path_(path) {}

StatusOr<std::unique_ptr<CustomerRowReader>> CustomerRowReader::Open(std::string_view text, const std::string& path) {
  if (std::string_view bom = NonUtf8ByteOrderMark(text); !bom.empty())
    return Status::InvalidArgument(path + ":1: the file is " + std::string(bom) +
                                   " (its byte order mark says so); convert it to UTF-8 first (iconv -f " + std::string(bom) +
                                   " -t UTF-8)");
  // Without a byte order mark, told by NUL bytes between ASCII letters: read as it is, the header
  // would be refused as having no 'id' column, which hides what is wrong.
  if (std::string wide = WideEncoding(text.substr(0, 4096)); !wide.empty())
    return Status::InvalidArgument(path + ":1: the file is " + wide + "; convert it to UTF-8 first");
  // Old Mac line ends: the reader would take the whole file for one header line.
  if (size_t end = text.find_first_of("\r\n"); end != std::string_view::npos && text[end] == '\r' &&
                                                 !text.substr(end + 1).starts_with('\n'))
    return Status::InvalidArgument(path + ":1: line ends are CR only; expected LF or CRLF");
  std::unique_ptr<CustomerRowReader> r(new CustomerRowReader(text, path));
  std::vector<std::string> header;
  if (!r->reader_.Next(header))
    return Status::InvalidArgument(path + ": empty file, expected a header " + kCustomerColumns);
  const char* names[] = {"id", "name", "type", "dob", "country", "id_number"};
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = Lower(Trim(header[i]));
    const auto known = std::find_if(std::begin(names), std::end(names), [&](const char* n) { return name == n; });
    if (known == std::end(names)) {
      r->unread_.push_back(name.empty() ? "column " + std::to_string(i + 1) : std::string(Trim(header[i])));
      continue;
    }
    const size_t k = static_cast<size_t>(known - std::begin(names));
    if (r->column_[k] >= 0)  // which of the two to screen is unclear: neither is dropped unseen
      return Status::InvalidArgument(path + ":" + std::to_string(r->reader_.line()) + ": header names the '" +
                                     names[k] + "' column twice (columns " + std::to_string(r->column_[k] + 1) +
                                     " and " + std::to_string(i + 1) + ")");
    r->column_[k] = static_cast<int>(i);
  }
  for (int k : {0, 1})
    if (r->column_[k] < 0)
      return Status::InvalidArgument(path + ":" + std::to_string(r->reader_.line()) + ": header has no '" + names[k] +
                                     "' column (expected " + kCustomerColumns + ")");
  r->width_ = header.size();
  r->read_.assign(header.size(), false);
  for (int k : r->column_)
    if (k >= 0) r->read_[static_cast<size_t>(k)] = true;
  r->header_ = std::move(header);
  r->header_line_ = r->reader_.line();
  return r;
}

bool CustomerRowReader::Next(CustomerRow& r) {
  do {
    if (!reader_.Next(fields_)) return false;
  } while (reader_.error().empty() && fields_.size() == 1 && Trim(fields_[0]).empty());  // blank lines
  r = CustomerRow();
  r.line = reader_.line();
  std::string where = path_ + ":" + std::to_string(r.line);
  auto f = [&](int k) { return column_[k] >= 0 && static_cast<size_t>(column_[k]) < fields_.size() ? fields_[column_[k]] : ""; };
  r.id = f(0);
  r.name = f(1);
  if (!reader_.error().empty())
    r.customer = Status::InvalidArgument(where + ": " + reader_.error());
  else if (size_t lines = SwallowedLines(fields_, reader_.delimiter(), width_, read_); lines > 0) {
    r.customer = Status::InvalidArgument(
        where + ": a quoted field runs on to line " + std::to_string(r.line + lines) +
        ", over what reads as rows of their own (a stray quote?): not screened; " +
        (lines == 1 ? "line " + std::to_string(r.line + 1) + " is read as a row"
                    : "lines " + std::to_string(r.line + 1) + " to " + std::to_string(r.line + lines) + " are read as rows"));
    reader_.RereadAfterFirstLine();
  } else if (RepeatsHeader(fields_, header_))
    r.customer = Status::InvalidArgument(where + ": repeats the header (line " + std::to_string(header_line_) +
                                         "): not a customer; were two files joined?");
  else if (fields_.size() != width_)
    r.customer = Status::InvalidArgument(where + ": expected " + std::to_string(width_) + " fields (" +
                                         std::to_string(width_) + " columns in the header), found " +
                                         std::to_string(fields_.size()));
  else
    r.customer = MakeCustomer(f(0), f(1), f(2), f(3), f(4), f(5), where, &r.field);
  return true;
}

StatusOr<std::vector<CustomerRow>> ReadCustomerRows(std::string_view text, const std::string& path) {
  EMBARGO_ASSIGN_OR_RETURN(std::unique_ptr<CustomerRowReader> reader, CustomerRowReader::Open(text, path));
  std::vector<CustomerRow> rows;
  for (CustomerRow row; reader->Next(row);) rows.push_back(std::move(row));
  return rows;
}

StatusOr<std::string> ReadCustomerFile(const std::string& path, Encoding encoding) {
  EMBARGO_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  // A UTF-8 file with a damaged row stays UTF-8 (that row is an error): converted, every Cyrillic
  // or Arabic name in it would be read as other letters.
  bool utf8 = ReadsAsUtf8(bytes);
  bool multibyte = std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (encoding == Encoding::kCp1252 && multibyte && IsValidUtf8(bytes))
    return Status::InvalidArgument(path + ": --encoding cp1252, but the file is UTF-8 (its letters of two bytes or "
                                          "more would be read as other letters); leave --encoding out");
  bool convert = encoding == Encoding::kCp1252 || (encoding == Encoding::kAuto && !utf8);
  if (convert) bytes = Windows1252ToUtf8(bytes, true);  // an undefined byte makes its row an error row
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.erase(0, 3);
  return bytes;
}

StatusOr<std::vector<Customer>> LoadCustomersCsv(const std::string& path, Encoding encoding) {
  EMBARGO_ASSIGN_OR_RETURN(std::string text, ReadCustomerFile(path, encoding));
  EMBARGO_ASSIGN_OR_RETURN(std::vector<CustomerRow> rows, ReadCustomerRows(text, path));
  std::vector<Customer> out;
  out.reserve(rows.size());
  std::unordered_map<std::string, size_t> line_of_id;
  for (CustomerRow& r : rows) {
    if (!r.customer.ok()) return r.customer.status();
    // One customer id, one customer: a second row would be screened and filed as the first.
    if (auto [first, fresh] = line_of_id.emplace(r.customer->id, r.line); !fresh)
      return Status::InvalidArgument(path + ":" + std::to_string(r.line) + ": id: customer '" + r.customer->id +
                                     "' is also on line " + std::to_string(first->second) +
                                     "; each row must be its own customer");
    out.push_back(std::move(*r.customer));
  }
  return out;
}

StatusOr<Customer> CustomerFromStored(const StoredCustomer& stored) {
  std::string where = "stored customer " + stored.customer_id;
  auto j = nlohmann::json::parse(stored.input_json, nullptr, false);
  auto bad = [&](const std::string& field) { return Status::DataLoss(where + ": " + field + ": not a query field"); };
  if (j.is_discarded() || !j.is_object() || !j.contains("name") || !j["name"].is_string()) return bad("name");
  auto strings = [&](const char* field, std::vector<std::string>& out) {
    if (!j.contains(field)) return true;
    const auto& v = j[field];
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
      return true;
    }
    if (!v.is_array()) return false;
    for (const auto& x : v) {
      if (!x.is_string()) return false;
      out.push_back(x.get<std::string>());
    }
    return true;
  };
  std::vector<std::string> type, dobs, countries, ids;
  if (!strings("type", type) || type.size() > 1) return bad("type");
  if (!strings("dob", dobs)) return bad("dob");
  if (!strings("country", countries)) return bad("country");
  if (!strings("id", ids)) return bad("id");
  Customer c;
  c.id = stored.customer_id;
  c.where = where;
  c.query.name = j["name"].get<std::string>();
  if (!type.empty()) {
    c.query.schema = ParseSchema(type[0]);
    if (!c.query.schema) return bad("type");
  }
  for (const auto& d : dobs) {
    auto pd = PartialDate::Parse(d);
    if (!pd) return bad("dob");
    c.query.birth_dates.push_back(*pd);
  }
  c.query.countries = countries;
  c.query.identifiers = ids;
  if (!IsValidUtf8(stored.input_json)) return bad("name");
  c.input_json = QueryJson(c.query).dump();
  return c;
}

}  // namespace decisions
}  // namespace embargo
