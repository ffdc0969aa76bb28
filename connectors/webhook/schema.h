// The webhook connector's declared config and its typed form.
#pragma once

#include <string>
#include <vector>

#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern::webhook {

struct Endpoint {
  std::string url;
  std::string key;   // raw HMAC key, decoded from the whsec_ secret
};

struct WebhookConfig {
  std::vector<Endpoint> endpoints;
  long connect_timeout_ms = 2000;
  long timeout_ms = 10000;
  int max_retry_after_s = 86400;
  std::string event_type;
};

ConfigSchema Schema();
// Builds the typed config from a validated one; reads `secret_env` variables now, so
// a missing secret fails the config load instead of every delivery.
Status ParseConfig(const json& config, WebhookConfig* out);

}  // namespace postern::webhook
