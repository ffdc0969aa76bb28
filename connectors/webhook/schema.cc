#include "connectors/webhook/schema.h"

#include <cstdlib>

#include "connectors/webhook/signer.h"

namespace postern::webhook {

ConfigSchema Schema() {
  using T = FieldType;
  ConfigField endpoints{"endpoints", T::kObjectList, nullptr, {}, {}, {},
                        "receivers; each gets every approved post, signed with its own secret"};
  endpoints.fields = {
      {"url", T::kString, nullptr, {}, {}, {}, "http(s) URL that receives the POST"},
      {"secret", T::kString, "", {}, {}, {}, "whsec_<base64> signing secret (or use secret_env)"},
      {"secret_env", T::kString, "", {}, {}, {}, "environment variable holding the secret"},
  };
  return {
      endpoints,
      {"connect_timeout_ms", T::kInt, 2000, 50, 60000, {}, "TCP/TLS connect timeout per call"},
      {"timeout_ms", T::kInt, 10000, 100, 120000, {}, "whole-call timeout per endpoint"},
      {"max_retry_after_s", T::kInt, 86400, 0, 604800, {}, "cap on a receiver's Retry-After"},
      {"event_type", T::kString, "post.approved", {}, {}, {}, "the payload's \"type\""},
  };
}

Status ParseConfig(const json& config, WebhookConfig* out) {
  out->connect_timeout_ms = config.value("connect_timeout_ms", 2000);
  out->timeout_ms = config.value("timeout_ms", 10000);
  out->max_retry_after_s = config.value("max_retry_after_s", 86400);
  out->event_type = config.value("event_type", "post.approved");
  const json& eps = config.contains("endpoints") ? config["endpoints"] : json::array();
  if (eps.empty()) return Status::InvalidConfig("endpoints: at least one endpoint is required");
  for (size_t i = 0; i < eps.size(); ++i) {
    const std::string at = "endpoints[" + std::to_string(i) + "]";
    Endpoint e;
    e.url = eps[i].value("url", "");
    if (e.url.rfind("http://", 0) != 0 && e.url.rfind("https://", 0) != 0)
      return Status::InvalidConfig(at + ".url: must start with http:// or https://");
    std::string secret = eps[i].value("secret", "");
    const std::string env = eps[i].value("secret_env", "");
    if (!secret.empty() && !env.empty())
      return Status::InvalidConfig(at + ": set secret or secret_env, not both");
    if (!env.empty()) {
      const char* v = std::getenv(env.c_str());
      if (!v || !*v) return Status::InvalidConfig(at + ".secret_env: $" + env + " is not set");
      secret = v;
    }
    if (secret.empty()) return Status::InvalidConfig(at + ": secret or secret_env is required");
    std::string error;
    if (!ParseSecret(secret, &e.key, &error)) return Status::InvalidConfig(at + ".secret: " + error);
    out->endpoints.push_back(std::move(e));
  }
  return Status::OK();
}

}  // namespace postern::webhook
