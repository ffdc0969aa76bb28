#include "plugins/text_policy/rules.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "gateway/config/yaml_json.h"

namespace postern::text_policy {
namespace fs = std::filesystem;

const char* ActionName(Action a) { return a == Action::kReject ? "reject" : "hold"; }

const char* MatchModeName(MatchMode m) {
  switch (m) {
    case MatchMode::kWord: return "word";
    case MatchMode::kPrefix: return "prefix";
    case MatchMode::kInside: return "inside";
  }
  return "word";
}

bool ParseAction(const std::string& s, Action* out) {
  if (s == "reject") return *out = Action::kReject, true;
  if (s == "hold") return *out = Action::kHold, true;
  return false;
}

bool ParseMatchMode(const std::string& s, MatchMode* out) {
  if (s == "word") return *out = MatchMode::kWord, true;
  if (s == "prefix") return *out = MatchMode::kPrefix, true;
  if (s == "inside") return *out = MatchMode::kInside, true;
  return false;
}

const std::vector<std::string>& AllCategories() {
  static const std::vector<std::string> c = {"sexual", "hate", "violence", "self_harm",
                                             "harassment", "illegal", "public_figure"};
  return c;
}

bool IsCategory(const std::string& s) {
  const auto& c = AllCategories();
  return std::find(c.begin(), c.end(), s) != c.end();
}

namespace {

Status Bad(const std::string& file, const std::string& what) {
  return Status::InvalidConfig(file + ": " + what);
}

// Defaults a file gives its terms; a term object may override each.
struct Defaults {
  std::string category;
  Action action = Action::kReject;
  MatchMode mode = MatchMode::kWord;
};

Status ReadDefaults(const YAML::Node& node, const std::string& file, Defaults* d) {
  if (auto c = node["category"]) {
    d->category = c.as<std::string>();
    if (!IsCategory(d->category)) return Bad(file, "unknown category '" + d->category + "'");
  }
  if (auto a = node["action"]; a && !ParseAction(a.as<std::string>(), &d->action))
    return Bad(file, "action must be reject or hold");
  if (auto m = node["match"]; m && !ParseMatchMode(m.as<std::string>(), &d->mode))
    return Bad(file, "match must be word, prefix or inside");
  return Status::OK();
}

Status ReadTerm(const YAML::Node& node, const Defaults& defaults, const std::string& list,
                const std::string& file, Term* t) {
  Defaults d = defaults;
  if (node.IsScalar()) {
    t->text = node.as<std::string>();
  } else if (node.IsMap() && node["term"]) {
    t->text = node["term"].as<std::string>();
    if (Status s = ReadDefaults(node, file, &d); !s.ok()) return s;
  } else {
    return Bad(file, "a term is a string or a map with 'term'");
  }
  if (d.category.empty()) return Bad(file, "term '" + t->text + "' has no category");
  t->category = d.category;
  t->action = d.action;
  t->mode = d.mode;
  t->list = list;
  return Status::OK();
}

// Terms from a fetched word list (a JSON array of strings, e.g. LDNOOBW en.json).
Status ReadSource(const YAML::Node& src, const std::string& assets_dir, const std::string& file,
                  std::vector<std::string>* words) {
  std::string rel = src["file"] ? src["file"].as<std::string>() : "";
  if (rel.empty()) return Bad(file, "source needs 'file'");
  fs::path p = fs::path(rel).is_absolute() ? fs::path(rel) : fs::path(assets_dir) / rel;
  std::ifstream in(p);
  if (!in)
    return Status::IOError("text_policy: word list " + p.string() + " (source of " + file +
                                              ") not found; run scripts/fetch-assets");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_array()) return Bad(file, "source " + p.string() + " is not a JSON array of strings");
  for (const auto& w : j)
    if (w.is_string()) words->push_back(w.get<std::string>());
  return Status::OK();
}

}  // namespace

Status LoadListFile(const std::string& path, const std::string& assets_dir, RuleBook* book) {
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in && !in.eof()) return Status::InvalidConfig("text_policy: cannot read list " + path);
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxConfigBytes) return Bad(path, "over " + std::to_string(kMaxConfigBytes) + " bytes");
  return ParseListText(text, path, assets_dir, book);
}

Status ParseListText(const std::string& text, const std::string& path, const std::string& assets_dir,
                     RuleBook* book) {
  // The config loader's reader first: it refuses aliases (an alias bomb would multiply the
  // lists below), nesting past its depth and duplicate keys, naming the line.
  if (text.size() > kMaxConfigBytes) return Bad(path, "over " + std::to_string(kMaxConfigBytes) + " bytes");
  json checked;
  if (Status s = YamlToJson(text, &checked); !s.ok()) return Bad(path, s.message());
  YAML::Node loaded;
  try {
    loaded = YAML::Load(text);
  } catch (const std::exception& e) {
    return Status::InvalidConfig("text_policy: cannot read list " + path + ": " + e.what());
  }
  const YAML::Node root = loaded;  // const: lookups never insert keys
  static const std::set<std::string> kKeys = {"name", "category", "action", "match", "source", "exclude",
                                              "overrides", "terms", "allow", "sets", "rules", "license"};
  static const std::set<std::string> kSetKeys = {"match", "terms", "sequence"};
  static const std::set<std::string> kRuleKeys = {"name", "category", "action", "all_of", "window", "ordered",
                                                  "not_after", "not_before", "unless", "unless_overlapping"};
  if (!root.IsMap()) return Bad(path, "top level must be a map");
  try {  // from here every as<> may meet a node of another kind (a list as a key, a map as a name)
    for (const auto& kv : root)
      if (!kKeys.count(kv.first.as<std::string>())) return Bad(path, "unknown key '" + kv.first.as<std::string>() + "'");
    std::string list = root["name"] ? root["name"].as<std::string>() : fs::path(path).stem().string();
    Defaults defaults;
    if (Status s = ReadDefaults(root, path, &defaults); !s.ok()) return s;

    if (auto src = root["source"]) {
      std::vector<std::string> words;
      if (Status s = ReadSource(src, assets_dir, path, &words); !s.ok()) return s;
      std::set<std::string> excluded;
      for (const auto& e : root["exclude"]) excluded.insert(e.as<std::string>());
      const YAML::Node overrides = root["overrides"];
      for (const std::string& w : words) {
        if (excluded.count(w)) continue;
        Term t;
        const YAML::Node o = overrides ? overrides[w] : YAML::Node();
        YAML::Node node = YAML::Node(w);
        if (o && o.IsMap()) {
          node = YAML::Clone(o);
          node["term"] = w;
        }
        if (Status s = ReadTerm(node, defaults, list, path, &t); !s.ok()) return s;
        book->terms.push_back(std::move(t));
      }
    }
    for (const auto& n : root["terms"]) {
      Term t;
      if (Status s = ReadTerm(n, defaults, list, path, &t); !s.ok()) return s;
      book->terms.push_back(std::move(t));
    }
    for (const auto& a : root["allow"]) book->allow.push_back(a.as<std::string>());
    for (const auto& kv : root["sets"]) {
      const std::string name = kv.first.as<std::string>();
      // Set names are shared by every list file (rules may name another file's sets), so a
      // second definition would silently merge two lists meant apart.
      if (book->sets.count(name)) return Bad(path, "set " + name + " is already defined by another list file");
      TermSet& set = book->sets[name];
      const YAML::Node body = kv.second;
      if (body.IsMap()) {
        for (const auto& k : body)
          if (!kSetKeys.count(k.first.as<std::string>()))
            return Bad(path, "set " + name + ": unknown key '" + k.first.as<std::string>() + "'");
        if (body["match"] && !ParseMatchMode(body["match"].as<std::string>(), &set.mode))
          return Bad(path, "set " + name + ": bad match mode");
        for (const auto& s : body["sequence"]) set.sequence.push_back(s.as<std::string>());
        if (body["sequence"] && set.sequence.size() < 2)
          return Bad(path, "set " + name + ": a sequence names at least two sets");
      } else if (!body.IsSequence()) {
        return Bad(path, "set " + name + " is a list of phrases or a map with terms/sequence");
      }
      for (const auto& p : body.IsSequence() ? body : body["terms"]) set.phrases.push_back(p.as<std::string>());
    }
    for (const auto& r : root["rules"]) {
      if (!r.IsMap() || !r["name"]) return Bad(path, "a rule is a map with a name");
      PhraseRule rule;
      rule.name = r["name"].as<std::string>();
      for (const auto& k : r)
        if (!kRuleKeys.count(k.first.as<std::string>()))
          return Bad(path, "rule " + rule.name + ": unknown key '" + k.first.as<std::string>() + "'");
      rule.category = r["category"] ? r["category"].as<std::string>() : defaults.category;
      if (!IsCategory(rule.category)) return Bad(path, "rule " + rule.name + ": unknown category");
      rule.action = defaults.action;
      if (r["action"] && !ParseAction(r["action"].as<std::string>(), &rule.action))
        return Bad(path, "rule " + rule.name + ": action must be reject or hold");
      for (const auto& s : r["all_of"]) rule.all_of.push_back(s.as<std::string>());
      if (rule.all_of.empty()) return Bad(path, "rule " + rule.name + ": all_of is empty");
      rule.window = r["window"] ? r["window"].as<int>() : 0;
      if (rule.window < 0) return Bad(path, "rule " + rule.name + ": window must be 0 (anywhere) or more words");
      rule.ordered = r["ordered"] && r["ordered"].as<bool>();
      rule.not_after = r["not_after"] ? r["not_after"].as<std::string>() : "";
      rule.not_before = r["not_before"] ? r["not_before"].as<std::string>() : "";
      for (auto [key, names] : {std::pair{"unless", &rule.unless}, std::pair{"unless_overlapping", &rule.unless_overlapping}}) {
        const YAML::Node sets = r[key];
        if (sets && !sets.IsSequence())
          return Bad(path, "rule " + rule.name + ": " + key + " must be a list of set names");
        for (const auto& s : sets) names->push_back(s.as<std::string>());
      }
      rule.list = list;
      book->rules.push_back(std::move(rule));
    }
  } catch (const YAML::Exception& e) {
    return Bad(path, e.what());
  }
  return Status::OK();
}

Status LoadListPath(const std::string& path, const std::string& assets_dir, RuleBook* book) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.path().extension() == ".yaml" || e.path().extension() == ".yml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    if (files.empty()) return Status::InvalidConfig("text_policy: no *.yaml lists in " + path);
    for (const auto& f : files)
      if (Status s = LoadListFile(f, assets_dir, book); !s.ok()) return s;
    return Status::OK();
  }
  if (!fs::exists(path, ec))
    return Status::InvalidConfig("text_policy: list " + path + " not found");
  return LoadListFile(path, assets_dir, book);
}

}  // namespace postern::text_policy
