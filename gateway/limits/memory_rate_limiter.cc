#include <map>
#include <mutex>

#include "gateway/limits/rate_limiter.h"

namespace postern {
namespace {

class MemoryRateLimiter : public RateLimiter {
 public:
  Status Take(const std::string& scope, const std::string& id, const RateRule& rule, int64_t now_ms,
              RateVerdict* out) override {
    const int64_t window_ms = rule.per_s * 1000;
    const int64_t window = now_ms / window_ms;
    std::lock_guard<std::mutex> lock(mu_);
    if (counts_.size() > kMaxIds) DropOldWindows(now_ms);
    Count& c = counts_[scope + '\n' + id];
    if (c.window != window || c.window_ms != window_ms) c = {window, window_ms, 0};
    ++c.taken;
    out->allowed = c.taken <= rule.shares;
    out->retry_after_s = out->allowed ? 0 : std::max<int64_t>(1, ((window + 1) * window_ms - now_ms + 999) / 1000);
    return Status::OK();
  }
  const char* kind() const override { return "memory"; }

 private:
  static constexpr size_t kMaxIds = 100000;
  struct Count {
    int64_t window = 0, window_ms = 0, taken = 0;
  };
  // Ids whose window has ended count from zero anyway: forgetting them changes nothing.
  void DropOldWindows(int64_t now_ms) {
    for (auto it = counts_.begin(); it != counts_.end();)
      it = it->second.window != now_ms / it->second.window_ms ? counts_.erase(it) : std::next(it);
  }
  std::mutex mu_;
  std::map<std::string, Count> counts_;
};

}  // namespace

std::unique_ptr<RateLimiter> NewMemoryRateLimiter() { return std::make_unique<MemoryRateLimiter>(); }

bool ParseRedisUrl(const std::string& url, std::string* host, int* port) {
  const std::string scheme = "redis://";
  if (url.compare(0, scheme.size(), scheme) != 0) return false;
  std::string rest = url.substr(scheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  *port = 6379;
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    const std::string p = rest.substr(colon + 1);
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
    *port = std::stoi(p);
    if (*port < 1 || *port > 65535) return false;
    rest = rest.substr(0, colon);
  }
  if (rest.empty() || rest.find_first_of("/@?# ") != std::string::npos) return false;
  *host = rest;
  return true;
}

}  // namespace postern
