#include "plugins/common/image_models/nsfw_classifier.h"

#include <algorithm>
#include <cmath>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

namespace postern::image_models {

const char* NsfwClassName(int c) {
  static const char* names[] = {"Drawing", "Hentai", "Neutral", "Porn", "Sexy"};
  return c >= 0 && c < kNsfwClassCount ? names[c] : "?";
}

const NsfwBackbone& NsfwBackboneOf(const std::string& path) {
  // Block outputs at 56, 28, 14 and 7 px and three expansion activations (Keras layer names,
  // kept by scripts/convert_nsfwjs.py, as OpenCV 4.6 names their layers): 2 x (24+32+64+96+160
  // + 144+192+576) statistics, and the channel correlations of the 56 and 28 px blocks (the
  // finest textures; 24x23/2 + 32x31/2 pairs, about 1 ms).
  static const NsfwBackbone kMobileNetV2{
      "mobilenet_v2", 224, 1280,
      {"onnx_node!block_2_add", "onnx_node!block_5_add", "onnx_node!block_9_add",
       "onnx_node!block_12_add", "onnx_node!block_15_add", "onnx_node!block_3_expand_relu",
       "onnx_node!block_6_expand_relu", "onnx_node!block_13_expand_relu"},
      2,
      2 * (24 + 32 + 64 + 96 + 160 + 144 + 192 + 576) + 24 * 23 / 2 + 32 * 31 / 2,
      {3}};
  static const NsfwBackbone kInceptionV3{"inception_v3", 299, 2048, {}, 0, 0, {}};
  const size_t slash = path.find_last_of('/');
  const std::string file = slash == std::string::npos ? path : path.substr(slash + 1);
  return file.find(kInceptionV3.name) != std::string::npos ? kInceptionV3 : kMobileNetV2;
}

namespace {

// Mean then standard deviation of each channel of a 1 x C x H x W blob.
void AppendChannelStatistics(const cv::Mat& blob, std::vector<float>* out) {
  if (blob.dims != 4 || blob.size[0] != 1) {
    throw cv::Exception(0, "unexpected nsfwjs style layer shape", "", "", 0);
  }
  const int channels = blob.size[1], plane = blob.size[2] * blob.size[3];
  const size_t first = out->size();
  out->resize(first + 2 * channels);
  for (int c = 0; c < channels; ++c) {
    const float* p = blob.ptr<float>() + static_cast<size_t>(c) * plane;
    double sum = 0, sq = 0;
    for (int i = 0; i < plane; ++i) {
      sum += p[i];
      sq += static_cast<double>(p[i]) * p[i];
    }
    const double mean = sum / plane;
    (*out)[first + c] = static_cast<float>(mean);
    (*out)[first + channels + c] = static_cast<float>(std::sqrt(std::max(0.0, sq / plane - mean * mean)));
  }
}

// The Pearson correlation of each pair of channels (i < j, row by row) of a 1 x C x H x W blob.
void AppendChannelCorrelations(const cv::Mat& blob, std::vector<float>* out) {
  const int channels = blob.size[1], plane = blob.size[2] * blob.size[3];
  cv::Mat z(channels, plane, CV_32F, const_cast<float*>(blob.ptr<float>()));
  z = z.clone();
  for (int c = 0; c < channels; ++c) {
    cv::Scalar mean, sd;
    cv::meanStdDev(z.row(c), mean, sd);
    // A channel that never varies correlates with nothing: its row becomes zeros.
    z.row(c) = sd[0] > 1e-6 ? (z.row(c) - mean[0]) / (sd[0] * std::sqrt(plane)) : 0 * z.row(c);
  }
  cv::Mat corr;
  cv::mulTransposed(z, corr, false);
  for (int i = 0; i < channels; ++i) {
    for (int j = i + 1; j < channels; ++j) out->push_back(corr.at<float>(i, j));
  }
}

}  // namespace

Status NsfwClassifier::Load(const std::string& path, int copies) {
  Status st = pool_.Load(path, copies);
  if (!st.ok()) return st;
  backbone_ = &NsfwBackboneOf(path);
  output_names_ = {"probabilities", "embedding"};
  output_names_.insert(output_names_.end(), backbone_->style_layers.begin(), backbone_->style_layers.end());
  NsfwOutput probe;
  try {
    probe = Run(cv::Mat(input_size(), input_size(), CV_32FC3, cv::Scalar::all(0.5)));
  } catch (const cv::Exception& e) {
    return Status::Corruption(
                         "nsfwjs model " + path + " does not run: " + e.what() +
                             "; re-create it with scripts/fetch-assets");
  }
  if (probe.embedding.size() != static_cast<size_t>(embedding_size()) ||
      probe.style.size() != static_cast<size_t>(style_size())) {
    return Status::Corruption("nsfwjs model " + path + " lacks the " +
                              std::to_string(embedding_size()) + "-d embedding or the " +
                              std::to_string(style_size()) + " texture statistics of " +
                              backbone_->name + "; re-create it with scripts/fetch-assets");
  }
  version_ = std::string("nsfwjs@4.4.0/") + backbone_->name + " sha256:" +
             FileSha256(path).substr(0, 12);
  return Status::OK();
}

NsfwOutput NsfwClassifier::Run(const cv::Mat& rgb_f, bool keep_maps) const {
  cv::Mat blob = cv::dnn::blobFromImage(rgb_f);  // NCHW, no scaling
  const std::vector<cv::String>& names = output_names_;
  std::vector<cv::Mat> outs;
  {
    auto lease = pool_.Acquire();
    cv::dnn::Net& net = lease->net();
    net.setInput(blob, "input");
    net.forward(outs, names);
  }
  NsfwOutput out;
  if (outs.size() != names.size() || outs[0].total() != kNsfwClassCount) {
    throw cv::Exception(0, "unexpected nsfwjs outputs", "", "", 0);
  }
  for (int c = 0; c < kNsfwClassCount; ++c) out.probs[c] = outs[0].ptr<float>()[c];
  const float* e = outs[1].ptr<float>();
  out.embedding.assign(e, e + outs[1].total());
  out.style.reserve(backbone_->style_size);
  for (size_t l = 2; l < outs.size(); ++l) AppendChannelStatistics(outs[l], &out.style);
  for (int l = 0; l < backbone_->correlated_layers; ++l) AppendChannelCorrelations(outs[2 + l], &out.style);
  if (keep_maps) {
    for (int l : backbone_->map_layers) out.maps.push_back(outs[2 + l].clone());
  }
  return out;
}

NsfwOutput NsfwClassifier::Classify(const cv::Mat& bgr, bool keep_maps) const {
  cv::Mat resized, rgb, f;
  const int side = input_size();
  const bool shrink = bgr.cols > side || bgr.rows > side;
  cv::resize(bgr, resized, cv::Size(side, side), 0, 0,
             shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
  return Run(f, keep_maps);
}

}  // namespace postern::image_models
