#include "gateway/paths.h"

#include <cstdlib>
#include <filesystem>

namespace postern {

std::string ResolveBesideConfig(const std::string& config_dir, const std::string& path) {
  if (path.empty() || path[0] == '/' || config_dir.empty()) return path;
  return config_dir + "/" + path;
}

std::string DefaultAssetsDir(const std::string& config_dir) {
  if (const char* env = std::getenv("POSTERN_ASSETS"); env && *env) return env;
  return ResolveBesideConfig(config_dir, "../assets");
}

std::string DefaultConfigPath() {
  if (const char* env = std::getenv("POSTERN_CONFIG"); env && *env) return env;
  // Installed: <prefix>/bin/postern beside <prefix>/share/postern/config/postern.yaml.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share/postern/config/postern.yaml";
    if (std::filesystem::exists(installed, ec)) return installed.string();
  }
  const std::string built_for = POSTERN_DATA_DIR "/config/postern.yaml";
  if (std::filesystem::exists(built_for, ec)) return built_for;
  return "config/postern.yaml";  // a checkout's working directory, as scripts/run uses
}

}  // namespace postern
