// Records: what Postern keeps, as the services and the store exchange it. Every state
// word (decision, mode, delivery state, review status, ...) is an enum whose stable
// names (the words stored in the database and shown in JSON) are in one table each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gateway/base/enum_names.h"
#include "gateway/check.h"
#include "gateway/schema.h"

namespace postern {

// The share's outcome: any enforced reject wins, then any enforced hold, else approved.
enum class Decision { kApproved, kRejected, kHeld };
// enforce: the verdict counts; shadow: recorded, never blocks.
enum class CheckMode { kEnforce, kShadow };
// What an exception or timeout in a check means.
enum class OnError { kReject, kHold, kAllow };
enum class DeliveryState { kPending, kDelivered, kDead };
enum class ReviewAction { kConfirm, kOverturn };
enum class ReviewStatus { kPending, kConfirmed, kOverturned };
// Why an item is in the review queue.
enum class ReviewSource { kRejected, kHeld, kReported, kAppeal };
enum class AccountStatus { kActive, kDeactivated };
enum class FeedAction { kFeature, kUnfeature, kHide, kUnhide };

template <> struct EnumNames<Decision> {
  static constexpr std::pair<Decision, const char*> rows[] = {
      {Decision::kApproved, "approved"}, {Decision::kRejected, "rejected"}, {Decision::kHeld, "held"}};
};
template <> struct EnumNames<CheckMode> {
  static constexpr std::pair<CheckMode, const char*> rows[] = {
      {CheckMode::kEnforce, "enforce"}, {CheckMode::kShadow, "shadow"}};
};
template <> struct EnumNames<OnError> {
  static constexpr std::pair<OnError, const char*> rows[] = {
      {OnError::kReject, "reject"}, {OnError::kHold, "hold"}, {OnError::kAllow, "allow"}};
};
template <> struct EnumNames<DeliveryState> {
  static constexpr std::pair<DeliveryState, const char*> rows[] = {
      {DeliveryState::kPending, "pending"}, {DeliveryState::kDelivered, "delivered"},
      {DeliveryState::kDead, "dead"}};
};
template <> struct EnumNames<ReviewAction> {
  static constexpr std::pair<ReviewAction, const char*> rows[] = {
      {ReviewAction::kConfirm, "confirm"}, {ReviewAction::kOverturn, "overturn"}};
};
template <> struct EnumNames<ReviewStatus> {
  static constexpr std::pair<ReviewStatus, const char*> rows[] = {
      {ReviewStatus::kPending, "pending"}, {ReviewStatus::kConfirmed, "confirmed"},
      {ReviewStatus::kOverturned, "overturned"}};
};
template <> struct EnumNames<ReviewSource> {
  static constexpr std::pair<ReviewSource, const char*> rows[] = {
      {ReviewSource::kRejected, "rejected"}, {ReviewSource::kHeld, "held"},
      {ReviewSource::kReported, "reported"}, {ReviewSource::kAppeal, "appeal"}};
};
template <> struct EnumNames<AccountStatus> {
  static constexpr std::pair<AccountStatus, const char*> rows[] = {
      {AccountStatus::kActive, "active"}, {AccountStatus::kDeactivated, "deactivated"}};
};
template <> struct EnumNames<FeedAction> {
  static constexpr std::pair<FeedAction, const char*> rows[] = {
      {FeedAction::kFeature, "feature"}, {FeedAction::kUnfeature, "unfeature"},
      {FeedAction::kHide, "hide"}, {FeedAction::kUnhide, "unhide"}};
};

// One check's outcome as stored with a decision. A check that threw or timed out is
// recorded with its plugin's on_error verdict and failed = true.
struct CheckRecord {
  std::string plugin;
  Verdict verdict = Verdict::kAllow;
  CheckMode mode = CheckMode::kEnforce;
  bool failed = false;
  std::string code;
  std::string message;
  double ms = 0;
  json evidence = json::object();
};

struct DeliveryRecord {
  std::string id;
  std::string share_id;
  std::string destination;
  DeliveryState state = DeliveryState::kPending;
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
  Decision decision = Decision::kApproved;
  json reasons = json::array();  // [{plugin, code, message}] of enforced rejects and holds
  std::vector<CheckRecord> checks;
  std::vector<std::string> destinations;
  std::string config_hash;       // provenance: the config that decided
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::vector<DeliveryRecord> deliveries;  // filled by reads
};

// Everything one share decision writes, in one transaction (ShareService builds it).
struct ShareWrite {
  ShareRecord share;
  std::string image_bytes;            // stored under share.image_sha256, deduplicated
  std::vector<std::string> deliver_to;  // approved: one pending delivery per destination
  bool queue_for_review = false;      // rejected or held: one pending review item
  ReviewSource review_source = ReviewSource::kRejected;
  std::string idempotency_key;        // empty: none
  std::string body_hash;              // with the key: the request body's SHA-256
};

struct Account {
  std::string user_id;
  AccountStatus status = AccountStatus::kActive;
  int strikes_in_window = 0;
  int strikes_total = 0;
  int64_t deactivated_at = 0;
};

struct ReviewItem {
  std::string share_id;
  ReviewStatus status = ReviewStatus::kPending;
  ReviewSource source = ReviewSource::kRejected;
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
  ShareRecord share;                 // with its checks
};

struct ReviewFilter {
  ReviewStatus status = ReviewStatus::kPending;
  std::string plugin;        // only items flagged by this plugin
  std::string code;          // only items with this reason code
  std::string user_id;
  std::string source;        // ReviewSource names, comma-separated, or empty for all
  int64_t min_age_s = 0;     // only items at least this old
  bool newest_first = false;
};

// Policy that a review decision applies.
struct StrikePolicy {
  int strikes_to_deactivate = 3;
  int strike_window_days = 90;
};

// What a reviewer's decision changes, worked out by ReviewService from the item; the
// store applies it whole, and only while the item is still pending and not claimed by
// someone else.
struct ReviewResolution {
  std::string share_id;
  ReviewAction action = ReviewAction::kConfirm;
  std::string actor;
  std::string note;
  std::string reason_code;
  Decision share_decision = Decision::kRejected;  // the share's decision afterwards
  bool add_strike = false;        // a confirmed violation (an upheld appeal keeps its old one)
  bool lift_strike = false;       // an overturned appeal: its strike is cleared
  bool take_down = false;         // a confirmed report: the post leaves the feed and destinations
  bool restore_post = false;      // an overturned report: a post hidden by reports returns
  std::vector<std::string> deliver_to;  // overturned: pending deliveries to create
  StrikePolicy policy;            // deactivate at / reactivate under this many strikes
};

// What applying a resolution changed, for the service to act on after the commit.
struct ReviewOutcome {
  Account account;                         // the share's account afterwards
  std::vector<DeliveryRecord> to_remove;   // delivered copies of a confirmed reported post
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

// A row an extension keeps in the store (Kong's daos): keyed by (kind, key) within
// the extension, appended once, read back in id order.
struct ExtensionRecord {
  int64_t id = 0;          // assigned by the store, increasing
  std::string kind;        // the extension's own grouping (e.g. a hash bank's name)
  std::string key;         // unique within (extension, kind)
  json body = json::object();
  std::string added_by;
  int64_t created_at = 0;
};

// A user's report on a published post, as ReportPost kept it (one per reporter).
struct UserReport {
  std::string share_id;
  std::string reporter_id;
  std::string reason;
  int64_t created_at = 0;
};

// The one appeal an account may make: which confirmed share it sent back to review.
struct AppealRecord {
  std::string user_id;
  std::string share_id;
  int64_t created_at = 0;
};

// Which audit entries to list (GET /v1/admin/audit); empty fields match everything.
struct AuditFilter {
  std::string actor;          // exactly this actor
  std::string action_prefix;  // actions starting with this ("review." or "review.confirm")
  std::string target;         // exactly this target
  int64_t since = 0;          // created at or after this unix time
};

// What one plugin's stored check records say (check_results), for the admin view.
struct PluginCheckStats {
  std::string plugin;
  json verdicts = json::object();  // {mode: {verdict: count}} over every stored check
  int64_t failed = 0;              // checks that threw or timed out (on_error applied)
  int latency_samples = 0;         // newest checks the latency figures cover
  double latency_mean_ms = 0, latency_p50_ms = 0, latency_p95_ms = 0;
};

}  // namespace postern
