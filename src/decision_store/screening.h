// Turning screenings into store records, and customers into queries: shared by the CLI, the
// server and rescreening.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "embargo/screener.h"
#include "embargo/decision_store.h"

namespace embargo::decisions {

// The list versions screened against: dataset, title, format, published, content hash, entities.
nlohmann::json ListVersionsJson(const std::vector<ListLoad>& lists);

// ScreenResultJson plus what the store did: {"record": seq, "verdict", per-hit "alert_id" or
// "suppressed" with the reason}.
nlohmann::json RecordedResultJson(const Query& query, const ScreenResult& result, const RecordOutcome& outcome);

// A customer as a query: the CSV columns of `embargo batch` (id,name[,type,dob,country,id_number]).
struct Customer {
  std::string id;
  Query query;
  std::string input_json;  // QueryJson(query), the fingerprinted form
};
// Parses one customer; errors name `where` (file:line) and the field.
StatusOr<Customer> MakeCustomer(const std::string& id, const std::string& name, const std::string& type,
                                const std::string& dob, const std::string& country, const std::string& id_number,
                                const std::string& where);
// Reads a customers CSV with a header naming at least id and name. A bad row is an error naming
// file, line and field: rescreening never skips a customer silently.
StatusOr<std::vector<Customer>> LoadCustomersCsv(const std::string& path);
// A customer from its stored QueryJson form.
StatusOr<Customer> CustomerFromStored(const StoredCustomer& stored);

}  // namespace embargo::decisions
