// The API's OpenAPI 3.1 description (gateway/api/openapi.json), built into the binary
// so a deployed gateway serves it at GET /openapi.json without any file.
#pragma once

#include <string>

namespace postern {

// The description's JSON text, as committed.
const std::string& OpenApiJson();

}  // namespace postern
