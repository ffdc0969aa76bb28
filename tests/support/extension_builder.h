// Builds a check the way the gateway does (the registered factory, its schema validating
// the config and filling the defaults, then Create), and the per-share image it runs on.
#pragma once

#include <memory>
#include <string>

#include "gateway/check.h"

namespace postern::testing {

// data_dir = AssetsDir(), config_dir = ConfigDir(), no store.
CheckDeps TestCheckDeps();

// nullptr and *error (InvalidConfig listing every schema error, or the factory's own
// Status) when the check cannot be built.
std::unique_ptr<Check> BuildCheck(const std::string& name, const json& config, Status* error,
                                  const CheckDeps& deps = TestCheckDeps());

// BuildCheck, as the concrete check type (nullptr if it is another type).
template <class CheckType>
std::unique_ptr<CheckType> BuildCheckAs(const std::string& name, const json& config,
                                        Status* error, const CheckDeps& deps = TestCheckDeps()) {
  std::unique_ptr<Check> check = BuildCheck(name, config, error, deps);
  if (!dynamic_cast<CheckType*>(check.get())) return nullptr;
  return std::unique_ptr<CheckType>(static_cast<CheckType*>(check.release()));
}

// The file's bytes with its pixels decoded as the gateway would hand them on (8-bit BGR).
// ImageAnalysis holds a mutex (not movable), so it is handed out by pointer.
std::unique_ptr<ImageAnalysis> LoadImageAnalysis(const std::string& path);

}  // namespace postern::testing
