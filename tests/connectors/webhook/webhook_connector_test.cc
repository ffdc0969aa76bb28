// The webhook connector against a real receiver (node + the `standardwebhooks`
// reference library): signatures, status mapping, retries, per-endpoint progress.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "connectors/webhook/signer.h"
#include "connectors/webhook/webhook.h"
#include "gateway/connector.h"
#include "gateway/base/util.h"
#include "tests/support/connector_from_config.h"
#include "tests/support/node_process.h"
#include "tests/support/test_server.h"
#include "tests/support/webhook_receiver.h"

namespace postern::testing {
namespace {

std::unique_ptr<Connector> MakeWebhook(const json& config, Status* st) {
  return ConnectorFromConfig("webhook", config, ConnectorDeps{nullptr, nullptr, "http://127.0.0.1:1"}, st);
}

DeliveryRequest Request() {
  DeliveryRequest r;
  r.delivery_id = NewId("dl_");
  r.share_id = NewId("sh_");
  r.user_id = "ursula";
  r.prompt = "a heron in fog";
  r.caption = "Heron, fog — “quiet” morning";
  r.image_url = "http://127.0.0.1:8080/v1/media/" + r.share_id;
  r.created_at = "2026-01-02T03:04:05Z";
  return r;
}

class WebhookConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = NodeMissing("standardwebhooks");
    ASSERT_EQ(missing, "") << missing;
    secret_ = RandomWebhookSecret();
    receiver_ = std::make_unique<NodeProcess>(SourceDir() + "/tests/connectors/webhook/receiver.js",
                                              std::vector<std::string>{"--secret", secret_});
  }
  void Mode(const json& m) { ASSERT_EQ(Http("POST", receiver_->url("/_mode"), m.dump()).status, 200); }
  json Received() { return json::parse(Http("GET", receiver_->url("/_received")).body); }
  json Config(const std::vector<std::string>& paths, int timeout_ms = 2000) {
    json eps = json::array();
    for (const auto& p : paths) eps.push_back({{"url", receiver_->url(p)}, {"secret", secret_}});
    return {{"endpoints", eps}, {"timeout_ms", timeout_ms}, {"connect_timeout_ms", 500}};
  }
  std::string secret_;
  std::unique_ptr<NodeProcess> receiver_;
};

TEST_F(WebhookConnectorTest, ReferenceVerifierAcceptsOurSignatureAndPayload) {
  Status st;
  auto c = MakeWebhook(Config({"/hook"}), &st);
  ASSERT_TRUE(c) << st.ToString();
  DeliveryRequest req = Request();
  DeliveryResult r = c->Deliver(req);
  ASSERT_EQ(r.kind, DeliveryResult::Kind::kDelivered) << r.reason;
  EXPECT_EQ(r.remote_id, req.delivery_id);
  json got = Received();
  ASSERT_EQ(got.size(), 1u) << got.dump();
  EXPECT_TRUE(got[0]["verified"].get<bool>()) << got[0]["error"];
  EXPECT_EQ(got[0]["id"], req.delivery_id);
  EXPECT_EQ(got[0]["content_type"], "application/json");
  json body = json::parse(got[0]["body"].get<std::string>());
  EXPECT_EQ(body["type"], "post.approved");
  EXPECT_EQ(body["data"]["share_id"], req.share_id);
  EXPECT_EQ(body["data"]["caption"], req.caption);
  EXPECT_EQ(body["data"]["user_id"], "ursula");
  EXPECT_EQ(body["data"]["image_url"], req.image_url);
  EXPECT_EQ(body["data"]["created_at"], req.created_at);
  EXPECT_TRUE(body["data"].contains("post_id"));
}

TEST_F(WebhookConnectorTest, SignerMatchesReferenceLibraryOnManyInputs) {
  std::mt19937 rng(42);
  for (int i = 0; i < 20; ++i) {
    std::string secret = RandomWebhookSecret(), key, err;
    ASSERT_TRUE(webhook::ParseSecret(secret, &key, &err)) << err;
    std::string id = "msg_" + std::to_string(rng());
    int64_t ts = 1600000000 + static_cast<int64_t>(rng() % 100000000);
    std::string body = json({{"n", rng()}, {"s", "ünïcödé \"quoted\" " + std::to_string(i)}}).dump();
    json ask = {{"secret", secret}, {"id", id}, {"timestamp", ts}, {"body", body}};
    json ref = json::parse(Http("POST", receiver_->url("/_sign"), ask.dump()).body);
    EXPECT_EQ(webhook::Sign(key, id, ts, body), ref["signature"]) << i;
  }
}

TEST_F(WebhookConnectorTest, WrongSecretIsRejectedByTheReceiver) {
  Status st;
  json cfg = Config({"/hook"});
  cfg["endpoints"][0]["secret"] = RandomWebhookSecret();  // not the receiver's
  auto c = MakeWebhook(cfg, &st);
  ASSERT_TRUE(c) << st.ToString();
  DeliveryResult r = c->Deliver(Request());
  EXPECT_EQ(r.kind, DeliveryResult::Kind::kPermanent) << r.reason;  // 401
  EXPECT_NE(r.reason.find("HTTP 401"), std::string::npos) << r.reason;
  json got = Received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0]["verified"].get<bool>());
}

TEST_F(WebhookConnectorTest, StatusCodesMapToRetryOrPermanent) {
  Status st;
  auto c = MakeWebhook(Config({"/m"}), &st);
  ASSERT_TRUE(c) << st.ToString();
  struct Case { int status; json retry_after; DeliveryResult::Kind kind; int want_after; };
  const std::vector<Case> cases = {
      {503, 7, DeliveryResult::Kind::kRetry, 7},
      {500, nullptr, DeliveryResult::Kind::kRetry, -1},
      {502, nullptr, DeliveryResult::Kind::kRetry, -1},
      {429, 120, DeliveryResult::Kind::kRetry, 120},
      {408, nullptr, DeliveryResult::Kind::kRetry, -1},
      {400, nullptr, DeliveryResult::Kind::kPermanent, -1},
      {404, nullptr, DeliveryResult::Kind::kPermanent, -1},
      {410, nullptr, DeliveryResult::Kind::kPermanent, -1},
      {301, nullptr, DeliveryResult::Kind::kPermanent, -1},
      {204, nullptr, DeliveryResult::Kind::kDelivered, -1},
  };
  for (const auto& k : cases) {
    json m = {{"path", "/m"}, {"status", k.status}, {"times", 1}};
    if (!k.retry_after.is_null()) m["retry_after"] = k.retry_after;
    Mode(m);
    DeliveryResult r = c->Deliver(Request());
    EXPECT_EQ(r.kind, k.kind) << k.status << " " << r.reason;
    if (k.kind == DeliveryResult::Kind::kRetry) EXPECT_EQ(r.retry_after_s, k.want_after) << k.status;
  }
}

TEST_F(WebhookConnectorTest, RetryAfterAsHttpDateIsHonoured) {
  Status st;
  auto c = MakeWebhook(Config({"/d"}), &st);
  ASSERT_TRUE(c);
  char date[64];
  time_t when = time(nullptr) + 90;
  strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime(&when));
  Mode({{"path", "/d"}, {"status", 503}, {"retry_after", date}, {"times", 1}});
  DeliveryResult r = c->Deliver(Request());
  ASSERT_EQ(r.kind, DeliveryResult::Kind::kRetry);
  EXPECT_GE(r.retry_after_s, 85);
  EXPECT_LE(r.retry_after_s, 91);
}

TEST_F(WebhookConnectorTest, ConnectionRefusedAndTimeoutAreRetried) {
  Status st;
  json cfg = Config({"/slow"}, 300);
  cfg["endpoints"].push_back({{"url", "http://127.0.0.1:1/hook"}, {"secret", secret_}});
  auto c = MakeWebhook(cfg, &st);
  ASSERT_TRUE(c);
  Mode({{"path", "/slow"}, {"delay_ms", 3000}});
  auto t0 = std::chrono::steady_clock::now();
  DeliveryResult r = c->Deliver(Request());
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.kind, DeliveryResult::Kind::kRetry) << r.reason;
  EXPECT_NE(r.reason.find("timed out"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("127.0.0.1:1/hook"), std::string::npos) << r.reason;
  EXPECT_LT(s, 2.5) << "the call timeout was not applied";
}

TEST_F(WebhookConnectorTest, RetryGoesOnlyToEndpointsThatHaveNotAccepted) {
  Status st;
  auto c = MakeWebhook(Config({"/a", "/b"}), &st);
  ASSERT_TRUE(c);
  Mode({{"path", "/b"}, {"status", 503}, {"times", 2}});
  DeliveryRequest req = Request();
  for (int attempt = 1; attempt <= 2; ++attempt) {
    req.attempt = attempt;
    DeliveryResult r = c->Deliver(req);
    EXPECT_EQ(r.kind, DeliveryResult::Kind::kRetry) << r.reason;
    EXPECT_NE(r.reason.find("/b: HTTP 503"), std::string::npos) << r.reason;
    EXPECT_EQ(r.reason.find("/a"), std::string::npos) << r.reason;
  }
  req.attempt = 3;
  DeliveryResult r = c->Deliver(req);
  ASSERT_EQ(r.kind, DeliveryResult::Kind::kDelivered) << r.reason;
  int a = 0, b_ok = 0, b_all = 0;
  for (const auto& m : Received()) {
    EXPECT_TRUE(m["verified"].get<bool>());
    EXPECT_EQ(m["id"], req.delivery_id);  // same webhook-id on every attempt
    EXPECT_FALSE(m["duplicate"].get<bool>());
    if (m["path"] == "/a") ++a;
    if (m["path"] == "/b") { ++b_all; b_ok += m["status"] == 200; }
  }
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b_all, 3);
  EXPECT_EQ(b_ok, 1);
}

TEST_F(WebhookConnectorTest, OneRejectingEndpointFailsTheDeliveryOnlyWhenNothingIsLeftToRetry) {
  Status st;
  auto c = MakeWebhook(Config({"/ok", "/gone", "/busy"}), &st);
  ASSERT_TRUE(c);
  Mode({{"path", "/gone"}, {"status", 410}, {"times", -1}});
  Mode({{"path", "/busy"}, {"status", 429}, {"retry_after", 30}, {"times", 1}});
  DeliveryRequest req = Request();
  DeliveryResult r1 = c->Deliver(req);
  EXPECT_EQ(r1.kind, DeliveryResult::Kind::kRetry) << r1.reason;
  EXPECT_EQ(r1.retry_after_s, 30);
  DeliveryResult r2 = c->Deliver(req);
  EXPECT_EQ(r2.kind, DeliveryResult::Kind::kPermanent) << r2.reason;
  EXPECT_NE(r2.reason.find("/gone: HTTP 410"), std::string::npos) << r2.reason;
  int ok = 0;
  for (const auto& m : Received()) ok += m["path"] == "/ok";
  EXPECT_EQ(ok, 1);
}

TEST_F(WebhookConnectorTest, ReasonsNameTheEndpointWithoutItsCredentials) {
  Status st;
  const std::string hook = receiver_->url("/hook");  // http://127.0.0.1:N/hook
  json cfg = Config({});
  cfg["endpoints"].push_back({{"url", "http://ops:pa55word@" + hook.substr(7) + "?token=t0ken"}, {"secret", secret_}});
  auto c = MakeWebhook(cfg, &st);
  ASSERT_TRUE(c) << st.ToString();
  Mode({{"path", "/hook"}, {"status", 503}, {"times", 1}});
  DeliveryResult r = c->Deliver(Request());
  ASSERT_EQ(r.kind, DeliveryResult::Kind::kRetry) << r.reason;
  EXPECT_EQ(r.reason, hook + ": HTTP 503");
}

TEST_F(WebhookConnectorTest, BadConfigIsRefusedWithTheField) {
  Status st;
  EXPECT_FALSE(MakeWebhook({{"endpoints", {{{"url", "ftp://x"}, {"secret", secret_}}}}}, &st));
  EXPECT_NE(st.message().find("endpoints[0].url"), std::string::npos) << st.message();
  EXPECT_FALSE(MakeWebhook({{"endpoints", {{{"url", "http://x"}, {"secret", "whsec_notbase64!"}}}}}, &st));
  EXPECT_NE(st.message().find("endpoints[0].secret"), std::string::npos) << st.message();
  EXPECT_FALSE(MakeWebhook({{"endpoints", {{{"url", "http://x"}, {"secret", "whsec_" + Base64("short")}}}}}, &st));
  EXPECT_NE(st.message().find("24..64"), std::string::npos) << st.message();
  EXPECT_FALSE(MakeWebhook({{"endpoints", {{{"url", "http://x"}, {"secret_env", "POSTERN_TEST_UNSET_VAR"}}}}}, &st));
  EXPECT_NE(st.message().find("POSTERN_TEST_UNSET_VAR"), std::string::npos) << st.message();
  EXPECT_FALSE(MakeWebhook({{"endpoints", json::array()}}, &st));
  setenv("POSTERN_TEST_WEBHOOK_SECRET", secret_.c_str(), 1);
  EXPECT_TRUE(MakeWebhook({{"endpoints", {{{"url", "http://x"}, {"secret_env", "POSTERN_TEST_WEBHOOK_SECRET"}}}}}, &st))
      << st.ToString();
}

// Defaults live only in the schema: a minimal config, once validated, parses to them.
TEST(WebhookConfig, MinimalConfigParsesToTheSchemaDefaults) {
  std::vector<std::string> errors;
  const json valid = ValidateConfig(webhook::WebhookSchema(), {{"endpoints", {{{"url", "https://a.example/in"}}}}},
                                    "config", &errors);
  ASSERT_TRUE(errors.empty()) << errors[0];
  const webhook::WebhookConfig c = webhook::ParseWebhookConfig(valid);
  ASSERT_EQ(c.endpoints.size(), 1u);
  EXPECT_EQ(c.endpoints[0].url, "https://a.example/in");
  EXPECT_EQ(c.endpoints[0].secret, "");
  EXPECT_EQ(c.endpoints[0].secret_env, "");
  EXPECT_EQ(c.connect_timeout_ms, 2000);
  EXPECT_EQ(c.timeout_ms, 10000);
  EXPECT_EQ(c.max_retry_after_s, 86400);
  EXPECT_EQ(c.event_type, "post.approved");
}

}  // namespace
}  // namespace postern::testing
