#include "connectors/webhook/webhook.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "connectors/common/http_client.h"
#include "connectors/webhook/signer.h"
#include "gateway/base/util.h"
#include "gateway/store/store.h"

namespace postern::webhook {

using connector_common::HttpCall;
using connector_common::HttpReply;
using connector_common::RedactUrl;

// One endpoint's answer, reduced to what the delivery needs.
struct WebhookConnector::EndpointOutcome {
  enum class Kind { kAccepted, kRetry, kRejected } kind;
  std::string reason;
  int retry_after_s = -1;
};

namespace {

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

std::unique_ptr<WebhookConnector> WebhookConnector::Create(WebhookConfig config, FeedStore* feed,
                                                           ConnectorStateStore* state,
                                                           Status* error) {
  if (config.endpoints.empty()) {
    *error = Status::InvalidConfig("endpoints: at least one endpoint is required");
    return nullptr;
  }
  std::vector<Endpoint> endpoints;
  for (size_t i = 0; i < config.endpoints.size(); ++i) {
    const WebhookEndpointConfig& ec = config.endpoints[i];
    const std::string at = "endpoints[" + std::to_string(i) + "]";
    auto fail = [&](const std::string& message) {
      *error = Status::InvalidConfig(at + message);
      return nullptr;
    };
    if (ec.url.rfind("http://", 0) != 0 && ec.url.rfind("https://", 0) != 0)
      return fail(".url: must start with http:// or https://");
    if (!ec.secret.empty() && !ec.secret_env.empty()) return fail(": set secret or secret_env, not both");
    std::string secret = ec.secret;
    if (!ec.secret_env.empty()) {
      const char* v = std::getenv(ec.secret_env.c_str());
      if (!v || !*v) return fail(".secret_env: $" + ec.secret_env + " is not set");
      secret = v;
    }
    if (secret.empty()) return fail(": secret or secret_env is required");
    Endpoint e{ec.url, ""};
    std::string why;
    if (!ParseSecret(secret, &e.key, &why)) return fail(".secret: " + why);
    endpoints.push_back(std::move(e));
  }
  return std::unique_ptr<WebhookConnector>(
      new WebhookConnector(std::move(config), std::move(endpoints), feed, state));
}

WebhookConnector::WebhookConnector(WebhookConfig config, std::vector<Endpoint> endpoints, FeedStore* feed,
                                   ConnectorStateStore* state)
    : config_(std::move(config)), endpoints_(std::move(endpoints)), feed_(feed), accepted_("webhook", state) {}

DeliveryResult WebhookConnector::Deliver(const DeliveryRequest& req) {
  const std::string body = Payload(req).dump();
  std::vector<std::string> retry_reasons, rejected_reasons;
  int retry_after = -1;
  bool retry_without_hint = false;
  for (const auto& ep : endpoints_) {
    const std::string key = req.delivery_id + "|" + ep.url;
    json seen;
    if (accepted_.Get(key, &seen)) continue;  // accepted on an earlier attempt
    EndpointOutcome o = Send(ep, req.delivery_id, body);
    const std::string where = RedactUrl(ep.url) + ": " + o.reason;
    if (o.kind == EndpointOutcome::Kind::kAccepted) {
      accepted_.Put(key, {{"accepted_at", NowSeconds()}});
    } else if (o.kind == EndpointOutcome::Kind::kRetry) {
      retry_reasons.push_back(where);
      if (o.retry_after_s < 0) retry_without_hint = true;
      else retry_after = retry_after < 0 ? o.retry_after_s : std::min(retry_after, o.retry_after_s);
    } else {
      rejected_reasons.push_back(where);
    }
  }
  if (!retry_reasons.empty()) {
    // Rejecting endpoints are asked again next time too: cheap, and a receiver fix
    // then needs no operator action while others are still retrying.
    std::vector<std::string> all = retry_reasons;
    all.insert(all.end(), rejected_reasons.begin(), rejected_reasons.end());
    return DeliveryResult::Retry(Join(all), retry_without_hint ? -1 : retry_after);
  }
  if (!rejected_reasons.empty()) return DeliveryResult::Permanent(Join(rejected_reasons));
  for (const auto& ep : endpoints_) accepted_.Erase(req.delivery_id + "|" + ep.url);
  return DeliveryResult::Delivered(req.delivery_id, "");
}

Status WebhookConnector::Remove(const std::string& share_id, const std::string& remote_id) {
  json j = {{"type", "post.removed"},
            {"timestamp", IsoTime(NowSeconds())},
            {"data", {{"share_id", share_id}, {"delivery_id", remote_id}}}};
  const std::string body = j.dump();
  std::vector<std::string> failed;
  for (const auto& ep : endpoints_) {
    EndpointOutcome o = Send(ep, "rm_" + share_id, body);
    if (o.kind != EndpointOutcome::Kind::kAccepted) failed.push_back(RedactUrl(ep.url) + ": " + o.reason);
  }
  if (!failed.empty()) return Status::IOError(Join(failed));
  return Status::OK();
}

json WebhookConnector::Payload(const DeliveryRequest& req) const {
  json post_id = nullptr;
  FeedPost post;
  if (feed_ && feed_->GetFeedPostByShare(req.share_id, &post).ok()) post_id = post.id;
  // Only fields of the post itself, so every attempt sends the same bytes.
  return {{"type", config_.event_type},
          {"timestamp", req.created_at},
          {"data",
           {{"share_id", req.share_id},
            {"post_id", post_id},
            {"image_url", req.image_url},
            {"caption", req.caption},
            {"user_id", req.user_id},
            {"created_at", req.created_at}}}};
}

WebhookConnector::EndpointOutcome WebhookConnector::Send(const Endpoint& ep, const std::string& msg_id,
                                                         const std::string& body) const {
  const int64_t ts = static_cast<int64_t>(std::time(nullptr));
  HttpCall call;
  call.method = "POST";
  call.url = ep.url;
  call.body = body;
  call.connect_timeout_ms = config_.connect_timeout_ms;
  call.timeout_ms = config_.timeout_ms;
  call.max_response_bytes = 64 * 1024;
  call.headers = {"Content-Type: application/json", "webhook-id: " + msg_id,
                  "webhook-timestamp: " + std::to_string(ts),
                  "webhook-signature: " + Sign(ep.key, msg_id, ts, body)};
  HttpReply r = connector_common::Perform(call);
  if (!r.transport_ok) {
    if (r.bad_url) return {EndpointOutcome::Kind::kRejected, "bad URL: " + r.error};
    return {EndpointOutcome::Kind::kRetry, (r.timed_out ? "timed out: " : "no answer: ") + r.error};
  }
  const std::string status = "HTTP " + std::to_string(r.status);
  if (r.status >= 200 && r.status < 300) return {EndpointOutcome::Kind::kAccepted, status};
  if (r.status == 408 || r.status == 429 || r.status >= 500) {
    return {EndpointOutcome::Kind::kRetry, status,
            connector_common::ParseRetryAfter(r.Header("retry-after"), ts, config_.max_retry_after_s)};
  }
  // Other 4xx (and 1xx/3xx: redirects are not followed) will not change by retrying.
  return {EndpointOutcome::Kind::kRejected, status};
}

}  // namespace postern::webhook
