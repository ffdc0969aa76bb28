#include "gateway/base/log.h"

#include <chrono>
#include <ctime>

#include <spdlog/sinks/stdout_sinks.h>

namespace postern {

void LogJson(spdlog::level::level_enum level, json fields) {
  if (!spdlog::should_log(level)) return;
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, sizeof buf - n, ".%03lldZ", static_cast<long long>(ms % 1000));
  json line = {{"ts", buf}, {"level", spdlog::level::to_string_view(level).data()}};
  line.update(fields);
  spdlog::log(level, "{}", line.dump(-1, ' ', false, json::error_handler_t::replace));
}

void InitLogging() {
  auto logger = spdlog::stderr_logger_mt("postern");
  logger->set_pattern("%v");
  spdlog::set_default_logger(logger);
  spdlog::flush_on(spdlog::level::info);
}

}  // namespace postern
