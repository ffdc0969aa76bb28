#include "plugins/photoreal_face/photoreal_face.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "gateway/paths.h"
#include "plugins/common/image_models/analysis.h"

namespace postern::photoreal_face {

using image_models::FaceDetection;
using image_models::kNsfwClassCount;
using image_models::NsfwOutput;

namespace {

json FaceJson(const FaceDetection& f) {
  return {{"box", {std::lround(f.box.x), std::lround(f.box.y), std::lround(f.box.width),
                   std::lround(f.box.height)}},
          {"score", f.score},
          {"second_look", f.verify_score},
          {"confidence", f.confidence},
          {"human", f.human}};
}

// Relative head paths are under the config file's directory.
std::string HeadPath(const std::string& config_dir, const std::string& path) {
  return ResolveBesideConfig(config_dir, path);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c & 0x80; }

}  // namespace

std::string FindStyleWord(const std::string& prompt, const std::vector<std::string>& words) {
  const std::string text = Lower(prompt);
  for (const std::string& word : words) {
    const std::string w = Lower(word);
    for (size_t at = text.find(w); !w.empty() && at != std::string::npos; at = text.find(w, at + 1)) {
      const size_t end = at + w.size();
      if ((at == 0 || !WordChar(text[at - 1])) && (end == text.size() || !WordChar(text[end]))) {
        return word;
      }
    }
  }
  return "";
}

PhotorealFaceCheck::PhotorealFaceCheck(PhotorealFaceConfig config, PhotorealFaceModels models)
    : cfg_(std::move(config)),
      m_(std::move(models)),
      detector_(m_.full_range, m_.short_range, cfg_.faces) {}

float PhotorealFaceCheck::PhotorealScore(ImageAnalysis& image) const {
  if (m_.onnx) {
    const cv::Mat& bgr = image_models::SharePixels(image);
    return image.Get<float>("photoreal_face/onnx|" + m_.onnx->version(),
                            [&]() { return m_.onnx->Score(bgr); });
  }
  // Both inputs come from the shared per-share cache (computed once for all checks).
  const NsfwOutput& nsfw = image_models::SharedNsfw(image, *m_.nsfw, m_.nsfw_key);
  const std::vector<float>& classical = image_models::SharedClassicalFeatures(image);
  return m_.head->Score(image_models::PhotorealFeatureVector(nsfw, classical));
}

const std::vector<float>* PhotorealFaceCheck::CloseUp(ImageAnalysis& image, const FaceDetection& face) const {
  const cv::Mat& bgr = image_models::SharePixels(image);  // not inside Get's make
  const cv::Rect r = image_models::FaceCloseUpRect(bgr.size(), face.box);
  if (r.empty()) return nullptr;
  return &image.Get<std::vector<float>>(
      "photoreal_face/close_up|" + m_.nsfw_key + "|" + std::to_string(r.x) + "," + std::to_string(r.y) + "," +
          std::to_string(r.width),
      [&]() { return image_models::CloseUpFeatures(bgr, r, *m_.nsfw); });
}

const FaceDetection* PhotorealFaceCheck::BestHumanFace(ImageAnalysis& image, const std::vector<FaceDetection>& faces,
                                                       json* faces_json) const {
  std::vector<size_t> order;
  for (size_t i = 0; i < faces.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return faces[a].confidence > faces[b].confidence; });
  if (!m_.human_face) return order.empty() ? nullptr : &faces[order[0]];
  // Each look is one nsfwjs pass (~20 ms, shared with the second look); a dog in front of a
  // person costs two.
  constexpr int kMaxVerified = 3;
  int looked = 0;
  for (size_t i : order) {
    // Under the hold band a face changes nothing, so it is not looked at. A face BlazeFace is
    // sure of is never overruled: held out, the verifier alone dropped 12 of 75 photographed
    // faces at human_face_min 0.4, all above human_face_below (HISTORY.md, verifier). Past
    // kMaxVerified looks a face counts as found (fail closed).
    if (faces[i].confidence < cfg_.face_hold_confidence || faces[i].confidence >= cfg_.human_face_below ||
        looked++ == kMaxVerified)
      return &faces[i];
    const std::vector<float>* features = CloseUp(image, faces[i]);
    if (!features) return &faces[i];  // too small to judge: counted as it was found
    const float p = m_.human_face->Score(*features);
    if (i < faces_json->size()) (*faces_json)[i]["human_face"] = p;
    if (p >= cfg_.human_face_min) return &faces[i];
  }
  return nullptr;  // every face found was looked at and was an animal's (or an object)
}

CheckResult PhotorealFaceCheck::Run(const ShareInput& share, ImageAnalysis& image) {
  const float photo = PhotorealScore(image);
  json models = {{"faces", "mediapipe-blazeface full-range+short-range (jp.keijiro.mediapipe."
                           "blazeface@1.2.0)"},
                 {"photoreal", m_.onnx ? m_.onnx->version() : m_.head->version()}};
  if (m_.nsfw && !m_.onnx) models["nsfwjs"] = m_.nsfw->version();
  json evidence = {{"photoreal", photo}, {"models", models}};
  if (!m_.onnx) {
    const NsfwOutput& nsfw = image_models::SharedNsfw(image, *m_.nsfw, m_.nsfw_key);
    json probs = json::object();
    for (int c = 0; c < kNsfwClassCount; ++c) probs[image_models::NsfwClassName(c)] = nsfw.probs[c];
    evidence["classes"] = probs;
  }
  // Clearly not a photograph: faces do not matter, so the detector is not run.
  if (photo < cfg_.hold_photoreal) {
    evidence["faces_searched"] = false;
    return CheckResult::Allow(evidence);
  }
  // Tiles (about four more passes) only where a small face would change the verdict to reject.
  const bool tiles = photo >= cfg_.reject_photoreal;
  const std::vector<FaceDetection>& faces = image_models::SharedFaces(image, detector_, m_.face_key, tiles);
  json face_list = json::array();
  for (const FaceDetection& f : faces) {
    if (face_list.size() < 32) face_list.push_back(FaceJson(f));
  }
  const FaceDetection* best_face = BestHumanFace(image, faces, &face_list);
  const float best = best_face ? best_face->confidence : 0.f;
  evidence["faces_searched"] = true;
  evidence["faces"] = face_list;
  evidence["face_confidence"] = best;
  // Second look at the face region, where brush strokes, canvas and engraving lines show:
  // the head on a close-up, blended with the whole-image score (weights fitted out of fold).
  float score = photo;
  // second_look_below < 1 skips the pass (about 20 ms) for clear photographs; at 0.9 LOSO
  // rejected 4 more held-out paintings whose close-up alone said "painting" (README).
  if (cfg_.face_second_look && m_.head && m_.head->face_blend.enabled() && best_face &&
      best >= cfg_.face_hold_confidence && photo < cfg_.second_look_below) {
    if (const std::vector<float>* features = CloseUp(image, *best_face)) {
      const float region = m_.head->Score(*features);
      score = m_.head->face_blend.Combine(photo, region);
      evidence["photoreal_face_region"] = region;
      evidence["photoreal_combined"] = score;
    }
  }
  const bool face = best >= cfg_.faces.human_min;
  const bool maybe_face = best >= cfg_.face_hold_confidence;
  const bool photo_sure = score >= cfg_.reject_photoreal;
  if (face && photo_sure) {
    return {Verdict::kReject, "photoreal_face",
            "Photorealistic images showing a person's face can't be shared.", evidence};
  }
  const bool borderline = face && score >= cfg_.hold_photoreal;
  if (borderline || (maybe_face && photo_sure)) {
    // The prompt is a second witness, but only for a borderline score: a clear photograph
    // (photo_sure) is held or rejected whatever the prompt says.
    const bool asks_photo = !FindStyleWord(share.prompt, cfg_.photo_words).empty();
    const std::string style =
        photo_sure || asks_photo ? "" : FindStyleWord(share.prompt, cfg_.style_words);
    if (!style.empty()) {
      evidence["style_prompt"] = style;
      return CheckResult::Allow(evidence);
    }
    return {Verdict::kHold, "photoreal_face_review",
            "This image will be reviewed before it is shared.", evidence};
  }
  return CheckResult::Allow(evidence);
}

Status LoadPhotorealFaceModels(PhotorealFaceConfig* config, const CheckDeps& deps,
                               PhotorealFaceModels* out) {
  using namespace image_models;  // the loaders and model types, all from the one library
  PhotorealFaceConfig& cfg = *config;
  PhotorealFaceModels& m = *out;
  Status st;
  // Pinned hashes only for the default files: an admin may point at another BlazeFace.
  const bool default_full = cfg.face_model == kBlazeFaceFullRangePath;
  const bool default_short = cfg.face_verify_model == kBlazeFaceShortRangePath;
  m.full_range = LoadBlazeFace(deps.data_dir, cfg.face_model,
                               default_full ? kBlazeFaceFullRangeSha256 : "", 0,
                               cfg.network_copies, &st);
  if (!m.full_range) return st;
  m.short_range = LoadBlazeFace(deps.data_dir, cfg.face_verify_model,
                                default_short ? kBlazeFaceShortRangeSha256 : "", 0,
                                cfg.network_copies, &st);
  if (!m.short_range) return st;
  m.face_key = ResolveModelPath(deps.data_dir, cfg.face_model) + "|" +
               std::to_string(cfg.faces.min_score) + "|" + std::to_string(cfg.faces.human_min) +
               "|" + std::to_string(cfg.faces.tile_above) + "|" +
               std::to_string(cfg.faces.tile_hint_score);
  if (!cfg.onnx.path.empty()) {
    cfg.onnx.path = ResolveModelPath(deps.config_dir, cfg.onnx.path);
    const OnnxPhotorealConfig onnx = cfg.onnx;
    const int copies = cfg.network_copies;
    m.onnx = SharedModel<OnnxPhotorealModel>(
        "photoreal_onnx|" + onnx.path + "|" + std::to_string(onnx.input_size) + "|" +
            std::to_string(onnx.output_index) + "|" + std::to_string(onnx.scale) + "|" +
            std::to_string(onnx.mean[0]) + std::to_string(onnx.mean[1]) +
            std::to_string(onnx.mean[2]) + (onnx.swap_rb ? "rgb" : "bgr") +
            (onnx.apply_sigmoid ? "sig" : ""),
        [&](OnnxPhotorealModel* model) { return model->Load(onnx, copies); }, &st);
    if (!m.onnx) return st;
  } else {
    m.nsfw = LoadNsfwClassifier(deps.data_dir, cfg.nsfwjs_model, cfg.network_copies, &st);
    if (!m.nsfw) return st;
    m.nsfw_key = ResolveModelPath(deps.data_dir, cfg.nsfwjs_model);
    m.head = LoadPhotorealHead(HeadPath(deps.config_dir, cfg.photoreal_head), &st);
    if (!m.head) return st;
    if (!cfg.human_face_head.empty()) {
      m.human_face = LoadPhotorealHead(HeadPath(deps.config_dir, cfg.human_face_head), &st);
      if (!m.human_face) return st;
    }
    const size_t dims = PhotorealFeatureCount(*m.nsfw);
    for (const auto& [name, head] : {std::pair{"photorealism head", m.head}, {"human-face verifier", m.human_face}}) {
      if (!head) continue;
      try {
        head->Score(std::vector<float>(dims, 0.f));
      } catch (const std::exception& e) {
        return Status::Corruption(std::string(name) + ": " + e.what() +
                                  "; retrain with postern train-photoreal");
      }
    }
  }
  return Status::OK();
}

}  // namespace postern::photoreal_face
