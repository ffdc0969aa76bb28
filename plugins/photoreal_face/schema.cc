#include "plugins/photoreal_face/schema.h"

#include "plugins/image_models/analysis.h"

namespace postern {

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
  s.push_back({"network_copies", FieldType::kInt, 2, 1.0, 16.0, {},
               "networks kept per model for concurrent shares"});
  return s;
}

PhotorealFaceConfig PhotorealFaceConfigFromJson(const json& c) {
  PhotorealFaceConfig cfg;
  cfg.face_model = c.value("face_model", std::string(kBlazeFaceFullRangePath));
  cfg.face_verify_model = c.value("face_verify_model", std::string(kBlazeFaceShortRangePath));
  cfg.nsfwjs_model = c.value("nsfwjs_model", std::string(kNsfwjsPath));
  cfg.photoreal_head = c.value("photoreal_head", std::string("models/photoreal.yml"));
  const json o = c.value("photoreal_model", json::object());
  cfg.onnx.path = o.value("path", std::string());
  cfg.onnx.input_size = o.value("input_size", 224);
  cfg.onnx.mean = {o.value("mean_r", 0.0), o.value("mean_g", 0.0), o.value("mean_b", 0.0)};
  cfg.onnx.scale = o.value("scale", 1.0 / 255);
  cfg.onnx.swap_rb = o.value("swap_rb", true);
  cfg.onnx.output_index = o.value("output_index", 0);
  cfg.onnx.apply_sigmoid = o.value("apply_sigmoid", false);
  cfg.faces.min_score = static_cast<float>(c.value("face_min_score", 0.5));
  cfg.faces.human_min = static_cast<float>(c.value("face_confidence", 0.70));
  cfg.face_hold_confidence = c.value("face_hold_confidence", cfg.face_hold_confidence);
  cfg.faces.tile_above = c.value("search_tiles", true) ? c.value("tile_above", 640) : 1 << 30;
  cfg.faces.tile_hint_score = static_cast<float>(c.value("tile_hint_score", 0.15));
  cfg.reject_photoreal = c.value("reject_photoreal", cfg.reject_photoreal);
  cfg.hold_photoreal = c.value("hold_photoreal", cfg.hold_photoreal);
  cfg.network_copies = c.value("network_copies", cfg.network_copies);
  return cfg;
}

}  // namespace postern
