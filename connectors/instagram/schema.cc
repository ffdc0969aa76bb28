#include "connectors/instagram/schema.h"

#include <cstdlib>

namespace postern::instagram {

ConfigSchema Schema() {
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

Status ParseConfig(const json& c, InstagramConfig* out) {
  out->graph_base_url = c.value("graph_base_url", "https://graph.facebook.com/v21.0");
  while (!out->graph_base_url.empty() && out->graph_base_url.back() == '/') out->graph_base_url.pop_back();
  if (out->graph_base_url.rfind("http://", 0) != 0 && out->graph_base_url.rfind("https://", 0) != 0)
    return Status::InvalidConfig("graph_base_url: must start with http:// or https://");
  out->ig_user_id = c.value("ig_user_id", "");
  const std::string user_env = c.value("ig_user_id_env", "IG_USER_ID");
  if (out->ig_user_id.empty() && !user_env.empty()) {
    const char* v = std::getenv(user_env.c_str());
    if (v) out->ig_user_id = v;
  }
  if (out->ig_user_id.empty())
    return Status::InvalidConfig("ig_user_id: set it or $" + user_env);
  for (char ch : out->ig_user_id)
    if (!isalnum(static_cast<unsigned char>(ch)) && ch != '_')
      return Status::InvalidConfig("ig_user_id: must be letters, digits or _");
  const std::string token_env = c.value("access_token_env", "IG_ACCESS_TOKEN");
  const char* token = token_env.empty() ? nullptr : std::getenv(token_env.c_str());
  if (!token || !*token)
    return Status::InvalidConfig("access_token_env: $" + token_env + " is not set");
  out->access_token = token;
  out->connect_timeout_ms = c.value("connect_timeout_ms", 3000);
  out->timeout_ms = c.value("timeout_ms", 20000);
  out->poll_initial_ms = c.value("poll_initial_ms", 1000);
  out->poll_max_interval_ms = c.value("poll_max_interval_ms", 10000);
  out->poll_budget_ms = c.value("poll_budget_ms", 30000);
  out->check_quota = c.value("check_quota", true);
  out->quota_retry_after_s = c.value("quota_retry_after_s", 3600);
  out->rate_limit_retry_after_s = c.value("rate_limit_retry_after_s", 300);
  out->alt_text = c.value("alt_text", "prompt");
  return Status::OK();
}

}  // namespace postern::instagram
