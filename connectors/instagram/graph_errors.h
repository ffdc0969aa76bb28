// Graph API error classification: which Instagram errors are worth retrying, which
// need a fresh media container, and which will never succeed. Codes and subcodes are
// those of Meta's "Instagram Platform: Error Codes" and Graph API error-handling docs.
#pragma once

#include <string>

#include "gateway/schema.h"

namespace postern::instagram {

struct GraphError {
  long http_status = 0;
  int code = 0;
  int subcode = 0;
  bool is_transient = false;
  std::string type;      // e.g. "OAuthException"
  std::string message;   // Meta's message; never contains our token
};

enum class ErrorAction {
  kRetry,              // transient: try again later with the same container
  kRetryNewContainer,  // the container is spoilt: forget it, create a new one next time
  kRateLimited,        // app/user/account rate limit: retry after the usage window
  kQuota,              // 24-hour publishing limit reached
  kPermanent,          // bad token, permissions, invalid media: retrying cannot help
};

// Reads {"error": {...}} from a Graph API response body; false if there is none.
bool ParseGraphError(long http_status, const std::string& body, GraphError* out);

ErrorAction Classify(const GraphError& e);

// "Graph API error 190/460 (OAuthException): message", for delivery reasons; the
// message is cut to 300 bytes on a UTF-8 character boundary.
std::string Describe(const GraphError& e);

// Seconds until the app regains access, from X-Business-Use-Case-Usage /
// X-App-Usage headers' estimated_time_to_regain_access (minutes); -1 if absent.
int RegainAccessSeconds(const std::string& business_use_case_usage);

}  // namespace postern::instagram
