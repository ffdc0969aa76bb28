// Store: everything Postern keeps, split by kind of data so each part of the code (and
// each extension) is handed only the interface it needs. A backend implements them all
// (store/sqlite_store.h). Every method that writes is one transaction: it happens whole
// or not at all. Every method may also fail with kUnavailable when storage cannot be
// read or written (locked, full, gone); the comments name the other failures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gateway/status.h"
#include "gateway/store/records.h"

namespace postern {

class ShareStore {
 public:
  virtual ~ShareStore() = default;
  // Looks up the share an Idempotency-Key produced. *found = false if the key is unused.
  virtual Status GetIdempotent(const std::string& key, bool* found, std::string* body_hash,
                               std::string* share_id) = 0;
  // Writes one decided share: image bytes (deduplicated), share row, check records, the
  // pending deliveries or review item `write` names, and the idempotency key.
  // kIdempotencyConflict if another request took the key first (nothing written).
  virtual Status InsertShare(const ShareWrite& write) = 0;
  // Reads a share with its checks and deliveries. kNotFound if absent.
  virtual Status GetShare(const std::string& id, ShareRecord* out) = 0;
  // Image bytes by SHA-256. kNotFound if absent.
  virtual Status GetImage(const std::string& sha256, std::string* bytes, std::string* content_type) = 0;
  // Number of stored shares by current decision name ({"approved": n, ...}).
  virtual Status CountShares(json* by_decision) = 0;
  // Per plugin with stored checks, by name: verdict counts by mode and failures over all
  // of them, latency (mean, p50, p95 of ms) over its newest `latency_window` checks.
  virtual Status CheckStats(int latency_window, std::vector<PluginCheckStats>* out) = 0;
};

class ReviewStore {
 public:
  virtual ~ReviewStore() = default;
  // Items matching `filter`, oldest (or newest) first, each with its share (no checks);
  // *next_cursor empty at the end. kInvalidCursor for a cursor this store did not make.
  virtual Status ListReview(const ReviewFilter& filter, const Page& page,
                            std::vector<ReviewItem>* out, std::string* next_cursor) = 0;
  // One item with its share and the share's checks. kNotFound if the share has none.
  virtual Status GetReviewItem(const std::string& share_id, ReviewItem* out) = 0;
  // (share id, evidence) of `plugin`'s check records on pending items, newest `limit`.
  virtual Status ListPendingEvidence(const std::string& plugin, int limit,
                                     std::vector<std::pair<std::string, json>>* out) = 0;
  // Claims a pending item for `actor` until now + ttl_s; re-claiming one's own extends it.
  // kNotFound (no item), kAlreadyDecided (not pending), kClaimedByOther (another
  // reviewer's unexpired claim).
  virtual Status ClaimReview(const std::string& share_id, const std::string& actor, int ttl_s) = 0;
  // Gives up `actor`'s claim. kNotFound if `actor` holds no claim on it.
  virtual Status ReleaseReview(const std::string& share_id, const std::string& actor) = 0;
  // Applies a reviewer's decision as `r` spells it out, audited. kNotFound (no item),
  // kAlreadyDecided (not pending), kClaimedByOther (claimed by someone else): nothing
  // changes then.
  virtual Status ResolveReview(const ReviewResolution& r, ReviewOutcome* outcome) = 0;
  // A user report on a published post (by post or share id): one review item per post,
  // each reporter counted once; at `hide_after` distinct reporters the post leaves the
  // feed until decided. kNotFound if no such post or approved share.
  virtual Status ReportPost(const std::string& post_or_share_id, const std::string& reporter,
                            const std::string& reason, int hide_after, std::string* share_id,
                            int* distinct, bool* hidden) = 0;
  // The user's one appeal: their last confirmed item goes back to the queue.
  // kAppealUsed if they appealed before, kNotFound if there is nothing to appeal.
  virtual Status Appeal(const std::string& user_id, std::string* share_id) = 0;
  // Per plugin flagged / confirmed / overturned / precision, and the flagged share.
  virtual Status ReviewStats(json* out) = 0;
  // Pending items and the creation time of the oldest (0 if none).
  virtual Status ReviewQueueDepth(int64_t* depth, int64_t* oldest_created_at) = 0;
  // The user reports on a share with their reasons, oldest first, at most `limit`; a
  // share nobody reported has none (not an error).
  virtual Status ListReports(const std::string& share_id, int limit, std::vector<UserReport>* out) = 0;
  // The user's one appeal, if any: *found = false when they never appealed (not an error).
  virtual Status GetAppeal(const std::string& user_id, bool* found, AppealRecord* out) = 0;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Account standing, counting strikes inside the policy's window. An account never
  // seen is active with no strikes (not an error).
  virtual Status GetAccount(const std::string& user_id, const StrikePolicy& policy, Account* out) = 0;
  // Reactivates an account and clears its strikes; audited.
  virtual Status ReinstateAccount(const std::string& user_id, const std::string& actor) = 0;
};

class FeedStore {
 public:
  virtual ~FeedStore() = default;
  // Featured first (by position), then newest. Hidden posts only with include_hidden.
  // kInvalidCursor for a cursor this store did not make.
  virtual Status ListFeed(const Page& page, bool include_hidden, std::vector<FeedPost>* out,
                          std::string* next_cursor) = 0;
  // kNotFound if absent.
  virtual Status GetFeedPost(const std::string& post_id, FeedPost* out) = 0;
  // The post made from a share. kNotFound if it was never put on the feed.
  virtual Status GetFeedPostByShare(const std::string& share_id, FeedPost* out) = 0;
  // Puts an approved share on the feed; idempotent per share (returns the existing post).
  // kNotFound (no such share), kNotApproved (the share is not approved).
  virtual Status UpsertFeedPost(const std::string& share_id, FeedPost* out) = 0;
  // Feature, unfeature, hide or unhide; audited. kNotFound if absent.
  virtual Status UpdateFeedPost(const std::string& post_id, FeedAction action, const std::string& actor) = 0;
  // Audited. kNotFound if absent.
  virtual Status SetFeedCaption(const std::string& post_id, const std::string& caption,
                                const std::string& actor) = 0;
  // Order among featured posts, lower first; audited. kNotFound if absent.
  virtual Status SetFeedPosition(const std::string& post_id, int64_t position, const std::string& actor) = 0;
};

class DeliveryStore {
 public:
  virtual ~DeliveryStore() = default;
  // Claims up to `limit` due pending deliveries for `owner` with a lease of lease_s; a
  // claimed row is invisible to other owners until the lease ends, so several processes
  // can drain one outbox. `share_id` non-empty restricts to that share.
  virtual Status ClaimDeliveries(const std::string& owner, int limit, int lease_s,
                                 const std::string& share_id, std::vector<DeliveryRecord>* out) = 0;
  // Records the outcome of a claimed delivery (attempts + 1). kLeaseLost if `owner`
  // no longer holds its lease (another owner may have delivered it).
  virtual Status FinishDelivery(const std::string& id, const std::string& owner, DeliveryState state,
                                const std::string& remote_id, const std::string& url,
                                const std::string& error, int64_t next_attempt_at) = 0;
  // Returns a claimed delivery untouched (not attempted): lease and attempt undone. A
  // delivery `owner` no longer holds is left as it is (not an error).
  virtual Status ReleaseDelivery(const std::string& id, const std::string& owner) = 0;
  // Makes every pending delivery `owner` holds a lease on due now, unleased: an instance
  // restarted after a crash takes its deliveries back at once. *reclaimed = how many.
  virtual Status ReclaimLeases(const std::string& owner, int* reclaimed) = 0;
  // Deliveries in `state`, newest first.
  virtual Status ListDeliveries(DeliveryState state, int limit, std::vector<DeliveryRecord>* out) = 0;
  // A share's deliveries, by destination.
  virtual Status ListShareDeliveries(const std::string& share_id, std::vector<DeliveryRecord>* out) = 0;
  // Puts a dead delivery back in the queue, due now, with a fresh attempt budget;
  // audited. kNotFound (no such delivery), kNotDead (it is not dead).
  virtual Status RetryDelivery(const std::string& id, const std::string& actor) = 0;
  // A destination accepted a delivery again: its waiting retries become due now, so a
  // backlog drains as soon as it is back. *moved = how many.
  virtual Status ExpediteDestination(const std::string& destination, int* moved) = 0;
  // How many deliveries are in `state`, per destination (a destination with none is
  // absent from *out: not an error).
  virtual Status CountDeliveriesByDestination(DeliveryState state, std::map<std::string, int64_t>* out) = 0;
};

// Small durable key-value state of a connector (an Instagram container id per
// delivery), so a retry after a crash continues instead of publishing twice.
class ConnectorStateStore {
 public:
  virtual ~ConnectorStateStore() = default;
  // kNotFound if absent.
  virtual Status GetConnectorState(const std::string& connector, const std::string& key,
                                   std::string* value) = 0;
  virtual Status PutConnectorState(const std::string& connector, const std::string& key,
                                   const std::string& value) = 0;
  // Deleting an absent key is not an error.
  virtual Status DeleteConnectorState(const std::string& connector, const std::string& key) = 0;
};

// Rows extensions own (ExtensionRecord), separated by extension name.
class ExtensionRecordStore {
 public:
  virtual ~ExtensionRecordStore() = default;
  // Appends the rows whose (kind, key) the extension does not hold yet; audited as one
  // import by `actor`. *added = rows actually new.
  virtual Status AppendRecords(const std::string& extension, const std::vector<ExtensionRecord>& rows,
                               const std::string& actor, int* added) = 0;
  // Rows of one kind with id > after_id, in id order, at most `limit`.
  virtual Status ListRecords(const std::string& extension, const std::string& kind, int64_t after_id,
                             int limit, std::vector<ExtensionRecord>* out) = 0;
  // (kind, row count) of every kind the extension holds rows of, by kind.
  virtual Status CountRecordsByKind(const std::string& extension,
                                    std::vector<std::pair<std::string, int64_t>>* out) = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Appends who did what to which target, with details.
  virtual Status Audit(const std::string& actor, const std::string& action, const std::string& target,
                       const json& detail) = 0;
  // Entries matching `filter`, newest first, at most page.limit; *next_cursor empty at
  // the end. kInvalidCursor for a cursor this store did not make.
  virtual Status ListAudit(const AuditFilter& filter, const Page& page, std::vector<json>* out,
                           std::string* next_cursor) = 0;
};

// Counters that only go up, bumped inside the transaction of the write they stand for:
// "feed" by any change to a feed post, "extension:<name>" by any record an extension
// adds or removes, any other name by BumpCounter. An instance that reads the value it
// saw last knows that nothing the counter names changed, on any instance.
class ChangeCounterStore {
 public:
  virtual ~ChangeCounterStore() = default;
  // Every counter ever bumped, by name (a name never bumped is absent: read it as 0).
  virtual Status ReadCounters(std::map<std::string, int64_t>* out) = 0;
  // Adds one to `name` (creating it at 1).
  virtual Status BumpCounter(const std::string& name) = 0;
};

// All of the above: what a backend implements and the gateway owns.
class Store : public ShareStore,
              public ReviewStore,
              public AccountStore,
              public FeedStore,
              public DeliveryStore,
              public ConnectorStateStore,
              public ExtensionRecordStore,
              public AuditStore,
              public ChangeCounterStore {
 public:
  ~Store() override = default;
};

}  // namespace postern
