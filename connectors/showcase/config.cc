// The showcase connector's (empty) config schema, its typed form, and its registered
// factory.
#include "connectors/showcase/showcase.h"

namespace postern::showcase {

ConfigSchema ShowcaseSchema() { return {}; }

ShowcaseConfig ParseShowcaseConfig(const json&) { return {}; }

namespace {

class ShowcaseFactory : public ConnectorFactory {
 public:
  std::string name() const override { return "showcase"; }
  ConfigSchema schema() const override { return ShowcaseSchema(); }
  std::unique_ptr<Connector> Create(const json& config, const ConnectorDeps& deps, Status*) const override {
    return std::make_unique<ShowcaseConnector>(ParseShowcaseConfig(config), deps.feed, deps.public_base_url);
  }
};

POSTERN_REGISTER_CONNECTOR(ShowcaseFactory);

}  // namespace
}  // namespace postern::showcase
