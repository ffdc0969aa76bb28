// Runs the browser end-to-end script (tests/web/showcase_e2e.js) against a real gateway.
// Needs Debian's chromium and the npm package playwright-core (scripts/fetch-assets).
// Without them the test is skipped locally but FAILS under CI=true.
#include <gtest/gtest.h>

#include <cstdlib>

#include <sys/wait.h>

#include "tests/support/node_process.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

TEST(ShowcaseE2E, ShareShowHideInARealBrowser) {
  std::string missing = NodeMissing("playwright-core");
  const char* chromium = std::getenv("POSTERN_CHROMIUM");
  const std::string browser = chromium && *chromium ? chromium : "/usr/bin/chromium";
  if (missing.empty() && access(browser.c_str(), X_OK) != 0)
    missing = browser + " is missing (apt-get install -y chromium)";
  if (!missing.empty()) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL() << missing;
    GTEST_SKIP() << missing;
  }
  TestServer s;
  s.Start();
  // Artefacts go next to the binary under test: <build>/test-artifacts/web.
  std::string bin = std::getenv("POSTERN_BIN") ? std::getenv("POSTERN_BIN") : "./postern";
  const std::string outdir = bin.substr(0, bin.rfind('/') + 1) + "test-artifacts/web";
  const std::string cmd = "NODE_PATH='" + NodeModulesDir() + "' node '" + SourceDir() +
                          "/tests/web/showcase_e2e.js' '" + s.url("") + "' '" + kCuratorKey + "' '" +
                          kProductKey + "' '" + outdir + "' 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = pclose(p);
  ASSERT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << out << "\ngateway log tail:\n"
                                                     << ReadFile(s.log_path()).substr(0, 4000);
  for (const char* shot : {"showcase.png", "curate.png", "showcase-after-hide.png"})
    EXPECT_EQ(access((outdir + "/" + shot).c_str(), R_OK), 0) << shot;
}

}  // namespace
}  // namespace postern::testing
