#include "plugins/nsfw_image/nsfw_image.h"

#include <algorithm>

#include "plugins/common/image_models/analysis.h"

namespace postern::nsfw_image {

using image_models::kHentai;
using image_models::kNsfwClassCount;
using image_models::kPorn;
using image_models::kSexy;

CheckResult NsfwImageCheck::Run(const ShareInput&, ImageAnalysis& image) {
  const image_models::NsfwOutput& out = image_models::SharedNsfw(image, *model_, key_);
  json probs = json::object();
  for (int c = 0; c < kNsfwClassCount; ++c) probs[image_models::NsfwClassName(c)] = out.probs[c];
  const double explicit_p = std::max(out.probs[kPorn], out.probs[kHentai]);
  json evidence = {{"probabilities", probs},
                   {"explicit", explicit_p},
                   {"model", model_->version()}};
  if (explicit_p >= cfg_.reject_threshold) {
    return {Verdict::kReject, "explicit_image", "Explicit images can't be shared.", evidence};
  }
  if (explicit_p >= cfg_.explicit_hold_threshold) {
    return {Verdict::kHold, "explicit_image_review",
            "This image will be reviewed before it is shared.", evidence};
  }
  if (out.probs[kSexy] >= cfg_.sexy_hold_threshold) {
    return {Verdict::kHold, "suggestive_image", "This image will be reviewed before it is shared.",
            evidence};
  }
  return CheckResult::Allow(evidence);
}

}  // namespace postern::nsfw_image
