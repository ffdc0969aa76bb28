// nsfw_image config: which nsfwjs model, and the thresholds on its class probabilities.
#pragma once

#include <string>

#include "gateway/schema.h"

namespace postern {

struct NsfwImageConfig {
  std::string model;              // ONNX path, relative to the data dir (assets/)
  double reject_threshold = 0.85; // max(Porn, Hentai) at or above: reject (explicit_image)
  double explicit_hold_threshold = 1.0;  // max(Porn, Hentai) at or above (below reject): hold
  double sexy_hold_threshold = 0.8;      // Sexy at or above: hold for review
  int network_copies = 2;         // parallel inferences (one cv::dnn::Net each)
};

ConfigSchema NsfwImageSchema();
NsfwImageConfig NsfwImageConfigFromJson(const json& config);  // config already validated

}  // namespace postern
