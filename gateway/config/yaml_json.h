// Reads a config file's YAML into JSON straight from the parser's events, never through
// yaml-cpp's node graph: a config needs no anchors or aliases (refused, so no alias bomb
// or recursive alias can exhaust or crash the loader), keys are unique, nesting is
// bounded, and the one document is a mapping. Everything else is an error with its line.
#pragma once

#include <string>

#include "gateway/schema.h"
#include "gateway/status.h"

namespace postern {

inline constexpr size_t kMaxConfigBytes = 1 << 20;
inline constexpr int kMaxConfigDepth = 32;

// Parses `yaml_text` into *out (an object; an empty file is {}). Plain scalars get YAML
// 1.2 core types (true/false, null, integers, floats); quoted ones stay strings.
// kInvalidConfig naming the problem and, where the parser knows it, the line.
Status YamlToJson(const std::string& yaml_text, json* out);

}  // namespace postern
