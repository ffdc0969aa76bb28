// Router: the API's front door. One table of routes (method, path pattern, role,
// handler) that dispatch, 405 answers with Allow, and the API description are all read
// from. Resolves the bearer key to a Caller and checks the route's role (401/403)
// before the handler runs. Never throws: an unexpected exception is a logged 500.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gateway/api/handlers.h"
#include "gateway/base/metrics.h"
#include "gateway/share/runtime.h"
#include "gateway/store/store.h"

namespace postern {

struct Route {
  std::string method;   // GET, POST, PATCH, ...
  std::string pattern;  // "/v1/review/{share_id}/claim": {name} matches one segment
  std::string role;     // "" (public), product, reviewer, curator or admin
  // Gets the request, the values of the pattern's {names} in order, and the caller.
  std::function<Response(const Request&, const std::vector<std::string>&, const Caller&)> handle;
  // Optional: the answer when it is already in memory (no storage, no waiting), given
  // at once from the request's headers; nullopt sends the request the usual way.
  std::function<std::optional<Response>(const Request&, const std::vector<std::string>&, const Caller&)> from_memory;
};

class Router {
 public:
  struct Services {
    ShareService* shares;
    ReviewService* review;
    FeedService* feed;
    AccountService* accounts;
    ChangeWatcher* changes;  // tells the feed cache when it is stale
  };
  Router(Store* store, Metrics* metrics, DeliveryWorker* delivery, RuntimeSource runtime, Services services,
         AdminApi::Reloader reload);

  Response Handle(const Request& req);
  // The answer for a request refused from its line and headers alone (no such route,
  // wrong method, OPTIONS, no or wrong key), so the edge need not read its body.
  // Also answers a request whose route has its answer in memory (a cached feed page), so
  // the most-read endpoints skip the worker hand-off.
  std::optional<Response> Precheck(const Request& head);
  // True for requests that run the check pipeline (the edge gives them their own pool).
  static bool IsShareRequest(const Request& req);
  // Every route: the core's table, then the admin routes of the checks in force.
  std::vector<Route> Routes() const;

 private:
  // The route a request goes to, or the answer that refuses it.
  struct Resolved {
    std::shared_ptr<const std::vector<Route>> table;  // keeps `route` alive
    const Route* route = nullptr;
    std::vector<std::string> params;
    Caller caller;
    std::optional<Response> refused;
  };
  Resolved Resolve(const Request& req) const;
  // Counts and logs an answer; HEAD loses its body.
  void Finish(const Request& req, Response* resp);
  Response AuthCheck(const Request& sub) const;
  std::vector<Route> CoreRoutes();
  std::shared_ptr<const std::vector<Route>> Table() const;
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
  std::vector<Route> core_routes_;
  mutable std::mutex table_mu_;
  mutable std::shared_ptr<const Pipeline> table_pipeline_;  // the pipeline table_ was built for
  mutable std::shared_ptr<const std::vector<Route>> table_;
};

// Splits a path into its non-empty segments ("/v1//feed/" -> ["v1", "feed"]).
std::vector<std::string> SplitPath(const std::string& path);
// %XX-decodes `in`; false for a malformed escape.
bool PercentDecode(const std::string& in, std::string* out);
// True if `segments` match `pattern`'s; *params gets the values of its {names}.
bool MatchRoute(const std::string& pattern, const std::vector<std::string>& segments,
                std::vector<std::string>* params);

}  // namespace postern
