// The feed and media answered from memory: ETag/304 and Cache-Control, invalidation by
// this instance's writes at once and by another instance's within a second (two real
// gateways on one database), and config reloads that reach every instance.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string PostOf(const TestServer& s, const std::string& user, int seed) {
  HttpResult r = s.Share(user, "a quiet harbour", MakeImage(64, 64, ".png", seed));
  EXPECT_EQ(r.status, 200) << r.body;
  const json feed = s.Get("/v1/feed?limit=100").Json();
  for (const auto& p : feed["items"])
    if (p["user_id"] == user) return p["post_id"];
  return "";
}

// Milliseconds until `done` holds (polled every 10 ms), or -1 after 5 s.
template <typename F>
double MsUntil(F done) {
  const auto t0 = Clock::now();
  while (Clock::now() - t0 < std::chrono::seconds(5)) {
    if (done()) return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

TEST(FeedCacheTest, FeedAndMediaRevalidateWithEtagsAndFollowCuratorChanges) {
  TestServer s;
  s.Start();
  const std::string a = PostOf(s, "ann", 3), b = PostOf(s, "ben", 5);
  ASSERT_FALSE(b.empty());

  HttpResult first = s.Get("/v1/feed");
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.headers["etag"];
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first.headers["cache-control"], "public, max-age=1, must-revalidate");
  HttpResult again = Http("GET", s.url("/v1/feed"), "", "", {"If-None-Match: " + etag});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.headers["etag"], etag);
  EXPECT_EQ(Http("GET", s.url("/v1/feed"), "", "", {"If-None-Match: \"other\", W/" + etag}).status, 304);
  EXPECT_EQ(Http("GET", s.url("/v1/feed"), "", "", {"If-None-Match: \"other\""}).status, 200);
  EXPECT_EQ(s.Get("/v1/feed?limit=1").headers["etag"] == etag, false) << "each page has its own tag";

  const std::string image_url = s.Get("/v1/feed/" + b).Json()["image_url"];
  HttpResult media = Http("GET", image_url);
  ASSERT_EQ(media.status, 200);
  EXPECT_EQ(media.headers["cache-control"], "public, max-age=86400, immutable");
  EXPECT_EQ(Http("GET", image_url, "", "", {"If-None-Match: " + media.headers["etag"]}).status, 304);
  EXPECT_EQ(Http("GET", image_url, "", kCuratorKey).headers["cache-control"], "private, no-store");

  // A curator's change on this instance shows on the very next read.
  ASSERT_EQ(s.Post("/v1/feed/" + b + "/hide", json::object(), kCuratorKey).status, 200);
  HttpResult after = Http("GET", s.url("/v1/feed"), "", "", {"If-None-Match: " + etag});
  ASSERT_EQ(after.status, 200);
  EXPECT_NE(after.headers["etag"], etag);
  EXPECT_EQ(after.Json()["items"].size(), 1u);
  EXPECT_EQ(Http("GET", image_url).status, 404);
  ASSERT_EQ(s.Patch("/v1/feed/" + a, {{"caption", "Harbour at noon"}}, kCuratorKey).status, 200);
  EXPECT_EQ(s.Get("/v1/feed").Json()["items"][0]["caption"], "Harbour at noon");
}

TEST(FeedCacheTest, AnotherInstancesChangesShowWithinASecond) {
  TestServer a;
  a.Start();
  TestServer b;
  b.UseStorage(a.db_path());  // one database (SQLite file or PostgreSQL), two instances
  b.Start();
  const std::string p1 = PostOf(a, "ann", 3), p2 = PostOf(a, "ben", 5);
  ASSERT_FALSE(p2.empty());
  auto items_on_b = [&] { return b.Get("/v1/feed").Json()["items"].size(); };
  ASSERT_EQ(MsUntil([&] { return items_on_b() == 2; }) >= 0, true);  // b's cache now holds 2
  const std::string image_url_b = b.url("/v1/media/" + p2);
  ASSERT_EQ(Http("GET", image_url_b).status, 200);  // and the image

  ASSERT_EQ(a.Post("/v1/feed/" + p2 + "/hide", json::object(), kCuratorKey).status, 200);
  const double hidden_ms = MsUntil([&] { return items_on_b() == 1; });
  EXPECT_GE(hidden_ms, 0);
  EXPECT_LT(hidden_ms, 1000) << "another instance's hide reached this one's cache";
  EXPECT_EQ(Http("GET", image_url_b).status, 404);

  PostOf(a, "cid", 7);  // a new post (delivered to the showcase by a)
  const double new_ms = MsUntil([&] { return items_on_b() == 2; });
  EXPECT_GE(new_ms, 0);
  EXPECT_LT(new_ms, 1000);

  // A reload asked of one instance reaches the other: b re-reads its own (changed) file.
  const std::string before = b.Get("/v1/admin/plugins", kAdminKey).Json()["config_hash"];
  std::string yaml = ReadFile(b.config_path());
  WriteFile(b.config_path(), yaml + "\n# changed by the test\n");
  ASSERT_EQ(a.Post("/v1/admin/reload", json::object(), kAdminKey).status, 200);
  const double reload_ms = MsUntil([&] {
    return b.Get("/v1/admin/plugins", kAdminKey).Json()["config_hash"] != before;
  });
  EXPECT_GE(reload_ms, 0) << ReadFile(b.log_path());
  EXPECT_LT(reload_ms, 2000);
  std::printf("another instance's hide seen after %.0f ms, a new post after %.0f ms, a reload after %.0f ms\n",
              hidden_ms, new_ms, reload_ms);
}

}  // namespace
}  // namespace postern::testing
