#include "gateway/services/review_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "gateway/base/log.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

// How many pending items near-duplicate grouping compares against, newest first.
constexpr int kGroupScanLimit = 5000;
// How many reports and past decisions an item's detail shows.
constexpr int kDetailListLimit = 20;

}  // namespace

ReviewService::ReviewService(Store* store, DeliveryWorker* delivery, Metrics* metrics, RuntimeSource runtime)
    : store_(store), delivery_(delivery), metrics_(metrics), runtime_(std::move(runtime)) {}

Status ReviewService::List(const ReviewFilter& filter, const Page& page, std::vector<ReviewItem>* items,
                           std::vector<std::vector<std::string>>* groups, std::string* next_cursor) {
  Status st = store_->ListReview(filter, page, items, next_cursor);
  if (!st.ok()) return st;
  groups->assign(items->size(), {});
  if (filter.status != ReviewStatus::kPending) return Status::OK();
  // Grouping is a help, not the answer: a failure leaves the groups empty.
  Status gs = NearDuplicateGroups(*runtime_(), *items, groups);
  if (!gs.ok()) LogJson(spdlog::level::warn, {{"event", "review_grouping_failed"}, {"error", gs.ToString()}});
  return Status::OK();
}

Status ReviewService::NearDuplicateGroups(const Runtime& rt, const std::vector<ReviewItem>& items,
                                          std::vector<std::vector<std::string>>* groups) {
  for (const auto& [plugin, check] : rt.pipeline->EnabledChecks()) {
    std::vector<std::pair<std::string, json>> pending;
    Status st = store_->ListPendingEvidence(plugin, kGroupScanLimit, &pending);
    if (!st.ok()) return st;
    std::map<std::string, const json*> by_share;
    for (const auto& [id, evidence] : pending) by_share[id] = &evidence;
    for (size_t k = 0; k < items.size(); ++k) {
      auto mine = by_share.find(items[k].share_id);
      if (mine == by_share.end()) continue;
      auto& group = (*groups)[k];
      for (const auto& [id, evidence] : pending) {
        if (id == items[k].share_id || std::find(group.begin(), group.end(), id) != group.end()) continue;
        if (check->NearDuplicates(*mine->second, evidence)) group.push_back(id);
      }
    }
  }
  return Status::OK();
}

Status ReviewService::Get(const std::string& share_id, ReviewItem* out) {
  return store_->GetReviewItem(share_id, out);
}

Status ReviewService::Stats(json* out) {
  Status st = store_->ReviewStats(out);
  int64_t depth = 0, oldest = 0;
  if (st.ok()) st = store_->ReviewQueueDepth(&depth, &oldest);
  if (!st.ok()) return st;
  (*out)["oldest_pending_age_s"] = oldest ? json(NowSeconds() - oldest) : json(nullptr);
  (*out)["reason_codes"] = runtime_()->config.reason_codes;
  return Status::OK();
}

Status ReviewService::Detail(const std::string& share_id, ReviewDetail* out) {
  Status st = store_->GetReviewItem(share_id, &out->item);
  if (!st.ok()) return st;
  const auto rt = runtime_();
  const std::string& user = out->item.share.user_id;
  out->policy = rt->config.strikes;
  if (out->item.status == ReviewStatus::kPending) {
    std::vector<std::vector<std::string>> groups(1);
    // As in List: grouping is a help, so a failure leaves the group empty.
    if (NearDuplicateGroups(*rt, {out->item}, &groups).ok()) out->near_duplicates = groups[0];
  }
  st = store_->ListReports(share_id, kDetailListLimit, &out->reports);
  if (st.ok()) st = store_->GetAccount(user, out->policy, &out->account);
  if (st.ok()) st = store_->GetAppeal(user, &out->appealed, &out->appeal);
  for (ReviewStatus decided : {ReviewStatus::kConfirmed, ReviewStatus::kOverturned}) {
    if (!st.ok()) return st;
    ReviewFilter f;
    f.status = decided;
    f.user_id = user;
    f.newest_first = true;
    std::vector<ReviewItem> items;
    std::string next;
    st = store_->ListReview(f, Page{kDetailListLimit, ""}, &items, &next);
    for (auto& i : items)
      if (i.share_id != share_id) out->history.push_back(std::move(i));
  }
  if (!st.ok()) return st;
  std::sort(out->history.begin(), out->history.end(),
            [](const ReviewItem& a, const ReviewItem& b) { return a.decided_at > b.decided_at; });
  if (out->history.size() > size_t{kDetailListLimit}) out->history.resize(kDetailListLimit);
  return Status::OK();
}

Status ReviewService::Claim(const std::string& share_id, const std::string& actor) {
  return store_->ClaimReview(share_id, actor, runtime_()->config.claim_ttl_s);
}

Status ReviewService::Release(const std::string& share_id, const std::string& actor) {
  return store_->ReleaseReview(share_id, actor);
}

Status ReviewService::CheckReasonCode(const ReviewDecision& d) const {
  const auto& codes = runtime_()->config.reason_codes;
  if (d.action != ReviewAction::kConfirm || codes.empty()) return Status::OK();
  if (std::find(codes.begin(), codes.end(), d.reason_code) != codes.end()) return Status::OK();
  std::string all;
  for (const auto& c : codes) all += (all.empty() ? "" : ", ") + c;
  return Status::InvalidArgument("confirm needs a \"reason_code\" from: " + all);
}

Status ReviewService::Decide(const std::string& share_id, const ReviewDecision& d, bool apply_to_group,
                             std::vector<DecisionResult>* results) {
  Status st = CheckReasonCode(d);
  if (!st.ok()) return st;
  const auto rt = runtime_();
  std::vector<std::string> ids{share_id};
  if (apply_to_group) {
    ReviewItem item;
    item.share_id = share_id;
    std::vector<std::vector<std::string>> groups(1);
    st = NearDuplicateGroups(*rt, {item}, &groups);
    if (!st.ok()) return st;
    ids.insert(ids.end(), groups[0].begin(), groups[0].end());
  }
  for (const auto& id : ids) results->push_back(DecideOne(*rt, id, d));
  return Status::OK();
}

Status ReviewService::DecideMany(const std::vector<std::string>& share_ids, const ReviewDecision& d,
                                 std::vector<DecisionResult>* results) {
  Status st = CheckReasonCode(d);
  if (!st.ok()) return st;
  const auto rt = runtime_();
  for (const auto& id : share_ids) results->push_back(DecideOne(*rt, id, d));
  return Status::OK();
}

DecisionResult ReviewService::DecideOne(const Runtime& rt, const std::string& share_id, const ReviewDecision& d) {
  DecisionResult res;
  res.share_id = share_id;
  ReviewItem item;
  res.status = store_->GetReviewItem(share_id, &item);
  if (!res.status.ok()) return res;

  // The rules of a decision, spelled out for the store to apply in one transaction.
  ReviewResolution r;
  r.share_id = share_id;
  r.action = d.action;
  r.actor = d.actor;
  r.note = d.note;
  r.reason_code = d.reason_code;
  r.policy = rt.config.strikes;
  if (d.action == ReviewAction::kConfirm) {
    r.share_decision = Decision::kRejected;
    r.add_strike = item.source != ReviewSource::kAppeal;  // an upheld appeal keeps its strike
    r.take_down = item.source == ReviewSource::kReported;
  } else {
    r.share_decision = Decision::kApproved;
    r.deliver_to = item.share.destinations;
    r.restore_post = true;
    r.lift_strike = item.source == ReviewSource::kAppeal;
  }
  res.status = store_->ResolveReview(r, &res.outcome);
  if (!res.status.ok()) return res;
  metrics_->Inc("postern_review_decisions_total", {{"action", EnumName(d.action)}});

  if (d.action == ReviewAction::kOverturn) delivery_->DeliverInline(share_id);
  // A confirmed report takes the post down wherever it went, where the destination can.
  for (const auto& del : res.outcome.to_remove) {
    auto it = rt.connectors->find(del.destination);
    Status rs = it == rt.connectors->end() ? Status::Unsupported("connector not enabled")
                                           : it->second->Remove(share_id, del.remote_id);
    res.removed.push_back({{"destination", del.destination}, {"removed", rs.ok()},
                           {"detail", rs.ok() ? "" : rs.message()}});
  }
  if (d.action == ReviewAction::kConfirm) {
    // Each check sees its own evidence of the share (hash_match banks the image).
    for (const auto& [plugin, check] : rt.pipeline->EnabledChecks()) {
      ConfirmedViolation v{share_id, item.share.user_id, d.reason_code, d.actor, json::object()};
      for (const auto& c : item.share.checks)
        if (c.plugin == plugin) v.evidence = c.evidence;
      bool recorded = false;
      Status hs = check->OnConfirmedViolation(v, &recorded);
      if (!hs.ok()) {
        metrics_->Inc("postern_review_hook_failures_total", {{"plugin", plugin}});
        LogJson(spdlog::level::warn, {{"event", "review_hook_failed"}, {"plugin", plugin},
                                      {"share_id", share_id}, {"error", hs.ToString()}});
      }
      res.banked |= recorded;
    }
  }
  LogJson(spdlog::level::info, {{"event", "review_decision"}, {"share_id", share_id}, {"action", EnumName(d.action)},
                                {"actor", d.actor}, {"reason_code", d.reason_code}, {"banked", res.banked},
                                {"account_status", EnumName(res.outcome.account.status)}});
  return res;
}

Status ReviewService::Report(const std::string& post_or_share_id, const std::string& reporter,
                             const std::string& reason, std::string* share_id, int* reporters, bool* hidden) {
  Status st = store_->ReportPost(post_or_share_id, reporter, reason, runtime_()->config.reports_to_hide,
                                 share_id, reporters, hidden);
  if (!st.ok()) return st;
  metrics_->Inc("postern_reports_total", {});
  LogJson(spdlog::level::info, {{"event", "report"}, {"share_id", *share_id}, {"reporters", *reporters},
                                {"hidden", *hidden}});
  return st;
}

}  // namespace postern
