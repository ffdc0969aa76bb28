#include "gateway/app/gateway.h"

#include "gateway/base/log.h"

#include "gateway/store/sqlite_store.h"
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

bool RoleAllows(const std::string& have, const std::string& need) {
  return have == need || have == "admin";
}

}  // namespace

std::shared_ptr<Gateway::Runtime> Gateway::BuildRuntime(const Config& c, Store* store,
                                                        std::vector<std::string>* errors) {
  auto rt = std::make_shared<Runtime>();
  rt->config = c;
  CheckDeps deps{store, c.assets_dir, c.dir, c.hash_bank};
  rt->pipeline = Pipeline::Build(c, deps, errors);
  auto connectors = std::make_shared<ConnectorMap>();
  ConnectorDeps cdeps{store, c.public_base_url};
  for (size_t i = 0; i < c.connectors.size(); ++i) {
    const auto& cc = c.connectors[i];
    if (!cc.enabled) continue;
    Status st;
    auto conn = ConnectorRegistry().at(cc.name)->Create(cc.config, cdeps, &st);
    if (!conn) {
      errors->push_back("connectors[" + std::to_string(i) + "] (" + cc.name + "): " + st.message());
      continue;
    }
    (*connectors)[cc.name] = std::shared_ptr<Connector>(std::move(conn));
  }
  rt->connectors = connectors;
  if (!errors->empty()) return nullptr;
  return rt;
}

std::unique_ptr<Gateway> Gateway::Create(const std::string& config_path,
                                         std::vector<std::string>* errors) {
  Config c;
  if (!LoadConfig(config_path, &c, errors).ok()) return nullptr;
  std::unique_ptr<Gateway> g(new Gateway());
  Status st;
  g->store_ = SqliteStore::Open(c.sqlite_path, &st);
  if (!g->store_) {
    errors->push_back("storage.sqlite: " + st.message());
    return nullptr;
  }
  g->runtime_ = BuildRuntime(c, g->store_.get(), errors);
  if (!g->runtime_) return nullptr;
  Gateway* self = g.get();
  g->delivery_ = std::make_unique<DeliveryWorker>(
      g->store_.get(), &g->metrics_, c.public_base_url,
      [self] { return self->runtime()->connectors; },
      [self] {
        const Config& cfg = self->runtime()->config;
        DeliveryPolicy p;
        p.max_attempts = cfg.delivery_max_attempts;
        p.max_age_s = cfg.delivery_max_age_s;
        p.base_backoff_s = cfg.delivery_base_backoff_s;
        p.max_backoff_s = cfg.delivery_max_backoff_s;
        return p;
      });
  g->metrics_.Describe("postern_shares", "gauge", "Stored shares by current decision");
  g->metrics_.Describe("postern_share_decisions_total", "counter", "Share decisions made by this process");
  g->metrics_.Describe("postern_check_verdicts_total", "counter", "Check verdicts by plugin, verdict and mode");
  g->metrics_.Describe("postern_check_duration_ms", "histogram", "Check latency in milliseconds");
  g->metrics_.Describe("postern_deliveries_total", "counter", "Delivery attempts by connector and outcome");
  g->metrics_.Describe("postern_review_queue_depth", "gauge", "Pending review items");
  g->metrics_.Describe("postern_review_oldest_pending_age_seconds", "gauge", "Age of the oldest pending review item");
  g->metrics_.Describe("postern_http_requests_total", "counter", "HTTP requests by status class");
  g->metrics_.Describe("postern_config_reloads_total", "counter", "Config reloads by result");
  return g;
}

Gateway::~Gateway() { Stop(); }

void Gateway::Start() { delivery_->Start(runtime()->config.delivery_workers); }
void Gateway::Stop() { if (delivery_) delivery_->Stop(); }

std::shared_ptr<Gateway::Runtime> Gateway::runtime() const {
  std::lock_guard<std::mutex> l(runtime_mu_);
  return runtime_;
}

Config Gateway::config() const { return runtime()->config; }

Status Gateway::Reload(std::vector<std::string>* errors) {
  std::lock_guard<std::mutex> serial(reload_mu_);
  auto old = runtime();
  Config c;
  if (!LoadConfig(old->config.path, &c, errors).ok()) {
    metrics_.Inc("postern_config_reloads_total", {{"result", "rejected"}});
    return Status::InvalidConfig("config has errors; still running the previous one");
  }
  if (c.sqlite_path != old->config.sqlite_path) errors->push_back("storage.sqlite: changing storage needs a restart");
  if (c.host != old->config.host || c.port != old->config.port) errors->push_back("server.listen: changing the address needs a restart");
  std::shared_ptr<Runtime> rt;
  if (errors->empty()) rt = BuildRuntime(c, store_.get(), errors);
  if (!rt) {
    metrics_.Inc("postern_config_reloads_total", {{"result", "rejected"}});
    return Status::InvalidConfig("config has errors; still running the previous one");
  }
  {
    std::lock_guard<std::mutex> l(runtime_mu_);
    runtime_ = rt;
  }
  metrics_.Inc("postern_config_reloads_total", {{"result", "applied"}});
  LogJson(spdlog::level::info, {{"event", "config_reloaded"}, {"config_hash", c.hash}});
  return Status::OK();
}

void Gateway::Authenticate(const Request& req, std::string* name, std::string* role) const {
  name->clear();
  role->clear();
  const std::string auth = req.Header("authorization");
  const std::string prefix = "Bearer ";
  if (auth.size() <= prefix.size() || auth.compare(0, prefix.size(), prefix) != 0) return;
  const std::string digest = Sha256Hex(auth.substr(prefix.size()));
  for (const auto& k : runtime()->config.keys) {
    if (k.sha256 == digest) {
      *name = k.name;
      *role = k.role;
      return;
    }
  }
}

bool Gateway::IsShareRequest(const Request& req) {
  return req.method == "POST" && (req.path == "/v1/shares" || req.path == "/v1/shares/");
}

Response Gateway::Handle(const Request& req) {
  Response resp;
  try {
    const auto parts = SplitPath(req.path);
    std::string actor, role;
    Authenticate(req, &actor, &role);
    auto need = [&](const std::string& r) -> std::optional<Response> {
      if (role.empty()) {
        bool presented = !req.Header("authorization").empty();
        return Response::Error(401, "unauthorized",
                               presented ? "the API key is not valid" : "an API key is required (Authorization: Bearer KEY)");
      }
      if (!RoleAllows(role, r))
        return Response::Error(403, "forbidden", "this key's role (" + role + ") may not do this; it needs " + r);
      return std::nullopt;
    };
    const std::string& m = req.method;
    const size_t n = parts.size();
    if (n == 1 && parts[0] == "healthz" && m == "GET") {
      resp = Response::Json(200, {{"status", "ok"}, {"version", POSTERN_VERSION}});
    } else if (n == 1 && parts[0] == "metrics" && m == "GET") {
      resp = HandleMetrics();
    } else if (m == "GET" && n == 1 && (parts[0] == "showcase" || parts[0] == "curate")) {
      resp = HandleStatic(parts[0] + ".html");
    } else if (m == "GET" && n == 2 && parts[0] == "web") {
      resp = HandleStatic(parts[1]);
    } else if (n >= 2 && parts[0] == "v1") {
      const std::string& area = parts[1];
      if (area == "shares") {
        if (auto e = need("product")) resp = *e;
        else if (n == 2 && m == "POST") resp = HandleShares(req, actor);
        else if (n == 3 && m == "GET") resp = GetShareResponse(parts[2]);
        else resp = Response::Error(405, "method_not_allowed", m + " is not supported on " + req.path);
      } else if (area == "review") {
        if (auto e = need("reviewer")) resp = *e;
        else resp = HandleReview(req, parts, actor);
      } else if (area == "accounts") {
        const std::string sub = n == 4 ? parts[3] : "";
        if (auto e = need(sub == "reinstate" ? "admin" : sub == "appeal" ? "product" : "reviewer")) resp = *e;
        else resp = HandleAccounts(req, parts, actor, role);
      } else if (area == "reports" && n == 2 && m == "POST") {
        if (auto e = need("product")) resp = *e;
        else resp = HandleReports(req, actor);
      } else if (area == "feed") {
        if (m == "GET") resp = HandleFeed(req, parts);
        else if (auto e = need("curator")) resp = *e;
        else resp = HandleCurate(req, parts, actor);
      } else if (area == "media" && n == 3 && m == "GET") {
        resp = HandleMedia(parts[2], role == "curator" || role == "admin");
      } else if (area == "admin") {
        if (auto e = need("admin")) resp = *e;
        else resp = HandleAdmin(req, parts, actor);
      } else {
        resp = Response::Error(404, "not_found", "no such endpoint: " + m + " " + req.path);
      }
    } else {
      resp = Response::Error(404, "not_found", "no such endpoint: " + m + " " + req.path);
    }
  } catch (const std::exception& e) {
    LogJson(spdlog::level::err, {{"event", "internal_error"}, {"path", req.path}, {"error", e.what()}});
    resp = Response::Error(500, "internal_error", "the gateway failed to handle this request");
  }
  metrics_.Inc("postern_http_requests_total", {{"code", std::to_string(resp.status / 100) + "xx"}});
  if (resp.status >= 400)
    LogJson(spdlog::level::info, {{"event", "request_error"}, {"method", req.method}, {"path", req.path},
                       {"status", resp.status}, {"body", resp.body.substr(0, 300)}});
  return resp;
}

Response Gateway::HandleMetrics() {
  json by_decision;
  if (store_->CountShares(&by_decision).ok())
    for (auto it = by_decision.begin(); it != by_decision.end(); ++it)
      metrics_.Set("postern_shares", {{"decision", it.key()}}, it.value().get<double>());
  int64_t depth = 0, oldest = 0;
  if (store_->ReviewQueueDepth(&depth, &oldest).ok()) {
    metrics_.Set("postern_review_queue_depth", {}, double(depth));
    metrics_.Set("postern_review_oldest_pending_age_seconds", {}, oldest ? double(NowSeconds() - oldest) : 0.0);
  }
  Response r{200, "text/plain; version=0.0.4", metrics_.Render(), {}};
  return r;
}

}  // namespace postern
