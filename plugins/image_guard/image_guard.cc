#include "plugins/image_guard/image_guard.h"

#include <algorithm>
#include <memory>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "plugins/image_guard/bounded_decode.h"
#include "plugins/image_guard/image_header.h"

namespace postern::image_guard {

CheckResult ImageGuardCheck::Run(const ShareInput&, ImageAnalysis& image) {
  const std::string& bytes = image.bytes();
  if (static_cast<int64_t>(bytes.size()) > c_.max_bytes)
    throw CallerError{413, "image_too_large", "image is " + std::to_string(bytes.size()) +
                                                  " bytes; the limit is " + std::to_string(c_.max_bytes)};
  HeaderInfo info;
  std::string detail;
  std::string err = ReadImageHeader(bytes, &info, &detail);
  if (err == "unsupported_format") throw CallerError{415, err, detail};
  if (!err.empty()) throw CallerError{422, err, detail};
  const auto& h = info.header;
  if (std::find(c_.formats.begin(), c_.formats.end(), h.format) == c_.formats.end())
    throw CallerError{415, "unsupported_format", h.format + " images are not accepted"};
  if (info.animated && !c_.allow_animated)
    throw CallerError{415, "unsupported_format", "animated images are not accepted"};
  if (h.width <= 0 || h.height <= 0)
    throw CallerError{422, "image_undecodable", "image header has zero size"};
  if (h.width > c_.max_width || h.height > c_.max_height ||
      int64_t(h.width) * h.height > c_.max_pixels)
    throw CallerError{413, "image_too_large",
                      std::to_string(h.width) + "x" + std::to_string(h.height) +
                          " exceeds the limits (" + std::to_string(c_.max_width) + "x" +
                          std::to_string(c_.max_height) + ", " + std::to_string(c_.max_pixels) + " pixels)"};
  if (h.width < c_.min_side || h.height < c_.min_side)
    throw CallerError{422, "image_too_small", "image sides must be at least " + std::to_string(c_.min_side) + " px"};
  if (!LooksComplete(bytes, h.format))
    throw CallerError{422, "image_undecodable", "image data is truncated"};
  if (h.format == "jpeg") {
    const int scans = CountJpegScans(bytes);
    if (scans > c_.max_jpeg_scans)
      throw CallerError{422, "image_too_complex", "the JPEG has " + std::to_string(scans) + " scans; at most " +
                                                      std::to_string(c_.max_jpeg_scans) + " are decoded"};
  }
  image.set_header(h);
  cv::Mat pixels;
  // The decoder may outlive this share (abandoned past its budget): it owns a copy.
  auto owned = std::make_shared<const std::string>(bytes);
  const std::string format = h.format;
  switch (BoundedDecode([owned, format] { return Decode(*owned, format); }, c_.max_decode_cpu_ms,
                        static_cast<int>(c_.max_abandoned_decodes), &pixels)) {
    case DecodeOutcome::kDone: break;
    case DecodeOutcome::kOverBudget:
      throw CallerError{422, "image_too_complex", "decoding the image took more than " +
                                                      std::to_string(c_.max_decode_cpu_ms) + " ms of CPU time"};
    case DecodeOutcome::kTooManyAbandoned:
      throw CallerError{503, "overloaded", "too many images that were too costly to decode are still being decoded"};
  }
  image.set_bgr(std::move(pixels));
  return CheckResult::Allow({{"format", h.format}, {"width", h.width}, {"height", h.height},
                             {"bytes", bytes.size()}});
}

cv::Mat ImageGuardCheck::Decode(const std::string& bytes, const std::string& format) {
  cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  cv::Mat m;
  try {
    // JPEG: IMREAD_COLOR applies EXIF orientation and converts CMYK/grey.
    // PNG/WebP: keep alpha so transparent areas can be flattened onto white.
    m = cv::imdecode(buf, format == "jpeg" ? cv::IMREAD_COLOR : cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw CallerError{422, "image_undecodable", std::string("decoder failed: ") + e.what()};
  }
  if (m.empty()) throw CallerError{422, "image_undecodable", "the image data could not be decoded"};
  if (m.depth() == CV_16U) m.convertTo(m, CV_8U, 1.0 / 257.0);
  else if (m.depth() != CV_8U) m.convertTo(m, CV_8U);
  if (m.channels() == 1) cv::cvtColor(m, m, cv::COLOR_GRAY2BGR);
  else if (m.channels() == 2) {
    std::vector<cv::Mat> ch;
    cv::split(m, ch);
    cv::Mat bgra;
    cv::merge(std::vector<cv::Mat>{ch[0], ch[0], ch[0], ch[1]}, bgra);
    m = bgra;
  }
  if (m.channels() == 4) {
    cv::Mat out(m.size(), CV_8UC3);
    m.forEach<cv::Vec4b>([&out](const cv::Vec4b& px, const int* pos) {
      const int a = px[3];
      cv::Vec3b& o = out.at<cv::Vec3b>(pos[0], pos[1]);
      for (int c = 0; c < 3; ++c) o[c] = static_cast<uchar>((px[c] * a + 255 * (255 - a) + 127) / 255);
    });
    m = out;
  }
  return m;
}

}  // namespace postern::image_guard
