// Gateway: the whole service behind the HTTP edge. Owns the store, the running config
// (pipeline + connectors, swapped atomically on reload), metrics and the delivery
// workers, and answers API requests. Thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/api/request.h"
#include "gateway/config/config.h"
#include "gateway/share/delivery.h"
#include "gateway/base/metrics.h"
#include "gateway/share/pipeline.h"
#include "gateway/store/store.h"

namespace postern {

class Gateway {
 public:
  // Loads config, opens storage and builds plugins and connectors. On failure returns
  // nullptr with *errors listing every problem.
  static std::unique_ptr<Gateway> Create(const std::string& config_path,
                                         std::vector<std::string>* errors);
  ~Gateway();

  // Starts the delivery workers.
  void Start();
  // Stops them (in-flight deliveries finish).
  void Stop();

  // Answers one API request; never throws.
  Response Handle(const Request& req);
  // True for requests that run the check pipeline (they get their own worker pool).
  static bool IsShareRequest(const Request& req);

  // Re-reads the config file. If it is invalid, keeps the running config and returns
  // the errors. Storage and listen address need a restart and are refused here.
  Status Reload(std::vector<std::string>* errors);

  // The listening settings and limits the HTTP edge needs.
  Config config() const;
  Metrics& metrics() { return metrics_; }
  Store& store() { return *store_; }

  // The config, pipeline and connectors in force; replaced as one on reload.
  struct Runtime {
    Config config;
    std::shared_ptr<Pipeline> pipeline;
    std::shared_ptr<const ConnectorMap> connectors;
  };

 private:
  Gateway() = default;
  static std::shared_ptr<Runtime> BuildRuntime(const Config& c, Store* store,
                                               std::vector<std::string>* errors);
  std::shared_ptr<Runtime> runtime() const;

  // Handlers, one per endpoint family (gateway/api_*.cc).
  Response HandleShares(const Request& req, const std::string& actor);
  Response GetShareResponse(const std::string& id);
  Response HandleReview(const Request& req, const std::vector<std::string>& parts, const std::string& actor);
  Response ListReviewResponse(const Request& req);
  // Decides one item and acts on the outcome (deliveries, removals, metrics).
  Response DecideOne(const std::string& share_id, const ReviewDecision& d, bool* ok);
  Response HandleReports(const Request& req, const std::string& actor);
  Response HandleBanks(const Request& req, const std::vector<std::string>& parts, const std::string& actor);
  Response HandleAccounts(const Request& req, const std::vector<std::string>& parts, const std::string& actor, const std::string& role);
  Response HandleFeed(const Request& req, const std::vector<std::string>& parts);
  Response HandleCurate(const Request& req, const std::vector<std::string>& parts, const std::string& actor);
  // `curator`: the caller may also see images of hidden posts.
  Response HandleMedia(const std::string& id, bool curator);
  Response HandleReviewImage(const std::string& share_id);
  Response HandleAdmin(const Request& req, const std::vector<std::string>& parts, const std::string& actor);
  Response HandleMetrics();
  // Serves a file from web_dir (pages and their assets); names are a flat allow-list.
  Response HandleStatic(const std::string& name);

  // Resolves the bearer key to (name, role); empty role if absent or unknown.
  void Authenticate(const Request& req, std::string* name, std::string* role) const;

  std::unique_ptr<Store> store_;
  Metrics metrics_;
  mutable std::mutex runtime_mu_;
  std::shared_ptr<Runtime> runtime_;
  std::unique_ptr<DeliveryWorker> delivery_;
  std::mutex reload_mu_;
};

// JSON views shared by handlers.
json ShareToJson(const ShareRecord& s);
json FeedPostToJson(const FeedPost& p, const std::string& base_url);
json DeliveryToJson(const DeliveryRecord& d);

}  // namespace postern
