// Check: one pluggable step of the share pipeline. A check sees the share's text and
// the shared ImageAnalysis, never HTTP. Each lives in plugins/<name>/ and registers a
// CheckFactory by name (see POSTERN_REGISTER_CHECK).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gateway/image.h"
#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern {

class Store;

enum class Verdict { kAllow, kReject, kHold };
const char* VerdictName(Verdict v);

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

class Check {
 public:
  virtual ~Check() = default;
  // Judges one share. May throw: the pipeline turns exceptions and timeouts into the
  // plugin's on_error verdict. Must be safe to call from several threads at once.
  virtual CheckResult Run(const ShareInput& share, ImageAnalysis& image) = 0;
};

// Thrown by a check whose input is the caller's fault (image_guard): the gateway
// answers with `http_status` and `code` and stores nothing.
struct CallerError {
  int http_status;
  std::string code;
  std::string message;
};

// What a factory may hand to the check it builds.
struct CheckDeps {
  Store* store = nullptr;      // for checks that read accounts or hash banks
  std::string data_dir;        // where fetched models and lists live (assets/)
  std::string config_dir;      // directory of the config file, for relative paths
  std::string confirmed_hash_bank;  // review.hash_bank: where confirmed violations' hashes go
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
