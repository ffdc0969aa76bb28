// Connector: one destination for approved posts (showcase feed, webhook, Instagram).
// The delivery worker drains the outbox and calls Deliver at least once per post;
// connectors use `delivery_id` / `share_id` as their idempotency key. Each lives in
// connectors/<name>/ and registers a ConnectorFactory by name.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern {

class FeedStore;
class ConnectorStateStore;

// Everything a destination needs to publish one approved post.
struct DeliveryRequest {
  std::string delivery_id;   // stable across retries
  std::string share_id;
  std::string user_id;
  std::string prompt;
  std::string caption;
  std::string image_sha256;
  std::string content_type;
  std::string image_url;     // public URL of the image once it is on the feed (may be empty)
  std::string created_at;    // ISO-8601 UTC time of the decision
  int attempt = 1;           // 1 for the first try
};

struct DeliveryResult {
  enum class Kind { kDelivered, kRetry, kPermanent };
  Kind kind = Kind::kDelivered;
  std::string remote_id;     // set when delivered
  std::string url;           // set when delivered, if the destination has one
  std::string reason;        // why a retry or permanent failure
  int retry_after_s = -1;    // a destination's Retry-After, -1 if none

  static DeliveryResult Delivered(std::string id, std::string url) {
    return {Kind::kDelivered, std::move(id), std::move(url), "", -1};
  }
  static DeliveryResult Retry(std::string reason, int after_s = -1) {
    return {Kind::kRetry, "", "", std::move(reason), after_s};
  }
  static DeliveryResult Permanent(std::string reason) {
    return {Kind::kPermanent, "", "", std::move(reason), -1};
  }
};

class Connector {
 public:
  virtual ~Connector() = default;
  // Publishes one post. Must not throw for destination failures: map them to kRetry
  // or kPermanent. Called from delivery worker threads, possibly concurrently.
  virtual DeliveryResult Deliver(const DeliveryRequest& req) = 0;
  // True for local, fast destinations (the showcase feed) that the share request may
  // deliver to before answering; remote ones are left to the delivery workers.
  virtual bool DeliversInline() const { return false; }
  // Takes a published post down (user report confirmed). Default: unsupported.
  virtual Status Remove(const std::string& share_id, const std::string& remote_id) {
    (void)share_id; (void)remote_id;
    return Status::Unsupported("this destination does not support removal");
  }
};

// Each connector gets only the storage it needs.
struct ConnectorDeps {
  FeedStore* feed = nullptr;            // the showcase feed
  ConnectorStateStore* state = nullptr;  // durable per-delivery state (remote connectors)
  std::string public_base_url;  // e.g. "http://127.0.0.1:8080", for image URLs
};

class ConnectorFactory {
 public:
  virtual ~ConnectorFactory() = default;
  virtual std::string name() const = 0;
  virtual ConfigSchema schema() const = 0;
  virtual std::unique_ptr<Connector> Create(const json& config, const ConnectorDeps& deps,
                                            Status* error) const = 0;
};

std::map<std::string, std::unique_ptr<ConnectorFactory>>& ConnectorRegistry();
bool RegisterConnectorFactory(std::unique_ptr<ConnectorFactory> f);

#define POSTERN_REGISTER_CONNECTOR(FactoryClass) \
  static const bool postern_registered_##FactoryClass = \
      ::postern::RegisterConnectorFactory(std::make_unique<FactoryClass>())

}  // namespace postern
