// Store: everything Postern keeps, behind one interface so SQLite specifics stay in
// gateway/sqlite_store.*. Every method that writes is one transaction: it either
// happens whole or not at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern {

// One check's outcome as stored with a decision.
struct CheckRecord {
  std::string plugin;
  std::string verdict;   // "allow" | "reject" | "hold" | "error"
  std::string mode;      // "enforce" | "shadow"
  std::string code;
  std::string message;
  double ms = 0;
  json evidence = json::object();
};

struct DeliveryRecord {
  std::string id;
  std::string share_id;
  std::string destination;
  std::string status;     // "pending" | "delivered" | "dead"
  int attempts = 0;
  std::string remote_id;
  std::string url;
  std::string last_error;
  int64_t next_attempt_at = 0;  // unix seconds
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct ShareRecord {
  std::string id;
  std::string user_id;
  std::string prompt;
  std::string caption;
  json metadata = json::object();
  std::string image_sha256;
  std::string content_type;
  std::string decision;        // "approved" | "rejected" | "held"
  json reasons = json::array();  // [{plugin, code, message}]
  std::vector<CheckRecord> checks;
  std::vector<std::string> destinations;
  std::string config_hash;     // provenance: the config that decided
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::vector<DeliveryRecord> deliveries;  // filled by GetShare
  std::string image_bytes;     // only for InsertShare: stored (deduplicated) in the same transaction
};

struct ReviewItem {
  std::string share_id;
  std::string status;   // "pending" | "confirmed" | "overturned"
  std::string source;   // "rejected" | "held" | "reported"
  std::string note;
  std::string decided_by;
  int64_t created_at = 0;
  int64_t decided_at = 0;
  ShareRecord share;
};

struct Account {
  std::string user_id;
  std::string status = "active";  // "active" | "deactivated"
  int strikes_in_window = 0;
  int strikes_total = 0;
  int64_t deactivated_at = 0;
};

struct FeedPost {
  std::string id;          // post id
  std::string share_id;
  std::string user_id;
  std::string caption;
  std::string image_sha256;
  std::string content_type;
  bool featured = false;
  bool hidden = false;
  int64_t position = 0;    // order among featured posts, lower first
  int64_t created_at = 0;
};

struct Page {
  int limit = 20;
  std::string cursor;      // opaque; empty for the first page
};

// Policy that a review decision applies.
struct StrikePolicy {
  int strikes_to_deactivate = 3;
  int strike_window_days = 90;
};

class Store {
 public:
  virtual ~Store() = default;

  // Stores image bytes under their SHA-256 (deduplicated). Idempotent.
  virtual Status PutImage(const std::string& sha256, const std::string& bytes,
                          const std::string& content_type) = 0;
  // Reads image bytes; NotFound if absent.
  virtual Status GetImage(const std::string& sha256, std::string* bytes,
                          std::string* content_type) = 0;

  // Looks up an earlier response for `idempotency_key`; found=false if none.
  virtual Status GetIdempotent(const std::string& key, bool* found, std::string* body_hash,
                               std::string* response) = 0;

  // Writes a decided share in one transaction: image bytes, share row, check results, a review
  // item if rejected or held, a pending delivery per destination if approved, and the
  // idempotency record (when key is non-empty). Fails with "idempotency_conflict"
  // if another request claimed the key first.
  virtual Status InsertShare(const ShareRecord& share, const std::string& idempotency_key,
                             const std::string& body_hash, const std::string& response) = 0;

  // Reads a share with its checks and deliveries; "not_found" if absent.
  virtual Status GetShare(const std::string& id, ShareRecord* out) = 0;

  // Review items by status, oldest first; *next_cursor empty at the end.
  virtual Status ListReview(const std::string& status, const Page& page,
                            std::vector<ReviewItem>* out, std::string* next_cursor) = 0;
  // Applies a reviewer's decision in one transaction. confirm: a strike and maybe
  // deactivation; overturn: the share becomes approved with pending deliveries.
  // "not_found" / "already_decided" errors leave everything unchanged.
  virtual Status DecideReview(const std::string& share_id, const std::string& action,
                              const std::string& note, const std::string& actor,
                              const StrikePolicy& policy, Account* account_after) = 0;
  // Number of pending review items and the creation time of the oldest (0 if none).
  virtual Status ReviewQueueDepth(int64_t* depth, int64_t* oldest_created_at) = 0;

  // Account standing, counting strikes inside the policy's window.
  virtual Status GetAccount(const std::string& user_id, const StrikePolicy& policy,
                            Account* out) = 0;
  // Reactivates an account and clears its strikes; audited.
  virtual Status ReinstateAccount(const std::string& user_id, const std::string& actor) = 0;

  // Feed, featured first (by position), then newest. Hidden posts only with include_hidden.
  virtual Status ListFeed(const Page& page, bool include_hidden, std::vector<FeedPost>* out,
                          std::string* next_cursor) = 0;
  virtual Status GetFeedPost(const std::string& post_id, FeedPost* out) = 0;
  // The feed post made from a share; "not_found" if it was never put on the feed.
  virtual Status GetFeedPostByShare(const std::string& share_id, FeedPost* out) = 0;
  // Adds the share to the feed; idempotent per share (returns the existing post).
  virtual Status UpsertFeedPost(const std::string& share_id, FeedPost* out) = 0;
  // action: feature|unfeature|hide|unhide; audited.
  virtual Status UpdateFeedPost(const std::string& post_id, const std::string& action,
                                const std::string& actor) = 0;
  virtual Status SetFeedCaption(const std::string& post_id, const std::string& caption,
                                const std::string& actor) = 0;

  // Claims up to `limit` due deliveries for `owner` with a lease; safe when several
  // processes drain the same outbox (a claimed row is invisible to others until the
  // lease ends). `share_id` non-empty restricts to one share.
  virtual Status ClaimDeliveries(const std::string& owner, int limit, int lease_s,
                                 const std::string& share_id, std::vector<DeliveryRecord>* out) = 0;
  // Records the outcome of a claimed delivery. status: delivered|pending|dead.
  virtual Status FinishDelivery(const std::string& id, const std::string& owner,
                                const std::string& status, const std::string& remote_id,
                                const std::string& url, const std::string& error,
                                int64_t next_attempt_at) = 0;

  // Appends to the audit log (who, what, target, detail).
  virtual Status Audit(const std::string& actor, const std::string& action,
                       const std::string& target, const json& detail) = 0;
  virtual Status ListAudit(int limit, std::vector<json>* out) = 0;

  // Counts for /metrics that survive restarts.
  virtual Status CountShares(json* by_decision) = 0;
};

// Current unix time in seconds (one clock for all of storage).
int64_t NowSeconds();

}  // namespace postern
