// Name registries for checks, connectors and tools, filled during static initialisation.
#include "gateway/check.h"
#include "gateway/connector.h"
#include "gateway/tool.h"

namespace postern {

namespace {

// Names registered twice; static registration cannot report, so start-up does.
std::vector<std::string>& DuplicateNames() {
  static auto* d = new std::vector<std::string>();
  return *d;
}

template <typename Map, typename Value>
bool Register(Map& registry, const char* kind, const std::string& name, Value value) {
  if (!registry.emplace(name, std::move(value)).second) {
    DuplicateNames().push_back(std::string(kind) + " \"" + name + "\" is registered twice");
    return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> RegistrationErrors() { return DuplicateNames(); }

std::map<std::string, std::unique_ptr<CheckFactory>>& CheckRegistry() {
  static auto* r = new std::map<std::string, std::unique_ptr<CheckFactory>>();
  return *r;
}

bool RegisterCheckFactory(std::unique_ptr<CheckFactory> f) {
  const std::string name = f->name();
  return Register(CheckRegistry(), "check", name, std::move(f));
}

std::map<std::string, std::unique_ptr<ConnectorFactory>>& ConnectorRegistry() {
  static auto* r = new std::map<std::string, std::unique_ptr<ConnectorFactory>>();
  return *r;
}

bool RegisterConnectorFactory(std::unique_ptr<ConnectorFactory> f) {
  const std::string name = f->name();
  return Register(ConnectorRegistry(), "connector", name, std::move(f));
}

std::map<std::string, Tool>& ToolRegistry() {
  static auto* r = new std::map<std::string, Tool>();
  return *r;
}

bool RegisterTool(const std::string& name, Tool tool) {
  return Register(ToolRegistry(), "tool", name, std::move(tool));
}

}  // namespace postern
