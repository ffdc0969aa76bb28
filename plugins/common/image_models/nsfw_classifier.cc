#include "plugins/common/image_models/nsfw_classifier.h"

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

namespace postern::image_models {

const char* NsfwClassName(int c) {
  static const char* names[] = {"Drawing", "Hentai", "Neutral", "Porn", "Sexy"};
  return c >= 0 && c < kNsfwClassCount ? names[c] : "?";
}

const NsfwBackbone& NsfwBackboneOf(const std::string& path) {
  static const NsfwBackbone kMobileNetV2{"mobilenet_v2", 224, 1280};
  static const NsfwBackbone kInceptionV3{"inception_v3", 299, 2048};
  const size_t slash = path.find_last_of('/');
  const std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
  return file.find(kInceptionV3.name) != std::string::npos ? kInceptionV3 : kMobileNetV2;
}

Status NsfwClassifier::Load(const std::string& path, int copies) {
  Status st = pool_.Load(path, copies);
  if (!st.ok()) return st;
  backbone_ = &NsfwBackboneOf(path);
  NsfwOutput probe;
  try {
    probe = Run(cv::Mat(input_size(), input_size(), CV_32FC3, cv::Scalar::all(0.5)));
  } catch (const cv::Exception& e) {
    return Status::Corruption(
                         "nsfwjs model " + path + " does not run: " + e.what() +
                             "; re-create it with scripts/fetch-assets");
  }
  if (probe.embedding.size() != static_cast<size_t>(embedding_size())) {
    return Status::Corruption("nsfwjs model " + path + " lacks the " +
                              std::to_string(embedding_size()) + "-d embedding output of " +
                              backbone_->name + "; re-create it with scripts/fetch-assets");
  }
  version_ = std::string("nsfwjs@4.4.0/") + backbone_->name + " sha256:" +
             FileSha256(path).substr(0, 12);
  return Status::OK();
}

NsfwOutput NsfwClassifier::Run(const cv::Mat& rgb_f) const {
  cv::Mat blob = cv::dnn::blobFromImage(rgb_f);  // NCHW, no scaling
  std::vector<cv::Mat> outs;
  {
    auto lease = pool_.Acquire();
    cv::dnn::Net& net = lease->net();
    net.setInput(blob, "input");
    net.forward(outs, std::vector<cv::String>{"probabilities", "embedding"});
  }
  NsfwOutput out;
  if (outs.size() != 2 || outs[0].total() != kNsfwClassCount) {
    throw cv::Exception(0, "unexpected nsfwjs outputs", "", "", 0);
  }
  for (int c = 0; c < kNsfwClassCount; ++c) out.probs[c] = outs[0].ptr<float>()[c];
  const float* e = outs[1].ptr<float>();
  out.embedding.assign(e, e + outs[1].total());
  return out;
}

NsfwOutput NsfwClassifier::Classify(const cv::Mat& bgr) const {
  cv::Mat resized, rgb, f;
  const int side = input_size();
  const bool shrink = bgr.cols > side || bgr.rows > side;
  cv::resize(bgr, resized, cv::Size(side, side), 0, 0,
             shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
  return Run(f);
}

}  // namespace postern::image_models
