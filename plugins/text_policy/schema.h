// text_policy config: declared schema (validated by the gateway's loader) and the
// typed config the factory builds the matcher from.
#pragma once

#include <string>
#include <vector>

#include "gateway/schema.h"
#include "gateway/status.h"
#include "plugins/text_policy/rules.h"

namespace postern::textpolicy {

ConfigSchema TextPolicySchema();

struct TextPolicyConfig {
  std::vector<std::string> lists;      // YAML list files or directories, resolved
  std::vector<Term> extra_terms;       // admin terms from the config itself
  std::vector<std::string> categories;
  std::string unnamed_person_action;   // hold | reject | allow
};

// `config` has been validated (defaults filled). Relative list paths resolve against
// `config_dir`.
Status ParseTextPolicyConfig(const json& config, const std::string& config_dir, TextPolicyConfig* out);

}  // namespace postern::textpolicy
