// The Instagram connector: publishes an approved post with the Graph API
// content-publishing flow: create a media container from our public image URL, wait for
// it to finish, publish it. The container id (and then the media id) is kept per
// delivery in the Store (connector_common::DurableDeliveryState), so a retry after a
// lost publish answer, even after a restart, finds the container PUBLISHED instead of
// posting a second time.
#pragma once

#include <memory>
#include <string>

#include "connectors/common/delivery_state.h"
#include "connectors/instagram/graph_client.h"
#include "gateway/connector.h"
#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern::instagram {

// The config as written; defaults live in InstagramSchema() only. The token never
// appears here: only the name of the variable that holds it.
struct InstagramConfig {
  std::string graph_base_url;
  std::string ig_user_id;        // "" when ig_user_id_env names it
  std::string ig_user_id_env;
  std::string access_token_env;
  long connect_timeout_ms;
  long timeout_ms;
  long poll_initial_ms;
  long poll_max_interval_ms;
  long poll_budget_ms;
  bool check_quota;
  int quota_retry_after_s;
  int rate_limit_retry_after_s;
  std::string alt_text;          // "prompt" | "caption" | "none"
};

ConfigSchema InstagramSchema();
// The typed form of a config that ValidateConfig(InstagramSchema()) accepted.
InstagramConfig ParseInstagramConfig(const json& validated);

class InstagramConnector : public Connector {
 public:
  // Checks the Graph API URL and reads the account id and token from the environment
  // now, so a missing secret fails the config load instead of every delivery. nullptr
  // with *error.
  static std::unique_ptr<InstagramConnector> Create(InstagramConfig config, ConnectorStateStore* store, Status* error);

  DeliveryResult Deliver(const DeliveryRequest& req) override;

 private:
  InstagramConnector(InstagramConfig config, GraphAccess access, std::string ig_user_id, ConnectorStateStore* store);

  DeliveryResult Failed(const GraphReply& g, const std::string& delivery_id);
  bool QuotaLeft(DeliveryResult* r);
  bool CreateContainer(const DeliveryRequest& req, std::string* id, DeliveryResult* r);
  bool ContainerStatus(const std::string& container, std::string* status, DeliveryResult* r);
  bool WaitFinished(const std::string& delivery_id, const std::string& container, DeliveryResult* r);
  DeliveryResult Publish(const std::string& delivery_id, const std::string& container);
  void Forget(const std::string& delivery_id);

  InstagramConfig config_;
  std::string ig_user_id_;  // resolved from the config or its environment variable
  GraphClient graph_;
  connector_common::DurableDeliveryState state_;  // key: delivery id
};

}  // namespace postern::instagram
