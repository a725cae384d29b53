// Test stores on both backends: a fresh SQLite file, or a fresh database on the throwaway
// PostgreSQL that the ctest fixture (scripts/pg-test-server.sh) starts. Raw SQL helpers let tests
// tamper with a store the way an attacker with database access would.
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace embargo::testing_store {

inline bool IsPostgres(const std::string& target) { return target.rfind("postgresql://", 0) == 0; }

// The fixture's server URI: EMBARGO_TEST_PG_URI, else the file the ctest fixture wrote, else a
// server this process starts (and stops at exit). Empty when PostgreSQL is not installed.
inline std::string PostgresServerUri() {
  static std::string uri = [] {
    if (const char* env = std::getenv("EMBARGO_TEST_PG_URI"); env && *env) return std::string(env);
    std::string u;
    std::ifstream(EMBARGO_PG_STATE "/uri") >> u;
    if (!u.empty()) return u;
    std::string state = ::testing::TempDir() + "/embargo-pg-" + std::to_string(getpid());
    std::string script = std::string(EMBARGO_SOURCE_DIR) + "/scripts/pg-test-server.sh";
    if (std::system(("bash " + script + " start " + state + " 2>/dev/null").c_str()) != 0) return std::string();
    std::ifstream(state + "/uri") >> u;
    static std::string stop = "bash " + script + " stop " + state;
    std::atexit([] { (void)std::system(stop.c_str()); });
    return u;
  }();
  return uri;
}

inline std::string PgExec(const std::string& uri, const std::string& sql) {
  PGconn* c = PQconnectdb(uri.c_str());
  std::string err;
  if (PQstatus(c) != CONNECTION_OK) {
    err = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) err = PQerrorMessage(c);
    else if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) err = std::string("=") + PQgetvalue(r, 0, 0);
    PQclear(r);
  }
  PQfinish(c);
  return err;
}

// A fresh, empty store target for `backend` ("sqlite" or "postgres"); empty to skip.
inline std::string FreshStore(const std::string& backend, const std::string& name) {
  static std::atomic<int> n{0};
  std::string unique;
  for (char ch : name + "_" + std::to_string(getpid()) + "_" + std::to_string(++n))
    unique += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(ch)) : '_';
  if (backend == "sqlite") {
    std::string path = ::testing::TempDir() + "/" + unique + ".db";
    for (const char* suffix : {"", "-wal", "-shm"}) unlink((path + suffix).c_str());
    return path;
  }
  std::string server = PostgresServerUri();
  if (server.empty()) return "";
  std::string db = "t_" + std::to_string(getpid()) + "_" + std::to_string(n);  // names are capped at 63 bytes
  std::string err = PgExec(server, "CREATE DATABASE " + db);
  EXPECT_EQ(err, "") << "creating test database " << db;
  return server.substr(0, server.rfind('/') + 1) + db;
}

// Runs raw SQL on the store; returns the first column of the first row ("" when none).
// `quiet`: a failing statement returns "" instead of failing the test (polling a store that a
// child process is still creating).
inline std::string RawSql(const std::string& target, const std::string& sql, bool quiet = false) {
  if (IsPostgres(target)) {
    std::string r = PgExec(target, sql);
    if (!r.empty() && r[0] != '=') {
      if (!quiet) ADD_FAILURE() << r;
      return "";
    }
    return r.empty() ? "" : r.substr(1);
  }
  sqlite3* db = nullptr;
  sqlite3_open(target.c_str(), &db);
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  } else if (!quiet) {
    ADD_FAILURE() << sqlite3_errmsg(db);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

#define SKIP_WITHOUT_STORE(target)                                                                  \
  if ((target).empty()) GTEST_SKIP() << "PostgreSQL is not installed (/usr/lib/postgresql/*/bin): " \
                                        "install postgresql to run the PostgreSQL store tests"

}  // namespace embargo::testing_store
