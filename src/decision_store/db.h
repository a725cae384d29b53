// The SQL connection under a DecisionStore: SQLite or PostgreSQL behind one small interface, so that the
// store's SQL and logic are written once. Statements use `?` placeholders; values travel as text
// (NULL as std::nullopt) and the database converts them by column type.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/status.h"
#include "embargo/decision_store.h"

namespace embargo::decisions {

using Param = std::optional<std::string>;
using Row = std::vector<std::string>;  // NULL reads as ""

class Db {
 public:
  virtual ~Db() = default;
  // Runs one statement; rows of a SELECT (or RETURNING) come back as text.
  [[nodiscard]] virtual StatusOr<std::vector<Row>> Query(std::string_view sql, const std::vector<Param>& params = {}) = 0;
  [[nodiscard]] Status Exec(std::string_view sql, const std::vector<Param>& params = {}) { return Query(sql, params).status(); }
  // Several statements without parameters (migrations).
  [[nodiscard]] virtual Status ExecScript(const std::string& sql) = 0;
  // A write transaction. SQLite takes the write lock at once (BEGIN IMMEDIATE), so two writers
  // never deadlock upgrading a read lock.
  [[nodiscard]] virtual Status Begin() = 0;
  [[nodiscard]] virtual Status Commit() = 0;
  virtual void Rollback() = 0;
  // Serialises schema migrations between processes (PostgreSQL advisory lock; SQLite: Begin()).
  [[nodiscard]] virtual Status LockSchema() = 0;
  virtual void UnlockSchema() = 0;
  virtual bool postgres() const = 0;
};

StatusOr<std::unique_ptr<Db>> OpenSqlite(const std::string& path, const DecisionStoreOptions& options);
StatusOr<std::unique_ptr<Db>> OpenPostgres(const std::string& uri, const DecisionStoreOptions& options);

// A store target for messages: a postgresql:// URI without its password.
std::string Redacted(const std::string& uri);

// The schema migrations, in order (generated from src/decision_store/migrations/*.sql): portable SQL,
// then what the dialect needs of its own (NNN_name.sqlite.sql, NNN_name.postgres.sql).
struct Migration {
  int version;
  const char* name;
  const char* sql;
  const char* sqlite_sql = "";
  const char* postgres_sql = "";
};
const std::vector<Migration>& Migrations();

}  // namespace embargo::decisions
