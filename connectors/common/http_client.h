// The outbound HTTP client: one call with libcurl, bounded in time and size. Used by
// the remote connectors; never throws, never follows redirects, http(s) only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace postern::connector_common {

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;   // "Name: value"
  std::string body;
  long connect_timeout_ms = 3000;
  long timeout_ms = 10000;            // whole call, connect included
  size_t max_response_bytes = 1 << 20;
};

struct HttpReply {
  bool transport_ok = false;  // false: no HTTP answer (refused, timeout, DNS, TLS...)
  bool timed_out = false;
  bool bad_url = false;       // malformed URL or unsupported scheme: will never work
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names, last value wins
  // Why the call fell short, never with the URL: libcurl's message when !transport_ok,
  // or "response larger than N bytes" when the answer was cut (status still set).
  std::string error;
  double seconds = 0;

  std::string Header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? "" : it->second;
  }
};

// Performs the call. Thread-safe (one easy handle per call).
HttpReply Perform(const HttpCall& call);

// Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), clamped to
// [0, max_s]; -1 if absent or unparseable.
int ParseRetryAfter(const std::string& value, int64_t now_unix, int max_s = 86400);

// application/x-www-form-urlencoded body or query from ordered pairs.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// The URL without its query string and user-info, safe to put in reasons and logs.
std::string RedactUrl(const std::string& url);

// Cuts `s` to at most `max_bytes` bytes without splitting a UTF-8 sequence.
std::string TruncateUtf8(const std::string& s, size_t max_bytes);

}  // namespace postern::connector_common
