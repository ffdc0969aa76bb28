#include "gateway/api/router.h"

#include <cctype>
#include <optional>
#include <set>

#include "gateway/api/metrics_api.h"
#include "gateway/api/openapi.h"
#include "gateway/base/log.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

// 401 without a valid key, 403 with a key whose role may not; nullopt when allowed.
std::optional<Response> Need(const Request& req, const Caller& caller, const std::string& role) {
  if (role.empty()) return std::nullopt;
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

bool PercentDecode(const std::string& in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      *out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2])))
      return false;
    *out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return true;
}

bool MatchRoute(const std::string& pattern, const std::vector<std::string>& segments,
                std::vector<std::string>* params) {
  // Walks the pattern in place: every request tries every route, so no allocations here
  // unless the route matches.
  params->clear();
  size_t i = 0, seg = 0;
  while (i < pattern.size()) {
    size_t j = pattern.find('/', i);
    if (j == std::string::npos) j = pattern.size();
    if (j > i) {
      if (seg == segments.size()) return false;
      const bool is_param = j - i >= 2 && pattern[i] == '{' && pattern[j - 1] == '}';
      if (is_param) params->push_back(segments[seg]);
      else if (segments[seg].compare(0, std::string::npos, pattern, i, j - i) != 0) return false;
      ++seg;
    }
    i = j + 1;
  }
  return seg == segments.size();
}

Router::Router(Store* store, class Metrics* metrics, DeliveryWorker* delivery, RuntimeSource runtime,
               Services services, AdminApi::Reloader reload)
    : store_(store),
      metrics_(metrics),
      runtime_(runtime),
      shares_(services.shares),
      review_(services.review, store),
      accounts_(services.accounts),
      feed_(services.feed, runtime, services.changes),
      admin_(store, delivery, runtime, std::move(reload)) {
  core_routes_ = CoreRoutes();
}

std::vector<Route> Router::CoreRoutes() {
  using P = const std::vector<std::string>&;
  auto page = [this](const std::string& name) {
    return [this, name](const Request&, P, const Caller&) { return ServeStatic(runtime_()->config.web_dir, name); };
  };
  return {
      {"GET", "/healthz", "", [](const Request&, P, const Caller&) {
         return Response::Json(200, {{"status", "ok"}, {"version", POSTERN_VERSION}});
       }},
      {"GET", "/metrics", "", [this](const Request&, P, const Caller&) { return Metrics(); }},
      // For a front's auth_request (deploy/nginx): may the original request, judged by its
      // method, path and key alone, go on? Only 401 and 403 stop it there; anything else
      // (no such route, wrong method) is the gateway's to answer.
      {"GET", "/v1/auth-check", "", [this](const Request& r, P, const Caller&) { return AuthCheck(r); }},
      {"GET", "/showcase", "", page("showcase.html")},
      {"GET", "/curate", "", page("curate.html")},
      {"GET", "/web/{file}", "", [this](const Request&, P p, const Caller&) {
         return ServeStatic(runtime_()->config.web_dir, p[0]);
       }},
      {"POST", "/v1/shares", "product", [this](const Request& r, P, const Caller& c) { return shares_.Create(r, c); }},
      {"GET", "/v1/shares/{share_id}", "product", [this](const Request&, P p, const Caller&) { return shares_.Get(p[0]); }},
      {"GET", "/v1/review", "reviewer", [this](const Request& r, P, const Caller&) { return review_.List(r); }},
      {"GET", "/v1/review/stats", "reviewer", [this](const Request&, P, const Caller&) { return review_.Stats(); }},
      {"POST", "/v1/review/bulk", "reviewer", [this](const Request& r, P, const Caller& c) { return review_.Bulk(r, c); }},
      {"POST", "/v1/review/{share_id}", "reviewer",
       [this](const Request& r, P p, const Caller& c) { return review_.Decide(r, p[0], c); }},
      {"GET", "/v1/review/{share_id}/image", "reviewer",
       [this](const Request&, P p, const Caller&) { return review_.Image(p[0]); }},
      {"POST", "/v1/review/{share_id}/claim", "reviewer",
       [this](const Request&, P p, const Caller& c) { return review_.Claim(p[0], c, false); }},
      {"POST", "/v1/review/{share_id}/release", "reviewer",
       [this](const Request&, P p, const Caller& c) { return review_.Claim(p[0], c, true); }},
      {"POST", "/v1/reports", "product", [this](const Request& r, P, const Caller& c) { return review_.Report(r, c); }},
      {"GET", "/v1/accounts/{user_id}", "reviewer", [this](const Request&, P p, const Caller&) { return accounts_.Get(p[0]); }},
      {"POST", "/v1/accounts/{user_id}/reinstate", "admin",
       [this](const Request&, P p, const Caller& c) { return accounts_.Reinstate(p[0], c); }},
      {"POST", "/v1/accounts/{user_id}/appeal", "product",
       [this](const Request&, P p, const Caller&) { return accounts_.Appeal(p[0]); }},
      // Public; include_hidden=true asks for a curator key inside.
      {"GET", "/v1/feed", "", [this](const Request& r, P, const Caller& c) { return feed_.List(r, c); },
       [this](const Request& r, P, const Caller& c) { return feed_.ListFromMemory(r, c); }},
      {"GET", "/v1/feed/{post_id}", "", [this](const Request&, P p, const Caller&) { return feed_.Get(p[0]); }},
      {"PATCH", "/v1/feed/{post_id}", "curator",
       [this](const Request& r, P p, const Caller& c) { return feed_.Edit(r, p[0], c); }},
      {"POST", "/v1/feed/{post_id}/{action}", "curator",
       [this](const Request&, P p, const Caller& c) { return feed_.Curate(p[0], p[1], c); }},
      {"GET", "/v1/media/{id}", "", [this](const Request& r, P p, const Caller& c) { return feed_.Media(r, p[0], c); },
       [this](const Request& r, P p, const Caller& c) { return feed_.MediaFromMemory(r, p[0], c); }},
      {"GET", "/v1/admin/plugins", "admin", [this](const Request&, P, const Caller&) { return admin_.Plugins(); }},
      {"POST", "/v1/admin/reload", "admin", [this](const Request&, P, const Caller& c) { return admin_.Reload(c); }},
      {"GET", "/v1/admin/deliveries", "admin",
       [this](const Request& r, P, const Caller&) { return admin_.Deliveries(r); }},
      {"POST", "/v1/admin/deliveries/{delivery_id}/retry", "admin",
       [this](const Request&, P p, const Caller& c) { return admin_.RetryDelivery(p[0], c); }},
      {"GET", "/v1/admin/audit", "admin", [this](const Request& r, P, const Caller&) { return admin_.Audit(r); }},
      // Reviewer console (issue 14).
      {"GET", "/review", "", page("review.html")},
      {"GET", "/v1/review/{share_id}", "reviewer",
       [this](const Request&, P p, const Caller&) { return review_.Detail(p[0]); }},
      // The operators' page (issue 14); it signs in with an admin key inside.
      {"GET", "/admin", "", page("admin.html")},
      // The API description (issue 14): public, built into the binary.
      {"GET", "/openapi.json", "", [](const Request&, P, const Caller&) {
         return Response{200, "application/json", OpenApiJson(), {{"Cache-Control", "no-cache"}}};
       }},
  };
}

std::shared_ptr<const std::vector<Route>> Router::Table() const {
  // Rebuilt only when a reload brought a new pipeline (its checks' routes may differ).
  auto rt = runtime_();
  std::lock_guard<std::mutex> lock(table_mu_);
  if (table_ && table_pipeline_ == rt->pipeline) return table_;
  std::vector<Route> all = core_routes_;
  for (const auto& [plugin, check] : rt->pipeline->EnabledChecks()) {
    for (auto& ar : check->AdminRoutes()) {
      std::string pattern = "/v1/admin";
      for (const auto& s : ar.path) pattern += "/" + s;
      auto handle = ar.handle;
      all.push_back({ar.method, pattern, "admin",
                     [handle](const Request& r, const std::vector<std::string>& p, const Caller& c) {
                       return handle(r, p, c.name);
                     }});
    }
  }
  table_pipeline_ = rt->pipeline;
  table_ = std::make_shared<const std::vector<Route>>(std::move(all));
  return table_;
}

std::vector<Route> Router::Routes() const { return *Table(); }

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

Router::Resolved Router::Resolve(const Request& req) const {
  Resolved out;
  out.table = Table();
  const auto segments = SplitPath(req.path);
  // HEAD is GET without the body; OPTIONS answers which methods the path has.
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  std::set<std::string> allowed;
  std::vector<std::string> p;
  for (const auto& r : *out.table) {
    if (!MatchRoute(r.pattern, segments, &p)) continue;
    allowed.insert(r.method);
    // A literal segment wins over a {name} at the same place (/v1/review/stats).
    if (r.method == method && (!out.route || p.size() < out.params.size())) {
      out.route = &r;
      out.params = p;
    }
  }
  if (allowed.empty()) {
    out.refused = Response::Error(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
  } else if (req.method == "OPTIONS" || !out.route) {
    std::string allow;
    if (allowed.count("GET")) allowed.insert("HEAD");
    allowed.insert("OPTIONS");
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    out.refused = req.method == "OPTIONS"
                      ? Response{204, "", "", {}}
                      : Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
    out.refused->headers["Allow"] = allow;
  } else {
    out.caller = Authenticate(req);
    out.refused = Need(req, out.caller, out.route->role);
  }
  return out;
}

Response Router::AuthCheck(const Request& sub) const {
  Request original;
  original.method = sub.Header("x-original-method");
  std::string uri = sub.Header("x-original-uri");
  uri = uri.substr(0, uri.find('?'));
  if (original.method.empty() || !PercentDecode(uri, &original.path) || !IsValidUtf8(original.path))
    return Response::Error(400, "invalid_auth_check", "X-Original-Method and a decodable X-Original-URI are required");
  original.headers = sub.headers;  // the client's Authorization comes along
  Resolved r = Resolve(original);
  if (r.refused && (r.refused->status == 401 || r.refused->status == 403)) return *r.refused;
  return Response{204, "", "", {}};
}

std::optional<Response> Router::Precheck(const Request& head) {
  RequestTimer timer(metrics_);  // records only a refusal; an admitted request is timed by Handle
  std::string route;
  std::optional<Response> refused;
  try {
    Resolved r = Resolve(head);
    refused = r.refused;
    route = r.route ? r.route->pattern : "";
    if (!refused && r.route->from_memory) refused = r.route->from_memory(head, r.params, r.caller);
  } catch (const std::exception& e) {
    refused = Response::Error(500, "internal_error", "the gateway failed to handle this request");
  }
  if (refused) {
    Finish(head, &*refused);
    timer.Finish(head.method, route, refused->status);
  }
  return refused;
}

Response Router::Handle(const Request& req) {
  RequestTimer timer(metrics_);
  std::string route;  // the matched route's pattern, for the duration histogram
  Response resp;
  try {
    Resolved r = Resolve(req);
    route = r.route ? r.route->pattern : "";
    resp = r.refused ? *r.refused : r.route->handle(req, r.params, r.caller);
  } catch (const std::exception& e) {
    LogJson(spdlog::level::err, {{"event", "internal_error"}, {"path", req.path}, {"error", e.what()}});
    resp = Response::Error(500, "internal_error", "the gateway failed to handle this request");
  }
  Finish(req, &resp);
  timer.Finish(req.method, route, resp.status);
  return resp;
}

void Router::Finish(const Request& req, Response* resp) {
  metrics_->Inc("postern_http_requests_total", {{"code", std::to_string(resp->status / 100) + "xx"}});
  if (resp->status >= 400)
    LogJson(spdlog::level::info, {{"event", "request_error"}, {"method", req.method}, {"path", req.path},
                                  {"status", resp->status}, {"body", resp->body.substr(0, 300)}});
  if (req.method == "HEAD") resp->body.clear();  // GET's status and headers, no body
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
  std::vector<std::string> destinations;
  for (const auto& [name, connector] : *runtime_()->connectors) destinations.push_back(name);
  ReadScrapeTimeMetrics(store_, destinations, metrics_);
  return Response{200, "text/plain; version=0.0.4", metrics_->Render(), {}};
}

}  // namespace postern
