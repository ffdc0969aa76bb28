// The webhook connector's config schema (the only place its defaults live), its typed
// form, and its registered factory.
#include "connectors/webhook/webhook.h"

namespace postern::webhook {

ConfigSchema WebhookSchema() {
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

WebhookConfig ParseWebhookConfig(const json& validated) {
  WebhookConfig c;
  for (const json& e : validated.at("endpoints")) {
    c.endpoints.push_back({e.at("url").get<std::string>(), e.at("secret").get<std::string>(),
                           e.at("secret_env").get<std::string>()});
  }
  c.connect_timeout_ms = validated.at("connect_timeout_ms").get<long>();
  c.timeout_ms = validated.at("timeout_ms").get<long>();
  c.max_retry_after_s = validated.at("max_retry_after_s").get<int>();
  c.event_type = validated.at("event_type").get<std::string>();
  return c;
}

namespace {

class WebhookFactory : public ConnectorFactory {
 public:
  std::string name() const override { return "webhook"; }
  ConfigSchema schema() const override { return WebhookSchema(); }
  std::unique_ptr<Connector> Create(const json& config, const ConnectorDeps& deps,
                                    Status* error) const override {
    return WebhookConnector::Create(ParseWebhookConfig(config), deps.feed, deps.state, error);
  }
};

POSTERN_REGISTER_CONNECTOR(WebhookFactory);

}  // namespace
}  // namespace postern::webhook
