// The Store contract, one suite run on each backend against a real database: SQLite in
// a temp file, PostgreSQL in a database of the test binary's throwaway cluster.
// Transactions, outbox claims, review effects, feed and admin reads.
#include "tests/gateway/store_test.h"

#include <set>
#include <thread>

namespace postern {

TEST_P(StoreTest, MigratesToLatestVersionAndReopens) {
  EXPECT_EQ(SchemaVersion(), 6);
  store_.reset();
  Status st;
  store_ = OpenAnother(&st);
  ASSERT_TRUE(store_) << st.ToString();
  EXPECT_EQ(SchemaVersion(), 6);
}

TEST_P(StoreTest, CountersMoveWithEveryFeedAndExtensionWriteAndOnlyThen) {
  auto read = [&](const std::string& name) {
    std::map<std::string, int64_t> c;
    EXPECT_TRUE(store_->ReadCounters(&c).ok());
    return c.count(name) ? c[name] : 0;
  };
  EXPECT_EQ(read("feed"), 0);
  ShareWrite s = MakeShare(Decision::kApproved);
  ASSERT_TRUE(store_->InsertShare(s).ok());
  EXPECT_EQ(read("feed"), 0);  // a share is not on the feed until delivered there
  FeedPost post;
  ASSERT_TRUE(store_->UpsertFeedPost(s.share.id, &post).ok());
  int64_t after_post = read("feed");
  EXPECT_GT(after_post, 0);
  ASSERT_TRUE(store_->UpsertFeedPost(s.share.id, &post).ok());  // idempotent: no change
  EXPECT_EQ(read("feed"), after_post);
  ASSERT_TRUE(store_->SetFeedCaption(post.id, "new words", "curator").ok());
  int64_t after_caption = read("feed");
  EXPECT_GT(after_caption, after_post);
  ASSERT_TRUE(store_->UpdateFeedPost(post.id, FeedAction::kHide, "curator").ok());
  EXPECT_GT(read("feed"), after_caption);

  int added = 0;
  ASSERT_TRUE(store_->AppendRecords("hash_match", {{0, "bank", "k1", {{"q", 1}}, "a", 0}}, "a", &added).ok());
  EXPECT_EQ(read("extension:hash_match"), 1);
  ASSERT_TRUE(store_->AppendRecords("hash_match", {{0, "bank", "k1", {{"q", 1}}, "a", 0}}, "a", &added).ok());
  EXPECT_EQ(added, 0);
  EXPECT_EQ(read("extension:hash_match"), 1);  // nothing new was added

  const uint64_t gen = store_->LocalWriteGeneration();
  read("feed");
  ShareRecord got;
  ASSERT_TRUE(store_->GetShare(s.share.id, &got).ok());
  EXPECT_EQ(store_->LocalWriteGeneration(), gen) << "reads are not writes";
  ASSERT_TRUE(store_->BumpCounter("config").ok());
  EXPECT_GT(store_->LocalWriteGeneration(), gen);
  ASSERT_TRUE(store_->BumpCounter("config").ok());
  EXPECT_EQ(read("config"), 2);
}

TEST_P(StoreTest, ApprovedShareGetsImageChecksAndPendingDelivery) {
  ShareWrite s = MakeShare(Decision::kApproved);
  ASSERT_TRUE(store_->InsertShare(s).ok());
  ShareRecord got;
  ASSERT_TRUE(store_->GetShare(s.share.id, &got).ok());
  EXPECT_EQ(got.decision, Decision::kApproved);
  ASSERT_EQ(got.checks.size(), 1u);
  EXPECT_EQ(got.checks[0].evidence["w"], 1);
  ASSERT_EQ(got.deliveries.size(), 1u);
  EXPECT_EQ(got.deliveries[0].state, DeliveryState::kPending);
  std::string bytes, type;
  ASSERT_TRUE(store_->GetImage(s.share.image_sha256, &bytes, &type).ok());
  EXPECT_EQ(bytes, s.image_bytes);
  EXPECT_EQ(Count("review_items"), 0);
}

TEST_P(StoreTest, IdempotencyConflictRollsBackTheWholeShare) {
  ShareWrite a = MakeShare(Decision::kApproved), b = MakeShare(Decision::kApproved);
  a.idempotency_key = b.idempotency_key = "key-1";
  a.body_hash = "hash-a";
  b.body_hash = "hash-b";
  ASSERT_TRUE(store_->InsertShare(a).ok());
  Status st = store_->InsertShare(b);
  EXPECT_EQ(st.code(), ::postern::StatusCode::kIdempotencyConflict);
  EXPECT_EQ(Count("shares"), 1);
  EXPECT_EQ(Count("deliveries"), 1);
  EXPECT_EQ(Count("images"), 1);
  bool found;
  std::string h, r;
  ASSERT_TRUE(store_->GetIdempotent("key-1", &found, &h, &r).ok());
  EXPECT_TRUE(found);
  EXPECT_EQ(h, "hash-a");
  EXPECT_EQ(r, a.share.id);
}

TEST_P(StoreTest, ClaimsAreExclusiveAcrossConcurrentClaimers) {
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(store_->InsertShare(MakeShare(Decision::kApproved)).ok());
  // A second process-like store on the same file claims concurrently.
  Status st;
  auto other = OpenAnother(&st);
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
  EXPECT_EQ(store_->FinishDelivery(a[0].id, "B", DeliveryState::kDelivered, "", "", "", 0).code(), ::postern::StatusCode::kLeaseLost);
  EXPECT_TRUE(store_->FinishDelivery(a[0].id, "A", DeliveryState::kDelivered, "r", "u", "", 0).ok());
}

TEST_P(StoreTest, ExpiredLeaseIsClaimedAgain) {
  ShareWrite s = MakeShare(Decision::kApproved);
  ASSERT_TRUE(store_->InsertShare(s).ok());
  std::vector<DeliveryRecord> first, second;
  ASSERT_TRUE(store_->ClaimDeliveries("crashed", 10, -1, "", &first).ok());  // lease already over
  ASSERT_EQ(first.size(), 1u);
  ASSERT_TRUE(store_->ClaimDeliveries("next", 10, 60, "", &second).ok());
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempts, 2);
}

TEST_P(StoreTest, ARestartedOwnerReclaimsItsLeasesAtOnce) {
  ShareWrite s = MakeShare(Decision::kApproved);
  ASSERT_TRUE(store_->InsertShare(s).ok());
  std::vector<DeliveryRecord> held, none, back;
  ASSERT_TRUE(store_->ClaimDeliveries("host/127.0.0.1:8080", 10, 3600, "", &held).ok());
  ASSERT_EQ(held.size(), 1u);
  ASSERT_TRUE(store_->ClaimDeliveries("other", 10, 60, "", &none).ok());
  EXPECT_TRUE(none.empty());  // leased for an hour
  int reclaimed = 0;
  ASSERT_TRUE(store_->ReclaimLeases("someone-else", &reclaimed).ok());
  EXPECT_EQ(reclaimed, 0);
  ASSERT_TRUE(store_->ReclaimLeases("host/127.0.0.1:8080", &reclaimed).ok());
  EXPECT_EQ(reclaimed, 1);
  ASSERT_TRUE(store_->ClaimDeliveries("other", 10, 60, "", &back).ok());
  EXPECT_EQ(back.size(), 1u);
}

TEST_P(StoreTest, ReleaseUndoesTheAttemptAndExpediteMakesRetriesDue) {
  ShareWrite s = MakeShare(Decision::kApproved);
  s.share.destinations = s.deliver_to = {"showcase", "webhook"};
  ASSERT_TRUE(store_->InsertShare(s).ok());
  std::vector<DeliveryRecord> claimed;
  ASSERT_TRUE(store_->ClaimDeliveries("A", 10, 60, s.share.id, &claimed).ok());
  ASSERT_EQ(claimed.size(), 2u);
  for (auto& d : claimed) ASSERT_TRUE(store_->ReleaseDelivery(d.id, "A").ok());
  std::vector<DeliveryRecord> again;
  ASSERT_TRUE(store_->ClaimDeliveries("B", 10, 60, "", &again).ok());
  ASSERT_EQ(again.size(), 2u);
  for (auto& d : again) EXPECT_EQ(d.attempts, 1);  // the released claim spent no attempt
  for (auto& d : again)
    ASSERT_TRUE(store_->FinishDelivery(d.id, "B", DeliveryState::kPending, "", "", "down", NowSeconds() + 3600).ok());
  int moved = 0;
  ASSERT_TRUE(store_->ExpediteDestination("webhook", &moved).ok());
  EXPECT_EQ(moved, 1);
  std::vector<DeliveryRecord> due;
  ASSERT_TRUE(store_->ClaimDeliveries("C", 10, 60, "", &due).ok());
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].destination, "webhook");
}

TEST_P(StoreTest, CountsDeliveriesByDestinationAndState) {
  ShareWrite a = MakeShare(Decision::kApproved), b = MakeShare(Decision::kApproved);
  a.share.destinations = a.deliver_to = {"showcase", "webhook"};
  b.share.destinations = b.deliver_to = {"webhook"};
  ASSERT_TRUE(store_->InsertShare(a).ok());
  ASSERT_TRUE(store_->InsertShare(b).ok());
  std::vector<DeliveryRecord> claimed;
  ASSERT_TRUE(store_->ClaimDeliveries("A", 10, 60, b.share.id, &claimed).ok());
  ASSERT_EQ(claimed.size(), 1u);
  ASSERT_TRUE(store_->FinishDelivery(claimed[0].id, "A", DeliveryState::kDead, "", "", "gone", 0).ok());
  std::map<std::string, int64_t> pending, dead, delivered;
  ASSERT_TRUE(store_->CountDeliveriesByDestination(DeliveryState::kPending, &pending).ok());
  ASSERT_TRUE(store_->CountDeliveriesByDestination(DeliveryState::kDead, &dead).ok());
  ASSERT_TRUE(store_->CountDeliveriesByDestination(DeliveryState::kDelivered, &delivered).ok());
  EXPECT_EQ(pending, (std::map<std::string, int64_t>{{"showcase", 1}, {"webhook", 1}}));
  EXPECT_EQ(dead, (std::map<std::string, int64_t>{{"webhook", 1}}));
  EXPECT_TRUE(delivered.empty());
}

TEST_P(StoreTest, ConnectorStateSurvivesReopening) {
  ASSERT_TRUE(store_->PutConnectorState("instagram", "dlv_1", "{\"container_id\":\"c1\"}").ok());
  ASSERT_TRUE(store_->PutConnectorState("instagram", "dlv_1", "{\"container_id\":\"c2\"}").ok());
  store_.reset();
  Status st;
  store_ = OpenAnother(&st);
  ASSERT_TRUE(store_) << st.ToString();
  std::string v;
  ASSERT_TRUE(store_->GetConnectorState("instagram", "dlv_1", &v).ok());
  EXPECT_EQ(v, "{\"container_id\":\"c2\"}");
  EXPECT_EQ(store_->GetConnectorState("webhook", "dlv_1", &v).code(), ::postern::StatusCode::kNotFound);
  ASSERT_TRUE(store_->DeleteConnectorState("instagram", "dlv_1").ok());
  EXPECT_EQ(store_->GetConnectorState("instagram", "dlv_1", &v).code(), ::postern::StatusCode::kNotFound);
}

TEST_P(StoreTest, ConfirmsAddStrikesAndDeactivateAtTheThreshold) {
  StrikePolicy policy{2, 30};
  Account after;
  for (int i = 0; i < 2; ++i) {
    ShareWrite s = MakeShare(Decision::kRejected, "bad-user");
    ASSERT_TRUE(store_->InsertShare(s).ok());
    ReviewOutcome out;
    ASSERT_TRUE(store_->ResolveReview(Resolve(s, ReviewAction::kConfirm, "rita", policy), &out).ok());
    after = out.account;
  }
  EXPECT_EQ(after.status, AccountStatus::kDeactivated);
  EXPECT_EQ(after.strikes_in_window, 2);
  ASSERT_TRUE(store_->ReinstateAccount("bad-user", "ada").ok());
  Account a;
  ASSERT_TRUE(store_->GetAccount("bad-user", policy, &a).ok());
  EXPECT_EQ(a.status, AccountStatus::kActive);
  EXPECT_EQ(a.strikes_in_window, 0);
}

TEST_P(StoreTest, OverturnApprovesAndQueuesDeliveryOnce) {
  ShareWrite s = MakeShare(Decision::kHeld);
  ASSERT_TRUE(store_->InsertShare(s).ok());
  ReviewOutcome out;
  ASSERT_TRUE(store_->ResolveReview(Resolve(s, ReviewAction::kOverturn, "rita"), &out).ok());
  EXPECT_EQ(store_->ResolveReview(Resolve(s, ReviewAction::kConfirm, "rita"), &out).code(),
            ::postern::StatusCode::kAlreadyDecided);
  ShareRecord got;
  ASSERT_TRUE(store_->GetShare(s.share.id, &got).ok());
  EXPECT_EQ(got.decision, Decision::kApproved);
  EXPECT_EQ(got.deliveries.size(), 1u);
  EXPECT_EQ(Count("audit_log"), 1);
}

TEST_P(StoreTest, ClaimsBlockOthersUntilTheyExpire) {
  ShareWrite s = MakeShare(Decision::kRejected);
  ASSERT_TRUE(store_->InsertShare(s).ok());
  const std::string id = s.share.id;
  ASSERT_TRUE(store_->ClaimReview(id, "rita", 60).ok());
  EXPECT_EQ(store_->ClaimReview(id, "rob", 60).code(), ::postern::StatusCode::kClaimedByOther);
  ReviewOutcome out;
  EXPECT_EQ(store_->ResolveReview(Resolve(s, ReviewAction::kConfirm, "rob"), &out).code(),
            ::postern::StatusCode::kClaimedByOther);
  EXPECT_EQ(Count("strikes"), 0);  // a refused resolution changes nothing
  ASSERT_TRUE(store_->ClaimReview(id, "rita", -1).ok());  // rita's claim lapses at once
  EXPECT_TRUE(store_->ClaimReview(id, "rob", 60).ok());
}

TEST_P(StoreTest, ExtensionRecordsAreKeyedPerExtensionAndReadInOrder) {
  int added = 0;
  std::vector<ExtensionRecord> rows = {{0, "confirmed", "aa", {{"quality", 90}}, "", 0},
                                       {0, "confirmed", "bb", {{"quality", 80}}, "", 0},
                                       {0, "partner", "aa", json::object(), "", 0}};
  ASSERT_TRUE(store_->AppendRecords("hash_match", rows, "ada", &added).ok());
  EXPECT_EQ(added, 3);
  ASSERT_TRUE(store_->AppendRecords("hash_match", {rows[0]}, "ada", &added).ok());
  EXPECT_EQ(added, 0);  // (kind, key) is there already
  ASSERT_TRUE(store_->AppendRecords("other_plugin", {rows[0]}, "ada", &added).ok());
  EXPECT_EQ(added, 1);  // another extension's rows are its own
  std::vector<ExtensionRecord> got;
  ASSERT_TRUE(store_->ListRecords("hash_match", "confirmed", 0, 10, &got).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].key, "aa");
  EXPECT_EQ(got[0].body["quality"], 90);
  EXPECT_EQ(got[0].added_by, "ada");
  std::vector<ExtensionRecord> after;
  ASSERT_TRUE(store_->ListRecords("hash_match", "confirmed", got[0].id, 10, &after).ok());
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].key, "bb");
}

TEST_P(StoreTest, ReportsCountDistinctReportersAndHideAtTheThreshold) {
  ShareWrite s = MakeShare(Decision::kApproved);
  ASSERT_TRUE(store_->InsertShare(s).ok());
  FeedPost p;
  ASSERT_TRUE(store_->UpsertFeedPost(s.share.id, &p).ok());
  std::string sid;
  int distinct = 0;
  bool hidden = false;
  ASSERT_TRUE(store_->ReportPost(p.id, "r1", "spam", 2, &sid, &distinct, &hidden).ok());
  ASSERT_TRUE(store_->ReportPost(p.id, "r1", "spam again", 2, &sid, &distinct, &hidden).ok());
  EXPECT_EQ(distinct, 1);
  EXPECT_FALSE(hidden);
  ASSERT_TRUE(store_->ReportPost(s.share.id, "r2", "", 2, &sid, &distinct, &hidden).ok());
  EXPECT_EQ(sid, s.share.id);
  EXPECT_EQ(distinct, 2);
  EXPECT_TRUE(hidden);
  EXPECT_EQ(Count("review_items"), 1);
  EXPECT_EQ(store_->ReportPost("post_missing", "r3", "", 2, &sid, &distinct, &hidden).code(), ::postern::StatusCode::kNotFound);
}

TEST_P(StoreTest, ReportsAreListedWithReasonsAndAppealsAreRead) {
  ShareWrite s = MakeShare(Decision::kApproved, "ann");
  ASSERT_TRUE(store_->InsertShare(s).ok());
  FeedPost p;
  ASSERT_TRUE(store_->UpsertFeedPost(s.share.id, &p).ok());
  std::vector<UserReport> reports;
  ASSERT_TRUE(store_->ListReports(s.share.id, 10, &reports).ok());
  EXPECT_TRUE(reports.empty());
  std::string sid;
  int distinct = 0;
  bool hidden = false;
  ASSERT_TRUE(store_->ReportPost(p.id, "r1", "spam", 5, &sid, &distinct, &hidden).ok());
  ASSERT_TRUE(store_->ReportPost(p.id, "r2", "stolen", 5, &sid, &distinct, &hidden).ok());
  ASSERT_TRUE(store_->ListReports(s.share.id, 10, &reports).ok());
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].reporter_id + ":" + reports[0].reason, "r1:spam");
  EXPECT_EQ(reports[1].reporter_id + ":" + reports[1].reason, "r2:stolen");
  EXPECT_EQ(reports[1].share_id, s.share.id);
  reports.clear();
  ASSERT_TRUE(store_->ListReports(s.share.id, 1, &reports).ok());
  EXPECT_EQ(reports.size(), 1u);

  bool found = true;
  AppealRecord appeal;
  ASSERT_TRUE(store_->GetAppeal("ann", &found, &appeal).ok());
  EXPECT_FALSE(found);
  ShareWrite bad = MakeShare(Decision::kRejected, "ann");
  ASSERT_TRUE(store_->InsertShare(bad).ok());
  ReviewOutcome out;
  ASSERT_TRUE(store_->ResolveReview(Resolve(bad, ReviewAction::kConfirm, "rita"), &out).ok());
  std::string appealed;
  ASSERT_TRUE(store_->Appeal("ann", &appealed).ok());
  ASSERT_TRUE(store_->GetAppeal("ann", &found, &appeal).ok());
  EXPECT_TRUE(found);
  EXPECT_EQ(appeal.share_id, bad.share.id);
  EXPECT_GT(appeal.created_at, 0);
}

TEST_P(StoreTest, FeedOrderAndCursorPaging) {
  std::vector<std::string> posts;
  for (int i = 0; i < 5; ++i) {
    ShareWrite s = MakeShare(Decision::kApproved);
    ASSERT_TRUE(store_->InsertShare(s).ok());
    FeedPost p;
    ASSERT_TRUE(store_->UpsertFeedPost(s.share.id, &p).ok());
    FeedPost again;
    ASSERT_TRUE(store_->UpsertFeedPost(s.share.id, &again).ok());
    EXPECT_EQ(again.id, p.id);  // idempotent per share
    posts.push_back(p.id);
  }
  ASSERT_TRUE(store_->UpdateFeedPost(posts[1], FeedAction::kFeature, "carl").ok());
  ASSERT_TRUE(store_->UpdateFeedPost(posts[3], FeedAction::kHide, "carl").ok());
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
  EXPECT_EQ(store_->UpdateFeedPost("post_nope", FeedAction::kHide, "carl").code(), ::postern::StatusCode::kNotFound);
}

// Issue 14's admin reads: check statistics, extension rows by kind, filtered audit.
TEST_P(StoreTest, CheckStatsCountByModeAndVerdictAndTakeLatencyFromTheNewest) {
  for (int i = 1; i <= 100; ++i) {
    ShareWrite w = MakeShare(Decision::kApproved);
    w.share.checks[0].ms = i;  // image_guard: 1 ms .. 100 ms, oldest first
    CheckRecord shadow;
    shadow.plugin = "text_policy";
    shadow.mode = CheckMode::kShadow;
    shadow.verdict = i % 4 == 0 ? Verdict::kReject : Verdict::kAllow;
    shadow.failed = i == 7;
    shadow.ms = 2;
    w.share.checks.push_back(shadow);
    ASSERT_TRUE(store_->InsertShare(w).ok());
  }
  std::vector<PluginCheckStats> all;
  ASSERT_TRUE(store_->CheckStats(1000, &all).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].plugin, "image_guard");  // by name
  EXPECT_EQ(all[0].verdicts, json({{"enforce", {{"allow", 100}}}}));
  EXPECT_EQ(all[0].latency_samples, 100);
  EXPECT_DOUBLE_EQ(all[0].latency_mean_ms, 50.5);
  EXPECT_DOUBLE_EQ(all[0].latency_p50_ms, 50);
  EXPECT_DOUBLE_EQ(all[0].latency_p95_ms, 95);
  EXPECT_EQ(all[1].verdicts, json({{"shadow", {{"allow", 75}, {"reject", 25}}}}));
  EXPECT_EQ(all[1].failed, 1);
  std::vector<PluginCheckStats> recent;
  ASSERT_TRUE(store_->CheckStats(10, &recent).ok());
  EXPECT_EQ(recent[0].latency_samples, 10);
  EXPECT_DOUBLE_EQ(recent[0].latency_p50_ms, 95);   // the newest ten: 91 .. 100 ms
  EXPECT_DOUBLE_EQ(recent[0].latency_mean_ms, 95.5);
  EXPECT_EQ(recent[0].verdicts["enforce"]["allow"], 100);  // counts still cover every check
}

TEST_P(StoreTest, RecordsAreCountedPerKindOfOneExtension) {
  int added = 0;
  ASSERT_TRUE(store_->AppendRecords("hash_match", {{0, "partner", "aa", {}, "", 0}, {0, "partner", "bb", {}, "", 0},
                                                   {0, "confirmed", "aa", {}, "", 0}}, "ada", &added).ok());
  ASSERT_TRUE(store_->AppendRecords("other", {{0, "partner", "cc", {}, "", 0}}, "ada", &added).ok());
  std::vector<std::pair<std::string, int64_t>> kinds;
  ASSERT_TRUE(store_->CountRecordsByKind("hash_match", &kinds).ok());
  EXPECT_EQ(kinds, (std::vector<std::pair<std::string, int64_t>>{{"confirmed", 1}, {"partner", 2}}));
  kinds.clear();
  ASSERT_TRUE(store_->CountRecordsByKind("nobody", &kinds).ok());
  EXPECT_TRUE(kinds.empty());
}

TEST_P(StoreTest, AuditFiltersBindTheirValuesAndPageWithACursor) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store_->Audit("ada", "review.confirm", "shr_" + std::to_string(i), {}).ok());
  ASSERT_TRUE(store_->Audit("ada", "reviewer.note", "shr_0", {}).ok());
  ASSERT_TRUE(store_->Audit("x' OR '1'='1", "feed.hide", "post_1", {{"n", 1}}).ok());
  auto list = [&](const AuditFilter& f, int limit, const std::string& cursor, std::string* next) {
    std::vector<json> out;
    next->clear();
    Status st = store_->ListAudit(f, Page{limit, cursor}, &out, next);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  };
  std::string next;
  AuditFilter review;
  review.action_prefix = "review.";  // a prefix, not a pattern: "reviewer.note" is not in it
  std::vector<std::string> seen;
  std::string cursor;
  do {
    for (const auto& e : list(review, 2, cursor, &next)) seen.push_back(e["target"]);
    cursor = next;
  } while (!cursor.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"shr_4", "shr_3", "shr_2", "shr_1", "shr_0"}));  // newest first
  AuditFilter by_target;
  by_target.target = "shr_0";
  EXPECT_EQ(list(by_target, 10, "", &next).size(), 2u);
  AuditFilter quote;
  quote.actor = "x' OR '1'='1";  // matched as a value, never as SQL
  auto q = list(quote, 10, "", &next);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_EQ(q[0]["detail"]["n"], 1);
  AuditFilter wildcard;
  wildcard.action_prefix = "%";
  EXPECT_TRUE(list(wildcard, 10, "", &next).empty());
  AuditFilter future;
  future.since = NowSeconds() + 60;
  EXPECT_TRUE(list(future, 10, "", &next).empty());
  std::vector<json> out;
  EXPECT_EQ(store_->ListAudit({}, Page{10, "abc"}, &out, &next).code(), StatusCode::kInvalidCursor);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace postern
