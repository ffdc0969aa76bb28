// Labelled image lists (the corpus labels.csv format) and the photorealism head's training
// and grouped cross-validation, shared by `postern train-photoreal` and `postern eval-images`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "gateway/status.h"
#include "plugins/image_models/nsfw_classifier.h"
#include "plugins/image_models/photoreal.h"

namespace postern {

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

// Feature rows (CV_32F, one per image) for the head; `progress` is called after each image.
// Images that fail to decode get an error Status naming them.
Status ExtractPhotorealFeatures(const std::vector<LabelledImage>& images,
                                const NsfwClassifier& nsfw, cv::Mat* features,
                                const std::function<void(size_t done)>& progress);

// Deterministic grouped folds: whole groups (sources) per fold, balanced by size.
std::vector<int> GroupedFolds(const std::vector<std::string>& groups, int k);

// Out-of-fold head scores for rows [0, n): trained on the other folds plus every `extra`
// row (always training data, never scored).
std::vector<float> CrossValidatedScores(const cv::Mat& x, const std::vector<int>& y,
                                        const std::vector<int>& folds, const cv::Mat& extra_x,
                                        const std::vector<int>& extra_y, double l2);

// Default L2 strength of the shipped head (chosen by grouped CV on the dev corpus).
constexpr double kPhotorealL2 = 1.0;

}  // namespace postern
