#include "tests/support/paths.h"

#include <cstdlib>

namespace postern::testing {

std::string SourceDir() {
  const char* s = std::getenv("POSTERN_SOURCE_DIR");
  return s && *s ? s : POSTERN_SOURCE_DIR;
}

std::string AssetsDir() {
  const char* a = std::getenv("POSTERN_ASSETS");
  return a && *a ? a : SourceDir() + "/assets";
}

std::string ConfigDir() { return SourceDir() + "/config"; }
std::string SharedDir() { return SourceDir() + "/../shared"; }
std::string CorpusDir() { return SharedDir() + "/corpus"; }
std::string PdqVectorsDir() { return SharedDir() + "/pdq-vectors"; }

}  // namespace postern::testing
