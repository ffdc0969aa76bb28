// The store suites' fixture: a fresh database on the backend the test is instantiated
// with ("sqlite" or "postgres"), the store the test uses, and what ShareService and
// ReviewService would hand the store.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "gateway/base/util.h"
#include "gateway/store/postgres_store.h"
#include "gateway/store/sqlite_store.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_server.h"

namespace postern {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/postern-store-XXXXXX";
    dir_ = mkdtemp(tmpl);
    location_ = postgres() ? testing::PostgresCluster::Shared().CreateDatabase("store")
                           : dir_ + "/var/db.sqlite";
    Status st;
    store_ = OpenAnother(&st);
    ASSERT_TRUE(store_) << st.ToString();
  }
  void TearDown() override {
    store_.reset();
    std::string cmd = "rm -rf " + dir_;
    ASSERT_EQ(system(cmd.c_str()), 0);
  }
  bool postgres() const { return GetParam() == "postgres"; }
  // Another store on the same database, as a second process or instance would open it.
  std::unique_ptr<Store> OpenAnother(Status* st) {
    if (postgres()) return PostgresStore::Open(location_, 4, st);
    return SqliteStore::Open(location_, st);
  }
  int SchemaVersion() {
    if (auto* pg = dynamic_cast<PostgresStore*>(store_.get())) return pg->SchemaVersion();
    return dynamic_cast<SqliteStore&>(*store_).SchemaVersion();
  }
  // What ShareService writes for a share with this decision.
  ShareWrite MakeShare(Decision decision, const std::string& user = "u1") {
    ShareWrite w;
    ShareRecord& s = w.share;
    s.id = NewId("shr_");
    s.user_id = user;
    s.prompt = "a lighthouse";
    s.image_sha256 = Sha256Hex(s.id);
    w.image_bytes = "bytes-of-" + s.id;
    s.content_type = "image/png";
    s.decision = decision;
    s.destinations = {"showcase"};
    s.config_hash = "h";
    CheckRecord check;
    check.plugin = "image_guard";
    check.ms = 1.5;
    check.evidence = {{"w", 1}};
    s.checks = {check};
    if (decision == Decision::kApproved) {
      w.deliver_to = s.destinations;
    } else {
      s.reasons = {{{"plugin", "x"}, {"code", "c"}, {"message", "m"}}};
      w.queue_for_review = true;
      w.review_source = decision == Decision::kHeld ? ReviewSource::kHeld : ReviewSource::kRejected;
    }
    return w;
  }
  // What ReviewService resolves for a plain (not reported, not appealed) item.
  ReviewResolution Resolve(const ShareWrite& w, ReviewAction action, const std::string& actor,
                           StrikePolicy policy = {}) {
    ReviewResolution r;
    r.share_id = w.share.id;
    r.action = action;
    r.actor = actor;
    r.reason_code = "sexual";
    r.policy = policy;
    r.share_decision = action == ReviewAction::kConfirm ? Decision::kRejected : Decision::kApproved;
    r.add_strike = action == ReviewAction::kConfirm;
    if (action == ReviewAction::kOverturn) r.deliver_to = w.share.destinations;
    return r;
  }
  int64_t Count(const std::string& table) { return testing::CountRows(location_, table); }

  std::string dir_;
  std::string location_;  // the SQLite file or the PostgreSQL connection string
  std::unique_ptr<Store> store_;
};

}  // namespace postern
