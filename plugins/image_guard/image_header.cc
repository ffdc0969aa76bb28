#include "plugins/image_guard/image_header.h"

#include <cstdint>
#include <cstring>

namespace postern::image_guard {
namespace {

uint32_t Be32(const unsigned char* p) { return (uint32_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }
uint16_t Be16(const unsigned char* p) { return uint16_t((p[0] << 8) | p[1]); }
uint32_t Le32(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24); }
uint32_t Le24(const unsigned char* p) { return p[0] | (p[1] << 8) | (p[2] << 16); }

std::string Png(const unsigned char* p, size_t n, HeaderInfo* out, std::string* detail) {
  if (n < 33 || std::memcmp(p + 12, "IHDR", 4) != 0) {
    *detail = "PNG header is truncated or has no IHDR";
    return "image_undecodable";
  }
  out->header = {"png", "image/png", int(Be32(p + 16) & 0x7fffffff), int(Be32(p + 20) & 0x7fffffff)};
  const int color_type = p[25];
  out->has_alpha = color_type == 4 || color_type == 6;
  // Walk the chunks before IDAT looking for acTL (APNG) and tRNS.
  size_t off = 8;
  while (off + 8 <= n) {
    uint32_t len = Be32(p + off);
    const unsigned char* type = p + off + 4;
    if (!std::memcmp(type, "IDAT", 4)) break;
    if (!std::memcmp(type, "acTL", 4)) out->animated = true;
    if (!std::memcmp(type, "tRNS", 4)) out->has_alpha = true;
    if (len > n) break;
    off += 12 + size_t(len);
  }
  return "";
}

std::string Jpeg(const unsigned char* p, size_t n, HeaderInfo* out, std::string* detail) {
  size_t off = 2;
  while (off + 4 <= n) {
    if (p[off] != 0xFF) { *detail = "JPEG marker expected"; return "image_undecodable"; }
    unsigned char m = p[off + 1];
    if (m == 0xFF) { ++off; continue; }  // fill byte
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { off += 2; continue; }
    uint16_t len = Be16(p + off + 2);
    if (len < 2) break;
    bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof) {
      if (off + 9 > n) break;
      out->header = {"jpeg", "image/jpeg", Be16(p + off + 7), Be16(p + off + 5)};
      return "";
    }
    if (m == 0xDA || m == 0xD9) break;  // scan data before any frame header
    off += 2 + size_t(len);
  }
  *detail = "JPEG has no frame header (truncated or corrupt)";
  return "image_undecodable";
}

}  // namespace

int CountJpegScans(const std::string& bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  int scans = 0;
  size_t off = 2;
  while (off + 4 <= n) {
    if (p[off] != 0xFF) return scans;
    const unsigned char m = p[off + 1];
    if (m == 0xFF) { ++off; continue; }
    if (m == 0xD9) return scans;
    if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { off += 2; continue; }
    const size_t len = Be16(p + off + 2);
    if (len < 2) return scans;
    off += 2 + len;
    if (m != 0xDA) continue;
    ++scans;
    // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
    while (off + 1 < n && !(p[off] == 0xFF && p[off + 1] != 0x00 && !(p[off + 1] >= 0xD0 && p[off + 1] <= 0xD7)))
      ++off;
  }
  return scans;
}

namespace {

std::string Webp(const unsigned char* p, size_t n, HeaderInfo* out, std::string* detail) {
  if (n < 30) { *detail = "WebP header is truncated"; return "image_undecodable"; }
  const unsigned char* c = p + 12;
  out->header.format = "webp";
  out->header.content_type = "image/webp";
  if (!std::memcmp(c, "VP8X", 4)) {
    unsigned char flags = c[8];
    out->animated = flags & 0x02;
    out->has_alpha = flags & 0x10;
    out->header.width = int(Le24(c + 12)) + 1;
    out->header.height = int(Le24(c + 15)) + 1;
    return "";
  }
  if (!std::memcmp(c, "VP8L", 4)) {
    if (c[8] != 0x2f) { *detail = "bad VP8L signature"; return "image_undecodable"; }
    uint32_t b = Le32(c + 9);
    out->header.width = int(b & 0x3fff) + 1;
    out->header.height = int((b >> 14) & 0x3fff) + 1;
    out->has_alpha = (b >> 28) & 1;
    return "";
  }
  if (!std::memcmp(c, "VP8 ", 4)) {
    const unsigned char* f = c + 8;
    if (f[3] != 0x9d || f[4] != 0x01 || f[5] != 0x2a) { *detail = "bad VP8 start code"; return "image_undecodable"; }
    out->header.width = (f[6] | (f[7] << 8)) & 0x3fff;
    out->header.height = (f[8] | (f[9] << 8)) & 0x3fff;
    return "";
  }
  *detail = "unknown WebP chunk";
  return "image_undecodable";
}

}  // namespace

std::string ReadImageHeader(const std::string& bytes, HeaderInfo* out, std::string* detail) {
  auto p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  if (n >= 8 && !std::memcmp(p, "\x89PNG\r\n\x1a\n", 8)) return Png(p, n, out, detail);
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return Jpeg(p, n, out, detail);
  if (n >= 12 && !std::memcmp(p, "RIFF", 4) && !std::memcmp(p + 8, "WEBP", 4)) return Webp(p, n, out, detail);
  *detail = "not a PNG, JPEG or WebP image";
  return "unsupported_format";
}

bool LooksComplete(const std::string& bytes, const std::string& format) {
  auto p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  if (format == "png") {
    // IEND chunk (length 0, "IEND", CRC) near the end; trailing bytes are tolerated.
    for (size_t i = n > 76 ? n - 76 : 0; i + 12 <= n; ++i)
      if (Be32(p + i) == 0 && !std::memcmp(p + i + 4, "IEND", 4)) return true;
    return false;
  }
  if (format == "jpeg") {
    size_t end = n;
    while (end > 2 && (p[end - 1] == 0 || p[end - 1] == '\n' || p[end - 1] == '\r' || p[end - 1] == ' ')) --end;
    // Some encoders append metadata after EOI: look for FFD9 within the last 1 KiB.
    for (size_t i = end; i >= 2 && i + 1024 >= end; --i)
      if (p[i - 2] == 0xFF && p[i - 1] == 0xD9) return true;
    return false;
  }
  if (format == "webp") return n >= 12 && size_t(Le32(p + 4)) + 8 <= n;
  return true;
}

}  // namespace postern::image_guard
