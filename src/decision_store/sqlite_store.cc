// SQLite connection: one file in WAL mode, FULL sync so a committed record survives a crash.
#include <sqlite3.h>

#include <unordered_map>

#include "decision_store/db.h"

namespace embargo::decisions {
namespace {

class SqliteDb : public Db {
 public:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDb() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Status Error(std::string_view what) const {
    int code = sqlite3_errcode(db_);
    std::string msg = "store " + path_ + ": " + std::string(what) + ": " + sqlite3_errmsg(db_);
    if (code == SQLITE_CONSTRAINT) return Status::InvalidArgument(msg);
    return Status::Unavailable(msg);
  }

  StatusOr<std::vector<Row>> Query(std::string_view sql, const std::vector<Param>& params) override {
    sqlite3_stmt* stmt = nullptr;
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      stmt = it->second;
    } else {
      if (sqlite3_prepare_v2(db_, key.c_str(), static_cast<int>(key.size()), &stmt, nullptr) != SQLITE_OK)
        return Error("prepare");
      cache_.emplace(key, stmt);
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      int rc = params[i] ? sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i]->data(),
                                             static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                         : sqlite3_bind_null(stmt, static_cast<int>(i + 1));
      if (rc != SQLITE_OK) return Error("bind");
    }
    std::vector<Row> rows;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = Error("write");
        sqlite3_reset(stmt);
        return s;
      }
      Row row(sqlite3_column_count(stmt));
      for (size_t c = 0; c < row.size(); ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, static_cast<int>(c));
        if (text) row[c].assign(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt, static_cast<int>(c)));
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  Status ExecScript(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      return Status::Unavailable("store " + path_ + ": " + msg);
    }
    return Status::Ok();
  }
  Status Begin() override { return ExecScript("BEGIN IMMEDIATE"); }
  Status Commit() override {
    Status s = ExecScript("COMMIT");
    if (!s.ok()) Rollback();
    return s;
  }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  // BEGIN IMMEDIATE already serialises migrations.
  Status LockSchema() override { return Status::Ok(); }
  void UnlockSchema() override {}
  bool postgres() const override { return false; }

 private:
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

StatusOr<std::unique_ptr<Db>> OpenSqlite(const std::string& path, const DecisionStoreOptions& options) {
  sqlite3* db = nullptr;
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Unavailable("store " + path + ": cannot open: " + msg);
  }
  auto out = std::make_unique<SqliteDb>(db, path);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 0);
  if (!options.read_only) {
    Status s = out->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    if (!s.ok()) return s;
  }
  if (options.sqlite_max_pages > 0) {
    Status s = out->ExecScript("PRAGMA max_page_count=" + std::to_string(options.sqlite_max_pages));
    if (!s.ok()) return s;
  }
  return std::unique_ptr<Db>(std::move(out));
}

}  // namespace embargo::decisions
