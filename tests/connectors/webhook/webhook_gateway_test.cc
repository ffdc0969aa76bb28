// The webhook destination through the whole gateway: the share answers at once with a
// pending delivery, the outbox delivers it in the background, survives a receiver
// outage and a gateway restart, and a dead delivery can be retried by an admin.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "tests/support/deliveries.h"
#include "tests/support/node_process.h"
#include "tests/support/ports.h"
#include "tests/support/test_server.h"
#include "tests/support/webhook_receiver.h"

namespace postern::testing {
namespace {

std::string GatewayYaml(int receiver_port, const std::string& secret) {
  return DeliverToLocalReceiverYaml(receiver_port, secret, 1500, "      connect_timeout_ms: 300\n");
}

class WebhookGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = NodeMissing("standardwebhooks");
    ASSERT_EQ(missing, "") << missing;
    secret_ = RandomWebhookSecret();
  }
  std::unique_ptr<NodeProcess> StartReceiver(int port) {
    return std::make_unique<NodeProcess>(SourceDir() + "/tests/connectors/webhook/receiver.js",
                                         std::vector<std::string>{"--port", std::to_string(port), "--secret", secret_});
  }
  static json Received(const NodeProcess& r) { return json::parse(Http("GET", r.url("/_received")).body); }
  std::string secret_;
};

TEST_F(WebhookGatewayTest, SlowReceiverDoesNotDelayTheShareAndGetsThePostOnce) {
  auto receiver = StartReceiver(0);
  Http("POST", receiver->url("/_mode"), json({{"path", "/hook"}, {"delay_ms", 1000}}).dump());
  TestServer s(TestServer::DefaultPlugins(), GatewayYaml(receiver->port(), secret_));
  s.Start();
  HttpResult r = s.Share("wanda", "a paper boat on a pond", MakeImage(200, 160, ".png", 5));
  ASSERT_EQ(r.status, 200) << r.body;
  json share = r.Json();
  ASSERT_EQ(share["decision"], "approved") << r.body;
  EXPECT_EQ(DeliveryTo(share, "showcase")["status"], "delivered") << r.body;
  EXPECT_EQ(DeliveryTo(share, "webhook")["status"], "pending") << r.body;

  json d = WaitForDelivery(s, share["share_id"], "webhook", "delivered", 20);
  ASSERT_EQ(d["status"], "delivered") << d.dump();
  json got = Received(*receiver);
  ASSERT_EQ(got.size(), 1u) << got.dump();
  EXPECT_TRUE(got[0]["verified"].get<bool>()) << got[0]["error"];
  json body = json::parse(got[0]["body"].get<std::string>());
  EXPECT_EQ(body["data"]["share_id"], share["share_id"]);
  EXPECT_EQ(body["data"]["user_id"], "wanda");
  // The post id is the showcase post's, and the image URL serves the shared image.
  json feed = s.Get("/v1/feed").Json();
  ASSERT_FALSE(feed["items"].empty());
  EXPECT_EQ(body["data"]["post_id"], feed["items"][0]["post_id"]);
  HttpResult img = Http("GET", body["data"]["image_url"]);
  EXPECT_EQ(img.status, 200);
  EXPECT_EQ(img.headers["content-type"], "image/png");
}

TEST_F(WebhookGatewayTest, OutageAndGatewayRestartStillDeliverExactlyOnce) {
  const int port = FreeLoopbackPort();
  TestServer s(TestServer::DefaultPlugins(), GatewayYaml(port, secret_));
  s.Start();
  std::vector<std::string> shares;
  for (int i = 0; i < 5; ++i) {
    HttpResult r = s.Share("otto", "lanterns " + std::to_string(i), MakeImage(96, 96, ".png", 20 + i));
    ASSERT_EQ(r.status, 200) << r.body;
    shares.push_back(r.Json()["share_id"]);
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // a few failed attempts
  json d0 = DeliveryTo(s.Get("/v1/shares/" + shares[0], kProductKey).Json(), "webhook");
  EXPECT_EQ(d0["status"], "pending") << d0.dump();
  s.Restart();
  auto receiver = StartReceiver(port);  // the destination comes back
  for (const auto& id : shares) {
    json d = WaitForDelivery(s, id, "webhook", "delivered", 30);
    EXPECT_EQ(d["status"], "delivered") << id << " " << d.dump();
  }
  json got = Received(*receiver);
  std::set<std::string> ids;
  for (const auto& m : got) {
    EXPECT_TRUE(m["verified"].get<bool>());
    EXPECT_FALSE(m["duplicate"].get<bool>()) << m.dump();
    ids.insert(m["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), shares.size());
}

TEST_F(WebhookGatewayTest, RejectedDeliveryIsDeadUntilAnAdminRetriesIt) {
  auto receiver = StartReceiver(0);
  Http("POST", receiver->url("/_mode"), json({{"path", "/hook"}, {"status", 422}, {"times", -1}}).dump());
  TestServer s(TestServer::DefaultPlugins(), GatewayYaml(receiver->port(), secret_));
  s.Start();
  HttpResult r = s.Share("dora", "a fox in snow", MakeImage(120, 90, ".png", 9));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string share_id = r.Json()["share_id"];
  json d = WaitForDelivery(s, share_id, "webhook", "dead", 20);
  ASSERT_EQ(d["status"], "dead") << d.dump();

  json dead = s.Get("/v1/admin/deliveries?status=dead&limit=50", kAdminKey).Json();
  std::string delivery_id;
  for (const auto& item : dead["items"]) {
    if (item["share_id"] == share_id && item["destination"] == "webhook") {
      delivery_id = item["id"];
      EXPECT_NE(item["last_error"].get<std::string>().find("HTTP 422"), std::string::npos) << item.dump();
    }
  }
  ASSERT_FALSE(delivery_id.empty()) << dead.dump();
  Http("POST", receiver->url("/_mode"), json({{"path", "/hook"}}).dump());  // receiver fixed
  HttpResult retry = s.Post("/v1/admin/deliveries/" + delivery_id + "/retry", json::object(), kAdminKey);
  ASSERT_EQ(retry.status, 200) << retry.body;
  d = WaitForDelivery(s, share_id, "webhook", "delivered", 20);
  EXPECT_EQ(d["status"], "delivered") << d.dump();
  int accepted = 0;
  for (const auto& m : Received(*receiver)) accepted += m["status"] == 200;
  EXPECT_EQ(accepted, 1);
}

}  // namespace
}  // namespace postern::testing
