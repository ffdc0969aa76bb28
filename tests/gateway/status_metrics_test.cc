// Status's one code table, the enum name tables, and the metrics exposition format.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "gateway/base/metrics.h"
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
  m.Describe("postern_latency_ms", "histogram", "Latency");
  m.Observe("postern_latency_ms", {{"plugin", "p"}}, 3);
  m.Observe("postern_latency_ms", {{"plugin", "p"}}, 30000);
  const std::string text = m.Render();
  EXPECT_NE(text.find("# HELP postern_things_total Things counted\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE postern_things_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_things_total{kind=\"a\\\"b\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE postern_latency_ms histogram\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_ms_bucket{plugin=\"p\",le=\"+Inf\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_ms_count{plugin=\"p\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("postern_latency_ms_sum{plugin=\"p\"} 30003\n"), std::string::npos) << text;
  // Buckets are cumulative: every line's count is at most the next one's.
  std::istringstream lines(text);
  std::string line;
  double last = -1;
  while (std::getline(lines, line)) {
    if (line.rfind("postern_latency_ms_bucket", 0) != 0) continue;
    const double v = std::stod(line.substr(line.rfind(' ') + 1));
    EXPECT_GE(v, last) << line;
    last = v;
  }
}

}  // namespace
}  // namespace postern
