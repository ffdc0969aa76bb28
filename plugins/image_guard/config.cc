// image_guard's schema (the only place its defaults live), typed config and factory.
#include "plugins/image_guard/image_guard.h"

namespace postern::image_guard {

ConfigSchema ImageGuardSchema() {
  ConfigField formats{"formats", FieldType::kStringList, json::array({"png", "jpeg", "webp"})};
  formats.one_of = {"png", "jpeg", "webp"};
  formats.help = "accepted image formats";
  return {
      formats,
      {"max_bytes", FieldType::kInt, 20 << 20, 1024, double(1 << 30), {}, "largest encoded image"},
      {"max_width", FieldType::kInt, 8192, 1, 65535, {}, "widest image, from the header"},
      {"max_height", FieldType::kInt, 8192, 1, 65535, {}, "tallest image, from the header"},
      {"max_pixels", FieldType::kInt, 40000000, 1, 1e9, {}, "largest width*height, from the header"},
      {"min_side", FieldType::kInt, 1, 1, 4096, {}, "smallest width or height"},
      {"max_jpeg_scans", FieldType::kInt, 64, 1, 1000, {},
       "most scans a JPEG may have (progressive ones use about 10; each scan is a pass over the image)"},
      {"allow_animated", FieldType::kBool, false, {}, {}, {}, "accept APNG / animated WebP (first frame is checked)"},
      {"max_decode_cpu_ms", FieldType::kInt, 2000, 10, 60000, {},
       "CPU time one decode may use (a 40 MP PNG takes about 600 ms); past it the caller gets 422 image_too_complex at once"},
      {"max_abandoned_decodes", FieldType::kInt, 2, 1, 64, {},
       "decodes past their budget that may still be running (they cannot be interrupted); past it shares get 503 overloaded"},
  };
}

ImageGuardConfig ParseImageGuardConfig(const json& c) {
  ImageGuardConfig cfg;
  cfg.formats = c.at("formats").get<std::vector<std::string>>();
  cfg.max_bytes = c.at("max_bytes").get<int64_t>();
  cfg.max_width = c.at("max_width").get<int64_t>();
  cfg.max_height = c.at("max_height").get<int64_t>();
  cfg.max_pixels = c.at("max_pixels").get<int64_t>();
  cfg.min_side = c.at("min_side").get<int64_t>();
  cfg.max_jpeg_scans = c.at("max_jpeg_scans").get<int64_t>();
  cfg.allow_animated = c.at("allow_animated").get<bool>();
  cfg.max_decode_cpu_ms = c.at("max_decode_cpu_ms").get<int64_t>();
  cfg.max_abandoned_decodes = c.at("max_abandoned_decodes").get<int64_t>();
  return cfg;
}

namespace {

class ImageGuardFactory : public CheckFactory {
 public:
  std::string name() const override { return "image_guard"; }
  ConfigSchema schema() const override { return ImageGuardSchema(); }
  std::unique_ptr<Check> Create(const json& config, const CheckDeps&, Status*) const override {
    return std::make_unique<ImageGuardCheck>(ParseImageGuardConfig(config));
  }
};

}  // namespace

POSTERN_REGISTER_CHECK(ImageGuardFactory);

}  // namespace postern::image_guard
