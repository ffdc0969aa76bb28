// SqliteStore against a real SQLite file: transactions, outbox claims, review effects.
#include "gateway/store/sqlite_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "gateway/base/util.h"
#include "tests/support/test_server.h"

namespace postern {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/postern-store-XXXXXX";
    dir_ = mkdtemp(tmpl);
    Status st;
    store_ = SqliteStore::Open(dir_ + "/var/db.sqlite", &st);
    ASSERT_TRUE(store_) << st.ToString();
  }
  void TearDown() override {
    store_.reset();
    std::string cmd = "rm -rf " + dir_;
    ASSERT_EQ(system(cmd.c_str()), 0);
  }
  ShareRecord MakeShare(const std::string& decision, const std::string& user = "u1") {
    ShareRecord s;
    s.id = NewId("shr_");
    s.user_id = user;
    s.prompt = "a lighthouse";
    s.image_sha256 = Sha256Hex(s.id);
    s.image_bytes = "bytes-of-" + s.id;
    s.content_type = "image/png";
    s.decision = decision;
    s.destinations = {"showcase"};
    s.config_hash = "h";
    s.checks = {{"image_guard", "allow", "enforce", "", "", 1.5, {{"w", 1}}}};
    if (decision != "approved") s.reasons = {{{"plugin", "x"}, {"code", "c"}, {"message", "m"}}};
    return s;
  }
  int64_t Count(const std::string& table) { return testing::CountRows(dir_ + "/var/db.sqlite", table); }
  std::string dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, MigratesToLatestVersionAndReopens) {
  EXPECT_EQ(store_->SchemaVersion(), 3);
  store_.reset();
  Status st;
  store_ = SqliteStore::Open(dir_ + "/var/db.sqlite", &st);
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->SchemaVersion(), 3);
}

TEST_F(SqliteStoreTest, ApprovedShareGetsImageChecksAndPendingDelivery) {
  ShareRecord s = MakeShare("approved");
  ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
  ShareRecord got;
  ASSERT_TRUE(store_->GetShare(s.id, &got).ok());
  EXPECT_EQ(got.decision, "approved");
  ASSERT_EQ(got.checks.size(), 1u);
  EXPECT_EQ(got.checks[0].evidence["w"], 1);
  ASSERT_EQ(got.deliveries.size(), 1u);
  EXPECT_EQ(got.deliveries[0].status, "pending");
  std::string bytes, type;
  ASSERT_TRUE(store_->GetImage(s.image_sha256, &bytes, &type).ok());
  EXPECT_EQ(bytes, s.image_bytes);
  EXPECT_EQ(Count("review_items"), 0);
}

TEST_F(SqliteStoreTest, IdempotencyConflictRollsBackTheWholeShare) {
  ShareRecord a = MakeShare("approved"), b = MakeShare("approved");
  ASSERT_TRUE(store_->InsertShare(a, "key-1", "hash-a", "{}").ok());
  Status st = store_->InsertShare(b, "key-1", "hash-b", "{}");
  EXPECT_EQ(st.code(), ::postern::StatusCode::kIdempotencyConflict);
  EXPECT_EQ(Count("shares"), 1);
  EXPECT_EQ(Count("deliveries"), 1);
  EXPECT_EQ(Count("images"), 1);
  bool found;
  std::string h, r;
  ASSERT_TRUE(store_->GetIdempotent("key-1", &found, &h, &r).ok());
  EXPECT_TRUE(found);
  EXPECT_EQ(h, "hash-a");
}

TEST_F(SqliteStoreTest, ClaimsAreExclusiveAcrossConcurrentClaimers) {
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(store_->InsertShare(MakeShare("approved"), "", "", "").ok());
  // A second process-like store on the same file claims concurrently.
  Status st;
  auto other = SqliteStore::Open(dir_ + "/var/db.sqlite", &st);
  ASSERT_TRUE(other);
  std::vector<DeliveryRecord> a, b;
  std::thread t1([&] { for (int i = 0; i < 10; ++i) store_->ClaimDeliveries("A", 3, 60, "", &a); });
  std::thread t2([&] { for (int i = 0; i < 10; ++i) other->ClaimDeliveries("B", 3, 60, "", &b); });
  t1.join();
  t2.join();
  std::set<std::string> ids;
  for (auto& d : a) ids.insert(d.id);
  for (auto& d : b) EXPECT_TRUE(ids.insert(d.id).second) << "claimed twice: " << d.id;
  EXPECT_EQ(ids.size(), 40u);
  // A finished delivery cannot be finished by a worker that does not hold the lease.
  EXPECT_EQ(store_->FinishDelivery(a[0].id, "B", "delivered", "", "", "", 0).code(), ::postern::StatusCode::kLeaseLost);
  EXPECT_TRUE(store_->FinishDelivery(a[0].id, "A", "delivered", "r", "u", "", 0).ok());
}

TEST_F(SqliteStoreTest, ExpiredLeaseIsClaimedAgain) {
  ShareRecord s = MakeShare("approved");
  ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
  std::vector<DeliveryRecord> first, second;
  ASSERT_TRUE(store_->ClaimDeliveries("crashed", 10, -1, "", &first).ok());  // lease already over
  ASSERT_EQ(first.size(), 1u);
  ASSERT_TRUE(store_->ClaimDeliveries("next", 10, 60, "", &second).ok());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempts, 2);
}

TEST_F(SqliteStoreTest, ReleaseUndoesTheAttemptAndExpediteMakesRetriesDue) {
  ShareRecord s = MakeShare("approved");
  s.destinations = {"showcase", "webhook"};
  ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
  std::vector<DeliveryRecord> claimed;
  ASSERT_TRUE(store_->ClaimDeliveries("A", 10, 60, s.id, &claimed).ok());
  ASSERT_EQ(claimed.size(), 2u);
  for (auto& d : claimed) ASSERT_TRUE(store_->ReleaseDelivery(d.id, "A").ok());
  std::vector<DeliveryRecord> again;
  ASSERT_TRUE(store_->ClaimDeliveries("B", 10, 60, "", &again).ok());
  ASSERT_EQ(again.size(), 2u);
  for (auto& d : again) EXPECT_EQ(d.attempts, 1);  // the released claim spent no attempt
  for (auto& d : again)
    ASSERT_TRUE(store_->FinishDelivery(d.id, "B", "pending", "", "", "down", NowSeconds() + 3600).ok());
  int moved = 0;
  ASSERT_TRUE(store_->ExpediteDestination("webhook", &moved).ok());
  EXPECT_EQ(moved, 1);
  std::vector<DeliveryRecord> due;
  ASSERT_TRUE(store_->ClaimDeliveries("C", 10, 60, "", &due).ok());
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].destination, "webhook");
}

TEST_F(SqliteStoreTest, ConnectorStateSurvivesReopening) {
  ASSERT_TRUE(store_->PutConnectorState("instagram", "dlv_1", "{\"container_id\":\"c1\"}").ok());
  ASSERT_TRUE(store_->PutConnectorState("instagram", "dlv_1", "{\"container_id\":\"c2\"}").ok());
  store_.reset();
  Status st;
  store_ = SqliteStore::Open(dir_ + "/var/db.sqlite", &st);
  std::string v;
  ASSERT_TRUE(store_->GetConnectorState("instagram", "dlv_1", &v).ok());
  EXPECT_EQ(v, "{\"container_id\":\"c2\"}");
  EXPECT_EQ(store_->GetConnectorState("webhook", "dlv_1", &v).code(), ::postern::StatusCode::kNotFound);
  ASSERT_TRUE(store_->DeleteConnectorState("instagram", "dlv_1").ok());
  EXPECT_EQ(store_->GetConnectorState("instagram", "dlv_1", &v).code(), ::postern::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, ConfirmsAddStrikesAndDeactivateAtTheThreshold) {
  StrikePolicy policy{2, 30};
  Account after;
  for (int i = 0; i < 2; ++i) {
    ShareRecord s = MakeShare("rejected", "bad-user");
    ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
    ReviewOutcome out;
    ASSERT_TRUE(store_->DecideReview(s.id, {"confirm", "nope", "sexual", "rita"}, policy, "bank", &out).ok());
    after = out.account;
  }
  EXPECT_EQ(after.status, "deactivated");
  EXPECT_EQ(after.strikes_in_window, 2);
  ASSERT_TRUE(store_->ReinstateAccount("bad-user", "ada").ok());
  Account a;
  ASSERT_TRUE(store_->GetAccount("bad-user", policy, &a).ok());
  EXPECT_EQ(a.status, "active");
  EXPECT_EQ(a.strikes_in_window, 0);
}

TEST_F(SqliteStoreTest, OverturnApprovesAndQueuesDeliveryOnce) {
  ShareRecord s = MakeShare("held");
  ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
  ReviewOutcome out;
  ASSERT_TRUE(store_->DecideReview(s.id, {"overturn", "fine", "", "rita"}, {}, "bank", &out).ok());
  EXPECT_EQ(store_->DecideReview(s.id, {"confirm", "", "", "rita"}, {}, "bank", &out).code(), ::postern::StatusCode::kAlreadyDecided);
  ShareRecord got;
  ASSERT_TRUE(store_->GetShare(s.id, &got).ok());
  EXPECT_EQ(got.decision, "approved");
  EXPECT_EQ(got.deliveries.size(), 1u);
  EXPECT_EQ(Count("audit_log"), 1);
}

TEST_F(SqliteStoreTest, ClaimsBlockOthersUntilTheyExpire) {
  ShareRecord s = MakeShare("rejected");
  ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
  ASSERT_TRUE(store_->ClaimReview(s.id, "rita", 60).ok());
  EXPECT_EQ(store_->ClaimReview(s.id, "rob", 60).code(), ::postern::StatusCode::kClaimedByOther);
  ReviewOutcome out;
  EXPECT_EQ(store_->DecideReview(s.id, {"confirm", "", "x", "rob"}, {}, "bank", &out).code(), ::postern::StatusCode::kClaimedByOther);
  ASSERT_TRUE(store_->ClaimReview(s.id, "rita", -1).ok());  // rita's claim lapses at once
  EXPECT_TRUE(store_->ClaimReview(s.id, "rob", 60).ok());
}

TEST_F(SqliteStoreTest, ConfirmBanksThePerceptualHashOnce) {
  ShareRecord s = MakeShare("rejected");
  s.pdq = std::string(64, 'a');
  s.pdq_quality = 90;
  ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
  ReviewOutcome out;
  ASSERT_TRUE(store_->DecideReview(s.id, {"confirm", "", "sexual", "rita"}, {}, "confirmed", &out).ok());
  EXPECT_TRUE(out.banked);
  std::vector<BankedHash> rows;
  ASSERT_TRUE(store_->ListBankedHashes("confirmed", 0, 10, &rows).ok());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].hash, s.pdq);
  EXPECT_EQ(rows[0].quality, 90);
  int added = 0;
  ASSERT_TRUE(store_->AddBankedHashes({rows[0]}, "ada", &added).ok());
  EXPECT_EQ(added, 0);  // already there
}

TEST_F(SqliteStoreTest, ReportsCountDistinctReportersAndHideAtTheThreshold) {
  ShareRecord s = MakeShare("approved");
  ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
  FeedPost p;
  ASSERT_TRUE(store_->UpsertFeedPost(s.id, &p).ok());
  std::string sid;
  int distinct = 0;
  bool hidden = false;
  ASSERT_TRUE(store_->ReportPost(p.id, "r1", "spam", 2, &sid, &distinct, &hidden).ok());
  ASSERT_TRUE(store_->ReportPost(p.id, "r1", "spam again", 2, &sid, &distinct, &hidden).ok());
  EXPECT_EQ(distinct, 1);
  EXPECT_FALSE(hidden);
  ASSERT_TRUE(store_->ReportPost(s.id, "r2", "", 2, &sid, &distinct, &hidden).ok());
  EXPECT_EQ(sid, s.id);
  EXPECT_EQ(distinct, 2);
  EXPECT_TRUE(hidden);
  EXPECT_EQ(Count("review_items"), 1);
  EXPECT_EQ(store_->ReportPost("post_missing", "r3", "", 2, &sid, &distinct, &hidden).code(), ::postern::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, FeedOrderAndCursorPaging) {
  std::vector<std::string> posts;
  for (int i = 0; i < 5; ++i) {
    ShareRecord s = MakeShare("approved");
    ASSERT_TRUE(store_->InsertShare(s, "", "", "").ok());
    FeedPost p;
    ASSERT_TRUE(store_->UpsertFeedPost(s.id, &p).ok());
    FeedPost again;
    ASSERT_TRUE(store_->UpsertFeedPost(s.id, &again).ok());
    EXPECT_EQ(again.id, p.id);  // idempotent per share
    posts.push_back(p.id);
  }
  ASSERT_TRUE(store_->UpdateFeedPost(posts[1], "feature", "carl").ok());
  ASSERT_TRUE(store_->UpdateFeedPost(posts[3], "hide", "carl").ok());
  std::vector<std::string> seen;
  std::string cursor;
  do {
    std::vector<FeedPost> page;
    std::string next;
    ASSERT_TRUE(store_->ListFeed(Page{2, cursor}, false, &page, &next).ok());
    for (auto& p : page) seen.push_back(p.id);
    cursor = next;
  } while (!cursor.empty());
  std::vector<std::string> want = {posts[1], posts[4], posts[2], posts[0]};
  EXPECT_EQ(seen, want);
  EXPECT_EQ(store_->UpdateFeedPost("post_nope", "hide", "carl").code(), ::postern::StatusCode::kNotFound);
}

}  // namespace postern
