// Delivery state: the bounded in-process cache, and the Store-backed state that lets a
// retry continue after a restart (against a real SQLite store).
#include "connectors/common/delivery_state.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <unistd.h>

#include "gateway/base/util.h"
#include "gateway/store/sqlite_store.h"

namespace postern::connector_common {
namespace {

TEST(DeliveryStateTable, PutGetOverwriteAndErase) {
  DeliveryStateTable t;
  json v;
  EXPECT_FALSE(t.Get("dl_1", &v));
  t.Put("dl_1", {{"container_id", "c1"}});
  ASSERT_TRUE(t.Get("dl_1", &v));
  EXPECT_EQ(v["container_id"], "c1");
  t.Put("dl_1", {{"container_id", "c2"}});
  ASSERT_TRUE(t.Get("dl_1", &v));
  EXPECT_EQ(v["container_id"], "c2");
  EXPECT_EQ(t.size(), 1u);
  t.Erase("dl_1");
  t.Erase("never-there");
  EXPECT_FALSE(t.Get("dl_1", &v));
  EXPECT_EQ(t.size(), 0u);
}

TEST(DeliveryStateTable, DropsTheLeastRecentlyWrittenPastCapacity) {
  DeliveryStateTable t(2);
  t.Put("a", 1);
  t.Put("b", 2);
  t.Put("a", 10);  // rewriting makes "a" the newest
  t.Put("c", 3);
  json v;
  EXPECT_FALSE(t.Get("b", &v));
  ASSERT_TRUE(t.Get("a", &v));
  EXPECT_EQ(v, 10);
  ASSERT_TRUE(t.Get("c", &v));
  EXPECT_EQ(v, 3);
  EXPECT_EQ(t.size(), 2u);
  t.Get("a", &v);  // reading does not refresh: the order is by write
  t.Put("d", 4);
  EXPECT_FALSE(t.Get("a", &v));
  EXPECT_TRUE(t.Get("c", &v));
}

TEST(DeliveryStateTable, OneSharedTablePerConnectorName) {
  const std::string a = NewId("conn_"), b = NewId("conn_");
  EXPECT_EQ(&DeliveryStateTable::ForConnector(a), &DeliveryStateTable::ForConnector(a));
  EXPECT_NE(&DeliveryStateTable::ForConnector(a), &DeliveryStateTable::ForConnector(b));
}

class DurableDeliveryStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/postern-delivery-state-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Status st;
    store_ = SqliteStore::Open(dir_ + "/db.sqlite", &st);
    ASSERT_TRUE(store_) << st.ToString();
    connector_ = NewId("conn_");  // the cache is process-wide per name: keep tests apart
  }
  void TearDown() override {
    store_.reset();
    ASSERT_EQ(system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }
  // What a restarted process has: the Store, and an empty cache.
  void ForgetCache(const std::string& key) { DeliveryStateTable::ForConnector(connector_).Erase(key); }

  std::string dir_;
  std::unique_ptr<SqliteStore> store_;
  std::string connector_;
};

TEST_F(DurableDeliveryStateTest, PutIsWrittenToTheStore) {
  DurableDeliveryState state(connector_, store_.get());
  state.Put("dl_1", {{"container_id", "c1"}});
  std::string text;
  ASSERT_TRUE(store_->GetConnectorState(connector_, "dl_1", &text).ok());
  EXPECT_EQ(json::parse(text), json({{"container_id", "c1"}}));
}

TEST_F(DurableDeliveryStateTest, StateSurvivesARestart) {
  DurableDeliveryState(connector_, store_.get()).Put("dl_1|https://a.example/in", {{"accepted_at", 5}});
  ForgetCache("dl_1|https://a.example/in");
  DurableDeliveryState after(connector_, store_.get());
  json v;
  ASSERT_TRUE(after.Get("dl_1|https://a.example/in", &v));
  EXPECT_EQ(v["accepted_at"], 5);
  EXPECT_FALSE(after.Get("dl_1|https://b.example/in", &v));
}

TEST_F(DurableDeliveryStateTest, EraseRemovesFromStoreAndCache) {
  DurableDeliveryState state(connector_, store_.get());
  state.Put("dl_1", {{"container_id", "c1"}});
  state.Erase("dl_1");
  json v;
  EXPECT_FALSE(state.Get("dl_1", &v));
  std::string text;
  EXPECT_EQ(store_->GetConnectorState(connector_, "dl_1", &text).code(), StatusCode::kNotFound);
}

TEST_F(DurableDeliveryStateTest, ConnectorsDoNotShareKeys) {
  DurableDeliveryState mine(connector_, store_.get());
  DurableDeliveryState other(NewId("conn_"), store_.get());
  mine.Put("dl_1", 1);
  json v;
  EXPECT_FALSE(other.Get("dl_1", &v));
}

TEST_F(DurableDeliveryStateTest, UnreadableStoredValueCountsAsAbsent) {
  ASSERT_TRUE(store_->PutConnectorState(connector_, "dl_1", "{not json").ok());
  DurableDeliveryState state(connector_, store_.get());
  json v;
  EXPECT_FALSE(state.Get("dl_1", &v));
}

TEST_F(DurableDeliveryStateTest, WithoutAStoreItIsTheCacheOnly) {
  DurableDeliveryState state(connector_, nullptr);
  state.Put("dl_1", 1);
  json v;
  ASSERT_TRUE(state.Get("dl_1", &v));
  EXPECT_EQ(v, 1);
  ForgetCache("dl_1");
  EXPECT_FALSE(state.Get("dl_1", &v));
}

}  // namespace
}  // namespace postern::connector_common
