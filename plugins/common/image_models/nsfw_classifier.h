// The nsfwjs MobileNetV2 classifier, converted to ONNX by scripts/convert_nsfwjs.py, on
// OpenCV DNN: five class probabilities plus the 1280-d pooled embedding from one pass.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "gateway/status.h"
#include "plugins/common/image_models/model_file.h"

namespace postern::image_models {

enum NsfwClass { kDrawing = 0, kHentai, kNeutral, kPorn, kSexy, kNsfwClassCount };
const char* NsfwClassName(int c);

struct NsfwOutput {
  std::array<float, kNsfwClassCount> probs{};
  std::vector<float> embedding;  // 1280 values
};

class NsfwClassifier {
 public:
  static constexpr int kInputSize = 224;
  static constexpr int kEmbeddingSize = 1280;

  Status Load(const std::string& path, int copies);
  // Any 8-bit BGR image: resized to 224x224 (area interpolation) and scaled to [0,1] RGB.
  NsfwOutput Classify(const cv::Mat& bgr) const;
  // The network on an already 224x224 RGB float image in [0,1] (tests compare with TF.js).
  NsfwOutput Run(const cv::Mat& rgb224f) const;
  const std::string& version() const { return version_; }

 private:
  mutable NetPool pool_;
  std::string version_;
};

}  // namespace postern::image_models
