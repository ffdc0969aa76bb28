// The image header pass image_guard runs on every upload before any decode.
#include <cstddef>
#include <cstdint>
#include <string>

#include "plugins/image_guard/image_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  postern::image_guard::HeaderInfo info;
  std::string detail;
  const std::string err = postern::image_guard::ReadImageHeader(bytes, &info, &detail);
  if (err.empty()) {
    if (info.header.width < 0 || info.header.height < 0) __builtin_trap();
    (void)postern::image_guard::LooksComplete(bytes, info.header.format);
  }
  if (postern::image_guard::CountJpegScans(bytes) < 0) __builtin_trap();
  return 0;
}
