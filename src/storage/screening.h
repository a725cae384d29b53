// Turning screenings into store records, and customers into queries: shared by the CLI, the
// server and rescreening.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "embargo/screener.h"
#include "embargo/store.h"

namespace embargo::storage {

// SHA-256 of the entity's whole list record (id, schema, FollowTheMoney properties, programmes,
// remarks): any change to the record changes it.
std::string EntityFingerprint(const Entity& entity);

// The list versions screened against: dataset, title, format, published, content hash, entities.
nlohmann::json ListVersionsJson(const std::vector<ListLoad>& lists);

// A record of `result` for `query`: every hit with its explanation, the alerting hits with their
// entity fingerprints.
ScreeningRecord MakeScreeningRecord(const Query& query, const ScreenResult& result, const std::vector<ListLoad>& lists,
                                    const std::string& caller, const std::string& customer_id, double threshold);

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

}  // namespace embargo::storage
