// The webhook connector: POSTs each approved post as JSON to every configured endpoint,
// signed per Standard Webhooks. `webhook-id` is the delivery id, stable across retries,
// so receivers drop duplicates. Which endpoints accepted a delivery is kept in the
// Store (connector_common::DurableDeliveryState), so a retry, even after a restart,
// only goes to the ones that did not.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "connectors/common/delivery_state.h"
#include "gateway/connector.h"
#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern::webhook {

// One receiver as written in the config; defaults live in WebhookSchema() only.
struct WebhookEndpointConfig {
  std::string url;
  std::string secret;      // "whsec_<base64>", or "" when secret_env names it
  std::string secret_env;  // environment variable holding the secret, or ""
};

struct WebhookConfig {
  std::vector<WebhookEndpointConfig> endpoints;
  long connect_timeout_ms;
  long timeout_ms;
  int max_retry_after_s;
  std::string event_type;
};

ConfigSchema WebhookSchema();
// The typed form of a config that ValidateConfig(WebhookSchema()) accepted.
WebhookConfig ParseWebhookConfig(const json& validated);

class WebhookConnector : public Connector {
 public:
  // Checks every URL and decodes every secret (reading secret_env now), so a missing or
  // bad secret fails the config load instead of every delivery. nullptr with *error.
  static std::unique_ptr<WebhookConnector> Create(WebhookConfig config, FeedStore* feed,
                                                 ConnectorStateStore* state, Status* error);

  DeliveryResult Deliver(const DeliveryRequest& req) override;
  // Tells every endpoint the post was taken down ("post.removed"); best effort.
  Status Remove(const std::string& share_id, const std::string& remote_id) override;

 private:
  struct Endpoint {
    std::string url;
    std::string key;  // raw HMAC key, decoded from the whsec_ secret
  };
  struct EndpointOutcome;

  WebhookConnector(WebhookConfig config, std::vector<Endpoint> endpoints, FeedStore* feed,
                   ConnectorStateStore* state);
  json Payload(const DeliveryRequest& req) const;
  EndpointOutcome Send(const Endpoint& ep, const std::string& msg_id, const std::string& body) const;

  WebhookConfig config_;
  std::vector<Endpoint> endpoints_;
  FeedStore* feed_;
  connector_common::DurableDeliveryState accepted_;  // key: delivery id + "|" + URL
};

}  // namespace postern::webhook
