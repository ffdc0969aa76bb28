#include "plugins/common/image_models/photoreal_training.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "plugins/common/image_models/analysis.h"

namespace postern::image_models {
namespace {

// Splits one CSV line; handles double-quoted fields with commas.
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

Status ReadLabels(const std::string& csv_path, std::vector<LabelledImage>* out) {
  std::ifstream in(csv_path);
  if (!in) return Status::NotFound("cannot read " + csv_path);
  const size_t slash = csv_path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : csv_path.substr(0, slash);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = SplitCsv(line);
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int file = column("file"), photo = column("photoreal"), faces = column("faces"),
            source = column("source");
  if (file < 0 || photo < 0 || faces < 0 || source < 0) {
    return Status::InvalidArgument(csv_path + ": need columns file,photoreal,faces,source");
  }
  int row = 1;
  while (std::getline(in, line)) {
    ++row;
    if (line.empty()) continue;
    const std::vector<std::string> f = SplitCsv(line);
    if (static_cast<int>(f.size()) <= std::max({file, photo, faces, source})) {
      return Status::InvalidArgument(csv_path + ":" + std::to_string(row) + ": too few columns");
    }
    LabelledImage img;
    img.path = f[file].size() && f[file][0] == '/' ? f[file] : dir + "/" + f[file];
    try {
      img.photoreal = std::stoi(f[photo]);
      img.faces = std::stoi(f[faces]);
    } catch (const std::exception&) {
      return Status::InvalidArgument(csv_path + ":" + std::to_string(row) + ": bad number");
    }
    img.source = f[source];
    out->push_back(img);
  }
  return Status::OK();
}

namespace {

// `bgr` is reduced here as the checks reduce it (a no-op for an already reduced image).
void AddRow(const cv::Mat& bgr, const NsfwClassifier& nsfw, int label, int image, bool crop,
            PhotorealTrainingSet* out) {
  const cv::Mat reduced = ReducedForNetworks(bgr);
  const std::vector<float> row =
      PhotorealFeatureVector(nsfw.Classify(reduced), ClassicalPhotoFeatures(reduced));
  out->x.push_back(cv::Mat(1, static_cast<int>(row.size()), CV_32F,
                           const_cast<float*>(row.data())).clone());
  out->y.push_back(label);
  out->image.push_back(image);
  out->crop.push_back(crop);
}

}  // namespace

std::shared_ptr<FaceDetector> LoadDefaultFaceDetector(const std::string& data_dir,
                                                      Status* error) {
  auto full = LoadBlazeFace(data_dir, kBlazeFaceFullRangePath, kBlazeFaceFullRangeSha256, 0, 1, error);
  if (!full) return nullptr;
  auto shortr = LoadBlazeFace(data_dir, kBlazeFaceShortRangePath, kBlazeFaceShortRangeSha256, 0, 1, error);
  if (!shortr) return nullptr;
  return std::make_shared<FaceDetector>(full, shortr, FaceDetectorOptions{});
}

Status ExtractPhotorealTrainingSet(const std::vector<LabelledImage>& images,
                                   const NsfwClassifier& nsfw, const FaceDetector* faces,
                                   PhotorealTrainingSet* out,
                                   const std::function<void(size_t done)>& progress) {
  *out = PhotorealTrainingSet();
  for (size_t i = 0; i < images.size(); ++i) {
    const cv::Mat bgr = ToBgr8(cv::imread(images[i].path, cv::IMREAD_UNCHANGED));
    if (bgr.empty()) return Status::InvalidArgument("cannot decode " + images[i].path);
    const int index = static_cast<int>(i);
    const cv::Mat reduced = ReducedForNetworks(bgr);
    AddRow(reduced, nsfw, images[i].photoreal, index, false, out);
    if (faces) {
      const FaceDetection* best = nullptr;
      const std::vector<FaceDetection> found = faces->Detect(bgr, true, reduced);
      for (const FaceDetection& d : found) {
        if (!best || d.confidence > best->confidence) best = &d;
      }
      if (best && best->confidence >= kCloseUpMinConfidence) {
        const float side = 2.f * std::max(best->box.width, best->box.height);
        const cv::Rect r = cv::Rect(static_cast<int>(best->box.x + best->box.width / 2 - side / 2),
                                    static_cast<int>(best->box.y + best->box.height / 2 - side / 2),
                                    static_cast<int>(side), static_cast<int>(side)) &
                           cv::Rect(0, 0, bgr.cols, bgr.rows);
        if (r.width >= 16 && r.height >= 16) {
          AddRow(bgr(r).clone(), nsfw, images[i].photoreal, index, true, out);
        }
      }
    }
    if (progress) progress(i + 1);
  }
  return Status::OK();
}

std::vector<int> GroupedFolds(const std::vector<std::string>& groups, int k) {
  std::map<std::string, int> size;
  for (const auto& g : groups) ++size[g];
  std::vector<std::pair<std::string, int>> order(size.begin(), size.end());
  // Largest groups first, each to the currently smallest fold (ties: lowest index).
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<int> fold_size(std::max(1, k), 0);
  std::map<std::string, int> fold_of;
  for (const auto& [g, n] : order) {
    const int f = static_cast<int>(std::min_element(fold_size.begin(), fold_size.end()) -
                                   fold_size.begin());
    fold_of[g] = f;
    fold_size[f] += n;
  }
  std::vector<int> folds;
  for (const auto& g : groups) folds.push_back(fold_of[g]);
  return folds;
}

PhotorealHead TrainFoldHead(const PhotorealTrainingSet& set, const std::vector<int>& folds,
                            int fold, const PhotorealTrainingSet& extra, double l2) {
  cv::Mat train = extra.x.empty() ? cv::Mat() : extra.x.clone();
  std::vector<int> train_y = extra.y;
  for (int r = 0; r < set.x.rows; ++r) {
    if (folds[set.image[r]] == fold) continue;
    train.push_back(set.x.row(r));
    train_y.push_back(set.y[r]);
  }
  return PhotorealHead::Train(train, train_y, l2);
}

std::vector<float> CrossValidatedScores(const PhotorealTrainingSet& set,
                                        const std::vector<int>& folds,
                                        const PhotorealTrainingSet& extra, double l2) {
  std::vector<float> scores(folds.size(), 0.f);
  const int k = folds.empty() ? 0 : *std::max_element(folds.begin(), folds.end()) + 1;
  for (int f = 0; f < k; ++f) {
    const PhotorealHead head = TrainFoldHead(set, folds, f, extra, l2);
    for (int r = 0; r < set.x.rows; ++r) {
      if (set.crop[r] || folds[set.image[r]] != f) continue;
      const float* p = set.x.ptr<float>(r);
      scores[set.image[r]] = head.Score(std::vector<float>(p, p + set.x.cols));
    }
  }
  return scores;
}

}  // namespace postern::image_models
