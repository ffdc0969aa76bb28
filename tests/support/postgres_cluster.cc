#include "tests/support/postgres_cluster.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <libpq-fe.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace postern::testing {

namespace {

const char* kBinDir = "/usr/lib/postgresql/15/bin";

std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Runs one statement on a fresh connection; *count gets the first column of the first
// row when given. Returns the error message, or "" on success.
std::string RunSql(const std::string& dsn, const std::string& sql, int64_t* count = nullptr) {
  PGconn* c = PQconnectdb(dsn.c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) error = PQresultErrorMessage(r);
    else if (count && PQntuples(r) > 0) *count = strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
    PQclear(r);
  }
  PQfinish(c);
  return error;
}

}  // namespace

bool PostgresCluster::Installed() { return access((std::string(kBinDir) + "/initdb").c_str(), X_OK) == 0; }

PostgresCluster::PostgresCluster(bool durable) : durable_(durable) {
  if (!Installed()) throw std::runtime_error(std::string("PostgreSQL 15 is not installed (") + kBinDir + ")");
  char tmpl[] = "/tmp/postern-pg-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  if (geteuid() == 0) {
    const passwd* pw = getpwnam("postgres");
    if (!pw) throw std::runtime_error("running as root needs the postgres system user (postgresql-15 creates it)");
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown " + dir_ + " failed");
  }
  // trust on the Unix socket only: the socket lives in this private dir.
  RunTool("initdb -D '" + dir_ + "/data' -U postgres -A trust -E UTF8 --locale=C --no-sync");
  Start();
}

PostgresCluster::~PostgresCluster() {
  try {
    Stop();
  } catch (...) {
  }
  if (!std::getenv("POSTERN_KEEP_TEST_DIRS")) {
    std::string cmd = "rm -rf '" + dir_ + "'";
    if (system(cmd.c_str()) != 0) {}
  }
}

PostgresCluster& PostgresCluster::Shared() {
  static PostgresCluster cluster;
  return cluster;
}

void PostgresCluster::RunTool(const std::string& args) const {
  const std::string log = dir_ + "/tool.log";
  std::string cmd = std::string(kBinDir) + "/" + args;
  if (geteuid() == 0) cmd = "runuser -u postgres -- " + cmd;
  cmd = "cd '" + dir_ + "' && " + cmd + " >'" + log + "' 2>&1";
  if (system(cmd.c_str()) != 0)
    throw std::runtime_error("failed: " + cmd + "\n" + Slurp(log) + Slurp(dir_ + "/server.log"));
}

void PostgresCluster::Start() {
  if (running_) return;
  // No TCP listener at all; the socket file goes in our dir. Without fsync a test
  // cluster is several times faster and loses nothing unless the machine itself fails.
  std::string opts = "-c listen_addresses='' -c unix_socket_directories='" + dir_ +
                     "' -c max_connections=200 -c shared_buffers=64MB";
  if (!durable_) opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  RunTool("pg_ctl -D '" + dir_ + "/data' -l '" + dir_ + "/server.log' -w -t 60 -o \"" + opts + "\" start");
  running_ = true;
}

void PostgresCluster::Stop() {
  if (!running_) return;
  running_ = false;
  RunTool("pg_ctl -D '" + dir_ + "/data' -m fast -w -t 60 stop");
}

std::string PostgresCluster::Dsn(const std::string& db) const {
  return "host=" + dir_ + " port=5432 user=postgres dbname=" + db;
}

std::string PostgresCluster::CreateDatabase(const std::string& prefix) {
  const std::string name = prefix + "_" + std::to_string(++databases_);
  const std::string error = RunSql(Dsn(), "CREATE DATABASE " + name);
  if (!error.empty()) throw std::runtime_error("CREATE DATABASE " + name + ": " + error);
  return Dsn(name);
}

int64_t CountPostgresRows(const std::string& dsn, const std::string& table) {
  int64_t n = -1;
  return RunSql(dsn, "SELECT COUNT(*) FROM " + table, &n).empty() ? n : -1;
}

std::string ExecPostgres(const std::string& dsn, const std::string& sql) { return RunSql(dsn, sql); }

}  // namespace postern::testing
