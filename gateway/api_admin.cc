// Admin endpoints: effective plugin chain, config reload, audit log.
#include "gateway/gateway.h"

namespace postern {

Response Gateway::HandleAdmin(const Request& req, const std::vector<std::string>& parts,
                              const std::string& actor) {
  const size_t n = parts.size();
  if (n == 3 && parts[2] == "plugins" && req.method == "GET") {
    auto rt = runtime();
    json connectors = json::array();
    for (const auto& c : rt->config.connectors)
      connectors.push_back({{"name", c.name}, {"enabled", c.enabled}});
    return Response::Json(200, {{"config_hash", rt->config.hash},
                                {"plugins", rt->pipeline->Describe()},
                                {"connectors", connectors}});
  }
  if (n == 3 && parts[2] == "reload" && req.method == "POST") {
    std::vector<std::string> errors;
    Status st = Reload(&errors);
    store_->Audit(actor, st.ok() ? "config.reload" : "config.reload_rejected", config().path,
                  {{"errors", errors}});
    if (!st.ok()) return Response::Error(400, "invalid_config", st.message(), errors);
    return Response::Json(200, {{"status", "reloaded"}, {"config_hash", config().hash}});
  }
  if (n == 3 && parts[2] == "audit" && req.method == "GET") {
    bool ok;
    int limit = ParseLimit(req, 100, 1000, &ok);
    if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 1000");
    std::vector<json> entries;
    Status st = store_->ListAudit(limit, &entries);
    if (!st.ok()) return StoreError(st);
    return Response::Json(200, {{"items", entries}});
  }
  return Response::Error(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
}

}  // namespace postern
