// Where Postern's files are: resolved from the config file's directory and the install
// prefix, never from the checkout the binary was built in. Part of the extension API, so
// checks and tools resolve their files the same way the gateway does.
#pragma once

#include <string>

namespace postern {

// `path` as given if absolute, else relative to the config file's directory (so a
// checkout's config/ and an install's share/postern/config/ find ../assets alike).
std::string ResolveBesideConfig(const std::string& config_dir, const std::string& path);
// $POSTERN_ASSETS if set, else ../assets beside the config directory.
std::string DefaultAssetsDir(const std::string& config_dir);
// The config a tool reads when given none: $POSTERN_CONFIG, else the installed
// share/postern/config/postern.yaml, else config/postern.yaml in the working directory.
std::string DefaultConfigPath();

}  // namespace postern
