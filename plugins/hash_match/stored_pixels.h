// Whether reference PDQ tools would hash other pixels than the gateway displays:
// they take a file's stored pixel grid as is (no EXIF rotation, alpha dropped rather
// than flattened onto white, 16-bit samples cut to their low byte). Header bytes only.
#pragma once

#include <string>

namespace postern::hash_match {

// True for a JPEG whose EXIF orientation is not 1, and for a PNG or WebP that can carry
// transparency (alpha channel or tRNS) or a 16-bit PNG.
bool StoredPixelsDiffer(const std::string& bytes);

}  // namespace postern::hash_match
