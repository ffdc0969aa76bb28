// Config: the one admin file (YAML). Loading validates everything, including each
// plugin's and connector's declared schema, before anything runs; every error names
// its YAML path (e.g. "plugins[1].config.threshold: 2 is outside [0, 1]").
#pragma once

#include <string>
#include <vector>

#include "gateway/limits/rate_limiter.h"
#include "gateway/paths.h"
#include "gateway/schema.h"
#include "gateway/status.h"
#include "gateway/store/records.h"

namespace postern {

struct PluginConfig {
  std::string name;
  bool enabled = true;
  CheckMode mode = CheckMode::kEnforce;
  OnError on_error = OnError::kHold;
  int timeout_ms = 2000;
  json config = json::object();   // validated against the plugin's schema, defaults filled
};

struct ConnectorConfig {
  std::string name;
  bool enabled = true;
  json config = json::object();
};

struct AuthKey {
  std::string name;
  std::string role;    // product | reviewer | curator | admin
  std::string sha256;  // hex digest of the bearer key
};

struct Config {
  std::string path;        // file it came from
  std::string dir;         // its directory, for relative paths
  std::string hash;        // SHA-256 of the file's bytes: decision provenance
  std::string host = "127.0.0.1";
  int port = 8080;
  int64_t max_body_bytes = 16 << 20;
  int workers = 2;              // check worker threads
  int queue_depth = 64;         // queued shares beyond which we answer 503
  std::string public_base_url;  // defaults to http://host:port
  std::string assets_dir;       // fetched models and lists
  std::string sqlite_path = "var/postern.db";  // empty when postgres_dsn is set
  std::string postgres_dsn;     // non-empty: storage.postgres is the backend
  int postgres_pool_size = 0;  // storage.postgres.pool_size (its default is in the schema)
  std::vector<AuthKey> keys;
  std::vector<PluginConfig> plugins;
  std::vector<ConnectorConfig> connectors;
  std::vector<std::string> default_destinations{"showcase"};
  StrikePolicy strikes;
  int claim_ttl_s = 900;                 // a reviewer's claim lapses after this
  std::vector<std::string> reason_codes; // allowed reason codes for decisions (empty: any)
  int reports_to_hide = 3;               // distinct reporters that take a post off the feed
  int delivery_workers = 2;
  int delivery_max_attempts = 12;
  int delivery_max_age_s = 86400;
  int delivery_base_backoff_s = 2;
  int delivery_max_backoff_s = 3600;
  std::string web_dir;          // pages served at /showcase, /curate and /web/
  RateRule limit_per_user;      // shares per window per user_id (shares 0: none)
  RateRule limit_per_key;       // shares per window per API key
  std::string redis_host;       // empty: limits are counted in this process
  int redis_port = 6379;
  int redis_timeout_ms = 50;
  bool redis_error_allows = true;  // limits.on_redis_error: allow (true) or deny
};

// Reads and validates `path`. On failure returns an error and fills *errors with
// one "path: problem" line each; *out is untouched.
Status LoadConfig(const std::string& path, Config* out, std::vector<std::string>* errors);

// Same, from YAML text (for tests and reload); `path` is used for relative paths.
Status ParseConfig(const std::string& yaml_text, const std::string& path, Config* out,
                   std::vector<std::string>* errors);

}  // namespace postern
