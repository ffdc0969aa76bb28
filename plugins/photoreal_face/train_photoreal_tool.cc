// `postern train-photoreal LABELS.csv... --out FILE`: trains the photorealism head on the
// union of the label files (whole images plus face close-ups) and prints grouped (by source
// package) cross-validated figures.
#include <filesystem>

#include "gateway/paths.h"
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include "gateway/tool.h"
#include "plugins/common/image_models/analysis.h"
#include "plugins/common/image_models/photoreal_training.h"
#include "plugins/photoreal_face/photoreal_face.h"

namespace postern::photoreal_face {
namespace {

// The training and scoring library this tool drives.
using namespace ::postern::image_models;

std::string DefaultDataDir() {
  std::string dir = std::filesystem::path(DefaultConfigPath()).parent_path().string();
  return DefaultAssetsDir(dir.empty() ? "." : dir);
}

// The check's default threshold, read from its schema (the only place defaults live).
double DefaultRejectPhotoreal() {
  std::vector<std::string> errors;
  return ParsePhotorealFaceConfig(
             ValidateConfig(PhotorealFaceSchema(), json::object(), "photoreal_face", &errors))
      .reject_photoreal;
}

int TrainPhotoreal(const std::vector<std::string>& args) {
  std::vector<std::string> csvs;
  std::string out, data_dir = DefaultDataDir();
  double l2 = kPhotorealL2;
  double threshold = DefaultRejectPhotoreal();
  int k = 5;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--out" && i + 1 < args.size()) {
      out = args[++i];
    } else if (args[i] == "--l2" && i + 1 < args.size()) {
      l2 = std::stod(args[++i]);
    } else if (args[i] == "--threshold" && i + 1 < args.size()) {
      threshold = std::stod(args[++i]);
    } else if (args[i] == "--folds" && i + 1 < args.size()) {
      k = std::stoi(args[++i]);
    } else if (args[i] == "--data-dir" && i + 1 < args.size()) {
      data_dir = args[++i];
    } else {
      csvs.push_back(args[i]);
    }
  }
  if (csvs.empty() || out.empty()) {
    std::cerr << "usage: postern train-photoreal LABELS.csv... --out FILE [--l2 X] [--folds K]"
                 " [--data-dir DIR]\n";
    return 2;
  }
  std::vector<LabelledImage> images;
  for (const auto& c : csvs) {
    Status st = ReadLabels(c, &images);
    if (!st.ok()) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
  }
  Status st;
  auto nsfw = LoadNsfwClassifier(data_dir, kNsfwjsPath, 1, &st);
  if (!nsfw) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  auto faces = LoadDefaultFaceDetector(data_dir, &st);
  if (!faces) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  PhotorealTrainingSet set;
  st = ExtractPhotorealTrainingSet(images, *nsfw, faces.get(), &set, [&](size_t done) {
    std::fprintf(stderr, "\rtrain-photoreal: features %zu/%zu", done, images.size());
  });
  std::fprintf(stderr, "\n");
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  std::vector<int> y;
  std::vector<std::string> groups;
  std::set<std::string> sources;
  for (const auto& img : images) {
    y.push_back(img.photoreal);
    groups.push_back(img.source);
    sources.insert(img.source);
  }
  // Grouped CV: a source package is never in both the training and the scored fold.
  const std::vector<float> cv_scores =
      CrossValidatedScores(set, GroupedFolds(groups, k), PhotorealTrainingSet(), l2);
  std::map<char, std::pair<int, int>> per;  // class -> (count, called photo)
  std::map<std::string, std::pair<int, int>> per_source;  // source -> (count, wrong)
  int tp = 0, fp = 0, pos = 0, neg = 0;
  for (size_t i = 0; i < images.size(); ++i) {
    const bool photo = cv_scores[i] >= threshold;
    auto& ps = per_source[images[i].source];
    ++ps.first;
    ps.second += photo != (y[i] == 1);
    auto& p = per[images[i].cls()];
    ++p.first;
    p.second += photo;
    (y[i] ? pos : neg) += 1;
    (y[i] ? tp : fp) += photo;
  }
  char figures[512];
  std::snprintf(figures, sizeof(figures),
                "grouped %d-fold CV over %zu images from %zu sources (threshold %.2f): photo "
                "recall %d/%d, non-photo called photo %d/%d; per class called photo: A %d/%d, "
                "B %d/%d, C %d/%d, D %d/%d",
                k, images.size(), sources.size(), threshold, tp, pos, fp, neg, per['A'].second,
                per['A'].first, per['B'].second, per['B'].first, per['C'].second,
                per['C'].first, per['D'].second, per['D'].first);
  std::cout << figures << "\n";
  for (const auto& [source, n] : per_source) {
    if (n.second) std::cout << "  held-out " << source << ": " << n.second << "/" << n.first << " wrong\n";
  }
  PhotorealHead head = PhotorealHead::Train(set.x, set.y, l2);
  head.set_version("photoreal-head-v2 (" + std::to_string(images.size()) + " images + " +
                   std::to_string(set.x.rows - images.size()) + " face close-ups, l2=" +
                   std::to_string(l2) + ")");
  std::string files;
  for (const auto& c : csvs) files += (files.empty() ? "" : ", ") + c;
  head.notes = "features: nsfwjs embedding(1280)+probabilities(5)+classical(" +
               std::to_string(ClassicalPhotoFeatureNames().size()) +
               ") of the whole image and of face close-ups; trained on " + files +
               "; " + figures;
  st = head.Save(out);
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  std::cout << "wrote " << out << "\n";
  return 0;
}

}  // namespace

POSTERN_REGISTER_TOOL(train_photoreal, "train-photoreal",
                      "train-photoreal LABELS.csv... --out FILE: train the photorealism head",
                      TrainPhotoreal);

}  // namespace postern::photoreal_face
