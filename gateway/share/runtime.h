// Runtime: the config, check pipeline and connectors in force, built together from one
// config file and replaced as one on reload. Services ask a RuntimeSource for the
// current one per request, so a reload never mixes two configs in one request.
#pragma once

#include <functional>
#include <memory>

#include "gateway/config/config.h"
#include "gateway/share/delivery.h"
#include "gateway/share/pipeline.h"

namespace postern {

struct Runtime {
  Config config;
  std::shared_ptr<Pipeline> pipeline;
  std::shared_ptr<const ConnectorMap> connectors;
};

using RuntimeSource = std::function<std::shared_ptr<const Runtime>()>;

}  // namespace postern
