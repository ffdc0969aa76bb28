// Several gateways on one PostgreSQL and one Redis (issue 11), all real and on loopback:
// 2,000 shares spread over three instances while one of them is killed with SIGKILL and
// restarted; every approved share reaches the webhook receiver under one webhook-id and
// the feed once; a review claim taken on one instance holds on another; a rate limit
// holds across instances; PostgreSQL restarted mid-run gives clean 503s and loses nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "tests/support/node_process.h"
#include "tests/support/paths.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/redis_server.h"
#include "tests/support/test_server.h"
#include "tests/support/webhook_receiver.h"

namespace postern::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string InstanceYaml(int receiver_port, const std::string& secret, const std::string& redis_url) {
  return DeliverToLocalReceiverYaml(receiver_port, secret, 2000) +
         "limits:\n"
         "  per_user: {shares: 5, per_s: 86400}\n"
         "  redis: {url: \"" + redis_url + "\", timeout_ms: 500}\n";
}

class MultiInstanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!PostgresCluster::Installed()) GTEST_FAIL() << "PostgreSQL 15 is missing (scripts/setup test installs it)";
    ASSERT_EQ(RedisMissing(), "");
    ASSERT_EQ(NodeMissing("standardwebhooks"), "");
    setenv("POSTERN_TEST_STORAGE", "postgres", 1);  // every TestServer below stores in PostgreSQL
  }
};

// A share request kept whole so a retry on another instance is the same request.
struct PendingShare {
  std::string body, key;
};

TEST_F(MultiInstanceTest, ThreeInstancesLoseNothingThroughAKillAndDeliverEachShareOnce) {
  RedisServer redis;
  const std::string secret = RandomWebhookSecret();
  NodeProcess receiver(SourceDir() + "/tests/connectors/webhook/receiver.js", {"--secret", secret});
  const std::string yaml = InstanceYaml(receiver.port(), secret, redis.url());
  TestServer a(TestServer::TextPolicyPlugins(), yaml), b(TestServer::TextPolicyPlugins(), yaml),
      c(TestServer::TextPolicyPlugins(), yaml);
  a.Start();
  b.UseStorage(a.db_path());
  c.UseStorage(a.db_path());
  b.Start();
  c.Start();
  TestServer* instances[] = {&a, &b, &c};

  constexpr int kShares = 2000;
  std::vector<PendingShare> shares(kShares);
  const std::string image = Base64(MakeImage(48, 48, ".png", 3));
  for (int i = 0; i < kShares; ++i) {
    // Every 50th prompt is refused by text_policy (zorbleflux): those go to review.
    const std::string prompt = i % 50 == 7 ? "a zorbleflux stall" : "harbour lights " + std::to_string(i);
    shares[i] = {json({{"user_id", "u" + std::to_string(i % 500)}, {"prompt", prompt}, {"image", image}}).dump(),
                 "multi-" + std::to_string(i)};
  }
  std::atomic<int> next{0}, done{0}, retried{0};
  std::mutex mu;
  std::map<std::string, std::string> decision_of;  // share_id -> decision
  std::vector<std::string> failures;
  std::atomic<bool> b_down{false};
  auto client = [&] {
    for (int i; (i = next.fetch_add(1)) < kShares;) {
      for (int attempt = 0;; ++attempt) {
        TestServer* s = instances[(i + attempt) % 3];
        HttpResult r = s->PostRaw("/v1/shares", shares[i].body, kProductKey,
                                  {"Content-Type: application/json", "Idempotency-Key: " + shares[i].key});
        if (r.status == 200) {
          std::lock_guard<std::mutex> lock(mu);
          decision_of[r.Json()["share_id"]] = r.Json()["decision"];
          break;
        }
        // A killed instance (no answer) or a storage hiccup: the same request elsewhere.
        if ((r.status <= 0 || r.status == 503) && attempt < 10) {
          ++retried;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        failures.push_back(std::to_string(r.status) + " " + r.body.substr(0, 200));
        break;
      }
      ++done;
    }
  };
  const auto start = Clock::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) clients.emplace_back(client);
  // b dies mid-run (SIGKILL: no shutdown at all) and comes back a little later.
  while (done < 600) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  b.Signal(SIGKILL);
  b.Stop();  // reaps it
  b_down = true;
  while (done < 1200) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  b.Start();
  for (auto& t : clients) t.join();
  const double share_s = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures[0];
  ASSERT_EQ(decision_of.size(), size_t(kShares)) << "one share per Idempotency-Key, across instances";

  std::set<std::string> approved;
  for (const auto& [id, d] : decision_of)
    if (d == "approved") approved.insert(id);
  EXPECT_EQ(approved.size(), size_t(kShares - kShares / 50));

  // Every approved share reaches the receiver under exactly one webhook-id.
  std::map<std::string, std::set<std::string>> ids_of;
  size_t received = 0;
  int unverified = 0;
  const auto wait_start = Clock::now();
  while (Clock::now() - wait_start < std::chrono::seconds(120)) {
    json got = json::parse(Http("GET", receiver.url("/_received")).body);
    ids_of.clear();
    unverified = 0;
    for (const auto& rec : got) {
      if (!rec["verified"].get<bool>()) { ++unverified; continue; }
      ids_of[json::parse(rec["body"].get<std::string>())["data"]["share_id"]].insert(rec["id"].get<std::string>());
    }
    received = got.size();
    if (ids_of.size() >= approved.size()) break;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  const double deliver_s = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(unverified, 0);
  EXPECT_EQ(ids_of.size(), approved.size()) << "every approved share delivered";
  size_t two_ids = 0;
  for (const auto& [share, ids] : ids_of) {
    EXPECT_TRUE(approved.count(share)) << share << " was not approved";
    two_ids += ids.size() != 1;
  }
  EXPECT_EQ(two_ids, 0u) << "a share delivered under two webhook-ids";
  const std::string db = a.db_path();
  EXPECT_EQ(CountRows(db, "feed_posts"), int64_t(approved.size())) << "each approved share on the feed once";
  EXPECT_EQ(CountRows(db, "deliveries WHERE status <> 'delivered'"), 0);
  std::printf("%d shares over 3 instances (one killed at 600, back at 1200) in %.1f s (%.0f/s), %d retried "
              "elsewhere; %zu webhooks received for %zu approved shares (%zu redelivered under the same id) "
              "after %.1f s\n",
              kShares, share_s, kShares / share_s, retried.load(), received, approved.size(),
              received - ids_of.size(), deliver_s);

  // A review claim taken on one instance holds on another.
  std::string held;
  for (const auto& [id, d] : decision_of)
    if (d != "approved") { held = id; break; }
  ASSERT_FALSE(held.empty());
  ASSERT_EQ(a.Post("/v1/review/" + held + "/claim", json::object(), kReviewerKey).status, 200);
  HttpResult other = c.Post("/v1/review/" + held + "/claim", json::object(), kAdminKey);
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(other.Json()["error"]["code"], "claimed_by_other");

  // One user's limit (5 per window, counted in Redis) holds across the three instances.
  int accepted = 0, limited = 0;
  for (int i = 0; i < 12; ++i) {
    HttpResult r = instances[i % 3]->Post("/v1/shares", {{"user_id", "limited"}, {"prompt", "a kite"}, {"image", image}},
                                          kProductKey);
    accepted += r.status == 200;
    limited += r.status == 429;
  }
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(limited, 7);
}

TEST_F(MultiInstanceTest, PostgresRestartedMidRunGivesClean503sAndLosesNothing) {
  TestServer a, b;
  a.Start();
  b.UseStorage(a.db_path());
  b.Start();
  const std::string image = Base64(MakeImage(48, 48, ".png", 9));
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::set<std::string> stored;             // share ids answered 200
  std::vector<std::string> refused_keys;    // Idempotency-Keys answered 503
  std::map<long, int> statuses;
  std::vector<std::string> bad;
  auto body_of = [&](int n) {
    return json({{"user_id", "p" + std::to_string(n)}, {"prompt", "a pier"}, {"image", image}}).dump();
  };
  auto client = [&](int n) {
    for (int i = 0; !stop; ++i) {
      TestServer& s = (i % 2) ? a : b;
      const std::string key = "pg-restart-" + std::to_string(n) + "-" + std::to_string(i);
      HttpResult r = s.PostRaw("/v1/shares", body_of(n), kProductKey,
                               {"Content-Type: application/json", "Idempotency-Key: " + key});
      std::lock_guard<std::mutex> lock(mu);
      ++statuses[r.status];
      if (r.status == 200) stored.insert(r.Json()["share_id"].get<std::string>());
      else if (r.status == 503 && r.Json()["error"]["code"] == "storage_unavailable" &&
               !r.headers["retry-after"].empty())
        refused_keys.push_back(key);
      else
        bad.push_back(std::to_string(r.status) + " " + r.body.substr(0, 200));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  std::thread t1(client, 1), t2(client, 2);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  PostgresCluster::Shared().Stop();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  PostgresCluster::Shared().Start();
  size_t before_recovery;
  {
    std::lock_guard<std::mutex> lock(mu);
    before_recovery = stored.size();
  }
  std::this_thread::sleep_for(std::chrono::seconds(4));
  stop = true;
  t1.join();
  t2.join();
  EXPECT_TRUE(bad.empty()) << bad.size() << " unexpected answers, first: " << bad[0];
  EXPECT_GT(statuses[503], 0) << "the outage was seen";
  EXPECT_GT(stored.size(), before_recovery) << "shares succeed again without restarting the gateways";
  // What a careful product does with a 503: the same request, same key, once storage is back.
  // A commit whose answer was lost with the connection is replayed under its first id, never
  // stored twice; one that never committed is stored now.
  int replayed = 0;
  for (const auto& key : refused_keys) {
    const int n = key.compare(0, 13, "pg-restart-1-") == 0 ? 1 : 2;
    HttpResult r = a.PostRaw("/v1/shares", body_of(n), kProductKey,
                             {"Content-Type: application/json", "Idempotency-Key: " + key});
    ASSERT_EQ(r.status, 200) << r.body;
    replayed += r.headers["idempotent-replayed"] == "true";
    EXPECT_TRUE(stored.insert(r.Json()["share_id"].get<std::string>()).second) << "a 200 and a retry share an id";
  }
  for (const auto& id : stored) EXPECT_EQ(a.Get("/v1/shares/" + id, kProductKey).status, 200) << id;
  EXPECT_EQ(CountRows(a.db_path(), "shares"), int64_t(stored.size())) << "every stored share was answered to someone";
  EXPECT_EQ(CountRows(a.db_path(), "idempotency"), int64_t(stored.size())) << "one key per share";
  std::printf("PostgreSQL down 3 s under load: %d answers 200, %d answers 503 storage_unavailable; retried with "
              "their keys: %zu stored now, %d had committed before the connection was lost\n",
              statuses[200], statuses[503], refused_keys.size() - replayed, replayed);
}

TEST_F(MultiInstanceTest, AViolationConfirmedOnOneInstanceIsMatchedOnTheNextShareOnAnother) {
  const char* plugins = R"(
  - name: image_guard
  - name: hash_match
  - name: text_policy
    config:
      lists: ["{src}/config/textpolicy"]
      extra_terms: [{term: zorbleflux, category: illegal, action: reject}]
)";
  TestServer a(plugins), b(plugins);
  a.Start();
  b.UseStorage(a.db_path());
  b.Start();
  cv::Mat photo = cv::imread(SharedDir() + "/pdq-vectors/images/bridge-mods/aaa-orig.jpg", cv::IMREAD_COLOR);
  ASSERT_FALSE(photo.empty());
  std::vector<uchar> buf;
  cv::imencode(".jpg", photo, buf);
  const std::string jpeg(buf.begin(), buf.end());
  HttpResult first = a.Share("uploader", "zorbleflux for sale", jpeg);
  ASSERT_EQ(first.Json()["decision"], "rejected") << first.body;
  EXPECT_EQ(b.Share("other", "a bridge", jpeg).Json()["decision"], "approved");  // not banked yet
  ASSERT_EQ(a.Post("/v1/review/" + first.Json()["share_id"].get<std::string>(),
                   {{"action", "confirm"}, {"reason_code", "illegal"}}, kReviewerKey).status, 200);
  const auto confirmed = Clock::now();
  json next = b.Share("again", "a bridge", jpeg).Json();  // b's very next share
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - confirmed).count();
  EXPECT_EQ(next["decision"], "rejected") << next.dump();
  bool by_hash = false;
  for (const auto& r : next["reasons"]) by_hash |= r["plugin"] == "hash_match";
  EXPECT_TRUE(by_hash);
  std::printf("confirmed on A, matched by B's next share, answered %.0f ms after the confirmation\n", ms);
}

}  // namespace
}  // namespace postern::testing
