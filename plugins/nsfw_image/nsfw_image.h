// nsfw_image: rejects explicit images (nsfwjs Porn/Hentai) and holds suggestive ones (Sexy)
// for review. Shares the nsfwjs pass with photoreal_face through ImageAnalysis.
#pragma once

#include <memory>
#include <string>

#include "gateway/check.h"
#include "plugins/common/image_models/nsfw_classifier.h"

namespace postern::nsfw_image {

struct NsfwImageConfig {
  std::string model;               // ONNX path, relative to the data dir (assets/)
  double reject_threshold;         // max(Porn, Hentai) at or above: reject (explicit_image)
  double explicit_hold_threshold;  // max(Porn, Hentai) at or above (below reject): hold
  double sexy_hold_threshold;      // Sexy at or above: hold for review
  int network_copies;              // parallel inferences (one cv::dnn::Net each)
};

class NsfwImageCheck : public Check {
 public:
  // `model_key` names the model in the per-share cache (the resolved path), so
  // photoreal_face reuses this check's pass on the same file.
  NsfwImageCheck(NsfwImageConfig config, std::shared_ptr<image_models::NsfwClassifier> model,
                 std::string model_key)
      : cfg_(std::move(config)), model_(std::move(model)), key_(std::move(model_key)) {}
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;

 private:
  NsfwImageConfig cfg_;
  std::shared_ptr<image_models::NsfwClassifier> model_;
  std::string key_;
};

ConfigSchema NsfwImageSchema();
NsfwImageConfig ParseNsfwImageConfig(const json& validated);

}  // namespace postern::nsfw_image
