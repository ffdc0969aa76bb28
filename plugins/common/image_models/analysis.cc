#include "plugins/common/image_models/analysis.h"

#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace postern::image_models {

const char* const kBlazeFaceFullRangePath = "blazeface/face_detection_back_256x256_barracuda.onnx";
const char* const kBlazeFaceShortRangePath = "blazeface/face_detection_front_128x128_barracuda.onnx";
const char* const kNsfwjsPath = "nsfwjs/nsfwjs_mobilenet_v2.onnx";
const char* const kBlazeFaceFullRangeSha256 =
    "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2";
const char* const kBlazeFaceShortRangeSha256 =
    "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51";

std::shared_ptr<NsfwClassifier> LoadNsfwClassifier(const std::string& data_dir,
                                                   const std::string& path, int copies,
                                                   Status* error) {
  const std::string full = ResolveModelPath(data_dir, path);
  return SharedModel<NsfwClassifier>(
      "nsfwjs|" + full + "|" + std::to_string(copies),
      [&](NsfwClassifier* m) {
        Status st = CheckModelFile(full);
        return st.ok() ? m->Load(full, copies) : st;
      },
      error);
}

std::shared_ptr<BlazeFace> LoadBlazeFace(const std::string& data_dir, const std::string& path,
                                         const std::string& sha256, int input_size, int copies,
                                         Status* error) {
  const std::string full = ResolveModelPath(data_dir, path);
  if (input_size <= 0) {
    input_size = full.find("128x128") != std::string::npos   ? 128
                 : full.find("256x256") != std::string::npos ? 256
                                                             : 0;
  }
  if (input_size <= 0) {
    if (error) {
      *error = Status::InvalidConfig("cannot tell the input size of BlazeFace model " +
                                                   full + "; set it in the config");
    }
    return nullptr;
  }
  return SharedModel<BlazeFace>(
      "blazeface|" + full + "|" + std::to_string(input_size) + "|" + std::to_string(copies),
      [&](BlazeFace* m) {
        Status st = CheckModelFile(full, sha256);
        return st.ok() ? m->Load(full, input_size, copies) : st;
      },
      error);
}

std::shared_ptr<PhotorealHead> LoadPhotorealHead(const std::string& path, Status* error) {
  return SharedModel<PhotorealHead>(
      "photoreal_head|" + path, [&](PhotorealHead* h) { return h->Load(path); }, error);
}

cv::Mat ToBgr8(const cv::Mat& m) {
  if (m.empty()) return m;
  cv::Mat eight = m;
  if (m.depth() == CV_16U) {
    m.convertTo(eight, CV_8U, 1.0 / 257);
  } else if (m.depth() == CV_32F || m.depth() == CV_64F) {
    m.convertTo(eight, CV_8U, 255);
  } else if (m.depth() != CV_8U) {
    m.convertTo(eight, CV_8U);
  }
  cv::Mat bgr;
  switch (eight.channels()) {
    case 1: cv::cvtColor(eight, bgr, cv::COLOR_GRAY2BGR); break;
    case 4: cv::cvtColor(eight, bgr, cv::COLOR_BGRA2BGR); break;
    case 3: bgr = eight; break;
    default: {
      std::vector<cv::Mat> ch;
      cv::split(eight, ch);
      cv::cvtColor(ch[0], bgr, cv::COLOR_GRAY2BGR);
    }
  }
  return bgr;
}

cv::Rect FaceCloseUpRect(const cv::Size& image, const cv::Rect2f& face) {
  const float side = 2.f * std::max(face.width, face.height);
  const cv::Rect r = cv::Rect(static_cast<int>(face.x + face.width / 2 - side / 2),
                              static_cast<int>(face.y + face.height / 2 - side / 2),
                              static_cast<int>(side), static_cast<int>(side)) &
                     cv::Rect(0, 0, image.width, image.height);
  return r.width >= 16 && r.height >= 16 ? r : cv::Rect();
}

std::vector<float> CloseUpFeatures(const cv::Mat& bgr, const cv::Rect& close_up,
                                   const NsfwClassifier& nsfw, std::vector<cv::Mat>* maps) {
  const cv::Mat reduced = ReducedForNetworks(bgr(close_up).clone());
  NsfwOutput out = nsfw.Classify(reduced, maps != nullptr);
  if (maps) *maps = std::move(out.maps);
  return PhotorealFeatureVector(out, ClassicalPhotoFeatures(reduced));
}

const cv::Mat& SharePixels(ImageAnalysis& image) {
  if (!image.bgr().empty() && image.bgr().type() == CV_8UC3) return image.bgr();
  const cv::Mat& pixels = image.Get<cv::Mat>("image_models/pixels", [&]() {
    if (!image.bgr().empty()) return ToBgr8(image.bgr());
    const std::string& b = image.bytes();
    cv::Mat raw(1, static_cast<int>(b.size()), CV_8U, const_cast<char*>(b.data()));
    cv::Mat decoded;
    try {
      if (!b.empty()) decoded = cv::imdecode(raw, cv::IMREAD_COLOR);
    } catch (const cv::Exception&) {
      decoded.release();
    }
    return ToBgr8(decoded);
  });
  if (pixels.empty()) throw std::runtime_error("image could not be decoded");
  return pixels;
}

cv::Mat ReducedForNetworks(const cv::Mat& bgr) {
  cv::Mat out = bgr;
  while (std::min(out.cols, out.rows) / 2 >= 224 && std::max(out.cols, out.rows) / 2 >= 256) {
    cv::Mat half;
    cv::resize(out, half, cv::Size(out.cols / 2, out.rows / 2), 0, 0, cv::INTER_AREA);
    out = half;
  }
  return out;
}

const cv::Mat& SharedReduced(ImageAnalysis& image) {
  const cv::Mat& bgr = SharePixels(image);
  return image.Get<cv::Mat>("image_models/reduced", [&]() { return ReducedForNetworks(bgr); });
}

const NsfwOutput& SharedNsfw(ImageAnalysis& image, const NsfwClassifier& model,
                             const std::string& model_key) {
  const cv::Mat& bgr = SharedReduced(image);
  return image.Get<NsfwOutput>("image_models/nsfwjs|" + model_key,
                               [&]() { return model.Classify(bgr); });
}

const std::vector<float>& SharedClassicalFeatures(ImageAnalysis& image) {
  const cv::Mat& bgr = SharedReduced(image);
  return image.Get<std::vector<float>>("image_models/classical",
                                       [&]() { return ClassicalPhotoFeatures(bgr); });
}

const std::vector<FaceDetection>& SharedFaces(ImageAnalysis& image, const FaceDetector& detector,
                                              const std::string& detector_key, bool tiles) {
  const cv::Mat& bgr = SharePixels(image);
  const cv::Mat& reduced = SharedReduced(image);
  return image.Get<std::vector<FaceDetection>>(
      "image_models/faces|" + detector_key + (tiles ? "|tiles" : ""),
      [&]() { return detector.Detect(bgr, tiles, reduced); });
}

}  // namespace postern::image_models
