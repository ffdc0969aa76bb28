// Request and Response as API handlers and extension routes see them: plain data,
// independent of the HTTP library (cpprestsdk is confined to gateway/http/).
#pragma once

#include <map>
#include <string>

#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // decoded path, no query
  std::map<std::string, std::string> query;    // decoded query parameters
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;

  static Response Json(int status, const json& j) {
    // Stored text from before UTF-8 was enforced must not make an answer throw: invalid
    // bytes are written as U+FFFD.
    return Response{status, "application/json", j.dump(-1, ' ', false, json::error_handler_t::replace), {}};
  }
  // The one error shape: {"error": {"code", "message"}} (+ optional details).
  static Response Error(int status, const std::string& code, const std::string& message,
                        const json& details = nullptr) {
    json e = {{"error", {{"code", code}, {"message", message}}}};
    if (!details.is_null()) e["error"]["details"] = details;
    Response r = Json(status, e);
    // Every 503 is temporary (storage down, overloaded): say when to come back.
    if (status == 503) r.headers["Retry-After"] = "1";
    return r;
  }
};

// The API's answer for a failed Status: its HTTP status and stable code from the one
// table in status.cc (storage failures are 503 storage_unavailable).
inline Response StatusError(const Status& st) {
  return Response::Error(StatusCodeHttp(st.code()), st.code_name(), st.message());
}

}  // namespace postern
