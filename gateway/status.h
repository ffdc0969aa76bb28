// Status: the outcome of an operation that can fail, after LevelDB's Status.
// A Status carries a stable machine code (used in API errors) and a human message.
#pragma once

#include <string>
#include <utility>

namespace postern {

class Status {
 public:
  Status() = default;  // OK

  static Status OK() { return Status(); }
  // `code` is stable and machine-readable (e.g. "invalid_json"); `message` is for humans.
  static Status Error(std::string code, std::string message) {
    return Status(std::move(code), std::move(message));
  }

  bool ok() const { return code_.empty(); }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const { return ok() ? "OK" : code_ + ": " + message_; }

 private:
  Status(std::string code, std::string message)
      : code_(std::move(code)), message_(std::move(message)) {}
  std::string code_;
  std::string message_;
};

}  // namespace postern
