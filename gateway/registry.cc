// Name registries for checks, connectors and tools, filled during static initialisation.
#include "gateway/check.h"
#include "gateway/connector.h"
#include "gateway/tool.h"

namespace postern {

std::map<std::string, std::unique_ptr<CheckFactory>>& CheckRegistry() {
  static auto* r = new std::map<std::string, std::unique_ptr<CheckFactory>>();
  return *r;
}

bool RegisterCheckFactory(std::unique_ptr<CheckFactory> f) {
  auto name = f->name();
  return CheckRegistry().emplace(name, std::move(f)).second;
}

std::map<std::string, std::unique_ptr<ConnectorFactory>>& ConnectorRegistry() {
  static auto* r = new std::map<std::string, std::unique_ptr<ConnectorFactory>>();
  return *r;
}

bool RegisterConnectorFactory(std::unique_ptr<ConnectorFactory> f) {
  auto name = f->name();
  return ConnectorRegistry().emplace(name, std::move(f)).second;
}

std::map<std::string, Tool>& ToolRegistry() {
  static auto* r = new std::map<std::string, Tool>();
  return *r;
}

bool RegisterTool(const std::string& name, Tool tool) {
  return ToolRegistry().emplace(name, std::move(tool)).second;
}

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kAllow: return "allow";
    case Verdict::kReject: return "reject";
    case Verdict::kHold: return "hold";
  }
  return "allow";
}

}  // namespace postern
