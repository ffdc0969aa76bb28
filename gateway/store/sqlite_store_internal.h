// Internals shared by the SqliteStore source files: the pooled connection guard.
#pragma once

#include <memory>

#include "gateway/store/sqlite_store.h"
#include "gateway/store/sqlite_util.h"
#include "gateway/store/store_rows.h"

namespace postern {

class SqliteStore::Conn {
 public:
  sqlite3* db = nullptr;
  ~Conn() { if (db) sqlite3_close_v2(db); }
};

// Returns the connection to the pool when it goes out of scope.
class PooledConn {
 public:
  PooledConn(SqliteStore* s, Status* st) : store_(s), conn_(s->Acquire(st)) {}
  ~PooledConn() { if (conn_) store_->Release(std::move(conn_)); }
  sqlite3* db() const { return conn_ ? conn_->db : nullptr; }
 private:
  SqliteStore* store_;
  std::unique_ptr<SqliteStore::Conn> conn_;
};

#define WITH_DB(var)                  \
  Status acquire_status;              \
  PooledConn var(this, &acquire_status); \
  if (!var.db()) return acquire_status

// A share's deliveries, by destination.
Status LoadDeliveries(sqlite3* db, const std::string& share_id, std::vector<DeliveryRecord>* out);
// One pending delivery per destination (existing ones are kept).
Status InsertPendingDeliveries(sqlite3* db, const std::string& share_id,
                               const std::vector<std::string>& destinations, int64_t now);
// Loads a share's check results and deliveries.
Status LoadShareDetails(sqlite3* db, ShareRecord* s);

}  // namespace postern
