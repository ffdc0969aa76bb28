#include "tests/support/node_process.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/test_server.h"

namespace postern::testing {

std::string NodeModulesDir() {
  const char* a = std::getenv("POSTERN_ASSETS");
  return (a && *a ? std::string(a) : SourceDir() + "/assets") + "/node/node_modules";
}

std::string NodeMissing(const std::string& package) {
  if (access("/usr/bin/node", X_OK) != 0 && system("command -v node >/dev/null 2>&1") != 0)
    return "node is not installed (apt-get install -y nodejs npm)";
  if (access((NodeModulesDir() + "/" + package + "/package.json").c_str(), R_OK) != 0)
    return "npm package " + package + " is missing from " + NodeModulesDir() + " (run scripts/fetch-assets)";
  return "";
}

NodeProcess::NodeProcess(const std::string& script, const std::vector<std::string>& args) {
  static std::atomic<int> counter{0};
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  log_ = "/tmp/postern-node-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".log";
  // Built before fork: the child only calls async-signal-safe functions and exec.
  const std::string node_path = NodeModulesDir();
  std::vector<std::string> argv_s = {"node", script};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    setpgid(0, 0);
    dup2(out[1], 1);
    int err = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, 2);
    close(out[0]);
    setenv("NODE_PATH", node_path.c_str(), 1);
    execvp("node", argv.data());
    _exit(127);
  }
  close(out[1]);
  out_ = out[0];
  std::string line = ReadLine(15000);
  auto j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.contains("port")) {
    const std::string log = Log();
    Stop();
    throw std::runtime_error("node " + script + " did not start: '" + line + "' " + log);
  }
  port_ = j["port"];
}

NodeProcess::~NodeProcess() { Stop(); }

void NodeProcess::Stop() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGTERM);
  int st;
  for (int i = 0; i < 100 && waitpid(pid_, &st, WNOHANG) != pid_; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(-pid_, SIGKILL);
  waitpid(pid_, &st, WNOHANG);
  pid_ = -1;
  close(out_);
  unlink(log_.c_str());
}

std::string NodeProcess::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::string NodeProcess::Log() const {
  try {
    return ReadFile(log_);
  } catch (...) {
    return "";
  }
}

std::string NodeProcess::ReadLine(int timeout_ms) {
  std::string line;
  char ch;
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    if (read(out_, &ch, 1) != 1) break;
    if (ch == '\n') return line;
    line += ch;
  }
  return line;
}

}  // namespace postern::testing
