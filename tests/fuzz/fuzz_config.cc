// The config loader: any bytes as a config file must give a config or errors, never a
// crash, a hang or a huge allocation (anchors, aliases and depth are refused).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gateway/config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  postern::Config c;
  std::vector<std::string> errors;
  const postern::Status st = postern::ParseConfig(std::string(reinterpret_cast<const char*>(data), size),
                                                  "/fuzz/postern.yaml", &c, &errors);
  if (st.ok() != errors.empty()) __builtin_trap();  // a refusal always says why
  return 0;
}
