// text_policy: judges a share's prompt and caption against the text policy (see
// README.md). The Check is a thin wrapper around Matcher, which does the work.
#pragma once

#include <memory>
#include <string>

#include "gateway/check.h"
#include "plugins/text_policy/matcher.h"

namespace postern::textpolicy {

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

// Builds the check from validated config; on failure returns null and sets *error
// (e.g. the LDNOOBW list was not fetched).
std::unique_ptr<TextPolicyCheck> BuildTextPolicyCheck(const json& config, const CheckDeps& deps, Status* error);

// The user-facing message for a category.
std::string UserMessage(const std::string& category, Action action);

}  // namespace postern::textpolicy
