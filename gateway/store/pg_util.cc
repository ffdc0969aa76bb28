#include "gateway/store/pg_util.h"

#include <cstdlib>
#include <cstring>

namespace postern {

Status PgConnection::Failure(const std::string& what, PGresult* r) {
  std::string msg = r ? PQresultErrorMessage(r) : "";
  if (msg.empty()) msg = PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  // Class 08 is the connection itself; 57P0x the server shutting down or restarting.
  if (PQstatus(conn_) != CONNECTION_OK || !state || strncmp(state, "08", 2) == 0 ||
      strncmp(state, "57P", 3) == 0)
    broken_ = true;
  return Status::Unavailable(what + ": " + (state ? std::string(state) + " " : "") + msg);
}

Status PgConnection::Exec(const std::string& sql, std::string* command_tag) {
  PGresult* r = PQexec(conn_, sql.c_str());
  const ExecStatusType st = PQresultStatus(r);
  Status s = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? Status::OK() : Failure("exec", r);
  if (s.ok() && command_tag) *command_tag = PQcmdStatus(r);
  if (s.ok()) NoteStatement(PQcmdStatus(r));
  PQclear(r);
  return s;
}

Status PgConnection::Prepared(const std::string& sql, int n_params, std::string* name) {
  auto it = prepared_.find(sql);
  if (it != prepared_.end()) {
    *name = it->second;
    return Status::OK();
  }
  std::string n = "s" + std::to_string(prepared_.size());
  (void)n_params;  // parameter types are inferred by the server from the statement
  PGresult* r = PQprepare(conn_, n.c_str(), sql.c_str(), 0, nullptr);
  Status s = PQresultStatus(r) == PGRES_COMMAND_OK ? Status::OK() : Failure("prepare", r);
  PQclear(r);
  if (!s.ok()) return s;
  prepared_.emplace(sql, n);
  *name = n;
  return Status::OK();
}

PgQuery& PgQuery::Bind(double v) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.17g", v);
  return Add(buf, 0);
}

Status PgQuery::Execute() {
  std::string name;
  if (Status s = conn_->Prepared(sql_, static_cast<int>(values_.size()), &name); !s.ok()) return s;
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) {
    values[i] = values_[i].data();
    lengths[i] = static_cast<int>(values_[i].size());
  }
  res_ = PQexecPrepared(conn_->raw(), name.c_str(), static_cast<int>(values_.size()), values.data(),
                        lengths.data(), formats_.data(), 0);
  const ExecStatusType st = PQresultStatus(res_);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return conn_->Failure("query", res_);
  conn_->NoteStatement(PQcmdStatus(res_));
  return Status::OK();
}

bool PgQuery::Step() {
  if (!status_.ok()) return false;
  if (!executed_) {
    executed_ = true;
    status_ = Execute();
    if (!status_.ok()) return false;
  }
  if (!res_ || row_ + 1 >= PQntuples(res_)) return false;
  ++row_;
  return true;
}

int64_t PgQuery::Affected() const {
  if (!res_) return 0;
  const char* n = PQcmdTuples(res_);
  return n && *n ? strtoll(n, nullptr, 10) : 0;
}

std::string PgQuery::Text(int c) const {
  if (PQgetisnull(res_, row_, c)) return std::string();
  return std::string(PQgetvalue(res_, row_, c), PQgetlength(res_, row_, c));
}

std::string PgQuery::Bytes(int c) const {
  // PQunescapeBytea reads either bytea_output format (hex, or a server set to escape).
  size_t n = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, c)), &n);
  if (!raw) return std::string();
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}

int64_t PgQuery::Int64(int c) const {
  if (PQgetisnull(res_, row_, c)) return 0;
  return strtoll(PQgetvalue(res_, row_, c), nullptr, 10);
}

double PgQuery::Double(int c) const {
  if (PQgetisnull(res_, row_, c)) return 0;
  return strtod(PQgetvalue(res_, row_, c), nullptr);
}

}  // namespace postern
