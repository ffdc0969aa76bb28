#include "gateway/api/openapi.h"

#include "gateway/api/openapi_json.h"  // generated at build time from openapi.json

namespace postern {

const std::string& OpenApiJson() {
  static const std::string text(kOpenApiJson);
  return text;
}

}  // namespace postern
