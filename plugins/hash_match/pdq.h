// PDQ: Meta's 256-bit perceptual image hash, implemented from its published
// description (luminance, two-pass Jarosz box filter, 64x64 decimation, 16x16 DCT,
// median threshold, gradient quality score). Bit-compatible with the reference C++
// tool when given the same decoded pixels, including its pre-resize of large images.
#pragma once

#include <string>

#include <opencv2/core.hpp>

#include "gateway/status.h"
#include "plugins/hash_match/hash256.h"

namespace postern::hash_match {

struct PdqResult {
  Hash256 hash;
  int quality = 0;  // 0..100; PDQ advises not to match on hashes of quality <= 49
};

// Hashes decoded pixels. `image` is 8- or 16-bit (high byte used) with 1 (grey),
// 2 (grey + alpha), 3 (BGR) or 4 (BGRA) channels; alpha is ignored, as the reference
// does, and a BGR image whose pixels are all grey is hashed as grey. Images with
// a side over 512 are first resized to 512x512 by nearest neighbour (the reference's
// own pre-resize); a side under 5 pixels gives the all-zero hash with quality 0.
PdqResult PdqHash(const cv::Mat& image);

// The core on a row-major float luminance plane (no pre-resize).
PdqResult PdqHashFromLuma(const float* luma, int rows, int cols);

// Decodes encoded image bytes the way PDQ's reference tools see a file: the stored
// pixel grid (EXIF orientation NOT applied), grey kept as one channel, alpha dropped,
// 16-bit samples reduced to their low byte (the reference's loader does exactly that).
Status DecodeForPdq(const std::string& bytes, cv::Mat* out);
// Same for a file on disk; "io_error" if unreadable, "decode_failed" if not an image.
Status ReadImageForPdq(const std::string& path, cv::Mat* out);

}  // namespace postern::hash_match
