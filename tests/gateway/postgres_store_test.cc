// What PostgreSQL adds to the store contract: several instances (PostgresStore objects,
// each with its own pool) on one database, and a server restart under them.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/gateway/store_test.h"

namespace postern {

class PostgresStoreTest : public StoreTest {
 protected:
  std::unique_ptr<Store> Instance() {
    Status st;
    auto s = OpenAnother(&st);
    EXPECT_TRUE(s) << st.ToString();
    return s;
  }
};

TEST_P(PostgresStoreTest, InstancesStartingTogetherMigrateOnce) {
  location_ = testing::PostgresCluster::Shared().CreateDatabase("migrate");
  std::vector<std::unique_ptr<Store>> stores(4);
  std::vector<std::thread> threads;
  for (auto& s : stores) threads.emplace_back([&] { s = Instance(); });
  for (auto& t : threads) t.join();
  for (auto& s : stores) ASSERT_TRUE(s);
  EXPECT_EQ(dynamic_cast<PostgresStore&>(*stores[0]).SchemaVersion(), 6);
  EXPECT_EQ(Count("schema_migrations"), 6);
}

TEST_P(PostgresStoreTest, TwoInstancesDrainOneOutboxEachDeliveryClaimedOnce) {
  for (int i = 0; i < 150; ++i) {
    ShareWrite w = MakeShare(Decision::kApproved);
    w.share.destinations = w.deliver_to = {"showcase", "webhook"};
    ASSERT_TRUE(store_->InsertShare(w).ok());
  }
  auto a = Instance(), b = Instance();
  std::mutex mu;
  std::map<std::string, int> claims;
  std::atomic<int> failures{0};
  auto drain = [&](Store* s, const std::string& owner) {
    for (;;) {
      std::vector<DeliveryRecord> got;
      if (!s->ClaimDeliveries(owner, 4, 60, "", &got).ok()) { ++failures; return; }
      if (got.empty()) return;
      for (const auto& d : got) {
        {
          std::lock_guard<std::mutex> l(mu);
          ++claims[d.id];
        }
        if (!s->FinishDelivery(d.id, owner, DeliveryState::kDelivered, "r", "", "", 0).ok()) ++failures;
      }
    }
  };
  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i) {
    workers.emplace_back(drain, a.get(), "instance-a/" + std::to_string(i));
    workers.emplace_back(drain, b.get(), "instance-b/" + std::to_string(i));
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(claims.size(), 300u);
  for (const auto& [id, n] : claims) EXPECT_EQ(n, 1) << id << " claimed " << n << " times";
  std::map<std::string, int64_t> delivered;
  ASSERT_TRUE(store_->CountDeliveriesByDestination(DeliveryState::kDelivered, &delivered).ok());
  EXPECT_EQ(delivered, (std::map<std::string, int64_t>{{"showcase", 150}, {"webhook", 150}}));
  EXPECT_LE(dynamic_cast<PostgresStore&>(*a).OpenConnections(), 4);
}

TEST_P(PostgresStoreTest, OneIdempotencyKeyFromTwoInstancesMakesOneShare) {
  auto a = Instance(), b = Instance();
  for (int k = 0; k < 20; ++k) {
    ShareWrite wa = MakeShare(Decision::kApproved), wb = MakeShare(Decision::kApproved);
    wa.idempotency_key = wb.idempotency_key = "key-" + std::to_string(k);
    wa.body_hash = wb.body_hash = "same-body";
    Status sa, sb;
    std::thread ta([&] { sa = a->InsertShare(wa); });
    std::thread tb([&] { sb = b->InsertShare(wb); });
    ta.join();
    tb.join();
    EXPECT_NE(sa.ok(), sb.ok()) << sa.ToString() << " / " << sb.ToString();
    const Status& lost = sa.ok() ? sb : sa;
    EXPECT_EQ(lost.code(), StatusCode::kIdempotencyConflict) << lost.ToString();
  }
  EXPECT_EQ(Count("shares"), 20);
  EXPECT_EQ(Count("deliveries"), 20);  // the losers wrote nothing
}

TEST_P(PostgresStoreTest, ReviewClaimsAndReportsHoldAcrossInstances) {
  auto a = Instance(), b = Instance();
  ShareWrite held = MakeShare(Decision::kHeld);
  ASSERT_TRUE(store_->InsertShare(held).ok());
  Status sa, sb;
  std::thread ta([&] { sa = a->ClaimReview(held.share.id, "rita", 60); });
  std::thread tb([&] { sb = b->ClaimReview(held.share.id, "rob", 60); });
  ta.join();
  tb.join();
  ASSERT_NE(sa.ok(), sb.ok()) << sa.ToString() << " / " << sb.ToString();
  EXPECT_EQ((sa.ok() ? sb : sa).code(), StatusCode::kClaimedByOther);
  ReviewOutcome out;
  const std::string loser = sa.ok() ? "rob" : "rita";
  EXPECT_EQ((sa.ok() ? b : a)->ResolveReview(Resolve(held, ReviewAction::kConfirm, loser), &out).code(),
            StatusCode::kClaimedByOther);

  ShareWrite approved = MakeShare(Decision::kApproved);
  ASSERT_TRUE(store_->InsertShare(approved).ok());
  std::vector<std::thread> reporters;
  std::atomic<int> failures{0};
  for (int i = 0; i < 6; ++i)
    reporters.emplace_back([&, i] {
      std::string sid;
      int distinct = 0;
      bool hidden = false;
      Store* s = i % 2 ? a.get() : b.get();
      if (!s->ReportPost(approved.share.id, "r" + std::to_string(i), "spam", 3, &sid, &distinct, &hidden).ok())
        ++failures;
    });
  for (auto& t : reporters) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(Count("review_items"), 2);  // the held share's and one for the reported post
  EXPECT_EQ(Count("reports"), 6);
}

TEST_P(PostgresStoreTest, ARestartAnswersUnavailableThenTheSameStoreRecovers) {
  auto& cluster = testing::PostgresCluster::Shared();
  ShareWrite before = MakeShare(Decision::kApproved);
  ASSERT_TRUE(store_->InsertShare(before).ok());
  // Writers keep going through the outage: a share either committed whole or not at all.
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> committed;
  std::atomic<int> unavailable{0};
  std::thread writer([&] {
    while (!stop) {
      ShareWrite w = MakeShare(Decision::kApproved);
      w.share.destinations = w.deliver_to = {"showcase", "webhook"};
      Status st = store_->InsertShare(w);
      if (st.ok()) {
        std::lock_guard<std::mutex> l(mu);
        committed.push_back(w.share.id);
      } else {
        EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
        ++unavailable;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  cluster.Stop();
  ShareRecord got;
  std::vector<FeedPost> feed;
  std::vector<DeliveryRecord> claimed;
  std::string next;
  EXPECT_EQ(store_->GetShare(before.share.id, &got).code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->ListFeed(Page{}, false, &feed, &next).code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->ClaimDeliveries("A", 10, 60, "", &claimed).code(), StatusCode::kUnavailable);
  EXPECT_EQ(store_->Audit("ada", "x", "y", json::object()).code(), StatusCode::kUnavailable);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  cluster.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  writer.join();
  EXPECT_GT(unavailable, 0);
  // The same store object reconnected by itself.
  ShareRecord after;
  ASSERT_TRUE(store_->GetShare(before.share.id, &after).ok());
  EXPECT_EQ(after.id, before.share.id);
  ASSERT_TRUE(store_->InsertShare(MakeShare(Decision::kApproved)).ok());
  // Nothing half-written: every stored share has its check and both deliveries.
  const int64_t shares = Count("shares");
  // More than committed only if a COMMIT reached the server but its answer was cut.
  EXPECT_GE(shares, static_cast<int64_t>(committed.size()) + 2);
  EXPECT_EQ(Count("check_results"), shares);
  EXPECT_EQ(Count("deliveries"), 2 * shares - 2);  // `before` and the last have one each
  for (const auto& id : committed) {
    ShareRecord s;
    ASSERT_TRUE(store_->GetShare(id, &s).ok()) << id;
    EXPECT_EQ(s.deliveries.size(), 2u) << id;
  }
}

TEST_P(PostgresStoreTest, TextWithANulByteIsRefusedWholeNeverCut) {
  ShareWrite w = MakeShare(Decision::kApproved);
  w.share.prompt = std::string("a light\0house", 14);
  EXPECT_EQ(store_->InsertShare(w).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("shares"), 0);
  EXPECT_EQ(Count("images"), 0);  // the statements before it rolled back too
}

INSTANTIATE_TEST_SUITE_P(Backends, PostgresStoreTest, ::testing::Values("postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace postern
