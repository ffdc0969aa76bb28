// nsfw_image's schema (the only place its defaults live), typed config and factory.
#include "plugins/common/image_models/analysis.h"
#include "plugins/nsfw_image/nsfw_image.h"

namespace postern::nsfw_image {

ConfigSchema NsfwImageSchema() {
  ConfigSchema s;
  s.push_back({"model", FieldType::kString, image_models::kNsfwjsPath, {}, {}, {},
               "nsfwjs ONNX model (scripts/fetch-assets), relative to the data dir"});
  s.push_back({"reject_threshold", FieldType::kDouble, 0.85, 0.0, 1.0, {},
               "max(Porn, Hentai) probability at or above which the image is rejected"});
  s.push_back({"explicit_hold_threshold", FieldType::kDouble, 1.0, 0.0, 1.0, {},
               "max(Porn, Hentai) at or above which (below reject) the image is held; 1 = off"});
  s.push_back({"sexy_hold_threshold", FieldType::kDouble, 0.8, 0.0, 1.0, {},
               "Sexy probability at or above which the image is held for review"});
  s.push_back({"network_copies", FieldType::kInt, 2, 1.0, 16.0, {},
               "networks kept for concurrent shares (shared with photoreal_face by path)"});
  return s;
}

NsfwImageConfig ParseNsfwImageConfig(const json& c) {
  NsfwImageConfig cfg;
  cfg.model = c.at("model").get<std::string>();
  cfg.reject_threshold = c.at("reject_threshold").get<double>();
  cfg.explicit_hold_threshold = c.at("explicit_hold_threshold").get<double>();
  cfg.sexy_hold_threshold = c.at("sexy_hold_threshold").get<double>();
  cfg.network_copies = c.at("network_copies").get<int>();
  return cfg;
}

namespace {

class NsfwImageFactory : public CheckFactory {
 public:
  std::string name() const override { return "nsfw_image"; }
  ConfigSchema schema() const override { return NsfwImageSchema(); }
  std::unique_ptr<Check> Create(const json& config, const CheckDeps& deps,
                                Status* error) const override {
    NsfwImageConfig cfg = ParseNsfwImageConfig(config);
    Status st;
    auto model = image_models::LoadNsfwClassifier(deps.data_dir, cfg.model, cfg.network_copies, &st);
    if (!model) {
      if (error) *error = st;
      return nullptr;
    }
    // Same key as photoreal_face for the same file, so one pass serves both checks.
    const std::string key = image_models::ResolveModelPath(deps.data_dir, cfg.model);
    return std::make_unique<NsfwImageCheck>(cfg, std::move(model), key);
  }
};

}  // namespace

POSTERN_REGISTER_CHECK(NsfwImageFactory);

}  // namespace postern::nsfw_image
