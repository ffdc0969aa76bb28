// PostgresStore: the Store backend for several gateway instances on one PostgreSQL
// server. A pool of at most pool_size connections, each statement prepared once per
// connection, every write one transaction. The outbox is claimed with FOR UPDATE SKIP
// LOCKED and leases, so any number of instances drain it, each delivery once per
// destination; idempotency keys and one review item per share are unique constraints.
// While the server is unreachable every method answers kUnavailable, and the pool opens
// fresh connections by itself once it is back.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/store/store.h"

namespace postern {

class PgConnection;

class PostgresStore : public Store {
 public:
  // Connects to `dsn` (a libpq connection string or postgresql:// URI) and migrates the
  // database to the latest schema; instances starting together migrate one at a time.
  // Returns nullptr and sets *error on failure.
  static std::unique_ptr<PostgresStore> Open(const std::string& dsn, int pool_size, Status* error);
  ~PostgresStore() override;

  // The newest applied version in schema_migrations, or -1 if unreadable.
  int SchemaVersion();
  // Server connections this store holds now (idle and in use), at most pool_size.
  int OpenConnections();

  // Every Store method (store.h names each one's failures).
#include "gateway/store/store_overrides.inc"

 private:
  PostgresStore(std::string dsn, int pool_size);
  std::unique_ptr<PgConnection> Acquire(Status* error);
  void Release(std::unique_ptr<PgConnection> c);
  Status Migrate();
  friend class PgPooled;

  std::string dsn_;
  int pool_size_;
  std::mutex mu_;
  std::condition_variable freed_;
  int open_ = 0;  // connections handed out or idle
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::atomic<uint64_t> write_generation_{0};  // moved by every connection that wrote
};

}  // namespace postern
