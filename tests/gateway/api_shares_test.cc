// The share API over real HTTP against the real binary.
#include <gtest/gtest.h>

#include <map>

#include <csignal>
#include <thread>

#include "tests/support/test_server.h"

namespace postern::testing {

class ShareApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    server_->Start();
  }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
};
TestServer* ShareApiTest::server_ = nullptr;

TEST_F(ShareApiTest, ApprovedShareAppearsOnFeedWithItsImage) {
  const std::string png = MakeImage(320, 200, ".png", 7);
  HttpResult r = server_->Share("alice", "a lighthouse at dusk, oil painting", png);
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["decision"], "approved");
  EXPECT_TRUE(j["reasons"].empty());
  ASSERT_GE(j["checks"].size(), 2u);
  EXPECT_EQ(j["checks"][0]["plugin"], "image_guard");
  EXPECT_EQ(j["checks"][0]["verdict"], "allow");
  ASSERT_EQ(j["deliveries"].size(), 1u);
  EXPECT_EQ(j["deliveries"][0]["destination"], "showcase");
  EXPECT_EQ(j["deliveries"][0]["status"], "delivered");
  const std::string share_id = j["share_id"];

  json feed = server_->Get("/v1/feed").Json();
  std::string post_id, image_url;
  for (const auto& p : feed["items"])
    if (p["user_id"] == "alice") { post_id = p["post_id"]; image_url = p["image_url"]; }
  ASSERT_FALSE(post_id.empty()) << feed.dump();
  HttpResult media = Http("GET", image_url);
  EXPECT_EQ(media.status, 200);
  EXPECT_EQ(media.headers["content-type"], "image/png");
  EXPECT_EQ(media.body, png);

  json again = server_->Get("/v1/shares/" + share_id, kProductKey).Json();
  EXPECT_EQ(again["share_id"], share_id);
  EXPECT_EQ(again["decision"], "approved");
  EXPECT_EQ(again["config_hash"].get<std::string>().size(), 64u);
}

TEST_F(ShareApiTest, JpegAndWebpAreAccepted) {
  for (const char* ext : {".jpg", ".webp"}) {
    HttpResult r = server_->Share("bob", "a bowl of fruit", MakeImage(256, 256, ext, 3));
    ASSERT_EQ(r.status, 200) << ext << " " << r.body;
    EXPECT_EQ(r.Json()["decision"], "approved");
  }
}

TEST_F(ShareApiTest, IdempotencyKeyReplaysAndRefusesOtherBodies) {
  const std::string img = MakeImage(64, 64, ".png", 11);
  json body = {{"user_id", "carol"}, {"prompt", "a red kite"}, {"image", Base64(img)}};
  HttpResult first = server_->Post("/v1/shares", body, kProductKey, {"Idempotency-Key: abc-123"});
  ASSERT_EQ(first.status, 200) << first.body;
  HttpResult second = server_->Post("/v1/shares", body, kProductKey, {"Idempotency-Key: abc-123"});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json()["share_id"], first.Json()["share_id"]);
  EXPECT_EQ(second.headers["idempotent-replayed"], "true");
  body["prompt"] = "a blue kite";
  HttpResult third = server_->Post("/v1/shares", body, kProductKey, {"Idempotency-Key: abc-123"});
  EXPECT_EQ(third.status, 422);
  EXPECT_EQ(third.Json()["error"]["code"], "idempotency_key_reused");
  // Only one post for carol on the feed.
  int n = 0;
  json feed = server_->Get("/v1/feed?limit=100").Json();
  for (const auto& p : feed["items"]) n += p["user_id"] == "carol";
  EXPECT_EQ(n, 1);
}

TEST_F(ShareApiTest, ConcurrentRequestsWithOneKeyMakeOneShare) {
  json body = {{"user_id", "dora"}, {"prompt", "a tram"}, {"image", Base64(MakeImage(64, 64, ".png", 12))}};
  // The suite shares one server: count what this test adds.
  std::map<std::string, int64_t> before;
  for (const char* t : {"shares", "images", "deliveries", "idempotency"}) before[t] = CountRows(server_->db_path(), t);
  std::vector<std::string> ids(6);
  std::vector<std::thread> ts;
  for (int i = 0; i < 6; ++i)
    ts.emplace_back([&, i] {
      ids[i] = server_->Post("/v1/shares", body, kProductKey, {"Idempotency-Key: race-1"}).Json()["share_id"];
    });
  for (auto& t : ts) t.join();
  ASSERT_FALSE(ids[0].empty());
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  // One share, one image, one delivery, one key: the losers of the race wrote nothing.
  for (const auto& [table, n] : before) EXPECT_EQ(CountRows(server_->db_path(), table), n + 1) << table;
}

TEST_F(ShareApiTest, RolesAreEnforced) {
  json body = {{"user_id", "eve"}, {"prompt", "x"}, {"image", Base64(MakeImage(32, 32))}};
  HttpResult none = server_->Post("/v1/shares", body, "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.Json()["error"]["code"], "unauthorized");
  EXPECT_EQ(server_->Post("/v1/shares", body, "wrong-key").status, 401);
  HttpResult curator = server_->Post("/v1/shares", body, kCuratorKey);
  EXPECT_EQ(curator.status, 403);
  EXPECT_EQ(curator.Json()["error"]["code"], "forbidden");
  EXPECT_EQ(server_->Get("/v1/review", kProductKey).status, 403);
  EXPECT_EQ(server_->Get("/v1/review", kReviewerKey).status, 200);
  EXPECT_EQ(server_->Get("/v1/review", kAdminKey).status, 200);  // admin may do everything
  EXPECT_EQ(server_->Get("/v1/admin/plugins", kReviewerKey).status, 403);
  EXPECT_EQ(server_->Post("/v1/accounts/u/reinstate", json::object(), kReviewerKey).status, 403);
  EXPECT_EQ(server_->Get("/v1/feed").status, 200);  // public
  EXPECT_EQ(server_->Get("/healthz").status, 200);
}

TEST_F(ShareApiTest, MetricsExposeDecisionsChecksAndQueue) {
  server_->Share("fay", "a cloud", MakeImage(40, 40));
  HttpResult m = server_->Get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("postern_shares{decision=\"approved\"}"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("postern_check_verdicts_total{plugin=\"image_guard\",verdict=\"allow\",mode=\"enforce\"}"), std::string::npos);
  EXPECT_NE(m.body.find("postern_check_duration_seconds_bucket{plugin=\"image_guard\",le=\"+Inf\"}"), std::string::npos);
  EXPECT_NE(m.body.find("postern_review_queue_depth"), std::string::npos);
  EXPECT_NE(m.body.find("postern_deliveries_total{connector=\"showcase\",status=\"delivered\"}"), std::string::npos);
}

TEST_F(ShareApiTest, DecisionsAreLoggedAsJsonLines) {
  HttpResult r = server_->Share("gus", "a fern", MakeImage(48, 48));
  const std::string id = r.Json()["share_id"];
  std::string log = ReadFile(server_->log_path());
  bool found = false;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    json line = json::parse(log.substr(start, end - start), nullptr, false);
    ASSERT_FALSE(line.is_discarded()) << "not JSON: " << log.substr(start, end - start);
    if (line["event"] == "decision" && line["share_id"] == id) {
      found = true;
      EXPECT_EQ(line["decision"], "approved");
      EXPECT_TRUE(line.contains("config_hash"));
      EXPECT_TRUE(line["checks"].is_array());
    }
    start = end + 1;
  }
  EXPECT_TRUE(found);
}

TEST(ShareRestartTest, RestartKeepsSharesFeedAndPendingDeliveries) {
  TestServer s;
  s.Start();
  json j = s.Share("hal", "a barn", MakeImage(64, 48)).Json();
  const std::string id = j["share_id"];
  s.Restart();
  json again = s.Get("/v1/shares/" + id, kProductKey).Json();
  EXPECT_EQ(again["decision"], "approved");
  EXPECT_EQ(again["deliveries"][0]["status"], "delivered");
  EXPECT_EQ(s.Get("/v1/feed").Json()["items"].size(), 1u);
}

}  // namespace postern::testing
