// Test support: builds a registered connector from a config object the way the gateway
// does (validated against the connector's schema, defaults filled in, then Create).
#pragma once

#include <memory>
#include <string>

#include "gateway/connector.h"

namespace postern::testing {

// nullptr with *error set (the first schema error, or Create's) when the config is bad.
std::unique_ptr<Connector> ConnectorFromConfig(const std::string& name, const json& config,
                                               const ConnectorDeps& deps, Status* error);

}  // namespace postern::testing
