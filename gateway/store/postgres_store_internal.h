// Internals shared by the PostgresStore source files: the pooled connection guard and
// the helpers several methods use inside their transactions.
#pragma once

#include <memory>

#include "gateway/store/pg_util.h"
#include "gateway/store/postgres_store.h"
#include "gateway/store/store_rows.h"

namespace postern {

// Returns the connection to the pool when it goes out of scope (or drops it if broken).
class PgPooled {
 public:
  PgPooled(PostgresStore* s, Status* st) : store_(s), conn_(s->Acquire(st)) {}
  ~PgPooled() { if (conn_) store_->Release(std::move(conn_)); }
  PgConnection* get() const { return conn_.get(); }
 private:
  PostgresStore* store_;
  std::unique_ptr<PgConnection> conn_;
};

#define WITH_PG(var)                      \
  Status acquire_status;                  \
  PgPooled var##_pooled(this, &acquire_status); \
  PgConnection* var = var##_pooled.get(); \
  if (!var) return acquire_status

// BEGIN on `c`, or return its failure.
#define PG_BEGIN(txn, c)  \
  PgTxn txn(c);           \
  if (!txn.ok()) return txn.status()

// A share's deliveries, by destination.
Status PgLoadDeliveries(PgConnection* c, const std::string& share_id, std::vector<DeliveryRecord>* out);
// Loads a share's check results and deliveries.
Status PgLoadShareDetails(PgConnection* c, ShareRecord* s);
// One pending delivery per destination (existing ones are kept).
Status PgInsertPendingDeliveries(PgConnection* c, const std::string& share_id,
                                 const std::vector<std::string>& destinations, int64_t now);
// Appends an audit entry in the caller's transaction.
Status PgAuditIn(PgConnection* c, const std::string& actor, const std::string& action,
                 const std::string& target, const json& detail);

}  // namespace postern
