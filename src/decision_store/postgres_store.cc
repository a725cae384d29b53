// PostgreSQL connection through libpq: the same statements as SQLite, `?` rewritten to `$n`.
#include <libpq-fe.h>

#include "decision_store/db.h"

namespace embargo::decisions {
namespace {

// `?` placeholders to `$1, $2, ...` (the store's SQL has no `?` inside string literals).
std::string Numbered(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') out += "$" + std::to_string(++n);
    else out += c;
  }
  return out;
}

}  // namespace

std::string Redacted(const std::string& uri) {
  size_t scheme = uri.find("://");
  size_t at = uri.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return uri;
  size_t colon = uri.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) return uri.substr(0, colon) + ":***" + uri.substr(at);
  return uri;
}

namespace {

class PostgresDb : public Db {
 public:
  PostgresDb(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~PostgresDb() override { PQfinish(conn_); }

  Status Error(PGresult* res, std::string_view what) const {
    std::string msg = "store " + name_ + ": " + std::string(what) + ": " + PQerrorMessage(conn_);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    if (res) PQclear(res);
    // Integrity (23) and data (22: bytes that are not text of the database's encoding, a value out
    // of range) errors are the statement's: trying it again fails again. Anything else may pass
    // (a lost connection, a lock timeout, a server shutting down).
    std::string_view cls = state ? std::string_view(state).substr(0, 2) : std::string_view();
    if (cls == "23" || cls == "22") return Status::InvalidArgument(msg);
    return Status::Unavailable(msg);
  }

  StatusOr<std::vector<Row>> Query(std::string_view sql, const std::vector<Param>& params) override {
    std::string text = Numbered(sql);
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) values[i] = params[i] ? params[i]->c_str() : nullptr;
    PGresult* res = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                                 nullptr, nullptr, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(res, "query");
    std::vector<Row> rows(PQntuples(res));
    int cols = PQnfields(res);
    for (size_t r = 0; r < rows.size(); ++r) {
      rows[r].resize(cols);
      for (int c = 0; c < cols; ++c)
        if (!PQgetisnull(res, static_cast<int>(r), c))
          rows[r][c].assign(PQgetvalue(res, static_cast<int>(r), c), PQgetlength(res, static_cast<int>(r), c));
    }
    PQclear(res);
    return rows;
  }

  Status ExecScript(const std::string& sql) override {
    PGresult* res = PQexec(conn_, sql.c_str());
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(res, "exec");
    PQclear(res);
    return Status::Ok();
  }
  Status Begin() override { return ExecScript("BEGIN"); }
  Status Commit() override {
    Status s = ExecScript("COMMIT");
    if (!s.ok()) Rollback();
    return s;
  }
  void Rollback() override {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
  }
  // Any 64-bit key of our own: servers starting together migrate one at a time.
  Status LockSchema() override { return ExecScript("SELECT pg_advisory_lock(7315046001)"); }
  void UnlockSchema() override { PQclear(PQexec(conn_, "SELECT pg_advisory_unlock(7315046001)")); }
  bool postgres() const override { return true; }

 private:
  PGconn* conn_;
  std::string name_;
};

}  // namespace

StatusOr<std::unique_ptr<Db>> OpenPostgres(const std::string& uri, const DecisionStoreOptions& options) {
  PGconn* conn = PQconnectdb(uri.c_str());
  std::string name = Redacted(uri);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    PQfinish(conn);
    return Status::Unavailable("store " + name + ": cannot connect: " + msg);
  }
  auto db = std::make_unique<PostgresDb>(conn, name);
  Status s = db->ExecScript("SET client_min_messages = warning; SET lock_timeout = '" +
                            std::to_string(options.busy_timeout_ms) + "ms'");
  if (!s.ok()) return s;
  if (options.read_only) {
    s = db->ExecScript("SET default_transaction_read_only = on");
    if (!s.ok()) return s;
  }
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace embargo::decisions
