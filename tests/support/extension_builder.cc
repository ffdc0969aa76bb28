#include "tests/support/extension_builder.h"

#include <fstream>
#include <iterator>

#include <opencv2/imgcodecs.hpp>

#include "plugins/common/image_models/analysis.h"
#include "tests/support/paths.h"

namespace postern::testing {

CheckDeps TestCheckDeps() {
  CheckDeps deps;
  deps.data_dir = AssetsDir();
  deps.config_dir = ConfigDir();
  return deps;
}

std::unique_ptr<Check> BuildCheck(const std::string& name, const json& config, Status* error,
                                  const CheckDeps& deps) {
  auto it = CheckRegistry().find(name);
  if (it == CheckRegistry().end()) {
    *error = Status::NotFound("no check registered as " + name);
    return nullptr;
  }
  std::vector<std::string> errors;
  const json validated = ValidateConfig(it->second->schema(), config, name, &errors);
  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "; ") + e;
    *error = Status::InvalidConfig(all);
    return nullptr;
  }
  return it->second->Create(validated, deps, error);
}

std::unique_ptr<ImageAnalysis> LoadImageAnalysis(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto analysis = std::make_unique<ImageAnalysis>(bytes, "");
  analysis->set_bgr(image_models::ToBgr8(cv::imread(path, cv::IMREAD_UNCHANGED)));
  return analysis;
}

}  // namespace postern::testing
