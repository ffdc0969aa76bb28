// DeliveryWorker: drains the durable outbox. Claims due deliveries with a lease, calls
// the destination's connector, and records delivered / retry-with-backoff / dead.
// Delivery is at least once; connectors make it idempotent per delivery.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gateway/connector.h"
#include "gateway/base/metrics.h"
#include "gateway/store/store.h"

namespace postern {

struct DeliveryPolicy {
  int max_attempts = 12;
  int max_age_s = 86400;
  int base_backoff_s = 2;
  int max_backoff_s = 3600;
  int lease_s = 120;      // a claimed delivery is retried by others after this
};

// What a delivery becomes after an attempt that ended in `result`: delivered, dead
// (permanent failure, out of attempts, or older than max_age_s), else pending.
DeliveryState StateAfterAttempt(const DeliveryPolicy& policy, DeliveryResult::Kind result,
                                int attempts, int64_t age_s);
// Seconds until the next try after `attempts` tries: the destination's Retry-After if
// it gave one (>= 0), else exponential backoff with equal jitter (`jitter` in [0, 1]
// picks between half and all of the step), capped at max_backoff_s, at least 1.
int64_t RetryDelaySeconds(const DeliveryPolicy& policy, int attempts, int retry_after_s, double jitter);

// The connectors in force; replaced as a whole on config reload.
using ConnectorMap = std::map<std::string, std::shared_ptr<Connector>>;

class DeliveryWorker {
 public:
  // `connectors` is asked for the current map before each batch (reload-safe).
  // `instance_id` names this gateway stably across restarts (host and listen address),
  // so a restarted instance takes back the leases it held when it died.
  DeliveryWorker(Store* store, Metrics* metrics, std::string public_base_url,
                 std::function<std::shared_ptr<const ConnectorMap>()> connectors,
                 std::function<DeliveryPolicy()> policy, std::string instance_id);
  ~DeliveryWorker();

  // Returns this instance's leases from before a restart to the queue, then starts
  // `threads` background drainers.
  void Start(int threads);
  // Stops and joins the drainers; in-flight deliveries finish first.
  void Stop();
  // Wakes the drainers (a share was approved).
  void Notify();
  // Delivers the share's due deliveries whose connector DeliversInline(), now, on the
  // calling thread (same claim path as the workers, so never twice).
  void DeliverInline(const std::string& share_id);
  // Runs one claim-and-deliver batch; returns how many deliveries it handled.
  int DrainOnce(const std::string& share_id, bool inline_only);

 private:
  // An attempt's outcome that could not be written (storage full or gone): kept and
  // written again before the next claim, so the delivery is not stuck behind its lease.
  struct Unrecorded {
    std::string id;
    DeliveryState state;
    std::string remote_id, url, error;
    int64_t next_attempt_at;
  };
  void Loop();
  void DeliverOne(const DeliveryRecord& d, const ConnectorMap& connectors);
  // Writes the kept outcomes; keeps those that still fail.
  void RecordUnrecorded();

  Store* store_;
  Metrics* metrics_;
  std::string public_base_url_;
  std::function<std::shared_ptr<const ConnectorMap>()> connectors_;
  std::function<DeliveryPolicy()> policy_;
  std::string owner_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  std::vector<std::thread> threads_;
  std::mutex unrecorded_mu_;
  std::vector<Unrecorded> unrecorded_;
};

}  // namespace postern
