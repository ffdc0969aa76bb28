// Status: the outcome of an operation that can fail, after LevelDB's Status. A Status
// carries a typed code (with predicates) and a human message. Each code has one row in
// status.cc's table: its stable name (the API's error `code`) and its HTTP status.
#pragma once

#include <string>
#include <utility>

namespace postern {

enum class StatusCode {
  kOk,
  kNotFound,             // the named thing does not exist
  kInvalidArgument,      // the caller's input (a request, a file, labels) is malformed
  kInvalidConfig,        // a config value, or a file it names, is unusable
  kInvalidCursor,        // a paging cursor that this server did not hand out
  kCorruption,           // stored or fetched bytes are not what they claim (model, pin)
  kIOError,              // a file or socket operation failed
  kUnsupported,          // the component cannot do this at all
  kUnavailable,          // storage cannot be reached or written now; retry later
  kAlreadyDecided,       // a review item that was decided before
  kClaimedByOther,       // a review item another reviewer holds
  kAppealUsed,           // the account appealed before
  kNotDead,              // a delivery retry on a delivery that is not dead
  kNotApproved,          // a feed post for a share that was not approved
  kIdempotencyConflict,  // another request took the Idempotency-Key first
  kLeaseLost,            // a delivery lease that expired or passed to another owner
};

// The stable snake_case name of `code` ("not_found", "storage_unavailable", ...).
const char* StatusCodeName(StatusCode code);
// The HTTP status an API answers with when a handler fails with `code`.
int StatusCodeHttp(StatusCode code);

class Status {
 public:
  Status() = default;  // OK

  static Status OK() { return Status(); }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status InvalidConfig(std::string m) { return {StatusCode::kInvalidConfig, std::move(m)}; }
  static Status InvalidCursor(std::string m) { return {StatusCode::kInvalidCursor, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status AlreadyDecided(std::string m) { return {StatusCode::kAlreadyDecided, std::move(m)}; }
  static Status ClaimedByOther(std::string m) { return {StatusCode::kClaimedByOther, std::move(m)}; }
  static Status AppealUsed(std::string m) { return {StatusCode::kAppealUsed, std::move(m)}; }
  static Status NotDead(std::string m) { return {StatusCode::kNotDead, std::move(m)}; }
  static Status NotApproved(std::string m) { return {StatusCode::kNotApproved, std::move(m)}; }
  static Status IdempotencyConflict(std::string m) { return {StatusCode::kIdempotencyConflict, std::move(m)}; }
  static Status LeaseLost(std::string m) { return {StatusCode::kLeaseLost, std::move(m)}; }

  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }
  bool IsInvalidConfig() const { return code_ == StatusCode::kInvalidConfig; }
  bool IsCorruption() const { return code_ == StatusCode::kCorruption; }
  bool IsIOError() const { return code_ == StatusCode::kIOError; }
  bool IsUnsupported() const { return code_ == StatusCode::kUnsupported; }
  bool IsUnavailable() const { return code_ == StatusCode::kUnavailable; }

  StatusCode code() const { return code_; }
  // The stable name of code(), used as the API error `code`.
  const char* code_name() const { return StatusCodeName(code_); }
  const std::string& message() const { return message_; }
  // The same failure with `context` in front of its message (e.g. a file's path).
  Status WithContext(const std::string& context) const {
    return ok() ? *this : Status(code_, context + ": " + message_);
  }
  std::string ToString() const { return ok() ? "OK" : std::string(code_name()) + ": " + message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Returns the failure of `expr` from the calling function (a Status-returning one).
#define RETURN_IF_ERROR(expr)            \
  do {                                   \
    ::postern::Status _st = (expr);      \
    if (!_st.ok()) return _st;           \
  } while (0)

}  // namespace postern
