// Internals shared by the SqliteStore source files: the pooled connection guard.
#pragma once

#include <memory>

#include "gateway/store/sqlite_store.h"
#include "gateway/store/sqlite_util.h"

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

static const char* const kShareCols =
    "s.id, s.user_id, s.prompt, s.caption, s.metadata, s.image_sha256, s.content_type, "
    "s.decision, s.reasons, s.destinations, s.config_hash, s.created_at, s.updated_at";
static const int kShareColCount = 13;

static const char* const kDeliveryCols =
    "id, share_id, destination, status, attempts, remote_id, url, last_error, next_attempt_at, "
    "created_at, updated_at";
// Reads the kDeliveryCols columns of the current row.
DeliveryRecord ReadDeliveryRow(Stmt& q);

// Reads the kShareCols columns of the current row, starting at column `offset`, into *s.
void ReadShareRow(Stmt& q, ShareRecord* s, int offset = 0);
// A share's deliveries, by destination.
Status LoadDeliveries(sqlite3* db, const std::string& share_id, std::vector<DeliveryRecord>* out);
// Reads plugin, verdict, mode, code, message, ms, evidence of a check_results row.
CheckRecord ReadCheckRow(Stmt& q);
// One pending delivery per destination (existing ones are kept).
Status InsertPendingDeliveries(sqlite3* db, const std::string& share_id,
                               const std::vector<std::string>& destinations, int64_t now);
// Loads a share's check results and deliveries.
Status LoadShareDetails(sqlite3* db, ShareRecord* s);

}  // namespace postern
