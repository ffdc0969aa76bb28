// Share rate limits per user and per key: in this process, and in a real Redis shared
// by two real gateways; what happens when Redis is down (allow or deny, counted).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/support/redis_server.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

// A day-long window: the test never straddles two windows (except at midnight UTC).
std::string Limits(int per_user, int per_key, const std::string& redis = "", const std::string& on_error = "allow") {
  std::string y = "\nlimits:\n  per_user: {shares: " + std::to_string(per_user) +
                  ", per_s: 86400}\n  per_key: {shares: " + std::to_string(per_key) + ", per_s: 86400}\n";
  if (!redis.empty()) y += "  redis: {url: \"" + redis + "\", timeout_ms: 200}\n";
  return y + "  on_redis_error: " + on_error + "\n";
}

double MetricValue(const TestServer& s, const std::string& series) {
  const std::string text = s.Get("/metrics").body;
  const auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
}

TEST(RateLimitTest, PerUserAndPerKeyLimitsAnswer429WithRetryAfterBeforeDecoding) {
  TestServer s(TestServer::DefaultPlugins(), Limits(3, 5));
  s.Start();
  const std::string png = MakeImage(32, 32);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(s.Share("ann", "a boat", png).status, 200) << i;
  HttpResult over = s.Share("ann", "a boat", png);
  ASSERT_EQ(over.status, 429) << over.body;
  EXPECT_EQ(over.Json()["error"]["code"], "rate_limited");
  EXPECT_FALSE(over.Json()["error"]["message"].get<std::string>().empty());
  const int retry = std::stoi(over.headers["retry-after"]);
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 86400);
  // Over the limit, a broken image is not even looked at: 429, not 422.
  EXPECT_EQ(s.Share("ann", "a boat", "not an image").status, 429);
  EXPECT_EQ(MetricValue(s, "postern_rate_limited_total{scope=\"user\"}"), 2);

  // The key's limit (5) counts every attempt through it: ann's five used it up.
  HttpResult ben = s.Share("ben", "a boat", png);
  EXPECT_EQ(ben.status, 429);
  EXPECT_EQ(MetricValue(s, "postern_rate_limited_total{scope=\"key\"}"), 1);
}

TEST(RateLimitTest, RedisHoldsOneLimitAcrossTwoInstances) {
  if (!RedisMissing().empty()) GTEST_FAIL() << RedisMissing();
  RedisServer redis;
  TestServer a(TestServer::DefaultPlugins(), Limits(5, 0, redis.url()));
  TestServer b(TestServer::DefaultPlugins(), Limits(5, 0, redis.url()));
  a.Start();
  b.Start();
  const std::string png = MakeImage(32, 32);
  int accepted = 0, limited = 0;
  for (int i = 0; i < 12; ++i) {
    HttpResult r = (i % 2 ? b : a).Share("cid", "a boat", png);
    if (r.status == 200) ++accepted;
    else if (r.status == 429) ++limited;
    else ADD_FAILURE() << r.status << " " << r.body;
  }
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(limited, 7);
}

TEST(RateLimitTest, RedisDownAllowsOrDeniesAsConfiguredAndIsCounted) {
  if (!RedisMissing().empty()) GTEST_FAIL() << RedisMissing();
  RedisServer redis;
  TestServer allow(TestServer::DefaultPlugins(), Limits(2, 0, redis.url(), "allow"));
  TestServer deny(TestServer::DefaultPlugins(), Limits(2, 0, redis.url(), "deny"));
  allow.Start();
  deny.Start();
  const std::string png = MakeImage(32, 32);
  ASSERT_EQ(allow.Share("dan", "a boat", png).status, 200);
  redis.Stop();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(allow.Share("dan", "a boat", png).status, 200) << "served while Redis is down";
  EXPECT_EQ(MetricValue(allow, "postern_rate_limit_errors_total{outcome=\"allowed\"}"), 3);
  HttpResult refused = deny.Share("eve", "a boat", png);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.Json()["error"]["code"], "rate_limit_unavailable");
  EXPECT_EQ(refused.headers["retry-after"], "1");
  EXPECT_NE(ReadFile(allow.log_path()).find("\"event\":\"rate_limit_unavailable\""), std::string::npos);
  redis.Start();  // back: limits count again (dan's window starts over in the fresh Redis)
  // The limiter waits 500 ms between connect attempts, so a down Redis costs shares nothing.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  int ok = 0;
  for (int i = 0; i < 4; ++i) ok += allow.Share("dan", "a boat", png).status == 200;
  EXPECT_EQ(ok, 2);
}

}  // namespace
}  // namespace postern::testing
