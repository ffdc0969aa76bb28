#include "connectors/instagram/graph_errors.h"

#include <algorithm>

#include "connectors/common/http_client.h"

namespace postern::instagram {

namespace {

// A remote server's JSON: each field read only if it has the expected type (json's
// value() throws on a mismatch, and a string "code" must not break a delivery).
int IntField(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_number_integer() ? it->get<int>() : 0;
}
std::string StringField(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool ParseGraphError(long http_status, const std::string& body, GraphError* out) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_object()) return false;
  const json& e = j["error"];
  out->http_status = http_status;
  out->code = IntField(e, "code");
  out->subcode = IntField(e, "error_subcode");
  auto transient = e.find("is_transient");
  out->is_transient = transient != e.end() && transient->is_boolean() && transient->get<bool>();
  out->type = StringField(e, "type");
  out->message = StringField(e, "error_user_msg");
  if (out->message.empty()) out->message = StringField(e, "message");
  return true;
}

ErrorAction Classify(const GraphError& e) {
  // Subcodes are more specific than codes: look at them first.
  switch (e.subcode) {
    case 2207042:  // maximum number of posts per day reached
      return ErrorAction::kQuota;
    case 2207001:  // Instagram server error
    case 2207003:  // timeout while fetching the media
    case 2207027:  // media not ready for publishing yet
    case 2207052:  // media could not be fetched from the URI (our server may be back soon)
      return ErrorAction::kRetry;
    case 2207008:  // temporary error publishing a container: retry with a new one
    case 2207020:  // media expired: upload again
    case 2207032:  // create media failed: re-create
    case 2207053:  // unknown upload error: re-create
      return ErrorAction::kRetryNewContainer;
    default:
      break;
  }
  if (e.subcode >= 2207000 && e.subcode < 2208000) return ErrorAction::kPermanent;  // size, format, ratio, caption...
  switch (e.code) {
    case 4:    // application request limit
    case 17:   // user request limit
    case 32:   // page request limit
    case 613:  // calls within one hour exceeded
      return ErrorAction::kRateLimited;
    case 1:     // unknown error, possibly temporary
    case 2:     // service temporarily unavailable
    case 9004:  // media could not be fetched from the URI
    case 9007:  // media not ready
      return ErrorAction::kRetry;
    case 190:  // access token invalid or expired
    case 102:  // session key invalid
    case 10:   // permission denied
    case 100:  // invalid parameter
    case 368:  // temporarily blocked for policy violations: needs a person
      return ErrorAction::kPermanent;
    default:
      break;
  }
  if (e.code >= 80000 && e.code < 80100) return ErrorAction::kRateLimited;  // business use case limits
  if (e.code >= 200 && e.code < 300) return ErrorAction::kPermanent;       // permission errors
  if (e.is_transient) return ErrorAction::kRetry;
  return e.http_status >= 500 ? ErrorAction::kRetry : ErrorAction::kPermanent;
}

std::string Describe(const GraphError& e) {
  std::string s = "Graph API error " + std::to_string(e.code);
  if (e.subcode) s += "/" + std::to_string(e.subcode);
  if (!e.type.empty()) s += " (" + e.type + ")";
  // Cut whole characters only: a reason with a split UTF-8 sequence cannot be dumped as JSON.
  if (!e.message.empty()) s += ": " + connector_common::TruncateUtf8(e.message, 300);
  return s;
}

int RegainAccessSeconds(const std::string& header) {
  json j = json::parse(header, nullptr, false);
  if (j.is_discarded()) return -1;
  int minutes = -1;
  // {"<id>": [{"type": "instagram", "estimated_time_to_regain_access": N, ...}]}
  auto visit = [&](const json& o) {
    if (o.is_object() && o.contains("estimated_time_to_regain_access") &&
        o["estimated_time_to_regain_access"].is_number())
      minutes = std::max(minutes, o["estimated_time_to_regain_access"].get<int>());
  };
  if (j.is_object()) {
    visit(j);
    for (const auto& [k, v] : j.items()) {
      if (v.is_array()) for (const auto& o : v) visit(o);
      else visit(v);
    }
  }
  return minutes < 0 ? -1 : minutes * 60;
}

}  // namespace postern::instagram
