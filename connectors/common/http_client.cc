#include "connectors/common/http_client.h"

#include <chrono>
#include <mutex>

#include <curl/curl.h>

namespace postern::connector_common {
namespace {

// curl_global_init is not guaranteed thread-safe: run it once, whoever comes first.
void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  std::string* body;
  size_t max;
  bool overflow = false;
};

size_t OnBody(char* p, size_t s, size_t n, void* ud) {
  auto* sink = static_cast<Sink*>(ud);
  if (sink->body->size() + s * n > sink->max) {
    sink->overflow = true;
    return 0;  // aborts the transfer: a destination may not flood us
  }
  sink->body->append(p, s * n);
  return s * n;
}

size_t OnHeader(char* p, size_t s, size_t n, void* ud) {
  std::string line(p, s * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string k = line.substr(0, colon), v = line.substr(colon + 1);
    for (auto& c : k) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.erase(0, 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(ud))[k] = v;
  }
  return s * n;
}

}  // namespace

HttpReply Perform(const HttpCall& call) {
  GlobalInit();
  HttpReply r;
  auto t0 = std::chrono::steady_clock::now();
  CURL* c = curl_easy_init();
  if (!c) {
    r.error = "curl_easy_init failed";
    return r;
  }
  Sink sink{&r.body, call.max_response_bytes};
  curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, call.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, call.timeout_ms);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "postern/" POSTERN_VERSION);
  if (call.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  struct curl_slist* hs = nullptr;
  hs = curl_slist_append(hs, "Expect:");  // no 100-continue round trip
  for (const auto& h : call.headers) hs = curl_slist_append(hs, h.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    r.transport_ok = true;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  } else if (sink.overflow) {
    // The destination answered, just too much; keep the status for mapping.
    r.transport_ok = true;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    r.error = "response larger than " + std::to_string(call.max_response_bytes) + " bytes";
  } else {
    r.error = curl_easy_strerror(rc);
    r.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    r.bad_url = rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
  }
  curl_slist_free_all(hs);
  curl_easy_cleanup(c);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

int ParseRetryAfter(const std::string& value, int64_t now_unix, int max_s) {
  if (value.empty()) return -1;
  bool digits = true;
  for (char ch : value) digits &= (ch >= '0' && ch <= '9');
  int64_t s = -1;
  if (digits) {
    s = value.size() > 9 ? max_s : std::stoll(value);
  } else {
    time_t t = curl_getdate(value.c_str(), nullptr);  // RFC 7231 HTTP-date
    if (t < 0) return -1;
    s = static_cast<int64_t>(t) - now_unix;
  }
  if (s < 0) s = 0;
  if (s > max_s) s = max_s;
  return static_cast<int>(s);
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  GlobalInit();
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    char* ek = curl_easy_escape(nullptr, k.data(), static_cast<int>(k.size()));
    char* ev = curl_easy_escape(nullptr, v.data(), static_cast<int>(v.size()));
    out += std::string(ek) + "=" + ev;
    curl_free(ek);
    curl_free(ev);
  }
  return out;
}

std::string RedactUrl(const std::string& url) {
  std::string u = url.substr(0, url.find_first_of("?#"));
  auto scheme = u.find("://");
  if (scheme != std::string::npos) {
    auto at = u.find('@', scheme + 3);
    auto slash = u.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash))
      u.erase(scheme + 3, at + 1 - (scheme + 3));
  }
  return u;
}

std::string TruncateUtf8(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to a sequence start.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace postern::connector_common
