// Lists and graphs for the ownership tests: a few listed persons, graphs written as CSV.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "embargo/ownership.h"
#include "embargo/screener.h"

namespace embargo::testing {

inline Entity Listed(const std::string& id, const std::string& name, Schema schema = Schema::kPerson) {
  Entity e;
  e.id = id;
  e.dataset = id.substr(0, id.find(':'));
  e.native_id = id.substr(id.find(':') + 1);
  e.schema = schema;
  e.names.push_back({name, NameKind::kPrimary});
  e.programs.push_back("RUSSIA-EO14024");
  return e;
}

// ofac-sdn:X and ofac-sdn:Y (persons), ofac-sdn:Z (a company) and more when given.
inline std::shared_ptr<const Screener> TestLists(std::vector<Entity> more = {}) {
  ListLoad l;
  l.dataset = "ofac-sdn";
  l.title = "OFAC SDN (test)";
  l.content_hash = "test";
  l.published = "2024-05-03";
  Entity x = Listed("ofac-sdn:X", "KOVALCHUK, Yuri Valentinovich");
  x.birth_dates.push_back({1951, 7, 25});
  x.identifiers.push_back({IdKind::kPassport, "720000001", "Passport", "RU"});
  l.entities.push_back(x);
  l.entities.push_back(Listed("ofac-sdn:Y", "ROTENBERG, Arkady Romanovich"));
  l.entities.push_back(Listed("ofac-sdn:Z", "VOLGA TRANSPORT HOLDING", Schema::kCompany));
  for (Entity& e : more) l.entities.push_back(std::move(e));
  std::vector<ListLoad> lists;
  lists.push_back(std::move(l));
  return std::shared_ptr<const Screener>(Screener::Build(std::move(lists)).value().release());
}

inline const char* kCsvHeader = "owner_id,owner_name,asset_id,asset_name,percentage,start,end\n";

inline std::unique_ptr<OwnershipEvaluator> Evaluate(const std::string& csv_rows, OwnershipRule rule = OwnershipRule::kOfac,
                                                    std::shared_ptr<const Screener> lists = TestLists()) {
  OwnershipOptions o;
  o.rule = rule;
  o.as_of = "2024-06-01";
  // Rows under the usual header, unless the text brings its own.
  std::string text = csv_rows.rfind("owner_id", 0) == 0 ? csv_rows : std::string(kCsvHeader) + csv_rows;
  auto ev = OwnershipEvaluator::FromText(text, "graph.csv", std::move(lists), o);
  if (!ev.ok()) ADD_FAILURE() << ev.status().ToString();
  return ev.ok() ? std::move(*ev) : nullptr;
}

}  // namespace embargo::testing
