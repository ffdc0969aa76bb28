// Gateway: the composition root. Owns the store, the runtime in force (config, pipeline
// and connectors, swapped as one on reload), metrics, the delivery workers, the
// services and the router the HTTP edge calls. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/api/router.h"
#include "gateway/base/metrics.h"
#include "gateway/services/account_service.h"
#include "gateway/services/change_watcher.h"
#include "gateway/services/feed_service.h"
#include "gateway/services/review_service.h"
#include "gateway/share/delivery.h"
#include "gateway/share/runtime.h"
#include "gateway/share/share_service.h"
#include "gateway/store/store.h"

namespace postern {

class Gateway {
 public:
  // Loads config, opens storage and builds plugins and connectors. On failure returns
  // nullptr with *errors listing every problem (with YAML paths).
  static std::unique_ptr<Gateway> Create(const std::string& config_path, std::vector<std::string>* errors);
  ~Gateway();

  // Starts the delivery workers.
  void Start();
  // Stops them (in-flight deliveries finish).
  void Stop();

  // Answers one API request; never throws.
  Response Handle(const Request& req) { return router_->Handle(req); }
  static bool IsShareRequest(const Request& req) { return Router::IsShareRequest(req); }
  std::optional<Response> Precheck(const Request& head) { return router_->Precheck(head); }
  // The router's table with the routes of the checks in force (the API description's source).
  std::vector<Route> Routes() const { return router_->Routes(); }

  // Re-reads the config file. If it is invalid, keeps the running config and returns
  // kInvalidConfig with the errors. Storage and listen address need a restart.
  Status Reload(std::vector<std::string>* errors);

  // The config in force (listen address and limits for the HTTP edge).
  Config config() const { return runtime()->config; }
  Metrics& metrics() { return metrics_; }
  Store& store() { return *store_; }

 private:
  Gateway() = default;
  static std::shared_ptr<Runtime> BuildRuntime(const Config& c, Store* store, std::vector<std::string>* errors);
  std::shared_ptr<const Runtime> runtime() const;
  void DescribeMetrics();
  static std::string InstanceId(const Config& c);
  // `announce`: a reload asked of this instance tells the others (the "config" counter);
  // one caused by that counter does not, or instances would echo each other.
  Status ReloadOrRefuse(std::vector<std::string>* errors, bool announce);
  Status ReloadGuarded(std::vector<std::string>* errors, bool announce);
  void OnCounterMoved(const std::string& name, int64_t value);

  std::unique_ptr<Store> store_;
  Metrics metrics_;
  mutable std::mutex runtime_mu_;
  std::shared_ptr<const Runtime> runtime_;
  std::mutex reload_mu_;
  int64_t config_generation_ = 0;  // the "config" counter this instance last reloaded at; under reload_mu_
  std::unique_ptr<ChangeWatcher> changes_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<DeliveryWorker> delivery_;
  std::unique_ptr<ShareService> shares_;
  std::unique_ptr<ReviewService> review_;
  std::unique_ptr<FeedService> feed_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<Router> router_;
};

}  // namespace postern
