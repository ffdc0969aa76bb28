// /v1/admin/...: the plugin chain in force, config reload, dead letters and audit. The
// admin routes enabled checks add for their own data are in the router's table.
#include "gateway/api/handlers.h"
#include "gateway/api/json_views.h"
#include "gateway/api/params.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

// Latency figures cover each plugin's newest this-many checks: recent enough to show a
// slow model today, many enough for a steady p95.
constexpr int kLatencyWindow = 1000;

json CheckStatsToJson(const PluginCheckStats& s) {
  return {{"verdicts", s.verdicts}, {"failed", s.failed},
          {"latency_ms", {{"samples", s.latency_samples}, {"mean", s.latency_mean_ms},
                          {"p50", s.latency_p50_ms}, {"p95", s.latency_p95_ms}}}};
}

}  // namespace

Response AdminApi::Plugins() {
  auto rt = runtime_();
  std::vector<PluginCheckStats> stats;
  Status st = store_->CheckStats(kLatencyWindow, &stats);
  if (!st.ok()) return StatusError(st);
  json plugins = rt->pipeline->Describe();
  for (auto& p : plugins) {
    // A plugin with no stored checks yet (new, or disabled all along) shows zeros.
    p["stats"] = CheckStatsToJson(PluginCheckStats{});
    for (const auto& s : stats)
      if (s.plugin == p["name"]) p["stats"] = CheckStatsToJson(s);
  }
  json connectors = json::array();
  for (const auto& c : rt->config.connectors) connectors.push_back({{"name", c.name}, {"enabled", c.enabled}});
  return Response::Json(200, {{"config_hash", rt->config.hash}, {"plugins", plugins},
                              {"connectors", connectors}, {"latency_window", kLatencyWindow}});
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
  Page page;
  page.limit = ParseLimit(req, 100, 1000, &ok);
  if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 1000");
  page.cursor = QueryParam(req, "cursor");
  AuditFilter filter;
  filter.actor = QueryParam(req, "actor");
  filter.action_prefix = QueryParam(req, "action");
  filter.target = QueryParam(req, "target");
  const std::string since = QueryParam(req, "since");
  if (!since.empty() && !ParseIsoTime(since, &filter.since))
    return Response::Error(400, "invalid_parameter", "since must be an ISO-8601 UTC time like 2026-11-25T16:00:00Z");
  std::vector<json> entries;
  std::string next;
  Status st = store_->ListAudit(filter, page, &entries, &next);
  if (!st.ok()) return StatusError(st);
  return Response::Json(200, {{"items", entries}, {"next_cursor", next.empty() ? json(nullptr) : json(next)}});
}

}  // namespace postern
