// Test support: runs one of the tests' node scripts (a webhook receiver, a fake Graph
// API, the browser end-to-end script's packages) as a child process. A server script
// prints one JSON line {"port": N} when it listens; node finds the pinned npm packages
// in assets/node (scripts/assets/node_test_deps.sh).
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace postern::testing {

// Where scripts/fetch-assets put the tests' node packages ($POSTERN_ASSETS or
// <source>/assets, then node/node_modules).
std::string NodeModulesDir();

// "" if node and `package` are there, else what is missing and how to get it.
std::string NodeMissing(const std::string& package);

class NodeProcess {
 public:
  // Starts `node script args...` in its own process group and waits up to 15 s for its
  // {"port": N} line; throws std::runtime_error (with the script's stderr) otherwise.
  NodeProcess(const std::string& script, const std::vector<std::string>& args);
  ~NodeProcess();
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  // SIGTERM to the group, SIGKILL after 2 s; idempotent.
  void Stop();

  int port() const { return port_; }
  // "http://127.0.0.1:<port><path>".
  std::string url(const std::string& path = "") const;
  // What the script wrote to stderr so far.
  std::string Log() const;

 private:
  std::string ReadLine(int timeout_ms);

  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
  std::string log_;
};

}  // namespace postern::testing
