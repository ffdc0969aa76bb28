// Photorealism: "is this a camera photograph?" as a score in [0,1].
// Default: a logistic head (trained by `postern train-photoreal`, stored as YAML under
// config/models/) on the nsfwjs embedding + class probabilities + classical statistics
// (BRISQUE natural-scene statistics, colour/palette, flat regions, noise residuals).
// Alternative: an admin-supplied ONNX model (OnnxPhotorealModel).
#pragma once

#include <array>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "gateway/status.h"
#include "plugins/common/image_models/model_file.h"
#include "plugins/common/image_models/nsfw_classifier.h"

namespace postern::image_models {

// Classical statistics of an 8-bit BGR image (any size >= 1x1; tiny images are upscaled).
// Computed on a copy downscaled to at most 256 px on the long side.
std::vector<float> ClassicalPhotoFeatures(const cv::Mat& bgr);
const std::vector<std::string>& ClassicalPhotoFeatureNames();

// The head's input: embedding (1280) + probabilities (5) + classical statistics.
std::vector<float> PhotorealFeatureVector(const NsfwOutput& nsfw,
                                          const std::vector<float>& classical);

// L2-regularised logistic regression on standardised features.
class PhotorealHead {
 public:
  Status Load(const std::string& path);
  Status Save(const std::string& path) const;
  float Score(const std::vector<float>& features) const;  // in [0,1]

  // Trains on rows of `x` (one feature vector per row) with labels in {0,1}. Deterministic.
  static PhotorealHead Train(const cv::Mat& x, const std::vector<int>& y, double l2,
                             int iterations = 600);

  const std::string& version() const { return version_; }
  void set_version(std::string v) { version_ = std::move(v); }
  std::string notes;  // free text saved with the model (data, CV figures)

 private:
  cv::Mat mean_, inv_std_, weights_;  // 1 x d, CV_64F
  double bias_ = 0;
  std::string version_;
};

// An admin's own ONNX photorealism model: NCHW input of input_size x input_size,
// (pixel - mean) * scale per channel (RGB unless swap_rb is false), output[output_index]
// clamped to [0,1] (a logit when apply_sigmoid).
struct OnnxPhotorealConfig {
  std::string path;
  int input_size = 224;
  std::array<double, 3> mean{0, 0, 0};
  double scale = 1.0 / 255;
  bool swap_rb = true;
  int output_index = 0;
  bool apply_sigmoid = false;
};

class OnnxPhotorealModel {
 public:
  Status Load(const OnnxPhotorealConfig& config, int copies);
  float Score(const cv::Mat& bgr) const;
  std::string version() const { return "onnx:" + sha_; }

 private:
  OnnxPhotorealConfig cfg_;
  mutable NetPool pool_;
  std::string sha_;
};

}  // namespace postern::image_models
