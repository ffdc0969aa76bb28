// SqliteStore: the embedded Store backend (SQLite in WAL mode, versioned migrations).
// Connections come from a small pool; every write runs in BEGIN IMMEDIATE so several
// processes can share one file safely (busy_timeout waits for the lock).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/store/store.h"

struct sqlite3;

namespace postern {

class SqliteStore : public Store {
 public:
  // Opens (creating if needed) the database at `path` and migrates it to the latest
  // schema. Returns nullptr and sets *error on failure.
  static std::unique_ptr<SqliteStore> Open(const std::string& path, Status* error);
  ~SqliteStore() override;

  // The schema version after migration (PRAGMA user_version).
  int SchemaVersion();

  // Every Store method (store.h names each one's failures).
#include "gateway/store/store_overrides.inc"

  class Conn;  // a pooled connection (defined in the .cc)

 private:
  explicit SqliteStore(std::string path);
  std::unique_ptr<Conn> Acquire(Status* error);
  void Release(std::unique_ptr<Conn> c);
  friend class PooledConn;

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_;
  std::atomic<uint64_t> write_generation_{0};  // bumped by every connection's commit hook
};

}  // namespace postern
