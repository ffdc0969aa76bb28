#include "plugins/nsfw_image/schema.h"

#include "plugins/image_models/analysis.h"

namespace postern {

ConfigSchema NsfwImageSchema() {
  ConfigSchema s;
  s.push_back({"model", FieldType::kString, kNsfwjsPath, {}, {}, {},
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

NsfwImageConfig NsfwImageConfigFromJson(const json& c) {
  NsfwImageConfig cfg;
  cfg.model = c.value("model", std::string(kNsfwjsPath));
  cfg.reject_threshold = c.value("reject_threshold", cfg.reject_threshold);
  cfg.explicit_hold_threshold = c.value("explicit_hold_threshold", cfg.explicit_hold_threshold);
  cfg.sexy_hold_threshold = c.value("sexy_hold_threshold", cfg.sexy_hold_threshold);
  cfg.network_copies = c.value("network_copies", cfg.network_copies);
  return cfg;
}

}  // namespace postern
