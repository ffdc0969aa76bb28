// photoreal_face: rejects photorealistic images that show a human face. Faces come from
// BlazeFace (verified by a second look), photorealism from the trained head on the nsfwjs
// embedding + classical statistics (or an admin's ONNX model).
#pragma once

#include <memory>
#include <string>

#include "gateway/check.h"
#include "plugins/image_models/blazeface.h"
#include "plugins/image_models/nsfw_classifier.h"
#include "plugins/image_models/photoreal.h"
#include "plugins/photoreal_face/schema.h"

namespace postern {

struct PhotorealFaceModels {
  std::shared_ptr<BlazeFace> full_range, short_range;
  std::shared_ptr<NsfwClassifier> nsfw;
  std::string nsfw_key;                   // per-share cache key shared with nsfw_image
  std::shared_ptr<PhotorealHead> head;    // set unless `onnx` is
  std::shared_ptr<OnnxPhotorealModel> onnx;
  std::string face_key;
};

class PhotorealFaceCheck : public Check {
 public:
  PhotorealFaceCheck(PhotorealFaceConfig config, PhotorealFaceModels models);
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;
  // Photorealism in [0,1] of the share's whole image (cached per share).
  float PhotorealScore(ImageAnalysis& image) const;

 private:
  PhotorealFaceConfig cfg_;
  PhotorealFaceModels m_;
  FaceDetector detector_;
};

class PhotorealFaceFactory : public CheckFactory {
 public:
  std::string name() const override { return "photoreal_face"; }
  ConfigSchema schema() const override { return PhotorealFaceSchema(); }
  std::unique_ptr<Check> Create(const json& config, const CheckDeps& deps,
                                Status* error) const override;
};

}  // namespace postern
