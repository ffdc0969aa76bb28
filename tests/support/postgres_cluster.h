// Test support: a throwaway PostgreSQL 15 cluster. initdb into a fresh temp dir, the
// server listening only on a Unix socket in that dir (no TCP port to collide on), started
// and stopped with pg_ctl; no system service involved. initdb refuses to run as root, so
// as root the server runs as the `postgres` system user, owning the temp dir.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace postern::testing {

class PostgresCluster {
 public:
  // `durable`: fsync on, as a real server (benchmarks); tests run faster without it.
  explicit PostgresCluster(bool durable = false);
  ~PostgresCluster();  // stops the server and removes the dir
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // The cluster of this test binary, started on first use and stopped at exit; each
  // test takes its own database in it (CreateDatabase).
  static PostgresCluster& Shared();
  // Whether the PostgreSQL 15 server binaries are installed.
  static bool Installed();

  // libpq connection string for `db` on this cluster.
  std::string Dsn(const std::string& db = "postgres") const;
  // A new empty database named `<prefix>_<n>`; returns its connection string.
  std::string CreateDatabase(const std::string& prefix = "t");

  void Start();  // pg_ctl start -w
  void Stop();   // pg_ctl stop -m fast -w: connected sessions are cut, as in a restart
  void Restart() { Stop(); Start(); }

  const std::string& dir() const { return dir_; }

 private:
  // Runs a PostgreSQL binary (as `postgres` when we are root); throws with its output.
  void RunTool(const std::string& args) const;

  std::string dir_;
  bool durable_;
  bool running_ = false;
  int databases_ = 0;
};

// SELECT COUNT(*) FROM `table` in the database at `dsn` (-1 if it cannot be read).
int64_t CountPostgresRows(const std::string& dsn, const std::string& table);
// Runs one SQL statement on the database at `dsn`; returns the server's error, or "".
std::string ExecPostgres(const std::string& dsn, const std::string& sql);

}  // namespace postern::testing
