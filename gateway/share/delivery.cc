#include "gateway/share/delivery.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <unistd.h>

#include "gateway/base/log.h"

#include "gateway/base/util.h"

namespace postern {

DeliveryState StateAfterAttempt(const DeliveryPolicy& policy, DeliveryResult::Kind result,
                                int attempts, int64_t age_s) {
  if (result == DeliveryResult::Kind::kDelivered) return DeliveryState::kDelivered;
  if (result == DeliveryResult::Kind::kPermanent || attempts >= policy.max_attempts ||
      age_s >= policy.max_age_s)
    return DeliveryState::kDead;
  return DeliveryState::kPending;
}

int64_t RetryDelaySeconds(const DeliveryPolicy& policy, int attempts, int retry_after_s, double jitter) {
  if (retry_after_s >= 0) return retry_after_s;
  // Exponential backoff with "equal jitter" (between half and all of the step), capped
  // by max_backoff_s, never under a second, so retries of many posts spread out.
  const double cap = std::min(double(policy.max_backoff_s),
                              policy.base_backoff_s * std::pow(2.0, std::max(0, attempts - 1)));
  const double delay = cap / 2 + std::clamp(jitter, 0.0, 1.0) * (cap / 2);
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(delay)));
}

DeliveryWorker::DeliveryWorker(Store* store, Metrics* metrics, std::string public_base_url,
                               std::function<std::shared_ptr<const ConnectorMap>()> connectors,
                               std::function<DeliveryPolicy()> policy, std::string instance_id)
    : store_(store), metrics_(metrics), public_base_url_(std::move(public_base_url)),
      connectors_(std::move(connectors)), policy_(std::move(policy)), owner_(std::move(instance_id)) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start(int threads) {
  // Leases this instance held when it died would otherwise wait out their expiry.
  int reclaimed = 0;
  Status st = store_->ReclaimLeases(owner_, &reclaimed);
  LogJson(st.ok() ? spdlog::level::info : spdlog::level::warn,
          {{"event", "delivery_leases_reclaimed"}, {"owner", owner_}, {"deliveries", reclaimed},
           {"error", st.ok() ? "" : st.ToString()}});
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

void DeliveryWorker::RecordUnrecorded() {
  std::vector<Unrecorded> todo;
  {
    std::lock_guard<std::mutex> l(unrecorded_mu_);
    todo.swap(unrecorded_);
  }
  for (const auto& u : todo) {
    Status st = store_->FinishDelivery(u.id, owner_, u.state, u.remote_id, u.url, u.error, u.next_attempt_at);
    if (st.ok() || st.code() == StatusCode::kLeaseLost) continue;  // written, or no longer ours
    std::lock_guard<std::mutex> l(unrecorded_mu_);
    unrecorded_.push_back(u);
  }
}

void DeliveryWorker::Stop() {
  stop_ = true;
  cv_.notify_all();
  for (auto& t : threads_) if (t.joinable()) t.join();
  threads_.clear();
}

void DeliveryWorker::Notify() {
  {
    std::lock_guard<std::mutex> l(mu_);
    pending_ = true;
  }
  cv_.notify_one();
}

void DeliveryWorker::Loop() {
  while (!stop_) {
    RecordUnrecorded();
    int handled = DrainOnce("", false);
    if (handled > 0) continue;
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait_for(l, std::chrono::milliseconds(500), [this] { return stop_ || pending_; });
    pending_ = false;
  }
}

void DeliveryWorker::DeliverInline(const std::string& share_id) { DrainOnce(share_id, true); }

int DeliveryWorker::DrainOnce(const std::string& share_id, bool inline_only) {
  auto connectors = connectors_();
  std::vector<DeliveryRecord> batch;
  Status st = store_->ClaimDeliveries(owner_, share_id.empty() ? 8 : 64, policy_().lease_s,
                                      share_id, &batch);
  if (!st.ok()) {
    LogJson(spdlog::level::warn, {{"event", "delivery_claim_failed"}, {"error", st.ToString()}});
    return 0;
  }
  for (const auto& d : batch) {
    auto it = connectors->find(d.destination);
    if (inline_only && (it == connectors->end() || !it->second->DeliversInline())) {
      // Not ours to do inline: hand it back to the workers at once, attempt unspent.
      store_->ReleaseDelivery(d.id, owner_);
      continue;
    }
    DeliverOne(d, *connectors);
  }
  if (inline_only && batch.size() > 0) Notify();
  return static_cast<int>(batch.size());
}

void DeliveryWorker::DeliverOne(const DeliveryRecord& d, const ConnectorMap& connectors) {
  const DeliveryPolicy policy = policy_();
  const int64_t now = NowSeconds();
  DeliveryResult r;
  auto it = connectors.find(d.destination);
  ShareRecord share;
  Status st = store_->GetShare(d.share_id, &share);
  if (!st.ok()) {
    r = DeliveryResult::Retry("cannot read share: " + st.message());
  } else if (it == connectors.end()) {
    r = DeliveryResult::Retry("connector \"" + d.destination + "\" is not enabled");
  } else {
    DeliveryRequest req;
    req.delivery_id = d.id;
    req.share_id = share.id;
    req.user_id = share.user_id;
    req.prompt = share.prompt;
    req.caption = share.caption;
    req.image_sha256 = share.image_sha256;
    req.content_type = share.content_type;
    req.created_at = IsoTime(share.created_at);
    req.attempt = d.attempts;
    req.image_url = public_base_url_ + "/v1/media/" + share.id;
    try {
      r = it->second->Deliver(req);
    } catch (const std::exception& e) {
      r = DeliveryResult::Retry(std::string("connector threw: ") + e.what());
    }
  }
  const DeliveryState state = StateAfterAttempt(policy, r.kind, d.attempts, now - d.created_at);
  int64_t next = now;
  if (state == DeliveryState::kPending) {
    static thread_local std::mt19937 rng(std::random_device{}());
    next = now + RetryDelaySeconds(policy, d.attempts, r.retry_after_s,
                                   std::uniform_real_distribution<double>(0, 1)(rng));
  }
  const char* status = EnumName(state);
  Status fs = store_->FinishDelivery(d.id, owner_, state, r.remote_id, r.url, r.reason, next);
  if (state == DeliveryState::kDelivered && d.attempts > 1) {
    // The destination is back after failures: its waiting retries need not wait out
    // their backoff.
    int moved = 0;
    if (store_->ExpediteDestination(d.destination, &moved).ok() && moved > 0) Notify();
  }
  if (!fs.ok() && fs.code() != StatusCode::kLeaseLost) {
    LogJson(spdlog::level::warn, {{"event", "delivery_finish_failed"}, {"delivery_id", d.id}, {"error", fs.ToString()}});
    std::lock_guard<std::mutex> l(unrecorded_mu_);
    unrecorded_.push_back({d.id, state, r.remote_id, r.url, r.reason, next});
  }
  metrics_->Inc("postern_deliveries_total", {{"connector", d.destination}, {"status", status}});
  LogJson(spdlog::level::info, {{"event", "delivery"}, {"delivery_id", d.id}, {"share_id", d.share_id},
                     {"destination", d.destination}, {"status", status}, {"attempt", d.attempts},
                     {"reason", r.reason}});
}

}  // namespace postern
