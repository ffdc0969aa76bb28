#include "plugins/text_policy/text_policy.h"

#include <filesystem>

#include "plugins/text_policy/unicode_fold.h"

namespace postern::text_policy {

std::string UserMessage(const std::string& category, Action action) {
  static const std::map<std::string, std::string> what = {
      {"sexual", "sexual or explicit adult content"},
      {"hate", "hateful language or symbols"},
      {"violence", "graphic violence or gore"},
      {"self_harm", "self-harm or suicide content"},
      {"harassment", "insults or abuse aimed at someone"},
      {"illegal", "illegal goods or activities"},
      {"public_figure", "a photorealistic depiction of a real, named person"},
  };
  auto it = what.find(category);
  std::string desc = it == what.end() ? "content that breaks the content policy" : it->second;
  if (action == Action::kHold) return "Your share is waiting for review: its text may contain " + desc + ".";
  return "Your share was not posted: its text appears to contain " + desc + ", which the content policy does not allow.";
}

namespace {

CheckResult ToResult(const Finding& f, const std::string& field, const std::string& text) {
  CheckResult r;
  r.verdict = f.action == Action::kReject ? Verdict::kReject : Verdict::kHold;
  r.code = "text_policy_" + f.category;
  r.message = UserMessage(f.category, f.action);
  r.evidence = {
      {"field", field},
      {"category", f.category},
      {"rule", f.rule},
      {"action", ActionName(f.action)},
      {"span", {{"text", text.substr(f.begin, f.end - f.begin)}, {"begin", f.begin}, {"end", f.end}}},
  };
  return r;
}

}  // namespace

CheckResult TextPolicyCheck::JudgeText(const std::string& prompt, const std::string& caption) const {
  std::optional<Finding> p = matcher_->Judge(prompt);
  if (p && p->action == Action::kReject) return ToResult(*p, "prompt", prompt);
  std::optional<Finding> c = matcher_->Judge(caption);
  if (c && (!p || c->action == Action::kReject)) return ToResult(*c, "caption", caption);
  if (p) return ToResult(*p, "prompt", prompt);
  return CheckResult::Allow();
}

CheckResult TextPolicyCheck::Run(const ShareInput& share, ImageAnalysis&) {
  return JudgeText(share.prompt, share.caption);
}

namespace {

// Checks what the schema cannot: an empty term, and categories of a free string list.
Status CheckTerms(const TextPolicyConfig& cfg) {
  for (const Term& term : cfg.extra_terms) {
    if (term.text.empty()) return Status::InvalidConfig("text_policy: extra_terms entry without term");
    if (!IsCategory(term.category))
      return Status::InvalidConfig("text_policy: extra term '" + term.text + "' has unknown category");
  }
  for (const std::string& name : cfg.categories)
    if (!IsCategory(name)) return Status::InvalidConfig("text_policy: unknown category '" + name + "'");
  return Status::OK();
}

// Relative list paths are from the config file's directory.
std::string ListPath(const std::string& path, const std::string& config_dir) {
  namespace fs = std::filesystem;
  const fs::path p = path;
  return p.is_absolute() || config_dir.empty() ? p.string() : (fs::path(config_dir) / p).string();
}

}  // namespace

std::unique_ptr<TextPolicyCheck> BuildTextPolicyCheck(const TextPolicyConfig& cfg,
                                                      const CheckDeps& deps, Status* error) {
  if (Status s = CheckTerms(cfg); !s.ok()) return *error = s, nullptr;
  RuleBook book;
  for (const std::string& path : cfg.lists)
    if (Status s = LoadListPath(ListPath(path, deps.config_dir), deps.data_dir, &book); !s.ok())
      return *error = s, nullptr;
  book.terms.insert(book.terms.end(), cfg.extra_terms.begin(), cfg.extra_terms.end());
  MatcherOptions opts;
  opts.categories = cfg.categories;
  opts.unnamed_person_enabled = cfg.unnamed_person_action != "allow";
  opts.unnamed_person_action = cfg.unnamed_person_action == "reject" ? Action::kReject : Action::kHold;
  WarmUpFoldTable();
  std::unique_ptr<Matcher> m = Matcher::Compile(book, opts, error);
  if (!m) return nullptr;
  return std::make_unique<TextPolicyCheck>(std::move(m));
}

}  // namespace postern::text_policy
