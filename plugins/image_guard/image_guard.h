// image_guard: runs first. Refuses what is not an acceptable image (the caller's error:
// 4xx, nothing stored) using the header alone where it can, then decodes once with
// OpenCV and hands 8-bit BGR pixels to every later check.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "gateway/check.h"

namespace postern::image_guard {

struct ImageGuardConfig {
  std::vector<std::string> formats;  // accepted: png, jpeg, webp
  int64_t max_bytes;                 // encoded size
  int64_t max_width, max_height;     // from the header
  int64_t max_pixels;                // width * height, from the header
  int64_t min_side;
  int64_t max_jpeg_scans;            // progressive scans a JPEG may have (each is a decode pass)
  bool allow_animated;               // APNG / animated WebP (the first frame is checked)
  int64_t max_decode_cpu_ms;         // CPU time one decode may use before it is abandoned
  int64_t max_abandoned_decodes;     // abandoned decodes still running before new ones wait
};

class ImageGuardCheck : public Check {
 public:
  explicit ImageGuardCheck(ImageGuardConfig config) : c_(std::move(config)) {}
  // Throws CallerError for an unacceptable image; else sets the header and pixels.
  CheckResult Run(const ShareInput& share, ImageAnalysis& image) override;

 private:
  // 8-bit BGR (EXIF orientation applied for JPEG, alpha flattened onto white).
  static cv::Mat Decode(const std::string& bytes, const std::string& format);

  ImageGuardConfig c_;
};

ConfigSchema ImageGuardSchema();
ImageGuardConfig ParseImageGuardConfig(const json& validated);

}  // namespace postern::image_guard
