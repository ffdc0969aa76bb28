// InstagramConnector: publishes an approved post with the Graph API content-publishing
// flow: create a media container from our public image URL, wait for it to finish,
// publish it. The container id is remembered per delivery, so a retry after a lost
// publish answer finds the container PUBLISHED instead of posting a second time.
#include <algorithm>
#include <chrono>
#include <thread>

#include "connectors/common/delivery_state.h"
#include "connectors/common/http_client.h"
#include "connectors/instagram/graph_client.h"
#include "connectors/instagram/graph_errors.h"
#include "connectors/instagram/schema.h"
#include "gateway/connector.h"
#include "gateway/store/store.h"

namespace postern::instagram {
namespace {


class InstagramConnector : public Connector {
 public:
  InstagramConnector(InstagramConfig c, Store* store)
      : c_(std::move(c)), graph_(c_), state_("instagram", store) {}

  DeliveryResult Deliver(const DeliveryRequest& req) override {
    if (req.image_url.empty()) return DeliveryResult::Retry("the image has no public URL yet");
    json st = json::object();
    state_.Get(req.delivery_id, &st);
    if (st.contains("media_id"))  // published before; only the recording was lost
      return DeliveryResult::Delivered(st["media_id"], st.value("permalink", ""));

    std::string container = st.value("container_id", "");
    if (!container.empty()) {
      // Resume: the container may be published already (our last answer was lost).
      std::string status;
      DeliveryResult r;
      if (!ContainerStatus(container, &status, &r)) {
        if (r.kind != DeliveryResult::Kind::kPermanent) return r;
        Forget(req.delivery_id);  // the Graph API no longer knows it: start over
        container.clear();
      } else if (status == "PUBLISHED") {
        return DeliveryResult::Delivered(st.value("media_id", container), "");
      } else if (status == "ERROR" || status == "EXPIRED") {
        Forget(req.delivery_id);
        container.clear();
      }
    }
    if (c_.check_quota) {
      DeliveryResult r;
      if (!QuotaLeft(&r)) return r;
    }
    if (container.empty()) {
      DeliveryResult r;
      if (!CreateContainer(req, &container, &r)) return r;
      state_.Put(req.delivery_id, {{"container_id", container}});
    }
    DeliveryResult waited;
    if (!WaitFinished(req.delivery_id, container, &waited)) return waited;
    return Publish(req.delivery_id, container);
  }

 private:
  // Maps a failed call to the delivery's result; forgets the container if it is spoilt.
  DeliveryResult Failed(const GraphReply& g, const std::string& delivery_id) {
    if (g.transport) return DeliveryResult::Retry(g.reason);
    switch (Classify(g.error)) {
      case ErrorAction::kRetry:
        return DeliveryResult::Retry(g.reason);
      case ErrorAction::kRetryNewContainer:
        Forget(delivery_id);
        return DeliveryResult::Retry(g.reason);
      case ErrorAction::kRateLimited:
        return DeliveryResult::Retry(g.reason, g.regain_access_s > 0 ? g.regain_access_s
                                                                     : c_.rate_limit_retry_after_s);
      case ErrorAction::kQuota:
        return DeliveryResult::Retry(g.reason, c_.quota_retry_after_s);
      case ErrorAction::kPermanent:
        break;
    }
    return DeliveryResult::Permanent(g.reason);
  }

  bool QuotaLeft(DeliveryResult* r) {
    GraphReply g = graph_.Get("/" + c_.ig_user_id + "/content_publishing_limit",
                              {{"fields", "quota_usage,config"}});
    if (!g.ok) {
      *r = Failed(g, "");
      return false;
    }
    const json& data = g.body.contains("data") && g.body["data"].is_array() && !g.body["data"].empty()
                           ? g.body["data"][0] : json::object();
    const int used = data.value("quota_usage", 0);
    const int total = data.contains("config") && data["config"].is_object()
                          ? data["config"].value("quota_total", 0) : 0;
    if (total > 0 && used >= total) {
      *r = DeliveryResult::Retry("24-hour publishing quota used up (" + std::to_string(used) + " of " +
                                     std::to_string(total) + ")",
                                 c_.quota_retry_after_s);
      return false;
    }
    return true;
  }

  bool CreateContainer(const DeliveryRequest& req, std::string* id, DeliveryResult* r) {
    std::vector<std::pair<std::string, std::string>> form = {
        {"image_url", req.image_url}, {"caption", connectors::TruncateUtf8(req.caption, 2200)}};
    const std::string& alt = c_.alt_text == "prompt" ? req.prompt : c_.alt_text == "caption" ? req.caption : "";
    if (!alt.empty()) form.emplace_back("alt_text", connectors::TruncateUtf8(alt, 1000));
    GraphReply g = graph_.Post("/" + c_.ig_user_id + "/media", form);
    if (!g.ok || !g.body.contains("id")) {
      *r = g.ok ? DeliveryResult::Retry("create container: no id in the answer") : Failed(g, req.delivery_id);
      return false;
    }
    *id = g.body["id"].is_string() ? g.body["id"].get<std::string>() : g.body["id"].dump();
    return true;
  }

  // One status read; false with *r set if the call failed.
  bool ContainerStatus(const std::string& container, std::string* status, DeliveryResult* r) {
    GraphReply g = graph_.Get("/" + container, {{"fields", "status_code,status"}});
    if (!g.ok) {
      *r = Failed(g, "");
      return false;
    }
    *status = g.body.value("status_code", "");
    return true;
  }

  // Polls with doubling waits inside the budget. True once FINISHED (or PUBLISHED).
  bool WaitFinished(const std::string& delivery_id, const std::string& container, DeliveryResult* r) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::milliseconds(c_.poll_budget_ms);
    long wait_ms = c_.poll_initial_ms;
    while (true) {
      std::string status;
      if (!ContainerStatus(container, &status, r)) return false;
      if (status == "FINISHED") return true;
      if (status == "PUBLISHED") {
        *r = DeliveryResult::Delivered(container, "");
        return false;
      }
      if (status == "ERROR" || status == "EXPIRED") {
        Forget(delivery_id);
        *r = DeliveryResult::Retry("container " + container + " is " + status + "; a new one is made next time");
        return false;
      }
      if (clock::now() + std::chrono::milliseconds(wait_ms) > deadline) {
        // Keep the container: the next attempt continues polling it.
        *r = DeliveryResult::Retry("container " + container + " still " + (status.empty() ? "unknown" : status),
                                   static_cast<int>(std::max<long>(1, c_.poll_max_interval_ms / 1000)));
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      wait_ms = std::min(wait_ms * 2, c_.poll_max_interval_ms);
    }
  }

  DeliveryResult Publish(const std::string& delivery_id, const std::string& container) {
    GraphReply g = graph_.Post("/" + c_.ig_user_id + "/media_publish", {{"creation_id", container}});
    if (!g.ok || !g.body.contains("id")) {
      // A lost answer (timeout) may hide a publish that happened: the container is kept,
      // and the next attempt reads its status before doing anything.
      return g.ok ? DeliveryResult::Retry("publish: no id in the answer") : Failed(g, delivery_id);
    }
    const std::string media = g.body["id"].is_string() ? g.body["id"].get<std::string>() : g.body["id"].dump();
    json st = {{"container_id", container}, {"media_id", media}};
    state_.Put(delivery_id, st);
    std::string permalink;
    GraphReply p = graph_.Get("/" + media, {{"fields", "permalink"}});
    if (p.ok) permalink = p.body.value("permalink", "");
    st["permalink"] = permalink;
    state_.Put(delivery_id, st);
    return DeliveryResult::Delivered(media, permalink);
  }

  void Forget(const std::string& delivery_id) {
    if (!delivery_id.empty()) state_.Erase(delivery_id);
  }

  InstagramConfig c_;
  GraphClient graph_;
  connectors::DurableDeliveryState state_;
};

class InstagramConnectorFactory : public ConnectorFactory {
 public:
  std::string name() const override { return "instagram"; }
  ConfigSchema schema() const override { return Schema(); }
  std::unique_ptr<Connector> Create(const json& config, const ConnectorDeps& deps, Status* error) const override {
    InstagramConfig c;
    Status st = ParseConfig(config, &c);
    if (!st.ok()) {
      *error = st;
      return nullptr;
    }
    return std::make_unique<InstagramConnector>(std::move(c), deps.store);
  }
};

POSTERN_REGISTER_CONNECTOR(InstagramConnectorFactory);

}  // namespace
}  // namespace postern::instagram
