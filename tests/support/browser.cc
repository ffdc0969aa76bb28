#include "tests/support/browser.h"

#include <cstdio>
#include <cstdlib>

#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/node_process.h"

namespace postern::testing {

namespace {

// Single-quoted for sh; a quote inside becomes '\''.
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string BrowserMissing(const std::vector<std::string>& packages) {
  for (const auto& p : packages)
    if (std::string missing = NodeMissing(p); !missing.empty()) return missing;
  const char* chromium = std::getenv("POSTERN_CHROMIUM");
  const std::string browser = chromium && *chromium ? chromium : "/usr/bin/chromium";
  if (access(browser.c_str(), X_OK) != 0) return browser + " is missing (apt-get install -y chromium)";
  return "";
}

int RunNodeScript(const std::string& script, const std::vector<std::string>& args, std::string* output) {
  std::string cmd = "NODE_PATH=" + ShellQuote(NodeModulesDir()) + " node " + ShellQuote(script);
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) output->append(buf, n);
  int rc = pclose(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string ArtifactDir(const std::string& name) {
  const char* env = std::getenv("POSTERN_BIN");
  const std::string bin = env ? env : "./postern";
  return bin.substr(0, bin.rfind('/') + 1) + "test-artifacts/" + name;
}

}  // namespace postern::testing
