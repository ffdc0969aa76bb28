// `postern eval-images LABELS.csv [--cv K] [--train EXTRA.csv]... [--config JSON]`:
// runs photoreal_face and nsfw_image (the real checks, built by their factories) over a
// labelled image list and prints the confusion matrix for "photorealistic with a face"
// (photoreal=1 and faces>0), precision, recall, FPR per other class, nsfw flags and
// per-image time (both checks, decode excluded). With --cv the photorealism head of each
// image comes from grouped cross-validation (folds by source package; EXTRA rows are
// always training data), so the figures are never training-set figures.
#include <filesystem>

#include "gateway/paths.h"
#include <algorithm>
#include <cctype>
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include <opencv2/imgcodecs.hpp>

#include "gateway/check.h"
#include "gateway/tool.h"
#include "plugins/common/image_models/analysis.h"
#include "plugins/common/image_models/photoreal_training.h"

namespace postern::photoreal_face {
namespace {

// The training and scoring library this tool drives.
using namespace ::postern::image_models;

struct Options {
  std::string labels;
  std::vector<std::string> train;
  int folds = 0;
  double l2 = kPhotorealL2;
  json photoreal_config = json::object();
  json nsfw_config = json::object();
  std::string data_dir;
  std::string config_dir;
  std::string prompt;  // every share carries it (the style witness of photoreal_face)
  bool verbose = false;
};

std::unique_ptr<Check> MakeCheck(const std::string& name, const json& config,
                                 const CheckDeps& deps) {
  auto it = CheckRegistry().find(name);
  if (it == CheckRegistry().end()) throw std::runtime_error("check " + name + " not linked");
  std::vector<std::string> errors;
  const json full = ValidateConfig(it->second->schema(), config, name, &errors);
  if (!errors.empty()) throw std::runtime_error(errors.front());
  Status st;
  auto check = it->second->Create(full, deps, &st);
  if (!check) throw std::runtime_error(st.ToString());
  return check;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

int EvalImages(const std::vector<std::string>& args) {
  Options o;
  o.config_dir = std::filesystem::path(DefaultConfigPath()).parent_path().string();
  if (o.config_dir.empty()) o.config_dir = ".";
  o.data_dir = DefaultAssetsDir(o.config_dir);
  try {
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      const bool more = i + 1 < args.size();
      if (a == "--cv") o.folds = more && std::isdigit(args[i + 1][0]) ? std::stoi(args[++i]) : 5;
      else if (a == "--train" && more) o.train.push_back(args[++i]);
      else if (a == "--l2" && more) o.l2 = std::stod(args[++i]);
      else if (a == "--config" && more) o.photoreal_config = json::parse(args[++i]);
      else if (a == "--nsfw-config" && more) o.nsfw_config = json::parse(args[++i]);
      else if (a == "--data-dir" && more) o.data_dir = args[++i];
      else if (a == "--config-dir" && more) o.config_dir = args[++i];
      else if (a == "--prompt" && more) o.prompt = args[++i];
      else if (a == "-v") o.verbose = true;
      else if (o.labels.empty()) o.labels = a;
      else throw std::runtime_error("unexpected argument " + a);
    }
  } catch (const std::exception& e) {
    std::cerr << "eval-images: " << e.what() << "\n";
    return 2;
  }
  if (o.labels.empty()) {
    std::cerr << "usage: postern eval-images LABELS.csv [--cv [K]] [--train EXTRA.csv]... "
                 "[--config JSON] [--nsfw-config JSON] [--prompt TEXT] [-v]\n";
    return 2;
  }
  std::vector<LabelledImage> images, extra;
  Status st = ReadLabels(o.labels, &images);
  for (const auto& t : o.train) {
    if (st.ok()) st = ReadLabels(t, &extra);
  }
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  CheckDeps deps;
  deps.data_dir = o.data_dir;
  deps.config_dir = o.config_dir;
  try {
    // Head per image: the shipped one, or the fold's head under --cv.
    std::vector<int> fold_of(images.size(), 0);
    std::vector<std::unique_ptr<Check>> photo_checks;
    std::vector<std::string> temp_files;
    if (o.folds > 1) {
      auto nsfw = LoadNsfwClassifier(o.data_dir, kNsfwjsPath, 1, &st);
      if (!nsfw) throw std::runtime_error(st.ToString());
      auto faces = LoadDefaultFaceDetector(o.data_dir, &st);
      if (!faces) throw std::runtime_error(st.ToString());
      PhotorealTrainingSet x, ex;
      auto progress = [](const char* what, size_t n) {
        return [what, n](size_t d) { std::fprintf(stderr, "\reval-images: %s %zu/%zu", what, d, n); };
      };
      st = ExtractPhotorealTrainingSet(images, *nsfw, faces.get(), &x,
                                       progress("cv features", images.size()));
      if (st.ok() && !extra.empty()) {
        st = ExtractPhotorealTrainingSet(extra, *nsfw, faces.get(), &ex,
                                         progress("extra features", extra.size()));
      }
      std::fprintf(stderr, "\n");
      if (!st.ok()) throw std::runtime_error(st.ToString());
      std::vector<std::string> groups;
      for (const auto& img : images) groups.push_back(SourceFamily(img.source));
      fold_of = GroupedFolds(groups, o.folds);
      for (int f = 0; f < o.folds; ++f) {
        PhotorealHead head = TrainFoldHead(x, fold_of, f, ex, o.l2);
        head.set_version("cv-fold-" + std::to_string(f));
        const std::string path = "/tmp/postern-eval-head-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(f) + ".yml";
        st = head.Save(path);
        if (!st.ok()) throw std::runtime_error(st.ToString());
        temp_files.push_back(path);
        json cfg = o.photoreal_config;
        cfg["photoreal_head"] = path;
        photo_checks.push_back(MakeCheck("photoreal_face", cfg, deps));
      }
    } else {
      photo_checks.push_back(MakeCheck("photoreal_face", o.photoreal_config, deps));
    }
    auto nsfw_check = MakeCheck("nsfw_image", o.nsfw_config, deps);

    // Rows: truth (A = photo with face) x verdict of photoreal_face.
    std::map<char, std::map<Verdict, int>> table;
    std::map<Verdict, int> nsfw_verdicts;
    std::vector<double> ms;
    int errors = 0;
    for (size_t i = 0; i < images.size(); ++i) {
      std::fprintf(stderr, "\reval-images: %zu/%zu", i + 1, images.size());
      std::ifstream in(images[i].path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      cv::Mat bgr = ToBgr8(cv::imread(images[i].path, cv::IMREAD_UNCHANGED));
      ImageAnalysis analysis(bytes, "");
      analysis.set_bgr(bgr);
      ShareInput share;
      share.prompt = o.prompt;
      CheckResult pr, nr;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        pr = photo_checks[fold_of[i] % photo_checks.size()]->Run(share, analysis);
        nr = nsfw_check->Run(share, analysis);
      } catch (const std::exception& e) {
        ++errors;
        std::fprintf(stderr, "\neval-images: %s: %s\n", images[i].path.c_str(), e.what());
        continue;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                       .count());
      ++table[images[i].cls()][pr.verdict];
      ++nsfw_verdicts[nr.verdict];
      if (o.verbose && ((images[i].cls() == 'A') != (pr.verdict == Verdict::kReject))) {
        std::fprintf(stderr, "\n  %c %s %s photoreal=%.3f face=%.3f\n", images[i].cls(),
                     VerdictName(pr.verdict), images[i].path.c_str(),
                     pr.evidence.value("photoreal", 0.0), pr.evidence.value("face_confidence", 0.0));
      }
    }
    std::fprintf(stderr, "\n");
    for (const auto& f : temp_files) std::remove(f.c_str());

    auto count = [&](char c, Verdict v) { return table[c][v]; };
    auto total = [&](char c) {
      return count(c, Verdict::kAllow) + count(c, Verdict::kReject) + count(c, Verdict::kHold);
    };
    std::printf("eval-images: %s, %zu images, photorealism head: %s\n", o.labels.c_str(),
                images.size(),
                o.folds > 1 ? ("grouped " + std::to_string(o.folds) + "-fold CV by source" +
                               (extra.empty() ? "" : " (+" + std::to_string(extra.size()) +
                                                         " extra training images)"))
                                  .c_str()
                            : "shipped (training-set figures if trained on this file)");
    std::printf("\nphotoreal_face         reject  hold  allow   total\n");
    for (char c : {'A', 'B', 'C', 'D'}) {
      std::printf("  %c %-19s %6d %5d %6d %7d\n", c,
                  c == 'A' ? "photo+face" : c == 'B' ? "photo, no face"
                          : c == 'C' ? "non-photo+face" : "non-photo, no face",
                  count(c, Verdict::kReject), count(c, Verdict::kHold), count(c, Verdict::kAllow),
                  total(c));
    }
    const int tp = count('A', Verdict::kReject);
    const int fp = count('B', Verdict::kReject) + count('C', Verdict::kReject) +
                   count('D', Verdict::kReject);
    std::printf("\nconfusion (positive = A, predicted = reject): TP %d FN %d FP %d TN %d\n", tp,
                total('A') - tp, fp, total('B') + total('C') + total('D') - fp);
    std::printf("precision %.3f  recall %.3f  (recall counting holds as caught %.3f)\n",
                tp + fp ? double(tp) / (tp + fp) : 0.0, total('A') ? double(tp) / total('A') : 0.0,
                total('A') ? double(tp + count('A', Verdict::kHold)) / total('A') : 0.0);
    for (char c : {'B', 'C', 'D'}) {
      std::printf("FPR %c %.3f (%d/%d), held %d\n", c,
                  total(c) ? double(count(c, Verdict::kReject)) / total(c) : 0.0,
                  count(c, Verdict::kReject), total(c), count(c, Verdict::kHold));
    }
    std::printf("nsfw_image: reject %d, hold %d, allow %d (flagged %.1f%%)\n",
                nsfw_verdicts[Verdict::kReject], nsfw_verdicts[Verdict::kHold],
                nsfw_verdicts[Verdict::kAllow],
                ms.empty() ? 0.0
                           : 100.0 * (nsfw_verdicts[Verdict::kReject] + nsfw_verdicts[Verdict::kHold]) /
                                 ms.size());
    std::printf("time per image (both checks, decode excluded): median %.1f ms, p95 %.1f ms\n",
                Percentile(ms, 0.5), Percentile(ms, 0.95));
    if (errors) std::printf("errors: %d\n", errors);
    return errors ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "\neval-images: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

POSTERN_REGISTER_TOOL(eval_images, "eval-images",
                      "eval-images LABELS.csv [--cv [K]] [--train EXTRA.csv]...: evaluate the "
                      "image checks on labelled images",
                      EvalImages);

}  // namespace postern::photoreal_face
