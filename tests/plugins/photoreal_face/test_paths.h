// Where the photoreal_face tests find the repo, the fetched models and the shared corpus.
#pragma once

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "gateway/check.h"
#include "plugins/image_models/analysis.h"

namespace postern {
namespace testing_paths {

inline std::string SourceDir() {
  const char* s = std::getenv("POSTERN_SOURCE_DIR");
  return s ? s : POSTERN_SOURCE_DIR;
}
inline std::string DataDir() {
  const char* a = std::getenv("POSTERN_ASSETS");
  return a ? a : SourceDir() + "/assets";
}
inline std::string CorpusImage(const std::string& name) {
  return SourceDir() + "/../shared/corpus/images/" + name;
}
inline CheckDeps Deps() {
  CheckDeps d;
  d.data_dir = DataDir();
  d.config_dir = SourceDir() + "/config";
  return d;
}
// ImageAnalysis holds a mutex (not movable): handed out by pointer.
inline std::unique_ptr<ImageAnalysis> LoadAnalysis(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto a = std::make_unique<ImageAnalysis>(bytes, "");
  a->set_bgr(ToBgr8(cv::imread(path, cv::IMREAD_UNCHANGED)));
  return a;
}

}  // namespace testing_paths
}  // namespace postern
