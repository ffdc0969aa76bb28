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

  // ShareStore
  Status GetIdempotent(const std::string& key, bool* found, std::string* body_hash,
                       std::string* share_id) override;
  Status InsertShare(const ShareWrite& write) override;
  Status GetShare(const std::string& id, ShareRecord* out) override;
  Status GetImage(const std::string& sha256, std::string* bytes, std::string* content_type) override;
  Status CountShares(json* by_decision) override;
  Status CheckStats(int latency_window, std::vector<PluginCheckStats>* out) override;
  // ReviewStore
  Status ListReview(const ReviewFilter& filter, const Page& page, std::vector<ReviewItem>* out,
                    std::string* next_cursor) override;
  Status GetReviewItem(const std::string& share_id, ReviewItem* out) override;
  Status ListPendingEvidence(const std::string& plugin, int limit,
                             std::vector<std::pair<std::string, json>>* out) override;
  Status ClaimReview(const std::string& share_id, const std::string& actor, int ttl_s) override;
  Status ReleaseReview(const std::string& share_id, const std::string& actor) override;
  Status ResolveReview(const ReviewResolution& r, ReviewOutcome* outcome) override;
  Status ReportPost(const std::string& post_or_share_id, const std::string& reporter,
                    const std::string& reason, int hide_after, std::string* share_id,
                    int* distinct, bool* hidden) override;
  Status Appeal(const std::string& user_id, std::string* share_id) override;
  Status ReviewStats(json* out) override;
  Status ReviewQueueDepth(int64_t* depth, int64_t* oldest_created_at) override;
  Status ListReports(const std::string& share_id, int limit, std::vector<UserReport>* out) override;
  Status GetAppeal(const std::string& user_id, bool* found, AppealRecord* out) override;
  // AccountStore
  Status GetAccount(const std::string& user_id, const StrikePolicy& policy, Account* out) override;
  Status ReinstateAccount(const std::string& user_id, const std::string& actor) override;
  // FeedStore
  Status ListFeed(const Page& page, bool include_hidden, std::vector<FeedPost>* out,
                  std::string* next_cursor) override;
  Status GetFeedPost(const std::string& post_id, FeedPost* out) override;
  Status GetFeedPostByShare(const std::string& share_id, FeedPost* out) override;
  Status UpsertFeedPost(const std::string& share_id, FeedPost* out) override;
  Status UpdateFeedPost(const std::string& post_id, FeedAction action, const std::string& actor) override;
  Status SetFeedCaption(const std::string& post_id, const std::string& caption,
                        const std::string& actor) override;
  Status SetFeedPosition(const std::string& post_id, int64_t position, const std::string& actor) override;
  // DeliveryStore
  Status ClaimDeliveries(const std::string& owner, int limit, int lease_s,
                         const std::string& share_id, std::vector<DeliveryRecord>* out) override;
  Status FinishDelivery(const std::string& id, const std::string& owner, DeliveryState state,
                        const std::string& remote_id, const std::string& url,
                        const std::string& error, int64_t next_attempt_at) override;
  Status ReleaseDelivery(const std::string& id, const std::string& owner) override;
  Status ReclaimLeases(const std::string& owner, int* reclaimed) override;
  Status ListDeliveries(DeliveryState state, int limit, std::vector<DeliveryRecord>* out) override;
  Status ListShareDeliveries(const std::string& share_id, std::vector<DeliveryRecord>* out) override;
  Status RetryDelivery(const std::string& id, const std::string& actor) override;
  Status ExpediteDestination(const std::string& destination, int* moved) override;
  Status CountDeliveriesByDestination(DeliveryState state, std::map<std::string, int64_t>* out) override;
  // ConnectorStateStore
  Status GetConnectorState(const std::string& connector, const std::string& key, std::string* value) override;
  Status PutConnectorState(const std::string& connector, const std::string& key, const std::string& value) override;
  Status DeleteConnectorState(const std::string& connector, const std::string& key) override;
  // ExtensionRecordStore
  Status AppendRecords(const std::string& extension, const std::vector<ExtensionRecord>& rows,
                       const std::string& actor, int* added) override;
  Status ListRecords(const std::string& extension, const std::string& kind, int64_t after_id,
                     int limit, std::vector<ExtensionRecord>* out) override;
  Status CountRecordsByKind(const std::string& extension,
                            std::vector<std::pair<std::string, int64_t>>* out) override;
  // ChangeCounterStore
  Status ReadCounters(std::map<std::string, int64_t>* out) override;
  Status BumpCounter(const std::string& name) override;
  uint64_t LocalWriteGeneration() const override { return write_generation_.load(); }
  // AuditStore
  Status Audit(const std::string& actor, const std::string& action, const std::string& target,
               const json& detail) override;
  Status ListAudit(const AuditFilter& filter, const Page& page, std::vector<json>* out,
                   std::string* next_cursor) override;

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
