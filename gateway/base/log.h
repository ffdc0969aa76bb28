// Structured logging: every line is one JSON object with time, level and event.
#pragma once

#include <spdlog/spdlog.h>

#include "gateway/schema.h"

namespace postern {

// Logs `fields` (which should carry an "event" name) as one JSON line.
void LogJson(spdlog::level::level_enum level, json fields);
// Sets up the default logger: stderr, one JSON object per line, UTC timestamps.
void InitLogging();

}  // namespace postern
