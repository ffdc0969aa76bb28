// A share request body: the JSON parser with its depth guard, and the decoders the
// shares handler applies to fields (UTF-8 check, strict base64).
#include <cstddef>
#include <cstdint>
#include <string>

#include "gateway/base/util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  const postern::json j = postern::ParseJsonBody(body);
  if (!j.is_discarded() && j.is_object()) {
    for (const char* field : {"user_id", "prompt", "caption", "image"}) {
      if (!j.contains(field) || !j[field].is_string()) continue;
      const std::string s = j[field].get<std::string>();
      (void)postern::IsValidUtf8(s);
      std::string bytes;
      if (postern::Base64Decode(s, &bytes) && bytes.size() > s.size()) __builtin_trap();
    }
    // Whatever was parsed can be written back out.
    (void)j.dump(-1, ' ', false, postern::json::error_handler_t::replace);
  }
  return 0;
}
