// /v1/admin/...: the plugin chain in force, config reload, dead letters, audit, and the
// admin routes enabled checks add for the data they own.
#include "gateway/api/handlers.h"
#include "gateway/api/json_views.h"
#include "gateway/api/params.h"

namespace postern {

Response AdminApi::Handle(const Request& req, const std::vector<std::string>& parts, const Caller& caller) {
  const size_t n = parts.size();
  const std::string& m = req.method;
  if (n == 3 && parts[2] == "plugins" && m == "GET") {
    auto rt = runtime_();
    json connectors = json::array();
    for (const auto& c : rt->config.connectors) connectors.push_back({{"name", c.name}, {"enabled", c.enabled}});
    return Response::Json(200, {{"config_hash", rt->config.hash}, {"plugins", rt->pipeline->Describe()},
                                {"connectors", connectors}});
  }
  if (n == 3 && parts[2] == "reload" && m == "POST") {
    std::vector<std::string> errors;
    Status st = reload_(&errors);
    const auto rt = runtime_();
    store_->Audit(caller.name, st.ok() ? "config.reload" : "config.reload_rejected", rt->config.path,
                  {{"errors", errors}});
    if (!st.ok()) return Response::Error(400, "invalid_config", st.message(), errors);
    return Response::Json(200, {{"status", "reloaded"}, {"config_hash", rt->config.hash}});
  }
  if (n == 3 && parts[2] == "deliveries" && m == "GET") return Deliveries(req);
  if (n == 5 && parts[2] == "deliveries" && parts[4] == "retry" && m == "POST") {
    Status st = store_->RetryDelivery(parts[3], caller.name);
    if (!st.ok()) return StatusError(st);
    delivery_->Notify();
    return Response::Json(200, {{"id", parts[3]}, {"status", "pending"}});
  }
  if (n == 3 && parts[2] == "audit" && m == "GET") return Audit(req);
  return ExtensionRoute(req, parts, caller);
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

Response AdminApi::ExtensionRoute(const Request& req, const std::vector<std::string>& parts, const Caller& caller) {
  bool path_matched = false;
  for (const auto& [plugin, check] : runtime_()->pipeline->EnabledChecks()) {
    for (const auto& route : check->AdminRoutes()) {
      if (route.path.size() + 2 != parts.size()) continue;
      std::vector<std::string> params;
      bool match = true;
      for (size_t i = 0; i < route.path.size() && match; ++i) {
        if (route.path[i] == "{}") params.push_back(parts[i + 2]);
        else match = route.path[i] == parts[i + 2];
      }
      if (!match) continue;
      path_matched = true;
      if (route.method == req.method) return route.handle(req, params, caller.name);
    }
  }
  if (path_matched) return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
  return Response::Error(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
}

}  // namespace postern
