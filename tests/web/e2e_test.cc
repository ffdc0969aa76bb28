// Runs the browser end-to-end scripts (tests/web/*_e2e.js) against a real gateway.
// Needs Debian's chromium and the npm package playwright-core (scripts/fetch-assets).
// Without them the tests are skipped locally but FAIL under CI=true.
#include <gtest/gtest.h>

#include <cstdlib>

#include <sys/wait.h>

#include "tests/support/node_process.h"
#include "tests/support/browser.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

// Runs `node tests/web/<script> <base_url> <args...>`; fails with its output and the
// gateway's log unless it exits 0.
void RunScript(const TestServer& s, const std::string& script, const std::vector<std::string>& args) {
  std::vector<std::string> all{s.url("")};
  all.insert(all.end(), args.begin(), args.end());
  std::string out;
  const int rc = RunNodeScript(SourceDir() + "/tests/web/" + script, all, &out);
  ASSERT_EQ(rc, 0) << out << "\ngateway log tail:\n" << ReadFile(s.log_path()).substr(0, 4000);
}

#define SKIP_WITHOUT_BROWSER()                                    \
  if (const std::string missing = BrowserMissing({"playwright-core"}); !missing.empty()) { \
    const char* ci = std::getenv("CI");                           \
    if (ci && std::string(ci) == "true") FAIL() << missing;       \
    GTEST_SKIP() << missing;                                      \
  }

TEST(ShowcaseE2E, ShareShowHideInARealBrowser) {
  SKIP_WITHOUT_BROWSER();
  TestServer s;
  s.Start();
  const std::string outdir = ArtifactDir("web");
  RunScript(s, "showcase_e2e.js", {kCuratorKey, kProductKey, outdir});
  for (const char* shot : {"showcase.png", "curate.png", "showcase-after-hide.png"})
    EXPECT_EQ(access((outdir + "/" + shot).c_str(), R_OK), 0) << shot;
}

// text_policy with two made-up terms, and the image checks with their shipped defaults,
// flag the shares the reviewer works through.
const std::string kReviewPlugins = TestServer::TextPolicyPlugins() + R"(
  - name: photoreal_face
    config: {photoreal_head: "{src}/config/models/photoreal.yml", human_face_head: "{src}/config/models/human_face.yml"}
  - name: nsfw_image
  - name: hash_match
)";

TEST(ReviewConsoleE2E, ReviewerWorksTheQueueByKeyboardOnly) {
  SKIP_WITHOUT_BROWSER();
  TestServer s(kReviewPlugins);
  s.Start();
  const std::string outdir = ArtifactDir("web");
  // A photograph with a face (BSD-3-Clause, from the shared dev corpus) for the boxes.
  const std::string face = CorpusDir() + "/images/python3-skimage__astronaut.png";
  ASSERT_EQ(access(face.c_str(), R_OK), 0) << face;
  RunScript(s, "review_e2e.js", {kReviewerKey, kProductKey, outdir, face, kAdminKey});
  EXPECT_EQ(access((outdir + "/review.png").c_str(), R_OK), 0);
}

}  // namespace
}  // namespace postern::testing
