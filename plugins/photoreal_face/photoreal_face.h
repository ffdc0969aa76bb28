// photoreal_face: rejects photorealistic images that show a human face. Faces come from
// BlazeFace (verified by a second look), photorealism from the trained head on the nsfwjs
// embedding + classical statistics (or an admin's ONNX model).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gateway/check.h"
#include "plugins/common/image_models/blazeface.h"
#include "plugins/common/image_models/nsfw_classifier.h"
#include "plugins/common/image_models/photoreal.h"

namespace postern::photoreal_face {

struct PhotorealFaceConfig {
  std::string face_model;         // BlazeFace full range, relative to the data dir
  std::string face_verify_model;  // BlazeFace short range (second look)
  std::string nsfwjs_model;       // embedding for the photorealism head
  std::string photoreal_head;     // YAML head, relative to the config dir
  image_models::OnnxPhotorealConfig onnx;     // used instead of the head when onnx.path is set
  image_models::FaceDetectorOptions faces;    // min_score, human_min, tile_above, tile_hint_score
  double face_hold_confidence;  // faces between this and faces.human_min: borderline
  double reject_photoreal;      // photorealism at or above: photograph (chosen by grouped CV)
  double hold_photoreal;        // between hold and reject: borderline
  bool face_second_look;        // score a close-up of the best face too (the head's blend)
  std::string human_face_head;  // human-face verifier (YAML head, config dir); "" = off
  double human_face_min;        // its P(human) under which a face is not counted (an animal)
  double human_face_below;      // ...looked at only for faces whose confidence is under this
  double second_look_below;     // ...only while the whole-image score is under this
  std::vector<std::string> style_words;  // in the prompt: a borderline hold becomes allow
  std::vector<std::string> photo_words;  // ...unless the prompt asks for a photograph
  int network_copies;
};

struct PhotorealFaceModels {
  std::shared_ptr<image_models::BlazeFace> full_range, short_range;
  std::shared_ptr<image_models::NsfwClassifier> nsfw;
  std::string nsfw_key;                                // per-share cache key shared with nsfw_image
  std::shared_ptr<image_models::PhotorealHead> head;   // set unless `onnx` is
  std::shared_ptr<image_models::PhotorealHead> human_face;  // optional verifier (needs `head`)
  std::shared_ptr<image_models::OnnxPhotorealModel> onnx;
  std::string face_key;
};

// Loads the models `config` names (relative to deps.data_dir, the head and an ONNX model
// relative to deps.config_dir; config->onnx.path is resolved in place).
Status LoadPhotorealFaceModels(PhotorealFaceConfig* config, const CheckDeps& deps,
                               PhotorealFaceModels* out);

class PhotorealFaceCheck : public Check {
 public:
  PhotorealFaceCheck(PhotorealFaceConfig config, PhotorealFaceModels models);
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;
  // Photorealism in [0,1] of the share's whole image (cached per share).
  float PhotorealScore(ImageAnalysis& image) const;
  // The head's features of a close-up of `face` (twice its box), as it was trained on
  // close-ups; cached per share and box; null when the close-up would be too small.
  const std::vector<float>* CloseUp(ImageAnalysis& image, const image_models::FaceDetection& face) const;

 private:
  // The most confident face the verifier accepts as human: faces under face_hold_confidence
  // are not looked at, faces from human_face_below are accepted as they are, at most
  // kMaxVerified are looked at; records each look in `faces_json`.
  const image_models::FaceDetection* BestHumanFace(ImageAnalysis& image,
                                                   const std::vector<image_models::FaceDetection>& faces,
                                                   json* faces_json) const;

  PhotorealFaceConfig cfg_;
  PhotorealFaceModels m_;
  image_models::FaceDetector detector_;
};

// The first of `words` found in `prompt` as whole words (case-insensitive), or "".
std::string FindStyleWord(const std::string& prompt, const std::vector<std::string>& words);

ConfigSchema PhotorealFaceSchema();
PhotorealFaceConfig ParsePhotorealFaceConfig(const json& validated);

}  // namespace postern::photoreal_face
