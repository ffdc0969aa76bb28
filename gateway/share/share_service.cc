#include "gateway/share/share_service.h"

#include <algorithm>
#include <chrono>

#include "gateway/base/log.h"
#include "gateway/base/util.h"

namespace postern {

ShareService::ShareService(ShareStore* shares, DeliveryWorker* delivery, Metrics* metrics,
                           RuntimeSource runtime, RateLimiter* limiter)
    : shares_(shares), delivery_(delivery), metrics_(metrics), runtime_(std::move(runtime)), limiter_(limiter) {}

void ShareService::EnforceLimits(const Config& config, const ShareSubmission& sub) {
  if (!limiter_) return;
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch()).count();
  const std::pair<const char*, std::pair<const RateRule*, const std::string*>> scopes[] = {
      {"key", {&config.limit_per_key, &sub.actor}}, {"user", {&config.limit_per_user, &sub.input.user_id}}};
  for (const auto& [scope, rule_and_id] : scopes) {
    const RateRule& rule = *rule_and_id.first;
    if (rule.shares <= 0) continue;
    RateVerdict v;
    Status st = limiter_->Take(scope, *rule_and_id.second, rule, now_ms, &v);
    if (!st.ok()) {
      // The limit cannot be known: the config says whether to serve or refuse.
      const bool allow = config.redis_error_allows;
      metrics_->Inc("postern_rate_limit_errors_total", {{"outcome", allow ? "allowed" : "denied"}});
      LogJson(spdlog::level::warn, {{"event", "rate_limit_unavailable"}, {"limiter", limiter_->kind()},
                                    {"error", st.ToString()}, {"outcome", allow ? "allowed" : "denied"}});
      if (allow) continue;
      throw CallerError{503, "rate_limit_unavailable", "the rate limit cannot be checked now; try again", 1};
    }
    if (v.allowed) continue;
    metrics_->Inc("postern_rate_limited_total", {{"scope", scope}});
    LogJson(spdlog::level::info, {{"event", "rate_limited"}, {"scope", scope}, {"id", *rule_and_id.second},
                                  {"retry_after_s", v.retry_after_s}});
    throw CallerError{429, "rate_limited",
                      std::string("this ") + scope + " may share " + std::to_string(rule.shares) + " images per " +
                          std::to_string(rule.per_s) + " s; try again in " + std::to_string(v.retry_after_s) + " s",
                      static_cast<int>(v.retry_after_s)};
  }
}

Status ShareService::Get(const std::string& share_id, ShareRecord* out) {
  return shares_->GetShare(share_id, out);
}

Status ShareService::Replay(const std::string& key, const std::string& body_hash, ShareRecord* out,
                            bool* found) {
  std::string prev_hash, share_id;
  Status st = shares_->GetIdempotent(key, found, &prev_hash, &share_id);
  if (!st.ok() || !*found) return st;
  if (prev_hash != body_hash)
    return Status::IdempotencyConflict("this Idempotency-Key was used with a different request body");
  return shares_->GetShare(share_id, out);
}

Status ShareService::Submit(ShareSubmission sub, ShareRecord* out, bool* replayed) {
  *replayed = false;
  const auto rt = runtime_();
  if (!sub.idempotency_key.empty()) {
    Status st = Replay(sub.idempotency_key, sub.body_hash, out, replayed);
    if (!st.ok() || *replayed) return st;
  }
  std::vector<std::string> destinations;
  for (const auto& d : sub.destinations.empty() ? rt->config.default_destinations : sub.destinations) {
    if (!rt->connectors->count(d))
      return Status::InvalidArgument("\"" + d + "\" is not an enabled destination");
    if (std::find(destinations.begin(), destinations.end(), d) == destinations.end())
      destinations.push_back(d);
  }

  EnforceLimits(rt->config, sub);  // before the image costs anything
  sub.input.share_id = NewId("shr_");
  const std::string sha = Sha256Hex(sub.image_bytes);
  auto image = std::make_shared<ImageAnalysis>(std::move(sub.image_bytes), sha);
  const auto start = std::chrono::steady_clock::now();
  const Pipeline::Outcome outcome = rt->pipeline->Run(sub.input, image, metrics_);  // may throw CallerError
  const double total_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  ShareWrite w;
  ShareRecord& s = w.share;
  s.id = sub.input.share_id;
  s.user_id = sub.input.user_id;
  s.prompt = sub.input.prompt;
  s.caption = sub.input.caption;
  s.metadata = sub.input.metadata;
  s.image_sha256 = image->sha256();
  s.content_type = image->header().content_type;
  s.decision = outcome.decision;
  s.reasons = outcome.reasons;
  s.checks = outcome.checks;
  s.destinations = destinations;
  s.config_hash = rt->config.hash;
  s.created_at = NowSeconds();
  w.image_bytes = image->bytes();
  // The rule of the share path: approved posts go out, everything else to people.
  if (s.decision == Decision::kApproved) {
    w.deliver_to = destinations;
  } else {
    w.queue_for_review = true;
    w.review_source = s.decision == Decision::kHeld ? ReviewSource::kHeld : ReviewSource::kRejected;
  }
  w.idempotency_key = sub.idempotency_key;
  w.body_hash = sub.body_hash;

  Status st = shares_->InsertShare(w);
  if (st.code() == StatusCode::kIdempotencyConflict) {
    // A concurrent request with the same key won the race: answer as its replay.
    Status replay = Replay(sub.idempotency_key, sub.body_hash, out, replayed);
    if (!replay.ok() || *replayed) return replay;
  }
  if (!st.ok()) return st.WithContext("the decision could not be stored");

  metrics_->Inc("postern_share_decisions_total", {{"decision", EnumName(s.decision)}});
  json verdicts = json::array();
  for (const auto& c : s.checks)
    verdicts.push_back({{"plugin", c.plugin}, {"verdict", EnumName(c.verdict)}, {"mode", EnumName(c.mode)},
                        {"code", c.code}, {"ms", c.ms}});
  LogJson(spdlog::level::info,
          {{"event", "decision"}, {"share_id", s.id}, {"user_id", s.user_id}, {"decision", EnumName(s.decision)},
           {"reasons", s.reasons}, {"config_hash", s.config_hash}, {"image_sha256", s.image_sha256},
           {"ms", total_ms}, {"actor", sub.actor}, {"checks", verdicts}});

  if (s.decision == Decision::kApproved) delivery_->DeliverInline(s.id);
  Status read = shares_->GetShare(s.id, out);
  if (read.ok()) return read;
  // The decision is committed: a failed read-back (storage lost just now) must not tell the
  // caller it was not stored. Answer from what was written; its deliveries are still pending.
  LogJson(spdlog::level::warn, {{"event", "share_read_back_failed"}, {"share_id", s.id}, {"error", read.ToString()}});
  for (const auto& d : w.deliver_to) {
    DeliveryRecord r;
    r.share_id = s.id;
    r.destination = d;
    r.created_at = r.updated_at = r.next_attempt_at = s.created_at;
    s.deliveries.push_back(std::move(r));
  }
  s.updated_at = s.created_at;
  *out = std::move(s);
  return Status::OK();
}

}  // namespace postern
