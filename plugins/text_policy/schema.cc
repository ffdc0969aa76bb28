#include "plugins/text_policy/schema.h"

#include <filesystem>

namespace postern::textpolicy {

ConfigSchema TextPolicySchema() {
  std::vector<std::string> categories = AllCategories();
  ConfigField term{"term", FieldType::kString, nullptr, {}, {}, {}, "the word or phrase, as written", {}};
  ConfigField category{"category", FieldType::kString, nullptr, {}, {}, categories, "policy category", {}};
  ConfigField action{"action", FieldType::kString, "reject", {}, {}, {"reject", "hold"}, "reject or hold for review", {}};
  ConfigField match{"match", FieldType::kString, "word", {}, {}, {"word", "prefix", "inside"},
                    "whole word, word prefix, or anywhere inside words", {}};
  return {
      {"lists", FieldType::kStringList, json::array({"textpolicy"}), {}, {}, {},
       "YAML list files or directories of them (relative to the config file's directory)", {}},
      {"extra_terms", FieldType::kObjectList, json::array(), {}, {}, {},
       "extra terms: {term, category, action, match}", {term, category, action, match}},
      {"categories", FieldType::kStringList, categories, {}, {}, {}, "enabled categories (default all)", {}},
      {"public_figure_unknown_action", FieldType::kString, "hold", {}, {}, {"hold", "reject", "allow"},
       "what a photorealistic request naming an unlisted person gets", {}},
  };
}

Status ParseTextPolicyConfig(const json& config, const std::string& config_dir, TextPolicyConfig* out) {
  namespace fs = std::filesystem;
  *out = TextPolicyConfig{};
  for (const auto& l : config.value("lists", json::array({"textpolicy"}))) {
    fs::path p = l.get<std::string>();
    out->lists.push_back(p.is_absolute() || config_dir.empty() ? p.string() : (fs::path(config_dir) / p).string());
  }
  for (const auto& t : config.value("extra_terms", json::array())) {
    Term term;
    term.text = t.value("term", "");
    term.category = t.value("category", "");
    term.list = "config";
    if (term.text.empty()) return Status::InvalidConfig("text_policy: extra_terms entry without term");
    if (!IsCategory(term.category))
      return Status::InvalidConfig("text_policy: extra term '" + term.text + "' has unknown category");
    if (!ParseAction(t.value("action", "reject"), &term.action) || !ParseMatchMode(t.value("match", "word"), &term.mode))
      return Status::InvalidConfig("text_policy: extra term '" + term.text + "' has a bad action or match");
    out->extra_terms.push_back(term);
  }
  for (const auto& c : config.value("categories", json(AllCategories()))) {
    std::string name = c.get<std::string>();
    if (!IsCategory(name)) return Status::InvalidConfig("text_policy: unknown category '" + name + "'");
    out->categories.push_back(name);
  }
  out->unnamed_person_action = config.value("public_figure_unknown_action", "hold");
  return Status::OK();
}

}  // namespace postern::textpolicy
