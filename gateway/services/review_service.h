// ReviewService: the review queue's rules. Lists items with their near-duplicate groups
// (as the enabled checks judge them), claims, and turns a reviewer's confirm or
// overturn into a ReviewResolution the store applies whole; then acts on it: inline
// delivery of an overturned post, take-downs of a confirmed reported post, and the
// checks' review hooks (hash_match banks a confirmed image).
#pragma once

#include <string>
#include <vector>

#include "gateway/base/metrics.h"
#include "gateway/share/delivery.h"
#include "gateway/share/runtime.h"
#include "gateway/store/store.h"

namespace postern {

struct ReviewDecision {
  ReviewAction action = ReviewAction::kConfirm;
  std::string note;
  std::string reason_code;
  std::string actor;
};

// One item's decision and what followed from it.
struct DecisionResult {
  std::string share_id;
  Status status;                 // why it was not decided, if it was not
  ReviewOutcome outcome;
  bool banked = false;           // a check kept the confirmed image (hash_match)
  json removed = json::array();  // [{destination, removed, detail}] for take-downs
};

// What a reviewer weighs beside one item: its reports, the account's standing, the
// account's other decided items and whether it used its appeal.
struct ReviewDetail {
  ReviewItem item;                           // with the share's checks and evidence
  std::vector<std::string> near_duplicates;  // pending items an enabled check groups with it
  std::vector<UserReport> reports;
  Account account;
  StrikePolicy policy;                       // the strikes that count and deactivate
  std::vector<ReviewItem> history;           // the user's other decided items, newest first
  bool appealed = false;
  AppealRecord appeal;
};

class ReviewService {
 public:
  ReviewService(Store* store, DeliveryWorker* delivery, Metrics* metrics, RuntimeSource runtime);

  // Items matching the filter; for pending ones *groups[i] lists the share ids of other
  // pending items that an enabled check calls near-duplicates of items[i].
  // kInvalidCursor, kUnavailable.
  Status List(const ReviewFilter& filter, const Page& page, std::vector<ReviewItem>* items,
              std::vector<std::vector<std::string>>* groups, std::string* next_cursor);
  // One item with its share and checks. kNotFound, kUnavailable.
  Status Get(const std::string& share_id, ReviewItem* out);
  // kNotFound, kAlreadyDecided, kClaimedByOther, kUnavailable.
  Status Claim(const std::string& share_id, const std::string& actor);
  // kNotFound (no claim of actor's), kUnavailable.
  Status Release(const std::string& share_id, const std::string& actor);
  // Decides one item; with `apply_to_group` its pending near-duplicates too (first
  // result is the item itself). kInvalidArgument when confirm lacks a configured
  // reason code (nothing decided); per-item failures are in each result's status.
  Status Decide(const std::string& share_id, const ReviewDecision& d, bool apply_to_group,
                std::vector<DecisionResult>* results);
  // Decides each listed item; results in the same order. kInvalidArgument as Decide.
  Status DecideMany(const std::vector<std::string>& share_ids, const ReviewDecision& d,
                    std::vector<DecisionResult>* results);
  // A user report; see ReviewStore::ReportPost. kNotFound, kUnavailable.
  Status Report(const std::string& post_or_share_id, const std::string& reporter, const std::string& reason,
                std::string* share_id, int* reporters, bool* hidden);
  // ReviewStore::ReviewStats plus the queue's oldest pending age and the configured
  // reason codes (what a confirm may carry).
  Status Stats(json* out);
  // One item with everything ReviewDetail lists. kNotFound, kUnavailable.
  Status Detail(const std::string& share_id, ReviewDetail* out);

 private:
  Status CheckReasonCode(const ReviewDecision& d) const;
  DecisionResult DecideOne(const Runtime& rt, const std::string& share_id, const ReviewDecision& d);
  // Pending share ids that some enabled check groups with each of `items`.
  Status NearDuplicateGroups(const Runtime& rt, const std::vector<ReviewItem>& items,
                             std::vector<std::vector<std::string>>* groups);

  Store* store_;
  DeliveryWorker* delivery_;
  Metrics* metrics_;
  RuntimeSource runtime_;
};

}  // namespace postern
