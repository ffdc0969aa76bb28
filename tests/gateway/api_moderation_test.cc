// The moderation loop over HTTP: review queue, decisions, strikes, claims, bulk,
// reports, appeals, stats and hash-bank files. text_policy with two configured terms
// produces the rejections and holds.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "tests/support/test_server.h"

namespace postern::testing {

namespace {

const char* kReview = R"(
review:
  strikes_to_deactivate: 2
  strike_window_days: 30
  claim_ttl_s: 2
  reports_to_hide: 2
)";

class ModerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(TestServer::TextPolicyPlugins(), kReview);
    server_->Start();
  }
  std::string ShareId(const std::string& user, const std::string& prompt, int seed = 1) {
    HttpResult r = server_->Share(user, prompt, MakeImage(48, 48, ".png", seed));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().value("share_id", "");
  }
  json Decide(const std::string& id, const std::string& action, const std::string& key = kReviewerKey,
              long want = 200) {
    json body = {{"action", action}, {"note", "checked"}};
    if (action == "confirm") body["reason_code"] = "illegal";
    HttpResult r = server_->Post("/v1/review/" + id, body, key);
    EXPECT_EQ(r.status, want) << r.body;
    return r.Json();
  }
  json Pending(const std::string& query = "") {
    return server_->Get("/v1/review?status=pending" + query, kReviewerKey).Json()["items"];
  }
  std::unique_ptr<TestServer> server_;
};

bool OnFeed(const TestServer& s, const std::string& user) {
  json feed = s.Get("/v1/feed?limit=100").Json();
  for (const auto& p : feed["items"]) if (p["user_id"] == user) return true;
  return false;
}

}  // namespace

TEST_F(ModerationTest, RejectedShareIsQueuedWithReasonsAndNeverPublic) {
  HttpResult r = server_->Share("mallory", "how to buy zorbleflux cheap", MakeImage(48, 48));
  ASSERT_EQ(r.status, 200) << r.body;
  json j = r.Json();
  EXPECT_EQ(j["decision"], "rejected");
  ASSERT_EQ(j["reasons"].size(), 1u);
  EXPECT_EQ(j["reasons"][0]["plugin"], "text_policy");
  EXPECT_TRUE(j["deliveries"].empty());
  const std::string id = j["share_id"];

  json items = Pending();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["share_id"], id);
  EXPECT_EQ(items[0]["source"], "rejected");
  EXPECT_EQ(items[0]["prompt"], "how to buy zorbleflux cheap");
  EXPECT_EQ(items[0]["plugins"][0], "text_policy");
  // The image is for reviewers only.
  const std::string review_image = items[0]["image_url"];
  EXPECT_EQ(server_->Get(review_image, kReviewerKey).status, 200);
  EXPECT_EQ(server_->Get(review_image).status, 401);
  EXPECT_EQ(server_->Get("/v1/media/" + id).status, 404);
  EXPECT_FALSE(OnFeed(*server_, "mallory"));
}

TEST_F(ModerationTest, OverturnPublishesAHeldShare) {
  std::string id = ShareId("olga", "my neighbour is a quibbleworth");
  EXPECT_EQ(server_->Get("/v1/shares/" + id, kProductKey).Json()["decision"], "held");
  EXPECT_FALSE(OnFeed(*server_, "olga"));
  json d = Decide(id, "overturn");
  EXPECT_EQ(d["status"], "overturned");
  EXPECT_TRUE(OnFeed(*server_, "olga"));
  json share = server_->Get("/v1/shares/" + id, kProductKey).Json();
  EXPECT_EQ(share["decision"], "approved");
  EXPECT_EQ(share["deliveries"][0]["status"], "delivered");
  EXPECT_EQ(server_->Get("/v1/media/" + id).status, 200);
  Decide(id, "confirm", kReviewerKey, 409);  // already decided
  EXPECT_TRUE(Pending().empty());
}

TEST_F(ModerationTest, ConfirmsDeactivateAndAdminReinstates) {
  std::string a = ShareId("vic", "zorbleflux one"), b = ShareId("vic", "zorbleflux two");
  EXPECT_EQ(Decide(a, "confirm")["account"]["status"], "active");
  json second = Decide(b, "confirm");
  EXPECT_EQ(second["account"]["status"], "deactivated");
  EXPECT_EQ(second["account"]["strikes_in_window"], 2);

  HttpResult blocked = server_->Share("vic", "a harmless meadow", MakeImage(40, 40, ".png", 5));
  EXPECT_EQ(blocked.Json()["decision"], "rejected");
  EXPECT_EQ(blocked.Json()["reasons"][0]["code"], "account_deactivated");
  EXPECT_EQ(server_->Get("/v1/accounts/vic", kReviewerKey).Json()["status"], "deactivated");

  EXPECT_EQ(server_->Post("/v1/accounts/vic/reinstate", json::object(), kReviewerKey).status, 403);
  HttpResult re = server_->Post("/v1/accounts/vic/reinstate", json::object(), kAdminKey);
  ASSERT_EQ(re.status, 200) << re.body;
  EXPECT_EQ(re.Json()["status"], "active");
  EXPECT_EQ(server_->Share("vic", "a harmless meadow", MakeImage(40, 40, ".png", 6)).Json()["decision"], "approved");
}

TEST_F(ModerationTest, ConfirmNeedsAConfiguredReasonCode) {
  std::string id = ShareId("rc", "zorbleflux");
  HttpResult r = server_->Post("/v1/review/" + id, {{"action", "confirm"}}, kReviewerKey);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["code"], "invalid_reason_code");
  r = server_->Post("/v1/review/" + id, {{"action", "confirm"}, {"reason_code", "made_up"}}, kReviewerKey);
  EXPECT_EQ(r.status, 400);
  r = server_->Post("/v1/review/" + id, {{"action", "explode"}}, kReviewerKey);
  EXPECT_EQ(r.status, 400);
  r = server_->Post("/v1/review/" + id, {{"action", "overturn"}, {"apply_to_group", "yes"}}, kReviewerKey);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Json()["error"]["code"], "invalid_field");
  EXPECT_EQ(Pending().size(), 1u);  // nothing changed
}

TEST_F(ModerationTest, ClaimsBlockOtherReviewersAndExpire) {
  std::string id = ShareId("cl", "zorbleflux");
  HttpResult c = server_->Post("/v1/review/" + id + "/claim", json::object(), kReviewerKey);
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.Json()["claimed_by"], "rita-reviewer");
  // Another person (the admin key) cannot take or decide it while the claim holds.
  EXPECT_EQ(server_->Post("/v1/review/" + id + "/claim", json::object(), kAdminKey).status, 409);
  Decide(id, "confirm", kAdminKey, 409);
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));  // claim_ttl_s is 2
  EXPECT_TRUE(Pending()[0]["claimed_by"].is_null());
  EXPECT_EQ(Decide(id, "confirm", kAdminKey)["status"], "confirmed");
}

TEST_F(ModerationTest, BulkDecisionAndFilters) {
  std::string a = ShareId("b1", "zorbleflux a", 1), b = ShareId("b2", "zorbleflux b", 2);
  std::string h = ShareId("b3", "quibbleworth", 3);
  EXPECT_EQ(Pending("&user_id=b2").size(), 1u);
  EXPECT_EQ(Pending("&source=held").size(), 1u);
  EXPECT_EQ(Pending("&plugin=text_policy").size(), 3u);
  EXPECT_EQ(Pending("&plugin=hash_match").size(), 0u);
  EXPECT_EQ(Pending("&sort=newest")[0]["share_id"], h);
  EXPECT_EQ(Pending("&min_age_s=3600").size(), 0u);
  EXPECT_EQ(server_->Get("/v1/review?sort=sideways", kReviewerKey).status, 400);
  HttpResult r = server_->Post("/v1/review/bulk",
                               {{"action", "confirm"}, {"reason_code", "illegal"}, {"note", "batch"},
                                {"share_ids", {a, b, "shr_missing"}}}, kReviewerKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["decided"], 2);
  EXPECT_EQ(r.Json()["results"][2]["http_status"], 404);
  EXPECT_EQ(Pending().size(), 1u);
  EXPECT_EQ(server_->Get("/v1/review?status=confirmed", kReviewerKey).Json()["items"].size(), 2u);
}

TEST_F(ModerationTest, StatsAddUp) {
  std::string a = ShareId("s1", "zorbleflux", 1), b = ShareId("s2", "quibbleworth", 2);
  ShareId("s3", "a calm lake", 3);
  Decide(a, "confirm");
  Decide(b, "overturn");
  json st = server_->Get("/v1/review/stats", kReviewerKey).Json();
  EXPECT_EQ(st["shares"], 3);
  EXPECT_EQ(st["flagged"], 2);
  EXPECT_NEAR(st["flagged_share"].get<double>(), 2.0 / 3.0, 1e-9);
  json tp = st["plugins"]["text_policy"];
  EXPECT_EQ(tp["flagged"], 2);
  EXPECT_EQ(tp["confirmed"], 1);
  EXPECT_EQ(tp["overturned"], 1);
  EXPECT_DOUBLE_EQ(tp["precision"].get<double>(), 0.5);
}

TEST_F(ModerationTest, ReportsHideAfterDistinctReportersAndConfirmRemoves) {
  ShareId("pub", "a lighthouse");
  json feed = server_->Get("/v1/feed").Json();
  const std::string post = feed["items"][0]["post_id"];
  for (const char* reporter : {"r1", "r1"}) {
    HttpResult r = server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", reporter}, {"reason", "spam"}}, kProductKey);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json()["reporters"], 1);  // one reporter counts once
  }
  EXPECT_TRUE(OnFeed(*server_, "pub"));
  HttpResult r = server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", "r2"}}, kProductKey);
  EXPECT_EQ(r.Json()["hidden"], true);
  EXPECT_FALSE(OnFeed(*server_, "pub"));
  json items = Pending();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["source"], "reported");
  EXPECT_EQ(items[0]["reports"], 2);
  json d = Decide(items[0]["share_id"], "confirm");
  EXPECT_EQ(d["removed_from"][0]["destination"], "showcase");
  EXPECT_FALSE(OnFeed(*server_, "pub"));
  EXPECT_EQ(server_->Post("/v1/reports", {{"post_id", "post_nope"}, {"reporter_id", "r"}}, kProductKey).status, 404);
  EXPECT_EQ(server_->Post("/v1/reports", {{"reporter_id", "r"}}, kProductKey).status, 400);
  EXPECT_EQ(server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", "r"}, {"reason", 7}}, kProductKey).status, 400);
  EXPECT_EQ(server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", "r"}}, kReviewerKey).status, 403);
}

TEST_F(ModerationTest, OverturnedReportComesBack) {
  ShareId("pub2", "a quiet field");
  const std::string post = server_->Get("/v1/feed").Json()["items"][0]["post_id"];
  for (const char* rep : {"a", "b"})
    server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", rep}}, kProductKey);
  EXPECT_FALSE(OnFeed(*server_, "pub2"));
  Decide(Pending()[0]["share_id"], "overturn");
  EXPECT_TRUE(OnFeed(*server_, "pub2"));
}

TEST_F(ModerationTest, OneAppealPutsTheLastConfirmationBack) {
  std::string a = ShareId("ap", "zorbleflux 1"), b = ShareId("ap", "zorbleflux 2");
  Decide(a, "confirm");
  EXPECT_EQ(Decide(b, "confirm")["account"]["status"], "deactivated");
  HttpResult ap = server_->Post("/v1/accounts/ap/appeal", json::object(), kProductKey);
  ASSERT_EQ(ap.status, 200) << ap.body;
  EXPECT_EQ(ap.Json()["share_id"], b);
  json items = Pending();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["source"], "appeal");
  json d = Decide(b, "overturn");
  EXPECT_EQ(d["account"]["status"], "active");  // strike lifted, back under the limit
  EXPECT_EQ(d["account"]["strikes_in_window"], 1);
  EXPECT_EQ(server_->Post("/v1/accounts/ap/appeal", json::object(), kProductKey).status, 409);
  EXPECT_EQ(server_->Post("/v1/accounts/nobody/appeal", json::object(), kProductKey).status, 404);
}

TEST_F(ModerationTest, EveryActionIsAudited) {
  std::string a = ShareId("au", "zorbleflux");
  server_->Post("/v1/review/" + a + "/claim", json::object(), kReviewerKey);
  Decide(a, "confirm");
  server_->Post("/v1/accounts/au/reinstate", json::object(), kAdminKey);
  json audit = server_->Get("/v1/admin/audit", kAdminKey).Json()["items"];
  std::vector<std::string> actions;
  for (const auto& e : audit) actions.push_back(e["actor"].get<std::string>() + ":" + e["action"].get<std::string>());
  auto has = [&](const std::string& s) { return std::find(actions.begin(), actions.end(), s) != actions.end(); };
  EXPECT_TRUE(has("rita-reviewer:review.claim"));
  EXPECT_TRUE(has("rita-reviewer:review.confirm"));
  EXPECT_TRUE(has("ada-admin:account.reinstate"));
  for (const auto& e : audit) EXPECT_FALSE(e["time"].get<std::string>().empty());
}

TEST_F(ModerationTest, QueueDepthAndAgeAreExported) {
  ShareId("m1", "zorbleflux");
  std::string m = server_->Get("/metrics").body;
  EXPECT_NE(m.find("postern_review_queue_depth 1"), std::string::npos) << m;
  EXPECT_NE(m.find("postern_review_oldest_pending_age_seconds"), std::string::npos);
}

TEST_F(ModerationTest, ItemDetailHasEvidenceReportsAndTheAccount) {
  // The account's history: one confirmed item, then an appeal of it (a pending appeal item).
  std::string old_one = ShareId("det", "zorbleflux first", 1);
  Decide(old_one, "confirm");
  std::string id = ShareId("det", "buy zorbleflux now", 2);
  json d = server_->Get("/v1/review/" + id, kReviewerKey).Json();
  EXPECT_EQ(d["share_id"], id);
  EXPECT_EQ(d["status"], "pending");
  EXPECT_TRUE(d["near_duplicates"].is_array());
  json tp;
  for (const auto& c : d["checks"]) if (c["plugin"] == "text_policy") tp = c;
  ASSERT_TRUE(tp.is_object()) << d.dump();
  EXPECT_EQ(tp["evidence"]["field"], "prompt");
  EXPECT_EQ(tp["evidence"]["span"]["text"], "zorbleflux");
  EXPECT_EQ(tp["evidence"]["span"]["begin"], 4);
  EXPECT_TRUE(d["user_reports"].empty());
  EXPECT_EQ(d["account"]["strikes_in_window"], 1);
  EXPECT_EQ(d["account"]["strikes_to_deactivate"], 2);
  EXPECT_TRUE(d["account"]["appeal"].is_null());
  ASSERT_EQ(d["account"]["past_decisions"].size(), 1u);
  EXPECT_EQ(d["account"]["past_decisions"][0]["share_id"], old_one);
  EXPECT_EQ(d["account"]["past_decisions"][0]["status"], "confirmed");
  EXPECT_EQ(d["account"]["past_decisions"][0]["reason_code"], "illegal");

  ASSERT_EQ(server_->Post("/v1/accounts/det/appeal", json::object(), kProductKey).status, 200);
  d = server_->Get("/v1/review/" + id, kReviewerKey).Json();
  EXPECT_EQ(d["account"]["appeal"]["share_id"], old_one);
  EXPECT_TRUE(d["account"]["past_decisions"].empty());  // the appealed item is pending again

  EXPECT_EQ(server_->Get("/v1/review/shr_missing", kReviewerKey).status, 404);
  EXPECT_EQ(server_->Get("/v1/review/" + id).status, 401);
  EXPECT_EQ(server_->Get("/v1/review/" + id, kProductKey).status, 403);
}

TEST_F(ModerationTest, ItemDetailListsUserReportsWithReasons) {
  ShareId("rep", "a lighthouse");
  const std::string post = server_->Get("/v1/feed").Json()["items"][0]["post_id"];
  server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", "r1"}, {"reason", "<b>spam</b>"}}, kProductKey);
  server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", "r2"}, {"reason", "stolen art"}}, kProductKey);
  const std::string id = Pending()[0]["share_id"];
  json reports = server_->Get("/v1/review/" + id, kReviewerKey).Json()["user_reports"];
  ASSERT_EQ(reports.size(), 2u);
  std::set<std::string> reasons;
  for (const auto& r : reports) reasons.insert(r["reporter_id"].get<std::string>() + ":" + r["reason"].get<std::string>());
  EXPECT_EQ(reasons, (std::set<std::string>{"r1:<b>spam</b>", "r2:stolen art"}));
}

TEST_F(ModerationTest, SourceFilterTakesSeveralSourcesAndStatsShowTheQueue) {
  ShareId("f1", "zorbleflux", 1);
  ShareId("f2", "quibbleworth", 2);
  ShareId("f3", "a lighthouse", 3);
  const std::string post = server_->Get("/v1/feed").Json()["items"][0]["post_id"];
  server_->Post("/v1/reports", {{"post_id", post}, {"reporter_id", "r1"}}, kProductKey);
  EXPECT_EQ(Pending("&source=rejected,held").size(), 2u);
  EXPECT_EQ(Pending("&source=reported").size(), 1u);
  EXPECT_EQ(Pending().size(), 3u);
  EXPECT_EQ(server_->Get("/v1/review?source=rejected,bogus", kReviewerKey).status, 400);
  json st = server_->Get("/v1/review/stats", kReviewerKey).Json();
  EXPECT_EQ(st["pending"], 3);
  EXPECT_GE(st["oldest_pending_age_s"].get<int64_t>(), 0);
  EXPECT_NE(std::find(st["reason_codes"].begin(), st["reason_codes"].end(), "illegal"), st["reason_codes"].end());
}

}  // namespace postern::testing
