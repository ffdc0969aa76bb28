// The API's handler classes, one per endpoint family. Each parses and checks a request's
// shape, calls a service, and writes the response; the rules live in the services.
// Router (api/router.h) authenticates and dispatches to them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gateway/api/feed_cache.h"
#include "gateway/base/metrics.h"
#include "gateway/request.h"
#include "gateway/services/account_service.h"
#include "gateway/services/change_watcher.h"
#include "gateway/services/feed_service.h"
#include "gateway/services/review_service.h"
#include "gateway/share/share_service.h"

namespace postern {

// Who is calling: the key's name and role ("" when no valid key was given).
struct Caller {
  std::string name;
  std::string role;  // product | reviewer | curator | admin
  // admin may do everything.
  bool Has(const std::string& need) const { return !role.empty() && (role == need || role == "admin"); }
};

// POST /v1/shares, GET /v1/shares/{id}.
class SharesApi {
 public:
  explicit SharesApi(ShareService* shares) : shares_(shares) {}
  Response Create(const Request& req, const Caller& caller);
  Response Get(const std::string& share_id);

 private:
  ShareService* shares_;
};

// /v1/review..., POST /v1/reports.
class ReviewApi {
 public:
  ReviewApi(ReviewService* review, ShareStore* shares) : review_(review), shares_(shares) {}
  Response List(const Request& req);
  Response Stats();
  Response Image(const std::string& share_id);
  Response Claim(const std::string& share_id, const Caller& caller, bool release);
  Response Decide(const Request& req, const std::string& share_id, const Caller& caller);
  Response Bulk(const Request& req, const Caller& caller);
  Response Report(const Request& req, const Caller& caller);
  // GET /v1/review/{share_id}: the item with its checks, reports and account.
  Response Detail(const std::string& share_id);

 private:
  ReviewService* review_;
  ShareStore* shares_;
};

// /v1/accounts/{user_id}[/reinstate|/appeal].
class AccountsApi {
 public:
  explicit AccountsApi(AccountService* accounts) : accounts_(accounts) {}
  Response Get(const std::string& user_id);
  Response Reinstate(const std::string& user_id, const Caller& caller);
  Response Appeal(const std::string& user_id);

 private:
  AccountService* accounts_;
};

// /v1/feed..., /v1/media/{id}.
class FeedApi {
 public:
  // `changes` (may be null: no caching) tells when the cached public answers are stale.
  FeedApi(FeedService* feed, RuntimeSource runtime, ChangeWatcher* changes)
      : feed_(feed), runtime_(std::move(runtime)), changes_(changes), cache_(64 << 20) {}
  Response List(const Request& req, const Caller& caller);
  Response Get(const std::string& post_id);
  Response Curate(const std::string& post_id, const std::string& action, const Caller& caller);
  Response Edit(const Request& req, const std::string& post_id, const Caller& caller);
  Response Media(const Request& req, const std::string& id, const Caller& caller);
  // The same answers when they are cached and current, else nullopt (never blocks).
  std::optional<Response> ListFromMemory(const Request& req, const Caller& caller);
  std::optional<Response> MediaFromMemory(const Request& req, const std::string& id, const Caller& caller);

 private:
  // A cached answer, or 304 when the caller holds its ETag.
  static Response FromCache(const Request& req, const CachedBody& c, const char* cache_control);

  FeedService* feed_;
  RuntimeSource runtime_;
  ChangeWatcher* changes_;
  FeedCache cache_;
};

// /v1/admin/... (plugins, reload, deliveries, audit) and the extensions' admin routes.
class AdminApi {
 public:
  using Reloader = std::function<Status(std::vector<std::string>* errors)>;
  AdminApi(Store* store, DeliveryWorker* delivery, RuntimeSource runtime, Reloader reload)
      : store_(store), delivery_(delivery), runtime_(std::move(runtime)), reload_(std::move(reload)) {}
  Response Plugins();
  Response Reload(const Caller& caller);
  Response Deliveries(const Request& req);
  Response RetryDelivery(const std::string& id, const Caller& caller);
  Response Audit(const Request& req);

 private:

  Store* store_;
  DeliveryWorker* delivery_;
  RuntimeSource runtime_;
  Reloader reload_;
};

// /showcase, /curate, /web/{file}: the pages, from the configured web_dir.
Response ServeStatic(const std::string& web_dir, const std::string& name);

}  // namespace postern
