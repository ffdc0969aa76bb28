// Router: the API's front door. Resolves the bearer key to a Caller, checks the route's
// role, and hands the request to its handler class; also /healthz, /metrics and pages.
// Never throws: an unexpected exception is a logged 500.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gateway/api/handlers.h"
#include "gateway/base/metrics.h"
#include "gateway/share/runtime.h"
#include "gateway/store/store.h"

namespace postern {

class Router {
 public:
  struct Services {
    ShareService* shares;
    ReviewService* review;
    FeedService* feed;
    AccountService* accounts;
  };
  Router(Store* store, Metrics* metrics, DeliveryWorker* delivery, RuntimeSource runtime, Services services,
         AdminApi::Reloader reload);

  Response Handle(const Request& req);
  // True for requests that run the check pipeline (the edge gives them their own pool).
  static bool IsShareRequest(const Request& req);

 private:
  Response Route(const Request& req, const std::vector<std::string>& parts, const Caller& caller);
  Caller Authenticate(const Request& req) const;
  Response Metrics();

  Store* store_;
  class Metrics* metrics_;
  RuntimeSource runtime_;
  SharesApi shares_;
  ReviewApi review_;
  AccountsApi accounts_;
  FeedApi feed_;
  AdminApi admin_;
};

}  // namespace postern
