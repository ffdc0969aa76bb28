// Rate limits on shares, per user and per API key: a fixed window of per_s seconds in
// which at most `shares` are accepted. In-process on the embedded default; in Redis
// (one atomic script per share) when several instances must hold one limit together.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gateway/status.h"

namespace postern {

struct RateRule {
  int64_t shares = 0;  // accepted per window; 0 = no limit
  int64_t per_s = 60;  // window length
};

struct RateVerdict {
  bool allowed = true;
  int64_t retry_after_s = 0;  // when refused: seconds until the window ends (>= 1)
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Counts one share of `id` in `scope` ("user", "key") at now_ms against `rule`.
  // kUnavailable when the shared counter cannot be reached in time (Redis down or slow);
  // the caller decides then (limits.on_redis_error).
  virtual Status Take(const std::string& scope, const std::string& id, const RateRule& rule, int64_t now_ms,
                      RateVerdict* out) = 0;
  // "memory" or "redis", for logs and metrics.
  virtual const char* kind() const = 0;
};

// Counts in this process's memory (bounded: old windows are dropped past 100k ids).
std::unique_ptr<RateLimiter> NewMemoryRateLimiter();

// Counts in Redis at host:port; each call waits at most timeout_ms. Never fails to
// build: an unreachable Redis shows as kUnavailable from Take.
std::unique_ptr<RateLimiter> NewRedisRateLimiter(const std::string& host, int port, int timeout_ms);

// "redis://host:port" (port optional, 6379): false for anything else.
bool ParseRedisUrl(const std::string& url, std::string* host, int* port);

}  // namespace postern
