// The router's table over HTTP: 405 with Allow, OPTIONS, HEAD, TRACE refused, literal
// segments before {names}, and the table itself (roles, patterns) as data.
#include <gtest/gtest.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <set>

#include "gateway/api/router.h"
#include "tests/support/test_server.h"

namespace postern::testing {

class RouterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    server_->Start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* RouterTest::server_ = nullptr;

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  HttpResult r = Http("DELETE", server_->url("/v1/feed"), "", kAdminKey);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Json()["error"]["code"], "method_not_allowed");
  EXPECT_EQ(r.headers["allow"], "GET, HEAD, OPTIONS");
  // Before the key is checked: a wrong method is wrong for everyone.
  EXPECT_EQ(Http("PUT", server_->url("/v1/shares"), "").status, 405);
}

TEST_F(RouterTest, OptionsListsTheMethodsOfThePath) {
  HttpResult r = Http("OPTIONS", server_->url("/v1/feed/post_x"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.headers["allow"], "GET, HEAD, OPTIONS, PATCH");
  EXPECT_EQ(Http("OPTIONS", server_->url("/nowhere")).status, 404);
}

TEST_F(RouterTest, HeadIsGetWithoutTheBody) {
  HttpResult r = Http("HEAD", server_->url("/healthz"));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Http("HEAD", server_->url("/v1/review")).status, 401);  // roles hold for HEAD too
}

TEST_F(RouterTest, TraceIsRefusedAndEchoesNothing) {
  HttpResult r = Http("TRACE", server_->url("/healthz"), "", kAdminKey);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body.find(kAdminKey), std::string::npos);
}

TEST_F(RouterTest, LiteralSegmentsWinOverNames) {
  EXPECT_EQ(server_->Get("/v1/review/stats", kReviewerKey).status, 200);
  HttpResult bulk = server_->Post("/v1/review/bulk", json::object(), kReviewerKey);
  EXPECT_EQ(bulk.status, 400);  // the bulk handler's own complaint, not "no review item bulk"
  EXPECT_EQ(bulk.Json()["error"]["code"], "missing_field");
}

TEST(RouteTableTest, PatternsMatchAndBindNames) {
  std::vector<std::string> p;
  EXPECT_TRUE(MatchRoute("/v1/review/{share_id}/claim", SplitPath("/v1/review/shr_1/claim"), &p));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "shr_1");
  EXPECT_FALSE(MatchRoute("/v1/review/{share_id}/claim", SplitPath("/v1/review/shr_1"), &p));
  EXPECT_TRUE(MatchRoute("/healthz", SplitPath("//healthz/"), &p));
  EXPECT_TRUE(p.empty());
}

}  // namespace postern::testing
