#include "gateway/api/metrics_api.h"

#include <map>
#include <set>

#include "gateway/base/enum_names.h"
#include "gateway/base/process_stats.h"

namespace postern {

RequestTimer::RequestTimer(Metrics* metrics) : metrics_(metrics), started_(std::chrono::steady_clock::now()) {
  metrics_->Inc("postern_http_requests_in_flight", {}, 1);
}

RequestTimer::~RequestTimer() {
  if (!finished_) metrics_->Inc("postern_http_requests_in_flight", {}, -1);
}

void RequestTimer::Finish(const std::string& method, const std::string& route, int status) {
  static const std::set<std::string> kMethods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  if (finished_) return;
  finished_ = true;
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started_;
  metrics_->Inc("postern_http_requests_in_flight", {}, -1);
  metrics_->Observe("postern_http_request_duration_seconds",
                    {{"method", kMethods.count(method) ? method : "other"},
                     {"route", route.empty() ? "unmatched" : route},
                     {"code", std::to_string(status)}},
                    took.count());
}

void ReadScrapeTimeMetrics(DeliveryStore* deliveries, const std::vector<std::string>& destinations,
                           Metrics* metrics) {
  std::vector<std::pair<Labels, double>> outbox;
  bool read = true;
  for (auto state : {DeliveryState::kPending, DeliveryState::kDead}) {
    std::map<std::string, int64_t> counts;
    for (const auto& d : destinations) counts[d] = 0;
    read = read && deliveries->CountDeliveriesByDestination(state, &counts).ok();
    for (const auto& [destination, n] : counts)
      outbox.push_back({{{"destination", destination}, {"status", EnumName(state)}}, double(n)});
  }
  if (read) metrics->SetAll("postern_outbox_deliveries", outbox);

  ProcessStats p;
  if (!ReadProcessStats(&p)) return;
  metrics->Set("process_cpu_seconds_total", {}, p.cpu_seconds);
  metrics->Set("process_resident_memory_bytes", {}, p.resident_bytes);
  metrics->Set("process_virtual_memory_bytes", {}, p.virtual_bytes);
  metrics->Set("process_open_fds", {}, p.open_fds);
  metrics->Set("process_max_fds", {}, p.max_fds);
  metrics->Set("process_start_time_seconds", {}, p.start_time_seconds);
}

}  // namespace postern
