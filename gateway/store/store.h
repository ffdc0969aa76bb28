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
  std::string pdq;             // perceptual hash (64 hex) if a check computed one
  int pdq_quality = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::vector<DeliveryRecord> deliveries;  // filled by GetShare
  std::string image_bytes;     // only for InsertShare: stored (deduplicated) in the same transaction
};

struct Account {
  std::string user_id;
  std::string status = "active";  // "active" | "deactivated"
  int strikes_in_window = 0;
  int strikes_total = 0;
  int64_t deactivated_at = 0;
};

struct ReviewItem {
  std::string share_id;
  std::string status;   // "pending" | "confirmed" | "overturned"
  std::string source;   // "rejected" | "held" | "reported" | "appeal"
  std::string note;
  std::string reason_code;
  std::string decided_by;
  std::string claimed_by;        // empty, or a reviewer holding an unexpired claim
  int64_t claim_expires_at = 0;
  std::vector<std::string> plugins;  // enforced plugins that flagged the share
  std::vector<std::string> codes;    // their reason codes
  int reports = 0;                   // distinct reporters
  int64_t created_at = 0;
  int64_t decided_at = 0;
  ShareRecord share;
};

struct ReviewFilter {
  std::string status = "pending";
  std::string plugin;        // only items flagged by this plugin
  std::string code;          // only items with this reason code
  std::string user_id;
  std::string source;
  int64_t min_age_s = 0;     // only items at least this old
  bool newest_first = false;
};

struct ReviewDecision {
  std::string action;        // "confirm" | "overturn"
  std::string note;
  std::string reason_code;
  std::string actor;
};

// What a decision changed, for the gateway to act on after the commit.
struct ReviewOutcome {
  Account account;                         // the share's account afterwards
  std::vector<DeliveryRecord> to_remove;   // delivered copies of a confirmed reported post
  bool banked = false;                     // its perceptual hash went into the bank
};

struct BankedHash {
  int64_t id = 0;
  std::string bank;
  std::string hash;     // 64 hex digits
  int quality = 0;
  std::string share_id;
  std::string note;
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

  // Review items matching `filter`, oldest (or newest) first; *next_cursor empty at the end.
  virtual Status ListReview(const ReviewFilter& filter, const Page& page,
                            std::vector<ReviewItem>* out, std::string* next_cursor) = 0;
  virtual Status GetReviewItem(const std::string& share_id, ReviewItem* out) = 0;
  // Claims a pending item for `actor` until now+ttl_s. "claimed_by_other" while another
  // reviewer's claim is unexpired; re-claiming one's own item extends it.
  virtual Status ClaimReview(const std::string& share_id, const std::string& actor, int ttl_s) = 0;
  // Gives up `actor`'s claim.
  virtual Status ReleaseReview(const std::string& share_id, const std::string& actor) = 0;
  // Applies a reviewer's decision in one transaction. confirm: a strike (and maybe
  // deactivation), the image's hash into `bank`, a reported post off the feed;
  // overturn: approved with pending deliveries (an appeal's strike is lifted).
  // "not_found" / "already_decided" / "claimed_by_other" leave everything unchanged.
  virtual Status DecideReview(const std::string& share_id, const ReviewDecision& decision,
                              const StrikePolicy& policy, const std::string& bank,
                              ReviewOutcome* outcome) = 0;
  // A user report on a published post (by post or share id). One review item per post;
  // a reporter counts once. At `hide_after` distinct reporters the post leaves the feed
  // until decided. *distinct gets the reporter count.
  virtual Status ReportPost(const std::string& post_or_share_id, const std::string& reporter,
                            const std::string& reason, int hide_after, std::string* share_id,
                            int* distinct, bool* hidden) = 0;
  // The user's one appeal: their last confirmed item goes back to the queue.
  // "appeal_used" if they appealed before, "not_found" if nothing to appeal.
  virtual Status Appeal(const std::string& user_id, std::string* share_id) = 0;
  // Per plugin: flagged, confirmed, overturned; plus total shares and flagged items.
  virtual Status ReviewStats(json* out) = 0;

  // Hash bank rows (PDQ), added by confirmations and imports.
  virtual Status AddBankedHashes(const std::vector<BankedHash>& rows, const std::string& actor, int* added) = 0;
  // Rows of `bank` with id > after_id, in id order (for incremental loading).
  virtual Status ListBankedHashes(const std::string& bank, int64_t after_id, int limit,
                                  std::vector<BankedHash>* out) = 0;
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

  // Deliveries in one status ("dead", "pending", "delivered"), newest first.
  virtual Status ListDeliveries(const std::string& status, int limit, std::vector<DeliveryRecord>* out) = 0;
  // Deliveries of one share, by destination.
  virtual Status ListShareDeliveries(const std::string& share_id, std::vector<DeliveryRecord>* out) = 0;
  // Puts a dead delivery back in the queue, due now, with a fresh attempt budget; audited.
  virtual Status RetryDelivery(const std::string& id, const std::string& actor) = 0;
  // Sets a featured post's position (lower shows first); audited.
  virtual Status SetFeedPosition(const std::string& post_id, int64_t position, const std::string& actor) = 0;

  // Small durable key-value state of a connector (e.g. an Instagram container id per
  // delivery), so a retry after a crash continues instead of publishing twice.
  virtual Status GetConnectorState(const std::string& connector, const std::string& key,
                                   std::string* value) = 0;  // "not_found" if absent
  virtual Status PutConnectorState(const std::string& connector, const std::string& key,
                                   const std::string& value) = 0;
  virtual Status DeleteConnectorState(const std::string& connector, const std::string& key) = 0;
  // When a destination accepts a delivery again, its waiting retries become due now,
  // so a backlog drains as soon as the destination is back. Returns how many.
  virtual Status ExpediteDestination(const std::string& destination, int* moved) = 0;
  // Returns a claimed delivery untouched (not attempted): lease and attempt undone.
  virtual Status ReleaseDelivery(const std::string& id, const std::string& owner) = 0;

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
