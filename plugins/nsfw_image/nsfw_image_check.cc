#include "plugins/nsfw_image/nsfw_image_check.h"

#include <algorithm>

#include "plugins/image_models/analysis.h"

namespace postern {

CheckResult NsfwImageCheck::Run(const ShareInput&, ImageAnalysis& image) {
  const NsfwOutput& out = SharedNsfw(image, *model_, key_);
  json probs = json::object();
  for (int c = 0; c < kNsfwClassCount; ++c) probs[NsfwClassName(c)] = out.probs[c];
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

std::unique_ptr<Check> NsfwImageFactory::Create(const json& config, const CheckDeps& deps,
                                                Status* error) const {
  NsfwImageConfig cfg = NsfwImageConfigFromJson(config);
  Status st;
  auto model = LoadNsfwClassifier(deps.data_dir, cfg.model, cfg.network_copies, &st);
  if (!model) {
    if (error) *error = st;
    return nullptr;
  }
  // Same key as photoreal_face for the same file, so one pass serves both checks.
  const std::string key = ResolveModelPath(deps.data_dir, cfg.model);
  return std::make_unique<NsfwImageCheck>(cfg, std::move(model), key);
}

POSTERN_REGISTER_CHECK(NsfwImageFactory);

}  // namespace postern
