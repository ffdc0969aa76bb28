// Query-parameter readers shared by the API handlers.
#pragma once

#include <string>

#include "gateway/request.h"

namespace postern {

// Reads ?limit= as an integer in [1, max]; *ok = false if present but invalid.
inline int ParseLimit(const Request& req, int def, int max, bool* ok) {
  *ok = true;
  auto it = req.query.find("limit");
  if (it == req.query.end()) return def;
  try {
    size_t used = 0;
    int v = std::stoi(it->second, &used);
    if (used == it->second.size() && v >= 1 && v <= max) return v;
  } catch (...) {}
  *ok = false;
  return def;
}

// The query parameter `name`, or "" if absent.
inline std::string QueryParam(const Request& req, const std::string& name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? std::string() : it->second;
}

}  // namespace postern
