// The /metrics side of the API: the per-request timer the router wraps every request
// in, and the series read at scrape time (outbox backlog, process) rather than counted.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "gateway/base/metrics.h"
#include "gateway/store/store.h"

namespace postern {

// Counts a request in flight from construction until Finish or destruction; Finish
// also records its duration by method, route pattern and status code. Labels stay
// bounded: the route is the table's pattern ("/v1/review/{share_id}"), never the raw
// path, and an unknown method is "other".
class RequestTimer {
 public:
  explicit RequestTimer(Metrics* metrics);
  ~RequestTimer();
  RequestTimer(const RequestTimer&) = delete;
  RequestTimer& operator=(const RequestTimer&) = delete;
  // `route` is the pattern of the route that took the request; "" (labelled "unmatched")
  // when none did: 404, 405 and OPTIONS.
  void Finish(const std::string& method, const std::string& route, int status);

 private:
  Metrics* metrics_;
  std::chrono::steady_clock::time_point started_;
  bool finished_ = false;
};

// Sets postern_outbox_deliveries{destination, status} (every configured destination
// appears, at 0 when it has nothing waiting) and the process_* series. A store or /proc
// failure leaves the previous values.
void ReadScrapeTimeMetrics(DeliveryStore* deliveries, const std::vector<std::string>& destinations,
                           Metrics* metrics);

}  // namespace postern
