// Thin RAII wrappers over the SQLite C API used by SqliteStore: a prepared statement
// that remembers its first error, and a BEGIN IMMEDIATE transaction that rolls back
// unless committed.
#pragma once

#include <string>

#include <sqlite3.h>

#include "gateway/status.h"

namespace postern {

inline Status SqlError(sqlite3* db, const std::string& what) {
  // Busy, locked, full or failing: all mean "storage cannot do this now", which the
  // API answers with 503 storage_unavailable; the message keeps SQLite's words.
  return Status::Unavailable(what + ": " + sqlite3_errmsg(db));
}

inline Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    return Status::Unavailable(msg);
  }
  return Status::OK();
}

class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st_, nullptr) != SQLITE_OK)
      status_ = SqlError(db, "prepare");
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, const std::string& v) {
    if (st_) sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string(v)); }
  Stmt& BindBlob(int i, const std::string& v) {
    if (st_) sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) { if (st_) sqlite3_bind_int64(st_, i, v); return *this; }
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v) { if (st_) sqlite3_bind_double(st_, i, v); return *this; }

  // Advances to the next row; false at the end or on error (see status()).
  bool Step() {
    if (!st_ || !status_.ok()) return false;
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) status_ = SqlError(db_, "step");
    return false;
  }
  // Runs a statement that returns no rows.
  Status Run() {
    while (Step()) {}
    return status_;
  }
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  std::string Text(int c) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(st_, c));
    return p ? std::string(p, sqlite3_column_bytes(st_, c)) : std::string();
  }
  std::string Blob(int c) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(st_, c));
    return p ? std::string(p, sqlite3_column_bytes(st_, c)) : std::string();
  }
  int64_t Int64(int c) const { return sqlite3_column_int64(st_, c); }
  int Int(int c) const { return sqlite3_column_int(st_, c); }
  double Double(int c) const { return sqlite3_column_double(st_, c); }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  Status status_;
};

class Txn {
 public:
  explicit Txn(sqlite3* db) : db_(db) {
    status_ = Exec(db, "BEGIN IMMEDIATE");
    open_ = status_.ok();
  }
  ~Txn() { if (open_) Exec(db_, "ROLLBACK"); }
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  Status Commit() {
    Status s = Exec(db_, "COMMIT");
    if (s.ok()) open_ = false;
    return s;
  }

 private:
  sqlite3* db_;
  Status status_;
  bool open_ = false;
};

}  // namespace postern
