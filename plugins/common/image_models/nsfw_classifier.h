// An nsfwjs classifier (MobileNetV2, the shipped default, or InceptionV3), converted to ONNX by
// scripts/convert_nsfwjs.py, on OpenCV DNN: five class probabilities plus the pooled embedding
// (1280-d or 2048-d) from one pass.
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
  std::vector<float> embedding;  // embedding_size() values
  // Per style layer of the backbone: the mean of each channel, then its standard deviation
  // (texture statistics: brush strokes, canvas, screen tones show there, not in the pooled
  // embedding); then, for the first correlated_layers, the correlation of each pair of
  // channels (which local patterns occur together: a style's signature, not only its
  // strength). style_size() values; empty for a backbone without style layers.
  std::vector<float> style;
  // The backbone's map_layers outputs (NCHW), for a learned tail; empty unless asked for.
  std::vector<cv::Mat> maps;
};

// What a converted nsfwjs model expects and gives; told apart by the converter's file name
// (the ONNX graph is fixed-size, so the wrong side would fail only at the first pass).
struct NsfwBackbone {
  const char* name;  // as in dist/models/<name> of the npm package and the ONNX file name
  int input_size;
  int embedding_size;
  std::vector<const char*> style_layers;  // intermediate outputs summarised into `style`
  int correlated_layers;                  // how many of them (from the first) add correlations
  int style_size;  // 2 x their channel counts + C(C-1)/2 per correlated layer
  std::vector<int> map_layers;  // indices into style_layers whose maps a tail reads
};
// InceptionV3 when `path` names it, else MobileNetV2.
const NsfwBackbone& NsfwBackboneOf(const std::string& path);

class NsfwClassifier {
 public:
  // The shipped default's (MobileNetV2's) sizes.
  static constexpr int kInputSize = 224;
  static constexpr int kEmbeddingSize = 1280;

  Status Load(const std::string& path, int copies);
  // Any 8-bit BGR image: resized to input_size() square (area interpolation when shrinking)
  // and scaled to [0,1] RGB.
  NsfwOutput Classify(const cv::Mat& bgr, bool keep_maps = false) const;
  // The network on an already input_size()-square RGB float image in [0,1] (tests compare
  // with TF.js).
  NsfwOutput Run(const cv::Mat& rgb_f, bool keep_maps = false) const;
  const std::string& version() const { return version_; }
  const NsfwBackbone& backbone() const { return *backbone_; }
  int input_size() const { return backbone_->input_size; }
  int embedding_size() const { return backbone_->embedding_size; }
  int style_size() const { return backbone_->style_size; }

 private:
  mutable NetPool pool_;
  std::string version_;
  const NsfwBackbone* backbone_ = &NsfwBackboneOf("");
  std::vector<cv::String> output_names_;  // the probabilities, the embedding, the style layers
};

}  // namespace postern::image_models
