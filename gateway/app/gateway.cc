#include "gateway/app/gateway.h"

#include <unistd.h>

#include "gateway/base/log.h"
#include "gateway/store/postgres_store.h"
#include "gateway/store/sqlite_store.h"

namespace postern {

std::shared_ptr<Runtime> Gateway::BuildRuntime(const Config& c, Store* store, std::vector<std::string>* errors) {
  auto rt = std::make_shared<Runtime>();
  rt->config = c;
  CheckDeps deps;
  deps.data_dir = c.assets_dir;
  deps.config_dir = c.dir;
  deps.accounts = store;
  deps.records = store;
  rt->pipeline = Pipeline::Build(c, deps, errors);
  auto connectors = std::make_shared<ConnectorMap>();
  ConnectorDeps cdeps;
  cdeps.feed = store;
  cdeps.state = store;
  cdeps.public_base_url = c.public_base_url;
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

// Stable across restarts and unique per listening process on a host.
std::string Gateway::InstanceId(const Config& c) {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return std::string(host) + "/" + c.host + ":" + std::to_string(c.port);
}

std::unique_ptr<Gateway> Gateway::Create(const std::string& config_path, std::vector<std::string>* errors) {
  Config c;
  if (!LoadConfig(config_path, &c, errors).ok()) return nullptr;
  std::unique_ptr<Gateway> g(new Gateway());
  Status st;
  if (!c.postgres_dsn.empty()) {
    g->store_ = PostgresStore::Open(c.postgres_dsn, c.postgres_pool_size, &st);
    if (!g->store_) errors->push_back("storage.postgres: " + st.message());
  } else {
    g->store_ = SqliteStore::Open(c.sqlite_path, &st);
    if (!g->store_) errors->push_back("storage.sqlite: " + st.message());
  }
  if (!g->store_) return nullptr;
  g->runtime_ = BuildRuntime(c, g->store_.get(), errors);
  if (!g->runtime_) return nullptr;
  Gateway* self = g.get();
  RuntimeSource runtime = [self] { return self->runtime(); };
  g->delivery_ = std::make_unique<DeliveryWorker>(
      g->store_.get(), &g->metrics_, c.public_base_url, [self] { return self->runtime()->connectors; },
      [self] {
        const Config& cfg = self->runtime()->config;
        DeliveryPolicy p;
        p.max_attempts = cfg.delivery_max_attempts;
        p.max_age_s = cfg.delivery_max_age_s;
        p.base_backoff_s = cfg.delivery_base_backoff_s;
        p.max_backoff_s = cfg.delivery_max_backoff_s;
        return p;
      },
      InstanceId(c));
  Store* store = g->store_.get();
  g->shares_ = std::make_unique<ShareService>(store, g->delivery_.get(), &g->metrics_, runtime);
  g->review_ = std::make_unique<ReviewService>(store, g->delivery_.get(), &g->metrics_, runtime);
  g->feed_ = std::make_unique<FeedService>(store);
  g->accounts_ = std::make_unique<AccountService>(store, runtime);
  g->router_ = std::make_unique<Router>(
      store, &g->metrics_, g->delivery_.get(), runtime,
      Router::Services{g->shares_.get(), g->review_.get(), g->feed_.get(), g->accounts_.get()},
      [self](std::vector<std::string>* errors) { return self->Reload(errors); });
  g->DescribeMetrics();
  return g;
}

void Gateway::DescribeMetrics() {
  metrics_.Describe("postern_shares", "gauge", "Stored shares by current decision");
  metrics_.Describe("postern_share_decisions_total", "counter", "Share decisions made by this process");
  metrics_.Describe("postern_check_verdicts_total", "counter", "Check verdicts by plugin, verdict and mode");
  metrics_.Describe("postern_check_duration_seconds", "histogram", "Check latency in seconds, by plugin");
  metrics_.Describe("postern_deliveries_total", "counter", "Delivery attempts by connector and outcome");
  metrics_.Describe("postern_review_queue_depth", "gauge", "Pending review items");
  metrics_.Describe("postern_review_oldest_pending_age_seconds", "gauge", "Age of the oldest pending review item");
  metrics_.Describe("postern_review_decisions_total", "counter", "Reviewer decisions by action");
  metrics_.Describe("postern_review_hook_failures_total", "counter",
                    "Checks' review hooks that failed after a confirmed violation, by plugin");
  metrics_.Describe("postern_reports_total", "counter", "User reports received");
  metrics_.Describe("postern_http_requests_total", "counter", "HTTP requests by status class");
  metrics_.Describe("postern_config_reloads_total", "counter", "Config reloads by result");
  // Request latency and load, outbox backlog, build and process: what operators alert on.
  metrics_.Describe("postern_http_request_duration_seconds", "histogram",
                    "Time to handle a request, by method, route pattern and status code");
  metrics_.Describe("postern_http_requests_in_flight", "gauge", "Requests being handled now");
  metrics_.Describe("postern_outbox_deliveries", "gauge",
                    "Deliveries waiting (pending, including retries) or given up (dead), by destination");
  metrics_.Describe("postern_build_info", "gauge", "Always 1; the version of this binary as a label");
  metrics_.Set("postern_build_info", {{"version", POSTERN_VERSION}}, 1);
  metrics_.Set("postern_http_requests_in_flight", {}, 0);
  // Present from the start, so a rate over them is 0 rather than absent.
  for (auto d : {Decision::kApproved, Decision::kHeld, Decision::kRejected})
    metrics_.Inc("postern_share_decisions_total", {{"decision", EnumName(d)}}, 0);
  metrics_.Describe("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds");
  metrics_.Describe("process_resident_memory_bytes", "gauge", "Resident memory size in bytes");
  metrics_.Describe("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes");
  metrics_.Describe("process_open_fds", "gauge", "Number of open file descriptors");
  metrics_.Describe("process_max_fds", "gauge", "Maximum number of open file descriptors");
  metrics_.Describe("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds");
}

Gateway::~Gateway() { Stop(); }

void Gateway::Start() { delivery_->Start(runtime()->config.delivery_workers); }
void Gateway::Stop() {
  if (delivery_) delivery_->Stop();
}

std::shared_ptr<const Runtime> Gateway::runtime() const {
  std::lock_guard<std::mutex> l(runtime_mu_);
  return runtime_;
}

Status Gateway::Reload(std::vector<std::string>* errors) {
  // Whatever the new file holds, the running config keeps serving if it fails.
  try {
    return ReloadOrRefuse(errors);
  } catch (const std::exception& e) {
    errors->push_back(std::string("reload failed: ") + e.what());
  } catch (...) {
    errors->push_back("reload failed");
  }
  metrics_.Inc("postern_config_reloads_total", {{"result", "rejected"}});
  return Status::InvalidConfig("config has errors; still running the previous one");
}

Status Gateway::ReloadOrRefuse(std::vector<std::string>* errors) {
  std::lock_guard<std::mutex> serial(reload_mu_);
  auto old = runtime();
  Config c;
  const Status refused = Status::InvalidConfig("config has errors; still running the previous one");
  if (!LoadConfig(old->config.path, &c, errors).ok()) {
    metrics_.Inc("postern_config_reloads_total", {{"result", "rejected"}});
    return refused;
  }
  if (c.sqlite_path != old->config.sqlite_path) errors->push_back("storage.sqlite: changing storage needs a restart");
  else if (c.postgres_dsn != old->config.postgres_dsn || c.postgres_pool_size != old->config.postgres_pool_size)
    errors->push_back("storage.postgres: changing storage needs a restart");
  if (c.host != old->config.host || c.port != old->config.port)
    errors->push_back("server.listen: changing the address needs a restart");
  std::shared_ptr<Runtime> rt;
  if (errors->empty()) rt = BuildRuntime(c, store_.get(), errors);
  if (!rt) {
    metrics_.Inc("postern_config_reloads_total", {{"result", "rejected"}});
    return refused;
  }
  {
    std::lock_guard<std::mutex> l(runtime_mu_);
    runtime_ = rt;
  }
  metrics_.Inc("postern_config_reloads_total", {{"result", "applied"}});
  LogJson(spdlog::level::info, {{"event", "config_reloaded"}, {"config_hash", c.hash}});
  return Status::OK();
}

}  // namespace postern
