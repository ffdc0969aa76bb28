// Curation, public media visibility, admin plugin view, reload and check-config.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include "tests/support/test_server.h"

namespace postern::testing {

static std::string PostOf(const TestServer& s, const std::string& user) {
  s.Share(user, "a quiet harbour", MakeImage(64, 64, ".png", static_cast<int>(user.size()) * 13));
  json feed = s.Get("/v1/feed?limit=100").Json();
  for (const auto& p : feed["items"])
    if (p["user_id"] == user) return p["post_id"];
  return "";
}

static std::vector<std::string> FeedUsers(const TestServer& s) {
  std::vector<std::string> users;
  json feed = s.Get("/v1/feed?limit=100").Json();
  for (const auto& p : feed["items"]) users.push_back(p["user_id"]);
  return users;
}

TEST(CurationTest, FeatureHideCaptionChangeTheFeed) {
  TestServer s;
  s.Start();
  std::string a = PostOf(s, "ann"), b = PostOf(s, "ben"), c = PostOf(s, "cid");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(FeedUsers(s), (std::vector<std::string>{"cid", "ben", "ann"}));  // newest first

  HttpResult f = s.Post("/v1/feed/" + a + "/feature", json::object(), kCuratorKey);
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(f.Json()["featured"], true);
  EXPECT_EQ(FeedUsers(s), (std::vector<std::string>{"ann", "cid", "ben"}));  // featured first

  std::string image_url = s.Get("/v1/feed/" + b).Json()["image_url"];
  EXPECT_EQ(Http("GET", image_url).status, 200);
  ASSERT_EQ(s.Post("/v1/feed/" + b + "/hide", json::object(), kCuratorKey).status, 200);
  EXPECT_EQ(FeedUsers(s), (std::vector<std::string>{"ann", "cid"}));
  EXPECT_EQ(Http("GET", image_url).status, 404);  // hidden posts' images are not public
  EXPECT_EQ(Http("GET", image_url, "", kCuratorKey).status, 200);  // but curators see them
  EXPECT_EQ(Http("GET", image_url, "", kProductKey).status, 404);
  EXPECT_EQ(s.Get("/v1/feed/" + b).status, 404);
  // Curators still see hidden posts.
  EXPECT_EQ(s.Get("/v1/feed?include_hidden=true").status, 401);
  EXPECT_EQ(s.Get("/v1/feed?include_hidden=true", kCuratorKey).Json()["items"].size(), 3u);
  ASSERT_EQ(s.Post("/v1/feed/" + b + "/unhide", json::object(), kCuratorKey).status, 200);
  EXPECT_EQ(Http("GET", image_url).status, 200);

  HttpResult cap = s.Patch("/v1/feed/" + c, {{"caption", "Harbour at noon"}}, kCuratorKey);
  ASSERT_EQ(cap.status, 200) << cap.body;
  EXPECT_EQ(s.Get("/v1/feed/" + c).Json()["caption"], "Harbour at noon");
  EXPECT_EQ(s.Patch("/v1/feed/" + c, {{"caption", 5}}, kCuratorKey).status, 400);
  EXPECT_EQ(s.Post("/v1/feed/" + c + "/hide", json::object(), kProductKey).status, 403);
  EXPECT_EQ(s.Post("/v1/feed/post_nope/hide", json::object(), kCuratorKey).status, 404);
  EXPECT_EQ(s.Post("/v1/feed/" + c + "/explode", json::object(), kCuratorKey).status, 404);

  // Every curator action is in the audit log with who did it.
  json audit = s.Get("/v1/admin/audit", kAdminKey).Json()["items"];
  int curator_actions = 0;
  for (const auto& e : audit) curator_actions += e["actor"] == "carl-curator";
  EXPECT_EQ(curator_actions, 4);
}

TEST(CurationTest, FeedPagesWithCursor) {
  TestServer s;
  s.Start();
  for (int i = 0; i < 5; ++i) s.Share("p" + std::to_string(i), "a kite", MakeImage(32, 32, ".png", i + 1));
  std::vector<std::string> seen;
  std::string cursor;
  for (int guard = 0; guard < 10; ++guard) {
    json page = s.Get("/v1/feed?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor)).Json();
    for (const auto& p : page["items"]) seen.push_back(p["user_id"]);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"p4", "p3", "p2", "p1", "p0"}));
}

TEST(AdminTest, PluginChainIsVisible) {
  TestServer s;
  s.Start();
  json j = s.Get("/v1/admin/plugins", kAdminKey).Json();
  ASSERT_TRUE(j["plugins"].is_array());
  EXPECT_EQ(j["plugins"][0]["name"], "image_guard");
  EXPECT_EQ(j["plugins"][0]["mode"], "enforce");
  EXPECT_EQ(j["plugins"][0]["on_error"], "hold");
  EXPECT_EQ(j["plugins"][0]["config"]["max_width"], 4096);
  EXPECT_EQ(j["plugins"][1]["name"], "account_standing");
}

TEST(AdminTest, ReloadAppliesAGoodConfigAndKeepsRunningOnABadOne) {
  TestServer s;
  s.Start();
  const std::string good = s.ConfigYaml(R"(
  - name: image_guard
    config: {max_width: 100, max_height: 100}
  - name: account_standing
    enabled: false
)", "");
  WriteFile(s.config_path(), good);
  HttpResult r = s.Post("/v1/admin/reload", json::object(), kAdminKey);
  ASSERT_EQ(r.status, 200) << r.body;
  json plugins = s.Get("/v1/admin/plugins", kAdminKey).Json()["plugins"];
  EXPECT_EQ(plugins[0]["config"]["max_width"], 100);
  EXPECT_EQ(plugins[1]["enabled"], false);
  EXPECT_EQ(s.Share("u", "x", MakeImage(200, 50)).status, 413);  // new limit in force

  WriteFile(s.config_path(), good + "\nbogus_key: 1\n");
  HttpResult bad = s.Post("/v1/admin/reload", json::object(), kAdminKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Json()["error"]["code"], "invalid_config");
  EXPECT_NE(bad.body.find("bogus_key: unknown key"), std::string::npos) << bad.body;
  EXPECT_EQ(s.Get("/v1/admin/plugins", kAdminKey).Json()["plugins"][0]["config"]["max_width"], 100);

  // SIGHUP: a bad file is ignored, a good one applied.
  s.Signal(SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(s.Running());
  WriteFile(s.config_path(), s.ConfigYaml(TestServer::DefaultPlugins(), ""));
  s.Signal(SIGHUP);
  for (int i = 0; i < 40; ++i) {
    if (s.Get("/v1/admin/plugins", kAdminKey).Json()["plugins"][0]["config"]["max_width"] == 4096) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(s.Get("/v1/admin/plugins", kAdminKey).Json()["plugins"][0]["config"]["max_width"], 4096);
}

TEST(AdminTest, BrokenConfigNeverStarts) {
  TestServer s;
  WriteFile(s.config_path(), "plugins: [{name: image_guard, mode: sometimes}]\n");
  EXPECT_THROW(s.Start(), std::runtime_error);
}

TEST(AdminTest, HostileConfigsNeverKillARunningServer) {
  TestServer s;
  s.Start();
  const std::string good = ReadFile(s.config_path());
  const std::string hash = s.Get("/v1/admin/plugins", kAdminKey).Json()["config_hash"];
  const std::vector<std::string> hostile = {"- a\n- b\n", "word\n", "a: &a [*a]\n", "server: {}\nserver: {}\n",
                                           std::string("\xff\x00\x01binary", 9), "a: " + std::string(200, '[') + "\n"};
  for (const std::string& bad : hostile) {
    WriteFile(s.config_path(), bad);
    HttpResult r = s.PostRaw("/v1/admin/reload", "", kAdminKey);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], "invalid_config");
    s.Signal(SIGHUP);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(s.Running()) << "died on " << bad;
    EXPECT_EQ(s.Get("/v1/admin/plugins", kAdminKey).Json()["config_hash"], hash);  // the old one serves
  }
  WriteFile(s.config_path(), good);
  EXPECT_EQ(s.PostRaw("/v1/admin/reload", "", kAdminKey).status, 200);
}

TEST(AdminTest, CheckConfigCommandPrintsErrorsWithPaths) {
  TestServer s;
  const char* env = std::getenv("POSTERN_BIN");
  ASSERT_NE(env, nullptr) << "run through ctest";
  const std::string bin = env;
  ASSERT_EQ(access(bin.c_str(), X_OK), 0) << bin << " is not an executable";
  WriteFile(s.config_path(), "plugins:\n  - {name: image_guard, config: {max_width: -1}}\n  - {name: nope}\nconnectors: [{name: showcase}]\n");
  std::string cmd = bin + " check-config " + s.config_path() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  int rc = pclose(p);
  ASSERT_TRUE(WIFEXITED(rc)) << out;
  EXPECT_EQ(WEXITSTATUS(rc), 1) << out;  // "invalid", not 127 "no such command" or a crash
  EXPECT_NE(out.find("plugins[0].config.max_width: -1 is outside"), std::string::npos) << out;
  EXPECT_NE(out.find("plugins[1].name: unknown plugin \"nope\""), std::string::npos) << out;
  EXPECT_EQ(system((bin + " check-config " + SourceDir() + "/config/postern.yaml > /dev/null").c_str()), 0);
}

}  // namespace postern::testing

namespace postern::testing {

TEST(CurationTest, PositionOrdersFeaturedPostsAndCuratorSeesDeliveries) {
  TestServer s;
  s.Start();
  std::string a = PostOf(s, "x1"), b = PostOf(s, "x22");
  ASSERT_EQ(s.Post("/v1/feed/" + a + "/feature", json::object(), kCuratorKey).status, 200);
  ASSERT_EQ(s.Post("/v1/feed/" + b + "/feature", json::object(), kCuratorKey).status, 200);
  EXPECT_EQ(FeedUsers(s), (std::vector<std::string>{"x1", "x22"}));
  HttpResult r = s.Patch("/v1/feed/" + b, {{"position", -5}}, kCuratorKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Json()["position"], -5);
  EXPECT_EQ(FeedUsers(s), (std::vector<std::string>{"x22", "x1"}));
  EXPECT_EQ(s.Patch("/v1/feed/" + b, {{"position", "top"}}, kCuratorKey).status, 400);
  EXPECT_EQ(s.Patch("/v1/feed/" + b, json::object(), kCuratorKey).status, 400);
  json curator = s.Get("/v1/feed?include_hidden=true", kCuratorKey).Json();
  ASSERT_EQ(curator["items"][0]["deliveries"].size(), 1u);
  EXPECT_EQ(curator["items"][0]["deliveries"][0]["destination"], "showcase");
  EXPECT_EQ(curator["items"][0]["deliveries"][0]["status"], "delivered");
  EXPECT_FALSE(s.Get("/v1/feed").Json()["items"][0].contains("deliveries"));  // public view
}

TEST(AdminTest, DeliveriesListAndRetryValidateInput) {
  TestServer s;
  s.Start();
  json j = s.Get("/v1/admin/deliveries?status=delivered", kAdminKey).Json();
  EXPECT_TRUE(j["items"].empty());
  s.Share("y", "a boat", MakeImage(32, 32));
  j = s.Get("/v1/admin/deliveries?status=delivered", kAdminKey).Json();
  ASSERT_EQ(j["items"].size(), 1u);
  const std::string id = j["items"][0]["id"];
  HttpResult retry = s.Post("/v1/admin/deliveries/" + id + "/retry", json::object(), kAdminKey);
  EXPECT_EQ(retry.status, 409);  // only dead deliveries can be retried
  EXPECT_EQ(retry.Json()["error"]["code"], "not_dead");
  EXPECT_EQ(s.Post("/v1/admin/deliveries/dlv_nope/retry", json::object(), kAdminKey).status, 404);
  EXPECT_EQ(s.Get("/v1/admin/deliveries?status=lost", kAdminKey).status, 400);
  EXPECT_EQ(s.Get("/v1/admin/deliveries", kCuratorKey).status, 403);
}

TEST(StaticTest, PagesAreServedAndPathsCannotEscape) {
  TestServer s;
  s.Start();
  HttpResult page = s.Get("/showcase");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(s.Get("/curate").status, 200);
  EXPECT_EQ(s.Get("/web/style.css").headers["content-type"], "text/css; charset=utf-8");
  EXPECT_NE(page.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_EQ(s.Get("/web/..%2Fconfig%2Fpostern.yaml").status, 404);
  EXPECT_EQ(s.Get("/web/.hidden.js").status, 404);
  EXPECT_EQ(s.Get("/web/nothing.exe").status, 404);
}

}  // namespace postern::testing
