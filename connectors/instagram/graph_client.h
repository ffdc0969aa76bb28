// GraphClient: the few Graph API calls content publishing needs, over libcurl. The
// token travels as the documented access_token parameter (form body for POST, query
// for GET); URLs are never put in results, so it cannot leak into reasons or logs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "connectors/instagram/graph_errors.h"
#include "gateway/schema.h"

namespace postern::instagram {

// Where and with what the client calls the Graph API (resolved at config load).
struct GraphAccess {
  std::string base_url;      // version included, no trailing slash
  std::string access_token;  // never logged
  long connect_timeout_ms;
  long timeout_ms;
};

struct GraphReply {
  bool ok = false;         // 2xx with a JSON object body
  bool transport = false;  // no HTTP answer at all (refused, timed out)
  bool timed_out = false;
  json body;               // parsed body when ok
  GraphError error;        // when !ok && !transport (code 0 if the body had no error object)
  std::string reason;      // human summary when !ok
  int regain_access_s = -1;  // from the usage headers, when Meta sends them
};

class GraphClient {
 public:
  explicit GraphClient(GraphAccess access) : access_(std::move(access)) {}

  // `path` is relative to base_url, e.g. "/123/media".
  GraphReply Get(const std::string& path, const std::vector<std::pair<std::string, std::string>>& query) const;
  GraphReply Post(const std::string& path, std::vector<std::pair<std::string, std::string>> form) const;

 private:
  GraphReply Call(const std::string& method, const std::string& path, const std::string& query,
                  const std::string& body) const;
  GraphAccess access_;
};

}  // namespace postern::instagram
