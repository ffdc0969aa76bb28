// Tool: an extra `postern <name> ARGS...` subcommand contributed by an extension
// (e.g. `postern eval-text`, `postern pdq`), registered by name like checks are.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace postern {

struct Tool {
  std::string usage;  // one line, shown by `postern help`
  // Receives the arguments after the subcommand name; returns the process exit code.
  std::function<int(const std::vector<std::string>& args)> run;
};

std::map<std::string, Tool>& ToolRegistry();
bool RegisterTool(const std::string& name, Tool tool);

// One line per check, connector or tool name that two extensions registered; the
// binary refuses to start (serve, check-config, any tool) while this is not empty.
std::vector<std::string> RegistrationErrors();

#define POSTERN_REGISTER_TOOL(ident, name, usage, fn) \
  static const bool postern_tool_##ident = ::postern::RegisterTool(name, ::postern::Tool{usage, fn})

}  // namespace postern
