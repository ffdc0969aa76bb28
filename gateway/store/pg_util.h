// Thin RAII wrappers over libpq used by PostgresStore, shaped like sqlite_util.h's so
// the two backends read alike: a pooled connection that prepares each SQL text once, a
// query that binds parameters and steps through rows, and a transaction that rolls
// back unless committed.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include <libpq-fe.h>

#include "gateway/status.h"

namespace postern {

// One server connection. `broken` once the server is gone: the pool drops it instead of
// handing it out again, and opens a fresh one on the next acquire.
class PgConnection {
 public:
  explicit PgConnection(PGconn* c) : conn_(c) {}
  ~PgConnection() { if (conn_) PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PGconn* raw() const { return conn_; }
  bool broken() const { return broken_ || PQstatus(conn_) != CONNECTION_OK; }
  void MarkBroken() { broken_ = true; }
  // Reads what the server sent while the connection sat idle: a server that shut down
  // or restarted has closed it, which this notices before a query fails on it.
  bool StillAlive() {
    return !broken_ && PQconsumeInput(conn_) == 1 && PQstatus(conn_) == CONNECTION_OK;
  }
  // The server-side name of `sql`, prepared on first use on this connection.
  Status Prepared(const std::string& sql, int n_params, std::string* name);
  // Runs SQL without parameters or result rows (BEGIN, migrations). *command_tag, if
  // given, receives the server's tag ("COMMIT", or "ROLLBACK" for a failed transaction).
  Status Exec(const std::string& sql, std::string* command_tag = nullptr);
  // Any failure: the server's words, as kUnavailable (like SqlError for SQLite); marks
  // the connection broken when the failure was the connection itself.
  Status Failure(const std::string& what, PGresult* r);
  // Whether a statement other than a SELECT ran since the last call (then resets).
  bool TakeWrote() { const bool w = wrote_; wrote_ = false; return w; }
  void NoteStatement(const char* command_tag) {
    if (command_tag && std::strncmp(command_tag, "SELECT", 6) != 0 && std::strncmp(command_tag, "BEGIN", 5) != 0)
      wrote_ = true;
  }

 private:
  PGconn* conn_;
  bool broken_ = false;
  bool wrote_ = false;
  std::unordered_map<std::string, std::string> prepared_;
};

// A prepared statement with its parameters: Bind them ($1, $2, ... in order of the
// calls), then Run() or Step() through the rows.
class PgQuery {
 public:
  PgQuery(PgConnection* c, std::string sql) : conn_(c), sql_(std::move(sql)) {}
  ~PgQuery() { if (res_) PQclear(res_); }
  PgQuery(const PgQuery&) = delete;
  PgQuery& operator=(const PgQuery&) = delete;

  PgQuery& Bind(const std::string& v) { return Add(v, 0); }
  PgQuery& Bind(const char* v) { return Add(v, 0); }
  PgQuery& Bind(int64_t v) { return Add(std::to_string(v), 0); }
  PgQuery& Bind(int v) { return Add(std::to_string(v), 0); }
  PgQuery& Bind(double v);
  // Raw bytes for a bytea parameter (sent in binary: no escaping, no copy on the server).
  PgQuery& BindBytes(const std::string& v) { return Add(v, 1); }

  // Executes on the first call; then advances to the next row, false at the end or on
  // error (see status()).
  bool Step();
  // Runs a statement and discards its rows.
  Status Run() {
    while (Step()) {}
    return status_;
  }
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // Rows the statement inserted, updated or deleted.
  int64_t Affected() const;

  std::string Text(int c) const;
  // A bytea column, unescaped from its text form.
  std::string Bytes(int c) const;
  int64_t Int64(int c) const;
  int Int(int c) const { return static_cast<int>(Int64(c)); }
  double Double(int c) const;

 private:
  PgQuery& Add(std::string v, int format) {
    // libpq reads a text parameter up to its first NUL and PostgreSQL text cannot hold
    // one: refuse the write rather than store a cut string.
    if (format == 0 && v.find('\0') != std::string::npos && status_.ok())
      status_ = Status::InvalidArgument("text with a NUL byte cannot be stored in PostgreSQL");
    values_.push_back(std::move(v));
    formats_.push_back(format);
    return *this;
  }
  Status Execute();

  PgConnection* conn_;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<int> formats_;
  PGresult* res_ = nullptr;
  bool executed_ = false;
  int row_ = -1;
  Status status_;
};

// BEGIN ... COMMIT; rolls back unless committed. A transaction cut by a lost connection
// is rolled back by the server: nothing of it is kept.
class PgTxn {
 public:
  explicit PgTxn(PgConnection* c) : conn_(c) {
    status_ = c->Exec("BEGIN");
    open_ = status_.ok();
  }
  ~PgTxn() { if (open_ && !conn_->broken()) conn_->Exec("ROLLBACK"); }
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  Status Commit() {
    std::string tag;
    Status s = conn_->Exec("COMMIT", &tag);
    open_ = false;  // a failed COMMIT has ended the transaction too
    if (s.ok() && tag != "COMMIT") return Status::Unavailable("transaction rolled back (" + tag + ")");
    return s;
  }

 private:
  PgConnection* conn_;
  Status status_;
  bool open_ = false;
};

}  // namespace postern
