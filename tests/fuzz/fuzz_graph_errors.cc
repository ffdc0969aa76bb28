// The Instagram Graph API's error bodies as the connector reads them (any bytes from a
// remote server), and the reason it writes from them (which is stored and logged).
#include <cstddef>
#include <cstdint>
#include <string>

#include "connectors/instagram/graph_errors.h"
#include "gateway/base/util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const long status = 400 + data[0] % 200;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  postern::instagram::GraphError e;
  if (postern::instagram::ParseGraphError(status, body, &e)) {
    const std::string reason = postern::instagram::Describe(e);
    if (!postern::IsValidUtf8(reason) && postern::IsValidUtf8(body)) __builtin_trap();
  }
  return 0;
}
