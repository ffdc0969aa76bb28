// Labelled image lists (the corpus labels.csv format) and the photorealism head's training
// and grouped cross-validation, shared by `postern train-photoreal` and `postern eval-images`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "gateway/status.h"
#include "plugins/common/image_models/blazeface.h"
#include "plugins/common/image_models/nsfw_classifier.h"
#include "plugins/common/image_models/photoreal.h"

namespace postern::image_models {

// One row of `file,photoreal,faces,source,license` (file relative to the CSV's folder).
struct LabelledImage {
  std::string path;
  int photoreal = 0;
  int faces = 0;
  std::string source;
  // A: photo with faces, B: photo without, C: non-photo with faces, D: non-photo without.
  char cls() const { return photoreal ? (faces > 0 ? 'A' : 'B') : (faces > 0 ? 'C' : 'D'); }
};

Status ReadLabels(const std::string& csv_path, std::vector<LabelledImage>* out);

// Rows for the head: one per image (the whole image, as the check sees it) and, when a
// detector is given, one more for the most confident face of confidence >=
// kCloseUpMinConfidence: a square 2x the face box (clipped at the border), same label.
// Close-ups teach the head what photographed and painted faces look like; in grouped CV
// they cut paintings called photographs from 0.29 to 0.21-0.24 at equal photo recall.
// Lower than the check's human threshold on purpose: painted faces often verify weakly, and
// an animal close-up still carries its image's photo/non-photo label.
constexpr float kCloseUpMinConfidence = 0.5f;

struct PhotorealTrainingSet {
  cv::Mat x;                // CV_32F, one row per sample
  std::vector<int> y;       // photoreal label per row
  std::vector<int> image;   // index of the row's image in the list it was extracted from
  std::vector<bool> crop;   // the row is a face close-up
  std::vector<float> face_confidence;  // per image: its most confident face (0: none)
  std::vector<double> weight;  // per row, for training (empty: all rows weigh the same)
  cv::Mat maps;  // per row, the backbone's map_layers flattened (only when asked for)
};

// The shipped BlazeFace pair with default options, for close-ups; null + `error` if missing.
std::shared_ptr<FaceDetector> LoadDefaultFaceDetector(const std::string& data_dir,
                                                      Status* error);

// Images that fail to decode get an error Status naming them; `progress` after each image.
// `keep_maps` fills `maps` too (for training a tail on the backbone's maps).
Status ExtractPhotorealTrainingSet(const std::vector<LabelledImage>& images,
                                   const NsfwClassifier& nsfw, const FaceDetector* faces,
                                   PhotorealTrainingSet* out,
                                   const std::function<void(size_t done)>& progress,
                                   bool keep_maps = false);

// Feature cache for repeated experiments: the set with the image paths it was extracted
// from; Load fails (NotFound / InvalidArgument) unless the file holds exactly `images`.
Status SaveTrainingSet(const std::string& path, const std::vector<LabelledImage>& images,
                       const PhotorealTrainingSet& set);
Status LoadTrainingSet(const std::string& path, const std::vector<LabelledImage>& images,
                       PhotorealTrainingSet* set);

// The rows' backbone maps (`set.maps`, from keep_maps) for scripts/experiments/finetune_photoreal_tail.py:
// "postern-photoreal-maps-v1\n<rows> <values per row>\n", then per row int32 label, image,
// crop and the float32 values; the images (path, source family, labels, whether the head
// trains on it: the first `head_count`) in `path`.csv. InvalidArgument when `set` has no maps;
// IOError when either file cannot be written.
Status SaveMaps(const std::string& path, const std::vector<LabelledImage>& images, size_t head_count,
                const PhotorealTrainingSet& set);

// Deterministic grouped folds: whole groups (sources) per fold, balanced by size.
std::vector<int> GroupedFolds(const std::vector<std::string>& groups, int k);

// Head trained on every row of `set` whose image is not in fold `fold` (`folds` is per
// image), plus every row of `extra` (always training data).
PhotorealHead TrainFoldHead(const PhotorealTrainingSet& set, const std::vector<int>& folds,
                            int fold, const PhotorealTrainingSet& extra, double l2);

// One fold per source: leave-one-source-out.
std::vector<int> LeaveOneSourceOutFolds(const std::vector<std::string>& groups);

// The family a source belongs to, for folds: packages of one upstream are held out together
// (wesnoth-1.16-data with the wesnoth-1.16-httt campaign, cimg-doc with cimg-examples), so a
// style never leaks across folds. Debian: the package name up to its first '-'; npm: the
// scope, or the name up to its first '-'; versions dropped. Coarser than the upstream at
// worst (python3-skimage with python3-pywt), which only holds out more.
std::string SourceFamily(const std::string& source);

// Out-of-fold scores per image: of its whole-image row and, where it has one, of its face
// close-up row (-1 without).
struct CrossValidatedScores {
  std::vector<float> whole, face;
};
CrossValidatedScores CrossValidate(const PhotorealTrainingSet& set, const std::vector<int>& folds,
                                   const PhotorealTrainingSet& extra, double l2);

// Each image's out-of-fold score after the face second look: the whole-image score, or where
// the image has a close-up scored and a whole-image score under `look_below` (the check's
// second_look_below), the blend fitted on every other fold's images with both.
std::vector<float> CrossValidatedBlend(const CrossValidatedScores& scores,
                                       const std::vector<int>& folds, const std::vector<int>& y,
                                       double look_below);

// The human-face verifier: "is this close-up a human face?", a logistic head on the same
// close-up features, trained on the close-up rows of `set` labelled by their image's faces
// column (photographed and painted human faces 1; animals, objects, patterns 0). Animal
// faces found by BlazeFace are its reason to exist (a dog photographed face-on).
PhotorealHead TrainHumanFaceHead(const PhotorealTrainingSet& set,
                                 const std::vector<LabelledImage>& images, double l2);
// Out-of-fold P(human face) per image (folds per image); -1 where the image has no close-up.
std::vector<float> CrossValidateHumanFace(const PhotorealTrainingSet& set,
                                          const std::vector<LabelledImage>& images,
                                          const std::vector<int>& folds, double l2);

// Default L2 strength of the shipped head: leave-one-family-out on two data sets (1031 and 1235
// images), 1 gave the higher AUC both times; on the larger, one painting fewer rejected, two more held.
constexpr double kPhotorealL2 = 1.0;

}  // namespace postern::image_models
