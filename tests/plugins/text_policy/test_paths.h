// Where the text_policy tests find the shipped lists, fetched assets and ../shared.
#pragma once

#include <cstdlib>
#include <string>

namespace postern::textpolicy::testing {

inline std::string SourceDir() {
  const char* s = std::getenv("POSTERN_SOURCE_DIR");
  return s ? s : POSTERN_SOURCE_DIR;
}
inline std::string ConfigDir() { return SourceDir() + "/config"; }
inline std::string AssetsDir() {
  const char* a = std::getenv("POSTERN_ASSETS");
  return a ? a : SourceDir() + "/assets";
}
inline std::string SharedDir() { return SourceDir() + "/../shared"; }

}  // namespace postern::textpolicy::testing
