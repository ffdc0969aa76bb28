// ConfigSchema: the declared config contract of a plugin or connector (field, type,
// default, range), validated by the loader before anything runs, as in Kong's schema.lua.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace postern {

using json = nlohmann::json;

enum class FieldType { kBool, kInt, kDouble, kString, kStringList, kObject, kObjectList };

struct ConfigField {
  std::string name;
  FieldType type;
  json default_value;            // null means required
  std::optional<double> min;     // numeric lower bound, inclusive
  std::optional<double> max;     // numeric upper bound, inclusive
  std::vector<std::string> one_of;  // allowed strings, empty = any
  std::string help;
  // For kObject / kObjectList: the schema of each object's fields.
  std::vector<ConfigField> fields;
};

using ConfigSchema = std::vector<ConfigField>;

// Checks `config` against `schema`; appends one "path: problem" string per error.
// Returns the config with defaults filled in. Unknown keys are errors.
json ValidateConfig(const ConfigSchema& schema, const json& config, const std::string& path,
                    std::vector<std::string>* errors);

// A short name for a field type, for error messages and GET /v1/admin/plugins.
const char* FieldTypeName(FieldType t);

}  // namespace postern
