#include "plugins/hash_match/stored_pixels.h"

#include <cstdint>
#include <cstring>

namespace postern::hash_match {
namespace {

uint32_t Get16(const unsigned char* p, bool le) { return le ? p[0] | p[1] << 8 : p[0] << 8 | p[1]; }
uint32_t Get32(const unsigned char* p, bool le) {
  return le ? uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24
            : uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | uint32_t(p[3]);
}

// EXIF Orientation (tag 0x0112 in IFD0) of a JPEG; 1 when absent or unreadable.
int JpegOrientation(const unsigned char* d, size_t n) {
  size_t i = 2;
  while (i + 4 <= n && d[i] == 0xFF) {
    const unsigned marker = d[i + 1];
    if (marker == 0xDA || marker == 0xD9) break;  // image data starts: no more headers
    const size_t len = Get16(d + i + 2, false);
    if (len < 2 || i + 2 + len > n) break;
    const unsigned char* seg = d + i + 4;
    const size_t seg_len = len - 2;
    if (marker == 0xE1 && seg_len >= 14 && std::memcmp(seg, "Exif\0\0", 6) == 0) {
      const unsigned char* tiff = seg + 6;
      const size_t tn = seg_len - 6;
      const bool le = tiff[0] == 'I';
      if (!le && tiff[0] != 'M') return 1;
      const size_t ifd = Get32(tiff + 4, le);
      if (ifd + 2 > tn) return 1;
      const size_t count = Get16(tiff + ifd, le);
      for (size_t k = 0; k < count; ++k) {
        const size_t e = ifd + 2 + 12 * k;
        if (e + 12 > tn) break;
        if (Get16(tiff + e, le) == 0x0112) return static_cast<int>(Get16(tiff + e + 8, le));
      }
      return 1;
    }
    i += 2 + len;
  }
  return 1;
}

bool PngMayDiffer(const unsigned char* d, size_t n) {
  if (n < 33) return false;
  const int bit_depth = d[24], colour_type = d[25];
  if (bit_depth == 16 || colour_type == 4 || colour_type == 6) return true;
  // A tRNS chunk gives palette or grey/RGB images transparency; it precedes IDAT.
  size_t i = 8;
  while (i + 8 <= n) {
    const size_t len = Get32(d + i, false);
    if (std::memcmp(d + i + 4, "tRNS", 4) == 0) return true;
    if (std::memcmp(d + i + 4, "IDAT", 4) == 0) return false;
    i += 12 + len;
  }
  return false;
}

bool WebpHasAlpha(const unsigned char* d, size_t n) {
  if (n < 30) return false;
  if (std::memcmp(d + 12, "VP8X", 4) == 0) return (d[20] & 0x10) != 0;
  if (std::memcmp(d + 12, "VP8L", 4) == 0) return ((Get32(d + 21, true) >> 28) & 1) != 0;
  return false;  // simple lossy "VP8 ": never alpha
}

}  // namespace

bool StoredPixelsDiffer(const std::string& bytes) {
  const auto* d = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  if (n >= 4 && d[0] == 0xFF && d[1] == 0xD8) return JpegOrientation(d, n) > 1;
  if (n >= 8 && std::memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) return PngMayDiffer(d, n);
  if (n >= 16 && std::memcmp(d, "RIFF", 4) == 0 && std::memcmp(d + 8, "WEBP", 4) == 0)
    return WebpHasAlpha(d, n);
  return false;
}

}  // namespace postern::hash_match
