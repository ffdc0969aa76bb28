// Where tests find the checkout, the fetched assets and the read-only data beside the
// repository. Tests only: the binary never looks at the source tree (POSTERN_SOURCE_DIR
// is defined for postern_test_support alone, and ctest sets the variable of that name).
#pragma once

#include <string>

namespace postern::testing {

std::string SourceDir();     // $POSTERN_SOURCE_DIR, else the checkout the tests were built from
std::string AssetsDir();     // $POSTERN_ASSETS when set and non-empty, else SourceDir()/assets
std::string ConfigDir();     // SourceDir()/config: the shipped config, lists and models
std::string SharedDir();     // SourceDir()/../shared (read-only)
std::string CorpusDir();     // SharedDir()/corpus: labels.csv and images/
std::string PdqVectorsDir(); // SharedDir()/pdq-vectors: the PDQ reference hashes

}  // namespace postern::testing
