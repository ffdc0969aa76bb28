// `postern train-photoreal LABELS.csv... --out FILE`: trains the photorealism head on the
// union of the label files (whole images plus face close-ups) and prints grouped (by source
// package) cross-validated figures.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "gateway/paths.h"
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

// The check's defaults, read from its schema (the only place defaults live).
PhotorealFaceConfig DefaultCheckConfig() {
  std::vector<std::string> errors;
  return ParsePhotorealFaceConfig(
      ValidateConfig(PhotorealFaceSchema(), json::object(), "photoreal_face", &errors));
}

// The check's verdict from a score and the image's best face confidence (tiles included).
Verdict SimulatedVerdict(float score, float face, const PhotorealFaceConfig& cfg,
                         double reject) {
  if (score < cfg.hold_photoreal) return Verdict::kAllow;
  const bool human = face >= cfg.faces.human_min, maybe = face >= cfg.face_hold_confidence;
  if (human && score >= reject) return Verdict::kReject;
  if (human || (maybe && score >= reject)) return Verdict::kHold;
  return Verdict::kAllow;
}

struct SourceFigures {
  int n = 0, photos = 0, photo_missed = 0, c = 0, c_photo = 0, d = 0, d_photo = 0;
  int rejected = 0, held = 0, borderline = 0;  // borderline: held under the reject threshold
};

// Per-source and pooled figures of one set of out-of-fold scores; returns the summary line.
std::string Report(const char* title, const std::vector<LabelledImage>& images,
                   const std::vector<float>& scores, const std::vector<float>& faces,
                   const PhotorealFaceConfig& cfg, double threshold, bool per_source) {
  std::map<std::string, SourceFigures> by_source;
  SourceFigures all;
  std::map<char, std::map<Verdict, int>> verdicts;
  std::map<char, int> borderline;  // holds a style prompt turns into allow
  for (size_t i = 0; i < images.size(); ++i) {
    const bool photo = scores[i] >= threshold;
    const char cls = images[i].cls();
    const Verdict v = SimulatedVerdict(scores[i], faces[i], cfg, threshold);
    ++verdicts[cls][v];
    for (SourceFigures* s : {&by_source[images[i].source], &all}) {
      ++s->n;
      s->photos += images[i].photoreal;
      s->photo_missed += images[i].photoreal && !photo;
      s->c += cls == 'C';
      s->c_photo += cls == 'C' && photo;
      s->d += cls == 'D';
      s->d_photo += cls == 'D' && photo;
      s->rejected += v == Verdict::kReject;
      s->held += v == Verdict::kHold;
      s->borderline += v == Verdict::kHold && !photo;
    }
    borderline[cls] += v == Verdict::kHold && !photo;
  }
  std::printf("\n%s (threshold %.2f)\n", title, threshold);
  if (per_source) {
    std::printf("  %-52s %4s %10s %10s %10s %5s %5s\n", "held-out source", "n", "photo miss",
                "C as photo", "D as photo", "rej", "hold");
    for (const auto& [source, s] : by_source) {
      std::printf("  %-52s %4d %5d/%-4d %5d/%-4d %5d/%-4d %5d %5d%s\n", source.substr(0, 52).c_str(),
                  s.n, s.photo_missed, s.photos, s.c_photo, s.c, s.d_photo, s.d, s.rejected, s.held,
                  s.photo_missed + s.c_photo + s.d_photo ? "  *" : "");
    }
  }
  // The separation figure: photos with faces against non-photos with faces, among
  // images where BlazeFace finds a face (the only ones the score decides).
  std::vector<float> a_scores, c_scores;
  for (size_t i = 0; i < images.size(); ++i) {
    if (faces[i] < cfg.face_hold_confidence) continue;
    if (images[i].cls() == 'A') a_scores.push_back(scores[i]);
    if (images[i].cls() == 'C') c_scores.push_back(scores[i]);
  }
  double wins = 0;
  for (float a : a_scores) {
    for (float c : c_scores) wins += a > c ? 1 : a == c ? 0.5 : 0;
  }
  char auc[16] = "n/a";  // no pair to compare: no photo or no non-photo with a face found
  if (!a_scores.empty() && !c_scores.empty()) {
    std::snprintf(auc, sizeof(auc), "%.3f", wins / (a_scores.size() * c_scores.size()));
  }
  char line[896];
  std::snprintf(line, sizeof(line),
                "AUC A vs C (faces found: %zu / %zu) %s; photo recall %d/%d, faces in non-photos called photo %d/%d, non-photos without "
                "faces %d/%d; simulated verdicts (BlazeFace, tiles): A reject %d hold %d of %d, "
                "C reject %d hold %d of %d, held %d of %d (%.1f%%); borderline holds a style "
                "prompt would allow: A %d, C %d, all %d",
                a_scores.size(), c_scores.size(), auc,
                all.photos - all.photo_missed, all.photos, all.c_photo, all.c, all.d_photo, all.d,
                verdicts['A'][Verdict::kReject], verdicts['A'][Verdict::kHold],
                verdicts['A'][Verdict::kReject] + verdicts['A'][Verdict::kHold] +
                    verdicts['A'][Verdict::kAllow],
                verdicts['C'][Verdict::kReject], verdicts['C'][Verdict::kHold], all.c, all.held,
                all.n, 100.0 * all.held / std::max(1, all.n), borderline['A'], borderline['C'],
                all.borderline);
  std::printf("  pooled: %s\n", line);
  return line;
}

// The threshold that keeps `recall` of the photographs (out-of-fold scores).
double ThresholdForRecall(const std::vector<LabelledImage>& images,
                          const std::vector<float>& scores, double recall) {
  std::vector<float> photo;
  for (size_t i = 0; i < images.size(); ++i) {
    if (images[i].photoreal) photo.push_back(scores[i]);
  }
  if (photo.empty()) return 0.5;
  std::sort(photo.begin(), photo.end());
  return photo[static_cast<size_t>((1 - recall) * photo.size())];
}

// The rows of `set` that belong to its first `n` images.
PhotorealTrainingSet FirstImagesOf(const PhotorealTrainingSet& set, size_t n) {
  PhotorealTrainingSet out;
  for (int r = 0; r < set.x.rows; ++r) {
    if (set.image[r] >= static_cast<int>(n)) continue;
    out.x.push_back(set.x.row(r));
    out.y.push_back(set.y[r]);
    out.image.push_back(set.image[r]);
    out.crop.push_back(set.crop[r]);
  }
  out.face_confidence.assign(set.face_confidence.begin(), set.face_confidence.begin() + n);
  return out;
}

// The human-face verifier: out-of-fold figures per source and pooled (its effect on the
// simulated verdicts, after the face second look), a threshold sweep, then the head on all.
// `images` and `set`: the head's images (the first `main_count`, scored in `scores`) and the
// verifier-only ones after them.
int TrainHumanFace(const std::vector<LabelledImage>& images, const PhotorealTrainingSet& set,
                   const std::vector<int>& folds, size_t main_count, const std::vector<float>& scores,
                   const PhotorealFaceConfig& cfg, double threshold, double l2,
                   const std::string& how, const std::string& out, const std::string& scores_out) {
  const std::vector<float> human = CrossValidateHumanFace(set, images, folds, l2);
  // What the check sees: faces the verifier calls not human count as no face.
  auto verified = [&](double min) {
    std::vector<float> faces(set.face_confidence.begin(), set.face_confidence.begin() + main_count);
    for (size_t i = 0; i < main_count; ++i)
      if (human[i] >= 0 && human[i] < min && faces[i] < cfg.human_face_below) faces[i] = 0;
    return faces;
  };
  std::printf("\nhuman-face verifier, %s: per held-out source, close-ups of images with faces "
              "called not human (lost) and of images without faces called human (kept), "
              "at human_face_min %.2f, faces under human_face_below %.2f\n", how.c_str(), cfg.human_face_min,
              cfg.human_face_below);
  std::map<std::string, std::array<int, 4>> by_source;  // faces, lost, no-face, kept
  for (size_t i = 0; i < images.size(); ++i) {
    if (human[i] < 0 || set.face_confidence[i] < cfg.face_hold_confidence) continue;
    auto& s = by_source[images[i].source];
    const bool has = images[i].faces > 0,
               says = human[i] >= cfg.human_face_min || set.face_confidence[i] >= cfg.human_face_below;
    s[0] += has;
    s[1] += has && !says;
    s[2] += !has;
    s[3] += !has && says;
  }
  for (const auto& [source, s] : by_source)
    std::printf("  %-52s faces lost %3d/%-3d  no-face kept %3d/%-3d%s\n", source.substr(0, 52).c_str(),
                s[1], s[0], s[3], s[2], s[1] + s[3] ? "  *" : "");
  for (double t : {0.05, 0.1, 0.2, 0.3, 0.4, 0.5}) {
    int a = 0, a_lost = 0, b = 0, b_saved = 0;
    for (size_t i = 0; i < images.size(); ++i) {
      if (human[i] < 0 || set.face_confidence[i] < cfg.face_hold_confidence || !images[i].photoreal) continue;
      const bool has = images[i].faces > 0, lost = human[i] < t && set.face_confidence[i] < cfg.human_face_below;
      a += has;
      a_lost += has && lost;
      b += !has;
      b_saved += !has && lost;
    }
    std::printf("  human_face_min %.2f (faces under %.2f): photos with faces whose face is dropped %d/%d, photos "
                "without faces whose false face is dropped %d/%d\n", t, cfg.human_face_below, a_lost, a, b_saved, b);
  }
  const std::string line =
      scores.empty() ? std::string("(no head figures without --out)")
                     : Report(("whole image + face second look + human-face verifier, " + how).c_str(),
                              std::vector<LabelledImage>(images.begin(), images.begin() + main_count),
                              scores, verified(cfg.human_face_min), cfg, threshold, true);
  if (!scores_out.empty()) {
    std::ofstream csv(scores_out);
    csv << "file,class,source,face_confidence,human_face,photoreal\n";
    for (size_t i = 0; i < images.size(); ++i)
      csv << images[i].path << "," << images[i].cls() << "," << images[i].source << "," << set.face_confidence[i]
          << "," << human[i] << "," << (i < scores.size() ? scores[i] : -1.f) << "\n";
  }
  PhotorealHead head = TrainHumanFaceHead(set, images, l2);
  int rows = 0;
  for (bool c : set.crop) rows += c;
  head.set_version("human-face-v4 (" + std::to_string(rows) + " face close-ups, l2=" + std::to_string(l2) + ")");
  head.notes = "P(human face) of a face close-up (the photorealism head's close-up features); " + how +
               " at human_face_min " + std::to_string(cfg.human_face_min) + " under face confidence " +
               std::to_string(cfg.human_face_below) + ": " + line;
  Status st = head.Save(out);
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  std::cout << "wrote " << out << "\n";
  return 0;
}

// Appends the network columns (embedding and probabilities, not the classical statistics the
// set already has) of another backbone's feature cache of the same images to `set`.
Status AppendNetworkColumns(const std::string& cache, const std::vector<LabelledImage>& images,
                            PhotorealTrainingSet* set) {
  PhotorealTrainingSet other;
  Status st = LoadTrainingSet(cache, images, &other);
  if (!st.ok()) return st;
  // Face close-ups do not depend on the backbone, so both caches hold the same rows.
  if (other.x.rows != set->x.rows || other.image != set->image || other.crop != set->crop) {
    return Status::InvalidArgument(cache + " holds other rows (face close-ups) than this run");
  }
  // Only a backbone without texture statistics (InceptionV3): its network columns come first,
  // then the classical ones, and nothing after them.
  const int classical = static_cast<int>(ClassicalPhotoFeatureNames().size());
  const int network = NsfwBackboneOf("nsfwjs_inception_v3.onnx").embedding_size + kNsfwClassCount;
  if (other.x.cols != network + classical) {
    return Status::InvalidArgument(cache + " is not an InceptionV3 features cache (" +
                                   std::to_string(other.x.cols) + " columns)");
  }
  cv::Mat joined;
  cv::hconcat(set->x, other.x.colRange(0, network), joined);
  set->x = joined;
  return Status::OK();
}

int TrainPhotoreal(const std::vector<std::string>& args) {
  std::vector<std::string> csvs;
  std::string out, data_dir = DefaultDataDir(), cache, human_out;
  std::string nsfwjs_model = kNsfwjsPath;  // the backbone whose features the head reads
  std::string also_cache;  // another backbone's --features cache, to try both together
  std::vector<std::string> face_only_csvs;
  std::string scores_out;  // per-image out-of-fold figures, for analysis
  double l2 = kPhotorealL2;
  bool without_texture = false;  // the head before texture statistics, for comparison
  std::string maps_out;  // --maps-out: the backbone's maps per row, for scripts/train_photoreal_tail.py
  double family_power = 0;  // --family-weight-power: rows weigh 1 / (family images)^power
  const PhotorealFaceConfig cfg = DefaultCheckConfig();
  double threshold = cfg.reject_photoreal;
  int k = 0;  // leave-one-source-out
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--out" && i + 1 < args.size()) {
      out = args[++i];
    } else if (args[i] == "--l2" && i + 1 < args.size()) {
      l2 = std::stod(args[++i]);
    } else if (args[i] == "--threshold" && i + 1 < args.size()) {
      threshold = std::stod(args[++i]);
    } else if (args[i] == "--folds" && i + 1 < args.size()) {
      k = std::stoi(args[++i]);
    } else if (args[i] == "--features" && i + 1 < args.size()) {
      cache = args[++i];
    } else if (args[i] == "--human-face-only" && i + 1 < args.size()) {
      face_only_csvs.push_back(args[++i]);
    } else if (args[i] == "--scores-out" && i + 1 < args.size()) {
      scores_out = args[++i];
    } else if (args[i] == "--human-face-out" && i + 1 < args.size()) {
      human_out = args[++i];
    } else if (args[i] == "--also-features" && i + 1 < args.size()) {
      also_cache = args[++i];
    } else if (args[i] == "--nsfwjs-model" && i + 1 < args.size()) {
      nsfwjs_model = args[++i];
    } else if (args[i] == "--without-texture") {
      without_texture = true;
    } else if (args[i] == "--maps-out" && i + 1 < args.size()) {
      maps_out = args[++i];
    } else if (args[i] == "--family-weight-power" && i + 1 < args.size()) {
      family_power = std::atof(args[++i].c_str());
    } else if (args[i] == "--data-dir" && i + 1 < args.size()) {
      data_dir = args[++i];
    } else {
      csvs.push_back(args[i]);
    }
  }
  if (csvs.empty() || (out.empty() && human_out.empty())) {
    std::cerr << "usage: postern train-photoreal LABELS.csv... [--out FILE] [--l2 X] [--folds K]"
                 " [--threshold T] [--features CACHE] [--human-face-out FILE [--human-face-only LABELS.csv]...]"
                 " [--scores-out CSV] [--nsfwjs-model PATH [--also-features CACHE]] [--without-texture]"
                 " [--data-dir DIR] [--family-weight-power P]\n"
                 "  (without --out only the human-face verifier is cross-validated and trained;"
                 " --nsfwjs-model: the backbone, relative to the data dir, default " << kNsfwjsPath
              << "; --also-features: another backbone's --features cache of the same images,"
                 " its network columns appended)\n";
    return 2;
  }
  // Features are extracted for both lists at once (one cache); the head sees only `csvs`.
  std::vector<LabelledImage> all_images;
  size_t main_count = 0;
  for (const auto* list : {&csvs, &face_only_csvs}) {
    for (const auto& c : *list) {
      Status st = ReadLabels(c, &all_images);
      if (!st.ok()) {
        std::cerr << st.ToString() << "\n";
        return 1;
      }
    }
    if (list == &csvs) main_count = all_images.size();
  }
  Status st;
  auto nsfw = LoadNsfwClassifier(data_dir, nsfwjs_model, 1, &st);
  if (!nsfw) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  PhotorealTrainingSet all_set;
  // A cache of the same images from another backbone has other columns: extract again.
  const int dims = PhotorealFeatureCount(*nsfw);
  if (!maps_out.empty() || cache.empty() || !LoadTrainingSet(cache, all_images, &all_set).ok() ||
      all_set.x.cols != dims) {
    auto faces = LoadDefaultFaceDetector(data_dir, &st);
    if (!faces) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
    st = ExtractPhotorealTrainingSet(all_images, *nsfw, faces.get(), &all_set, [&](size_t done) {
      std::fprintf(stderr, "\rtrain-photoreal: features %zu/%zu", done, all_images.size());
    }, !maps_out.empty());
    std::fprintf(stderr, "\n");
    if (st.ok() && !cache.empty()) st = SaveTrainingSet(cache, all_images, all_set);
    if (st.ok() && !maps_out.empty()) st = SaveMaps(maps_out, all_images, main_count, all_set);
    if (!st.ok()) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
  }
  if (without_texture) {  // the style columns come last
    std::fprintf(stderr, "train-photoreal: --without-texture: a comparison; its heads do not load in the check\n");
    all_set.x = all_set.x.colRange(0, all_set.x.cols - nsfw->style_size()).clone();
  }
  if (!also_cache.empty()) {
    st = AppendNetworkColumns(also_cache, all_images, &all_set);
    if (!st.ok()) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
  }
  const std::vector<LabelledImage> images(all_images.begin(), all_images.begin() + main_count);
  PhotorealTrainingSet set = FirstImagesOf(all_set, main_count);
  std::vector<int> y;
  std::vector<std::string> groups;
  for (const auto& img : images) {
    y.push_back(img.photoreal);
    groups.push_back(SourceFamily(img.source));
  }
  if (family_power > 0) {
    // A family's rows weigh 1 / (its images)^power, so a rare style is not outvoted by a big
    // package of one style (0: every row the same).
    std::map<std::string, int> family_size;
    for (const auto& g : groups) ++family_size[g];
    for (int r = 0; r < set.x.rows; ++r) {
      set.weight.push_back(std::pow(family_size[groups[set.image[r]]], -family_power));
    }
  }
  // A source package is never in both the training and the scored fold.
  const std::vector<int> folds = k > 1 ? GroupedFolds(groups, k) : LeaveOneSourceOutFolds(groups);
  const int fold_count = *std::max_element(folds.begin(), folds.end()) + 1;
  std::fprintf(stderr, "train-photoreal: %d folds of %zu images, %d rows\n", fold_count,
               images.size(), set.x.rows);
  const std::string how = k > 1 ? "grouped " + std::to_string(k) + "-fold CV by source family"
                                 : "leave-one-family-out (" + std::to_string(fold_count) +
                                       " source families: packages of one upstream together)";
  std::vector<float> blended;  // out-of-fold scores after the second look (with --out)
  if (!out.empty()) {
    const CrossValidatedScores cv_scores = CrossValidate(set, folds, PhotorealTrainingSet(), l2);
    blended = CrossValidatedBlend(cv_scores, folds, y, cfg.second_look_below);
    const std::string whole_line = Report(("whole image, " + how).c_str(), images, cv_scores.whole,
                                          set.face_confidence, cfg, threshold, true);
    const std::string blend_line =
        Report(("whole image + face second look, " + how).c_str(), images, blended,
               set.face_confidence, cfg, threshold, true);
    for (double r : {0.95, 0.96, 0.98}) {
      std::printf("threshold for photo recall %.2f: whole %.3f, with face %.3f\n", r,
                  ThresholdForRecall(images, cv_scores.whole, r), ThresholdForRecall(images, blended, r));
    }
    PhotorealHead head = PhotorealHead::Train(set.x, set.y, l2, 600, set.weight);
    std::vector<float> whole, face;
    std::vector<int> labels;
    for (size_t i = 0; i < images.size(); ++i) {
      if (cv_scores.face[i] < 0 || cv_scores.whole[i] >= cfg.second_look_below) continue;
      whole.push_back(cv_scores.whole[i]);
      face.push_back(cv_scores.face[i]);
      labels.push_back(y[i]);
    }
    head.face_blend = FaceRegionBlend::Fit(whole, face, labels);
    std::printf("face blend (fitted on %zu out-of-fold pairs): %.3f * logit(whole) + %.3f * "
                "logit(face) + %.3f\n",
                whole.size(), head.face_blend.w_whole, head.face_blend.w_face, head.face_blend.bias);
    head.set_version("photoreal-head-v6 (" + std::to_string(images.size()) + " images + " +
                     std::to_string(set.x.rows - images.size()) + " face close-ups, l2=" +
                     std::to_string(l2) + ")");
    std::string files;
    for (const auto& c : csvs) files += (files.empty() ? "" : ", ") + c;
    head.notes = std::string("features: nsfwjs ") + nsfw->backbone().name + " embedding(" +
                 std::to_string(nsfw->embedding_size()) + ")+probabilities(5)+classical(" +
                 std::to_string(ClassicalPhotoFeatureNames().size()) + ")+style(" +
                 std::to_string(without_texture ? 0 : nsfw->style_size()) +
                 ") of the whole image and of face close-ups; trained on " + files + "; " + how +
                 ", whole image: " + whole_line + "; with the face second look: " + blend_line;
    st = head.Save(out);
    if (!st.ok()) {
      std::cerr << st.ToString() << "\n";
      return 1;
    }
    std::cout << "wrote " << out << "\n";
  }
  if (!human_out.empty()) {
    std::vector<std::string> all_groups;
    for (const auto& img : all_images) all_groups.push_back(SourceFamily(img.source));
    const std::vector<int> all_folds = k > 1 ? GroupedFolds(all_groups, k) : LeaveOneSourceOutFolds(all_groups);
    return TrainHumanFace(all_images, all_set, all_folds, main_count, blended, cfg, threshold, l2, how, human_out,
                          scores_out);
  }
  return 0;
}

}  // namespace

POSTERN_REGISTER_TOOL(train_photoreal, "train-photoreal",
                      "train-photoreal LABELS.csv... --out FILE: train the photorealism head",
                      TrainPhotoreal);

}  // namespace postern::photoreal_face
