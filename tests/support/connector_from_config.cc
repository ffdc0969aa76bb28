#include "tests/support/connector_from_config.h"

#include <vector>

namespace postern::testing {

std::unique_ptr<Connector> ConnectorFromConfig(const std::string& name, const json& config,
                                               const ConnectorDeps& deps, Status* error) {
  const auto& factory = ConnectorRegistry().at(name);
  std::vector<std::string> errors;
  json valid = ValidateConfig(factory->schema(), config, "config", &errors);
  if (!errors.empty()) {
    *error = Status::InvalidConfig(errors[0]);
    return nullptr;
  }
  return factory->Create(valid, deps, error);
}

}  // namespace postern::testing
