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

void AddRow(const std::vector<float>& row, int label, int image, bool crop,
            PhotorealTrainingSet* out) {
  out->x.push_back(cv::Mat(1, static_cast<int>(row.size()), CV_32F,
                           const_cast<float*>(row.data())).clone());
  out->y.push_back(label);
  out->image.push_back(image);
  out->crop.push_back(crop);
}

void AddMaps(const std::vector<cv::Mat>& maps, PhotorealTrainingSet* out) {
  cv::Mat row;
  for (const cv::Mat& m : maps) {
    const cv::Mat flat(1, static_cast<int>(m.total()), CV_32F, const_cast<float*>(m.ptr<float>()));
    if (row.empty()) row = flat.clone(); else cv::hconcat(row, flat, row);
  }
  out->maps.push_back(row);
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
                                   const std::function<void(size_t done)>& progress,
                                   bool keep_maps) {
  *out = PhotorealTrainingSet();
  for (size_t i = 0; i < images.size(); ++i) {
    const cv::Mat bgr = ToBgr8(cv::imread(images[i].path, cv::IMREAD_UNCHANGED));
    if (bgr.empty()) return Status::InvalidArgument("cannot decode " + images[i].path);
    const int index = static_cast<int>(i);
    const cv::Mat reduced = ReducedForNetworks(bgr);
    NsfwOutput whole = nsfw.Classify(reduced, keep_maps);
    AddRow(PhotorealFeatureVector(whole, ClassicalPhotoFeatures(reduced)), images[i].photoreal, index,
           false, out);
    if (keep_maps) AddMaps(whole.maps, out);
    float confidence = 0;
    if (faces) {
      const FaceDetection* best = nullptr;
      const std::vector<FaceDetection> found = faces->Detect(bgr, true, reduced);
      for (const FaceDetection& d : found) {
        if (!best || d.confidence > best->confidence) best = &d;
      }
      if (best) confidence = best->confidence;
      const cv::Rect r = best ? FaceCloseUpRect(bgr.size(), best->box) : cv::Rect();
      if (best && best->confidence >= kCloseUpMinConfidence && !r.empty()) {
        std::vector<cv::Mat> maps;
        AddRow(CloseUpFeatures(bgr, r, nsfw, keep_maps ? &maps : nullptr), images[i].photoreal, index,
               true, out);
        if (keep_maps) AddMaps(maps, out);
      }
    }
    out->face_confidence.push_back(confidence);
    if (progress) progress(i + 1);
  }
  return Status::OK();
}

namespace {

constexpr char kTrainingSetMagic[] = "postern-photoreal-features-v1";

}  // namespace

Status SaveTrainingSet(const std::string& path, const std::vector<LabelledImage>& images,
                       const PhotorealTrainingSet& set) {
  std::ofstream out(path, std::ios::binary);
  out << kTrainingSetMagic << "\n" << images.size() << " " << set.x.rows << " " << set.x.cols << "\n";
  for (const auto& img : images) out << img.path << "\n";
  for (int r = 0; r < set.x.rows; ++r) {
    const int32_t meta[3] = {set.y[r], set.image[r], set.crop[r] ? 1 : 0};
    out.write(reinterpret_cast<const char*>(meta), sizeof(meta));
    out.write(reinterpret_cast<const char*>(set.x.ptr<float>(r)), sizeof(float) * set.x.cols);
  }
  out.write(reinterpret_cast<const char*>(set.face_confidence.data()),
            sizeof(float) * set.face_confidence.size());
  return out ? Status::OK() : Status::IOError("cannot write " + path);
}

Status LoadTrainingSet(const std::string& path, const std::vector<LabelledImage>& images,
                       PhotorealTrainingSet* set) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("no feature cache " + path);
  std::string magic, line;
  size_t count = 0;
  int rows = 0, cols = 0;
  std::getline(in, magic);
  in >> count >> rows >> cols;
  std::getline(in, line);
  if (magic != kTrainingSetMagic || count != images.size() || rows < 0 || cols <= 0) {
    return Status::InvalidArgument(path + " holds other images or another format");
  }
  for (const auto& img : images) {
    if (!std::getline(in, line) || line != img.path) {
      return Status::InvalidArgument(path + " holds other images (" + line + ")");
    }
  }
  *set = PhotorealTrainingSet();
  set->x = cv::Mat(rows, cols, CV_32F);
  for (int r = 0; r < rows; ++r) {
    int32_t meta[3];
    in.read(reinterpret_cast<char*>(meta), sizeof(meta));
    in.read(reinterpret_cast<char*>(set->x.ptr<float>(r)), sizeof(float) * cols);
    set->y.push_back(meta[0]);
    set->image.push_back(meta[1]);
    set->crop.push_back(meta[2] != 0);
  }
  set->face_confidence.resize(count);
  in.read(reinterpret_cast<char*>(set->face_confidence.data()), sizeof(float) * count);
  return in ? Status::OK() : Status::Corruption(path + " is truncated");
}

Status SaveMaps(const std::string& path, const std::vector<LabelledImage>& images, size_t head_count,
                const PhotorealTrainingSet& set) {
  if (set.maps.rows != set.x.rows) return Status::InvalidArgument("the set was extracted without maps");
  std::ofstream out(path, std::ios::binary);
  out << "postern-photoreal-maps-v1\n" << set.maps.rows << " " << set.maps.cols << "\n";
  for (int r = 0; r < set.maps.rows; ++r) {
    const int32_t meta[3] = {set.y[r], set.image[r], set.crop[r] ? 1 : 0};
    out.write(reinterpret_cast<const char*>(meta), sizeof(meta));
    out.write(reinterpret_cast<const char*>(set.maps.ptr<float>(r)), sizeof(float) * set.maps.cols);
  }
  std::ofstream csv(path + ".csv");
  csv << "image,path,family,photoreal,faces,head\n";
  for (size_t i = 0; i < images.size(); ++i) {
    csv << i << "," << images[i].path << "," << SourceFamily(images[i].source) << "," << images[i].photoreal
        << "," << images[i].faces << "," << (i < head_count ? 1 : 0) << "\n";
  }
  return out && csv ? Status::OK() : Status::IOError("cannot write " + path);
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
  const bool weighted = !set.weight.empty();
  std::vector<double> weights(weighted ? extra.y.size() : 0, 1.0);
  for (int r = 0; r < set.x.rows; ++r) {
    if (folds[set.image[r]] == fold) continue;
    train.push_back(set.x.row(r));
    train_y.push_back(set.y[r]);
    if (weighted) weights.push_back(set.weight[r]);
  }
  return PhotorealHead::Train(train, train_y, l2, 600, weights);
}

std::string SourceFamily(const std::string& source) {
  const size_t colon = source.find(':');
  const std::string kind = colon == std::string::npos ? "" : source.substr(0, colon + 1);
  std::string name = colon == std::string::npos ? source : source.substr(colon + 1);
  if (kind == "npm:" && !name.empty() && name[0] == '@') {
    return kind + name.substr(0, name.find('/'));
  }
  name = name.substr(0, name.find_first_of(kind == "npm:" ? "@" : "="));
  return kind + name.substr(0, name.find('-'));
}

std::vector<int> LeaveOneSourceOutFolds(const std::vector<std::string>& groups) {
  std::map<std::string, int> distinct;
  for (const auto& g : groups) distinct[g] = 0;
  return GroupedFolds(groups, static_cast<int>(distinct.size()));
}

CrossValidatedScores CrossValidate(const PhotorealTrainingSet& set, const std::vector<int>& folds,
                                   const PhotorealTrainingSet& extra, double l2) {
  CrossValidatedScores out{std::vector<float>(folds.size(), 0.f),
                           std::vector<float>(folds.size(), -1.f)};
  const int k = folds.empty() ? 0 : *std::max_element(folds.begin(), folds.end()) + 1;
  for (int f = 0; f < k; ++f) {
    const PhotorealHead head = TrainFoldHead(set, folds, f, extra, l2);
    for (int r = 0; r < set.x.rows; ++r) {
      if (folds[set.image[r]] != f) continue;
      const float* p = set.x.ptr<float>(r);
      (set.crop[r] ? out.face : out.whole)[set.image[r]] =
          head.Score(std::vector<float>(p, p + set.x.cols));
    }
  }
  return out;
}

std::vector<float> CrossValidatedBlend(const CrossValidatedScores& scores,
                                       const std::vector<int>& folds, const std::vector<int>& y,
                                       double look_below) {
  std::vector<float> out = scores.whole;
  const int k = folds.empty() ? 0 : *std::max_element(folds.begin(), folds.end()) + 1;
  for (int f = 0; f < k; ++f) {
    std::vector<float> whole, face;
    std::vector<int> labels;
    bool scored = false;
    for (size_t i = 0; i < folds.size(); ++i) {
      if (scores.face[i] < 0 || scores.whole[i] >= look_below) continue;
      if (folds[i] == f) {
        scored = true;
        continue;
      }
      whole.push_back(scores.whole[i]);
      face.push_back(scores.face[i]);
      labels.push_back(y[i]);
    }
    if (!scored) continue;
    const FaceRegionBlend blend = FaceRegionBlend::Fit(whole, face, labels);
    for (size_t i = 0; i < folds.size(); ++i) {
      if (folds[i] == f && scores.face[i] >= 0 && scores.whole[i] < look_below) {
        out[i] = blend.Combine(scores.whole[i], scores.face[i]);
      }
    }
  }
  return out;
}

namespace {

// The close-up rows of `set` (optionally those of images outside `skip_fold`), labelled human.
void HumanFaceRows(const PhotorealTrainingSet& set, const std::vector<LabelledImage>& images,
                   const std::vector<int>* folds, int skip_fold, cv::Mat* x, std::vector<int>* y) {
  for (int r = 0; r < set.x.rows; ++r) {
    if (!set.crop[r] || (folds && (*folds)[set.image[r]] == skip_fold)) continue;
    x->push_back(set.x.row(r));
    y->push_back(images[set.image[r]].faces > 0 ? 1 : 0);
  }
}

}  // namespace

PhotorealHead TrainHumanFaceHead(const PhotorealTrainingSet& set,
                                 const std::vector<LabelledImage>& images, double l2) {
  cv::Mat x;
  std::vector<int> y;
  HumanFaceRows(set, images, nullptr, -1, &x, &y);
  return PhotorealHead::Train(x, y, l2);
}

std::vector<float> CrossValidateHumanFace(const PhotorealTrainingSet& set,
                                          const std::vector<LabelledImage>& images,
                                          const std::vector<int>& folds, double l2) {
  std::vector<float> out(images.size(), -1.f);
  const int k = folds.empty() ? 0 : *std::max_element(folds.begin(), folds.end()) + 1;
  for (int f = 0; f < k; ++f) {
    bool scored = false;
    for (int r = 0; r < set.x.rows && !scored; ++r) scored = set.crop[r] && folds[set.image[r]] == f;
    if (!scored) continue;  // no close-up in this fold: no head to train
    cv::Mat x;
    std::vector<int> y;
    HumanFaceRows(set, images, &folds, f, &x, &y);
    const PhotorealHead head = PhotorealHead::Train(x, y, l2);
    for (int r = 0; r < set.x.rows; ++r) {
      if (!set.crop[r] || folds[set.image[r]] != f) continue;
      const float* p = set.x.ptr<float>(r);
      out[set.image[r]] = head.Score(std::vector<float>(p, p + set.x.cols));
    }
  }
  return out;
}

}  // namespace postern::image_models
