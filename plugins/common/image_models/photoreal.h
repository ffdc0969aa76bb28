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

// The head's input: embedding (1280) + probabilities (5) + classical statistics + the
// backbone's texture statistics (NsfwOutput::style).
std::vector<float> PhotorealFeatureVector(const NsfwOutput& nsfw,
                                          const std::vector<float>& classical);
// Its length for a backbone (what a head trained for that backbone expects).
int PhotorealFeatureCount(const NsfwClassifier& nsfw);

// The run-time second look at a face: sigmoid(w_whole * logit(whole-image score) +
// w_face * logit(face close-up score) + bias). Fitted by `postern train-photoreal` on
// leave-one-source-out scores, never on the head's own training rows; all zero = unused.
struct FaceRegionBlend {
  double w_whole = 0, w_face = 0, bias = 0;
  bool enabled() const { return w_whole != 0 || w_face != 0; }
  float Combine(float whole, float face) const;
  // Class-balanced logistic fit of `y` on the two scores' logits. Deterministic.
  static FaceRegionBlend Fit(const std::vector<float>& whole, const std::vector<float>& face,
                             const std::vector<int>& y);
};

// L2-regularised logistic regression on standardised features.
class PhotorealHead {
 public:
  Status Load(const std::string& path);
  Status Save(const std::string& path) const;
  float Score(const std::vector<float>& features) const;  // in [0,1]

  // Trains on rows of `x` (one feature vector per row) with labels in {0,1}. Deterministic.
  // `row_weights` (one per row, or empty: all equal) shares each class's half of the loss.
  static PhotorealHead Train(const cv::Mat& x, const std::vector<int>& y, double l2,
                             int iterations = 600, const std::vector<double>& row_weights = {});

  const std::string& version() const { return version_; }
  void set_version(std::string v) { version_ = std::move(v); }
  std::string notes;  // free text saved with the model (data, CV figures)
  FaceRegionBlend face_blend;  // saved with the head; absent in older files (unused)

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
