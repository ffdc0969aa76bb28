// nsfw_image: rejects explicit images (nsfwjs Porn/Hentai) and holds suggestive ones (Sexy)
// for review. Shares the nsfwjs pass with photoreal_face through ImageAnalysis.
#pragma once

#include <memory>

#include "gateway/check.h"
#include "plugins/image_models/nsfw_classifier.h"
#include "plugins/nsfw_image/schema.h"

namespace postern {

class NsfwImageCheck : public Check {
 public:
  NsfwImageCheck(NsfwImageConfig config, std::shared_ptr<NsfwClassifier> model,
                 std::string model_key)
      : cfg_(std::move(config)), model_(std::move(model)), key_(std::move(model_key)) {}
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;

 private:
  NsfwImageConfig cfg_;
  std::shared_ptr<NsfwClassifier> model_;
  std::string key_;
};

class NsfwImageFactory : public CheckFactory {
 public:
  std::string name() const override { return "nsfw_image"; }
  ConfigSchema schema() const override { return NsfwImageSchema(); }
  std::unique_ptr<Check> Create(const json& config, const CheckDeps& deps,
                                Status* error) const override;
};

}  // namespace postern
