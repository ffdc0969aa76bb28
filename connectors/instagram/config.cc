// The Instagram connector's config schema (the only place its defaults live), its typed
// form, and its registered factory.
#include "connectors/instagram/instagram.h"

namespace postern::instagram {

ConfigSchema InstagramSchema() {
  using T = FieldType;
  return {
      {"graph_base_url", T::kString, "https://graph.facebook.com/v21.0", {}, {}, {},
       "Graph API root, version included"},
      {"ig_user_id", T::kString, "", {}, {}, {}, "Instagram professional account id (or ig_user_id_env)"},
      {"ig_user_id_env", T::kString, "IG_USER_ID", {}, {}, {}, "environment variable with the account id"},
      {"access_token_env", T::kString, "IG_ACCESS_TOKEN", {}, {}, {},
       "environment variable with the access token (never put the token in config)"},
      {"connect_timeout_ms", T::kInt, 3000, 50, 60000, {}, "connect timeout per Graph API call"},
      {"timeout_ms", T::kInt, 20000, 100, 120000, {}, "whole-call timeout per Graph API call"},
      {"poll_initial_ms", T::kInt, 1000, 10, 60000, {}, "first wait before asking a container's status"},
      {"poll_max_interval_ms", T::kInt, 10000, 10, 300000, {}, "longest wait between status polls"},
      {"poll_budget_ms", T::kInt, 30000, 0, 600000, {},
       "how long one attempt waits for a container; then retry later with the same container"},
      {"check_quota", T::kBool, true, {}, {}, {}, "read content_publishing_limit before publishing"},
      {"quota_retry_after_s", T::kInt, 3600, 1, 86400, {}, "retry delay when the 24-hour quota is used up"},
      {"rate_limit_retry_after_s", T::kInt, 300, 1, 86400, {},
       "retry delay on rate limits when Meta does not estimate one"},
      {"alt_text", T::kString, "prompt", {}, {}, {"prompt", "caption", "none"},
       "what to send as the image's alt text"},
  };
}

InstagramConfig ParseInstagramConfig(const json& v) {
  InstagramConfig c;
  c.graph_base_url = v.at("graph_base_url").get<std::string>();
  c.ig_user_id = v.at("ig_user_id").get<std::string>();
  c.ig_user_id_env = v.at("ig_user_id_env").get<std::string>();
  c.access_token_env = v.at("access_token_env").get<std::string>();
  c.connect_timeout_ms = v.at("connect_timeout_ms").get<long>();
  c.timeout_ms = v.at("timeout_ms").get<long>();
  c.poll_initial_ms = v.at("poll_initial_ms").get<long>();
  c.poll_max_interval_ms = v.at("poll_max_interval_ms").get<long>();
  c.poll_budget_ms = v.at("poll_budget_ms").get<long>();
  c.check_quota = v.at("check_quota").get<bool>();
  c.quota_retry_after_s = v.at("quota_retry_after_s").get<int>();
  c.rate_limit_retry_after_s = v.at("rate_limit_retry_after_s").get<int>();
  c.alt_text = v.at("alt_text").get<std::string>();
  return c;
}

namespace {

class InstagramFactory : public ConnectorFactory {
 public:
  std::string name() const override { return "instagram"; }
  ConfigSchema schema() const override { return InstagramSchema(); }
  std::unique_ptr<Connector> Create(const json& config, const ConnectorDeps& deps,
                                    Status* error) const override {
    return InstagramConnector::Create(ParseInstagramConfig(config), deps.state, error);
  }
};

POSTERN_REGISTER_CONNECTOR(InstagramFactory);

}  // namespace
}  // namespace postern::instagram
