#include "gateway/api/router.h"

#include <optional>

#include "gateway/base/log.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

Response NotFound(const Request& req) {
  return Response::Error(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
}

Response MethodNotAllowed(const Request& req) {
  return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
}

// 401 without a valid key, 403 with a key whose role may not; nullopt when allowed.
std::optional<Response> Need(const Request& req, const Caller& caller, const std::string& role) {
  if (caller.role.empty()) {
    const bool presented = !req.Header("authorization").empty();
    return Response::Error(401, "unauthorized",
                           presented ? "the API key is not valid" : "an API key is required (Authorization: Bearer KEY)");
  }
  if (!caller.Has(role))
    return Response::Error(403, "forbidden", "this key's role (" + caller.role + ") may not do this; it needs " + role);
  return std::nullopt;
}

}  // namespace

Router::Router(Store* store, class Metrics* metrics, DeliveryWorker* delivery, RuntimeSource runtime,
               Services services, AdminApi::Reloader reload)
    : store_(store),
      metrics_(metrics),
      runtime_(runtime),
      shares_(services.shares),
      review_(services.review, store),
      accounts_(services.accounts),
      feed_(services.feed, runtime),
      admin_(store, delivery, runtime, std::move(reload)) {}

bool Router::IsShareRequest(const Request& req) {
  return req.method == "POST" && (req.path == "/v1/shares" || req.path == "/v1/shares/");
}

Caller Router::Authenticate(const Request& req) const {
  const std::string auth = req.Header("authorization");
  const std::string prefix = "Bearer ";
  if (auth.size() <= prefix.size() || auth.compare(0, prefix.size(), prefix) != 0) return {};
  const std::string digest = Sha256Hex(auth.substr(prefix.size()));
  for (const auto& k : runtime_()->config.keys)
    if (k.sha256 == digest) return {k.name, k.role};
  return {};
}

Response Router::Handle(const Request& req) {
  Response resp;
  try {
    resp = Route(req, SplitPath(req.path), Authenticate(req));
  } catch (const std::exception& e) {
    LogJson(spdlog::level::err, {{"event", "internal_error"}, {"path", req.path}, {"error", e.what()}});
    resp = Response::Error(500, "internal_error", "the gateway failed to handle this request");
  }
  metrics_->Inc("postern_http_requests_total", {{"code", std::to_string(resp.status / 100) + "xx"}});
  if (resp.status >= 400)
    LogJson(spdlog::level::info, {{"event", "request_error"}, {"method", req.method}, {"path", req.path},
                                  {"status", resp.status}, {"body", resp.body.substr(0, 300)}});
  return resp;
}

Response Router::Route(const Request& req, const std::vector<std::string>& parts, const Caller& caller) {
  const std::string& m = req.method;
  const size_t n = parts.size();
  if (n == 1 && parts[0] == "healthz" && m == "GET")
    return Response::Json(200, {{"status", "ok"}, {"version", POSTERN_VERSION}});
  if (n == 1 && parts[0] == "metrics" && m == "GET") return Metrics();
  if (m == "GET" && n == 1 && (parts[0] == "showcase" || parts[0] == "curate"))
    return ServeStatic(runtime_()->config.web_dir, parts[0] + ".html");
  if (m == "GET" && n == 2 && parts[0] == "web") return ServeStatic(runtime_()->config.web_dir, parts[1]);
  if (n < 2 || parts[0] != "v1") return NotFound(req);

  const std::string& area = parts[1];
  if (area == "shares") {
    if (auto e = Need(req, caller, "product")) return *e;
    if (n == 2 && m == "POST") return shares_.Create(req, caller);
    if (n == 3 && m == "GET") return shares_.Get(parts[2]);
    return MethodNotAllowed(req);
  }
  if (area == "review") {
    if (auto e = Need(req, caller, "reviewer")) return *e;
    if (n == 2 && m == "GET") return review_.List(req);
    if (n == 3 && parts[2] == "stats" && m == "GET") return review_.Stats();
    if (n == 3 && parts[2] == "bulk" && m == "POST") return review_.Bulk(req, caller);
    if (n == 3 && m == "POST") return review_.Decide(req, parts[2], caller);
    if (n == 4 && parts[3] == "image" && m == "GET") return review_.Image(parts[2]);
    if (n == 4 && (parts[3] == "claim" || parts[3] == "release") && m == "POST")
      return review_.Claim(parts[2], caller, parts[3] == "release");
    return MethodNotAllowed(req);
  }
  if (area == "reports" && n == 2 && m == "POST") {
    if (auto e = Need(req, caller, "product")) return *e;
    return review_.Report(req, caller);
  }
  if (area == "accounts" && (n == 3 || n == 4)) {
    const std::string sub = n == 4 ? parts[3] : "";
    if (auto e = Need(req, caller, sub == "reinstate" ? "admin" : sub == "appeal" ? "product" : "reviewer")) return *e;
    if (n == 3 && m == "GET") return accounts_.Get(parts[2]);
    if (sub == "reinstate" && m == "POST") return accounts_.Reinstate(parts[2], caller);
    if (sub == "appeal" && m == "POST") return accounts_.Appeal(parts[2]);
    return MethodNotAllowed(req);
  }
  if (area == "feed") {
    if (m == "GET" && n == 2) return feed_.List(req, caller);
    if (m == "GET" && n == 3) return feed_.Get(parts[2]);
    if (auto e = Need(req, caller, "curator")) return *e;
    if (n == 4 && m == "POST") return feed_.Curate(parts[2], parts[3], caller);
    if (n == 3 && m == "PATCH") return feed_.Edit(req, parts[2], caller);
    return MethodNotAllowed(req);
  }
  if (area == "media" && n == 3 && m == "GET") return feed_.Media(parts[2], caller);
  if (area == "admin") {
    if (auto e = Need(req, caller, "admin")) return *e;
    return admin_.Handle(req, parts, caller);
  }
  return NotFound(req);
}

Response Router::Metrics() {
  json by_decision;
  if (store_->CountShares(&by_decision).ok())
    for (auto it = by_decision.begin(); it != by_decision.end(); ++it)
      metrics_->Set("postern_shares", {{"decision", it.key()}}, it.value().get<double>());
  int64_t depth = 0, oldest = 0;
  if (store_->ReviewQueueDepth(&depth, &oldest).ok()) {
    metrics_->Set("postern_review_queue_depth", {}, double(depth));
    metrics_->Set("postern_review_oldest_pending_age_seconds", {}, oldest ? double(NowSeconds() - oldest) : 0.0);
  }
  return Response{200, "text/plain; version=0.0.4", metrics_->Render(), {}};
}

}  // namespace postern
