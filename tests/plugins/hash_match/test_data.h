// Where the shared PDQ reference vectors live (read-only, next to the repo).
#pragma once

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace postern::hash_match::testing {

inline std::string PdqVectorsDir() {
  const char* env = std::getenv("POSTERN_SOURCE_DIR");
  return std::string(env ? env : POSTERN_SOURCE_DIR) + "/../shared/pdq-vectors";
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace postern::hash_match::testing
