// text_policy: judges a share's prompt and caption against the text policy (see
// README.md). The Check is a thin wrapper around Matcher, which does the work.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gateway/check.h"
#include "plugins/text_policy/matcher.h"
#include "plugins/text_policy/rules.h"

namespace postern::text_policy {

struct TextPolicyConfig {
  std::vector<std::string> lists;      // YAML list files or directories, as written
  std::vector<Term> extra_terms;       // admin terms from the config itself
  std::vector<std::string> categories;
  std::string unnamed_person_action;   // hold | reject | allow
};

class TextPolicyCheck : public Check {
 public:
  explicit TextPolicyCheck(std::unique_ptr<Matcher> matcher) : matcher_(std::move(matcher)) {}
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;
  // The same verdict without an image (eval-text, tests).
  CheckResult JudgeText(const std::string& prompt, const std::string& caption) const;
  const Matcher& matcher() const { return *matcher_; }

 private:
  std::unique_ptr<Matcher> matcher_;
};

// Builds the check: loads the lists (relative paths from deps.config_dir) and compiles
// the matcher. On failure returns null and sets *error (e.g. the LDNOOBW list was not
// fetched, an unknown category).
std::unique_ptr<TextPolicyCheck> BuildTextPolicyCheck(const TextPolicyConfig& config,
                                                      const CheckDeps& deps, Status* error);

// The user-facing message for a category.
std::string UserMessage(const std::string& category, Action action);

ConfigSchema TextPolicySchema();
TextPolicyConfig ParseTextPolicyConfig(const json& validated);
// The schema's defaults as a typed config (eval-text and the benchmark use the shipped policy).
TextPolicyConfig DefaultTextPolicyConfig();

}  // namespace postern::text_policy
