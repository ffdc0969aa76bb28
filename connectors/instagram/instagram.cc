#include "connectors/instagram/instagram.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "connectors/common/http_client.h"
#include "connectors/instagram/graph_errors.h"
#include "gateway/store/store.h"

namespace postern::instagram {

std::unique_ptr<InstagramConnector> InstagramConnector::Create(InstagramConfig config, ConnectorStateStore* store,
                                                               Status* error) {
  GraphAccess access{config.graph_base_url, "", config.connect_timeout_ms, config.timeout_ms};
  while (!access.base_url.empty() && access.base_url.back() == '/') access.base_url.pop_back();
  if (access.base_url.rfind("http://", 0) != 0 && access.base_url.rfind("https://", 0) != 0) {
    *error = Status::InvalidConfig("graph_base_url: must start with http:// or https://");
    return nullptr;
  }
  std::string user = config.ig_user_id;
  if (user.empty() && !config.ig_user_id_env.empty()) {
    const char* v = std::getenv(config.ig_user_id_env.c_str());
    if (v) user = v;
  }
  if (user.empty()) {
    *error = Status::InvalidConfig("ig_user_id: set it or $" + config.ig_user_id_env);
    return nullptr;
  }
  for (char ch : user) {
    if (!isalnum(static_cast<unsigned char>(ch)) && ch != '_') {
      *error = Status::InvalidConfig("ig_user_id: must be letters, digits or _");
      return nullptr;
    }
  }
  const char* token =
      config.access_token_env.empty() ? nullptr : std::getenv(config.access_token_env.c_str());
  if (!token || !*token) {
    *error = Status::InvalidConfig("access_token_env: $" + config.access_token_env + " is not set");
    return nullptr;
  }
  access.access_token = token;
  return std::unique_ptr<InstagramConnector>(
      new InstagramConnector(std::move(config), std::move(access), std::move(user), store));
}

InstagramConnector::InstagramConnector(InstagramConfig config, GraphAccess access, std::string ig_user_id,
                                       ConnectorStateStore* store)
    : config_(std::move(config)), ig_user_id_(std::move(ig_user_id)), graph_(std::move(access)),
      state_("instagram", store) {}

DeliveryResult InstagramConnector::Deliver(const DeliveryRequest& req) {
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
  if (config_.check_quota) {
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

// Maps a failed call to the delivery's result; forgets the container if it is spoilt.
DeliveryResult InstagramConnector::Failed(const GraphReply& g, const std::string& delivery_id) {
  if (g.transport) return DeliveryResult::Retry(g.reason);
  switch (Classify(g.error)) {
    case ErrorAction::kRetry:
      return DeliveryResult::Retry(g.reason);
    case ErrorAction::kRetryNewContainer:
      Forget(delivery_id);
      return DeliveryResult::Retry(g.reason);
    case ErrorAction::kRateLimited:
      return DeliveryResult::Retry(g.reason, g.regain_access_s > 0 ? g.regain_access_s
                                                                   : config_.rate_limit_retry_after_s);
    case ErrorAction::kQuota:
      return DeliveryResult::Retry(g.reason, config_.quota_retry_after_s);
    case ErrorAction::kPermanent:
      break;
  }
  return DeliveryResult::Permanent(g.reason);
}

bool InstagramConnector::QuotaLeft(DeliveryResult* r) {
  GraphReply g = graph_.Get("/" + ig_user_id_ + "/content_publishing_limit",
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
                               config_.quota_retry_after_s);
    return false;
  }
  return true;
}

bool InstagramConnector::CreateContainer(const DeliveryRequest& req, std::string* id, DeliveryResult* r) {
  std::vector<std::pair<std::string, std::string>> form = {
      {"image_url", req.image_url}, {"caption", connector_common::TruncateUtf8(req.caption, 2200)}};
  const std::string& alt = config_.alt_text == "prompt"    ? req.prompt
                           : config_.alt_text == "caption" ? req.caption
                                                           : "";
  if (!alt.empty()) form.emplace_back("alt_text", connector_common::TruncateUtf8(alt, 1000));
  GraphReply g = graph_.Post("/" + ig_user_id_ + "/media", form);
  if (!g.ok || !g.body.contains("id")) {
    *r = g.ok ? DeliveryResult::Retry("create container: no id in the answer") : Failed(g, req.delivery_id);
    return false;
  }
  *id = g.body["id"].is_string() ? g.body["id"].get<std::string>() : g.body["id"].dump();
  return true;
}

// One status read; false with *r set if the call failed.
bool InstagramConnector::ContainerStatus(const std::string& container, std::string* status,
                                         DeliveryResult* r) {
  GraphReply g = graph_.Get("/" + container, {{"fields", "status_code,status"}});
  if (!g.ok) {
    *r = Failed(g, "");
    return false;
  }
  *status = g.body.value("status_code", "");
  return true;
}

// Polls with doubling waits inside the budget. True once FINISHED (or PUBLISHED).
bool InstagramConnector::WaitFinished(const std::string& delivery_id, const std::string& container,
                                      DeliveryResult* r) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::milliseconds(config_.poll_budget_ms);
  long wait_ms = config_.poll_initial_ms;
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
                                 static_cast<int>(std::max<long>(1, config_.poll_max_interval_ms / 1000)));
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    wait_ms = std::min(wait_ms * 2, config_.poll_max_interval_ms);
  }
}

DeliveryResult InstagramConnector::Publish(const std::string& delivery_id, const std::string& container) {
  GraphReply g = graph_.Post("/" + ig_user_id_ + "/media_publish", {{"creation_id", container}});
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

void InstagramConnector::Forget(const std::string& delivery_id) {
  if (!delivery_id.empty()) state_.Erase(delivery_id);
}

}  // namespace postern::instagram
