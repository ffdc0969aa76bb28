// text_policy's schema (the only place its defaults live), typed config and factory.
#include "plugins/text_policy/text_policy.h"

namespace postern::text_policy {

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

TextPolicyConfig ParseTextPolicyConfig(const json& c) {
  TextPolicyConfig cfg;
  cfg.lists = c.at("lists").get<std::vector<std::string>>();
  for (const json& t : c.at("extra_terms")) {
    Term term;
    term.text = t.at("term").get<std::string>();
    term.category = t.at("category").get<std::string>();
    term.list = "config";
    // The schema's one_of admits only values these parse.
    ParseAction(t.at("action").get<std::string>(), &term.action);
    ParseMatchMode(t.at("match").get<std::string>(), &term.mode);
    cfg.extra_terms.push_back(term);
  }
  cfg.categories = c.at("categories").get<std::vector<std::string>>();
  cfg.unnamed_person_action = c.at("public_figure_unknown_action").get<std::string>();
  return cfg;
}

TextPolicyConfig DefaultTextPolicyConfig() {
  std::vector<std::string> errors;
  return ParseTextPolicyConfig(ValidateConfig(TextPolicySchema(), json::object(), "text_policy", &errors));
}

namespace {

class TextPolicyFactory : public CheckFactory {
 public:
  std::string name() const override { return "text_policy"; }
  ConfigSchema schema() const override { return TextPolicySchema(); }
  std::unique_ptr<Check> Create(const json& config, const CheckDeps& deps, Status* error) const override {
    return BuildTextPolicyCheck(ParseTextPolicyConfig(config), deps, error);
  }
};

}  // namespace

POSTERN_REGISTER_CHECK(TextPolicyFactory);

}  // namespace postern::text_policy
