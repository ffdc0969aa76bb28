// The Instagram connector against a fake Graph API (tests/connectors/instagram/
// fake_graph.js) that follows the documented content-publishing contract.
#include <gtest/gtest.h>

#include <chrono>

#include "connectors/instagram/instagram.h"
#include "gateway/connector.h"
#include "gateway/base/util.h"
#include "tests/support/connector_from_config.h"
#include "tests/support/node_process.h"
#include "tests/support/test_server.h"

namespace postern::testing {
namespace {

const char* kUser = "17841400000000001";

class InstagramConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = NodeMissing("standardwebhooks");  // any: proves node_modules are there
    ASSERT_EQ(missing, "") << missing;
    token_ = NewId("EAAG");
    setenv("POSTERN_TEST_IG_TOKEN", token_.c_str(), 1);
    graph_ = std::make_unique<NodeProcess>(SourceDir() + "/tests/connectors/instagram/fake_graph.js",
                                           std::vector<std::string>{"--token", token_, "--user", kUser});
  }
  json Config() const {
    return {{"graph_base_url", graph_->url("/v21.0")}, {"ig_user_id", kUser},
            {"access_token_env", "POSTERN_TEST_IG_TOKEN"}, {"timeout_ms", 800},
            {"connect_timeout_ms", 300}, {"poll_initial_ms", 20}, {"poll_max_interval_ms", 80},
            {"poll_budget_ms", 600}, {"quota_retry_after_s", 1234}, {"rate_limit_retry_after_s", 77}};
  }
  std::unique_ptr<Connector> Make(const json& config, Status* st = nullptr) {
    Status ignored;
    return ConnectorFromConfig("instagram", config, ConnectorDeps{nullptr, nullptr, "http://127.0.0.1:9"}, st ? st : &ignored);
  }
  DeliveryRequest Request() const {
    DeliveryRequest r;
    r.delivery_id = NewId("dl_");
    r.share_id = NewId("sh_");
    r.user_id = "ingrid";
    r.prompt = "a watercolour of a lighthouse";
    r.caption = "Lighthouse at dawn #watercolour";
    r.image_url = "http://127.0.0.1:9/v1/media/" + r.share_id;
    return r;
  }
  void Control(const json& j) { Http("POST", graph_->url("/_control"), j.dump()); }
  void Fail(const json& j) { Http("POST", graph_->url("/_fail"), j.dump()); }
  json State() { return json::parse(Http("GET", graph_->url("/_state")).body); }
  // Reasons must never carry the token.
  void NoToken(const DeliveryResult& r) {
    EXPECT_EQ(r.reason.find(token_), std::string::npos) << r.reason;
    EXPECT_EQ(r.url.find(token_), std::string::npos);
  }
  std::string token_;
  std::unique_ptr<NodeProcess> graph_;
};

TEST_F(InstagramConnectorTest, PublishesThroughContainerPollAndPublish) {
  Control({{"polls_before_finished", 3}});
  auto c = Make(Config());
  ASSERT_TRUE(c);
  DeliveryRequest req = Request();
  DeliveryResult r = c->Deliver(req);
  ASSERT_EQ(r.kind, DeliveryResult::Kind::kDelivered) << r.reason;
  json st = State();
  ASSERT_EQ(st["media"].size(), 1u);
  const std::string media_id = st["media"].begin().key();
  EXPECT_EQ(r.remote_id, media_id);
  EXPECT_EQ(r.url, st["media"][media_id]["permalink"]);
  ASSERT_EQ(st["containers"].size(), 1u);
  const json& container = st["containers"].begin().value();
  EXPECT_EQ(container["image_url"], req.image_url);
  EXPECT_EQ(container["caption"], req.caption);
  EXPECT_EQ(container["alt_text"], req.prompt);
  std::vector<std::string> ops;
  for (const auto& call : st["calls"]) ops.push_back(call["op"]);
  const std::vector<std::string> want = {"limit", "create", "status", "status", "status", "status", "publish", "permalink"};
  EXPECT_EQ(ops, want);
  for (const auto& call : st["calls"])
    if (call["op"] == "status") EXPECT_NE(call["fields"].get<std::string>().find("status_code"), std::string::npos);
  EXPECT_EQ(st["token_leaks"], 0);
  NoToken(r);
  // Asked again (the gateway lost our answer): same media, nothing new published.
  DeliveryResult again = c->Deliver(req);
  EXPECT_EQ(again.kind, DeliveryResult::Kind::kDelivered);
  EXPECT_EQ(again.remote_id, media_id);
  EXPECT_EQ(State()["media"].size(), 1u);
}

TEST_F(InstagramConnectorTest, UsedUpQuotaDefersWithoutCreatingAContainer) {
  Control({{"quota_usage", 100}, {"quota_total", 100}});
  auto c = Make(Config());
  ASSERT_TRUE(c);
  DeliveryResult r = c->Deliver(Request());
  EXPECT_EQ(r.kind, DeliveryResult::Kind::kRetry);
  EXPECT_EQ(r.retry_after_s, 1234);
  EXPECT_NE(r.reason.find("100 of 100"), std::string::npos) << r.reason;
  EXPECT_TRUE(State()["containers"].empty());
  // The quota comes from the API, not from a constant: a smaller one is honoured too.
  Control({{"quota_usage", 25}, {"quota_total", 25}});
  EXPECT_EQ(c->Deliver(Request()).kind, DeliveryResult::Kind::kRetry);
  Control({{"quota_usage", 24}, {"quota_total", 25}});
  EXPECT_EQ(c->Deliver(Request()).kind, DeliveryResult::Kind::kDelivered);
}

TEST_F(InstagramConnectorTest, QuotaErrorAtPublishAlsoDefers) {
  json cfg = Config();
  cfg["check_quota"] = false;
  Control({{"quota_usage", 50}, {"quota_total", 50}});
  auto c = Make(cfg);
  ASSERT_TRUE(c);
  DeliveryRequest req = Request();
  DeliveryResult r = c->Deliver(req);
  EXPECT_EQ(r.kind, DeliveryResult::Kind::kRetry) << r.reason;
  EXPECT_EQ(r.retry_after_s, 1234);
  EXPECT_NE(r.reason.find("2207042"), std::string::npos) << r.reason;
  Control({{"quota_usage", 0}});
  EXPECT_EQ(c->Deliver(req).kind, DeliveryResult::Kind::kDelivered);
  EXPECT_EQ(State()["containers"].size(), 1u);  // the finished container was reused
}

TEST_F(InstagramConnectorTest, GraphErrorsMapToRetryOrPermanent) {
  auto c = Make(Config());
  ASSERT_TRUE(c);
  struct Case { std::string op; json fail; DeliveryResult::Kind kind; int after; };
  const std::vector<Case> cases = {
      {"create", {{"error", {{"code", 190}, {"message", "Invalid OAuth access token"}}}}, DeliveryResult::Kind::kPermanent, -1},
      {"create", {{"error", {{"code", 100}, {"message", "Invalid parameter"}}}}, DeliveryResult::Kind::kPermanent, -1},
      {"create", {{"error", {{"code", 4}, {"message", "Application request limit reached"}}}}, DeliveryResult::Kind::kRetry, 77},
      {"create", {{"error", {{"code", 17}, {"message", "User request limit reached"}}},
                  {"headers", {{"X-Business-Use-Case-Usage", R"({"1":[{"type":"instagram","estimated_time_to_regain_access":7}]})"}}}},
       DeliveryResult::Kind::kRetry, 420},
      {"create", {{"http_status", 500}, {"error", {{"code", 2}, {"message", "Service temporarily unavailable"}, {"is_transient", true}}}},
       DeliveryResult::Kind::kRetry, -1},
      {"create", {{"http_status", 500}, {"error", {{"code", 1}, {"message", "An unknown error occurred"}}}}, DeliveryResult::Kind::kRetry, -1},
      {"create", {{"error", {{"code", 9004}, {"error_subcode", 2207052}, {"message", "Media download has failed"}}}},
       DeliveryResult::Kind::kRetry, -1},
      {"create", {{"error", {{"code", 100}, {"error_subcode", 2207004}, {"message", "Image too large"}}}},
       DeliveryResult::Kind::kPermanent, -1},
      {"create", {{"http_status", 502}, {"body", "<html>Bad Gateway</html>"}}, DeliveryResult::Kind::kRetry, -1},
      {"limit", {{"error", {{"code", 613}, {"message", "Calls to this api have exceeded the rate limit."}}}},
       DeliveryResult::Kind::kRetry, 77},
      {"publish", {{"error", {{"code", 190}, {"error_subcode", 460}, {"message", "Session invalidated"}}}},
       DeliveryResult::Kind::kPermanent, -1},
  };
  for (const auto& k : cases) {
    json f = k.fail;
    f["op"] = k.op;
    Fail(f);
    DeliveryResult r = c->Deliver(Request());
    EXPECT_EQ(r.kind, k.kind) << k.op << " " << k.fail.dump() << " -> " << r.reason;
    if (k.kind == DeliveryResult::Kind::kRetry) EXPECT_EQ(r.retry_after_s, k.after) << k.fail.dump();
    NoToken(r);
  }
}

TEST_F(InstagramConnectorTest, WrongTokenIsPermanentAndNeverEchoed) {
  setenv("POSTERN_TEST_IG_TOKEN", "EAAGwrong", 1);
  auto c = Make(Config());
  ASSERT_TRUE(c);
  DeliveryResult r = c->Deliver(Request());
  EXPECT_EQ(r.kind, DeliveryResult::Kind::kPermanent);
  EXPECT_NE(r.reason.find("190"), std::string::npos) << r.reason;
  EXPECT_EQ(r.reason.find("EAAGwrong"), std::string::npos) << r.reason;
}

TEST_F(InstagramConnectorTest, LostPublishAnswerDoesNotPublishTwice) {
  Control({{"publish_delay_ms", 2000}});  // publishes, then answers after our 800 ms timeout
  auto c = Make(Config());
  ASSERT_TRUE(c);
  DeliveryRequest req = Request();
  DeliveryResult r1 = c->Deliver(req);
  EXPECT_EQ(r1.kind, DeliveryResult::Kind::kRetry) << r1.reason;
  EXPECT_NE(r1.reason.find("timed out"), std::string::npos) << r1.reason;
  Control({{"publish_delay_ms", 0}});
  req.attempt = 2;
  DeliveryResult r2 = c->Deliver(req);
  EXPECT_EQ(r2.kind, DeliveryResult::Kind::kDelivered) << r2.reason;
  json st = State();
  EXPECT_EQ(st["media"].size(), 1u) << st.dump();
  EXPECT_EQ(st["containers"].size(), 1u);
}

TEST_F(InstagramConnectorTest, SlowContainerIsResumedOnTheNextAttempt) {
  Control({{"polls_before_finished", 1000000}});
  auto c = Make(Config());
  ASSERT_TRUE(c);
  DeliveryRequest req = Request();
  auto t0 = std::chrono::steady_clock::now();
  DeliveryResult r1 = c->Deliver(req);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r1.kind, DeliveryResult::Kind::kRetry) << r1.reason;
  EXPECT_NE(r1.reason.find("IN_PROGRESS"), std::string::npos) << r1.reason;
  EXPECT_LT(s, 3.0) << "polling must stay inside poll_budget_ms";
  int polls = 0;
  const json after_first = State();
  for (const auto& call : after_first["calls"]) polls += call["op"] == "status";
  EXPECT_GE(polls, 3) << after_first.dump();  // backs off, but polls more than once
  EXPECT_LE(polls, 12);  // and not in a tight loop
  Control({{"polls_before_finished", 0}});
  DeliveryResult r2 = c->Deliver(req);
  EXPECT_EQ(r2.kind, DeliveryResult::Kind::kDelivered) << r2.reason;
  json st = State();
  EXPECT_EQ(st["containers"].size(), 1u);
  EXPECT_EQ(st["media"].size(), 1u);
}

TEST_F(InstagramConnectorTest, ExpiredContainerIsReplaced) {
  Control({{"container_outcome", "EXPIRED"}});
  auto c = Make(Config());
  ASSERT_TRUE(c);
  DeliveryRequest req = Request();
  EXPECT_EQ(c->Deliver(req).kind, DeliveryResult::Kind::kRetry);
  Control({{"container_outcome", "FINISHED"}});
  DeliveryResult r = c->Deliver(req);
  EXPECT_EQ(r.kind, DeliveryResult::Kind::kDelivered) << r.reason;
  json st = State();
  EXPECT_EQ(st["containers"].size(), 2u);
  EXPECT_EQ(st["media"].size(), 1u);
}

TEST_F(InstagramConnectorTest, MissingTokenOrUserFailsTheConfig) {
  Status st;
  json cfg = Config();
  cfg["access_token_env"] = "POSTERN_TEST_UNSET_TOKEN";
  EXPECT_FALSE(Make(cfg, &st));
  EXPECT_NE(st.message().find("POSTERN_TEST_UNSET_TOKEN"), std::string::npos) << st.message();
  cfg = Config();
  cfg["ig_user_id"] = "";
  cfg["ig_user_id_env"] = "POSTERN_TEST_UNSET_USER";
  EXPECT_FALSE(Make(cfg, &st));
  EXPECT_NE(st.message().find("ig_user_id"), std::string::npos) << st.message();
  cfg = Config();
  cfg["graph_base_url"] = "file:///etc";
  EXPECT_FALSE(Make(cfg, &st));
}

// Defaults live only in the schema: an empty config, once validated, parses to them.
TEST(InstagramConfig, EmptyConfigParsesToTheSchemaDefaults) {
  std::vector<std::string> errors;
  const json valid = ValidateConfig(instagram::InstagramSchema(), json::object(), "config", &errors);
  ASSERT_TRUE(errors.empty()) << errors[0];
  const instagram::InstagramConfig c = instagram::ParseInstagramConfig(valid);
  EXPECT_EQ(c.graph_base_url, "https://graph.facebook.com/v21.0");
  EXPECT_EQ(c.ig_user_id, "");
  EXPECT_EQ(c.ig_user_id_env, "IG_USER_ID");
  EXPECT_EQ(c.access_token_env, "IG_ACCESS_TOKEN");
  EXPECT_EQ(c.connect_timeout_ms, 3000);
  EXPECT_EQ(c.timeout_ms, 20000);
  EXPECT_EQ(c.poll_initial_ms, 1000);
  EXPECT_EQ(c.poll_max_interval_ms, 10000);
  EXPECT_EQ(c.poll_budget_ms, 30000);
  EXPECT_TRUE(c.check_quota);
  EXPECT_EQ(c.quota_retry_after_s, 3600);
  EXPECT_EQ(c.rate_limit_retry_after_s, 300);
  EXPECT_EQ(c.alt_text, "prompt");
}

}  // namespace
}  // namespace postern::testing
