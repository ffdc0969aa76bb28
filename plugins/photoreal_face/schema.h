// photoreal_face config: models, the face and photorealism thresholds, and an optional
// admin-supplied ONNX photorealism model.
#pragma once

#include <string>

#include "gateway/schema.h"
#include "plugins/image_models/blazeface.h"
#include "plugins/image_models/photoreal.h"

namespace postern {

struct PhotorealFaceConfig {
  std::string face_model;        // BlazeFace full range, relative to the data dir
  std::string face_verify_model; // BlazeFace short range (second look)
  std::string nsfwjs_model;      // embedding for the photorealism head
  std::string photoreal_head;    // YAML head, relative to the config dir
  OnnxPhotorealConfig onnx;      // used instead of the head when onnx.path is set
  FaceDetectorOptions faces;
  double face_hold_confidence = 0.62;  // faces between this and faces.human_min: borderline
  double reject_photoreal = 0.38; // photorealism at or above: photograph (chosen by grouped CV)
  double hold_photoreal = 0.25;   // between hold and reject: borderline
  int network_copies = 2;
};

ConfigSchema PhotorealFaceSchema();
PhotorealFaceConfig PhotorealFaceConfigFromJson(const json& config);  // already validated

}  // namespace postern
