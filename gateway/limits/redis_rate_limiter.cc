#include <hiredis/hiredis.h>

#include <chrono>
#include <mutex>
#include <vector>

#include "gateway/limits/rate_limiter.h"

namespace postern {
namespace {

// One round trip, atomic in Redis: count this share in its window and start the
// window's expiry on the first one, so the keys clean themselves up.
constexpr char kTakeScript[] =
    "local n = redis.call('INCR', KEYS[1]) "
    "if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
    "return n";

class RedisRateLimiter : public RateLimiter {
 public:
  RedisRateLimiter(std::string host, int port, int timeout_ms)
      : host_(std::move(host)), port_(port), timeout_ms_(timeout_ms) {}
  ~RedisRateLimiter() override {
    for (redisContext* c : idle_) redisFree(c);
  }

  Status Take(const std::string& scope, const std::string& id, const RateRule& rule, int64_t now_ms,
              RateVerdict* out) override {
    const int64_t window_ms = rule.per_s * 1000;
    const int64_t window = now_ms / window_ms;
    const std::string key = "postern:rate:" + scope + ":" + std::to_string(rule.per_s) + ":" +
                            std::to_string(window) + ":" + id;
    redisContext* c = Acquire();
    if (!c) return Status::Unavailable("redis " + host_ + ":" + std::to_string(port_) + " unreachable");
    const std::string ttl = std::to_string(window_ms + 1000);
    // %b: binary-safe arguments, so an id can never change the command.
    auto* reply = static_cast<redisReply*>(redisCommand(c, "EVAL %s 1 %b %b", kTakeScript, key.data(), key.size(),
                                                        ttl.data(), ttl.size()));
    if (!reply) {
      const std::string why = c->errstr;
      redisFree(c);  // a broken connection is never reused
      return Status::Unavailable("redis: " + why);
    }
    const bool ok = reply->type == REDIS_REPLY_INTEGER;
    const long long n = ok ? reply->integer : 0;
    const std::string err = reply->type == REDIS_REPLY_ERROR ? std::string(reply->str, reply->len) : "unexpected reply";
    freeReplyObject(reply);
    Release(c);
    if (!ok) return Status::Unavailable("redis: " + err);
    out->allowed = n <= rule.shares;
    out->retry_after_s = out->allowed ? 0 : std::max<int64_t>(1, ((window + 1) * window_ms - now_ms + 999) / 1000);
    return Status::OK();
  }
  const char* kind() const override { return "redis"; }

 private:
  redisContext* Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        redisContext* c = idle_.back();
        idle_.pop_back();
        return c;
      }
      // After a failed connect, wait a little before the next try: a down Redis must
      // cost each share nothing, not a connect timeout.
      if (Now() < retry_at_ms_) return nullptr;
    }
    const timeval tv{timeout_ms_ / 1000, (timeout_ms_ % 1000) * 1000};
    redisContext* c = redisConnectWithTimeout(host_.c_str(), port_, tv);
    if (!c || c->err) {
      if (c) redisFree(c);
      std::lock_guard<std::mutex> lock(mu_);
      retry_at_ms_ = Now() + 500;
      return nullptr;
    }
    redisSetTimeout(c, tv);
    return c;
  }
  void Release(redisContext* c) {
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.size() < 16) idle_.push_back(c);
    else redisFree(c);
  }
  static int64_t Now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  const std::string host_;
  const int port_;
  const int timeout_ms_;
  std::mutex mu_;
  std::vector<redisContext*> idle_;
  int64_t retry_at_ms_ = 0;
};

}  // namespace

std::unique_ptr<RateLimiter> NewRedisRateLimiter(const std::string& host, int port, int timeout_ms) {
  return std::make_unique<RedisRateLimiter>(host, port, timeout_ms);
}

}  // namespace postern
