// URL and route parsing: %-decoding and matching a path against the route patterns.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gateway/api/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  std::string decoded;
  if (postern::PercentDecode(in, &decoded) && decoded.size() > in.size()) __builtin_trap();
  const auto segments = postern::SplitPath(decoded);
  for (const auto& s : segments)
    if (s.empty() || s.find('/') != std::string::npos) __builtin_trap();
  std::vector<std::string> params;
  for (const char* pattern : {"/v1/review/{share_id}/claim", "/v1/feed/{post_id}/{action}", "/healthz",
                              "/v1/admin/banks/{bank}/import"}) {
    if (postern::MatchRoute(pattern, segments, &params) && params.size() > segments.size()) __builtin_trap();
  }
  return 0;
}
