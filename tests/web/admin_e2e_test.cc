// The operators' page in a real browser (tests/web/admin_e2e.js): a webhook delivery
// dies against a receiver that refuses it, the admin retries it on /admin and it is
// delivered; audit details with markup show as text; a bank imports and exports.
// Needs Debian's chromium and the npm packages playwright-core and standardwebhooks:
// skipped locally without them, FAILS under CI=true.
#include <gtest/gtest.h>

#include <cstdlib>

#include <unistd.h>

#include "tests/support/browser.h"
#include "tests/support/deliveries.h"
#include "tests/support/node_process.h"
#include "tests/support/test_server.h"
#include "tests/support/webhook_receiver.h"

namespace postern::testing {
namespace {

TEST(AdminE2E, RetryDeadDeliveryAuditMarkupAndBanksInARealBrowser) {
  const std::string missing = BrowserMissing({"playwright-core", "standardwebhooks"});
  if (!missing.empty()) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL() << missing;
    GTEST_SKIP() << missing;
  }
  const std::string secret = RandomWebhookSecret();
  NodeProcess receiver(SourceDir() + "/tests/connectors/webhook/receiver.js", {"--secret", secret});
  // Every delivery to /hook is refused with a 422: a permanent failure, so it dies at once.
  Http("POST", receiver.url("/_mode"), json({{"path", "/hook"}, {"status", 422}, {"times", -1}}).dump());
  TestServer s(R"(
  - name: image_guard
  - name: account_standing
  - name: hash_match
    config:
      banks: [{name: partner, mode: enabled}]
)",
               "connectors:\n"
               "  - name: showcase\n"
               "  - name: webhook\n"
               "    config:\n"
               "      endpoints:\n"
               "        - {url: \"" + receiver.url("/hook") + "\", secret: \"" + secret + "\"}\n"
               "shares:\n"
               "  default_destinations: [showcase, webhook]\n");
  s.Start();
  HttpResult r = s.Share("wren", "a heron at dusk", MakeImage(160, 120, ".png", 4));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string share_id = r.Json()["share_id"];
  json d = WaitForDelivery(s, share_id, "webhook", "dead", 20);
  ASSERT_EQ(d["status"], "dead") << d.dump();
  // A user report puts user-written text (reporter id, reason) into the audit log.
  HttpResult rep = s.Post("/v1/reports", {{"share_id", share_id}, {"reporter_id", "<b>rep</b>"},
                                          {"reason", "<img src=x onerror=\"window.__pwned=1\">spam"}}, kProductKey);
  ASSERT_EQ(rep.status, 200) << rep.body;

  const std::string outdir = ArtifactDir("web");
  std::string out;
  int rc = RunNodeScript(SourceDir() + "/tests/web/admin_e2e.js",
                         {s.url(""), kAdminKey, receiver.url(""), share_id, outdir}, &out);
  ASSERT_EQ(rc, 0) << out << "\ngateway log tail:\n" << ReadFile(s.log_path()).substr(0, 4000);
  // The page's retry reached the gateway: the delivery is delivered and no longer dead.
  EXPECT_EQ(WaitForDelivery(s, share_id, "webhook", "delivered", 5)["status"], "delivered");
  EXPECT_TRUE(s.Get("/v1/admin/deliveries?status=dead", kAdminKey).Json()["items"].empty());
  EXPECT_EQ(access((outdir + "/admin.png").c_str(), R_OK), 0);
}

}  // namespace
}  // namespace postern::testing
