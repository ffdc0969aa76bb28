// HttpServer: the HTTP edge (cpprestsdk's http_listener). Streams request bodies and
// stops at max_body_bytes, hands each request to a bounded worker pool (shares get
// their own pool) and answers 503 "overloaded" when a pool is full. Listener threads
// never block on a handler.
#pragma once

#include <memory>
#include <string>

#include "gateway/app/gateway.h"
#include "gateway/status.h"

namespace postern {

class HttpServer {
 public:
  explicit HttpServer(Gateway* gateway);
  ~HttpServer();
  // Sizes cpprest's own thread pool; must run before the first listener is made.
  static void InitThreadPool(int threads);
  // Starts listening on the gateway's configured address.
  Status Start();
  // Stops accepting; waits for queued handlers.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace postern
