// Runs the browser end-to-end scripts (tests/web/*_e2e.js) against a real gateway.
// Needs Debian's chromium and the npm package playwright-core (scripts/fetch-assets).
// Without them the tests are skipped locally but FAIL under CI=true.
#include <gtest/gtest.h>

#include <cstdlib>

#include <sys/wait.h>

#include "tests/support/node_process.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

// Why a browser test cannot run here ("" when it can).
std::string BrowserMissing() {
  std::string missing = NodeMissing("playwright-core");
  const char* chromium = std::getenv("POSTERN_CHROMIUM");
  const std::string browser = chromium && *chromium ? chromium : "/usr/bin/chromium";
  if (missing.empty() && access(browser.c_str(), X_OK) != 0)
    missing = browser + " is missing (apt-get install -y chromium)";
  return missing;
}

// Artefacts (screenshots) go next to the binary under test: <build>/test-artifacts/web.
std::string ArtifactDir() {
  std::string bin = std::getenv("POSTERN_BIN") ? std::getenv("POSTERN_BIN") : "./postern";
  return bin.substr(0, bin.rfind('/') + 1) + "test-artifacts/web";
}

// Runs `node tests/web/<script> <base_url> <args...>`; fails with its output and the
// gateway's log unless it exits 0.
void RunScript(const TestServer& s, const std::string& script, const std::vector<std::string>& args) {
  std::string cmd = "NODE_PATH='" + NodeModulesDir() + "' node '" + SourceDir() + "/tests/web/" + script + "' '" +
                    s.url("") + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int rc = pclose(p);
  ASSERT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << out << "\ngateway log tail:\n"
                                                     << ReadFile(s.log_path()).substr(0, 4000);
}

#define SKIP_WITHOUT_BROWSER()                                    \
  if (const std::string missing = BrowserMissing(); !missing.empty()) { \
    const char* ci = std::getenv("CI");                           \
    if (ci && std::string(ci) == "true") FAIL() << missing;       \
    GTEST_SKIP() << missing;                                      \
  }

TEST(ShowcaseE2E, ShareShowHideInARealBrowser) {
  SKIP_WITHOUT_BROWSER();
  TestServer s;
  s.Start();
  const std::string outdir = ArtifactDir();
  RunScript(s, "showcase_e2e.js", {kCuratorKey, kProductKey, outdir});
  for (const char* shot : {"showcase.png", "curate.png", "showcase-after-hide.png"})
    EXPECT_EQ(access((outdir + "/" + shot).c_str(), R_OK), 0) << shot;
}

// text_policy with two made-up terms, and the image checks with their shipped defaults,
// flag the shares the reviewer works through.
const std::string kReviewPlugins = TestServer::TextPolicyPlugins() + R"(
  - name: photoreal_face
    config: {photoreal_head: "{src}/config/models/photoreal.yml"}
  - name: nsfw_image
  - name: hash_match
)";

TEST(ReviewConsoleE2E, ReviewerWorksTheQueueByKeyboardOnly) {
  SKIP_WITHOUT_BROWSER();
  TestServer s(kReviewPlugins);
  s.Start();
  const std::string outdir = ArtifactDir();
  // A photograph with a face (BSD-3-Clause, from the shared dev corpus) for the boxes.
  const std::string face = CorpusDir() + "/images/python3-skimage__astronaut.png";
  ASSERT_EQ(access(face.c_str(), R_OK), 0) << face;
  RunScript(s, "review_e2e.js", {kReviewerKey, kProductKey, outdir, face, kAdminKey});
  EXPECT_EQ(access((outdir + "/review.png").c_str(), R_OK), 0);
}

}  // namespace
}  // namespace postern::testing
