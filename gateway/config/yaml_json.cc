#include "gateway/config/yaml_json.h"

#include <set>
#include <sstream>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include "gateway/base/util.h"

namespace postern {

namespace {

struct Refused {
  std::string what;
};

std::string At(const YAML::Mark& m) { return "line " + std::to_string(m.line + 1) + ": "; }

json ScalarToJson(const std::string& tag, const std::string& s) {
  if (tag == "!") return s;  // quoted
  if (s == "true" || s == "True") return true;
  if (s == "false" || s == "False") return false;
  if (s == "null" || s == "~" || s.empty()) return nullptr;
  char* end = nullptr;
  errno = 0;
  long long i = std::strtoll(s.c_str(), &end, 10);
  if (*end == '\0' && errno == 0) return i;
  double d = std::strtod(s.c_str(), &end);
  if (*end == '\0') return d;
  return s;
}

class JsonBuilder : public YAML::EventHandler {
 public:
  json root;
  bool have_root = false;

  void OnDocumentStart(const YAML::Mark& m) override {
    if (++documents_ > 1) throw Refused{At(m) + "a config is one YAML document"};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
    NoAnchor(m, anchor);
    Add(m, nullptr, "");
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
    throw Refused{At(m) + "aliases (*name) are not allowed in a config"};
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    NoAnchor(m, anchor);
    Add(m, ScalarToJson(tag, value), value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    NoAnchor(m, anchor);
    Push(m, json::array());
  }
  void OnSequenceEnd() override { Pop(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    NoAnchor(m, anchor);
    Push(m, json::object());
  }
  void OnMapEnd() override { Pop(); }

 private:
  struct Frame {
    json value;
    YAML::Mark mark;
    bool have_key = false;
    std::string key;
    std::set<std::string> keys;
  };

  static void NoAnchor(const YAML::Mark& m, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) throw Refused{At(m) + "anchors (&name) are not allowed in a config"};
  }

  void Push(const YAML::Mark& m, json value) {
    if (!stack_.empty() && stack_.back().value.is_object() && !stack_.back().have_key)
      throw Refused{At(m) + "mapping keys must be plain words, not lists or mappings"};
    if (static_cast<int>(stack_.size()) >= kMaxConfigDepth)
      throw Refused{At(m) + "nested deeper than " + std::to_string(kMaxConfigDepth) + " levels"};
    stack_.push_back({std::move(value), m});
  }

  void Pop() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    Add(f.mark, std::move(f.value), "");
  }

  // `text` is the scalar as written, for keys.
  void Add(const YAML::Mark& m, json value, const std::string& text) {
    if (stack_.empty()) {
      root = std::move(value);
      have_root = true;
      return;
    }
    Frame& f = stack_.back();
    if (f.value.is_array()) {
      f.value.push_back(std::move(value));
    } else if (!f.have_key) {
      if (!value.is_string() && !value.is_number() && !value.is_boolean())
        throw Refused{At(m) + "mapping keys must be plain words"};
      if (!f.keys.insert(text).second) throw Refused{At(m) + "key \"" + text + "\" appears twice"};
      f.key = text;
      f.have_key = true;
    } else {
      f.value[f.key] = std::move(value);
      f.have_key = false;
    }
  }

  int documents_ = 0;
  std::vector<Frame> stack_;
};

}  // namespace

Status YamlToJson(const std::string& yaml_text, json* out) {
  if (yaml_text.size() > kMaxConfigBytes)
    return Status::InvalidConfig("the file is larger than " + std::to_string(kMaxConfigBytes) + " bytes");
  if (yaml_text.find('\0') != std::string::npos || !IsValidUtf8(yaml_text))
    return Status::InvalidConfig("the file is not UTF-8 text");
  JsonBuilder b;
  try {
    std::istringstream in(yaml_text);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(b)) {}
  } catch (const Refused& r) {
    return Status::InvalidConfig(r.what);
  } catch (const YAML::Exception& e) {
    return Status::InvalidConfig(std::string("not valid YAML: ") + e.what());
  } catch (const std::exception& e) {
    return Status::InvalidConfig(std::string("cannot be read: ") + e.what());
  }
  if (!b.have_root || b.root.is_null()) {
    *out = json::object();
    return Status::OK();
  }
  if (!b.root.is_object())
    return Status::InvalidConfig("the top level must be a mapping of sections (server:, plugins:, ...)");
  *out = std::move(b.root);
  return Status::OK();
}

}  // namespace postern
