// Image header parsing without decoding: PNG, JPEG (baseline and progressive SOF markers)
// and WebP (VP8, VP8L, VP8X) dimensions from images OpenCV encodes here or bytes written
// by hand, and the truncated, malformed and oversize headers image_guard must refuse.
#include "plugins/image_guard/image_header.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

namespace postern::image_guard {
namespace {

// A 37x21 image (odd sides, so width and height cannot be swapped unnoticed).
cv::Mat Pixels(int channels = 3) {
  cv::Mat m(21, 37, CV_8UC(channels));
  cv::randu(m, 0, 255);
  return m;
}

std::string Encode(const cv::Mat& m, const std::string& ext, const std::vector<int>& params = {}) {
  std::vector<uchar> buf;
  if (!cv::imencode(ext, m, buf, params)) throw std::runtime_error("imencode " + ext + " failed");
  return std::string(buf.begin(), buf.end());
}

struct Parsed {
  std::string error;  // "" on success
  HeaderInfo info;
  std::string detail;
};

Parsed Parse(const std::string& bytes) {
  Parsed p;
  p.error = ReadImageHeader(bytes, &p.info, &p.detail);
  return p;
}

// Parses `bytes` and checks it is a 37x21 image of `format`; returns what was parsed.
Parsed ExpectSize37x21(const std::string& bytes, const std::string& format) {
  Parsed p = Parse(bytes);
  EXPECT_EQ(p.error, "") << p.detail;
  EXPECT_EQ(p.info.header.format, format);
  EXPECT_EQ(p.info.header.content_type, "image/" + format);
  EXPECT_EQ(p.info.header.width, 37);
  EXPECT_EQ(p.info.header.height, 21);
  return p;
}

void PutBe32(std::string* s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>(v >> (24 - 8 * i));
}
void PutLe24(std::string* s, size_t at, uint32_t v) {
  for (int i = 0; i < 3; ++i) (*s)[at + i] = static_cast<char>(v >> (8 * i));
}

// A VP8X (extended) WebP header: RIFF, WEBP, the 10-byte VP8X chunk, nothing else.
std::string Vp8x(uint8_t flags, uint32_t width, uint32_t height) {
  std::string s = std::string("RIFF") + std::string(4, '\0') + "WEBPVP8X";
  s += std::string("\x0a\0\0\0", 4);
  s += static_cast<char>(flags);
  s += std::string(3, '\0');
  s += std::string(6, '\0');
  PutLe24(&s, 24, width - 1);
  PutLe24(&s, 27, height - 1);
  const uint32_t riff = static_cast<uint32_t>(s.size() - 8);
  for (int i = 0; i < 4; ++i) s[4 + i] = static_cast<char>(riff >> (8 * i));
  return s;
}

TEST(ImageHeader, PngDimensionsAndAlpha) {
  Parsed p = ExpectSize37x21(Encode(Pixels(3), ".png"), "png");
  EXPECT_FALSE(p.info.has_alpha);
  EXPECT_FALSE(p.info.animated);
  p = Parse(Encode(Pixels(4), ".png"));
  ASSERT_EQ(p.error, "") << p.detail;
  EXPECT_TRUE(p.info.has_alpha);
}

TEST(ImageHeader, PngAnimationChunkBeforeImageDataMarksAnimated) {
  std::string png = Encode(Pixels(3), ".png");
  // acTL (8 data bytes) right after IHDR, which ends at byte 33; the CRC is not read.
  std::string actl = std::string("\0\0\0\x08", 4) + "acTL" + std::string(8, '\0') + std::string(4, '\0');
  png.insert(33, actl);
  Parsed p = Parse(png);
  ASSERT_EQ(p.error, "") << p.detail;
  EXPECT_TRUE(p.info.animated);
}

TEST(ImageHeader, JpegBaselineAndProgressiveFrameHeaders) {
  const std::string baseline = Encode(Pixels(), ".jpg");
  const std::string progressive = Encode(Pixels(), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  // The encodings really differ in their start-of-frame marker (SOF0 vs SOF2).
  ASSERT_NE(baseline.find("\xFF\xC0"), std::string::npos);
  ASSERT_EQ(baseline.find("\xFF\xC2"), std::string::npos);
  ASSERT_NE(progressive.find("\xFF\xC2"), std::string::npos);
  ExpectSize37x21(baseline, "jpeg");
  ExpectSize37x21(progressive, "jpeg");
}

TEST(ImageHeader, WebpLossyAndLosslessChunks) {
  const std::string lossy = Encode(Pixels(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 80});
  const std::string lossless = Encode(Pixels(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 101});
  ASSERT_EQ(lossy.substr(12, 4), "VP8 ");
  ASSERT_EQ(lossless.substr(12, 4), "VP8L");
  EXPECT_FALSE(ExpectSize37x21(lossy, "webp").info.animated);
  EXPECT_FALSE(ExpectSize37x21(lossless, "webp").info.animated);
}

TEST(ImageHeader, WebpExtendedHeaderFlagsAndCanvasSize) {
  Parsed p = Parse(Vp8x(0x10, 37, 21));  // alpha flag
  ASSERT_EQ(p.error, "") << p.detail;
  EXPECT_EQ(p.info.header.width, 37);
  EXPECT_EQ(p.info.header.height, 21);
  EXPECT_TRUE(p.info.has_alpha);
  EXPECT_FALSE(p.info.animated);
  p = Parse(Vp8x(0x02, 1, 1));  // animation flag
  ASSERT_EQ(p.error, "") << p.detail;
  EXPECT_TRUE(p.info.animated);
  EXPECT_FALSE(p.info.has_alpha);
}

TEST(ImageHeader, OversizeDimensionsAreReadFromTheHeaderAlone) {
  // A 50000x50000 PNG header over a few hundred bytes: the decompression bomb shape.
  std::string png = Encode(Pixels(), ".png");
  PutBe32(&png, 16, 50000);
  PutBe32(&png, 20, 50000);
  Parsed p = Parse(png);
  ASSERT_EQ(p.error, "") << p.detail;
  EXPECT_EQ(p.info.header.width, 50000);
  EXPECT_EQ(p.info.header.height, 50000);
  // The largest canvas VP8X can state (24-bit sides).
  p = Parse(Vp8x(0, 1 << 24, 1 << 24));
  ASSERT_EQ(p.error, "") << p.detail;
  EXPECT_EQ(p.info.header.width, 1 << 24);
  EXPECT_EQ(p.info.header.height, 1 << 24);
}

TEST(ImageHeader, UnknownOrEmptyInputIsAnUnsupportedFormat) {
  for (const std::string bytes : {std::string(), std::string("GIF89a\x01\x00\x01\x00", 10),
                                  std::string("not an image at all"), std::string("\x89PNG", 4)}) {
    Parsed p = Parse(bytes);
    EXPECT_EQ(p.error, "unsupported_format") << bytes.size() << " bytes";
    EXPECT_FALSE(p.detail.empty());
  }
}

TEST(ImageHeader, TruncatedHeadersAreUndecodable) {
  const std::string png = Encode(Pixels(), ".png");
  const std::string jpeg = Encode(Pixels(), ".jpg");
  const std::string webp = Encode(Pixels(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 80});
  // Each cut keeps the magic but ends inside the part that holds the size.
  for (const std::string& cut : {png.substr(0, 20), jpeg.substr(0, 3), jpeg.substr(0, 20),
                                 webp.substr(0, 16), Vp8x(0, 37, 21).substr(0, 29)}) {
    Parsed p = Parse(cut);
    EXPECT_EQ(p.error, "image_undecodable") << cut.size() << " bytes";
    EXPECT_FALSE(p.detail.empty());
  }
}

TEST(ImageHeader, MalformedHeadersAreUndecodable) {
  std::string png = Encode(Pixels(), ".png");
  png.replace(12, 4, "IHDX");  // first chunk is not IHDR
  std::string jpeg = Encode(Pixels(), ".jpg");
  jpeg[2] = '\xFF';
  jpeg[3] = '\xD8';  // fine so far (SOI repeats), then garbage where a marker must be
  jpeg[4] = 'x';
  std::string lossless = Encode(Pixels(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 101});
  lossless[20] = 0x00;  // VP8L signature byte must be 0x2f
  std::string lossy = Encode(Pixels(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 80});
  lossy[23] = 0x00;  // VP8 start code 9d 01 2a
  std::string unknown_chunk = Vp8x(0, 37, 21);
  unknown_chunk.replace(12, 4, "ALPH");
  for (const std::string* bad : {&png, &jpeg, &lossless, &lossy, &unknown_chunk}) {
    Parsed p = Parse(*bad);
    EXPECT_EQ(p.error, "image_undecodable") << p.detail;
  }
}

TEST(ImageHeader, CompletenessLooksAtTheStreamEnd) {
  const std::string png = Encode(Pixels(), ".png");
  const std::string jpeg = Encode(Pixels(), ".jpg");
  const std::string webp = Encode(Pixels(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 80});
  EXPECT_TRUE(LooksComplete(png, "png"));
  EXPECT_TRUE(LooksComplete(jpeg, "jpeg"));
  EXPECT_TRUE(LooksComplete(webp, "webp"));
  EXPECT_TRUE(LooksComplete(jpeg + std::string(16, '\0'), "jpeg"));  // padding after EOI
  EXPECT_FALSE(LooksComplete(png.substr(0, png.size() - 12), "png"));   // no IEND
  EXPECT_FALSE(LooksComplete(jpeg.substr(0, jpeg.size() - 2), "jpeg"));  // no EOI
  EXPECT_FALSE(LooksComplete(webp.substr(0, webp.size() - 1), "webp"));  // RIFF size too big
}

}  // namespace
}  // namespace postern::image_guard
