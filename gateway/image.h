// ImageAnalysis: one decoded image plus a per-share cache of derived results
// (face detections, network outputs), computed lazily and shared by every check.
#pragma once

#include <any>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <opencv2/core.hpp>

namespace postern {

// What image_guard learns from the header before decoding anything.
struct ImageHeader {
  std::string format;        // "png", "jpeg" or "webp"
  std::string content_type;  // "image/png", ...
  int width = 0;
  int height = 0;
};

class ImageAnalysis {
 public:
  ImageAnalysis(std::string bytes, std::string sha256)
      : bytes_(std::move(bytes)), sha256_(std::move(sha256)) {}

  // The encoded bytes exactly as the caller sent them.
  const std::string& bytes() const { return bytes_; }
  // Lower-case hex SHA-256 of bytes(); the image's storage key.
  const std::string& sha256() const { return sha256_; }

  // Header facts, set by image_guard before any decode.
  const ImageHeader& header() const { return header_; }
  void set_header(const ImageHeader& h) { header_ = h; }

  // Decoded 8-bit BGR pixels; empty until image_guard decoded them.
  const cv::Mat& bgr() const { return bgr_; }
  void set_bgr(cv::Mat m) { bgr_ = std::move(m); }

  // Returns the cached value under `key`, computing it once with `make` if absent.
  // Thread-safe; `make` runs under the lock so concurrent callers never compute twice.
  template <typename T>
  const T& Get(const std::string& key, const std::function<T()>& make) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, std::make_shared<std::any>(make())).first;
    return std::any_cast<const T&>(*it->second);
  }

  // The cached value under `key` if some check already computed it, else nullptr.
  template <typename T>
  const T* Peek(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(key);
    return it == cache_.end() ? nullptr : std::any_cast<T>(it->second.get());
  }

 private:
  std::string bytes_;
  std::string sha256_;
  ImageHeader header_;
  cv::Mat bgr_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<std::any>> cache_;
};

}  // namespace postern
