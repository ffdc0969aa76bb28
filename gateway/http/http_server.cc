#include "gateway/http/http_server.h"

#include <algorithm>
#include <optional>

#include <cpprest/http_listener.h>
#include <cpprest/uri.h>
#include <pplx/threadpool.h>
#include <spdlog/spdlog.h>

#include "gateway/base/util.h"
#include "gateway/base/worker_pool.h"

namespace postern {

using web::http::http_request;
using web::http::http_response;
using web::http::experimental::listener::http_listener;

struct HttpServer::Impl {
  EdgeSettings settings;
  EdgeHandlers handlers;
  int64_t max_body;
  std::unique_ptr<http_listener> listener;
  std::unique_ptr<WorkerPool> share_pool;  // runs the check pipeline
  std::unique_ptr<WorkerPool> api_pool;    // everything else, so reads never wait on checks

  static void Reply(http_request req, Response r) {
    http_response resp(static_cast<web::http::status_code>(r.status));
    // The string overload hands the bytes to cpprestsdk without another copy.
    resp.set_body(std::move(r.body), r.content_type.empty() ? "application/octet-stream" : r.content_type);
    // An empty answer (204) names no media type; set_body gave it octet-stream.
    if (r.content_type.empty()) resp.headers().remove(web::http::header_names::content_type);
    else resp.headers().set_content_type(r.content_type);
    for (const auto& [k, v] : r.headers) resp.headers().add(k, v);
    req.reply(resp).then([](pplx::task<void> t) {
      try { t.get(); } catch (const std::exception&) {}  // the client went away
    });
  }

  // The request line and headers as a Request (no body yet); an error answer if they
  // are malformed.
  std::optional<Response> ParseHead(const http_request& req, Request* out) {
    Request& r = *out;
    r.method = req.method();
    const auto& uri = req.relative_uri();
    try {
      r.path = web::uri::decode(uri.path());
    } catch (const std::exception&) {
      return Response::Error(400, "invalid_path", "the path has a malformed %-escape");
    }
    try {
      for (const auto& [k, v] : web::uri::split_query(uri.query()))
        r.query[web::uri::decode(k)] = web::uri::decode(v);
    } catch (const std::exception&) {
      return Response::Error(400, "invalid_query", "the query string is malformed");
    }
    // Decoded %-escapes may be any bytes; only UTF-8 may reach handlers, logs and storage.
    bool utf8 = IsValidUtf8(r.path);
    for (const auto& [k, v] : r.query) utf8 = utf8 && IsValidUtf8(k) && IsValidUtf8(v);
    if (!utf8) {
      return Response::Error(400, "invalid_utf8", "the path and query must be UTF-8 after %-decoding");
    }
    for (const auto& [k, v] : req.headers()) {
      std::string name = k;
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      r.headers[name] = v;
    }
    return std::nullopt;
  }

  void Dispatch(http_request req, Request r, std::string body) {
    r.body = std::move(body);
    const EdgeHandlers* h = &handlers;
    WorkerPool* pool = h->is_share(r) ? share_pool.get() : api_pool.get();
    auto shared = std::make_shared<Request>(std::move(r));
    bool queued = pool->TrySubmit([h, req, shared]() { Reply(req, h->handle(*shared)); });
    if (!queued) {
      h->on_overloaded();
      Response busy = Response::Error(503, "overloaded", "the gateway is at capacity; retry shortly");
      busy.headers["Retry-After"] = "1";
      Reply(req, busy);
    }
  }

  // Reads the body in chunks so an oversized one is refused without buffering it all.
  // `total` counts the bytes read: the container may hold slack past them.
  void ReadBody(http_request req, std::shared_ptr<Request> head,
                std::shared_ptr<concurrency::streams::container_buffer<std::string>> buf,
                std::shared_ptr<size_t> total) {
    auto stream = req.body();
    stream.read(*buf, 64 * 1024).then([this, req, head, buf, total](pplx::task<size_t> t) {
      size_t n = 0;
      try {
        n = t.get();
      } catch (const std::exception& e) {
        Reply(req, Response::Error(400, "invalid_body", "the request body could not be read"));
        return;
      }
      *total += n;
      if (static_cast<int64_t>(*total) > max_body) {
        Reply(req, Response::Error(413, "body_too_large",
                                   "the request body exceeds " + std::to_string(max_body) + " bytes"));
        return;
      }
      if (n == 0) {
        std::string body = std::move(buf->collection());
        body.resize(*total);
        Dispatch(req, std::move(*head), std::move(body));
        return;
      }
      ReadBody(req, head, buf, total);
    });
  }

  void OnRequest(http_request req) {
    // Route, method and key are judged from the headers before the body is read, so a
    // refused upload is never copied into a request buffer. cpprestsdk itself still takes
    // the whole body before it writes any answer: only a front (deploy/nginx) can refuse
    // an upload before it is sent.
    auto head = std::make_shared<Request>();
    if (auto refused = ParseHead(req, head.get())) {
      Reply(req, *refused);
      return;
    }
    if (auto refused = handlers.precheck(*head)) {
      Reply(req, *refused);
      return;
    }
    const auto len = req.headers().content_length();
    if (len > static_cast<uint64_t>(max_body)) {
      Reply(req, Response::Error(413, "body_too_large",
                                 "the request body exceeds " + std::to_string(max_body) + " bytes"));
      return;
    }
    if (len == 0 && !req.headers().has("Transfer-Encoding")) {
      Dispatch(req, std::move(*head), std::string());
      return;
    }
    auto buf = std::make_shared<concurrency::streams::container_buffer<std::string>>();
    ReadBody(req, head, buf, std::make_shared<size_t>(0));
  }
};

HttpServer::HttpServer(EdgeSettings settings, EdgeHandlers handlers) : impl_(new Impl()) {
  impl_->settings = std::move(settings);
  impl_->handlers = std::move(handlers);
}
HttpServer::~HttpServer() { Stop(); }

void HttpServer::InitThreadPool(int threads) {
  crossplat::threadpool::initialize_with_threads(static_cast<size_t>(threads));
}

Status HttpServer::Start() {
  const EdgeSettings& c = impl_->settings;
  impl_->max_body = c.max_body_bytes;
  impl_->share_pool = std::make_unique<WorkerPool>(c.workers, static_cast<size_t>(c.queue_depth));
  impl_->api_pool = std::make_unique<WorkerPool>(std::max(2u, std::thread::hardware_concurrency()), 1024);
  try {
    web::http::experimental::listener::http_listener_config lc;
    impl_->listener = std::make_unique<http_listener>(
        "http://" + c.host + ":" + std::to_string(c.port), lc);
    Impl* impl = impl_.get();
    impl_->listener->support([impl](http_request req) { impl->OnRequest(std::move(req)); });
    // cpprestsdk answers these itself unless given a handler (TRACE would echo every
    // header back, Authorization included): the router decides them like any method.
    for (const auto& m : {web::http::methods::OPTIONS, web::http::methods::TRCE})
      impl_->listener->support(m, [impl](http_request req) { impl->OnRequest(std::move(req)); });
    impl_->listener->open().wait();
  } catch (const std::exception& e) {
    return Status::IOError(std::string("cannot listen on ") + c.host + ":" +
                                              std::to_string(c.port) + ": " + e.what());
  }
  return Status::OK();
}

void HttpServer::Stop() {
  if (impl_->listener) {
    try { impl_->listener->close().wait(); } catch (...) {}
    impl_->listener.reset();
  }
  impl_->share_pool.reset();
  impl_->api_pool.reset();
}

}  // namespace postern
