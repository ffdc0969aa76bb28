// Reads an image's format and dimensions from its first bytes, without decoding, so
// a decompression bomb (a 50000x50000 header over a few KB) is refused before decode.
#pragma once

#include <string>

#include "gateway/image.h"

namespace postern::image_guard {

struct HeaderInfo {
  ImageHeader header;
  bool animated = false;   // APNG (acTL) or animated WebP
  bool has_alpha = false;
};

// Parses PNG, JPEG or WebP headers. Returns "" on success, else an error code:
// "unsupported_format" (unknown magic) or "image_undecodable" (corrupt or truncated header).
std::string ReadImageHeader(const std::string& bytes, HeaderInfo* out, std::string* detail);

// The number of scans (SOS segments) in a JPEG, counted in one linear pass over its
// markers and entropy-coded data: a progressive file can hold thousands of tiny scans,
// each making the decoder redo the whole image, so the count is the decode's cost.
int CountJpegScans(const std::string& bytes);

// True if the encoded stream is complete (PNG ends with IEND, JPEG with EOI; WebP's
// RIFF size matches). Decoders pad truncated files silently, so we look first.
bool LooksComplete(const std::string& bytes, const std::string& format);

}  // namespace postern::image_guard
