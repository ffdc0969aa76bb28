// Pipeline: the ordered chain of checks built from config. Runs each enabled check
// with its timeout, applies mode (enforce/shadow) and on_error, and combines verdicts:
// any enforced reject wins, then any enforced hold, else approved.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gateway/check.h"
#include "gateway/config/config.h"
#include "gateway/base/metrics.h"
#include "gateway/store/store.h"

namespace postern {

class Pipeline {
 public:
  struct Outcome {
    Decision decision = Decision::kApproved;
    json reasons = json::array();  // [{plugin, code, message}] of enforced rejects/holds
    std::vector<CheckRecord> checks;
  };

  // Builds every enabled plugin of `config`. Returns nullptr and fills *errors (with
  // YAML paths) if any plugin fails to build.
  static std::unique_ptr<Pipeline> Build(const Config& config, const CheckDeps& deps,
                                         std::vector<std::string>* errors);

  // Runs the chain. Throws CallerError when the input itself is unacceptable
  // (image_guard), in which case nothing should be stored.
  Outcome Run(const ShareInput& share, const std::shared_ptr<ImageAnalysis>& image,
              Metrics* metrics) const;

  // The effective chain for GET /v1/admin/plugins.
  json Describe() const;
  // The enabled checks by plugin name (review hooks and admin routes ask them).
  std::vector<std::pair<std::string, std::shared_ptr<Check>>> EnabledChecks() const;

 private:
  struct Step {
    PluginConfig config;
    std::shared_ptr<Check> check;  // null when disabled
  };
  std::vector<Step> steps_;
};

}  // namespace postern
