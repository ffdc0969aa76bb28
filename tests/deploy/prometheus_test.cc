// What operators load into Prometheus, checked with Prometheus's own tool: the alerting
// rules in deploy/prometheus (syntax and their unit tests), and a live /metrics scrape
// of the real gateway (`promtool check metrics` clean, the operator series present).
// promtool is Debian's `prometheus` package (scripts/setup test installs it); without
// it these tests are skipped locally but FAIL under CI=true.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>

#include "tests/support/deliveries.h"
#include "tests/support/ports.h"
#include "tests/support/test_server.h"
#include "tests/support/webhook_receiver.h"

namespace postern::testing {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CommandResult RunCommand(const std::string& cmd) {
  CommandResult r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) r.output.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string Promtool() {
  const char* env = std::getenv("POSTERN_PROMTOOL");
  return env && *env ? env : "/usr/bin/promtool";
}

#define SKIP_WITHOUT_PROMTOOL()                                                                  \
  do {                                                                                           \
    if (access(Promtool().c_str(), X_OK) != 0) {                                                 \
      const std::string why = Promtool() + " is missing (apt-get install -y prometheus)";        \
      const char* ci = std::getenv("CI");                                                        \
      if (ci && std::string(ci) == "true") FAIL() << why;                                        \
      GTEST_SKIP() << why;                                                                       \
    }                                                                                            \
  } while (0)

// Every sample of a text exposition: "name{labels}" -> value.
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

TEST(PrometheusRules, PassPromtoolCheckAndTheirUnitTests) {
  SKIP_WITHOUT_PROMTOOL();
  const std::string dir = SourceDir() + "/deploy/prometheus";
  CommandResult check = RunCommand(Promtool() + " check rules '" + dir + "/postern-alerts.yml'");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_NE(check.output.find("SUCCESS: 5 rules found"), std::string::npos) << check.output;
  // promtool resolves rule_files against the test file's directory.
  CommandResult test = RunCommand(Promtool() + " test rules '" + dir + "/postern-alerts.test.yml'");
  EXPECT_EQ(test.exit_code, 0) << test.output;
  EXPECT_NE(test.output.find("SUCCESS"), std::string::npos) << test.output;
}

// The default chain and a text_policy term that holds a share for review.
std::string PluginsWithAHold() {
  return TestServer::DefaultPlugins() +
         "  - name: text_policy\n"
         "    config: {lists: [\"{src}/config/textpolicy\"], extra_terms: [{term: quibbleworth, category: harassment, action: hold}]}\n";
}

// A webhook nobody listens on, with one attempt: its deliveries die at once.
std::string DeadWebhookYaml() {
  return "connectors:\n"
         "  - name: showcase\n"
         "  - name: webhook\n"
         "    config:\n"
         "      endpoints:\n"
         "        - {url: \"http://127.0.0.1:" + std::to_string(FreeLoopbackPort()) + "/hook\", secret: \"" +
         RandomWebhookSecret() + "\"}\n"
         "      connect_timeout_ms: 300\n"
         "shares:\n"
         "  default_destinations: [showcase, webhook]\n"
         "delivery:\n"
         "  max_attempts: 1\n";
}

TEST(PrometheusScrape, LiveMetricsAreCleanAndCarryTheOperatorSeries) {
  SKIP_WITHOUT_PROMTOOL();
  const double started = double(time(nullptr));
  TestServer s(PluginsWithAHold(), DeadWebhookYaml());
  s.Start();
  std::vector<std::string> approved;
  for (int i = 0; i < 2; ++i) {
    HttpResult r = s.Share("ann", "a lighthouse, watercolour", MakeImage(64, 48, ".png", i + 1));
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.Json()["decision"], "approved") << r.body;
    approved.push_back(r.Json()["share_id"]);
  }
  HttpResult held = s.Share("bob", "my neighbour is a quibbleworth", MakeImage(64, 48, ".png", 3));
  ASSERT_EQ(held.Json()["decision"], "held") << held.body;
  for (const auto& id : approved) {
    json d = WaitForDelivery(s, id, "webhook", "dead", 20);
    ASSERT_EQ(d["status"], "dead") << d.dump();
    ASSERT_EQ(WaitForDelivery(s, id, "showcase", "delivered", 20)["status"], "delivered");
  }
  EXPECT_EQ(s.Get("/no/such/thing").status, 404);
  EXPECT_EQ(s.Get("/v1/review", kProductKey).status, 403);

  HttpResult scrape = s.Get("/metrics");
  ASSERT_EQ(scrape.status, 200);
  EXPECT_EQ(scrape.headers["content-type"].rfind("text/plain", 0), 0u) << scrape.headers["content-type"];
  const std::string file = s.dir() + "/metrics.txt";
  WriteFile(file, scrape.body);
  CommandResult lint = RunCommand(Promtool() + " check metrics < '" + file + "'");
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
  EXPECT_EQ(lint.output, "") << "promtool's complaints about the live scrape:\n" << lint.output;

  auto m = Samples(scrape.body);
  auto has = [&](const std::string& series) { return m.count(series) > 0; };
  EXPECT_EQ(m["postern_build_info{version=\"" POSTERN_VERSION "\"}"], 1);
  // Requests run one at a time here: the scrape itself is the one in flight.
  EXPECT_EQ(m["postern_http_requests_in_flight"], 1);

  // Durations by the route's pattern, never the raw path (ids would be unbounded labels).
  const std::string hist = "postern_http_request_duration_seconds";
  EXPECT_EQ(m[hist + "_count{method=\"POST\",route=\"/v1/shares\",code=\"200\"}"], 3);
  EXPECT_GE(m[hist + "_count{method=\"GET\",route=\"/v1/shares/{share_id}\",code=\"200\"}"], 4);
  EXPECT_EQ(m[hist + "_count{method=\"GET\",route=\"unmatched\",code=\"404\"}"], 1);
  EXPECT_EQ(m[hist + "_count{method=\"GET\",route=\"/v1/review\",code=\"403\"}"], 1);
  EXPECT_EQ(m[hist + "_bucket{method=\"POST\",route=\"/v1/shares\",code=\"200\",le=\"+Inf\"}"], 3);
  const double share_seconds = m[hist + "_sum{method=\"POST\",route=\"/v1/shares\",code=\"200\"}"];
  EXPECT_GT(share_seconds, 0);
  EXPECT_LT(share_seconds, 30) << "seconds, not milliseconds";
  for (const auto& id : approved) EXPECT_EQ(scrape.body.find(id), std::string::npos) << "a raw id as a label";

  // Check latency in seconds: three small images take well under a second each.
  EXPECT_FALSE(has("postern_check_duration_ms_count{plugin=\"image_guard\"}"));
  EXPECT_EQ(m["postern_check_duration_seconds_count{plugin=\"image_guard\"}"], 3);
  EXPECT_GT(m["postern_check_duration_seconds_sum{plugin=\"image_guard\"}"], 0);
  EXPECT_LT(m["postern_check_duration_seconds_sum{plugin=\"image_guard\"}"], 3);

  // The outbox, read from the store at scrape time: every configured destination appears.
  EXPECT_EQ(m["postern_outbox_deliveries{destination=\"webhook\",status=\"dead\"}"], 2);
  EXPECT_TRUE(has("postern_outbox_deliveries{destination=\"webhook\",status=\"pending\"}"));
  EXPECT_EQ(m["postern_outbox_deliveries{destination=\"webhook\",status=\"pending\"}"], 0);
  EXPECT_TRUE(has("postern_outbox_deliveries{destination=\"showcase\",status=\"dead\"}"));
  EXPECT_EQ(m["postern_outbox_deliveries{destination=\"showcase\",status=\"pending\"}"], 0);
  EXPECT_EQ(m["postern_review_queue_depth"], 1);
  EXPECT_EQ(m["postern_share_decisions_total{decision=\"held\"}"], 1);
  EXPECT_EQ(m["postern_share_decisions_total{decision=\"rejected\"}"], 0);  // present at 0

  // The gateway process, from /proc.
  EXPECT_GT(m["process_cpu_seconds_total"], 0);
  EXPECT_GT(m["process_resident_memory_bytes"], 1 << 20);
  EXPECT_GE(m["process_open_fds"], 3);
  EXPECT_LE(m["process_open_fds"], m["process_max_fds"]);
  EXPECT_GE(m["process_start_time_seconds"], started - 2);
  EXPECT_LE(m["process_start_time_seconds"], double(time(nullptr)) + 1);
}

}  // namespace
}  // namespace postern::testing
