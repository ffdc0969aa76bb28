// Check: one pluggable step of the share pipeline. A check sees the share's text and
// the shared ImageAnalysis, never HTTP. Each lives in plugins/<name>/ and registers a
// CheckFactory by name (see POSTERN_REGISTER_CHECK).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gateway/base/enum_names.h"
#include "gateway/image.h"
#include "gateway/request.h"
#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern {

class AccountStore;
class ExtensionRecordStore;

enum class Verdict { kAllow, kReject, kHold };
template <> struct EnumNames<Verdict> {
  static constexpr std::pair<Verdict, const char*> rows[] = {
      {Verdict::kAllow, "allow"}, {Verdict::kReject, "reject"}, {Verdict::kHold, "hold"}};
};
inline const char* VerdictName(Verdict v) { return EnumName(v); }

// What a check concluded. `code` is stable (e.g. "text_policy_sexual"), `message`
// is safe to show the end user, `evidence` explains (scores, spans, boxes).
struct CheckResult {
  Verdict verdict = Verdict::kAllow;
  std::string code;
  std::string message;
  json evidence = json::object();

  static CheckResult Allow(json evidence = json::object()) {
    return {Verdict::kAllow, "", "", std::move(evidence)};
  }
};

// The share as checks see it.
struct ShareInput {
  std::string share_id;
  std::string user_id;
  std::string prompt;
  std::string caption;
  json metadata = json::object();
};

// A share a reviewer confirmed as a violation, with this check's stored evidence of it.
struct ConfirmedViolation {
  std::string share_id;
  std::string user_id;
  std::string reason_code;
  std::string actor;
  json evidence = json::object();  // what this check recorded when it judged the share
};

// An admin endpoint an extension adds under /v1/admin/ (e.g. hash-bank import and
// export), so the data it owns has its API beside it, not in the core.
struct AdminRoute {
  std::string method;               // "GET", "POST", ...
  std::vector<std::string> path;    // segments after /v1/admin/; "{name}" matches any one
  // Gets the request, the segments that matched the {names}, and the admin key's name.
  std::function<Response(const Request&, const std::vector<std::string>& params,
                         const std::string& actor)> handle;
};

class Check {
 public:
  virtual ~Check() = default;
  // Judges one share. May throw: the pipeline turns exceptions and timeouts into the
  // plugin's on_error verdict. Must be safe to call from several threads at once.
  virtual CheckResult Run(const ShareInput& share, ImageAnalysis& image) = 0;

  // Review hooks. True when this check's stored evidence of two shares marks them as
  // near-duplicates, so a reviewer can decide them as one group.
  virtual bool NearDuplicates(const json& evidence_a, const json& evidence_b) const {
    (void)evidence_a; (void)evidence_b;
    return false;
  }
  // Called after a reviewer confirmed a violation (the decision is committed first, so
  // a failure here never undoes it). *recorded: whether the check kept something of it.
  virtual Status OnConfirmedViolation(const ConfirmedViolation& violation, bool* recorded) {
    (void)violation;
    *recorded = false;
    return Status::OK();
  }
  // Admin endpoints this check serves for the data it owns.
  virtual std::vector<AdminRoute> AdminRoutes() { return {}; }
};

// Thrown by a check whose input is the caller's fault (image_guard): the gateway
// answers with `http_status` and `code` and stores nothing.
struct CallerError {
  int http_status;
  std::string code;
  std::string message;
  int retry_after_s = 0;  // > 0: sent as Retry-After (429, 503)
};

// What a factory may hand to the check it builds.
// Each check gets only the storage it needs.
struct CheckDeps {
  std::string data_dir;        // where fetched models and lists live (assets/)
  std::string config_dir;      // directory of the config file, for relative paths
  AccountStore* accounts = nullptr;       // account standing
  ExtensionRecordStore* records = nullptr;  // rows the extension owns (hash banks)
};

class CheckFactory {
 public:
  virtual ~CheckFactory() = default;
  virtual std::string name() const = 0;
  // The declared config schema, validated before Create is called.
  virtual ConfigSchema schema() const = 0;
  // Builds a check from validated config (defaults filled in). On failure returns
  // nullptr and sets *error (e.g. a model file missing).
  virtual std::unique_ptr<Check> Create(const json& config, const CheckDeps& deps,
                                        Status* error) const = 0;
};

// Name -> factory; filled at static-initialisation time by POSTERN_REGISTER_CHECK.
std::map<std::string, std::unique_ptr<CheckFactory>>& CheckRegistry();
bool RegisterCheckFactory(std::unique_ptr<CheckFactory> f);

#define POSTERN_REGISTER_CHECK(FactoryClass) \
  static const bool postern_registered_##FactoryClass = \
      ::postern::RegisterCheckFactory(std::make_unique<FactoryClass>())

}  // namespace postern
