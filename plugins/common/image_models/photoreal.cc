#include "plugins/common/image_models/photoreal.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/quality/qualitybrisque.hpp>

namespace postern::image_models {
namespace {

constexpr int kBrisqueCount = 36;

double Entropy(const std::vector<double>& hist) {
  double total = 0, e = 0;
  for (double h : hist) total += h;
  if (total <= 0) return 0;
  for (double h : hist) {
    if (h > 0) e -= (h / total) * std::log2(h / total);
  }
  return e;
}

cv::Mat Normalised(const cv::Mat& bgr) {
  // Long side at most 256 px; each side at least 32 px (BRISQUE halves the image and needs
  // room), so extreme aspect ratios are stretched a little rather than collapsing to 0.
  const double f = std::min(1.0, 256.0 / std::max(bgr.cols, bgr.rows));
  const cv::Size target(std::max(32, static_cast<int>(std::lround(bgr.cols * f))),
                        std::max(32, static_cast<int>(std::lround(bgr.rows * f))));
  if (target == bgr.size()) return bgr;
  cv::Mat img;
  // Tiny images: nearest-neighbour upscale keeps their (lack of) texture honest.
  cv::resize(bgr, img, target, 0, 0, f < 1 ? cv::INTER_AREA : cv::INTER_NEAREST);
  return img;
}

}  // namespace

const std::vector<std::string>& ClassicalPhotoFeatureNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (int i = 0; i < kBrisqueCount; ++i) n.push_back("brisque_" + std::to_string(i));
    for (const char* s :
         {"log_distinct_colours", "top8_colour_share", "saturation_mean", "saturation_std",
          "grey_fraction", "hue_entropy", "flat_3x3_fraction", "flat_block_fraction",
          "residual_std", "residual_abs_mean", "residual_kurtosis", "residual_zero_fraction",
          "smooth_residual_std", "gradient_mean", "edge_fraction", "strong_edge_ratio",
          "grey_entropy", "clipped_fraction"}) {
      n.push_back(s);
    }
    return n;
  }();
  return names;
}

std::vector<float> ClassicalPhotoFeatures(const cv::Mat& input) {
  std::vector<float> f;
  f.reserve(ClassicalPhotoFeatureNames().size());
  const cv::Mat bgr = Normalised(input);
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const double n = static_cast<double>(gray.total());

  // BRISQUE: natural-scene statistics of normalised luminance (photos follow them).
  cv::Mat brisque;
  cv::quality::QualityBRISQUE::computeFeatures(gray, brisque);
  brisque = brisque.reshape(1, 1);
  for (int i = 0; i < kBrisqueCount; ++i) {
    const float v = i < static_cast<int>(brisque.total()) ? brisque.at<float>(i) : 0.f;
    f.push_back(std::isfinite(v) ? v : 0.f);
  }

  // Palette: drawings use few colours, photos thousands.
  std::vector<int> histogram(1 << 15, 0);
  for (int y = 0; y < bgr.rows; ++y) {
    const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      ++histogram[(row[x][0] >> 3) << 10 | (row[x][1] >> 3) << 5 | (row[x][2] >> 3)];
    }
  }
  std::vector<int> counts;
  for (int c : histogram) {
    if (c > 0) counts.push_back(c);
  }
  const size_t distinct = counts.size();
  std::partial_sort(counts.begin(), counts.begin() + std::min<size_t>(8, counts.size()),
                    counts.end(), std::greater<int>());
  double top8 = 0;
  for (size_t i = 0; i < counts.size() && i < 8; ++i) top8 += counts[i];
  f.push_back(static_cast<float>(std::log(distinct / std::min(n, 32768.0))));
  f.push_back(static_cast<float>(top8 / n));

  cv::Mat hsv;
  cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);
  std::vector<cv::Mat> ch;
  cv::split(hsv, ch);
  cv::Scalar s_mean, s_std;
  cv::meanStdDev(ch[1], s_mean, s_std);
  f.push_back(static_cast<float>(s_mean[0] / 255));
  f.push_back(static_cast<float>(s_std[0] / 255));
  f.push_back(static_cast<float>(cv::countNonZero(ch[1] < 20) / n));
  std::vector<double> hue(18, 0);
  for (int y = 0; y < hsv.rows; ++y) {
    const cv::Vec3b* row = hsv.ptr<cv::Vec3b>(y);
    for (int x = 0; x < hsv.cols; ++x) hue[std::min(17, row[x][0] / 10)] += row[x][1];
  }
  f.push_back(static_cast<float>(Entropy(hue)));

  // Flat regions: exactly constant areas are rare in camera images (sensor noise).
  cv::Mat mx, mn, range;
  cv::dilate(gray, mx, cv::Mat());
  cv::erode(gray, mn, cv::Mat());
  cv::subtract(mx, mn, range);
  f.push_back(static_cast<float>(cv::countNonZero(range == 0) / n));
  // Per-8x8-block variance from block means of x and x^2.
  cv::Mat g64, sq, bm, bsq;
  gray.convertTo(g64, CV_32F);
  sq = g64.mul(g64);
  const cv::Size blocks(std::max(1, gray.cols / 8), std::max(1, gray.rows / 8));
  const cv::Rect whole(0, 0, blocks.width * 8 <= gray.cols ? blocks.width * 8 : gray.cols,
                       blocks.height * 8 <= gray.rows ? blocks.height * 8 : gray.rows);
  cv::resize(g64(whole), bm, blocks, 0, 0, cv::INTER_AREA);
  cv::resize(sq(whole), bsq, blocks, 0, 0, cv::INTER_AREA);
  cv::Mat block_var = bsq - bm.mul(bm);
  f.push_back(static_cast<float>(cv::countNonZero(block_var < 1.0) / double(block_var.total())));

  // Noise residual: image minus its 3x3 median.
  cv::Mat med, g32, m32, res;
  cv::medianBlur(gray, med, 3);
  gray.convertTo(g32, CV_32F);
  med.convertTo(m32, CV_32F);
  res = g32 - m32;
  cv::Scalar r_mean, r_std;
  cv::meanStdDev(res, r_mean, r_std);
  const double var = r_std[0] * r_std[0];
  cv::Mat r4;
  cv::pow(res - r_mean[0], 4, r4);
  const double kurt = var > 1e-9 ? cv::mean(r4)[0] / (var * var) : 0;
  f.push_back(static_cast<float>(r_std[0]));
  f.push_back(static_cast<float>(cv::mean(cv::Mat(cv::abs(res)))[0]));
  f.push_back(static_cast<float>(std::log1p(kurt)));
  f.push_back(static_cast<float>(cv::countNonZero(res == 0) / n));

  cv::Mat gx, gy, mag;
  cv::Sobel(g32, gx, CV_32F, 1, 0);
  cv::Sobel(g32, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, mag);
  cv::Mat smooth = (mag < 20) & (range > 0);  // smooth but not constant: noise lives here
  cv::Scalar sm_mean, sm_std;
  cv::meanStdDev(res, sm_mean, sm_std, smooth);
  f.push_back(cv::countNonZero(smooth) > 16 ? static_cast<float>(sm_std[0]) : 0.f);
  const double edges = cv::countNonZero(mag > 60), strong = cv::countNonZero(mag > 240);
  f.push_back(static_cast<float>(cv::mean(mag)[0] / 255));
  f.push_back(static_cast<float>(edges / n));
  f.push_back(static_cast<float>(edges > 0 ? strong / edges : 0));

  std::vector<double> grey_hist(64, 0);
  for (int y = 0; y < gray.rows; ++y) {
    const uchar* row = gray.ptr<uchar>(y);
    for (int x = 0; x < gray.cols; ++x) grey_hist[row[x] >> 2] += 1;
  }
  f.push_back(static_cast<float>(Entropy(grey_hist)));
  f.push_back(static_cast<float>((cv::countNonZero(gray == 0) + cv::countNonZero(gray == 255)) / n));
  for (float& v : f) {
    if (!std::isfinite(v)) v = 0.f;
  }
  return f;
}

std::vector<float> PhotorealFeatureVector(const NsfwOutput& nsfw,
                                          const std::vector<float>& classical) {
  std::vector<float> v(nsfw.embedding);
  v.insert(v.end(), nsfw.probs.begin(), nsfw.probs.end());
  v.insert(v.end(), classical.begin(), classical.end());
  v.insert(v.end(), nsfw.style.begin(), nsfw.style.end());
  return v;
}

int PhotorealFeatureCount(const NsfwClassifier& nsfw) {
  return nsfw.embedding_size() + kNsfwClassCount +
         static_cast<int>(ClassicalPhotoFeatureNames().size()) + nsfw.style_size();
}

namespace {

double Logit(float p) {
  const double q = std::clamp(static_cast<double>(p), 1e-6, 1 - 1e-6);
  return std::log(q / (1 - q));
}

}  // namespace

float FaceRegionBlend::Combine(float whole, float face) const {
  const double z = w_whole * Logit(whole) + w_face * Logit(face) + bias;
  return static_cast<float>(1 / (1 + std::exp(-z)));
}

FaceRegionBlend FaceRegionBlend::Fit(const std::vector<float>& whole,
                                     const std::vector<float>& face, const std::vector<int>& y) {
  // Three parameters by Newton's method on the class-balanced log loss (a tiny ridge keeps
  // the Hessian invertible when one class is absent or the scores are separable).
  const size_t n = y.size();
  int pos = 0;
  for (int v : y) pos += v;
  double w[3] = {1, 0, 0};
  for (int it = 0; it < 50; ++it) {
    cv::Matx33d h = cv::Matx33d::eye() * 1e-3;
    cv::Vec3d g(1e-3 * w[0], 1e-3 * w[1], 1e-3 * w[2]);
    for (size_t i = 0; i < n; ++i) {
      const cv::Vec3d x(Logit(whole[i]), Logit(face[i]), 1);
      const double sw = 0.5 / std::max(1, y[i] ? pos : static_cast<int>(n) - pos);
      const double p = 1 / (1 + std::exp(-(w[0] * x[0] + w[1] * x[1] + w[2])));
      g += sw * (p - y[i]) * x;
      h += sw * p * (1 - p) * (x * x.t());
    }
    cv::Vec3d step = h.inv() * g;
    // Damped: a full Newton step can overshoot far from the optimum (separable scores).
    if (cv::norm(step) > 4) step *= 4 / cv::norm(step);
    for (int j = 0; j < 3; ++j) w[j] -= step[j];
    if (cv::norm(step) < 1e-9) break;
  }
  return {w[0], w[1], w[2]};
}

Status PhotorealHead::Load(const std::string& path) {
  Status st = CheckModelFile(path);
  if (!st.ok()) {
    return Status::IOError("photorealism head " + path +
                                              " not found; train it with `postern "
                                              "train-photoreal` (see config/models/)");
  }
  try {
    cv::FileStorage fs(path, cv::FileStorage::READ);
    fs["version"] >> version_;
    fs["mean"] >> mean_;
    fs["inv_std"] >> inv_std_;
    fs["weights"] >> weights_;
    fs["bias"] >> bias_;
    fs["notes"] >> notes;
    if (!fs["face_blend_w_whole"].empty()) {
      fs["face_blend_w_whole"] >> face_blend.w_whole;
      fs["face_blend_w_face"] >> face_blend.w_face;
      fs["face_blend_bias"] >> face_blend.bias;
    }
  } catch (const cv::Exception& e) {
    return Status::Corruption("cannot read photorealism head " + path + ": " + e.what());
  }
  if (weights_.empty() || mean_.size() != weights_.size() || inv_std_.size() != weights_.size()) {
    return Status::Corruption("photorealism head " + path + " is incomplete");
  }
  mean_.convertTo(mean_, CV_64F);
  inv_std_.convertTo(inv_std_, CV_64F);
  weights_.convertTo(weights_, CV_64F);
  return Status::OK();
}

Status PhotorealHead::Save(const std::string& path) const {
  try {
    cv::FileStorage fs(path, cv::FileStorage::WRITE);
    fs << "version" << version_ << "notes" << notes << "dims" << weights_.cols;
    fs << "mean" << mean_ << "inv_std" << inv_std_ << "weights" << weights_ << "bias" << bias_;
    if (face_blend.enabled()) {
      fs << "face_blend_w_whole" << face_blend.w_whole << "face_blend_w_face" << face_blend.w_face
         << "face_blend_bias" << face_blend.bias;
    }
  } catch (const cv::Exception& e) {
    return Status::IOError("cannot write " + path + ": " + e.what());
  }
  return Status::OK();
}

float PhotorealHead::Score(const std::vector<float>& features) const {
  if (static_cast<int>(features.size()) != weights_.cols) {
    throw std::runtime_error("photorealism head expects " + std::to_string(weights_.cols) +
                             " features, got " + std::to_string(features.size()));
  }
  double z = bias_;
  const double *m = mean_.ptr<double>(), *s = inv_std_.ptr<double>(), *w = weights_.ptr<double>();
  for (size_t i = 0; i < features.size(); ++i) z += w[i] * (features[i] - m[i]) * s[i];
  return static_cast<float>(1 / (1 + std::exp(-z)));
}

PhotorealHead PhotorealHead::Train(const cv::Mat& x_in, const std::vector<int>& y, double l2,
                                   int iterations, const std::vector<double>& row_weights) {
  PhotorealHead h;
  cv::Mat x;
  x_in.convertTo(x, CV_64F);
  const int n = x.rows, d = x.cols;
  cv::reduce(x, h.mean_, 0, cv::REDUCE_AVG);
  h.inv_std_ = cv::Mat(1, d, CV_64F);
  for (int j = 0; j < d; ++j) {
    cv::Scalar m, s;
    cv::meanStdDev(x.col(j), m, s);
    h.inv_std_.at<double>(j) = s[0] > 1e-9 ? 1 / s[0] : 0;
  }
  cv::Mat z = (x - cv::repeat(h.mean_, n, 1)).mul(cv::repeat(h.inv_std_, n, 1));
  // Balanced sample weights: each class contributes half of the loss, shared by row weight.
  const bool weighted = row_weights.size() == static_cast<size_t>(n);
  double class_total[2] = {0, 0};
  for (int i = 0; i < n; ++i) class_total[y[i] ? 1 : 0] += weighted ? row_weights[i] : 1;
  std::vector<double> sw(n);
  for (int i = 0; i < n; ++i) {
    sw[i] = 0.5 * (weighted ? row_weights[i] : 1) / std::max(1e-12, class_total[y[i] ? 1 : 0]);
  }
  // Step size 1/L, L bounding the loss curvature (power iteration on Z^T W Z / 4).
  cv::Mat v = cv::Mat::ones(d, 1, CV_64F) / std::sqrt(d), zw = z.clone();
  for (int i = 0; i < n; ++i) zw.row(i) *= sw[i];
  double lmax = 1;
  for (int it = 0; it < 30; ++it) {
    cv::Mat u = z.t() * (zw * v);
    lmax = cv::norm(u);
    v = u / std::max(lmax, 1e-12);
  }
  const double lr = 1 / (0.25 * lmax + l2);
  cv::Mat w = cv::Mat::zeros(d, 1, CV_64F), w_prev = w.clone();
  double b = 0, b_prev = 0;
  for (int it = 0; it < iterations; ++it) {
    // Nesterov momentum.
    const double mom = it / (it + 3.0);
    cv::Mat wl = w + mom * (w - w_prev);
    const double bl = b + mom * (b - b_prev);
    cv::Mat logits = z * wl + bl;
    cv::Mat grad_out(n, 1, CV_64F);
    for (int i = 0; i < n; ++i) {
      const double p = 1 / (1 + std::exp(-logits.at<double>(i)));
      grad_out.at<double>(i) = sw[i] * (p - y[i]);
    }
    cv::Mat gw = z.t() * grad_out + l2 * wl;
    const double gb = cv::sum(grad_out)[0];
    w_prev = w.clone();
    b_prev = b;
    w = wl - lr * gw;
    b = bl - lr * gb;
  }
  h.weights_ = w.t();
  h.bias_ = b;
  return h;
}

Status OnnxPhotorealModel::Load(const OnnxPhotorealConfig& config, int copies) {
  cfg_ = config;
  Status st = CheckModelFile(cfg_.path);
  if (!st.ok()) return st;
  st = pool_.Load(cfg_.path, copies);
  if (!st.ok()) return st;
  sha_ = FileSha256(cfg_.path).substr(0, 12);
  try {
    Score(cv::Mat(cfg_.input_size, cfg_.input_size, CV_8UC3, cv::Scalar::all(128)));
  } catch (const std::exception& e) {
    return Status::Corruption("photorealism model " + cfg_.path +
                                              " does not run with the configured input: " +
                                              e.what());
  }
  return Status::OK();
}

float OnnxPhotorealModel::Score(const cv::Mat& bgr) const {
  cv::Mat blob = cv::dnn::blobFromImage(
      bgr, cfg_.scale, cv::Size(cfg_.input_size, cfg_.input_size),
      // blobFromImage subtracts the mean in the order of the fed channels.
      cfg_.swap_rb ? cv::Scalar(cfg_.mean[0], cfg_.mean[1], cfg_.mean[2])
                   : cv::Scalar(cfg_.mean[2], cfg_.mean[1], cfg_.mean[0]),
      cfg_.swap_rb, false, CV_32F);
  cv::Mat out;
  {
    auto lease = pool_.Acquire();
    lease->net().setInput(blob);
    out = lease->net().forward().clone();
  }
  if (cfg_.output_index < 0 || static_cast<size_t>(cfg_.output_index) >= out.total()) {
    throw std::runtime_error("output_index " + std::to_string(cfg_.output_index) +
                             " outside the model's " + std::to_string(out.total()) + " outputs");
  }
  double v = out.ptr<float>()[cfg_.output_index];
  if (cfg_.apply_sigmoid) v = 1 / (1 + std::exp(-v));
  return static_cast<float>(std::clamp(v, 0.0, 1.0));
}

}  // namespace postern::image_models
