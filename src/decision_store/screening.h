// Turning screenings into store records, and customers into queries: shared by the CLI, the
// server and rescreening.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/csv.h"
#include "embargo/screener.h"
#include "embargo/decision_store.h"

namespace embargo::decisions {

// The list versions screened against: dataset, title, format, published, content hash, entities,
// the records the loaders rejected (rejected: a party among them was not screened),
// and why a list was loaded although it failed its checks (accepted_incomplete), when it was.
nlohmann::json ListVersionsJson(const std::vector<ListLoad>& lists);

// ScreenResultJson plus what the store did: {"record": seq, "verdict", per-hit "alert_id" or
// "suppressed" with the reason}.
nlohmann::json RecordedResultJson(const Query& query, const ScreenResult& result, const RecordOutcome& outcome);
// Adds what the store did to a result's JSON `j` (with "hits"): record, alert, verdict, alert ids.
void AddRecordOutcome(const RecordOutcome& outcome, nlohmann::json& j);

// The alert of a finding that names no listed record (a country, a goods code, a rule), on the
// finding itself, so that a BLOCK or REVIEW without a listed party is an alert an analyst works:
// entity "finding:" and where it was found (`hit`'s "where"), caption the action and the reason
// (or the value). Fingerprinted by the whole of `hit`: a cleared false positive stays cleared only
// while the finding is the same. Nothing for a hit whose "action" is neither BLOCK nor REVIEW.
std::optional<AlertHit> FindingAlert(const nlohmann::json& hit);
// The alert for what no hit carries: parts not screened (`view`'s "errors", "incomplete"), or a
// "verdict" other than PASS that no hit raised (`any_alert` false). Entity "finding:" and the
// verdict ("finding:ERROR", "finding:REVIEW"). Nothing short of PASS is recorded without an alert.
std::optional<AlertHit> VerdictAlert(const nlohmann::json& view, bool any_alert);
// The alert of a name screening that was not complete (`result`'s "incomplete": letters no
// transliteration reads, a search cut short): "finding:REVIEW", so that recording it never files
// a clear. Nothing for a complete screening.
std::optional<AlertHit> IncompleteAlert(const nlohmann::json& result);

// The fields of a screening request as the command line and customer CSVs spell them.
struct QueryFields {
  std::string name, type;  // type: person/individual, organization/company/entity, vessel, aircraft
  std::vector<std::string> dob, country, id_number;  // dob: YYYY, YYYY-MM or YYYY-MM-DD
};
// The query, or an error naming `where` (file:line, may be empty) and the field; `bad_field`, when
// given, receives the field at fault.
StatusOr<Query> MakeQuery(const QueryFields& fields, const std::string& where, std::string* bad_field = nullptr);

// A customer as a query: the CSV columns of `embargo batch` (id,name[,type,dob,country,id_number]).
struct Customer {
  std::string id;
  std::string where;  // "file:line: customer <id>" or "stored customer <id>", for errors met screening it
  Query query;
  std::string input_json;  // QueryJson(query), the fingerprinted form
};
// A customer id as `batch` and a recorded /v1/screen take it: trimmed; an error (without the
// field's name) when empty, not UTF-8, or holding a NUL byte or other control character.
StatusOr<std::string> CustomerId(const std::string& raw);
// Parses one customer; errors name `where` (file:line) and the field.
StatusOr<Customer> MakeCustomer(const std::string& id, const std::string& name, const std::string& type,
                                const std::string& dob, const std::string& country, const std::string& id_number,
                                const std::string& where, std::string* bad_field = nullptr);

// One data row of a customers CSV: every row is kept, readable or not, so that callers can
// answer each one (batch) or refuse the file at the first bad one (rescreen).
struct CustomerRow {
  size_t line = 0;   // where the row starts
  std::string id;    // as written
  std::string name;  // as written
  std::string field;  // when the customer is an error: the field at fault, empty for the whole row
  StatusOr<Customer> customer = Status::Unknown("not read");
};
inline constexpr const char* kCustomerColumns = "id,name[,type,dob,country,id_number]";

// The rows of a customers CSV whose header names at least id and name (other columns are
// ignored), one at a time: a file of millions is screened in little memory. A malformed row (an
// unterminated quote, the wrong number of fields, a bad field) is an error row naming file, line
// and field; the rows after it are read as usual.
class CustomerRowReader {
 public:
  // Reads the header. `text` must outlive the reader.
  static StatusOr<std::unique_ptr<CustomerRowReader>> Open(std::string_view text, const std::string& path);
  // The next row, readable or not; false at the end of the file.
  bool Next(CustomerRow& row);
  // The header's columns that are not read (no name of theirs is screened), as the header writes
  // them; an unnamed one as "column N".
  const std::vector<std::string>& unread_columns() const { return unread_; }

 private:
  CustomerRowReader(std::string_view text, const std::string& path);

  CsvReader reader_;
  std::string path_;
  std::vector<std::string> fields_;
  std::vector<std::string> header_;  // as read, for rows that repeat it
  size_t header_line_ = 1;
  std::vector<bool> read_;  // by column: whether it is one of the columns read
  size_t width_ = 0;                          // the header's columns
  int column_[6] = {-1, -1, -1, -1, -1, -1};  // of id, name, type, dob, country, id_number
  std::vector<std::string> unread_;
};
// Every row of a customers CSV (CustomerRowReader, to the end).
StatusOr<std::vector<CustomerRow>> ReadCustomerRows(std::string_view text, const std::string& path);

// How the bytes of a customers file are read: UTF-8 (a row with other bytes is an error row),
// Windows-1252 (converted), or auto (converted when the file is not UTF-8).
enum class Encoding { kUtf8, kCp1252, kAuto };
StatusOr<std::string> ReadCustomerFile(const std::string& path, Encoding encoding);
// All customers of a CSV, or the error of its first bad row: rescreening never skips a customer.
StatusOr<std::vector<Customer>> LoadCustomersCsv(const std::string& path, Encoding encoding = Encoding::kAuto);
// A customer from its stored QueryJson form.
StatusOr<Customer> CustomerFromStored(const StoredCustomer& stored);

}  // namespace embargo::decisions
