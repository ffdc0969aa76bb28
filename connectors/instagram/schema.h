// The Instagram connector's declared config and its typed form.
#pragma once

#include <string>

#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern::instagram {

struct InstagramConfig {
  std::string graph_base_url;
  std::string ig_user_id;
  std::string access_token;      // from the environment only; never logged
  long connect_timeout_ms = 3000;
  long timeout_ms = 20000;
  long poll_initial_ms = 1000;
  long poll_max_interval_ms = 10000;
  long poll_budget_ms = 30000;
  bool check_quota = true;
  int quota_retry_after_s = 3600;
  int rate_limit_retry_after_s = 300;
  std::string alt_text;          // "prompt" | "caption" | "none"
};

ConfigSchema Schema();
// Typed config from a validated one; reads the token and user id from the
// environment now, so a missing secret fails the config load.
Status ParseConfig(const json& config, InstagramConfig* out);

}  // namespace postern::instagram
