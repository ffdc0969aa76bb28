// Status's one code table, the enum name tables, the metrics exposition format and
// the process stats read from /proc.
#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <set>
#include <sstream>

#include "gateway/base/metrics.h"
#include "gateway/base/process_stats.h"
#include "gateway/request.h"
#include "gateway/store/records.h"

namespace postern {
namespace {

TEST(StatusTest, EveryCodeHasOneStableNameAndAnHttpStatus) {
  std::set<std::string> names;
  for (int c = static_cast<int>(StatusCode::kOk); c <= static_cast<int>(StatusCode::kLeaseLost); ++c) {
    const auto code = static_cast<StatusCode>(c);
    const std::string name = StatusCodeName(code);
    EXPECT_TRUE(names.insert(name).second) << "two codes named " << name;
    const int http = StatusCodeHttp(code);
    EXPECT_TRUE(http == 200 || (http >= 400 && http < 600)) << name;
  }
  EXPECT_EQ(StatusCodeHttp(StatusCode::kNotFound), 404);
  EXPECT_EQ(std::string(StatusCodeName(StatusCode::kUnavailable)), "storage_unavailable");
  EXPECT_EQ(StatusCodeHttp(StatusCode::kUnavailable), 503);
  EXPECT_EQ(StatusCodeHttp(StatusCode::kClaimedByOther), 409);
}

TEST(StatusTest, PredicatesContextAndTheApiAnswer) {
  Status st = Status::NotFound("no share");
  EXPECT_TRUE(st.IsNotFound());
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(st.IsUnavailable());
  EXPECT_EQ(st.WithContext("GET x").message(), "GET x: no share");
  EXPECT_TRUE(Status::OK().WithContext("ignored").ok());
  Response r = StatusError(Status::ClaimedByOther("held by rita"));
  EXPECT_EQ(r.status, 409);
  const json body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "claimed_by_other");
  EXPECT_EQ(body["error"]["message"], "held by rita");
}

TEST(EnumNamesTest, NamesRoundTripAndUnknownNamesAreRefused) {
  for (auto d : {Decision::kApproved, Decision::kRejected, Decision::kHeld}) {
    Decision back;
    ASSERT_TRUE(ParseEnum(EnumName(d), &back));
    EXPECT_EQ(back, d);
  }
  DeliveryState s = DeliveryState::kDead;
  EXPECT_FALSE(ParseEnum("Pending", &s));  // names are exact
  EXPECT_EQ(s, DeliveryState::kDead);      // untouched on failure
  EXPECT_EQ(EnumChoices<ReviewAction>(), "confirm|overturn");
  EXPECT_STREQ(EnumName(ReviewSource::kAppeal), "appeal");
}

TEST(MetricsTest, RendersPrometheusTextWithHelpTypeLabelsAndHistograms) {
  Metrics m;
  m.Describe("postern_things_total", "counter", "Things counted");
  m.Inc("postern_things_total", {{"kind", "a\"b"}});
  m.Inc("postern_things_total", {{"kind", "a\"b"}}, 2);
  m.Describe("postern_latency_seconds", "histogram", "Latency");
  m.Observe("postern_latency_seconds", {{"plugin", "p"}}, 0.003);
  m.Observe("postern_latency_seconds", {{"plugin", "p"}}, 30);
  const std::string text = m.Render();
  EXPECT_NE(text.find("# HELP postern_things_total Things counted\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE postern_things_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_things_total{kind=\"a\\\"b\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE postern_latency_seconds histogram\n"), std::string::npos) << text;
  // Buckets are in seconds: 3 ms falls in le="0.005" and not in le="0.0025".
  EXPECT_NE(text.find("postern_latency_seconds_bucket{plugin=\"p\",le=\"0.0025\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_seconds_bucket{plugin=\"p\",le=\"0.005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_seconds_bucket{plugin=\"p\",le=\"10\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_seconds_bucket{plugin=\"p\",le=\"+Inf\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_seconds_count{plugin=\"p\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_seconds_sum{plugin=\"p\"} 30.003\n"), std::string::npos) << text;
  // Buckets are cumulative: every line's count is at most the next one's.
  std::istringstream lines(text);
  std::string line;
  double last = -1;
  while (std::getline(lines, line)) {
    if (line.rfind("postern_latency_seconds_bucket", 0) != 0) continue;
    const double v = std::stod(line.substr(line.rfind(' ') + 1));
    EXPECT_GE(v, last) << line;
    last = v;
  }
}

TEST(MetricsTest, LargeValuesKeepEveryDigit) {
  Metrics m;
  m.Set("postern_big", {}, 1234567);
  m.Set("process_start_time_seconds", {}, 1796388534.39);
  const std::string text = m.Render();
  EXPECT_NE(text.find("postern_big 1234567\n"), std::string::npos) << text;
  EXPECT_NE(text.find("process_start_time_seconds 1796388534.39\n"), std::string::npos) << text;
}

TEST(MetricsTest, SetAllDropsSeriesThatAreGone) {
  Metrics m;
  m.Describe("postern_backlog", "gauge", "Backlog");
  m.SetAll("postern_backlog", {{{{"destination", "a"}}, 2}, {{{"destination", "b"}}, 5}});
  m.SetAll("postern_backlog", {{{{"destination", "b"}}, 1}});
  std::string text = m.Render();
  EXPECT_EQ(text.find("destination=\"a\""), std::string::npos) << text;
  EXPECT_NE(text.find("postern_backlog{destination=\"b\"} 1\n"), std::string::npos) << text;
  m.SetAll("postern_backlog", {});
  text = m.Render();
  EXPECT_EQ(text.find("postern_backlog"), std::string::npos) << "no header without samples:\n" << text;
}

TEST(ProcessStatsTest, ReadsThisProcessFromProc) {
  ProcessStats before;
  ASSERT_TRUE(ReadProcessStats(&before));
  // Burn some CPU and hold an extra descriptor; both must show.
  volatile double x = 0;
  for (int i = 0; i < 30000000; ++i) x = x + i * 0.5;
  FILE* f = fopen("/proc/self/stat", "r");
  ASSERT_NE(f, nullptr);
  ProcessStats after;
  ASSERT_TRUE(ReadProcessStats(&after));
  fclose(f);
  EXPECT_GT(after.cpu_seconds, before.cpu_seconds);
  EXPECT_EQ(after.open_fds, before.open_fds + 1);
  EXPECT_GE(before.open_fds, 3);  // stdin, stdout, stderr at least
  EXPECT_GE(after.max_fds, after.open_fds);
  EXPECT_GT(after.resident_bytes, 1 << 20);
  EXPECT_GE(after.virtual_bytes, after.resident_bytes);
  // Started in the last hour (the test binary), not in the future.
  const double now = double(time(nullptr));
  EXPECT_LE(after.start_time_seconds, now + 1);
  EXPECT_GT(after.start_time_seconds, now - 3600);
}

}  // namespace
}  // namespace postern
