#include "gateway/schema.h"

#include <cmath>
#include <set>

namespace postern {

const char* FieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::kBool: return "bool";
    case FieldType::kInt: return "int";
    case FieldType::kDouble: return "number";
    case FieldType::kString: return "string";
    case FieldType::kStringList: return "list of strings";
    case FieldType::kObject: return "object";
    case FieldType::kObjectList: return "list of objects";
  }
  return "?";
}

static bool TypeMatches(FieldType t, const json& v) {
  switch (t) {
    case FieldType::kBool: return v.is_boolean();
    case FieldType::kInt: return v.is_number_integer();
    case FieldType::kDouble: return v.is_number();
    case FieldType::kString: return v.is_string();
    case FieldType::kStringList:
      if (!v.is_array()) return false;
      for (const auto& e : v) if (!e.is_string()) return false;
      return true;
    case FieldType::kObject: return v.is_object();
    case FieldType::kObjectList:
      if (!v.is_array()) return false;
      for (const auto& e : v) if (!e.is_object()) return false;
      return true;
  }
  return false;
}

json ValidateConfig(const ConfigSchema& schema, const json& config, const std::string& path,
                    std::vector<std::string>* errors) {
  json in = config.is_null() ? json::object() : config;
  if (!in.is_object()) {
    errors->push_back(path + ": must be a mapping");
    return json::object();
  }
  json out = json::object();
  std::set<std::string> known;
  for (const auto& f : schema) {
    known.insert(f.name);
    const std::string fpath = path + "." + f.name;
    // On any error the default stands in, so callers can keep reading the result
    // while the error list decides whether it is used.
    if (!f.default_value.is_null()) out[f.name] = f.default_value;
    if (!in.contains(f.name)) {
      if (f.default_value.is_null()) errors->push_back(fpath + ": required field is missing");
      else if (f.type == FieldType::kObject && !f.fields.empty())
        out[f.name] = ValidateConfig(f.fields, f.default_value, fpath, errors);
      continue;
    }
    const json& v = in[f.name];
    if (!TypeMatches(f.type, v)) {
      errors->push_back(fpath + ": must be a " + std::string(FieldTypeName(f.type)));
      if (f.type == FieldType::kObject && !f.fields.empty())
        out[f.name] = ValidateConfig(f.fields, json::object(), fpath, errors);
      continue;
    }
    if (v.is_number()) {
      double d = v.get<double>();
      if (!std::isfinite(d) || (f.min && d < *f.min) || (f.max && d > *f.max)) {
        std::string range = "[" + (f.min ? json(*f.min).dump() : std::string("-inf")) + ", " +
                            (f.max ? json(*f.max).dump() : std::string("inf")) + "]";
        errors->push_back(fpath + ": " + v.dump() + " is outside " + range);
        continue;
      }
    }
    if (!f.one_of.empty()) {
      auto check_one = [&](const json& s, const std::string& p) {
        for (const auto& o : f.one_of) if (s.get<std::string>() == o) return true;
        std::string all;
        for (const auto& o : f.one_of) all += (all.empty() ? "" : "|") + o;
        errors->push_back(p + ": \"" + s.get<std::string>() + "\" is not one of " + all);
        return false;
      };
      if (v.is_string()) { if (!check_one(v, fpath)) continue; }
      else if (v.is_array()) {
        bool ok = true;
        for (size_t i = 0; i < v.size(); ++i) ok &= check_one(v[i], fpath + "[" + std::to_string(i) + "]");
        if (!ok) continue;
      }
    }
    if (f.type == FieldType::kObject && !f.fields.empty()) {
      out[f.name] = ValidateConfig(f.fields, v, fpath, errors);
    } else if (f.type == FieldType::kObjectList && !f.fields.empty()) {
      json list = json::array();
      for (size_t i = 0; i < v.size(); ++i)
        list.push_back(ValidateConfig(f.fields, v[i], fpath + "[" + std::to_string(i) + "]", errors));
      out[f.name] = list;
    } else {
      out[f.name] = v;
    }
  }
  for (auto it = in.begin(); it != in.end(); ++it)
    if (!known.count(it.key())) errors->push_back(path + "." + it.key() + ": unknown key");
  return out;
}

}  // namespace postern
