// What the operators' page reads (issue 14), through a real gateway on real SQLite: the
// plugin chain with stored verdict counts and latency, and the audit log's filters.
#include <gtest/gtest.h>

#include "gateway/base/util.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

TEST(AdminConsoleApiTest, PluginChainCarriesStoredVerdictsAndLatencyThatOutliveARestart) {
  TestServer s(R"(
  - name: image_guard
  - name: account_standing
    mode: shadow
)");
  s.Start();
  json before = s.Get("/v1/admin/plugins", kAdminKey).Json();
  ASSERT_EQ(before["plugins"].size(), 2u) << before.dump();
  EXPECT_EQ(before["plugins"][0]["stats"]["verdicts"], json::object());
  EXPECT_EQ(before["plugins"][0]["stats"]["latency_ms"]["samples"], 0);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(s.Share("u" + std::to_string(i), "a kite", MakeImage(40, 40, ".png", i)).status, 200);
  s.Restart();  // the numbers come from the store, not from this process's memory
  json j = s.Get("/v1/admin/plugins", kAdminKey).Json();
  EXPECT_GT(j["latency_window"], 0);
  const json& guard = j["plugins"][0];
  EXPECT_EQ(guard["name"], "image_guard");
  EXPECT_EQ(guard["stats"]["verdicts"], json({{"enforce", {{"allow", 3}}}}));
  EXPECT_EQ(guard["stats"]["failed"], 0);
  const json& lat = guard["stats"]["latency_ms"];
  EXPECT_EQ(lat["samples"], 3);
  EXPECT_GT(lat["mean"].get<double>(), 0.0);
  EXPECT_LE(lat["p50"].get<double>(), lat["p95"].get<double>());
  const json& standing = j["plugins"][1];
  EXPECT_EQ(standing["mode"], "shadow");
  EXPECT_EQ(standing["stats"]["verdicts"], json({{"shadow", {{"allow", 3}}}}));
  EXPECT_EQ(s.Get("/v1/admin/plugins", kReviewerKey).status, 403);
}

TEST(AdminConsoleApiTest, AuditFiltersByActorActionPrefixTargetAndSinceAndPages) {
  TestServer s;
  s.Start();
  ASSERT_EQ(s.Share("ann", "a harbour", MakeImage(40, 40)).status, 200);
  const std::string post = s.Get("/v1/feed").Json()["items"][0]["post_id"];
  for (const char* action : {"feature", "hide", "unhide", "unfeature"})
    ASSERT_EQ(s.Post("/v1/feed/" + post + "/" + action, json::object(), kCuratorKey).status, 200);
  HttpResult rep = s.Post("/v1/reports", {{"post_id", post}, {"reporter_id", "rep<b>1</b>"}, {"reason", "<i>spam</i>"}},
                          kProductKey);
  ASSERT_EQ(rep.status, 200) << rep.body;
  auto items = [&](const std::string& query) {
    HttpResult r = s.Get("/v1/admin/audit?" + query, kAdminKey);
    EXPECT_EQ(r.status, 200) << query << " " << r.body;
    return r.Json()["items"];
  };
  json curator = items("actor=carl-curator");
  ASSERT_EQ(curator.size(), 4u) << curator.dump();
  EXPECT_EQ(curator[0]["action"], "feed.unfeature");  // newest first
  json feed = items("action=feed.&target=" + post);
  EXPECT_EQ(feed.size(), 4u);
  EXPECT_EQ(items("action=feed.hid").size(), 1u);
  json report = items("actor=rep%3Cb%3E1%3C%2Fb%3E");  // markup is data: stored and matched as it is
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0]["detail"]["reason"], "<i>spam</i>");
  EXPECT_TRUE(items("target=nothing").empty());
  EXPECT_TRUE(items("since=" + IsoTime(NowSeconds() + 3600)).empty());
  EXPECT_EQ(items("since=" + IsoTime(NowSeconds() - 3600) + "&actor=carl-curator").size(), 4u);
  EXPECT_EQ(items("since=2000-01-01T00:00:00.123Z&actor=carl-curator").size(), 4u);  // what the page sends

  // Pages of two follow the cursor to the end without repeats or gaps.
  std::vector<std::string> pages;
  std::string cursor;
  int rounds = 0;
  do {
    json j = s.Get("/v1/admin/audit?actor=carl-curator&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor),
                   kAdminKey).Json();
    for (const auto& e : j["items"]) pages.push_back(e["action"]);
    cursor = j["next_cursor"].is_null() ? "" : j["next_cursor"].get<std::string>();
  } while (!cursor.empty() && ++rounds < 10);
  EXPECT_EQ(pages, (std::vector<std::string>{"feed.unfeature", "feed.unhide", "feed.hide", "feed.feature"}));

  for (const char* bad : {"since=yesterday", "since=2026-13-01T00:00:00Z", "cursor=abc", "cursor=-5", "limit=0"}) {
    HttpResult r = s.Get(std::string("/v1/admin/audit?") + bad, kAdminKey);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }
  EXPECT_EQ(s.Get("/v1/admin/audit", kCuratorKey).status, 403);
}

TEST(AdminConsoleApiTest, AdminPageIsServedWithItsScript) {
  TestServer s;
  s.Start();
  HttpResult page = s.Get("/admin");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("/web/admin.js"), std::string::npos);
  HttpResult js = s.Get("/web/admin.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body.find("innerHTML"), std::string::npos);  // user text is only ever textContent
}

}  // namespace
}  // namespace postern::testing
