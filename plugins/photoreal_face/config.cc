// photoreal_face's schema (the only place its defaults live), typed config and factory.
#include "plugins/common/image_models/analysis.h"
#include "plugins/photoreal_face/photoreal_face.h"

namespace postern::photoreal_face {

using image_models::kBlazeFaceFullRangePath;
using image_models::kBlazeFaceShortRangePath;
using image_models::kNsfwjsPath;

ConfigSchema PhotorealFaceSchema() {
  ConfigSchema onnx = {
      {"path", FieldType::kString, "", {}, {}, {}, "ONNX model file; empty = use the head"},
      {"input_size", FieldType::kInt, 224, 8.0, 2048.0, {}, "square input side in pixels"},
      {"mean_r", FieldType::kDouble, 0.0, {}, {}, {}, "subtracted from red (0-255 scale)"},
      {"mean_g", FieldType::kDouble, 0.0, {}, {}, {}, "subtracted from green"},
      {"mean_b", FieldType::kDouble, 0.0, {}, {}, {}, "subtracted from blue"},
      {"scale", FieldType::kDouble, 1.0 / 255, 0.0, 10.0, {}, "multiplies (pixel - mean)"},
      {"swap_rb", FieldType::kBool, true, {}, {}, {}, "feed RGB (true) or BGR (false)"},
      {"output_index", FieldType::kInt, 0, 0.0, 1e6, {}, "which output value is P(photo)"},
      {"apply_sigmoid", FieldType::kBool, false, {}, {}, {}, "the output is a logit"},
  };
  ConfigSchema s;
  s.push_back({"face_model", FieldType::kString, kBlazeFaceFullRangePath, {}, {}, {},
               "BlazeFace full-range ONNX, relative to the data dir"});
  s.push_back({"face_verify_model", FieldType::kString, kBlazeFaceShortRangePath, {}, {}, {},
               "BlazeFace short-range ONNX used for the second look at each face"});
  s.push_back({"nsfwjs_model", FieldType::kString, kNsfwjsPath, {}, {}, {},
               "nsfwjs ONNX (embedding for the photorealism head)"});
  s.push_back({"photoreal_head", FieldType::kString, "models/photoreal.yml", {}, {}, {},
               "photorealism head (postern train-photoreal), relative to the config dir"});
  s.push_back({"photoreal_model", FieldType::kObject, json::object(), {}, {}, {},
               "an own ONNX photorealism model instead of the head", onnx});
  s.push_back({"face_min_score", FieldType::kDouble, 0.5, 0.0, 1.0, {},
               "detector score below which candidates are dropped"});
  s.push_back({"face_confidence", FieldType::kDouble, 0.70, 0.0, 1.0, {},
               "verified confidence for a human face"});
  s.push_back({"face_hold_confidence", FieldType::kDouble, 0.62, 0.0, 1.0, {},
               "confidence from which a photorealistic image is held (borderline face)"});
  s.push_back({"search_tiles", FieldType::kBool, true, {}, {}, {},
               "also search overlapping tiles of large images for small faces"});
  s.push_back({"tile_above", FieldType::kInt, 640, 64.0, 1e6, {},
               "long side (px) above which tiles are searched (about 4 more passes)"});
  s.push_back({"tile_hint_score", FieldType::kDouble, 0.15, 0.0, 1.0, {},
               "a tile is searched only where the whole-image pass saw a small candidate "
               "scoring this much (0: every tile)"});
  s.push_back({"reject_photoreal", FieldType::kDouble, 0.38, 0.0, 1.0, {},
               "photorealism at or above which an image with a face is rejected"});
  s.push_back({"hold_photoreal", FieldType::kDouble, 0.25, 0.0, 1.0, {},
               "photorealism from which an image with a face is held for review"});
  s.push_back({"face_second_look", FieldType::kBool, true, {}, {}, {},
               "also score a close-up of the best face and blend it with the whole-image score "
               "(the head's face_blend; one more nsfwjs pass per image with a face)"});
  s.push_back({"human_face_head", FieldType::kString, "models/human_face.yml", {}, {}, {},
               "human-face verifier (postern train-photoreal --human-face-out), relative to the "
               "config dir; \"\" = off. Scores each face's close-up so animal faces do not count"});
  s.push_back({"human_face_min", FieldType::kDouble, 0.4, 0.0, 1.0, {},
               "verifier P(human) under which a face is not counted (an animal or an object)"});
  s.push_back({"human_face_below", FieldType::kDouble, 0.75, 0.0, 1.0, {},
               "face confidence from which the verifier is not asked (BlazeFace is sure)"});
  s.push_back({"second_look_below", FieldType::kDouble, 1.0, 0.0, 1.0, {},
               "whole-image score from which the face second look is skipped (1: never skipped)"});
  s.push_back({"style_words", FieldType::kStringList,
               json::array({"oil on canvas", "oil painting", "painting", "painted", "watercolor",
                            "watercolour", "gouache", "acrylic", "pastel", "charcoal", "fresco",
                            "tempera", "impressionist", "impressionism", "baroque",
                            "in the style of", "digital painting", "digital art", "concept art",
                            "matte painting", "illustration", "drawing", "sketch", "engraving",
                            "etching", "woodcut", "lithograph", "3d render", "3d rendering",
                            "render", "rendered", "cgi", "octane render", "unreal engine",
                            "blender", "low poly", "cartoon", "anime", "comic", "pixel art"}),
               {}, {}, {},
               "prompt words (whole words, any case) that move a borderline hold to allow; "
               "never a clear photograph"});
  s.push_back({"photo_words", FieldType::kStringList,
               json::array({"photo", "photograph", "photography", "photorealistic",
                            "photo-realistic", "hyperrealistic", "hyper-realistic", "realistic",
                            "dslr", "35mm", "polaroid", "camera", "selfie", "portrait photo",
                            "raw photo", "film still", "8k uhd"}),
               {}, {}, {}, "prompt words that switch the style witness off"});
  s.push_back({"network_copies", FieldType::kInt, 2, 1.0, 16.0, {},
               "networks kept per model for concurrent shares"});
  return s;
}

PhotorealFaceConfig ParsePhotorealFaceConfig(const json& c) {
  PhotorealFaceConfig cfg;
  cfg.face_model = c.at("face_model").get<std::string>();
  cfg.face_verify_model = c.at("face_verify_model").get<std::string>();
  cfg.nsfwjs_model = c.at("nsfwjs_model").get<std::string>();
  cfg.photoreal_head = c.at("photoreal_head").get<std::string>();
  const json& o = c.at("photoreal_model");
  cfg.onnx.path = o.at("path").get<std::string>();
  cfg.onnx.input_size = o.at("input_size").get<int>();
  cfg.onnx.mean = {o.at("mean_r").get<double>(), o.at("mean_g").get<double>(),
                   o.at("mean_b").get<double>()};
  cfg.onnx.scale = o.at("scale").get<double>();
  cfg.onnx.swap_rb = o.at("swap_rb").get<bool>();
  cfg.onnx.output_index = o.at("output_index").get<int>();
  cfg.onnx.apply_sigmoid = o.at("apply_sigmoid").get<bool>();
  cfg.faces.min_score = static_cast<float>(c.at("face_min_score").get<double>());
  cfg.faces.human_min = static_cast<float>(c.at("face_confidence").get<double>());
  cfg.face_hold_confidence = c.at("face_hold_confidence").get<double>();
  // Tiling off = a threshold no image reaches.
  cfg.faces.tile_above = c.at("search_tiles").get<bool>() ? c.at("tile_above").get<int>() : 1 << 30;
  cfg.faces.tile_hint_score = static_cast<float>(c.at("tile_hint_score").get<double>());
  cfg.reject_photoreal = c.at("reject_photoreal").get<double>();
  cfg.hold_photoreal = c.at("hold_photoreal").get<double>();
  cfg.face_second_look = c.at("face_second_look").get<bool>();
  cfg.second_look_below = c.at("second_look_below").get<double>();
  cfg.human_face_head = c.at("human_face_head").get<std::string>();
  cfg.human_face_min = c.at("human_face_min").get<double>();
  cfg.human_face_below = c.at("human_face_below").get<double>();
  cfg.style_words = c.at("style_words").get<std::vector<std::string>>();
  cfg.photo_words = c.at("photo_words").get<std::vector<std::string>>();
  cfg.network_copies = c.at("network_copies").get<int>();
  return cfg;
}

namespace {

class PhotorealFaceFactory : public CheckFactory {
 public:
  std::string name() const override { return "photoreal_face"; }
  ConfigSchema schema() const override { return PhotorealFaceSchema(); }
  std::unique_ptr<Check> Create(const json& config, const CheckDeps& deps,
                                Status* error) const override {
    PhotorealFaceConfig cfg = ParsePhotorealFaceConfig(config);
    Status st = cfg.hold_photoreal > cfg.reject_photoreal
                    ? Status::InvalidConfig("hold_photoreal must not exceed reject_photoreal")
                    : Status::OK();
    PhotorealFaceModels models;
    if (st.ok()) st = LoadPhotorealFaceModels(&cfg, deps, &models);
    if (!st.ok()) {
      if (error) *error = st;
      return nullptr;
    }
    return std::make_unique<PhotorealFaceCheck>(cfg, std::move(models));
  }
};

}  // namespace

POSTERN_REGISTER_CHECK(PhotorealFaceFactory);

}  // namespace postern::photoreal_face
