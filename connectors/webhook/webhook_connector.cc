// WebhookConnector: POSTs each approved post as JSON to every configured endpoint,
// signed per Standard Webhooks. `webhook-id` is the delivery id, stable across
// retries, so receivers drop duplicates. Endpoints that accepted a delivery are
// remembered in memory, so a retry only goes to the ones that did not.
#include <algorithm>
#include <ctime>

#include "connectors/common/delivery_state.h"
#include "connectors/common/http_client.h"
#include "connectors/webhook/schema.h"
#include "connectors/webhook/signer.h"
#include "gateway/connector.h"
#include "gateway/store/store.h"
#include "gateway/base/util.h"

namespace postern::webhook {
namespace {

using connectors::HttpCall;
using connectors::HttpReply;

// One endpoint's answer, reduced to what the delivery needs.
struct EndpointOutcome {
  enum class Kind { kAccepted, kRetry, kRejected } kind;
  std::string reason;
  int retry_after_s = -1;
};

class WebhookConnector : public Connector {
 public:
  WebhookConnector(WebhookConfig config, Store* store)
      : config_(std::move(config)), store_(store), sent_("webhook", store) {}

  DeliveryResult Deliver(const DeliveryRequest& req) override {
    const std::string body = Payload(req).dump();
    std::vector<std::string> retry_reasons, rejected_reasons;
    int retry_after = -1;
    bool retry_without_hint = false;
    for (const auto& ep : config_.endpoints) {
      const std::string key = req.delivery_id + "|" + ep.url;
      json seen;
      if (sent_.Get(key, &seen)) continue;  // accepted on an earlier attempt
      EndpointOutcome o = Send(ep, req.delivery_id, body);
      const std::string where = connectors::RedactUrl(ep.url) + ": " + o.reason;
      if (o.kind == EndpointOutcome::Kind::kAccepted) {
        sent_.Put(key, {{"accepted_at", NowSeconds()}});
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
    for (const auto& ep : config_.endpoints) sent_.Erase(req.delivery_id + "|" + ep.url);
    return DeliveryResult::Delivered(req.delivery_id, "");
  }

  // Tells every endpoint the post was taken down ("post.removed"); best effort.
  Status Remove(const std::string& share_id, const std::string& remote_id) override {
    json j = {{"type", "post.removed"},
              {"timestamp", IsoTime(NowSeconds())},
              {"data", {{"share_id", share_id}, {"delivery_id", remote_id}}}};
    const std::string body = j.dump();
    std::vector<std::string> failed;
    for (const auto& ep : config_.endpoints) {
      EndpointOutcome o = Send(ep, "rm_" + share_id, body);
      if (o.kind != EndpointOutcome::Kind::kAccepted)
        failed.push_back(connectors::RedactUrl(ep.url) + ": " + o.reason);
    }
    if (!failed.empty()) return Status::IOError(Join(failed));
    return Status::OK();
  }

 private:
  json Payload(const DeliveryRequest& req) const {
    json post_id = nullptr;
    FeedPost post;
    if (store_ && store_->GetFeedPostByShare(req.share_id, &post).ok()) post_id = post.id;
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

  EndpointOutcome Send(const Endpoint& ep, const std::string& msg_id, const std::string& body) const {
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
    HttpReply r = connectors::Perform(call);
    if (!r.transport_ok) {
      if (r.bad_url) return {EndpointOutcome::Kind::kRejected, "bad URL: " + r.error};
      return {EndpointOutcome::Kind::kRetry, (r.timed_out ? "timed out: " : "no answer: ") + r.error};
    }
    const std::string status = "HTTP " + std::to_string(r.status);
    if (r.status >= 200 && r.status < 300) return {EndpointOutcome::Kind::kAccepted, status};
    if (r.status == 408 || r.status == 429 || r.status >= 500) {
      return {EndpointOutcome::Kind::kRetry, status,
              connectors::ParseRetryAfter(r.Header("retry-after"), ts, config_.max_retry_after_s)};
    }
    // Other 4xx (and 1xx/3xx: redirects are not followed) will not change by retrying.
    return {EndpointOutcome::Kind::kRejected, status};
  }

  static std::string Join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
  }

  WebhookConfig config_;
  Store* store_;
  connectors::DurableDeliveryState sent_;
};

class WebhookConnectorFactory : public ConnectorFactory {
 public:
  std::string name() const override { return "webhook"; }
  ConfigSchema schema() const override { return Schema(); }
  std::unique_ptr<Connector> Create(const json& config, const ConnectorDeps& deps,
                                    Status* error) const override {
    WebhookConfig c;
    Status st = ParseConfig(config, &c);
    if (!st.ok()) {
      *error = st;
      return nullptr;
    }
    return std::make_unique<WebhookConnector>(std::move(c), deps.store);
  }
};

POSTERN_REGISTER_CONNECTOR(WebhookConnectorFactory);

}  // namespace
}  // namespace postern::webhook
