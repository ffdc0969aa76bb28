// /v1/admin/...: the plugin chain in force, config reload, dead letters and audit. The
// admin routes enabled checks add for their own data are in the router's table.
#include "gateway/api/handlers.h"
#include "gateway/api/json_views.h"
#include "gateway/api/params.h"

namespace postern {

Response AdminApi::Plugins() {
  auto rt = runtime_();
  json connectors = json::array();
  for (const auto& c : rt->config.connectors) connectors.push_back({{"name", c.name}, {"enabled", c.enabled}});
  return Response::Json(200, {{"config_hash", rt->config.hash}, {"plugins", rt->pipeline->Describe()},
                              {"connectors", connectors}});
}

Response AdminApi::Reload(const Caller& caller) {
  std::vector<std::string> errors;
  Status st = reload_(&errors);
  const auto rt = runtime_();
  store_->Audit(caller.name, st.ok() ? "config.reload" : "config.reload_rejected", rt->config.path,
                {{"errors", errors}});
  if (!st.ok()) return Response::Error(400, "invalid_config", st.message(), errors);
  return Response::Json(200, {{"status", "reloaded"}, {"config_hash", rt->config.hash}});
}

Response AdminApi::RetryDelivery(const std::string& id, const Caller& caller) {
  Status st = store_->RetryDelivery(id, caller.name);
  if (!st.ok()) return StatusError(st);
  delivery_->Notify();
  return Response::Json(200, {{"id", id}, {"status", "pending"}});
}

Response AdminApi::Deliveries(const Request& req) {
  DeliveryState state = DeliveryState::kDead;
  const std::string status = QueryParam(req, "status");
  if (!status.empty() && !ParseEnum(status, &state))
    return Response::Error(400, "invalid_parameter", "status must be dead, pending or delivered");
  bool ok;
  int limit = ParseLimit(req, 100, 1000, &ok);
  if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 1000");
  std::vector<DeliveryRecord> list;
  Status st = store_->ListDeliveries(state, limit, &list);
  if (!st.ok()) return StatusError(st);
  json items = json::array();
  for (const auto& d : list) items.push_back(DeliveryToJson(d));
  return Response::Json(200, {{"items", items}});
}

Response AdminApi::Audit(const Request& req) {
  bool ok;
  int limit = ParseLimit(req, 100, 1000, &ok);
  if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 1000");
  std::vector<json> entries;
  Status st = store_->ListAudit(limit, &entries);
  return st.ok() ? Response::Json(200, {{"items", entries}}) : StatusError(st);
}

}  // namespace postern
