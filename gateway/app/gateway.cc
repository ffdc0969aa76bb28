#include "gateway/app/gateway.h"

#include <unistd.h>

#include "gateway/base/log.h"
#include "gateway/store/postgres_store.h"
#include "gateway/store/sqlite_store.h"

namespace postern {

namespace {
// How often each instance reads the change counters: the longest another instance's feed
// change or config reload takes to show here (this process's own writes show at once).
constexpr int kChangePollMs = 250;
}  // namespace

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
  // Where limits are counted is fixed at start (like storage); the rules reload.
  g->limiter_ = c.redis_host.empty() ? NewMemoryRateLimiter()
                                     : NewRedisRateLimiter(c.redis_host, c.redis_port, c.redis_timeout_ms);
  g->shares_ = std::make_unique<ShareService>(store, g->delivery_.get(), &g->metrics_, runtime, g->limiter_.get());
  g->review_ = std::make_unique<ReviewService>(store, g->delivery_.get(), &g->metrics_, runtime);
  g->feed_ = std::make_unique<FeedService>(store);
  g->changes_ = std::make_unique<ChangeWatcher>(store, kChangePollMs);
  g->changes_->Listen([self](const std::string& name, int64_t value) { self->OnCounterMoved(name, value); });
  g->accounts_ = std::make_unique<AccountService>(store, runtime);
  g->router_ = std::make_unique<Router>(
      store, &g->metrics_, g->delivery_.get(), runtime,
      Router::Services{g->shares_.get(), g->review_.get(), g->feed_.get(), g->accounts_.get(), g->changes_.get()},
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
  metrics_.Describe("postern_rate_limited_total", "counter", "Shares refused with 429 by limit scope (user, key)");
  metrics_.Describe("postern_rate_limit_errors_total", "counter",
                    "Shares whose limit could not be checked (Redis down or slow), by outcome (allowed, denied)");
  for (const char* scope : {"user", "key"}) metrics_.Inc("postern_rate_limited_total", {{"scope", scope}}, 0);
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

void Gateway::Start() {
  {
    std::map<std::string, int64_t> counters;
    if (store_->ReadCounters(&counters).ok()) config_generation_ = counters["config"];
  }
  changes_->Start();
  delivery_->Start(runtime()->config.delivery_workers);
}
void Gateway::Stop() {
  if (changes_) changes_->Stop();
  if (delivery_) delivery_->Stop();
}

std::shared_ptr<const Runtime> Gateway::runtime() const {
  std::lock_guard<std::mutex> l(runtime_mu_);
  return runtime_;
}

Status Gateway::Reload(std::vector<std::string>* errors) { return ReloadGuarded(errors, true); }

void Gateway::OnCounterMoved(const std::string& name, int64_t value) {
  if (name != "config") return;
  {
    std::lock_guard<std::mutex> serial(reload_mu_);
    if (value <= config_generation_) return;  // this instance's own announcement
  }
  std::vector<std::string> errors;
  Status st = ReloadGuarded(&errors, false);
  {
    std::lock_guard<std::mutex> serial(reload_mu_);
    config_generation_ = std::max(config_generation_, value);
  }
  LogJson(st.ok() ? spdlog::level::info : spdlog::level::err,
          {{"event", "config_reload_from_peer"}, {"ok", st.ok()}, {"errors", errors}});
}

Status Gateway::ReloadGuarded(std::vector<std::string>* errors, bool announce) {
  // Whatever the new file holds, the running config keeps serving if it fails.
  try {
    return ReloadOrRefuse(errors, announce);
  } catch (const std::exception& e) {
    errors->push_back(std::string("reload failed: ") + e.what());
  } catch (...) {
    errors->push_back("reload failed");
  }
  metrics_.Inc("postern_config_reloads_total", {{"result", "rejected"}});
  return Status::InvalidConfig("config has errors; still running the previous one");
}

Status Gateway::ReloadOrRefuse(std::vector<std::string>* errors, bool announce) {
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
  if (c.redis_host != old->config.redis_host || c.redis_port != old->config.redis_port)
    errors->push_back("limits.redis.url: changing it needs a restart");
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
  if (announce) {
    // Other instances on this database reload their own files within a poll. Not being
    // able to tell them does not undo this reload.
    std::map<std::string, int64_t> counters;
    Status told = store_->BumpCounter("config");
    if (told.ok()) told = store_->ReadCounters(&counters);
    if (told.ok()) config_generation_ = counters["config"];
    else LogJson(spdlog::level::warn, {{"event", "config_reload_not_announced"}, {"error", told.ToString()}});
  }
  return Status::OK();
}

}  // namespace postern
