#include "gateway/status.h"

namespace postern {

namespace {

struct StatusRow {
  StatusCode code;
  const char* name;  // the API's stable error code
  int http;
};

// The one table from status code to API error code and HTTP status.
constexpr StatusRow kStatusTable[] = {
    {StatusCode::kOk, "ok", 200},
    {StatusCode::kNotFound, "not_found", 404},
    {StatusCode::kInvalidArgument, "invalid_argument", 400},
    {StatusCode::kInvalidConfig, "invalid_config", 400},
    {StatusCode::kInvalidCursor, "invalid_cursor", 400},
    {StatusCode::kCorruption, "corruption", 500},
    {StatusCode::kIOError, "io_error", 500},
    {StatusCode::kUnsupported, "unsupported", 501},
    {StatusCode::kUnavailable, "storage_unavailable", 503},
    {StatusCode::kAlreadyDecided, "already_decided", 409},
    {StatusCode::kClaimedByOther, "claimed_by_other", 409},
    {StatusCode::kAppealUsed, "appeal_used", 409},
    {StatusCode::kNotDead, "not_dead", 409},
    {StatusCode::kNotApproved, "not_approved", 409},
    {StatusCode::kIdempotencyConflict, "idempotency_conflict", 409},
    {StatusCode::kLeaseLost, "lease_lost", 409},
};

const StatusRow& Row(StatusCode code) {
  for (const auto& r : kStatusTable)
    if (r.code == code) return r;
  return kStatusTable[0];
}

}  // namespace

const char* StatusCodeName(StatusCode code) { return Row(code).name; }
int StatusCodeHttp(StatusCode code) { return Row(code).http; }

}  // namespace postern
