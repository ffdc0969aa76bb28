// HttpServer: the HTTP edge (cpprestsdk's http_listener). Streams request bodies and
// stops at max_body_bytes, hands each request to a bounded worker pool (shares get
// their own pool) and answers 503 "overloaded" when a pool is full. Listener threads
// never block on a handler.
#pragma once

#include <memory>
#include <string>

#include <functional>
#include <optional>

#include "gateway/request.h"
#include "gateway/status.h"

namespace postern {

// What the edge needs from the config.
struct EdgeSettings {
  std::string host;
  int port = 0;
  int64_t max_body_bytes = 0;
  int workers = 1;       // threads for share requests (the check pipeline)
  int queue_depth = 1;   // share requests queued beyond which the edge answers 503
};

// What the edge calls: it knows nothing of what is behind it.
struct EdgeHandlers {
  std::function<Response(const Request&)> handle;      // never throws
  std::function<bool(const Request&)> is_share;         // goes to the share pool
  // Judges a request from its line and headers alone (body empty): the answer if it is
  // refused whatever its body (no route, wrong method, no or wrong key), else nullopt.
  std::function<std::optional<Response>(const Request&)> precheck;
  std::function<void()> on_overloaded;                  // counted by the caller
};

class HttpServer {
 public:
  HttpServer(EdgeSettings settings, EdgeHandlers handlers);
  ~HttpServer();
  // Sizes cpprest's own thread pool; must run before the first listener is made.
  static void InitThreadPool(int threads);
  // Starts listening on settings.host:port. kIOError if it cannot listen.
  Status Start();
  // Stops accepting; waits for queued handlers.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace postern
